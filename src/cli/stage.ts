/**
 * `hefboom stage describe|change|templates` (issue 9): internship evaluations of the Uniform kind
 * (seed 002 part A). Reads only hefboom.yaml, the stage definition and its export; never the
 * transcripts. The written feedback reaches `tally` and `quotes` through the corpus (stage-excerpts.ts).
 */
import type { Command } from 'commander';
import type { InputIssue } from '../model/types.js';
import type { StageData } from '../model/stage.js';
import type { Project } from '../io/project.js';
import { closest } from '../model/issues.js';
import { readStage } from '../io/stage.js';
import { labelKey } from '../io/survey-definition.js';
import {
  describeStage, groupOf, MISSING_GROUP, resolveStageAttribute, stageAttributeNames, stageChange, templateInventory,
  type ClusterDistribution, type IndicatorDistribution, type StageChange, type TemplateGroup,
} from '../analysis/stage.js';
import type { Share } from '../analysis/share.js';
import type { Cell, Column, Table } from '../report/table.js';
import { act, intOption, emit, EXIT_OK, globals, outputFormat, say, stopOnIssues, UsageError, version, withOutput, type GlobalOptions } from './common.js';
import { openProjectFileOnly } from './data-sources.js';

type Lang = 'nl' | 'en';
export const STAGE_ANALYSES = ['describe', 'change', 'templates'] as const;
export type StageAnalysis = (typeof STAGE_ANALYSES)[number];

export interface StageFlags {
  stage?: string;
  suppressBelow?: string;
  by?: string;
  moments?: string;
  sufficient?: string;
  format?: string;
  out?: string;
  csvDialect?: string;
}

export function registerStage(program: Command): void {
  const stage = program
    .command('stage')
    .description('internship evaluations: ratings per indicator and moment, change between moments, templates per occupational profile');
  stage.addHelpText('before', `Examples:
  hefboom stage                                       same as \`hefboom stage describe\`
  hefboom stage describe --by school
  hefboom stage change --moments tussentijds,eind
  hefboom stage templates --format md
`);

  const describe = common(stage.command('describe', { isDefault: true })
    .description('per indicator and moment: ratings per scale label, median, share sufficient or better (Wilson CI); per cluster too'))
    .option('-b, --by <attr>', 'break down by school, placement, mentor, profile, template or an attribute column');
  withOutput(describe);
  describe.addHelpText('before', `Examples:
  hefboom stage describe
  hefboom stage describe -p mijn-project --by profile
  hefboom stage describe --sufficient goed --format csv --out stage.csv
`);
  describe.action(act(async (flags: StageFlags, c: Command) => runStage('describe', flags, globals(c))));

  const change = common(stage.command('change')
    .description('per indicator and cluster, for trainees rated at both moments: improved/same/worse and the paired Wilcoxon signed-rank test'))
    .option('-b, --by <attr>', 'break down by school, placement, mentor, profile, template or an attribute column')
    .option('--moments <a,b>', 'the two moments to compare, earlier first (default: the first and the last of `moments:`)');
  withOutput(change);
  change.addHelpText('before', `Examples:
  hefboom stage change
  hefboom stage change --moments tussentijds,eind --by profile
  hefboom stage change --format json --out verandering.json
`);
  change.action(act(async (flags: StageFlags, c: Command) => runStage('change', flags, globals(c))));

  const templates = common(stage.command('templates')
    .description('templates (evaluation forms) in use per occupational profile: schools, trainees and evaluations per template'))
    .option('-b, --by <attr>', 'group by this attribute instead of the occupational profile');
  withOutput(templates);
  templates.addHelpText('before', `Examples:
  hefboom stage templates
  hefboom stage templates --by school --format md
`);
  templates.action(act(async (flags: StageFlags, c: Command) => runStage('templates', flags, globals(c))));
}

function common(cmd: Command): Command {
  return cmd
    .option('-s, --stage <name>', 'which `stage:` entry of the project (default: the only one, else the first)')
    .option('--sufficient <label>', 'the lowest label that counts as sufficient (default: `sufficient:` of the scale)')
    .option('--suppress-below <n>', 'describe: withhold rating counts (and shares) below N (default: report.suppress_below)');
}

