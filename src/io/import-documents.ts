/**
 * `hefboom import docx|odt|vtt|srt`: documents read by the workspace readers (every coder's version)
 * → a runnable project folder that users can go on with as plain text.
 *
 * - `transcripts/<coder>/<document>.txt` (`.md` when it has sections, kept as headings): a native
 *   transcript for each document and coder whose codings all cover whole paragraphs and that reads
 *   back the same (`nativeTranscript`: same paragraphs, text, speakers, whole-second times, sections
 *   and codes); the timestamp of a timed excerpt is written as `[hh:mm:ss]` before the label;
 * - otherwise (a comment on a few words): `texts/<document>.txt` and rows in `segments/<coder>.csv`
 *   with code-point offsets into it, as `hefboom import qdpx` writes them. The text is Document.text
 *   as read, or — when that would not read back as the same paragraphs and speakers, e.g. with a
 *   timestamp before a label — the paragraphs rebuilt as `Label: text` blocks (`segmentPlan`);
 * - `codebook.yaml`: the codebook the files were read with, plus every code the data uses that it does
 *   not define (an ad-hoc import without a codebook takes its codes from the `#tags`);
 * - `hefboom.yaml`: one transcript source per coder (`coder:`), the segment tables (`texts:`), and
 *   `primary_coder` when there are several coders; `IMPORT.md`: per input file what was read and where
 *   each document went, and the reader's warnings; `memos.md`: memos (comment replies) of codings that
 *   went into native transcripts, which have no place for them (segment rows keep theirs in `memo`).
 *
 * Rules applied where the task leaves room:
 * - A comment over several whole paragraphs is written as a tag on each of them (excerpt counts stay
 *   the same; `--unit codings` then counts one coding per paragraph). In a segment table such a
 *   reference is one row over its whole span, unless that does not read back the same paragraphs.
 * - The segment rows are checked by laying them over the text file as the segment reader will; a
 *   document that does not read back the same in any way tried gets a `segments-read-back` warning
 *   (it is written). Segment tables keep no times.
 * - Two documents with one id but another text (from two files) get separate text files, mapped to
 *   the id with `documents:`; paragraphs that differ between them are an error, as when analysing.
 * - `primary_coder` is the `-p` project's when that coder coded something, else the alphabetically
 *   first coder: the coder an analysis of the original files uses for a document coded by several,
 *   so counts stay the same.
 * - Coder folders get names that are safe in a glob (`transcripts/<coder>/*.txt`).
 * Pure: returns file contents by relative path; the command writes them.
 */
import type { Codebook, Code, Document, Excerpt, Framework, InputIssue, SourceFormat } from '../model/types.js';
import { CodeIndex, parseFrameworkRef } from '../model/codebook.js';
import type { SpeakerRules } from '../model/roles.js';
import { render } from '../report/render.js';
import type { Table } from '../report/table.js';
import { writeCodebookYaml } from './codebook-write.js';
import { chooseParagraphMode, codePointLength, excerptsOf, indexText, laySpan } from './span-text.js';
import {
  cpSlicer, nativeTranscript, projectFileText, safeFileName, SEGMENT_HEADER, segmentRecord, segmentsSource, uniqueNames,
} from './qda/import-project.js';

/** What was read from one input file. */
export interface ReadInput {
  /** The file as the user named it. */
  display: string;
  format: SourceFormat;
  /** Every coder's version of every document in the file. */
  documents: Document[];
  /** The reader's issues (warnings are listed in IMPORT.md). */
  issues: InputIssue[];
}

/** Settings of the project the files were read in (`-p`), carried over so the output reads the same. */
export interface CarriedSettings {
  /** User framework files: path in the new project (`frameworks/<name>.yaml`) and content. */
  frameworkFiles: { path: string; text: string }[];
  /** Content of the project's roles file, written as `roles.yaml`. */
  roles?: string;
  speakers: Record<string, string>;
  speakerLabels: 'roles' | 'any';
}

