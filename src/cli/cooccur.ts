/** `hefboom cooccur`: co-occurrence matrices and pair lists of codes, levers, MeMoQ dimensions or framework nodes. */
import type { Command } from 'commander';
import type { Workspace } from '../io/workspace.js';
import { closest } from '../model/issues.js';
import { isEmptySelection } from '../analysis/select.js';
import { provenance } from '../analysis/quotes.js';
import {
  emptyTotals, finishCooccur, mergeCooccur, pairId, unitName, COOCCUR_MEASURES, UNBALANCED_RATIO,
  type CooccurExample, type CooccurLevel, type CooccurMeasure, type CooccurPair, type CooccurResult, type CooccurSpec, type CooccurUnit,
} from '../analysis/cooccur.js';
import type { Cell, Column, Table } from '../report/table.js';
import { act, emit, globals, intOption, openProject, progress, say, stopOnIssues, UsageError, withOutput, EXIT_OK, version, provenanceJson, coderNote } from './common.js';
import { scanTask } from './scan-parallel.js';
import { addSelectionOptions, selectionFrom, type SelectionFlags, selectionJson } from './selection.js';
import { frameworkLabel, nodeLabel } from './labels.js';

interface CooccurFlags extends SelectionFlags {
  level: string;
  unit: string;
  measure: string;
  top?: string;
  pairs?: boolean;
  coder?: string;
  codebook?: string;
  format?: string;
  out?: string;
  csvDialect?: string;
}

type Lang = 'nl' | 'en';

