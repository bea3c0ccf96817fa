/**
 * The project file `hefboom.yaml` (DESIGN.md §5): finding it, validating it with messages that name
 * the key, the line and the closest valid key, and keeping every path inside the project folder.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Attributes, InputIssue, SegmentColumns, SourceEntry, SourceFormat } from '../model/types.js';
import { closest } from '../model/issues.js';
import { parseYaml, unknownKeyIssue, type YamlSource } from './yaml.js';
import { isSupportedEncoding } from './decode.js';
import { parseDay } from './cells.js';

export const PROJECT_FILE = 'hefboom.yaml';

export const SOURCE_FORMATS: readonly SourceFormat[] = [
  'transcript', 'segments', 'qdpx', 'qdc', 'qualcoder-csv', 'taguette-csv', 'docx', 'odt', 'vtt', 'srt',
];
/** Formats this version reads; the others are part of the design and arrive with later versions. */

const TOP_KEYS = [
  'name', 'language', 'codebook', 'frameworks', 'roles', 'speakers', 'speaker_labels', 'coders', 'primary_coder',
  'attributes', 'sources', 'surveys', 'crm', 'memoq_scores', 'pathways', 'stage', 'words', 'report', 'checks',
] as const;
/** Keys of a `pathways:` (learner register) and a `stage:` (stage evaluations) entry. */
const PATHWAY_KEYS = ['path', 'mapping', 'layout', 'encoding', 'delimiter', 'sheet', 'name'];
const STAGE_KEYS = ['path', 'definition', 'encoding', 'delimiter', 'sheet', 'name'];
const SURVEY_KEYS = ['path', 'kind', 'definition', 'join', 'encoding', 'delimiter', 'sheet', 'invited', 'name', 'window'];
const CRM_KEYS = ['path', 'mapping', 'unit', 'encoding', 'delimiter', 'sheet'];
const MEMOQ_SCORE_KEYS = ['path', 'encoding', 'delimiter', 'columns'];
export const SURVEY_KINDS = ['staff', 'coach', 'other'] as const;
const WORDS_KEYS = ['stopwords'];
const SOURCE_KEYS = [
  'path', 'format', 'coder', 'encoding', 'attributes', 'default_role', 'quote_labels', 'speaker_labels', 'delimiter',
  'columns', 'code_separator', 'texts', 'documents', 'merge_gap_seconds', 'headings', 'external_sources',
];
const COLUMN_KEYS = ['text', 'codes', 'document', 'speaker', 'coder', 'start', 'end', 'memo', 'attributes'];
const ATTRIBUTE_KEYS = ['documents', 'speakers'];
const REPORT_KEYS = ['out', 'formats', 'suppress_below'];

export interface Project {
  /** Absolute folder that holds the project (paths are relative to it). */
  root: string;
  /** Absolute path of hefboom.yaml; undefined for an ad-hoc project built from files on the command line. */
  file?: string;
  name: string;
  language: 'nl' | 'en';
  codebook?: string;
  frameworks: string[];
  roles?: string;
  speakers: Record<string, string>;
  speakerLabels: 'roles' | 'any';
  /** Canonical coder name → aliases. */
  coders: Record<string, string[]>;
  primaryCoder?: string;
  attributeTables: { documents?: string; speakers?: string };
  sources: SourceEntry[];
  report: { out?: string; formats?: string[]; suppress_below?: number };
  /** `words:` — extra stopwords for `words`, `kwic` and `autocode` (a file, one word per line). */
  words: { stopwords?: string };
  /** `surveys:` — survey exports with their definitions (DESIGN.md §5). */
  surveys: SurveyEntry[];
  /** `crm:` — CRM exports of coaching trajectories with their column mapping. */
  crm: CrmEntry[];
  /** `memoq_scores:` — MeMoQ dimension scores per location at the begin photo and at the end. */
  memoqScores: MemoqScoreEntry[];
  /** `pathways:` — learner registers (ESF model) with their column mapping. */
  pathways: PathwayEntry[];
  /** `stage:` — internship evaluations (Uniform) with their definition. */
  stage: StageEntry[];
  /** `checks:` — the rules file of `hefboom report --check` (relative to the project folder). */
  checks?: string;
}

