/**
 * The survey, CRM and MeMoQ-score parts of the report: the impact section (staff survey ⨝ CRM, as
 * `hefboom impact`), the registration section (as `hefboom crm indicators` and `crm audit`), and
 * blocks for the lever and MeMoQ sections (survey items and constructs mapped there, MeMoQ scores).
 * Pure: data in, report parts out. Small-cell suppression applies to every breakdown.
 */
import type { SurveyData, SurveyItem } from '../model/survey.js';
import type { CrmData } from '../model/crm.js';
import type { MemoqScore } from '../io/memoq-scores.js';
import { indexFramework, loadBuiltinFramework } from '../model/framework.js';
import { impactAnalysis, type ImpactResult } from '../analysis/impact.js';
import { headlineItems, surveyIndicators, type Indicator } from '../analysis/survey-indicators.js';
import { intervalText, shareText, type Share } from '../analysis/share.js';
import { crmIndicators, normsOf } from '../analysis/crm-indicators.js';
import { crmAudit } from '../analysis/crm-audit.js';
import { memoqChange } from '../analysis/memoq-change.js';
import { constructScores } from '../analysis/survey-describe.js';
import { joinSurveyToCrm } from '../analysis/survey-join.js';
import { clusterBootstrapProportions } from '../stats/cluster-bootstrap-proportion.js';
import { describe } from '../stats/describe.js';
import type { Cell, Table } from './table.js';
import type { MetricTree, ReportBlock, ReportSection } from './model.js';
import type { ReportBuildOptions, ReportPart } from './build-qualitative.js';

export interface QuantitativeInput {
  surveys: SurveyData[];
  crm?: CrmData;
  memoqScores: MemoqScore[];
  /** Survey window of the staff survey (days since 1970), from the project. */
  window: { since?: number; until?: number };
}

type Lang = 'nl' | 'en';
const BOOTSTRAP_REPLICATES = 1000;

const pct = (s: Share | undefined): Cell => (s && s.p !== null ? Math.round(1000 * s.p) / 10 : null);
const round = (x: number | null | undefined, d = 2): Cell => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(d)));

/** A share as table cells, hidden below the suppression threshold (breakdowns only). */
function shareCells(s: Share | undefined, below: number): Record<string, Cell> {
  if (!s) return { count: null, n: null, pct: null };
  const small = (v: number) => below > 0 && v > 0 && v < below;
  if (Number.isNaN(s.count) || small(s.count) || small(s.n - s.count)) return { count: `<${below}`, n: small(s.n) || Number.isNaN(s.n) ? `<${below}` : s.n, pct: null };
  return { count: s.count, n: s.n, pct: pct(s) };
}

/**
 * Impact and registration-audit sections, plus blocks to add to the lever and MeMoQ sections
 * (survey items and constructs mapped there, MeMoQ scores), keyed by lever id / dimension id.
 */