export function registerCooccur(program: Command): void {
  const cmd = program
    .command('cooccur')
    .option('-l, --level <level>', 'what co-occurs: code | lever | memoq | fw:ID', 'lever')
    .option('-u, --unit <unit>', 'where two co-occur: excerpt | overlap | near:N (excerpts) | within:N (characters)', 'excerpt')
    .option('-m, --measure <measure>', `cell value: ${COOCCUR_MEASURES.join(' | ')}`, 'count')
    .option('--pairs', 'a long list of pairs (strongest first) instead of the matrix')
    .option('--top <k>', 'the K strongest pairs, each with two example excerpts (file:line and text)');
  addSelectionOptions(cmd);
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom cooccur --level lever
  hefboom cooccur -p examples/werkplekleren --level memoq --measure jaccard --format md
  hefboom cooccur --level code --top 5
  hefboom cooccur --level code --pairs --measure c --where site=KO3 --format csv --out paren.csv
  hefboom cooccur --level lever --unit near:1 --role cursist
  hefboom cooccur --level code --unit overlap -p mijn-nvivo-project      # span data from a .qdpx import
`);
  cmd.action(act(async (files: string[], flags: CooccurFlags, c: Command) => {
    const g = globals(c);
    const unit = parseUnit(flags.unit);
    const measure = parseMeasure(flags.measure);
    if (measure === 'lift' && unit.kind !== 'excerpt') {
      throw new UsageError(`--measure lift needs --unit excerpt (got --unit ${flags.unit})`, 'lift compares n12 with what N excerpts would give by chance; relation units (overlap, near:N, within:N) have no fixed N. Use --measure count, jaccard or c with them');
    }
    const top = intOption('--top', flags.top, 1);
    const ws = await openProject(g, { files, codebook: flags.codebook });
    const level = parseLevel(flags.level, ws);
    const selection = selectionFrom(flags, ws);
    const spec: CooccurSpec = { level, unit, selection };
    const p = await progress('counting', g);
    const scan = await scanTask(ws, { name: 'cooccur', spec }, { coder: flags.coder, onProgress: p.update });
    p.stop();
    const issues = [...ws.issues, ...scan.issues];
    stopOnIssues(issues, g);
    if (flags.coder && scan.counts.notCodedByCoder) say(`${scan.counts.notCodedByCoder} document(s) not coded by ${flags.coder} were left out`, g);
    const totals = scan.chosen.reduce((acc, d) => mergeCooccur(acc, d.summary), emptyTotals());
    checkUsable(totals, spec, flags, ws, scan.chosen.length);
    const lang: Lang = g.lang ?? ws.project.language;
    const result = finishCooccur(totals, { measure, unit, level, order: nodeOrder(level, ws), index: ws.index });

    let examples: Map<string, CooccurExample[]> | undefined;
    let topPairs: CooccurPair[] | undefined;
    const examplePaths = new Map<string, { excerpt: string; partner?: string }[]>();
    if (top) {
      topPairs = result.pairs.slice(0, top);
      if (topPairs.length < top) say(`only ${topPairs.length} pair(s) co-occur; asked for ${top}`, g);
      // A second pass collects the examples, so the counting pass never keeps excerpt texts.
      const wanted = topPairs.map((x) => pairId(x.a, x.b));
      const p2 = await progress('collecting examples', g);
      const ex = await scanTask(ws, { name: 'cooccur-examples', spec, wanted }, { coder: flags.coder, onProgress: p2.update });
      p2.stop();
      examples = new Map();
      for (const d of ex.chosen) {
        for (const [id, list] of d.summary) {
          const have = examples.get(id) ?? [];
          const paths = examplePaths.get(id) ?? [];
          for (const e of list) {
            if (have.length >= 2) break;
            have.push(e);
            paths.push({ excerpt: provenance(e.excerpt, d.ref), partner: e.partner ? provenance(e.partner, d.ref) : undefined });
          }
          examples.set(id, have);
          examplePaths.set(id, paths);
        }
      }
    }
    const warnings = issues.filter((i) => i.severity === 'warning').length;
    const notes = cooccurNotes(result, spec, measure, ws, scan.counts, warnings, flags, lang);
    const labelOf = (id: string) => nodeLabelOf(level, id, ws, lang);
    const tables: Table[] = [];
    if (topPairs) tables.push(pairsTable(topPairs, measure, lang, labelOf, notes, { examples, examplePaths }));
    else if (flags.pairs) tables.push(pairsTable(result.pairs, measure, lang, labelOf, notes, {}));
    else tables.push(matrixTable(result, measure, level, unit, ws, lang, labelOf, notes));

    const pairJson = (x: CooccurPair) => ({
      a: x.a, b: x.b, labelA: labelOf(x.a), labelB: labelOf(x.b), n1: x.n1, n2: x.n2, n12: x.n12,
      same: x.same, linked: x.linked, value: round(x.value), ratio: Number.isFinite(x.ratio) ? round(x.ratio) : null,
      unbalanced: x.unbalanced, outOfRange: x.outOfRange,
    });
    const json = {
      hefboom: version(),
      command: 'cooccur',
      level: levelName(level),
      unit: unitName(unit),
      measure,
      coder: flags.coder ?? null,
      selection: selectionJson(selection),
      units: {
        excerpts: result.excerpts,
        codedExcerpts: result.codedExcerpts,
        reachingExcerpts: result.reachingExcerpts,
        occurrences: result.occurrences,
        occurrence: unit.kind === 'excerpt' || unit.kind === 'near' ? 'excerpt' : 'coded-reference',
      },
      nodes: result.nodes.map((n) => ({ id: n.id, label: labelOf(n.id), n: n.n })),
      matrix: { ids: result.nodes.map((n) => n.id), values: result.matrix.map((r) => r.map(round)), n12: result.counts },
      pairs: result.pairs.map(pairJson),
      top: topPairs ? topPairs.map((x) => ({ ...pairJson(x), examples: exampleJson(examples?.get(pairId(x.a, x.b)) ?? [], examplePaths.get(pairId(x.a, x.b)) ?? []) })) : null,
      leftOutAncestorPairs: result.leftOut,
      unbalancedRatio: UNBALANCED_RATIO,
      notes,
      provenance: provenanceJson(ws, scan.counts, warnings),
    };
    await emit(tables, json, flags, g);
    return EXIT_OK;
  }));
}

// ── flags ───────────────────────────────────────────────────────────────────────────────────

const LEVELS = ['code', 'lever', 'memoq'];

export function parseLevel(s: string, ws: Workspace): CooccurLevel {
  const v = s.trim();
  const low = v.toLowerCase();
  if (low === 'code' || low === 'codes') return { kind: 'code' };
  if (low === 'lever' || low === 'levers' || low === 'hefboom' || low === 'hefbomen') return { kind: 'framework', framework: 'levers' };
  if (low === 'memoq' || low === 'dimension' || low === 'dimensions') return { kind: 'framework', framework: 'memoq' };
  const loaded = [...ws.frameworks.keys()];
  if (low.startsWith('fw:')) {
    const id = v.slice(3);
    if (ws.frameworks.has(id)) return { kind: 'framework', framework: id };
    const near = closest(id, loaded, 1);
    throw new UsageError(`unknown framework "${id}" in --level ${v}`, `${near.length ? `did you mean "fw:${near[0]}"? ` : ''}loaded frameworks: ${loaded.join(', ')}`);
  }
  const valid = [...LEVELS, ...loaded.filter((f) => f !== 'levers' && f !== 'memoq').map((f) => `fw:${f}`)];
  const near = closest(low, valid, 1);
  throw new UsageError(`unknown --level "${v}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}levels: ${valid.join(', ')}`);
}

