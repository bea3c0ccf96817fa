/**
 * CRM exports of coaching trajectories (DESIGN.md §5 `crm:`): one row per trajectory, or one row per
 * contact moment grouped by trajectory id. CSV is streamed (bytes → strict decoding → records) and
 * each row is reduced to typed fields at once, so a million contact rows never sit in memory as text;
 * XLSX sheets are read whole. Unreadable cells are errors (and findings); impossible values are only
 * findings, which `crm audit` lists and every other command summarises in one warning per kind.
 */
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { InputIssue } from '../model/types.js';
import type { ContactMoment, CrmData, CrmFinding, Trajectory, TrajectoryStatus } from '../model/crm.js';
import { excerpt, missingColumnsIssue, parseDay, parseNumber, parseYesNo } from './cells.js';
import { isSupportedEncoding, normaliseEncoding, readHead } from './decode.js';
import { DecodeFailure, StrictUtf8Decoder } from './strict-utf8.js';
import type { CrmEntry } from './project.js';
import { sniffDelimiter } from './segments.js';
import { detach } from './yaml.js';
import { feedTableFile, isSpreadsheet } from './table-file.js';
import {
  crmNorms, HOUR_SPELLINGS, loadCrmMapping, MINUTE_SPELLINGS, requiredFields, unitIssues,
  type CrmMapping, type MappedField, type TimeUnit, type UnitField,
} from './crm-mapping.js';

export interface ReadCrmOptions {
  /** Called now and then with the number of rows read (for a progress spinner). */
  onProgress?: (rows: number) => void;
}

/** Identical unreadable-cell errors shown per column before one "… and N more" line. */
export const MAX_CELL_ERRORS_PER_COLUMN = 20;
const PROGRESS_EVERY = 65_536;
const HEAD_BYTES = 64 * 1024;

/** Read one `crm:` entry (mapping + export). Never throws for input problems. */
export async function readCrm(root: string, entry: CrmEntry, opts: ReadCrmOptions = {}): Promise<{ data?: CrmData; issues: InputIssue[] }> {
  const m = loadCrmMapping(join(root, entry.mapping), entry.mapping);
  const issues = [...m.issues];
  if (!m.mapping) return { issues };
  issues.push(...unitIssues(m.mapping, entry.unit));
  const abs = join(root, entry.path);
  const ingest = new CrmIngest(m.mapping, entry, issues, exportDay(abs), opts.onProgress);
  const ok = isSpreadsheet(abs) ? await feedTableFile(abs, entry.path, entry.sheet, ingest, issues) : await streamCsv(abs, entry, ingest, issues);
  if (!ok) return { issues };
  return { data: ingest.finish(), issues };
}

/** Day (since 1970) the export was last written: later contact dates cannot have happened yet. */
function exportDay(abs: string): number {
  try {
    return Math.floor(statSync(abs).mtimeMs / 86_400_000);
  } catch {
    return Infinity;
  }
}

// ---------------------------------------------------------------------------------------------
// Row ingestion (shared by CSV and XLSX)
// ---------------------------------------------------------------------------------------------

/** How a field's cell becomes a value. */
type CellKind = 'text' | 'day' | 'hours' | 'count' | 'yesno' | 'type' | 'status' | 'locationType';

/** Trajectory-level fields in the order they are read, with their Trajectory property and cell kind. */
const TRAJECTORY_FIELDS: readonly { field: MappedField; kind: CellKind }[] = [
  { field: 'location', kind: 'text' }, { field: 'location_type', kind: 'locationType' }, { field: 'organiser', kind: 'text' },
  { field: 'employer', kind: 'text' }, { field: 'coach', kind: 'text' }, { field: 'regional_supporter', kind: 'text' },
  { field: 'type', kind: 'type' }, { field: 'theme', kind: 'text' }, { field: 'memoq', kind: 'text' },
  { field: 'start', kind: 'day' }, { field: 'end', kind: 'day' }, { field: 'hours', kind: 'hours' },
  { field: 'contacts', kind: 'count' }, { field: 'pitstop', kind: 'yesno' }, { field: 'final_evaluation', kind: 'yesno' },
  { field: 'status', kind: 'status' }, { field: 'participants', kind: 'count' }, { field: 'recipients', kind: 'count' },
];

/** A resolved trajectory-level column. */
interface FieldColumn { field: MappedField; kind: CellKind; index: number; bit: number }

/** A trajectory while its rows are being read. */
interface Building {
  t: Trajectory;
  /** First non-empty raw cell per FieldColumn (index into `fieldColumns`). */
  raw: (string | undefined)[];
  /** Bit per FieldColumn: conflict already reported. */
  conflicted: number;
  /** Bit per required contact field: missing-value already reported. */
  contactMissing: number;
}

