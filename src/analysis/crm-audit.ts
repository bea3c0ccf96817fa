/**
 * `hefboom crm audit`: how well the CRM is filled in (seed-004 recommends periodic monitoring of
 * registration completeness and uniform registration). Completeness per field, per coach and per
 * employer; every impossible or duplicate value as a finding with its line and trajectory id;
 * inconsistent registration of contact moments between coaches; a summary score per employer.
 * Findings carry ids and lines only — cell contents only for fields that hold dates and numbers.
 */
import type { ContactMoment, CrmData, CrmFinding, Trajectory } from '../model/crm.js';
import { describe } from '../stats/describe.js';
import { quantileSorted } from '../stats/quantile.js';
import { share, type Share } from './share.js';

export type FindingKind = CrmFinding['kind'];

/** Kinds that make a registration wrong rather than incomplete: `--check` fails on them. */
export const ERROR_KINDS: readonly FindingKind[] = [
  'unreadable-value', 'duplicate-trajectory', 'duplicate-contact', 'end-before-start', 'negative-hours',
  'type-out-of-range', 'contact-outside-dates', 'conflicting-values', 'negative-count',
];
/** Every finding kind (CrmFinding['kind']), in the order the audit lists them. */
export const FINDING_KINDS: readonly FindingKind[] = [...ERROR_KINDS, 'missing-value', 'future-date'];

/** Fields whose raw cell may be shown: dates, numbers, codes — never names or free text. */
const SHOWABLE_VALUE_FIELDS = new Set(['start', 'end', 'hours', 'contacts', 'type', 'pitstop', 'final_evaluation', 'status', 'participants', 'recipients', 'contact_date', 'contact_duration', 'contact_participants']);

type Present = (t: Trajectory) => boolean;
type ContactPresent = (c: ContactMoment) => boolean;
const text = (v: string | null) => v !== null && v !== '';

/** Whether a trajectory has a value for a canonical field. Unreadable cells count as absent. */
const TRAJECTORY_PRESENT: Record<string, Present> = {
  trajectory: (t) => t.id !== '',
  location: (t) => text(t.location),
  location_type: (t) => text(t.locationType),
  organiser: (t) => text(t.organiser),
  employer: (t) => text(t.employer),
  coach: (t) => text(t.coach),
  regional_supporter: (t) => text(t.regionalSupporter),
  // A type outside 1–4 is registered (and a finding); only an empty cell is missing.
  type: (t) => Number.isFinite(t.type),
  theme: (t) => text(t.theme),
  memoq: (t) => text(t.memoq),
  start: (t) => Number.isFinite(t.start),
  end: (t) => Number.isFinite(t.end),
  hours: (t) => Number.isFinite(t.hours),
  contacts: (t) => Number.isFinite(t.contactCount),
  pitstop: (t) => t.pitstop !== null,
  final_evaluation: (t) => t.finalEvaluation !== null,
  status: (t) => text(t.statusRaw) || t.status !== null,
  participants: (t) => Number.isFinite(t.participants),
  recipients: (t) => Number.isFinite(t.recipients),
};
const CONTACT_PRESENT: Record<string, ContactPresent> = {
  contact_date: (c) => Number.isFinite(c.date),
  contact_duration: (c) => Number.isFinite(c.hours),
  contact_setting: (c) => c.setting !== null && c.setting !== '',
  contact_participants: (c) => Number.isFinite(c.participants),
};

/** A running trajectory has no end date yet: `end` is expected only once it is no longer `lopend`. */
function applies(field: string, t: Trajectory): boolean {
  return field !== 'end' || t.status !== 'lopend';
}

export interface FieldCompleteness {
  field: string;
  /** `trajectory` fields are counted per trajectory, contact fields per contact moment, attributes per trajectory. */
  unit: 'trajectory' | 'contact';
  kind: 'field' | 'attribute';
  required: boolean;
  /** Filled in, of the units the field applies to (`end`: trajectories not `lopend`). */
  share: Share;
  missing: number;
}

export interface GroupCompleteness {
  group: string | null;
  trajectories: number;
  /** Trajectories with every required field (that applies) filled in. */
  complete: Share;
  /** The required field missing most often in this group, with how often; null when none is missing. */
  mostMissing: { field: string; count: number } | null;
}

export interface AuditFinding {
  kind: FindingKind;
  trajectory: string | null;
  line: number;
  field: string | null;
  /** The raw cell, only for date/number/code fields (privacy). */
  value: string | null;
  /** `reader`: found while reading the export; `audit`: derived from the trajectories. */
  source: 'reader' | 'audit';
  error: boolean;
}

