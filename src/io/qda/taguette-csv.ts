/**
 * Taguette's CSV exports: highlights ("Export highlights → CSV") and the codebook ("Export codebook
 * → CSV").
 *
 * What Taguette writes (taguette/export.py): highlights with header `id, document, tag, content`,
 * one row per (highlight, tag), rows ordered by document and position, so a highlight with several
 * tags repeats its id on adjacent rows; a highlight without tags gets one row with an empty tag.
 * `content` is the highlight's HTML snippet already turned into plain text
 * (`convert.html_to_plaintext`: BeautifulSoup `get_text(' ', strip=True)`); HTML is still stripped
 * here when a cell plainly holds tags, for older or hand-made files. No author column: highlights
 * carry no coder. The codebook has `tag, parent, description, number of highlights` (before the
 * `parent` column was added in 2024: `tag, description, number of highlights`); Taguette's own
 * codebook import also accepts `name` or `path` for the tag column.
 */
import type { InputIssue } from '../../model/types.js';
import type { EmbeddedCode } from '../../model/embedded-codebook.js';
import { excerptForMessage } from '../../model/issues.js';
import {
  buildDocuments, CodeCollector, documentIdFor, findHeader, finishCounts, groupKey, missingColumnIssue, raggedRowIssue,
  readCsvTable, RepeatedIssues, type Draft, type Group, type QdaCsvOptions, type QdaCsvResult,
} from './qda-csv.js';

export type { QdaCsvOptions, QdaCsvResult } from './qda-csv.js';

export async function readTaguetteCsv(opts: QdaCsvOptions): Promise<QdaCsvResult> {
  const issues: InputIssue[] = [];
  const counts: Record<string, number> = { rows: 0, 'rows-skipped': 0, excerpts: 0, documents: 0, codings: 0 };
  const codes = new CodeCollector();
  const table = await readCsvTable(opts, issues, counts);
  if (!table) return { documents: [], issues, counts, codes: [] };
  const h = table.header;
  const file = opts.file;
  const program = 'Taguette highlights';
  const col = {
    id: findHeader(h, ['id']),
    document: findHeader(h, ['document']),
    tag: findHeader(h, ['tag', 'tags']),
    content: findHeader(h, ['content']),
  };
  const missing: InputIssue[] = [];
  if (col.id < 0) missing.push(missingColumnIssue(file, table, ['id'], 'the highlight id', program));
  if (col.document < 0) missing.push(missingColumnIssue(file, table, ['document'], 'the document name', program));
  if (col.tag < 0) missing.push(missingColumnIssue(file, table, ['tag'], 'the tag', program));
  if (col.content < 0) missing.push(missingColumnIssue(file, table, ['content'], 'the highlighted text', program));
  if (missing.length) {
    issues.push(...missing);
    return { documents: [], issues, counts, codes: [] };
  }

  const coder = opts.coder ?? 'default';
  const repeated = new RepeatedIssues();
  const groups = new Map<string, Group>();
  const byHighlight = new Map<string, Draft>();
  for (const { cells, line } of table.rows) {
    counts.rows++;
    const skip = (issue: InputIssue) => {
      counts['rows-skipped']++;
      issues.push(issue);
    };
    if (cells.length !== h.length) {
      skip(raggedRowIssue(file, line, cells.length, `the header has ${h.length} columns`));
      continue;
    }
    const docName = cells[col.document].trim();
    if (!docName) {
      skip({ severity: 'warning', file, line, field: h[col.document], code: 'empty-document', message: `column "${h[col.document]}" is empty: expected the name of the highlighted document; the row is skipped`, hint: 'fill in the document name, or export the highlights again from Taguette' });
      continue;
    }
    const text = taguetteContent(cells[col.content]);
    if (!text) {
      skip({ severity: 'warning', file, line, field: h[col.content], code: 'empty-text', message: `column "${h[col.content]}" is empty: expected the highlighted text; the row is skipped`, hint: 'fill in the highlighted text, or export the highlights again from Taguette' });
      continue;
    }
    const tag = cells[col.tag].trim();
    if (!tag) {
      // Taguette writes one row with an empty tag for a highlight that has no tags.
      counts['rows-skipped']++;
      repeated.add('untagged', { severity: 'warning', file, line, field: h[col.tag], code: 'empty-code', message: `column "${h[col.tag]}" is empty: the highlight "${excerptForMessage(text)}" has no tag, so there is nothing to count; such rows are skipped`, hint: 'tag the highlight in Taguette and export again, or remove the row' });
      continue;
    }
    for (const c of tagCodes(tag)) codes.add(c);

    const documentId = documentIdFor(docName, opts.documents);
    const gk = groupKey(documentId, coder);
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { documentId, coder, drafts: [] }));
    // Rows of one highlight share its id; a missing id makes the row its own highlight.
    const id = cells[col.id].trim();
    const hk = `${gk}\u0000${id || `line ${line}`}`;
    let draft = byHighlight.get(hk);
    if (!draft) {
      draft = { text, line, attrs: {}, codings: [] };
      g.drafts.push(draft);
      byHighlight.set(hk, draft);
    } else if (draft.text !== text) {
      issues.push({ severity: 'warning', file, line, field: h[col.id], code: 'highlight-text-differs', message: `highlight ${id} has other text here ("${excerptForMessage(text)}") than on line ${draft.line} ("${excerptForMessage(draft.text)}"); the text of line ${draft.line} is kept`, hint: 'rows with the same id must be the same highlight: check the id column' });
    }
    if (!draft.codings.some((c) => c.codeId === tag)) draft.codings.push({ codeId: tag });
  }
  repeated.flushInto(issues);
  const documents = buildDocuments(groups.values(), opts, 'taguette-csv');
  finishCounts(counts, documents);
  return { documents, issues, counts, codes: codes.list() };
}