// ─── loading ─────────────────────────────────────────────────────────────────────────────────────

/** Which entry: --stage, else the only one, else the first (said on stderr). */
function pickEntry(project: Project, wanted: string | undefined, g: GlobalOptions) {
  const names = project.stage.map((s) => s.name);
  if (!names.length) throw new UsageError('the project lists no `stage:` evaluations', 'add `stage: [{ path: data/stage.csv, definition: stage.yaml }]` to hefboom.yaml (README "Stage evaluations")');
  if (wanted !== undefined) {
    const e = project.stage.find((s) => s.name === wanted);
    if (e) return e;
    const near = closest(wanted, names, 1);
    throw new UsageError(`no stage entry called "${wanted}" in the project`, `${near.length ? `did you mean "${near[0]}"? ` : ''}entries: ${names.join(', ')}`);
  }
  if (names.length > 1) say(`stage: ${names[0]} (the first entry; others: ${names.slice(1).join(', ')}; pass --stage NAME)`, g);
  return project.stage[0];
}

/** Open the project and read one stage entry; prints issues and stops on errors (exit 2). */
export async function loadStage(flags: StageFlags, g: GlobalOptions): Promise<{ project: Project; data: StageData; issues: InputIssue[] }> {
  const { project, issues } = openProjectFileOnly(g);
  const entry = pickEntry(project, flags.stage, g);
  const r = await readStage(project.root, entry);
  issues.push(...r.issues);
  stopOnIssues(issues, g);
  if (!r.data) throw new UsageError(`stage entry "${entry.name}" could not be read`);
  return { project, data: r.data, issues };
}

/** Check the flags that need no data, then read, analyse and write. Resolves to the exit code. */
export async function runStage(analysis: StageAnalysis, flags: StageFlags, g: GlobalOptions): Promise<number> {
  outputFormat(flags);
  const { project, data, issues } = await loadStage(flags, g);
  const lang: Lang = g.lang ?? project.language;
  const suppressBelow = intOption('--suppress-below', flags.suppressBelow, 0) ?? project.report.suppress_below ?? 0;
  const { tables, json } = stageOutput(analysis, data, flags, lang, { project: project.name, warnings: issues.filter((i) => i.severity === 'warning').length, suppressBelow });
  await emit(tables, json, flags, g);
  return EXIT_OK;
}

// ─── flags against the data ──────────────────────────────────────────────────────────────────────

function byAttribute(data: StageData, by: string | undefined): string | undefined {
  if (by === undefined) return undefined;
  const found = resolveStageAttribute(data, by);
  if (found) return found;
  const names = stageAttributeNames(data);
  if (!names.length) throw new UsageError(`--by ${by}: the stage definition maps no attribute columns`, `name them in ${data.definition.file}: school:, placement:, mentor:, profile:, template: or attributes: [..]`);
  const near = closest(by, names, 1);
  throw new UsageError(`unknown --by "${by}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}attributes: ${names.join(', ')}`);
}

function sufficientCode(data: StageData, v: string | undefined): number {
  const labels = data.definition.scale.labels;
  if (v === undefined) return data.definition.scale.sufficient;
  const k = labels.findIndex((l) => labelKey(l) === labelKey(v));
  if (k >= 0) return k + 1;
  if (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= labels.length) return Number(v);
  const near = closest(v, labels, 1);
  throw new UsageError(`--sufficient "${v}" is not a label of the scale`, `${near.length ? `did you mean "${near[0]}"? ` : ''}labels (lowest first): ${labels.join(', ')}`);
}

function momentIndex(data: StageData, v: string): number {
  const k = data.definition.moments.findIndex((m) => [m.id, ...m.aliases].some((s) => labelKey(s) === labelKey(v)));
  if (k >= 0) return k;
  const ids = data.definition.moments.map((m) => m.id);
  const near = closest(v, ids, 1);
  throw new UsageError(`unknown moment "${v}" in --moments`, `${near.length ? `did you mean "${near[0]}"? ` : ''}moments: ${ids.join(', ')}`);
}

