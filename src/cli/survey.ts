/**
 * `hefboom survey describe|compare|model` (issue 7): staff and coach surveys, on their own or joined
 * to the CRM's trajectories. Reads only hefboom.yaml, the survey and (when a flag needs it) the CRM.
 */
import type { Command } from 'commander';
import type { InputIssue } from '../model/types.js';
import type { SurveyData, SurveyItem } from '../model/survey.js';
import type { CrmData } from '../model/crm.js';
import type { Project } from '../io/project.js';
import { parseDay, isoDay } from '../io/cells.js';
import { closest } from '../model/issues.js';
import { PERIOD_KINDS, periodOf, inWindow, type PeriodKind } from '../analysis/periods.js';
import { hiddenCellText, suppressSmallCells } from '../analysis/suppress.js';
import {
  joinSurveyToCrm, JoinKeyMissing, resolveVariable, respondentDays, variableNames,
  type RespondentVariable, type SurveyCrmJoin, type VariableContext,
} from '../analysis/survey-join.js';
import {
  describeConstruct, describeItem, groupRows, MISSING_GROUP,
  type ConstructDescription, type ItemDescription, type RespondentGroup,
} from '../analysis/survey-describe.js';
import type { Cell, Column, Table } from '../report/table.js';
import { StatsInputError } from '../stats/types.js';
import type { Share } from '../analysis/share.js';
import { act, collect, emit, EXIT_OK, globals, intOption, outputFormat, say, stopOnIssues, UsageError, version, withOutput, type GlobalOptions } from './common.js';
import { loadCrm, loadSurveys, openProjectFileOnly } from './data-sources.js';

type Lang = 'nl' | 'en';

interface SurveyFlags {
  survey?: string;
  item?: string[];
  construct?: string[];
  headline?: boolean;
  period?: string;
  since?: string;
  until?: string;
  suppressBelow?: string;
  format?: string;
  out?: string;
  csvDialect?: string;
}
interface DescribeFlags extends SurveyFlags { by?: string }
interface CompareFlags extends SurveyFlags { by?: string; groups?: string; minExpected: string; seed: string }
interface ModelFlags extends SurveyFlags { outcome?: string; predictors?: string; logistic?: boolean; cluster?: string }

export function registerSurvey(program: Command): void {
  const survey = program
    .command('survey')
    .description('surveys: describe items and constructs, compare groups, model an outcome (staff and coach surveys)');
  survey.addHelpText('before', `Examples:
  hefboom survey describe
  hefboom survey describe --headline --by employer --suppress-below 5
  hefboom survey compare --by location_type
  hefboom survey model --outcome impact --predictors tijd_buiten,participants,motivatie --cluster coach
`);

  const describe = commonOptions(survey.command('describe').description('per item: distribution, missing, median, top box (Wilson CI); per construct: score and Cronbach\'s α'))
    .option('-b, --by <attr>', 'break down by a survey attribute, an item, or a CRM field through the join (type, employer, coach …; crm.NAME)')
    .option('--period <kind>', `break down by period of the response date (else the trajectory end date): ${PERIOD_KINDS.join(' | ')}`);
  withOutput(describe);
  describe.addHelpText('before', `Examples:
  hefboom survey describe
  hefboom survey describe --survey coaches --headline
  hefboom survey describe --item effect --item tevreden --by type --suppress-below 5
  hefboom survey describe --construct impact --by crm.employer --format json
  hefboom survey describe --period half-year --since 2023-01-01 --format md
`);
  describe.action(act(async (flags: DescribeFlags, c: Command) => runDescribe(flags, globals(c))));

  const compare = commonOptions(survey.command('compare').description('per item a group comparison with the test that fits its type, effect size and Holm-adjusted p'))
    .option('-b, --by <attr>', 'groups: a survey attribute, an item, or a CRM field through the join')
    .option('--period <kind>', `groups: periods of the response date (else the trajectory end date): ${PERIOD_KINDS.join(' | ')}`)
    .option('--groups <a,b>', 'compare only these groups (e.g. two of them)')
    .option('--min-expected <n>', 'χ²: use Fisher\'s exact test when an expected count is below N', '5')
    .option('--seed <n>', 'seed of Fisher\'s Monte Carlo p when exact enumeration is too large', '1');
  withOutput(compare);
  compare.addHelpText('before', `Examples:
  hefboom survey compare --by location_type
  hefboom survey compare --by type --groups 1,2 --headline
  hefboom survey compare --by employer --construct impact --format json
`);
  compare.action(act(async (flags: CompareFlags, c: Command) => runCompare(flags, globals(c))));

  const model = commonOptions(survey.command('model').description('OLS (cluster-robust SEs) or logistic regression of an item or construct, with the coach-level ICC'))
    .option('--outcome <id>', 'outcome: a Likert item (code; top box 0/1 with --logistic), a number item or a construct')
    .option('--predictors <list>', 'comma-separated: items, constructs, survey attributes, CRM fields (participants, hours, contacts, type …)')
    .option('--logistic', 'logistic regression of the top box (Likert outcome)')
    .option('--cluster <var>', 'cluster-robust (CR1) SEs by coach | trajectory | employer | any categorical variable');
  withOutput(model);
  model.addHelpText('before', `Examples:
  hefboom survey model --outcome impact --predictors tijd_buiten,participants,motivatie --cluster coach
  hefboom survey model --outcome effect --logistic --predictors tijd_buiten,type
  hefboom survey model --outcome impact --predictors hours,contacts --format json
`);
  model.action(act(async (flags: ModelFlags, c: Command) => runModel(flags, globals(c))));
}

function commonOptions(cmd: Command): Command {
  return cmd
    .option('-s, --survey <name>', 'which survey of the project (default: the only one, else the first staff survey)')
    .option('-i, --item <id>', 'only this item (repeatable)', collect)
    .option('--construct <id>', 'only this construct (repeatable)', collect)
    .option('--headline', 'only the headline items (`headline: true` in the definition)')
    .option('--since <date>', 'respondents from this date (response date, else trajectory end; ISO or dd/mm/yyyy)')
    .option('--until <date>', 'respondents up to this date (inclusive)')
    .option('--suppress-below <n>', 'replace counts below N in breakdowns by "<N" (small-cell suppression)');
}

// ─── shared loading ──────────────────────────────────────────────────────────────────────────────

interface Loaded {
  g: GlobalOptions;
  project: Project;
  survey: SurveyData;
  lang: Lang;
  issues: InputIssue[];
  /** Loads the CRM and joins on first use (only flags that need it pay for reading the export). */
  joined: () => Promise<{ crm?: CrmData; join?: SurveyCrmJoin }>;
  /** Respondents left after --since/--until. */
  rows: number[];
  window: { since?: number; until?: number; basis: string; noDate: number };
  suppressBelow: number;
}

function parseDateFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const d = parseDay(v);
  if (d === null || d === undefined) throw new UsageError(`${name} expects a date, got "${v}"`, 'write 2023-02-01 or 1/2/2023');
  return d;
}

