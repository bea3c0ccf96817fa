/**
 * `hefboom impact`: the staff survey joined to the CRM (response accounting, headline indicators with
 * intervals, type as reported vs registered, per type and employer, coach survey beside it,
 * non-response, periods). The analysis is src/analysis/impact.ts; this file reads and renders.
 */
import type { Command } from 'commander';
import type { InputIssue } from '../model/types.js';
import type { SurveyData } from '../model/survey.js';
import { parseDay } from '../io/cells.js';
import { parseDayRange } from '../io/project.js';
import { closest } from '../model/issues.js';
import { PERIOD_KINDS, type DayWindow, type PeriodKind } from '../analysis/periods.js';
import { impactAnalysis, type ImpactResult } from '../analysis/impact.js';
import type { Indicator } from '../analysis/survey-indicators.js';
import { intervalText, shareText, type Share } from '../analysis/share.js';
import type { Cell, Table } from '../report/table.js';
import { act, emit, globals, intOption, reportIssues, stopOnIssues, UsageError, version, withOutput, EXIT_OK } from './common.js';
import { loadCrm, loadSurveys, openProjectFileOnly } from './data-sources.js';

interface ImpactFlags {
  window?: string;
  since?: string;
  until?: string;
  survey?: string;
  coachSurvey?: string[];
  typeItem?: string;
  period?: string;
  suppressBelow?: string;
  level: string;
  section?: string[];
  seed: string;
  format?: string;
  out?: string;
  csvDialect?: string;
}

type Lang = 'nl' | 'en';
const SECTIONS = ['response', 'headline', 'type', 'by-type', 'by-employer', 'coach', 'nonresponse', 'periods', 'uncounted'] as const;
type Section = (typeof SECTIONS)[number];

