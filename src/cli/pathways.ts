/**
 * `hefboom pathways funnel|reasons|profile|survival`: learner registers of the ESF practice model
 * (seed 001) — the funnel with losses per step, why people left, the inflow profile and time to
 * dropout. Thin commands over src/analysis/pathways-*.ts.
 */
import type { Command } from 'commander';
import { OUTCOME_LABELS, type PathwayRegister } from '../model/pathways.js';
import type { Share } from '../analysis/share.js';
import type { Cell, Table } from '../report/table.js';
import { groupPersons, GroupingError, type Grouping } from '../analysis/pathways-groups.js';
import { pathwaysFunnel } from '../analysis/pathways-funnel.js';
import { pathwaysReasons } from '../analysis/pathways-reasons.js';
import { pathwaysProfile, TOTAL, type ProfileTest } from '../analysis/pathways-profile.js';
import { pathwaysSurvival, type SurvivalResult } from '../analysis/pathways-survival.js';
import { isoDay } from '../io/cells.js';
import { act, emit, EXIT_OK, globals, intOption, outputFormat, stopOnIssues, UsageError, version, withOutput, type GlobalOptions } from './common.js';
import { loadPathways, openProjectFileOnly } from './data-sources.js';

type Lang = 'nl' | 'en';
const T = (lang: Lang) => (nl: string, en: string) => (lang === 'nl' ? nl : en);

interface Flags { format?: string; out?: string; csvDialect?: string; by?: string; register?: string; suppressBelow?: string; seed?: string }

export function registerPathways(program: Command): void {
  const cmd = program
    .command('pathways')
    .summary('learner registers (ESF model): funnel with losses, stop reasons, inflow profile, time to dropout')
    .addHelpText('before', `Examples:
  hefboom pathways funnel -p examples/esf-trajecten --by partnership
  hefboom pathways reasons --by partnership
  hefboom pathways profile --by partnership --suppress-below 5
  hefboom pathways survival --by Trajectvariant
`);
  const sub = (name: string, summary: string, examples: string, run: (f: Flags, g: GlobalOptions) => Promise<number>, extra?: (c: Command) => Command) => {
    let c = cmd.command(name).summary(summary)
      .option('-b, --by <key>', 'per group: partnership, cohort, a mapped attribute or a categorical profile variable')
      .option('--register <name>', 'the register to read when the project lists several (`name:` of the `pathways:` entry)');
    if (extra) c = extra(c);
    withOutput(c);
    c.addHelpText('before', `Examples:\n${examples}\n`);
    c.action(act(async (flags: Flags, self: Command) => run(flags, globals(self))));
  };
  sub('funnel', 'people reaching each phase, step conversion and losses with Wilson intervals; exits by phase, initiative and type', `  hefboom pathways funnel
  hefboom pathways funnel --by partnership
  hefboom pathways funnel --by cohort --format json --out trechter.json`, runFunnel);
  sub('reasons', 'stop reasons (multi-label): persons and mentions, pairs of reasons, before the start vs during training', `  hefboom pathways reasons
  hefboom pathways reasons --by partnership --format md`, runReasons);
  sub('profile', 'inflow profile per group with denominators and missing counts, χ²/Fisher or Kruskal–Wallis across groups', `  hefboom pathways profile --by partnership
  hefboom pathways profile --by partnership --suppress-below 5 --format csv`, runProfile,
  (c) => c.option('--suppress-below <n>', 'withhold category counts below N (default: report.suppress_below)').option('--seed <n>', 'seed of Monte Carlo Fisher tests', '1'));
  sub('survival', 'Kaplan–Meier time to dropout from the start of training, median with CI, log-rank test; shares finishing in 3 semesters and in 2 years', `  hefboom pathways survival
  hefboom pathways survival --by Trajectvariant
  hefboom pathways survival --by partnership --format json`, runSurvival);
}

