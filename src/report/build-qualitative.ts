/**
 * The qualitative half of `hefboom report`: overview, the seven lever sections, the six MeMoQ
 * sections, perspectives (levers × roles), agreement between coders, and the quotes behind Explore.
 *
 * Reading: one pass over the corpus (scan task `report`, on worker threads for large projects) gives
 * every count, the code co-occurrences and a few exemplar candidates per document. Two small extra
 * passes read only what they need: the first documents of the Explore list (up to its limit), and —
 * only when documents are double-coded — the coders' versions of those documents for agreement.
 */
import type { SourceFile, Workspace } from '../io/workspace.js';
import type { Document, Framework, FrameworkNode, InputIssue } from '../model/types.js';
import type { Cell, Column, Table } from './table.js';
import type { ChartSpec, MetricTree, ReportBlock, ReportExplore, ReportQuote, ReportSection } from './model.js';
import { scanTask } from '../cli/scan-parallel.js';
import { scanCorpus, type ScanResult } from '../io/corpus.js';
import { loadBuiltinFramework } from '../model/framework.js';
import { MISSING, compareValues } from '../analysis/attributes.js';
import { pickBest, provenance, type QuoteCandidate } from '../analysis/quotes.js';
import { finishCooccur, type CooccurPair } from '../analysis/cooccur.js';
import { candidateOf, emptyReportTotals, groupKey, groupSelection, mergeReport, REPORT_COOCCUR, type ReportPartial, type ReportTotals } from '../analysis/report-scan.js';
import { summariseVersion, type VersionSummary } from '../analysis/agreement-units.js';
import { AgreementInputError, computeAgreement, type AgreementResult, type SharedDocument } from '../analysis/agreement.js';

export interface ReportBuildOptions {
  lang: 'nl' | 'en';
  /** Small-cell suppression (DESIGN.md §9) for breakdowns. */
  suppressBelow: number;
  /** Exemplar quotes per lever / dimension (default 3). */
  exemplars: number;
  /** Most excerpts listed in Explore (the exemplars always are). */
  exploreLimit: number;
  /** Seed of any resampling (bootstrap), so reports rebuild identically. */
  seed: number;
  /** Called with progress (done, total) on long scans. */
  onProgress?: (done: number, total?: number) => void;
  /** The main thread reads and analyses surveys and CRM while the corpus is scanned. */
  mainBusy?: boolean;
}

/** What one builder contributes; the report command merges the parts. */
export interface ReportPart {
  sections: ReportSection[];
  metrics: MetricTree;
  /** Units read and skipped, for provenance. */
  counts: Record<string, number>;
  /** Unit and denominator by table id. */
  units: Record<string, string>;
  issues: InputIssue[];
}

/** Roles with fewer excerpts than this on a lever or dimension are thin voices (read with care). */
export const THIN_VOICE = 3;
/** Co-occurring code pairs listed per lever / dimension. */
const TOP_PAIRS = 5;

type Lang = 'nl' | 'en';
type Scan = ScanResult<ReportPartial>;

interface Ctx {
  ws: Workspace;
  lang: Lang;
  nl: boolean;
  opts: ReportBuildOptions;
  totals: ReportTotals;
  /** Roles, sites and source types present in the corpus, in display order. */
  roles: string[];
  sites: string[];
  sources: string[];
  pairs: CooccurPair[];
  units: Record<string, string>;
  /** Code excerpts with roll-up (the co-occurrence node counts). */
  codeExcerpts: (id: string) => number;
}

