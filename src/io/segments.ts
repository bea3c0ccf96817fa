/**
 * Segment tables (CSV/TSV): one row per coded segment, as exported from MAXQDA, Excel or a script
 * (DESIGN.md §3, §5). Two modes:
 * - rows carry the segment text: each row (or run of identical MAXQDA rows) is one excerpt;
 * - rows carry `start`/`end` code-point offsets into `<texts>/<document>.txt`: every paragraph of that
 *   file is an excerpt and each row's span codes the paragraphs it touches.
 * The file is streamed (bytes → strict decoding → csv-parse); only the parsed rows of one file are held.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, relative, isAbsolute } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError, type Info, type InfoRecord, type Options } from 'csv-parse';
import iconv from 'iconv-lite';
import type { Attributes, Document, InputIssue, ReadResult, SegmentColumns, Speaker, TagResolution } from '../model/types.js';
import { closest, excerptForMessage } from '../model/issues.js';
import { resolveSpeaker, UNKNOWN_ROLE, type SpeakerRules } from '../model/roles.js';
import { decodeBytes, isSupportedEncoding, normaliseEncoding, readHead } from './decode.js';
import { DecodeFailure, StrictUtf8Decoder } from './strict-utf8.js';
import { restoreCsvCell } from './csv-cell.js';
import { chooseParagraphMode, excerptsOf, passagesDocument, indexText, laySpan, lineEndingOf, sliceCodePoints, type IndexedText } from './span-text.js';

export interface SegmentOptions {
  /** Display path (messages, Document.path). */
  file: string;
  /** Where to read. */
  absPath: string;
  /** Source entry coder: overrides the coder column. */
  coder?: string;
  /** When neither entry nor column gives a coder (`default`). */
  defaultCoder: string;
  /** utf-8 (default; BOM optional) or windows-1252 etc. */
  encoding?: string;
  /** ',', ';' or '\t'; sniffed from the header line when absent (`.tsv` → tab). */
  delimiter?: string;
  columns: SegmentColumns;
  /** Column name → attribute key; default key = column name lower-cased, spaces → '_'. */
  attributeKeys?: Record<string, string>;
  /** Default: split on both ';' and '|'; when given, only on this string. */
  codeSeparator?: string;
  /** Source-entry attributes (row values win). */
  attributes?: Attributes;
  /** Absolute folder holding `<document>.txt` for offset-based rows. */
  texts?: string;
  /** Document name in the table → document id. */
  documents?: Record<string, string>;
  speakerRules: SpeakerRules;
  /** Code id, alias, label or lever tag (`L3`). */
  resolveCode(name: string): TagResolution;
}

/** Bytes read before the parser starts: enough to hold any sane header line for delimiter sniffing. */
const HEAD_BYTES = 64 * 1024;

/** One data row after mapping; kept until the file is read so documents can be assembled. */
interface Row {
  line: number;
  /** Name as written in the table (or the table's file name): `<texts>/<name>.txt`. */
  documentName: string;
  documentId: string;
  coder: string;
  speakerCell: string;
  text?: string;
  codeIds: string[];
  attrs: Attributes;
  start?: number;
  end?: number;
  memo?: string;
}

interface ColumnIndex {
  text?: number;
  codes: number;
  document?: number;
  speaker?: number;
  coder?: number;
  start?: number;
  end?: number;
  memo?: number;
  attributes: { key: string; index: number }[];
}

/** Thrown inside the pipeline to stop reading a file once an issue makes the rest meaningless. */
class StopReading extends Error {}

