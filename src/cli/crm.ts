/**
 * `hefboom crm indicators|audit`: the CRM of coaching trajectories as a monitoring instrument
 * (seed-004 recommendations): indicators against the norms, and a registration audit.
 */
import type { Command } from 'commander';
import type { Share } from '../analysis/share.js';
import type { InputIssue } from '../model/types.js';
import type { CrmData, CrmFinding } from '../model/crm.js';
import { closest } from '../model/issues.js';
import { parseDay, isoDay } from '../io/cells.js';
import { PERIOD_KINDS, type PeriodKind } from '../analysis/periods.js';
import { hiddenCellText, suppressSmallCells } from '../analysis/suppress.js';
import {
  attributeNames, crmIndicators, GROUP_FIELDS, groupKeyOf, normBand, normsOf, selectByDate, UNRECOGNISED,
  type Distribution, type GroupHeadline, type GroupTest, type Headline, type IndicatorResult, type Difference,
} from '../analysis/crm-indicators.js';
import { crmAudit, ERROR_KINDS, FINDING_KINDS, type AuditFinding, type AuditResult, type FindingKind } from '../analysis/crm-audit.js';
import type { Cell, Column, Table } from '../report/table.js';
import { act, emit, EXIT_CHECK_FAILED, EXIT_OK, globals, intOption, outputFormat, say, stopOnIssues, UsageError, version, withOutput, type GlobalOptions } from './common.js';
import { loadCrm, openProjectFileOnly } from './data-sources.js';
import type { Project } from '../io/project.js';

type Lang = 'nl' | 'en';

interface OutputFlags { format?: string; out?: string; csvDialect?: string }

interface IndicatorFlags extends OutputFlags {
  by?: string;
  period?: string;
  date: string;
  since?: string;
  until?: string;
  suppressBelow?: string;
  section?: string;
}

interface AuditFlags extends OutputFlags {
  check?: boolean;
  minCompleteness?: string;
  maxFindings?: string;
}

/** Sections of `crm indicators`, in output order; `by` and `periods` need --by / --period. */
export const INDICATOR_SECTIONS = ['counts', 'norms', 'completion', 'duration', 'gaps', 'coaches', 'employers', 'by', 'periods'] as const;
type Section = (typeof INDICATOR_SECTIONS)[number];

export function registerCrm(program: Command): void {
  const crm = program
    .command('crm')
    .summary('CRM of coaching trajectories: indicators against the norms, registration audit')
    .addHelpText('before', `Examples:
  hefboom crm indicators -p mijn-project
  hefboom crm indicators --by employer --period half-year
  hefboom crm audit --check --min-completeness 0.95
`);

  const ind = crm
    .command('indicators')
    .summary('trajectories per type/employer/status, hours and contact moments against the norms, completion, per coach and employer')
    .option('-b, --by <attr>', `breakdown by ${GROUP_FIELDS.slice(0, 6).join(', ')} or a mapped attribute`)
    .option('--period <kind>', `headline indicators per ${PERIOD_KINDS.join(' | ')}, with the change against the previous period`)
    .option('--date <which>', 'which date places a trajectory in a period and in --since/--until: start | end', 'start')
    .option('--since <date>', 'only trajectories whose --date is on or after DATE (2023-01-01 or 01/01/2023)')
    .option('--until <date>', 'only trajectories whose --date is on or before DATE')
    .option('--suppress-below <n>', 'replace counts below N in breakdowns by "<N" (default: report.suppress_below)')
    .option('--section <name>', `only one section: ${INDICATOR_SECTIONS.join(', ')}`);
  withOutput(ind);
  ind.addHelpText('before', `Examples:
  hefboom crm indicators
  hefboom crm indicators -p mijn-project --section norms
  hefboom crm indicators --by employer --suppress-below 5 --format md
  hefboom crm indicators --period half-year --date end --since 2022-01-01
  hefboom crm indicators --by Regio --format json --out indicatoren.json
`);
  ind.action(act(async (flags: IndicatorFlags, c: Command) => runIndicators(flags, globals(c))));

  const aud = crm
    .command('audit')
    .summary('registration completeness, impossible and duplicate values, inconsistent registration, a score per employer')
    .option('--check', 'exit 1 when there are error findings (or completeness below --min-completeness); list them on stderr')
    .option('--min-completeness <share>', 'every required field must be filled in for at least this share (0.95 or 95%)')
    .option('--max-findings <n>', 'print at most N findings (JSON keeps all)');
  withOutput(aud);
  aud.addHelpText('before', `Examples:
  hefboom crm audit
  hefboom crm audit -p mijn-project --max-findings 20
  hefboom crm audit --check --min-completeness 0.95
  hefboom crm audit --format json --out audit.json
`);
  aud.action(act(async (flags: AuditFlags, c: Command) => runAudit(flags, globals(c))));
}

// ---------------------------------------------------------------------------------------------
// Shared

const T = (lang: Lang) => (nl: string, en: string) => (lang === 'nl' ? nl : en);

function dateFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const d = parseDay(v);
  if (d === null || d === undefined) throw new UsageError(`${name} expects a date, got "${v}"`, 'write 2023-01-31 or 31/01/2023 (day first)');
  return d;
}

function requireCrm(project: Project): void {
  if (!project.crm.length) {
    throw new UsageError('the project lists no `crm:` exports', 'add a `crm:` entry to hefboom.yaml, e.g. `crm: [{ path: data/crm.csv, mapping: crm-mapping.yaml, unit: contact }]` (README "CRM mapping")');
  }
}

const pct = (p: Share): number | null => (p.p === null ? null : p.p * 100);
const frac = (p: Share): string => `${p.count}/${p.n}`;
const round = (x: number | null, d = 2): number | null => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

/** The output's `provenance`. */
function provenance(project: Project, data: CrmData, warnings: number) {
  return { project: project.name, crm: data.file, unit: data.unit, rows: data.rows, trajectories: data.trajectories.length, findings: data.findings.length, warnings };
}

