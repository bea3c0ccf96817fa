/**
 * Shared parts of the readers of QDA-program CSV exports (QualCoder coding reports, Taguette
 * highlights and codebooks): reading and decoding the file, header lookup that forgives case, spaces
 * and underscores, problem messages in one shape, and assembling text-only documents.
 *
 * Exports are small (one row per coding), so the whole file is read at once; the readers are pure:
 * codes stay keys as written and are returned as EmbeddedCode[] for the integrator to merge.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse, type CsvError, type Options } from 'csv-parse/sync';
import type { Attributes, Document, InputIssue, ReadResult, SourceFormat } from '../../model/types.js';
import type { EmbeddedCode } from '../../model/embedded-codebook.js';
import { closest, excerptForMessage } from '../../model/issues.js';
import { UNKNOWN_ROLE } from '../../model/roles.js';
import { decodeBytes, isSupportedEncoding, normaliseEncoding } from '../decode.js';
import { sniffDelimiter } from '../segments.js';
import { passagesDocument } from '../span-text.js';
import { normHeader } from './qda-csv-sniff.js';
export { isTaguetteCodebook, normHeader, sniffQdaCsv } from './qda-csv-sniff.js';

export interface QdaCsvOptions {
  /** Path for messages and Document.path. */
  file: string;
  /** Path to read. */
  absPath: string;
  /** The project's `coder:`; overrides any coder column. */
  coder?: string;
  /** Default UTF-8 (BOM stripped); otherwise any name decodeBytes accepts (`windows-1252`). */
  encoding?: string;
  /** Default: sniffed from the header line (',' ';' tab). */
  delimiter?: string;
  /** Source-entry attributes applied to every document and excerpt. */
  attributes?: Record<string, string>;
  /** File name → document id (looked up as written, then without its extension). */
  documents?: Record<string, string>;
}

export interface QdaCsvResult extends ReadResult {
  codes: EmbeddedCode[];
}

/** One parsed CSV record with the 1-based line it starts on. */
export interface CsvRow {
  cells: string[];
  line: number;
}

export interface CsvTable {
  header: string[];
  headerLine: number;
  rows: CsvRow[];
  delimiter: string;
}

/**
 * Read, decode and parse a CSV file. Returns null (with an error issue) when the file cannot be
 * read, decoded or holds no header. Syntax errors of single records become issues; the rest is kept.
 */
export async function readCsvTable(opts: QdaCsvOptions, issues: InputIssue[], counts: Record<string, number>): Promise<CsvTable | null> {
  const file = opts.file;
  if (!isSupportedEncoding(normaliseEncoding(opts.encoding))) {
    issues.push({ severity: 'error', file, field: 'encoding', code: 'unknown-encoding', message: `unknown encoding "${opts.encoding}"; the file was not read`, hint: 'use utf-8, windows-1252, iso-8859-1 or utf-16le' });
    return null;
  }
  let buf: Buffer;
  try {
    buf = await readFile(opts.absPath);
  } catch (e) {
    issues.push({ severity: 'error', file, code: 'unreadable-file', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, hint: 'check that the path in the source entry points to an existing, readable file' });
    return null;
  }
  const decoded = decodeBytes(buf, opts.encoding, file);
  if (decoded.issues.length) {
    for (const i of decoded.issues) issues.push({ ...i, message: `${i.message}; the file was not read` });
    return null;
  }
  // Line endings are made LF first so csv-parse's line numbers match what an editor shows.
  const text = decoded.text.replace(/\r\n?/g, '\n');
  const delimiter = normaliseDelimiter(opts.delimiter) ?? sniffDelimiter(buf);

  let lastRecordEnd = 0;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true, // ragged rows are reported per row, not as a fatal error
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      // With `info: true` the record arrives wrapped with its info (the typings do not know that).
      on_record: ((rec: { record: string[]; info: { lines: number } }) => {
        lastRecordEnd = rec.info.lines;
        return rec;
      }) as unknown as Options['on_record'],
      on_skip: (err: CsvError | undefined) => {
        counts['rows-skipped'] = (counts['rows-skipped'] ?? 0) + 1;
        // An unclosed quote is only noticed at the end of the file; the broken record starts after the last good one.
        const line = err?.code === 'CSV_QUOTE_NOT_CLOSED' ? lastRecordEnd + 1 : (err as unknown as { lines?: number } | undefined)?.lines;
        issues.push({ severity: 'warning', file, line, code: 'csv-syntax', message: `this row cannot be parsed (${excerptForMessage((err?.message ?? 'syntax error').replace(/(,| at line \d+).*$/s, ''), 80)}); it is skipped`, hint: 'a quoted cell is probably not closed: check the quotes (") on this line and the lines before it' });
        return undefined;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    issues.push({ severity: 'error', file, code: 'csv-syntax', message: `the file cannot be parsed as CSV: ${(e as Error).message}`, hint: 'export the table again from the QDA program' });
    return null;
  }

  let header: string[] | undefined;
  let headerLine = 1;
  const rows: CsvRow[] = [];
  for (const { record, info } of records) {
    let inner = 0;
    for (const f of record) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) inner++;
    const line = info.lines - inner;
    if (record.every((f) => f.trim() === '')) continue; // Excel's trailing `;;;` rows
    if (!header) {
      header = record;
      headerLine = line;
      continue;
    }
    rows.push({ cells: record, line });
  }
  if (!header) {
    issues.push({ severity: 'error', file, line: 1, code: 'missing-header', message: 'the file is empty: expected a header row with column names', hint: 'export the table again from the QDA program' });
    return null;
  }
  return { header, headerLine, rows, delimiter };
}


