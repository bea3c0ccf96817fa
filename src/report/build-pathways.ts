/**
 * The learner-pathway and stage-evaluation parts of the report: a section per learner register
 * (funnel with losses, exits, stop reasons, time to dropout, qualification within the term) and a
 * section per stage export (ratings per indicator and moment, change between the first and the last
 * moment, templates per occupational profile). Stop reasons mapped to a lever also appear in that
 * lever's section. Pure: data in, report parts out; the same analyses as `hefboom pathways` and
 * `hefboom stage`.
 */
import { OUTCOME_LABELS, type PathwayRegister } from '../model/pathways.js';
import type { StageData } from '../model/stage.js';
import { groupPersons } from '../analysis/pathways-groups.js';
import { pathwaysFunnel } from '../analysis/pathways-funnel.js';
import { pathwaysReasons } from '../analysis/pathways-reasons.js';
import { pathwaysSurvival } from '../analysis/pathways-survival.js';
import { describeStage, stageChange, templateInventory } from '../analysis/stage.js';
import { intervalText, shareText, type Share } from '../analysis/share.js';
import type { Cell, Table } from './table.js';
import type { MetricTree, ReportBlock, ReportSection } from './model.js';
import type { ReportBuildOptions } from './build-qualitative.js';

type Lang = 'nl' | 'en';

export interface PathwaysInput {
  registers: PathwayRegister[];
  stages: StageData[];
}

export interface PathwaysPart {
  sections: ReportSection[];
  metrics: MetricTree;
  units: Record<string, string>;
  counts: Record<string, number>;
  /** Blocks for the lever sections (stop reasons mapped there), keyed by lever id. */
  leverBlocks: Record<string, ReportBlock[]>;
}

const pct = (s: Share | null | undefined): Cell => (s && s.p !== null ? Math.round(1000 * s.p) / 10 : null);
const round = (x: number | null | undefined, d = 1): Cell => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(d)));
/** A count in a breakdown, withheld below the suppression threshold. */
const small = (n: number, below: number): Cell => (below > 0 && n > 0 && n < below ? `<${below}` : n);
/** File- and id-safe form of a register or stage name. */
const slug = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'x';

export function buildPathways(input: PathwaysInput, opts: ReportBuildOptions): PathwaysPart {
  const part: PathwaysPart = { sections: [], metrics: {}, units: {}, counts: {}, leverBlocks: {} };
  const table = (id: string, t: Table, unit: string): ReportBlock => { part.units[id] = unit; return { type: 'table', id, table: t }; };
  const pathways: MetricTree = {};
  for (const reg of input.registers) {
    const { section, metrics } = registerSection(reg, opts, table, part.leverBlocks, input.registers.length > 1);
    part.sections.push(section);
    pathways[slug(reg.name)] = metrics;
    part.counts[`persons_${reg.name}`] = reg.persons;
  }
  if (input.registers.length) part.metrics.pathways = pathways;
  const stage: MetricTree = {};
  for (const data of input.stages) {
    const { section, metrics } = stageSection(data, opts, table, input.stages.length > 1);
    part.sections.push(section);
    stage[slug(data.name)] = metrics;
    part.counts[`evaluations_${data.name}`] = data.trainee.length;
  }
  if (input.stages.length) part.metrics.stage = stage;
  return part;
}

type TableFn = (id: string, t: Table, unit: string) => ReportBlock;