export interface DocumentImportOptions {
  /** docx, odt, vtt or srt (for headers). */
  kind: string;
  inputs: ReadInput[];
  /** The codebook the files were read with (may be empty). */
  codebook: Codebook;
  /** Where that codebook came from, for headers; undefined when there was none. */
  codebookSource?: string;
  /** Frameworks the files were read with (built-in ones are always known). */
  frameworks: Map<string, Framework>;
  speakerRules: SpeakerRules;
  /** `--coder NAME`: inline tags were read as coder `from` (the readers' default); they become `to`'s. */
  inlineCoder?: { from: string; to: string };
  carry?: CarriedSettings;
  /** The primary coder of the project the files were read in (`-p`); used when that coder coded something. */
  primaryCoder?: string;
  /** `name:` of the new project; default from the input file names. */
  name?: string;
}

/** Where one document (as one coder coded it) went. */
export interface PlacedDocument {
  id: string;
  coder: string;
  /** The input file it came from. */
  input: string;
  route: 'transcript' | 'segments';
  /** The file written: the transcript, or the text file the segment rows point into. */
  path: string;
  /** The segment table holding its rows (route segments). */
  table?: string;
  paragraphs: number;
  /** Coded references (a comment over several paragraphs is one). */
  codings: number;
  /** Why it is not a native transcript (route segments). */
  reason?: string;
  /** Route segments: the text file was rebuilt from the paragraphs (see `segmentPlan`). */
  rebuilt?: boolean;
}

export interface ImportedDocuments {
  /** Relative path → content; segment tables as a list of lines. */
  files: Map<string, string | string[]>;
  /** The codebook written (with the codes the data uses but the codebook did not define). */
  codebook: Codebook;
  /** Codes added because the data uses them. */
  implicitCodes: string[];
  placed: PlacedDocument[];
  coders: { name: string; documents: number; codings: number }[];
  primaryCoder?: string;
  /** Problems found while building (errors: write nothing). */
  issues: InputIssue[];
}

interface Item {
  input: ReadInput;
  doc: Document;
}