async function load(flags: Flags, g: GlobalOptions): Promise<{ reg: PathwayRegister; lang: Lang; grouping: Grouping; suppress: number; warnings: number }> {
  outputFormat(flags);
  const { project, issues } = openProjectFileOnly(g);
  if (!project.pathways.length) {
    throw new UsageError('the project lists no `pathways:` registers', 'add e.g. `pathways: [{ path: data/register.csv, mapping: register-mapping.yaml }]` to hefboom.yaml (README "Learner registers")');
  }
  const reg = await loadPathways(project, flags.register, issues);
  stopOnIssues(issues, g);
  if (!reg) throw new UsageError('no register was read');
  const lang: Lang = g.lang ?? project.language;
  let grouping: Grouping;
  try {
    grouping = groupPersons(reg, flags.by, lang === 'nl' ? 'alle' : 'all');
  } catch (e) {
    if (e instanceof GroupingError) throw new UsageError(`--by: ${e.message}`, e.hint);
    throw e;
  }
  const suppress = intOption('--suppress-below', flags.suppressBelow, 0) ?? project.report.suppress_below ?? 0;
  return { reg, lang, grouping, suppress, warnings: issues.filter((i) => i.severity === 'warning').length };
}

const pct = (s: Share | null): number | null => (s && s.p !== null ? s.p * 100 : null);
const ci = (s: Share | null): string => (s?.ci ? `${(s.ci[0] * 100).toFixed(1)}–${(s.ci[1] * 100).toFixed(1)}` : '');
const provenance = (reg: PathwayRegister, warnings: number) => ({ register: reg.file, name: reg.name, persons: reg.persons, rows: reg.rows, skipped: reg.skipped, dataEnd: Number.isFinite(reg.dataEnd) ? isoDay(reg.dataEnd) : null, warnings });
const phaseLabel = (reg: PathwayRegister, id: string, lang: Lang) => reg.phases.find((p) => p.id === id)?.label[lang] ?? id;