/** What a cell parser says: a value, empty, or unreadable (with the reason for the message). */
type Parsed = { value: unknown } | { empty: true } | { bad: string; hint: string };
const EMPTY: Parsed = { empty: true };

class CrmIngest {
  readonly file: string;
  private readonly unit: 'trajectory' | 'contact';
  private fieldColumns: FieldColumn[] = [];
  private idColumn = -1;
  private contactColumns = { date: -1, duration: -1, setting: -1, participants: -1 };
  private attributeColumns: { key: string; index: number }[] = [];
  private header: string[] = [];
  private headerSeen = false;
  private readonly trajectories = new Map<string, Building>();
  private readonly findings: CrmFinding[] = [];
  /** Unreadable-cell errors per column: shown, and further ones only counted. */
  private readonly cellErrors = new Map<number, number>();
  private readonly unknownStatus = new Map<string, { line: number; count: number }>();
  private readonly settingIntern = new Map<string, string>();
  /** Contact cells repeat across a large export (dates, "90", "2"): each spelling is parsed once. */
  private readonly dayCache: CellCache = new Map();
  private readonly durationCache: CellCache = new Map();
  private readonly countCache: CellCache = new Map();
  private lastId = '';
  private lastBuilding: Building | undefined;
  private readonly required: Set<MappedField>;
  private durationUnit: TimeUnit;
  private readonly durationUnitDeclared: boolean;
  private hoursUnit: TimeUnit;
  private rows = 0;
  private durationsKnown = 0;
  private durationsOver12 = 0;

  constructor(
    private readonly mapping: CrmMapping,
    entry: CrmEntry,
    private readonly issues: InputIssue[],
    private readonly today: number,
    private readonly onProgress?: (rows: number) => void,
  ) {
    this.file = entry.path;
    this.unit = entry.unit;
    this.required = new Set(requiredFields(mapping));
    this.durationUnit = mapping.units.contact_duration ?? 'hours';
    this.durationUnitDeclared = mapping.units.contact_duration !== undefined;
    this.hoursUnit = mapping.units.hours ?? 'hours';
  }

  /** Map the header; false (with one error) when mapped columns are absent. */
  setHeader(cells: string[], line: number): boolean {
    this.headerSeen = true;
    this.header = cells.map((c) => c.trim());
    const fields = this.mapping.fields;
    const absent: { what: string; name: string }[] = [];
    const find = (what: string, name: string | undefined): number => {
      if (name === undefined) return -1;
      const i = findColumn(this.header, name);
      if (i < 0) absent.push({ what, name });
      return i;
    };
    this.idColumn = find('trajectory', fields.trajectory);
    let bit = 1;
    for (const f of TRAJECTORY_FIELDS) {
      const index = find(f.field, fields[f.field]);
      if (index >= 0) {
        this.fieldColumns.push({ field: f.field, kind: f.kind, index, bit });
        bit <<= 1;
      }
    }
    if (this.unit === 'contact') {
      this.contactColumns = {
        date: find('contact_date', fields.contact_date), duration: find('contact_duration', fields.contact_duration),
        setting: find('contact_setting', fields.contact_setting), participants: find('contact_participants', fields.contact_participants),
      };
    }
    for (const a of this.mapping.attributes) {
      const index = find('attributes', a);
      if (index >= 0) this.attributeColumns.push({ key: a, index });
    }
    if (absent.length) {
      this.issues.push(missingColumnsIssue({
        file: this.file, line, header: this.header, absent, table: 'the export', entry: 'crm',
        fix: `correct the column names under \`fields:\`/\`attributes:\` in ${this.mapping.file} (they must match the export's header), or remove fields the export does not have`,
      }));
      return false;
    }
    this.inferUnits();
    return true;
  }

  /** Without `units:`, a header such as "Duur (min)" says the cells are minutes (hours stay the default). */
  private inferUnits(): void {
    const hit = (header: string, list: string[]) => list.some((s) => new RegExp(`(^|[^\\p{L}])${s}($|[^\\p{L}])`, 'u').test(header.toLowerCase()));
    const minutesByHeader = (field: UnitField, index: number): boolean => {
      if (index < 0 || this.mapping.units[field] !== undefined) return false;
      const h = this.header[index];
      if (!hit(h, MINUTE_SPELLINGS) || hit(h, HOUR_SPELLINGS)) return false;
      this.issues.push({
        severity: 'warning', file: this.mapping.file, line: this.mapping.fieldLines[field], field, code: 'unit-from-header',
        message: `${field === 'hours' ? 'hours' : 'contact durations'} in column "${h}" are read as minutes (the header says so; the mapping has no \`units:\` for ${field})`,
        hint: `add \`units: { ${field}: minuten }\` to the mapping to confirm (or \`uur\` if they are hours)`,
      });
      return true;
    };
    if (minutesByHeader('contact_duration', this.contactColumns.duration)) this.durationUnit = 'minutes';
    if (minutesByHeader('hours', this.fieldColumns.find((c) => c.field === 'hours')?.index ?? -1)) this.hoursUnit = 'minutes';
  }