function parsePeriod(v: string | undefined): PeriodKind | undefined {
  if (v === undefined) return undefined;
  const found = PERIOD_KINDS.find((k) => k === v.toLowerCase());
  if (!found) {
    const near = closest(v, PERIOD_KINDS, 1);
    throw new UsageError(`unknown --period "${v}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}periods: ${PERIOD_KINDS.join(', ')}`);
  }
  return found;
}

/** Which survey: --survey, else the only one, else the first staff survey (said on stderr). */
function pickSurvey(project: Project, wanted: string | undefined, g: GlobalOptions): string {
  const names = project.surveys.map((s) => s.name);
  if (!names.length) throw new UsageError('the project lists no `surveys:`', 'add a `surveys:` entry to hefboom.yaml (see "Surveys" in the README)');
  if (wanted !== undefined) {
    if (names.includes(wanted)) return wanted;
    const near = closest(wanted, names, 1);
    throw new UsageError(`no survey called "${wanted}" in the project`, `${near.length ? `did you mean "${near[0]}"? ` : ''}surveys: ${names.join(', ')}`);
  }
  if (names.length === 1) return names[0];
  const staff = project.surveys.find((s) => s.kind === 'staff');
  if (!staff) throw new UsageError('the project has several surveys and none of kind staff: say which one', `pass --survey NAME (${names.join(', ')})`);
  say(`survey: ${staff.name} (the first staff survey; others: ${names.filter((n) => n !== staff.name).join(', ')}; pass --survey NAME)`, g);
  return staff.name;
}

async function load(flags: SurveyFlags, g: GlobalOptions, needsDays: boolean): Promise<Loaded> {
  // Flags that need no data are checked first: a typo should not wait for the files.
  outputFormat(flags);
  const since = parseDateFlag('--since', flags.since);
  const until = parseDateFlag('--until', flags.until);
  if (since !== undefined && until !== undefined && since > until) throw new UsageError(`--since ${flags.since} is after --until ${flags.until}`);
  const suppressFlag = intOption('--suppress-below', flags.suppressBelow, 0);
  const { project, issues } = openProjectFileOnly(g);
  const name = pickSurvey(project, flags.survey, g);
  const surveys = await loadSurveys(project, [name], issues);
  let cache: { crm?: CrmData; join?: SurveyCrmJoin } | undefined;
  const survey = surveys[0];
  const joined = async () => {
    if (cache) return cache;
    cache = {};
    if (!project.crm.length) return cache;
    const more: InputIssue[] = [];
    const crm = await loadCrm(project, g, more);
    stopOnIssues(more, g);
    issues.push(...more);
    if (!crm) return cache;
    const field = joinField(survey);
    if (!field) return (cache = { crm });
    try {
      cache = { crm, join: joinSurveyToCrm(survey, crm, field) };
    } catch (e) {
      if (e instanceof JoinKeyMissing) return (cache = { crm });
      throw e;
    }
    reportJoin(cache.join!, survey, g);
    return cache;
  };
  if (!survey) { stopOnIssues(issues, g); throw new UsageError(`survey "${name}" could not be read`); }
  stopOnIssues(issues, g);
  const lang: Lang = g.lang ?? project.language;
  const all = survey.respondents.map((_, r) => r);
  const window = { since, until, basis: 'none', noDate: 0 };
  let rows = all;
  if (since !== undefined || until !== undefined || needsDays) {
    const { crm, join } = survey.dates ? {} : await joined();
    const d = respondentDays(survey, crm, join);
    window.basis = d.basis;
    if (since !== undefined || until !== undefined) {
      if (d.basis === 'none') throw new UsageError('--since/--until need a response date or a CRM join', 'name the `date:` column in the survey definition, or add a `crm:` export the survey joins to');
      window.noDate = all.filter((r) => !Number.isFinite(d.days[r])).length;
      rows = all.filter((r) => inWindow(d.days[r], { since, until }));
      if (window.noDate) say(`${window.noDate} respondent(s) without a date were left out by --since/--until`, g);
    }
  }
  const suppressBelow = suppressFlag ?? project.report.suppress_below ?? 0;
  return { g, project, survey, lang, issues, joined, rows, window, suppressBelow };
}

/** The CRM field a survey joins on: trajectory (staff), coach (coach surveys), else its first key. */
function joinField(survey: SurveyData): string | undefined {
  const keys = Object.keys(survey.keys);
  if (survey.kind === 'coach' && keys.includes('coach')) return 'coach';
  if (keys.includes('trajectory')) return 'trajectory';
  if (keys.includes('coach')) return 'coach';
  return keys[0];
}

/** Respondents the join could not place are counted and listed on stderr, never dropped silently. */
function reportJoin(join: SurveyCrmJoin, survey: SurveyData, g: GlobalOptions): void {
  const show = <T extends { line: number }>(list: T[], fmt: (x: T) => string) => list.slice(0, 5).map(fmt).join(', ') + (list.length > 5 ? `, … (${list.length - 5} more)` : '');
  if (join.noKey.length) say(`${survey.file}: ${join.noKey.length} respondent(s) without a ${join.field} (line ${show(join.noKey, (x) => String(x.line))}): counted under (missing) for CRM fields`, g);
  if (join.unknown.length) say(`${survey.file}: ${join.unknown.length} respondent(s) with a ${join.field} the CRM does not know (${show(join.unknown, (x) => `"${x.key}" line ${x.line}`)}): counted under (missing) for CRM fields`, g);
  if (join.caseInsensitive) say(`${survey.file}: ${join.caseInsensitive} ${join.field} key(s) matched the CRM only when ignoring case`, g);
}

function joinJson(join: SurveyCrmJoin | undefined, crm: CrmData | undefined) {
  if (!join) return null;
  return {
    field: join.field, crm: crm?.file ?? null, matched: join.matched, caseInsensitive: join.caseInsensitive,
    noKey: { count: join.noKey.length, respondents: join.noKey },
    unknown: { count: join.unknown.length, respondents: join.unknown },
  };
}