export function buildQuantitative(input: QuantitativeInput, opts: ReportBuildOptions): ReportPart & { leverBlocks: Record<string, ReportBlock[]>; memoqBlocks: Record<string, ReportBlock[]> } {
  const lang = opts.lang;
  const nl = lang === 'nl';
  const sections: ReportSection[] = [];
  const metrics: MetricTree = {};
  const units: Record<string, string> = {};
  const counts: Record<string, number> = {};
  const leverBlocks: Record<string, ReportBlock[]> = {};
  const memoqBlocks: Record<string, ReportBlock[]> = {};
  const add = (into: Record<string, ReportBlock[]>, key: string, ...blocks: ReportBlock[]) => { (into[key] ??= []).push(...blocks); };
  const table = (id: string, t: Table, unit: string): ReportBlock => { units[id] = unit; return { type: 'table', id, table: t }; };

  const staff = input.surveys.find((s) => s.kind === 'staff');
  const coaches = input.surveys.filter((s) => s.kind === 'coach');
  const survey: MetricTree = {};
  for (const s of input.surveys) {
    counts[`respondents_${s.name}`] = s.respondents.length;
    survey[s.name] = { respondents: s.respondents.length };
  }
  metrics.survey = survey;

  // Impact: the staff survey joined to the CRM.
  if (staff && input.crm && staff.keys.trajectory) {
    const r = impactAnalysis(input.crm, staff, coaches, { window: input.window, suppressBelow: opts.suppressBelow, seed: opts.seed });
    sections.push(impactSection(r, staff, input.crm, opts, table));
    const staffMetrics: MetricTree = {
      respondents: r.response.respondents,
      response_rate: r.response.responseRate.p,
      response_rate_registered: r.response.responseRateRegistered.p,
      trajectory_coverage: r.response.trajectoryCoverage.p,
      trajectories_unregistered: r.response.trajectoriesUnregistered,
      uncounted: r.response.uncounted.length,
    };
    const headline: MetricTree = {};
    for (const i of r.headline) if (i.measure === 'top-box' && i.share) headline[i.item] = i.share.p;
    staffMetrics.headline = headline;
    survey.staff = staffMetrics;
    survey[staff.name] = { ...(survey[staff.name] as MetricTree), ...staffMetrics };
    for (const c of r.coach) {
      const cm: MetricTree = { respondents: c.respondents, response_rate: c.rate?.p ?? null };
      survey[c.survey] = { ...(survey[c.survey] as MetricTree), ...cm };
      survey.coach ??= cm;
    }
  }

  // Registration: CRM indicators and audit.
  if (input.crm) {
    sections.push(registrationSection(input.crm, opts, table, metrics));
    counts.crm_rows = input.crm.rows;
    counts.crm_trajectories = input.crm.trajectories.length;
  }

  // Survey items and constructs mapped to levers and MeMoQ dimensions.
  for (const s of input.surveys) {
    const mapped = s.definition.items.filter((i) => (i.type === 'likert' || i.type === 'single') && (i.levers.length || i.memoq.length));
    const byNode = (key: 'levers' | 'memoq') => {
      const nodes = [...new Set(mapped.flatMap((i) => i[key]))].sort();
      for (const node of nodes) {
        const items = mapped.filter((i) => i[key].includes(node));
        const id = `${key === 'levers' ? 'lever' : 'memoq'}-${node}-survey-${s.name}`;
        add(key === 'levers' ? leverBlocks : memoqBlocks, node, table(id, itemTable(s, items, lang), nl ? `respondenten van bevraging ${s.name}; noemer: geldige antwoorden per item` : `respondents of survey ${s.name}; denominator: valid answers per item`));
      }
      const constructs = s.definition.constructs.filter((c) => c[key].length);
      for (const node of [...new Set(constructs.flatMap((c) => c[key]))].sort()) {
        const cs = constructs.filter((c) => c[key].includes(node));
        const id = `${key === 'levers' ? 'lever' : 'memoq'}-${node}-constructs-${s.name}`;
        const rows = cs.map((c) => {
          const d = describe(constructScores(s, c));
          return { construct: c.label, n: d.n, mean: round(d.mean), sd: round(d.sd), median: round(d.median) };
        });
        add(key === 'levers' ? leverBlocks : memoqBlocks, node, table(id, {
          title: nl ? `Constructen uit bevraging ${s.name}` : `Constructs from survey ${s.name}`,
          columns: [{ key: 'construct', label: nl ? 'Construct' : 'Construct' }, { key: 'n', label: 'n', type: 'number' }, { key: 'mean', label: nl ? 'Gemiddelde' : 'Mean', type: 'number' }, { key: 'sd', label: 'sd', type: 'number' }, { key: 'median', label: nl ? 'Mediaan' : 'Median', type: 'number' }],
          rows,
          notes: [nl ? 'Score: gemiddelde van de items (omgekeerde items omgekeerd), voor respondenten met genoeg beantwoorde items.' : 'Score: mean of the items (reverse-keyed items reversed), for respondents with enough items answered.'],
        }, nl ? 'respondenten met een constructscore' : 'respondents with a construct score'));
      }
    };
    byNode('levers');
    byNode('memoq');
  }

  // MeMoQ scores, begin against end, per dimension.
  if (input.memoqScores.length) {
    const index = indexFramework(loadBuiltinFramework('memoq'));
    const dims = [...index.keys()].filter((id) => index.get(id)!.depth === 0);
    const change = memoqChange(input.memoqScores, dims);
    const memoqMetrics: MetricTree = {};
    for (const c of change) {
      const id = `memoq-${c.dimension}-scores`;
      add(memoqBlocks, c.dimension, table(id, {
        title: nl ? 'MeMoQ-scores bij de beginfoto en op het einde' : 'MeMoQ scores at the begin photo and at the end',
        columns: [{ key: 'pairs', label: nl ? 'Locaties' : 'Locations', type: 'number' }, { key: 'begin', label: nl ? 'Gem. begin' : 'Mean begin', type: 'number' }, { key: 'end', label: nl ? 'Gem. einde' : 'Mean end', type: 'number' }, { key: 'change', label: nl ? 'Verandering' : 'Change', type: 'number' }, { key: 'ci', label: nl ? '95 % BI' : '95% CI' }, { key: 'updown', label: nl ? 'Hoger / gelijk / lager' : 'Up / same / down' }, { key: 'p', label: 'p (Wilcoxon, Holm)', type: 'number' }],
        rows: [{ pairs: c.pairs, begin: round(c.meanBegin), end: round(c.meanEnd), change: round(c.meanChange), ci: c.ci ? `[${c.ci[0].toFixed(2)}, ${c.ci[1].toFixed(2)}]` : null, updown: `${c.up} / ${c.same} / ${c.down}`, p: c.pHolm === null ? null : Number(c.pHolm.toPrecision(3)) }],
        notes: [nl ? 'Locaties met een score op beide momenten (1–4); paired t voor het interval, Wilcoxon signed-rank met Holm-correctie over de zes dimensies.' : 'Locations scored at both moments (1–4); paired t for the interval, Wilcoxon signed-rank with Holm adjustment across the six dimensions.'],
      }, nl ? 'locaties met een score bij begin en einde' : 'locations scored at begin and end'));
      memoqMetrics[c.dimension] = { pairs: c.pairs, mean_change: c.meanChange };
    }
    metrics.memoq_scores = memoqMetrics;
    counts.memoq_scores = input.memoqScores.length;
  }
  return { sections, metrics, counts, units, issues: [], leverBlocks, memoqBlocks };
}

