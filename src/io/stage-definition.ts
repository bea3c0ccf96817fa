/**
 * Stage definitions (README "Stage evaluations"): the YAML file that says how an export of
 * internship evaluations is laid out — the trainee and moment columns, the indicators (one row per
 * indicator, or one column per indicator), the rating scale, the clusters, the attribute columns and
 * the written feedback. Every problem is reported at the line of its key, with the closest valid key
 * for a misspelt one, so reading the export can trust the result.
 *
 * ```yaml
 * trainee: Stagiair
 * moment: Moment
 * moments: [tussentijds, { id: eind, aliases: [eindevaluatie] }]
 * indicator: Indicator            # long layout …
 * score: Score
 * # indicators: [{ id: ouders, column: "Communiceert met ouders", cluster: communicatie }]   … or wide
 * scale: { labels: [onvoldoende, zwak, voldoende, goed, zeer goed], coded: false, sufficient: voldoende }
 * clusters: { communicatie: [ouders, kinderen], zorg: { label: Zorg, indicators: [verzorging], levers: [L7] } }
 * school: School
 * placement: Stageplaats
 * mentor: Mentor
 * profile: Beroepsprofiel
 * template: Sjabloon
 * feedback: [{ column: Sterktes, kind: sterkte }, { column: Groeikansen, kind: groeikans }]
 * missing: ["n.v.t.", "niet geobserveerd"]
 * ```
 */
import type { InputIssue } from '../model/types.js';
import {
  FEEDBACK_KINDS, STAGE_ATTRIBUTE_FIELDS,
  type FeedbackKind, type StageCluster, type StageDefinition, type StageFeedbackColumn, type StageIndicator, type StageMoment, type StageScale,
} from '../model/stage.js';
import { closest, fold } from '../model/issues.js';
import { loadBuiltinFramework } from '../model/framework.js';
import { createRoleTable } from '../model/roles.js';
import { parseYaml, readSideFile, unknownKeyIssue, type YamlSource } from './yaml.js';
import { labelKey } from './survey-definition.js';

export const STAGE_DEFINITION_KEYS = [
  'trainee', 'moment', 'moments', 'indicator', 'score', 'indicators', 'scale', 'clusters',
  'school', 'placement', 'mentor', 'profile', 'template', 'attributes', 'feedback', 'missing',
] as const;
export const STAGE_INDICATOR_KEYS = ['id', 'column', 'label', 'cluster', 'aliases'] as const;
export const STAGE_MOMENT_KEYS = ['id', 'aliases'] as const;
export const STAGE_SCALE_KEYS = ['labels', 'coded', 'sufficient'] as const;
export const STAGE_CLUSTER_KEYS = ['label', 'indicators', 'levers', 'memoq'] as const;
export const STAGE_FEEDBACK_KEYS = ['column', 'kind', 'role'] as const;

/** Scale codes and missing codes share one byte per score (254 and 255 are reserved). */
const MAX_LABELS = 200;
const MAX_MISSING = 200;
/** The moment of a definition without a moment column. */
export const SINGLE_MOMENT = 'evaluatie';

/** Spellings of the feedback kinds accepted in `kind:`. */
const KIND_SPELLINGS: Record<string, FeedbackKind> = {
  sterkte: 'sterkte', sterktes: 'sterkte', strength: 'sterkte', strengths: 'sterkte',
  groeikans: 'groeikans', groeikansen: 'groeikans', groeipunt: 'groeikans', groeipunten: 'groeikans', werkpunt: 'groeikans', werkpunten: 'groeikans', growth: 'groeikans',
};

type Path = (string | number)[];

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read and check a stage definition file. `display` names the file in issues. */
export function loadStageDefinition(abs: string, display: string): { definition?: StageDefinition; issues: InputIssue[] } {
  const read = readSideFile(abs, display, 'stage definition', 'check `definition:` in the `stage:` entry of hefboom.yaml');
  if (read.issue) return { issues: [read.issue] };
  const text = read.text;
  return parseStageDefinition(text, display);
}