/** Levers, MeMoQ dimensions, perspectives, agreement and the Explore quotes, from the coded corpus. */
export async function buildQualitative(ws: Workspace, opts: ReportBuildOptions): Promise<ReportPart & { explore: ReportExplore }> {
  const lang = opts.lang;
  const nl = lang === 'nl';
  // Always a function: the parallel scan counts finished files only through this callback.
  const onProgress = (done: number, total: number) => opts.onProgress?.(done, total);
  const scan = await scanTask(ws, { name: 'report', spec: { exemplars: Math.max(0, opts.exemplars) } }, { onProgress }, opts.mainBusy);
  const issues: InputIssue[] = [...scan.issues];
  const totals = scan.chosen.reduce((acc, d) => mergeReport(acc, d.summary), emptyReportTotals());

  const levers = frameworkOf(ws, 'levers');
  const memoq = frameworkOf(ws, 'memoq');
  const roleIds = ws.roles.roles.map((r) => r.id);
  const roles = [...totals.byRole.keys()].sort((a, b) => rank(roleIds, a) - rank(roleIds, b) || a.localeCompare(b));
  const cooccur = finishCooccur(totals.cooccur, { measure: 'count', unit: REPORT_COOCCUR.unit, level: REPORT_COOCCUR.level, order: codeOrder(ws).map((id) => ({ id, always: false })), index: ws.index });
  const ctx: Ctx = {
    ws, lang, nl, opts, totals, roles,
    sites: [...totals.bySite.keys()].sort(compareValues),
    sources: [...totals.bySource.keys()].sort(compareValues),
    pairs: cooccur.pairs,
    units: {},
    codeExcerpts: (id) => { const k = totals.cooccur.index.get(id); return k === undefined ? 0 : totals.cooccur.n[k]; },
  };

  // Exemplars: the spread-aware pick of `hefboom quotes --best` over the candidates each document kept.
  const exemplars = new Map<string, QuoteCandidate[]>();
  for (const [fw, f] of [['levers', levers], ['memoq', memoq]] as const) {
    for (const node of f.nodes) {
      const key = groupKey(fw, node.id);
      const cands = totals.groups.get(key)?.candidates ?? [];
      exemplars.set(key, opts.exemplars > 0 ? pickBest(cands, opts.exemplars, groupSelection(fw, node.id), ws.index) : []);
    }
  }
  const agreement = await agreementOf(ws, scan);
  const docOrder = new Map(scan.chosen.map((c, i) => [c.ref.id, i] as const));
  const exploreCands = await exploreCandidates(ws, scan, Math.max(0, opts.exploreLimit));

  const sections: ReportSection[] = [];
  const coders = new Set(scan.chosen.map((c) => c.ref.coder));
  for (const k of agreement?.coders ?? []) coders.add(k);
  // Sections on coded text only when the project has some (a register- or survey-only project
  // gets the lever and dimension sections its other data make, nothing empty).
  const hasCorpus = ws.files.length > 0;
  if (hasCorpus) sections.push(overviewSection(ctx, levers, memoq, coders.size));
  if (hasCorpus) sections.push({
    id: 'levers', kind: 'lever', title: nl ? 'De zeven hefbomen' : 'The seven levers',
    blocks: [{ type: 'text', paragraphs: [levers.description?.[lang] ?? '', leverIntro(ctx)].filter(Boolean) }],
    children: levers.nodes.map((n) => groupSection(ctx, 'levers', n, exemplars.get(groupKey('levers', n.id)) ?? [])),
  });
  if (hasCorpus) sections.push({
    id: 'memoq', kind: 'memoq', title: nl ? 'De zes MeMoQ-dimensies' : 'The six MeMoQ dimensions',
    blocks: [{ type: 'text', paragraphs: [memoq.description?.[lang] ?? ''].filter(Boolean) }],
    children: memoq.nodes.map((n) => groupSection(ctx, 'memoq', n, exemplars.get(groupKey('memoq', n.id)) ?? [])),
  });
  if (hasCorpus) sections.push(perspectivesSection(ctx, levers));
  if (agreement) sections.push(agreementSection(ctx, agreement));

  const quoteOf = (c: QuoteCandidate) => toQuote(c, ws, lang);
  const explore = exploreOf(ctx, exemplars, exploreCands, docOrder, quoteOf);

  const metrics: MetricTree = {
    corpus: { documents: totals.documents, excerpts: totals.excerpts, coded: totals.coded, codings: totals.codings },
    levers: groupMetrics(ctx, 'levers', levers),
    memoq: groupMetrics(ctx, 'memoq', memoq),
  };
  if (agreement?.result) {
    const kappas = agreement.result.rows.map((r) => r.kappa).filter((k): k is number => k !== null && Number.isFinite(k));
    metrics.agreement = {
      kappa: { min: kappas.length ? Math.min(...kappas) : null, mean: kappas.length ? kappas.reduce((a, b) => a + b, 0) / kappas.length : null },
      alpha: agreement.result.overall.alpha,
      documents: agreement.result.documents.length,
    };
  }
  const warnings = issues.filter((i) => i.severity === 'warning').length;
  return {
    sections,
    metrics,
    counts: {
      documents: totals.documents, excerpts: totals.excerpts, codings: totals.codings, files: scan.counts.files,
      skipped: warnings, doubleCoded: scan.counts.doubleCoded,
    },
    units: ctx.units,
    issues,
    explore,
  };
}

// ─── helpers ───────────────────────────────────────────────────────────────────────────────────

function frameworkOf(ws: Workspace, id: 'levers' | 'memoq'): Framework {
  return ws.frameworks.get(id) ?? loadBuiltinFramework(id);
}

const rank = (order: string[], id: string) => { const i = order.indexOf(id); return i < 0 ? order.length : i; };

/** Codebook codes in tree order (parents before their children). */
function codeOrder(ws: Workspace): string[] {
  const out: string[] = [];
  const walk = (id: string) => { out.push(id); for (const ch of ws.index.children(id)) walk(ch.id); };
  for (const r of ws.index.roots()) walk(r.id);
  return out;
}

const pct = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

function fmtInt(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'nl' ? 'nl-BE' : 'en-GB').format(n);
}

function fmtPct(v: number | null, lang: Lang): string {
  if (v === null) return '—';
  return lang === 'nl' ? `${v.toFixed(1).replace('.', ',')} %` : `${v.toFixed(1)}%`;
}

const nodeLabelOf = (n: FrameworkNode, lang: Lang, fw: string) => (fw === 'levers' ? `${n.id} ${n.label[lang]}` : n.label[lang]);
const siteLabel = (s: string, nl: boolean) => (s === MISSING ? (nl ? '(ontbrekend)' : '(missing)') : s);
const sectionIdOf = (fw: string, node: string) => `${fw === 'levers' ? 'lever' : 'memoq'}-${node}`;

function noSuppressionNote(ctx: Ctx): string[] {
  if (ctx.opts.suppressBelow <= 0) return [];
  return [ctx.nl
    ? `Geen celonderdrukking: dit zijn aantallen fragmenten (alinea's), geen personen; onderdrukking (< ${ctx.opts.suppressBelow}) geldt voor enquêtes en CRM.`
    : `No small-cell suppression: these are counts of excerpts (paragraphs), not people; suppression (< ${ctx.opts.suppressBelow}) applies to surveys and CRM.`];
}

/** A table block, its unit sentence recorded for provenance and shown as the table's first note. */
function tableBlock(ctx: Ctx, id: string, table: Table, unit: string): ReportBlock {
  ctx.units[id] = unit;
  table.notes = [unit, ...table.notes, ...noSuppressionNote(ctx)];
  return { type: 'table', id, table };
}

function leverIntro(ctx: Ctx): string {
  return ctx.nl
    ? `Per hefboom: de codes die het codeboek eraan koppelt, de fragmenten per rol, site en brontype, de dunne stemmen (minder dan ${THIN_VOICE} fragmenten), de codes die het vaakst samen voorkomen, ${ctx.opts.exemplars} voorbeeldcitaten en de tips als checklist.`
    : `For each lever: the codes the codebook maps there, excerpts by role, site and source type, the thin voices (fewer than ${THIN_VOICE} excerpts), the codes that co-occur most, ${ctx.opts.exemplars} exemplar quotes and the tips as a checklist.`;
}

// ─── overview ──────────────────────────────────────────────────────────────────────────────────