/** Index of the first header cell matching one of the names, or -1. */
export function findHeader(header: string[], names: string[]): number {
  const wanted = names.map(normHeader);
  return header.findIndex((h) => wanted.includes(normHeader(h)));
}

/** Error for a required column that is not in the header: lists what was found and the closest name. */
export function missingColumnIssue(file: string, table: CsvTable, names: string[], what: string, program: string): InputIssue {
  const { header, headerLine, delimiter } = table;
  const found = header.slice(0, 20).map((h) => `"${excerptForMessage(h)}"`).join(', ') + (header.length > 20 ? `, … (${header.length} columns)` : '');
  const near = closest(names[0], header.filter((h) => h.trim() !== ''), 1);
  const oneColumn = header.length === 1 && /[,;\t]/.test(header[0]);
  // A UTF-8 byte order mark read as Windows-1252 shows up as "ï»¿" before the first column name.
  const utf8Bom = header[0]?.startsWith('\u00ef\u00bb\u00bf');
  const expected = names.map((n) => `"${n}"`).join(' or ');
  return {
    severity: 'error',
    file,
    line: headerLine,
    field: names[0],
    code: 'missing-column',
    message: `column ${expected} (${what}) is not in the header, so this is not a ${program} export as expected. Columns found: ${found}.${near.length ? ` Closest: "${near[0]}".` : ''}`,
    hint: utf8Bom
      ? 'the file is UTF-8 (it starts with a byte order mark): remove `encoding:` from the source entry'
      : oneColumn
        ? `the header was read as one column, so the delimiter is probably wrong (read with ${JSON.stringify(delimiter)}): set \`delimiter:\` in the source entry`
        : near.length
          ? `rename column "${near[0]}" to "${names[0]}", or export the file again from ${program}`
          : `export the file again from ${program}, or check that the source entry's format matches the file`,
  };
}

/** Warning for a row whose number of cells does not fit the header; the row is skipped. */
export function raggedRowIssue(file: string, line: number, got: number, expected: string): InputIssue {
  return { severity: 'warning', file, line, code: 'ragged-row', message: `row has ${got} cells but ${expected}; the row is skipped`, hint: 'a cell probably contains the delimiter without quotes, or a quote is missing: quote cells that contain the delimiter, or export the file again' };
}

/**
 * Issues that may repeat on many rows (image codings, untagged highlights): reported once, at the
 * first line, with the number of further rows, so a long export does not drown the other messages.
 */