const collectList = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export function registerImpact(program: Command): void {
  const cmd = program
    .command('impact')
    .description('staff survey ⨝ CRM: response accounting, headline indicators with intervals, type as reported vs registered, staff vs coach views, non-response')
    .option('-w, --window <from..to>', 'survey window: trajectories that ENDED in it (ISO or dd/mm/yyyy; default: the survey entry\'s `window:`)')
    .option('--since <date>', 'start of the window (instead of --window)')
    .option('--until <date>', 'end of the window (instead of --window)')
    .option('--survey <name>', 'the staff survey (default: the first `kind: staff` survey)')
    .option('--coach-survey <name>', 'coach survey(s) to show beside it (default: every `kind: coach` survey)', collectList)
    .option('--type-item <id>', 'staff item with the trajectory type as respondents report it (default: found by its name)')
    .option('--period <kind>', `split the window into periods by end date: ${PERIOD_KINDS.join('|')}`)
    .option('--suppress-below <n>', 'hide counts below N in breakdowns (default: report.suppress_below)')
    .option('--level <p>', 'confidence level of the intervals', '0.95')
    .option('--section <name>', `only these sections: ${SECTIONS.join(', ')} (repeatable)`, collectList)
    .option('--seed <n>', 'seed of Monte Carlo Fisher tests in the non-response check', '1');
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom impact -p examples/mentes-pioniersfase
  hefboom impact --window 2023-02-01..2023-05-15 --format json --out impact.json
  hefboom impact --section response --section headline --format md
  hefboom impact --period quarter --section periods
  hefboom impact --suppress-below 5 --section by-employer

`);
  cmd.action(act(async (flags: ImpactFlags) => runImpact(flags, globals(cmd))));
}

function parseWindow(flags: ImpactFlags, fallback: DayWindow | undefined): DayWindow {
  if (flags.window && (flags.since || flags.until)) throw new UsageError('give either --window FROM..TO or --since/--until, not both');
  if (flags.window) {
    const r = parseDayRange(flags.window);
    if (!r) throw new UsageError(`--window expects FROM..TO with dates as 2023-02-01 or 1/2/2023, got "${flags.window}"`, 'e.g. --window 2023-02-01..2023-05-15 (an end may be left open: 2023-02-01..)');
    return r;
  }
  const day = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const d = parseDay(v);
    if (d === null || d === undefined) throw new UsageError(`${flag} expects a date as 2023-02-01 or 1/2/2023, got "${v}"`);
    return d;
  };
  const since = day('--since', flags.since);
  const until = day('--until', flags.until);
  if (since !== undefined || until !== undefined) {
    if (since !== undefined && until !== undefined && until < since) throw new UsageError('--until lies before --since');
    return { since, until };
  }
  return fallback ?? {};
}

async function runImpact(flags: ImpactFlags, g: ReturnType<typeof globals>): Promise<number> {
  const level = Number(flags.level);
  if (!(level > 0 && level < 1)) throw new UsageError(`--level expects a number between 0 and 1, got "${flags.level}"`, 'e.g. --level 0.95');
  if (flags.period && !(PERIOD_KINDS as readonly string[]).includes(flags.period)) throw new UsageError(`unknown --period "${flags.period}"`, `periods: ${PERIOD_KINDS.join(', ')}`);
  const sections = new Set<Section>((flags.section ?? [...SECTIONS]) as Section[]);
  for (const s of sections) {
    if (!(SECTIONS as readonly string[]).includes(s)) {
      const near = closest(s, SECTIONS, 1);
      throw new UsageError(`unknown --section "${s}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}sections: ${SECTIONS.join(', ')}`);
    }
  }
  const seed = intOption('--seed', flags.seed, 0) ?? 1;
  const { project, issues } = openProjectFileOnly(g);
  if (!project.crm.length) throw new UsageError('the project has no `crm:` export', 'impact joins the staff survey to the CRM on trajectory id: add a `crm:` entry (see "CRM mapping" in the README)');
  const staffEntries = project.surveys.filter((s) => s.kind === 'staff');
  let staffName = flags.survey;
  if (staffName && !project.surveys.some((s) => s.name === staffName)) {
    const near = closest(staffName, project.surveys.map((s) => s.name), 1);
    throw new UsageError(`no survey called "${staffName}" in the project`, `${near.length ? `did you mean "${near[0]}"? ` : ''}surveys: ${project.surveys.map((s) => s.name).join(', ') || '(none)'}`);
  }
  staffName ??= staffEntries[0]?.name;
  const coachNames = flags.coachSurvey ?? project.surveys.filter((s) => s.kind === 'coach').map((s) => s.name);
  const staffEntry = project.surveys.find((s) => s.name === staffName);
  const window = parseWindow(flags, staffEntry?.window);
  const suppressBelow = intOption('--suppress-below', flags.suppressBelow, 0) ?? project.report.suppress_below ?? 0;

  const allIssues: InputIssue[] = [...issues];
  const surveys = await loadSurveys(project, [...(staffName ? [staffName] : []), ...coachNames], allIssues);
  const crm = await loadCrm(project, g, allIssues);
  stopOnIssues(allIssues, g);
  if (!crm) throw new UsageError('the CRM export could not be read');
  const staff = surveys.find((s) => s.name === staffName);
  if (staff && !staff.keys.trajectory) {
    throw new UsageError(`survey "${staff.name}" has no trajectory column`, 'name it in the definition (`trajectory: COLUMN`) or in the project (`join: { trajectory: COLUMN }`)');
  }
  const coaches = surveys.filter((s) => coachNames.includes(s.name));
  const result = impactAnalysis(crm, staff, coaches, { window, level, typeItem: flags.typeItem, suppressBelow, period: flags.period as PeriodKind | undefined, seed });
  if (flags.typeItem && staff && !result.type) {
    const near = closest(flags.typeItem, staff.definition.items.map((i) => i.id), 1);
    throw new UsageError(`--type-item "${flags.typeItem}" is not a single-choice item of survey "${staff.name}"`, near.length ? `did you mean "${near[0]}"?` : undefined);
  }
  const lang: Lang = g.lang ?? project.language;
  const un = result.response.uncounted;
  if (un.length) {
    const by = (r: string) => un.filter((u) => u.reason === r).length;
    allIssues.push({ severity: 'warning', file: staff!.file, code: 'respondents-not-counted',
      message: `${un.length} respondent(s) not counted: ${by('no-trajectory')} without a trajectory id, ${by('unknown-trajectory')} with an id unknown to the CRM, ${by('outside-window')} whose trajectory ended outside the window`,
      hint: '`hefboom impact --section uncounted` lists them by id and line' });
    reportIssues([allIssues[allIssues.length - 1]], g);
  }
  const warnings = allIssues.filter((i) => i.severity === 'warning').length;
  const tables = impactTables(result, sections, lang, suppressBelow, level);
  const json = {
    hefboom: version(),
    command: 'impact',
    project: project.name,
    level,
    suppressBelow,
    ...pick(result, sections),
    provenance: {
      crm: { file: crm.file, unit: crm.unit, rows: crm.rows, trajectories: result.crm.trajectories, withoutEnd: result.crm.withoutEnd, findings: crm.findings.length },
      surveys: surveys.map((s: SurveyData) => ({ name: s.name, kind: s.kind, file: s.file, respondents: s.respondents.length })),
      warnings,
    },
  };
  await emit(tables, json, flags, g);
  return EXIT_OK;
}