/** Check a definition's text; every problem becomes an issue at the line of its key. */
export function parseStageDefinition(text: string, file: string): { definition?: StageDefinition; issues: InputIssue[] } {
  const y = parseYaml(text, file);
  const issues: InputIssue[] = [...y.issues];
  if (issues.length) return { issues };
  const v = y.value;
  if (!isMapping(v)) {
    issues.push({ severity: 'error', file, line: 1, code: 'bad-definition', message: 'a stage definition must be a mapping with at least `trainee:`, `scale:` and the indicators', hint: 'see "Stage evaluations" in the README for a full example' });
    return { issues };
  }
  const c = new Check(file, y, issues);
  for (const k of Object.keys(v)) {
    if (!(STAGE_DEFINITION_KEYS as readonly string[]).includes(k)) issues.push(unknownKeyIssue(file, y, [k], k, STAGE_DEFINITION_KEYS, 'in the stage definition'));
  }

  const trainee = c.text(['trainee'], v.trainee);
  if (trainee === undefined) c.err([], 'missing-key', 'the stage definition has no `trainee:` (the column with the trainee id)', 'e.g. `trainee: Stagiair`', 'trainee');
  const moment = c.text(['moment'], v.moment);
  const moments = readMoments(c, v.moments, moment);
  const missing = c.uniqueTexts(['missing'], v.missing, 'missing codes') ?? [];
  if (missing.length > MAX_MISSING) c.err(['missing'], 'bad-value', `at most ${MAX_MISSING} missing codes are supported, not ${missing.length}`);
  const scale = readScale(c, v.scale, missing);

  // Layout: an indicator column (long) or one column per indicator (wide).
  const indicatorCol = c.text(['indicator'], v.indicator);
  const scoreCol = c.text(['score'], v.score);
  const layout = indicatorCol !== undefined || scoreCol !== undefined ? 'long' : 'wide';
  if (layout === 'long') {
    if (indicatorCol === undefined) c.err(['score'], 'missing-key', '`score:` is given but `indicator:` is not: the long layout needs both', 'add `indicator: <column with the indicator>`, or remove `score:` and list `indicators:` with their columns (wide layout)', 'indicator');
    if (scoreCol === undefined) c.err(['indicator'], 'missing-key', '`indicator:` is given but `score:` is not: the long layout needs both', 'add `score: <column with the rating>`', 'score');
  } else if (v.indicators === undefined || v.indicators === null) {
    c.err([], 'missing-key', 'the stage definition names no indicators', 'give `indicator:` and `score:` (one row per trainee × moment × indicator), or `indicators:` with a column each (one row per trainee × moment)', 'indicators');
  }
  const indicators = readIndicators(c, v.indicators, layout);
  const clusters = readClusters(c, v.clusters, indicators, layout);

  const fields: StageDefinition['fields'] = {};
  for (const f of STAGE_ATTRIBUTE_FIELDS) {
    const col = c.text([f], v[f]);
    if (col !== undefined) fields[f] = col;
  }
  const attributes = c.uniqueTexts(['attributes'], v.attributes, 'attribute columns') ?? [];
  for (const [k, a] of attributes.entries()) {
    const clash = STAGE_ATTRIBUTE_FIELDS.find((f) => fold(f) === fold(a));
    if (clash) c.err(['attributes', k], 'bad-value', `attribute column "${a}" has the name of the field \`${clash}\``, `name the column with \`${clash}: ${a}\` instead`);
  }
  const feedback = readFeedback(c, v.feedback);

  // One column, one meaning: the same header read for two purposes is almost always a slip.
  const uses: [string, string][] = [];
  if (trainee) uses.push([trainee, 'trainee']);
  if (moment) uses.push([moment, 'moment']);
  if (indicatorCol) uses.push([indicatorCol, 'indicator']);
  if (scoreCol) uses.push([scoreCol, 'score']);
  for (const [f, col] of Object.entries(fields)) uses.push([col, f]);
  for (const ind of indicators) if (ind.column) uses.push([ind.column, `indicator "${ind.id}"`]);
  for (const fb of feedback) uses.push([fb.column, `feedback (${fb.kind})`]);
  const seen = new Map<string, string>();
  for (const [col, what] of uses) {
    const other = seen.get(labelKey(col));
    if (other !== undefined) c.err([], 'shared-column', `column "${col}" is named for both ${other} and ${what}`, 'each column has one meaning: correct one of the two names', what.split(' ')[0]);
    else seen.set(labelKey(col), what);
  }

  if (issues.some((i) => i.severity === 'error') || !trainee || !scale) return { issues };
  return {
    definition: {
      file, layout, trainee, ...(moment !== undefined ? { moment } : {}), moments,
      ...(layout === 'long' ? { indicator: indicatorCol, score: scoreCol } : {}),
      indicators, scale, clusters, fields, attributes, feedback, missing,
    },
    issues,
  };
}

