/**
 * `hefboom crosstab`: codes, levers, dimensions or framework nodes × an attribute or role, with row
 * and column percentages and a test per row (DESIGN.md §7, §9). Counting is tally's; the tests and
 * the tables are built from the finished tally.
 */
import type { Command } from 'commander';
import type { Workspace } from '../io/workspace.js';
import { scanCorpus } from '../io/corpus.js';
import { scanTask } from './scan-parallel.js';
import { closest } from '../model/issues.js';
import { emptyPartial, finishTally, mergePartial, type TallyBy, type TallySpec, type TallyUnit } from '../analysis/tally.js';
import { hiddenCellText, suppressSmallCells } from '../analysis/suppress.js';
import { DERIVED_ATTRIBUTES, MISSING } from '../analysis/attributes.js';
import type { CrosstabResult, CrosstabTestChoice, RowTest } from '../analysis/crosstab.js';
import type { Cell, Column, Table } from '../report/table.js';
import type { Selection } from '../analysis/select.js';
import { act, emit, globals, intOption, openProject, outputFormat, progress, say, stopOnIssues, UsageError, withOutput, EXIT_OK, version, provenanceJson } from './common.js';
import { addSelectionOptions, selectionFrom, type SelectionFlags, selectionJson } from './selection.js';
import { frameworkLabel, nodeLabel } from './labels.js';

interface CrosstabFlags extends SelectionFlags {
  rows: string;
  cols?: string;
  unit: string;
  percent?: string;
  test: string;
  minExpected: string;
  samples: string;
  seed: string;
  suppressBelow?: string;
  coder?: string;
  codebook?: string;
  format?: string;
  out?: string;
  csvDialect?: string;
}

type Lang = 'nl' | 'en';
type PercentMode = 'row' | 'col' | 'both';

const CROSSTAB_UNITS: readonly TallyUnit[] = ['excerpts', 'documents', 'speakers'];
const TEST_CHOICES: readonly CrosstabTestChoice[] = ['auto', 'chisq', 'fisher'];
/** Fisher's enumeration budget: about 0.2 s per row, then seeded Monte Carlo (stated in the method). */
const FISHER_MAX_WORK = 1e6;