async function runFunnel(flags: Flags, g: GlobalOptions): Promise<number> {
  const { reg, lang, grouping, warnings } = await load(flags, g);
  const t = T(lang);
  const r = pathwaysFunnel(reg, grouping);
  const tables: Table[] = [];
  for (const grp of r.groups) {
    const prefix = grouping.by ? `${grouping.by} = ${grp.group}: ` : '';
    tables.push({
      title: `${prefix}${t('trechter', 'funnel')} (${grp.base} ${t('personen', 'people')})`,
      columns: [
        { key: 'phase', label: t('fase', 'phase') }, { key: 'reached', label: t('bereikt', 'reached'), type: 'number' },
        { key: 'implied', label: t('waarvan afgeleid', 'of which implied'), type: 'number' },
        { key: 'of_base', label: t('% van start', '% of base'), type: 'percent' },
        { key: 'from_previous', label: t('% van vorige', '% of previous'), type: 'percent' }, { key: 'ci', label: t('95 %-BI', '95 % CI') },
        { key: 'left', label: t('uitgestapt', 'left'), type: 'number' }, { key: 'in_progress', label: t('nog bezig', 'in progress'), type: 'number' },
      ],
      rows: grp.steps.map((s) => ({
        phase: phaseLabel(reg, s.phase, lang), reached: s.reached, implied: s.implied, of_base: pct(s.ofBase),
        from_previous: pct(s.fromPrevious), ci: ci(s.fromPrevious), left: s.left, in_progress: s.inProgress,
      })),
      notes: [
        t('Eenheid: personen. "Bereikt": met een datum voor de fase of voor een latere verplichte fase ("afgeleid"). Noemer van "% van vorige": wie de vorige fase bereikte; BI = 95 %-Wilson-interval.',
          'Unit: people. "Reached": a date for the phase or for a later required phase ("implied"). Denominator of "% of previous": people who reached the previous phase; CI = 95 % Wilson interval.'),
        t('"Uitgestapt" en "nog bezig" tellen wie bij deze fase stopte: met een geregistreerde uitstap, of zonder (nog in de fase).', '"Left" and "in progress" count the people who stopped at this phase: with a registered exit, or without one (still in the phase).'),
        ...grp.optional.filter((o) => o.before).map((o) => t(
          `${phaseLabel(reg, o.phase, lang)} (optioneel): ${o.tookPart} personen; ${o.ofNext?.count ?? 0} van de ${o.ofNext?.n ?? 0} die ${phaseLabel(reg, o.before!, lang).toLowerCase()} bereikten.`,
          `${phaseLabel(reg, o.phase, lang)} (optional): ${o.tookPart} people; ${o.ofNext?.count ?? 0} of the ${o.ofNext?.n ?? 0} who reached ${phaseLabel(reg, o.before!, lang).toLowerCase()}.`)),
      ],
    });
    const e = grp.exitSplit;
    const rows: Record<string, Cell>[] = [
      ...e.byPhase.map((x) => ({ split: t('fase', 'phase'), value: phaseLabel(reg, x.phase, lang), n: x.count })),
      { split: t('initiatief', 'initiative'), value: t('eigen keuze', 'own choice'), n: e.initiative.own },
      { split: t('initiatief', 'initiative'), value: t('geadviseerd', 'advised'), n: e.initiative.advised },
      { split: t('initiatief', 'initiative'), value: t('onbekend', 'unknown'), n: e.initiative.unknown },
      { split: t('soort', 'type'), value: t('tijdelijke pauze', 'temporary pause'), n: e.kind.pause },
      { split: t('soort', 'type'), value: t('definitieve stop', 'definitive stop'), n: e.kind.definitive },
      { split: t('soort', 'type'), value: t('onbekend', 'unknown'), n: e.kind.unknown },
      { split: t('moment', 'when'), value: t('vóór de start van de opleiding', 'before training started'), n: e.stage.beforeStart },
      { split: t('moment', 'when'), value: t('tijdens de opleiding', 'during training'), n: e.stage.during },
      { split: t('moment', 'when'), value: t('na kwalificatie', 'after qualification'), n: e.stage.after },
    ];
    tables.push({
      title: `${prefix}${t('uitstappen', 'exits')} (${grp.exits})`,
      columns: [{ key: 'split', label: t('indeling', 'split') }, { key: 'value', label: t('waarde', 'value') }, { key: 'n', label: 'n', type: 'number' }, { key: 'percent', label: '%', type: 'percent' }],
      rows: rows.map((x) => ({ ...x, percent: grp.exits ? (100 * (x.n as number)) / grp.exits : null })),
      notes: [t(`Eenheid: personen met een geregistreerde uitstap (${grp.exits}); fase = de fase bij de uitstap, anders de laatst bereikte.`, `Unit: people with a registered exit (${grp.exits}); phase = the phase registered with the exit, else the last one reached.`)],
    });
    const o = grp.outcomes;
    if (o.known + o.unknown > 0) {
      tables.push({
        title: `${prefix}${t('uitstroom na kwalificatie', 'outcome after qualification')}`,
        columns: [
          { key: 'outcome', label: t('uitstroom', 'outcome') }, { key: 'n', label: 'n', type: 'number' },
          { key: 'percent', label: '%', type: 'percent' }, { key: 'ci', label: t('95 %-BI', '95 % CI') },
        ],
        rows: o.outcomes.map((x) => ({ outcome: OUTCOME_LABELS[x.outcome][lang], n: x.share.count, percent: pct(x.share), ci: ci(x.share) })),
        notes: [t(`Eenheid: gekwalificeerde personen. Noemer: de ${o.known} met een geregistreerde uitstroom; ${o.unknown} zonder. BI = 95 %-Wilson-interval.`, `Unit: qualified people. Denominator: the ${o.known} with a registered outcome; ${o.unknown} without one. CI = 95 % Wilson interval.`)],
      });
    }
  }
  await emit(tables, { hefboom: version(), command: 'pathways funnel', ...provenance(reg, warnings), ...r }, flags, g);
  return EXIT_OK;
}