function registerSection(reg: PathwayRegister, opts: ReportBuildOptions, table: TableFn, leverBlocks: Record<string, ReportBlock[]>, several: boolean): { section: ReportSection; metrics: MetricTree } {
  const lang: Lang = opts.lang;
  const nl = lang === 'nl';
  const below = opts.suppressBelow;
  const id = several ? `pathways-${slug(reg.name)}` : 'pathways';
  const all = groupPersons(reg, undefined, nl ? 'alle' : 'all');
  const funnel = pathwaysFunnel(reg, all).groups[0];
  const phaseLabel = (p: string) => reg.phases.find((x) => x.id === p)?.label[lang] ?? p;
  const blocks: ReportBlock[] = [];
  const start = funnel.steps.find((s) => reg.startPhase >= 0 && s.phase === reg.phases[reg.startPhase].id);
  const qualified = funnel.steps.find((s) => reg.qualificationPhase >= 0 && s.phase === reg.phases[reg.qualificationPhase].id);
  blocks.push({ type: 'figures', items: [
    { label: nl ? 'Personen in het register' : 'People in the register', value: String(reg.persons) },
    ...(start ? [{ label: nl ? 'Gestart met de opleiding' : 'Started training', value: shareText(start.ofBase, lang) }] : []),
    ...(qualified && start ? [{ label: nl ? 'Gekwalificeerd, van de starters' : 'Qualified, of the starters', value: shareText({ count: qualified.reached, n: start.reached }, lang) }] : []),
  ] });

  // Funnel, per partnership too.
  const byPartnership = reg.partnership.values.length > 1 ? pathwaysFunnel(reg, groupPersons(reg, 'partnership')).groups : [];
  const funnelId = `${id}-funnel`;
  blocks.push(table(funnelId, {
    title: nl ? 'Trechter: wie bereikt welke fase' : 'Funnel: who reaches which phase',
    columns: [
      { key: 'phase', label: nl ? 'Fase' : 'Phase' }, { key: 'reached', label: nl ? 'Bereikt' : 'Reached', type: 'number' },
      { key: 'pct', label: nl ? '% van het register' : '% of the register', type: 'number' },
      { key: 'step', label: nl ? '% van de vorige fase' : '% of the previous phase', type: 'number' }, { key: 'ci', label: nl ? '95 %-BI' : '95% CI' },
      { key: 'left', label: nl ? 'Uitgestapt' : 'Left', type: 'number' }, { key: 'progress', label: nl ? 'Nog bezig' : 'In progress', type: 'number' },
      ...byPartnership.map((g, k) => ({ key: `p${k}`, label: g.group, type: 'number' as const })),
    ],
    rows: funnel.steps.map((s, i) => ({
      phase: phaseLabel(s.phase), reached: s.reached, pct: pct(s.ofBase), step: pct(s.fromPrevious), ci: s.fromPrevious ? intervalText(s.fromPrevious.ci, lang) : '',
      left: small(s.left, below), progress: small(s.inProgress, below),
      ...Object.fromEntries(byPartnership.map((g, k) => [`p${k}`, small(g.steps[i].reached, below)])),
    })),
    notes: [nl
      ? 'Een fase is bereikt met een datum ervoor of voor een latere verplichte fase. Optionele fasen (inleefstage, voortraject, nazorg) zijn geen stap van de trechter.'
      : 'A phase is reached with a date for it or for a later required phase. Optional phases (trial placement, pre-trajectory, aftercare) are not steps of the funnel.'],
  }, nl ? 'personen; noemer: het hele register, en per stap wie de vorige fase bereikte' : 'people; denominator: the whole register, and per step those who reached the previous phase'));
  blocks.push({ type: 'chart', id: `${funnelId}-chart`, tableId: funnelId, chart: {
    kind: 'bar', title: nl ? 'Personen per bereikte fase' : 'People per phase reached', x: nl ? 'Personen' : 'People', y: nl ? 'Fase' : 'Phase',
    data: funnel.steps.map((s) => ({ label: phaseLabel(s.phase), value: s.reached })),
    alt: nl
      ? `Trechter van ${reg.persons} personen: ${funnel.steps.map((s) => `${phaseLabel(s.phase).toLowerCase()} ${s.reached}`).join(', ')}.`
      : `Funnel of ${reg.persons} people: ${funnel.steps.map((s) => `${phaseLabel(s.phase).toLowerCase()} ${s.reached}`).join(', ')}.`,
  } });

  // Exits.
  const e = funnel.exitSplit;
  const exitsId = `${id}-exits`;
  blocks.push(table(exitsId, {
    title: nl ? 'Uitstappen' : 'Exits',
    columns: [{ key: 'split', label: nl ? 'Indeling' : 'Split' }, { key: 'value', label: nl ? 'Waarde' : 'Value' }, { key: 'n', label: 'n', type: 'number' }],
    rows: [
      { split: nl ? 'moment' : 'when', value: nl ? 'vóór de start van de opleiding' : 'before training started', n: small(e.stage.beforeStart, below) },
      { split: nl ? 'moment' : 'when', value: nl ? 'tijdens de opleiding' : 'during training', n: small(e.stage.during, below) },
      { split: nl ? 'initiatief' : 'initiative', value: nl ? 'eigen keuze' : 'own choice', n: small(e.initiative.own, below) },
      { split: nl ? 'initiatief' : 'initiative', value: nl ? 'geadviseerd' : 'advised', n: small(e.initiative.advised, below) },
      { split: nl ? 'soort' : 'type', value: nl ? 'tijdelijke pauze' : 'temporary pause', n: small(e.kind.pause, below) },
      { split: nl ? 'soort' : 'type', value: nl ? 'definitieve stop' : 'definitive stop', n: small(e.kind.definitive, below) },
    ],
    notes: [],
  }, nl ? `personen met een geregistreerde uitstap (${funnel.exits})` : `people with a registered exit (${funnel.exits})`));

  // Outcomes of the qualified.
  const o = funnel.outcomes;
  if (o.known > 0) {
    blocks.push(table(`${id}-outcomes`, {
      title: nl ? 'Uitstroom na kwalificatie' : 'Outcome after qualification',
      columns: [{ key: 'outcome', label: nl ? 'Uitstroom' : 'Outcome' }, { key: 'n', label: 'n', type: 'number' }, { key: 'pct', label: '%', type: 'number' }, { key: 'ci', label: nl ? '95 %-BI' : '95% CI' }],
      rows: o.outcomes.map((x) => ({ outcome: OUTCOME_LABELS[x.outcome][lang], n: small(x.share.count, below), pct: below > 0 && x.share.count > 0 && x.share.count < below ? null : pct(x.share), ci: intervalText(x.share.ci, lang) })),
      notes: [nl ? `${o.unknown} gekwalificeerden zonder geregistreerde uitstroom.` : `${o.unknown} qualified people without a registered outcome.`],
    }, nl ? `gekwalificeerde personen met een geregistreerde uitstroom (${o.known})` : `qualified people with a registered outcome (${o.known})`));
  }

  // Reasons, and per lever the reasons mapped there.
  const reasons = pathwaysReasons(reg, all).groups[0];
  const label = (r: string) => reg.reasons.find((x) => x.id === r)?.label[lang] ?? r;
  if (reasons.rows.length) {
    const reasonsId = `${id}-reasons`;
    blocks.push(table(reasonsId, {
      title: nl ? 'Redenen van uitstap' : 'Reasons for leaving',
      columns: [
        { key: 'reason', label: nl ? 'Reden' : 'Reason' }, { key: 'levers', label: nl ? 'Hefbomen' : 'Levers' },
        { key: 'persons', label: nl ? 'Personen' : 'People', type: 'number' }, { key: 'pct', label: '%', type: 'number' },
        { key: 'before', label: nl ? 'Vóór start' : 'Before start', type: 'number' }, { key: 'during', label: nl ? 'Tijdens' : 'During', type: 'number' },
      ],
      rows: reasons.rows.map((r) => ({ reason: label(r.reason), levers: r.levers.join(' '), persons: small(r.persons, below), pct: below > 0 && r.persons < below ? null : pct(r.share), before: small(r.beforeStart, below), during: small(r.during, below) })),
      notes: [nl
        ? `Meerdere redenen per persoon (${reasons.mentions} vermeldingen), dus de percentages tellen op tot meer dan 100. ${reasons.withoutReason} uitstappers gaven geen reden.`
        : `Several reasons per person (${reasons.mentions} mentions), so percentages add up to more than 100. ${reasons.withoutReason} people who left gave no reason.`],
    }, nl ? `personen; noemer: de ${reasons.withReason} uitstappers met minstens één reden` : `people; denominator: the ${reasons.withReason} people who left with at least one reason`));
    blocks.push({ type: 'chart', id: `${reasonsId}-chart`, tableId: reasonsId, chart: {
      kind: 'bar', percent: true, title: nl ? 'Redenen van uitstap' : 'Reasons for leaving', x: nl ? '% van de uitstappers met een reden' : '% of those leaving with a reason', y: nl ? 'Reden' : 'Reason',
      data: reasons.rows.filter((r) => !(below > 0 && r.persons < below)).map((r) => ({ label: label(r.reason), value: (r.share.p ?? 0) * 100 })),
      alt: nl ? `Meest genoemde reden: ${label(reasons.rows[0].reason)} (${shareText(reasons.rows[0].share, lang)}).` : `Most given reason: ${label(reasons.rows[0].reason)} (${shareText(reasons.rows[0].share, lang)}).`,
    } });
    const perLever = new Map<string, typeof reasons.rows>();
    for (const r of reasons.rows) for (const l of r.levers) perLever.set(l, [...(perLever.get(l) ?? []), r]);
    for (const [lever, rows] of perLever) {
      const tid = `${id}-reasons-${lever}`;
      (leverBlocks[lever] ??= []).push(table(tid, {
        title: nl ? `Redenen van uitstap die naar ${lever} wijzen (${reg.name})` : `Reasons for leaving that point to ${lever} (${reg.name})`,
        columns: [{ key: 'reason', label: nl ? 'Reden' : 'Reason' }, { key: 'persons', label: nl ? 'Personen' : 'People', type: 'number' }, { key: 'pct', label: '%', type: 'number' }],
        rows: rows.map((r) => ({ reason: label(r.reason), persons: small(r.persons, below), pct: below > 0 && r.persons < below ? null : pct(r.share) })),
        notes: [],
      }, nl ? `personen; noemer: de ${reasons.withReason} uitstappers met een reden` : `people; denominator: the ${reasons.withReason} people who left with a reason`));
    }
  }

  // Time to dropout and qualification within the term.
  const survival = pathwaysSurvival(reg, all).groups[0];
  const variant = Object.keys(reg.attributes).find((k) => /variant|traject/i.test(k));
  const byVariant = variant ? pathwaysSurvival(reg, groupPersons(reg, variant)) : undefined;
  if (survival.n > 0) {
    const survivalId = `${id}-survival`;
    const groups = [{ group: nl ? 'alle starters' : 'all starters', g: survival }, ...(byVariant?.groups ?? []).map((g) => ({ group: g.group, g }))];
    blocks.push(table(survivalId, {
      title: nl ? 'Uitval en kwalificatie na de start' : 'Dropout and qualification after the start',
      columns: [
        { key: 'group', label: variant ?? (nl ? 'Groep' : 'Group') }, { key: 'n', label: nl ? 'Starters' : 'Starters', type: 'number' },
        { key: 'events', label: nl ? 'Uitval' : 'Dropouts', type: 'number' },
        { key: 'd12', label: nl ? 'Uitval na 12 mnd (%)' : 'Dropped by 12 mo (%)', type: 'number' }, { key: 'd18', label: nl ? 'Uitval na 18 mnd (%)' : 'Dropped by 18 mo (%)', type: 'number' },
        { key: 'q18', label: nl ? 'Gekwalificeerd binnen 18 mnd' : 'Qualified within 18 mo' }, { key: 'q24', label: nl ? 'Gekwalificeerd binnen 24 mnd' : 'Qualified within 24 mo' },
      ],
      rows: groups.map(({ group, g }) => ({
        group, n: small(g.n, below), events: small(g.events, below), d12: g.dropoutBy12 === null ? null : round(g.dropoutBy12 * 100), d18: g.dropoutBy18 === null ? null : round(g.dropoutBy18 * 100),
        q18: shareText(g.within3Semesters, lang), q24: shareText(g.within2Years, lang),
      })),
      notes: [
        nl ? 'Kaplan–Meier: uitval is een definitieve uitstap na de start; gecensureerd bij kwalificatie, pauze of het einde van de gegevens. Kwalificatie binnen de termijn: over de starters van wie de hele termijn vóór het einde van de gegevens ligt.'
          : 'Kaplan–Meier: dropout is a definitive exit after the start; censored at qualification, a pause or the end of the data. Qualification within the term: over the starters whose whole term lies before the end of the data.',
        ...(byVariant?.logRank ? [nl ? `Log-rank-toets tussen de groepen: χ² = ${byVariant.logRank.chiSquare.toFixed(2)}, df = ${byVariant.logRank.df}, p = ${byVariant.logRank.p.toFixed(4)} (beschrijvend, niet causaal).` : `Log-rank test between the groups: χ² = ${byVariant.logRank.chiSquare.toFixed(2)}, df = ${byVariant.logRank.df}, p = ${byVariant.logRank.p.toFixed(4)} (descriptive, not causal).`] : []),
      ],
    }, nl ? 'starters van de opleiding' : 'people who started training'));
    blocks.push({ type: 'chart', id: `${survivalId}-chart`, tableId: survivalId, chart: {
      kind: 'bar', percent: true, title: nl ? 'Uitval binnen 12 maanden na de start' : 'Dropout within 12 months of the start', x: nl ? '% uitgevallen (Kaplan–Meier)' : '% dropped out (Kaplan–Meier)', y: variant ?? (nl ? 'Groep' : 'Group'),
      data: groups.filter(({ g }) => g.dropoutBy12 !== null).map(({ group, g }) => ({ label: group, value: (g.dropoutBy12 ?? 0) * 100 })),
      alt: nl ? `Geschatte uitval binnen 12 maanden: ${groups.map(({ group, g }) => `${group} ${g.dropoutBy12 === null ? '—' : `${round(g.dropoutBy12 * 100)} %`}`).join(', ')}.`
        : `Estimated dropout within 12 months: ${groups.map(({ group, g }) => `${group} ${g.dropoutBy12 === null ? '—' : `${round(g.dropoutBy12 * 100)}%`}`).join(', ')}.`,
    } });
  }
  const metrics: MetricTree = {
    persons: reg.persons,
    started: start?.reached ?? null,
    started_share: start?.ofBase.p ?? null,
    qualified: qualified?.reached ?? null,
    qualified_share_of_started: start && qualified && start.reached ? qualified.reached / start.reached : null,
    exits: funnel.exits,
    exits_without_reason: reasons.withoutReason,
    dropout_12_months: survival.dropoutBy12,
    qualified_within_18_months: survival.within3Semesters.p,
    qualified_within_24_months: survival.within2Years.p,
  };
  return { section: { id, kind: 'pathways', title: nl ? `Leertrajecten: ${reg.name}` : `Learner pathways: ${reg.name}`, blocks, children: [] }, metrics };
}