export interface CoachConsistency {
  coach: string;
  contacts: number;
  median: number | null;
  mean: number | null;
  sd: number | null;
  /** sd / mean of the contact durations. */
  cv: number | null;
  /** Contacts more than 50 % away from the coach's own median duration. */
  deviating: Share;
  /** Median of all other coaches' contact durations. */
  othersMedian: number | null;
  /** This coach's median / the others' median. */
  ratio: number | null;
  flag: 'short' | 'long' | null;
}

export interface HoursContactMismatch { trajectory: string; line: number; hours: number | null; contacts: number }

export interface EmployerScore {
  employer: string | null;
  trajectories: number;
  /** Mean over the employer's trajectories of the share of (applicable) required fields filled in. */
  completeness: number | null;
  /** Trajectories with at least one error-kind finding. */
  impossible: Share;
  /** 100 × completeness × (1 − impossible share), rounded to one decimal. */
  score: number | null;
}

export interface AuditOptions {
  /** `--min-completeness`: every required field must reach this share (0–1). */
  minCompleteness?: number;
}

export interface AuditResult {
  trajectories: number;
  contacts: number;
  rows: number;
  required: string[];
  completeness: FieldCompleteness[];
  coaches: GroupCompleteness[];
  employers: GroupCompleteness[];
  findings: AuditFinding[];
  findingCounts: Record<FindingKind, number>;
  consistency: {
    overallMedian: number | null;
    coaches: CoachConsistency[];
    hoursWithoutContacts: HoursContactMismatch[];
    contactsWithoutHours: HoursContactMismatch[];
  };
  scores: EmployerScore[];
  check: { errorFindings: number; belowCompleteness: string[]; minCompleteness: number | null; failed: boolean };
}

/** Coach medians more than this factor above (or below its inverse) the other coaches' median are flagged. */
export const MEDIAN_RATIO_FLAG = 2;
/** A contact deviates when it lies more than this share away from the coach's own median. */
export const DEVIATION_SHARE = 0.5;
/** Coaches with fewer contact durations than this are not compared. */
export const MIN_CONTACTS_TO_COMPARE = 3;

export function crmAudit(data: CrmData, opts: AuditOptions = {}): AuditResult {
  const ts = data.trajectories;
  const required = data.required.filter((f) => TRAJECTORY_PRESENT[f] || CONTACT_PRESENT[f]);
  // Required fields each trajectory lacks, worked out once: findings, groups and scores all use them.
  const missing = new Map<Trajectory, string[]>();
  for (const t of ts) missing.set(t, missingRequired(t, required));
  const findings = collectFindings(data, missing);
  const completeness = fieldCompleteness(data, required);
  const errorTrajectories = new Set(findings.filter((f) => f.error && f.trajectory !== null).map((f) => f.trajectory!));

  const findingCounts = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
  for (const f of findings) findingCounts[f.kind]++;

  const min = opts.minCompleteness;
  const belowCompleteness = min === undefined ? [] : completeness.filter((c) => c.required && c.share.p !== null && c.share.p < min).map((c) => c.field);
  const errorFindings = findings.filter((f) => f.error).length;
  return {
    trajectories: ts.length,
    contacts: ts.reduce((s, t) => s + t.contacts.length, 0),
    rows: data.rows,
    required,
    completeness,
    coaches: groupCompleteness(ts, (t) => t.coach, required, missing),
    employers: groupCompleteness(ts, (t) => t.employer, required, missing),
    findings,
    findingCounts,
    consistency: consistency(ts),
    scores: employerScores(ts, required, missing, errorTrajectories),
    check: { errorFindings, belowCompleteness, minCompleteness: min ?? null, failed: errorFindings > 0 || belowCompleteness.length > 0 },
  };
}

/** Required trajectory fields (that apply) a trajectory lacks; a contact field is missing when any of its contacts lacks it. */
function missingRequired(t: Trajectory, required: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of required) {
    const tp = TRAJECTORY_PRESENT[f];
    if (tp) { if (applies(f, t) && !tp(t)) out.push(f); continue; }
    const cp = CONTACT_PRESENT[f];
    if (cp && t.contacts.some((c) => !cp(c))) out.push(f);
  }
  return out;
}