/** Taguette's codebook CSV: every tag with its parent (derived from the path where not given) and description. */
export async function readTaguetteCodebookCsv(opts: QdaCsvOptions): Promise<{ codes: EmbeddedCode[]; issues: InputIssue[] }> {
  const issues: InputIssue[] = [];
  const counts: Record<string, number> = {};
  const table = await readCsvTable(opts, issues, counts);
  if (!table) return { codes: [], issues };
  const h = table.header;
  const file = opts.file;
  const tagCol = findHeader(h, ['tag', 'name', 'path']);
  if (tagCol < 0) {
    issues.push(missingColumnIssue(file, table, ['tag'], 'the tag', 'Taguette codebook'));
    return { codes: [], issues };
  }
  const parentCol = findHeader(h, ['parent']);
  const descCol = findHeader(h, ['description']);
  const needed = Math.max(tagCol, parentCol, descCol) + 1;
  const codes = new CodeCollector();
  const explicitParents: { parent: string }[] = [];
  for (const { cells, line } of table.rows) {
    // Like Taguette's own import: only the columns used must be there.
    if (cells.length < needed) {
      issues.push(raggedRowIssue(file, line, cells.length, `the header has ${h.length} columns and column "${h[needed - 1]}" is needed`));
      continue;
    }
    const tag = cells[tagCol].trim();
    if (!tag) {
      issues.push({ severity: 'warning', file, line, field: h[tagCol], code: 'empty-code', message: `column "${h[tagCol]}" is empty: expected a tag name; the row is skipped`, hint: 'fill in the tag, or remove the row' });
      continue;
    }
    const description = descCol >= 0 ? cells[descCol].trim() : '';
    const parent = parentCol >= 0 ? cells[parentCol].trim() : '';
    const path = tagCodes(tag);
    const leaf = path[path.length - 1];
    if (description) leaf.description = description;
    if (parent && parent !== tag) {
      // An explicit parent wins over the one read from the path.
      leaf.parentKey = parent;
      codes.add(leaf);
      explicitParents.push({ parent });
    } else {
      for (const c of path) codes.add(c);
    }
  }
  // A parent named only in the `parent` column is still a code (with its own path).
  for (const { parent } of explicitParents) if (!codes.has(parent)) for (const c of tagCodes(parent)) codes.add(c);
  return { codes: codes.list(), issues };
}

/**
 * Codes for a tag path: `a.b.c` (or `a/b/c`) gives `a`, `a.b` and `a.b.c`, each keyed by the tag
 * exactly as written up to that point. A `.` or `/` separates levels only between two characters
 * that are neither spaces nor separators, so `1. Inleiding`, `a..b` and `/x` stay one flat tag.
 */
export function tagCodes(tag: string): EmbeddedCode[] {
  const seps: number[] = [];
  for (let i = 1; i < tag.length - 1; i++) {
    if (!isSep(tag[i])) continue;
    const before = tag[i - 1];
    const after = tag[i + 1];
    if (/\s/.test(before) || /\s/.test(after) || isSep(before) || isSep(after)) continue;
    seps.push(i);
  }
  const out: EmbeddedCode[] = [];
  let from = 0;
  for (const end of [...seps, tag.length]) {
    const key = tag.slice(0, end);
    const code: EmbeddedCode = { key, name: tag.slice(from, end) };
    if (from > 0) code.parentKey = tag.slice(0, from - 1);
    out.push(code);
    from = end + 1;
  }
  return out;
}

function isSep(c: string): boolean {
  return c === '.' || c === '/';
}

/** Tags Taguette's rich text keeps (bleach allow-list) plus common block tags: evidence that a cell is HTML. */
const HTML_TAG = /<\/?(?:p|br|a|img|h[1-6]|strong|em|b|i|u|ul|ol|li|span|div|blockquote)(?:\s[^<>]*)?\/?>/i;

/**
 * Highlight text as analysed. Plain text (what Taguette exports) is only trimmed; a cell with HTML
 * tags is converted the way Taguette does: text pieces trimmed and joined by one space, entities decoded.
 */
export function taguetteContent(cell: string): string {
  if (!HTML_TAG.test(cell)) return cell.trim();
  const pieces = cell
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .split(/<[^>]*>/)
    .map((p) => decodeEntities(p).trim())
    .filter((p) => p !== '');
  return pieces.join(' ');
}

/** Latin-1 entity names in code point order from 160 (`&nbsp;`) to 255 (`&yuml;`). */
const LATIN1 = 'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'.split(' ');
const ENTITIES = new Map<string, string>([
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"],
  ['lsquo', '\u2018'], ['rsquo', '\u2019'], ['ldquo', '\u201c'], ['rdquo', '\u201d'],
  ['ndash', '\u2013'], ['mdash', '\u2014'], ['hellip', '\u2026'], ['euro', '\u20ac'],
  ...LATIN1.map((n, i): [string, string] => [n, String.fromCodePoint(160 + i)]),
]);

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (m, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES.get(body) ?? m;
  }).replace(/\u00a0/g, ' ');
}