export function buildDocumentImport(o: DocumentImportOptions): ImportedDocuments {
  const issues: InputIssue[] = [];
  const items = collect(o, issues);

  // The codebook: the one in use, plus every code id the data uses that it does not define.
  let index = new CodeIndex(o.codebook, o.frameworks);
  const implicit: Code[] = [];
  for (const { doc } of items) {
    for (const x of doc.excerpts) {
      for (const c of x.codings) {
        if (parseFrameworkRef(c.codeId) || index.code(c.codeId) || implicit.some((k) => k.id === c.codeId)) continue;
        implicit.push({ id: c.codeId, label: c.codeId, frameworks: {}, keywords: [], aliases: [] });
      }
    }
  }
  const codebook: Codebook = implicit.length ? { ...o.codebook, codes: [...o.codebook.codes, ...implicit] } : o.codebook;
  if (implicit.length) index = new CodeIndex(codebook, o.frameworks);
  const tagOf = (id: string): string => {
    const ref = parseFrameworkRef(id);
    if (!ref) return id;
    // `#L3` for a lever, else `#<framework>:<node>`: whichever reads back as this node.
    for (const t of [ref.node, `${ref.framework}:${ref.node}`]) {
      const r = index.resolveTag(t);
      if (r.ok && r.codeId === id) return t;
    }
    return `${ref.framework}:${ref.node}`;
  };
  const resolveTag = (t: string) => index.resolveTag(t);

  const coders = [...new Set(items.map((i) => i.doc.coder))].sort((a, b) => a.localeCompare(b));
  const coderDir = uniqueNames(coders, (c) => safeFileName(c).replace(/[[\]{}()!*?+@,]/g, '-'));
  const docFile = uniqueNames(items.map((i) => i.doc.id));

  const files = new Map<string, string | string[]>();
  const placed: PlacedDocument[] = [];
  const memos: string[] = [];
  // Text files for segment rows: one per document id and distinct text.
  const textFiles = new Map<string, { text: string; name: string }[]>();
  const takenText = new Set<string>();
  const textFileFor = (id: string, text: string): string => {
    let list = textFiles.get(id);
    if (!list) textFiles.set(id, (list = []));
    const hit = list.find((t) => t.text === text);
    if (hit) return hit.name;
    const base = docFile.get(id)!;
    let name = base;
    for (let n = 2; takenText.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    takenText.add(name.toLowerCase());
    list.push({ text, name });
    files.set(`texts/${name}.txt`, text);
    return name;
  };
  const segmentLines = new Map<string, string[]>();
  const textAttributes = new Map<string, Record<string, string>>();

  for (const { input, doc } of items) {
    const native = nativeTranscript(doc, { speakerRules: o.speakerRules, resolveTag, tagOf });
    const base = { id: doc.id, coder: doc.coder, input: input.display, paragraphs: doc.excerpts.length, codings: referenceCount(doc) };
    if (native.text !== undefined) {
      const path = `transcripts/${coderDir.get(doc.coder)}/${docFile.get(doc.id)}.${native.markdown ? 'md' : 'txt'}`;
      files.set(path, native.text);
      placed.push({ ...base, route: 'transcript', path });
      memos.push(...memoLines(doc, path, tagOf));
      continue;
    }
    const plan = segmentPlan(doc, tagOf, index, o.speakerRules);
    const name = textFileFor(doc.id, plan.text);
    if (plan.differs) {
      issues.push({
        severity: 'warning', file: input.display, code: 'segments-read-back',
        message: `document "${doc.id}" (coder ${doc.coder}) was written to texts/${name}.txt and a segment table, but reading them back gives ${plan.differs}`,
        hint: 'check that document in the imported project (`hefboom quotes -p DIR`), or code it in the original file on whole paragraphs',
      });
    }
    const table = `segments/${coderDir.get(doc.coder)}.csv`;
    let lines = segmentLines.get(table);
    if (!lines) segmentLines.set(table, (lines = [SEGMENT_HEADER]));
    const slice = cpSlicer(plan.text);
    if (!plan.rows.length) lines.push(segmentRecord({ document: name, coder: doc.coder, start: 0, end: 0, code: '' }));
    for (const r of plan.rows) lines.push(segmentRecord({ document: name, coder: doc.coder, start: r.start, end: r.end, code: r.code, memo: r.memo, text: slice(r.start, r.end) }));
    if (Object.keys(doc.attributes).length) textAttributes.set(doc.id, doc.attributes);
    placed.push({ ...base, route: 'segments', path: `texts/${name}.txt`, table, reason: native.reason, ...(plan.rebuilt ? { rebuilt: true } : {}) });
  }
  for (const [table, lines] of segmentLines) files.set(table, lines);

  // Coders, and the one analyses use for a document several coded.
  const coderSummary = coders.map((name) => {
    const mine = placed.filter((p) => p.coder === name);
    return { name, documents: mine.length, codings: mine.reduce((n, p) => n + p.codings, 0) };
  });
  const primaryCoder = coders.length < 2 ? undefined : o.primaryCoder && coders.includes(o.primaryCoder) ? o.primaryCoder : coders[0];

  // Attributes of documents read from segment tables (native transcripts have them in front matter).
  const attrKeys = [...new Set([...textAttributes.values()].flatMap((a) => Object.keys(a)))].sort((a, b) => a.localeCompare(b));
  if (attrKeys.length) {
    const table: Table = {
      columns: [{ key: 'document', label: 'document' }, ...attrKeys.map((k) => ({ key: `a:${k}`, label: k }))],
      rows: [...textAttributes].map(([id, a]) => ({ document: id, ...Object.fromEntries(attrKeys.map((k) => [`a:${k}`, a[k] ?? ''])) })),
      notes: [],
    };
    files.set('meta/documenten.csv', render([table], { format: 'csv', csvDialect: 'default', color: false }));
  }

  if (memos.length) {
    files.set('memos.md', [`# Memo's bij de import`, '', 'Memo\'s (antwoorden op opmerkingen) bij coderingen die als #tags in een transcript staan.', '', ...memos].join('\n'));
  }

  const sourceNames = o.inputs.map((i) => i.display);
  const from = sourceNames.length <= 3 ? sourceNames.join(', ') : `${sourceNames.length} ${o.kind} files`;
  files.set('codebook.yaml', writeCodebookYaml(codebook, [
    o.codebookSource ? `Codes of ${o.codebookSource}, with which ${from} was read by hefboom import ${o.kind}.` : `Codes found in ${from} by hefboom import ${o.kind} (no codebook was given).`,
    ...(implicit.length ? [`${implicit.length} code(s) used in the data were not in a codebook: ${implicit.slice(0, 12).map((c) => c.id).join(', ')}${implicit.length > 12 ? ', …' : ''}; give them a label and a parent.`] : []),
    'Map codes to the frameworks by adding e.g. `levers: [L3]` or `memoq: [emotionele-ondersteuning]`.',
  ]));
  for (const f of o.carry?.frameworkFiles ?? []) files.set(f.path, f.text);
  if (o.carry?.roles !== undefined) files.set('roles.yaml', o.carry.roles);
  files.set('hefboom.yaml', projectYaml(o, from, coders, coderDir, placed, textFiles, primaryCoder, attrKeys.length > 0));
  files.set('IMPORT.md', importReport(o, from, placed, coderSummary, codebook, implicit, primaryCoder, memos.length > 0, issues));
  return { files, codebook, implicitCodes: implicit.map((c) => c.id), placed, coders: coderSummary, primaryCoder, issues };
}

/**
 * Every input's documents, with `--coder` applied; a document read twice for one coder, or whose
 * paragraphs differ between two files, is an error (as when the originals are analysed).
 */
function collect(o: DocumentImportOptions, issues: InputIssue[]): Item[] {
  const items: Item[] = [];
  const rename = o.inlineCoder && o.inlineCoder.from !== o.inlineCoder.to ? o.inlineCoder : undefined;
  for (const input of o.inputs) {
    for (const d of input.documents) {
      const doc = rename && d.coder === rename.from ? asCoder(d, rename.to) : d;
      const same = items.find((i) => i.doc.id === doc.id && i.doc.coder === doc.coder);
      if (same && same.input === input && same.doc.excerpts.length === doc.excerpts.length) {
        // The inline tags' coder renamed to a comment author of the same file: one coder's codings.
        same.doc = mergeCodings(same.doc, doc);
        continue;
      }
      if (same) {
        issues.push({ severity: 'error', file: input.display, code: 'duplicate-document', message: `document "${doc.id}" by coder ${doc.coder} is read twice (also from ${same.input.display})`, hint: 'import the files separately, or rename one of them (the document id is the file name)' });
        continue;
      }
      const other = items.find((i) => i.doc.id === doc.id && i.input !== input);
      if (other) {
        const at = firstDifference(other.doc.excerpts, doc.excerpts);
        if (at >= 0) {
          issues.push({
            severity: 'error', file: input.display, line: doc.excerpts[at]?.line, code: 'coder-text-differs',
            message: `document "${doc.id}" differs between ${other.input.display} (coder ${other.doc.coder}) and ${input.display} (coder ${doc.coder}) from paragraph ${at + 1} on`,
            hint: 'two coders\' copies of a document must hold the same text; rename one of the files to give it its own id',
          });
          continue;
        }
      }
      items.push({ input, doc });
    }
  }
  return items;
}

function asCoder(d: Document, coder: string): Document {
  return { ...d, coder, excerpts: d.excerpts.map((x) => ({ ...x, codings: x.codings.map((c) => ({ ...c, coder })) })) };
}

function mergeCodings(a: Document, b: Document): Document {
  return {
    ...a,
    excerpts: a.excerpts.map((x, i) => {
      const extra = b.excerpts[i].codings.filter((c) => !x.codings.some((k) => k.codeId === c.codeId && k.start === c.start && k.end === c.end));
      return extra.length ? { ...x, codings: [...x.codings, ...extra] } : x;
    }),
  };
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Index of the first paragraph whose text or speaker label differs, or -1. */
function firstDifference(a: Excerpt[], b: Excerpt[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (!a[i] || !b[i] || squash(a[i].text) !== squash(b[i].text) || a[i].speaker.label !== b[i].speaker.label) return i;
  }
  return -1;
}

/** Coded references: the pieces of one comment over several paragraphs count once per code. */
function referenceCount(d: Document): number {
  const keys = new Set<string>();
  for (const x of d.excerpts) for (const c of x.codings) keys.add(c.ref ? `${c.ref}\u0000${c.codeId}` : `${x.ordinal}\u0000${c.codeId}\u0000${c.start}\u0000${c.end}`);
  return keys.size;
}

interface Row { start: number; end: number; code: string; memo?: string }

/** A text file for the segment rows of one document, and the rows. */
interface SegmentPlan {
  text: string;
  rows: Row[];
  /** The text was rebuilt from the paragraphs (`Label: text`), because as read it reads back otherwise. */
  rebuilt: boolean;
  /** What still reads back differently, when no plan reads back the same. */
  differs?: string;
}

/**
 * Where a document's codings go when it cannot be a native transcript. Tried in order, the first that
 * the segment reader reads back as the same paragraphs, speakers, texts and codes wins:
 * 1. Document.text as read, a reference over several paragraphs as one row over its whole span;
 * 2. the same, one row per paragraph piece;
 * 3. and 4. the text rebuilt from the paragraphs, one `Label: text` per paragraph and a blank line
 *    between them, with the offsets moved along (a timestamp before a label, which the segment reader
 *    does not know, is then left out).
 * When none does, the first is written and the difference reported. A document without codings gets
 * no rows (the caller writes one empty row, so it is still read and counted).
 */
function segmentPlan(d: Document, tagOf: (id: string) => string, index: CodeIndex, rules: SpeakerRules): SegmentPlan {
  const pieces: Row[] = [];
  const whole: Row[] = [];
  const seen = new Set<string>();
  for (const x of d.excerpts) {
    for (const c of x.codings) {
      const row: Row = { start: c.start, end: c.end, code: tagOf(c.codeId), ...(c.memo ? { memo: c.memo } : {}) };
      pieces.push(row);
      if (!c.ref || !c.refSpan) { whole.push(row); continue; }
      const key = `${c.ref}\u0000${c.codeId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      whole.push({ ...row, start: c.refSpan.start, end: c.refSpan.end });
    }
  }
  const order = (a: Row, b: Row) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code);
  whole.sort(order);
  pieces.sort(order);
  const variants = whole.length === pieces.length ? [whole] : [whole, pieces];
  const rebuilt = rebuildText(d);
  let first: SegmentPlan | undefined;
  for (const t of [{ text: d.text, move: (p: number) => p, rebuilt: false }, rebuilt]) {
    for (const rows of variants) {
      const moved = rows.map((r) => ({ ...r, start: t.move(r.start, 'start'), end: t.move(r.end, 'end') }));
      const differs = readBackDifference(d, t.text, moved, index, rules);
      const plan: SegmentPlan = { text: t.text, rows: moved, rebuilt: t.rebuilt, ...(differs ? { differs } : {}) };
      if (!differs) return plan;
      first ??= plan;
    }
  }
  return first!;
}

/** The paragraphs as `Label: text` blocks, and where an offset of Document.text lands in it. */
function rebuildText(d: Document): { text: string; move: (p: number, side: 'start' | 'end') => number; rebuilt: true } {
  const starts: number[] = [];
  const parts: string[] = [];
  let at = 0;
  for (const x of d.excerpts) {
    const label = x.speaker.label ? `${x.speaker.label}: ` : '';
    if (parts.length) at += 2;
    at += codePointLength(label);
    starts.push(at);
    parts.push(`${label}${x.text}`);
    at += x.end - x.start;
  }
  const xs = d.excerpts;
  // An offset inside a paragraph keeps its place in it; one between paragraphs moves to the start of
  // the next (a span's start) or the end of the previous (a span's end).
  const move = (p: number, side: 'start' | 'end'): number => {
    if (side === 'start') {
      const i = xs.findIndex((x) => x.end > p);
      if (i < 0) return at;
      return starts[i] + Math.max(0, p - xs[i].start);
    }
    let i = -1;
    for (let k = xs.length - 1; k >= 0; k--) if (xs[k].start < p) { i = k; break; }
    if (i < 0) return 0;
    return starts[i] + Math.min(p, xs[i].end) - xs[i].start;
  };
  return { text: parts.length ? `${parts.join('\n\n')}\n` : '', move, rebuilt: true };
}

/** What the segment reader would read differently from `d` (paragraphs, speakers, text, codes), or undefined. */
function readBackDifference(d: Document, text: string, rows: Row[], index: CodeIndex, rules: SpeakerRules): string | undefined {
  const t = indexText(text, d.id, rules, chooseParagraphMode(text));
  const back = excerptsOf(d.id, t, {});
  for (const r of rows) {
    const id = index.resolveName(r.code);
    if (!id.ok) return `an unknown code "${r.code}"`;
    laySpan(back, t.paragraphs, { start: r.start, end: r.end, codeIds: [id.codeId], coder: d.coder });
  }
  if (back.length !== d.excerpts.length) return `${back.length} paragraphs instead of ${d.excerpts.length}`;
  for (let i = 0; i < back.length; i++) {
    const a = d.excerpts[i];
    const b = back[i];
    const codes = (x: Excerpt) => [...new Set(x.codings.map((c) => c.codeId))].sort().join(' ');
    const what = codes(a) !== codes(b) ? 'codes'
      : a.speaker.role !== b.speaker.role || a.speaker.label !== b.speaker.label ? 'speaker'
        : squash(a.text) !== squash(b.text) ? 'text' : '';
    if (what) return `another ${what} in paragraph ${i + 1}`;
  }
  return undefined;
}

/** memos.md lines for a document written as a native transcript. */
function memoLines(d: Document, path: string, tagOf: (id: string) => string): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const x of d.excerpts) {
    for (const c of x.codings) {
      if (!c.memo) continue;
      const key = `${c.ref ?? x.ordinal}\u0000${c.codeId}\u0000${c.memo}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(`- paragraaf ${x.ordinal} (regel ${x.line}), #${tagOf(c.codeId)}:`, ...c.memo.split(/\r?\n/).map((l) => `  ${l}`));
    }
  }
  return lines.length ? [`## ${d.id} (${d.coder}) — ${path}`, '', ...lines, ''] : [];
}

function projectYaml(
  o: DocumentImportOptions, from: string, coders: string[], coderDir: Map<string, string>, placed: PlacedDocument[],
  textFiles: Map<string, { name: string }[]>, primaryCoder: string | undefined, hasAttributes: boolean,
): string {
  const carry = o.carry;
  const sources: Record<string, unknown>[] = [];
  const native = placed.some((p) => p.route === 'transcript');
  for (const c of coders) {
    const mine = placed.filter((p) => p.coder === c && p.route === 'transcript');
    // Transcripts with sections are Markdown (.md); the others plain text.
    const ext = mine.some((p) => p.path.endsWith('.md')) ? (mine.some((p) => p.path.endsWith('.txt')) ? '{txt,md}' : 'md') : 'txt';
    if (mine.length) sources.push({ path: `transcripts/${coderDir.get(c)}/*.${ext}`, format: 'transcript', coder: c });
  }
  const segments = placed.some((p) => p.route === 'segments');
  if (segments) {
    const documents: Record<string, string> = {};
    for (const [id, list] of textFiles) for (const t of list) if (t.name !== id) documents[t.name] = id;
    sources.push(segmentsSource(documents));
  }
  const project: Record<string, unknown> = {
    name: o.name ?? (o.inputs.length === 1 ? o.inputs[0].display.split(/[\\/]/).pop() : `Import van ${o.inputs.length} bestanden (${o.kind})`),
    language: 'nl',
    codebook: 'codebook.yaml',
    frameworks: ['levers', 'memoq', ...(carry?.frameworkFiles ?? []).map((f) => f.path)],
    ...(carry?.roles !== undefined ? { roles: 'roles.yaml' } : {}),
    ...(carry && Object.keys(carry.speakers).length ? { speakers: carry.speakers } : {}),
    ...(carry?.speakerLabels === 'any' ? { speaker_labels: 'any' } : {}),
    ...(primaryCoder ? { primary_coder: primaryCoder } : {}),
    ...(hasAttributes ? { attributes: { documents: 'meta/documenten.csv' } } : {}),
    sources,
  };
  return projectFileText([
    `# Imported from ${from} by hefboom import ${o.kind}; see IMPORT.md.`,
    ...(native ? ['# transcripts/<coder>/ holds native transcripts: codes as #tags on whole paragraphs.'] : []),
    ...(segments ? ['# segments/ holds the documents with codings on part of a paragraph, with code-point offsets into texts/.'] : []),
    ...(coders.length > 1 ? [`# ${coders.length} coders: analyses use primary_coder where a document is coded twice; \`hefboom agree\` compares them.`] : []),
  ], project);
}

const cell = (s: string) => s.replace(/\s+/g, ' ').replace(/\|/g, '\\|');

function importReport(
  o: DocumentImportOptions, from: string, placed: PlacedDocument[], coders: ImportedDocuments['coders'], codebook: Codebook,
  implicit: Code[], primaryCoder: string | undefined, hasMemos: boolean, issues: InputIssue[],
): string {
  const native = placed.filter((p) => p.route === 'transcript').length;
  const timed = o.inputs.some((i) => i.documents.some((d) => d.excerpts.some((x) => x.time)));
  const lines = [
    `# Import of ${from}`,
    '',
    `- Files read: ${o.inputs.length} (${o.kind})`,
    `- Documents: ${new Set(placed.map((p) => p.id)).size}`,
    ...coders.map((c) => `  - coder ${c.name}: ${c.codings} coding(s) in ${c.documents} document(s)`),
    ...(primaryCoder ? [`- Primary coder: ${primaryCoder}${primaryCoder === o.primaryCoder ? ' (the project\'s)' : ' (the alphabetically first, as when the original files are analysed)'}`] : []),
    `- Codes: ${codebook.codes.length} in codebook.yaml (${o.codebookSource ? `from ${o.codebookSource}` : 'no codebook was given'}${implicit.length ? `; ${implicit.length} taken from the data` : ''})`,
    `- Native transcripts: ${native} (transcripts/<coder>/)`,
    `- Texts with segment rows: ${placed.length - native} (texts/ and segments/<coder>.csv; the table below says why)`,
    ...(timed ? ['- Times are written as `[hh:mm:ss]` before each paragraph of a native transcript (whole seconds; end times are not kept; the segment tables keep no times).'] : []),
    ...(hasMemos ? ['- Memos (comment replies) of codings in native transcripts: memos.md; segment rows keep theirs in the column `memo`.'] : []),
  ];
  for (const input of o.inputs) {
    const mine = placed.filter((p) => p.input === input.display);
    lines.push('', `## ${input.display} (${input.format})`, '');
    if (mine.length) {
      lines.push('| document | coder | paragraphs | codings | written to |', '|---|---|---:|---:|---|',
        ...mine.map((p) => `| ${cell(p.id)} | ${cell(p.coder)} | ${p.paragraphs} | ${p.codings} | ${cell(p.route === 'transcript' ? p.path : `${p.path}${p.rebuilt ? ' (rebuilt from the paragraphs)' : ''} + ${p.table}: ${p.reason ?? 'not a native transcript'}`)} |`));
    } else lines.push('No documents were read from this file.');
    const warnings = [...input.issues, ...issues.filter((i) => i.file === input.display)].filter((i) => i.severity === 'warning');
    if (warnings.length) lines.push('', 'Warnings:', '', ...warnings.map((w) => `- ${w.code}${w.line ? ` (line ${w.line})` : ''}: ${w.message.replace(/\n/g, ' ')}`));
  }
  return `${lines.join('\n')}\n`;
}
