/**
 * The .docx reader: unpacks a WordprocessingML package (ECMA-376) into WordContent — the body's
 * paragraphs in reading order and the comments anchored on them. wordproc-document.ts turns that into
 * Documents; this module only reads the package.
 *
 * The package is opened with the safe ZIP reader (src/io/qda/zip.ts: entry-count and size limits,
 * checksums) and every XML part is streamed through saxes, bytes → UTF-8 → parser, so no part is ever
 * held whole as a DOM. Parts are found through the package relationships (`_rels/.rels`, then the main
 * part's `.rels`), falling back to the usual names `word/document.xml`, `word/styles.xml`,
 * `word/comments.xml`, `word/commentsExtended.xml`.
 *
 * Rules applied where the format leaves room:
 * - **Paragraphs** are the `w:p` elements of the body in document order, also inside tables
 *   (`w:tbl`, one paragraph per cell paragraph), content controls (`w:sdt`) and text boxes
 *   (`w:txbxContent`). A text box sits inside a run of the paragraph it is anchored to; its paragraphs
 *   come right after that paragraph. In `mc:AlternateContent` only the first `mc:Choice` is read (its
 *   `mc:Fallback` repeats the same text box as VML and would double the text); the fallback is read
 *   only when there is no choice. Headers, footers, footnotes and endnotes are not read; each
 *   footnote or endnote reference in the body is counted in `notesSkipped`.
 * - **Table cells**: a paragraph whose innermost container is a `w:tc` gets its `cell` (table,
 *   row, grid column, all 1-based). Tables are numbered in the order they start, nested ones
 *   included. The grid column honours `w:gridBefore` (empty grid columns before a row's first
 *   cell) and `w:gridSpan` (a cell spanning columns); a `w:vMerge` cell that continues the cell
 *   above (no value, or `continue`) is `covered`, its paragraphs still read as they are.
 * - **Text**: `w:t` (a line break typed inside it reads as a space, as Word shows it); `w:tab` and `w:ptab` → tab; `w:br` (line break) and `w:cr` → `\n`, but a page or
 *   column break (`w:br w:type="page|column"`) adds nothing; `w:noBreakHyphen` → `-`; `w:softHyphen`
 *   adds nothing; `w:sym` (a glyph of a symbol font such as Wingdings) adds nothing; field
 *   instructions (`w:instrText`) are dropped and field results kept, so a date field reads as the date.
 * - **Tracked changes are read as accepted**: `w:ins` and `w:moveTo` are kept, `w:del` and
 *   `w:moveFrom` dropped; a deleted paragraph mark (`w:pPr/w:rPr/w:del`) joins the paragraph with the
 *   next one, as accepting it does in Word. Every `w:ins`, `w:del`, `w:moveFrom`, `w:moveTo` (and
 *   inserted or deleted paragraph mark or table row) counts once in `trackedChanges`. Formatting
 *   changes (`w:rPrChange`, `w:pPrChange`) are not changes of the text; their old properties are
 *   ignored.
 * - **Headings**: a paragraph's outline level (`w:outlineLvl` 0–8 → heading 1–9, 9 = body text) given
 *   directly, else by its style or the styles it is based on (`w:basedOn`); else the style's name —
 *   `heading N` / `Kop N` (Word stores the English name of built-in styles even in a Dutch Word, and
 *   localises only the style id, so the id is never used), `Title`/`Titel` (1), `Subtitle`/`Ondertitel`
 *   (2). Paragraphs without a style use the default paragraph style.
 * - **Bold prefix**: the length of the bold text a paragraph starts with. A run is bold by its own
 *   `w:b` (not `w:val="0|false|off"`), else by its character style (`w:rStyle`), else by the paragraph
 *   style, each following `w:basedOn`.
 * - **Comments** come from comments.xml (`w:comment`: id, author, date, its paragraphs' text joined by
 *   `\n`), anchored by `w:commentRangeStart`/`w:commentRangeEnd` with the same `w:id` in the body; a
 *   range over several paragraphs becomes one range per paragraph (empty pieces at a paragraph's edge
 *   are left out). A comment without both marks (only `w:commentReference`, or nothing) gets no
 *   ranges. Replies: commentsExtended.xml links a comment (`w15:paraId` = the `w14:paraId` of the
 *   comment's last paragraph) to its parent (`w15:paraIdParent`); a reply is listed under the first
 *   comment of its thread and is not a comment of its own.
 * - **Refused packages**: an OLE compound file (`D0 CF 11 E0 A1 B1 1A E1`) is a password-protected
 *   .docx or an old .doc; a file that is no ZIP, a damaged ZIP, a ZIP without a main document part,
 *   and XML that is not well-formed are errors. Nothing here throws for bad input.
 */
import { open } from 'node:fs/promises';
import { SaxesParser } from 'saxes';
import type { InputIssue } from '../../model/types.js';
import { openZip, ZipError, type ZipReader } from '../qda/zip.js';
import type { TableCell, WordComment, WordContent, WordParagraph } from './content.js';