/** The JSON keys of the chosen sections (window, staff and crm counts always). */
function pick(r: ImpactResult, sections: Set<Section>) {
  return {
    window: r.window,
    staff: r.staff,
    ...(sections.has('response') ? { response: { ...r.response, uncounted: undefined } } : {}),
    ...(sections.has('uncounted') ? { uncounted: r.response.uncounted } : {}),
    ...(sections.has('type') ? { type: r.type } : {}),
    ...(sections.has('headline') ? { headline: r.headline } : {}),
    ...(sections.has('by-type') ? { byType: r.byType } : {}),
    ...(sections.has('by-employer') ? { byEmployer: r.byEmployer } : {}),
    ...(sections.has('coach') ? { coach: r.coach } : {}),
    ...(sections.has('nonresponse') ? { nonResponse: r.nonResponse } : {}),
    ...(sections.has('periods') && r.periods.length ? { periods: r.periods } : {}),
  };
}

const T = {
  nl: {
    response: 'Respons', measure: 'Maat', value: 'Aantal', of: 'Van', pct: '%', ci: 'BI',
    inWindow: 'Trajecten afgelopen in het venster', registered: 'met geregistreerde ontvangers', unregistered: 'zonder registratie van ontvangers',
    recipients: 'Geregistreerde ontvangers', respondents: 'Respondenten', inRegistered: 'waarvan in trajecten met registratie', inUnregistered: 'waarvan in trajecten zonder registratie',
    rate: 'Respons (alle respondenten / geregistreerde ontvangers)', rateReg: 'Respons (enkel trajecten met registratie)', coverage: 'Trajecten met minstens één respondent',
    headline: 'Kernindicatoren', item: 'Item', answer: 'Antwoord', share: 'Aandeel', mean: 'Gemiddelde',
    type: 'Trajecttype: zoals gerapporteerd door respondenten en zoals geregistreerd', self: 'Zelf gerapporteerd', crmType: 'CRM-type',
    byType: 'Kernindicatoren per trajecttype (CRM)', byEmployer: 'Kernindicatoren per werkgever (CRM)',
    coach: 'Medewerkers en coaches naast elkaar', survey: 'Bevraging', nonresponse: 'Non-respons: trajecten met en zonder respondent',
    characteristic: 'Kenmerk', responding: 'Met respondent', nonResponding: 'Zonder respondent', test: 'Toets', periods: 'Per periode', period: 'Periode',
    change: 'Verschil t.o.v. vorige periode', uncounted: 'Niet meegeteld', reason: 'Reden', line: 'Regel', trajectory: 'Traject', respondent: 'Respondent',
  },
  en: {
    response: 'Response', measure: 'Measure', value: 'Count', of: 'Of', pct: '%', ci: 'CI',
    inWindow: 'Trajectories ended in the window', registered: 'with registered recipients', unregistered: 'with no registration of recipients',
    recipients: 'Registered recipients', respondents: 'Respondents', inRegistered: 'of which in trajectories with registration', inUnregistered: 'of which in trajectories without registration',
    rate: 'Response rate (all respondents / registered recipients)', rateReg: 'Response rate (registered trajectories only)', coverage: 'Trajectories with at least one respondent',
    headline: 'Headline indicators', item: 'Item', answer: 'Answer', share: 'Share', mean: 'Mean',
    type: 'Trajectory type: as respondents report it and as registered', self: 'Self-reported', crmType: 'CRM type',
    byType: 'Headline indicators by trajectory type (CRM)', byEmployer: 'Headline indicators by employer (CRM)',
    coach: 'Staff and coaches side by side', survey: 'Survey', nonresponse: 'Non-response: trajectories with and without a respondent',
    characteristic: 'Characteristic', responding: 'With respondent', nonResponding: 'Without respondent', test: 'Test', periods: 'By period', period: 'Period',
    change: 'Change vs previous period', uncounted: 'Not counted', reason: 'Reason', line: 'Line', trajectory: 'Trajectory', respondent: 'Respondent',
  },
};