// ---------------------------------------------------------------------------------------------
// crm indicators

async function runIndicators(flags: IndicatorFlags, g: GlobalOptions): Promise<number> {
  // Flags first: a typo should not wait for the export.
  const period = flags.period === undefined ? undefined : parsePeriod(flags.period);
  const date = parseDateChoice(flags.date);
  const since = dateFlag('--since', flags.since);
  const until = dateFlag('--until', flags.until);
  if (since !== undefined && until !== undefined && since > until) throw new UsageError(`--since ${flags.since} lies after --until ${flags.until}`);
  const section = flags.section === undefined ? undefined : parseSection(flags.section);
  if (section === 'by' && !flags.by) throw new UsageError('--section by needs --by ATTR', 'e.g. --by employer --section by');
  if (section === 'periods' && !period) throw new UsageError('--section periods needs --period', 'e.g. --period half-year --section periods');
  const suppressFlag = intOption('--suppress-below', flags.suppressBelow, 0);
  outputFormat(flags);

  const { project, issues } = openProjectFileOnly(g);
  requireCrm(project);
  const data = await loadCrm(project, g, issues);
  stopOnIssues(issues, g);
  if (!data) throw new UsageError('no CRM data was read');
  const lang: Lang = g.lang ?? project.language;

  let by: { name: string; key: (t: CrmData['trajectories'][number]) => string | null } | undefined;
  if (flags.by !== undefined) {
    by = groupKeyOf(flags.by, data.trajectories);
    if (!by) {
      const names = [...GROUP_FIELDS, ...attributeNames(data.trajectories)];
      const near = closest(flags.by, names, 1);
      throw new UsageError(`unknown --by "${flags.by}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}choose from: ${names.join(', ')}`);
    }
  }
  const window = { since, until };
  const { kept, excluded } = selectByDate(data.trajectories, date, window);
  if (!kept.length) {
    throw new UsageError(`no trajectories left: ${excluded} of ${data.trajectories.length} have no ${date} date in the window`, 'widen --since/--until, or use --date end / --date start');
  }
  const norms = normsOf(data);
  const result = crmIndicators(kept, { norms, by, period: period ? { kind: period, date } : undefined });
  const suppressBelow = suppressFlag ?? project.report.suppress_below ?? 0;
  const warnings = issues.filter((i) => i.severity === 'warning').length;
  const ctx: IndicatorContext = { lang, suppressBelow, result, data, excluded, window, date, project, warnings, section };
  const { tables, json } = presentIndicators(ctx);
  await emit(tables, json, flags, g);
  return EXIT_OK;
}

function parsePeriod(v: string): PeriodKind {
  const low = v.trim().toLowerCase();
  const alias: Record<string, PeriodKind> = { jaar: 'year', halfjaar: 'half-year', 'half-jaar': 'half-year', halfyear: 'half-year', kwartaal: 'quarter' };
  const k = (PERIOD_KINDS as readonly string[]).includes(low) ? (low as PeriodKind) : alias[low];
  if (!k) {
    const near = closest(v, PERIOD_KINDS, 1);
    throw new UsageError(`unknown --period "${v}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}periods: ${PERIOD_KINDS.join(', ')}`);
  }
  return k;
}

function parseDateChoice(v: string): 'start' | 'end' {
  const low = v.trim().toLowerCase();
  if (low === 'start' || low === 'begin') return 'start';
  if (low === 'end' || low === 'einde' || low === 'eind') return 'end';
  throw new UsageError(`unknown --date "${v}"`, 'use start (the start date places a trajectory) or end');
}

function parseSection(v: string): Section {
  const low = v.trim().toLowerCase();
  if ((INDICATOR_SECTIONS as readonly string[]).includes(low)) return low as Section;
  const near = closest(v, INDICATOR_SECTIONS, 1);
  throw new UsageError(`unknown --section "${v}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}sections: ${INDICATOR_SECTIONS.join(', ')}`);
}

interface IndicatorContext {
  lang: Lang;
  suppressBelow: number;
  result: IndicatorResult;
  data: CrmData;
  excluded: number;
  window: { since?: number; until?: number };
  date: 'start' | 'end';
  project: Project;
  warnings: number;
  section?: Section;
}

/** A proportion in a breakdown, with small cells hidden (numerator or its complement below N). */
interface ShownProportion { frac: Cell; percent: Cell; json: Share | (Omit<Share, 'count' | 'p' | 'ci'> & { count: null; p: null; ci: null; suppressed: true }) }

function shownProportion(p: Share, n: number): ShownProportion {
  const small = (x: number) => x > 0 && x < n;
  if (n > 0 && p.n > 0 && (small(p.count) || small(p.n - p.count))) {
    return { frac: `<${n}`, percent: null, json: { count: null, n: p.n, p: null, ci: null, method: 'wilson', suppressed: true } };
  }
  return { frac: frac(p), percent: pct(p), json: p };
}

