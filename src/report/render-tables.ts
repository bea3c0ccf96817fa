/**
 * The report's tables for spreadsheets: one CSV file per table (`tables/<id>.csv`, injection-safe
 * through render.ts, optionally in the excel-nl dialect) and one XLSX workbook with a sheet per
 * table plus a contents sheet. Both are byte-deterministic: the XLSX library stamps the current time
 * into its ZIP entries, so the workbook is re-packed with fixed timestamps (src/io/qda/zip.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cell as XlsxCell, Sheet } from 'write-excel-file/node';
import { openZip, zipToBuffer } from '../io/qda/zip.js';
import { render } from './render.js';
import type { Cell, Column, Table } from './table.js';
import type { ReportModel, ReportSection } from './model.js';

export interface ReportTable {
  /** File-safe id, unique in the report. */
  id: string;
  table: Table;
  /** Title of the section the table stands in. */
  section: string;
}

/** Ids become file names: anything but letters, digits, `.`, `_` and `-` turns into `-`. */
export function fileSafeId(id: string): string {
  const s = id.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[.-]+/, '');
  return s || 'table';
}

/**
 * Every table block in reading order (sections depth first, blocks before children). Ids are made
 * file-safe, and a repeated id gets `-2`, `-3` … so no file overwrites another.
 */
export function reportTables(model: ReportModel): ReportTable[] {
  const out: ReportTable[] = [];
  const used = new Set<string>();
  const walk = (s: ReportSection) => {
    for (const b of s.blocks) {
      if (b.type !== 'table') continue;
      const base = fileSafeId(b.id);
      let id = base;
      for (let k = 2; used.has(id.toLowerCase()); k++) id = `${base}-${k}`;
      // Case-insensitive file systems (macOS, Windows) would merge `L1` and `l1`.
      used.add(id.toLowerCase());
      out.push({ id, table: b.table, section: s.title });
    }
    s.children.forEach(walk);
  };
  model.sections.forEach(walk);
  return out;
}

/** `tables/<id>.csv` for every table, in the given dialect. */
export function tableCsvFiles(tables: ReportTable[], dialect: 'default' | 'excel-nl'): { name: string; content: string }[] {
  return tables.map((t) => ({ name: `tables/${t.id}.csv`, content: render([t.table], { format: 'csv', csvDialect: dialect }) }));
}

// ---------------------------------------------------------------------------------------------
// XLSX

const SHEET_MAX = 31;
const CONTENTS = { nl: 'inhoud', en: 'contents' } as const;

/**
 * Sheet names Excel accepts: at most 31 characters, none of `[]:*?/\`, not starting or ending with
 * `'`, unique ignoring case. Long or repeated names are cut and numbered (`lever-L3-codes-by-r~2`).
 */
export function sheetNames(ids: string[], reserved: string[] = []): string[] {
  const used = new Set(reserved.map((r) => r.toLowerCase()));
  return ids.map((id) => {
    const clean = id.replace(/[[\]:*?/\\]/g, '-').replace(/^'+|'+$/g, '') || 'table';
    let name = clean.slice(0, SHEET_MAX);
    for (let k = 2; used.has(name.toLowerCase()); k++) {
      const suffix = `~${k}`;
      name = clean.slice(0, SHEET_MAX - suffix.length) + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

function xlsxCell(v: Cell | undefined, col: Column): XlsxCell {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { value: v > 0 ? '∞' : '-∞', type: String };
    // Percent columns hold 0–100; a display format with one decimal keeps the stored value exact.
    return col.type === 'percent' ? { value: v, type: Number, format: '0.0' } : { value: v, type: Number };
  }
  // Text goes in as a string cell, never as a formula, so `=cmd|…` stays inert in Excel.
  return { value: v, type: String };
}

/** Column widths from the longest cell (capped), so sheets open readable. */
function widths(table: Table): { width: number }[] {
  return table.columns.map((c) => {
    let w = c.label.length;
    for (const r of table.rows) {
      const v = r[c.key];
      if (v !== null && v !== undefined) w = Math.max(w, String(v).length);
    }
    return { width: Math.min(60, Math.max(6, w + 2)) };
  });
}

function tableSheet(t: ReportTable, name: string): Sheet<unknown> {
  const { table } = t;
  const header: XlsxCell[] = table.columns.map((c) => ({ value: c.label, type: String, fontWeight: 'bold' }));
  const rows: XlsxCell[][] = table.rows.map((r) => table.columns.map((c) => xlsxCell(r[c.key], c)));
  // Title and notes (unit, denominator) below the data, after an empty row, so the data block starts at A1 for filters and pivots.
  const below: XlsxCell[][] = [];
  if (table.title || table.notes.length) below.push([null]);
  if (table.title) below.push([{ value: table.title, type: String, fontWeight: 'bold' }]);
  for (const n of table.notes) if (n.trim()) below.push([{ value: n, type: String }]);
  return { sheet: name, data: [header, ...rows, ...below], columns: widths(table), stickyRowsCount: 1 } as Sheet<unknown>;
}

/**
 * The workbook: a contents sheet (sheet, table id, section, title, unit) and one sheet per table.
 * `units` gives the unit and denominator per table id (model.provenance.units).
 */
export async function renderXlsx(tables: ReportTable[], lang: 'nl' | 'en', units: Record<string, string>): Promise<Buffer> {
  const contentsName = CONTENTS[lang];
  const names = sheetNames(tables.map((t) => t.id), [contentsName]);
  const head = lang === 'nl'
    ? ['Blad', 'Tabel', 'Onderdeel', 'Titel', 'Eenheid en noemer']
    : ['Sheet', 'Table', 'Section', 'Title', 'Unit and denominator'];
  const contents: XlsxCell[][] = [
    head.map((h) => ({ value: h, type: String, fontWeight: 'bold' })),
    ...tables.map((t, k): XlsxCell[] => [
      { value: names[k], type: String },
      { value: t.id, type: String },
      { value: t.section, type: String },
      t.table.title ? { value: t.table.title, type: String } : null,
      units[t.id] ? { value: units[t.id], type: String } : null,
    ]),
  ];
  const sheets: Sheet<unknown>[] = [
    { sheet: contentsName, data: contents, columns: [{ width: 32 }, { width: 32 }, { width: 30 }, { width: 50 }, { width: 60 }], stickyRowsCount: 1 } as Sheet<unknown>,
    ...tables.map((t, k) => tableSheet(t, names[k])),
  ];
  // Loaded on demand: most reports are built without a workbook.
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const raw = await writeXlsxFile(sheets as Sheet<never>[]).toBuffer();
  return repackDeterministic(raw);
}

/** Re-pack a ZIP with fixed timestamps and modes, entries in their original order. */
async function repackDeterministic(zip: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'hefboom-xlsx-'));
  try {
    const file = join(dir, 'book.xlsx');
    await writeFile(file, zip);
    const reader = await openZip(file);
    try {
      const files: { name: string; data: Buffer }[] = [];
      for (const e of reader.entries) if (!e.isDirectory) files.push({ name: e.name, data: await reader.read(e.name) });
      return await zipToBuffer(files);
    } finally {
      reader.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