export function registerCrosstab(program: Command): void {
  const cmd = program
    .command('crosstab')
    .option('-r, --rows <what>', 'rows: code | lever | memoq | fw:ID', 'lever')
    .option('-c, --cols <attr>', 'columns: role, speaker, document, coder or any attribute (site, year, source_type …)')
    .option('-u, --unit <unit>', 'what is counted: excerpts | documents | speakers', 'excerpts')
    .option('--percent <which>', 'add percentage tables: row | col | both')
    .option('--test <which>', 'test per row: auto (χ², Fisher when an expected count is small) | chisq | fisher', 'auto')
    .option('--min-expected <n>', 'auto: use Fisher when an expected count is below N', '5')
    .option('--samples <n>', 'Fisher Monte Carlo samples when exact enumeration is too large', '10000')
    .option('--seed <n>', 'seed of the Fisher Monte Carlo (same seed, same p)', '1')
    .option('--suppress-below <n>', 'replace counts below N in breakdowns by "<N" (small-cell suppression)');
  addSelectionOptions(cmd);
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom crosstab --rows lever --cols role
  hefboom crosstab -p examples/werkplekleren --rows memoq --cols site --percent both
  hefboom crosstab --rows code --cols source_type --unit documents --format md
  hefboom crosstab --rows lever --cols site --where source_type=interview,focusgroep --format json
  hefboom crosstab --rows lever --cols role --suppress-below 5 --format csv --out kruistabel.csv
`);
  cmd.action(act(async (files: string[], flags: CrosstabFlags, c: Command) => {
    const g = globals(c);
    // Flags that need no project are checked first: a typo should not wait for the corpus.
    const unit = parseUnit(flags.unit);
    const percent = parsePercent(flags.percent);
    const test = parseTest(flags.test);
    const minExpected = intOption('--min-expected', flags.minExpected, 1) ?? 5;
    const samples = intOption('--samples', flags.samples, 1) ?? 10000;
    const seed = intOption('--seed', flags.seed, 0) ?? 1;
    outputFormat(flags);
    const ws = await openProject(g, { files, codebook: flags.codebook });
    const by = parseRows(flags.rows, ws);
    const selection = selectionFrom(flags, ws);
    if (!flags.cols) {
      const keys = await attributeKeys(ws, flags.coder);
      throw new UsageError('crosstab needs --cols', `columns can be: ${keys.join(', ')}`);
    }
    const cols = flags.cols.trim();
    const spec: TallySpec = { by, across: cols, unit, selection };
    const p = await progress('counting', g);
    const scan = await scanTask(ws, { name: 'tally', spec }, { coder: flags.coder, onProgress: p.update });
    p.stop();
    const issues = [...ws.issues, ...scan.issues];
    stopOnIssues(issues, g);
    const merged = scan.chosen.reduce((acc, d) => mergePartial(acc, d.summary), emptyPartial(unit));
    const lang: Lang = g.lang ?? ws.project.language;
    const rows = fixedRows(by, ws, lang);
    const tally = finishTally(merged, spec, {
      fixedRows: rows,
      rowLabel: (id) => rowLabel(by, id, ws, lang),
      colLabel: (id) => columnLabel(cols, id, ws, lang),
      colOrder: cols === 'role' ? ws.roles.roles.map((r) => r.id) : undefined,
      minVoice: 0,
    });

    // An attribute nobody has puts every unit in (missing): tell a typo from a real but empty attribute.
    const derived = (DERIVED_ATTRIBUTES as readonly string[]).includes(cols);
    if (!derived && tally.columns.every((col) => col.id === MISSING)) {
      const keys = await attributeKeys(ws, flags.coder);
      if (!keys.includes(cols)) {
        throw new UsageError(`unknown attribute "${cols}" in --cols`, `attributes that exist, closest first: ${closestFirst(cols, keys).join(', ')}`);
      }
    }
    if (tally.total === 0) {
      throw new UsageError(
        `the selection holds no ${unit}: nothing to cross`,
        describeSelection(flags) ? `no ${unit} match ${describeSelection(flags)}; widen the filters (\`hefboom quotes\` with the same filters shows what matches)` : 'the project has no readable units; `hefboom validate` lists what was read',
      );
    }
    if (flags.coder && scan.counts.notCodedByCoder) say(`${scan.counts.notCodedByCoder} document(s) not coded by ${flags.coder} were left out`, g);

    const { crosstab } = await import('../analysis/crosstab.js'); // loads the statistics only for this command
    const result = crosstab(tally, { test, minExpected, samples, seed, maxWork: FISHER_MAX_WORK });
    if (result.testsSkipped === 'one-column') say(`only one column value (${result.columns[0]?.label ?? '—'}): no test is possible; the table is printed without tests`, g);
    if (result.testsSkipped === 'columns-overlap') say('a unit falls in several columns: no test is possible (use --unit excerpts or a document attribute); the table is printed without tests', g);

    const suppressBelow = intOption('--suppress-below', flags.suppressBelow, 0) ?? ws.project.report.suppress_below ?? 0;
    const warnings = issues.filter((i) => i.severity === 'warning').length;
    const ctx: Context = { by, cols, unit, flags, selection, ws, lang, percent, suppressBelow, warnings, counts: scan.counts, test, minExpected, samples, seed, depths: new Map(rows.map((r) => [r.id, r.depth])) };
    const { tables, json } = present(result, ctx);
    await emit(tables, json, flags, g);
    return EXIT_OK;
  }));
}

interface Context {
  by: TallyBy;
  cols: string;
  unit: TallyUnit;
  flags: CrosstabFlags;
  selection: Selection;
  ws: Workspace;
  lang: Lang;
  percent: PercentMode | null;
  suppressBelow: number;
  warnings: number;
  counts: { files: number; documents: number; doubleCoded: number };
  test: CrosstabTestChoice;
  minExpected: number;
  samples: number;
  seed: number;
  depths: Map<string, number>;
}

function parseUnit(u: string): TallyUnit {
  const norm = u.toLowerCase().replace(/s$/, '');
  if (norm === 'coding') {
    throw new UsageError('--unit codings does not work for crosstab', 'a test compares units with and without a row, and a coding is never "without"; use excerpts, documents or speakers (or `hefboom tally --unit codings` for counts)');
  }
  const found = CROSSTAB_UNITS.find((t) => t.replace(/s$/, '') === norm);
  if (!found) throw new UsageError(`unknown --unit "${u}"`, `units: ${CROSSTAB_UNITS.join(', ')} (singular works too)`);
  return found;
}

function parsePercent(p: string | undefined): PercentMode | null {
  if (p === undefined) return null;
  const v = p.toLowerCase();
  if (v === 'row' || v === 'rows') return 'row';
  if (v === 'col' || v === 'cols' || v === 'column' || v === 'columns') return 'col';
  if (v === 'both' || v === 'all') return 'both';
  throw new UsageError(`unknown --percent "${p}"`, 'use --percent row, col or both');
}