/** Small readers that report a problem at the line of its key. */
class Check {
  constructor(readonly file: string, readonly y: YamlSource, readonly issues: InputIssue[]) {}

  err(path: Path, code: string, message: string, hint?: string, field?: string, severity: InputIssue['severity'] = 'error'): void {
    this.issues.push({ severity, file: this.file, line: this.y.lineOf(path) ?? 1, field: field ?? (path.length ? String(path[path.length - 1]) : undefined), code, message, hint });
  }

  unknownKeys(raw: Record<string, unknown>, at: Path, valid: readonly string[], where: string): void {
    for (const k of Object.keys(raw)) if (!valid.includes(k)) this.issues.push(unknownKeyIssue(this.file, this.y, [...at, k], k, valid, where));
  }

  /** One value as text (YAML may read `2023` or `true` as non-strings); a list or mapping is an error. */
  text(path: Path, val: unknown): string | undefined {
    if (val === undefined || val === null) return undefined;
    if (typeof val === 'string') return val.trim() === '' ? undefined : val.trim();
    if (typeof val === 'number' || typeof val === 'boolean') return String(val);
    this.err(path, 'bad-value', `\`${String(path[path.length - 1])}\` must be a single value (a column name), not a ${Array.isArray(val) ? 'list' : 'mapping'}`, 'quote names that hold ":" or "#"');
    return undefined;
  }

  /** A list of texts (a single value counts as a list of one), duplicates (as labels) dropped. */
  uniqueTexts(path: Path, val: unknown, what: string): string[] | undefined {
    if (val === undefined || val === null) return undefined;
    const list = Array.isArray(val) ? val : [val];
    const out: string[] = [];
    const keys = new Set<string>();
    list.forEach((x, i) => {
      if (isMapping(x) || Array.isArray(x)) {
        this.err(Array.isArray(val) ? [...path, i] : path, 'bad-value', `${what} must be single values, not a ${Array.isArray(x) ? 'list' : 'mapping'}`, 'quote values that hold ":" or "#"');
        return;
      }
      if (x === null || String(x).trim() === '') return;
      const s = String(x).trim();
      if (keys.has(labelKey(s))) return;
      keys.add(labelKey(s));
      out.push(s);
    });
    return out;
  }

  bool(path: Path, val: unknown, dflt: boolean): boolean {
    if (val === undefined || val === null) return dflt;
    if (typeof val === 'boolean') return val;
    this.err(path, 'bad-value', `\`${String(path[path.length - 1])}\` must be true or false, not "${String(val)}"`);
    return dflt;
  }
}