const UNITS = ['excerpt', 'overlap', 'near:N', 'within:N'];

export function parseUnit(s: string): CooccurUnit {
  const v = s.trim().toLowerCase();
  if (v === 'excerpt' || v === 'excerpts') return { kind: 'excerpt' };
  if (v === 'overlap') return { kind: 'overlap' };
  const m = /^(near|within)(?::(.*))?$/.exec(v);
  if (m) {
    const what = m[1] === 'near' ? 'excerpts' : 'characters';
    const example = m[1] === 'near' ? 'near:2' : 'within:200';
    const n = m[2] === undefined ? NaN : Number(m[2]);
    if (m[2] === undefined || m[2].trim() === '' || !Number.isInteger(n) || n < 0) {
      throw new UsageError(`--unit ${s} needs a whole number of ${what} ≥ 0 after "${m[1]}:"${m[2] === undefined ? '' : `, got "${m[2]}"`}`, `e.g. --unit ${example}`);
    }
    return { kind: m[1] as 'near' | 'within', n };
  }
  const near = closest(v.replace(/:.*$/, ''), ['excerpt', 'overlap', 'near', 'within'], 1);
  throw new UsageError(`unknown --unit "${s}"`, `${near.length ? `did you mean "${UNITS.find((u) => u.startsWith(near[0]))}"? ` : ''}units: ${UNITS.join(', ')}`);
}

export function parseMeasure(s: string): CooccurMeasure {
  const v = s.trim().toLowerCase();
  if ((COOCCUR_MEASURES as readonly string[]).includes(v)) return v as CooccurMeasure;
  if (v === 'c-coefficient' || v === 'c-index') return 'c';
  const near = closest(v, COOCCUR_MEASURES, 1);
  throw new UsageError(`unknown --measure "${s}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}measures: ${COOCCUR_MEASURES.join(', ')}`);
}

function levelName(l: CooccurLevel): string {
  if (l.kind === 'code') return 'code';
  return l.framework === 'levers' ? 'lever' : l.framework === 'memoq' ? 'memoq' : `fw:${l.framework}`;
}