function parseTest(t: string): CrosstabTestChoice {
  const v = t.toLowerCase().replace(/^chi2$|^chi-square$|^chisquare$/, 'chisq');
  const found = TEST_CHOICES.find((x) => x === v);
  if (!found) throw new UsageError(`unknown --test "${t}"`, `tests: ${TEST_CHOICES.join(', ')}`);
  return found;
}

/** Rows are codes or framework nodes only: tests compare units with and without a row. */
function parseRows(rows: string, ws: Workspace): TallyBy {
  const r = rows.trim();
  const low = r.toLowerCase();
  if (low === 'code' || low === 'codes') return { kind: 'code' };
  if (low === 'lever' || low === 'levers' || low === 'hefboom' || low === 'hefbomen') return { kind: 'framework', framework: 'levers' };
  if (low === 'memoq' || low === 'dimension' || low === 'dimensions' || low === 'dimensie') return { kind: 'framework', framework: 'memoq' };
  const kinds = ['code', 'lever', 'memoq', ...[...ws.frameworks.keys()].filter((k) => k !== 'levers' && k !== 'memoq').map((k) => `fw:${k}`)];
  if (low.startsWith('fw:')) {
    const id = r.slice(3);
    if (ws.frameworks.has(id)) return { kind: 'framework', framework: id };
    const near = closest(id, ws.frameworks.keys(), 1);
    throw new UsageError(`unknown framework "${id}" in --rows`, `${near.length ? `did you mean "fw:${near[0]}"? ` : ''}loaded frameworks: ${[...ws.frameworks.keys()].join(', ')}`);
  }
  const near = closest(r, kinds, 1);
  throw new UsageError(
    `unknown --rows "${r}"`,
    `${near.length ? `did you mean "${near[0]}"? ` : ''}rows are: ${kinds.join(', ')}${kinds.some((k) => k.startsWith('fw:')) ? '' : ', fw:ID (a framework of the project)'}; to cross two attributes use \`hefboom tally --by ${r} --across ATTR\``,
  );
}

/** Every attribute key of the (coder-chosen) documents, plus the derived ones. Only read on error paths. */
async function attributeKeys(ws: Workspace, coder?: string): Promise<string[]> {
  const scan = await scanCorpus(ws, (doc) => {
    const keys = new Set<string>(Object.keys(doc.attributes));
    for (const x of doc.excerpts) for (const k of Object.keys(x.attributes)) keys.add(k);
    return [...keys];
  }, { coder });
  const found = new Set<string>();
  for (const d of scan.chosen) for (const k of d.summary) found.add(k);
  return [...['role', 'speaker', 'document', 'coder'], ...[...found].sort()];
}

/** All keys, the closest matches first, then the others in their order. */
function closestFirst(wanted: string, keys: string[]): string[] {
  const near = closest(wanted, keys, keys.length);
  return [...near, ...keys.filter((k) => !near.includes(k))];
}

function describeSelection(f: CrosstabFlags): string {
  const parts: string[] = [];
  for (const [flag, vals] of [['--code', f.code], ['--lever', f.lever], ['--memoq', f.memoq], ['--fw', f.fw], ['--role', f.role], ['--where', f.where]] as const) {
    for (const v of vals ?? []) parts.push(`${flag} ${v}`);
  }
  if (f.grep) parts.push(`--grep ${f.grep}`);
  if (f.coder) parts.push(`--coder ${f.coder}`);
  return parts.join(' ');
}

function fixedRows(by: TallyBy, ws: Workspace, lang: Lang): { id: string; label: string; depth: number }[] {
  if (by.kind === 'framework') return ws.frameworks.get(by.framework)!.nodes.map((n) => ({ id: n.id, label: n.label[lang], depth: 0 }));
  const out: { id: string; label: string; depth: number }[] = [];
  const walk = (id: string, depth: number) => {
    out.push({ id, label: ws.index.code(id)!.label, depth });
    for (const ch of ws.index.children(id)) walk(ch.id, depth + 1);
  };
  for (const r of ws.index.roots()) walk(r.id, 0);
  return out;
}

function rowLabel(by: TallyBy, id: string, ws: Workspace, lang: Lang): string {
  if (by.kind === 'framework') return nodeLabel(ws, by.framework, id, lang);
  return ws.index.code(id)?.label ?? (lang === 'nl' ? `${id} (niet in codeboek)` : `${id} (not in codebook)`);
}

const missingLabel = (lang: Lang) => (lang === 'nl' ? '(ontbrekend)' : '(missing)');

function columnLabel(cols: string, id: string, ws: Workspace, lang: Lang): string {
  if (cols === 'role') return ws.roles.label(id, lang);
  return id === MISSING ? missingLabel(lang) : id;
}