async function runReasons(flags: Flags, g: GlobalOptions): Promise<number> {
  const { reg, lang, grouping, warnings } = await load(flags, g);
  const t = T(lang);
  const r = pathwaysReasons(reg, grouping);
  const label = (id: string) => reg.reasons.find((x) => x.id === id)?.label[lang] ?? id;
  const tables: Table[] = [];
  for (const grp of r.groups) {
    const prefix = grouping.by ? `${grouping.by} = ${grp.group}: ` : '';
    tables.push({
      title: `${prefix}${t('redenen van uitstap', 'reasons for leaving')}`,
      columns: [
        { key: 'reason', label: t('reden', 'reason') }, { key: 'kind', label: t('soort', 'kind') }, { key: 'levers', label: t('hefbomen', 'levers') },
        { key: 'persons', label: t('personen', 'people'), type: 'number' }, { key: 'percent', label: '%', type: 'percent' }, { key: 'ci', label: t('95 %-BI', '95 % CI') },
        { key: 'before', label: t('vóór start', 'before start'), type: 'number' }, { key: 'during', label: t('tijdens', 'during'), type: 'number' }, { key: 'after', label: t('na kwalificatie', 'after qualification'), type: 'number' },
      ],
      rows: grp.rows.map((x) => ({
        reason: label(x.reason), kind: x.kind === 'instap' ? t('niet-instap', 'non-entry') : t('uitval', 'dropout'), levers: x.levers.join(' '),
        persons: x.persons, percent: pct(x.share), ci: ci(x.share), before: x.beforeStart, during: x.during, after: x.after,
      })),
      notes: [
        t(`Eenheid: personen. Noemer: de ${grp.withReason} personen met een uitstap en minstens één reden; ${grp.withoutReason} van de ${grp.exits} uitstappers gaven geen reden. Meerdere redenen per persoon: ${grp.mentions} vermeldingen in totaal, dus de percentages tellen op tot meer dan 100.`,
          `Unit: people. Denominator: the ${grp.withReason} people who left with at least one reason; ${grp.withoutReason} of the ${grp.exits} who left gave none. Several reasons per person: ${grp.mentions} mentions in all, so percentages add up to more than 100.`),
      ],
    });
    if (grp.pairs.length) {
      tables.push({
        title: `${prefix}${t('redenen die samen voorkomen', 'reasons given together')}`,
        columns: [{ key: 'a', label: t('reden', 'reason') }, { key: 'b', label: t('samen met', 'together with') }, { key: 'persons', label: t('personen', 'people'), type: 'number' }],
        rows: grp.pairs.map((p) => ({ a: label(p.a), b: label(p.b), persons: p.persons })),
        notes: [t('Eenheid: personen die beide redenen gaven.', 'Unit: people who gave both reasons.')],
      });
    }
  }
  await emit(tables, { hefboom: version(), command: 'pathways reasons', ...provenance(reg, warnings), ...r }, flags, g);
  return EXIT_OK;
}

