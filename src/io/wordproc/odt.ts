/**
 * The .odt reader (OpenDocument Text, as LibreOffice Writer saves it): unpacks the package and
 * streams `content.xml` (and `styles.xml` for named styles) through saxes into a WordContent — the
 * body's paragraphs in reading order and the annotations anchored on them. wordproc-document.ts
 * turns that into Documents with the same rules as for .docx, so this module only decides what
 * the text *is*; speaker labels, `#code` tags and codings are not its business.
 *
 * Rules applied where ODF leaves room for a choice:
 * - **Paragraphs** are `text:p` and `text:h` inside `office:text`, in the order their start tags
 *   appear, wherever they sit: lists, sections, table cells (`where: 'table'`) and text boxes or
 *   other drawing shapes (`where: 'textbox'`). A text box is anchored inside a paragraph, so that
 *   paragraph comes first and the text box's paragraphs follow it. Empty paragraphs are kept
 *   (the builder decides what an empty paragraph means), so indexes stay faithful to the file.
 * - **Table cells**: a paragraph whose innermost container is a `table:table-cell` or
 *   `table:covered-table-cell` gets its `cell` (table, row, column, all 1-based). Tables are
 *   numbered in the order they start, nested ones included. ODF writes one element per grid
 *   column — a cell spanning columns (`table:number-columns-spanned`) is followed by covered
 *   cells for the columns it spans — so the column counts elements, times
 *   `table:number-columns-repeated`; rows count `table:table-row`s times
 *   `table:number-rows-repeated` (a repeated row's content is read once). A covered cell is
 *   `covered`; text in it (LibreOffice keeps none) is still read.
 * - **Left out**: footnotes and endnotes (`text:note`, counted in notesSkipped), annotations' own
 *   text (it becomes the comment), deleted text of tracked changes, generated index bodies (table
 *   of contents and other indexes repeat the headings), list numbers written as `text:number`,
 *   ruby annotations, images, embedded objects and `svg:title`/`svg:desc`. Fields (dates, page
 *   numbers, cross-references) are kept with the value they showed when the file was saved.
 * - **White space** follows ODF 1.2 §6.1.2 as LibreOffice applies it (checked against LibreOffice
 *   7.4): spaces, tabs and line feeds in the XML's character data collapse to one space, and such a
 *   space is dropped at the start of a paragraph or right after another collapsed space. A collapsed
 *   space at the end of a paragraph is kept, as LibreOffice keeps it (the same document saved as
 *   .docx has it too). `text:s` (with `text:c`, capped at 1,000) gives literal spaces, `text:tab`
 *   gives `\t`, `text:line-break` gives `\n`, `text:soft-page-break` gives nothing; a space after
 *   any of these is not collapsed.
 * - **Headings**: `text:h` is a heading at its `text:outline-level` (else its style's level, else 1).
 *   A `text:p` is a heading when its paragraph style — automatic or named, following
 *   `style:parent-style-name` — has `style:default-outline-level`, or is called "Heading N" or
 *   "Kop N" (level N), "Title"/"Titel" (1) or "Subtitle"/"Ondertitel" (2), as the .docx reader
 *   does; an empty `style:default-outline-level` on a style in the chain says "not a heading".
 *   Levels above 9 count as 9.
 * - **Bold prefix**: a character is bold when the innermost `text:span`/`text:a` whose text style
 *   (automatic or named, with parents) sets `fo:font-weight` says bold (`bold`, 600–900), else when
 *   the paragraph style does. boldPrefix is the length of the bold run the paragraph starts with.
 * - **Tracked changes**: the body as written is the text with deletions accepted (deleted text sits
 *   in `text:tracked-changes`, which never reaches a paragraph) and insertions kept (they stand in
 *   the body between `text:change-start` and `text:change-end`). Text between a change-start and
 *   change-end of a *deletion* region, which some producers write, is dropped. trackedChanges
 *   counts the `text:changed-region`s holding an insertion or deletion; format-only changes leave
 *   the text alone and are not counted (WordContent counts insertions, deletions and moves).
 * - **Annotations**: `office:annotation` (author `dc:creator`, date `dc:date` as written, its own
 *   paragraphs joined with `\n`) is anchored from where it stands to the `office:annotation-end`
 *   with the same `office:name`, which may sit in a later paragraph: one range per paragraph
 *   touched, empty stretches left out; when every stretch is empty (start and end at one place)
 *   that place is kept as one zero-length range, as docx.ts does. An annotation without an end
 *   (LibreOffice's point comment, written without `office:name`) or whose end comes first has no
 *   ranges: its anchor is empty and the builder reports that. An annotation without
 *   `office:name` gets the id `annotation-N` (N = its ordinal in the file).
 * - **Replies**: ODF has no standard for threads. Recent LibreOffice versions write a reply as an
 *   annotation of its own, right after its parent's anchor, whose `loext:parent-name` names the
 *   parent's `office:name` (as reported by public projects that test against LibreOffice 25.8).
 *   Replies — also replies to replies — go, in file order, to the thread's first annotation and are
 *   not comments of their own; their text is kept as written (LibreOffice may start it with a line
 *   citing the parent). A reply whose parent is not in the file, or whose thread loops, becomes an
 *   ordinary comment, with a warning. LibreOffice 7.4 (checked) writes no parent reference: its
 *   replies cannot be told from comments, so they stay comments.
 * - **Bad packages** never throw: a file that is not a ZIP, a damaged or truncated ZIP, a ZIP
 *   without `content.xml`, another kind of OpenDocument (spreadsheet, presentation), a
 *   password-protected package (`manifest:encryption-data` in `META-INF/manifest.xml`) and
 *   `content.xml` that is not well-formed XML or has a DOCTYPE each give one error issue and no
 *   content. A `styles.xml` that cannot be parsed is a warning (named styles are then unknown).
 *   The ZIP is read through zip.ts, so entry-count and size limits apply.
 */
