/**
 * QualCoder's coding report exported as CSV (Reports → Coding reports → export "csv").
 *
 * What QualCoder writes (report_codes.py, `export_csv_file`): UTF-8 with BOM, every cell quoted,
 * comma-separated, header
 *   File | Case [, Filename], Coder, Coded, Id, Codename, Coded_Memo, Category × N, FileVar_… , CaseVar_…
 * (older versions: `File/case` as the first column). `Id` is `ctid:<n>` for text, `imid:`/`avid:`
 * for image and audio/video codings, whose `Coded` cell is just "image" or "a/v". The Category
 * cells hold the code's ancestors NEAREST FIRST (parent code or category, then up to the root), and
 * a row only has as many Category cells as its code has ancestors, so rows may be shorter than the
 * header. Rows are sorted by code name, so one selection coded with two codes gives two rows that
 * are usually not adjacent.
 */
import type { InputIssue } from '../../model/types.js';
import { excerptForMessage } from '../../model/issues.js';
import {
  attributeKey, buildDocuments, CodeCollector, documentIdFor, findHeader, finishCounts, groupKey, missingColumnIssue,
  normHeader, raggedRowIssue, readCsvTable, RepeatedIssues, type CsvTable, type Draft, type Group, type QdaCsvOptions, type QdaCsvResult,
} from './qda-csv.js';

export type { QdaCsvOptions, QdaCsvResult } from './qda-csv.js';

/** Separator between the names of a code's path in its key (`rq1 > concepts > abstraction`). */
export const QUALCODER_PATH_SEPARATOR = ' > ';

const PROGRAM = 'QualCoder coding report';

interface Columns {
  document: number;
  /** Header text of the document column (`File`, `Case`, `File/case`), for messages. */
  documentName: string;
  /** `Filename` next to `Case`: kept as the excerpt attribute `file`. */
  filename: number;
  coder: number;
  coded: number;
  id: number;
  codename: number;
  memo: number;
  /** Category columns in file order (nearest ancestor first). */
  categories: number[];
  variables: { index: number; key: string }[];
}