export async function readSegments(opts: SegmentOptions): Promise<ReadResult> {
  const issues: InputIssue[] = [];
  const counts = { rows: 0, 'rows-skipped': 0, excerpts: 0, documents: 0 };
  const file = opts.file;
  const cols = opts.columns;
  const fail = (): ReadResult => ({ documents: [], issues, counts });

  const encoding = normaliseEncoding(opts.encoding);
  if (!isSupportedEncoding(encoding)) {
    issues.push({ severity: 'error', file, code: 'unknown-encoding', field: 'encoding', message: `unknown encoding "${opts.encoding}"`, hint: 'use utf-8, windows-1252, iso-8859-1 or utf-16le' });
    return fail();
  }
  if (!cols.codes) {
    issues.push({ severity: 'error', file, code: 'missing-column', field: 'columns.codes', message: 'the source entry does not say which column holds the codes', hint: 'add `codes: <column name>` under `columns:` in the source entry' });
    return fail();
  }
  const withOffsets = cols.start !== undefined || cols.end !== undefined;
  if (withOffsets && (cols.start === undefined || cols.end === undefined)) {
    const missing = cols.start === undefined ? 'start' : 'end';
    issues.push({ severity: 'error', file, code: 'missing-column', field: `columns.${missing}`, message: `\`columns:\` maps ${missing === 'start' ? 'end' : 'start'} but not ${missing}; offsets need both`, hint: `add \`${missing}: <column name>\` under \`columns:\`, or remove the other one to read the text column instead` });
    return fail();
  }
  if (withOffsets && !opts.texts) {
    issues.push({ severity: 'error', file, code: 'missing-texts', field: 'texts', message: 'rows with start/end offsets need the folder of the documents\' text files, but the source entry has no `texts:`', hint: 'add `texts: <folder>` to the source entry; it must hold `<document>.txt` for every document in the table' });
    return fail();
  }
  if (!withOffsets && !cols.text) {
    issues.push({ severity: 'error', file, code: 'missing-column', field: 'columns.text', message: 'segment rows without start/end offsets need a text column, but `columns:` has no `text:`', hint: 'add `text: <column name>` under `columns:` (or `start:`, `end:` and `texts:` for offsets into text files)' });
    return fail();
  }

  // Read the head once to sniff the delimiter; the same bytes then start the stream (nothing is read twice).
  let head: Buffer;
  try {
    head = await readHead(opts.absPath, HEAD_BYTES);
  } catch (e) {
    issues.push({ severity: 'error', file, code: 'unreadable-file', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, hint: 'check that the path in the source entry points to an existing, readable file' });
    return fail();
  }
  const delimiter = normaliseDelimiter(opts.delimiter) ?? (extname(opts.absPath).toLowerCase() === '.tsv' ? '\t' : sniffDelimiter(head));
  const absPath = opts.absPath;
  async function* bytes(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (head.length < HEAD_BYTES) return;
    for await (const chunk of createReadStream(absPath, { start: head.length })) yield chunk as Buffer;
  }

  let lastRecordEnd = 0;
  const decoder = encoding === 'utf-8' ? new StrictUtf8(file) : (iconv.decodeStream(encoding) as unknown as Transform);
  const parser = parse({
    bom: true,
    delimiter,
    record_delimiter: '\n', // line endings are normalised to LF before parsing (see LfOnly)
    relax_column_count: true,
    relax_quotes: true, // hand-made tables often hold `ze zei "nee"` in an unquoted cell
    skip_empty_lines: true,
    skip_records_with_error: true,
    // The record's end line rides along with it (cheaper than `info: true`, which builds a second info object).
    on_record: ((rec: string[], ctx: InfoRecord) => {
      lastRecordEnd = ctx.lines;
      return { record: rec, endLine: ctx.lines };
    }) as unknown as Options['on_record'],
    on_skip: (err: CsvError | undefined) => {
      counts['rows-skipped']++;
      // An unclosed quote is only noticed at the end of the file; the broken record starts after the last good one.
      const line = err?.code === 'CSV_QUOTE_NOT_CLOSED' ? lastRecordEnd + 1 : (err as unknown as Info | undefined)?.lines;
      issues.push({ severity: 'error', file, line, code: 'csv-syntax', message: `the table cannot be parsed here: ${excerptForMessage((err?.message ?? 'syntax error').replace(/(,| at line \d+).*$/s, ''), 80)}`, hint: 'a quoted cell is probably not closed: check the quotes (") on this line and the lines before it' });
      return undefined;
    },
  });

  const rows: Row[] = [];
  const state = new RowState(opts, issues, counts, withOffsets, delimiter);
  try {
    await pipeline(bytes(), decoder, new LfOnly(), parser, async (records: AsyncIterable<{ record: string[]; endLine: number }>) => {
      for await (const { record, endLine } of records) {
        // A quoted cell may span several lines: the record starts that many lines before it ends.
        let inner = 0;
        for (const f of record) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) inner++;
        const line = endLine - inner;
        if (record.every((f) => f.trim() === '')) continue; // blank lines and Excel's trailing `;;;;` rows
        if (!state.header) {
          const stop = state.setHeader(record, line);
          if (stop) throw new StopReading();
          continue;
        }
        const row = state.row(record, line);
        if (row) rows.push(row);
      }
    });
  } catch (e) {
    if (e instanceof DecodeFailure) {
      issues.push(e.issue);
      return fail();
    }
    if (!(e instanceof StopReading)) {
      issues.push({ severity: 'error', file, code: 'unreadable-file', message: `reading the table failed: ${(e as Error).message ?? String(e)}`, hint: 'check that the file is a CSV/TSV table and readable' });
    }
    return fail();
  }
  if (!state.header) {
    issues.push({ severity: 'error', file, line: 1, code: 'missing-header', message: `the table is empty: expected a header row with the columns ${mappedColumnList(cols, withOffsets).map((c) => `"${c}"`).join(', ')}`, hint: 'export the table again with column names in the first row' });
    return fail();
  }
  state.finishCodeIssues();

  const documents = withOffsets ? await buildFromOffsets(rows, opts, issues, counts) : buildFromTexts(rows, opts, state);
  counts.documents = documents.length;
  counts.excerpts = documents.reduce((n, d) => n + d.excerpts.length, 0);
  return { documents, issues, counts };
}

