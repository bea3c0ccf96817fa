/**
 * Survey ⨝ CRM: which CRM trajectory (or coach) each survey respondent belongs to, and the
 * respondent-level variables that the join makes available (`--by employer`, `--predictors hours`).
 *
 * A respondent without a key, or with a key the CRM does not know, is counted and listed — never
 * dropped silently (issue 7). The same join serves staff surveys (key: trajectory id, one trajectory
 * per respondent) and coach surveys (key: coach id, many trajectories per coach).
 */
import type { SurveyData } from '../model/survey.js';
import type { CrmData, Trajectory } from '../model/crm.js';
import { fold } from '../model/issues.js';
import { itemVariable } from './survey-describe.js';

/** A respondent whose join key cell is empty. */
export interface NoKeyRespondent { respondent: string; line: number }
/** A respondent whose key is not found in the CRM. */
export interface UnknownKeyRespondent { respondent: string; key: string; line: number }

/**
 * The result of joining a survey to a CRM on one field.
 *
 * The CRM is grouped by the join field: `values[v]` is one distinct value of that field and
 * `members[v]` the indexes (into `crm.trajectories`) of the trajectories that carry it. Joining on
 * `trajectory` gives one member per value; joining on `coach` gives every trajectory of that coach.
 * `index[r]` points a respondent at its value (−1: no key or unknown key); `trajectory[r]` points it
 * straight at its trajectory when that is unambiguous (exactly one member), else −1.
 */
export interface SurveyCrmJoin {
  /** The CRM field joined on (`trajectory`, `coach`, `location` …). */
  field: string;
  /** Distinct CRM values of the field, in order of first appearance in the export. */
  values: string[];
  /** Per value: indexes into crm.trajectories. */
  members: number[][];
  /** Per respondent: index into `values`; −1 when the respondent has no key or an unknown key. */
  index: Int32Array;
  /** Per respondent: index into crm.trajectories when the value has exactly one trajectory, else −1. */
  trajectory: Int32Array;
  /** Respondents whose key was found. */
  matched: number;
  /** Keys matched only case-insensitively (`t-012` for `T-012`): counted so the user can fix spellings. */
  caseInsensitive: number;
  noKey: NoKeyRespondent[];
  unknown: UnknownKeyRespondent[];
}

/** The survey has no key column for the field asked (no `join:` entry and no definition column). */
export class JoinKeyMissing extends Error {
  constructor(readonly field: string, readonly available: string[]) {
    super(`the survey has no ${field} column to join on`);
  }
}

/** Categorical CRM fields per trajectory (canonical names and their camelCase spellings). */
const CRM_CATEGORICAL: Record<string, (t: Trajectory) => string | null> = {
  trajectory: (t) => t.id,
  location: (t) => t.location,
  location_type: (t) => t.locationType,
  organiser: (t) => t.organiser,
  employer: (t) => t.employer,
  coach: (t) => t.coach,
  regional_supporter: (t) => t.regionalSupporter,
  type: (t) => (Number.isFinite(t.type) ? String(t.type) : null),
  theme: (t) => t.theme,
  memoq: (t) => t.memoq,
  status: (t) => t.status ?? t.statusRaw,
  pitstop: (t) => yesNo(t.pitstop),
  final_evaluation: (t) => yesNo(t.finalEvaluation),
};

/** Numeric CRM fields per trajectory. */
const CRM_NUMERIC: Record<string, (t: Trajectory) => number> = {
  hours: (t) => t.hours,
  contacts: (t) => t.contactCount,
  participants: (t) => t.participants,
  recipients: (t) => t.recipients,
};

const ALIASES: Record<string, string> = {
  locationtype: 'location_type', regionalsupporter: 'regional_supporter', finalevaluation: 'final_evaluation',
  contactcount: 'contacts', trajecttype: 'type', werkgever: 'employer', locatie: 'location', uren: 'hours',
  deelnemers: 'participants', contactmomenten: 'contacts',
};

const yesNo = (b: boolean | null) => (b === null ? null : b ? 'ja' : 'nee');

/** Value shown for a coach (or other many-trajectory key) whose trajectories disagree on a field. */
export const SEVERAL = '(several)';

/** Canonical CRM field for a user-given name (`contactCount` → `contacts`), or undefined. */
export function crmFieldName(name: string, crm?: CrmData): string | undefined {
  const low = name.toLowerCase().replace(/^crm\./, '');
  const canon = ALIASES[low.replace(/[_\s-]/g, '')] ?? low;
  if (canon in CRM_CATEGORICAL || canon in CRM_NUMERIC) return canon;
  if (crm) {
    const attr = crmAttributeNames(crm).find((a) => fold(a) === fold(name.replace(/^crm\./i, '')));
    if (attr) return `attr:${attr}`;
  }
  if (canon === 'trajectories') return 'trajectories';
  return undefined;
}