/** --item / --construct / --headline → the items and constructs to show (unknown ids: closest suggestion). */
function pickItems(survey: SurveyData, flags: SurveyFlags, opts: { allConstructs: boolean }): { items: SurveyItem[]; constructs: string[] } {
  const def = survey.definition;
  const itemIds = def.items.map((i) => i.id);
  const constructIds = def.constructs.map((c) => c.id);
  for (const id of flags.item ?? []) {
    if (itemIds.includes(id)) continue;
    if (constructIds.includes(id)) throw new UsageError(`"${id}" is a construct, not an item`, `use --construct ${id}`);
    const near = closest(id, itemIds, 1);
    throw new UsageError(`unknown item "${id}" in --item (survey ${survey.name}, ${def.file})`, `${near.length ? `did you mean "${near[0]}"? ` : ''}items: ${itemIds.join(', ')}`);
  }
  for (const id of flags.construct ?? []) {
    if (constructIds.includes(id)) continue;
    const near = closest(id, constructIds, 1);
    throw new UsageError(`unknown construct "${id}" in --construct (survey ${survey.name}, ${def.file})`, constructIds.length ? `${near.length ? `did you mean "${near[0]}"? ` : ''}constructs: ${constructIds.join(', ')}` : 'the survey definition has no `constructs:`');
  }
  const chosen = !!(flags.item?.length || flags.construct?.length || flags.headline);
  let items = chosen ? def.items.filter((i) => (flags.item ?? []).includes(i.id) || (flags.headline && i.headline)) : def.items;
  const constructs = chosen ? def.constructs.filter((c) => (flags.construct ?? []).includes(c.id)).map((c) => c.id) : opts.allConstructs ? constructIds : [];
  if (flags.headline && !items.length && !constructs.length) throw new UsageError(`survey ${survey.name} marks no item as headline`, `add \`headline: true\` to items in ${def.file}, or use --item ID`);
  items = items.filter((i) => survey.columns[i.id]);
  return { items, constructs };
}

/** --by NAME or --period KIND → the grouping variable (unknown names: closest suggestion and the list). */
async function groupingVariable(L: Loaded, by: string | undefined, periodFlag: string | undefined, required: boolean): Promise<{ variable: RespondentVariable; label: string } | undefined> {
  const period = parsePeriod(periodFlag);
  if (period && by) throw new UsageError('give --by or --period, not both', 'to see periods within a group, filter with --since/--until and break down with --by');
  if (period) {
    const { crm, join } = L.survey.dates ? {} : await L.joined();
    const d = respondentDays(L.survey, crm, join);
    if (d.basis === 'none') throw new UsageError('--period needs a response date or a CRM join', 'name the `date:` column in the survey definition, or add a `crm:` export the survey joins to');
    return { variable: { kind: 'categorical', name: period, source: 'date', values: Array.from(d.days, (day) => periodOf(day, period)) }, label: period };
  }
  if (!by) {
    if (required) throw new UsageError('compare needs --by (or --period)', `groups can be: ${variableNames({ survey: L.survey, use: 'by' }).join(', ')}${L.project.crm.length ? ', or a CRM field (type, employer, location_type, coach, status …)' : ''}`);
    return undefined;
  }
  const ctx = await variableContext(L, by, 'by');
  const v = resolveVariable(by, ctx);
  if (!v) throw unknownVariable('--by', by, ctx);
  return { variable: v, label: v.name };
}

/** Load the CRM only when a name is not found in the survey itself. */
async function variableContext(L: Loaded, name: string, use: 'by' | 'predictor'): Promise<VariableContext> {
  const local: VariableContext = { survey: L.survey, use };
  if (!/^crm\./i.test(name) && resolveVariable(name, local)) return local;
  const { crm, join } = await L.joined();
  return { survey: L.survey, crm, join, use };
}

function unknownVariable(flag: string, name: string, ctx: VariableContext): UsageError {
  const names = variableNames(ctx);
  const near = closest(name.replace(/^crm\./i, ''), names, 1);
  const crmHint = ctx.crm && !ctx.join ? ' (the survey has no key column to join the CRM on: add `join:` to its entry in hefboom.yaml)' : !ctx.crm ? ' (the project has no `crm:` export, so CRM fields are not available)' : '';
  return new UsageError(`unknown variable "${name}" in ${flag}${crmHint}`, `${near.length ? `did you mean "${near[0]}"? ` : ''}variables: ${names.join(', ')}`);
}

function provenance(L: Loaded, crm?: CrmData) {
  return {
    project: L.project.name,
    survey: L.survey.file,
    definition: L.survey.definition.file,
    crm: crm?.file ?? null,
    warnings: L.issues.filter((i) => i.severity === 'warning').length,
  };
}

function selectionJson(L: Loaded, flags: SurveyFlags, picked: { items: SurveyItem[]; constructs: string[] }) {
  return {
    since: L.window.since !== undefined ? isoDay(L.window.since) : null,
    until: L.window.until !== undefined ? isoDay(L.window.until) : null,
    dateBasis: L.window.basis,
    withoutDate: L.window.noDate,
    headline: !!flags.headline,
    items: picked.items.map((i) => i.id),
    constructs: picked.constructs,
  };
}

const tr = (lang: Lang, nl: string, en: string) => (lang === 'nl' ? nl : en);
const pct = (p: number | null | undefined) => (p === null || p === undefined ? null : p * 100);

function surveyNote(L: Loaded): string {
  const s = L.survey;
  const base = tr(L.lang, `Bevraging ${s.name} (${s.file}): ${s.respondents.length} respondenten`, `Survey ${s.name} (${s.file}): ${s.respondents.length} respondents`);
  const sel = L.rows.length !== s.respondents.length ? tr(L.lang, `, ${L.rows.length} in de selectie`, `, ${L.rows.length} in the selection`) : '';
  const inv = s.invited ? tr(L.lang, `; verstuurd naar ${s.invited}`, `; sent to ${s.invited}`) : '';
  return `${base}${sel}${inv}.`;
}

function wrapStats<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StatsInputError) throw new UsageError(e.message, e.hint);
    throw e;
  }
}

// ─── describe ────────────────────────────────────────────────────────────────────────────────────

async function runDescribe(flags: DescribeFlags, g: GlobalOptions): Promise<number> {
  parsePeriod(flags.period);
  const L = await load(flags, g, false);
  const picked = pickItems(L.survey, flags, { allConstructs: true });
  const grouping = await groupingVariable(L, flags.by, flags.period, false);
  const groups = grouping ? groupRows(grouping.variable, L.rows) : [];
  const items = picked.items.map((item) => ({ item, total: describeItem(L.survey, item, L.rows), groups: groups.map((gr) => describeItem(L.survey, item, gr.rows)) }));
  const constructs = picked.constructs.map((id) => {
    const c = L.survey.definition.constructs.find((x) => x.id === id)!;
    return { total: describeConstruct(L.survey, c, L.rows), groups: groups.map((gr) => describeConstruct(L.survey, c, gr.rows, { alpha: false })) };
  });
  const { crm, join } = grouping?.variable.source === 'crm' || L.window.basis === 'trajectory-end' ? await L.joined() : { crm: undefined, join: undefined };
  const { tables, json } = presentDescribe(L, flags, picked, grouping?.label, groups, items, constructs, crm, join);
  await emit(tables, json, flags, g);
  return EXIT_OK;
}

interface DescribedItem { item: SurveyItem; total: ItemDescription; groups: ItemDescription[] }
interface DescribedConstruct { total: ConstructDescription; groups: ConstructDescription[] }