function overviewSection(ctx: Ctx, levers: Framework, memoq: Framework, coders: number): ReportSection {
  const { nl, lang, totals, ws } = ctx;
  const sites = ctx.sites.filter((s) => s !== MISSING).length;
  const blocks: ReportBlock[] = [{
    type: 'figures',
    items: [
      { label: nl ? 'documenten' : 'documents', value: fmtInt(totals.documents, lang) },
      { label: nl ? 'fragmenten' : 'excerpts', value: fmtInt(totals.excerpts, lang), note: nl ? "alinea's" : 'paragraphs' },
      { label: nl ? 'gecodeerde fragmenten' : 'coded excerpts', value: fmtInt(totals.coded, lang), note: fmtPct(pct(totals.coded, totals.excerpts), lang) },
      { label: nl ? 'coderingen' : 'codings', value: fmtInt(totals.codings, lang) },
      { label: nl ? 'codeurs' : 'coders', value: fmtInt(coders, lang) },
      { label: nl ? 'rollen' : 'roles', value: fmtInt(ctx.roles.length, lang) },
      { label: nl ? 'sites' : 'sites', value: fmtInt(sites, lang) },
    ],
  }];
  const denominator = nl
    ? `Eenheid: fragmenten (alinea's). Noemer van de percentages: alle ${totals.excerpts} fragmenten, ook niet-gecodeerde. Eén fragment kan onder meerdere rijen vallen; de percentages tellen niet op tot 100.`
    : `Unit: excerpts (paragraphs). Denominator of the percentages: all ${totals.excerpts} excerpts, uncoded ones included. One excerpt can count under several rows; the percentages do not add up to 100.`;
  for (const [fw, f] of [['levers', levers], ['memoq', memoq]] as const) {
    const id = fw === 'levers' ? 'overview-levers' : 'overview-memoq';
    const what = fw === 'levers' ? (nl ? 'hefboom' : 'lever') : (nl ? 'MeMoQ-dimensie' : 'MeMoQ dimension');
    const rows = f.nodes.map((n) => {
      const count = totals.groups.get(groupKey(fw, n.id))?.excerpts ?? 0;
      return { id: n.id, label: n.label[lang], excerpts: count, percent: pct(count, totals.excerpts) };
    });
    const table: Table = {
      title: nl ? `Fragmenten per ${what}` : `Excerpts by ${what}`,
      columns: [{ key: 'id', label: 'id' }, { key: 'label', label: what }, { key: 'excerpts', label: nl ? 'fragmenten' : 'excerpts', type: 'number' }, { key: 'percent', label: '%', type: 'percent' }],
      rows,
      notes: [],
    };
    blocks.push(tableBlock(ctx, id, table, denominator));
    blocks.push({ type: 'chart', id: `${id}-chart`, tableId: id, chart: barChart(ctx, table.title!, what, rows.map((r) => ({ label: fw === 'levers' ? `${r.id} ${r.label}` : r.label, value: r.excerpts }))) });
  }
  // Role × lever: who speaks about which lever.
  const leverLabel = (n: FrameworkNode) => `${n.id} ${n.label[lang]}`;
  const roleRows = ctx.roles.map((r) => {
    const row: Record<string, Cell> = { role: r, label: ws.roles.label(r, lang) };
    for (const n of levers.nodes) row[`c:${n.id}`] = totals.groups.get(groupKey('levers', n.id))?.byRole.get(r) ?? 0;
    row.excerpts = totals.byRole.get(r) ?? 0;
    return row;
  });
  const roleTable: Table = {
    title: nl ? 'Fragmenten per rol en hefboom' : 'Excerpts by role and lever',
    columns: [
      { key: 'role', label: 'id' }, { key: 'label', label: nl ? 'rol' : 'role' },
      ...levers.nodes.map((n) => ({ key: `c:${n.id}`, label: n.id, type: 'number' as const })),
      { key: 'excerpts', label: nl ? 'fragmenten van de rol' : "role's excerpts", type: 'number' },
    ],
    rows: roleRows,
    notes: [],
  };
  blocks.push(tableBlock(ctx, 'overview-role-lever', roleTable, nl
    ? `Eenheid: fragmenten (alinea's) per rol van de spreker en hefboom; de laatste kolom is de noemer: alle fragmenten van de rol (${totals.excerpts} in totaal), ook niet-gecodeerde. Eén fragment kan onder meerdere hefbomen vallen.`
    : `Unit: excerpts (paragraphs) by the speaker's role and lever; the last column is the denominator: all of the role's excerpts (${totals.excerpts} in all), uncoded ones included. One excerpt can count under several levers.`));
  const data = ctx.roles.flatMap((r) => levers.nodes.map((n) => ({ row: ws.roles.label(r, lang), col: leverLabel(n), value: totals.groups.get(groupKey('levers', n.id))?.byRole.get(r) ?? 0 })));
  const top = [...data].sort((a, b) => b.value - a.value)[0];
  blocks.push({
    type: 'chart', id: 'overview-role-lever-chart', tableId: 'overview-role-lever',
    chart: {
      kind: 'heatmap', title: roleTable.title!, rows: nl ? 'rol' : 'role', cols: nl ? 'hefboom' : 'lever', value: nl ? 'fragmenten' : 'excerpts',
      data, rowOrder: ctx.roles.map((r) => ws.roles.label(r, lang)), colOrder: levers.nodes.map(leverLabel),
      alt: nl
        ? `Heatmap van het aantal fragmenten per rol (rijen) en hefboom (kolommen)${top && top.value ? `; de grootste cel is ${top.row} bij ${top.col} (${top.value})` : ''}.`
        : `Heatmap of the number of excerpts by role (rows) and lever (columns)${top && top.value ? `; the largest cell is ${top.row} on ${top.col} (${top.value})` : ''}.`,
    },
  });
  return { id: 'overview', kind: 'overview', title: nl ? 'Overzicht' : 'Overview', blocks, children: [] };
}

function barChart(ctx: Ctx, title: string, what: string, data: { label: string; value: number }[]): ChartSpec {
  const { nl } = ctx;
  const sorted = [...data].sort((a, b) => b.value - a.value);
  const most = sorted[0];
  const least = sorted[sorted.length - 1];
  const range = most && most.value > 0
    ? (nl ? `; het meest ${most.label} (${most.value}), het minst ${least.label} (${least.value})` : `; most ${most.label} (${most.value}), least ${least.label} (${least.value})`)
    : (nl ? '; geen enkel fragment' : '; no excerpts at all');
  return {
    kind: 'bar', title, x: nl ? 'fragmenten' : 'excerpts', y: what, data,
    alt: nl ? `Staafdiagram van het aantal fragmenten per ${what}${range}.` : `Bar chart of the number of excerpts by ${what}${range}.`,
  };
}