/** Every CRM field name a user can use (for hints). */
export function crmFieldNames(crm?: CrmData): string[] {
  return [...Object.keys(CRM_CATEGORICAL), ...Object.keys(CRM_NUMERIC), 'trajectories', ...(crm ? crmAttributeNames(crm) : [])];
}

function crmAttributeNames(crm: CrmData): string[] {
  const names = new Set<string>();
  for (const t of crm.trajectories) for (const k of Object.keys(t.attributes)) names.add(k);
  return [...names];
}

/**
 * Join a survey to the CRM on `field` (default `trajectory`). Keys are compared after trimming, exactly
 * first and then case-insensitively. When the CRM holds the same trajectory id twice, both rows are
 * members of that value (the CRM audit reports the duplicate; `trajectory[r]` is then −1).
 *
 * @throws JoinKeyMissing when the survey has no key column for `field`.
 */
export function joinSurveyToCrm(survey: SurveyData, crm: CrmData, field = 'trajectory'): SurveyCrmJoin {
  const keys = survey.keys[field];
  if (!keys) throw new JoinKeyMissing(field, Object.keys(survey.keys));
  const canon = crmFieldName(field, crm) ?? field;
  const valueOf = canon.startsWith('attr:')
    ? (t: Trajectory) => t.attributes[canon.slice(5)] ?? null
    : CRM_CATEGORICAL[canon] ?? ((t: Trajectory) => { const v = CRM_NUMERIC[canon]?.(t); return v !== undefined && Number.isFinite(v) ? String(v) : null; });

  const values: string[] = [];
  const members: number[][] = [];
  const exact = new Map<string, number>();
  const loose = new Map<string, number>();
  crm.trajectories.forEach((t, i) => {
    const raw = valueOf(t);
    if (raw === null || raw.trim() === '') return;
    const v = raw.trim();
    let at = exact.get(v);
    if (at === undefined) {
      at = values.length;
      values.push(v);
      members.push([]);
      exact.set(v, at);
      if (!loose.has(fold(v))) loose.set(fold(v), at);
    }
    members[at].push(i);
  });

  const n = survey.respondents.length;
  const index = new Int32Array(n).fill(-1);
  const trajectory = new Int32Array(n).fill(-1);
  const noKey: NoKeyRespondent[] = [];
  const unknown: UnknownKeyRespondent[] = [];
  let matched = 0;
  let caseInsensitive = 0;
  for (let r = 0; r < n; r++) {
    const key = keys[r]?.trim() ?? '';
    if (key === '') { noKey.push({ respondent: survey.respondents[r], line: survey.lines[r] }); continue; }
    let at = exact.get(key);
    if (at === undefined) {
      at = loose.get(fold(key));
      if (at !== undefined) caseInsensitive++;
    }
    if (at === undefined) { unknown.push({ respondent: survey.respondents[r], key, line: survey.lines[r] }); continue; }
    index[r] = at;
    if (members[at].length === 1) trajectory[r] = members[at][0];
    matched++;
  }
  return { field, values, members, index, trajectory, matched, caseInsensitive, noKey, unknown };
}

/** A variable with one value per respondent, for breakdowns (`--by`), predictors and clusters. */
export type RespondentVariable =
  | { kind: 'categorical'; name: string; source: VariableSource; values: (string | null)[]; levels?: string[] }
  | { kind: 'numeric'; name: string; source: VariableSource; values: Float64Array };

export type VariableSource = 'attribute' | 'key' | 'item' | 'construct' | 'crm' | 'date';

/**
 * A CRM field as a respondent variable, through the join. For a respondent whose key names several
 * trajectories (coach surveys), a categorical field gives the shared value or `(several)`, a numeric
 * field the mean over the trajectories with a value, and `trajectories` the number of trajectories.
 * Respondents outside the join get null/NaN (the caller counts them as missing).
 */