function readMoments(c: Check, val: unknown, momentColumn: string | undefined): StageMoment[] {
  if (val === undefined || val === null) {
    if (momentColumn !== undefined) {
      c.err(['moment'], 'missing-key', '`moment:` names a column but `moments:` does not list the moments in their order', 'e.g. `moments: [tussentijds, eind]` (the values in the data, earliest first; other spellings as `{ id: eind, aliases: [eindevaluatie] }`)', 'moments');
    }
    return [{ id: SINGLE_MOMENT, aliases: [] }];
  }
  if (!Array.isArray(val) || val.length === 0) {
    c.err(['moments'], 'bad-value', '`moments:` must be a non-empty list, earliest first', 'e.g. `moments: [tussentijds, eind]`');
    return [];
  }
  const out: StageMoment[] = [];
  const spellings = new Map<string, string>();
  val.forEach((raw, i) => {
    const at: Path = ['moments', i];
    let id: string | undefined;
    let aliases: string[] = [];
    if (isMapping(raw)) {
      c.unknownKeys(raw, at, STAGE_MOMENT_KEYS, `in moment ${i + 1}`);
      id = c.text([...at, 'id'], raw.id);
      if (id === undefined) { c.err(at, 'missing-key', `moment ${i + 1} has no \`id:\``, 'e.g. `{ id: eind, aliases: [eindevaluatie] }`', 'id'); return; }
      aliases = c.uniqueTexts([...at, 'aliases'], raw.aliases, 'aliases') ?? [];
    } else id = c.text(at, raw);
    if (id === undefined) return;
    for (const s of [id, ...aliases]) {
      const other = spellings.get(labelKey(s));
      if (other !== undefined) { c.err(at, 'duplicate-moment', `"${s}" is listed twice among the moments (${other === id ? 'twice for this moment' : `also for "${other}"`})`, 'every spelling may name one moment only', 'moments'); return; }
      spellings.set(labelKey(s), id);
    }
    out.push({ id, aliases });
  });
  if (momentColumn === undefined && out.length > 1) {
    c.err(['moments'], 'missing-key', `${out.length} moments are listed but \`moment:\` names no column that tells them apart`, 'add `moment: <column with the evaluation moment>`', 'moment');
  }
  return out;
}

function readScale(c: Check, val: unknown, missing: string[]): StageScale | undefined {
  if (val === undefined || val === null) {
    c.err([], 'missing-key', 'the stage definition has no `scale:` (the rating labels, lowest first)', 'e.g. `scale: { labels: [onvoldoende, zwak, voldoende, goed, zeer goed] }`', 'scale');
    return undefined;
  }
  let labelsVal: unknown = val;
  let labelsPath: Path = ['scale'];
  let coded = false;
  let sufficientVal: unknown;
  if (isMapping(val)) {
    c.unknownKeys(val, ['scale'], STAGE_SCALE_KEYS, 'under `scale:`');
    labelsVal = val.labels;
    labelsPath = ['scale', 'labels'];
    coded = c.bool(['scale', 'coded'], val.coded, false);
    sufficientVal = val.sufficient;
  }
  if (!Array.isArray(labelsVal) || labelsVal.length < 2) {
    c.err(labelsPath, 'bad-value', 'the scale needs a list of at least two labels, lowest first', 'e.g. `labels: [onvoldoende, zwak, voldoende, goed, zeer goed]`', 'labels');
    return undefined;
  }
  const labels: string[] = [];
  const seen = new Set<string>();
  let ok = true;
  labelsVal.forEach((x, i) => {
    if (x === null || isMapping(x) || Array.isArray(x) || String(x).trim() === '') {
      c.err([...labelsPath, i], 'bad-value', `label ${i + 1} of the scale is empty or not a single value`, 'quote labels that hold ":" or "#"', 'labels');
      ok = false;
      return;
    }
    const l = String(x).trim();
    if (seen.has(labelKey(l))) { c.err([...labelsPath, i], 'duplicate-label', `label "${l}" appears twice on the scale`, 'labels are compared case-insensitively, with spaces and quotes normalised', 'labels'); ok = false; }
    seen.add(labelKey(l));
    labels.push(l);
  });
  if (labels.length > MAX_LABELS) { c.err(labelsPath, 'bad-value', `a scale of ${labels.length} labels is not supported (at most ${MAX_LABELS})`, undefined, 'labels'); ok = false; }
  const missingKeys = new Set(missing.map(labelKey));
  for (const l of labels) {
    if (missingKeys.has(labelKey(l))) { c.err(['missing'], 'label-is-missing-code', `"${l}" is both a scale label and a missing code`, 'remove it from `missing:` or from the scale', 'missing'); ok = false; }
  }
  if (coded) {
    for (const m of missing) {
      const n = Number(m);
      if (Number.isInteger(n) && n >= 1 && n <= labels.length) { c.err(['missing'], 'label-is-missing-code', `missing code "${m}" is also a valid score (coded: true, codes 1–${labels.length})`, 'use a code outside 1–k for "not rated" (e.g. 0 or 9)', 'missing'); ok = false; }
    }
  }
  if (!ok) return undefined;

  let sufficient: number;
  if (sufficientVal === undefined || sufficientVal === null) sufficient = defaultSufficient(labels);
  else if (typeof sufficientVal === 'number') {
    if (!Number.isInteger(sufficientVal) || sufficientVal < 1 || sufficientVal > labels.length) {
      c.err(['scale', 'sufficient'], 'bad-value', `\`sufficient: ${sufficientVal}\` is not a code of the scale (1–${labels.length})`, `give the lowest label that counts as sufficient, e.g. \`sufficient: ${labels[defaultSufficient(labels) - 1]}\``);
      return undefined;
    }
    sufficient = sufficientVal;
  } else {
    const s = String(sufficientVal).trim();
    const k = labels.findIndex((l) => labelKey(l) === labelKey(s));
    if (k < 0) {
      const near = closest(s, labels, 1);
      c.err(['scale', 'sufficient'], 'unknown-label', `\`sufficient: ${s}\` is not a label of the scale`, `${near.length ? `did you mean "${near[0]}"? ` : ''}labels: ${labels.join(', ')}`);
      return undefined;
    }
    sufficient = k + 1;
  }
  return { labels, coded, sufficient };
}