  row(cells: string[], line: number): void {
    this.rows++;
    if (this.onProgress && this.rows % PROGRESS_EVERY === 0) this.onProgress(this.rows);
    const id = cell(cells, this.idColumn);
    if (id === '') {
      this.finding({ kind: 'missing-value', trajectory: null, line, field: 'trajectory', message: `row ${line} has no trajectory id; the row is skipped` });
      return;
    }
    // Exports sorted by trajectory repeat the id on consecutive rows: skip the map then.
    let b = id === this.lastId ? this.lastBuilding : this.trajectories.get(id);
    if (b && this.unit === 'trajectory') {
      this.finding({ kind: 'duplicate-trajectory', trajectory: id, line, field: 'trajectory', value: excerpt(id), message: `trajectory "${excerpt(id)}" appears again (first on line ${b.t.line}); this row is skipped` });
      return;
    }
    if (!b) {
      b = { t: newTrajectory(detach(id), line), raw: new Array(this.fieldColumns.length), conflicted: 0, contactMissing: 0 };
      this.trajectories.set(id, b);
      for (const a of this.attributeColumns) {
        const v = cell(cells, a.index);
        b.t.attributes[a.key] = v === '' ? null : detach(v);
      }
    } else {
      // Attributes, like every trajectory field, come from the first row that has them.
      for (const a of this.attributeColumns) if (b.t.attributes[a.key] === null) {
        const v = cell(cells, a.index);
        if (v !== '') b.t.attributes[a.key] = detach(v);
      }
    }
    const cols = this.fieldColumns;
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k];
      const v = cell(cells, c.index);
      if (v === '') continue;
      const first = b.raw[k];
      if (first === undefined) {
        b.raw[k] = detach(v);
        const p = this.parse(c, v);
        if ('value' in p) this.assign(b.t, c, typeof p.value === 'string' ? detach(p.value) : p.value, b.raw[k]!, line);
        else if ('bad' in p) this.unreadable(b.t.id, c.field, c.index, v, line, p);
      } else if (v !== first && (b.conflicted & c.bit) === 0) {
        this.compare(b, c, first, v, line);
      }
    }
    if (this.unit === 'contact') this.contact(b, cells, line);
    this.lastId = id;
    this.lastBuilding = b;
  }

  /** A later row of a trajectory says something else than the first: a finding when the values differ. */
  private compare(b: Building, c: FieldColumn, first: string, v: string, line: number): void {
    const later = this.parse(c, v);
    if ('bad' in later) {
      this.unreadable(b.t.id, c.field, c.index, v, line, later);
      return;
    }
    const earlier = this.parse(c, first);
    const same = 'value' in later && 'value' in earlier && sameValue(earlier.value, later.value);
    if (same) return;
    b.conflicted |= c.bit;
    this.finding({
      kind: 'conflicting-values', trajectory: b.t.id, line, field: c.field, value: excerpt(v),
      message: `trajectory "${excerpt(b.t.id)}": ${c.field} is "${excerpt(first)}" in its first row that has it, but "${excerpt(v)}" on line ${line}; the first value is used`,
    });
  }

  private contact(b: Building, cells: string[], line: number): void {
    const cc = this.contactColumns;
    const t = b.t;
    let date = NaN;
    let hours = NaN;
    let participants = NaN;
    let setting: string | null = null;
    if (cc.date >= 0) {
      const v = cell(cells, cc.date);
      if (v === '') this.contactEmpty(b, 'contact_date', 1, line);
      else {
        const d = this.day(v);
        if (d === undefined || d === null) this.unreadable(t.id, 'contact_date', cc.date, v, line, badDay());
        else date = d;
      }
    }
    if (cc.duration >= 0) {
      const v = cell(cells, cc.duration);
      if (v === '') this.contactEmpty(b, 'contact_duration', 2, line);
      else {
        const h = cached(this.durationCache, v, () => this.parseHours(v, this.durationUnit, this.durationUnitDeclared));
        if (h === undefined || h === null) this.unreadable(t.id, 'contact_duration', cc.duration, v, line, this.badHours('contact_duration', v, this.durationUnitDeclared));
        else {
          hours = h;
          this.durationsKnown++;
          if (h > 12) this.durationsOver12++;
          if (h < 0) this.finding({ kind: 'negative-hours', trajectory: t.id, line, field: 'contact_duration', value: excerpt(v), message: `contact on line ${line} of trajectory "${excerpt(t.id)}" has a negative duration (${excerpt(v)})` });
        }
      }
    }
    if (cc.setting >= 0) {
      const v = cell(cells, cc.setting);
      if (v === '') this.contactEmpty(b, 'contact_setting', 4, line);
      else setting = this.intern(v);
    }
    if (cc.participants >= 0) {
      const v = cell(cells, cc.participants);
      if (v === '') this.contactEmpty(b, 'contact_participants', 8, line);
      else {
        const n = cached(this.countCache, v, () => parseNumber(v));
        if (n === undefined || n === null) this.unreadable(t.id, 'contact_participants', cc.participants, v, line, badCount());
        else {
          participants = n;
          if (n < 0) this.finding({ kind: 'negative-count', trajectory: t.id, line, field: 'contact_participants', value: excerpt(v), message: `contact on line ${line} of trajectory "${excerpt(t.id)}" has a negative number of participants (${excerpt(v)})` });
        }
      }
    }
    const moment: ContactMoment = { date, hours, setting, participants, line };
    t.contacts.push(moment);
  }

  /** An empty cell in a required contact field: one missing-value finding per trajectory and field. */
  private contactEmpty(b: Building, field: MappedField, bit: number, line: number): void {
    if (!this.required.has(field) || (b.contactMissing & bit) !== 0) return;
    b.contactMissing |= bit;
    this.finding({ kind: 'missing-value', trajectory: b.t.id, line, field, message: `trajectory "${excerpt(b.t.id)}" has a contact moment without ${field} (line ${line})` });
  }

  private day(v: string): number | null | undefined {
    return cached(this.dayCache, v, () => parseDay(v));
  }

  private intern(s: string): string {
    const hit = this.settingIntern.get(s);
    if (hit !== undefined) return hit;
    // Settings are a short list (vloer / kindvrij …); free text is kept as is, not interned forever.
    const own = detach(s);
    if (this.settingIntern.size < 1000) this.settingIntern.set(own, own);
    return own;
  }

  /** Hours from a cell: bare numbers in the column's unit; with a declared unit, "3,5 uur" / "90 min" too. */
  private parseHours(v: string, unit: TimeUnit, declared: boolean): number | null | undefined {
    const n = parseNumber(v);
    if (n !== undefined) return n === null ? null : unit === 'minutes' ? n / 60 : n;
    if (!declared) return undefined;
    const h = parseNumber(v, HOUR_SPELLINGS);
    if (h !== undefined) return h;
    const m = parseNumber(v, MINUTE_SPELLINGS);
    return m === undefined || m === null ? m : m / 60;
  }

  private badHours(field: UnitField, v: string, declared: boolean): { bad: string; hint: string } {
    const withUnit = /\d\s*\p{L}+\.?$/u.test(v);
    if (withUnit && !declared) return { bad: 'is a number with a unit, and the mapping names no unit for this column', hint: `add \`units: { ${field}: uur }\` (or minuten) to the mapping, or write the number alone (e.g. 3,5)` };
    return { bad: 'is not a number of hours', hint: 'write a number such as 3,5 or 3.5' + (declared ? ', optionally with uur or min' : '') };
  }

  private parse(c: FieldColumn, v: string): Parsed {
    switch (c.kind) {
      case 'text': return { value: v };
      case 'day': {
        const d = parseDay(v);
        return d === undefined ? badDay() : d === null ? EMPTY : { value: d };
      }
      case 'hours': {
        const h = this.parseHours(v, this.hoursUnit, this.mapping.units.hours !== undefined);
        return h === undefined ? this.badHours('hours', v, this.mapping.units.hours !== undefined) : h === null ? EMPTY : { value: h };
      }
      case 'count': {
        const n = parseNumber(v);
        return n === undefined ? badCount() : n === null ? EMPTY : { value: n };
      }
      case 'yesno': {
        const m = this.mapping;
        let r = m.yes.length || m.no.length ? parseYesNo(v, m.yes, m.no) : undefined;
        if (r === undefined) r = parseYesNo(v);
        if (r === undefined) {
          const extra = [...m.yes, ...m.no];
          return { bad: 'is not a yes/no answer', hint: `write ja or nee (also recognised: x, 1/0, yes/no${extra.length ? `, ${extra.join(', ')}` : ''}), or add the spelling under \`values: { yes: [...], no: [...] }\` in the mapping` };
        }
        return { value: r };
      }
      case 'type': {
        const m = /\d+/.exec(v);
        return m ? { value: Number(m[0]) } : { bad: 'has no trajectory type number', hint: 'write the type as a number 1–4 ("2", "type 2" or "Type 2: zelfgekozen thema")' };
      }
      case 'status': return { value: this.mapping.status.get(v.toLowerCase()) ?? v };
      case 'locationType': return { value: this.mapping.locationType.get(v.toLowerCase()) ?? v };
    }
  }

  private assign(t: Trajectory, c: FieldColumn, value: unknown, raw: string, line: number): void {
    const n = value as number;
    const negative = (kind: 'negative-hours' | 'negative-count') =>
      this.finding({ kind, trajectory: t.id, line, field: c.field, value: excerpt(raw), message: `trajectory "${excerpt(t.id)}" has a negative ${c.field} (${excerpt(raw)}) on line ${line}` });
    switch (c.field) {
      case 'location': t.location = value as string; break;
      case 'location_type': t.locationType = value as string; break;
      case 'organiser': t.organiser = value as string; break;
      case 'employer': t.employer = value as string; break;
      case 'coach': t.coach = value as string; break;
      case 'regional_supporter': t.regionalSupporter = value as string; break;
      case 'type':
        t.type = n;
        if (n < 1 || n > 4) this.finding({ kind: 'type-out-of-range', trajectory: t.id, line, field: 'type', value: excerpt(raw), message: `trajectory "${excerpt(t.id)}" has type ${n} ("${excerpt(raw)}"); types are 1–4` });
        break;
      case 'theme': t.theme = value as string; break;
      case 'memoq': t.memoq = value as string; break;
      case 'start': t.start = n; break;
      case 'end': t.end = n; break;
      case 'hours': t.hours = n; if (n < 0) negative('negative-hours'); break;
      case 'contacts': t.contactCount = n; if (n < 0) negative('negative-count'); break;
      case 'pitstop': t.pitstop = value as boolean; break;
      case 'final_evaluation': t.finalEvaluation = value as boolean; break;
      case 'status': {
        t.statusRaw = raw;
        if (this.mapping.status.has(raw.toLowerCase())) t.status = value as TrajectoryStatus;
        else {
          const u = this.unknownStatus.get(raw);
          if (u) u.count++;
          else this.unknownStatus.set(raw, { line, count: 1 });
        }
        break;
      }
      case 'participants': t.participants = n; if (n < 0) negative('negative-count'); break;
      case 'recipients': t.recipients = n; if (n < 0) negative('negative-count'); break;
      default: break;
    }
  }

  /** An unreadable cell: a finding for the audit and an error naming row and column (capped per column). */
  private unreadable(trajectory: string, field: string, index: number, v: string, line: number, p: { bad: string; hint: string }): void {
    const header = this.header[index] ?? '';
    const shown = excerpt(v);
    this.finding({ kind: 'unreadable-value', trajectory, line, field, value: shown, message: `"${shown}" in column "${header}" (${field}) ${p.bad}` });
    const n = (this.cellErrors.get(index) ?? 0) + 1;
    this.cellErrors.set(index, n);
    if (n > MAX_CELL_ERRORS_PER_COLUMN) return;
    this.issues.push({
      severity: 'error', file: this.file, line, column: index + 1, field, code: 'unreadable-value',
      message: `line ${line}, column ${index + 1} "${header}" (${field}): "${shown}" ${p.bad}`, hint: p.hint,
    });
  }

  private finding(f: CrmFinding): void {
    this.findings.push(f);
  }

  /** False when no header row was ever seen (an empty export). */
  get hasHeader(): boolean {
    return this.headerSeen;
  }

  finish(): CrmData {
    const out: Trajectory[] = [];
    const reqFields = this.fieldColumns.map((c, k) => ({ c, k })).filter(({ c }) => this.required.has(c.field));
    for (const b of this.trajectories.values()) {
      const t = b.t;
      for (const { c, k } of reqFields) {
        // A running trajectory has no end date yet: that is not a gap in the registration.
        if (c.field === 'end' && t.status === 'lopend') continue;
        if (b.raw[k] === undefined) this.finding({ kind: 'missing-value', trajectory: t.id, line: t.line, field: c.field, message: `trajectory "${excerpt(t.id)}" has no ${c.field} (column "${this.header[c.index]}")` });
      }
      if (this.unit === 'contact') this.aggregate(t);
      this.checkDates(t);
      out.push(t);
    }
    this.onProgress?.(this.rows);
    this.findings.sort((a, b) => a.line - b.line);
    this.summarise();
    return {
      file: this.file, unit: this.unit, trajectories: out,
      mapped: this.mapped(), required: [...this.required].filter((f) => this.mapped().includes(f)),
      rows: this.rows, findings: this.findings, norms: crmNorms(this.mapping),
    };
  }

  /** Canonical fields read from this export (contact fields only when rows are contact moments). */
  private mapped(): string[] {
    return Object.keys(this.mapping.fields).filter((f) => this.unit === 'contact' || !f.startsWith('contact_'));
  }

  /** Contact moments → hours and count (columns win when filled in); identical moments are counted once. */
  private aggregate(t: Trajectory): void {
    if (t.contacts.length > 1) {
      const order = t.contacts.map((_, i) => i).sort((i, j) => cmp(t.contacts[i].date, t.contacts[j].date) || cmp(t.contacts[i].hours, t.contacts[j].hours) || i - j);
      const drop = new Set<number>();
      for (let k = 1; k < order.length; k++) {
        const a = t.contacts[order[k - 1]];
        const c = t.contacts[order[k]];
        if (Number.isNaN(c.date) || a.date !== c.date || !(a.hours === c.hours || (Number.isNaN(a.hours) && Number.isNaN(c.hours)))) continue;
        // `a` may itself be a duplicate: the kept moment is the first of the run in file order (order is stable).
        drop.add(order[k]);
        let first = k - 1;
        while (drop.has(order[first])) first--;
        this.finding({ kind: 'duplicate-contact', trajectory: t.id, line: c.line, field: 'contact_date', message: `trajectory "${excerpt(t.id)}": the contact on line ${c.line} has the same date and duration as the one on line ${t.contacts[order[first]].line}; it is counted once` });
      }
      if (drop.size) t.contacts = t.contacts.filter((_, i) => !drop.has(i));
    }
    if (Number.isNaN(t.hours) && this.contactColumns.duration >= 0) {
      let sum = 0;
      let known = 0;
      for (const c of t.contacts) if (!Number.isNaN(c.hours)) { sum += c.hours; known++; }
      if (known) t.hours = sum;
    }
    if (Number.isNaN(t.contactCount)) t.contactCount = t.contacts.length;
  }

  private checkDates(t: Trajectory): void {
    if (t.end < t.start) this.finding({ kind: 'end-before-start', trajectory: t.id, line: t.line, field: 'end', message: `trajectory "${excerpt(t.id)}" ends before it starts (line ${t.line})` });
    const finished = t.status === 'afgerond' || t.status === 'gestopt';
    if (finished && t.end > this.today) this.finding({ kind: 'future-date', trajectory: t.id, line: t.line, field: 'end', message: `trajectory "${excerpt(t.id)}" is ${t.status} but its end date lies after the day the export was written` });
    for (const c of t.contacts) {
      if (Number.isNaN(c.date)) continue;
      if (c.date < t.start || c.date > t.end) this.finding({ kind: 'contact-outside-dates', trajectory: t.id, line: c.line, field: 'contact_date', message: `trajectory "${excerpt(t.id)}": the contact on line ${c.line} lies ${c.date < t.start ? 'before the start' : 'after the end'} of the trajectory` });
      if (c.date > this.today) this.finding({ kind: 'future-date', trajectory: t.id, line: c.line, field: 'contact_date', message: `trajectory "${excerpt(t.id)}": the contact on line ${c.line} is dated after the day the export was written` });
    }
  }

  /** The warnings other commands show: unknown statuses, capped errors, a likely minute column, one per finding kind. */
  private summarise(): void {
    for (const [index, n] of this.cellErrors) {
      if (n <= MAX_CELL_ERRORS_PER_COLUMN) continue;
      const col = this.header[index];
      this.issues.push({ severity: 'error', file: this.file, column: index + 1, field: col, code: 'unreadable-value', message: `… and ${n - MAX_CELL_ERRORS_PER_COLUMN} more unreadable cells in column ${index + 1} "${col}"`, hint: 'fix the column in the export (or its mapping); `hefboom crm audit` lists every cell' });
    }
    const statusCol = this.fieldColumns.find((c) => c.field === 'status');
    for (const [raw, u] of this.unknownStatus) {
      this.issues.push({
        severity: 'warning', file: this.file, line: u.line, column: statusCol ? statusCol.index + 1 : undefined, field: 'status', code: 'unknown-status',
        message: `status "${excerpt(raw)}" (${u.count} trajector${u.count === 1 ? 'y' : 'ies'}) is not lopend, afgerond or gestopt; it is kept as written and counted as unknown`,
        hint: `map it in ${this.mapping.file}: \`values: { status: { afgerond: ["${excerpt(raw)}"] } }\` (or lopend / gestopt)`,
      });
    }
    if (!this.durationUnitDeclared && this.durationUnit === 'hours' && this.durationsKnown >= 5 && this.durationsOver12 * 2 > this.durationsKnown) {
      const col = this.header[this.contactColumns.duration];
      this.issues.push({
        severity: 'warning', file: this.mapping.file, line: this.mapping.fieldLines.contact_duration, field: 'contact_duration', code: 'duration-unit-suspect',
        message: `most contact durations in column "${col}" are above 12 hours (${this.durationsOver12} of ${this.durationsKnown}); are they minutes?`,
        hint: 'add `units: { contact_duration: minuten }` to the mapping if so, or `uur` to confirm hours',
      });
    }
    const byKind = new Map<string, number>();
    for (const f of this.findings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
    for (const [kind, n] of byKind) {
      this.issues.push({
        severity: 'warning', file: this.file, field: kind, code: 'crm-findings',
        message: `${n} × ${kind}: ${FINDING_TEXT[kind] ?? kind}`,
        hint: 'run `hefboom crm audit` for the list',
      });
    }
  }
}

