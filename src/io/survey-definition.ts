/**
 * Survey definitions (README "Survey definitions"): a YAML file that names the columns of a survey
 * export, every item with its type and labels, the missing codes and the constructs. Everything is
 * checked here, with the line of the offending key, so that reading the export can trust the result.
 */
import type { InputIssue } from '../model/types.js';
import type { SurveyConstruct, SurveyDefinition, SurveyItem, SurveyItemType } from '../model/survey.js';
import { closest, fold } from '../model/issues.js';
import { loadBuiltinFramework } from '../model/framework.js';
import { parseYaml, readSideFile, unknownKeyIssue, type YamlSource } from './yaml.js';

export const DEFINITION_KEYS = ['name', 'respondent', 'trajectory', 'coach', 'date', 'attributes', 'missing', 'scales', 'items', 'constructs'] as const;
export const ITEM_KEYS = [
  'id', 'column', 'label', 'type', 'scale', 'labels', 'options', 'top', 'reverse', 'coded', 'missing', 'levers', 'memoq',
  'headline', 'unit', 'min', 'max', 'separator',
] as const;
export const CONSTRUCT_KEYS = ['id', 'label', 'items', 'min_items', 'levers', 'memoq'] as const;
export const ITEM_TYPES: readonly SurveyItemType[] = ['likert', 'single', 'multiple', 'number', 'text'];

/** Keys that only make sense for some item types; anywhere else they signal a misunderstanding. */
const KEY_TYPES: Record<string, readonly SurveyItemType[]> = {
  scale: ['likert'],
  labels: ['likert', 'single', 'multiple'],
  options: ['single', 'multiple'],
  top: ['likert'],
  reverse: ['likert'],
  coded: ['likert', 'single', 'multiple'],
  unit: ['number'],
  min: ['number'],
  max: ['number'],
  separator: ['multiple'],
};

const ITEM_ID = /^[a-z0-9_-]+$/;
/** Missing codes are stored as 1-based indexes in a byte; 255 marks an empty cell. */
const MAX_MISSING_CODES = 254;

/**
 * The form in which labels, options and missing codes are compared: Unicode-normalised, typographic
 * quotes and dashes made plain, whitespace collapsed, lower case. Exports retyped by hand or pasted from
 * Word differ from the definition in exactly these ways.
 */