function presentDescribe(
  L: Loaded, flags: DescribeFlags, picked: { items: SurveyItem[]; constructs: string[] }, byLabel: string | undefined,
  groups: RespondentGroup[], items: DescribedItem[], constructs: DescribedConstruct[], crm?: CrmData, join?: SurveyCrmJoin,
): { tables: Table[]; json: unknown } {
  const { lang, suppressBelow: N } = L;
  const sup = `<${N}`;
  const groupLabel = (v: string) => (v === MISSING_GROUP ? tr(lang, '(ontbrekend)', '(missing)') : v);
  const tables: Table[] = [];
  const notes: string[] = [surveyNote(L)];
  notes.push(tr(lang,
    'Noemer van elk percentage: de geldige antwoorden op het item (ontbrekende antwoorden en missing-codes niet meegerekend); meerkeuze: wie de vraag beantwoordde. BI: 95 %-Wilsoninterval.',
    'Denominator of every percentage: the valid answers to the item (missing answers and missing codes excluded); multiple choice: those who answered the question. CI: 95 % Wilson interval.'));
  if (N > 0 && groups.length) notes.push(tr(lang, `Aantallen onder ${N} in uitsplitsingen zijn vervangen door <${N} (ook een tweede cel waar een totaal de eerste zou verraden); totalen niet.`, `Counts below ${N} in breakdowns are shown as <${N} (also a second cell where a total would give the first away); totals are not.`));

  // Summary: one row per item.
  const summary: Table = {
    title: tr(lang, `Items — ${L.survey.name}`, `Items — ${L.survey.name}`),
    columns: [
      { key: 'item', label: 'item' }, { key: 'type', label: 'type' },
      { key: 'valid', label: tr(lang, 'geldig n', 'valid n'), type: 'number' }, { key: 'missing', label: tr(lang, 'ontbrekend', 'missing'), type: 'number' },
      { key: 'median', label: tr(lang, 'mediaan', 'median'), type: 'number' }, { key: 'iqr', label: 'IQR' },
      { key: 'top', label: tr(lang, 'top-box n', 'top box n'), type: 'number' }, { key: 'top_pct', label: tr(lang, 'top-box %', 'top box %'), type: 'percent' },
      { key: 'top_ci', label: tr(lang, '95%-BI', '95% CI') },
      { key: 'mean', label: tr(lang, 'gemiddelde', 'mean'), type: 'number' }, { key: 'sd', label: 'sd', type: 'number' },
    ],
    rows: items.map(({ total: d }) => ({
      item: d.id, type: d.type, valid: d.valid, missing: d.missing.total,
      median: d.median ?? d.stats?.median ?? null,
      iqr: d.q1 !== undefined && d.q1 !== null ? `${fmt(d.q1)}–${fmt(d.q3!)}` : d.stats && d.stats.q1 !== null ? `${fmt(d.stats.q1)}–${fmt(d.stats.q3!)}` : null,
      top: d.top?.count ?? null, top_pct: pct(d.top?.p), top_ci: ciText(d.top),
      mean: d.stats?.mean ?? null, sd: d.stats?.sd ?? null,
    })),
    notes: [tr(lang, 'Mediaan en IQR van Likert-items: op de codes (1 = laagste label). Top-box: de hoogste labels (item.top, standaard 2).', 'Median and IQR of Likert items: on the codes (1 = lowest label). Top box: the highest labels (item.top, default 2).')],
  };
  if (items.length) tables.push(summary);

  // Answers: one row per item × answer (and per missing code), with groups as columns under --by.
  const answerCols: Column[] = [{ key: 'item', label: 'item' }, { key: 'answer', label: tr(lang, 'antwoord', 'answer') }];
  groups.forEach((gr, j) => answerCols.push({ key: `g${j}`, label: /^\d+$/.test(gr.value) ? `${byLabel} ${gr.value}` : groupLabel(gr.value), type: 'number' }, { key: `g${j}_pct`, label: `%`, type: 'percent' }));
  answerCols.push({ key: 'count', label: 'n', type: 'number' }, { key: 'valid', label: tr(lang, 'van', 'of'), type: 'number' }, { key: 'pct', label: '%', type: 'percent' }, { key: 'ci', label: tr(lang, '95%-BI', '95% CI') });
  const answers: Table = { title: tr(lang, 'Antwoorden per item', 'Answers per item'), columns: answerCols, rows: [], notes };
  const jsonItems = items.map(({ item, total, groups: per }) => {
    const labels = total.distribution.map((x) => x.label);
    const missingCodes = total.missing.codes.map((m) => m.code);
    // The breakdown matrix: answers, then missing codes, then the valid n per group (a total a reader sees).
    const matrix = [
      ...labels.map((_, a) => per.map((d) => d.distribution[a].count)),
      ...missingCodes.map((_, m) => per.map((d) => d.missing.codes[m].count)),
    ];
    const hidden = N > 0 && groups.length ? suppressSmallCells(matrix, N, { rowTotals: true, colTotals: true }) : matrix.map((r) => r.map(() => false));
    const groupSmall = per.map((d) => N > 0 && d.valid > 0 && d.valid < N);
    const isHidden = (i: number, j: number) => hidden[i][j] || groupSmall[j];
    total.distribution.forEach((x, a) => {
      const row: Record<string, Cell> = { item: a === 0 ? item.id : '', answer: x.label, count: x.count, valid: x.n, pct: pct(x.p), ci: ciText(x) };
      per.forEach((d, j) => { row[`g${j}`] = isHidden(a, j) ? hiddenCellText(d.distribution[a].count, N) : d.distribution[a].count; row[`g${j}_pct`] = isHidden(a, j) ? null : pct(d.distribution[a].p); });
      answers.rows.push(row);
    });
    total.missing.codes.forEach((m, k) => {
      if (!m.count) return;
      const row: Record<string, Cell> = { item: total.distribution.length ? '' : item.id, answer: m.code ? tr(lang, `(ontbrekend: ${m.code})`, `(missing: ${m.code})`) : tr(lang, '(leeg)', '(empty)'), count: m.count, valid: null, pct: null, ci: null };
      per.forEach((d, j) => { row[`g${j}`] = isHidden(labels.length + k, j) ? hiddenCellText(d.missing.codes[k].count, N) : d.missing.codes[k].count; row[`g${j}_pct`] = null; });
      answers.rows.push(row);
    });
    return {
      ...total,
      ...(groups.length ? {
        groups: per.map((d, j) => suppressItem(d, groups[j].value, (i) => isHidden(i, j), labels.length, groupSmall[j], N)),
      } : {}),
    };
  });
  if (answers.rows.length) tables.push(answers);

  // Groups: valid n, top box and mean per group.
  if (groups.length && items.length) {
    const gt: Table = {
      title: tr(lang, `Per ${byLabel}`, `By ${byLabel}`),
      columns: [
        { key: 'item', label: 'item' }, { key: 'group', label: byLabel! },
        { key: 'valid', label: tr(lang, 'geldig n', 'valid n'), type: 'number' },
        { key: 'top', label: tr(lang, 'top-box n', 'top box n'), type: 'number' }, { key: 'top_pct', label: tr(lang, 'top-box %', 'top box %'), type: 'percent' },
        { key: 'top_ci', label: tr(lang, '95%-BI', '95% CI') },
        { key: 'median', label: tr(lang, 'mediaan', 'median'), type: 'number' }, { key: 'mean', label: tr(lang, 'gemiddelde', 'mean'), type: 'number' },
      ],
      rows: [],
      notes: [tr(lang, 'Groepen met minder geldige antwoorden dan de drempel tonen geen statistieken.', 'Groups with fewer valid answers than the threshold show no statistics.')],
    };
    for (const it of jsonItems) {
      for (const gr of it.groups ?? []) {
        gt.rows.push({ item: it.id, group: groupLabel(gr.value), valid: gr.valid, top: gr.top?.count ?? null, top_pct: pct(gr.top?.p ?? null), top_ci: gr.top ? ciText(gr.top) : null, median: gr.median ?? gr.stats?.median ?? null, mean: gr.stats?.mean ?? null });
      }
    }
    tables.push(gt);
  }

  // Constructs.
  const jsonConstructs = constructs.map(({ total, groups: per }) => ({
    ...total,
    ...(groups.length ? { groups: per.map((d, j) => ({ value: groups[j].value, respondents: d.respondents, score: N > 0 && d.score.n > 0 && d.score.n < N ? { ...nullStats(), n: sup } : d.score })) } : {}),
  }));
  if (constructs.length) {
    const ct: Table = {
      title: tr(lang, 'Constructen', 'Constructs'),
      columns: [
        { key: 'construct', label: 'construct' }, ...(groups.length ? [{ key: 'group', label: byLabel! }] : []),
        { key: 'items', label: 'items' }, { key: 'n', label: tr(lang, 'n met score', 'n scored'), type: 'number' },
        { key: 'mean', label: tr(lang, 'gemiddelde', 'mean'), type: 'number' }, { key: 'sd', label: 'sd', type: 'number' },
        { key: 'alpha', label: 'α', type: 'number' }, { key: 'alpha_n', label: tr(lang, 'α n (volledig)', 'α n (complete)'), type: 'number' },
      ],
      rows: [],
      notes: [
        tr(lang, 'Score: het gemiddelde van de beantwoorde items (omgekeerd gescoorde items als k + 1 − code), als minstens min_items items beantwoord zijn.', 'Score: the mean of the answered items (reverse-keyed items as k + 1 − code) when at least min_items items are answered.'),
        tr(lang, "Cronbachs α op volledige gevallen (listwise); ≥ 0,7 geldt meestal als voldoende voor een groepsscore. α per groep wordt niet berekend.", "Cronbach's α on complete cases (listwise); ≥ 0.7 is usually taken as adequate for a group score. α is not computed per group."),
      ],
    };
    for (const c of jsonConstructs) {
      ct.rows.push({ construct: c.id, ...(groups.length ? { group: tr(lang, '(alle)', '(all)') } : {}), items: c.items.map((i) => (c.reversed.includes(i) ? `${i} (R)` : i)).join(', '), n: c.score.n, mean: c.score.mean, sd: c.score.sd, alpha: c.alpha?.alpha ?? null, alpha_n: c.alpha?.n ?? null });
      for (const gr of c.groups ?? []) ct.rows.push({ construct: '', group: groupLabel(gr.value), items: '', n: gr.score.n, mean: gr.score.mean, sd: gr.score.sd, alpha: null, alpha_n: null });
    }
    tables.push(ct);
    const deleted = jsonConstructs.filter((c) => c.alpha && c.alpha.items > 2);
    if (deleted.length) {
      tables.push({
        title: tr(lang, 'α als het item wegvalt', 'α if item deleted'),
        columns: [{ key: 'construct', label: 'construct' }, { key: 'item', label: 'item' }, { key: 'alpha_if_deleted', label: tr(lang, 'α zonder item', 'α without item'), type: 'number' }, { key: 'item_rest', label: tr(lang, 'r item–rest', 'r item–rest'), type: 'number' }],
        rows: deleted.flatMap((c) => c.alpha!.ifDeleted.map((x, i) => ({ construct: i === 0 ? c.id : '', item: x.item, alpha_if_deleted: x.alpha, item_rest: x.itemRest }))),
        notes: [tr(lang, 'Een α zonder item die hoger ligt dan de α van het construct wijst op een item dat niet goed past.', "An α without the item higher than the construct's α points to an item that does not fit well.")],
      });
    }
    for (const c of jsonConstructs) if (c.alphaNote) notes.push(`${c.id}: α — ${c.alphaNote}`);
  }
  if (join && (join.noKey.length || join.unknown.length)) {
    notes.push(tr(lang,
      `Koppeling met het CRM op ${join.field}: ${join.matched} gekoppeld, ${join.noKey.length} zonder sleutel, ${join.unknown.length} met een onbekende sleutel (vallen onder (ontbrekend) bij CRM-velden).`,
      `Join with the CRM on ${join.field}: ${join.matched} matched, ${join.noKey.length} without a key, ${join.unknown.length} with an unknown key (counted under (missing) for CRM fields).`));
  }
  if (!tables.length) throw new UsageError('nothing to describe: the selection holds no items or constructs');
  const json = {
    hefboom: version(),
    command: 'survey describe',
    survey: surveyJson(L),
    selection: selectionJson(L, flags, picked),
    join: joinJson(join, crm),
    by: byLabel ? { name: byLabel, groups: groups.map((gr) => ({ value: gr.value, missing: !!gr.missing, n: N > 0 && gr.rows.length > 0 && gr.rows.length < N ? sup : gr.rows.length })) } : null,
    suppressBelow: N,
    items: jsonItems,
    constructs: jsonConstructs,
    notes,
    provenance: provenance(L, crm),
  };
  return { tables, json };
}