/**
 * The lowest sufficient label when the definition does not say: the label "voldoende" (or
 * "sufficient") when the scale has one, else the first label of the upper half (code ⌊k/2⌋ + 1:
 * the middle label of an odd scale, the first one above the middle of an even scale).
 */
export function defaultSufficient(labels: readonly string[]): number {
  const k = labels.findIndex((l) => ['voldoende', 'sufficient'].includes(fold(l).trim()));
  return k >= 0 ? k + 1 : Math.floor(labels.length / 2) + 1;
}

function readIndicators(c: Check, val: unknown, layout: 'long' | 'wide'): StageIndicator[] {
  if (val === undefined || val === null) return [];
  if (!Array.isArray(val) || val.length === 0) {
    c.err(['indicators'], 'bad-value', '`indicators:` must be a non-empty list', layout === 'wide' ? 'e.g. `indicators: [{ id: ouders, column: "Communiceert met ouders", cluster: communicatie }]`' : 'e.g. `indicators: [{ id: ouders, label: Communiceert met ouders }]`');
    return [];
  }
  const out: StageIndicator[] = [];
  const ids = new Map<string, number | undefined>();
  const spellings = new Map<string, string>();
  val.forEach((raw, i) => {
    const at: Path = ['indicators', i];
    let ind: StageIndicator | undefined;
    if (isMapping(raw)) {
      c.unknownKeys(raw, at, STAGE_INDICATOR_KEYS, `in indicator ${i + 1}`);
      const id = c.text([...at, 'id'], raw.id);
      if (id === undefined) { c.err(at, 'missing-key', `indicator ${i + 1} has no \`id:\``, 'give it a short id (used in clusters and in the output)', 'id'); return; }
      const column = c.text([...at, 'column'], raw.column);
      if (layout === 'long' && column !== undefined) {
        c.err([...at, 'column'], 'key-not-for-layout', `indicator "${id}" has a \`column:\`, but the definition uses the long layout (\`indicator:\` and \`score:\`)`, 'in the long layout the indicator column holds the indicator; remove `column:` (or remove `indicator:`/`score:` for one column per indicator)');
        return;
      }
      const aliases = c.uniqueTexts([...at, 'aliases'], raw.aliases, 'aliases') ?? [];
      if (layout === 'wide' && aliases.length) c.err([...at, 'aliases'], 'key-not-for-layout', `indicator "${id}" has \`aliases:\`, which only the long layout uses`, 'remove them; in the wide layout an indicator is found by its `column:`');
      ind = { id, label: c.text([...at, 'label'], raw.label) ?? id, aliases };
      if (layout === 'wide') ind.column = column ?? id;
      const cluster = c.text([...at, 'cluster'], raw.cluster);
      if (cluster !== undefined) ind.cluster = cluster;
    } else {
      const id = c.text(at, raw);
      if (id === undefined) return;
      ind = { id, label: id, aliases: [], ...(layout === 'wide' ? { column: id } : {}) };
    }
    if (ids.has(ind.id)) { c.err([...at], 'duplicate-indicator', `indicator id "${ind.id}" is used twice (also on line ${ids.get(ind.id) ?? '?'})`, 'give every indicator its own id', 'id'); return; }
    ids.set(ind.id, c.y.lineOf(at));
    if (layout === 'long') {
      for (const s of [ind.id, ind.label, ...ind.aliases]) {
        const other = spellings.get(labelKey(s));
        if (other !== undefined && other !== ind.id) { c.err(at, 'duplicate-indicator', `"${s}" names both indicator "${other}" and "${ind.id}"`, 'every id, label and alias may name one indicator only', 'aliases'); return; }
        spellings.set(labelKey(s), ind.id);
      }
    }
    out.push(ind);
  });
  return out;
}