export function labelKey(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201A\u201B\u02BC\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

let frameworkIds: { levers: string[]; memoq: string[] } | undefined;
/** Top-level ids of the built-in frameworks (L1–L7; the six MeMoQ dimensions), read once. */
function builtinIds(): { levers: string[]; memoq: string[] } {
  frameworkIds ??= {
    levers: loadBuiltinFramework('levers').nodes.map((n) => n.id),
    memoq: loadBuiltinFramework('memoq').nodes.map((n) => n.id),
  };
  return frameworkIds;
}

/** Read and check a survey definition file. `display` names the file in issues. */
export function loadSurveyDefinition(abs: string, display: string): { definition?: SurveyDefinition; issues: InputIssue[] } {
  const read = readSideFile(abs, display, 'survey definition', 'check `definition:` in the `surveys:` entry of hefboom.yaml');
  if (read.issue) return { issues: [read.issue] };
  const text = read.text;
  return parseSurveyDefinition(text, display);
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Path = (string | number)[];

/** Check a parsed definition; every problem becomes an issue with the line of its key. */
export function parseSurveyDefinition(text: string, file: string): { definition?: SurveyDefinition; issues: InputIssue[] } {
  const y = parseYaml(text, file);
  const issues: InputIssue[] = [...y.issues];
  if (issues.length) return { issues };
  const v = y.value;
  if (!isMapping(v)) {
    issues.push({ severity: 'error', file, line: 1, code: 'bad-definition', message: 'a survey definition must be a mapping with at least `items:`', hint: 'see "Survey definitions" in the README for a full example' });
    return { issues };
  }
  const c = new Checker(file, y, issues);

  for (const k of Object.keys(v)) {
    if (!(DEFINITION_KEYS as readonly string[]).includes(k)) issues.push(unknownKeyIssue(file, y, [k], k, DEFINITION_KEYS, 'in the survey definition'));
  }
  const name = c.text(['name'], v.name) ?? '';
  const respondent = c.text(['respondent'], v.respondent);
  const trajectory = c.text(['trajectory'], v.trajectory);
  const coach = c.text(['coach'], v.coach);
  const date = c.text(['date'], v.date);
  const attributes = c.textList(['attributes'], v.attributes) ?? [];
  const globalMissing = c.missingList(['missing'], v.missing) ?? [];

  const scales = new Map<string, string[]>();
  if (v.scales !== undefined && v.scales !== null) {
    if (!isMapping(v.scales)) c.err(['scales'], 'bad-value', '`scales:` must map a scale name to its labels, lowest first', 'e.g. scales: { akkoord5: [helemaal niet akkoord, niet akkoord, neutraal, akkoord, helemaal akkoord] }');
    else for (const [sn, labels] of Object.entries(v.scales)) {
      const list = c.labelList(['scales', sn], labels, `scale "${sn}"`);
      if (list) scales.set(sn, list);
    }
  }

  const items: SurveyItem[] = [];
  if (v.items === undefined || v.items === null) {
    c.err([], 'missing-key', 'the survey definition has no `items:`', 'list the questions under `items:` (id, column, type …); see "Survey definitions" in the README');
  } else if (!Array.isArray(v.items) || v.items.length === 0) {
    c.err(['items'], 'bad-value', '`items:` must be a non-empty list of items', 'each item is a mapping such as { id: effect, type: likert, scale: akkoord5 }');
  } else {
    const seen = new Map<string, number | undefined>();
    const byColumn = new Map<string, string>();
    v.items.forEach((raw, i) => {
      const item = readItem(c, raw, i, scales, globalMissing);
      if (!item) return;
      if (seen.has(item.id)) {
        c.err(['items', i, 'id'], 'duplicate-item', `item id "${item.id}" is used twice (also on line ${seen.get(item.id) ?? '?'})`, 'give every item its own id');
        return;
      }
      seen.set(item.id, y.lineOf(['items', i, 'id']));
      // Two items on one column is legal (e.g. a number read twice) but usually a copy-paste slip.
      const other = byColumn.get(labelKey(item.column));
      if (other !== undefined) issues.push({ severity: 'warning', file, line: y.lineOf(['items', i, 'column']) ?? y.lineOf(['items', i]), field: 'column', code: 'shared-column', message: `items "${other}" and "${item.id}" read the same column "${item.column}"` });
      else byColumn.set(labelKey(item.column), item.id);
      items.push(item);
    });
  }

  const constructs: SurveyConstruct[] = [];
  if (v.constructs !== undefined && v.constructs !== null) {
    if (!Array.isArray(v.constructs)) c.err(['constructs'], 'bad-value', '`constructs:` must be a list', 'e.g. constructs: [{ id: impact, items: [effect, duurzaam] }]');
    else {
      const itemById = new Map(items.map((it) => [it.id, it]));
      const seen = new Set<string>();
      v.constructs.forEach((raw, i) => {
        const con = readConstruct(c, raw, i, itemById);
        if (!con) return;
        if (seen.has(con.id)) c.err(['constructs', i, 'id'], 'duplicate-construct', `construct id "${con.id}" is used twice`, 'give every construct its own id');
        else if (itemById.has(con.id)) c.err(['constructs', i, 'id'], 'duplicate-construct', `construct id "${con.id}" is also an item id`, 'items and constructs share one set of names on the command line; rename one of them');
        seen.add(con.id);
        constructs.push(con);
      });
    }
  }

  if (issues.some((i) => i.severity === 'error')) return { issues };
  return {
    definition: { file, name, respondent, trajectory, coach, date, attributes, missing: globalMissing, items, constructs },
    issues,
  };
}

/** Small helpers that read one value and report its problems at its line. */
class Checker {
  constructor(readonly file: string, readonly y: YamlSource, readonly issues: InputIssue[]) {}

  err(path: Path, code: string, message: string, hint?: string, field?: string): void {
    this.issues.push({ severity: 'error', file: this.file, line: this.y.lineOf(path) ?? 1, field: field ?? (path.length ? String(path[path.length - 1]) : undefined), code, message, hint });
  }

  /** A scalar as text (YAML may read `1` or `2023` as numbers); objects and lists are errors. */
  text(path: Path, val: unknown): string | undefined {
    if (val === undefined || val === null) return undefined;
    if (typeof val === 'string') return val.trim() === '' ? undefined : val.trim();
    if (typeof val === 'number' || typeof val === 'boolean') return String(val);
    this.err(path, 'bad-value', `\`${String(path[path.length - 1])}\` must be a single value, not a ${Array.isArray(val) ? 'list' : 'mapping'}`);
    return undefined;
  }

  /** A list of texts; a single value is taken as a list of one. */
  textList(path: Path, val: unknown): string[] | undefined {
    if (val === undefined || val === null) return undefined;
    const list = Array.isArray(val) ? val : [val];
    const out: string[] = [];
    list.forEach((x, i) => {
      if (isMapping(x) || Array.isArray(x)) this.err(Array.isArray(val) ? [...path, i] : path, 'bad-value', `\`${String(path[path.length - 1])}\` must be a list of names, not hold a ${Array.isArray(x) ? 'list' : 'mapping'}`, 'quote values that hold ":" or "#"');
      else if (x !== null && String(x).trim() !== '') out.push(String(x).trim());
    });
    return out;
  }

  /** Missing codes: texts, '' dropped (an empty cell is always missing). */
  missingList(path: Path, val: unknown): string[] | undefined {
    const list = this.textList(path, val);
    if (!list) return undefined;
    const out: string[] = [];
    const keys = new Set<string>();
    for (const m of list) {
      if (keys.has(labelKey(m))) continue;
      keys.add(labelKey(m));
      out.push(m);
    }
    if (out.length > MAX_MISSING_CODES) this.err(path, 'bad-value', `at most ${MAX_MISSING_CODES} missing codes are supported, not ${out.length}`);
    return out;
  }

  /** An ordered list of labels: non-empty, no duplicates after normalisation. */
  labelList(path: Path, val: unknown, what: string): string[] | undefined {
    if (!Array.isArray(val) || val.length === 0) {
      this.err(path, 'bad-value', `${what} needs a non-empty list of labels`, 'e.g. [nooit, soms, vaak, altijd] (lowest first)');
      return undefined;
    }
    const out: string[] = [];
    const seen = new Set<string>();
    let ok = true;
    val.forEach((x, i) => {
      if (x === null || isMapping(x) || Array.isArray(x) || String(x).trim() === '') {
        this.err([...path, i], 'bad-value', `label ${i + 1} of ${what} is empty or not a single value`, 'quote labels that hold ":" or "#"');
        ok = false;
        return;
      }
      const label = String(x).trim();
      if (seen.has(labelKey(label))) {
        this.err([...path, i], 'duplicate-label', `label "${label}" appears twice in ${what}`, 'labels are compared case-insensitively, with spaces and quotes normalised');
        ok = false;
      }
      seen.add(labelKey(label));
      out.push(label);
    });
    return ok ? out : undefined;
  }

  bool(path: Path, val: unknown, dflt: boolean): boolean {
    if (val === undefined || val === null) return dflt;
    if (typeof val === 'boolean') return val;
    this.err(path, 'bad-value', `\`${String(path[path.length - 1])}\` must be true or false, not "${String(val)}"`);
    return dflt;
  }

  num(path: Path, val: unknown): number | undefined {
    if (val === undefined || val === null) return undefined;
    if (typeof val === 'number' && Number.isFinite(val)) return val;
    this.err(path, 'bad-value', `\`${String(path[path.length - 1])}\` must be a number, not "${String(val)}"`, 'write numbers with a decimal point in YAML (3.5)');
    return undefined;
  }

  /** Framework node ids (L1–L7, MeMoQ dimensions), case-insensitive, returned as the canonical id. */
  nodeIds(path: Path, val: unknown, framework: 'levers' | 'memoq'): string[] {
    const list = this.textList(path, val) ?? [];
    const valid = builtinIds()[framework];
    const out: string[] = [];
    list.forEach((id, i) => {
      const found = valid.find((x) => fold(x) === fold(id));
      if (found) { if (!out.includes(found)) out.push(found); return; }
      const near = closest(id, valid, 1);
      this.err(Array.isArray(val) ? [...path, i] : path, framework === 'levers' ? 'unknown-lever' : 'unknown-memoq',
        `unknown ${framework === 'levers' ? 'lever' : 'MeMoQ dimension'} "${id}"`,
        `${near.length ? `did you mean "${near[0]}"? ` : ''}valid: ${valid.join(', ')}`);
    });
    return out;
  }
}

function readItem(c: Checker, raw: unknown, i: number, scales: Map<string, string[]>, globalMissing: string[]): SurveyItem | undefined {
  const at = (k?: string): Path => (k === undefined ? ['items', i] : ['items', i, k]);
  if (!isMapping(raw)) {
    c.err(at(), 'bad-value', `item ${i + 1} must be a mapping (id, type, …)`, 'e.g. - { id: effect, type: likert, scale: akkoord5 }');
    return undefined;
  }
  const before = c.issues.length;
  for (const k of Object.keys(raw)) {
    if (!(ITEM_KEYS as readonly string[]).includes(k)) c.issues.push(unknownKeyIssue(c.file, c.y, at(k), k, ITEM_KEYS, `in item ${i + 1}`));
  }
  const id = c.text(at('id'), raw.id);
  if (id === undefined) {
    c.err(at(), 'missing-key', `item ${i + 1} has no \`id:\``, 'give it a short id of lower-case letters, digits, _ or - (used on the command line)', 'id');
    return undefined;
  }
  if (!ITEM_ID.test(id)) {
    const suggestion = fold(id).replace(/[^a-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
    c.err(at('id'), 'bad-id', `item id "${id}" may hold only lower-case letters, digits, _ and -`, suggestion ? `e.g. "${suggestion}"` : undefined);
  }
  const what = `item "${id}"`;
  const typeText = c.text(at('type'), raw.type);
  let type: SurveyItemType | undefined;
  if (typeText === undefined) c.err(at(), 'missing-key', `${what} has no \`type:\``, `type is one of ${ITEM_TYPES.join(', ')}`, 'type');
  else if (!(ITEM_TYPES as readonly string[]).includes(typeText)) {
    const near = closest(typeText, ITEM_TYPES, 1);
    c.err(at('type'), 'bad-type', `${what} has unknown type "${typeText}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}type is one of ${ITEM_TYPES.join(', ')}`);
  } else type = typeText as SurveyItemType;
  if (!type) return undefined;

  for (const [k, types] of Object.entries(KEY_TYPES)) {
    if (raw[k] !== undefined && !types.includes(type)) c.err(at(k), 'key-not-for-type', `\`${k}\` does not apply to ${what} (type ${type})`, `\`${k}\` is for ${types.join('/')} items; remove it or change the type`);
  }
  const column = c.text(at('column'), raw.column) ?? id;
  const label = c.text(at('label'), raw.label) ?? column;
  const ownMissing = c.missingList(at('missing'), raw.missing);
  const missing = ownMissing ?? globalMissing;

  let labels: string[] = [];
  if (type === 'likert') {
    if (raw.scale !== undefined && raw.labels !== undefined) c.err(at('labels'), 'bad-value', `${what} has both \`scale:\` and \`labels:\``, 'keep one: a scale name from `scales:`, or the labels inline');
    else if (raw.scale !== undefined) {
      const sn = c.text(at('scale'), raw.scale);
      if (sn !== undefined) {
        const s = scales.get(sn);
        if (s) labels = s;
        else {
          const near = closest(sn, scales.keys(), 1);
          c.err(at('scale'), 'unknown-scale', `${what} names scale "${sn}", which \`scales:\` does not define`, near.length ? `did you mean "${near[0]}"?` : scales.size ? `scales: ${[...scales.keys()].join(', ')}` : 'define it under `scales:` or give `labels:` inline');
        }
      }
    } else if (raw.labels !== undefined) labels = c.labelList(at('labels'), raw.labels, what) ?? [];
    else c.err(at(), 'missing-labels', `likert ${what} has no labels`, 'add `scale: <name from scales:>` or `labels: [..]` (lowest first)', 'scale');
  } else if (type === 'single' || type === 'multiple') {
    if (raw.options !== undefined && raw.labels !== undefined) c.err(at('labels'), 'bad-value', `${what} has both \`options:\` and \`labels:\``, '`labels:` is another name for `options:`; keep one');
    else if (raw.options !== undefined || raw.labels !== undefined) {
      const key = raw.options !== undefined ? 'options' : 'labels';
      labels = c.labelList(at(key), raw[key], what) ?? [];
    } else c.err(at(), 'missing-labels', `${type} ${what} has no options`, 'add `options: [..]` with the answers in display order', 'options');
  }

  let top = 2;
  if (type === 'likert' && raw.top !== undefined) {
    const t = c.num(at('top'), raw.top);
    if (t !== undefined) {
      if (!Number.isInteger(t) || t < 1 || (labels.length && t > labels.length - 1)) {
        c.err(at('top'), 'bad-top', `\`top: ${t}\` of ${what} is out of range`, labels.length ? `the top box is 1 to ${labels.length - 1} of its ${labels.length} labels` : 'the top box is a whole number of labels, at least 1');
      } else top = t;
    }
  } else if (type === 'likert' && labels.length && labels.length < 3) top = 1;
  const reverse = c.bool(at('reverse'), raw.reverse, false);
  const coded = c.bool(at('coded'), raw.coded, false);
  const levers = c.nodeIds(at('levers'), raw.levers, 'levers');
  const memoq = c.nodeIds(at('memoq'), raw.memoq, 'memoq');
  const headline = c.bool(at('headline'), raw.headline, false);

  let unit: string | undefined;
  let min: number | undefined;
  let max: number | undefined;
  if (type === 'number') {
    unit = c.text(at('unit'), raw.unit);
    min = c.num(at('min'), raw.min);
    max = c.num(at('max'), raw.max);
    if (min !== undefined && max !== undefined && min > max) c.err(at('max'), 'bad-value', `${what} has \`min: ${min}\` above \`max: ${max}\``);
  }
  let separator = ';';
  if (type === 'multiple' && raw.separator !== undefined) {
    const s = typeof raw.separator === 'string' ? raw.separator : undefined;
    if (!s) c.err(at('separator'), 'bad-value', `\`separator\` of ${what} must be a non-empty text such as ";" or "|"`);
    else separator = s;
  }

  // An answer that is both a label and a missing code cannot be coded one way; the user must choose.
  if (labels.length && missing.length) {
    const missingKeys = new Set(missing.map(labelKey));
    for (const l of labels) {
      if (missingKeys.has(labelKey(l))) {
        c.err(at(ownMissing ? 'missing' : undefined), 'label-is-missing-code', `"${l}" is both an answer of ${what} and a missing code`, ownMissing ? 'remove it from the item\'s `missing:`' : 'add `missing: []` (or a list without it) to the item to count it as an answer, or remove it from the labels', 'missing');
      }
    }
  }
  if (coded && labels.length) {
    for (const m of missing) {
      const n = Number(m);
      if (Number.isInteger(n) && n >= 1 && n <= labels.length) c.err(at('missing'), 'label-is-missing-code', `missing code "${m}" of ${what} is also a valid code (coded: true, codes 1–${labels.length})`, 'use a code outside 1–k for missing answers (e.g. 9 or 99)', 'missing');
    }
  }
  if (c.issues.slice(before).some((x) => x.severity === 'error')) return undefined;
  const item: SurveyItem = { id, column, label, type, labels, top, reverse, coded, missing, separator, levers, memoq, headline };
  if (unit !== undefined) item.unit = unit;
  if (min !== undefined) item.min = min;
  if (max !== undefined) item.max = max;
  return item;
}

function readConstruct(c: Checker, raw: unknown, i: number, itemById: Map<string, SurveyItem>): SurveyConstruct | undefined {
  const at = (k?: string): Path => (k === undefined ? ['constructs', i] : ['constructs', i, k]);
  if (!isMapping(raw)) {
    c.err(at(), 'bad-value', `construct ${i + 1} must be a mapping (id, items, …)`, 'e.g. - { id: impact, items: [effect, duurzaam] }');
    return undefined;
  }
  const before = c.issues.length;
  for (const k of Object.keys(raw)) {
    if (!(CONSTRUCT_KEYS as readonly string[]).includes(k)) c.issues.push(unknownKeyIssue(c.file, c.y, at(k), k, CONSTRUCT_KEYS, `in construct ${i + 1}`));
  }
  const id = c.text(at('id'), raw.id);
  if (id === undefined) {
    c.err(at(), 'missing-key', `construct ${i + 1} has no \`id:\``, undefined, 'id');
    return undefined;
  }
  if (!ITEM_ID.test(id)) c.err(at('id'), 'bad-id', `construct id "${id}" may hold only lower-case letters, digits, _ and -`);
  const what = `construct "${id}"`;
  const label = c.text(at('label'), raw.label) ?? id;
  const ids = c.textList(at('items'), raw.items) ?? [];
  if (!ids.length) c.err(raw.items === undefined ? at() : at('items'), 'missing-key', `${what} lists no \`items:\``, 'list the likert or number items it averages', 'items');
  const items: string[] = [];
  ids.forEach((itemId, k) => {
    const path = Array.isArray(raw.items) ? [...at('items'), k] : at('items');
    const it = itemById.get(itemId);
    if (!it) {
      const near = closest(itemId, itemById.keys(), 1);
      c.err(path, 'unknown-item', `${what} names item "${itemId}", which is not defined`, near.length ? `did you mean "${near[0]}"?` : 'list item ids from `items:`', 'items');
    } else if (it.type !== 'likert' && it.type !== 'number') {
      c.err(path, 'bad-construct-item', `${what} names ${it.type} item "${itemId}"`, 'a construct averages likert or number items only', 'items');
    } else if (items.includes(itemId)) {
      c.err(path, 'duplicate-item', `${what} lists item "${itemId}" twice`, undefined, 'items');
    } else items.push(itemId);
  });
  let minItems = items.length;
  if (raw.min_items !== undefined) {
    const m = c.num(at('min_items'), raw.min_items);
    if (m !== undefined) {
      if (!Number.isInteger(m) || m < 1 || m > ids.length) c.err(at('min_items'), 'bad-value', `\`min_items: ${m}\` of ${what} is out of range`, `a whole number from 1 to ${ids.length} (its number of items)`);
      else minItems = m;
    }
  }
  const levers = c.nodeIds(at('levers'), raw.levers, 'levers');
  const memoq = c.nodeIds(at('memoq'), raw.memoq, 'memoq');
  if (c.issues.slice(before).some((x) => x.severity === 'error')) return undefined;
  return { id, label, items, minItems, levers, memoq };
}