const FINDING_TEXT: Record<string, string> = {
  'missing-value': 'an empty cell in a required field',
  'unreadable-value': 'a cell that cannot be read (the value is left out)',
  'duplicate-trajectory': 'a trajectory id repeated in an export with one row per trajectory (later rows skipped)',
  'duplicate-contact': 'a contact moment registered twice with the same date and duration (counted once)',
  'end-before-start': 'an end date before the start date',
  'negative-hours': 'negative hours or contact duration',
  'negative-count': 'a negative count (contacts, participants, recipients)',
  'type-out-of-range': 'a trajectory type outside 1–4 (kept as written)',
  'contact-outside-dates': 'a contact moment before the start or after the end of its trajectory',
  'conflicting-values': 'rows of one trajectory that disagree on a trajectory field (the first value is used)',
  'future-date': 'a contact date, or the end date of a finished trajectory, after the day the export was written',
};

function newTrajectory(id: string, line: number): Trajectory {
  return {
    id, location: null, locationType: null, organiser: null, employer: null, coach: null, regionalSupporter: null,
    type: NaN, theme: null, memoq: null, start: NaN, end: NaN, hours: NaN, contactCount: NaN, contacts: [],
    pitstop: null, finalEvaluation: null, status: null, statusRaw: null, participants: NaN, recipients: NaN, line, attributes: {},
  };
}

