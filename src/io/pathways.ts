/**
 * Learner registers (DESIGN.md §5 `pathways:`): who was referred, reached which phase of the ESF
 * practice model on which day, left when and why, and with what outcome. Two layouts: one row per
 * person (a date column per phase) or one row per event (person, phase, date), grouped by person id.
 * The mapping YAML is read by pathway-mapping.ts.
 *
 * The register is held per column (model/pathways.ts): typed arrays indexed by person, grown by
 * doubling, a hash index from person id to person (IdIndex), and no object per row, so memory
 * follows the number of people, not of rows (bench/generate-register.mjs: 4.9 million event rows of
 * a million people read in about 450 MB). Cell texts that repeat (phases, dates, reasons) are looked
 * up once per spelling. CSV is
 * streamed through crm.ts's reader (strict UTF-8 or the entry's encoding, delimiter sniffed or
 * given, line numbers that count line breaks inside quoted cells); XLSX sheets are read whole.
 *
 * Event layout: person-level columns (partnership, cohort, profile, attributes, outcome, exit phase,
 * date, initiative and kind) take the first non-empty value of the person's rows; a later different
 * value is a warning. Reasons are the union over the person's rows and reason columns. A phase
 * registered twice counts from its earliest day; of several exit events the latest gives the exit day.
 * Without `exit.phase`, the phase left in is the last phase reached on or before the exit day.
 *
 * Problems become issues naming file, line, column and a fix: errors for what cannot be read (an
 * unknown phase, an unreadable date, a reason not in the codebook, a duplicate person, absent
 * columns), warnings for what is read but doubtful (dates going backwards, an exit without reason,
 * mixed date formats, conflicting values across a person's rows, unknown exit or outcome values).
 * Issues of one kind are capped at MAX_ISSUES_PER_KIND, then summarised in one "… and N more".
 */
import { extname, join } from 'node:path';
import type { InputIssue } from '../model/types.js';
import { OUTCOMES, type CodedColumn, type PathwayRegister, type ProfileColumn, type ProfileField } from '../model/pathways.js';
import { closest } from '../model/issues.js';
import { excerpt, isoDay, missingColumnsIssue, parseDay, parseNumber } from './cells.js';
import { streamCsv } from './crm.js';
import type { CrmEntry, PathwayEntry } from './project.js';
import { loadPathwayMapping, spellingKey, type PathwayMapping } from './pathway-mapping.js';
import { feedTableFile } from './table-file.js';
import { detach } from './yaml.js';

export interface ReadPathwayOptions {
  /** Called now and then with the number of rows read (for a progress spinner). */
  onProgress?: (rows: number) => void;
  /**
   * Read the CSV in ranges of this many bytes (tests; by default large registers only), and where:
   * worker threads, or `inline` in this thread one range after the other (tests of the merge).
   */
  chunks?: { bytes: number; inline?: boolean };
}

/** Issues of one kind (code and column) shown one by one before a single "… and N more". */
export const MAX_ISSUES_PER_KIND = 20;
const PROGRESS_EVERY = 65_536;
const CACHE_LIMIT = 50_000;
/** Profile fields read as numbers when their cells are numbers. */
const NUMERIC_FIELDS: readonly ProfileField[] = ['age', 'months_unemployed'];
/** Share of persons with a number above which a numeric field is kept numeric despite a few texts. */
const NUMERIC_SHARE = 0.9;

/** Read one `pathways:` entry (mapping + register). Never throws for input problems. */
export async function readPathwayRegister(root: string, entry: PathwayEntry, opts: ReadPathwayOptions = {}): Promise<{ register?: PathwayRegister; issues: InputIssue[] }> {
  const m = loadPathwayMapping(join(root, entry.mapping), entry.mapping, entry.layout);
  const issues = [...m.issues];
  if (!m.mapping) return { issues };
  const abs = join(root, entry.path);
  const sheet = SHEET_EXTENSIONS.includes(extname(abs).toLowerCase());
  if (!sheet) {
    // A large CSV register is read in ranges on several cores (pathways-chunks.ts), with the same result.
    const { chunkPlan, readRegisterChunks } = await import('./pathways-chunks.js');
    const plan = chunkPlan(abs, entry, opts);
    if (plan) {
      const r = await readRegisterChunks(root, abs, entry, m.mapping, plan, [...issues], opts);
      if (r !== 'read-from-top') return r;
    }
  }
  const ingest = new RegisterIngest(m.mapping, entry, issues, opts.onProgress);
  const ok = sheet ? await feedTableFile(abs, entry.path, entry.sheet, ingest, issues) : await readCsv(abs, entry, ingest, issues);
  if (!ok) return { issues };
  return { register: ingest.finish(), issues };
}

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

/** Spreadsheets go through readTableFile, which reads XLSX and names the formats it does not read. */
const SHEET_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.ods', '.sav'];

/**
 * CSV through crm.ts's streamCsv (it only needs setHeader, row and hasHeader of the sink, and path,
 * encoding and delimiter of the entry). Its own messages speak of "the CRM export": they are
 * reworded for a register here.
 */
async function readCsv(abs: string, entry: PathwayEntry, ingest: RegisterIngest, issues: InputIssue[]): Promise<boolean> {
  const csvIssues: InputIssue[] = [];
  const sink = ingest as unknown as Parameters<typeof streamCsv>[2];
  const ok = await streamCsv(abs, entry as unknown as CrmEntry, sink, csvIssues);
  for (const i of csvIssues) issues.push({ ...i, message: asRegister(i.message), hint: i.hint === undefined ? undefined : asRegister(i.hint) });
  return ok;
}

function asRegister(text: string): string {
  return text
    .replace(/the CRM export/g, 'the register')
    .replace(/CRM table/g, 'register')
    .replace(/`crm:` entry/g, '`pathways:` entry')
    .replace(/\bthe export\b/g, 'the register')
    .replace(/\bexport the table\b/g, 'export the register');
}

// ---------------------------------------------------------------------------------------------
// Columns held per person
// ---------------------------------------------------------------------------------------------

type Typed = Int32Array | Float64Array | Uint8Array | Int8Array;