/** Per-file reading state: header mapping, code resolution cache, speaker warnings. */
class RowState {
  header?: string[];
  idx?: ColumnIndex;
  private readonly codeCache = new Map<string, TagResolution>();
  /** First issue per unknown code name, with the further lines it occurs on. */
  private readonly unknownCodes = new Map<string, { issue: InputIssue; more: number }>();
  private readonly speakerCache = new Map<string, Speaker>();
  private readonly splitCodes: (cell: string) => string[];
  private readonly fileBase: string;

  constructor(
    private readonly opts: SegmentOptions,
    private readonly issues: InputIssue[],
    private readonly counts: Record<string, number>,
    private readonly withOffsets: boolean,
    private readonly delimiter: string,
  ) {
    const sep = opts.codeSeparator;
    this.splitCodes = sep ? (cell) => cell.split(sep) : (cell) => cell.split(/[;|]/);
    this.fileBase = basename(opts.file, extname(opts.file));
  }

  /** Map the header; returns true when a mapped column is missing (reading stops). */
  setHeader(record: string[], line: number): boolean {
    this.header = record;
    const cols = this.opts.columns;
    const missing: { key: string; name: string }[] = [];
    const find = (key: string, name: string | undefined): number | undefined => {
      if (name === undefined) return undefined;
      const i = findColumn(record, name);
      if (i < 0) missing.push({ key, name });
      return i < 0 ? undefined : i;
    };
    const idx: ColumnIndex = {
      text: find('text', cols.text),
      codes: find('codes', cols.codes) ?? -1,
      document: find('document', cols.document),
      speaker: find('speaker', cols.speaker),
      coder: find('coder', cols.coder),
      start: find('start', cols.start),
      end: find('end', cols.end),
      memo: find('memo', cols.memo),
      attributes: [],
    };
    for (const name of cols.attributes) {
      const i = find('attributes', name);
      if (i !== undefined) idx.attributes.push({ key: this.opts.attributeKeys?.[name] ?? attributeKey(name), index: i });
    }
    if (missing.length) {
      const found = record.slice(0, 20).map((h) => `"${excerptForMessage(h)}"`).join(', ') + (record.length > 20 ? `, … (${record.length} columns)` : '');
      const oneColumn = record.length === 1 && /[,;\t]/.test(record[0]);
      // A UTF-8 BOM read as Windows-1252 shows up as "ï»¿" before the first column name.
      const utf8Bom = record[0]?.startsWith('\u00ef\u00bb\u00bf');
      for (const m of missing) {
        const near = closest(m.name, record, 1);
        this.issues.push({
          severity: 'error',
          file: this.opts.file,
          line,
          field: m.name,
          code: 'missing-column',
          message: `column "${m.name}" (columns.${m.key}) is not in the header. Columns found: ${found}.${near.length ? ` Closest: "${near[0]}".` : ''}`,
          hint: utf8Bom
            ? 'the file is UTF-8 (it starts with a byte order mark): remove `encoding:` from the source entry'
            : oneColumn
            ? `the header was read as one column, so the delimiter is probably wrong (read with ${JSON.stringify(this.delimiter)}): set \`delimiter:\` in the source entry`
            : near.length
              ? `${m.key === 'attributes' ? `replace "${m.name}" by "${near[0]}" in \`attributes:\`` : `set \`${m.key}: ${near[0]}\``} under \`columns:\` in the source entry, or rename the column in the file`
              : `name one of the columns found under \`columns:\` in the source entry, or add a column "${m.name}" to the file`,
        });
      }
      return true;
    }
    if (this.withOffsets && idx.speaker !== undefined) {
      this.issues.push({ severity: 'warning', file: this.opts.file, line, field: cols.speaker, code: 'unused-column', message: `column "${cols.speaker}" (columns.speaker) is not used with offsets: speakers come from the \`Label:\` at the start of each paragraph in the text files`, hint: 'remove `speaker:` from `columns:` to silence this warning' });
    }
    this.idx = idx;
    return false;
  }

  row(record: string[], line: number): Row | undefined {
    const idx = this.idx!;
    const header = this.header!;
    const file = this.opts.file;
    this.counts.rows++;
    if (record.length !== header.length) {
      this.counts['rows-skipped']++;
      this.issues.push({ severity: 'error', file, line, code: 'ragged-row', message: `row has ${record.length} fields but the header has ${header.length}; the row is skipped`, hint: 'a cell probably contains the delimiter without quotes, or a quote is missing: quote cells that contain the delimiter' });
      return undefined;
    }
    // Cells as written, without the quote a CSV writer puts before `=`, `+`, `-` or `@` (hefboom's own does).
    const cell = (i: number | undefined) => (i === undefined ? '' : restoreCsvCell(record[i].trim()));
    const docCell = cell(idx.document);
    const name = docCell || this.fileBase;
    const map = this.opts.documents;
    const documentId = map?.[name] ?? (docCell ? undefined : map?.[basename(this.opts.file)]) ?? name;
    const coder = this.opts.coder ?? (cell(idx.coder) || this.opts.defaultCoder);
    const attrs: Attributes = {};
    for (const a of idx.attributes) {
      const v = cell(a.index);
      if (v !== '') attrs[a.key] = v;
    }
    const codeIds = this.codes(cell(idx.codes), line);
    const row: Row = { line, documentName: name, documentId, coder, speakerCell: cell(idx.speaker), codeIds, attrs };
    if (idx.text !== undefined) row.text = cell(idx.text);
    if (idx.memo !== undefined && cell(idx.memo)) row.memo = cell(idx.memo);
    if (this.withOffsets) {
      const s = parseOffset(cell(idx.start));
      const e = parseOffset(cell(idx.end));
      if (s === undefined || e === undefined) {
        this.counts['rows-skipped']++;
        const [col, val] = s === undefined ? [this.opts.columns.start!, cell(idx.start)] : [this.opts.columns.end!, cell(idx.end)];
        this.issues.push({ severity: 'error', file, line, field: col, code: 'bad-offset', message: `"${excerptForMessage(val)}" in column "${col}" is not an offset: expected a whole number of characters (0-based)`, hint: 'offsets are whole numbers such as 120 (a decimal "120,0" is accepted); the row is skipped' });
        return undefined;
      }
      if (e < s) {
        this.counts['rows-skipped']++;
        this.issues.push({ severity: 'error', file, line, field: this.opts.columns.end, code: 'bad-offset', message: `the span ends (${e}) before it starts (${s}); the row is skipped`, hint: 'check the start and end columns: end is exclusive and must be ≥ start' });
        return undefined;
      }
      row.start = s;
      row.end = e;
    }
    return row;
  }

  private codes(cellValue: string, line: number): string[] {
    if (!cellValue) return [];
    const out: string[] = [];
    for (const raw of this.splitCodes(cellValue)) {
      const name = raw.trim();
      if (!name) continue;
      const r = this.resolve(name);
      if (r.ok) {
        if (!out.includes(r.codeId)) out.push(r.codeId);
        continue;
      }
      const seen = this.unknownCodes.get(name);
      if (seen) {
        seen.more++;
        continue;
      }
      const field = this.opts.columns.codes;
      this.unknownCodes.set(name, {
        more: 0,
        issue: {
          severity: 'error',
          file: this.opts.file,
          line,
          field,
          code: 'unknown-code',
          message: `unknown code "${excerptForMessage(name)}" in column "${field}": ${r.message}`,
          hint: r.suggestions.length
            ? `did you mean ${r.suggestions.map((s) => `"${s}"`).join(', ')}? Otherwise add it to the codebook (as a code or as an alias of one)`
            : 'add it to the codebook, as a code or as an alias of an existing code',
        },
      });
    }
    return out;
  }

  private resolve(name: string): TagResolution {
    let r = this.codeCache.get(name);
    if (!r) {
      r = this.opts.resolveCode(name);
      // MAXQDA writes code paths as `Parent\Child`; the last step is the code itself.
      if (!r.ok && name.includes('\\')) {
        const leaf = name.slice(name.lastIndexOf('\\') + 1).trim();
        const byLeaf = leaf ? this.opts.resolveCode(leaf) : r;
        if (byLeaf.ok) r = byLeaf;
      }
      this.codeCache.set(name, r);
    }
    return r;
  }

  /** Unknown codes are reported once per name (first line), with how often they recur. */
  finishCodeIssues(): void {
    for (const { issue, more } of this.unknownCodes.values()) {
      if (more) issue.message += ` (also on ${more} later row${more === 1 ? '' : 's'})`;
      this.issues.push(issue);
    }
  }

  /** Speaker of a row's speaker cell; unknown labels are kept and warned about once per label. */
  speaker(cellValue: string, line: number): Speaker {
    if (!cellValue) return { label: '', role: UNKNOWN_ROLE };
    const known = this.speakerCache.get(cellValue);
    if (known) return { ...known };
    let s = resolveSpeaker(cellValue, this.opts.speakerRules);
    if (!s) {
      s = { label: cellValue, role: UNKNOWN_ROLE };
      this.issues.push({
        severity: 'warning',
        file: this.opts.file,
        line,
        field: this.opts.columns.speaker,
        code: 'unknown-speaker-label',
        message: `speaker "${excerptForMessage(cellValue)}" is not a known role or named speaker; kept as written with role "${UNKNOWN_ROLE}"`,
        hint: 'add the name under `speakers:` in hefboom.yaml (e.g. `{Sofie: kinderbegeleider}`), add a synonym in roles.yaml, or set `speaker_labels: any`',
      });
    }
    this.speakerCache.set(cellValue, s);
    return { ...s };
  }
}