/** Nothing to count is an input problem (exit 2) that says what is missing and how to fix it. */
function checkUsable(t: { excerpts: number; codedExcerpts: number; reachingExcerpts: number }, spec: CooccurSpec, flags: CooccurFlags, ws: Workspace, documents: number): void {
  const read = ws.files.slice(0, 3).map((f) => f.display).join(', ') + (ws.files.length > 3 ? ` and ${ws.files.length - 3} more` : '');
  if (!t.excerpts) {
    if (!isEmptySelection(spec.selection)) {
      const used = (['code', 'lever', 'memoq', 'fw', 'role', 'where'] as const).flatMap((k) => (flags[k] ?? []).map((v) => `--${k} ${v}`));
      if (flags.grep) used.push(`--grep ${flags.grep}`);
      throw new UsageError(`no excerpts match the selection (${used.join(' ')})`, 'loosen or drop a filter; `hefboom tally --by code` shows what the corpus holds');
    }
    throw new UsageError(`no excerpts to count: ${documents} document(s) read${read ? ` (${read})` : ''}`, 'check the `sources:` paths in hefboom.yaml, or give transcript files');
  }
  if (!t.codedExcerpts) {
    throw new UsageError(`the corpus has no codes: none of the ${t.excerpts} excerpts${read ? ` in ${read}` : ''} carries a coding`, 'code paragraphs with #tags (e.g. #feedback, #L3), or import a coded QDA project; co-occurrence needs at least two codes');
  }
  if (!t.reachingExcerpts) {
    const lv = levelName(spec.level);
    throw new UsageError(`none of the ${t.codedExcerpts} coded excerpts reaches a node of --level ${lv}`, spec.level.kind === 'framework' && spec.level.framework === 'levers'
      ? 'map codes to levers with `levers: [L3]` in codebook.yaml, tag levers directly (#L3), or use --level code'
      : `map codes with \`frameworks: {${spec.level.kind === 'framework' ? spec.level.framework : 'memoq'}: [...]}\` in codebook.yaml, or use --level code`);
  }
}

function nodeOrder(level: CooccurLevel, ws: Workspace): { id: string; always: boolean }[] {
  if (level.kind === 'framework') return (ws.frameworks.get(level.framework)?.nodes ?? []).map((n) => ({ id: n.id, always: true }));
  const out: { id: string; always: boolean }[] = [];
  const walk = (id: string) => {
    out.push({ id, always: false });
    for (const ch of ws.index.children(id)) walk(ch.id);
  };
  for (const r of ws.index.roots()) walk(r.id);
  return out;
}

function nodeLabelOf(level: CooccurLevel, id: string, ws: Workspace, lang: Lang): string {
  if (level.kind === 'framework') return nodeLabel(ws, level.framework, id, lang);
  return ws.index.code(id)?.label ?? id;
}

// ── output ──────────────────────────────────────────────────────────────────────────────────

const round = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 10000);

function levelWord(level: CooccurLevel, ws: Workspace, lang: Lang, plural = false): string {
  const nl = lang === 'nl';
  if (level.kind === 'code') return nl ? 'codes' : plural ? 'codes' : 'code';
  if (level.framework === 'levers') return nl ? 'hefbomen' : plural ? 'levers' : 'lever';
  if (level.framework === 'memoq') return nl ? 'MeMoQ-dimensies' : plural ? 'MeMoQ dimensions' : 'MeMoQ dimension';
  return frameworkLabel(ws, level.framework, lang);
}

function measureWord(m: CooccurMeasure, lang: Lang): string {
  const nl = lang === 'nl';
  return { count: nl ? 'aantal (n12)' : 'count (n12)', jaccard: 'Jaccard', c: nl ? 'c-coëfficiënt' : 'c-coefficient', lift: 'lift' }[m];
}