function surveyJson(L: Loaded) {
  const s = L.survey;
  return { name: s.name, kind: s.kind, file: s.file, definition: s.definition.file, respondents: s.respondents.length, selected: L.rows.length, invited: s.invited ?? null };
}

const nullStats = () => ({ mean: null, sd: null, median: null, q1: null, q3: null, min: null, max: null });

/** An item's group description with hidden counts as "<N" and their proportions withheld. */
function suppressItem(d: ItemDescription, value: string, hidden: (row: number) => boolean, answers: number, small: boolean, N: number) {
  const sup = `<${N}`;
  const hideP = (p: Share, h: boolean) => (h ? { ...p, count: hiddenCellText(p.count, N), p: null, ci: null } : p);
  const topHidden = small || (d.top !== undefined && (d.top.count > 0 && d.top.count < N || d.distribution.slice(answers - d.top.labels.length).some((_, i) => hidden(answers - d.top!.labels.length + i))));
  return {
    value,
    ...d,
    valid: small ? sup : d.valid,
    respondents: small ? sup : d.respondents,
    distribution: d.distribution.map((x, a) => hideP(x, hidden(a))),
    missing: { total: small ? sup : d.missing.total, codes: d.missing.codes.map((m, k) => ({ code: m.code, count: hidden(answers + k) ? hiddenCellText(m.count, N) : m.count })) },
    ...(d.top ? { top: hideP(d.top, topHidden) } : {}),
    ...(small ? { median: null, q1: null, q3: null } : {}),
    ...(d.stats ? { stats: small ? { ...nullStats(), n: sup } : d.stats } : {}),
  };
}