function rowsWord(by: TallyBy, ws: Workspace, lang: Lang): string {
  if (by.kind === 'code') return 'code';
  if (by.kind === 'attribute') return by.key;
  if (by.framework === 'levers') return lang === 'nl' ? 'hefboom' : 'lever';
  if (by.framework === 'memoq') return lang === 'nl' ? 'MeMoQ-dimensie' : 'MeMoQ dimension';
  return frameworkLabel(ws, by.framework, lang);
}

function rowsKey(by: TallyBy): string {
  if (by.kind === 'code') return 'code';
  if (by.kind === 'attribute') return by.key;
  return by.framework === 'levers' ? 'lever' : by.framework === 'memoq' ? 'memoq' : `fw:${by.framework}`;
}

function colsWord(cols: string, lang: Lang): string {
  const nl: Record<string, string> = { role: 'rol', speaker: 'spreker', document: 'document', coder: 'codeur' };
  return lang === 'nl' ? nl[cols] ?? cols : cols;
}

function unitWord(unit: TallyUnit, lang: Lang): string {
  const nl: Record<TallyUnit, string> = { excerpts: 'fragmenten (alinea\'s)', documents: 'documenten', speakers: 'sprekers', codings: 'coderingen' };
  const en: Record<TallyUnit, string> = { excerpts: 'excerpts (paragraphs)', documents: 'documents', speakers: 'speakers', codings: 'codings' };
  return (lang === 'nl' ? nl : en)[unit];
}

