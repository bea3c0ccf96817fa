/**
 * Tallies (DESIGN.md §3 roll-up, §9 units and denominators). A tally is computed per document into a
 * small partial, and partials are merged; so a corpus of any size is counted in memory bounded by the
 * size of the table, and the coder rule can choose among partials after reading.
 */
import type { Document, Excerpt } from '../model/types.js';
import type { CodeIndex } from '../model/codebook.js';
import { attributeOf, compareValues, speakerKey } from './attributes.js';
import { selects, type Selection } from './select.js';

export type TallyUnit = 'excerpts' | 'documents' | 'speakers' | 'codings';
export const TALLY_UNITS: readonly TallyUnit[] = ['excerpts', 'documents', 'speakers', 'codings'];

/** What the rows are: codes (with roll-up), a framework's top-level nodes, or an attribute's values. */
export type TallyBy = { kind: 'code' } | { kind: 'framework'; framework: string } | { kind: 'attribute'; key: string };

export interface TallySpec {
  by: TallyBy;
  /** Attribute (or `role`, `speaker`, `document`, `coder`) for the columns; none → one column `all`. */
  across?: string;
  unit: TallyUnit;
  selection: Selection;
}

/** Column id used when there is no `--across`. */
export const ALL = 'all';

/** What one document contributes. Sets only for the speakers unit, where units must be unioned. */
export interface TallyPartial {
  /** row → column → count. Nested maps: no key strings built per excerpt. */
  cells: Map<string, Map<string, number>>;
  rowAll: Map<string, number>;
  colUnits: Map<string, number>;
  total: number;
  uncoded: Map<string, number>;
  uncodedTotal: number;
  /** Excerpts per role in the selection (for thin voices, whatever the unit). */
  roleExcerpts: Map<string, number>;
  /** Some unit fell in more than one row. */
  multi: boolean;
  speakers?: {
    cells: Map<string, Map<string, Set<string>>>;
    rowAll: Map<string, Set<string>>;
    cols: Map<string, Set<string>>;
    all: Set<string>;
    coded: Map<string, Set<string>>;
    codedAll: Set<string>;
  };
}

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);
const add = (m: Map<string, Set<string>>, k: string, v: string) => {
  let s = m.get(k);
  if (!s) { s = new Set(); m.set(k, s); }
  s.add(v);
};
function inner<V>(m: Map<string, Map<string, V>>, row: string): Map<string, V> {
  let r = m.get(row);
  if (!r) { r = new Map(); m.set(row, r); }
  return r;
}
const bumpCell = (m: Map<string, Map<string, number>>, row: string, col: string, by = 1) => bump(inner(m, row), col, by);
const addCell = (m: Map<string, Map<string, Set<string>>>, row: string, col: string, v: string) => add(inner(m, row), col, v);

/** The rows one coding counts for. */
function rowsOfCoding(codeId: string, spec: TallySpec, index: CodeIndex): readonly string[] {
  if (spec.by.kind === 'code') return index.codesFor(codeId).length ? index.codesFor(codeId) : codeId.startsWith('fw:') ? [] : [codeId];
  if (spec.by.kind === 'framework') return index.nodesFor(codeId, spec.by.framework);
  return [];
}

/** The rows an excerpt counts for: each row once, however many of its codes map there. */
export function rowsOfExcerpt(x: Excerpt, doc: Pick<Document, 'id' | 'coder' | 'format' | 'path'>, spec: TallySpec, index: CodeIndex): Set<string> {
  if (spec.by.kind === 'attribute') return new Set([attributeOf(x, doc, spec.by.key)]);
  const rows = new Set<string>();
  for (const c of x.codings) for (const r of rowsOfCoding(c.codeId, spec, index)) rows.add(r);
  return rows;
}

export function emptyPartial(unit: TallyUnit): TallyPartial {
  return {
    cells: new Map(), rowAll: new Map(), colUnits: new Map(), total: 0, uncoded: new Map(), uncodedTotal: 0,
    roleExcerpts: new Map(), multi: false,
    ...(unit === 'speakers' ? { speakers: { cells: new Map(), rowAll: new Map(), cols: new Map(), all: new Set(), coded: new Map(), codedAll: new Set() } } : {}),
  };
}