/** Likert and choice items: top-box share (or each option) with counts, over all respondents. */
function itemTable(s: SurveyData, items: SurveyItem[], lang: Lang): Table {
  const nl = lang === 'nl';
  const inds = surveyIndicators(s, items).filter((i) => i.measure === 'top-box' || !items.find((it) => it.id === i.item && it.type === 'likert'));
  return {
    title: nl ? `Items uit bevraging ${s.name}` : `Items from survey ${s.name}`,
    columns: [{ key: 'item', label: 'Item' }, { key: 'answer', label: nl ? 'Antwoord' : 'Answer' }, { key: 'count', label: nl ? 'Aantal' : 'Count', type: 'number' }, { key: 'n', label: 'n', type: 'number' }, { key: 'pct', label: '%', type: 'number' }, { key: 'ci', label: nl ? '95 % BI' : '95% CI' }],
    rows: inds.map((i) => ({ item: i.label, answer: answerLabel(i, lang), count: i.share?.count ?? null, n: i.share?.n ?? null, pct: pct(i.share), ci: intervalText(i.share?.ci ?? null, lang) })),
    notes: [nl ? 'n = geldige antwoorden; intervallen: Wilson.' : 'n = valid answers; intervals: Wilson.'],
  };
}

function answerLabel(i: Indicator, lang: Lang): string {
  if (i.measure === 'top-box') return `top ${i.option?.split(' / ').length}: ${i.option}`;
  if (i.measure === 'mean') return lang === 'nl' ? 'gemiddelde' : 'mean';
  return i.option ?? '';
}