// ─── a lever or a dimension ────────────────────────────────────────────────────────────────────

function groupSection(ctx: Ctx, fw: 'levers' | 'memoq', node: FrameworkNode, exemplars: QuoteCandidate[]): ReportSection {
  const { nl, lang, ws, totals } = ctx;
  const id = sectionIdOf(fw, node.id);
  const g = totals.groups.get(groupKey(fw, node.id));
  const n = g?.excerpts ?? 0;
  const what = fw === 'levers' ? (nl ? 'hefboom' : 'lever') : (nl ? 'dimensie' : 'dimension');
  const blocks: ReportBlock[] = [];
  const intro: string[] = [];
  if (node.description?.[lang]) intro.push(node.description[lang]!);
  if (!n) intro.push(nl ? `Geen enkel fragment is gecodeerd onder deze ${what}.` : `No excerpt is coded under this ${what}.`);
  blocks.push({ type: 'text', paragraphs: intro });
  const roleCount = g ? [...g.byRole.values()].filter((v) => v > 0).length : 0;
  blocks.push({
    type: 'figures',
    items: [
      { label: nl ? 'fragmenten' : 'excerpts', value: fmtInt(n, lang), note: nl ? `${fmtPct(pct(n, totals.excerpts), lang)} van alle fragmenten` : `${fmtPct(pct(n, totals.excerpts), lang)} of all excerpts` },
      { label: nl ? 'documenten' : 'documents', value: fmtInt(g?.documents ?? 0, lang), note: nl ? `van ${totals.documents}` : `of ${totals.documents}` },
      { label: nl ? 'rollen' : 'roles', value: fmtInt(roleCount, lang), note: nl ? `van ${ctx.roles.length}` : `of ${ctx.roles.length}` },
    ],
  });

  // The codes the codebook maps here (children inherit their parent's mapping).
  const codeRows: Record<string, Cell>[] = codeOrder(ws)
    .filter((c) => ws.index.nodesFor(c, fw).includes(node.id))
    .map((c) => ({ code: c, label: ws.index.code(c)?.label ?? c, excerpts: ctx.codeExcerpts(c) }));
  if (g?.direct) codeRows.push({ code: fw === 'levers' ? `#${node.id}` : `#memoq:${node.id}`, label: nl ? '(rechtstreeks getagd)' : '(tagged directly)', excerpts: g.direct });
  blocks.push(tableBlock(ctx, `${id}-codes`, {
    title: nl ? `Codes bij ${nodeLabelOf(node, lang, fw)}` : `Codes mapped to ${nodeLabelOf(node, lang, fw)}`,
    columns: [{ key: 'code', label: 'code' }, { key: 'label', label: nl ? 'omschrijving' : 'label' }, { key: 'excerpts', label: nl ? 'fragmenten' : 'excerpts', type: 'number' }],
    rows: codeRows,
    notes: codeRows.length ? [] : [nl ? `Het codeboek koppelt geen codes aan deze ${what}.` : `The codebook maps no code to this ${what}.`],
  }, nl
    ? `Eenheid: fragmenten (alinea's) met de code of een van haar subcodes, elk één keer; geen noemer (aantallen). Subcodes erven de ${what} van hun bovenliggende code.`
    : `Unit: excerpts (paragraphs) with the code or one of its subcodes, each once; no denominator (counts). Subcodes inherit their parent's ${what}.`));

  if (n > 0 && g) {
    blocks.push(breakdownBlock(ctx, `${id}-roles`, nl ? 'rol' : 'role', ctx.roles, (r) => ws.roles.label(r, lang), g.byRole, totals.byRole, n, node, fw, true));
    blocks.push(breakdownBlock(ctx, `${id}-sites`, 'site', ctx.sites, (s) => siteLabel(s, nl), g.bySite, totals.bySite, n, node, fw, false));
    blocks.push(breakdownBlock(ctx, `${id}-sources`, nl ? 'brontype' : 'source type', ctx.sources, (s) => siteLabel(s, nl), g.bySource, totals.bySource, n, node, fw, false));

    const thin = ctx.roles.filter((r) => { const v = g.byRole.get(r) ?? 0; return v > 0 && v < THIN_VOICE; });
    const silent = ctx.roles.filter((r) => !(g.byRole.get(r) ?? 0));
    const voice: string[] = [];
    const list = (rs: string[]) => rs.map((r) => `${ws.roles.label(r, lang)} (${g.byRole.get(r) ?? 0})`).join(', ');
    if (thin.length) voice.push(nl ? `⚑ Dunne stemmen (minder dan ${THIN_VOICE} fragmenten): ${list(thin)}. Lees wat zij zeggen als een enkele stem, niet als het standpunt van de rol.` : `⚑ Thin voices (fewer than ${THIN_VOICE} excerpts): ${list(thin)}. Read what they say as single voices, not as the role's position.`);
    else voice.push(nl ? `Geen dunne stemmen: elke rol die over deze ${what} spreekt, doet dat in minstens ${THIN_VOICE} fragmenten.` : `No thin voices: every role that speaks about this ${what} does so in at least ${THIN_VOICE} excerpts.`);
    if (silent.length) voice.push(nl ? `Niet aan het woord over deze ${what}: ${silent.map((r) => ws.roles.label(r, lang)).join(', ')}.` : `Silent on this ${what}: ${silent.map((r) => ws.roles.label(r, lang)).join(', ')}.`);
    blocks.push({ type: 'text', paragraphs: voice });

    const mine = (code: string) => ws.index.nodesFor(code, fw).includes(node.id);
    const pairs = ctx.pairs.filter((p) => mine(p.a) || mine(p.b)).slice(0, TOP_PAIRS);
    const label = (c: string) => ws.index.code(c)?.label ?? c;
    blocks.push(tableBlock(ctx, `${id}-cooccur`, {
      title: nl ? `Codes die het vaakst samen voorkomen (${nodeLabelOf(node, lang, fw)})` : `Codes that co-occur most (${nodeLabelOf(node, lang, fw)})`,
      columns: [
        { key: 'a', label: 'code A' }, { key: 'labelA', label: nl ? 'omschrijving A' : 'label A' },
        { key: 'b', label: 'code B' }, { key: 'labelB', label: nl ? 'omschrijving B' : 'label B' },
        { key: 'excerpts', label: nl ? 'fragmenten met beide' : 'excerpts with both', type: 'number' },
        { key: 'nA', label: nl ? 'fragmenten A' : 'excerpts A', type: 'number' }, { key: 'nB', label: nl ? 'fragmenten B' : 'excerpts B', type: 'number' },
      ],
      rows: pairs.map((p) => ({ a: p.a, labelA: label(p.a), b: p.b, labelB: label(p.b), excerpts: p.n12, nA: p.n1, nB: p.n2 })),
      notes: pairs.length ? [] : [nl ? 'Geen code van deze hefboom komt samen met een andere code voor in één fragment.' : 'No code of this lever co-occurs with another code in one excerpt.'],
    }, nl
      ? `Eenheid: fragmenten (alinea's) met beide codes, in het hele corpus (${totals.excerpts} fragmenten); paren waarvan minstens één code bij deze ${what} hoort, de ${TOP_PAIRS} sterkste. Bovenliggende codes tellen hun subcodes mee; paren van een code met haar eigen subcode zijn weggelaten.`
      : `Unit: excerpts (paragraphs) with both codes, in the whole corpus (${totals.excerpts} excerpts); pairs with at least one code of this ${what}, the ${TOP_PAIRS} strongest. Parent codes include their subcodes; pairs of a code with its own subcode are left out.`));

    blocks.push({ type: 'quotes', title: nl ? 'Voorbeeldcitaten' : 'Exemplar quotes', quotes: exemplars.map((c) => toQuote(c, ws, lang)) });
  }

  if (fw === 'levers') {
    blocks.push({
      type: 'checklist',
      title: nl ? 'Tips als checklist' : 'Tips as a checklist',
      items: node.children.map((t) => ({
        id: t.id,
        text: t.description?.[lang] ? `${t.label[lang]}: ${t.description[lang]}` : t.label[lang],
        sites: [...(g?.tipSites.get(t.id) ?? [])].sort(compareValues),
      })),
    });
  }
  return { id, kind: fw === 'levers' ? 'lever' : 'memoq', title: nodeLabelOf(node, lang, fw), blocks, children: [] };
}