/** Count one document. */
export function tallyDocument(doc: Document, spec: TallySpec, index: CodeIndex): TallyPartial {
  const p = emptyPartial(spec.unit);
  const docCells = new Map<string, Set<string>>();
  const docRows = new Set<string>();
  const docCols = new Set<string>();
  const docCodedCols = new Set<string>();
  // A coded reference that crosses paragraphs is one Coding per paragraph with one ref: count it once.
  const seenRefs = new Set<string>();
  for (const x of doc.excerpts) {
    if (!selects(x, doc, spec.selection, index)) continue;
    bump(p.roleExcerpts, x.speaker.role);
    const col = spec.across ? attributeOf(x, doc, spec.across) : ALL;
    if (spec.unit === 'codings') {
      for (const c of x.codings) {
        if (c.ref !== undefined) {
          const key = `${c.ref}\u0000${c.codeId}`;
          if (seenRefs.has(key)) continue;
          seenRefs.add(key);
        }
        const rows = spec.by.kind === 'attribute' ? [attributeOf(x, doc, spec.by.key)] : rowsOfCoding(c.codeId, spec, index);
        if (spec.by.kind !== 'attribute' && !rows.length) continue;
        if (rows.length > 1) p.multi = true;
        for (const r of new Set(rows)) { bumpCell(p.cells, r, col); bump(p.rowAll, r); }
        bump(p.colUnits, col);
        p.total++;
      }
      continue;
    }
    const rows = rowsOfExcerpt(x, doc, spec, index);
    if (rows.size > 1) p.multi = true;
    if (spec.unit === 'excerpts') {
      for (const r of rows) { bumpCell(p.cells, r, col); bump(p.rowAll, r); }
      bump(p.colUnits, col);
      p.total++;
      if (!rows.size) { bump(p.uncoded, col); p.uncodedTotal++; }
    } else if (spec.unit === 'documents') {
      for (const r of rows) { add(docCells, r, col); docRows.add(r); }
      docCols.add(col);
      if (rows.size) docCodedCols.add(col);
    } else {
      const s = p.speakers!;
      const who = speakerKey(x, doc);
      for (const r of rows) { addCell(s.cells, r, col, who); add(s.rowAll, r, who); }
      add(s.cols, col, who);
      s.all.add(who);
      if (rows.size) { add(s.coded, col, who); s.codedAll.add(who); }
    }
  }
  if (spec.unit === 'documents' && docCols.size) {
    for (const [r, cols] of docCells) for (const c of cols) bumpCell(p.cells, r, c);
    for (const r of docRows) bump(p.rowAll, r);
    for (const c of docCols) { bump(p.colUnits, c); if (!docCodedCols.has(c)) bump(p.uncoded, c); }
    p.total = 1;
    p.uncodedTotal = docRows.size ? 0 : 1;
  }
  return p;
}

/** Merge partials into one (in place into the first argument). */
export function mergePartial(into: TallyPartial, p: TallyPartial): TallyPartial {
  for (const [r, cols] of p.cells) for (const [c, v] of cols) bumpCell(into.cells, r, c, v);
  for (const [k, v] of p.rowAll) bump(into.rowAll, k, v);
  for (const [k, v] of p.colUnits) bump(into.colUnits, k, v);
  for (const [k, v] of p.uncoded) bump(into.uncoded, k, v);
  for (const [k, v] of p.roleExcerpts) bump(into.roleExcerpts, k, v);
  into.total += p.total;
  into.uncodedTotal += p.uncodedTotal;
  into.multi ||= p.multi;
  if (into.speakers && p.speakers) {
    const a = into.speakers;
    const b = p.speakers;
    for (const [r, cols] of b.cells) for (const [c, set] of cols) for (const w of set) addCell(a.cells, r, c, w);
    for (const [k, s] of b.rowAll) for (const w of s) add(a.rowAll, k, w);
    for (const [k, s] of b.cols) for (const w of s) add(a.cols, k, w);
    for (const [k, s] of b.coded) for (const w of s) add(a.coded, k, w);
    for (const w of b.all) a.all.add(w);
    for (const w of b.codedAll) a.codedAll.add(w);
  }
  return into;
}