function fmt(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function ciText(p: { ci: [number, number] | null } | undefined | null): string | null {
  if (!p || !p.ci) return null;
  return `${(p.ci[0] * 100).toFixed(1)}–${(p.ci[1] * 100).toFixed(1)}%`;
}

// ─── compare ─────────────────────────────────────────────────────────────────────────────────────

async function runCompare(flags: CompareFlags, g: GlobalOptions): Promise<number> {
  parsePeriod(flags.period);
  const minExpected = intOption('--min-expected', flags.minExpected, 1) ?? 5;
  const seed = intOption('--seed', flags.seed, 0) ?? 1;
  const L = await load(flags, g, false);
  const picked = pickItems(L.survey, flags, { allConstructs: true });
  const grouping = (await groupingVariable(L, flags.by, flags.period, true))!;
  let groups = groupRows(grouping.variable, L.rows).filter((gr) => !gr.missing);
  if (flags.groups !== undefined) {
    const wanted = flags.groups.split(',').map((x) => x.trim()).filter(Boolean);
    const values = groups.map((gr) => gr.value);
    for (const w of wanted) {
      if (!values.includes(w)) {
        const near = closest(w, values, 1);
        throw new UsageError(`no group "${w}" in ${grouping.label} (--groups)`, `${near.length ? `did you mean "${near[0]}"? ` : ''}groups: ${values.join(', ')}`);
      }
    }
    if (wanted.length < 2) throw new UsageError('--groups needs at least two groups', `e.g. --groups ${values.slice(0, 2).join(',')}`);
    groups = wanted.map((w) => groups.find((gr) => gr.value === w)!);
  }
  if (groups.length < 2) throw new UsageError(`${grouping.label} has ${groups.length} group(s) with respondents in the selection: nothing to compare`, 'pick another --by, or widen --since/--until');
  const { compareGroups } = await import('../analysis/survey-compare.js');
  const result = wrapStats(() => compareGroups(L.survey, picked.items, picked.constructs, groups, { minExpected, seed }));
  const { crm, join } = grouping.variable.source === 'crm' ? await L.joined() : { crm: undefined, join: undefined };
  const { lang, suppressBelow: N } = L;
  const sup = `<${N}`;
  const hideN = (n: number) => (N > 0 && n > 0 && n < N ? sup : n);
  const smallGroup = (c: { test?: unknown; groups: { n: number }[] }) => N > 0 && !!c.test && c.groups.some((gr) => gr.n > 0 && gr.n < N);
  const testName: Record<string, string> = { chisq: 'χ²', fisher: 'Fisher', 'mann-whitney': 'Mann–Whitney', 'kruskal-wallis': 'Kruskal–Wallis', 'welch-t': 'Welch t', 'welch-anova': tr(lang, 'Welch-ANOVA', 'Welch ANOVA') };
  const effectName: Record<string, string> = { 'cramers-v': "Cramér's V", 'rank-biserial': 'rank-biserial r', 'epsilon-squared': 'ε²', 'hedges-g': "Hedges' g", 'eta-squared': 'η²' };
  const table: Table = {
    title: tr(lang, `Vergelijking per ${grouping.label} — ${L.survey.name}`, `Comparison by ${grouping.label} — ${L.survey.name}`),
    columns: [
      { key: 'item', label: 'item' }, { key: 'option', label: tr(lang, 'optie', 'option') }, { key: 'test', label: tr(lang, 'toets', 'test') },
      { key: 'statistic', label: tr(lang, 'toetsgrootheid', 'statistic'), type: 'number' }, { key: 'df', label: 'df', type: 'number' },
      { key: 'p', label: 'p', type: 'number' }, { key: 'p_holm', label: 'p (Holm)', type: 'number' },
      { key: 'effect', label: tr(lang, 'effectmaat', 'effect size') }, { key: 'effect_value', label: tr(lang, 'effect', 'effect'), type: 'number' },
      ...groups.map((gr, j) => ({ key: `n${j}`, label: `n ${gr.value}`, type: 'number' as const })),
      ...groups.map((gr, j) => ({ key: `c${j}`, label: `${tr(lang, 'centrum', 'centre')} ${gr.value}`, type: 'number' as const })),
    ],
    rows: result.comparisons.map((c) => {
      // A test over a group below the threshold would tell about the few people in it: withheld.
      const withheld = smallGroup(c);
      const row: Record<string, Cell> = withheld
        ? { item: c.id, option: c.option ?? null, test: tr(lang, `— (groep kleiner dan ${N})`, `— (a group below ${N})`), statistic: null, df: null, p: null, p_holm: null, effect: null, effect_value: null }
        : {
          item: c.id, option: c.option ?? null, test: c.test ? testName[c.test] : tr(lang, `— (${c.skipped ?? ''})`, `— (${c.skipped ?? ''})`),
          statistic: c.statistic, df: c.df2 !== undefined && c.df2 !== null && c.df !== null ? `${fmt(c.df)}, ${fmt(c.df2)}` : c.df, p: pCell(c.p, flags), p_holm: pCell(c.pHolm, flags),
          effect: c.effect ? effectName[c.effect.name] : null, effect_value: c.effect?.value ?? null,
        };
      c.groups.forEach((gr, j) => { row[`n${j}`] = hideN(gr.n); row[`c${j}`] = N > 0 && gr.n > 0 && gr.n < N ? null : gr.centre; });
      return row;
    }),
    notes: [
      surveyNote(L),
      tr(lang,
        'Toets per itemtype: enkelvoudige keuze χ² (Fisher als een verwachte frequentie < ' + minExpected + '), meerkeuze per optie (gekozen/niet gekozen); Likert: Mann–Whitney (2 groepen) of Kruskal–Wallis (> 2); getal en construct: Welch t (2) of Welch-ANOVA (> 2).',
        'Test per item type: single choice χ² (Fisher when an expected count is < ' + minExpected + '), multiple choice per option (chosen/not chosen); Likert: Mann–Whitney (2 groups) or Kruskal–Wallis (> 2); number and construct: Welch t (2) or Welch ANOVA (> 2).'),
      tr(lang,
        "Effectmaten: Cramérs V (ook bij Fisher, beschrijvend); rangbiseriële r (Mann–Whitney; positief = eerste groep hoger); ε² (Kruskal–Wallis); Hedges' g (Welch t; positief = eerste groep hoger); η² van de klassieke ANOVA (bij Welch-ANOVA, beschrijvend).",
        "Effect sizes: Cramér's V (also for Fisher, descriptive); rank-biserial r (Mann–Whitney; positive = first group higher); ε² (Kruskal–Wallis); Hedges' g (Welch t; positive = first group higher); η² of the classic ANOVA (with Welch ANOVA, descriptive)."),
      tr(lang, `p (Holm): aangepast voor ${result.tested} uitgevoerde toets(en).`, `p (Holm): adjusted for ${result.tested} test(s) run.`),
      tr(lang, 'Centrum: mediaan (Likert-code) of gemiddelde (getal, construct). n: geldige antwoorden per groep; respondenten zonder waarde voor de groepsvariabele doen niet mee.', 'Centre: median (Likert code) or mean (number, construct). n: valid answers per group; respondents without a value of the grouping variable are left out.'),
      ...(N > 0 ? [tr(lang, `Aantallen onder ${N} zijn vervangen door <${N}; hun centrum is weggelaten, en ook de toets en de effectmaat van een vergelijking met zo'n groep.`, `Counts below ${N} are shown as <${N}; their centre is withheld, and so are the test and the effect size of a comparison with such a group.`)] : []),
    ],
  };
  const json = {
    hefboom: version(),
    command: 'survey compare',
    survey: surveyJson(L),
    selection: selectionJson(L, flags, picked),
    join: joinJson(join, crm),
    by: { name: grouping.label, groups: groups.map((gr) => ({ value: gr.value, n: hideN(gr.rows.length) })) },
    minExpected,
    seed,
    tested: result.tested,
    suppressBelow: N,
    comparisons: result.comparisons.map((c) => ({
      ...c,
      ...(smallGroup(c) ? { statistic: null, df: null, df2: null, p: null, pHolm: null, effect: null, withheld: 'small-group' } : {}),
      groups: c.groups.map((gr) => ({ ...gr, n: hideN(gr.n), centre: N > 0 && gr.n > 0 && gr.n < N ? null : gr.centre, ...(gr.counts ? { counts: gr.counts.map(hideN) } : {}) })),
    })),
    notes: table.notes,
    provenance: provenance(L, crm),
  };
  await emit([table], json, flags, g);
  return EXIT_OK;
}

// ─── model ───────────────────────────────────────────────────────────────────────────────────────

async function runModel(flags: ModelFlags, g: GlobalOptions): Promise<number> {
  if (!flags.outcome) throw new UsageError('model needs --outcome ID', 'an item or construct id, e.g. --outcome impact');
  const predictorNames = (flags.predictors ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  if (!predictorNames.length) throw new UsageError('model needs --predictors a,b,c', 'items, constructs, survey attributes or CRM fields, e.g. --predictors tijd_buiten,participants,motivatie');
  const L = await load(flags, g, false);
  const { outcomeVariable, fitSurveyModel, ModelSpecError } = await import('../analysis/survey-model.js');
  const ids = [...L.survey.definition.items.map((i) => i.id), ...L.survey.definition.constructs.map((c) => c.id)];
  let outcome;
  try {
    outcome = outcomeVariable(L.survey, flags.outcome, !!flags.logistic);
  } catch (e) {
    if (e instanceof ModelSpecError) throw new UsageError(e.message, e.hint);
    throw e;
  }
  if (!outcome) {
    const near = closest(flags.outcome, ids, 1);
    throw new UsageError(`unknown item or construct "${flags.outcome}" in --outcome (survey ${L.survey.name}, ${L.survey.definition.file})`, `${near.length ? `did you mean "${near[0]}"? ` : ''}items and constructs: ${ids.join(', ')}`);
  }
  const predictors: RespondentVariable[] = [];
  for (const name of predictorNames) {
    if (name === flags.outcome) throw new UsageError(`"${name}" is the outcome; it cannot also be a predictor`);
    const ctx = await variableContext(L, name, 'predictor');
    const v = resolveVariable(name, ctx);
    if (!v) throw unknownVariable('--predictors', name, ctx);
    predictors.push(v);
  }
  let cluster: { name: string; values: (string | null)[] } | undefined;
  if (flags.cluster) {
    const ctx = await variableContext(L, flags.cluster, 'by');
    const v = resolveVariable(flags.cluster, ctx);
    if (!v) throw unknownVariable('--cluster', flags.cluster, ctx);
    if (v.kind !== 'categorical') throw new UsageError(`--cluster ${flags.cluster} is a number; clusters are groups`, 'use coach, trajectory, employer or another categorical variable');
    cluster = { name: v.name, values: v.values };
  }
  // The coach of every respondent, for the ICC: the survey's own coach column, else the CRM's via the join.
  const coachCtx = await variableContext(L, 'coach', 'by');
  const coachVar = resolveVariable('coach', coachCtx);
  const coach = coachVar?.kind === 'categorical' ? coachVar.values : undefined;
  let result;
  try {
    result = fitSurveyModel({ outcome, predictors, rows: L.rows, logistic: !!flags.logistic, cluster, coach });
  } catch (e) {
    if (e instanceof ModelSpecError) throw new UsageError(e.message, e.hint);
    if (e instanceof StatsInputError) throw new UsageError(`the model cannot be fitted: ${e.message}`, e.hint ?? 'leave out a predictor that is constant or a copy of another');
    throw e;
  }
  const { crm, join } = coachCtx.crm ? { crm: coachCtx.crm, join: coachCtx.join } : await L.joined();
  const { lang } = L;
  const ols = result.kind === 'ols';
  const coefTable: Table = {
    title: tr(lang, `${ols ? 'Lineair model (OLS)' : 'Logistisch model'} van ${result.outcome.name} — ${L.survey.name}`, `${ols ? 'Linear model (OLS)' : 'Logistic model'} of ${result.outcome.name} — ${L.survey.name}`),
    columns: [
      { key: 'term', label: tr(lang, 'term', 'term') }, { key: 'estimate', label: ols ? 'b' : 'log-odds', type: 'number' },
      { key: 'se', label: result.cluster ? tr(lang, 'SE (cluster)', 'SE (cluster)') : 'SE', type: 'number' },
      { key: 'statistic', label: ols ? 't' : 'z', type: 'number' }, { key: 'p', label: 'p', type: 'number' },
      { key: 'ci', label: tr(lang, '95%-BI', '95% CI') },
      ...(ols ? [{ key: 'standardized', label: 'β', type: 'number' as const }] : [{ key: 'odds_ratio', label: 'OR', type: 'number' as const }]),
    ],
    rows: result.coefficients.map((c) => ({
      term: c.name, estimate: c.estimate, se: c.se, statistic: c.statistic, p: pCell(c.p, flags), ci: `${fmt3(c.ci[0])} – ${fmt3(c.ci[1])}`,
      ...(ols ? { standardized: c.standardized ?? null } : { odds_ratio: c.oddsRatio ?? null }),
    })),
    notes: modelNotes(L, result),
  };
  const fitRows: Record<string, Cell>[] = [
    { measure: tr(lang, 'respondenten in selectie', 'respondents in selection'), value: result.respondents },
    { measure: tr(lang, 'gebruikt (volledige gevallen)', 'used (complete cases)'), value: result.n },
    { measure: tr(lang, 'weggelaten', 'dropped'), value: result.dropped.total },
  ];
  if ('rSquared' in result.fit) {
    fitRows.push({ measure: 'R²', value: result.fit.rSquared }, { measure: tr(lang, 'aangepaste R²', 'adj. R²'), value: result.fit.adjRSquared },
      { measure: `F (${fmt(result.fit.df1)}, ${fmt(result.fit.df2)})`, value: result.fit.F }, { measure: 'p (F)', value: pCell(result.fit.p, flags) });
  } else {
    fitRows.push({ measure: 'deviance', value: result.fit.deviance }, { measure: 'null deviance', value: result.fit.nullDeviance }, { measure: 'AIC', value: result.fit.aic });
  }
  if (result.icc) {
    fitRows.push({ measure: tr(lang, `ICC(1) coach (${result.icc.clusters} coaches, n = ${result.icc.n})`, `ICC(1) coach (${result.icc.clusters} coaches, n = ${result.icc.n})`), value: result.icc.icc },
      { measure: tr(lang, 'ICC 95%-BI', 'ICC 95% CI'), value: `${fmt3(result.icc.ci[0])} – ${fmt3(result.icc.ci[1])}` });
  }
  const fitTable: Table = { title: tr(lang, 'Model en coach-ICC', 'Model and coach ICC'), columns: [{ key: 'measure', label: tr(lang, 'maat', 'measure') }, { key: 'value', label: tr(lang, 'waarde', 'value'), type: 'number' }], rows: fitRows, notes: [] };
  const json = {
    hefboom: version(),
    command: 'survey model',
    survey: surveyJson(L),
    selection: selectionJson(L, flags, { items: [], constructs: [] }),
    join: joinJson(join, crm),
    ...result,
    notes: coefTable.notes,
    provenance: provenance(L, crm),
  };
  await emit([coefTable, fitTable], json, flags, g);
  return EXIT_OK;
}

/** p for people: "<0.001" below that in table/md; csv, tsv and json keep the number. */
function pCell(p: number | null, flags: SurveyFlags): Cell {
  if (p === null) return null;
  const human = flags.format === undefined || flags.format === 'table' || flags.format === 'md';
  return human && p < 0.001 ? '<0.001' : p;
}

const fmt3 = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1000) / 1000) : String(x));