/** p-values for people: three decimals, and "<0.001" below that (csv/json keep full precision). */
function formatP(p: number | null): string | null {
  if (p === null) return null;
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Build the count table, the percentage tables, the tests table and the JSON object. */
function present(r: CrosstabResult, ctx: Context): { tables: Table[]; json: unknown } {
  const { lang, ws, suppressBelow } = ctx;
  const nl = lang === 'nl';
  const colIds = r.columns.map((c) => c.id);
  const human = ctx.flags.format === undefined || ctx.flags.format === 'table' || ctx.flags.format === 'md';
  const rowWord = rowsWord(ctx.by, ws, lang);
  const colWord = colsWord(ctx.cols, lang);
  const unit = unitWord(ctx.unit, lang);
  const indent = (id: string) => (human ? '\u00a0\u00a0'.repeat(ctx.depths.get(id) ?? 0) : '');

  // Suppression covers the breakdown cells, the uncoded row included (it is a breakdown too).
  const body = [...r.rows.map((row) => colIds.map((c) => row.cells[c])), ...(r.uncoded ? [colIds.map((c) => r.uncoded!.cells[c])] : [])];
  const hidden = suppressBelow > 0 ? suppressSmallCells(body, suppressBelow, { rowTotals: true, colTotals: true }) : body.map((m) => m.map(() => false));
  const uncodedIndex = r.rows.length;
  const isHidden = (i: number, c: string) => hidden[i][colIds.indexOf(c)];
  const countOf = (i: number, c: string, v: number): Cell => (isHidden(i, c) ? hiddenCellText(v, suppressBelow) : v);
  const pctOf = (i: number, c: string, v: number | null): number | null => (isHidden(i, c) ? null : v);

  const missingInTests = colIds.includes(MISSING) && !r.testsSkipped;
  const countNotes = countTableNotes(r, ctx, unit, missingInTests);
  const colColumns = (prefix: string, type: Column['type']): Column[] => r.columns.map((c) => ({ key: `${prefix}${c.id}`, label: c.label, type }));

  const counts: Table = {
    title: nl ? `Kruistabel ${rowWord} × ${colWord} — ${unit}` : `Crosstab ${rowWord} × ${colWord} — ${unit}`,
    columns: [{ key: 'id', label: 'id' }, { key: 'label', label: rowWord }, ...colColumns('c:', 'number'), { key: 'n', label: 'n', type: 'number' }, { key: 'percent', label: '%', type: 'percent' }],
    rows: [],
    notes: countNotes,
  };
  r.rows.forEach((row, i) => {
    const out: Record<string, Cell> = { id: row.id, label: `${indent(row.id)}${row.label}`, n: row.n, percent: row.percent };
    for (const c of colIds) out[`c:${c}`] = countOf(i, c, row.cells[c]);
    counts.rows.push(out);
  });
  const uncodedLabel = nl ? '— niet gecodeerd —' : '— not coded —';
  const unitsLabel = nl ? 'eenheden (noemer)' : 'units (denominator)';
  if (r.uncoded) {
    const out: Record<string, Cell> = { id: '(uncoded)', label: uncodedLabel, n: r.uncoded.n, percent: r.uncoded.percent };
    for (const c of colIds) out[`c:${c}`] = countOf(uncodedIndex, c, r.uncoded.cells[c]);
    counts.rows.push(out);
  }
  const unitsRow: Record<string, Cell> = { id: '(units)', label: unitsLabel, n: r.total, percent: r.total ? 100 : null };
  for (const col of r.columns) unitsRow[`c:${col.id}`] = col.units;
  counts.rows.push(unitsRow);
  const tables: Table[] = [counts];

  if (ctx.percent === 'row' || ctx.percent === 'both') {
    const t: Table = {
      title: nl ? `Rijpercentages — ${rowWord} × ${colWord}` : `Row percentages — ${rowWord} × ${colWord}`,
      columns: [{ key: 'id', label: 'id' }, { key: 'label', label: rowWord }, ...colColumns('r:', 'percent'), { key: 'n', label: 'n', type: 'number' }],
      rows: [],
      notes: [nl
        ? `Rijpercentage = cel / n van de rij × 100: hoe de ${unit} met deze rij over de kolommen verdeeld zijn; elke rij telt op tot 100 % (op afronding na)${r.columnsOverlap ? ', behalve waar een eenheid onder meerdere kolommen valt' : ''}. De rij (units) is de verdeling van alle eenheden: de rij zou zo verdeeld zijn zonder verband.`
        : `Row percentage = cell / the row's n × 100: how the ${unit} with this row spread over the columns; each row adds up to 100% (up to rounding)${r.columnsOverlap ? ', except where a unit falls in several columns' : ''}. The (units) row is how all units spread: a row would look like it without any association.`],
    };
    r.rows.forEach((row, i) => {
      const out: Record<string, Cell> = { id: row.id, label: `${indent(row.id)}${row.label}`, n: row.n };
      for (const c of colIds) out[`r:${c}`] = pctOf(i, c, row.rowPercents[c]);
      t.rows.push(out);
    });
    if (r.uncoded) {
      const out: Record<string, Cell> = { id: '(uncoded)', label: uncodedLabel, n: r.uncoded.n };
      for (const c of colIds) out[`r:${c}`] = pctOf(uncodedIndex, c, r.uncoded.rowPercents[c]);
      t.rows.push(out);
    }
    const shares: Record<string, Cell> = { id: '(units)', label: unitsLabel, n: r.total };
    for (const c of colIds) shares[`r:${c}`] = r.columnShares[c];
    t.rows.push(shares);
    tables.push(t);
  }
  if (ctx.percent === 'col' || ctx.percent === 'both') {
    const t: Table = {
      title: nl ? `Kolompercentages — ${rowWord} × ${colWord}` : `Column percentages — ${rowWord} × ${colWord}`,
      columns: [{ key: 'id', label: 'id' }, { key: 'label', label: rowWord }, ...colColumns('k:', 'percent'), { key: 'percent', label: nl ? 'alle' : 'all', type: 'percent' }],
      rows: [],
      notes: [nl
        ? `Kolompercentage = cel / eenheden van de kolom × 100 (niet-gecodeerde eenheden inbegrepen): het aandeel van de kolom dat deze rij draagt. ${r.multi ? 'Omdat één eenheid onder meerdere rijen kan vallen, tellen de kolommen niet op tot 100 %.' : 'Rijen plus (uncoded) tellen per kolom op tot 100 % (op afronding na).'}`
        : `Column percentage = cell / the column's units × 100 (uncoded units included): the share of the column that carries this row. ${r.multi ? 'Because a unit can fall in several rows, columns do not add up to 100%.' : 'Rows plus (uncoded) add up to 100% per column (up to rounding).'}`],
    };
    r.rows.forEach((row, i) => {
      const out: Record<string, Cell> = { id: row.id, label: `${indent(row.id)}${row.label}`, percent: row.percent };
      for (const c of colIds) out[`k:${c}`] = pctOf(i, c, row.colPercents[c]);
      t.rows.push(out);
    });
    if (r.uncoded) {
      const out: Record<string, Cell> = { id: '(uncoded)', label: uncodedLabel, percent: r.uncoded.percent };
      for (const c of colIds) out[`k:${c}`] = pctOf(uncodedIndex, c, r.uncoded.colPercents[c]);
      t.rows.push(out);
    }
    const hundred: Record<string, Cell> = { id: '(units)', label: unitsLabel, percent: r.total ? 100 : null };
    for (const col of r.columns) hundred[`k:${col.id}`] = col.units ? 100 : null;
    t.rows.push(hundred);
    tables.push(t);
  }

  // Under suppression, a χ² statistic or a residual could give a hidden count back (the margins are
  // shown): for rows with a hidden cell the statistic and those residuals are withheld, V is rounded.
  const shownTests: ShownTest[] = r.tests.map((x, i) => {
    if (!hidden[i].some(Boolean) || x.test === null) return x;
    return {
      ...x,
      statistic: null,
      cramersV: x.cramersV === null ? null : round(x.cramersV, 2),
      residuals: Object.fromEntries(Object.entries(x.residuals ?? {}).map(([c, v]) => [c, isHidden(i, c) ? null : v])),
      maxResidual: x.maxResidual && isHidden(i, x.maxResidual.column) ? { column: x.maxResidual.column, value: null } : x.maxResidual,
    };
  });
  const withheld = shownTests.some((x, i) => x.test !== null && hidden[i].some(Boolean));

  const colLabelOf = new Map(r.columns.map((c) => [c.id, c.label]));
  const testNotes = testTableNotes(r, ctx, missingInTests, withheld);
  if (!r.testsSkipped) {
    const t: Table = {
      title: nl ? `Toetsen per ${rowWord}: aanwezig/afwezig × ${colWord}` : `Tests per ${rowWord}: present/absent × ${colWord}`,
      columns: [
        { key: 'id', label: 'id' },
        { key: 'label', label: rowWord },
        { key: 'test', label: nl ? 'toets' : 'test' },
        { key: 'statistic', label: 'χ²', type: 'number' },
        { key: 'df', label: 'df', type: 'number' },
        { key: 'p', label: 'p', type: 'number' },
        { key: 'pHolm', label: 'p (Holm)', type: 'number' },
        { key: 'cramersV', label: nl ? 'Cramérs V' : "Cramér's V", type: 'number' },
        { key: 'maxResidual', label: nl ? 'grootste residu' : 'largest residual', type: 'number' },
        { key: 'maxResidualColumn', label: nl ? 'in kolom' : 'in column' },
      ],
      rows: shownTests.map((x) => ({
        id: x.row,
        label: `${indent(x.row)}${x.label}`,
        test: testName(x, lang),
        statistic: x.statistic,
        df: x.df,
        p: human ? formatP(x.p) : x.p,
        pHolm: human ? formatP(x.pHolm) : x.pHolm,
        cramersV: x.cramersV,
        maxResidual: x.maxResidual?.value ?? null,
        maxResidualColumn: x.maxResidual ? colLabelOf.get(x.maxResidual.column) ?? x.maxResidual.column : null,
      })),
      notes: testNotes,
    };
    tables.push(t);
  } else {
    counts.notes.push(...testNotes);
  }

  const json = {
    hefboom: version(),
    command: 'crosstab',
    rowVariable: rowsKey(ctx.by),
    columnVariable: ctx.cols,
    unit: ctx.unit,
    coder: ctx.flags.coder ?? null,
    selection: selectionJson(ctx.selection),
    percent: ctx.percent,
    denominator: { total: r.total, columns: Object.fromEntries(r.columns.map((c) => [c.id, c.units])) },
    columns: r.columns.map((c) => ({ id: c.id, label: c.label, units: c.units, share: r.columnShares[c.id] })),
    rows: r.rows.map((row, i) => ({
      id: row.id,
      label: row.label,
      n: row.n,
      percent: row.percent,
      cells: Object.fromEntries(colIds.map((c) => [c, countOf(i, c, row.cells[c])])),
      rowPercents: Object.fromEntries(colIds.map((c) => [c, pctOf(i, c, row.rowPercents[c])])),
      colPercents: Object.fromEntries(colIds.map((c) => [c, pctOf(i, c, row.colPercents[c])])),
    })),
    uncoded: r.uncoded ? {
      n: r.uncoded.n,
      percent: r.uncoded.percent,
      cells: Object.fromEntries(colIds.map((c) => [c, countOf(uncodedIndex, c, r.uncoded!.cells[c])])),
      rowPercents: Object.fromEntries(colIds.map((c) => [c, pctOf(uncodedIndex, c, r.uncoded!.rowPercents[c])])),
      colPercents: Object.fromEntries(colIds.map((c) => [c, pctOf(uncodedIndex, c, r.uncoded!.colPercents[c])])),
    } : null,
    multiCoded: r.multi,
    columnsOverlap: r.columnsOverlap,
    testRule: { test: ctx.test, minExpected: ctx.minExpected, samples: ctx.samples, seed: ctx.seed, adjustment: 'holm', tested: r.tested },
    testsSkipped: r.testsSkipped,
    tests: shownTests.map((x) => ({
      row: x.row,
      label: x.label,
      present: x.present,
      absent: x.absent,
      test: x.test,
      method: x.method,
      statistic: x.statistic,
      df: x.df,
      p: x.p,
      pHolm: x.pHolm,
      cramersV: x.cramersV,
      maxResidual: x.maxResidual,
      residuals: x.residuals,
      minExpected: x.minExpected,
      untested: x.untested,
    })),
    suppressBelow,
    notes: tables.flatMap((t) => t.notes),
    provenance: provenanceJson(ws, ctx.counts, ctx.warnings),
  };
  return { tables, json };
}

/** A row test as shown: under suppression some values are withheld (null). */
type ShownTest = Omit<RowTest, 'residuals' | 'maxResidual'> & {
  residuals: Record<string, number | null> | null;
  maxResidual: { column: string; value: number | null } | null;
};

function testName(x: ShownTest, lang: Lang): string {
  const nl = lang === 'nl';
  if (x.untested === 'never-present') return nl ? '— komt niet voor' : '— never present';
  if (x.untested === 'always-present') return nl ? '— in elke eenheid' : '— in every unit';
  if (x.test === 'chisq') return 'χ²';
  return x.method?.includes('Monte Carlo') ? 'Fisher (Monte Carlo)' : 'Fisher';
}

function countTableNotes(r: CrosstabResult, ctx: Context, unit: string, missingInTests: boolean): string[] {
  const nl = ctx.lang === 'nl';
  const notes: string[] = [];
  const perColumn = r.columns.map((c) => `${c.label} ${c.units}`).join(', ');
  notes.push(nl
    ? `Eenheid: ${unit}. Noemer: alle ${r.total} eenheden in de selectie, ook niet-gecodeerde, per kolom (${perColumn}).`
    : `Unit: ${unit}. Denominator: all ${r.total} units in the selection, uncoded ones included, per column (${perColumn}).`);
  notes.push(nl
    ? `Eén eenheid kan onder meerdere rijen vallen (meervoudig gecodeerd, of via een bovenliggende code)${r.multi ? ' en dat gebeurt hier' : ''}: de volledige tabel is beschrijvend; getoetst wordt per rij.`
    : `A unit can fall in several rows (multi-coded, or through a parent code)${r.multi ? ', and some do here' : ''}: the full table is descriptive; tests run per row.`);
  if (r.columnsOverlap) {
    notes.push(nl
      ? 'Een eenheid valt hier onder meerdere kolommen (bv. een document met meerdere rollen): de kolommen tellen op tot meer dan het totaal.'
      : 'A unit falls in several columns here (e.g. a document with several roles): the columns add up to more than the total.');
  }
  if (ctx.by.kind === 'code') notes.push(nl ? 'Bovenliggende codes tellen hun subcodes mee (elke eenheid één keer).' : 'Parent codes include their child codes (each unit once).');
  if (r.columns.some((c) => c.id === MISSING)) {
    notes.push(nl
      ? `(ontbrekend): eenheden zonder waarde voor ${ctx.cols}; ze worden geteld, niet weggelaten${missingInTests ? ', en doen mee in de toetsen (laat ze weg met --where)' : ''}.`
      : `(missing): units without a value for ${ctx.cols}; counted, not dropped${missingInTests ? ', and part of the tests (leave them out with --where)' : ''}.`);
  }
  if (ctx.flags.coder) notes.push(nl ? `Codeur: ${ctx.flags.coder}.` : `Coder: ${ctx.flags.coder}.`);
  else if (ctx.counts.doubleCoded) {
    notes.push(nl
      ? `Codeur: per document één codeur (primaire codeur ${ctx.ws.project.primaryCoder ?? '—'}); ${ctx.counts.doubleCoded} document(en) dubbel gecodeerd.`
      : `Coder: one coder per document (primary coder ${ctx.ws.project.primaryCoder ?? '—'}); ${ctx.counts.doubleCoded} document(s) double-coded.`);
  }
  if (ctx.suppressBelow > 0) notes.push(nl ? `Aantallen onder ${ctx.suppressBelow} in uitsplitsingen zijn vervangen door <${ctx.suppressBelow}.` : `Counts below ${ctx.suppressBelow} in breakdowns are shown as <${ctx.suppressBelow}.`);
  notes.push(nl
    ? `${ctx.counts.documents} documenten gelezen${ctx.warnings ? `, ${ctx.warnings} waarschuwing(en) (zie \`hefboom validate\`)` : ''}.`
    : `${ctx.counts.documents} documents read${ctx.warnings ? `, ${ctx.warnings} warning(s) (see \`hefboom validate\`)` : ''}.`);
  return notes;
}

function testTableNotes(r: CrosstabResult, ctx: Context, missingInTests: boolean, withheld: boolean): string[] {
  const nl = ctx.lang === 'nl';
  if (r.testsSkipped === 'one-column') {
    return [nl
      ? `Slechts één kolomwaarde (${r.columns[0]?.label ?? '—'}): geen toets mogelijk.`
      : `Only one column value (${r.columns[0]?.label ?? '—'}): no test is possible.`];
  }
  if (r.testsSkipped === 'columns-overlap') {
    return [nl
      ? 'Geen toetsen: een toets vraagt dat elke eenheid in precies één kolom valt. Gebruik --unit excerpts of een kolom per document (site, source_type …).'
      : 'No tests: a test needs every unit in exactly one column. Use --unit excerpts, or a column that is one value per document (site, source_type …).'];
  }
  const notes: string[] = [];
  notes.push(nl
    ? `Per rij een toets op de 2×${r.columns.length}-tabel: eenheden met / zonder deze rij × de kolommen.`
    : `One test per row on its 2×${r.columns.length} table: units with / without the row × the columns.`);
  const rule = ctx.test === 'auto'
    ? (nl
      ? `Toetskeuze: Pearsons χ² (zonder continuïteitscorrectie); Fisher's exacte toets zodra een verwachte frequentie kleiner is dan ${ctx.minExpected}.`
      : `Test choice: Pearson's χ² (no continuity correction); Fisher's exact test as soon as an expected count is below ${ctx.minExpected}.`)
    : ctx.test === 'chisq'
      ? (nl ? 'Toets: Pearsons χ² voor elke rij (--test chisq).' : "Test: Pearson's χ² for every row (--test chisq).")
      : (nl ? "Toets: Fisher's exacte toets voor elke rij (--test fisher)." : "Test: Fisher's exact test for every row (--test fisher).");
  notes.push(rule);
  const fisher = r.tests.filter((x) => x.test === 'fisher');
  if (fisher.length) {
    const mc = fisher.filter((x) => x.method?.includes('Monte Carlo')).length;
    notes.push(nl
      ? `Fisher: exacte enumeratie${mc ? `; voor ${mc} rij(en) was die te groot en is p geschat met Monte Carlo (${ctx.samples} trekkingen, seed ${ctx.seed})` : ''}.`
      : `Fisher: exact enumeration${mc ? `; for ${mc} row(s) it was too large and p was estimated by Monte Carlo (${ctx.samples} samples, seed ${ctx.seed})` : ''}.`);
  }
  const small = r.tests.filter((x) => x.test === 'chisq' && x.minExpected !== null && x.minExpected < 5).length;
  if (small) notes.push(nl ? `Let op: ${small} χ²-toets(en) met een verwachte frequentie onder 5; de benadering kan dan slecht zijn.` : `Note: ${small} χ² test(s) with an expected count below 5; the approximation may then be poor.`);
  notes.push(nl
    ? `p (Holm): aangepast voor ${r.tested} getoetste rij(en) (Holm 1979).`
    : `p (Holm): adjusted for ${r.tested} tested row(s) (Holm 1979).`);
  notes.push(nl
    ? 'Residu: het gecorrigeerde (gestandaardiseerde) residu van de cel "aanwezig"; |residu| > 1,96 wijst op een kolom waar de rij vaker (+) of minder vaak (−) voorkomt dan zonder verband verwacht.'
    : 'Residual: the adjusted (standardised) residual of the "present" cell; |residual| > 1.96 points to a column where the row occurs more (+) or less (−) often than expected without association.');
  notes.push(nl
    ? "Cramérs V van de 2×k-tabel (ook bij Fisher, beschrijvend): rond 0,1 klein, 0,3 middelmatig, 0,5 groot."
    : "Cramér's V of the 2×k table (also for Fisher rows, descriptive): about 0.1 small, 0.3 medium, 0.5 large.");
  const never = r.tests.filter((x) => x.untested).map((x) => x.row);
  if (never.length) notes.push(nl ? `Niet getoetst (komt nooit of in elke eenheid voor): ${never.join(', ')}.` : `Not tested (never present, or present in every unit): ${never.join(', ')}.`);
  if (missingInTests) notes.push(nl ? 'De kolom (ontbrekend) doet mee in de toetsen.' : 'The (missing) column is part of the tests.');
  if (withheld) {
    notes.push(nl
      ? 'Bij rijen met verborgen cellen zijn χ² en de residuen van die cellen weggelaten en is V afgerond, zodat ze geen verborgen aantal verraden.'
      : 'For rows with hidden cells, χ² and the residuals of those cells are withheld and V is rounded, so they cannot give a hidden count away.');
  }
  return notes;
}