function impactSection(r: ImpactResult, staff: SurveyData, crm: CrmData, opts: ReportBuildOptions, table: (id: string, t: Table, unit: string) => ReportBlock): ReportSection {
  const lang = opts.lang;
  const nl = lang === 'nl';
  const below = opts.suppressBelow;
  const a = r.response;
  const blocks: ReportBlock[] = [];
  blocks.push({
    type: 'figures',
    items: [
      { label: nl ? 'Respondenten' : 'Respondents', value: String(a.respondents), note: nl ? `uit ${a.trajectoriesWithRespondent} van ${a.trajectoriesInWindow} trajecten` : `from ${a.trajectoriesWithRespondent} of ${a.trajectoriesInWindow} trajectories` },
      { label: nl ? 'Respons' : 'Response rate', value: shareText(a.responseRate, lang), note: nl ? `van de geregistreerde ontvangers; ${a.trajectoriesUnregistered} trajecten zonder registratie` : `of registered recipients; ${a.trajectoriesUnregistered} trajectories without registration` },
      ...r.headline.filter((i) => i.measure === 'top-box').slice(0, 4).map((i) => ({ label: i.label, value: shareText(i.share!, lang) })),
    ],
  });
  const window = `${r.window.from ?? '…'} – ${r.window.to ?? '…'}`;
  blocks.push({ type: 'text', paragraphs: [nl
    ? `Populatie: de trajecten die eindigden tussen ${window}. Respondenten uit trajecten zonder geregistreerde ontvangers tellen mee in de teller, niet in de noemer; de respons over enkel geregistreerde trajecten staat ernaast. Intervallen: Wilson; voor de kernindicatoren ook een clusterbootstrap over trajecten (${BOOTSTRAP_REPLICATES} replicaties, seed ${opts.seed}).`
    : `Population: the trajectories that ended between ${window}. Respondents from trajectories without registered recipients count in the numerator, not in the denominator; the rate over registered trajectories only is shown beside it. Intervals: Wilson; for the headline indicators also a cluster bootstrap over trajectories (${BOOTSTRAP_REPLICATES} replicates, seed ${opts.seed}).`] });
  const row = (measure: string, count: number, of: number | null, s?: Share): Record<string, Cell> => ({ measure, count, of, pct: s ? pct(s) : null, ci: s ? intervalText(s.ci, lang) : null });
  blocks.push(table('impact-response', {
    title: nl ? 'Respons' : 'Response',
    columns: [{ key: 'measure', label: nl ? 'Maat' : 'Measure' }, { key: 'count', label: nl ? 'Aantal' : 'Count', type: 'number' }, { key: 'of', label: nl ? 'Van' : 'Of', type: 'number' }, { key: 'pct', label: '%', type: 'number' }, { key: 'ci', label: nl ? '95 % BI' : '95% CI' }],
    rows: [
      row(nl ? 'Trajecten afgelopen in het venster' : 'Trajectories ended in the window', a.trajectoriesInWindow, null),
      row(nl ? 'met geregistreerde ontvangers' : 'with registered recipients', a.trajectoriesRegistered, a.trajectoriesInWindow),
      row(nl ? 'zonder registratie van ontvangers' : 'without registration of recipients', a.trajectoriesUnregistered, a.trajectoriesInWindow),
      row(nl ? 'Geregistreerde ontvangers' : 'Registered recipients', a.recipientsRegistered, null),
      row(nl ? 'Respondenten' : 'Respondents', a.respondents, null),
      row(nl ? 'Respons (alle respondenten / geregistreerde ontvangers)' : 'Response (all respondents / registered recipients)', a.respondents, a.recipientsRegistered, a.responseRate),
      row(nl ? 'Respons (enkel trajecten met registratie)' : 'Response (registered trajectories only)', a.respondentsInRegistered, a.recipientsRegistered, a.responseRateRegistered),
      row(nl ? 'Trajecten met minstens één respondent' : 'Trajectories with at least one respondent', a.trajectoriesWithRespondent, a.trajectoriesInWindow, a.trajectoryCoverage),
    ],
    notes: a.uncounted.length ? [nl ? `${a.uncounted.length} respondent(en) niet meegeteld (geen of onbekend traject, of buiten het venster).` : `${a.uncounted.length} respondent(s) not counted (no or unknown trajectory, or outside the window).`] : [],
  }, nl ? 'trajecten en respondenten in het venster' : 'trajectories and respondents in the window'));

  // Headline indicators with Wilson and cluster-bootstrap intervals (overall figures only).
  const join = joinSurveyToCrm(staff, crm, 'trajectory');
  // The respondents impact counted: joined to a trajectory and not listed as uncounted (lines are unique per respondent).
  const uncountedLines = new Set(r.response.uncounted.map((u) => u.line));
  const counted = new Set<number>();
  for (let rr = 0; rr < staff.respondents.length; rr++) if (join.trajectory[rr] >= 0 && !uncountedLines.has(staff.lines[rr])) counted.add(rr);
  const shown = r.headline.filter((i) => i.measure !== 'option' || !isLikert(staff, i.item));
  const boots = bootstrapTexts(staff, shown, join.trajectory, counted, opts.seed, lang);
  const headlineRows = shown.map((i, k) => ({ item: i.label, answer: answerLabel(i, lang), count: i.share?.count ?? null, n: i.share?.n ?? i.mean?.n ?? null, pct: pct(i.share), ci: intervalText(i.share?.ci ?? null, lang), boot: boots[k] }));
  blocks.push(table('impact-headline', {
    title: nl ? 'Kernindicatoren' : 'Headline indicators',
    columns: [{ key: 'item', label: 'Item' }, { key: 'answer', label: nl ? 'Antwoord' : 'Answer' }, { key: 'count', label: nl ? 'Aantal' : 'Count', type: 'number' }, { key: 'n', label: 'n', type: 'number' }, { key: 'pct', label: '%', type: 'number' }, { key: 'ci', label: nl ? '95 % BI (Wilson)' : '95% CI (Wilson)' }, { key: 'boot', label: nl ? '95 % BI (clusterbootstrap)' : '95% CI (cluster bootstrap)' }],
    rows: headlineRows,
    notes: [nl ? 'n = geldige antwoorden van de meegetelde respondenten.' : 'n = valid answers of the counted respondents.'],
  }, nl ? 'meegetelde respondenten; noemer: geldige antwoorden per item' : 'counted respondents; denominator: valid answers per item'));

  // Likert items as diverging stacked bars.
  const likert = headlineItems(staff).filter((i) => i.type === 'likert');
  if (likert.length) {
    const inds = surveyIndicators(staff, likert, [...counted]);
    const data = inds.filter((i) => i.measure === 'option').map((i) => ({ item: i.label, label: i.option!, share: i.share!.p ?? 0, count: i.share!.count }));
    blocks.push(table('impact-likert', {
      title: nl ? 'Antwoordverdeling van de Likert-items' : 'Answers to the Likert items',
      columns: [{ key: 'item', label: 'Item' }, { key: 'label', label: nl ? 'Antwoord' : 'Answer' }, { key: 'count', label: nl ? 'Aantal' : 'Count', type: 'number' }, { key: 'pct', label: '%', type: 'number' }],
      rows: data.map((d) => ({ item: d.item, label: d.label, count: d.count, pct: Math.round(1000 * d.share) / 10 })),
      notes: [],
    }, nl ? 'meegetelde respondenten; noemer: geldige antwoorden per item' : 'counted respondents; denominator: valid answers per item'));
    blocks.push({ type: 'chart', id: 'impact-likert-chart', tableId: 'impact-likert', chart: {
      kind: 'diverging', title: nl ? 'Antwoorden van medewerkers' : 'Staff answers', labels: likert[0].labels,
      alt: nl ? `Gestapelde balken per item: ${likert.map((i) => i.label).join('; ')}; links de oneens-antwoorden, rechts de eens-antwoorden.` : `Stacked bars per item: ${likert.map((i) => i.label).join('; ')}; disagreement to the left, agreement to the right.`,
      data,
    } });
  }

  if (r.type) {
    const ty = r.type;
    blocks.push(table('impact-type', {
      title: nl ? 'Trajecttype zoals gerapporteerd en zoals geregistreerd' : 'Trajectory type as reported and as registered',
      columns: [{ key: 'option', label: nl ? 'Zelf gerapporteerd' : 'Self-reported' }, { key: 'count', label: nl ? 'Aantal' : 'Count', type: 'number' }, { key: 'n', label: 'n', type: 'number' }, { key: 'pct', label: '%', type: 'number' }, ...[1, 2, 3, 4].map((k) => ({ key: `t${k}`, label: `CRM ${k}`, type: 'number' as const })), { key: 't0', label: nl ? 'CRM onbekend' : 'CRM unknown', type: 'number' }],
      rows: ty.selfReported.map((s, k) => {
        const c = ty.table[k].counts;
        const hide = (v: number): Cell => (below > 0 && v > 0 && v < below ? `<${below}` : v);
        return { option: s.option, ...shareCells(s.share, below), t1: hide(c[0]), t2: hide(c[1]), t3: hide(c[2]), t4: hide(c[3]), t0: hide(c[4]) };
      }),
      notes: ty.agreement ? [nl ? `Overeenstemming: ${shareText(ty.agreement.percent, lang)}; Cohens κ = ${ty.agreement.kappa?.toFixed(3) ?? '—'}.` : `Agreement: ${shareText(ty.agreement.percent, lang)}; Cohen's κ = ${ty.agreement.kappa?.toFixed(3) ?? '—'}.`] : [],
    }, nl ? 'meegetelde respondenten' : 'counted respondents'));
  }

  const groups = (id: string, title: string, list: ImpactResult['byType']) => {
    if (!list.length) return;
    const base = list[0].indicators.filter((i) => i.measure === 'top-box' || (i.measure === 'option' && !isLikert(staff, i.item)));
    blocks.push(table(id, {
      title,
      columns: [{ key: 'item', label: 'Item' }, { key: 'answer', label: nl ? 'Antwoord' : 'Answer' }, ...list.map((g, k) => ({ key: `g${k}`, label: `${g.group} (n = ${below > 0 && g.respondents < below ? `<${below}` : g.respondents})`, align: 'right' as const }))],
      rows: base.map((ind) => {
        const row: Record<string, Cell> = { item: ind.label, answer: answerLabel(ind, lang) };
        list.forEach((g, k) => {
          const gi = g.indicators.find((x) => x.item === ind.item && x.measure === ind.measure && x.option === ind.option);
          row[`g${k}`] = !gi?.share ? null : gi.suppressed || Number.isNaN(gi.share.count) ? `<${below}` : shareText(gi.share, lang);
        });
        return row;
      }),
      notes: below > 0 ? [nl ? `Kleine cellen (< ${below}) verborgen.` : `Small cells (< ${below}) hidden.`] : [],
    }, nl ? 'meegetelde respondenten per groep; noemer: geldige antwoorden in de groep' : 'counted respondents per group; denominator: valid answers in the group'));
  };
  groups('impact-by-type', nl ? 'Kernindicatoren per trajecttype (CRM)' : 'Headline indicators by trajectory type (CRM)', r.byType);
  groups('impact-by-employer', nl ? 'Kernindicatoren per werkgever (CRM)' : 'Headline indicators by employer (CRM)', r.byEmployer);

  if (r.coach.length) {
    const rows: Record<string, Cell>[] = [];
    for (const i of r.headline.filter((x) => x.measure === 'top-box')) rows.push({ survey: `${staff.name} (${nl ? 'medewerkers' : 'staff'})`, item: i.label, answer: answerLabel(i, lang), value: shareText(i.share!, lang) });
    for (const c of r.coach) {
      const cs = input_coach(c.indicators, (item) => isLikertIn(c.indicators, item));
      for (const i of cs) rows.push({ survey: `${c.survey} (coach)`, item: i.label, answer: answerLabel(i, lang), value: i.share ? shareText(i.share, lang) : null });
    }
    blocks.push(table('impact-staff-coach', {
      title: nl ? 'Medewerkers en coaches naast elkaar' : 'Staff and coaches side by side',
      columns: [{ key: 'survey', label: nl ? 'Bevraging' : 'Survey' }, { key: 'item', label: 'Item' }, { key: 'answer', label: nl ? 'Antwoord' : 'Answer' }, { key: 'value', label: nl ? 'Aantal/n (%)' : 'Count/n (%)', align: 'right' }],
      rows,
      notes: r.coach.map((c) => (c.rate ? (nl ? `Coachbevraging ${c.survey}: ${shareText(c.rate, lang)} van ${c.invited} uitgenodigden.` : `Coach survey ${c.survey}: ${shareText(c.rate, lang)} of ${c.invited} invited.`) : `${c.survey}: ${c.respondents}`)),
    }, nl ? 'respondenten per bevraging; noemer: geldige antwoorden per item' : 'respondents per survey; denominator: valid answers per item'));
  }

  if (r.nonResponse.length) {
    blocks.push(table('impact-nonresponse', {
      title: nl ? 'Non-respons: trajecten met en zonder respondent' : 'Non-response: trajectories with and without a respondent',
      columns: [{ key: 'characteristic', label: nl ? 'Kenmerk' : 'Characteristic' }, { key: 'responding', label: nl ? 'Met respondent' : 'With respondent' }, { key: 'nonResponding', label: nl ? 'Zonder respondent' : 'Without respondent' }, { key: 'test', label: nl ? 'Toets' : 'Test' }, { key: 'pHolm', label: 'p (Holm)', type: 'number' }],
      rows: r.nonResponse.map((x) => ({ characteristic: x.characteristic, responding: x.responding.summary, nonResponding: x.nonResponding.summary, test: x.test, pHolm: x.pHolm === null ? null : Number(x.pHolm.toPrecision(3)) })),
      notes: [],
    }, nl ? 'trajecten in het venster' : 'trajectories in the window'));
  }
  return { id: 'impact', kind: 'impact', title: nl ? 'Impact van de coaching' : 'Impact of the coaching', blocks, children: [] };
}