/** What n1, n2 and n12 count for this unit, in words. */
function unitNote(spec: CooccurSpec, total: number, lang: Lang): string {
  const u = spec.unit;
  const nl = lang === 'nl';
  switch (u.kind) {
    case 'excerpt': return nl
      ? `Eenheid: fragment (alinea). n = fragmenten die het knooppunt bereiken (elk fragment één keer); n12 = fragmenten die beide bereiken. N = ${total} fragmenten in de selectie, ook niet-gecodeerde.`
      : `Unit: excerpt (paragraph). n = excerpts that reach the node (each excerpt once); n12 = excerpts that reach both. N = ${total} excerpts in the selection, uncoded ones included.`;
    case 'near': return nl
      ? `Eenheid: near:${u.n}. n = fragmenten die het knooppunt bereiken; n12 = paren van een fragment met het ene en een fragment met het andere, hoogstens ${u.n} alinea's uit elkaar in hetzelfde document (hetzelfde fragment telt mee). ${total} fragmenten in de selectie.`
      : `Unit: near:${u.n}. n = excerpts that reach the node; n12 = pairs of an excerpt with one and an excerpt with the other at most ${u.n} paragraphs apart in the same document (the same excerpt included). ${total} excerpts in the selection.`;
    case 'overlap': return nl
      ? `Eenheid: overlap. n = gecodeerde passages (een passage over meerdere alinea's telt één keer) die het knooppunt bereiken; n12 = paren van een passage van het ene en een van het andere waarvan de spans (codepunten) overlappen in hetzelfde document; een passage die beide bereikt, vormt een paar met zichzelf.`
      : 'Unit: overlap. n = coded references (a reference across paragraphs counts once) that reach the node; n12 = pairs of a reference of one and a reference of the other whose spans (code points) intersect in the same document; a reference that reaches both pairs with itself.';
    case 'within': return nl
      ? `Eenheid: within:${u.n}. n = gecodeerde passages die het knooppunt bereiken; n12 = paren van een passage van het ene en een van het andere die hoogstens ${u.n} tekens (codepunten) uit elkaar liggen in hetzelfde document (overlap en aanraken tellen mee).`
      : `Unit: within:${u.n}. n = coded references that reach the node; n12 = pairs of a reference of one and a reference of the other at most ${u.n} characters (code points) apart in the same document (overlapping and touching included).`;
  }
}

function measureNote(m: CooccurMeasure, unit: CooccurUnit, lang: Lang): string {
  const nl = lang === 'nl';
  const excerpt = unit.kind === 'excerpt';
  switch (m) {
    case 'count': return nl ? 'Cel: n12, het aantal keer dat de twee samen voorkomen; de kolom n geeft n per knooppunt.' : 'Cell: n12, the number of co-occurrences; column n gives n per node.';
    case 'c': return nl
      ? `Cel: c-coëfficiënt van ATLAS.ti, c = n12 / (n1 + n2 − n12), 0 = nooit samen, 1 = altijd samen.${excerpt ? ' Met eenheid fragment is dat de Jaccard-index.' : ' n12 telt paren: bij overlappende passages kan c boven 1 komen of onbepaald zijn (—); zulke paren worden gemeld.'}`
      : `Cell: ATLAS.ti's c-coefficient, c = n12 / (n1 + n2 − n12), 0 = never together, 1 = always together.${excerpt ? ' With unit excerpt this is the Jaccard index.' : ' n12 counts pairs: with overlapping references c can exceed 1 or be undefined (—); such pairs are reported.'}`;
    case 'jaccard': return nl
      ? (excerpt ? 'Cel: Jaccard-index n12 / (n1 + n2 − n12) van de twee verzamelingen fragmenten (0–1); dezelfde formule als de c-coëfficiënt van ATLAS.ti.' : 'Cel: Jaccard, het aandeel van de voorkomens van een van beide dat samen met het andere voorkomt: (voorkomens van een van beide met een partner van het andere) / (voorkomens van een van beide) (0–1). Met eenheid fragment is dat n12 / (n1 + n2 − n12).')
      : (excerpt ? 'Cell: Jaccard index n12 / (n1 + n2 − n12) of the two sets of excerpts (0–1); the same formula as ATLAS.ti\'s c-coefficient.' : 'Cell: Jaccard, the share of the occurrences of either node that co-occur with the other: (occurrences of either with a partner of the other) / (occurrences of either) (0–1). With unit excerpt this is n12 / (n1 + n2 − n12).');
    case 'lift': return nl
      ? 'Cel: lift = n12 · N / (n1 · n2): 1 = zo vaak samen als bij toeval verwacht, 2 = dubbel zo vaak, onder 1 = minder vaak.'
      : 'Cell: lift = n12 · N / (n1 · n2): 1 = together as often as chance would give, 2 = twice as often, below 1 = less often.';
  }
}

