/**
 * The register mapping YAML of a `pathways:` entry (DESIGN.md §5): which register column holds the
 * person id, the partnership, the cohort, the date of each phase (one row per person) or the phase and
 * date of each event (one row per event), the exit, its reasons, the outcome, the inflow profile and
 * other attributes. Validation names the line of every problem; the register is read by pathways.ts.
 *
 * Schema (every key but `person:` is optional; column names must match the register's header,
 * compared trimmed and case-insensitively):
 *
 * ```yaml
 * person: Cursist-ID                 # the person id column (required)
 * partnership: Partnerschap          # the partnership column
 * cohort: Startmaand                 # YYYY-MM, MM/YYYY or a date; default: the month of the first phase date
 * phase_list:                        # own phases replacing the ESF default (toeleiding … uitstroom), in order;
 *   - { id: intake, label: Intake }  #   label: text or { nl, en }; optional: true for a phase only some take;
 *   - { id: start, label: Start, start: true }   # start: true on the start of training (default: `opleiding`)
 *   - { id: attest, label: Attest, qualification: true }   # the qualification (default: `kwalificatie`)
 * phases:                            # layout person: phase id → its date column (any subset of the phase list)
 *   toeleiding: Datum doorverwijzing
 *   opleiding: Start opleiding
 * events:                            # layout event: one row per event
 *   phase: Fase                      #   the phase column
 *   date: Datum                      #   the date column
 *   values: { "Intakegesprek": intake, "Start opleiding": opleiding }  # spelling → phase id
 *   exit: [Stopzetting, Uitval]      #   phase-column values that mark an exit (its date is the exit date)
 * exit:
 *   phase: Fase uitval               # the phase the person left in (id, label or spelling); default: the last phase reached
 *   date: Datum uitval               # the day of the exit
 *   initiative: Initiatief           # own choice or advised (defaults: eigen keuze / geadviseerd …)
 *   kind: Soort stop                 # pause or definitive (defaults: pauze / definitief …)
 *   reasons: Redenen                 # one column or a list of columns; several reasons per cell split on ; or |
 *   values:                          # extra spellings: canonical → spellings, or spelling → canonical
 *     initiative: { own: [Zelf gestopt], advised: [Advies trio] }   # own|eigen-keuze, advised|geadviseerd
 *     kind: { pause: [Tijdelijk], definitive: [Stop] }              # pause|pauze, definitive|definitief
 *     phase: { "Opleiding gestart": opleiding }                      # spelling → phase id (any layout)
 * reasons:                           # extra reasons, or more spellings of built-in ones (src/model/pathway-reasons.ts)
 *   taal-te-laag: [NT2 niveau 1]                                     # a list: aliases of a known reason
 *   verhuis: { label: Verhuisd, kind: uitval, levers: [L4], aliases: [verhuisd] }
 * outcome:                           # a column, or { column, values } with spelling → outcome id
 *   column: Uitstroom                #   ids: job-kinderopvang, job-andere-sector, verder-studeren, nog-niet
 *   values: { "Job in de kinderopvang": job-kinderopvang }
 * profile:                           # inflow profile: canonical field → column; age and months_unemployed
 *   sex: Geslacht                    #   are read as numbers when their cells are numbers, else as categories
 *   age: Leeftijd
 *   education: { column: Opleidingsniveau, levels: [laag, midden, hoog] }   # levels: the order of the values
 *   months_unemployed: Maanden werkloos
 *   labour_status: Status voor start
 *   migration: Migratieachtergrond
 *   disability: Arbeidshandicap
 *   rural: Landelijk
 * attributes: [Trajectvariant, Aantal werkplekken]   # other columns, kept per person as written
 * data_end: 2023-12-31               # censoring date for survival; default: the latest date in the register
 * ```
 *
 * Spellings (phases, exit values, reasons, outcomes) are compared case- and accent-insensitively, with
 * `-`, `_`, `/` and runs of spaces treated alike; ids and labels are always accepted.
 */
import type { InputIssue } from '../model/types.js';
import { ESF_PHASES, EXIT_KIND, INITIATIVE, OUTCOMES, PROFILE_FIELDS, type PhaseDef, type ProfileField, type ReasonDef } from '../model/pathways.js';
import { BUILTIN_REASONS } from '../model/pathway-reasons.js';
import { closest, fold } from '../model/issues.js';
import { parseDay } from './cells.js';
import { parseYaml, readSideFile, unknownKeyIssue, type YamlSource } from './yaml.js';

export const MAPPING_KEYS = ['person', 'partnership', 'cohort', 'phase_list', 'phases', 'events', 'exit', 'reasons', 'outcome', 'profile', 'attributes', 'data_end'] as const;
const PHASE_LIST_KEYS = ['id', 'label', 'optional', 'start', 'qualification'];
const EVENT_KEYS = ['phase', 'date', 'values', 'exit'];
const EXIT_KEYS = ['phase', 'date', 'initiative', 'kind', 'reasons', 'values'];
const EXIT_VALUE_KEYS = ['initiative', 'kind', 'phase'];
const REASON_KEYS = ['label', 'kind', 'levers', 'aliases'];
const OUTCOME_KEYS = ['column', 'values'];
const LEVERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'];