/** Coach indicators to show: top-box of Likert items, every option of choice items. */
function input_coach(list: Indicator[], likert: (item: string) => boolean): Indicator[] {
  return list.filter((i) => i.measure === 'top-box' || (i.measure === 'option' && !likert(i.item)));
}
const isLikertIn = (list: Indicator[], item: string) => list.some((i) => i.item === item && i.measure === 'top-box');
const isLikert = (s: SurveyData, item: string) => s.definition.items.some((i) => i.id === item && i.type === 'likert');

/**
 * Cluster-bootstrap intervals of the headline shares, resampling trajectories: one set of draws over
 * the trajectories with a counted respondent serves every share (src/stats/cluster-bootstrap-proportion.ts).
 * Keyed by the indicator's position in `list`; null where an indicator is not a share of a choice item.
 */
function bootstrapTexts(staff: SurveyData, list: Indicator[], trajOf: Int32Array, counted: Set<number>, seed: number, lang: Lang): (string | null)[] {
  const clusters = [...new Set([...counted].map((r) => trajOf[r]))].sort((a, b) => a - b);
  const slot = new Map(clusters.map((t, k) => [t, k]));
  const wanted: { index: number; successes: Float64Array; trials: Float64Array }[] = [];
  list.forEach((ind, index) => {
    const item = staff.definition.items.find((i) => i.id === ind.item);
    const col = staff.columns[ind.item];
    if (!item || !col || (col.type !== 'likert' && col.type !== 'single') || !ind.share || ind.share.n <= 0 || ind.measure === 'mean') return;
    const k = item.labels.length;
    const hit = (code: number) => (ind.measure === 'top-box' ? code > k - Math.min(item.top, k) : item.labels[code - 1] === ind.option);
    const successes = new Float64Array(clusters.length);
    const trials = new Float64Array(clusters.length);
    for (const r of counted) {
      const code = col.codes[r];
      if (code === 0) continue;
      const g = slot.get(trajOf[r])!;
      trials[g]++;
      if (hit(code)) successes[g]++;
    }
    wanted.push({ index, successes, trials });
  });
  const out: (string | null)[] = list.map(() => null);
  if (!wanted.length || !clusters.length) return out;
  const results = clusterBootstrapProportions(wanted, { replicates: BOOTSTRAP_REPLICATES, seed });
  wanted.forEach((w, k) => { out[w.index] = intervalText([results[k].ci.lower, results[k].ci.upper], lang); });
  return out;
}

