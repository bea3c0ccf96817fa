/** `hefboom tally`: counts by code, lever, MeMoQ dimension, framework or attribute (DESIGN.md §7, §9). */
import type { Command } from 'commander';
import type { Workspace } from '../io/workspace.js';
import { scanTask } from './scan-parallel.js';
import { closest } from '../model/issues.js';
import { emptyPartial, finishTally, mergePartial, TALLY_UNITS, ALL, type TallyBy, type TallySpec, type TallyUnit, type TallyResult } from '../analysis/tally.js';
import { hiddenCellText, suppressSmallCells } from '../analysis/suppress.js';
import { MISSING } from '../analysis/attributes.js';
import type { Table, Cell } from '../report/table.js';
import { emit, globals, intOption, openProject, progress, say, stopOnIssues, UsageError, withOutput, EXIT_OK, version, provenanceJson, coderNote } from './common.js';
import { act } from './common.js';
import { addSelectionOptions, selectionFrom, type SelectionFlags, selectionJson } from './selection.js';
import { frameworkLabel, nodeLabel } from './labels.js';

interface TallyFlags extends SelectionFlags {
  by: string;
  across?: string;
  unit: string;
  coder?: string;
  minVoice: string;
  percent?: boolean;
  suppressBelow?: string;
  codebook?: string;
  format?: string;
  out?: string;
  csvDialect?: string;
}