/** One `pathways:` entry: a learner register and the mapping of its columns to phases and fields. */
export interface PathwayEntry {
  path: string;
  /** Mapping YAML (phases, columns, reason and value lists). */
  mapping: string;
  /** One row per person (a date column per phase), or one row per event (person, phase, date). */
  layout: 'person' | 'event';
  /** Name used in output (`--register NAME`); default the file name without extension. */
  name: string;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  line?: number;
}

/** One `stage:` entry: stage evaluations (trainee × moment × indicator) and their definition. */
export interface StageEntry {
  path: string;
  /** Definition YAML (scale, indicators and clusters, moments, feedback columns). */
  definition: string;
  name: string;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  line?: number;
}

/** One `surveys:` entry. Paths are relative to the project folder. */
export interface SurveyEntry {
  path: string;
  kind: 'staff' | 'coach' | 'other';
  /** Survey definition YAML (items, scales, constructs). */
  definition: string;
  /** Name used in output and on the command line (`--survey NAME`); default: the file name without extension. */
  name: string;
  /** CRM field → survey column, e.g. { trajectory: traject_id } or { coach: coach_id }. */
  join: Record<string, string>;
  encoding?: string;
  delimiter?: string;
  /** XLSX: the sheet to read (name or 1-based number); default the first. */
  sheet?: string;
  /** Number of people the survey was sent to when no CRM field counts them (e.g. 46 coaches). */
  invited?: number;
  /** Survey window (`window: 2023-02-01..2023-05-15`): trajectories that ended in it make up the population of `impact`. */
  window?: { since?: number; until?: number };
  /** 1-based line of the entry in hefboom.yaml. */
  line?: number;
}

/** One `crm:` entry. */
export interface CrmEntry {
  path: string;
  /** Mapping YAML from the export's column names to canonical fields. */
  mapping: string;
  /** One row per trajectory, or one row per contact moment (aggregated by trajectory). */
  unit: 'trajectory' | 'contact';
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  line?: number;
}

/** One `memoq_scores:` entry: columns location, dimension, moment (begin|eind), score (1–4). */
export interface MemoqScoreEntry {
  path: string;
  encoding?: string;
  delimiter?: string;
  /** Column names when they differ from location, dimension, moment, score. */
  columns: { location?: string; dimension?: string; moment?: string; score?: string };
  line?: number;
}

/** CRM fields a survey may be joined on. */
export const JOIN_FIELDS = ['trajectory', 'coach', 'location', 'employer'] as const;