function momentPair(data: StageData, v: string | undefined): [number, number] {
  const M = data.definition.moments.length;
  if (v === undefined) {
    if (M < 2) throw new UsageError('change needs two moments, and the stage definition has one', `list the moments under \`moments:\` in ${data.definition.file} and name the \`moment:\` column`);
    return [0, M - 1];
  }
  const parts = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length !== 2) throw new UsageError(`--moments expects two moments separated by a comma, got "${v}"`, `e.g. --moments ${data.definition.moments.map((m) => m.id).slice(0, 2).join(',')}`);
  const a = momentIndex(data, parts[0]);
  const b = momentIndex(data, parts[1]);
  if (a === b) throw new UsageError(`--moments names the same moment twice ("${parts[0]}", "${parts[1]}")`);
  return [a, b];
}

// ─── presentation ────────────────────────────────────────────────────────────────────────────────

const tr = (lang: Lang, nl: string, en: string) => (lang === 'nl' ? nl : en);
const pct = (s: Share) => (s.p === null ? null : s.p * 100);
const frac = (s: Share) => (s.n ? `${s.count}/${s.n}` : null);
const round = (x: number | null, d: number) => (x === null ? null : Number(x.toFixed(d)));

function ciText(s: Share, lang: Lang): string | null {
  if (!s.ci) return null;
  const f = (x: number) => (100 * x).toFixed(1);
  return lang === 'nl' ? `[${f(s.ci[0]).replace('.', ',')}; ${f(s.ci[1]).replace('.', ',')}]` : `[${f(s.ci[0])}, ${f(s.ci[1])}]`;
}

/** A median on the codes as a label: "goed", or "voldoende–goed" halfway between two labels. */
export function medianLabel(labels: readonly string[], median: number | null): string | null {
  if (median === null) return null;
  const lo = Math.floor(median);
  if (lo === median) return labels[lo - 1];
  return `${labels[lo - 1]}–${labels[lo]}`;
}

function groupText(g: string | null, lang: Lang): string | null {
  if (g === null) return null;
  return g === MISSING_GROUP ? tr(lang, '(ontbrekend)', '(missing)') : g;
}

/** The header a user knows an attribute by: the export's column (Beroepsprofiel), not the field id (profile). */
function attributeHeader(data: StageData, attribute: string): string {
  return (data.definition.fields as Record<string, string | undefined>)[attribute] ?? attribute;
}

/** `suppressBelow`: small-cell suppression of describe's counts (0 = off). */
interface Meta { project: string; warnings: number; suppressBelow?: number }

/** The tables and the JSON of one analysis (pure: used by the command and by tests). */
export function stageOutput(analysis: StageAnalysis, data: StageData, flags: StageFlags, lang: Lang, meta: Meta): { tables: Table[]; json: unknown } {
  const sufficient = sufficientCode(data, flags.sufficient);
  if (analysis === 'templates') return presentTemplates(data, flags, lang, meta);
  const by = byAttribute(data, flags.by);
  if (analysis === 'describe') return presentDescribe(data, by, sufficient, lang, meta);
  return presentChange(data, by, momentPair(data, flags.moments), sufficient, lang, meta);
}

const isSmall = (x: number, below: number) => below > 0 && x > 0 && x < below;
/** A rating count, or "<N" when it is below the suppression threshold. */
const shownCount = (c: number, below: number): Cell => (isSmall(c, below) ? `<${below}` : c);

/** The share-sufficient cells; withheld when its count or its remainder is below the threshold. */
function shownShare(s: Share, below: number, lang: Lang): Record<string, Cell> {
  if (isSmall(s.count, below) || isSmall(s.n - s.count, below)) return { sufficient: `<${below}`, sufficient_pct: null, ci: '' };
  return { sufficient: frac(s), sufficient_pct: pct(s), ci: ciText(s, lang) };
}

const suppressionNote = (below: number, lang: Lang): string[] => (below > 0
  ? [tr(lang, `Aantallen onder ${below} staan als <${below}; een aandeel waarvan de teller of de rest onder ${below} ligt, is weggelaten (ook als <${below}).`,
    `Counts below ${below} are shown as <${below}; a share whose numerator or remainder is below ${below} is withheld (also shown as <${below}).`)]
  : []);