async function runProfile(flags: Flags, g: GlobalOptions): Promise<number> {
  const { reg, lang, grouping, suppress, warnings } = await load(flags, g);
  const t = T(lang);
  const seed = intOption('--seed', flags.seed, 0) ?? 1;
  const r = pathwaysProfile(reg, grouping, { suppressBelow: suppress, seed });
  const groups = [...r.groups, TOTAL];
  const tables: Table[] = [];
  const fmtP = (p: number | null) => (p === null ? null : Math.round(p * 1000) / 10);
  for (const v of r.variables) {
    const testNote = v.test
      ? `${t('Toets over de groepen', 'Test across groups')}: ${testName(v.test, t)}; ${v.test.statistic !== null ? `${v.test.name === 'chi-square' ? 'X²' : 'H'} = ${v.test.statistic.toFixed(3)}, df = ${v.test.df}, ` : ''}${v.test.p < 0.001 ? 'p < 0.001' : `p = ${v.test.p.toFixed(3)}`}.`
      : t('Geen toets (minder dan twee groepen of waarden).', 'No test (fewer than two groups or values).');
    if (v.kind === 'category') {
      tables.push({
        title: `${v.field} (${t('kolom', 'column')} "${v.column}")`,
        columns: [
          { key: 'group', label: grouping.by || t('groep', 'group') },
          ...v.levels.flatMap((l, k) => [{ key: `n${k}`, label: l, type: 'number' as const }, { key: `p${k}`, label: '%', type: 'number' as const }]),
          { key: 'denominator', label: t('noemer', 'denominator'), type: 'number' }, { key: 'missing', label: t('ontbrekend', 'missing'), type: 'number' },
        ],
        rows: v.cells.map((c) => ({
          group: c.group === TOTAL ? t('totaal', 'total') : c.group,
          ...Object.fromEntries(c.levels.flatMap((l, k) => [[`n${k}`, l.count === null ? `<${suppress}` : l.count], [`p${k}`, fmtP(l.p)]])),
          denominator: c.denominator, missing: c.missing,
        })),
        notes: [t('Eenheid: personen. Percentages over de noemer (wie een waarde heeft); ontbrekend staat ernaast.', 'Unit: people. Percentages over the denominator (people with a value); missing is shown beside it.'), testNote,
          ...(suppress > 0 ? [t(`Aantallen onder ${suppress} zijn weggelaten.`, `Counts below ${suppress} are withheld.`)] : [])],
      });
    } else {
      tables.push({
        title: `${v.field} (${t('kolom', 'column')} "${v.column}")`,
        columns: [
          { key: 'group', label: grouping.by || t('groep', 'group') }, { key: 'n', label: 'n', type: 'number' }, { key: 'missing', label: t('ontbrekend', 'missing'), type: 'number' },
          { key: 'mean', label: t('gemiddelde', 'mean'), type: 'number' }, { key: 'sd', label: 'SD', type: 'number' }, { key: 'median', label: t('mediaan', 'median'), type: 'number' },
        ],
        rows: v.cells.map((c) => ({ group: c.group === TOTAL ? t('totaal', 'total') : c.group, n: c.n, missing: c.missing, mean: round(c.mean), sd: round(c.sd), median: round(c.median) })),
        notes: [t('Eenheid: personen met een waarde.', 'Unit: people with a value.'), testNote],
      });
    }
  }
  if (r.notMapped.length) tables.push({ title: t('Niet in de mapping', 'Not in the mapping'), columns: [{ key: 'field', label: t('variabele', 'variable') }], rows: r.notMapped.map((f) => ({ field: f })), notes: [] });
  void groups;
  await emit(tables, { hefboom: version(), command: 'pathways profile', ...provenance(reg, warnings), suppressBelow: suppress, ...r }, flags, g);
  return EXIT_OK;
}

function testName(test: ProfileTest, t: (nl: string, en: string) => string): string {
  if (test.name === 'chi-square') return t('Pearson-χ² (elke verwachte frequentie ≥ 5)', 'Pearson χ² (every expected count ≥ 5)');
  if (test.name === 'kruskal-wallis') return t('Kruskal–Wallis (met correctie voor ties)', 'Kruskal–Wallis (tie-corrected)');
  const mc = test.samples ? t(`, Monte Carlo met ${test.samples} tabellen, seed ${test.seed}`, `, Monte Carlo with ${test.samples} tables, seed ${test.seed}`) : '';
  return t(`exacte toets van Fisher (${test.lowExpected} verwachte frequenties onder 5${mc})`, `Fisher's exact test (${test.lowExpected} expected counts below 5${mc})`);
}

const round = (x: number | null, d = 2): number | null => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