/** Canonical names of INITIATIVE codes 1, 2 (index + 1), as the mapping may write them. */
const INITIATIVE_NAMES: readonly string[][] = [['own', 'eigen-keuze'], ['advised', 'geadviseerd']];
/** Canonical names of EXIT_KIND codes 1, 2 (index + 1). */
const KIND_NAMES: readonly string[][] = [['pause', 'pauze'], ['definitive', 'definitief']];

/** Register spellings recognised without a mapping (compared as spelling keys). */
export const DEFAULT_INITIATIVE_SPELLINGS: Record<'own' | 'advised', string[]> = {
  own: ['eigen keuze', 'eigen initiatief', 'op eigen initiatief', 'eigen beslissing', 'zelf', 'zelf gestopt', 'cursist'],
  advised: ['geadviseerd', 'advies', 'op advies', 'geadviseerde stop', 'advies partnerschap', 'advies trio', 'trio-gesprek'],
};
export const DEFAULT_KIND_SPELLINGS: Record<'pause' | 'definitive', string[]> = {
  pause: ['pauze', 'tijdelijk', 'tijdelijke stop', 'tijdelijke pauze', 'onderbreking', 'onderbroken'],
  definitive: ['definitief', 'definitieve stop', 'definitief gestopt', 'stopgezet', 'gestopt', 'stop'],
};
export const DEFAULT_OUTCOME_SPELLINGS: Record<(typeof OUTCOMES)[number], string[]> = {
  'job-kinderopvang': ['job in de kinderopvang', 'werk in de kinderopvang', 'job kinderopvang', 'kinderopvang', 'aan het werk in de kinderopvang'],
  'job-andere-sector': ['job in een andere sector', 'werk in een andere sector', 'job andere sector', 'andere sector'],
  'verder-studeren': ['verder studeren', 'studeert verder', 'verdere studie'],
  'nog-niet': ['nog niet', 'nog niet aan het werk', 'niet aan het werk', 'nog niet inzetbaar', 'werkzoekend'],
};

export interface PathwayMapping {
  /** Display path of the mapping file. */
  file: string;
  person: string;
  partnership?: string;
  cohort?: string;
  phases: PhaseDef[];
  /** Index into `phases` of the start of training (exits before it are non-entry); -1 when there is none. */
  startPhase: number;
  /** Index into `phases` of the qualification; -1 when there is none. */
  qualificationPhase: number;
  /** Person layout: phase index → its date column, in phase order. */
  phaseColumns: { phase: number; column: string }[];
  /** Event layout: the phase and date columns and the phase-column spellings that mark an exit. */
  events?: { phase: string; date: string; exit: Set<string> };
  /** Spelling key → phase index: ids, labels, `events.values` and `exit.values.phase`. */
  phaseSpellings: Map<string, number>;
  exit: { phase?: string; date?: string; initiative?: string; kind?: string; reasons: string[] };
  /** Spelling key → INITIATIVE code. */
  initiativeSpellings: Map<string, number>;
  /** Spelling key → EXIT_KIND code. */
  kindSpellings: Map<string, number>;
  /** The reason codebook: the built-in reasons, then the mapping's own. */
  reasons: ReasonDef[];
  /** Spelling key → reason index per kind: [instap, uitval], -1 where the spelling names none. */
  reasonSpellings: Map<string, [number, number]>;
  outcome?: string;
  /** Spelling key → index into OUTCOMES. */
  outcomeSpellings: Map<string, number>;
  profile: Partial<Record<ProfileField, string>>;
  /** Declared order of a profile field's values (`levels:`), low to high. */
  profileLevels: Partial<Record<ProfileField, string[]>>;
  attributes: string[];
  /** `data_end` as a day number; undefined when not given. */
  dataEnd?: number;
  /** 1-based line in the mapping of each mapped column, by role (`person`, `phases.intake`, `exit.date`, `profile.age` …). */
  lines: Record<string, number | undefined>;
}

/**
 * The form in which spellings are compared: case and accents folded, `-`, `_`, `/` and runs of white
 * space made one space, a trailing full stop dropped ("Taal-te laag." = "taal te laag").
 */