function modelNotes(L: Loaded, r: import('../analysis/survey-model.js').ModelResult): string[] {
  const { lang } = L;
  const notes = [surveyNote(L)];
  const scale: Record<string, [string, string]> = {
    code: ['Likert-code (1 = laagste label)', 'Likert code (1 = lowest label)'],
    'top-box': [`top-box = 1 (${r.outcome.topLabels?.join(', ')}), anders 0`, `top box = 1 (${r.outcome.topLabels?.join(', ')}), else 0`],
    value: ['het getal', 'the number'], score: ['de constructscore (gemiddelde van de items)', 'the construct score (mean of its items)'],
  };
  notes.push(tr(lang, `Uitkomst ${r.outcome.name}: ${scale[r.outcome.scale][0]}.`, `Outcome ${r.outcome.name}: ${scale[r.outcome.scale][1]}.`));
  const drops = r.dropped.byVariable.filter((d) => d.missing > 0).map((d) => `${d.variable} ${d.missing}`);
  notes.push(tr(lang,
    `Volledige gevallen: ${r.n} van ${r.respondents}; ${r.dropped.total} weggelaten${drops.length ? ` (ontbrekend: ${drops.join(', ')}; een respondent kan bij meer variabelen ontbreken)` : ''}.`,
    `Complete cases: ${r.n} of ${r.respondents}; ${r.dropped.total} dropped${drops.length ? ` (missing: ${drops.join(', ')}; a respondent can miss several)` : ''}.`));
  for (const p of r.predictors) {
    if (p.kind === 'categorical') notes.push(tr(lang, `${p.name}: dummy-gecodeerd, referentie "${p.reference}" (de meest voorkomende waarde).`, `${p.name}: dummy-coded, reference "${p.reference}" (the most frequent value).`));
  }
  if (r.cluster) {
    const how = r.cluster.df === null
      ? [`sandwich met factor G/(G − 1), Wald-z`, `sandwich with factor G/(G − 1), Wald z`]
      : [`CR1, t op ${r.cluster.df} df`, `CR1, t on ${r.cluster.df} df`];
    notes.push(tr(lang,
      `SE's cluster-robuust per ${r.cluster.name}: ${r.cluster.clusters} clusters (${how[0]}). Weinig clusters (< 30–40) maken ook deze SE's onzeker. De modelgebaseerde SE's staan in de JSON (modelBased).`,
      `SEs cluster-robust by ${r.cluster.name}: ${r.cluster.clusters} clusters (${how[1]}). Few clusters (< 30–40) make these SEs uncertain too. Model-based SEs are in the JSON (modelBased).`));
  }
  if (r.kind === 'ols') notes.push(tr(lang, 'β: gestandaardiseerde coëfficiënt b·sd(x)/sd(y) op de gebruikte rijen.', 'β: standardised coefficient b·sd(x)/sd(y) over the rows used.'));
  else notes.push(tr(lang, 'OR: odds ratio exp(b); BI op de log-odds-schaal (Wald).', 'OR: odds ratio exp(b); CI on the log-odds scale (Wald).'));
  if ('warnings' in r.fit && r.fit.warnings.length) notes.push(...r.fit.warnings);
  if (r.icc) {
    notes.push(tr(lang,
      `ICC(1) coach: het deel van de variantie in ${r.outcome.name} tussen coaches (alle respondenten met uitkomst en coach).`,
      `ICC(1) coach: the share of variance in ${r.outcome.name} between coaches (every respondent with an outcome and a coach).`));
    notes.push(r.icc.ci[0] <= 0
      ? tr(lang, 'Het interval bevat 0: geen aanwijzing dat de coach een bron van verschillen is (een grotere dataset kan dat nog veranderen).', 'The interval includes 0: no evidence that the coach is a source of differences (a larger data set may still change that).')
      : tr(lang, 'Het interval ligt boven 0: een deel van de verschillen hangt samen met de coach; lees de coëfficiënten met cluster-robuuste SE\'s (--cluster coach).', 'The interval lies above 0: part of the differences goes with the coach; read the coefficients with cluster-robust SEs (--cluster coach).'));
  } else if (r.iccNote) notes.push(tr(lang, `Geen coach-ICC: ${r.iccNote}.`, `No coach ICC: ${r.iccNote}.`));
  return notes;
}