function fieldCompleteness(data: CrmData, required: readonly string[]): FieldCompleteness[] {
  const ts = data.trajectories;
  // Counted in place: a million contact moments are not copied into new arrays per field.
  let contactCount = 0;
  for (const t of ts) contactCount += t.contacts.length;
  const out: FieldCompleteness[] = [];
  // Required fields first, then the other mapped fields, then the attributes.
  const fields = [...required, ...data.mapped.filter((f) => !required.includes(f))];
  for (const f of fields) {
    const tp = TRAJECTORY_PRESENT[f];
    if (tp) {
      let applicable = 0;
      let present = 0;
      for (const t of ts) if (applies(f, t)) { applicable++; if (tp(t)) present++; }
      out.push({ field: f, unit: 'trajectory', kind: 'field', required: required.includes(f), share: share(present, applicable), missing: applicable - present });
      continue;
    }
    const cp = CONTACT_PRESENT[f];
    if (cp) {
      let present = 0;
      for (const t of ts) for (const c of t.contacts) if (cp(c)) present++;
      out.push({ field: f, unit: 'contact', kind: 'field', required: required.includes(f), share: share(present, contactCount), missing: contactCount - present });
    }
  }
  const attributes = new Set<string>();
  for (const t of ts) for (const k of Object.keys(t.attributes)) attributes.add(k);
  for (const a of attributes) {
    let present = 0;
    for (const t of ts) if (text(t.attributes[a] ?? null)) present++;
    out.push({ field: a, unit: 'trajectory', kind: 'attribute', required: false, share: share(present, ts.length), missing: ts.length - present });
  }
  return out;
}

function groupCompleteness(ts: readonly Trajectory[], key: (t: Trajectory) => string | null, required: readonly string[], missing: ReadonlyMap<Trajectory, string[]>): GroupCompleteness[] {
  const groups = new Map<string | null, Trajectory[]>();
  for (const t of ts) {
    const k = text(key(t)) ? key(t) : null;
    const list = groups.get(k);
    if (list) list.push(t); else groups.set(k, [t]);
  }
  const out: GroupCompleteness[] = [];
  for (const [group, members] of groups) {
    const missingCounts = new Map<string, number>();
    let complete = 0;
    for (const t of members) {
      const miss = missing.get(t)!;
      if (!miss.length) complete++;
      for (const f of miss) missingCounts.set(f, (missingCounts.get(f) ?? 0) + 1);
    }
    // Ties go to the field listed first in `required:`.
    let most: { field: string; count: number } | null = null;
    for (const f of required) { const c = missingCounts.get(f) ?? 0; if (c > 0 && (!most || c > most.count)) most = { field: f, count: c }; }
    out.push({ group, trajectories: members.length, complete: share(complete, members.length), mostMissing: most });
  }
  return out.sort((a, b) => (a.group === null ? 1 : b.group === null ? -1 : a.group.localeCompare(b.group)));
}

/**
 * The reader's findings plus what the audit derives from the trajectories. A derived finding is added
 * only when the reader reported nothing of that kind for that trajectory (and field), so a defect is
 * listed once whichever side detects it.
 */