export async function readQualcoderCsv(opts: QdaCsvOptions): Promise<QdaCsvResult> {
  const issues: InputIssue[] = [];
  const counts: Record<string, number> = { rows: 0, 'rows-skipped': 0, excerpts: 0, documents: 0, codings: 0 };
  const codes = new CodeCollector();
  const table = await readCsvTable(opts, issues, counts);
  if (!table) return { documents: [], issues, counts, codes: [] };
  const cols = mapColumns(table, opts.file, issues);
  if (!cols) return { documents: [], issues, counts, codes: [] };

  const file = opts.file;
  const header = table.header;
  const repeated = new RepeatedIssues();
  const groups = new Map<string, Group>();
  /** Per group: drafts by text, to find the excerpt a further code of the same selection belongs to. */
  const byText = new Map<string, Map<string, Draft[]>>();
  const firstCat = cols.categories.length ? cols.categories[0] : -1;
  const lastCat = cols.categories.length ? cols.categories[cols.categories.length - 1] : -1;
  const contiguous = firstCat >= 0 && lastCat - firstCat + 1 === cols.categories.length;
  const fixedBeforeCategories = [cols.document, cols.filename, cols.coder, cols.coded, cols.id, cols.codename, cols.memo].every((i) => i < firstCat);
  const catPos = new Map(cols.categories.map((c, k) => [c, k]));

  for (const { cells, line } of table.rows) {
    counts.rows++;
    const skip = (issue: InputIssue) => {
      counts['rows-skipped']++;
      issues.push(issue);
    };
    // QualCoder leaves out the Category cells a code does not need; later columns shift left.
    let missing = 0;
    if (cells.length !== header.length) {
      missing = header.length - cells.length;
      const tolerable = missing > 0 && contiguous && fixedBeforeCategories && missing <= cols.categories.length;
      if (!tolerable) {
        skip(raggedRowIssue(file, line, cells.length, `the header has ${header.length} columns${cols.categories.length ? ` (${cols.categories.length} of them Category columns, which may be left out)` : ''}`));
        continue;
      }
    }
    const cell = (j: number): string => {
      if (j < 0) return '';
      if (missing === 0 || firstCat < 0 || j < firstCat) return cells[j] ?? '';
      const k = catPos.get(j);
      if (k !== undefined) return k < cols.categories.length - missing ? cells[j] ?? '' : '';
      return cells[j - missing] ?? '';
    };

    const docName = cell(cols.document).trim();
    if (!docName) {
      skip({ severity: 'warning', file, line, field: cols.documentName, code: 'empty-document', message: `column "${cols.documentName}" is empty: expected the name of the coded file or case; the row is skipped`, hint: `fill in the ${cols.documentName.toLowerCase()} name, or export the report again from QualCoder` });
      continue;
    }
    const idCell = cell(cols.id).trim();
    if (/^(imid|avid):/i.test(idCell)) {
      counts['rows-skipped']++;
      const kind = /^imid/i.test(idCell) ? 'image' : 'audio/video';
      repeated.add(`non-text-${kind}`, { severity: 'warning', file, line, field: header[cols.id], code: 'non-text-coding', message: `row codes ${kind === 'image' ? 'an image area' : 'an audio/video segment'} (Id "${idCell}"), not text; such rows are skipped`, hint: 'only text codings can be counted; to silence this, run the QualCoder report on text files only' });
      continue;
    }
    const codename = cell(cols.codename).trim();
    if (!codename) {
      skip({ severity: 'warning', file, line, field: header[cols.codename], code: 'empty-code', message: `column "${header[cols.codename]}" is empty: expected the name of the code applied to this text; the row is skipped`, hint: 'fill in the code name, or export the report again from QualCoder' });
      continue;
    }
    const text = cell(cols.coded).trim();
    if (!text) {
      skip({ severity: 'warning', file, line, field: header[cols.coded], code: 'empty-text', message: `column "${header[cols.coded]}" is empty: expected the coded text for code "${excerptForMessage(codename)}"; the row is skipped`, hint: 'fill in the coded text, or export the report again from QualCoder' });
      continue;
    }

    // Ancestors are written nearest first: reverse them to get the path from the root.
    const ancestors = cols.categories.map((c) => cell(c).trim()).filter((c) => c !== '').reverse();
    const path = [...ancestors, codename];
    for (let i = 0; i < path.length; i++) {
      const key = path.slice(0, i + 1).join(QUALCODER_PATH_SEPARATOR);
      if (codes.has(key)) continue;
      codes.add({ key, name: path[i], ...(i > 0 ? { parentKey: path.slice(0, i).join(QUALCODER_PATH_SEPARATOR) } : {}) });
    }
    const codeId = path.join(QUALCODER_PATH_SEPARATOR);

    const coder = opts.coder ?? (cell(cols.coder).trim() || 'default');
    const documentId = documentIdFor(docName, opts.documents);
    const attrs: Record<string, string> = {};
    const fileCell = cell(cols.filename).trim();
    if (fileCell) attrs.file = fileCell;
    for (const v of cols.variables) {
      const value = cell(v.index).trim();
      if (value) attrs[v.key] = value;
    }
    const memo = cell(cols.memo).trim();

    const gk = groupKey(documentId, coder);
    let g = groups.get(gk);
    let texts = byText.get(gk);
    if (!g || !texts) {
      g = { documentId, coder, drafts: [] };
      texts = new Map();
      groups.set(gk, g);
      byText.set(gk, texts);
    }
    // The same selection coded with several codes: same text, a code it does not have yet. The same
    // code on the same text again means the text occurs twice in the file: a separate excerpt.
    const candidates = texts.get(text) ?? [];
    let draft = candidates.find((d) => !d.codings.some((c) => c.codeId === codeId));
    if (!draft) {
      draft = { text, line, attrs, codings: [] };
      g.drafts.push(draft);
      candidates.push(draft);
      texts.set(text, candidates);
    } else {
      for (const [k, v] of Object.entries(attrs)) if (!(k in draft.attrs)) draft.attrs[k] = v;
    }
    draft.codings.push({ codeId, ...(memo ? { memo } : {}) });
  }
  repeated.flushInto(issues);
  const documents = buildDocuments(groups.values(), opts, 'qualcoder-csv');
  finishCounts(counts, documents);
  return { documents, issues, counts, codes: codes.list() };
}

function mapColumns(table: CsvTable, file: string, issues: InputIssue[]): Columns | null {
  const h = table.header;
  // `File`/`Case` is the first column; a `Filename` column accompanies `Case`.
  const document = findHeader(h, ['File', 'Case', 'File/case', 'Filename']);
  const coded = findHeader(h, ['Coded', 'Coded text', 'Text']);
  const codename = findHeader(h, ['Codename', 'Code name', 'Code']);
  const missing: InputIssue[] = [];
  if (document < 0) missing.push(missingColumnIssue(file, table, ['File', 'Case'], 'the coded file or case', PROGRAM));
  if (coded < 0) missing.push(missingColumnIssue(file, table, ['Coded'], 'the coded text', PROGRAM));
  if (codename < 0) missing.push(missingColumnIssue(file, table, ['Codename'], 'the code applied', PROGRAM));
  if (missing.length) {
    issues.push(...missing);
    return null;
  }
  const filenameCol = findHeader(h, ['Filename']);
  const categories: number[] = [];
  const variables: { index: number; key: string }[] = [];
  h.forEach((name, i) => {
    const n = normHeader(name);
    // `Category` repeated; tools that dedupe names make `Category.1`, `Category 2`.
    if (/^category[.\d]*$/.test(n)) categories.push(i);
    const v = /^(?:file|case)var[_\s-]*(.+)$/i.exec(name.trim());
    if (v) variables.push({ index: i, key: attributeKey(v[1]) });
  });
  return {
    document,
    documentName: h[document].trim(),
    filename: filenameCol !== document ? filenameCol : -1,
    coder: findHeader(h, ['Coder', 'Owner']),
    coded,
    id: findHeader(h, ['Id']),
    codename,
    memo: findHeader(h, ['Coded_Memo', 'Memo']),
    categories,
    variables,
  };
}