/** Rows carry the text: each row (or run of identical rows) is one excerpt; one Document per (document, coder). */
function buildFromTexts(rows: Row[], opts: SegmentOptions, state: RowState): Document[] {
  interface Draft { line: number; text: string; speaker: Speaker; attrs: Attributes; codeIds: string[]; memo?: string }
  interface Group { id: string; coder: string; drafts: Draft[]; rows: Row[] }
  const groups = new Map<string, Group>();
  let prev: { row: Row; draft: Draft } | undefined;
  for (const row of rows) {
    const key = `${row.documentId}\u0000${row.coder}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { id: row.documentId, coder: row.coder, drafts: [], rows: [] }));
    g.rows.push(row);
    const text = row.text ?? '';
    // MAXQDA exports one row per code: consecutive rows for the same segment become one excerpt.
    if (prev && prev.row.documentId === row.documentId && prev.row.coder === row.coder && prev.row.speakerCell === row.speakerCell && prev.draft.text === text) {
      for (const c of row.codeIds) if (!prev.draft.codeIds.includes(c)) prev.draft.codeIds.push(c);
      for (const [k, v] of Object.entries(row.attrs)) if (!(k in prev.draft.attrs)) prev.draft.attrs[k] = v;
      prev = { row, draft: prev.draft };
      continue;
    }
    const draft: Draft = { line: row.line, text, speaker: state.speaker(row.speakerCell, row.line), attrs: { ...row.attrs }, codeIds: [...row.codeIds], ...(row.memo ? { memo: row.memo } : {}) };
    g.drafts.push(draft);
    prev = { row, draft };
  }
  return [...groups.values()].map((g) => passagesDocument(
    { id: g.id, coder: g.coder, path: opts.file, format: 'segments', attributes: { ...(opts.attributes ?? {}), ...commonAttributes(g.rows) } },
    g.drafts.map((d) => ({ text: d.text, line: d.line, speaker: d.speaker, attributes: { ...(opts.attributes ?? {}), ...d.attrs }, codings: d.codeIds.map((codeId) => ({ codeId, ...(d.memo ? { memo: d.memo } : {}) })) })),
  ));
}


/** Rows carry offsets into `<texts>/<document>.txt`: paragraphs of that file are the excerpts. */
async function buildFromOffsets(rows: Row[], opts: SegmentOptions, issues: InputIssue[], counts: Record<string, number>): Promise<Document[]> {
  const file = opts.file;
  const texts = new Map<string, IndexedText | null>();
  interface Group { id: string; coder: string; text: IndexedText; rows: Row[] }
  const groups = new Map<string, Group>();
  for (const row of rows) {
    let t = texts.get(row.documentId);
    if (t === undefined) {
      t = await loadText(row, opts, issues);
      texts.set(row.documentId, t);
    }
    if (!t) {
      counts['rows-skipped']++;
      continue;
    }
    if (row.end! > t.cpLength || row.start! > t.cpLength) {
      counts['rows-skipped']++;
      issues.push({ severity: 'error', file, line: row.line, field: opts.columns.end, code: 'bad-offset', message: `span ${row.start}–${row.end} lies outside ${t.displayName}, which has ${t.cpLength} characters; the row is skipped`, hint: 'offsets count Unicode characters (code points) from 0 in the text file as it is now; was the file edited after coding?' });
      continue;
    }
    const key = `${row.documentId}\u0000${row.coder}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { id: row.documentId, coder: row.coder, text: t, rows: [] }));
    g.rows.push(row);
    if (row.text && opts.columns.text) {
      const span = sliceCodePoints(t, row.start!, row.end!);
      if (normaliseSpace(span) !== normaliseSpace(row.text)) {
        issues.push({ severity: 'warning', file, line: row.line, field: opts.columns.text, code: 'span-text-mismatch', message: `the text in column "${opts.columns.text}" ("${excerptForMessage(row.text)}") differs from span ${row.start}–${row.end} of ${t.displayName} ("${excerptForMessage(span)}")`, hint: 'the offsets are used; check that the text file is the version that was coded' });
      }
    }
  }
  const docs: Document[] = [];
  for (const g of groups.values()) {
    const base = { ...(opts.attributes ?? {}), ...commonAttributes(g.rows) };
    const paras = g.text.paragraphs;
    const excerpts = excerptsOf(g.id, g.text, base);
    const seen = excerpts.map(() => new Set<string>());
    // Row attributes beat source attributes; the first row touching a paragraph wins.
    const setByRow = excerpts.map(() => new Set<string>());
    for (const row of g.rows) {
      const s = row.start!;
      const e = row.end!;
      const hit = laySpan(excerpts, paras, { start: s, end: e, codeIds: row.codeIds, coder: g.coder, ref: `row${row.line}`, ...(row.memo ? { memo: row.memo } : {}) }, seen);
      const touched = hit.length > 0;
      for (const i of hit) {
        const x = excerpts[i];
        for (const [k, v] of Object.entries(row.attrs)) {
          if (setByRow[i].has(k)) continue;
          setByRow[i].add(k);
          x.attributes[k] = v;
        }
      }
      if (!touched && row.codeIds.length) {
        issues.push({ severity: 'warning', file, line: row.line, code: 'span-outside-paragraphs', message: `span ${s}–${e} of ${g.text.displayName} covers no paragraph text (only blank lines or a speaker label); its codes are not counted`, hint: 'check the start and end columns' });
      }
    }
    docs.push({ id: g.id, path: file, format: 'segments', coder: g.coder, attributes: base, text: g.text.text, lineEnding: lineEndingOf(g.text.text), excerpts, hasFullText: true });
  }
  return docs;
}