/** Excerpts of a lever/dimension by role, site or source type, with both denominators. */
function breakdownBlock(
  ctx: Ctx, id: string, what: string, values: string[], labelOf: (v: string) => string,
  counts: Map<string, number>, all: Map<string, number>, n: number, node: FrameworkNode, fw: string, roles: boolean,
): ReportBlock {
  const { nl, lang } = ctx;
  const flags: Record<number, string> = {};
  const rows = values.map((v, i) => {
    const c = counts.get(v) ?? 0;
    if (roles && c > 0 && c < THIN_VOICE) flags[i] = nl ? `dunne stem: minder dan ${THIN_VOICE} fragmenten` : `thin voice: fewer than ${THIN_VOICE} excerpts`;
    const total = all.get(v) ?? 0;
    return { id: v, label: labelOf(v), excerpts: c, ofNode: pct(c, n), total, ofValue: pct(c, total) };
  });
  const name = nodeLabelOf(node, lang, fw);
  const table: Table = {
    title: nl ? `${name}: fragmenten per ${what}` : `${name}: excerpts by ${what}`,
    columns: [
      { key: 'id', label: 'id' }, { key: 'label', label: what },
      { key: 'excerpts', label: nl ? 'fragmenten' : 'excerpts', type: 'number' },
      { key: 'ofNode', label: nl ? `% van ${node.id}` : `% of ${node.id}`, type: 'percent' },
      { key: 'total', label: nl ? `alle fragmenten (${what})` : `all excerpts (${what})`, type: 'number' },
      { key: 'ofValue', label: nl ? `% van ${what}` : `% of ${what}`, type: 'percent' },
    ],
    rows,
    notes: [],
    ...(Object.keys(flags).length ? { flags } : {}),
  };
  return tableBlock(ctx, id, table, nl
    ? `Eenheid: fragmenten (alinea's). "% van ${node.id}": noemer de ${n} fragmenten van ${name}. "% van ${what}": noemer alle fragmenten van ${what === 'brontype' ? 'dat' : 'die'} ${what} in het corpus, ook niet-gecodeerde.`
    : `Unit: excerpts (paragraphs). "% of ${node.id}": denominator the ${n} excerpts of ${name}. "% of ${what}": denominator all excerpts of that ${what} in the corpus, uncoded ones included.`);
}

function groupMetrics(ctx: Ctx, fw: 'levers' | 'memoq', f: Framework): MetricTree {
  const out: MetricTree = {};
  for (const n of f.nodes) {
    const g = ctx.totals.groups.get(groupKey(fw, n.id));
    out[n.id] = {
      excerpts: g?.excerpts ?? 0,
      documents: g?.documents ?? 0,
      roles: g ? [...g.byRole.values()].filter((v) => v > 0).length : 0,
    };
  }
  return out;
}

// ─── perspectives ──────────────────────────────────────────────────────────────────────────────