export function registerTally(program: Command): void {
  const cmd = program
    .command('tally')
    .option('-b, --by <what>', 'rows: code | lever | memoq | fw:ID | an attribute (site, source_type, role …)', 'lever')
    .option('-a, --across <attr>', 'columns: role, speaker, document, coder or any attribute (site, year …)')
    .option('-u, --unit <unit>', 'what is counted: excerpts | documents | speakers | codings', 'excerpts')
    .option('--min-voice <n>', 'mark roles with fewer excerpts than this as thin voices', '5')
    .option('--percent', 'show column percentages in the cells instead of counts')
    .option('--suppress-below <n>', 'replace counts below N in breakdowns by "<N" (small-cell suppression)');
  addSelectionOptions(cmd);
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom tally --by lever --across role
  hefboom tally -p examples/werkplekleren --by memoq --across site --unit speakers
  hefboom tally --by code --where source_type=interview --format csv --out codes.csv
  hefboom tally interview-ko1.txt focusgroep-ko2.txt --by code
  hefboom tally --by lever --across site --suppress-below 5 --format md
`);
  cmd.action(act(async (files: string[], flags: TallyFlags, c: Command) => {
    const g = globals(c);
    const unit = parseUnit(flags.unit);
    const minVoice = intOption('--min-voice', flags.minVoice, 0) ?? 5;
    const ws = await openProject(g, { files, codebook: flags.codebook });
    const by = parseBy(flags.by, ws);
    const selection = selectionFrom(flags, ws);
    const spec: TallySpec = { by, across: flags.across, unit, selection };
    const p = await progress('counting', g);
    const scan = await scanTask(ws, { name: 'tally', spec }, { coder: flags.coder, onProgress: p.update });
    p.stop();
    const issues = [...ws.issues, ...scan.issues];
    stopOnIssues(issues, g);
    const merged = scan.chosen.reduce((acc, d) => mergePartial(acc, d.summary), emptyPartial(unit));
    const lang = g.lang ?? ws.project.language;
    const rows = fixedRows(by, ws, lang);
    const depths = new Map(rows.map((r) => [r.id, r.depth]));
    const result = finishTally(merged, spec, {
      fixedRows: rows,
      rowLabel: (id) => rowLabel(by, id, ws, lang),
      colLabel: (id) => (flags.across === 'role' ? ws.roles.label(id, lang) : id === MISSING ? missingLabel(lang) : id),
      colOrder: flags.across === 'role' ? ws.roles.roles.map((r) => r.id) : undefined,
      minVoice,
    });
    if (flags.coder && scan.counts.notCodedByCoder) say(`${scan.counts.notCodedByCoder} document(s) not coded by ${flags.coder} were left out`, g);
    const suppressBelow = intOption('--suppress-below', flags.suppressBelow, 0) ?? ws.project.report.suppress_below ?? 0;
    const warnings = issues.filter((i) => i.severity === 'warning').length;
    const notes = tallyNotes(result, spec, ws, scan.counts, warnings, flags, suppressBelow, lang);
    const { table, json } = present(result, spec, flags, notes, suppressBelow, ws, scan.counts, warnings, lang, depths);
    await emit([table], json, flags, g);
    return EXIT_OK;
  }));
}

function parseUnit(u: string): TallyUnit {
  const norm = u.toLowerCase().replace(/s$/, '');
  const found = TALLY_UNITS.find((t) => t.replace(/s$/, '') === norm);
  if (!found) throw new UsageError(`unknown --unit "${u}"`, `units: ${TALLY_UNITS.join(', ')} (singular works too)`);
  return found;
}

export function parseBy(by: string, ws: Workspace): TallyBy {
  const b = by.trim();
  const low = b.toLowerCase();
  if (low === 'code' || low === 'codes') return { kind: 'code' };
  if (low === 'lever' || low === 'levers' || low === 'hefboom' || low === 'hefbomen') return { kind: 'framework', framework: 'levers' };
  if (low === 'memoq' || low === 'dimension' || low === 'dimensions' || low === 'dimensie') return { kind: 'framework', framework: 'memoq' };
  if (low.startsWith('fw:')) {
    const id = b.slice(3);
    if (!ws.frameworks.has(id)) {
      const near = closest(id, ws.frameworks.keys(), 1);
      throw new UsageError(`unknown framework "${id}" in --by`, near.length ? `did you mean "fw:${near[0]}"? loaded: ${[...ws.frameworks.keys()].join(', ')}` : `loaded: ${[...ws.frameworks.keys()].join(', ')}`);
    }
    return { kind: 'framework', framework: id };
  }
  return { kind: 'attribute', key: b };
}

/** Rows that always show, in order; `depth` is the code's depth in the codebook tree (for indenting on screen). */
function fixedRows(by: TallyBy, ws: Workspace, lang: 'nl' | 'en'): { id: string; label: string; depth: number }[] {
  if (by.kind === 'framework') {
    const fw = ws.frameworks.get(by.framework)!;
    return fw.nodes.map((n) => ({ id: n.id, label: n.label[lang], depth: 0 }));
  }
  if (by.kind === 'code') {
    const out: { id: string; label: string; depth: number }[] = [];
    const walk = (id: string, depth: number) => {
      const code = ws.index.code(id)!;
      out.push({ id, label: code.label, depth });
      for (const ch of ws.index.children(id)) walk(ch.id, depth + 1);
    };
    for (const r of ws.index.roots()) walk(r.id, 0);
    return out;
  }
  return [];
}

function rowLabel(by: TallyBy, id: string, ws: Workspace, lang: 'nl' | 'en'): string {
  if (by.kind === 'framework') return nodeLabel(ws, by.framework, id, lang);
  if (by.kind === 'code') return ws.index.code(id)?.label ?? (lang === 'nl' ? `${id} (niet in codeboek)` : `${id} (not in codebook)`);
  if (by.key === 'role') return ws.roles.label(id, lang);
  return id === MISSING ? missingLabel(lang) : id;
}

const missingLabel = (lang: 'nl' | 'en') => (lang === 'nl' ? '(ontbrekend)' : '(missing)');

function unitWord(unit: TallyUnit, lang: 'nl' | 'en'): string {
  const nl: Record<TallyUnit, string> = { excerpts: 'fragmenten (alinea\'s)', documents: 'documenten', speakers: 'sprekers', codings: 'coderingen' };
  const en: Record<TallyUnit, string> = { excerpts: 'excerpts (paragraphs)', documents: 'documents', speakers: 'speakers', codings: 'codings (coded references)' };
  return (lang === 'nl' ? nl : en)[unit];
}

function acrossWord(across: string, lang: 'nl' | 'en'): string {
  const nl: Record<string, string> = { role: 'rol', speaker: 'spreker', document: 'document', coder: 'codeur' };
  return lang === 'nl' ? nl[across] ?? across : across;
}

function byWord(by: TallyBy, ws: Workspace, lang: 'nl' | 'en'): string {
  if (by.kind === 'code') return 'code';
  if (by.kind === 'attribute') return acrossWord(by.key, lang);
  if (by.framework === 'levers') return lang === 'nl' ? 'hefboom' : 'lever';
  if (by.framework === 'memoq') return lang === 'nl' ? 'MeMoQ-dimensie' : 'MeMoQ dimension';
  return frameworkLabel(ws, by.framework, lang);
}

function tallyNotes(r: TallyResult, spec: TallySpec, ws: Workspace, counts: { documents: number; doubleCoded: number }, warnings: number, flags: TallyFlags, suppressBelow: number, lang: 'nl' | 'en'): string[] {
  const nl = lang === 'nl';
  const notes: string[] = [];
  const unit = unitWord(spec.unit, lang);
  notes.push(nl
    ? `Eenheid: ${unit}. Noemer: alle ${r.total} ${spec.unit === 'codings' ? 'coderingen' : 'eenheden'} in de selectie${spec.unit === 'codings' ? '' : ', ook niet-gecodeerde'}${spec.across ? `, per kolom (${r.columns.map((c) => `${c.label} ${c.units}`).join(', ')})` : ''}.`
    : `Unit: ${unit}. Denominator: all ${r.total} units in the selection${spec.unit === 'codings' ? '' : ', uncoded ones included'}${spec.across ? `, per column (${r.columns.map((c) => `${c.label} ${c.units}`).join(', ')})` : ''}.`);
  if (r.multi) {
    notes.push(nl
      ? `Eén eenheid kan onder meerdere rijen vallen (meervoudig gecodeerd, of via een bovenliggende code); percentages tellen niet op tot 100.`
      : 'A unit can count under several rows (multi-coded, or through a parent code); percentages do not add up to 100.');
  }
  if (spec.by.kind === 'code') notes.push(nl ? 'Bovenliggende codes tellen hun subcodes mee (elke eenheid één keer).' : 'Parent codes include their child codes (each unit once).');
  if (r.thinVoices.length) {
    const list = r.thinVoices.map((t) => `${ws.roles.label(t.role, lang)} ${t.excerpts}`).join(', ');
    notes.push(nl
      ? `⚑ Dunne stem: minder dan ${flags.minVoice} fragmenten van ${list}. Lees deze kolommen voorzichtig.`
      : `⚑ Thin voice: fewer than ${flags.minVoice} excerpts from ${list}. Read these columns with care.`);
  }
  const coder = coderNote(flags.coder, counts.doubleCoded, ws, nl);
  if (coder) notes.push(coder);
  if (suppressBelow > 0) notes.push(nl ? `Aantallen onder ${suppressBelow} in uitsplitsingen zijn vervangen door <${suppressBelow}.` : `Counts below ${suppressBelow} in breakdowns are shown as <${suppressBelow}.`);
  notes.push(nl ? `${counts.documents} documenten gelezen${warnings ? `, ${warnings} waarschuwing(en) (zie \`hefboom validate\`)` : ''}.` : `${counts.documents} documents read${warnings ? `, ${warnings} warning(s) (see \`hefboom validate\`)` : ''}.`);
  return notes;
}

function present(r: TallyResult, spec: TallySpec, flags: TallyFlags, notes: string[], suppressBelow: number, ws: Workspace, counts: { files: number; documents: number; doubleCoded: number }, warnings: number, lang: 'nl' | 'en', depths: Map<string, number>): { table: Table; json: unknown } {
  const nl = lang === 'nl';
  const colIds = r.columns.map((c) => c.id);
  const hasAcross = !!spec.across;
  // Suppression works on the breakdown cells; without --across, the rows are the breakdown.
  const matrix = r.rows.map((row) => (hasAcross ? colIds.map((c) => row.cells[c]) : [row.n]));
  const hidden = suppressBelow > 0 ? suppressSmallCells(matrix, suppressBelow, { rowTotals: hasAcross, colTotals: hasAcross }) : matrix.map((m) => m.map(() => false));

  const byLabel = byWord(spec.by, ws, lang);
  const table: Table = {
    title: nl ? `Telling per ${byLabel}${hasAcross ? ` × ${acrossWord(spec.across!, lang)}` : ''} — ${unitWord(spec.unit, lang)}` : `Tally by ${byLabel}${hasAcross ? ` × ${acrossWord(spec.across!, lang)}` : ''} — ${unitWord(spec.unit, lang)}`,
    columns: [
      { key: 'id', label: 'id' },
      { key: 'label', label: byLabel },
      ...(hasAcross ? r.columns.map((c) => ({ key: `c:${c.id}`, label: c.thin ? `${c.label} ⚑` : c.label, type: (flags.percent ? 'percent' : 'number') as 'percent' | 'number' })) : []),
      { key: 'n', label: 'n', type: 'number' },
      { key: 'percent', label: '%', type: 'percent' },
    ],
    rows: [],
    notes,
  };
  const indent = flags.format === undefined || flags.format === 'table' || flags.format === 'md';
  r.rows.forEach((row, i) => {
    const depth = indent ? depths.get(row.id) ?? 0 : 0;
    const out: Record<string, Cell> = { id: row.id, label: `${'\u00a0\u00a0'.repeat(depth)}${row.label}` };
    if (hasAcross) colIds.forEach((c, j) => { out[`c:${c}`] = hidden[i][j] ? hiddenCellText(row.cells[c], suppressBelow) : flags.percent ? row.cellPercents[c] : row.cells[c]; });
    out.n = !hasAcross && hidden[i][0] ? hiddenCellText(row.n, suppressBelow) : row.n;
    out.percent = !hasAcross && hidden[i][0] ? null : row.percent;
    table.rows.push(out);
  });
  if (r.uncoded) {
    const out: Record<string, Cell> = { id: '(uncoded)', label: nl ? '— niet gecodeerd —' : '— not coded —' };
    if (hasAcross) colIds.forEach((c) => { out[`c:${c}`] = flags.percent ? pctOf(r.uncoded!.cells[c], r.columns.find((x) => x.id === c)!.units) : r.uncoded!.cells[c]; });
    out.n = r.uncoded.n;
    out.percent = r.uncoded.percent;
    table.rows.push(out);
  }
  const totals: Record<string, Cell> = { id: '(units)', label: nl ? 'eenheden (noemer)' : 'units (denominator)', n: r.total, percent: r.total ? 100 : null };
  if (hasAcross) for (const c of r.columns) totals[`c:${c.id}`] = flags.percent ? (c.units ? 100 : null) : c.units;
  table.rows.push(totals);

  const cellValue = (i: number, j: number, v: number) => (hidden[i][j] ? hiddenCellText(v, suppressBelow) : v);
  const json = {
    hefboom: version(),
    command: 'tally',
    by: spec.by.kind === 'code' ? 'code' : spec.by.kind === 'attribute' ? spec.by.key : spec.by.framework === 'levers' ? 'lever' : spec.by.framework === 'memoq' ? 'memoq' : `fw:${spec.by.framework}`,
    across: spec.across ?? null,
    unit: spec.unit,
    coder: flags.coder ?? null,
    selection: selectionJson(spec.selection),
    denominator: { total: r.total, columns: Object.fromEntries(r.columns.map((c) => [c.id, c.units])) },
    columns: r.columns.map((c) => ({ id: c.id, label: c.label, units: c.units, thin: c.thin })),
    rows: r.rows.map((row, i) => ({
      id: row.id,
      label: row.label,
      n: !hasAcross && hidden[i][0] ? hiddenCellText(row.n, suppressBelow) : row.n,
      percent: !hasAcross && hidden[i][0] ? null : row.percent,
      cells: hasAcross ? Object.fromEntries(colIds.map((c, j) => [c, cellValue(i, j, row.cells[c])])) : { [ALL]: !hasAcross && hidden[i][0] ? hiddenCellText(row.n, suppressBelow) : row.n },
      cellPercents: hasAcross ? Object.fromEntries(colIds.map((c, j) => [c, hidden[i][j] ? null : row.cellPercents[c]])) : { [ALL]: row.percent },
    })),
    uncoded: r.uncoded,
    multiCoded: r.multi,
    thinVoices: r.thinVoices,
    minVoice: Number(flags.minVoice),
    suppressBelow,
    notes,
    provenance: provenanceJson(ws, counts, warnings),
  };
  return { table, json };
}

const pctOf = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