function collectFindings(data: CrmData, missing: ReadonlyMap<Trajectory, string[]>): AuditFinding[] {
  const byId = new Map(data.trajectories.map((t) => [t.id, t]));
  const out: AuditFinding[] = data.findings.filter((f) => !redundant(f, byId)).map((f) => toAuditFinding(f, 'reader'));
  const seen = new Set(out.map((f) => `${f.kind}|${f.trajectory ?? ''}`));
  const seenField = new Set(out.map((f) => `${f.trajectory ?? ''}|${f.field ?? ''}`));
  const derive = (f: CrmFinding) => {
    const key = `${f.kind}|${f.trajectory ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(toAuditFinding(f, 'audit'));
  };
  for (const t of data.trajectories) {
    if (Number.isFinite(t.start) && Number.isFinite(t.end) && t.end < t.start) derive({ kind: 'end-before-start', trajectory: t.id, line: t.line, field: 'end', message: '' });
    if (t.hours < 0) derive({ kind: 'negative-hours', trajectory: t.id, line: t.line, field: 'hours', message: '' });
    if (Number.isFinite(t.type) && (t.type < 1 || t.type > 4 || !Number.isInteger(t.type))) derive({ kind: 'type-out-of-range', trajectory: t.id, line: t.line, field: 'type', value: String(t.type), message: '' });
    if (t.contactCount < 0 || t.participants < 0 || t.recipients < 0) derive({ kind: 'negative-count', trajectory: t.id, line: t.line, field: t.contactCount < 0 ? 'contacts' : t.participants < 0 ? 'participants' : 'recipients', message: '' });
    if (!seen.has(`contact-outside-dates|${t.id}`) && !(t.end < t.start)) {
      for (const c of t.contacts) {
        if (!Number.isFinite(c.date)) continue;
        const before = Number.isFinite(t.start) && c.date < t.start;
        const after = Number.isFinite(t.end) && c.date > t.end;
        if (before || after) out.push(toAuditFinding({ kind: 'contact-outside-dates', trajectory: t.id, line: c.line, field: 'contact_date', message: '' }, 'audit'));
      }
    }
    if (!seen.has(`duplicate-contact|${t.id}`)) {
      for (const c of duplicateContacts(t.contacts)) out.push(toAuditFinding({ kind: 'duplicate-contact', trajectory: t.id, line: c.line, message: '' }, 'audit'));
    }
    // Missing required values, unless the reader already said something about that cell (an
    // unreadable value, or the missing value itself). Contact fields are counted in the completeness table.
    for (const f of missing.get(t)!) {
      if (!TRAJECTORY_PRESENT[f] || seenField.has(`${t.id}|${f}`)) continue;
      out.push(toAuditFinding({ kind: 'missing-value', trajectory: t.id, line: t.line, field: f, message: '' }, 'audit'));
    }
  }
  return out.sort((a, b) => a.line - b.line || FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) || (a.field ?? '').localeCompare(b.field ?? ''));
}

const sameNumber = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * Contact moments (with a date) that repeat an earlier one of the same trajectory: same date,
 * duration, setting and participants. A trajectory holds a handful of contacts, so pairs are compared
 * directly instead of building a key string per contact.
 */
function duplicateContacts(contacts: readonly ContactMoment[]): ContactMoment[] {
  const out: ContactMoment[] = [];
  for (let j = 1; j < contacts.length; j++) {
    const c = contacts[j];
    if (!Number.isFinite(c.date)) continue;
    for (let i = 0; i < j; i++) {
      const d = contacts[i];
      if (d.date === c.date && sameNumber(d.hours, c.hours) && (d.setting ?? '') === (c.setting ?? '') && sameNumber(d.participants, c.participants)) { out.push(c); break; }
    }
  }
  return out;
}

/**
 * Reader findings the audit leaves out: an empty end date of a running trajectory (it has not ended),
 * and contacts "outside the dates" of a trajectory whose dates are impossible (end before start),
 * where the end-before-start finding already says what is wrong.
 */
function redundant(f: CrmFinding, byId: ReadonlyMap<string, Trajectory>): boolean {
  const t = f.trajectory === null ? undefined : byId.get(f.trajectory);
  if (!t) return false;
  if (f.kind === 'missing-value' && f.field === 'end') return !applies('end', t);
  if (f.kind === 'contact-outside-dates') return Number.isFinite(t.start) && Number.isFinite(t.end) && t.end < t.start;
  return false;
}

function toAuditFinding(f: CrmFinding, source: 'reader' | 'audit'): AuditFinding {
  const field = f.field ?? null;
  return {
    kind: f.kind,
    trajectory: f.trajectory,
    line: f.line,
    field,
    value: f.value !== undefined && field !== null && SHOWABLE_VALUE_FIELDS.has(field) ? f.value : null,
    source,
    error: ERROR_KINDS.includes(f.kind),
  };
}

/**
 * Registration consistency: per coach the spread of contact durations (CV, share > 50 % off the own
 * median) and the ratio of the coach's median to the other coaches' median; trajectories with hours
 * but no contact moments, or contact moments but no hours.
 */
function consistency(ts: readonly Trajectory[]): AuditResult['consistency'] {
  const byCoach = new Map<string, number[]>();
  for (const t of ts) {
    if (!text(t.coach)) continue;
    const list = byCoach.get(t.coach!) ?? [];
    for (const c of t.contacts) if (Number.isFinite(c.hours) && c.hours > 0) list.push(c.hours);
    byCoach.set(t.coach!, list);
  }
  const allSorted = Float64Array.from([...byCoach.values()].flat()).sort();
  const coaches: CoachConsistency[] = [];
  for (const [coach, durations] of [...byCoach.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (!durations.length) continue;
    const d = describe(durations);
    const own = d.median!;
    const deviating = durations.filter((h) => Math.abs(h - own) > DEVIATION_SHARE * own).length;
    const othersCount = allSorted.length - durations.length;
    const othersMedian = medianOfOthers(allSorted, Float64Array.from(durations).sort());
    const ratio = othersMedian ? own / othersMedian : null;
    const comparable = durations.length >= MIN_CONTACTS_TO_COMPARE && othersCount >= MIN_CONTACTS_TO_COMPARE && ratio !== null;
    const flag = comparable && ratio! > MEDIAN_RATIO_FLAG ? 'long' : comparable && ratio! < 1 / MEDIAN_RATIO_FLAG ? 'short' : null;
    coaches.push({
      coach, contacts: durations.length, median: own, mean: d.mean, sd: d.sd,
      cv: d.sd !== null && d.mean ? d.sd / d.mean : null,
      deviating: share(deviating, durations.length), othersMedian, ratio, flag,
    });
  }
  const hoursWithoutContacts: HoursContactMismatch[] = [];
  const contactsWithoutHours: HoursContactMismatch[] = [];
  for (const t of ts) {
    const contacts = registeredContacts(t);
    const hasHours = Number.isFinite(t.hours) && t.hours !== 0;
    if (hasHours && contacts === 0) hoursWithoutContacts.push({ trajectory: t.id, line: t.line, hours: t.hours, contacts });
    if (!hasHours && contacts > 0) contactsWithoutHours.push({ trajectory: t.id, line: t.line, hours: Number.isFinite(t.hours) ? t.hours : null, contacts });
  }
  return { overallMedian: allSorted.length ? quantileSorted(allSorted, 0.5) : null, coaches, hoursWithoutContacts, contactsWithoutHours };
}

/** Number of values ≤ v in a sorted array (upper bound). */
function countAtMost(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * Median of every coach's durations but one coach's own, without copying and sorting the others for
 * each coach (a million contact moments × 200 coaches): the k-th smallest of all − own is the first
 * value v of all (sorted) with #{all ≤ v} − #{own ≤ v} > k, found by binary search.
 */
function medianOfOthers(allSorted: Float64Array, ownSorted: Float64Array): number | null {
  const m = allSorted.length - ownSorted.length;
  if (m <= 0) return null;
  const kth = (k: number) => {
    let lo = 0;
    let hi = allSorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (countAtMost(allSorted, allSorted[mid]) - countAtMost(ownSorted, allSorted[mid]) > k) hi = mid; else lo = mid + 1;
    }
    return allSorted[lo];
  };
  // R type 7 at p = 0.5: the middle value, or the mean of the two middle values.
  const h = (m - 1) / 2;
  const a = kth(Math.floor(h));
  return Number.isInteger(h) ? a : (a + kth(Math.floor(h) + 1)) / 2;
}

/** Contact moments a trajectory registers: the count column, else contact rows that carry a date or a duration. */
function registeredContacts(t: Trajectory): number {
  if (t.contacts.length) return t.contacts.filter((c) => Number.isFinite(c.date) || Number.isFinite(c.hours)).length;
  return Number.isFinite(t.contactCount) ? t.contactCount : 0;
}

/**
 * Score per employer, 0–100: 100 × C × (1 − I), with C the mean over its trajectories of the share of
 * required fields (that apply) filled in, and I the share of its trajectories with an error-kind finding.
 */
function employerScores(ts: readonly Trajectory[], required: readonly string[], missing: ReadonlyMap<Trajectory, string[]>, errorTrajectories: ReadonlySet<string>): EmployerScore[] {
  const groups = new Map<string | null, Trajectory[]>();
  for (const t of ts) {
    const k = text(t.employer) ? t.employer : null;
    const list = groups.get(k);
    if (list) list.push(t); else groups.set(k, [t]);
  }
  const out: EmployerScore[] = [];
  for (const [employer, members] of groups) {
    const shares = members.map((t) => {
      let applicable = 0;
      for (const f of required) if (TRAJECTORY_PRESENT[f] ? applies(f, t) : t.contacts.length > 0) applicable++;
      // Every missing field applies: trajectory fields are missing only where they apply, contact
      // fields only when the trajectory has contacts.
      return applicable ? 1 - missing.get(t)!.length / applicable : 1;
    });
    const completeness = shares.length ? shares.reduce((s, v) => s + v, 0) / shares.length : null;
    const impossible = share(members.filter((t) => errorTrajectories.has(t.id)).length, members.length);
    const score = completeness !== null && impossible.p !== null ? Math.round(1000 * completeness * (1 - impossible.p)) / 10 : null;
    out.push({ employer, trajectories: members.length, completeness, impossible, score });
  }
  return out.sort((a, b) => (a.employer === null ? 1 : b.employer === null ? -1 : a.employer.localeCompare(b.employer)));
}