/** The counts and the share of a distribution as JSON shows them under suppression. */
function suppressedJson(r: { counts: number[]; sufficient: Share }, below: number) {
  if (below <= 0) return {};
  const hidden = isSmall(r.sufficient.count, below) || isSmall(r.sufficient.n - r.sufficient.count, below);
  return {
    counts: r.counts.map((c) => (isSmall(c, below) ? `<${below}` : c)),
    sufficient: hidden ? { count: null, n: r.sufficient.n, p: null, ci: null, method: r.sufficient.method, suppressed: true } : r.sufficient,
  };
}

function baseJson(command: string, data: StageData, meta: Meta, sufficient: number) {
  const labels = data.definition.scale.labels;
  return {
    hefboom: version(),
    command,
    project: meta.project,
    stage: data.name,
    file: data.file,
    definition: data.definition.file,
    layout: data.definition.layout,
    scale: { labels, sufficient, sufficientLabel: labels[sufficient - 1] },
    moments: data.definition.moments.map((m) => m.id),
  };
}

function provenance(data: StageData, meta: Meta) {
  return { rows: data.rows, evaluations: data.trainee.length, trainees: data.trainees.length, feedback: data.feedback.length, warnings: meta.warnings };
}

function sourceNote(data: StageData, lang: Lang): string {
  const perMoment = data.definition.moments.map((m, i) => `${m.id} ${Array.from(data.moment).filter((x) => x === i).length}`).join(', ');
  return tr(lang,
    `Stage-evaluaties ${data.name} (${data.file}): ${data.trainees.length} stagiairs, ${data.trainee.length} evaluaties (${perMoment}).`,
    `Internship evaluations ${data.name} (${data.file}): ${data.trainees.length} trainees, ${data.trainee.length} evaluations (${perMoment}).`);
}