function presentIndicators(ctx: IndicatorContext): { tables: Table[]; json: unknown } {
  const { lang, result: r, suppressBelow: sb } = ctx;
  const t = T(lang);
  const want = (s: Section) => ctx.section === undefined || ctx.section === s;
  const tables: Table[] = [];
  const json: Record<string, unknown> = {
    hefboom: version(),
    command: 'crm indicators',
    file: ctx.data.file,
    unit: ctx.data.unit,
    trajectories: r.trajectories,
    selection: {
      date: ctx.date,
      since: ctx.window.since === undefined ? null : isoDay(ctx.window.since),
      until: ctx.window.until === undefined ? null : isoDay(ctx.window.until),
      excluded: ctx.excluded,
    },
    norms: { ...r.norms, hoursBand: normBand(r.norms.hours, r.norms.tolerance), contactsBand: normBand(r.norms.contacts, r.norms.tolerance) },
    base: r.base,
    baseCount: r.baseCount,
    suppressBelow: sb,
    section: ctx.section ?? null,
  };
  const baseWord = r.base === 'afgerond'
    ? t(`afgeronde trajecten (${r.baseCount} van ${r.trajectories})`, `completed (afgerond) trajectories (${r.baseCount} of ${r.trajectories})`)
    : t(`alle ${r.trajectories} trajecten (de export registreert geen status)`, `all ${r.trajectories} trajectories (the export registers no status)`);
  const supNote = sb > 0 ? [t(`Aantallen onder ${sb} in uitsplitsingen zijn vervangen door <${sb} (ook een aandeel waarvan teller of rest onder ${sb} ligt).`, `Counts below ${sb} in breakdowns are shown as <${sb} (also a share whose numerator or remainder is below ${sb}).`)] : [];
  const selNote = ctx.excluded ? [t(`${ctx.excluded} trajecten vallen buiten --since/--until (op de ${ctx.date === 'start' ? 'startdatum' : 'einddatum'}) of hebben die datum niet.`, `${ctx.excluded} trajectories fall outside --since/--until (by ${ctx.date} date) or lack that date.`)] : [];

  if (want('counts')) {
    const dims: { key: keyof IndicatorResult['counts']; label: string }[] = [
      { key: 'type', label: t('trajecttype', 'trajectory type') },
      { key: 'employer', label: t('werkgever', 'employer') },
      { key: 'location_type', label: t('opvangtype', 'location type') },
      { key: 'status', label: 'status' },
    ];
    const table: Table = {
      title: t('Trajecten per type, werkgever, opvangtype en status', 'Trajectories by type, employer, location type and status'),
      columns: [
        { key: 'dimension', label: t('indeling', 'breakdown') }, { key: 'value', label: t('waarde', 'value') },
        { key: 'n', label: 'n', type: 'number' }, { key: 'percent', label: '%', type: 'percent' },
        { key: 'ci_low', label: t('BI laag', 'CI low'), type: 'percent' }, { key: 'ci_high', label: t('BI hoog', 'CI high'), type: 'percent' },
      ],
      rows: [],
      notes: [t(`Eenheid: trajecten. Noemer: alle ${r.trajectories} trajecten in de selectie, per indeling. BI = 95 %-Wilson-interval.`, `Unit: trajectories. Denominator: all ${r.trajectories} trajectories in the selection, per breakdown. CI = 95 % Wilson interval.`), ...selNote, ...supNote],
    };
    const countsJson: Record<string, unknown> = {};
    for (const d of dims) {
      const rows = r.counts[d.key];
      const hidden = sb > 0 ? suppressSmallCells(rows.map((x) => [x.count]), sb, { rowTotals: false, colTotals: true }) : rows.map(() => [false]);
      rows.forEach((x, i) => {
        const h = hidden[i][0];
        table.rows.push({ dimension: d.label, value: valueLabel(x.value, lang), n: h ? hiddenCellText(x.count, sb) : x.count, percent: h ? null : pct(x.share), ci_low: h || !x.share.ci ? null : x.share.ci[0] * 100, ci_high: h || !x.share.ci ? null : x.share.ci[1] * 100 });
      });
      table.rows.push({ dimension: d.label, value: t('totaal', 'total'), n: r.trajectories, percent: 100, ci_low: null, ci_high: null });
      countsJson[d.key] = rows.map((x, i) => (hidden[i][0] ? { value: x.value, count: `<${sb}`, share: { count: null, n: x.share.n, p: null, ci: null, method: 'wilson', suppressed: true } } : x));
    }
    tables.push(table);
    json.counts = countsJson;
  }

  if (want('norms')) {
    const table: Table = {
      title: t('Uren en contactmomenten per traject t.o.v. de norm', 'Hours and contact moments per trajectory against the norm'),
      columns: [
        { key: 'measure', label: t('maat', 'measure') }, { key: 'norm', label: 'norm', type: 'number' }, { key: 'band', label: t('band', 'band') },
        ...distributionColumns(lang),
        { key: 'within', label: t('binnen band', 'within band') }, { key: 'within_pct', label: '%', type: 'percent' },
        { key: 'ci', label: t('95 %-BI', '95 % CI') }, { key: 'below', label: t('onder', 'below'), type: 'number' }, { key: 'above', label: t('boven', 'above'), type: 'number' },
      ],
      rows: [r.hours, r.contacts].map((nc, i) => ({
        measure: i === 0 ? t('coachingsuren', 'coaching hours') : t('contactmomenten', 'contact moments'),
        norm: nc.norm, band: `${fmtNum(nc.band[0])}–${fmtNum(nc.band[1])}`,
        ...distributionCells(nc.distribution),
        within: frac(nc.within), within_pct: pct(nc.within), ci: ciText(nc.within), below: nc.below, above: nc.above,
      })),
      notes: [
        t(`Eenheid: trajecten. Basis: ${baseWord}; noemer van "binnen band": de trajecten met een gekend aantal.`, `Unit: trajectories. Base: ${baseWord}; denominator of "within band": those with a known value.`),
        t(`Band: norm × (1 ± ${r.norms.tolerance}), grenzen inbegrepen. Kwartielen volgens R type 7. BI = 95 %-Wilson-interval.`, `Band: norm × (1 ± ${r.norms.tolerance}), bounds included. Quartiles as R type 7. CI = 95 % Wilson interval.`),
        ...selNote,
      ],
    };
    tables.push(table);
    json.hours = r.hours;
    json.contacts = r.contacts;
  }

  if (want('completion')) {
    const rows = [
      { label: 'pitstop', c: r.completion.pitstop },
      { label: t('eindevaluatie', 'final evaluation'), c: r.completion.finalEvaluation },
    ];
    tables.push({
      title: t('Pitstop en eindevaluatie', 'Pitstop and final evaluation'),
      columns: [
        { key: 'what', label: t('onderdeel', 'step') }, { key: 'done', label: t('gedaan', 'done'), type: 'number' },
        { key: 'not_done', label: t('niet gedaan', 'not done'), type: 'number' }, { key: 'unknown', label: t('niet geregistreerd', 'not registered'), type: 'number' },
        { key: 'frac', label: t('gedaan/noemer', 'done/denominator') }, { key: 'percent', label: '%', type: 'percent' }, { key: 'ci', label: t('95 %-BI', '95 % CI') },
      ],
      rows: rows.map((x) => ({ what: x.label, done: x.c.done, not_done: x.c.notDone, unknown: x.c.unknown, frac: frac(x.c.share), percent: pct(x.c.share), ci: ciText(x.c.share) })),
      notes: [t(`Noemer: ${baseWord}; niet geregistreerd telt mee in de noemer, niet als gedaan.`, `Denominator: ${baseWord}; not registered counts in the denominator, not as done.`)],
    });
    json.completion = r.completion;
  }

  if (want('duration')) {
    tables.push({
      title: t('Duur van een traject (dagen van start tot einde)', 'Trajectory duration (days from start to end)'),
      columns: distributionColumns(lang),
      rows: [distributionCells(r.duration.distribution)],
      notes: [t(`Eenheid: trajecten met een start- en einddatum (${r.duration.distribution.n}); ${r.duration.undated} zonder een van beide, ${r.duration.endBeforeStart} met einde vóór start (weggelaten; zie \`hefboom crm audit\`).`, `Unit: trajectories with a start and an end date (${r.duration.distribution.n}); ${r.duration.undated} lack one of them, ${r.duration.endBeforeStart} end before they start (left out; see \`hefboom crm audit\`).`)],
    });
    json.duration = r.duration;
  }

  if (want('gaps')) {
    tables.push({
      title: t('Tijd tussen trajecten op één locatie (dagen van einde tot volgende start)', 'Time between trajectories at one location (days from end to next start)'),
      columns: [{ key: 'locations', label: t('locaties', 'locations'), type: 'number' }, ...distributionColumns(lang), { key: 'overlapping', label: t('overlappend', 'overlapping'), type: 'number' }],
      rows: [{ locations: r.gaps.locations, ...distributionCells(r.gaps.distribution), overlapping: r.gaps.overlapping }],
      notes: [t(`Eenheid: opeenvolgende trajectparen op locaties met minstens 2 trajecten met een startdatum; negatief = overlap. ${r.gaps.noEnd} paren overgeslagen omdat het eerste traject geen einddatum heeft.`, `Unit: consecutive pairs of trajectories at locations with at least 2 trajectories with a start date; negative = overlap. ${r.gaps.noEnd} pairs skipped because the earlier trajectory has no end date.`)],
    });
    json.gaps = r.gaps;
  }

  const groupSection = (key: 'coaches' | 'employers' | 'by', title: string, groupLabel: string, groups: GroupHeadline[]) => {
    const { table, rows } = headlineTable(title, groupLabel, groups.map((x) => ({ label: valueLabel(x.group, lang), headline: x.headline })), r.total, ctx, baseWord);
    tables.push(table);
    return groups.map((x, i) => ({ group: x.group, ...rows[i] }));
  };
  if (want('coaches')) json.coaches = groupSection('coaches', t('Kernindicatoren per coach', 'Headline indicators per coach'), 'coach', r.coaches);
  if (want('employers')) {
    json.employers = groupSection('employers', t('Kernindicatoren per werkgever', 'Headline indicators per employer'), t('werkgever', 'employer'), r.employers);
    tables.push(testsTable(r.employerTests, lang));
    json.employerTests = r.employerTests;
  }
  if (r.by && want('by')) {
    json.by = { attribute: r.by.name, groups: groupSection('by', t(`Kernindicatoren per ${r.by.name}`, `Headline indicators by ${r.by.name}`), r.by.name, r.by.groups) };
  } else if (want('by')) json.by = null;

  if (r.periods && want('periods')) {
    const p = r.periods;
    const { table, rows } = headlineTable(
      t(`Kernindicatoren per ${periodWord(p.kind, lang)} (op ${p.date === 'start' ? 'startdatum' : 'einddatum'})`, `Headline indicators per ${p.kind} (by ${p.date} date)`),
      t('periode', 'period'), p.rows.map((x) => ({ label: x.period, headline: x.headline })), r.total, ctx, baseWord, p.rows.map((x) => x.change));
    if (p.undated) table.notes.push(t(`${p.undated} trajecten zonder ${p.date === 'start' ? 'startdatum' : 'einddatum'} vallen in geen periode.`, `${p.undated} trajectories without a ${p.date} date fall in no period.`));
    table.notes.push(t('Δ = verschil met de vorige periode (procentpunten voor aandelen); de JSON-uitvoer geeft het 95 %-BI volgens Newcombe.', 'Δ = change against the previous period (percentage points for shares); the JSON output gives the 95 % CI by Newcombe.'));
    tables.push(table);
    json.periods = { kind: p.kind, date: p.date, undated: p.undated, rows: p.rows.map((x, i) => ({ period: x.period, ...rows[i], change: rows[i].suppressed ? null : x.change })) };
  } else if (want('periods')) json.periods = null;

  json.total = r.total;
  json.notes = tables.flatMap((x) => x.notes);
  json.provenance = provenance(ctx.project, ctx.data, ctx.warnings);
  return { tables, json };
}