/** A copy of `a` with room for `cap` entries, the new ones set to `fill`. */
function grown<T extends Typed>(a: T, cap: number, fill: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/**
 * Person id → person index: open addressing over an Int32Array (FNV-1a over the id's UTF-16 code
 * units, linear probing, at most half full). Twice as fast as a Map<string, number> on a million
 * ids looked up five million times in no particular order, which is what an event register does.
 */
class IdIndex {
  private slots = new Int32Array(1 << 12).fill(-1);
  private mask = (1 << 12) - 1;

  constructor(private readonly ids: string[]) {}

  /** FNV-1a of an id, as the index uses it (workers send it along with their ids: see absorb()). */
  static hash(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  /** The index of `id`, or -1. */
  get(id: string, hash = IdIndex.hash(id)): number {
    const ids = this.ids;
    let slot = hash & this.mask;
    for (;;) {
      const p = this.slots[slot];
      if (p < 0 || ids[p] === id) return p;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Make room for `count` ids without rehashing (before adding many). */
  reserve(count: number): void {
    let size = this.slots.length;
    while (count * 2 > size) size *= 2;
    if (size > this.slots.length) this.rehash(size);
  }

  /** Record that ids[p] is new (call after pushing it). */
  add(p: number, hash?: number): void {
    if ((p + 1) * 2 > this.slots.length) {
      this.rehash(this.slots.length * 2); // re-inserts every id, p included
      return;
    }
    let slot = (hash ?? IdIndex.hash(this.ids[p])) & this.mask;
    while (this.slots[slot] >= 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = p;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let p = 0; p < this.ids.length; p++) {
      let slot = IdIndex.hash(this.ids[p]) & this.mask;
      while (this.slots[slot] >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = p;
    }
  }
}

/** A text column coded against its distinct values, built row by row. */
class CodedBuilder {
  readonly values: string[] = [];
  /** 1-based line where each value was first seen. */
  readonly firstLine: number[] = [];
  private readonly index = new Map<string, number>();
  codes: Int32Array;

  constructor(cap: number) {
    this.codes = new Int32Array(cap).fill(-1);
  }

  grow(cap: number): void {
    this.codes = grown(this.codes, cap, -1);
  }

  code(v: string, line: number): number {
    let k = this.index.get(v);
    if (k === undefined) {
      k = this.values.length;
      const own = detach(v);
      this.values.push(own);
      this.firstLine.push(line);
      this.index.set(own, k);
    }
    return k;
  }

  column(n: number): CodedColumn {
    return { values: this.values, codes: this.codes.subarray(0, n) };
  }
}

/** Date formats told apart for the mixed-format warning. */
const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'DD-MM-YYYY', 'DD.MM.YYYY'] as const;
interface ParsedDay { day: number | null | undefined; format: number }

function dateFormat(v: string): number {
  if (/^\d{4}-/.test(v)) return 0;
  const sep = /^\d{1,2}([/.-])/.exec(v)?.[1];
  return sep === '/' ? 1 : sep === '-' ? 2 : sep === '.' ? 3 : -1;
}

const FIXED_DATE_SLOTS = 200 * 12 * 31;
/** A phase not reached, in the ingest's Int32 day columns: above every day, so a minimum needs no test. */
const NO_DAY = 0x7fffffff;

/**
 * Slot of a date written `dd/mm/yyyy` or `yyyy-mm-dd` (exactly, years 1900–2099) in a table of
 * 200 × 12 × 31 days; -1 for any other text.
 */
function fixedDateSlot(v: string): number {
  if (v.length !== 10) return -1;
  let y: number, m: number, d: number;
  if (v.charCodeAt(2) === 47 && v.charCodeAt(5) === 47) {
    d = num2(v, 0);
    m = num2(v, 3);
    y = num2(v, 6) * 100 + num2(v, 8);
  } else if (v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
    y = num2(v, 0) * 100 + num2(v, 2);
    m = num2(v, 5);
    d = num2(v, 8);
  } else return -1;
  // A non-digit makes num2 negative, and so the whole date out of range.
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31) return -1;
  return ((y - 1900) * 12 + (m - 1)) * 31 + (d - 1);
}

/** The two digits at i as a number; -1000 when either is not a digit. */
function num2(v: string, i: number): number {
  const a = v.charCodeAt(i) - 48;
  const b = v.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1000;
}

/** `YYYY-MM` of a cohort cell: `2021-09`, `09/2021`, `9-2021` or a whole date; undefined when unreadable. */
export function parseMonth(v: string): string | undefined {
  const c = v.trim();
  let m = /^(\d{4})[-/.](\d{1,2})$/.exec(c);
  let y: number | undefined;
  let mo: number | undefined;
  if (m) { y = Number(m[1]); mo = Number(m[2]); }
  else if ((m = /^(\d{1,2})[-/.](\d{4})$/.exec(c))) { y = Number(m[2]); mo = Number(m[1]); }
  if (y !== undefined && mo !== undefined) return mo >= 1 && mo <= 12 ? `${y}-${String(mo).padStart(2, '0')}` : undefined;
  const d = parseDay(c);
  return typeof d === 'number' ? isoDay(d).slice(0, 7) : undefined;
}

/** Issues of one kind (code and column): how many were found, and the text of the "… and N more" line. */
interface CappedKind { n: number; severity: InputIssue['severity']; code: string; column?: number; field?: string; more: string }

/**
 * What one worker read from its range of a register (readRegisterChunks): the per-person columns of
 * the persons first seen in the range, the reason cells, the tallies and the row-level issues (the
 * first MAX_ISSUES_PER_KIND of each kind). Plain data: it crosses to the main thread by structured
 * clone, the typed arrays by transfer.
 */
export interface RegisterPart {
  n: number;
  rows: number;
  skipped: number;
  ids: string[];
  /** IdIndex.hash of each id (computed in the worker, so the main thread does not hash millions of ids). */
  hashes: Uint32Array;
  lines: Int32Array;
  /** Partnership, cohort, profile and attribute columns, in the order of RegisterIngest.builders(). */
  coded: { values: string[]; firstLine: number[]; codes: Int32Array }[];
  /** Per phase the day reached, NO_DAY when not. */
  phaseDay: Int32Array[];
  exitMarked: Uint8Array;
  exitPhaseCol: Int32Array;
  exitDayCol: Float64Array;
  exitEventDay: Float64Array;
  initiative: Uint8Array;
  kind: Uint8Array;
  outcome: Int8Array;
  reasonHead: Int32Array;
  nodeCell: Int32Array;
  nodeNext: Int32Array;
  reasonCellText: string[];
  reasonCellAt: { line: number; column: number }[];
  formatsSeen: [number, number[]][];
  unknownValues: [string, UnknownValue][];
  capped: [string, CappedKind][];
  issues: InputIssue[];
  /** Persons with a conflicting person-level value inside the range. */
  conflictPersons: number[];
}

/** A value written in a column that the mapping's spellings do not know, counted for one issue at the end. */
interface UnknownValue { raw: string; line: number; column: number; rows: number }

/**
 * One person-level column: the first row that fills it gives the value; a later different value is a
 * conflict. Every non-empty cell is read (and reported when unreadable) on every row, whatever the
 * person already has: so what a row reports depends on its own cells only, and a register read in
 * pieces (readRegisterChunks) reports the same as one read from top to bottom.
 */
interface PersonField {
  /** Column index in the header. */
  index: number;
  /** Number of the field among the person-level fields (for the conflict set). */
  no: number;
  /** Set for plain text columns, which row() handles inline (they are most of the person-level columns). */
  coded?: CodedBuilder;
  /** The value of a non-empty cell (a code, day or phase index), or undefined after reporting it unreadable. Marks exits. */
  read(p: number, v: string, line: number): number | string | undefined;
  /** Whether person p already has a value. */
  has(p: number): boolean;
  /** Store a value read from a row. */
  put(p: number, x: number | string, line: number): void;
  /** The stored value equals x. */
  same(p: number, x: number | string): boolean;
  /** The stored value as text, for messages. */
  shown(p: number): string;
}

export class RegisterIngest {
  private readonly file: string;
  private readonly name: string;
  private readonly layout: 'person' | 'event';
  private header: string[] = [];
  private headerSeen = false;

  // Person index
  private n = 0;
  private cap = 1024;
  private readonly ids: string[] = [];
  private readonly byId = new IdIndex(this.ids);
  private lastId = '';
  private lastPerson = -1;

  // Per-person columns (length cap; the first n are persons)
  private lines: Int32Array = new Int32Array(this.cap);
  private readonly partnership = new CodedBuilder(this.cap);
  private readonly cohort = new CodedBuilder(this.cap);
  /**
   * Per phase the day each person reached it, NO_DAY when not: whole days fit in 32 bits, which halves
   * the largest columns of a big register while it is read; finish() turns them into the register's
   * Float64Arrays with NaN.
   */
  private phaseDay: Int32Array[];
  /** The register's phase days (NaN = not reached), made by finish(). */
  private days: Float64Array[] = [];
  private exitMarked: Uint8Array = new Uint8Array(this.cap);
  private exitPhaseCol: Int32Array = new Int32Array(this.cap).fill(-1);
  private exitDayCol: Float64Array = new Float64Array(this.cap).fill(NaN);
  private exitEventDay: Float64Array = new Float64Array(this.cap).fill(NaN);
  private initiative: Uint8Array = new Uint8Array(this.cap);
  private kind: Uint8Array = new Uint8Array(this.cap);
  private outcome: Int8Array = new Int8Array(this.cap).fill(-1);
  private readonly profile = new Map<ProfileField, CodedBuilder>();
  private readonly attributes = new Map<string, CodedBuilder>();
  /** Reasons: per person a linked list of reason cells (nodeCell/nodeNext), -1 = end. */
  private reasonHead: Int32Array = new Int32Array(this.cap).fill(-1);
  private nodeCell: Int32Array = new Int32Array(1024);
  private nodeNext: Int32Array = new Int32Array(1024);
  private nodes = 0;
  private readonly reasonCells = new Map<string, number>();
  private readonly reasonCellText: string[] = [];
  private readonly reasonCellAt: { line: number; column: number }[] = [];

  // Columns
  private idColumn = -1;
  private phaseColumns: { phase: number; index: number }[] = [];
  private eventPhaseColumn = -1;
  private eventDateColumn = -1;
  private exitDateColumn = -1;
  private reasonColumns: number[] = [];
  private fields: PersonField[] = [];

  // Caches and tallies
  private readonly dayCache = new Map<string, ParsedDay>();
  /** Day numbers by fixedDateSlot: NaN = not parsed yet, Infinity = not a date (31/02). */
  private readonly fixedDays = new Float64Array(FIXED_DATE_SLOTS).fill(NaN);
  private readonly monthCache = new Map<string, string | undefined>();
  private readonly phaseCache = new Map<string, number>();
  private readonly phaseSeen: string[] = [];
  private readonly phaseSeenCode: number[] = [];
  /** Per date column: the first line each format was seen on (0 = not seen). */
  private readonly formatsSeen = new Map<number, number[]>();
  private readonly unknownValues = new Map<string, UnknownValue>();
  private readonly conflicts = new Set<number>();
  private readonly capped = new Map<string, CappedKind>();
  private rows = 0;
  private skipped = 0;

  constructor(
    private readonly m: PathwayMapping,
    entry: PathwayEntry,
    private readonly issues: InputIssue[],
    private readonly onProgress?: (rows: number) => void,
  ) {
    this.file = entry.path;
    this.name = entry.name;
    this.layout = entry.layout;
    this.phaseDay = m.phases.map(() => new Int32Array(this.cap).fill(NO_DAY));
  }

  /** False when no header row was ever seen (an empty register). */
  get hasHeader(): boolean {
    return this.headerSeen;
  }

  // -------------------------------------------------------------------------------------------
  // Header

  /** Map the header; false (with one error) when mapped columns are absent. */
  setHeader(cells: string[], line: number): boolean {
    this.headerSeen = true;
    this.header = cells.map((c) => c.trim());
    const m = this.m;
    const absent: { role: string; name: string }[] = [];
    const find = (role: string, name: string | undefined): number => {
      if (name === undefined) return -1;
      const i = findColumn(this.header, name);
      if (i < 0) absent.push({ role, name });
      return i;
    };
    this.idColumn = find('person', m.person);
    if (this.layout === 'person') {
      for (const pc of m.phaseColumns) {
        const index = find(`phases.${m.phases[pc.phase].id}`, pc.column);
        if (index >= 0) this.phaseColumns.push({ phase: pc.phase, index });
      }
    } else if (m.events) {
      this.eventPhaseColumn = find('events.phase', m.events.phase);
      this.eventDateColumn = find('events.date', m.events.date);
    }
    const fields: PersonField[] = [];
    const add = (index: number, make: (index: number, no: number) => PersonField) => {
      if (index >= 0) fields.push(make(index, fields.length));
    };
    add(find('partnership', m.partnership), (i, no) => this.codedField(i, no, () => this.partnership));
    add(find('cohort', m.cohort), (i, no) => this.cohortField(i, no));
    add(find('exit.phase', m.exit.phase), (i, no) => this.exitPhaseField(i, no));
    this.exitDateColumn = find('exit.date', m.exit.date);
    add(this.exitDateColumn, (i, no) => this.exitDayField(i, no));
    add(find('exit.initiative', m.exit.initiative), (i, no) => this.enumField(i, no, 'exit initiative', () => this.initiative, m.initiativeSpellings, ['unknown', 'own', 'advised'], 'exit.values.initiative', 'own|advised', true));
    add(find('exit.kind', m.exit.kind), (i, no) => this.enumField(i, no, 'exit kind (pause or definitive)', () => this.kind, m.kindSpellings, ['unknown', 'pause', 'definitive'], 'exit.values.kind', 'pause|definitive', true));
    add(find('outcome', m.outcome), (i, no) => this.enumField(i, no, 'outcome', () => this.outcome, m.outcomeSpellings, [...OUTCOMES], 'outcome.values', OUTCOMES.join('|'), false));
    for (const [f, name] of Object.entries(m.profile) as [ProfileField, string][]) {
      const index = find(`profile.${f}`, name);
      if (index < 0) continue;
      const b = new CodedBuilder(this.cap);
      this.profile.set(f, b);
      add(index, (i, no) => this.codedField(i, no, () => b));
    }
    for (const a of m.attributes) {
      const index = find('attributes', a);
      if (index < 0) continue;
      const b = new CodedBuilder(this.cap);
      this.attributes.set(a, b);
      add(index, (i, no) => this.codedField(i, no, () => b));
    }
    for (const r of m.exit.reasons) {
      const index = find('exit.reasons', r);
      if (index >= 0) this.reasonColumns.push(index);
    }
    this.fields = fields;
    if (absent.length) {
      this.issues.push(missingColumnsIssue({
        file: this.file, line, header: this.header, absent: absent.map((a) => ({ name: a.name, what: a.role })), table: 'the register', entry: 'pathways',
        fix: `correct the column names in ${this.m.file} (they must match the register's header), or remove the keys the register has no column for`,
      }));
      return false;
    }
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Rows

  row(cells: string[], line: number): void {
    this.rows++;
    if (this.onProgress && this.rows % PROGRESS_EVERY === 0) this.onProgress(this.rows);
    const id = cell(cells, this.idColumn);
    if (id === '') {
      this.skipped++;
      this.report('missing-person', 'warning', this.idColumn, `rows without a person id in column "${this.header[this.idColumn]}" (skipped)`, () => ({
        message: `line ${line} has no person id in column ${this.idColumn + 1} "${this.header[this.idColumn]}"; the row is skipped`,
        hint: 'fill in the person id, or remove the row',
      }), line);
      return;
    }
    let p = id === this.lastId ? this.lastPerson : this.byId.get(id);
    let fresh = false;
    if (p >= 0 && this.layout === 'person') {
      this.skipped++;
      const first = this.lines[p];
      this.report('duplicate-person', 'error', this.idColumn, 'repeated person ids (later rows skipped)', () => ({
        message: `person "${excerpt(id)}" appears again on line ${line} (first on line ${first}); a register with one row per person must list each person once, so line ${line} is skipped`,
        hint: 'merge the two rows, or set `layout: event` in the `pathways:` entry if every row is one event',
      }), line);
      return;
    }
    if (p < 0) {
      p = this.newPerson(id, line);
      fresh = true;
    }
    this.lastId = id;
    this.lastPerson = p;

    // Person-level columns: the first non-empty value counts.
    const fields = this.fields;
    for (let k = 0; k < fields.length; k++) {
      const f = fields[k];
      const v = cell(cells, f.index);
      if (v === '') continue;
      const b = f.coded;
      if (b !== undefined) {
        const c = b.codes[p];
        if (c < 0) b.codes[p] = b.code(v, line);
        else if (!fresh && b.values[c] !== v) this.conflict(p, f, v, line);
        continue;
      }
      const x = f.read(p, v, line);
      if (x === undefined) continue;
      if (!f.has(p)) f.put(p, x, line);
      else if (!fresh && !f.same(p, x)) this.conflict(p, f, v, line);
    }
    for (let k = 0; k < this.reasonColumns.length; k++) {
      const index = this.reasonColumns[k];
      const v = cell(cells, index);
      if (v !== '') this.addReasonCell(p, v, line, index);
    }

    if (this.layout === 'person') {
      for (let k = 0; k < this.phaseColumns.length; k++) {
        const pc = this.phaseColumns[k];
        const v = cell(cells, pc.index);
        if (v === '') continue;
        const d = this.day(v, pc.index, line);
        if (d !== undefined) this.phaseDay[pc.phase][p] = d;
      }
    } else this.event(p, cells, line);
  }

  /** One event row: a phase reached on a day, or an exit. */
  private event(p: number, cells: string[], line: number): void {
    const pv = cell(cells, this.eventPhaseColumn);
    const dv = cell(cells, this.eventDateColumn);
    if (pv === '') {
      if (dv !== '') {
        this.skipped++;
        this.report('event-without-phase', 'warning', this.eventPhaseColumn, 'event rows with a date but no phase (dates not used)', () => ({
          message: `line ${line} has a date ("${excerpt(dv)}") but no phase in column ${this.eventPhaseColumn + 1} "${this.header[this.eventPhaseColumn]}"; the date is not used`,
          hint: 'fill in the phase of the event',
        }), line);
      }
      return;
    }
    const ph = this.phaseOf(pv);
    if (ph === -1) {
      this.skipped++;
      this.unknown('phase', pv, line, this.eventPhaseColumn);
      return;
    }
    if (dv === '') {
      if (ph === -2) this.exitMarked[p] = 1;
      else {
        this.skipped++;
        this.report('event-without-date', 'warning', this.eventDateColumn, 'events without a date (the phase counts as not reached)', () => ({
          message: `line ${line}: the event "${excerpt(pv)}" of person "${excerpt(this.ids[p])}" has no date in column ${this.eventDateColumn + 1} "${this.header[this.eventDateColumn]}"; the phase counts as not reached`,
          hint: 'fill in the date of the event',
        }), line);
      }
      return;
    }
    const d = this.day(dv, this.eventDateColumn, line);
    if (d === undefined) {
      this.skipped++;
      return;
    }
    if (ph === -2) {
      this.exitMarked[p] = 1;
      const prior = this.exitEventDay[p];
      if (Number.isNaN(prior) || d > prior) this.exitEventDay[p] = d;
    } else {
      // A phase registered twice counts from its first day.
      const col = this.phaseDay[ph];
      if (d < col[p]) col[p] = d; // NO_DAY is above every day
    }
  }

  /**
   * Phase index of a phase-column value, -2 for an exit value, -1 when unknown. A register writes a
   * handful of spellings millions of times: they are found by a linear scan of the few seen so far,
   * which beats hashing each cell into a Map; unknown spellings (possibly many) go to the Map.
   */
  private phaseOf(v: string): number {
    const seen = this.phaseSeen;
    for (let i = 0; i < seen.length; i++) if (seen[i] === v) return this.phaseSeenCode[i];
    let ph = this.phaseCache.get(v);
    if (ph === undefined) {
      const key = spellingKey(v);
      ph = this.m.events?.exit.has(key) ? -2 : (this.m.phaseSpellings.get(key) ?? -1);
      if (ph !== -1 && seen.length < 32) {
        seen.push(detach(v));
        this.phaseSeenCode.push(ph);
      } else if (this.phaseCache.size < CACHE_LIMIT) this.phaseCache.set(detach(v), ph);
    }
    return ph;
  }

  private newPerson(id: string, line: number, own = false, hash?: number): number {
    if (this.n === this.cap) this.grow();
    const p = this.n++;
    this.ids.push(own ? id : detach(id));
    this.byId.add(p, hash);
    this.lines[p] = line;
    return p;
  }

  /** Double the capacity, or grow to `atLeast` (merging a part: the exact number, not twice it). */
  private grow(atLeast = this.cap * 2): void {
    const cap = Math.max(atLeast, this.cap + 1);
    this.lines = grown(this.lines, cap, 0);
    this.partnership.grow(cap);
    this.cohort.grow(cap);
    this.phaseDay = this.phaseDay.map((a) => grown(a, cap, NO_DAY));
    this.exitMarked = grown(this.exitMarked, cap, 0);
    this.exitPhaseCol = grown(this.exitPhaseCol, cap, -1);
    this.exitDayCol = grown(this.exitDayCol, cap, NaN);
    this.exitEventDay = grown(this.exitEventDay, cap, NaN);
    this.initiative = grown(this.initiative, cap, 0);
    this.kind = grown(this.kind, cap, 0);
    this.outcome = grown(this.outcome, cap, -1);
    for (const b of this.profile.values()) b.grow(cap);
    for (const b of this.attributes.values()) b.grow(cap);
    this.reasonHead = grown(this.reasonHead, cap, -1);
    this.cap = cap;
  }

  /** A date cell: the day, or undefined after reporting an unreadable cell. Formats are tallied per column. */
  private day(v: string, index: number, line: number): number | undefined {
    // dd/mm/yyyy and yyyy-mm-dd of 1900–2099 go through a table indexed by the date's digits
    // (hashing millions of date strings into a Map costs more than reading them).
    const slot = fixedDateSlot(v);
    if (slot >= 0) {
      let d = this.fixedDays[slot];
      if (Number.isNaN(d)) d = this.fixedDays[slot] = parseDay(v) ?? Infinity;
      if (d !== Infinity) {
        const format = v.charCodeAt(4) === 45 ? 0 : 1;
        let seen = this.formatsSeen.get(index);
        if (!seen) this.formatsSeen.set(index, (seen = [0, 0, 0, 0]));
        if (seen[format] === 0) seen[format] = line;
        return d;
      }
    }
    let hit = this.dayCache.get(v);
    if (hit === undefined) {
      hit = { day: parseDay(v), format: dateFormat(v) };
      if (this.dayCache.size < CACHE_LIMIT) this.dayCache.set(detach(v), hit);
    }
    if (typeof hit.day !== 'number') {
      this.report('unreadable-date', 'error', index, `unreadable dates in column "${this.header[index]}"`, () => ({
        message: `line ${line}, column ${index + 1} "${this.header[index]}": "${excerpt(v)}" is not a date`,
        hint: 'write dates as 2023-03-15 or 15/03/2023 (day first, four-digit year); leave the cell empty when unknown',
      }), line);
      return undefined;
    }
    if (hit.format >= 0) {
      let seen = this.formatsSeen.get(index);
      if (!seen) this.formatsSeen.set(index, (seen = [0, 0, 0, 0]));
      if (seen[hit.format] === 0) seen[hit.format] = line;
    }
    return hit.day;
  }

  private addReasonCell(p: number, v: string, line: number, index: number): void {
    this.exitMarked[p] = 1;
    this.linkReasonCell(p, this.reasonCell(v, line, index));
  }

  /** The number of a distinct reason cell text, given it when new. */
  private reasonCell(v: string, line: number, index: number): number {
    let c = this.reasonCells.get(v);
    if (c === undefined) {
      c = this.reasonCellText.length;
      const own = detach(v);
      this.reasonCells.set(own, c);
      this.reasonCellText.push(own);
      this.reasonCellAt.push({ line, column: index });
    }
    return c;
  }

  /** Append reason cell c to person p's list, unless it is there (a cell repeated on each event row is kept once). */
  private linkReasonCell(p: number, c: number): void {
    for (let k = this.reasonHead[p]; k >= 0; k = this.nodeNext[k]) if (this.nodeCell[k] === c) return;
    if (this.nodes === this.nodeCell.length) {
      this.nodeCell = grown(this.nodeCell, this.nodes * 2, 0);
      this.nodeNext = grown(this.nodeNext, this.nodes * 2, 0);
    }
    const k = this.nodes++;
    this.nodeCell[k] = c;
    this.nodeNext[k] = -1;
    // Append, so reasons keep the order of the register.
    let last = this.reasonHead[p];
    if (last < 0) this.reasonHead[p] = k;
    else {
      while (this.nodeNext[last] >= 0) last = this.nodeNext[last];
      this.nodeNext[last] = k;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Reading in pieces (readRegisterChunks)

  /** The text columns coded per person, in a fixed order (the same in every worker: setHeader builds them). */
  private builders(): CodedBuilder[] {
    return [this.partnership, this.cohort, ...this.profile.values(), ...this.attributes.values()];
  }

  /**
   * What this ingest read from its range, for absorb() on the main thread. The typed arrays are views
   * of this ingest's own, transferred whole rather than copied (a copy would double a worker's peak).
   */
  exportPart(): RegisterPart {
    const n = this.n;
    const perField = Math.max(1, this.fields.length);
    return {
      n, rows: this.rows, skipped: this.skipped, ids: this.ids, hashes: Uint32Array.from(this.ids, (id) => IdIndex.hash(id)), lines: this.lines.subarray(0, n),
      coded: this.builders().map((b) => ({ values: b.values, firstLine: b.firstLine, codes: b.codes.subarray(0, n) })),
      phaseDay: this.phaseDay.map((a) => a.subarray(0, n)),
      exitMarked: this.exitMarked.subarray(0, n), exitPhaseCol: this.exitPhaseCol.subarray(0, n), exitDayCol: this.exitDayCol.subarray(0, n),
      exitEventDay: this.exitEventDay.subarray(0, n), initiative: this.initiative.subarray(0, n), kind: this.kind.subarray(0, n), outcome: this.outcome.subarray(0, n),
      reasonHead: this.reasonHead.subarray(0, n), nodeCell: this.nodeCell.subarray(0, this.nodes), nodeNext: this.nodeNext.subarray(0, this.nodes),
      reasonCellText: this.reasonCellText, reasonCellAt: this.reasonCellAt,
      formatsSeen: [...this.formatsSeen], unknownValues: [...this.unknownValues], capped: [...this.capped], issues: this.issues,
      conflictPersons: [...this.conflicts].map((key) => Math.floor(key / perField)),
    };
  }

  /**
   * Add the part read from the next range of the file, as if its rows had been read here. Exact
   * except where a person's rows in the range disagree with what earlier ranges said (a conflicting
   * value, or a person repeated in a one-row-per-person register): those messages need the earlier
   * rows, so absorb() returns false and the caller reads the file from the top instead.
   */
  absorb(part: RegisterPart): boolean {
    const builders = this.builders();
    if (builders.length !== part.coded.length) return false;
    if (this.n === 0 && part.n > 0) this.adopt(part, builders);
    else if (!this.merge(part, builders)) return false;
    this.rows += part.rows;
    this.skipped += part.skipped;
    for (const [index, seen] of part.formatsSeen) {
      const mine = this.formatsSeen.get(index);
      if (!mine) this.formatsSeen.set(index, seen);
      else for (let f = 0; f < seen.length; f++) if (mine[f] === 0) mine[f] = seen[f];
    }
    for (const [key, u] of part.unknownValues) {
      const mine = this.unknownValues.get(key);
      if (mine) mine.rows += u.rows;
      else this.unknownValues.set(key, u);
    }
    // Row-level issues in file order, capped over the whole file as report() caps them.
    for (const [key, c] of part.capped) if (!this.capped.has(key)) this.capped.set(key, { ...c, n: 0 });
    const listed = new Map<string, number>();
    for (const issue of part.issues) {
      const key = `${issue.code}\u0000${issue.column === undefined ? -1 : issue.column - 1}`;
      const c = this.capped.get(key);
      if (!c) return false;
      listed.set(key, (listed.get(key) ?? 0) + 1);
      if (++c.n <= MAX_ISSUES_PER_KIND) this.issues.push(issue);
    }
    for (const [key, c] of part.capped) this.capped.get(key)!.n += c.n - (listed.get(key) ?? 0);
    this.onProgress?.(this.rows);
    return true;
  }

  /** The first part (nothing read yet): its columns become this ingest's, without copying. */
  private adopt(part: RegisterPart, builders: CodedBuilder[]): void {
    const n = part.n;
    for (let q = 0; q < n; q++) this.ids.push(part.ids[q]);
    this.byId.reserve(n);
    for (let q = 0; q < n; q++) this.byId.add(q, part.hashes[q]);
    this.n = n;
    this.cap = n;
    this.lines = part.lines;
    part.coded.forEach((c, j) => {
      const b = builders[j];
      c.values.forEach((v, k) => b.code(v, c.firstLine[k]));
      b.codes = c.codes;
    });
    this.phaseDay = part.phaseDay;
    this.exitMarked = part.exitMarked;
    this.exitPhaseCol = part.exitPhaseCol;
    this.exitDayCol = part.exitDayCol;
    this.exitEventDay = part.exitEventDay;
    this.initiative = part.initiative;
    this.kind = part.kind;
    this.outcome = part.outcome;
    this.reasonHead = part.reasonHead;
    part.reasonCellText.forEach((t, c) => this.reasonCell(t, part.reasonCellAt[c].line, part.reasonCellAt[c].column));
    this.nodes = part.nodeCell.length;
    this.nodeCell = part.nodeCell.length ? part.nodeCell : new Int32Array(16);
    this.nodeNext = part.nodeNext.length ? part.nodeNext : new Int32Array(16);
  }

  /** A later part: persons looked up by id; false when a person's rows conflict across parts. */
  private merge(part: RegisterPart, builders: CodedBuilder[]): boolean {
    // Values and reason cells new to this ingest are added in the part's order, which is the order
    // in which a reading from the top would have met them.
    const remap = part.coded.map((c, j) => c.values.map((v, k) => builders[j].code(v, c.firstLine[k])));
    const cellMap = part.reasonCellText.map((t, c) => this.reasonCell(t, part.reasonCellAt[c].line, part.reasonCellAt[c].column));
    const conflicted = new Uint8Array(part.n);
    for (const q of part.conflictPersons) conflicted[q] = 1;
    const phases = this.phaseDay.length;
    const partCodes = part.coded.map((c) => c.codes);
    const { exitPhaseCol, exitDayCol, initiative, kind, outcome, exitEventDay, exitMarked } = part;
    // Persons already known, looked up first, so the columns grow once to the exact size (doubling
    // a million-person register for a few new persons would cost hundreds of MB).
    const known = new Int32Array(part.n);
    let fresh = 0;
    for (let q = 0; q < part.n; q++) if ((known[q] = this.byId.get(part.ids[q], part.hashes[q])) < 0) fresh++;
    if (this.n + fresh > this.cap) this.grow(this.n + fresh);
    this.byId.reserve(this.n + fresh);
    for (let q = 0; q < part.n; q++) {
      let g = known[q];
      if (g < 0) {
        g = this.newPerson(part.ids[q], part.lines[q], true, part.hashes[q]);
        for (let j = 0; j < builders.length; j++) {
          const c = partCodes[j][q];
          if (c >= 0) builders[j].codes[g] = remap[j][c];
        }
        for (let k = 0; k < phases; k++) this.phaseDay[k][g] = part.phaseDay[k][q];
        this.exitMarked[g] = exitMarked[q];
        this.exitPhaseCol[g] = exitPhaseCol[q];
        this.exitDayCol[g] = exitDayCol[q];
        this.exitEventDay[g] = exitEventDay[q];
        this.initiative[g] = initiative[q];
        this.kind[g] = kind[q];
        this.outcome[g] = outcome[q];
      } else {
        // A person whose rows continue from an earlier range: the first value of each column stays;
        // a different later value is a conflict, whose message needs the earlier rows.
        if (this.layout === 'person' || conflicted[q]) return false;
        for (let j = 0; j < builders.length; j++) {
          const c = partCodes[j][q];
          if (c < 0) continue;
          const codes = builders[j].codes;
          if (codes[g] < 0) codes[g] = remap[j][c];
          else if (codes[g] !== remap[j][c]) return false;
        }
        if (exitMarked[q]) {
          this.exitMarked[g] = 1;
          let v = exitPhaseCol[q];
          if (v >= 0) { if (this.exitPhaseCol[g] < 0) this.exitPhaseCol[g] = v; else if (this.exitPhaseCol[g] !== v) return false; }
          const d = exitDayCol[q];
          if (d === d) { if (Number.isNaN(this.exitDayCol[g])) this.exitDayCol[g] = d; else if (this.exitDayCol[g] !== d) return false; }
          v = initiative[q];
          if (v > 0) { if (this.initiative[g] === 0) this.initiative[g] = v; else if (this.initiative[g] !== v) return false; }
          v = kind[q];
          if (v > 0) { if (this.kind[g] === 0) this.kind[g] = v; else if (this.kind[g] !== v) return false; }
          const e = exitEventDay[q];
          if (e > this.exitEventDay[g] || Number.isNaN(this.exitEventDay[g])) this.exitEventDay[g] = e;
        }
        const o = outcome[q];
        if (o >= 0) { if (this.outcome[g] < 0) this.outcome[g] = o; else if (this.outcome[g] !== o) return false; }
        for (let k = 0; k < phases; k++) {
          const d = part.phaseDay[k][q];
          if (d < this.phaseDay[k][g]) this.phaseDay[k][g] = d;
        }
      }
      for (let k = part.reasonHead[q]; k >= 0; k = part.nodeNext[k]) this.linkReasonCell(g, cellMap[part.nodeCell[k]]);
    }
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Person-level fields

  private codedField(index: number, no: number, builder: () => CodedBuilder): PersonField {
    const b = builder();
    return {
      index, no, coded: b,
      read: (_p, v) => v,
      has: (p) => b.codes[p] >= 0,
      put: (p, x, line) => { b.codes[p] = b.code(x as string, line); },
      same: (p, x) => b.values[b.codes[p]] === x,
      shown: (p) => b.values[b.codes[p]],
    };
  }

  private cohortField(index: number, no: number): PersonField {
    const b = this.cohort;
    return {
      index, no,
      read: (_p, v, line) => {
        let mo: string | undefined;
        if (this.monthCache.has(v)) mo = this.monthCache.get(v);
        else {
          mo = parseMonth(v);
          if (this.monthCache.size < CACHE_LIMIT) this.monthCache.set(detach(v), mo);
        }
        if (mo === undefined) this.report('unreadable-cohort', 'error', index, `unreadable cohorts in column "${this.header[index]}"`, () => ({
          message: `line ${line}, column ${index + 1} "${this.header[index]}": "${excerpt(v)}" is not a month`,
          hint: 'write the cohort as 2021-09, 09/2021 or a date in its first month; or leave `cohort:` out of the mapping to use the month of the first phase date',
        }), line);
        return mo;
      },
      has: (p) => b.codes[p] >= 0,
      put: (p, x, line) => { b.codes[p] = b.code(x as string, line); },
      same: (p, x) => b.values[b.codes[p]] === x,
      shown: (p) => b.values[b.codes[p]],
    };
  }

  private exitDayField(index: number, no: number): PersonField {
    return {
      index, no,
      read: (p, v, line) => {
        this.exitMarked[p] = 1;
        return this.day(v, index, line);
      },
      has: (p) => !Number.isNaN(this.exitDayCol[p]),
      put: (p, x) => { this.exitDayCol[p] = x as number; },
      same: (p, x) => this.exitDayCol[p] === x,
      shown: (p) => isoDay(this.exitDayCol[p]),
    };
  }

  private exitPhaseField(index: number, no: number): PersonField {
    return {
      index, no,
      read: (p, v, line) => {
        this.exitMarked[p] = 1;
        const ph = this.phaseOf(v);
        if (ph >= 0) return ph;
        this.unknown('phase', v, line, index);
        return undefined;
      },
      has: (p) => this.exitPhaseCol[p] >= 0,
      put: (p, x) => { this.exitPhaseCol[p] = x as number; },
      same: (p, x) => this.exitPhaseCol[p] === x,
      shown: (p) => this.m.phases[this.exitPhaseCol[p]].id,
    };
  }

  /** A column of a few known values (initiative, exit kind, outcome); unknown spellings are warnings. */
  private enumField(
    index: number, no: number, what: string, array: () => Uint8Array | Int8Array, spellings: Map<string, number>,
    names: readonly string[], valuesKey: string, canon: string, marksExit: boolean,
  ): PersonField {
    const unset = marksExit ? 0 : -1;
    const cache = new Map<string, number>();
    return {
      index, no,
      read: (p, v, line) => {
        let c = cache.get(v);
        if (c === undefined) {
          c = spellings.get(spellingKey(v)) ?? -1;
          if (cache.size < CACHE_LIMIT) cache.set(detach(v), c);
        }
        if (c < 0) {
          this.unknown(`${what}|${valuesKey}|${canon}`, v, line, index);
          return undefined;
        }
        // Only a recognised value marks an exit: "n.v.t." in the initiative column of a non-leaver does not.
        if (marksExit) this.exitMarked[p] = 1;
        return c;
      },
      has: (p) => array()[p] !== unset,
      put: (p, x) => { array()[p] = x as number; },
      same: (p, x) => array()[p] === x,
      shown: (p) => names[array()[p]],
    };
  }

  /** A person-level column says something else on a later row: one warning per person and column. */
  private conflict(p: number, f: PersonField, v: string, line: number): void {
    const key = p * this.fields.length + f.no;
    if (this.conflicts.has(key)) return;
    this.conflicts.add(key);
    const col = this.header[f.index];
    this.report('conflicting-values', 'warning', f.index, `persons whose rows disagree in column "${col}" (the first value is used)`, () => ({
      message: `person "${excerpt(this.ids[p])}" (first row: line ${this.lines[p]}): column ${f.index + 1} "${col}" is "${excerpt(f.shown(p))}" in an earlier row but "${excerpt(v)}" on line ${line}; the first value is used`,
      hint: 'a person-level column should hold the same value on every row of the person: correct the register, or leave the cell empty on later rows',
    }), line);
  }

  /** Tally an unknown phase / initiative / kind / outcome spelling; reported once per spelling at the end. */
  private unknown(kind: string, v: string, line: number, index: number): void {
    const key = `${kind}\u0000${index}\u0000${v}`;
    const u = this.unknownValues.get(key);
    if (u) u.rows++;
    else this.unknownValues.set(detach(key), { raw: detach(v), line, column: index, rows: 1 });
  }

  // -------------------------------------------------------------------------------------------
  // Issues

  /** Push an issue unless MAX_ISSUES_PER_KIND of its kind (code and column) are shown already. */
  private report(code: string, severity: InputIssue['severity'], index: number, more: string, make: () => { message: string; hint?: string }, line: number): void {
    const key = `${code}\u0000${index}`;
    let c = this.capped.get(key);
    if (!c) this.capped.set(key, (c = { n: 0, severity, code, column: index >= 0 ? index + 1 : undefined, field: index >= 0 ? this.header[index] : undefined, more }));
    c.n++;
    if (c.n > MAX_ISSUES_PER_KIND) return;
    const { message, hint } = make();
    this.issues.push({ severity, file: this.file, line, column: c.column, field: c.field, code, message, hint });
  }

  // -------------------------------------------------------------------------------------------
  // Finish

  finish(): PathwayRegister {
    const n = this.n;
    const m = this.m;
    this.onProgress?.(this.rows);
    this.reportUnknownValues();
    this.reportDateFormats();
    this.days = this.phaseDay.map((a) => {
      const f = new Float64Array(n);
      for (let p = 0; p < n; p++) f[p] = a[p] === NO_DAY ? NaN : a[p];
      return f;
    });
    this.phaseDay = [];

    // Exits: phase and day, inferred where the register does not say.
    const exitPhase = new Int32Array(n).fill(-1);
    const exitDay = new Float64Array(n).fill(NaN);
    const phaseCount = m.phases.length;
    for (let p = 0; p < n; p++) {
      if (!this.exitMarked[p]) continue;
      const d = Number.isNaN(this.exitEventDay[p]) ? this.exitDayCol[p] : this.exitEventDay[p];
      exitDay[p] = d;
      let ph = this.exitPhaseCol[p];
      if (ph < 0) {
        // The last phase reached (on or before the exit day when it is known).
        ph = 0;
        for (let k = phaseCount - 1; k >= 0; k--) {
          const pd = this.days[k][p];
          if (!Number.isNaN(pd) && (Number.isNaN(d) || pd <= d)) { ph = k; break; }
        }
      }
      exitPhase[p] = ph;
    }
    const { reasonStart, reasonCodes } = this.resolveReasons(exitPhase);
    this.checkOrder();
    if (this.reasonColumns.length) this.checkExitReasons(exitPhase, reasonStart);

    // Cohort: the column, else the month of the earliest phase date.
    const cohort = this.cohort;
    const monthOfDay = new Map<number, number>();
    for (let p = 0; p < n; p++) {
      if (cohort.codes[p] >= 0) continue;
      let first = NaN;
      for (let k = 0; k < phaseCount; k++) {
        const d = this.days[k][p];
        if (!Number.isNaN(d) && !(d >= first)) first = d;
      }
      if (Number.isNaN(first)) continue;
      let code = monthOfDay.get(first);
      if (code === undefined) monthOfDay.set(first, (code = cohort.code(isoDay(first).slice(0, 7), this.lines[p])));
      cohort.codes[p] = code;
    }

    let dataEnd = m.dataEnd ?? NaN;
    if (m.dataEnd !== undefined) this.checkDataEnd(m.dataEnd, exitDay);
    else {
      let latest = -Infinity;
      for (const col of this.days) for (let p = 0; p < n; p++) if (col[p] > latest) latest = col[p];
      for (let p = 0; p < n; p++) if (exitDay[p] > latest) latest = exitDay[p];
      if (latest > -Infinity) dataEnd = latest;
    }

    const profile: Partial<Record<ProfileField, ProfileColumn>> = {};
    for (const [f, b] of this.profile) profile[f] = this.profileColumn(f, b);
    const attributes: Record<string, CodedColumn> = {};
    for (const [a, b] of this.attributes) attributes[a] = b.column(n);

    this.summariseCapped();
    return {
      file: this.file,
      name: this.name,
      phases: m.phases,
      startPhase: m.startPhase,
      qualificationPhase: m.qualificationPhase,
      reasons: m.reasons,
      persons: n,
      ids: this.ids,
      lines: this.lines.subarray(0, n),
      partnership: this.partnership.column(n),
      cohort: cohort.column(n),
      phaseDay: this.days,
      exitPhase,
      exitDay,
      exitInitiative: this.initiative.subarray(0, n),
      exitKind: this.kind.subarray(0, n),
      reasonStart,
      reasonCodes,
      outcome: this.outcome.subarray(0, n),
      profile,
      attributes,
      dataEnd,
      rows: this.rows,
      skipped: this.skipped,
    };
  }

  /**
   * Reason cells → reason indices per person. A spelling that names an `instap` and an `uitval`
   * reason ("gezondheid") is read by the phase the person left in: before the start of training, non-entry.
   */
  private resolveReasons(exitPhase: Int32Array): { reasonStart: Int32Array; reasonCodes: Int32Array } {
    const n = this.n;
    const m = this.m;
    // Each distinct cell is split and looked up once: a token is its [instap, uitval] slot, or the key of an unknown reason.
    const cellTokens: ([number, number] | string)[][] = this.reasonCellText.map((text, c) => {
      const out: ([number, number] | string)[] = [];
      for (const part of text.split(/[;|]/)) {
        const t = part.trim();
        if (!t) continue;
        const slot = m.reasonSpellings.get(spellingKey(t));
        if (slot) out.push(slot);
        else {
          const at = this.reasonCellAt[c];
          const key = `reason\u0000${at.column}\u0000${spellingKey(t)}`;
          if (!this.unknownValues.has(key)) this.unknownValues.set(key, { raw: t, line: at.line, column: at.column, rows: 0 });
          out.push(key);
        }
      }
      return out;
    });
    const start = m.startPhase;
    const reasonStart = new Int32Array(n + 1);
    let codes = new Int32Array(Math.max(16, this.nodes * 2));
    let count = 0;
    const seenUnknown = new Set<string>();
    for (let p = 0; p < n; p++) {
      reasonStart[p] = count;
      const from = count;
      const before = start >= 0 && exitPhase[p] >= 0 && exitPhase[p] < start;
      seenUnknown.clear();
      for (let k = this.reasonHead[p]; k >= 0; k = this.nodeNext[k]) {
        for (const slot of cellTokens[this.nodeCell[k]]) {
          if (typeof slot === 'string') {
            if (!seenUnknown.has(slot)) { seenUnknown.add(slot); this.unknownValues.get(slot)!.rows++; }
            continue;
          }
          const r = before ? (slot[0] >= 0 ? slot[0] : slot[1]) : (slot[1] >= 0 ? slot[1] : slot[0]);
          let dup = false;
          for (let j = from; j < count; j++) if (codes[j] === r) { dup = true; break; }
          if (dup) continue;
          if (count === codes.length) codes = grown(codes, codes.length * 2, 0);
          codes[count++] = r;
        }
      }
    }
    reasonStart[n] = count;
    // Unknown reasons were collected above; report them now (the rest of reportUnknownValues ran before).
    for (const [key, u] of this.unknownValues) if (key.startsWith('reason\u0000')) this.unknownReason(u);
    return { reasonStart, reasonCodes: codes.slice(0, count) };
  }

  private unknownReason(u: UnknownValue): void {
    const m = this.m;
    const col = this.header[u.column];
    const candidates = new Map<string, string>();
    for (const r of m.reasons) for (const s of [r.id, r.label.nl, ...r.aliases]) if (!candidates.has(s)) candidates.set(s, r.id);
    const near = closest(u.raw, candidates.keys(), 1);
    const nearId = near.length ? candidates.get(near[0]) : undefined;
    this.issues.push({
      severity: 'error', file: this.file, line: u.line, column: u.column + 1, field: col, code: 'unknown-reason',
      message: `reason "${excerpt(u.raw)}" on line ${u.line} (column ${u.column + 1} "${col}"${u.rows > 1 ? `; ${u.rows} persons` : ''}) is not in the reason codebook${nearId ? `; closest reason: "${nearId}"` : ''}`,
      hint: `${nearId ? `if it means "${nearId}", add it to that reason's aliases (\`reasons: { ${nearId}: ["${excerpt(u.raw)}"] }\`); otherwise ` : ''}add it as a reason of its own under \`reasons:\` in ${m.file} (label, kind: instap|uitval, levers); reason ids: ${m.reasons.map((r) => r.id).join(', ')}`,
    });
  }

  /** Unknown phase, initiative, kind and outcome spellings: one issue per distinct spelling. */
  private reportUnknownValues(): void {
    const m = this.m;
    for (const [key, u] of this.unknownValues) {
      const kind = key.slice(0, key.indexOf('\u0000'));
      if (kind === 'reason') continue;
      const col = this.header[u.column];
      const rows = u.rows > 1 ? `; ${u.rows} rows` : '';
      if (kind === 'phase') {
        const ids = m.phases.map((p) => p.id);
        const near = closest(u.raw, [...ids, ...m.phases.map((p) => p.label.nl)], 1);
        const nearId = near.length ? (ids.includes(near[0]) ? near[0] : m.phases.find((p) => p.label.nl === near[0])!.id) : undefined;
        const isEvent = u.column === this.eventPhaseColumn;
        this.issues.push({
          severity: 'error', file: this.file, line: u.line, column: u.column + 1, field: col, code: 'unknown-phase',
          message: `phase "${excerpt(u.raw)}" on line ${u.line} (column ${u.column + 1} "${col}"${rows}) is not in the phase list${nearId ? `; closest phase: "${nearId}"` : ''}${isEvent ? '; these events are not read' : ''}`,
          hint: `map the spelling in ${m.file}: \`${isEvent ? 'events.values' : 'exit.values.phase'}: { "${excerpt(u.raw)}": ${nearId ?? 'PHASE-ID'} }\`${isEvent ? ' (or list it under `events.exit` if it marks an exit)' : ''}; phases: ${ids.join(', ')}`,
        });
        continue;
      }
      const [what, valuesKey, canon] = kind.split('|');
      this.issues.push({
        severity: 'warning', file: this.file, line: u.line, column: u.column + 1, field: col, code: 'unknown-value',
        message: `"${excerpt(u.raw)}" on line ${u.line} (column ${u.column + 1} "${col}"${rows}) is not a known ${what}; it is counted as unknown`,
        hint: `map the spelling in ${m.file}: \`${valuesKey}: { "${excerpt(u.raw)}": ${canon} }\``,
      });
    }
  }

  /** A date column written in more than one format: one warning naming each format and its first line. */
  private reportDateFormats(): void {
    for (const [index, seen] of this.formatsSeen) {
      const used = seen.map((line, f) => ({ line, f })).filter((x) => x.line > 0).sort((a, b) => a.line - b.line);
      if (used.length < 2) continue;
      const col = this.header[index];
      this.issues.push({
        severity: 'warning', file: this.file, line: used[0].line, column: index + 1, field: col, code: 'mixed-date-formats',
        message: `column ${index + 1} "${col}" mixes date formats: ${used.map((u) => `${DATE_FORMATS[u.f]} (first on line ${u.line})`).join(', ')}; all are read (day first where the day comes first)`,
        hint: 'check that the dates were exported consistently: a spreadsheet that turned some dates into text may also have swapped day and month',
      });
    }
  }

  /** Phase dates that go backwards: a later phase dated before an earlier one (one warning per person). */
  private checkOrder(): void {
    const phases = this.m.phases;
    const cols = this.days;
    for (let p = 0; p < this.n; p++) {
      let maxDay = -Infinity;
      let maxPhase = -1;
      for (let k = 0; k < cols.length; k++) {
        const d = cols[k][p];
        if (Number.isNaN(d)) continue;
        if (d < maxDay) {
          const earlier = phases[maxPhase];
          const later = phases[k];
          const column = this.layout === 'person' ? (this.phaseColumns.find((c) => c.phase === k)?.index ?? -1) : this.eventDateColumn;
          this.report('dates-backwards', 'warning', column, 'persons whose phase dates go backwards', () => ({
            message: `person "${excerpt(this.ids[p])}" (line ${this.lines[p]}): phase "${later.id}" is dated ${isoDay(d)}, before the earlier phase "${earlier.id}" on ${isoDay(maxDay)}; the phase dates go backwards`,
            hint: 'check both dates in the register (day and month swapped? a typing error in the year?)',
          }), this.lines[p]);
          break;
        }
        maxDay = d;
        maxPhase = k;
      }
    }
  }

  /** Dates after `data_end`: survival would count events the censoring date says have not happened. */
  private checkDataEnd(end: number, exitDay: Float64Array): void {
    let persons = 0;
    let first = -1;
    let firstDay = NaN;
    for (let p = 0; p < this.n; p++) {
      let late = exitDay[p] > end ? exitDay[p] : NaN;
      for (const col of this.days) if (col[p] > end && !(col[p] <= late)) late = col[p];
      if (Number.isNaN(late)) continue;
      if (persons++ === 0) { first = p; firstDay = late; }
    }
    if (!persons) return;
    this.issues.push({
      severity: 'warning', file: this.file, line: this.lines[first], code: 'date-after-data-end',
      message: `${persons} person${persons === 1 ? ' has' : 's have'} dates after \`data_end\` (${isoDay(end)}), e.g. "${excerpt(this.ids[first])}" on line ${this.lines[first]} (${isoDay(firstDay)})`,
      hint: `set \`data_end\` in ${this.m.file} to the last day the register covers, or correct the dates`,
    });
  }

  /** Exits without any reason, when the mapping names a reason column. */
  private checkExitReasons(exitPhase: Int32Array, reasonStart: Int32Array): void {
    const col = this.reasonColumns[0];
    const names = this.reasonColumns.map((i) => `"${this.header[i]}"`).join(', ');
    for (let p = 0; p < this.n; p++) {
      // A person whose reasons are all unknown has an error for each already.
      if (exitPhase[p] < 0 || reasonStart[p + 1] > reasonStart[p] || this.reasonHead[p] >= 0) continue;
      this.report('exit-without-reason', 'warning', col, 'exits without a reason', () => ({
        message: `person "${excerpt(this.ids[p])}" (line ${this.lines[p]}) left in phase "${this.m.phases[exitPhase[p]].id}" but has no reason in ${names}`,
        hint: 'register why the person stopped (several reasons may be separated by ; or |); the reason tallies count this exit as "no reason given"',
      }), this.lines[p]);
    }
  }

  /** age and months_unemployed: numbers when (nearly) all cells are numbers, else categories. */
  private profileColumn(f: ProfileField, b: CodedBuilder): ProfileColumn {
    const column = this.m.profile[f]!;
    const data = b.column(this.n);
    const levels = this.m.profileLevels[f];
    if (levels) return { kind: 'category', column, data, levels: this.checkLevels(f, b, data, levels) };
    if (!NUMERIC_FIELDS.includes(f) || !data.values.length) return { kind: 'category', column, data };
    const numbers = data.values.map((v) => parseNumber(v));
    const persons = new Int32Array(data.values.length);
    for (const c of data.codes) if (c >= 0) persons[c]++;
    let numeric = 0;
    let other = 0;
    numbers.forEach((x, k) => { if (typeof x === 'number') numeric += persons[k]; else other += persons[k]; });
    if (numeric === 0 || numeric < NUMERIC_SHARE * (numeric + other)) return { kind: 'category', column, data };
    if (other > 0) {
      const bad = numbers.map((x, k) => ({ x, k })).filter((e) => typeof e.x !== 'number').sort((a, c) => b.firstLine[a.k] - b.firstLine[c.k]);
      const index = findColumn(this.header, column);
      this.issues.push({
        severity: 'warning', file: this.file, line: b.firstLine[bad[0].k], column: index + 1, field: column, code: 'not-a-number',
        message: `column ${index + 1} "${column}" (${f}) holds numbers, but ${other} person${other === 1 ? '' : 's'} have text: ${bad.slice(0, 3).map((e) => `"${excerpt(data.values[e.k])}" (line ${b.firstLine[e.k]})`).join(', ')}${bad.length > 3 ? ', …' : ''}; those are counted as missing`,
        hint: 'write a number (e.g. 33, or 17,5 months) or leave the cell empty',
      });
    }
    const values = new Float64Array(this.n);
    for (let p = 0; p < this.n; p++) {
      const c = data.codes[p];
      const x = c >= 0 ? numbers[c] : null;
      values[p] = typeof x === 'number' ? x : NaN;
    }
    return { kind: 'number', column, values };
  }

  /**
   * The declared levels with each spelled as in the register (compared without regard to case or
   * accents); values outside them are a warning and are listed after them.
   */
  private checkLevels(f: ProfileField, b: CodedBuilder, data: CodedColumn, levels: string[]): string[] {
    const declared = new Map(levels.map((l, i) => [spellingKey(l), i]));
    const spelled = [...levels];
    const outside: number[] = [];
    data.values.forEach((v, k) => {
      const i = declared.get(spellingKey(v));
      if (i === undefined) outside.push(k);
      else spelled[i] = v;
    });
    if (outside.length) {
      const column = this.m.profile[f]!;
      const index = findColumn(this.header, column);
      const persons = new Int32Array(data.values.length);
      for (const c of data.codes) if (c >= 0) persons[c]++;
      const n = outside.reduce((s, k) => s + persons[k], 0);
      outside.sort((a, c) => b.firstLine[a] - b.firstLine[c]);
      this.issues.push({
        severity: 'warning', file: this.file, line: b.firstLine[outside[0]], column: index + 1, field: column, code: 'unknown-level',
        message: `column ${index + 1} "${column}" (${f}) has value${outside.length === 1 ? '' : 's'} outside the declared levels (${levels.join(', ')}): ${outside.slice(0, 3).map((k) => `"${excerpt(data.values[k])}" (line ${b.firstLine[k]})`).join(', ')}${outside.length > 3 ? ', …' : ''}; ${n} person${n === 1 ? '' : 's'}, listed after the levels`,
        hint: `add the value${outside.length === 1 ? '' : 's'} to \`profile.${f}.levels\` in ${this.m.file}, or correct the register`,
      });
    }
    return spelled;
  }

  /** "… and N more" for every kind of issue that went over the cap. */
  private summariseCapped(): void {
    for (const c of this.capped.values()) {
      if (c.n <= MAX_ISSUES_PER_KIND) continue;
      this.issues.push({
        severity: c.severity, file: this.file, column: c.column, field: c.field, code: c.code,
        message: `… and ${c.n - MAX_ISSUES_PER_KIND} more ${c.more}`,
        hint: `the first ${MAX_ISSUES_PER_KIND} are listed above`,
      });
    }
  }
}

/** A trimmed cell ('' when absent). Cells that start and end in visible ASCII skip trim(), the common case. */
function cell(cells: string[], index: number): string {
  if (index < 0) return '';
  const v = cells[index];
  if (v === undefined || v === '') return '';
  const a = v.charCodeAt(0);
  const b = v.charCodeAt(v.length - 1);
  return a > 32 && a < 127 && b > 32 && b < 127 ? v : v.trim();
}

/** Exact header match first, then trimmed and case-insensitive. */
function findColumn(header: string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact >= 0) return exact;
  const want = name.trim().toLowerCase();
  return header.findIndex((h) => h.trim().toLowerCase() === want);
}