import { open } from 'node:fs/promises';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { InputIssue } from '../../model/types.js';
import { excerptForMessage } from '../../model/issues.js';
import { openZip, ZipError, type ZipLimits, type ZipReader } from '../qda/zip.js';
import type { TableCell, WordComment, WordContent, WordParagraph } from './content.js';

export interface OdtReadResult {
  /** Absent when the package could not be read (then `issues` holds an error saying why). */
  content?: WordContent;
  issues: InputIssue[];
}

export interface OdtReadOptions {
  /** ZIP limits (defaults: DEFAULT_ZIP_LIMITS of zip.ts). */
  limits?: Partial<ZipLimits>;
}

/** The parts of an .odt package as text, for readOdtXml. */
export interface OdtXmlParts {
  content: string;
  styles?: string;
  manifest?: string;
  mimetype?: string;
}

/** Most spaces one `text:s` stands for: the count is the file's to choose, memory is ours. */
export const MAX_SPACE_RUN = 1000;

const CONTENT = 'content.xml';
const STYLES = 'styles.xml';
const MANIFEST = 'META-INF/manifest.xml';
const MIMETYPE = 'mimetype';
const SMALL_PART_BYTES = 4 * 1024 * 1024;

const HINT_RESAVE = 'open the file in LibreOffice Writer and save it again as .odt (or check that the copy is complete)';

/**
 * Read an .odt file into WordContent. `absPath` is opened, `file` names it in messages. Never throws
 * for bad input: problems become issues.
 */
export async function readOdtContent(absPath: string, file: string, options: OdtReadOptions = {}): Promise<OdtReadResult> {
  let zip: ZipReader;
  try {
    zip = await openZip(absPath, options.limits);
  } catch (e) {
    return { issues: [await openIssue(e, absPath, file)] };
  }
  try {
    const names = new Set(zip.entries.filter((e) => !e.isDirectory).map((e) => e.name));
    const source: PackageSource = {
      has: (name) => names.has(name),
      read: async (name) => new TextDecoder().decode(await zip.read(name, SMALL_PART_BYTES)),
      stream: async (name, onText) => {
        const decoder = new TextDecoder();
        await zip.stream(name, (chunk) => onText(decoder.decode(chunk, { stream: true })));
        const rest = decoder.decode();
        if (rest) onText(rest);
      },
    };
    return await readPackage(source, file);
  } catch (e) {
    return { issues: [zipIssue(e, absPath, file)] };
  } finally {
    zip.close();
  }
}

/**
 * The same as readOdtContent for parts already unpacked (tests, and callers holding the XML).
 * `styles`, `manifest` and `mimetype` are optional, as in a package that lacks them.
 */
export async function readOdtXml(parts: OdtXmlParts, file: string): Promise<OdtReadResult> {
  const byName = new Map<string, string>([[CONTENT, parts.content]]);
  if (parts.styles !== undefined) byName.set(STYLES, parts.styles);
  if (parts.manifest !== undefined) byName.set(MANIFEST, parts.manifest);
  if (parts.mimetype !== undefined) byName.set(MIMETYPE, parts.mimetype);
  return readPackage({
    has: (name) => byName.has(name),
    read: async (name) => byName.get(name) ?? '',
    stream: async (name, onText) => onText(byName.get(name) ?? ''),
  }, file);
}

// ---------------------------------------------------------------------------------------------
// The package

interface PackageSource {
  has(name: string): boolean;
  /** A small part, whole. */
  read(name: string): Promise<string>;
  /** A part piece by piece; an exception thrown by onText stops the read and is passed on. */
  stream(name: string, onText: (text: string) => void): Promise<void>;
}

/** Thrown from a parser callback to stop reading; the issue is already recorded. */
class StopReading extends Error {}

async function readPackage(src: PackageSource, file: string): Promise<OdtReadResult> {
  const issues: InputIssue[] = [];
  const error = (code: string, message: string, hint: string): OdtReadResult =>
    ({ issues: [{ severity: 'error', file, code, message, hint }] });

  // Encryption first: an encrypted package still has a plain manifest, but content.xml is
  // ciphertext (or, with whole-package encryption, absent in favour of one `encrypted-package`).
  if ((src.has(MANIFEST) && manifestIsEncrypted(await src.read(MANIFEST))) || src.has('encrypted-package')) {
    return error('odt-encrypted', 'password-protected: the .odt is encrypted, so its text cannot be read',
      'open it in LibreOffice with the password and save an unprotected copy (File ▸ Save As, untick "Save with password"); read that copy');
  }
  if (src.has(MIMETYPE)) {
    const mime = (await src.read(MIMETYPE)).trim();
    if (!mime.startsWith('application/vnd.oasis.opendocument.text')) return notText(mime, file);
  }
  if (!src.has(CONTENT)) {
    if (src.has('word/document.xml')) {
      return error('odt-not-odt', 'not an .odt: the file is a Word document (.docx) with an .odt name',
        'use `format: docx` for this source, or rename the file to .docx');
    }
    return error('odt-not-odt', 'not an .odt: the ZIP package has no content.xml', HINT_RESAVE);
  }

  const styles = new StyleTable();
  if (src.has(STYLES)) {
    const p = new StylesParser(styles);
    try {
      await src.stream(STYLES, (text) => p.write(text));
      p.close();
    } catch (e) {
      if (!(e instanceof StylesXmlError)) throw e;
      issues.push({
        severity: 'warning', file, code: 'odt-styles-xml',
        message: `styles.xml is not well-formed XML (${e.message}); headings and bold set only by named styles are not recognised`,
        hint: HINT_RESAVE,
      });
    }
  }

  const content = new ContentParser(styles, file, issues);
  try {
    await src.stream(CONTENT, (text) => content.write(text));
    content.close();
  } catch (e) {
    if (e instanceof StopReading) return { issues };
    throw e;
  }
  const result = content.result();
  return result ? { content: result, issues } : { issues };
}