function stageSection(data: StageData, opts: ReportBuildOptions, table: TableFn, several: boolean): { section: ReportSection; metrics: MetricTree } {
  const nl = opts.lang === 'nl';
  const below = opts.suppressBelow;
  const id = several ? `stage-${slug(data.name)}` : 'stage';
  const d = describeStage(data);
  const labels = data.definition.scale.labels;
  const moments = data.definition.moments.map((m) => m.id);
  const blocks: ReportBlock[] = [];
  blocks.push({ type: 'figures', items: [
    { label: nl ? 'Stagiairs' : 'Trainees', value: String(data.trainees.length) },
    { label: nl ? 'Evaluaties' : 'Evaluations', value: String(data.trainee.length) },
    { label: nl ? 'Indicatoren' : 'Indicators', value: String(data.indicators.length) },
  ] });
  const ratingsId = `${id}-ratings`;
  blocks.push(table(ratingsId, {
    title: nl ? 'Beoordelingen per indicator en moment' : 'Ratings per indicator and moment',
    columns: [
      { key: 'indicator', label: 'Indicator' }, { key: 'moment', label: 'Moment' }, { key: 'n', label: 'n', type: 'number' },
      ...labels.map((l, k) => ({ key: `c${k}`, label: l, type: 'number' as const })),
      { key: 'sufficient', label: nl ? `≥ ${labels[d.sufficient - 1]}` : `≥ ${labels[d.sufficient - 1]}` }, { key: 'ci', label: nl ? '95 %-BI' : '95% CI' },
    ],
    rows: d.indicators.map((x) => ({
      indicator: x.label, moment: x.moment, n: x.n,
      ...Object.fromEntries(x.counts.map((c, k) => [`c${k}`, small(c, below)])),
      sufficient: shareText(x.sufficient, opts.lang), ci: intervalText(x.sufficient.ci, opts.lang),
    })),
    notes: [],
  }, nl ? 'stagiairs per moment met een beoordeling' : 'trainees per moment with a rating'));
  blocks.push({ type: 'chart', id: `${ratingsId}-chart`, tableId: ratingsId, chart: {
    kind: 'bar', percent: true, title: nl ? `Aandeel ${labels[d.sufficient - 1]} of beter` : `Share ${labels[d.sufficient - 1]} or better`, x: '%', y: 'Indicator',
    data: d.indicators.filter((x) => x.sufficient.p !== null).map((x) => ({ label: x.label, value: (x.sufficient.p ?? 0) * 100, group: x.moment })),
    alt: nl ? `Aandeel stagiairs op ${labels[d.sufficient - 1]} of beter per indicator, per moment (${moments.join(', ')}).` : `Share of trainees at ${labels[d.sufficient - 1]} or better per indicator, per moment (${moments.join(', ')}).`,
  } });
  let improvedShare: number | null = null;
  if (moments.length >= 2) {
    const change = stageChange(data, 0, moments.length - 1);
    const changeId = `${id}-change`;
    blocks.push(table(changeId, {
      title: nl ? `Verandering van ${change.from} naar ${change.to}` : `Change from ${change.from} to ${change.to}`,
      columns: [
        { key: 'what', label: nl ? 'Indicator of cluster' : 'Indicator or cluster' }, { key: 'pairs', label: nl ? 'Paren' : 'Pairs', type: 'number' },
        { key: 'improved', label: nl ? 'Beter' : 'Improved', type: 'number' }, { key: 'same', label: nl ? 'Gelijk' : 'Same', type: 'number' }, { key: 'worse', label: nl ? 'Slechter' : 'Worse', type: 'number' },
        { key: 'p', label: nl ? 'p (Wilcoxon)' : 'p (Wilcoxon)', type: 'number' }, { key: 'pHolm', label: 'p (Holm)', type: 'number' },
      ],
      rows: [...change.indicators, ...change.clusters].map((c) => ({
        what: c.label, pairs: c.pairs, improved: small(c.improved, below), same: small(c.same, below), worse: small(c.worse, below),
        p: c.test ? round(c.test.p, 4) : null, pHolm: round(c.pHolm, 4),
      })),
      notes: [nl ? 'Gepaarde Wilcoxon-rangtekentoets over de stagiairs met een beoordeling op beide momenten; Holm-correctie over de indicatoren.' : 'Paired Wilcoxon signed-rank test over the trainees rated at both moments; Holm correction across the indicators.'],
    }, nl ? 'stagiairs met een beoordeling op beide momenten' : 'trainees rated at both moments'));
    const pairs = change.indicators.reduce((s, c) => s + c.pairs, 0);
    improvedShare = pairs ? change.indicators.reduce((s, c) => s + c.improved, 0) / pairs : null;
  }
  let templates: number | null = null;
  if (data.attributes.template) {
    const inv = templateInventory(data, undefined);
      templates = inv.reduce((s, g) => s + g.templates, 0);
      blocks.push(table(`${id}-templates`, {
        title: nl ? 'Sjablonen in gebruik' : 'Templates in use',
        columns: [
          { key: 'group', label: nl ? 'Beroepsprofiel' : 'Occupational profile' }, { key: 'templates', label: nl ? 'Sjablonen' : 'Templates', type: 'number' },
          { key: 'schools', label: nl ? 'Scholen' : 'Schools', type: 'number' }, { key: 'per', label: nl ? 'Sjablonen per school' : 'Templates per school', type: 'number' },
        ],
        rows: inv.map((g) => ({ group: g.group ?? '—', templates: g.templates, schools: g.schools, per: round(g.templatesPerSchool, 2) })),
        notes: [nl ? 'Eén sjabloon per school betekent dat elke school een eigen formulier gebruikt: de planlast die Uniform wil wegnemen.' : 'One template per school means every school uses its own form: the burden the Uniform network wants to remove.'],
      }, nl ? 'evaluaties' : 'evaluations'));
  }
  const metrics: MetricTree = { trainees: data.trainees.length, evaluations: data.trainee.length, improved_share: improvedShare, templates };
  return { section: { id, kind: 'stage', title: nl ? `Stage-evaluaties: ${data.name}` : `Stage evaluations: ${data.name}`, blocks, children: [] }, metrics };
}