function perspectivesSection(ctx: Ctx, levers: Framework): ReportSection {
  const { nl, lang, ws, totals } = ctx;
  const roleTotal = (r: string) => totals.byRole.get(r) ?? 0;
  const columns: Column[] = [{ key: 'id', label: 'id' }, { key: 'label', label: nl ? 'hefboom' : 'lever' }];
  for (const r of ctx.roles) {
    const name = ws.roles.label(r, lang);
    columns.push({ key: `n:${r}`, label: `${name} n`, type: 'number' }, { key: `pct:${r}`, label: `${name} %`, type: 'percent' });
  }
  const flags: Record<number, string> = {};
  const rows: Record<string, Cell>[] = levers.nodes.map((n) => {
    const g = totals.groups.get(groupKey('levers', n.id));
    const row: Record<string, Cell> = { id: n.id, label: n.label[lang] };
    for (const r of ctx.roles) {
      const c = g?.byRole.get(r) ?? 0;
      row[`n:${r}`] = c;
      row[`pct:${r}`] = pct(c, roleTotal(r));
    }
    return row;
  });
  const denominators: Record<string, Cell> = { id: '(units)', label: nl ? 'fragmenten van de rol (noemer)' : "role's excerpts (denominator)" };
  for (const r of ctx.roles) { denominators[`n:${r}`] = roleTotal(r); denominators[`pct:${r}`] = roleTotal(r) ? 100 : null; }
  rows.push(denominators);
  const thinRoles = ctx.roles.filter((r) => roleTotal(r) < THIN_VOICE);
  if (thinRoles.length) flags[rows.length - 1] = nl ? `rollen met minder dan ${THIN_VOICE} fragmenten in het hele corpus: ${thinRoles.map((r) => ws.roles.label(r, lang)).join(', ')}` : `roles with fewer than ${THIN_VOICE} excerpts in the whole corpus: ${thinRoles.map((r) => ws.roles.label(r, lang)).join(', ')}`;
  const table: Table = {
    title: nl ? 'Hefbomen per rol: aantal en aandeel van de fragmenten van de rol' : "Levers by role: count and share of the role's excerpts",
    columns, rows, notes: [], ...(thinRoles.length ? { flags } : {}),
  };
  const blocks: ReportBlock[] = [{
    type: 'text',
    paragraphs: [nl
      ? 'Voor elke hefboom de verdeling over de rollen naast elkaar: hoeveel fragmenten elke rol erover zegt, en welk deel van alles wat die rol zegt dat is. Zo wordt zichtbaar welke hefboom voor wie speelt.'
      : "For each lever the split by role side by side: how many excerpts each role contributes and what share of everything that role says they are. This shows for whom each lever matters."],
  }];
  blocks.push(tableBlock(ctx, 'perspectives', table, nl
    ? `Eenheid: fragmenten (alinea's). Noemer van elk percentage: alle fragmenten van die rol (laatste rij), ook niet-gecodeerde. Eén fragment kan onder meerdere hefbomen vallen; kolommen tellen niet op tot 100.`
    : `Unit: excerpts (paragraphs). Denominator of each percentage: all of that role's excerpts (last row), uncoded ones included. One excerpt can count under several levers; columns do not add up to 100.`));
  const leverLabel = (n: FrameworkNode) => `${n.id} ${n.label[lang]}`;
  const data = levers.nodes.flatMap((n) => ctx.roles.map((r) => ({ row: leverLabel(n), col: ws.roles.label(r, lang), value: pct(totals.groups.get(groupKey('levers', n.id))?.byRole.get(r) ?? 0, roleTotal(r)) ?? 0 })));
  const top = [...data].sort((a, b) => b.value - a.value)[0];
  blocks.push({
    type: 'chart', id: 'perspectives-chart', tableId: 'perspectives',
    chart: {
      kind: 'heatmap', title: table.title!, rows: nl ? 'hefboom' : 'lever', cols: nl ? 'rol' : 'role', value: nl ? '% van de fragmenten van de rol' : "% of the role's excerpts",
      data, rowOrder: levers.nodes.map(leverLabel), colOrder: ctx.roles.map((r) => ws.roles.label(r, lang)),
      alt: nl
        ? `Heatmap van het aandeel van de fragmenten van elke rol (kolommen) per hefboom (rijen)${top && top.value ? `; het grootste aandeel is ${fmtPct(top.value, lang)} van ${top.col} over ${top.row}` : ''}.`
        : `Heatmap of the share of each role's excerpts (columns) by lever (rows)${top && top.value ? `; the largest share is ${fmtPct(top.value, lang)} of ${top.col} on ${top.row}` : ''}.`,
    },
  });
  return { id: 'perspectives', kind: 'perspectives', title: nl ? 'Perspectieven' : 'Perspectives', blocks, children: [] };
}

// ─── agreement ─────────────────────────────────────────────────────────────────────────────────

interface AgreementData {
  coders: string[];
  result: AgreementResult | null;
  /** Why agreement could not be computed (paragraphs that do not align …). */
  error?: string;
}

/**
 * Agreement per code at unit excerpt, as `hefboom agree` computes it by default, over every coder
 * with a shared document. Only when documents are double-coded, and reading only the files that can
 * hold the other coders' versions and the chosen versions of those documents.
 */
async function agreementOf(ws: Workspace, scan: Scan): Promise<AgreementData | null> {
  if (!scan.counts.doubleCoded) return null;
  const summarise = (doc: Document): VersionSummary => summariseVersion(doc, { level: { kind: 'code' }, index: ws.index, selection: {}, spans: false, textChars: 0 });
  const chosenFiles = new Set<SourceFile>(scan.chosen.map((c) => c.ref.file));
  const others = ws.files.filter((f) => !chosenFiles.has(f));
  let versions: { id: string; coder: string; path: string; summary: VersionSummary }[] = [];
  const collect = (r: ScanResult<VersionSummary | null>) => {
    for (const c of r.chosen) if (c.summary) versions.push({ id: c.ref.id, coder: c.ref.coder, path: c.ref.path, summary: c.summary });
  };
  if (others.length) {
    collect(await scanCorpus({ ...ws, files: others }, summarise, { allCoders: true }));
    const ids = new Set(versions.map((v) => v.id));
    const needed = new Set(scan.chosen.filter((c) => ids.has(c.ref.id)).map((c) => c.ref.file));
    collect(await scanCorpus({ ...ws, files: ws.files.filter((f) => needed.has(f)) }, (doc) => (ids.has(doc.id) ? summarise(doc) : null), { allCoders: true }));
  }
  const shared = (vs: typeof versions) => {
    const per = new Map<string, number>();
    for (const v of vs) per.set(v.id, (per.get(v.id) ?? 0) + 1);
    return [...per.values()].filter((k) => k > 1).length;
  };
  // Versions of one document in one file (a QDA project with several coders): read everything.
  if (shared(versions) < scan.counts.doubleCoded) {
    versions = [];
    const all = await scanCorpus(ws, summarise, { allCoders: true });
    collect(all);
  }
  const docOrder = new Map(scan.chosen.map((c, i) => [c.ref.id, i] as const));
  const byDoc = new Map<string, Map<string, { path: string; summary: VersionSummary }>>();
  for (const v of versions) {
    let m = byDoc.get(v.id);
    if (!m) byDoc.set(v.id, (m = new Map()));
    m.set(v.coder, { path: v.path, summary: v.summary });
  }
  const sharing = new Set<string>();
  for (const m of byDoc.values()) if (m.size >= 2) for (const k of m.keys()) sharing.add(k);
  const coders = [...sharing].sort((a, b) => a.localeCompare(b));
  if (coders.length < 2) return null;
  const docs: SharedDocument[] = [...byDoc]
    .filter(([, m]) => coders.filter((k) => m.has(k)).length >= 2)
    .sort(([a], [b]) => (docOrder.get(a) ?? Infinity) - (docOrder.get(b) ?? Infinity) || a.localeCompare(b))
    .map(([id, m]) => ({ id, versions: coders.map((k) => m.get(k)) }));
  try {
    const result = computeAgreement(docs, { unit: 'excerpt', coders, rowOrder: codeOrder(ws), showUnused: false, excludeUncoded: false, disagreements: 0 });
    return { coders, result };
  } catch (e) {
    if (e instanceof AgreementInputError) return { coders, result: null, error: e.message };
    throw e;
  }
}