function periodWord(kind: PeriodKind, lang: Lang): string {
  if (lang === 'en') return kind;
  return kind === 'year' ? 'jaar' : kind === 'half-year' ? 'halfjaar' : 'kwartaal';
}

function valueLabel(v: string | null, lang: Lang): string {
  if (v === null) return lang === 'nl' ? '(ontbrekend)' : '(missing)';
  if (v === UNRECOGNISED) return lang === 'nl' ? '(niet herkend)' : '(unrecognised)';
  return v;
}

/** Numbers inside text cells: written like the renderer writes numbers (a point), so a table reads one way. */
function fmtNum(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function ciText(p: Share): string | null {
  if (!p.ci) return null;
  const f = (x: number) => fmtNum(Math.round(x * 1000) / 10);
  return `${f(p.ci[0])}–${f(p.ci[1])} %`;
}

function distributionColumns(lang: Lang): Column[] {
  const t = T(lang);
  return [
    { key: 'n', label: 'n', type: 'number' }, { key: 'mean', label: t('gem.', 'mean'), type: 'number' }, { key: 'sd', label: 'sd', type: 'number' },
    { key: 'median', label: t('mediaan', 'median'), type: 'number' }, { key: 'q1', label: 'Q1', type: 'number' }, { key: 'q3', label: 'Q3', type: 'number' },
    { key: 'min', label: 'min', type: 'number' }, { key: 'max', label: 'max', type: 'number' },
  ];
}

function distributionCells(d: Distribution): Record<string, Cell> {
  return { n: d.n, mean: round(d.mean), sd: round(d.sd), median: round(d.median), q1: round(d.q1), q3: round(d.q3), min: round(d.min), max: round(d.max) };
}

/** Per-group headline rows (coach, employer, --by, period); groups below the suppression limit show `<N`. */
function headlineTable(title: string, groupLabel: string, groups: { label: string; headline: Headline }[], total: Headline, ctx: IndicatorContext, baseWord: string, changes?: ({ trajectories: number; hoursMean: number | null; hoursWithinNorm: Difference | null; pitstop: Difference | null; finalEvaluation: Difference | null } | null)[]) {
  const { lang, suppressBelow: sb } = ctx;
  const t = T(lang);
  const columns: Column[] = [
    { key: 'group', label: groupLabel }, { key: 'n', label: t('trajecten', 'trajectories'), type: 'number' }, { key: 'base', label: t('basis', 'base'), type: 'number' },
    { key: 'hours_mean', label: t('uren gem.', 'hours mean'), type: 'number' },
    { key: 'hours_within', label: t('uren binnen norm', 'hours within norm') }, { key: 'hours_within_pct', label: t('% binnen norm', '% within norm'), type: 'percent' },
    { key: 'pitstop', label: 'pitstop' }, { key: 'pitstop_pct', label: '% pitstop', type: 'percent' },
    { key: 'final', label: t('eindevaluatie', 'final evaluation') }, { key: 'final_pct', label: t('% eindevaluatie', '% final evaluation'), type: 'percent' },
  ];
  if (changes) columns.push(
    { key: 'd_n', label: 'Δ n', type: 'number' }, { key: 'd_hours', label: t('Δ uren', 'Δ hours'), type: 'number' },
    { key: 'd_within', label: t('Δ binnen norm (pp)', 'Δ within norm (pp)'), type: 'number' }, { key: 'd_pitstop', label: 'Δ pitstop (pp)', type: 'number' }, { key: 'd_final', label: t('Δ eindevaluatie (pp)', 'Δ final evaluation (pp)'), type: 'number' },
  );
  const hidden = sb > 0 ? suppressSmallCells(groups.map((x) => [x.headline.trajectories]), sb, { rowTotals: false, colTotals: true }) : groups.map(() => [false]);
  const rowsJson: Record<string, unknown>[] = [];
  const rows: Record<string, Cell>[] = groups.map((x, i) => {
    const h = x.headline;
    if (hidden[i][0]) {
      rowsJson.push({ trajectories: hiddenCellText(h.trajectories, sb), suppressed: true });
      return { group: x.label, n: `<${sb}`, base: null, hours_mean: null, hours_within: null, hours_within_pct: null, pitstop: null, pitstop_pct: null, final: null, final_pct: null };
    }
    const within = shownProportion(h.hoursWithinNorm, sb);
    const pit = shownProportion(h.pitstop, sb);
    const fin = shownProportion(h.finalEvaluation, sb);
    rowsJson.push({ ...h, hoursWithinNorm: within.json, contactsWithinNorm: shownProportion(h.contactsWithinNorm, sb).json, pitstop: pit.json, finalEvaluation: fin.json, suppressed: false });
    const row: Record<string, Cell> = { group: x.label, n: h.trajectories, base: h.base, hours_mean: round(h.hoursMean, 1), hours_within: within.frac, hours_within_pct: within.percent, pitstop: pit.frac, pitstop_pct: pit.percent, final: fin.frac, final_pct: fin.percent };
    const c = changes?.[i];
    if (changes) {
      const prevHidden = i > 0 && hidden[i - 1][0];
      const d = (x: Difference | null) => (x && !prevHidden ? round(x.estimate * 100, 1) : null);
      Object.assign(row, c && !prevHidden ? { d_n: c.trajectories, d_hours: round(c.hoursMean, 1), d_within: d(c.hoursWithinNorm), d_pitstop: d(c.pitstop), d_final: d(c.finalEvaluation) } : { d_n: null, d_hours: null, d_within: null, d_pitstop: null, d_final: null });
    }
    return row;
  });
  rows.push({ group: t('totaal', 'total'), n: total.trajectories, base: total.base, hours_mean: round(total.hoursMean, 1), hours_within: frac(total.hoursWithinNorm), hours_within_pct: pct(total.hoursWithinNorm), pitstop: frac(total.pitstop), pitstop_pct: pct(total.pitstop), final: frac(total.finalEvaluation), final_pct: pct(total.finalEvaluation) });
  const table: Table = {
    title,
    columns,
    rows,
    notes: [
      t(`Eenheid: trajecten. Uren, norm, pitstop en eindevaluatie over de basis: ${baseWord}, per groep. Norm: ${ctx.result.norms.hours} uur ± ${ctx.result.norms.tolerance * 100} %.`, `Unit: trajectories. Hours, norm, pitstop and final evaluation over the base: ${baseWord}, per group. Norm: ${ctx.result.norms.hours} hours ± ${ctx.result.norms.tolerance * 100} %.`),
      ...(sb > 0 ? [t(`Groepen en aantallen onder ${sb} zijn vervangen door <${sb}.`, `Groups and counts below ${sb} are shown as <${sb}.`)] : []),
    ],
  };
  return { table, rows: rowsJson };
}

function testsTable(tests: IndicatorResult['employerTests'], lang: Lang): Table {
  const t = T(lang);
  const row = (label: string, x: GroupTest): Record<string, Cell> => ({
    indicator: label, method: x.method, statistic: round(x.statistic, 3), df: x.df, p: x.p === null ? null : Number(x.p.toPrecision(3)), groups: x.groups.length, n: x.n, note: x.skipped ?? x.warning ?? null,
  });
  return {
    title: t('Verschillen tussen werkgevers', 'Differences between employers'),
    columns: [
      { key: 'indicator', label: t('indicator', 'indicator') }, { key: 'method', label: t('toets', 'test') }, { key: 'statistic', label: t('toetsgrootheid', 'statistic'), type: 'number' },
      { key: 'df', label: 'df', type: 'number' }, { key: 'p', label: 'p', type: 'number' }, { key: 'groups', label: t('werkgevers', 'employers'), type: 'number' },
      { key: 'n', label: 'n', type: 'number' }, { key: 'note', label: t('opmerking', 'note') },
    ],
    rows: [row(t('coachingsuren', 'coaching hours'), tests.hours), row('pitstop', tests.pitstop), row(t('eindevaluatie', 'final evaluation'), tests.finalEvaluation)],
    notes: [t('Uren: Kruskal–Wallis over werkgevers met minstens 2 trajecten met uren. Pitstop/eindevaluatie: gedaan vs. niet (niet geregistreerd = niet gedaan), χ² of Fisher (exact) wanneer een verwachte celwaarde onder 5 ligt. Trajecten zonder werkgever tellen niet mee.', 'Hours: Kruskal–Wallis across employers with at least 2 trajectories with hours. Pitstop/final evaluation: done vs not (not registered = not done), χ², or Fisher (exact) when an expected count is below 5. Trajectories without an employer are left out.')],
  };
}

// ---------------------------------------------------------------------------------------------
// crm audit

async function runAudit(flags: AuditFlags, g: GlobalOptions): Promise<number> {
  const minCompleteness = parseShare(flags.minCompleteness);
  const maxFindings = intOption('--max-findings', flags.maxFindings, 0);
  outputFormat(flags);
  const { project, issues } = openProjectFileOnly(g);
  requireCrm(project);
  const read: InputIssue[] = [];
  const data = await loadCrm(project, g, read);
  // Lenient reading: cell-level errors the reader also recorded as findings become listed findings;
  // anything else (a missing column, a broken mapping) still stops the command.
  const findingKinds = new Set<string>(FINDING_KINDS);
  const asFindings = data ? read.filter((i) => findingKinds.has(i.code)) : [];
  const rest = read.filter((i) => !asFindings.includes(i) && i.code !== 'crm-findings');
  stopOnIssues([...issues, ...rest], g);
  if (!data) throw new UsageError('no CRM data was read');
  for (const i of asFindings) {
    if (i.line === undefined || data.findings.some((f) => f.kind === i.code && f.line === i.line)) continue;
    data.findings.push({ kind: i.code as FindingKind, trajectory: null, line: i.line, field: i.field, message: i.message } satisfies CrmFinding);
  }
  const lang: Lang = g.lang ?? project.language;
  const result = crmAudit(data, { minCompleteness });
  const warnings = [...issues, ...rest].filter((i) => i.severity === 'warning').length;
  const { tables, json } = presentAudit(result, data, project, lang, maxFindings, warnings);
  await emit(tables, json, flags, g);
  if (flags.check && result.check.failed) {
    const t = T(lang);
    for (const f of result.findings.filter((x) => x.error).slice(0, maxFindings ?? Infinity)) {
      say(`${data.file}:${f.line}: ${f.kind}${f.field ? ` [${f.field}]` : ''}${f.trajectory ? ` ${t('traject', 'trajectory')} ${f.trajectory}` : ''}: ${findingText(f.kind, lang)}`, { ...g, quiet: false });
    }
    const errors = result.check.errorFindings;
    const shown = Math.min(errors, maxFindings ?? Infinity);
    if (shown < errors) say(t(`… en nog ${errors - shown} bevindingen (zie --format json)`, `… and ${errors - shown} more findings (see --format json)`), { ...g, quiet: false });
    for (const f of result.check.belowCompleteness) {
      const c = result.completeness.find((x) => x.field === f)!;
      say(t(`volledigheid van ${f}: ${frac(c.share)} (${fmtNum((c.share.p ?? 0) * 100)} %) < ${fmtNum(minCompleteness! * 100)} %`, `completeness of ${f}: ${frac(c.share)} (${fmtNum((c.share.p ?? 0) * 100)} %) < ${fmtNum(minCompleteness! * 100)} %`), { ...g, quiet: false });
    }
    say(t(`check mislukt: ${errors} foutbevinding(en), ${result.check.belowCompleteness.length} verplicht(e) veld(en) onder de drempel`, `check failed: ${errors} error finding(s), ${result.check.belowCompleteness.length} required field(s) below the threshold`), { ...g, quiet: false });
    return EXIT_CHECK_FAILED;
  }
  return EXIT_OK;
}

function parseShare(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const s = v.trim().replace(',', '.');
  const percent = s.endsWith('%');
  const n = Number(percent ? s.slice(0, -1) : s);
  const share = percent || n > 1 ? n / 100 : n;
  if (!Number.isFinite(n) || s === '' || share < 0 || share > 1) throw new UsageError(`--min-completeness expects a share between 0 and 1 (or a percentage), got "${v}"`, 'e.g. --min-completeness 0.95 or --min-completeness 95%');
  return share;
}

const FINDING_TEXT: Record<FindingKind, { nl: string; en: string }> = {
  'missing-value': { nl: 'verplicht veld leeg', en: 'required field empty' },
  'unreadable-value': { nl: 'onleesbare waarde (weggelaten)', en: 'unreadable value (left out)' },
  'duplicate-trajectory': { nl: 'traject-id komt twee keer voor', en: 'trajectory id repeated' },
  'duplicate-contact': { nl: 'contactmoment dubbel geregistreerd (één keer geteld)', en: 'contact moment registered twice (counted once)' },
  'end-before-start': { nl: 'einddatum vóór startdatum', en: 'end date before start date' },
  'negative-hours': { nl: 'negatief aantal uren', en: 'negative hours' },
  'type-out-of-range': { nl: 'trajecttype buiten 1–4', en: 'trajectory type outside 1–4' },
  'contact-outside-dates': { nl: 'contactmoment buiten de trajectdata', en: 'contact moment outside the trajectory dates' },
  'conflicting-values': { nl: 'rijen van één traject spreken elkaar tegen (eerste waarde gebruikt)', en: 'rows of one trajectory disagree (first value used)' },
  'future-date': { nl: 'datum na de exportdatum', en: 'date after the export was written' },
  'negative-count': { nl: 'negatief aantal', en: 'negative count' },
};
const findingText = (k: FindingKind, lang: Lang) => FINDING_TEXT[k][lang];

function presentAudit(r: AuditResult, data: CrmData, project: Project, lang: Lang, maxFindings: number | undefined, warnings: number): { tables: Table[]; json: unknown } {
  const t = T(lang);
  const tables: Table[] = [];
  const yes = t('ja', 'yes');
  const no = t('nee', 'no');
  const minNote = r.check.minCompleteness !== null ? [t(`⚑ = verplicht veld onder --min-completeness ${fmtNum(r.check.minCompleteness * 100)} %.`, `⚑ = required field below --min-completeness ${fmtNum(r.check.minCompleteness * 100)} %.`)] : [];

  const completeness: Table = {
    title: t('Volledigheid van de registratie per veld', 'Registration completeness per field'),
    columns: [
      { key: 'field', label: t('veld', 'field') }, { key: 'required', label: t('verplicht', 'required') }, { key: 'unit', label: t('eenheid', 'unit') },
      { key: 'filled', label: t('ingevuld/noemer', 'filled/denominator') }, { key: 'percent', label: '%', type: 'percent' }, { key: 'missing', label: t('ontbrekend', 'missing'), type: 'number' },
    ],
    rows: r.completeness.map((c) => ({
      field: c.kind === 'attribute' ? `${c.field} (${t('attribuut', 'attribute')})` : c.field,
      required: c.required ? yes : no,
      unit: c.unit === 'contact' ? t('contactmomenten', 'contact moments') : t('trajecten', 'trajectories'),
      filled: frac(c.share), percent: pct(c.share), missing: c.missing,
    })),
    notes: [
      t(`Noemer: alle ${r.trajectories} trajecten (contactvelden: alle ${r.contacts} contactmomenten); einddatum alleen voor trajecten die niet meer lopen. Een onleesbare cel telt als niet ingevuld.`, `Denominator: all ${r.trajectories} trajectories (contact fields: all ${r.contacts} contact moments); end date only for trajectories no longer running. An unreadable cell counts as not filled in.`),
      ...minNote,
    ],
    flags: Object.fromEntries(r.completeness.map((c, i) => [i, c] as const).filter(([, c]) => r.check.belowCompleteness.includes(c.field) && c.required && c.kind === 'field').map(([i]) => [i, t('onder de drempel', 'below the threshold')])),
  };
  tables.push(completeness);

  const groupTable = (title: string, label: string, groups: AuditResult['coaches']): Table => ({
    title,
    columns: [
      { key: 'group', label }, { key: 'n', label: t('trajecten', 'trajectories'), type: 'number' },
      { key: 'complete', label: t('volledig/noemer', 'complete/denominator') }, { key: 'percent', label: '%', type: 'percent' },
      { key: 'most_missing', label: t('vaakst ontbrekend', 'most often missing') }, { key: 'most_missing_n', label: 'n', type: 'number' },
    ],
    rows: groups.map((x) => ({ group: valueLabel(x.group, lang), n: x.trajectories, complete: frac(x.complete), percent: pct(x.complete), most_missing: x.mostMissing?.field ?? null, most_missing_n: x.mostMissing?.count ?? null })),
    notes: [t(`Volledig = alle verplichte velden (${r.required.join(', ')}) ingevuld. Eenheid: trajecten.`, `Complete = every required field (${r.required.join(', ')}) filled in. Unit: trajectories.`)],
  });
  tables.push(groupTable(t('Volledigheid per coach', 'Completeness per coach'), 'coach', r.coaches));
  tables.push(groupTable(t('Volledigheid per werkgever', 'Completeness per employer'), t('werkgever', 'employer'), r.employers));

  tables.push({
    title: t('Bevindingen per soort', 'Findings by kind'),
    columns: [{ key: 'kind', label: t('soort', 'kind') }, { key: 'meaning', label: t('betekenis', 'meaning') }, { key: 'error', label: t('fout (--check)', 'error (--check)') }, { key: 'n', label: 'n', type: 'number' }],
    rows: FINDING_KINDS.map((k) => ({ kind: k, meaning: findingText(k, lang), error: ERROR_KINDS.includes(k) ? yes : no, n: r.findingCounts[k] })),
    notes: [t(`${r.findings.length} bevindingen in ${data.file}.`, `${r.findings.length} findings in ${data.file}.`)],
  });

  const shown = maxFindings === undefined ? r.findings : r.findings.slice(0, maxFindings);
  tables.push({
    title: t('Bevindingen', 'Findings'),
    columns: [
      { key: 'line', label: t('regel', 'line'), type: 'number' }, { key: 'kind', label: t('soort', 'kind') }, { key: 'trajectory', label: t('traject', 'trajectory') },
      { key: 'field', label: t('veld', 'field') }, { key: 'value', label: t('waarde', 'value') }, { key: 'error', label: t('fout', 'error') }, { key: 'meaning', label: t('betekenis', 'meaning') },
    ],
    rows: shown.map((f) => ({ line: f.line, kind: f.kind, trajectory: f.trajectory, field: f.field, value: f.value, error: f.error ? yes : no, meaning: findingText(f.kind, lang) })),
    notes: [
      t(`Regel = regel in ${data.file}. Waarden alleen voor datum-, getal- en codevelden.`, `Line = line in ${data.file}. Values only for date, number and code fields.`),
      ...(shown.length < r.findings.length ? [t(`${r.findings.length - shown.length} van ${r.findings.length} bevindingen niet getoond (--max-findings); --format json bevat ze allemaal.`, `${r.findings.length - shown.length} of ${r.findings.length} findings not shown (--max-findings); --format json holds them all.`)] : []),
    ],
  });

  const cons = r.consistency;
  const min = (h: number | null) => (h === null ? null : Math.round(h * 600) / 10);
  tables.push({
    title: t('Registratie van contactmomenten per coach', 'Registration of contact moments per coach'),
    columns: [
      { key: 'coach', label: 'coach' }, { key: 'contacts', label: t('contacten', 'contacts'), type: 'number' }, { key: 'median', label: t('mediaan (min)', 'median (min)'), type: 'number' },
      { key: 'mean', label: t('gem. (min)', 'mean (min)'), type: 'number' }, { key: 'cv', label: 'CV', type: 'number' },
      { key: 'deviating', label: t('> 50 % van eigen mediaan', '> 50 % off own median') }, { key: 'deviating_pct', label: '%', type: 'percent' },
      { key: 'others', label: t('mediaan anderen (min)', 'others median (min)'), type: 'number' }, { key: 'ratio', label: t('verhouding', 'ratio'), type: 'number' }, { key: 'flag', label: t('signaal', 'flag') },
    ],
    rows: cons.coaches.map((c) => ({
      coach: c.coach, contacts: c.contacts, median: min(c.median), mean: min(c.mean), cv: round(c.cv), deviating: frac(c.deviating), deviating_pct: pct(c.deviating),
      others: min(c.othersMedian), ratio: round(c.ratio), flag: c.flag === 'short' ? t('kort', 'short') : c.flag === 'long' ? t('lang', 'long') : null,
    })),
    notes: [t(`Eenheid: contactmomenten met een duur > 0. Signaal: mediaan > 2× of < ½× de mediaan van de andere coaches (minstens 3 contacten). Mediaan van alle contacten: ${min(cons.overallMedian) ?? '—'} min. CV = sd / gemiddelde.`, `Unit: contact moments with a duration > 0. Flag: median > 2× or < ½× the other coaches' median (at least 3 contacts). Median of all contacts: ${min(cons.overallMedian) ?? '—'} min. CV = sd / mean.`)],
    flags: Object.fromEntries(cons.coaches.map((c, i) => [i, c.flag] as const).filter(([, f]) => f !== null).map(([i]) => [i, t('registreert contactmomenten van een heel andere lengte dan de andere coaches', 'registers contact moments of a very different length than the other coaches')])),
  });

  const mismatch = [
    ...cons.hoursWithoutContacts.map((m) => ({ ...m, what: t('uren maar geen contactmomenten', 'hours but no contact moments') })),
    ...cons.contactsWithoutHours.map((m) => ({ ...m, what: t('contactmomenten maar geen uren', 'contact moments but no hours') })),
  ].sort((a, b) => a.line - b.line);
  tables.push({
    title: t('Uren zonder contactmomenten en omgekeerd', 'Hours without contact moments and vice versa'),
    columns: [{ key: 'line', label: t('regel', 'line'), type: 'number' }, { key: 'trajectory', label: t('traject', 'trajectory') }, { key: 'what', label: t('wat', 'what') }, { key: 'hours', label: t('uren', 'hours'), type: 'number' }, { key: 'contacts', label: t('contacten', 'contacts'), type: 'number' }],
    rows: mismatch.map((m) => ({ line: m.line, trajectory: m.trajectory, what: m.what, hours: m.hours, contacts: m.contacts })),
    notes: [t(`${mismatch.length} trajecten.`, `${mismatch.length} trajectories.`)],
  });

  tables.push({
    title: t('Registratiescore per werkgever', 'Registration score per employer'),
    columns: [
      { key: 'employer', label: t('werkgever', 'employer') }, { key: 'n', label: t('trajecten', 'trajectories'), type: 'number' },
      { key: 'completeness', label: t('volledigheid (C)', 'completeness (C)'), type: 'percent' },
      { key: 'impossible', label: t('met fout (I)', 'with error (I)') }, { key: 'impossible_pct', label: t('% met fout', '% with error'), type: 'percent' }, { key: 'score', label: 'score', type: 'number' },
    ],
    rows: r.scores.map((s) => ({ employer: valueLabel(s.employer, lang), n: s.trajectories, completeness: s.completeness === null ? null : s.completeness * 100, impossible: frac(s.impossible), impossible_pct: pct(s.impossible), score: s.score })),
    notes: [t('Score = 100 × C × (1 − I); C = gemiddelde over de trajecten van het aandeel ingevulde verplichte velden, I = aandeel trajecten met minstens één foutbevinding.', 'Score = 100 × C × (1 − I); C = mean over the trajectories of the share of required fields filled in, I = share of trajectories with at least one error finding.')],
  });

  const json = {
    hefboom: version(),
    command: 'crm audit',
    file: data.file,
    unit: data.unit,
    rows: r.rows,
    trajectories: r.trajectories,
    contacts: r.contacts,
    required: r.required,
    completeness: r.completeness,
    coaches: r.coaches,
    employers: r.employers,
    findings: r.findings.map((f: AuditFinding) => ({ ...f })),
    findingCounts: r.findingCounts,
    consistency: { durationUnit: 'hours', ...cons },
    scores: r.scores,
    check: r.check,
    notes: tables.flatMap((x) => x.notes),
    provenance: provenance(project, data, warnings),
  };
  return { tables, json };
}