function presentDescribe(data: StageData, by: string | undefined, sufficient: number, lang: Lang, meta: Meta): { tables: Table[]; json: unknown } {
  const labels = data.definition.scale.labels;
  const d = describeStage(data, { group: groupOf(data, by), sufficient });
  const sufLabel = labels[sufficient - 1];
  const sb = meta.suppressBelow ?? 0;
  const labelCols: Column[] = labels.map((l, i) => ({ key: `c${i + 1}`, label: l, type: 'number' }));
  const groupCol: Column[] = by ? [{ key: 'group', label: attributeHeader(data, by) }] : [];
  const shareCols: Column[] = [
    { key: 'sufficient', label: tr(lang, `≥ ${sufLabel}`, `≥ ${sufLabel}`) },
    { key: 'sufficient_pct', label: '%', type: 'percent' },
    { key: 'ci', label: tr(lang, '95%-BI', '95% CI') },
  ];
  const indicators: Table = {
    title: tr(lang, 'Beoordelingen per indicator en moment', 'Ratings per indicator and moment'),
    columns: [
      { key: 'indicator', label: 'indicator' }, ...groupCol, { key: 'moment', label: 'moment' },
      { key: 'n', label: 'n', type: 'number' }, ...labelCols,
      { key: 'not_rated', label: tr(lang, 'niet beoordeeld', 'not rated'), type: 'number' },
      { key: 'median', label: tr(lang, 'mediaan', 'median') }, ...shareCols,
    ],
    rows: d.indicators.map((r: IndicatorDistribution) => ({
      indicator: r.label, group: groupText(r.group, lang), moment: r.moment, n: r.n,
      ...Object.fromEntries(r.counts.map((c, i) => [`c${i + 1}`, shownCount(c, sb)])),
      not_rated: r.missing.notRated + r.missing.empty + r.missing.noRow,
      median: medianLabel(labels, r.median), ...shownShare(r.sufficient, sb, lang),
    })),
    notes: [
      sourceNote(data, lang),
      tr(lang,
        `Eenheid: stagiair per moment. n = stagiairs met een beoordeling, de noemer van elk aandeel; "niet beoordeeld" telt ${data.definition.missing.length ? `de codes ${data.definition.missing.join(', ')}, ` : ''}lege cellen${data.definition.layout === 'long' ? ' en ontbrekende rijen' : ''}. Voldoende: ${sufLabel} of hoger. BI: 95 %-Wilsoninterval.`,
        `Unit: trainee per moment. n = trainees with a rating, the denominator of every share; "not rated" counts ${data.definition.missing.length ? `the codes ${data.definition.missing.join(', ')}, ` : ''}empty cells${data.definition.layout === 'long' ? ' and missing rows' : ''}. Sufficient: ${sufLabel} or higher. CI: 95 % Wilson interval.`),
      tr(lang, 'Mediaan op de codes (1 = laagste label); "a–b" ligt halverwege twee labels.', 'Median on the codes (1 = lowest label); "a–b" lies halfway between two labels.'),
      ...suppressionNote(sb, lang),
    ],
  };
  const tables: Table[] = [indicators];
  if (d.clusters.length) {
    tables.push({
      title: tr(lang, 'Beoordelingen per cluster en moment', 'Ratings per cluster and moment'),
      columns: [
        { key: 'cluster', label: 'cluster' }, ...groupCol, { key: 'moment', label: 'moment' },
        { key: 'n', label: tr(lang, 'stagiairs', 'trainees'), type: 'number' }, { key: 'ratings', label: tr(lang, 'beoordelingen', 'ratings'), type: 'number' },
        ...labelCols, { key: 'median', label: tr(lang, 'mediaan', 'median') }, ...shareCols,
      ],
      rows: d.clusters.map((r: ClusterDistribution) => ({
        cluster: r.label, group: groupText(r.group, lang), moment: r.moment, n: r.n, ratings: r.ratings,
        ...Object.fromEntries(r.counts.map((c, i) => [`c${i + 1}`, shownCount(c, sb)])),
        median: medianLabel(labels, r.median), ...shownShare(r.sufficient, sb, lang),
      })),
      notes: [tr(lang,
        `De kolommen per label tellen alle beoordelingen van de indicatoren van de cluster samen (eenheid: beoordelingen). Clusterscore van een stagiair: de mediaan van zijn beoordelingen in de cluster; mediaan en aandeel voldoende (${sufLabel} of hoger) gaan over stagiairs met minstens één beoordeling in de cluster.`,
        `The label columns pool every rating of the cluster's indicators (unit: ratings). A trainee's cluster score is the median of their ratings in the cluster; median and share sufficient (${sufLabel} or higher) are over trainees with at least one rating in the cluster.`), ...suppressionNote(sb, lang)],
    });
  }
  const json = {
    ...baseJson('stage describe', data, meta, sufficient),
    by: by ?? null,
    evaluations: d.moments,
    suppressBelow: sb,
    indicators: d.indicators.map((r) => ({ ...r, ...suppressedJson(r, sb), medianLabel: medianLabel(labels, r.median) })),
    clusters: d.clusters.map((r) => ({ ...r, ...suppressedJson(r, sb), medianLabel: medianLabel(labels, r.median) })),
    provenance: provenance(data, meta),
  };
  return { tables, json };
}