type CellCache = Map<string, number | null | undefined>;
const CACHE_LIMIT = 50_000;

/** A parse result remembered per cell text (bounded, so free text cannot fill memory). */
function cached(cache: CellCache, v: string, parse: () => number | null | undefined): number | null | undefined {
  const hit = cache.get(v);
  if (hit !== undefined || cache.has(v)) return hit;
  const r = parse();
  if (cache.size < CACHE_LIMIT) cache.set(detach(v), r);
  return r;
}

const badDay = (): { bad: string; hint: string } => ({ bad: 'is not a date', hint: 'write dates as 2023-03-15 or 15/03/2023 (day first); leave the cell empty when unknown' });
const badCount = (): { bad: string; hint: string } => ({ bad: 'is not a number', hint: 'write a whole number such as 4; leave the cell empty when unknown' });

function cell(cells: string[], index: number): string {
  if (index < 0) return '';
  const v = cells[index];
  return v === undefined ? '' : v.trim();
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

/** NaN sorts last; numbers ascending. */
function cmp(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a - b;
}

/** Exact header match first, then trimmed and case-insensitive. */
function findColumn(header: string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact >= 0) return exact;
  const want = name.trim().toLowerCase();
  return header.findIndex((h) => h.trim().toLowerCase() === want);
}

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------