function notText(mime: string, file: string): OdtReadResult {
  const kinds: Record<string, string> = {
    spreadsheet: 'a spreadsheet (.ods)', presentation: 'a presentation (.odp)', graphics: 'a drawing (.odg)',
    formula: 'a formula (.odf)', chart: 'a chart (.odc)', database: 'a database (.odb)', image: 'an image (.odi)',
  };
  const kind = /^application\/vnd\.oasis\.opendocument\.([a-z]+)/.exec(mime)?.[1];
  const what = kind && kinds[kind] ? kinds[kind] : `of type "${excerptForMessage(mime, 60)}"`;
  return {
    issues: [{
      severity: 'error', file, code: 'odt-not-odt',
      message: `not an .odt: the package is ${what}, not a text document`,
      hint: 'hefboom reads text documents (.odt) saved by LibreOffice Writer or Word; save the transcript from a word processor',
    }],
  };
}

/** True when the manifest declares encryption data (password) or key info (GPG) for any entry. */
function manifestIsEncrypted(xml: string): boolean {
  let encrypted = false;
  const p = new SaxesParser({ xmlns: false, position: false });
  p.on('opentag', (tag) => {
    const local = tag.name.slice(tag.name.indexOf(':') + 1);
    if (local === 'encryption-data' || local === 'keyinfo') encrypted = true;
  });
  // A damaged manifest does not stop the read: content.xml decides whether the text is usable.
  p.on('error', () => { throw new StopReading(); });
  try {
    p.write(xml).close();
  } catch {
    // Keep what was seen before the damage.
  }
  return encrypted;
}

/** The issue for a package that could not be opened at all. */
async function openIssue(e: unknown, absPath: string, file: string): Promise<InputIssue> {
  if (e instanceof ZipError && e.code === 'zip-unreadable') {
    const reason = zipReason(e, absPath);
    const head = await firstBytes(absPath, 8);
    if (head === undefined) {
      return {
        severity: 'error', file, code: 'odt-unreadable', message: `cannot read the file: ${reason}`,
        hint: 'check that the file exists and that you may read it',
      };
    }
    if (head.length === 0) return { severity: 'error', file, code: 'odt-corrupt', message: 'the .odt is empty (0 bytes)', hint: HINT_RESAVE };
    const other = otherFormat(head);
    if (other) {
      return { severity: 'error', file, code: 'odt-not-odt', message: `not an .odt: the file is ${other.what}`, hint: other.hint };
    }
    if (!head.subarray(0, 2).equals(Buffer.from('PK'))) {
      return {
        severity: 'error', file, code: 'odt-not-odt',
        message: 'not an .odt: the file is not a ZIP package (an .odt is one)',
        hint: 'save the transcript as .odt from LibreOffice Writer or Word; plain text transcripts use `format: transcript`',
      };
    }
    return { severity: 'error', file, code: 'odt-corrupt', message: `the .odt is damaged: ${reason}`, hint: HINT_RESAVE };
  }
  return zipIssue(e, absPath, file);
}

/** The issue for a ZIP problem while reading an entry (damaged data, limits). */
function zipIssue(e: unknown, absPath: string, file: string): InputIssue {
  if (e instanceof ZipError) {
    if (e.code === 'zip-entry-too-large' || e.code === 'zip-too-large' || e.code === 'zip-too-many-entries') {
      return {
        severity: 'error', file, code: 'odt-too-large',
        message: withoutPath(e.message, absPath),
        hint: 'an .odt transcript is normally a few megabytes at most; if it holds large media, save a copy without them',
      };
    }
    return { severity: 'error', file, code: 'odt-corrupt', message: `the .odt is damaged: ${zipReason(e, absPath)}`, hint: HINT_RESAVE };
  }
  return {
    severity: 'error', file, code: 'odt-corrupt',
    message: `the .odt could not be read: ${e instanceof Error ? e.message : String(e)}`, hint: HINT_RESAVE,
  };
}

/** The reason part of a zip.ts message ("… is not a readable ZIP archive: <reason>."), without the path. */
function zipReason(e: ZipError, absPath: string): string {
  const m = /is not a readable ZIP archive(?: \(entry "(?:[^"\\]|\\.)*"\))?: ([\s\S]*?)\.?$/.exec(e.message);
  return m ? m[1] : withoutPath(e.message, absPath).replace(/\.$/, '');
}

/** zip.ts quotes the absolute path in its messages; the issue already names the file. */
function withoutPath(message: string, absPath: string): string {
  const quoted = JSON.stringify(absPath);
  return message.split(quoted).join('the file');
}