function presentChange(data: StageData, by: string | undefined, [from, to]: [number, number], sufficient: number, lang: Lang, meta: Meta): { tables: Table[]; json: unknown } {
  const labels = data.definition.scale.labels;
  const r = stageChange(data, from, to, { group: groupOf(data, by), sufficient });
  const sufLabel = labels[sufficient - 1];
  const groupCol: Column[] = by ? [{ key: 'group', label: attributeHeader(data, by) }] : [];
  const columns = (first: string): Column[] => [
    { key: 'name', label: first }, ...groupCol,
    { key: 'pairs', label: tr(lang, 'paren', 'pairs'), type: 'number' },
    { key: 'improved', label: tr(lang, 'beter', 'improved'), type: 'number' },
    { key: 'same', label: tr(lang, 'gelijk', 'same'), type: 'number' },
    { key: 'worse', label: tr(lang, 'slechter', 'worse'), type: 'number' },
    { key: 'median_from', label: `${tr(lang, 'mediaan', 'median')} ${r.from}` },
    { key: 'median_to', label: `${tr(lang, 'mediaan', 'median')} ${r.to}` },
    { key: 'suf_from', label: `% ≥ ${sufLabel} ${r.from}`, type: 'percent' },
    { key: 'suf_to', label: `% ≥ ${sufLabel} ${r.to}`, type: 'percent' },
    { key: 'v', label: 'V', type: 'number' },
    { key: 'p', label: 'p', type: 'number' },
    { key: 'p_holm', label: 'p (Holm)', type: 'number' },
  ];
  const row = (c: StageChange): Record<string, Cell> => ({
    name: c.label, group: groupText(c.group, lang), pairs: c.pairs, improved: c.improved, same: c.same, worse: c.worse,
    median_from: medianLabel(labels, c.medianFrom), median_to: medianLabel(labels, c.medianTo),
    suf_from: pct(c.sufficientFrom), suf_to: pct(c.sufficientTo),
    v: c.test?.statistic ?? null, p: c.test ? round(c.test.p, 4) : null, p_holm: c.pHolm === null ? null : round(c.pHolm, 4),
  });
  const unpaired = Math.max(0, ...r.indicators.map((c) => c.unpaired));
  const noTest = r.indicators.filter((c) => !c.test).map((c) => c.label);
  const notes = [
    sourceNote(data, lang),
    tr(lang,
      `Enkel stagiairs met een beoordeling op ${r.from} én ${r.to} (paren); beter/gelijk/slechter: ${r.to} tegenover ${r.from}; medianen en aandelen over de paren. Wilcoxon signed-rank-toets voor gepaarde waarnemingen (V = som van de rangen van de stijgingen; met gelijke waarden of geen verschil: normale benadering met correcties, zoals R wilcox.test(${r.to}, ${r.from}, paired = TRUE)); Holm over de indicatoren${by ? ' binnen een groep' : ''}.`,
      `Only trainees rated at both ${r.from} and ${r.to} (pairs); improved/same/worse: ${r.to} against ${r.from}; medians and shares over the pairs. Wilcoxon signed-rank test for paired data (V = sum of the ranks of the increases; with ties or zero differences the normal approximation with corrections, as R wilcox.test(${r.to}, ${r.from}, paired = TRUE)); Holm across the indicators${by ? ' within a group' : ''}.`),
  ];
  if (unpaired) notes.push(tr(lang, `Tot ${unpaired} stagiair(s) per indicator met een beoordeling op één van beide momenten zijn niet meegeteld.`, `Up to ${unpaired} trainee(s) per indicator rated at one of the two moments only are left out.`));
  if (noTest.length) notes.push(tr(lang, `Geen toets waar minder dan twee stagiairs veranderden: ${noTest.join('; ')}.`, `No test where fewer than two trainees changed: ${noTest.join('; ')}.`));
  const tables: Table[] = [{
    title: tr(lang, `Verandering per indicator: ${r.from} → ${r.to}`, `Change per indicator: ${r.from} → ${r.to}`),
    columns: columns('indicator'), rows: r.indicators.map(row), notes,
  }];
  if (r.clusters.length) {
    tables.push({
      title: tr(lang, `Verandering per cluster: ${r.from} → ${r.to}`, `Change per cluster: ${r.from} → ${r.to}`),
      columns: columns('cluster'), rows: r.clusters.map(row),
      notes: [tr(lang, 'Per stagiair de clusterscore (mediaan van de beoordelingen in de cluster) op elk moment; toets en Holm zoals hierboven, over de clusters.', 'Per trainee the cluster score (median of the ratings in the cluster) at each moment; test and Holm as above, across the clusters.')],
    });
  }
  const withLabels = (c: StageChange) => ({ ...c, medianFromLabel: medianLabel(labels, c.medianFrom), medianToLabel: medianLabel(labels, c.medianTo) });
  const json = {
    ...baseJson('stage change', data, meta, sufficient),
    by: by ?? null,
    from: r.from,
    to: r.to,
    indicators: r.indicators.map(withLabels),
    clusters: r.clusters.map(withLabels),
    provenance: provenance(data, meta),
  };
  return { tables, json };
}