function agreementSection(ctx: Ctx, a: AgreementData): ReportSection {
  const { nl, ws } = ctx;
  const blocks: ReportBlock[] = [];
  const title = nl ? 'Overeenstemming tussen codeurs' : 'Agreement between coders';
  if (!a.result) {
    blocks.push({ type: 'text', paragraphs: [nl ? `De overeenstemming kon niet berekend worden: ${a.error}.` : `Agreement could not be computed: ${a.error}.`] });
    return { id: 'agreement', kind: 'agreement', title, blocks, children: [] };
  }
  const r = a.result;
  const two = r.coders.length === 2;
  const kappas = r.rows.map((x) => x.kappa).filter((k): k is number => k !== null && Number.isFinite(k));
  const round = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Math.round(v * 1000) / 1000);
  const fmt = (v: number | null) => (v === null ? '—' : ctx.nl ? v.toFixed(2).replace('.', ',') : v.toFixed(2));
  const kMin = kappas.length ? Math.min(...kappas) : null;
  const kMean = kappas.length ? kappas.reduce((s, k) => s + k, 0) / kappas.length : null;
  blocks.push({
    type: 'text',
    paragraphs: [nl
      ? `${r.coders.join(' en ')} codeerden ${r.documents.length} document(en) elk afzonderlijk (${r.documents.map((d) => d.id).join(', ')}): ${r.comparedUnits} fragmenten, per code vergeleken op aanwezig/afwezig. κ is ${two ? 'Cohens' : 'Fleiss\''} kappa, α Krippendorffs alpha (nominaal). \`hefboom agree\` geeft betrouwbaarheidsintervallen en de fragmenten waarop de codeurs verschillen.`
      : `${r.coders.join(' and ')} each coded ${r.documents.length} document(s) independently (${r.documents.map((d) => d.id).join(', ')}): ${r.comparedUnits} excerpts, compared per code as present/absent. κ is ${two ? "Cohen's" : "Fleiss'"} kappa, α Krippendorff's alpha (nominal). \`hefboom agree\` gives confidence intervals and the excerpts on which the coders differ.`],
  });
  blocks.push({
    type: 'figures',
    items: [
      { label: nl ? 'gedeelde documenten' : 'shared documents', value: String(r.documents.length) },
      { label: nl ? 'laagste κ' : 'lowest κ', value: fmt(kMin) },
      { label: nl ? 'gemiddelde κ' : 'mean κ', value: fmt(kMean), note: nl ? `over ${kappas.length} codes` : `over ${kappas.length} codes` },
      { label: nl ? 'α (alle codes samen)' : 'α (all codes pooled)', value: fmt(r.overall.alpha) },
    ],
  });
  const label = (id: string) => ws.index.code(id)?.label ?? id;
  const rows: Record<string, Cell>[] = r.rows.map((x) => ({ code: x.id, label: label(x.id), units: x.counts.units, percent: x.percentAgreement === null ? null : Math.round(x.percentAgreement * 10) / 10, kappa: round(x.kappa), alpha: round(x.alpha) }));
  rows.push({ code: '(overall)', label: nl ? `totaal (gepoold over ${r.overall.pooledRows} codes)` : `overall (pooled over ${r.overall.pooledRows} codes)`, units: r.overall.counts.units, percent: r.overall.percentAgreement === null ? null : Math.round(r.overall.percentAgreement * 10) / 10, kappa: round(r.overall.kappa), alpha: round(r.overall.alpha) });
  blocks.push(tableBlock(ctx, 'agreement-codes', {
    title: nl ? `Overeenstemming per code (${r.coders.join(', ')})` : `Agreement by code (${r.coders.join(', ')})`,
    columns: [
      { key: 'code', label: 'code' }, { key: 'label', label: nl ? 'omschrijving' : 'label' },
      { key: 'units', label: nl ? 'fragmenten' : 'excerpts', type: 'number' },
      { key: 'percent', label: nl ? '% overeenstemming' : '% agreement', type: 'percent' },
      { key: 'kappa', label: two ? 'κ (Cohen)' : 'κ (Fleiss)', type: 'number' },
      { key: 'alpha', label: 'α', type: 'number' },
    ],
    rows,
    notes: [nl
      ? 'Codes die geen van de codeurs gebruikte, zijn weggelaten; een bovenliggende code is aanwezig als de codeur ze of een subcode gaf. — : niet gedefinieerd (geen variatie).'
      : 'Codes no coder used are left out; a parent code is present when the coder gave it or one of its subcodes. — : undefined (no variation).'],
  }, nl
    ? `Eenheid: fragmenten (alinea's, uitgelijnd op volgnummer) van de ${r.documents.length} dubbel gecodeerde documenten; noemer: ${r.comparedUnits} fragmenten per code.`
    : `Unit: excerpts (paragraphs, aligned by ordinal) of the ${r.documents.length} double-coded documents; denominator: ${r.comparedUnits} excerpts per code.`));
  return { id: 'agreement', kind: 'agreement', title, blocks, children: [] };
}