export class RepeatedIssues {
  private readonly seen = new Map<string, { issue: InputIssue; more: number }>();

  add(key: string, issue: InputIssue): void {
    const s = this.seen.get(key);
    if (s) s.more++;
    else this.seen.set(key, { issue, more: 0 });
  }

  flushInto(issues: InputIssue[]): void {
    for (const { issue, more } of this.seen.values()) {
      if (more) issue.message += ` (also on ${more} later row${more === 1 ? '' : 's'})`;
      issues.push(issue);
    }
  }
}

/** Document id for a document name: the `documents` map as written, then without the extension. */
export function documentIdFor(name: string, map: Record<string, string> | undefined): string {
  if (!map) return name;
  if (Object.hasOwn(map, name)) return map[name];
  const ext = extname(name);
  const bare = ext ? name.slice(0, -ext.length) : name;
  if (ext && Object.hasOwn(map, bare)) return map[bare];
  return name;
}

/** An excerpt before offsets are known: its text, first CSV line, attributes and codings. */
export interface Draft {
  text: string;
  line: number;
  attrs: Attributes;
  codings: { codeId: string; memo?: string }[];
}

/** One (document, coder) while rows are collected. */
export interface Group {
  documentId: string;
  coder: string;
  drafts: Draft[];
}

/** Group key for the map of groups. */
export function groupKey(documentId: string, coder: string): string {
  return `${documentId}\u0000${coder}`;
}

/**
 * Turn groups into Documents the way segment rows without offsets are: excerpt text = the row's
 * text, document text = excerpts joined by a blank line, code-point offsets into that text.
 */
export function buildDocuments(groups: Iterable<Group>, opts: QdaCsvOptions, format: SourceFormat): Document[] {
  const base = opts.attributes ?? {};
  return [...groups].filter((g) => g.drafts.length).map((g) => passagesDocument(
    { id: g.documentId, coder: g.coder, path: opts.file, format, attributes: { ...base, ...commonAttributes(g.drafts) } },
    g.drafts.map((d) => ({ text: d.text, line: d.line, speaker: { label: '', role: UNKNOWN_ROLE }, attributes: { ...base, ...d.attrs }, codings: d.codings })),
  ));
}

/** Counts every reader reports: documents, excerpts, codings (rows and rows-skipped are kept while reading). */
export function finishCounts(counts: Record<string, number>, documents: Document[]): void {
  counts.documents = documents.length;
  counts.excerpts = documents.reduce((n, d) => n + d.excerpts.length, 0);
  counts.codings = documents.reduce((n, d) => n + d.excerpts.reduce((m, x) => m + x.codings.length, 0), 0);
}

/** Adds codes in order, once per key; a later description fills an empty one. */
export class CodeCollector {
  private readonly byKey = new Map<string, EmbeddedCode>();

  add(code: EmbeddedCode): void {
    const known = this.byKey.get(code.key);
    if (!known) {
      this.byKey.set(code.key, code);
      return;
    }
    if (!known.description && code.description) known.description = code.description;
    if (known.parentKey === undefined && code.parentKey !== undefined) known.parentKey = code.parentKey;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  list(): EmbeddedCode[] {
    return [...this.byKey.values()];
  }
}

/** Attribute values shared by every excerpt of a document (same value everywhere). */
function commonAttributes(drafts: Draft[]): Attributes {
  const out: Attributes = { ...drafts[0].attrs };
  for (let i = 1; i < drafts.length; i++) {
    for (const k of Object.keys(out)) if (drafts[i].attrs[k] !== out[k]) delete out[k];
  }
  return out;
}

/** Attribute key for a column such as `FileVar_Leeftijd groep` → `leeftijd_groep`. */
export function attributeKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '_');
}

function normaliseDelimiter(d: string | undefined): string | undefined {
  if (d === undefined || d === '') return undefined;
  if (d === '\\t' || d.toLowerCase() === 'tab') return '\t';
  return d;
}