export function spellingKey(s: string): string {
  return fold(s).replace(/[-_/\s]+/g, ' ').replace(/\.$/, '').trim();
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Read and validate a mapping file. Never throws; `mapping` is absent when there are errors. */
export function loadPathwayMapping(abs: string, display: string, layout?: 'person' | 'event'): { mapping?: PathwayMapping; issues: InputIssue[] } {
  const read = readSideFile(abs, display, 'the register mapping', 'check `mapping:` in the `pathways:` entry of hefboom.yaml');
  if (read.issue) return { issues: [read.issue] };
  const text = read.text;
  const y = parseYaml(text, display);
  if (y.issues.length) return { issues: y.issues };
  return parsePathwayMapping(y, display, layout);
}

/** Validate a parsed mapping (exported for tests that build mappings from text). */
export function parsePathwayMapping(y: YamlSource, file: string, layout?: 'person' | 'event'): { mapping?: PathwayMapping; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const err = (path: (string | number)[], code: string, message: string, hint?: string, field?: string) =>
    issues.push({ severity: 'error', file, line: y.lineOf(path), field, code, message, hint });
  const warn = (path: (string | number)[], code: string, message: string, hint?: string, field?: string) =>
    issues.push({ severity: 'warning', file, line: y.keyLineOf(path), field, code, message, hint });
  const v = y.value;
  if (!isMap(v)) {
    err([], 'bad-value', 'the register mapping must be a YAML mapping with at least `person:`', 'start from examples/esf-trajecten/register-mapping.yaml');
    return { issues };
  }
  for (const k of Object.keys(v)) if (!(MAPPING_KEYS as readonly string[]).includes(k)) issues.push(unknownKeyIssue(file, y, [k], k, MAPPING_KEYS, 'in the register mapping'));

  const lines: Record<string, number | undefined> = {};
  /** A column name at `path`: a non-empty text (numbers are taken as text). */
  const column = (path: (string | number)[], val: unknown, role: string): string | undefined => {
    if (val === undefined || val === null) return undefined;
    if (typeof val !== 'string' && typeof val !== 'number') {
      err(path, 'bad-value', `\`${path.join('.')}\` must be a column name`, `e.g. \`${path[path.length - 1]}: Kolomnaam\`; leave the key out when the register has no such column`, role);
      return undefined;
    }
    const name = String(val).trim();
    if (!name) {
      err(path, 'bad-value', `\`${path.join('.')}\` names no column`, 'give the column header as it appears in the register, or remove the line', role);
      return undefined;
    }
    lines[role] = y.lineOf(path);
    return name;
  };

  // person, partnership, cohort
  const person = column(['person'], v.person, 'person');
  if (v.person === undefined || v.person === null) err([], 'missing-key', 'the register mapping has no `person:` (the column holding the person id)', 'add `person: <column with the person id>`, e.g. `person: Cursist-ID`: rows are grouped on it', 'person');
  const partnership = column(['partnership'], v.partnership, 'partnership');
  const cohort = column(['cohort'], v.cohort, 'cohort');

  // phase_list
  const { phases, startPhase, qualificationPhase } = readPhaseList(v.phase_list, y, file, issues);
  const phaseIds = phases.map((p) => p.id);
  const phaseIndex = (id: unknown): number => (typeof id === 'string' ? phaseIds.indexOf(id.trim()) : -1);
  const unknownPhase = (path: (string | number)[], id: string, where: string) => {
    const near = closest(id, phaseIds, 1);
    err(path, 'unknown-phase', `phase "${id}" ${where} is not in the phase list`, `${near.length ? `did you mean "${near[0]}"? ` : ''}phases: ${phaseIds.join(', ')}${v.phase_list === undefined ? ' (the ESF default; give `phase_list:` for your own)' : ''}`, id);
  };

  // phases (person layout)
  const phaseColumns: { phase: number; column: string }[] = [];
  if (v.phases !== undefined && v.phases !== null) {
    if (!isMap(v.phases)) err(['phases'], 'bad-value', '`phases:` must map phase ids to date columns', 'e.g. `phases: { intake: Datum intake, opleiding: Start opleiding }`');
    else for (const [id, col] of Object.entries(v.phases)) {
      const p = phaseIndex(id);
      if (p < 0) { unknownPhase(['phases', id], id, 'under `phases:`'); continue; }
      const name = column(['phases', id], col, `phases.${id}`);
      if (name !== undefined) phaseColumns.push({ phase: p, column: name });
    }
    phaseColumns.sort((a, b) => a.phase - b.phase);
  }

  // Phase spellings: ids and labels first, then the mapping's own.
  const phaseSpellings = new Map<string, number>();
  phases.forEach((p, i) => {
    for (const s of [p.label.nl, p.label.en]) if (!phaseSpellings.has(spellingKey(s))) phaseSpellings.set(spellingKey(s), i);
  });
  phases.forEach((p, i) => phaseSpellings.set(spellingKey(p.id), i));
  const userPhaseSpellings = new Map<string, number>();
  const phaseSpelling = (path: (string | number)[], spelling: string, target: unknown) => {
    const p = phaseIndex(typeof target === 'string' ? target : String(target));
    if (p < 0) { unknownPhase(path, String(target), `(for "${spelling}")`); return; }
    const key = spellingKey(spelling);
    const prior = userPhaseSpellings.get(key);
    if (prior !== undefined && prior !== p) err(path, 'duplicate-spelling', `the spelling "${spelling}" is given for phases "${phaseIds[prior]}" and "${phaseIds[p]}"`, 'give every register spelling for one phase only');
    userPhaseSpellings.set(key, p);
    phaseSpellings.set(key, p);
  };
  const phaseValues = (path: (string | number)[], node: unknown) => {
    if (node === undefined || node === null) return;
    if (!isMap(node)) { err(path, 'bad-value', `\`${path.join('.')}\` must map register spellings to phase ids`, 'e.g. `values: { "Intakegesprek": intake }`'); return; }
    for (const [k, val] of Object.entries(node)) {
      if (Array.isArray(val)) {
        // The other direction: phase id → [spellings].
        if (phaseIndex(k) < 0) { unknownPhase([...path, k], k, `under \`${path.join('.')}\``); continue; }
        for (const s of val) phaseSpelling([...path, k], String(s), k);
      } else phaseSpelling([...path, k], k, val);
    }
  };

  // events (event layout)
  let events: PathwayMapping['events'];
  if (v.events !== undefined && v.events !== null) {
    if (!isMap(v.events)) err(['events'], 'bad-value', '`events:` must be a mapping with `phase:` and `date:`', 'e.g. `events: { phase: Fase, date: Datum }`');
    else {
      const e = v.events;
      for (const k of Object.keys(e)) if (!EVENT_KEYS.includes(k)) issues.push(unknownKeyIssue(file, y, ['events', k], k, EVENT_KEYS, 'under `events:`'));
      const phase = column(['events', 'phase'], e.phase, 'events.phase');
      const date = column(['events', 'date'], e.date, 'events.date');
      if (e.phase === undefined || e.phase === null) err(['events'], 'missing-key', '`events:` has no `phase:` (the column naming the phase of each event)', 'e.g. `phase: Fase`');
      if (e.date === undefined || e.date === null) err(['events'], 'missing-key', '`events:` has no `date:` (the column with the date of each event)', 'e.g. `date: Datum`');
      phaseValues(['events', 'values'], e.values);
      const exit = new Set<string>();
      if (e.exit !== undefined && e.exit !== null) {
        const list = Array.isArray(e.exit) ? e.exit : [e.exit];
        list.forEach((s, i) => {
          if (typeof s !== 'string' && typeof s !== 'number') { err(['events', 'exit', i], 'bad-value', '`events.exit` must list the phase-column values that mark an exit', 'e.g. `exit: [Stopzetting, Uitval]`'); return; }
          exit.add(spellingKey(String(s)));
        });
      }
      for (const s of exit) if (userPhaseSpellings.has(s)) err(['events', 'exit'], 'duplicate-spelling', `"${s}" is listed under \`events.exit\` and also names phase "${phaseIds[userPhaseSpellings.get(s)!]}"`, 'a phase-column value is either a phase or an exit');
      if (phase && date) events = { phase, date, exit };
    }
  }

  // exit
  const exit: PathwayMapping['exit'] = { reasons: [] };
  const initiativeSpellings = new Map<string, number>();
  const kindSpellings = new Map<string, number>();
  for (const [k, list] of Object.entries(DEFAULT_INITIATIVE_SPELLINGS)) for (const s of list) initiativeSpellings.set(spellingKey(s), INITIATIVE[k as 'own' | 'advised']);
  for (const [k, list] of Object.entries(DEFAULT_KIND_SPELLINGS)) for (const s of list) kindSpellings.set(spellingKey(s), EXIT_KIND[k as 'pause' | 'definitive']);
  if (v.exit !== undefined && v.exit !== null) {
    if (!isMap(v.exit)) err(['exit'], 'bad-value', '`exit:` must map phase, date, initiative, kind and reasons to columns', 'e.g. `exit: { date: Datum uitval, reasons: Redenen }`');
    else {
      const e = v.exit;
      for (const k of Object.keys(e)) if (!EXIT_KEYS.includes(k)) issues.push(unknownKeyIssue(file, y, ['exit', k], k, EXIT_KEYS, 'under `exit:`'));
      exit.phase = column(['exit', 'phase'], e.phase, 'exit.phase');
      exit.date = column(['exit', 'date'], e.date, 'exit.date');
      exit.initiative = column(['exit', 'initiative'], e.initiative, 'exit.initiative');
      exit.kind = column(['exit', 'kind'], e.kind, 'exit.kind');
      if (e.reasons !== undefined && e.reasons !== null) {
        const list = Array.isArray(e.reasons) ? e.reasons : [e.reasons];
        list.forEach((c, i) => {
          const name = column(Array.isArray(e.reasons) ? ['exit', 'reasons', i] : ['exit', 'reasons'], c, `exit.reasons${Array.isArray(e.reasons) ? `.${i}` : ''}`);
          if (name !== undefined && !exit.reasons.includes(name)) exit.reasons.push(name);
        });
      }
      if (e.values !== undefined && e.values !== null) {
        if (!isMap(e.values)) err(['exit', 'values'], 'bad-value', '`exit.values` must be a mapping with initiative, kind and/or phase', 'e.g. `values: { initiative: { own: [Zelf] }, kind: { pause: [Tijdelijk] } }`');
        else for (const [k, node] of Object.entries(e.values)) {
          if (!EXIT_VALUE_KEYS.includes(k)) { issues.push(unknownKeyIssue(file, y, ['exit', 'values', k], k, EXIT_VALUE_KEYS, 'under `exit.values:`')); continue; }
          if (k === 'phase') phaseValues(['exit', 'values', 'phase'], node);
          else readSpellings(['exit', 'values', k], node, k === 'initiative' ? INITIATIVE_NAMES : KIND_NAMES, (i) => i + 1, k === 'initiative' ? initiativeSpellings : kindSpellings, y, file, issues);
        }
      }
    }
  }

  // reasons
  const { reasons, reasonSpellings } = readReasons(v.reasons, y, file, issues);

  // outcome
  let outcome: string | undefined;
  const outcomeSpellings = new Map<string, number>();
  OUTCOMES.forEach((o, i) => {
    outcomeSpellings.set(spellingKey(o), i);
    for (const s of DEFAULT_OUTCOME_SPELLINGS[o]) outcomeSpellings.set(spellingKey(s), i);
  });
  if (v.outcome !== undefined && v.outcome !== null) {
    if (isMap(v.outcome)) {
      for (const k of Object.keys(v.outcome)) if (!OUTCOME_KEYS.includes(k)) issues.push(unknownKeyIssue(file, y, ['outcome', k], k, OUTCOME_KEYS, 'under `outcome:`'));
      outcome = column(['outcome', 'column'], v.outcome.column, 'outcome');
      if (v.outcome.column === undefined || v.outcome.column === null) err(['outcome'], 'missing-key', '`outcome:` has no `column:`', 'e.g. `outcome: { column: Uitstroom }`');
      if (v.outcome.values !== undefined && v.outcome.values !== null) {
        readSpellings(['outcome', 'values'], v.outcome.values, OUTCOMES.map((o) => [o]), (i) => i, outcomeSpellings, y, file, issues);
      }
    } else outcome = column(['outcome'], v.outcome, 'outcome');
  }

  // profile
  const profile: Partial<Record<ProfileField, string>> = {};
  const profileLevels: Partial<Record<ProfileField, string[]>> = {};
  if (v.profile !== undefined && v.profile !== null) {
    if (!isMap(v.profile)) err(['profile'], 'bad-value', '`profile:` must map inflow-profile fields to columns', `fields: ${PROFILE_FIELDS.join(', ')}`);
    else for (const [k, col] of Object.entries(v.profile)) {
      if (!(PROFILE_FIELDS as readonly string[]).includes(k)) { issues.push(unknownKeyIssue(file, y, ['profile', k], k, PROFILE_FIELDS, 'under `profile:` (not an inflow-profile field)')); continue; }
      // `education: Opleiding`, or `education: { column: Opleiding, levels: [laag, midden, hoog] }`.
      let name: string | undefined;
      if (isMap(col)) {
        for (const key of Object.keys(col)) if (key !== 'column' && key !== 'levels') issues.push(unknownKeyIssue(file, y, ['profile', k, key], key, ['column', 'levels'], `under \`profile.${k}\``));
        name = column(['profile', k, 'column'], col.column, `profile.${k}`);
        if (name === undefined) err(['profile', k], 'missing-key', `\`profile.${k}\` needs \`column:\``, `e.g. \`${k}: { column: Kolomnaam, levels: [laag, midden, hoog] }\``, `profile.${k}`);
        if (col.levels !== undefined) {
          const levels = Array.isArray(col.levels) ? col.levels.map((l) => String(l).trim()).filter((l) => l !== '') : [];
          if (!levels.length) err(['profile', k, 'levels'], 'bad-value', `\`profile.${k}.levels\` must be a list of the column's values in order`, 'e.g. `levels: [laag, midden, hoog]`', `profile.${k}`);
          else profileLevels[k as ProfileField] = levels;
        }
      } else name = column(['profile', k], col, `profile.${k}`);
      if (name !== undefined) profile[k as ProfileField] = name;
    }
  }

  // attributes
  const attributes: string[] = [];
  if (v.attributes !== undefined && v.attributes !== null) {
    const list = Array.isArray(v.attributes) ? v.attributes : [v.attributes];
    list.forEach((a, i) => {
      const name = column(Array.isArray(v.attributes) ? ['attributes', i] : ['attributes'], a, `attributes.${i}`);
      if (name !== undefined && !attributes.includes(name)) attributes.push(name);
    });
  }

  // data_end
  let dataEnd: number | undefined;
  if (v.data_end !== undefined && v.data_end !== null) {
    const d = v.data_end instanceof Date ? Math.floor(v.data_end.getTime() / 86_400_000) : typeof v.data_end === 'string' ? parseDay(v.data_end) : undefined;
    if (d === undefined || d === null || Number.isNaN(d)) err(['data_end'], 'bad-value', `\`data_end\` must be a date such as 2023-12-31, not ${JSON.stringify(v.data_end)}`, 'the last day the register covers; people still in a phase then are censored', 'data_end');
    else dataEnd = d;
  }

  // The layout decides which of phases/events is needed.
  if (layout === 'person') {
    if (v.phases === undefined || v.phases === null) err([], 'missing-key', 'a register with one row per person (`layout: person`) needs `phases:` mapping phase ids to their date columns', 'e.g. `phases: { intake: Datum intake, opleiding: Start opleiding }`');
    if (v.events !== undefined) warn(['events'], 'events-ignored', '`events:` describes a register with one row per event, but the entry has `layout: person`; it is not read', 'set `layout: event` in the `pathways:` entry, or remove `events:`');
  } else if (layout === 'event') {
    if (v.events === undefined || v.events === null) err([], 'missing-key', 'a register with one row per event (`layout: event`) needs `events:` with its phase and date columns', 'e.g. `events: { phase: Fase, date: Datum }`');
    if (v.phases !== undefined) warn(['phases'], 'phases-ignored', '`phases:` maps date columns of a register with one row per person, but the entry has `layout: event`; it is not read', 'set `layout: person` in the `pathways:` entry, or remove `phases:`');
  }

  // In file order, whichever part of the mapping found them.
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (issues.some((i) => i.severity === 'error') || person === undefined) return { issues };
  return {
    mapping: {
      file, person, partnership, cohort, phases, startPhase, qualificationPhase, phaseColumns, events, phaseSpellings, exit,
      initiativeSpellings, kindSpellings, reasons, reasonSpellings, outcome, outcomeSpellings, profile, profileLevels, attributes, dataEnd, lines,
    },
    issues,
  };
}

/** `phase_list:` (or the ESF default) and the indices of the start of training and of the qualification. */
function readPhaseList(node: unknown, y: YamlSource, file: string, issues: InputIssue[]): { phases: PhaseDef[]; startPhase: number; qualificationPhase: number } {
  const fallback = () => ({
    phases: ESF_PHASES.map((p) => ({ ...p, label: { ...p.label } })),
    startPhase: ESF_PHASES.findIndex((p) => p.id === 'opleiding'),
    qualificationPhase: ESF_PHASES.findIndex((p) => p.id === 'kwalificatie'),
  });
  if (node === undefined || node === null) return fallback();
  const err = (path: (string | number)[], message: string, hint?: string) => issues.push({ severity: 'error', file, line: y.lineOf(path), code: 'bad-value', message, hint, field: 'phase_list' });
  if (!Array.isArray(node) || !node.length) {
    err(['phase_list'], '`phase_list:` must be a list of phases in order', 'e.g. `- { id: intake, label: Intake }`; leave it out for the ESF phases');
    return fallback();
  }
  const phases: PhaseDef[] = [];
  let start = -1;
  let qualification = -1;
  node.forEach((p, i) => {
    const path = ['phase_list', i];
    let id: string;
    let label: PhaseDef['label'];
    let optional = false;
    let isStart = false;
    let isQualification = false;
    if (typeof p === 'string') {
      id = p.trim();
      label = { nl: id, en: id };
    } else if (isMap(p)) {
      for (const k of Object.keys(p)) if (!PHASE_LIST_KEYS.includes(k)) issues.push(unknownKeyIssue(file, y, [...path, k], k, PHASE_LIST_KEYS, `in phase ${i + 1} of \`phase_list:\``));
      id = typeof p.id === 'string' || typeof p.id === 'number' ? String(p.id).trim() : '';
      if (isMap(p.label)) {
        const nl = p.label.nl ?? p.label.en;
        const en = p.label.en ?? p.label.nl;
        label = { nl: String(nl ?? id), en: String(en ?? id) };
      } else if (p.label !== undefined && p.label !== null) label = { nl: String(p.label), en: String(p.label) };
      else label = { nl: id, en: id };
      if (p.optional !== undefined && typeof p.optional !== 'boolean') err([...path, 'optional'], '`optional` must be true or false');
      optional = p.optional === true;
      if (p.start !== undefined && typeof p.start !== 'boolean') err([...path, 'start'], '`start` must be true or false');
      if (p.start === true) {
        if (start >= 0) err([...path, 'start'], `two phases are marked \`start: true\` ("${phases[start].id}" and "${id}")`, 'mark only the start of training');
        else isStart = true;
      }
      if (p.qualification !== undefined && typeof p.qualification !== 'boolean') err([...path, 'qualification'], '`qualification` must be true or false');
      if (p.qualification === true) {
        if (qualification >= 0) err([...path, 'qualification'], `two phases are marked \`qualification: true\` ("${phases[qualification].id}" and "${id}")`, 'mark only the phase in which people qualify');
        else isQualification = true;
      }
    } else {
      err(path, `phase ${i + 1} of \`phase_list:\` must be a mapping with \`id:\` and \`label:\``, 'e.g. `- { id: intake, label: Intake }`');
      return;
    }
    if (!/^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u.test(id)) {
      err(path, `phase ${i + 1} of \`phase_list:\` needs an \`id:\` of letters, digits, - or _ (got ${JSON.stringify(id)})`, 'e.g. `id: intake`');
      return;
    }
    if (phases.some((q) => q.id === id)) {
      err([...path, 'id'], `phase id "${id}" appears twice in \`phase_list:\``, 'give every phase its own id');
      return;
    }
    if (isStart) start = phases.length;
    if (isQualification) qualification = phases.length;
    phases.push({ id, label, optional });
  });
  if (!phases.length) return fallback();
  if (start < 0) start = phases.findIndex((p) => p.id === 'opleiding');
  if (qualification < 0) qualification = phases.findIndex((p) => p.id === 'kwalificatie');
  if (qualification >= 0 && start >= 0 && qualification <= start) {
    err(['phase_list', qualification], `the qualification ("${phases[qualification].id}") must come after the start of training ("${phases[start].id}") in \`phase_list:\``, 'list the phases in the order people go through them');
    qualification = -1;
  }
  return { phases, startPhase: start, qualificationPhase: qualification };
}

/**
 * Spellings of a small canonical set (`values:` under exit and outcome), in either direction:
 * `canonical: [spellings]` or `spelling: canonical`. `names[i]` lists the names of canonical value i;
 * `code(i)` is what the map stores.
 */
function readSpellings(
  path: (string | number)[], node: unknown, names: readonly string[][], code: (i: number) => number,
  target: Map<string, number>, y: YamlSource, file: string, issues: InputIssue[],
): void {
  const err = (p: (string | number)[], message: string, hint?: string) => issues.push({ severity: 'error', file, line: y.lineOf(p), code: 'bad-value', message, hint });
  const all = names.flat();
  const canon = (s: unknown): number => (typeof s === 'string' ? names.findIndex((ns) => ns.some((n) => spellingKey(n) === spellingKey(s))) : -1);
  if (!isMap(node)) {
    err(path, `\`${path.join('.')}\` must map each value to its register spellings`, `e.g. \`{ ${names[0][0]}: [Spelling] }\`; values: ${all.join(', ')}`);
    return;
  }
  const given = new Map<string, number>();
  const add = (p: (string | number)[], spelling: string, i: number) => {
    const key = spellingKey(spelling);
    const prior = given.get(key);
    if (prior !== undefined && prior !== i) err(p, `the spelling "${spelling}" is given for both "${names[prior][0]}" and "${names[i][0]}"`, 'give every register spelling under one value only');
    given.set(key, i);
    target.set(key, code(i));
  };
  for (const [k, val] of Object.entries(node)) {
    const p = [...path, k];
    const byValue = typeof val === 'string' ? canon(val) : -1;
    if (byValue >= 0) { add(p, k, byValue); continue; }
    const byKey = canon(k);
    if (byKey >= 0 && (typeof val === 'string' || typeof val === 'number' || Array.isArray(val))) {
      for (const s of Array.isArray(val) ? val : [val]) add(p, String(s), byKey);
      continue;
    }
    const wrong = byKey >= 0 ? String(val) : typeof val === 'string' ? val : k;
    const near = closest(wrong, all, 1);
    err(p, `"${wrong}" under \`${path.join('.')}\` is not one of the values ${all.join(', ')}`, `${near.length ? `did you mean "${near[0]}"? ` : ''}write \`value: [spellings]\` or \`"spelling": value\``);
  }
}

/** The built-in reasons plus `reasons:` of the mapping, and the spelling index over all of them. */
function readReasons(node: unknown, y: YamlSource, file: string, issues: InputIssue[]): { reasons: ReasonDef[]; reasonSpellings: Map<string, [number, number]> } {
  const reasons: ReasonDef[] = BUILTIN_REASONS.map((r) => ({ ...r, label: { ...r.label }, levers: [...r.levers], aliases: [...r.aliases] }));
  const err = (p: (string | number)[], message: string, hint?: string, field?: string) => issues.push({ severity: 'error', file, line: y.lineOf(p), code: 'bad-value', message, hint, field });
  /** Where each reason's user-given spellings came from (for collision messages). */
  const userPath = new Map<number, (string | number)[]>();
  if (node !== undefined && node !== null) {
    if (!isMap(node)) err(['reasons'], '`reasons:` must map reason ids to their label, kind, levers and aliases', 'e.g. `reasons: { verhuis: { label: Verhuisd, kind: uitval, levers: [L4] } }`');
    else for (const [id, def] of Object.entries(node)) {
      const path = ['reasons', id];
      const known = reasons.findIndex((r) => r.id === id);
      const strings = (p: (string | number)[], val: unknown, what: string): string[] | undefined => {
        if (val === undefined || val === null) return [];
        const list = Array.isArray(val) ? val : [val];
        if (list.some((x) => typeof x !== 'string' && typeof x !== 'number')) { err(p, `${what} must be a list of texts`); return undefined; }
        return list.map((x) => String(x).trim()).filter((x) => x !== '');
      };
      if (Array.isArray(def) || typeof def === 'string') {
        if (known < 0) {
          const near = closest(id, reasons.map((r) => r.id), 1);
          err(path, `"${id}" under \`reasons:\` is not a built-in reason, so it needs \`kind:\` (instap or uitval) and \`label:\``, `${near.length ? `did you mean "${near[0]}"? ` : ''}or write \`${id}: { label: …, kind: uitval, levers: [L4], aliases: [...] }\``, id);
          continue;
        }
        const aliases = strings(path, def, `the aliases of "${id}"`);
        if (aliases) reasons[known].aliases.push(...aliases);
        userPath.set(known, path);
        continue;
      }
      if (!isMap(def)) { err(path, `\`reasons.${id}\` must be a mapping with label, kind, levers and aliases, or a list of aliases`, undefined, id); continue; }
      for (const k of Object.keys(def)) if (!REASON_KEYS.includes(k)) issues.push(unknownKeyIssue(file, y, [...path, k], k, REASON_KEYS, `in reason "${id}"`));
      let kind: ReasonDef['kind'] | undefined = known >= 0 ? reasons[known].kind : undefined;
      if (def.kind !== undefined && def.kind !== null) {
        if (def.kind === 'instap' || def.kind === 'uitval') kind = def.kind;
        else { err([...path, 'kind'], `\`kind\` of reason "${id}" must be instap (non-entry before the start) or uitval (dropout during training), not "${String(def.kind)}"`, undefined, id); continue; }
      } else if (kind === undefined) { err(path, `the new reason "${id}" has no \`kind:\``, 'add `kind: instap` (non-entry before the start of training) or `kind: uitval` (dropout during training)', id); continue; }
      let label: ReasonDef['label'] = known >= 0 ? reasons[known].label : { nl: id, en: id };
      if (isMap(def.label)) label = { nl: String(def.label.nl ?? def.label.en ?? id), en: String(def.label.en ?? def.label.nl ?? id) };
      else if (def.label !== undefined && def.label !== null) label = { nl: String(def.label), en: String(def.label) };
      let levers = known >= 0 ? reasons[known].levers : [];
      if (def.levers !== undefined && def.levers !== null) {
        const list = strings([...path, 'levers'], def.levers, '`levers`');
        if (!list) continue;
        const bad = list.find((l) => !LEVERS.includes(l.toUpperCase()));
        if (bad !== undefined) {
          const near = closest(bad, LEVERS, 1);
          err([...path, 'levers'], `"${bad}" in the levers of reason "${id}" is not a lever`, `${near.length ? `did you mean "${near[0]}"? ` : ''}levers: ${LEVERS.join(', ')}`, id);
          continue;
        }
        levers = list.map((l) => l.toUpperCase());
      }
      const aliases = strings([...path, 'aliases'], def.aliases, `the aliases of "${id}"`);
      if (!aliases) continue;
      const r: ReasonDef = { id, label, kind, levers, aliases: known >= 0 ? [...reasons[known].aliases, ...aliases] : aliases };
      if (known >= 0) reasons[known] = r;
      else reasons.push(r);
      userPath.set(known >= 0 ? known : reasons.length - 1, path);
    }
  }
  // Spelling index: ids, labels and aliases; one reason per spelling and kind.
  const reasonSpellings = new Map<string, [number, number]>();
  reasons.forEach((r, i) => {
    const k = r.kind === 'instap' ? 0 : 1;
    for (const s of [r.id, r.label.nl, r.label.en, ...r.aliases]) {
      const key = spellingKey(s);
      if (!key) continue;
      const slot = reasonSpellings.get(key) ?? [-1, -1];
      if (slot[k] >= 0 && slot[k] !== i) {
        const other = reasons[slot[k]];
        // A reason's id always names that reason (a new reason `verhuis` overrides the built-in alias
        // "verhuis"); two aliases or labels alike are the mapping's to fix.
        if (spellingKey(r.id) === key) slot[k] = i;
        else if (spellingKey(other.id) !== key) {
          const at = userPath.get(i) ?? userPath.get(slot[k]) ?? ['reasons'];
          err(at, `the spelling "${s}" names two ${r.kind} reasons: "${other.id}" and "${r.id}"`, 'remove it from the aliases (or label) of one of them', r.id);
        }
      } else slot[k] = i;
      reasonSpellings.set(key, slot);
    }
  });
  return { reasons, reasonSpellings };
}