function presentTemplates(data: StageData, flags: StageFlags, lang: Lang, meta: Meta): { tables: Table[]; json: unknown } {
  if (!data.attributes.template) {
    throw new UsageError(`the stage definition ${data.definition.file} names no \`template:\` column`, 'add `template: <column with the form or template used>` to the definition');
  }
  let group: string | undefined;
  if (flags.by !== undefined) group = byAttribute(data, flags.by);
  else if (data.attributes.profile) group = 'profile';
  const groups = templateInventory(data, group);
  const groupLabel = group ? attributeHeader(data, group) : tr(lang, 'alle', 'all');
  const groupCell = (g: TemplateGroup) => groupText(g.group, lang) ?? tr(lang, '(alle)', '(all)');
  const summary: Table = {
    title: tr(lang, `Sjablonen per ${group === 'profile' ? 'beroepsprofiel' : groupLabel}`, `Templates per ${group === 'profile' ? 'occupational profile' : groupLabel}`),
    columns: [
      { key: 'group', label: group ? attributeHeader(data, group) : tr(lang, 'groep', 'group') },
      { key: 'schools', label: tr(lang, 'scholen', 'schools'), type: 'number' },
      { key: 'templates', label: tr(lang, 'sjablonen', 'templates'), type: 'number' },
      { key: 'per_school', label: tr(lang, 'sjablonen per school', 'templates per school'), type: 'number' },
      { key: 'trainees', label: tr(lang, 'stagiairs', 'trainees'), type: 'number' },
      { key: 'evaluations', label: tr(lang, 'evaluaties', 'evaluations'), type: 'number' },
      { key: 'without', label: tr(lang, 'zonder sjabloon', 'no template'), type: 'number' },
      { key: 'several', label: tr(lang, 'stagiairs met >1 sjabloon', 'trainees with >1 template'), type: 'number' },
    ],
    rows: groups.map((g) => ({
      group: groupCell(g), schools: data.attributes.school ? g.schools : null, templates: g.templates,
      per_school: g.templatesPerSchool === null ? null : round(g.templatesPerSchool, 2), trainees: g.trainees, evaluations: g.evaluations,
      without: g.withoutTemplate, several: g.traineesWithSeveral,
    })),
    notes: [
      sourceNote(data, lang),
      tr(lang,
        'Sjablonen per school = verschillende sjablonen / scholen: 1 wanneer elke school haar eigen formulier gebruikt (de planlast die de werkplek draagt), 1/scholen wanneer alle scholen één formulier delen. Evaluaties zonder sjabloon worden geteld, niet als sjabloon.',
        'Templates per school = distinct templates / schools: 1 when every school uses its own form (the paperwork the placement carries), 1/schools when all schools share one form. Evaluations without a template are counted, not as a template.'),
      ...(data.attributes.school ? [] : [tr(lang, 'De definitie noemt geen `school:`-kolom: scholen worden niet geteld.', 'The definition names no `school:` column: schools are not counted.')]),
    ],
  };
  const detail: Table = {
    title: tr(lang, 'Gebruik per sjabloon', 'Use per template'),
    columns: [
      { key: 'group', label: group ? attributeHeader(data, group) : tr(lang, 'groep', 'group') },
      { key: 'template', label: tr(lang, 'sjabloon', 'template') },
      { key: 'schools', label: tr(lang, 'scholen', 'schools'), type: 'number' },
      { key: 'school_names', label: tr(lang, 'welke scholen', 'which schools') },
      { key: 'trainees', label: tr(lang, 'stagiairs', 'trainees'), type: 'number' },
      { key: 'evaluations', label: tr(lang, 'evaluaties', 'evaluations'), type: 'number' },
    ],
    rows: groups.flatMap((g) => g.rows.map((t) => ({
      group: groupCell(g), template: t.template ?? tr(lang, '(geen)', '(none)'),
      schools: data.attributes.school ? t.schools.length : null, school_names: t.schools.join(', ') || null,
      trainees: t.trainees, evaluations: t.evaluations,
    }))),
    notes: [tr(lang, 'Een stagiair die op twee momenten met verschillende sjablonen werd beoordeeld, telt bij beide.', 'A trainee rated with different templates at two moments counts under both.')],
  };
  const json = {
    ...baseJson('stage templates', data, meta, data.definition.scale.sufficient),
    by: group ?? null,
    groups,
    provenance: provenance(data, meta),
  };
  return { tables: [summary, detail], json };
}