export interface TallyRow {
  id: string;
  label: string;
  n: number;
  /** n / total units × 100. */
  percent: number | null;
  cells: Record<string, number>;
  /** cell / column units × 100. */
  cellPercents: Record<string, number | null>;
}

export interface TallyColumn { id: string; label: string; units: number; thin: boolean }

export interface TallyResult {
  unit: TallyUnit;
  total: number;
  columns: TallyColumn[];
  rows: TallyRow[];
  uncoded: { n: number; percent: number | null; cells: Record<string, number> } | null;
  multi: boolean;
  /** Roles with fewer excerpts than the thin-voice threshold, with their excerpt counts. */
  thinVoices: { role: string; excerpts: number }[];
}

export interface FinishOptions {
  /** Row ids that must appear even with zero counts, in this order (levers, dimensions, codes). */
  fixedRows?: { id: string; label: string }[];
  rowLabel?: (id: string) => string;
  colLabel?: (id: string) => string;
  /** Column order (e.g. roles in the role table's order); others follow in natural order. */
  colOrder?: string[];
  minVoice: number;
}

const pct = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

/** Turn the merged partial into the rows and columns of the table. */
export function finishTally(p: TallyPartial, spec: TallySpec, opts: FinishOptions): TallyResult {
  const sp = p.speakers;
  const colUnits = new Map<string, number>(sp ? [...sp.cols].map(([k, s]) => [k, s.size]) : p.colUnits);
  const cellCount = (r: string, c: string) => (sp ? sp.cells.get(r)?.get(c)?.size ?? 0 : p.cells.get(r)?.get(c) ?? 0);
  const rowCount = (r: string) => (sp ? sp.rowAll.get(r)?.size ?? 0 : p.rowAll.get(r) ?? 0);
  const total = sp ? sp.all.size : p.total;

  const order = opts.colOrder ?? [];
  const colIds = [...colUnits.keys()].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
    return compareValues(a, b);
  });
  const thinVoices = [...p.roleExcerpts].filter(([, n]) => n < opts.minVoice).map(([role, excerpts]) => ({ role, excerpts }))
    .sort((a, b) => a.excerpts - b.excerpts || a.role.localeCompare(b.role));
  const thinRoles = new Set(thinVoices.map((t) => t.role));
  const columns: TallyColumn[] = colIds.map((id) => ({
    id, label: id === ALL ? 'n' : opts.colLabel?.(id) ?? id, units: colUnits.get(id) ?? 0,
    thin: spec.across === 'role' && thinRoles.has(id),
  }));

  const seenRows = new Set<string>([...(sp ? sp.rowAll.keys() : p.rowAll.keys())]);
  const rowIds: { id: string; label: string }[] = [...(opts.fixedRows ?? [])];
  const fixed = new Set(rowIds.map((r) => r.id));
  const extra = [...seenRows].filter((r) => !fixed.has(r)).sort(compareValues);
  for (const id of extra) rowIds.push({ id, label: opts.rowLabel?.(id) ?? id });

  const rows: TallyRow[] = rowIds.map(({ id, label }) => {
    const cells: Record<string, number> = {};
    const cellPercents: Record<string, number | null> = {};
    for (const c of colIds) {
      cells[c] = cellCount(id, c);
      cellPercents[c] = pct(cells[c], colUnits.get(c) ?? 0);
    }
    const n = rowCount(id);
    return { id, label, n, percent: pct(n, total), cells, cellPercents };
  });

  let uncoded: TallyResult['uncoded'] = null;
  if (spec.by.kind !== 'attribute' && spec.unit !== 'codings') {
    const cells: Record<string, number> = {};
    for (const c of colIds) cells[c] = sp ? (sp.cols.get(c)?.size ?? 0) - (sp.coded.get(c)?.size ?? 0) : p.uncoded.get(c) ?? 0;
    const n = sp ? sp.all.size - sp.codedAll.size : p.uncodedTotal;
    uncoded = { n, percent: pct(n, total), cells };
  }
  return { unit: spec.unit, total, columns, rows, uncoded, multi: p.multi, thinVoices };
}