async function loadText(row: Row, opts: SegmentOptions, issues: InputIssue[]): Promise<IndexedText | null> {
  const folder = opts.texts!;
  const names = [row.documentName];
  if (row.documentId !== row.documentName) names.push(row.documentId);
  const tried: string[] = [];
  for (const name of names) {
    const fileName = /\.txt$/i.test(name) ? name : `${name}.txt`;
    const abs = join(folder, fileName);
    const rel = relative(folder, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      issues.push({ severity: 'error', file: opts.file, line: row.line, field: opts.columns.document, code: 'bad-document-name', message: `document name "${excerptForMessage(name)}" points outside the texts folder`, hint: 'document names must be plain file names (without "/" or "..")' });
      return null;
    }
    tried.push(abs);
    let buf: Buffer;
    try {
      buf = await readFile(abs);
    } catch {
      continue;
    }
    const displayName = fileName;
    const decoded = decodeBytes(buf, 'utf-8', abs);
    if (decoded.issues.length) {
      for (const i of decoded.issues) issues.push({ ...i, hint: 'text files for offsets are read as UTF-8: save the file as UTF-8 (the source entry\'s `encoding:` applies to the table only)' });
      return null;
    }
    return indexText(decoded.text, displayName, opts.speakerRules, chooseParagraphMode(decoded.text));
  }
  issues.push({ severity: 'error', file: opts.file, line: row.line, field: opts.columns.document, code: 'missing-text-file', message: `no text file for document "${excerptForMessage(row.documentName)}": tried ${tried.join(', ')}`, hint: 'the `texts:` folder must hold `<document>.txt` for every document named in the table' });
  return null;
}