/** Thrown to stop reading once the header makes the rest meaningless. */
/**
 * CSV streams through papaparse (csv-parse needs about 16 s for a million 20-column rows on a small
 * machine, over the whole `impact` budget; papaparse about 3 s). Bytes are decoded chunk by chunk
 * first (strict UTF-8, or the entry's encoding), so papaparse sees text; the line of each record is
 * counted here, including line breaks inside quoted cells.
 */
/**
 * A byte range of a CSV file read on its own (a worker's share of a large register): `start` is the
 * first byte of a record, `end` the byte after the last record's line break, `line` the 1-based
 * line `start` is on. The head is still read from the start of the file for the delimiter.
 */
export interface CsvRange { start: number; end: number; line: number }

export async function streamCsv(abs: string, entry: CrmEntry, ingest: CrmIngest, issues: InputIssue[], range?: CsvRange): Promise<boolean> {
  const file = entry.path;
  const encoding = normaliseEncoding(entry.encoding);
  if (!isSupportedEncoding(encoding)) {
    issues.push({ severity: 'error', file, code: 'unknown-encoding', field: 'encoding', message: `unknown encoding "${entry.encoding}"`, hint: 'use utf-8, windows-1252, iso-8859-1 or utf-16le' });
    return false;
  }
  // The head is read once for the delimiter and the line ending; then the file streams from the start.
  let head: Buffer;
  try {
    head = await readHead(abs, HEAD_BYTES);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    issues.push({ severity: 'error', file, code: 'unreadable-file', message: missing ? `the CRM export "${file}" does not exist` : `cannot read the CRM export (${(e as NodeJS.ErrnoException).code ?? String(e)})`, hint: 'check `path:` in the `crm:` entry of hefboom.yaml' });
    return false;
  }
  const delimiter = entry.delimiter ?? (file.toLowerCase().endsWith('.tsv') ? '\t' : sniffDelimiter(head));
  // Old Mac exports end lines with a lone CR.
  const lineBreak = head.includes(0x0a) ? (head.includes(0x0d) && head.indexOf(0x0d) + 1 === head.indexOf(0x0a) ? '\r\n' : '\n') : head.includes(0x0d) ? '\r' : '\n';
  const breakChar = lineBreak === '\r' ? '\r' : '\n';
  const decoder: ChunkDecoder = encoding === 'utf-8'
    ? new StrictUtf8Decoder({ file, notRead: 'the export was not read', hint: 'the export is probably a Windows (Excel) file: set `encoding: windows-1252` in its `crm:` entry' })
    : iconvDecoder(encoding);
  async function* text() {
    const stream = range ? createReadStream(abs, { highWaterMark: 1 << 20, start: range.start, end: range.end - 1 }) : createReadStream(abs, { highWaterMark: 1 << 20 });
    for await (const chunk of stream) yield decoder.write(chunk as Buffer);
    const last = decoder.end();
    if (last) yield last;
  }
  const { default: Papa } = await import('papaparse');
  let line = range?.line ?? 1;
  let unclosed = 0;
  let stopped = false;
  let failure: unknown;
  await new Promise<void>((done) => {
    const source = Readable.from(text(), { objectMode: false, encoding: 'utf8' });
    source.on('error', (e) => { failure = e; done(); });
    Papa.parse<string[]>(source as unknown as File, {
      delimiter,
      newline: lineBreak as '\r\n' | '\n' | '\r',
      skipEmptyLines: false,
      step: (r, parser) => {
        const cells = r.data;
        const start = line;
        line++;
        // Line breaks inside quoted cells move the next record further down the file.
        for (let i = 0; i < cells.length; i++) if (cells[i].indexOf(breakChar) >= 0) line += cells[i].split(breakChar).length - 1;
        if (r.errors.some((e) => e.code === 'MissingQuotes')) { unclosed ||= start; return; }
        if (cells.every((c) => c.trim() === '')) return;
        try {
          if (!ingest.hasHeader) {
            if (!ingest.setHeader(cells, start)) { stopped = true; parser.abort(); }
          } else ingest.row(cells, start);
        } catch (e) {
          failure = e;
          parser.abort();
        }
      },
      complete: () => done(),
      error: (e: unknown) => { failure = e; done(); },
    });
  });
  if (failure) {
    if (failure instanceof DecodeFailure) issues.push(failure.issue);
    else issues.push({ severity: 'error', file, code: 'unreadable-file', message: `reading the export failed: ${(failure as Error).message ?? String(failure)}`, hint: 'check that the file is a CSV/TSV table and readable' });
    return false;
  }
  if (stopped) return false;
  if (unclosed) issues.push({ severity: 'error', file, line: unclosed, code: 'csv-syntax', message: `the quoted cell that starts on line ${unclosed} is not closed; the rest of the export was not read`, hint: 'a quote (") is missing at the end of a cell on this line: fix the quotes, or export the table again' });
  if (!ingest.hasHeader) {
    if (!issues.some((i) => i.severity === 'error')) issues.push({ severity: 'error', file, line: 1, code: 'missing-header', message: 'the export is empty: a header row and data rows are needed', hint: 'export the CRM table again with column names in the first row' });
    return false;
  }
  return !issues.some((i) => i.code === 'csv-syntax');
}

interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

function iconvDecoder(encoding: string): ChunkDecoder {
  const d = iconv.getDecoder(encoding, { stripBOM: true });
  return { write: (chunk) => d.write(chunk), end: () => d.end() ?? '' };
}