function readClusters(c: Check, val: unknown, indicators: StageIndicator[], layout: 'long' | 'wide'): StageCluster[] {
  const out: StageCluster[] = [];
  const byId = new Map<string, StageCluster>();
  const known = new Map(indicators.map((i) => [i.id, i]));
  /** Indicator → cluster, to refuse an indicator in two clusters. */
  const owner = new Map<string, string>();
  const listed = indicators.length > 0;
  const claim = (ind: string, cluster: string, path: Path): boolean => {
    const other = owner.get(ind);
    if (other !== undefined && other !== cluster) { c.err(path, 'indicator-in-two-clusters', `indicator "${ind}" is in cluster "${other}" and in "${cluster}"`, 'an indicator belongs to one cluster; remove it from one of them', 'clusters'); return false; }
    owner.set(ind, cluster);
    return true;
  };

  if (val !== undefined && val !== null) {
    if (!isMapping(val)) {
      c.err(['clusters'], 'bad-value', '`clusters:` must map a cluster id to its indicators', 'e.g. `clusters: { communicatie: [ouders, kinderen], zorg: { label: Zorg, indicators: [verzorging], levers: [L7] } }`');
    } else {
      for (const [id, raw] of Object.entries(val)) {
        const at: Path = ['clusters', id];
        let list: unknown = raw;
        let listPath: Path = at;
        const cluster: StageCluster = { id, label: id, indicators: [], levers: [], memoq: [] };
        if (isMapping(raw)) {
          c.unknownKeys(raw, at, STAGE_CLUSTER_KEYS, `in cluster "${id}"`);
          cluster.label = c.text([...at, 'label'], raw.label) ?? id;
          list = raw.indicators;
          listPath = [...at, 'indicators'];
          cluster.levers = nodeIds(c, [...at, 'levers'], raw.levers, 'levers');
          cluster.memoq = nodeIds(c, [...at, 'memoq'], raw.memoq, 'memoq');
        }
        const ids = c.uniqueTexts(listPath, list, 'indicator ids') ?? [];
        ids.forEach((ind, k) => {
          const path = Array.isArray(list) ? [...listPath, k] : listPath;
          if (listed && !known.has(ind)) {
            const near = closest(ind, known.keys(), 1);
            c.err(path, 'unknown-indicator', `cluster "${id}" names indicator "${ind}", which \`indicators:\` does not list`, `${near.length ? `did you mean "${near[0]}"? ` : ''}indicators: ${[...known.keys()].join(', ')}`, 'clusters');
            return;
          }
          if (claim(ind, id, path)) cluster.indicators.push(ind);
        });
        byId.set(id, cluster);
        out.push(cluster);
      }
    }
  }
  // `cluster:` on an indicator adds it to that cluster (made when `clusters:` does not name it).
  indicators.forEach((ind, i) => {
    if (ind.cluster === undefined) {
      const o = owner.get(ind.id);
      if (o !== undefined) ind.cluster = o;
      return;
    }
    let cluster = byId.get(ind.cluster);
    if (!cluster) {
      cluster = { id: ind.cluster, label: ind.cluster, indicators: [], levers: [], memoq: [] };
      byId.set(cluster.id, cluster);
      out.push(cluster);
    }
    if (claim(ind.id, cluster.id, ['indicators', i, 'cluster']) && !cluster.indicators.includes(ind.id)) cluster.indicators.push(ind.id);
  });
  for (const cl of out) {
    if (!cl.indicators.length) c.err(['clusters', cl.id], 'empty-cluster', `cluster "${cl.id}" has no indicators`, layout === 'wide' ? 'list indicator ids under it, or give indicators `cluster:`' : 'list the indicators (as the indicator column writes them) under it');
  }
  return out;
}