/** Attribute values shared by every row (same non-empty value everywhere). */
function commonAttributes(rows: Row[]): Attributes {
  if (!rows.length) return {};
  const out: Attributes = { ...rows[0].attrs };
  for (let i = 1; i < rows.length; i++) {
    for (const k of Object.keys(out)) if (rows[i].attrs[k] !== out[k]) delete out[k];
  }
  return out;
}

/** Exact header match first, then trimmed and case-insensitive. */
export function findColumn(header: string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact >= 0) return exact;
  const want = name.trim().toLowerCase();
  return header.findIndex((h) => h.trim().toLowerCase() === want);
}

function attributeKey(column: string): string {
  return column.trim().toLowerCase().replace(/\s+/g, '_');
}

function mappedColumnList(cols: SegmentColumns, withOffsets: boolean): string[] {
  const list = [withOffsets ? undefined : cols.text, cols.codes, cols.document, cols.speaker, cols.coder, cols.start, cols.end, ...cols.attributes];
  return list.filter((c): c is string => !!c);
}

/** "12", "12,0" and "12.0" → 12; anything else → undefined. */
export function parseOffset(cell: string): number | undefined {
  const m = /^(\d{1,12})(?:[.,]0+)?$/.exec(cell.trim());
  return m ? Number(m[1]) : undefined;
}