async function runSurvival(flags: Flags, g: GlobalOptions): Promise<number> {
  const { reg, lang, grouping, warnings } = await load(flags, g);
  if (reg.startPhase < 0) {
    throw new UsageError(`the phase list of ${reg.file} has no start of training, so there is no time to dropout to follow`,
      'name the phase `opleiding`, or mark it in the mapping\'s `phase_list:` with `start: true`');
  }
  const t = T(lang);
  const r: SurvivalResult = pathwaysSurvival(reg, grouping);
  const m = (x: number | null) => (x === null ? null : round(x, 1));
  const tables: Table[] = [{
    title: t(`Tijd tot uitval vanaf de start van de opleiding (maanden)`, `Time to dropout from the start of training (months)`),
    columns: [
      { key: 'group', label: grouping.by || t('groep', 'group') }, { key: 'n', label: t('starters', 'starters'), type: 'number' },
      { key: 'events', label: t('uitval', 'dropouts'), type: 'number' }, { key: 'censored', label: t('gecensureerd', 'censored'), type: 'number' },
      { key: 'median', label: t('mediaan', 'median'), type: 'number' }, { key: 'median_ci', label: t('95 %-BI mediaan', '95 % CI median') },
      { key: 'dropout_12', label: t('uitval na 12 mnd %', 'dropped by 12 mo %'), type: 'percent' },
      { key: 'dropout_18', label: t('uitval na 18 mnd %', 'dropped by 18 mo %'), type: 'percent' },
    ],
    rows: r.groups.map((x) => ({
      group: x.group, n: x.n, events: x.events, censored: x.n - x.events,
      median: m(x.median.time), median_ci: x.median.time === null ? '—' : `${x.median.lower === null ? 'NA' : m(x.median.lower)}–${x.median.upper === null ? 'NA' : m(x.median.upper)}`,
      dropout_12: x.dropoutBy12 === null ? null : x.dropoutBy12 * 100, dropout_18: x.dropoutBy18 === null ? null : x.dropoutBy18 * 100,
    })),
    notes: [
      t(`Eenheid: personen met een startdatum van de opleiding (${r.from}). Gebeurtenis: een definitieve uitstap (of een van onbekende soort) na de start; gecensureerd bij kwalificatie, bij een tijdelijke pauze of op de einddatum van de gegevens (${Number.isFinite(reg.dataEnd) ? isoDay(reg.dataEnd) : '—'}). Kaplan–Meier met Greenwood-fouten; mediaan en BI zoals R survfit (log-interval). Maand = 30,4375 dagen.`,
        `Unit: people with a training start date (${r.from}). Event: a definitive exit (or one of unknown type) after the start; censored at qualification, at a temporary pause or at the data end (${Number.isFinite(reg.dataEnd) ? isoDay(reg.dataEnd) : '—'}). Kaplan–Meier with Greenwood errors; median and CI as R survfit (log interval). Month = 30.4375 days.`),
      ...(r.logRank ? [t(`Log-rank-toets tussen de groepen: χ² = ${r.logRank.chiSquare.toFixed(2).replace('.', ',')}, df = ${r.logRank.df}, ${r.logRank.p < 0.001 ? 'p < 0,001' : `p = ${r.logRank.p.toFixed(3).replace('.', ',')}`} (zoals R survdiff). Observationeel: verschillen tussen groepen zijn beschrijvend, niet causaal.`,
        `Log-rank test between the groups: χ² = ${r.logRank.chiSquare.toFixed(2)}, df = ${r.logRank.df}, ${r.logRank.p < 0.001 ? 'p < 0.001' : `p = ${r.logRank.p.toFixed(3)}`} (as R survdiff). Observational: group differences are descriptive, not causal.`)] : []),
      ...(r.undated ? [t(`${r.undated} uitstappen na de start hebben geen datum en tellen niet mee.`, `${r.undated} exits after the start have no date and are left out.`)] : []),
    ],
  }, {
    title: t('Kwalificatie binnen 3 semesters en binnen 2 jaar', 'Qualified within 3 semesters and within 2 years'),
    columns: [
      { key: 'group', label: grouping.by || t('groep', 'group') },
      { key: 'sem3', label: t('binnen 18 mnd', 'within 18 mo') }, { key: 'sem3_pct', label: '%', type: 'percent' }, { key: 'sem3_ci', label: t('95 %-BI', '95 % CI') },
      { key: 'y2', label: t('binnen 24 mnd', 'within 24 mo') }, { key: 'y2_pct', label: '%', type: 'percent' }, { key: 'y2_ci', label: t('95 %-BI', '95 % CI') },
    ],
    rows: r.groups.map((x) => ({
      group: x.group,
      sem3: `${x.within3Semesters.count}/${x.within3Semesters.n}`, sem3_pct: pct(x.within3Semesters), sem3_ci: ci(x.within3Semesters),
      y2: `${x.within2Years.count}/${x.within2Years.n}`, y2_pct: pct(x.within2Years), y2_ci: ci(x.within2Years),
    })),
    notes: [t('Noemer: starters die 18 (of 24) maanden vóór de einddatum van de gegevens begonnen, zodat hun hele termijn gekend is; BI = 95 %-Wilson-interval.', 'Denominator: starters who began 18 (or 24) months before the data end, so their whole term is known; CI = 95 % Wilson interval.')],
  }];
  await emit(tables, { hefboom: version(), command: 'pathways survival', ...provenance(reg, warnings), ...r }, flags, g);
  return EXIT_OK;
}