async function firstBytes(path: string, n: number): Promise<Buffer | undefined> {
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await fh.read(buf, 0, n, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch {
    return undefined;
  }
}

/** Formats people save transcripts in by mistake, recognised by their first bytes. */
function otherFormat(head: Buffer): { what: string; hint: string } | undefined {
  if (head.length >= 8 && head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    return {
      what: 'an OLE container: an old binary Word .doc, or a password-protected Word file',
      hint: 'open it in Word or LibreOffice and save an unprotected copy as .odt (or .docx with `format: docx`)',
    };
  }
  const start = head.toString('latin1');
  if (start.startsWith('%PDF')) return { what: 'a PDF', hint: 'hefboom cannot read PDF; export the transcript as .odt, .docx or plain text' };
  if (start.startsWith('{\\rtf')) return { what: 'an RTF document', hint: 'open it in LibreOffice Writer and save it as .odt' };
  if (/^(\ufeff|\xef\xbb\xbf)?\s*<(\?xml|office:document)/.test(start)) {
    return { what: 'XML, not a ZIP package (a flat .fodt?)', hint: 'open it in LibreOffice Writer and save it as .odt' };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// XML names

const NS: Record<string, string> = {
  'urn:oasis:names:tc:opendocument:xmlns:office:1.0': 'office',
  'urn:oasis:names:tc:opendocument:xmlns:style:1.0': 'style',
  'urn:oasis:names:tc:opendocument:xmlns:text:1.0': 'text',
  'urn:oasis:names:tc:opendocument:xmlns:table:1.0': 'table',
  'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0': 'draw',
  'urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0': 'draw',
  'urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0': 'fo',
  'urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0': 'svg',
  'urn:oasis:names:tc:opendocument:xmlns:meta:1.0': 'meta',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0': 'loext',
  'http://www.w3.org/XML/1998/namespace': 'xml',
};

/** `prefix:local` with the conventional ODF prefix, whatever prefix the file binds the namespace to. */
function nameOf(uri: string, local: string): string {
  const p = NS[uri];
  return p === undefined ? `{${uri}}${local}` : `${p}:${local}`;
}

/** An attribute's value by conventional prefix and local name. */
function attr(tag: SaxesTagNS, prefix: string, local: string): string | undefined {
  for (const key in tag.attributes) {
    const a = tag.attributes[key];
    if (a.local === local && NS[a.uri] === prefix) return a.value;
  }
  return undefined;
}

/** A `table:number-*-repeated` count: at least 1, capped so a hostile file cannot overflow the numbering. */
function repeated(tag: SaxesTagNS, local: string): number {
  const n = parseInt(attr(tag, 'table', local) ?? '1', 10);
  return n >= 1 ? Math.min(n, 1_048_576) : 1;
}

/** XML error text without saxes's "line:column: " prefix. */
function xmlMessage(e: Error): string {
  return e.message.replace(/^(?:.*?:)?\d+:\d+: /, '').replace(/\.$/, '');
}

// ---------------------------------------------------------------------------------------------
// Styles

interface StyleDef {
  /** Decoded display name ("Heading 1"), for recognising heading styles by name. */
  label: string;
  parent?: string;
  /** `style:default-outline-level`: a level, or null when set empty ("not a heading"). */
  outline?: number | null;
  bold?: boolean;
}

/**
 * Paragraph and text styles. Automatic styles (content.xml) are looked up first, then named styles
 * (styles.xml); parents are always named styles. Families are separate name spaces.
 */
class StyleTable {
  readonly named = new Map<string, StyleDef>();
  readonly automatic = new Map<string, StyleDef>();
  private readonly paragraphCache = new Map<string, { heading?: number; bold: boolean }>();
  private readonly textCache = new Map<string, boolean | undefined>();

  /** The chain of a style: itself, then its parents (at most 32, cycles cut). */
  private chain(family: string, name: string): StyleDef[] {
    const out: StyleDef[] = [];
    const seen = new Set<string>();
    let def = this.automatic.get(`${family}/${name}`) ?? this.named.get(`${family}/${name}`);
    seen.add(name);
    while (def && out.length < 32) {
      out.push(def);
      const parent = def.parent;
      if (parent === undefined || seen.has(parent)) break;
      seen.add(parent);
      def = this.named.get(`${family}/${parent}`);
    }
    return out;
  }

  paragraph(name: string | undefined): { heading?: number; bold: boolean } {
    if (name === undefined) return { bold: false };
    let v = this.paragraphCache.get(name);
    if (v) return v;
    const chain = this.chain('paragraph', name);
    let heading: number | undefined;
    for (const def of chain) {
      if (def.outline !== undefined) {
        heading = def.outline ?? undefined;
        break;
      }
      const level = headingLevelByName(def.label);
      if (level !== undefined) {
        heading = level;
        break;
      }
    }
    const bold = chain.find((d) => d.bold !== undefined)?.bold ?? false;
    v = heading === undefined ? { bold } : { heading: Math.min(heading, 9), bold };
    this.paragraphCache.set(name, v);
    return v;
  }

  /** Whether a text style makes text bold, or undefined when it says nothing about weight. */
  textBold(name: string | undefined): boolean | undefined {
    if (name === undefined) return undefined;
    if (this.textCache.has(name)) return this.textCache.get(name);
    const v = this.chain('text', name).find((d) => d.bold !== undefined)?.bold;
    this.textCache.set(name, v);
    return v;
  }
}

/** The level a style's name gives: Heading N / Kop N; Title / Titel 1, Subtitle / Ondertitel 2 (as docx.ts). */
function headingLevelByName(label: string): number | undefined {
  const m = /^(?:heading|kop)\s*(\d{1,2})$/i.exec(label);
  if (m) return Number(m[1]) >= 1 ? Number(m[1]) : undefined;
  if (/^(?:title|titel)$/i.test(label)) return 1;
  if (/^(?:subtitle|ondertitel)$/i.test(label)) return 2;
  return undefined;
}

/** `Heading_20_1` → `Heading 1`: ODF encodes characters not allowed in names as `_hex_`. */
function decodeStyleName(name: string): string {
  return name.replace(/_([0-9a-fA-F]{1,4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function fontWeightIsBold(v: string): boolean | undefined {
  const w = v.trim().toLowerCase();
  if (w === 'bold' || w === 'bolder') return true;
  if (w === 'normal' || w === 'lighter') return false;
  const n = Number(w);
  return Number.isFinite(n) ? n >= 600 : undefined;
}

/** Collects style:style definitions into a map while the parser is inside a styles container. */
class StyleCollector {
  private current: StyleDef | undefined;
  private depth = 0;

  constructor(private readonly into: Map<string, StyleDef>) {}

  open(name: string, tag: SaxesTagNS): void {
    this.depth++;
    if (name === 'style:style' && this.depth === 1) {
      const styleName = attr(tag, 'style', 'name');
      const family = attr(tag, 'style', 'family');
      if (styleName === undefined || (family !== 'paragraph' && family !== 'text')) return;
      const def: StyleDef = { label: decodeStyleName(attr(tag, 'style', 'display-name') ?? styleName) };
      const parent = attr(tag, 'style', 'parent-style-name');
      if (parent !== undefined) def.parent = parent;
      const outline = attr(tag, 'style', 'default-outline-level');
      if (outline !== undefined) {
        const n = parseInt(outline, 10);
        def.outline = n >= 1 ? n : null;
      }
      this.current = def;
      this.into.set(`${family}/${styleName}`, def);
    } else if (name === 'style:text-properties' && this.current) {
      const w = attr(tag, 'fo', 'font-weight');
      const bold = w === undefined ? undefined : fontWeightIsBold(w);
      if (bold !== undefined) this.current.bold = bold;
    }
  }

  close(): void {
    this.depth--;
    if (this.depth === 0) this.current = undefined;
  }
}

class StylesXmlError extends Error {}

/** styles.xml: only the named styles (`office:styles`); its automatic styles belong to headers and footers. */
class StylesParser {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private collector: StyleCollector | undefined;
  private depth = 0;
  private stylesDepth = 0;

  constructor(table: StyleTable) {
    const p = this.parser;
    p.on('doctype', () => { throw new StylesXmlError('it has a DOCTYPE declaration'); });
    p.on('error', (e) => { throw new StylesXmlError(xmlMessage(e)); });
    p.on('opentag', (tag) => {
      this.depth++;
      const name = nameOf(tag.uri, tag.local);
      if (this.collector) this.collector.open(name, tag);
      else if (name === 'office:styles' && this.depth === 2) {
        this.collector = new StyleCollector(table.named);
        this.stylesDepth = this.depth;
      }
    });
    p.on('closetag', () => {
      if (this.collector) {
        if (this.depth === this.stylesDepth) this.collector = undefined;
        else this.collector.close();
      }
      this.depth--;
    });
  }

  write(text: string): void { this.parser.write(text); }
  close(): void { this.parser.close(); }
}

// ---------------------------------------------------------------------------------------------
// Text of one paragraph

const WS_RUN = /[ \t\r\n]+/g;

/** Builds a paragraph's text by ODF's white-space rules and tracks its leading bold run. */
class TextBuilder {
  private readonly parts: string[] = [];
  length = 0;
  boldPrefix = 0;
  private prefixOpen = true;
  /** Drop a leading collapsible space: at the start, and right after a collapsed space. */
  private afterSpace = true;

  /** Character data from the XML: white space collapses. */
  chars(data: string, bold: boolean): void {
    let t = data.replace(WS_RUN, ' ');
    if (this.afterSpace && t.charCodeAt(0) === 32) t = t.slice(1);
    if (t.length === 0) return;
    this.push(t, bold);
    this.afterSpace = t.charCodeAt(t.length - 1) === 32;
  }

  /** Text from an element (text:s, text:tab, text:line-break): never collapsed. */
  literal(t: string, bold: boolean): void {
    this.push(t, bold);
    this.afterSpace = false;
  }

  private push(t: string, bold: boolean): void {
    this.parts.push(t);
    this.length += t.length;
    if (this.prefixOpen) {
      if (bold) this.boldPrefix += t.length;
      else this.prefixOpen = false;
    }
  }

  text(): string {
    return this.parts.join('');
  }
}

// ---------------------------------------------------------------------------------------------
// content.xml

type Where = WordParagraph['where'];

interface Position { paragraph: number; offset: number }

interface Annotation {
  id: string;
  name?: string;
  parentName?: string;
  author: string[];
  date: string[];
  paragraphs: string[];
  start?: Position;
  end?: Position;
}

/** One open element. Character data goes to `sink` (paragraph text) or `meta` (author, date). */
interface Frame {
  name: string;
  sink: TextBuilder | null;
  meta: string[] | null;
  bold: boolean;
  where: Where;
  /** The table cell paragraphs opened here sit in (null outside cells and inside text boxes). */
  cell: TableCell | null;
  /** On a body table:table: its entry in ContentParser.tables. */
  table?: boolean;
  /** Inside office:body/office:text. */
  inText: boolean;
  /** The annotation whose own content this element is part of. */
  ann: Annotation | null;
  /** On the office:annotation element itself. */
  annotationRoot?: boolean;
  /** On a body paragraph: its slot in `paragraphs`. */
  paragraph?: number;
  /** On a paragraph of an annotation's own text. */
  annParagraph?: TextBuilder;
  /** Inside office:automatic-styles / office:styles; stylesRoot on that element itself. */
  styles?: StyleCollector;
  stylesRoot?: boolean;
  /** On text:tracked-changes. */
  tracked?: boolean;
  /** On text:changed-region: its ids (text:id and xml:id). */
  region?: string[];
}

const SVG_URI = 'urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0';
const META_URI = 'urn:oasis:names:tc:opendocument:xmlns:meta:1.0';

/** Elements whose whole subtree is not text of the document. */
const SKIP_IN_TEXT = new Set([
  'text:sequence-decls', 'text:variable-decls', 'text:user-field-decls', 'text:dde-connection-decls',
  'text:alphabetical-index-auto-mark-file', 'office:forms', 'text:number', 'text:ruby-text',
  'text:table-of-content', 'text:illustration-index', 'text:table-index', 'text:object-index',
  'text:user-index', 'text:alphabetical-index', 'text:bibliography',
  'draw:image', 'draw:object', 'draw:object-ole', 'draw:applet', 'draw:plugin', 'draw:floating-frame',
  'draw:contour-polygon', 'draw:contour-path', 'draw:image-map', 'draw:glue-point', 'office:event-listeners',
]);

/** Block containers: their character data (XML indentation) is not paragraph text. */
const BLOCKS = new Set(['text:list', 'text:list-item', 'text:list-header', 'text:section', 'text:numbered-paragraph']);

/** Top-level parts of content.xml that hold nothing this reader needs. */
const SKIP_OUTSIDE_TEXT = new Set(['office:scripts', 'office:font-face-decls', 'office:settings', 'office:meta', 'office:master-styles']);

const PLACEHOLDER: WordParagraph = { text: '', boldPrefix: 0, where: 'body' };

/** Streams content.xml into paragraphs and annotations. */
class ContentParser {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly stack: Frame[] = [];
  /** Depth inside a subtree being skipped (0: not skipping). */
  private skip = 0;
  private sawText = false;

  private readonly paragraphs: WordParagraph[] = [];
  /** Open body paragraphs, innermost last (a text box's paragraphs sit inside another paragraph). */
  private readonly openParagraphs: { index: number; builder: TextBuilder; heading?: number; where: Where; cell?: TableCell | null }[] = [];
  /** Open body tables, innermost last: their number, the current row, the next row's number, the next cell's column. */
  private readonly tables: { n: number; row: number; nextRow: number; col: number }[] = [];
  private tablesSeen = 0;
  private readonly annotations: Annotation[] = [];
  /** Named annotations whose office:annotation-end has not come yet. */
  private readonly openRanges = new Map<string, Annotation>();
  /** Changed-region id → insertion | deletion | format-change. */
  private readonly changeKinds = new Map<string, string>();
  /** Deletion regions between their change-start and change-end. */
  private readonly deleting = new Set<string>();
  private trackedChanges = 0;
  private notesSkipped = 0;

  constructor(private readonly styles: StyleTable, private readonly file: string, private readonly issues: InputIssue[]) {
    const p = this.parser;
    p.on('doctype', () => this.fail('odt-doctype',
      'content.xml has a DOCTYPE declaration; OpenDocument files never have one and hefboom does not process DTDs',
      HINT_RESAVE));
    p.on('error', (e) => this.fail('odt-corrupt',
      `the .odt is damaged: content.xml is not well-formed XML (line ${p.line}, column ${p.column}): ${xmlMessage(e)}`,
      HINT_RESAVE));
    p.on('opentag', (tag) => this.open(tag));
    p.on('closetag', () => this.close_());
    p.on('text', (t) => this.chars(t));
    p.on('cdata', (t) => this.chars(t));
  }

  write(text: string): void { this.parser.write(text); }
  close(): void { this.parser.close(); }

  private fail(code: string, message: string, hint: string): never {
    this.issues.push({ severity: 'error', file: this.file, code, message, hint });
    throw new StopReading(message);
  }

  /** Where the next character of the innermost open body paragraph goes. */
  private position(): Position | undefined {
    const p = this.openParagraphs[this.openParagraphs.length - 1];
    return p ? { paragraph: p.index, offset: p.builder.length } : undefined;
  }

  /** Push a frame for a child of `top`: it inherits text sink, boldness, where and annotation. */
  private push(name: string, top: Frame, changes: Partial<Frame> = {}): void {
    this.stack.push({ name, sink: top.sink, meta: null, bold: top.bold, where: top.where, cell: top.cell, inText: top.inText, ann: top.ann, ...changes });
  }

  private chars(t: string): void {
    if (this.skip) return;
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    if (top.meta) top.meta.push(t);
    else if (top.sink && this.deleting.size === 0) top.sink.chars(t, top.bold);
  }

  private literal(top: Frame, t: string): void {
    if (top.sink && this.deleting.size === 0) top.sink.literal(t, top.bold);
  }

  private open(tag: SaxesTagNS): void {
    if (this.skip) { this.skip++; return; }
    const name = nameOf(tag.uri, tag.local);
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      if (name !== 'office:document-content' && name !== 'office:document') {
        this.fail('odt-not-odt', `not an .odt: content.xml holds <${excerptForMessage(tag.name, 60)}>, not an OpenDocument document`, HINT_RESAVE);
      }
      this.stack.push({ name, sink: null, meta: null, bold: false, where: 'body', cell: null, inText: false, ann: null });
      return;
    }
    if (top.styles) {
      top.styles.open(name, tag);
      return this.push(name, top, { styles: top.styles });
    }
    if (!top.inText) return this.openOutsideText(name, top);
    if (top.tracked || top.region) return this.openTracked(name, tag, top);

    switch (name) {
      case 'text:p':
      case 'text:h':
        return this.openParagraph(name, tag, top);
      case 'text:span':
      case 'text:a': {
        const bold = this.styles.textBold(attr(tag, 'text', 'style-name'));
        return this.push(name, top, bold === undefined ? {} : { bold });
      }
      case 'text:s': {
        const c = parseInt(attr(tag, 'text', 'c') ?? '1', 10);
        this.literal(top, ' '.repeat(c >= 1 ? Math.min(c, MAX_SPACE_RUN) : 1));
        return this.push(name, top);
      }
      case 'text:tab':
        this.literal(top, '\t');
        return this.push(name, top);
      case 'text:line-break':
        this.literal(top, '\n');
        return this.push(name, top);
      case 'text:note':
        if (!top.ann) this.notesSkipped++;
        this.skip = 1;
        return;
      case 'text:tracked-changes':
        return this.push(name, top, { sink: null, tracked: true });
      case 'text:change-start': {
        const id = attr(tag, 'text', 'change-id');
        if (id !== undefined && this.changeKinds.get(id) === 'deletion') this.deleting.add(id);
        return this.push(name, top);
      }
      case 'text:change-end': {
        const id = attr(tag, 'text', 'change-id');
        if (id !== undefined) this.deleting.delete(id);
        return this.push(name, top);
      }
      case 'office:annotation':
        return this.openAnnotation(tag, top);
      case 'office:annotation-end':
        this.closeRange(attr(tag, 'office', 'name'), top);
        return this.push(name, top);
      case 'dc:creator':
      case 'dc:date':
        if (top.annotationRoot && top.ann) {
          return this.push(name, top, { sink: null, meta: name === 'dc:creator' ? top.ann.author : top.ann.date });
        }
        return this.push(name, top);
      case 'table:table':
        if (top.ann) break;
        this.tables.push({ n: ++this.tablesSeen, row: 0, nextRow: 1, col: 0 });
        return this.push(name, top, { sink: null, table: true });
      case 'table:table-row': {
        const t = top.ann ? undefined : this.tables[this.tables.length - 1];
        if (t) {
          t.row = t.nextRow;
          t.nextRow += repeated(tag, 'number-rows-repeated');
          t.col = 0;
        }
        return this.push(name, top, { sink: null });
      }
      case 'table:table-cell':
      case 'table:covered-table-cell': {
        // Every grid column has a cell element: a cell spanning columns is followed by covered cells
        // for the columns it spans, so each element (times its repeat count) is one column further.
        const t = top.ann ? undefined : this.tables[this.tables.length - 1];
        let cell: TableCell | null = null;
        if (t) {
          cell = { table: t.n, row: t.row, column: t.col + 1 };
          if (name === 'table:covered-table-cell') cell.covered = true;
          t.col += repeated(tag, 'number-columns-repeated');
        }
        return this.push(name, top, { sink: null, where: 'table', cell });
      }
      default:
        break;
    }
    if (SKIP_IN_TEXT.has(name) || tag.uri === SVG_URI || (top.annotationRoot && tag.uri === META_URI)) {
      this.skip = 1;
      return;
    }
    // Tables and drawing shapes (frames, text boxes, custom shapes, groups) are containers: their
    // text is in paragraphs of their own. Paragraphs in a shape count as a text box's.
    if (name.startsWith('table:')) return this.push(name, top, { sink: null });
    if (name.startsWith('draw:')) return this.push(name, top, { sink: null, where: 'textbox', cell: null });
    if (BLOCKS.has(name)) return this.push(name, top, { sink: null });
    // Anything else (fields, links, text:meta, bookmarks, reference marks, soft page breaks,
    // change marks) is inline: whatever text it holds is part of the paragraph.
    this.push(name, top);
  }

  private openOutsideText(name: string, top: Frame): void {
    if ((name === 'office:automatic-styles' || name === 'office:styles') && this.stack.length === 1) {
      // office:styles appears here only in flat ODF, which carries the named styles inline.
      const into = name === 'office:styles' ? this.styles.named : this.styles.automatic;
      return this.push(name, top, { styles: new StyleCollector(into), stylesRoot: true });
    }
    if (name === 'office:text' && top.name === 'office:body') {
      this.sawText = true;
      return this.push(name, top, { inText: true, sink: null });
    }
    if (SKIP_OUTSIDE_TEXT.has(name)) {
      this.skip = 1;
      return;
    }
    this.push(name, top);
  }

  /** Inside text:tracked-changes: note each region's kind, never read its (deleted) text. */
  private openTracked(name: string, tag: SaxesTagNS, top: Frame): void {
    if (top.tracked && name === 'text:changed-region') {
      const ids = [attr(tag, 'text', 'id'), attr(tag, 'xml', 'id')].filter((v): v is string => v !== undefined);
      return this.push(name, top, { region: ids });
    }
    if (top.region && (name === 'text:insertion' || name === 'text:deletion' || name === 'text:format-change')) {
      const kind = name.slice('text:'.length);
      for (const id of top.region) this.changeKinds.set(id, kind);
      if (kind !== 'format-change') this.trackedChanges++;
    }
    this.skip = 1;
  }

  private openParagraph(name: string, tag: SaxesTagNS, top: Frame): void {
    if (top.ann) {
      const b = new TextBuilder();
      return this.push(name, top, { sink: b, bold: false, annParagraph: b });
    }
    const style = this.styles.paragraph(attr(tag, 'text', 'style-name'));
    let heading = style.heading;
    if (name === 'text:h') {
      const level = parseInt(attr(tag, 'text', 'outline-level') ?? '', 10);
      heading = Math.min(level >= 1 ? level : heading ?? 1, 9);
    }
    const index = this.paragraphs.length;
    this.paragraphs.push(PLACEHOLDER);
    const builder = new TextBuilder();
    this.openParagraphs.push({ index, builder, heading, where: top.where, cell: top.cell });
    this.push(name, top, { sink: builder, bold: style.bold, paragraph: index });
  }

  private openAnnotation(tag: SaxesTagNS, top: Frame): void {
    if (top.ann) {
      this.skip = 1;
      return;
    }
    const name = attr(tag, 'office', 'name');
    // LibreOffice writes loext:parent-name; accept the same attribute should ODF adopt it.
    const parentName = attr(tag, 'loext', 'parent-name') ?? attr(tag, 'office', 'parent-name');
    const ann: Annotation = { id: name ?? `annotation-${this.annotations.length + 1}`, author: [], date: [], paragraphs: [] };
    if (name !== undefined) ann.name = name;
    if (parentName) ann.parentName = parentName;
    const start = this.position();
    if (start) ann.start = start;
    this.annotations.push(ann);
    if (name !== undefined) this.openRanges.set(name, ann);
    this.push('office:annotation', top, { sink: null, bold: false, ann, annotationRoot: true });
  }

  private closeRange(name: string | undefined, top: Frame): void {
    if (name === undefined || top.ann) return;
    const ann = this.openRanges.get(name);
    // An end without a start before it (or a second end) anchors nothing.
    if (!ann) return;
    this.openRanges.delete(name);
    const end = this.position();
    if (end) ann.end = end;
  }

  private close_(): void {
    if (this.skip) { this.skip--; return; }
    const f = this.stack.pop();
    if (!f) return;
    if (f.styles && !f.stylesRoot) f.styles.close();
    if (f.paragraph !== undefined) {
      const open = this.openParagraphs.pop()!;
      const text = open.builder.text();
      this.paragraphs[open.index] = {
        text, ...(open.heading !== undefined ? { heading: open.heading } : {}), boldPrefix: open.builder.boldPrefix, where: open.where,
        ...(open.cell ? { cell: { ...open.cell } } : {}),
      };
    }
    if (f.table) this.tables.pop();
    if (f.annParagraph) f.ann!.paragraphs.push(f.annParagraph.text());
  }

  /** The content read, or undefined (with an error issue) when content.xml has no text body. */
  result(): WordContent | undefined {
    if (!this.sawText) {
      this.issues.push({
        severity: 'error', file: this.file, code: 'odt-not-odt',
        message: 'not an .odt: content.xml has no text body (office:text); the file is not a text document',
        hint: HINT_RESAVE,
      });
      return undefined;
    }
    const byName = new Map<string, Annotation>();
    for (const a of this.annotations) if (a.name !== undefined && !byName.has(a.name)) byName.set(a.name, a);
    const parentOf = (a: Annotation): Annotation | undefined => {
      const p = a.parentName === undefined ? undefined : byName.get(a.parentName);
      return p === a ? undefined : p;
    };
    /** The first annotation of a's thread, or undefined when the chain of parents loops. */
    const rootOf = (a: Annotation): Annotation | undefined => {
      let cur = a;
      for (let i = 0; i < 256; i++) {
        const p = parentOf(cur);
        if (!p) return cur;
        cur = p;
      }
      return undefined;
    };

    const comments: WordComment[] = [];
    const commentOf = new Map<Annotation, WordComment>();
    const replies: { reply: Annotation; root: Annotation }[] = [];
    for (const a of this.annotations) {
      const root = parentOf(a) ? rootOf(a) : a;
      if (root && root !== a) {
        replies.push({ reply: a, root });
        continue;
      }
      if (a.parentName !== undefined) {
        const what = `annotation ${a.id} by ${authorOf(a) || '(no author)'} ("${excerptForMessage(a.paragraphs.join(' '))}")`;
        const parent = `"${excerptForMessage(a.parentName, 60)}"`;
        this.issues.push(byName.has(a.parentName)
          ? {
            severity: 'warning', file: this.file, code: 'odt-reply-loop',
            message: `${what} is a reply to ${parent}, whose thread leads back to it; it is read as a comment of its own`,
            hint: 'open the file in LibreOffice to check the comment thread, then save it again',
          }
          : {
            severity: 'warning', file: this.file, code: 'odt-reply-orphan',
            message: `${what} is a reply to ${parent}, which is not in the file; it is read as a comment of its own`,
            hint: 'open the file in LibreOffice to check the comment thread, then save it again',
          });
      }
      const date = a.date.join('').trim();
      const c: WordComment = {
        id: a.id, author: authorOf(a), ...(date ? { date } : {}), text: a.paragraphs.join('\n'),
        ranges: this.rangesOf(a.start, a.end), replies: [],
      };
      comments.push(c);
      commentOf.set(a, c);
    }
    for (const { reply, root } of replies) {
      const date = reply.date.join('').trim();
      commentOf.get(root)!.replies.push({ author: authorOf(reply), ...(date ? { date } : {}), text: reply.paragraphs.join('\n') });
    }
    return { paragraphs: this.paragraphs, comments, trackedChanges: this.trackedChanges, notesSkipped: this.notesSkipped };
  }

  /**
   * One range per paragraph from start to end, empty stretches left out; [] for a point. When every
   * stretch is empty (start and end at one place) that place is kept as a zero-length range, as
   * docx.ts does. An end in an earlier paragraph (an annotation opened in a text box and closed after
   * the frame, in the paragraph anchoring it) keeps the rest of the start paragraph, as docx.ts does.
   */
  private rangesOf(start: Position | undefined, end: Position | undefined): WordComment['ranges'] {
    if (!start || !end) return [];
    const last = Math.max(start.paragraph, end.paragraph);
    const out: WordComment['ranges'] = [];
    for (let p = start.paragraph; p <= last; p++) {
      const s = p === start.paragraph ? start.offset : 0;
      const e = p === end.paragraph ? end.offset : this.paragraphs[p].text.length;
      if (e > s) out.push({ paragraph: p, start: s, end: e });
    }
    if (out.length === 0) out.push({ paragraph: start.paragraph, start: start.offset, end: start.offset });
    return out;
  }

}

function authorOf(a: Annotation): string {
  return a.author.join('').trim();
}