// ─── quotes and Explore ────────────────────────────────────────────────────────────────────────

function toQuote(c: QuoteCandidate, ws: Workspace, lang: Lang): ReportQuote {
  const x = c.excerpt;
  const codes: { id: string; label: string }[] = [];
  const levers = new Set<string>();
  const memoq = new Set<string>();
  for (const k of x.codings) {
    if (!k.codeId.startsWith('fw:') && !codes.some((q) => q.id === k.codeId)) codes.push({ id: k.codeId, label: ws.index.code(k.codeId)?.label ?? k.codeId });
    for (const n of ws.index.nodesFor(k.codeId, 'levers')) levers.add(n);
    for (const n of ws.index.nodesFor(k.codeId, 'memoq')) memoq.add(n);
  }
  const order = (fw: string, ids: Set<string>) => [...ids].sort((a, b) => (ws.index.nodeInfo(fw, a)?.order ?? 1e9) - (ws.index.nodeInfo(fw, b)?.order ?? 1e9));
  return {
    id: x.id,
    text: x.text,
    provenance: provenance(x, c.document),
    document: c.document.id,
    speaker: { label: x.speaker.label, role: x.speaker.role, roleLabel: ws.roles.label(x.speaker.role, lang) },
    site: x.attributes.site || null,
    sourceType: x.attributes.source_type || null,
    codes,
    levers: order('levers', levers),
    memoq: order('memoq', memoq),
  };
}

/**
 * The first excerpts of the levers in document order, up to `limit`: a second pass that reads only
 * the documents that fill the list (the first pass counted how many each holds).
 */
async function exploreCandidates(ws: Workspace, scan: Scan, limit: number): Promise<QuoteCandidate[]> {
  if (limit <= 0) return [];
  const key = (id: string, coder: string) => `${id}\u0000${coder}`;
  const quota = new Map<string, number>();
  const files = new Set<SourceFile>();
  let left = limit;
  for (const c of scan.chosen) {
    if (left <= 0) break;
    const n = c.summary.leverExcerpts;
    if (!n) continue;
    const take = Math.min(n, left);
    quota.set(key(c.ref.id, c.ref.coder), take);
    files.add(c.ref.file);
    left -= take;
  }
  if (!quota.size) return [];
  const r = await scanCorpus({ ...ws, files: ws.files.filter((f) => files.has(f)) }, (doc) => {
    const q = quota.get(key(doc.id, doc.coder)) ?? 0;
    const out: QuoteCandidate[] = [];
    for (const x of doc.excerpts) {
      if (out.length >= q) break;
      if (x.codings.some((c) => ws.index.nodesFor(c.codeId, 'levers').length > 0)) out.push(candidateOf(x, doc));
    }
    return out;
  }, { allCoders: true });
  const byKey = new Map(r.chosen.map((c) => [key(c.ref.id, c.ref.coder), c.summary] as const));
  return scan.chosen.flatMap((c) => byKey.get(key(c.ref.id, c.ref.coder)) ?? []);
}

function exploreOf(
  ctx: Ctx, exemplars: Map<string, QuoteCandidate[]>, leverCands: QuoteCandidate[], docOrder: Map<string, number>,
  quoteOf: (c: QuoteCandidate) => ReportQuote,
): ReportExplore {
  const { ws, lang, totals } = ctx;
  const byId = new Map<string, QuoteCandidate>();
  let outsideLevers = 0;
  for (const list of exemplars.values()) {
    for (const c of list) {
      if (byId.has(c.excerpt.id)) continue;
      byId.set(c.excerpt.id, c);
      if (!c.excerpt.codings.some((k) => ws.index.nodesFor(k.codeId, 'levers').length)) outsideLevers++;
    }
  }
  for (const c of leverCands) if (!byId.has(c.excerpt.id)) byId.set(c.excerpt.id, c);
  const cands = [...byId.values()].sort((a, b) => (docOrder.get(a.document.id) ?? Infinity) - (docOrder.get(b.document.id) ?? Infinity) || a.excerpt.ordinal - b.excerpt.ordinal);
  const quotes = cands.map(quoteOf);
  const levers = new Set<string>();
  const memoq = new Set<string>();
  const codes = new Map<string, string>();
  const roles = new Set<string>();
  const sites = new Set<string>();
  for (const q of quotes) {
    q.levers.forEach((l) => levers.add(l));
    q.memoq.forEach((m) => memoq.add(m));
    q.codes.forEach((c) => codes.set(c.id, c.label));
    roles.add(q.speaker.role);
    if (q.site) sites.add(q.site);
  }
  const fwOrder = (fw: string) => (a: string, b: string) => (ws.index.nodeInfo(fw, a)?.order ?? 1e9) - (ws.index.nodeInfo(fw, b)?.order ?? 1e9);
  const codeRank = new Map(codeOrder(ws).map((id, i) => [id, i] as const));
  const roleIds = ws.roles.roles.map((r) => r.id);
  const keptLever = leverCands.length;
  return {
    quotes,
    total: totals.leverExcerpts + outsideLevers,
    limit: ctx.opts.exploreLimit,
    truncated: totals.leverExcerpts > keptLever,
    facets: {
      levers: [...levers].sort(fwOrder('levers')),
      memoq: [...memoq].sort(fwOrder('memoq')),
      codes: [...codes].sort(([a], [b]) => (codeRank.get(a) ?? 1e9) - (codeRank.get(b) ?? 1e9) || a.localeCompare(b)).map(([id, label]) => ({ id, label })),
      roles: [...roles].sort((a, b) => rank(roleIds, a) - rank(roleIds, b) || a.localeCompare(b)).map((id) => ({ id, label: ws.roles.label(id, lang) })),
      sites: [...sites].sort(compareValues),
    },
  };
}