const W_NS = ['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main'];
const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const W14_NS = 'http://schemas.microsoft.com/office/word/2010/wordml';
const W15_NS = 'http://schemas.microsoft.com/office/word/2012/wordml';

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The XML parts of a package, as text. Only `document` is required. */
export interface DocxParts {
  document: string;
  styles?: string;
  comments?: string;
  commentsExtended?: string;
}

export interface DocxReadResult {
  content?: WordContent;
  issues: InputIssue[];
}

// ---------------------------------------------------------------------------------------------
// Package

/** Read a .docx file. Problems (unreadable, encrypted, damaged, not a .docx) are error issues. */
export async function readDocxContent(absPath: string, file: string): Promise<DocxReadResult> {
  const head = await readHead(absPath, file);
  if ('issue' in head) return { issues: [head.issue] };
  if (head.bytes.length === 0) {
    return { issues: [err(file, 'not-docx', `"${file}" is empty, not a Word document`, 'save the document again from Word as a Word Document (.docx)')] };
  }
  if (OLE_SIGNATURE.every((b, i) => head.bytes[i] === b)) {
    return {
      issues: [err(file, 'docx-encrypted',
        `"${file}" cannot be read: it is password-protected or encrypted (an OLE container, not a zip), or an old Word 97–2003 .doc file with a .docx name`,
        'remove the password in Word (File › Info › Protect Document › Encrypt with Password: clear the password) and save; an old .doc file: open it in Word and save it as Word Document (.docx)')],
    };
  }
  const isZip = head.bytes[0] === 0x50 && head.bytes[1] === 0x4b; // "PK"
  let zip: ZipReader;
  try {
    zip = await openZip(absPath);
  } catch (e) {
    return { issues: [zipIssue(absPath, file, e, isZip)] };
  }
  try {
    return await readPackage(zip, file);
  } catch (e) {
    if (e instanceof ZipError) return { issues: [zipIssue(absPath, file, e, true)] };
    throw e;
  } finally {
    zip.close();
  }
}