function pctOf(s: Share | undefined): Cell {
  return s && s.p !== null && s.n > 0 ? 100 * s.p : null;
}

function shareCells(s: Share | undefined, lang: Lang, below: number): Record<string, Cell> {
  if (!s) return { count: null, n: null, pct: null, ci: null };
  if (Number.isNaN(s.count)) return { count: `<${below}`, n: Number.isNaN(s.n) ? `<${below}` : s.n, pct: null, ci: null };
  return { count: s.count, n: s.n, pct: pctOf(s), ci: intervalText(s.ci, lang) };
}

function indicatorAnswer(i: Indicator, lang: Lang): string {
  if (i.measure === 'top-box') return lang === 'nl' ? `top ${i.option?.split(' / ').length}: ${i.option}` : `top ${i.option?.split(' / ').length}: ${i.option}`;
  if (i.measure === 'mean') return lang === 'nl' ? 'gemiddelde' : 'mean';
  return i.option ?? '';
}

function indicatorValue(i: Indicator, lang: Lang, below: number): string {
  if (i.measure === 'mean') {
    if (!i.mean || i.mean.mean === null) return Number.isNaN(i.mean?.n) ? `n <${below}` : '—';
    const m = i.mean.mean.toFixed(2);
    return `${lang === 'nl' ? m.replace('.', ',') : m} (n = ${i.mean.n})`;
  }
  if (!i.share) return '—';
  if (Number.isNaN(i.share.count)) return `<${below}`;
  return shareText(i.share, lang);
}

/** Headline rows: every top-box and mean, and the options of choice items (a Likert item's other options are in `survey describe`). */
function headlineRows(list: Indicator[], likertItems: Set<string>): Indicator[] {
  return list.filter((i) => i.measure !== 'option' || !likertItems.has(`${i.survey}\u0000${i.item}`));
}