function normaliseDelimiter(d: string | undefined): string | undefined {
  if (d === undefined || d === '') return undefined;
  if (d === '\\t' || d.toLowerCase() === 'tab') return '\t';
  return d;
}

/**
 * Pick the delimiter from the header line: the most frequent of tab, ';' and ',' outside quotes.
 * Works on bytes, so it holds for UTF-8, Windows-1252 and (ASCII-interleaved) UTF-16 alike.
 */
export function sniffDelimiter(head: Uint8Array): string {
  const counts = new Map<number, number>([[0x09, 0], [0x3b, 0], [0x2c, 0]]);
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0x22) quoted = !quoted;
    else if (!quoted && (b === 0x0a || b === 0x0d)) break;
    else if (!quoted && counts.has(b)) counts.set(b, counts.get(b)! + 1);
  }
  let best = 0x2c;
  let bestCount = 0;
  for (const [b, n] of counts) if (n > bestCount) { best = b; bestCount = n; }
  return String.fromCharCode(best);
}

function normaliseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Strict UTF-8 as a stream stage (StrictUtf8Decoder, shared with the CRM and register readers). */
class StrictUtf8 extends Transform {
  private readonly decoder: StrictUtf8Decoder;

  constructor(file: string) {
    super({ decodeStrings: true });
    this.decoder = new StrictUtf8Decoder({ file, notRead: 'the file was not read', hint: 'the table is probably a Windows (Excel) export: set `encoding: windows-1252` in its source entry' });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      cb(null, this.decoder.write(chunk));
    } catch (e) {
      cb(e as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      const rest = this.decoder.end();
      cb(null, rest || undefined);
    } catch (e) {
      cb(e as Error);
    }
  }
}

/** CRLF and lone CR → LF, so csv-parse counts lines the same way for every export. */
class LfOnly extends Transform {
  private pendingCr = false;

  constructor() {
    super({ decodeStrings: false, encoding: 'utf8' });
  }

  override _transform(chunk: string | Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    let s = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (this.pendingCr) s = `\r${s}`;
    this.pendingCr = s.endsWith('\r');
    if (this.pendingCr) s = s.slice(0, -1);
    cb(null, s.replace(/\r\n?/g, '\n'));
  }

  override _flush(cb: TransformCallback): void {
    cb(null, this.pendingCr ? '\n' : '');
  }
}