export function crmVariable(name: string, crm: CrmData, join: SurveyCrmJoin): RespondentVariable | undefined {
  const canon = crmFieldName(name, crm);
  if (!canon) return undefined;
  const n = join.index.length;
  const label = name.replace(/^crm\./i, '');
  if (canon === 'trajectories' || canon in CRM_NUMERIC) {
    const get = canon === 'trajectories' ? () => 1 : CRM_NUMERIC[canon];
    const values = new Float64Array(n).fill(NaN);
    for (let r = 0; r < n; r++) {
      const v = join.index[r];
      if (v < 0) continue;
      const ms = join.members[v];
      if (canon === 'trajectories') { values[r] = ms.length; continue; }
      let sum = 0;
      let k = 0;
      for (const m of ms) { const x = get(crm.trajectories[m]); if (Number.isFinite(x)) { sum += x; k++; } }
      if (k) values[r] = sum / k;
    }
    return { kind: 'numeric', name: label, source: 'crm', values };
  }
  const get = canon.startsWith('attr:') ? (t: Trajectory) => t.attributes[canon.slice(5)] ?? null : CRM_CATEGORICAL[canon];
  const values: (string | null)[] = new Array(n).fill(null);
  for (let r = 0; r < n; r++) {
    const v = join.index[r];
    if (v < 0) continue;
    const seen = new Set<string>();
    for (const m of join.members[v]) { const x = get(crm.trajectories[m]); if (x !== null && x !== '') seen.add(x); }
    values[r] = seen.size === 0 ? null : seen.size === 1 ? [...seen][0] : SEVERAL;
  }
  return { kind: 'categorical', name: label, source: 'crm', values };
}

/**
 * The day each respondent counts under for `--period/--since/--until`: the survey's response date
 * when the definition names one, else the end date of the joined trajectory (NaN when neither).
 */
export function respondentDays(survey: SurveyData, crm?: CrmData, join?: SurveyCrmJoin): { days: Float64Array; basis: 'response-date' | 'trajectory-end' | 'none' } {
  const n = survey.respondents.length;
  if (survey.dates) return { days: survey.dates, basis: 'response-date' };
  const days = new Float64Array(n).fill(NaN);
  if (!crm || !join) return { days, basis: 'none' };
  for (let r = 0; r < n; r++) {
    const v = join.index[r];
    if (v < 0) continue;
    // A coach's trajectories: the latest end date stands for the coach's view.
    let end = NaN;
    for (const m of join.members[v]) { const e = crm.trajectories[m].end; if (Number.isFinite(e) && !(e <= end)) end = e; }
    days[r] = end;
  }
  return { days, basis: 'trajectory-end' };
}

/** Where `resolveVariable` looks, and what it does with Likert items. */
export interface VariableContext {
  survey: SurveyData;
  crm?: CrmData;
  join?: SurveyCrmJoin;
  /** `by`: Likert items as categories (their labels); `predictor`: Likert items as codes 1..k. */
  use: 'by' | 'predictor';
}

/**
 * A respondent variable by name, looked up in this order: `crm.NAME` (CRM field through the join);
 * a survey attribute column; a survey key column (`coach` in a coach survey); a survey item or
 * construct; a CRM field through the join. Names match exactly, then case-insensitively.
 * Returns undefined when nothing matches (the caller lists `variableNames`).
 */
export function resolveVariable(name: string, ctx: VariableContext): RespondentVariable | undefined {
  const { survey, crm, join } = ctx;
  const wanted = name.trim();
  if (/^crm\./i.test(wanted)) return crm && join ? crmVariable(wanted, crm, join) : undefined;
  const pick = (keys: string[]) => keys.find((k) => k === wanted) ?? keys.find((k) => fold(k) === fold(wanted));
  const attr = pick(Object.keys(survey.attributes));
  if (attr) return { kind: 'categorical', name: attr, source: 'attribute', values: survey.attributes[attr] };
  const key = pick(Object.keys(survey.keys));
  if (key) return { kind: 'categorical', name: key, source: 'key', values: survey.keys[key] };
  const id = pick([...survey.definition.items.map((i) => i.id), ...survey.definition.constructs.map((c) => c.id)]);
  if (id) {
    const v = itemVariable(survey, id, { asCodes: ctx.use === 'predictor' });
    if (v) return v;
  }
  return crm && join ? crmVariable(wanted, crm, join) : undefined;
}

/** Every name `resolveVariable` accepts in this context (for "did you mean" hints). */
export function variableNames(ctx: VariableContext): string[] {
  const { survey, crm, join } = ctx;
  const items = survey.definition.items.filter((i) => i.type !== 'text' && i.type !== 'multiple').map((i) => i.id);
  return [
    ...Object.keys(survey.attributes), ...Object.keys(survey.keys), ...items, ...survey.definition.constructs.map((c) => c.id),
    ...(crm && join ? crmFieldNames(crm).map((f) => (f.startsWith('attr:') ? f.slice(5) : f)) : []),
  ].filter((x, i, all) => all.indexOf(x) === i);
}