function cooccurNotes(r: CooccurResult, spec: CooccurSpec, measure: CooccurMeasure, ws: Workspace, counts: { documents: number; doubleCoded: number }, warnings: number, flags: CooccurFlags, lang: Lang): string[] {
  const nl = lang === 'nl';
  const notes = [unitNote(spec, r.excerpts, lang), measureNote(measure, spec.unit, lang)];
  if (spec.level.kind === 'code') {
    notes.push(nl
      ? `Bovenliggende codes tellen hun subcodes mee; paren van een code met haar eigen voorouder of afstammeling zijn weggelaten (${r.leftOut}), want die komen door de optelling altijd samen voor. Codes die in de selectie niet voorkomen, staan er niet in.`
      : `Parent codes include their child codes; pairs of a code with its own ancestor or descendant are left out (${r.leftOut}), since the roll-up always makes them co-occur. Codes that do not occur in the selection are not listed.`);
  }
  const unbalanced = r.pairs.filter((p) => p.unbalanced);
  if (unbalanced.length) {
    const list = unbalanced.slice(0, 5).map((p) => `${p.a}–${p.b} (${p.n1}/${p.n2})`).join(', ');
    notes.push(nl
      ? `⚑ ${unbalanced.length} paar/paren waarvan het ene meer dan ${UNBALANCED_RATIO}× zo vaak voorkomt als het andere: c en Jaccard onderschatten dan het verband; kijk naar n12 / kleinste n. ${list}${unbalanced.length > 5 ? ' …' : ''}`
      : `⚑ ${unbalanced.length} pair(s) where one is over ${UNBALANCED_RATIO}× as frequent as the other: c and Jaccard then understate the link; look at n12 / the smaller n. ${list}${unbalanced.length > 5 ? ' …' : ''}`);
  }
  const outOfRange = r.pairs.filter((p) => p.outOfRange);
  if (outOfRange.length && measure === 'c') {
    notes.push(nl
      ? `⚑ ${outOfRange.length} paar/paren met c boven 1 of onbepaald: passages die elkaar overlappen vormen meerdere paren. Gebruik --measure jaccard (altijd 0–1) of lees n12.`
      : `⚑ ${outOfRange.length} pair(s) with c above 1 or undefined: overlapping references form several pairs. Use --measure jaccard (always 0–1) or read n12.`);
  }
  const coder = coderNote(flags.coder, counts.doubleCoded, ws, nl);
  if (coder) notes.push(coder);
  notes.push(nl ? `${counts.documents} documenten gelezen${warnings ? `, ${warnings} waarschuwing(en) (zie \`hefboom validate\`)` : ''}.` : `${counts.documents} documents read${warnings ? `, ${warnings} warning(s) (see \`hefboom validate\`)` : ''}.`);
  return notes;
}

function matrixTable(r: CooccurResult, measure: CooccurMeasure, level: CooccurLevel, unit: CooccurUnit, ws: Workspace, lang: Lang, labelOf: (id: string) => string, notes: string[]): Table {
  const nl = lang === 'nl';
  const columns: Column[] = [
    { key: 'id', label: 'id' },
    { key: 'label', label: nl ? 'label' : 'label' },
    { key: 'n', label: 'n', type: 'number' },
    ...r.nodes.map((n) => ({ key: `c:${n.id}`, label: n.id, type: 'number' as const })),
  ];
  const rows = r.nodes.map((n, i) => {
    const row: Record<string, Cell> = { id: n.id, label: labelOf(n.id), n: n.n };
    r.nodes.forEach((m, j) => { row[`c:${m.id}`] = i === j ? null : round(r.matrix[i][j]); });
    return row;
  });
  return {
    title: nl
      ? `Samen voorkomen van ${levelWord(level, ws, lang, true)} — eenheid ${unitName(unit)} — ${measureWord(measure, lang)}`
      : `Co-occurrence of ${levelWord(level, ws, lang, true)} — unit ${unitName(unit)} — ${measureWord(measure, lang)}`,
    columns,
    rows,
    notes,
  };
}

function shortText(s: string, max = 90): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  const cps = [...flat];
  return cps.length > max ? `${cps.slice(0, max - 1).join('')}…` : flat;
}

function exampleJson(list: CooccurExample[], paths: { excerpt: string; partner?: string }[]) {
  return list.map((e, i) => ({
    excerpt: e.excerpt.id,
    provenance: paths[i]?.excerpt ?? null,
    line: e.excerpt.line,
    text: shortText(e.excerpt.text),
    partner: e.partner ? { excerpt: e.partner.id, provenance: paths[i]?.partner ?? null, line: e.partner.line, text: shortText(e.partner.text) } : null,
  }));
}

function pairsTable(pairs: CooccurPair[], measure: CooccurMeasure, lang: Lang, labelOf: (id: string) => string, notes: string[],
  ex: { examples?: Map<string, CooccurExample[]>; examplePaths?: Map<string, { excerpt: string; partner?: string }[]> }): Table {
  const nl = lang === 'nl';
  const withExamples = !!ex.examples;
  const columns: Column[] = [
    { key: 'a', label: nl ? 'A' : 'A' },
    { key: 'labelA', label: nl ? 'label A' : 'label A' },
    { key: 'b', label: 'B' },
    { key: 'labelB', label: 'label B' },
    { key: 'n1', label: 'n1', type: 'number' },
    { key: 'n2', label: 'n2', type: 'number' },
    { key: 'n12', label: 'n12', type: 'number' },
    ...(measure === 'count' ? [] : [{ key: 'value', label: measureWord(measure, lang), type: 'number' as const }]),
    { key: 'ratio', label: nl ? 'verhouding' : 'ratio', type: 'number' },
    ...(withExamples ? [{ key: 'example1', label: nl ? 'voorbeeld 1' : 'example 1' }, { key: 'example2', label: nl ? 'voorbeeld 2' : 'example 2' }] : []),
  ];
  const flags: Record<number, string> = {};
  const rows = pairs.map((p, i) => {
    const row: Record<string, Cell> = {
      a: p.a, labelA: labelOf(p.a), b: p.b, labelB: labelOf(p.b), n1: p.n1, n2: p.n2, n12: p.n12,
      ratio: Number.isFinite(p.ratio) ? round(p.ratio) : null,
    };
    if (measure !== 'count') row.value = round(p.value);
    if (withExamples) {
      const id = pairId(p.a, p.b);
      const list = ex.examples!.get(id) ?? [];
      const paths = ex.examplePaths?.get(id) ?? [];
      list.slice(0, 2).forEach((e, k) => {
        const where = paths[k] ? `${paths[k].excerpt}${paths[k].partner ? ` + ${paths[k].partner}` : ''}` : e.excerpt.id;
        row[`example${k + 1}`] = `${where} “${shortText(e.excerpt.text, 70)}”`;
      });
    }
    if (measure === 'c' && p.outOfRange) flags[i] = nl ? 'c boven 1 of onbepaald: overlappende passages vormen meerdere paren' : 'c above 1 or undefined: overlapping references form several pairs';
    else if (p.unbalanced) flags[i] = nl ? `het ene komt meer dan ${UNBALANCED_RATIO}× zo vaak voor als het andere: c en Jaccard onderschatten dan het verband` : `one is over ${UNBALANCED_RATIO}× as frequent as the other: c and Jaccard then understate the link`;
    return row;
  });
  return {
    title: withExamples
      ? (nl ? `Sterkste ${pairs.length} paren — ${measureWord(measure, lang)}` : `Strongest ${pairs.length} pairs — ${measureWord(measure, lang)}`)
      : (nl ? `Paren die samen voorkomen — ${measureWord(measure, lang)}` : `Pairs that co-occur — ${measureWord(measure, lang)}`),
    columns,
    rows,
    notes,
    flags,
  };
}