async function readHead(absPath: string, file: string): Promise<{ bytes: Uint8Array } | { issue: InputIssue }> {
  try {
    const fh = await open(absPath, 'r');
    try {
      const bytes = new Uint8Array(8);
      const { bytesRead } = await fh.read(bytes, 0, 8, 0);
      return { bytes: bytes.subarray(0, bytesRead) };
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${(e as Error).message})`;
    return { issue: err(file, 'unreadable-file', `"${file}" ${why}`, 'check the path or glob of this source in hefboom.yaml') };
  }
}

function zipIssue(absPath: string, file: string, e: unknown, isZip: boolean): InputIssue {
  if (!(e instanceof ZipError)) {
    return err(file, 'docx-damaged', `"${file}" cannot be read as a .docx: ${(e as Error).message}`, 'open the document in Word and save it again as Word Document (.docx)');
  }
  if (!isZip) {
    return err(file, 'not-docx', `"${file}" is not a Word document (.docx): it is not a ZIP package`, 'a .docx is a ZIP package; check that the file really is a Word document, or save it again from Word as Word Document (.docx)');
  }
  if (e.code === 'zip-unreadable') {
    // The ZipError message names the absolute path; the user knows the file by its display name.
    const reason = e.message.replace(/^"(?:[^"\\]|\\.)*" is not a readable ZIP archive(?: \(entry "(?:[^"\\]|\\.)*"\))?: /, '').replace(/\.$/, '');
    return err(file, 'docx-damaged', `"${file}" is damaged: ${reason}`, 'the file may be truncated (an interrupted copy or download); copy it again, or open it in Word, which can often repair it, and save it again');
  }
  // Other refusals (limits, a lying header) name the absolute path; the user knows the display name.
  return err(file, 'docx-damaged', `"${file}" was refused: ${e.message.split(`"${absPath}"`).join(`"${file}"`)}`, e.hint ?? 'open the document in Word and save it again as Word Document (.docx)');
}

function err(file: string, code: string, message: string, hint?: string, line?: number): InputIssue {
  return { severity: 'error', file, ...(line !== undefined ? { line } : {}), code, message, ...(hint ? { hint } : {}) };
}

interface Rel { type: string; target: string; external: boolean }

/** `a/b/../c.xml` → `a/c.xml`; a leading `/` means the package root. */
function partName(baseDir: string, target: string): string {
  const joined = target.startsWith('/') ? target.slice(1) : baseDir + target;
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

async function readPackage(zip: ZipReader, file: string): Promise<DocxReadResult> {
  const names = new Set(zip.entries.map((e) => e.name));
  const rels = async (name: string): Promise<Rel[]> => (names.has(name) ? parseRels(await zip.read(name, 16 * 1024 * 1024)) : []);
  const byType = (list: Rel[], suffix: string) => list.find((r) => !r.external && (r.type.endsWith(`/${suffix}`)));

  const rootRel = byType(await rels('_rels/.rels'), 'officeDocument');
  const main = rootRel ? partName('', rootRel.target) : 'word/document.xml';
  if (!names.has(main)) {
    let what = 'it holds no Word document part (word/document.xml)';
    if (names.has('content.xml') && names.has('mimetype')) what = 'it looks like an OpenDocument file (.odt); use `format: odt` for it';
    else if (names.has('xl/workbook.xml')) what = 'it is an Excel workbook';
    else if (names.has('ppt/presentation.xml')) what = 'it is a PowerPoint presentation';
    return { issues: [err(file, 'not-docx', `"${file}" is a ZIP package but not a Word document: ${what}`, 'save the transcript from Word as Word Document (.docx)')] };
  }
  const slash = main.lastIndexOf('/');
  const dir = slash >= 0 ? main.slice(0, slash + 1) : '';
  const mainRels = await rels(`${dir}_rels/${main.slice(slash + 1)}.rels`);
  const part = (suffix: string, fallback: string): string | undefined => {
    const r = byType(mainRels, suffix);
    const name = r ? partName(dir, r.target) : mainRels.length ? undefined : fallback;
    return name !== undefined && names.has(name) ? name : undefined;
  };
  const stylesName = part('styles', `${dir}styles.xml`);
  const commentsName = part('comments', `${dir}comments.xml`);
  const extendedName = part('commentsExtended', `${dir}commentsExtended.xml`);

  const reader = new DocxContentReader(file);
  const feed = async (name: string, p: XmlSink) => streamXml((onChunk) => zip.stream(name, onChunk), p);
  if (stylesName) await feed(stylesName, reader.styles(stylesName));
  await feed(main, reader.document(main));
  if (commentsName) await feed(commentsName, reader.comments(commentsName));
  if (extendedName) await feed(extendedName, reader.commentsExtended(extendedName));
  return reader.finish();
}

/** Read a package's parts from strings (tests, and callers that already hold the XML). */
export function docxContentFromXml(parts: DocxParts, file: string): DocxReadResult {
  const reader = new DocxContentReader(file);
  const feed = (text: string, sink: XmlSink) => {
    sink.write(text);
    sink.close();
  };
  if (parts.styles !== undefined) feed(parts.styles, reader.styles('word/styles.xml'));
  feed(parts.document, reader.document('word/document.xml'));
  if (parts.comments !== undefined) feed(parts.comments, reader.comments('word/comments.xml'));
  if (parts.commentsExtended !== undefined) feed(parts.commentsExtended, reader.commentsExtended('word/commentsExtended.xml'));
  return reader.finish();
}

// ---------------------------------------------------------------------------------------------
// XML plumbing

interface XmlSink {
  write(text: string): void;
  close(): void;
  /** Stop with an error that is not the XML's fault (bytes that are not text). */
  fail(message: string): void;
}

const DECODE_BYTES = 64 * 1024;

/** Inflate an entry into a sink: bytes → text (UTF-8, or UTF-16 by BOM) in small pieces. */
async function streamXml(read: (onChunk: (chunk: Buffer) => void) => Promise<void>, sink: XmlSink): Promise<void> {
  let decoder: TextDecoder | undefined;
  let bad = false;
  await read((chunk) => {
    if (bad) return;
    if (!decoder) {
      const utf16 = chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8';
      decoder = new TextDecoder(utf16, { fatal: true });
    }
    for (let at = 0; at < chunk.length && !bad; at += DECODE_BYTES) {
      let text: string;
      try {
        text = decoder.decode(chunk.subarray(at, Math.min(chunk.length, at + DECODE_BYTES)), { stream: true });
      } catch {
        bad = true;
        sink.fail('its bytes are not valid UTF-8 text');
        return;
      }
      sink.write(text);
    }
  });
  if (bad) return;
  if (decoder) {
    try {
      sink.write(decoder.decode());
    } catch {
      sink.fail('it ends in the middle of a character');
      return;
    }
  }
  sink.close();
}

class StopParsing extends Error {}

type Attrs = Record<string, string>;

/**
 * A saxes parser for one part. Element names are compared as qualified names with the prefixes the
 * part's root element binds to the WordprocessingML namespaces (every producer declares them there),
 * so `w:p` of a part that calls the namespace `w` and `x:p` of one that calls it `x` are the same.
 */
function xmlSink(
  file: string,
  partLabel: string,
  issues: InputIssue[],
  handlers: {
    root(prefixes: Prefixes): void;
    open(name: string, attrs: Attrs): void;
    close(name: string): void;
    text(t: string): void;
    end(): void;
  },
): XmlSink {
  const parser = new SaxesParser({ position: true });
  let stopped = false;
  let rooted = false;
  const fail = (message: string): never => {
    issues.push(err(file, 'xml-syntax', `${partLabel} in "${file}" is not well-formed XML: ${message}`, 'the document is damaged; open it in Word (which can often repair it) and save it again', parser.line));
    throw new StopParsing(message);
  };
  parser.on('doctype', () => fail('it has a DOCTYPE declaration, which a Word document never has'));
  parser.on('error', (e) => fail(e.message.replace(/^(?:.*?:)?\d+:\d+: /, '')));
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Attrs;
    if (!rooted) {
      rooted = true;
      handlers.root(prefixesOf(a));
    }
    handlers.open(tag.name, a);
  });
  parser.on('closetag', (tag) => handlers.close(tag.name));
  parser.on('text', (t) => handlers.text(t));
  const guard = (step: () => void) => {
    if (stopped) return;
    try {
      step();
    } catch (e) {
      if (!(e instanceof StopParsing)) throw e;
      stopped = true;
    }
  };
  return {
    write: (text) => guard(() => parser.write(text)),
    close: () => {
      // saxes reports a part without a root element itself ("document must contain a root element").
      guard(() => parser.close());
      if (!stopped) handlers.end();
    },
    fail: (message) => guard(() => fail(message)),
  };
}

interface Prefixes { w: string; mc: string; w14: string; w15: string }

function prefixesOf(a: Attrs): Prefixes {
  const p: Prefixes = { w: 'w', mc: 'mc', w14: 'w14', w15: 'w15' };
  for (const [k, v] of Object.entries(a)) {
    if (!k.startsWith('xmlns:')) continue;
    const prefix = k.slice(6);
    if (W_NS.includes(v)) p.w = prefix;
    else if (v === MC_NS) p.mc = prefix;
    else if (v === W14_NS) p.w14 = prefix;
    else if (v === W15_NS) p.w15 = prefix;
  }
  return p;
}

function parseRels(buf: Buffer): Rel[] {
  const out: Rel[] = [];
  const parser = new SaxesParser();
  parser.on('error', () => { throw new StopParsing('rels'); });
  parser.on('opentag', (tag) => {
    const name = tag.name.slice(tag.name.indexOf(':') + 1);
    if (name !== 'Relationship') return;
    const a = tag.attributes as Attrs;
    if (a.Type && a.Target) out.push({ type: a.Type, target: a.Target, external: a.TargetMode === 'External' });
  });
  try {
    parser.write(buf.toString('utf8').replace(/^\uFEFF/, '')).close();
  } catch (e) {
    // Broken relationships: fall back to the usual part names.
    if (!(e instanceof StopParsing)) throw e;
    return [];
  }
  return out;
}

const isFalse = (v: string | undefined) => v === '0' || v === 'false' || v === 'off';

/** A line break typed into `w:t` itself (not a `w:br`) shows as a space in Word. */
function lineBreaksAsSpaces(t: string): string {
  return t.indexOf('\n') < 0 && t.indexOf('\r') < 0 ? t : t.replace(/\r\n?|\n/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Styles

interface StyleInfo {
  type: string;
  name?: string;
  basedOn?: string;
  outline?: number;
  bold?: boolean;
}

const HEADING_NAME = /^(?:heading|kop)\s*([1-9])$/i;
/** Styles of lines Word generates: table of contents (`toc 1`…), index entries, table of figures. */
const GENERATED_NAME = /^(?:toc\s*[1-9]|inhopg\s*[1-9]|inhoudsopgave\s*[1-9]|index\s*[1-9]|table of figures|lijst met afbeeldingen)$/i;
const TITLE_NAME = /^(?:title|titel)$/i;
const SUBTITLE_NAME = /^(?:subtitle|ondertitel)$/i;

class StyleTable {
  readonly styles = new Map<string, StyleInfo>();
  defaultParagraph?: string;
  private readonly headingCache = new Map<string, number>();
  private readonly boldCache = new Map<string, boolean>();

  /** Heading level 1–9 of a paragraph style, 0 when it is body text. */
  heading(id: string | undefined): number {
    const key = id ?? this.defaultParagraph;
    if (key === undefined) return 0;
    let h = this.headingCache.get(key);
    if (h === undefined) {
      h = 0;
      let outline: number | undefined;
      let named = 0;
      const seen = new Set<string>();
      for (let s = this.styles.get(key), k = key; s && !seen.has(k); k = s.basedOn ?? '', s = s.basedOn ? this.styles.get(s.basedOn) : undefined) {
        seen.add(k);
        if (outline === undefined && s.outline !== undefined) outline = s.outline;
        if (!named && s.name) named = nameLevel(s.name);
      }
      h = outline !== undefined ? (outline <= 8 ? outline + 1 : 0) : named;
      this.headingCache.set(key, h);
    }
    return h;
  }

  /** Whether a paragraph style is one of the lines Word generates (GENERATED_NAME), following basedOn. */
  generated(id: string | undefined): boolean {
    const seen = new Set<string>();
    for (let s = id === undefined ? undefined : this.styles.get(id), k = id ?? ''; s && !seen.has(k); k = s.basedOn ?? '', s = s.basedOn ? this.styles.get(s.basedOn) : undefined) {
      seen.add(k);
      if (s.name && GENERATED_NAME.test(s.name.trim())) return true;
    }
    return false;
  }

  /** Whether a style (character or paragraph) makes its text bold, following basedOn. */
  bold(id: string | undefined): boolean | undefined {
    if (id === undefined) return undefined;
    const hit = this.boldCache.get(id);
    if (hit !== undefined) return hit;
    let b: boolean | undefined;
    const seen = new Set<string>();
    for (let s = this.styles.get(id), k = id; s && !seen.has(k); k = s.basedOn ?? '', s = s.basedOn ? this.styles.get(s.basedOn) : undefined) {
      seen.add(k);
      if (s.bold !== undefined) { b = s.bold; break; }
    }
    this.boldCache.set(id, b ?? false);
    return b;
  }
}

function nameLevel(name: string): number {
  const m = HEADING_NAME.exec(name.trim());
  if (m) return Number(m[1]);
  if (TITLE_NAME.test(name.trim())) return 1;
  if (SUBTITLE_NAME.test(name.trim())) return 2;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The reader

/** A paragraph being read. */
interface ParaBuilder {
  parts: string[];
  len: number;
  bold: number;
  boldOpen: boolean;
  styleId?: string;
  /** Direct outline level (0–9) from the paragraph's own properties. */
  outline?: number;
  markDeleted: boolean;
  where: WordParagraph['where'];
  /** The table cell it sits in (innermost container), when it does. */
  cell?: TableCell;
  /** Text-box paragraphs anchored in this one, emitted right after it. */
  children: ParaBuilder[] | null;
  /** Index in WordContent.paragraphs, once emitted. */
  index: number;
}

interface Anchor { para: ParaBuilder; off: number }

interface RawComment {
  id: string;
  author: string;
  date?: string;
  paras: string[];
  lastParaId?: string;
}

/** Run-level elements that may sit between two paragraphs without ending a deleted-mark join. */
const MARKERS = new Set(['commentRangeStart', 'commentRangeEnd', 'bookmarkStart', 'bookmarkEnd', 'proofErr', 'permStart', 'permEnd',
  'moveFromRangeStart', 'moveFromRangeEnd', 'moveToRangeStart', 'moveToRangeEnd']);

/** Property-change records: the old formatting they hold must not be read as the current one. */
const CHANGE_RECORDS = new Set(['pPrChange', 'rPrChange', 'sectPrChange', 'tblPrChange', 'trPrChange', 'tcPrChange', 'tblGridChange', 'numberingChange']);

class DocxContentReader {
  readonly issues: InputIssue[] = [];
  private readonly styleTable = new StyleTable();
  private readonly paragraphs: WordParagraph[] = [];
  private trackedChanges = 0;
  private notesSkipped = 0;
  private readonly starts = new Map<string, Anchor>();
  private readonly ends = new Map<string, Anchor>();
  private readonly rawComments: RawComment[] = [];
  /** w15:paraId → w15:paraIdParent. */
  private readonly parentOf = new Map<string, string>();
  private documentRead = false;

  constructor(private readonly file: string) {}

  styles(part: string): XmlSink {
    const t = this.styleTable;
    let w = 'w:';
    let cur: StyleInfo | undefined;
    let curId: string | undefined;
    const stack: string[] = [];
    let skip = 0;
    return xmlSink(this.file, part, this.issues, {
      root: (p) => { w = `${p.w}:`; },
      open: (name, a) => {
        if (skip) { skip++; return; }
        const local = name.startsWith(w) ? name.slice(w.length) : '';
        if (CHANGE_RECORDS.has(local)) { skip = 1; return; }
        const parent = stack[stack.length - 1];
        stack.push(local);
        if (local === 'style') {
          curId = a[`${w}styleId`];
          cur = { type: a[`${w}type`] ?? 'paragraph' };
          if (curId !== undefined && cur.type === 'paragraph' && (a[`${w}default`] === '1' || a[`${w}default`] === 'true')) t.defaultParagraph = curId;
        } else if (cur) {
          if (local === 'name' && parent === 'style') cur.name = a[`${w}val`];
          else if (local === 'basedOn' && parent === 'style') cur.basedOn = a[`${w}val`];
          else if (local === 'outlineLvl' && parent === 'pPr') {
            const n = Number(a[`${w}val`]);
            if (Number.isInteger(n) && n >= 0 && n <= 9) cur.outline = n;
          } else if (local === 'b' && parent === 'rPr' && stack[stack.length - 3] === 'style') cur.bold = !isFalse(a[`${w}val`]);
        }
      },
      close: () => {
        if (skip) { skip--; return; }
        const local = stack.pop();
        if (local === 'style' && cur && curId !== undefined) {
          t.styles.set(curId, cur);
          cur = undefined;
        }
      },
      text: () => {},
      end: () => {},
    });
  }

  document(part: string): XmlSink {
    this.documentRead = true;
    const st = this.styleTable;
    let w = 'w:';
    let mc = 'mc:';
    let inBody = false;
    const stack: string[] = [];
    /** Full skip (fallback content, old properties): nothing inside counts, not even anchors. */
    let skip = 0;
    /** Inside deleted or moved-away content: no text, anchors still count. */
    let noText = 0;
    let tableDepth = 0;
    let textboxDepth = 0;
    let tablesSeen = 0;
    /** Open tables, innermost last: their number, the current row, the grid column the next cell starts in. */
    const tables: { n: number; row: number; col: number; cell: TableCell | null; span: number }[] = [];
    /** Open containers of paragraphs, innermost last: a paragraph has a `cell` when the innermost is a cell. */
    const containers: ('cell' | 'textbox')[] = [];
    const alt: boolean[] = [];
    const paras: ParaBuilder[] = [];
    let pendingStarts: string[] = [];
    let lastClosed: ParaBuilder | undefined;
    let carry: ParaBuilder | undefined;
    let carryDepth = -1;
    let inT = false;
    // The current run's formatting.
    let runB: boolean | undefined;
    let runStyle: string | undefined;
    let runBold: boolean | undefined;

    const emit = (p: ParaBuilder) => {
      p.index = this.paragraphs.length;
      const text = p.parts.length === 1 ? p.parts[0] : p.parts.join('');
      const heading = p.outline !== undefined ? (p.outline <= 8 ? p.outline + 1 : 0) : st.heading(p.styleId);
      const wp: WordParagraph = { text, boldPrefix: p.bold, where: p.where };
      if (heading) wp.heading = heading;
      else if (st.generated(p.styleId)) wp.generated = true;
      if (p.cell) wp.cell = p.cell;
      this.paragraphs.push(wp);
      p.parts = [];
      if (p.children) for (const c of p.children) emit(c);
    };
    const flushCarry = () => {
      if (!carry) return;
      const c = carry;
      carry = undefined;
      carryDepth = -1;
      finishPara(c);
    };
    const finishPara = (p: ParaBuilder) => {
      lastClosed = p;
      const outer = paras[paras.length - 1];
      if (outer) (outer.children ??= []).push(p);
      else emit(p);
    };
    const append = (s: string) => {
      const p = paras[paras.length - 1];
      if (!p || !s) return;
      if (runBold === undefined) runBold = runB ?? st.bold(runStyle) ?? st.bold(p.styleId ?? st.defaultParagraph) ?? false;
      p.parts.push(s);
      p.len += s.length;
      if (p.boldOpen) {
        if (runBold) p.bold += s.length;
        else p.boldOpen = false;
      }
    };
    const anchor = (): Anchor | undefined => {
      const p = paras[paras.length - 1];
      return p ? { para: p, off: p.len } : undefined;
    };

    return xmlSink(this.file, part, this.issues, {
      root: (p) => {
        w = `${p.w}:`;
        mc = `${p.mc}:`;
      },
      open: (name, a) => {
        if (skip) { skip++; return; }
        let local: string;
        if (name.startsWith(w)) local = name.slice(w.length);
        else if (name.startsWith(mc)) local = `mc:${name.slice(mc.length)}`;
        else local = '';
        const parent = stack[stack.length - 1];
        if (!inBody) {
          if (local === 'body') inBody = true;
          stack.push(local);
          return;
        }
        if (CHANGE_RECORDS.has(local) || local === 'sectPr') { skip = 1; return; }
        if (local === 'mc:Choice' || local === 'mc:Fallback') {
          const taken = alt[alt.length - 1];
          if (taken) { skip = 1; return; }
          alt[alt.length - 1] = true;
          stack.push(local);
          return;
        }
        if (carry && stack.length === carryDepth && local !== 'p' && !MARKERS.has(local)) flushCarry();
        stack.push(local);
        switch (local) {
          case 'p': {
            let p: ParaBuilder;
            if (carry && stack.length - 1 === carryDepth) {
              // The previous paragraph's mark was deleted: accepting that joins the two; the
              // joined paragraph keeps the properties of the surviving (this) mark.
              p = carry;
              carry = undefined;
              carryDepth = -1;
              p.markDeleted = false;
              p.styleId = undefined;
              p.outline = undefined;
            } else {
              flushCarry();
              p = { parts: [], len: 0, bold: 0, boldOpen: true, markDeleted: false, where: textboxDepth ? 'textbox' : tableDepth ? 'table' : 'body', children: null, index: -1 };
              const cell = containers[containers.length - 1] === 'cell' ? tables[tables.length - 1]?.cell : null;
              if (cell) p.cell = { ...cell };
            }
            paras.push(p);
            if (pendingStarts.length) {
              for (const id of pendingStarts) this.starts.set(id, { para: p, off: p.len });
              pendingStarts = [];
            }
            break;
          }
          case 'pStyle':
            if (parent === 'pPr' && paras.length) paras[paras.length - 1].styleId = a[`${w}val`];
            break;
          case 'outlineLvl':
            if (parent === 'pPr' && paras.length) {
              const n = Number(a[`${w}val`]);
              if (Number.isInteger(n) && n >= 0 && n <= 9) paras[paras.length - 1].outline = n;
            }
            break;
          case 'r':
            runB = undefined;
            runStyle = undefined;
            runBold = undefined;
            break;
          case 'b':
            if (parent === 'rPr' && stack[stack.length - 3] === 'r') runB = !isFalse(a[`${w}val`]);
            break;
          case 'rStyle':
            if (parent === 'rPr') runStyle = a[`${w}val`];
            break;
          case 't':
            inT = noText === 0;
            break;
          case 'tab':
          case 'ptab':
            if (parent === 'r' && noText === 0) append('\t');
            break;
          case 'br': {
            const type = a[`${w}type`];
            if (parent === 'r' && noText === 0 && type !== 'page' && type !== 'column') append('\n');
            break;
          }
          case 'cr':
            if (parent === 'r' && noText === 0) append('\n');
            break;
          case 'noBreakHyphen':
            if (noText === 0) append('-');
            break;
          case 'ins':
          case 'moveTo':
            this.trackedChanges++;
            break;
          case 'del':
            this.trackedChanges++;
            if (parent === 'rPr' && stack[stack.length - 3] === 'pPr') {
              if (paras.length) paras[paras.length - 1].markDeleted = true;
            } else if (parent !== 'trPr') noText++;
            break;
          case 'moveFrom':
            this.trackedChanges++;
            noText++;
            break;
          case 'footnoteReference':
          case 'endnoteReference':
            this.notesSkipped++;
            break;
          case 'tbl':
            tableDepth++;
            tables.push({ n: ++tablesSeen, row: 0, col: 0, cell: null, span: 1 });
            break;
          case 'tr': {
            const t = tables[tables.length - 1];
            if (t) { t.row++; t.col = 0; }
            break;
          }
          case 'gridBefore': {
            // Grid columns left empty before the row's first cell.
            const t = tables[tables.length - 1];
            const n = Number(a[`${w}val`]);
            if (t && parent === 'trPr' && Number.isInteger(n) && n > 0) t.col += n;
            break;
          }
          case 'tc': {
            const t = tables[tables.length - 1];
            if (t) { t.cell = { table: t.n, row: t.row, column: t.col + 1 }; t.span = 1; }
            containers.push('cell');
            break;
          }
          case 'gridSpan': {
            const t = tables[tables.length - 1];
            const n = Number(a[`${w}val`]);
            if (t && parent === 'tcPr' && Number.isInteger(n) && n > 1) t.span = n;
            break;
          }
          case 'vMerge': {
            // `w:val="restart"` starts a vertical merge; without a value (or `continue`) the cell
            // continues the one above and is hidden under it.
            const t = tables[tables.length - 1];
            const v = a[`${w}val`];
            if (t?.cell && parent === 'tcPr' && v !== 'restart') t.cell.covered = true;
            break;
          }
          case 'txbxContent':
            textboxDepth++;
            containers.push('textbox');
            break;
          case 'mc:AlternateContent':
            alt.push(false);
            break;
          case 'commentRangeStart': {
            const id = a[`${w}id`];
            if (id === undefined) break;
            const at = anchor();
            if (at) this.starts.set(id, at);
            else pendingStarts.push(id);
            break;
          }
          case 'commentRangeEnd': {
            const id = a[`${w}id`];
            if (id === undefined) break;
            const at = anchor() ?? (lastClosed ? { para: lastClosed, off: lastClosed.len } : undefined);
            if (at) this.ends.set(id, at);
            break;
          }
        }
      },
      close: () => {
        if (skip) { skip--; return; }
        const local = stack.pop();
        if (carry && stack.length < carryDepth) flushCarry();
        switch (local) {
          case 'p': {
            const p = paras.pop()!;
            if (p.markDeleted) {
              carry = p;
              carryDepth = stack.length;
            } else finishPara(p);
            break;
          }
          case 't':
            inT = false;
            break;
          case 'del':
            if (stack[stack.length - 1] !== 'trPr' && !(stack[stack.length - 1] === 'rPr' && stack[stack.length - 2] === 'pPr')) noText--;
            break;
          case 'moveFrom':
            noText--;
            break;
          case 'tbl':
            tableDepth--;
            tables.pop();
            break;
          case 'tc': {
            const t = tables[tables.length - 1];
            if (t) { t.col += t.span; t.cell = null; }
            containers.pop();
            break;
          }
          case 'txbxContent':
            textboxDepth--;
            containers.pop();
            break;
          case 'mc:AlternateContent':
            alt.pop();
            break;
        }
      },
      text: (t) => {
        if (inT) append(lineBreaksAsSpaces(t));
      },
      end: () => {
        flushCarry();
        // Paragraphs left open by a truncated part are still text.
        while (paras.length) finishPara(paras.pop()!);
        for (const id of pendingStarts) if (lastClosed) this.starts.set(id, { para: lastClosed, off: lastClosed.len });
      },
    });
  }

  comments(part: string): XmlSink {
    let w = 'w:';
    let w14 = 'w14:';
    const stack: string[] = [];
    let skip = 0;
    let cur: RawComment | undefined;
    let para: string[] | undefined;
    let inT = false;
    let noText = 0;
    return xmlSink(this.file, part, this.issues, {
      root: (p) => {
        w = `${p.w}:`;
        w14 = `${p.w14}:`;
      },
      open: (name, a) => {
        if (skip) { skip++; return; }
        const local = name.startsWith(w) ? name.slice(w.length) : '';
        if (CHANGE_RECORDS.has(local)) { skip = 1; return; }
        const parent = stack[stack.length - 1];
        stack.push(local);
        if (local === 'comment') {
          cur = { id: a[`${w}id`] ?? '', author: (a[`${w}author`] ?? '').trim(), date: a[`${w}date`], paras: [] };
        } else if (!cur) return;
        else if (local === 'p') {
          para = [];
          const pid = a[`${w14}paraId`];
          if (pid) cur.lastParaId = pid;
          else cur.lastParaId = undefined;
        } else if (local === 't') inT = noText === 0;
        else if ((local === 'tab' || local === 'ptab') && parent === 'r' && !noText) para?.push('\t');
        else if ((local === 'br' && a[`${w}type`] !== 'page' && a[`${w}type`] !== 'column') || local === 'cr') { if (parent === 'r' && !noText) para?.push('\n'); }
        else if (local === 'del' || local === 'moveFrom') { if (parent !== 'rPr') noText++; }
      },
      close: () => {
        if (skip) { skip--; return; }
        const local = stack.pop();
        if (local === 't') inT = false;
        else if ((local === 'del' || local === 'moveFrom') && stack[stack.length - 1] !== 'rPr' && cur) noText--;
        else if (local === 'p' && cur && para) {
          cur.paras.push(para.join(''));
          para = undefined;
        } else if (local === 'comment' && cur) {
          this.rawComments.push(cur);
          cur = undefined;
        }
      },
      text: (t) => {
        if (inT && para) para.push(lineBreaksAsSpaces(t));
      },
      end: () => {},
    });
  }

  commentsExtended(part: string): XmlSink {
    let w15 = 'w15:';
    return xmlSink(this.file, part, this.issues, {
      root: (p) => { w15 = `${p.w15}:`; },
      open: (name, a) => {
        if (name !== `${w15}commentEx`) return;
        const id = a[`${w15}paraId`];
        const parent = a[`${w15}paraIdParent`];
        if (id && parent) this.parentOf.set(id, parent);
      },
      close: () => {},
      text: () => {},
      end: () => {},
    });
  }

  finish(): DocxReadResult {
    if (this.issues.some((i) => i.severity === 'error') || !this.documentRead) return { issues: this.issues };
    const byLastPara = new Map<string, RawComment>();
    for (const c of this.rawComments) if (c.lastParaId) byLastPara.set(c.lastParaId, c);
    const rootOf = (c: RawComment): RawComment | undefined => {
      let r: RawComment | undefined;
      const seen = new Set<RawComment>();
      for (let k = c; k.lastParaId && !seen.has(k); ) {
        seen.add(k);
        const parentId = this.parentOf.get(k.lastParaId);
        const parent = parentId !== undefined ? byLastPara.get(parentId) : undefined;
        if (!parent || parent === c) break;
        r = parent;
        k = parent;
      }
      return r;
    };
    const comments: WordComment[] = [];
    const byRaw = new Map<RawComment, WordComment>();
    const replies: { root: RawComment; reply: RawComment }[] = [];
    for (const c of this.rawComments) {
      const root = rootOf(c);
      if (root) { replies.push({ root, reply: c }); continue; }
      const wc: WordComment = { id: c.id, author: c.author, text: c.paras.join('\n'), ranges: this.rangesOf(c.id), replies: [] };
      if (c.date) wc.date = c.date;
      comments.push(wc);
      byRaw.set(c, wc);
    }
    for (const { root, reply } of replies) {
      const wc = byRaw.get(root);
      if (wc) wc.replies.push({ author: reply.author, ...(reply.date ? { date: reply.date } : {}), text: reply.paras.join('\n') });
    }
    return {
      content: { paragraphs: this.paragraphs, comments, trackedChanges: this.trackedChanges, notesSkipped: this.notesSkipped },
      issues: this.issues,
    };
  }

  /** The anchor of a comment as ranges per paragraph (see the module comment). */
  private rangesOf(id: string): WordComment['ranges'] {
    const s = this.starts.get(id);
    const e = this.ends.get(id);
    if (!s || !e || s.para.index < 0 || e.para.index < 0) return [];
    const a = s.para.index;
    const b = e.para.index;
    if (a === b) return [{ paragraph: a, start: Math.min(s.off, e.off), end: Math.max(s.off, e.off) }];
    if (b < a) return [{ paragraph: a, start: s.off, end: this.paragraphs[a].text.length }];
    const all: WordComment['ranges'] = [];
    for (let i = a; i <= b; i++) {
      const len = this.paragraphs[i].text.length;
      all.push({ paragraph: i, start: i === a ? s.off : 0, end: i === b ? e.off : len });
    }
    const nonEmpty = all.filter((r) => r.end > r.start);
    return nonEmpty.length ? nonEmpty : [all[0]];
  }
}