/** Walk upward from `start` to the nearest folder holding hefboom.yaml. */
export function findProjectFile(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, PROJECT_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `-p` accepts the folder or the file itself. */
export function projectFileFromOption(p: string): string {
  const abs = resolve(p);
  if (existsSync(abs) && statSync(abs).isDirectory()) return join(abs, PROJECT_FILE);
  return abs;
}

/** A path relative to the project that must stay inside it (DESIGN.md §5). Returns an issue when it escapes. */
export function checkInside(root: string, p: string, file: string, line: number | undefined, field: string): InputIssue | undefined {
  const abs = resolve(root, p);
  const rel = relative(root, abs);
  let escapes = isAbsolute(p) || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  if (!escapes && existsSync(abs)) {
    // A symlink inside the folder may still point outside it.
    const realRoot = realpathSync(root);
    const realRel = relative(realRoot, realpathSync(abs));
    escapes = realRel === '..' || realRel.startsWith(`..${sep}`) || isAbsolute(realRel);
  }
  if (!escapes) return undefined;
  return {
    severity: 'error', file, line, field, code: 'path-escapes-project',
    message: `path "${p}" leaves the project folder`,
    hint: 'copy or link the data into the project folder and use a relative path such as `data/…`',
  };
}

const isMapping = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Read and validate a project file. Never throws for input problems. */
export function loadProjectFile(file: string, displayName = PROJECT_FILE): { project?: Project; issues: InputIssue[] } {
  if (!existsSync(file)) {
    return {
      issues: [{
        severity: 'error', file: displayName, code: 'no-project',
        message: `no project file at ${file}`,
        hint: 'run `hefboom init DIR` to create one, pass `-p DIR`, or give input files directly (`hefboom tally a.txt`)',
      }],
    };
  }
  const y = parseYaml(readFileSync(file, 'utf8'), displayName);
  const issues: InputIssue[] = [...y.issues];
  if (issues.length) return { issues };
  const root = dirname(file);
  const v = y.value;
  if (!isMapping(v)) {
    issues.push({ severity: 'error', file: displayName, line: 1, code: 'project-shape', message: 'the project file must be a mapping of keys (name:, codebook:, sources: …)' });
    return { issues };
  }
  const err = (path: (string | number)[], code: string, message: string, hint?: string, field?: string) =>
    issues.push({ severity: 'error', file: displayName, line: y.lineOf(path), code, message, hint, field: field ?? (String(path[path.length - 1] ?? '') || undefined) });
  const str = (path: (string | number)[], val: unknown): string | undefined => {
    if (val === undefined || val === null) return undefined;
    if (typeof val === 'string' || typeof val === 'number') return String(val);
    err(path, 'bad-value', `\`${path.join('.')}\` must be a text value`);
    return undefined;
  };
  const inside = (path: (string | number)[], p: string | undefined) => {
    if (p === undefined) return undefined;
    const issue = checkInside(root, p, displayName, y.lineOf(path), String(path[path.length - 1]));
    if (issue) { issues.push(issue); return undefined; }
    return p;
  };

  for (const k of Object.keys(v)) {
    if (!(TOP_KEYS as readonly string[]).includes(k)) issues.push(unknownKeyIssue(displayName, y, [k], k, TOP_KEYS, 'in the project file'));
  }

  const language = str(['language'], v.language) ?? 'nl';
  if (language !== 'nl' && language !== 'en') err(['language'], 'bad-value', `language must be nl or en, not "${language}"`);

  let frameworks: string[] = [];
  if (v.frameworks !== undefined) {
    if (!Array.isArray(v.frameworks)) err(['frameworks'], 'bad-value', '`frameworks:` must be a list (e.g. [levers, memoq, frameworks/ceelen.yaml])');
    else frameworks = v.frameworks.map(String);
    frameworks.forEach((f, i) => { if (/\.ya?ml$/i.test(f)) inside(['frameworks', i], f); });
  }

  const speakers: Record<string, string> = {};
  if (v.speakers !== undefined) {
    if (!isMapping(v.speakers)) err(['speakers'], 'bad-value', '`speakers:` must map names to roles, e.g. { Sofie: kinderbegeleider }');
    else for (const [name, role] of Object.entries(v.speakers)) speakers[name] = String(role);
  }
  const coders: Record<string, string[]> = {};
  if (v.coders !== undefined) {
    if (!isMapping(v.coders)) err(['coders'], 'bad-value', '`coders:` must map a coder name to its aliases, e.g. { Annelies: [A, AP] }');
    else for (const [name, al] of Object.entries(v.coders)) coders[name] = Array.isArray(al) ? al.map(String) : al == null ? [] : [String(al)];
  }
  const speakerLabels = str(['speaker_labels'], v.speaker_labels) ?? 'roles';
  if (speakerLabels !== 'roles' && speakerLabels !== 'any') err(['speaker_labels'], 'bad-value', `speaker_labels must be roles or any, not "${speakerLabels}"`);

  const attributeTables: Project['attributeTables'] = {};
  if (v.attributes !== undefined) {
    if (!isMapping(v.attributes)) err(['attributes'], 'bad-value', '`attributes:` must be a mapping with `documents:` and/or `speakers:`');
    else for (const [k, val] of Object.entries(v.attributes)) {
      if (!ATTRIBUTE_KEYS.includes(k)) issues.push(unknownKeyIssue(displayName, y, ['attributes', k], k, ATTRIBUTE_KEYS, 'under `attributes:`'));
      else attributeTables[k as 'documents' | 'speakers'] = inside(['attributes', k], str(['attributes', k], val));
    }
  }

  const report: Project['report'] = {};
  if (v.report !== undefined) {
    if (!isMapping(v.report)) err(['report'], 'bad-value', '`report:` must be a mapping');
    else for (const k of Object.keys(v.report)) {
      if (!REPORT_KEYS.includes(k)) issues.push(unknownKeyIssue(displayName, y, ['report', k], k, REPORT_KEYS, 'under `report:`'));
    }
    if (isMapping(v.report)) {
      const sb = v.report.suppress_below;
      if (sb !== undefined) {
        if (typeof sb !== 'number' || !Number.isInteger(sb) || sb < 0) err(['report', 'suppress_below'], 'bad-value', '`suppress_below` must be a whole number ≥ 0');
        else report.suppress_below = sb;
      }
      if (v.report.out !== undefined) report.out = inside(['report', 'out'], str(['report', 'out'], v.report.out));
      if (Array.isArray(v.report.formats)) report.formats = v.report.formats.map(String);
    }
  }

  const words: Project['words'] = {};
  if (v.words !== undefined) {
    if (!isMapping(v.words)) err(['words'], 'bad-value', '`words:` must be a mapping, e.g. `words: { stopwords: extra-stopwoorden.txt }`');
    else for (const [k, val] of Object.entries(v.words)) {
      if (!WORDS_KEYS.includes(k)) issues.push(unknownKeyIssue(displayName, y, ['words', k], k, WORDS_KEYS, 'under `words:`'));
      else words.stopwords = inside(['words', k], str(['words', k], val));
    }
  }

  const sources: SourceEntry[] = [];
  if (v.sources === undefined) {
    // A survey- or CRM-only project has no transcripts, and that is fine.
    if (v.surveys === undefined && v.crm === undefined && v.memoq_scores === undefined && v.pathways === undefined && v.stage === undefined) issues.push({ severity: 'warning', file: displayName, line: 1, code: 'no-sources', message: 'the project lists no `sources:`; there is nothing to analyse', hint: 'add a `sources:` list, e.g. `- {path: transcripts/*.txt, format: transcript}`' });
  } else if (!Array.isArray(v.sources)) {
    err(['sources'], 'bad-value', '`sources:` must be a list of entries with `path:` and `format:`');
  } else {
    v.sources.forEach((s: unknown, i: number) => {
      const entry = readSourceEntry(s, i, displayName, y, issues, inside);
      if (entry) sources.push(entry);
    });
  }

  const surveys = readList('surveys', v.surveys, displayName, y, issues, (e, i) => readSurveyEntry(e, i, displayName, y, issues, inside));
  const crm = readList('crm', v.crm, displayName, y, issues, (e, i) => readCrmEntry(e, i, displayName, y, issues, inside));
  const memoqScores = readList('memoq_scores', v.memoq_scores, displayName, y, issues, (e, i) => readMemoqEntry(e, i, displayName, y, issues, inside));
  const pathways = readList('pathways', v.pathways, displayName, y, issues, (e, i) => readPathwayEntry(e, i, displayName, y, issues, inside));
  const stage = readList('stage', v.stage, displayName, y, issues, (e, i) => readStageEntry(e, i, displayName, y, issues, inside));
  const names = new Set<string>();
  for (const s of surveys) {
    if (names.has(s.name)) issues.push({ severity: 'error', file: displayName, line: s.line, field: 'name', code: 'duplicate-survey', message: `two surveys are called "${s.name}"`, hint: 'give one of them `name:`' });
    names.add(s.name);
  }

  const project: Project = {
    root,
    file,
    name: str(['name'], v.name) ?? basename(root),
    language: language === 'en' ? 'en' : 'nl',
    codebook: inside(['codebook'], str(['codebook'], v.codebook)),
    frameworks,
    roles: inside(['roles'], str(['roles'], v.roles)),
    speakers,
    speakerLabels: speakerLabels === 'any' ? 'any' : 'roles',
    coders,
    primaryCoder: str(['primary_coder'], v.primary_coder),
    attributeTables,
    sources,
    report,
    words,
    surveys,
    crm,
    memoqScores,
    pathways,
    stage,
    checks: inside(['checks'], str(['checks'], v.checks)),
  };
  return { project, issues };
}

type Inside = (path: (string | number)[], p: string | undefined) => string | undefined;

/** A top-level list of entries (`surveys:`, `crm:`, `memoq_scores:`); a single mapping is taken as a list of one. */
function readList<T>(key: string, val: unknown, file: string, y: YamlSource, issues: InputIssue[], read: (e: Record<string, unknown>, i: number) => T | undefined): T[] {
  if (val === undefined || val === null) return [];
  const list = Array.isArray(val) ? val : [val];
  const out: T[] = [];
  list.forEach((e, i) => {
    if (!isMapping(e)) {
      issues.push({ severity: 'error', file, line: y.lineOf([key, i]), field: key, code: 'bad-value', message: `entry ${i + 1} of \`${key}:\` must be a mapping with \`path:\`` });
      return;
    }
    const r = read(e, Array.isArray(val) ? i : -1);
    if (r) out.push(r);
  });
  return out;
}

/** Shared checks of one data entry: known keys, a path inside the project, encoding, delimiter, sheet. */
function readDataEntry(key: string, keys: string[], e: Record<string, unknown>, i: number, file: string, y: YamlSource, issues: InputIssue[], inside: Inside) {
  const at = (k?: string): (string | number)[] => (i < 0 ? (k === undefined ? [key] : [key, k]) : k === undefined ? [key, i] : [key, i, k]);
  const label = i < 0 ? `\`${key}:\`` : `${key} entry ${i + 1}`;
  const err = (k: string | undefined, code: string, message: string, hint?: string) =>
    issues.push({ severity: 'error', file, line: y.lineOf(at(k)), field: k, code, message, hint });
  for (const k of Object.keys(e)) if (!keys.includes(k)) issues.push(unknownKeyIssue(file, y, at(k), k, keys, `in ${label}`));
  const text = (k: string): string | undefined => {
    const val = e[k];
    if (val === undefined || val === null) return undefined;
    if (typeof val === 'string' || typeof val === 'number') return String(val);
    err(k, 'bad-value', `\`${k}\` in ${label} must be a text value`);
    return undefined;
  };
  let path: string | undefined;
  if (typeof e.path !== 'string' || !e.path.trim()) err(undefined, 'missing-key', `${label} has no \`path:\``, 'give the data file, e.g. `path: data/export.csv`');
  else path = inside(at('path'), e.path);
  const encoding = text('encoding');
  if (encoding && !isSupportedEncoding(encoding)) err('encoding', 'bad-value', `unknown encoding "${encoding}"`, 'use utf-8, windows-1252, iso-8859-1 or utf-16le');
  const delimiter = text('delimiter')?.replace('\\t', '\t');
  if (delimiter !== undefined && delimiter.length !== 1) err('delimiter', 'bad-value', `\`delimiter\` must be one character, not "${delimiter}"`, 'e.g. delimiter: ";"');
  return { at, label, err, text, path, encoding, delimiter, sheet: text('sheet'), line: y.lineOf(at()), inside: (k: string, p: string | undefined) => inside(at(k), p) };
}

function readSurveyEntry(e: Record<string, unknown>, i: number, file: string, y: YamlSource, issues: InputIssue[], inside: Inside): SurveyEntry | undefined {
  const d = readDataEntry('surveys', SURVEY_KEYS, e, i, file, y, issues, inside);
  const kind = d.text('kind') ?? 'staff';
  if (!(SURVEY_KINDS as readonly string[]).includes(kind)) d.err('kind', 'bad-value', `\`kind\` must be staff, coach or other, not "${kind}"`);
  const defText = d.text('definition');
  if (defText === undefined) d.err(undefined, 'missing-key', `${d.label} has no \`definition:\` (the survey definition YAML)`, 'see "Survey definitions" in the README');
  const definition = d.inside('definition', defText);
  const join: Record<string, string> = {};
  if (e.join !== undefined) {
    if (!isMapping(e.join)) d.err('join', 'bad-value', '`join:` must map a CRM field to a survey column, e.g. { trajectory: traject_id }');
    else for (const [k, val] of Object.entries(e.join)) {
      // DESIGN.md writes { trajectory: trajectory_id }; accept either side naming the CRM field.
      const fieldOf = (s: string) => (JOIN_FIELDS as readonly string[]).find((f) => f === s || `${f}_id` === s);
      const kf = fieldOf(k);
      const vf = fieldOf(String(val));
      if (kf) join[kf] = String(val);
      else if (vf) join[vf] = k;
      else d.err('join', 'bad-value', `\`join:\` names no CRM field in "${k}: ${String(val)}"`, `the CRM fields a survey joins on: ${JOIN_FIELDS.join(', ')}`);
    }
  }
  let invited: number | undefined;
  if (e.invited !== undefined) {
    if (typeof e.invited !== 'number' || !Number.isInteger(e.invited) || e.invited < 1) d.err('invited', 'bad-value', '`invited` must be a whole number ≥ 1 (how many people received the survey)');
    else invited = e.invited;
  }
  let window: SurveyEntry['window'];
  const w = e.window instanceof Date ? undefined : d.text('window');
  if (w !== undefined) {
    const r = parseDayRange(w);
    if (!r) d.err('window', 'bad-value', `\`window\` must be FROM..TO with dates as 2023-02-01 or 1/2/2023 (either end may be left open), not "${w}"`, 'e.g. window: 2023-02-01..2023-05-15');
    else window = r;
  }
  if (!d.path || !definition) return undefined;
  const name = d.text('name') ?? basename(d.path).replace(/\.[^.]+$/, '');
  return { path: d.path, kind: kind as SurveyEntry['kind'], definition, name, join, encoding: d.encoding, delimiter: d.delimiter, sheet: d.sheet, invited, window, line: d.line };
}

function readCrmEntry(e: Record<string, unknown>, i: number, file: string, y: YamlSource, issues: InputIssue[], inside: Inside): CrmEntry | undefined {
  const d = readDataEntry('crm', CRM_KEYS, e, i, file, y, issues, inside);
  const mapText = d.text('mapping');
  if (mapText === undefined) d.err(undefined, 'missing-key', `${d.label} has no \`mapping:\` (the column mapping YAML)`, 'see "CRM mapping" in the README');
  const mapping = d.inside('mapping', mapText);
  const unit = d.text('unit') ?? 'trajectory';
  if (unit !== 'trajectory' && unit !== 'contact') d.err('unit', 'bad-value', `\`unit\` must be trajectory (one row per trajectory) or contact (one row per contact moment), not "${unit}"`);
  if (!d.path || !mapping) return undefined;
  return { path: d.path, mapping, unit: unit === 'contact' ? 'contact' : 'trajectory', encoding: d.encoding, delimiter: d.delimiter, sheet: d.sheet, line: d.line };
}

function readPathwayEntry(e: Record<string, unknown>, i: number, file: string, y: YamlSource, issues: InputIssue[], inside: Inside): PathwayEntry | undefined {
  const d = readDataEntry('pathways', PATHWAY_KEYS, e, i, file, y, issues, inside);
  const mapText = d.text('mapping');
  if (mapText === undefined) d.err(undefined, 'missing-key', `${d.label} has no \`mapping:\` (the register mapping YAML)`, 'see "Learner registers" in the README');
  const mapping = d.inside('mapping', mapText);
  const layout = d.text('layout') ?? 'person';
  if (layout !== 'person' && layout !== 'event') d.err('layout', 'bad-value', `\`layout\` must be person (one row per person, a date column per phase) or event (one row per event: person, phase, date), not "${layout}"`);
  if (!d.path || !mapping) return undefined;
  const name = d.text('name') ?? basename(d.path).replace(/\.[^.]+$/, '');
  return { path: d.path, mapping, layout: layout === 'event' ? 'event' : 'person', name, encoding: d.encoding, delimiter: d.delimiter, sheet: d.sheet, line: d.line };
}

function readStageEntry(e: Record<string, unknown>, i: number, file: string, y: YamlSource, issues: InputIssue[], inside: Inside): StageEntry | undefined {
  const d = readDataEntry('stage', STAGE_KEYS, e, i, file, y, issues, inside);
  const defText = d.text('definition');
  if (defText === undefined) d.err(undefined, 'missing-key', `${d.label} has no \`definition:\` (the stage definition YAML)`, 'see "Stage evaluations" in the README');
  const definition = d.inside('definition', defText);
  if (!d.path || !definition) return undefined;
  const name = d.text('name') ?? basename(d.path).replace(/\.[^.]+$/, '');
  return { path: d.path, definition, name, encoding: d.encoding, delimiter: d.delimiter, sheet: d.sheet, line: d.line };
}

function readMemoqEntry(e: Record<string, unknown>, i: number, file: string, y: YamlSource, issues: InputIssue[], inside: Inside): MemoqScoreEntry | undefined {
  const d = readDataEntry('memoq_scores', MEMOQ_SCORE_KEYS, e, i, file, y, issues, inside);
  const columns: MemoqScoreEntry['columns'] = {};
  if (e.columns !== undefined) {
    const keys = ['location', 'dimension', 'moment', 'score'];
    if (!isMapping(e.columns)) d.err('columns', 'bad-value', '`columns:` must map location, dimension, moment and score to column names');
    else for (const [k, val] of Object.entries(e.columns)) {
      if (!keys.includes(k)) issues.push(unknownKeyIssue(file, y, [...d.at('columns'), k], k, keys, 'under `columns:`'));
      else columns[k as keyof MemoqScoreEntry['columns']] = String(val);
    }
  }
  if (!d.path) return undefined;
  return { path: d.path, encoding: d.encoding, delimiter: d.delimiter, columns, line: d.line };
}

function readSourceEntry(
  s: unknown, i: number, file: string, y: YamlSource, issues: InputIssue[],
  inside: (path: (string | number)[], p: string | undefined) => string | undefined,
): SourceEntry | undefined {
  const at = (k?: string) => (k === undefined ? ['sources', i] : ['sources', i, k]);
  const err = (k: string | undefined, code: string, message: string, hint?: string) =>
    issues.push({ severity: 'error', file, line: y.lineOf(at(k)), field: k, code, message, hint });
  if (!isMapping(s)) { err(undefined, 'bad-value', `source ${i + 1} must be a mapping with \`path:\` and \`format:\``); return undefined; }
  for (const k of Object.keys(s)) if (!SOURCE_KEYS.includes(k)) issues.push(unknownKeyIssue(file, y, ['sources', i, k], k, SOURCE_KEYS, `in source ${i + 1}`));
  if (typeof s.path !== 'string' || !s.path.trim()) { err(undefined, 'missing-key', `source ${i + 1} has no \`path:\``, 'give a file or a glob such as `transcripts/*.txt`'); return undefined; }
  const path = inside(at('path'), s.path);
  let format = s.format === undefined ? guessFormat(s.path) : String(s.format);
  if (!format) { err('format', 'missing-key', `source ${i + 1} (${s.path}) has no \`format:\` and its extension does not tell`, `formats: ${SOURCE_FORMATS.join(', ')}`); return undefined; }
  if (!(SOURCE_FORMATS as readonly string[]).includes(format)) {
    const near = closest(format, SOURCE_FORMATS, 1);
    err('format', 'bad-value', `unknown format "${format}" in source ${i + 1}`, near.length ? `did you mean "${near[0]}"? formats: ${SOURCE_FORMATS.join(', ')}` : `formats: ${SOURCE_FORMATS.join(', ')}`);
    return undefined;
  }
  const attributes: Attributes = {};
  if (s.attributes !== undefined) {
    if (!isMapping(s.attributes)) err('attributes', 'bad-value', '`attributes:` of a source must be a mapping, e.g. { year: 2 }');
    else for (const [k, val] of Object.entries(s.attributes)) attributes[k] = val instanceof Date ? val.toISOString().slice(0, 10) : String(val);
  }
  const encoding = s.encoding === undefined ? undefined : String(s.encoding);
  if (encoding && !isSupportedEncoding(encoding)) err('encoding', 'bad-value', `unknown encoding "${encoding}"`, 'use utf-8, windows-1252, iso-8859-1 or utf-16le');
  let columns: SegmentColumns | undefined;
  if (s.columns !== undefined) {
    if (!isMapping(s.columns)) err('columns', 'bad-value', '`columns:` must map roles to column names, e.g. { text: Segment, codes: Code }');
    else {
      for (const k of Object.keys(s.columns)) if (!COLUMN_KEYS.includes(k)) issues.push(unknownKeyIssue(file, y, ['sources', i, 'columns', k], k, COLUMN_KEYS, `under \`columns:\` of source ${i + 1}`));
      const c = s.columns;
      const opt = (k: string) => (c[k] === undefined || c[k] === null ? undefined : String(c[k]));
      const attrs = c.attributes === undefined ? [] : Array.isArray(c.attributes) ? c.attributes.map(String) : [String(c.attributes)];
      columns = { text: opt('text'), codes: opt('codes') ?? '', document: opt('document'), speaker: opt('speaker'), coder: opt('coder'), start: opt('start'), end: opt('end'), memo: opt('memo'), attributes: attrs };
      if (!columns.codes) err('columns', 'missing-key', `source ${i + 1}: \`columns:\` needs \`codes:\` (the column holding the code names)`);
    }
  }
  if (format === 'segments' && !columns) err(undefined, 'missing-key', `source ${i + 1} (segments) needs a \`columns:\` mapping`, 'e.g. columns: { text: Segment, codes: Code, document: Document }');
  const documents: Record<string, string> | undefined = isMapping(s.documents) ? Object.fromEntries(Object.entries(s.documents).map(([k, val]) => [k, String(val)])) : undefined;
  const bool = (k: string) => {
    const val = s[k];
    if (val === undefined) return undefined;
    if (typeof val !== 'boolean') { err(k, 'bad-value', `\`${k}\` must be true or false`); return undefined; }
    return val;
  };
  const speakerLabels = s.speaker_labels === undefined ? undefined : String(s.speaker_labels);
  if (speakerLabels && speakerLabels !== 'any' && speakerLabels !== 'roles') err('speaker_labels', 'bad-value', 'speaker_labels must be roles or any');
  const texts = s.texts === undefined ? undefined : inside(at('texts'), String(s.texts));
  let mergeGap: number | undefined;
  if (s.merge_gap_seconds !== undefined) {
    if (typeof s.merge_gap_seconds !== 'number' || !Number.isFinite(s.merge_gap_seconds)) err('merge_gap_seconds', 'bad-value', '`merge_gap_seconds` must be a number of seconds, e.g. 2', 'consecutive cues of one speaker at most this many seconds apart become one excerpt; 0 joins only cues that touch, a negative number never joins');
    else mergeGap = s.merge_gap_seconds;
    if (format !== 'vtt' && format !== 'srt') issues.push({ severity: 'warning', file, line: y.lineOf(at('merge_gap_seconds')), field: 'merge_gap_seconds', code: 'unused-key', message: `\`merge_gap_seconds\` only applies to subtitle sources (vtt, srt); source ${i + 1} is ${format}`, hint: 'remove the key' });
  }
  let headings: 'section' | 'ignore' | undefined;
  if (s.headings !== undefined) {
    if (s.headings !== 'section' && s.headings !== 'ignore') err('headings', 'bad-value', '`headings` must be section or ignore', 'section: a heading names the section of the paragraphs under it (attribute `section`); ignore: headings are left out');
    else headings = s.headings;
  }
  if (path === undefined) return undefined;
  return {
    path,
    format: format as SourceFormat,
    coder: s.coder === undefined ? undefined : String(s.coder),
    encoding,
    attributes,
    default_role: s.default_role === undefined ? undefined : String(s.default_role),
    quote_labels: bool('quote_labels'),
    speaker_labels: speakerLabels === 'any' ? 'any' : speakerLabels === 'roles' ? 'roles' : undefined,
    delimiter: s.delimiter === undefined ? undefined : String(s.delimiter).replace('\\t', '\t'),
    columns,
    code_separator: s.code_separator === undefined ? undefined : String(s.code_separator),
    texts,
    documents,
    merge_gap_seconds: mergeGap,
    headings,
    external_sources: bool('external_sources'),
    line: y.lineOf(at()),
  };
}

/** Format from a file extension, for ad-hoc projects and entries without `format:`. */
export function guessFormat(path: string): SourceFormat | undefined {
  const ext = extname(path.replace(/[*?]+$/, '')).toLowerCase();
  switch (ext) {
    case '.txt': case '.md': case '.markdown': return 'transcript';
    case '.csv': case '.tsv': return 'segments';
    case '.qdpx': case '.qde': return 'qdpx';
    case '.qdc': return 'qdc';
    case '.docx': return 'docx';
    case '.odt': return 'odt';
    case '.vtt': return 'vtt';
    case '.srt': return 'srt';
    default: return undefined;
  }
}

/** `FROM..TO` with ISO or day-first dates; either end may be empty. Undefined when unreadable. */
export function parseDayRange(text: string): { since?: number; until?: number } | undefined {
  const m = /^\s*([^.]*?)\s*\.\.\s*([^.]*?)\s*$/.exec(text);
  if (!m) return undefined;
  const since = m[1] ? parseDay(m[1]) : null;
  const until = m[2] ? parseDay(m[2]) : null;
  if (since === undefined || until === undefined) return undefined;
  if (since !== null && until !== null && until < since) return undefined;
  return { since: since ?? undefined, until: until ?? undefined };
}