function impactTables(r: ImpactResult, sections: Set<Section>, lang: Lang, below: number, level: number): Table[] {
  const t = T[lang];
  const ciLabel = `${Math.round(level * 100)} % ${t.ci}`;
  const tables: Table[] = [];
  const likert = new Set<string>();
  for (const i of [...r.headline, ...r.coach.flatMap((c) => c.indicators)]) if (i.measure === 'top-box') likert.add(`${i.survey}\u0000${i.item}`);
  const win = `${r.window.from ?? '…'} – ${r.window.to ?? '…'}`;

  if (sections.has('response')) {
    const a = r.response;
    const row = (measure: string, count: number, of: number | null, s?: Share): Record<string, Cell> => ({ measure, count, of, pct: s ? pctOf(s) : null, ci: s ? intervalText(s.ci, lang) : null });
    tables.push({
      title: `${t.response} (${lang === 'nl' ? 'venster' : 'window'} ${win})`,
      columns: [{ key: 'measure', label: t.measure }, { key: 'count', label: t.value, type: 'number' }, { key: 'of', label: t.of, type: 'number' }, { key: 'pct', label: t.pct, type: 'percent' }, { key: 'ci', label: ciLabel }],
      rows: [
        row(t.inWindow, a.trajectoriesInWindow, null),
        row(`  ${t.registered}`, a.trajectoriesRegistered, a.trajectoriesInWindow),
        row(`  ${t.unregistered}`, a.trajectoriesUnregistered, a.trajectoriesInWindow),
        row(t.recipients, a.recipientsRegistered, null),
        row(t.respondents, a.respondents, null),
        row(`  ${t.inRegistered}`, a.respondentsInRegistered, a.respondents),
        row(`  ${t.inUnregistered}`, a.respondentsInUnregistered, a.respondents),
        row(t.rate, a.respondents, a.recipientsRegistered, a.responseRate),
        row(t.rateReg, a.respondentsInRegistered, a.recipientsRegistered, a.responseRateRegistered),
        row(t.coverage, a.trajectoriesWithRespondent, a.trajectoriesInWindow, a.trajectoryCoverage),
      ],
      notes: [
        lang === 'nl'
          ? 'Ontvangers zijn enkel gekend voor trajecten waar de coach ze registreerde; respondenten uit trajecten zonder registratie tellen mee in de teller, niet in de noemer. De tweede responsgraad telt enkel trajecten met registratie. Intervallen: Wilson.'
          : 'Recipients are known only where the coach registered them; respondents from trajectories without registration count in the numerator, not in the denominator. The second rate counts registered trajectories only. Intervals: Wilson.',
        ...(a.uncounted.length ? [lang === 'nl' ? `${a.uncounted.length} respondent(en) niet meegeteld (geen traject, onbekend traject of buiten het venster): zie --section uncounted.` : `${a.uncounted.length} respondent(s) not counted (no trajectory, unknown trajectory or outside the window): see --section uncounted.`] : []),
        ...(a.moreRespondentsThanRecipients.length ? [lang === 'nl' ? `${a.moreRespondentsThanRecipients.length} traject(en) met meer respondenten dan geregistreerde ontvangers: ${a.moreRespondentsThanRecipients.map((x) => x.trajectory).join(', ')}.` : `${a.moreRespondentsThanRecipients.length} trajectory(ies) with more respondents than registered recipients: ${a.moreRespondentsThanRecipients.map((x) => x.trajectory).join(', ')}.`] : []),
      ],
    });
  }

  const indicatorTable = (title: string, list: Indicator[], withSurvey: boolean): Table => ({
    title,
    columns: [
      ...(withSurvey ? [{ key: 'survey', label: t.survey }] : []),
      { key: 'item', label: t.item }, { key: 'answer', label: t.answer },
      { key: 'count', label: t.value, type: 'number' as const }, { key: 'n', label: 'n', type: 'number' as const }, { key: 'pct', label: t.pct, type: 'percent' as const }, { key: 'ci', label: ciLabel },
    ],
    rows: headlineRows(list, likert).map((i) => {
      const base: Record<string, Cell> = { ...(withSurvey ? { survey: `${i.survey} (${i.kind})` } : {}), item: i.label, answer: indicatorAnswer(i, lang) };
      if (i.measure === 'mean') return { ...base, count: null, n: i.mean?.n ?? null, pct: null, ci: i.mean?.mean != null ? `${i.mean.mean.toFixed(2)} ${i.mean.ci ? `[${i.mean.ci[0].toFixed(2)}, ${i.mean.ci[1].toFixed(2)}]` : ''}` : null };
      return { ...base, ...shareCells(i.share, lang, below) };
    }),
    notes: [lang === 'nl' ? 'n = geldige antwoorden (ontbrekend en "weet niet" als ontbrekend gedefinieerd tellen niet mee). Intervallen: Wilson; gemiddelden: t.' : 'n = valid answers (missing, and answers defined as missing codes, are left out). Intervals: Wilson; means: t.'],
  });

  if (sections.has('headline') && r.headline.length) tables.push(indicatorTable(`${t.headline}: ${r.staff}`, r.headline, false));

  if (sections.has('type') && r.type) {
    const ty = r.type;
    tables.push({
      title: t.type,
      columns: [{ key: 'option', label: `${t.self}: ${ty.label}` }, { key: 'count', label: t.value, type: 'number' }, { key: 'n', label: 'n', type: 'number' }, { key: 'pct', label: t.pct, type: 'percent' }, { key: 'ci', label: ciLabel },
        { key: 't1', label: `${t.crmType} 1`, type: 'number' }, { key: 't2', label: `${t.crmType} 2`, type: 'number' }, { key: 't3', label: `${t.crmType} 3`, type: 'number' }, { key: 't4', label: `${t.crmType} 4`, type: 'number' }, { key: 't0', label: lang === 'nl' ? 'CRM onbekend' : 'CRM unknown', type: 'number' }],
      rows: ty.selfReported.map((s, k) => {
        const c = ty.table[k].counts;
        const hide = (v: number): Cell => (below > 0 && v > 0 && v < below ? `<${below}` : v);
        return { option: s.option, ...shareCells(s.share, lang, below), t1: hide(c[0]), t2: hide(c[1]), t3: hide(c[2]), t4: hide(c[3]), t0: hide(c[4]) };
      }),
      notes: [
        ty.agreement
          ? (lang === 'nl'
            ? `Overeenstemming bij ${ty.agreement.n} respondenten met een type in beide bronnen: ${shareText(ty.agreement.percent, lang)}; Cohens κ = ${ty.agreement.kappa === null ? '—' : ty.agreement.kappa.toFixed(3)}${ty.agreement.ci ? ` [${ty.agreement.ci[0].toFixed(3)}; ${ty.agreement.ci[1].toFixed(3)}]` : ''}.`
            : `Agreement among ${ty.agreement.n} respondents with a type in both sources: ${shareText(ty.agreement.percent, lang)}; Cohen's κ = ${ty.agreement.kappa === null ? '—' : ty.agreement.kappa.toFixed(3)}${ty.agreement.ci ? ` [${ty.agreement.ci[0].toFixed(3)}, ${ty.agreement.ci[1].toFixed(3)}]` : ''}.`)
          : (lang === 'nl' ? 'Geen respondenten met een type in beide bronnen.' : 'No respondents with a type in both sources.'),
        lang === 'nl' ? `CRM-type van de respondenten: ${ty.crm.map((c) => `${c.type ?? 'onbekend'}: ${c.share.count}`).join(', ')}.` : `CRM type of the respondents: ${ty.crm.map((c) => `${c.type ?? 'unknown'}: ${c.share.count}`).join(', ')}.`,
      ],
    });
  }

  const groupTable = (title: string, groups: ImpactResult['byType']): Table | undefined => {
    if (!groups.length) return undefined;
    const base = headlineRows(groups[0].indicators, likert);
    const rows = base.map((ind) => {
      const row: Record<string, Cell> = { item: ind.label, answer: indicatorAnswer(ind, lang) };
      groups.forEach((g, k) => {
        const gi = g.indicators.find((x) => x.item === ind.item && x.measure === ind.measure && x.option === ind.option);
        row[`g${k}`] = gi ? indicatorValue(gi, lang, below) : null;
      });
      return row;
    });
    return {
      title,
      columns: [{ key: 'item', label: t.item }, { key: 'answer', label: t.answer }, ...groups.map((g, k) => ({ key: `g${k}`, label: `${g.group} (${g.respondents} ${lang === 'nl' ? 'resp.' : 'resp.'}, ${g.trajectories} ${lang === 'nl' ? 'traj.' : 'traj.'})`, align: 'right' as const }))],
      rows,
      notes: [
        lang === 'nl' ? 'Per cel: teller/noemer (%) van de geldige antwoorden in die groep.' : 'Each cell: count/valid answers (%) in that group.',
        ...(below > 0 ? [lang === 'nl' ? `Kleine cellen (< ${below}) verborgen als <${below}.` : `Small cells (< ${below}) hidden as <${below}.`] : []),
      ],
    };
  };
  if (sections.has('by-type')) { const tb = groupTable(t.byType, r.byType); if (tb) tables.push(tb); }
  if (sections.has('by-employer')) { const tb = groupTable(t.byEmployer, r.byEmployer); if (tb) tables.push(tb); }

  if (sections.has('coach') && r.coach.length) {
    tables.push(indicatorTable(t.coach, [...r.headline, ...r.coach.flatMap((c) => c.indicators)], true));
    const last = tables[tables.length - 1];
    for (const c of r.coach) {
      last.notes.push(c.rate
        ? (lang === 'nl' ? `Coachbevraging ${c.survey}: ${shareText(c.rate, lang)} van de ${c.invited} uitgenodigde coaches (${c.invitedSource === 'project' ? 'aantal uit hefboom.yaml' : 'coaches in het CRM'}).` : `Coach survey ${c.survey}: ${shareText(c.rate, lang)} of ${c.invited} coaches invited (${c.invitedSource === 'project' ? 'number from hefboom.yaml' : 'coaches in the CRM'}).`)
        : (lang === 'nl' ? `Coachbevraging ${c.survey}: ${c.respondents} respondenten; aantal uitgenodigden onbekend (zet \`invited:\`).` : `Coach survey ${c.survey}: ${c.respondents} respondents; number invited unknown (set \`invited:\`).`));
    }
  }

  if (sections.has('nonresponse') && r.nonResponse.length) {
    tables.push({
      title: t.nonresponse,
      columns: [{ key: 'characteristic', label: t.characteristic }, { key: 'responding', label: t.responding }, { key: 'nonResponding', label: t.nonResponding }, { key: 'test', label: t.test }, { key: 'p', label: 'p', type: 'number' }, { key: 'pHolm', label: 'p (Holm)', type: 'number' }],
      rows: r.nonResponse.map((x) => ({ characteristic: x.characteristic, responding: x.responding.summary, nonResponding: x.nonResponding.summary, test: x.test, p: x.p, pHolm: x.pHolm })),
      notes: [lang === 'nl' ? 'Trajecten in het venster met minstens één respondent tegenover die zonder; Holm-correctie over de kenmerken. Een klein verschil sluit positiviteitsbias bij de respondenten zelf niet uit.' : 'Window trajectories with at least one respondent against those without; Holm adjustment across the characteristics. A small difference does not rule out a positivity bias among respondents themselves.'],
    });
  }

  if (sections.has('periods') && r.periods.length) {
    const rows: Record<string, Cell>[] = [];
    for (const p of r.periods) {
      rows.push({ period: p.period, item: t.rate, answer: '', value: shareText(p.responseRate, lang), change: null });
      for (const ind of p.indicators.filter((i) => i.measure !== 'option')) {
        const ch = p.change.find((c) => c.item === ind.item);
        rows.push({ period: p.period, item: ind.label, answer: indicatorAnswer(ind, lang), value: indicatorValue(ind, lang, below), change: ch && ch.difference !== null ? `${(100 * ch.difference).toFixed(1)} pp ${intervalText(ch.ci, lang)}` : null });
      }
    }
    tables.push({
      title: t.periods,
      columns: [{ key: 'period', label: t.period }, { key: 'item', label: t.item }, { key: 'answer', label: t.answer }, { key: 'value', label: t.share, align: 'right' }, { key: 'change', label: t.change }],
      rows,
      notes: [lang === 'nl' ? 'Periode = einddatum van het traject. Verschil in procentpunten met Newcombes interval.' : 'Period = end date of the trajectory. Difference in percentage points with Newcombe\'s interval.'],
    });
  }

  if (sections.has('uncounted') && r.response.uncounted.length) {
    const reason = (x: string) => (lang === 'nl' ? { 'no-trajectory': 'geen traject-id', 'unknown-trajectory': 'traject niet in het CRM', 'outside-window': 'traject eindigde buiten het venster' } : { 'no-trajectory': 'no trajectory id', 'unknown-trajectory': 'trajectory not in the CRM', 'outside-window': 'trajectory ended outside the window' })[x as 'no-trajectory'];
    tables.push({
      title: t.uncounted,
      columns: [{ key: 'respondent', label: t.respondent }, { key: 'line', label: t.line, type: 'number' }, { key: 'trajectory', label: t.trajectory }, { key: 'reason', label: t.reason }],
      rows: r.response.uncounted.map((u) => ({ respondent: u.respondent, line: u.line, trajectory: u.trajectory, reason: reason(u.reason) })),
      notes: [],
    });
  }
  return tables;
}