function registrationSection(crm: CrmData, opts: ReportBuildOptions, table: (id: string, t: Table, unit: string) => ReportBlock, metrics: MetricTree): ReportSection {
  const lang = opts.lang;
  const nl = lang === 'nl';
  const below = opts.suppressBelow;
  const norms = normsOf(crm);
  const ind = crmIndicators(crm.trajectories, { norms });
  const audit = crmAudit(crm);
  const blocks: ReportBlock[] = [];
  blocks.push({ type: 'figures', items: [
    { label: nl ? 'Trajecten' : 'Trajectories', value: String(ind.trajectories) },
    { label: nl ? `Uren binnen ${norms.hours} ± ${Math.round(norms.tolerance * 100)} %` : `Hours within ${norms.hours} ± ${Math.round(norms.tolerance * 100)}%`, value: shareText(ind.hours.within, lang) },
    { label: nl ? 'Pitstop gedaan' : 'Pitstop done', value: shareText(ind.completion.pitstop.share, lang) },
    { label: nl ? 'Eindevaluatie gedaan' : 'Final evaluation done', value: shareText(ind.completion.finalEvaluation.share, lang) },
  ] });
  const countRows: Record<string, Cell>[] = [];
  for (const [dim, rows] of Object.entries(ind.counts)) for (const c of rows) countRows.push({ dimension: dim, value: c.value ?? (nl ? '(leeg)' : '(empty)'), ...shareCells(c.share, below) });
  blocks.push(table('crm-counts', {
    title: nl ? 'Trajecten per type, werkgever, opvangtype en status' : 'Trajectories by type, employer, location type and status',
    columns: [{ key: 'dimension', label: nl ? 'Indeling' : 'Breakdown' }, { key: 'value', label: nl ? 'Waarde' : 'Value' }, { key: 'count', label: 'n', type: 'number' }, { key: 'n', label: nl ? 'Van' : 'Of', type: 'number' }, { key: 'pct', label: '%', type: 'number' }],
    rows: countRows,
    notes: below > 0 ? [nl ? `Kleine cellen (< ${below}) verborgen.` : `Small cells (< ${below}) hidden.`] : [],
  }, nl ? 'trajecten; noemer: alle trajecten' : 'trajectories; denominator: all trajectories'));
  const norm = (id: string, label: string, values: number[], c: typeof ind.hours) => {
    blocks.push(table(id, {
      title: label,
      columns: [{ key: 'norm', label: 'Norm', type: 'number' }, { key: 'band', label: nl ? 'Band' : 'Band' }, { key: 'n', label: 'n', type: 'number' }, { key: 'mean', label: nl ? 'Gem.' : 'Mean', type: 'number' }, { key: 'median', label: nl ? 'Mediaan' : 'Median', type: 'number' }, { key: 'q1', label: 'Q1', type: 'number' }, { key: 'q3', label: 'Q3', type: 'number' }, { key: 'within', label: nl ? 'Binnen band' : 'Within band' }],
      rows: [{ norm: c.norm, band: `${round(c.band[0], 1)}–${round(c.band[1], 1)}`, n: c.distribution.n, mean: round(c.distribution.mean), median: round(c.distribution.median), q1: round(c.distribution.q1), q3: round(c.distribution.q3), within: shareText(c.within, lang) }],
      notes: [],
    }, nl ? `trajecten in de basis (${ind.base === 'afgerond' ? 'afgerond' : 'alle'}) met een gekende waarde` : `trajectories in the base (${ind.base === 'afgerond' ? 'completed' : 'all'}) with a known value`));
    blocks.push({ type: 'chart', id: `${id}-chart`, tableId: id, chart: {
      kind: 'histogram', title: label, x: label, values: values.filter(Number.isFinite), norm: c.norm, band: c.band,
      alt: nl ? `Verdeling van ${label.toLowerCase()} over ${c.distribution.n} trajecten; norm ${c.norm}, ${shareText(c.within, lang)} binnen de band.` : `Distribution of ${label.toLowerCase()} over ${c.distribution.n} trajectories; norm ${c.norm}, ${shareText(c.within, lang)} within the band.`,
    } });
  };
  const base = crm.trajectories.filter((t) => ind.base === 'all' || t.status === 'afgerond');
  norm('crm-hours', nl ? 'Coachingsuren per traject' : 'Coaching hours per trajectory', base.map((t) => t.hours), ind.hours);
  norm('crm-contacts', nl ? 'Contactmomenten per traject' : 'Contact moments per trajectory', base.map((t) => t.contactCount), ind.contacts);

  blocks.push(table('crm-completeness', {
    title: nl ? 'Volledigheid van de registratie per veld' : 'Registration completeness per field',
    columns: [{ key: 'field', label: nl ? 'Veld' : 'Field' }, { key: 'required', label: nl ? 'Verplicht' : 'Required' }, { key: 'count', label: nl ? 'Ingevuld' : 'Filled in', type: 'number' }, { key: 'n', label: nl ? 'Van' : 'Of', type: 'number' }, { key: 'pct', label: '%', type: 'number' }],
    rows: audit.completeness.map((f) => ({ field: f.field, required: f.required ? (nl ? 'ja' : 'yes') : (nl ? 'nee' : 'no'), count: f.share.count, n: f.share.n, pct: pct(f.share) })),
    notes: [],
  }, nl ? 'trajecten (contactvelden: contactmomenten) waarop het veld van toepassing is' : 'trajectories (contact fields: contact moments) the field applies to'));
  blocks.push(table('crm-employer-scores', {
    title: nl ? 'Registratiescore per werkgever' : 'Registration score per employer',
    columns: [{ key: 'employer', label: nl ? 'Werkgever' : 'Employer' }, { key: 'trajectories', label: nl ? 'Trajecten' : 'Trajectories', type: 'number' }, { key: 'completeness', label: nl ? 'Volledigheid %' : 'Completeness %', type: 'number' }, { key: 'impossible', label: nl ? 'Met onmogelijke waarde' : 'With an impossible value' }, { key: 'score', label: 'Score (0–100)', type: 'number' }],
    rows: audit.scores.map((s) => ({ employer: s.employer ?? (nl ? '(leeg)' : '(empty)'), trajectories: below > 0 && s.trajectories < below ? `<${below}` : s.trajectories, completeness: s.completeness === null ? null : Math.round(1000 * s.completeness) / 10, impossible: shareText(s.impossible, lang), score: s.score })),
    notes: [nl ? 'Score = 100 × gemiddelde volledigheid van de verplichte velden × (1 − aandeel trajecten met een onmogelijke waarde).' : 'Score = 100 × mean completeness of the required fields × (1 − share of trajectories with an impossible value).'],
  }, nl ? 'trajecten per werkgever' : 'trajectories per employer'));
  blocks.push({ type: 'chart', id: 'crm-employer-scores-chart', tableId: 'crm-employer-scores', chart: {
    kind: 'bar', title: nl ? 'Registratiescore per werkgever' : 'Registration score per employer', x: 'Score', y: nl ? 'Werkgever' : 'Employer',
    alt: nl ? `Registratiescore (0–100) van ${audit.scores.length} werkgevers.` : `Registration score (0–100) of ${audit.scores.length} employers.`,
    data: audit.scores.map((s) => ({ label: s.employer ?? '(leeg)', value: s.score ?? 0 })),
  } });
  const kinds = Object.entries(audit.findingCounts).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b));
  blocks.push(table('crm-findings', {
    title: nl ? 'Bevindingen van de registratie-audit' : 'Registration audit findings',
    columns: [{ key: 'kind', label: nl ? 'Soort' : 'Kind' }, { key: 'count', label: nl ? 'Aantal' : 'Count', type: 'number' }],
    rows: kinds.map(([kind, n]) => ({ kind, count: n })),
    notes: [nl ? '`hefboom crm audit` geeft de lijst met regelnummers en traject-id’s.' : '`hefboom crm audit` lists them with line numbers and trajectory ids.'],
  }, nl ? 'bevindingen' : 'findings'));

  const completeness: MetricTree = {};
  for (const f of audit.completeness) completeness[f.field] = f.share.p;
  const findings: MetricTree = {};
  for (const [k, n] of Object.entries(audit.findingCounts)) findings[k.replace(/-/g, '_')] = n;
  const scores = audit.scores.map((s) => s.score).filter((s): s is number => s !== null);
  metrics.crm = {
    trajectories: ind.trajectories,
    completeness,
    findings,
    error_findings: audit.check.errorFindings,
    score: { min: scores.length ? Math.min(...scores) : null, mean: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null },
    hours_within_norm: ind.hours.within.p,
    contacts_within_norm: ind.contacts.within.p,
    pitstop: ind.completion.pitstop.share.p,
    final_evaluation: ind.completion.finalEvaluation.share.p,
  };
  return { id: 'audit', kind: 'audit', title: nl ? 'Registratie in het CRM' : 'Registration in the CRM', blocks, children: [] };
}