let frameworkIds: { levers: string[]; memoq: string[] } | undefined;

/** Framework node ids (L1–L7, MeMoQ dimensions), case-insensitive, returned as the canonical id. */
function nodeIds(c: Check, path: Path, val: unknown, framework: 'levers' | 'memoq'): string[] {
  const list = c.uniqueTexts(path, val, framework === 'levers' ? 'levers' : 'MeMoQ dimensions') ?? [];
  frameworkIds ??= { levers: loadBuiltinFramework('levers').nodes.map((n) => n.id), memoq: loadBuiltinFramework('memoq').nodes.map((n) => n.id) };
  const valid = frameworkIds[framework];
  const out: string[] = [];
  list.forEach((id, i) => {
    const found = valid.find((x) => fold(x) === fold(id));
    if (found) { if (!out.includes(found)) out.push(found); return; }
    const near = closest(id, valid, 1);
    c.err(Array.isArray(val) ? [...path, i] : path, framework === 'levers' ? 'unknown-lever' : 'unknown-memoq',
      `unknown ${framework === 'levers' ? 'lever' : 'MeMoQ dimension'} "${id}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}valid: ${valid.join(', ')}`);
  });
  return out;
}

function readFeedback(c: Check, val: unknown): StageFeedbackColumn[] {
  if (val === undefined || val === null) return [];
  const list = Array.isArray(val) ? val : [val];
  const roles = createRoleTable();
  const out: StageFeedbackColumn[] = [];
  list.forEach((raw, i) => {
    const at: Path = Array.isArray(val) ? ['feedback', i] : ['feedback'];
    if (!isMapping(raw)) {
      c.err(at, 'bad-value', `feedback entry ${i + 1} must be a mapping with \`column:\` and \`kind:\``, 'e.g. `feedback: [{ column: Sterktes, kind: sterkte }, { column: Groeikansen, kind: groeikans }]`', 'feedback');
      return;
    }
    c.unknownKeys(raw, at, STAGE_FEEDBACK_KEYS, `in feedback entry ${i + 1}`);
    const column = c.text([...at, 'column'], raw.column);
    if (column === undefined) c.err(at, 'missing-key', `feedback entry ${i + 1} has no \`column:\``, 'name the column with the written feedback', 'column');
    const kindText = c.text([...at, 'kind'], raw.kind);
    let kind: FeedbackKind | undefined;
    if (kindText === undefined) c.err(at, 'missing-key', `feedback entry ${i + 1} has no \`kind:\``, `kind is ${FEEDBACK_KINDS.join(' or ')}`, 'kind');
    else {
      kind = KIND_SPELLINGS[fold(kindText).trim()];
      if (!kind) {
        const near = closest(kindText, FEEDBACK_KINDS, 1);
        c.err([...at, 'kind'], 'bad-value', `unknown feedback kind "${kindText}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}kind is ${FEEDBACK_KINDS.join(' or ')}`);
      }
    }
    let role = 'mentor';
    const roleText = c.text([...at, 'role'], raw.role);
    if (roleText !== undefined) {
      const r = roles.resolve(roleText);
      if (r) role = r.role;
      else {
        // roles.yaml may define it: keep it as written, but say so.
        role = roleText;
        const near = closest(roleText, roles.roles.map((x) => x.id), 1);
        c.err([...at, 'role'], 'unknown-role', `role "${roleText}" is not a built-in role; it is used as written`, `${near.length ? `did you mean "${near[0]}"? ` : ''}define it in roles.yaml, or use a built-in role such as mentor or leerkracht`, 'role', 'warning');
      }
    }
    if (column === undefined || kind === undefined) return;
    out.push({ column, kind, role });
  });
  return out;
}
