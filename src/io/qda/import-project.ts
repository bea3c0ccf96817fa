/**
 * `hefboom import qdpx`: turn a read REFI-QDA project into a runnable hefboom project folder.
 *
 * - `texts/<document>.txt`: every source text exactly as read (BOM dropped, line endings kept), so the
 *   code-point offsets below index it;
 * - `segments/<coder>.csv`: one row per coded reference (document, coder, start, end, code, memo,
 *   text), the lossless form that `hefboom.yaml` reads;
 * - `transcripts/<coder>/<document>.txt`: native transcripts with `#code` tags, for a document and
 *   coder whose codings all cover whole paragraphs (and only when reading them back gives the same
 *   codings) — handy to read or to go on coding by hand;
 * - `codebook.yaml` (codes keep their REFI guid as alias), `meta/documenten.csv` (case variables and
 *   sets), `memos.md` (notes), `IMPORT.md` (what was read, skipped and how offsets were counted).
 * Pure: returns file contents by relative path; the command writes them.
 *
 * The pieces every import into a project folder shares (file names, native transcripts checked by
 * reading them back, segment rows, the project file) are exported from here and used by
 * `src/io/import-documents.ts` (`hefboom import docx|odt|vtt|srt`) too.
 */
import { stringify } from 'yaml';
import type { Codebook, Document, InputIssue, TagResolution } from '../../model/types.js';
import { mergeEmbeddedCodes } from '../../model/embedded-codebook.js';
import { CodeIndex } from '../../model/codebook.js';
import { resolveSpeaker, type SpeakerRules } from '../../model/roles.js';
import { csvRecord, render } from '../../report/render.js';
import type { Table } from '../../report/table.js';
import { writeCodebookYaml } from '../codebook-write.js';
import { parseTranscript } from '../transcript.js';
import { OFFSET_RULE_LABELS } from './offset-rule.js';
import type { QdaComment, QdpxResult } from './qdpx.js';
import { excerptForMessage } from '../../model/issues.js';
import { formatTime } from '../../analysis/quotes.js';

export interface ImportedProject {
  /** Relative path → content; large tables as a list of lines (written without joining them). */
  files: Map<string, string | string[]>;
  codebook: Codebook;
  /** Documents (per coder) that also got a native transcript. */
  transcripts: number;
  coders: { name: string; documents: number; codings: number }[];
}

export interface ImportOptions {
  /** The .qdpx as the user named it (for headers and the report). */
  sourceName: string;
  speakerRules: SpeakerRules;
}

/** A file name for a document id: no path separators, control or reserved characters. */
export function safeFileName(id: string): string {
  const s = id.normalize('NFC').replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '-').replace(/^[\s.=+\-@]+|[\s.]+$/g, '').slice(0, 120);
  return s || 'document';
}

export function buildImportedProject(r: QdpxResult, opts: ImportOptions): ImportedProject {
  const files = new Map<string, string | string[]>();
  const merged = mergeEmbeddedCodes({ codes: [] }, r.codes);
  const codebook = merged.codebook;
  const idOf = (key: string) => merged.idOf.get(key) ?? key;
  const origin = r.project?.origin ?? 'an unknown program';

  // Document file names, unique and stable (in source order).
  const fileOf = uniqueNames(r.texts.keys());
  for (const [id, t] of r.texts) files.set(`texts/${fileOf.get(id)}.txt`, t.text);

  // Segment rows per coder; a document a coder did not code still gets a row so it is counted.
  const coders = [...new Set(r.documents.map((d) => d.coder))].sort((a, b) => a.localeCompare(b));
  const coderFiles = uniqueNames(coders);
  // References come sorted by document: one code-point index at a time is enough.
  let slicerOf: { id: string; slice: (a: number, b: number) => string } | undefined;
  const slicer = (id: string) => {
    if (slicerOf?.id !== id) slicerOf = { id, slice: cpSlicer(r.texts.get(id)!.text) };
    return slicerOf.slice;
  };
  const docOrder = new Map([...r.texts.keys()].map((id, i) => [id, i]));
  const coderSummary: ImportedProject['coders'] = [];
  for (const coder of coders) {
    const refs = r.references.filter((x) => x.coder === coder)
      .sort((a, b) => (docOrder.get(a.documentId)! - docOrder.get(b.documentId)!) || a.start - b.start || a.end - b.end || idOf(a.codeKey).localeCompare(idOf(b.codeKey)));
    const docs = r.documents.filter((d) => d.coder === coder);
    // Written record by record: a table of 100,000 row objects would cost more than the text.
    const lines = [SEGMENT_HEADER];
    const coded = new Set(refs.map((x) => x.documentId));
    for (const d of docs) if (!coded.has(d.id)) lines.push(segmentRecord({ document: fileOf.get(d.id)!, coder, start: 0, end: 0, code: '' }));
    for (const x of refs) {
      lines.push(segmentRecord({ document: fileOf.get(x.documentId)!, coder, start: x.start, end: x.end, code: idOf(x.codeKey), memo: x.memo, text: slicer(x.documentId)(x.start, x.end) }));
    }
    files.set(`segments/${coderFiles.get(coder)}.csv`, lines);
    coderSummary.push({ name: coder, documents: docs.length, codings: refs.length });
  }

  // Native transcripts where codings cover whole paragraphs and read back the same.
  const index = new CodeIndex(codebook, new Map());
  let transcripts = 0;
  const notNative: string[] = [];
  for (const d of r.documents) {
    const t = nativeTranscript(d, { codeOf: idOf, resolveTag: (tag) => index.resolveTag(tag), speakerRules: opts.speakerRules });
    if (t.text !== undefined) { files.set(`transcripts/${coderFiles.get(d.coder)}/${fileOf.get(d.id)}.${t.markdown ? 'md' : 'txt'}`, t.text); transcripts++; } else notNative.push(`${d.id} (${d.coder})`);
  }

  // Document attributes.
  const attrDocs = r.documents.filter((d, i, all) => all.findIndex((o) => o.id === d.id) === i);
  const keys = [...new Set(attrDocs.flatMap((d) => Object.keys(d.attributes)))].sort((a, b) => a.localeCompare(b));
  if (keys.length) {
    const table: Table = {
      columns: [{ key: 'document', label: 'document' }, ...keys.map((k) => ({ key: `a:${k}`, label: k }))],
      rows: attrDocs.map((d) => ({ document: d.id, ...Object.fromEntries(keys.map((k) => [`a:${k}`, d.attributes[k] ?? ''])) })),
      notes: [],
    };
    files.set('meta/documenten.csv', render([table], { format: 'csv', csvDialect: 'default', color: false }));
  }

  // Notes, and comments (selections without a code) with the passage they comment on.
  const notes = r.project?.notes ?? [];
  if (notes.length || r.comments.length) {
    const quote = (c: QdaComment) => excerptForMessage(slicer(c.documentId)(c.start, c.end).replace(/\s+/g, ' '), 120);
    files.set('memos.md', [
      `# Memo's uit ${opts.sourceName}`, '',
      ...notes.flatMap((n) => [`## ${n.name?.trim() || n.guid}`, '', n.text.trim(), '']),
      ...(r.comments.length ? ['## Opmerkingen bij de tekst', '', ...r.comments.flatMap((c) => [`- **${c.documentId}** (${c.coder}, tekens ${c.start}–${c.end}): “${quote(c)}”`, `  ${c.comment.replace(/\n+/g, ' ')}`]), ''] : []),
    ].join('\n'));
  }

  // Codebook and project file.
  files.set('codebook.yaml', writeCodebookYaml(codebook, [
    `Codes imported from ${opts.sourceName} (${origin}).`,
    'Each code keeps its REFI-QDA guid as an alias, so a new export of the same project maps onto these ids.',
    'Map codes to the frameworks by adding e.g. `levers: [L3]` or `memoq: [emotionele-ondersteuning]`.',
  ]));
  const documentsMap: Record<string, string> = {};
  for (const [id, f] of fileOf) if (f !== id) documentsMap[f] = id;
  const primary = [...coderSummary].sort((a, b) => b.codings - a.codings || a.name.localeCompare(b.name))[0]?.name;
  const project: Record<string, unknown> = {
    name: r.project?.name?.trim() || opts.sourceName,
    language: 'nl',
    codebook: 'codebook.yaml',
    frameworks: ['levers', 'memoq'],
    ...(coders.length > 1 && primary ? { primary_coder: primary } : {}),
    ...(keys.length ? { attributes: { documents: 'meta/documenten.csv' } } : {}),
    sources: [segmentsSource(documentsMap)],
  };
  files.set('hefboom.yaml', projectFileText([
    `# Imported from ${opts.sourceName} (${origin}) by hefboom import qdpx; see IMPORT.md.`,
    ...(coders.length > 1 ? [`# ${coders.length} coders: analyses use primary_coder where a document is coded twice; \`hefboom agree\` compares them.`] : []),
    '# The segment tables hold every coded reference with code-point offsets into texts/.',
    ...(transcripts ? ['# transcripts/ holds the same codings as native transcripts (whole paragraphs); use them instead with', '#   sources: [{ path: transcripts/<coder>/*.txt, format: transcript, coder: <coder> }]'] : []),
  ], project));

  files.set('IMPORT.md', importReport(r, opts, coderSummary, codebook, transcripts, notNative));
  return { files, codebook, transcripts, coders: coderSummary };
}

// ---------------------------------------------------------------------------------------------
// Shared by every import into a project folder (this module and src/io/import-documents.ts).

/**
 * A unique file name for each key, in the order given: `safeFileName`, then `-2`, `-3` … for names
 * that are already taken (compared case-insensitively, for case-insensitive file systems).
 */
export function uniqueNames(keys: Iterable<string>, nameOf: (key: string) => string = safeFileName): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const key of keys) {
    if (out.has(key)) continue;
    const base = nameOf(key);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    taken.add(name.toLowerCase());
    out.set(key, name);
  }
  return out;
}

/** Slice by code points; the index is built once per text, and only when it has surrogate pairs. */
export function cpSlicer(text: string): (start: number, end: number) => string {
  if (!/[\uD800-\uDFFF]/.test(text)) return (a, b) => text.slice(a, b);
  const at = new Uint32Array(text.length + 1);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    at[n++] = i;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
  }
  at[n] = text.length;
  return (a, b) => text.slice(at[a], at[b]);
}

export interface NativeTranscriptOptions {
  /** The speaker rules of the project the transcript will be read in. */
  speakerRules: SpeakerRules;
  /** Resolves a tag as the written project will (its codebook and frameworks). */
  resolveTag(tag: string): TagResolution;
  /** The code id a coding stands for (QDA readers code by REFI key); default: the coding's codeId. */
  codeOf?(codeId: string): string;
  /** The tag text for a code id (`fw:levers:L3` → `L3`); default: the id. */
  tagOf?(id: string): string;
}

/** A native transcript's text, or why the document cannot be one. */
/** A native transcript (`markdown`: it keeps sections as headings, so it is a `.md` file), or why not. */
export type NativeTranscript = { text: string; markdown: boolean; reason?: undefined } | { text?: undefined; reason: string };

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();


/**
 * A native transcript of one coder's document (DESIGN.md §4), when every coding covers a whole
 * paragraph. Front matter holds the id and the attributes (and `speakers:` for a label the rules do
 * not accept as written, such as a voice name from a subtitle file); each paragraph is
 * `[hh:mm:ss] Label: text #tags`, the timestamp only when the excerpt has a time. A `#` the reader
 * would take for a tag is escaped. The text is checked by reading it back with the transcript reader:
 * same paragraphs, with the same text (white space aside), speaker, whole-second start time and codes,
 * and the same document attributes; otherwise the reason is returned instead.
 */
export function nativeTranscript(d: Document, o: NativeTranscriptOptions): NativeTranscript {
  if (!d.excerpts.length) return { reason: 'it has no paragraphs' };
  for (const x of d.excerpts) {
    for (const c of x.codings) if (c.start !== x.start || c.end !== x.end) return { reason: `a coding covers only part of paragraph ${x.ordinal} (line ${x.line})` };
  }
  const codeOf = o.codeOf ?? ((id: string) => id);
  const tagOf = o.tagOf ?? ((id: string) => id);
  const speakers: Record<string, string> = {};
  for (const x of d.excerpts) {
    const label = x.speaker.label;
    if (!label || Object.hasOwn(speakers, label)) continue;
    const s = resolveSpeaker(label, o.speakerRules);
    if (!s || s.role !== x.speaker.role) speakers[label] = x.speaker.role;
  }
  const front = [
    '---',
    `id: ${JSON.stringify(d.id)}`,
    ...Object.entries(d.attributes).map(([k, v]) => `${/^[\p{L}_][\p{L}\p{N}_ -]*$/u.test(k) ? k : JSON.stringify(k)}: ${JSON.stringify(v)}`),
    ...(Object.keys(speakers).length ? [`speakers: ${JSON.stringify(speakers)}`] : []),
    '---',
  ];
  // Sections (Word headings) become Markdown headings, which the reader turns back into `section`.
  const markdown = d.excerpts.some((x) => x.attributes.section !== undefined && d.attributes.section === undefined);
  let section: string | undefined;
  const paras = d.excerpts.map((x) => {
    // A `#` that the reader would take for a tag is escaped, and so is an escape already in the text;
    // in Markdown also a `#` that starts a line (it would be a heading).
    let body = x.text.replace(/\\#/g, '\\\\#').replace(/(^|[\s(])#(?=\p{L})/gu, '$1\\#');
    if (markdown) body = body.replace(/^#/gm, '\\#');
    const heading = markdown && x.attributes.section !== undefined && x.attributes.section !== section ? `# ${x.attributes.section}\n\n` : '';
    section = x.attributes.section;
    const codes = [...new Set(x.codings.map((c) => codeOf(c.codeId)))];
    // Whole seconds: the native format has no fractions (`[hh:mm:ss]`, as `quotes` shows them).
    const time = x.time ? `[${formatTime(x.time.start)}] ` : '';
    const label = x.speaker.label ? `${x.speaker.label}: ` : '';
    return `${heading}${time}${label}${body}${codes.length ? ` ${codes.map((c) => `#${tagOf(c)}`).join(' ')}` : ''}`;
  });
  const text = `${front.join('\n')}\n${paras.join('\n\n')}\n`;
  const back = parseTranscript(text, { file: d.id, coder: d.coder, flavour: markdown ? 'md' : 'txt', speakerRules: o.speakerRules, resolveTag: (t) => o.resolveTag(t) });
  const doc = back.document;
  const error = back.issues.find((i) => i.severity === 'error');
  if (!doc || error) return { reason: `reading it back as a transcript gives an error (${error?.code ?? 'unreadable'})` };
  if (doc.excerpts.length !== d.excerpts.length) return { reason: `it reads back as ${doc.excerpts.length} paragraphs instead of ${d.excerpts.length}` };
  for (let i = 0; i < doc.excerpts.length; i++) {
    const a = d.excerpts[i];
    const b = doc.excerpts[i];
    const want = [...new Set(a.codings.map((c) => codeOf(c.codeId)))].sort().join(' ');
    const got = [...new Set(b.codings.map((c) => c.codeId))].sort().join(' ');
    const what = want !== got ? 'codes'
      : b.speaker.role !== a.speaker.role || b.speaker.label !== a.speaker.label ? 'speaker'
        : squash(b.text) !== squash(a.text) ? 'text'
          : (b.time?.start ?? -1) !== (a.time ? Math.floor(a.time.start) : -1) ? 'time'
            : b.attributes.section !== a.attributes.section ? 'section' : '';
    if (what) return { reason: `paragraph ${i + 1} (line ${a.line}) reads back with another ${what}` };
  }
  const attrs = (x: Record<string, string>) => JSON.stringify(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)));
  if (attrs(doc.attributes) !== attrs(d.attributes)) return { reason: 'its attributes do not read back the same from front matter' };
  return { text, markdown };
}

/** The columns of the segment tables an import writes (`segmentsSource` maps them). */
export const SEGMENT_HEADER = csvRecord(['document', 'coder', 'start', 'end', 'code', 'memo', 'text']);

/** One row of a segment table: a coded span in code points of `texts/<document>.txt`. */
export function segmentRecord(r: { document: string; coder: string; start: number; end: number; code: string; memo?: string; text?: string }): string {
  return csvRecord([r.document, r.coder, r.start, r.end, r.code, r.memo ?? '', r.text ?? '']);
}

/** The `sources:` entry that reads `segments/*.csv` with offsets into `texts/`. */
export function segmentsSource(documents: Record<string, string>): Record<string, unknown> {
  return {
    path: 'segments/*.csv',
    format: 'segments',
    texts: 'texts',
    columns: { document: 'document', coder: 'coder', codes: 'code', start: 'start', end: 'end', memo: 'memo' },
    ...(Object.keys(documents).length ? { documents } : {}),
  };
}

/** `hefboom.yaml`: comment lines (each starting with `#`), then the project as YAML. */
export function projectFileText(comments: string[], project: Record<string, unknown>): string {
  return [...comments, stringify(project, { lineWidth: 0 })].join('\n');
}

function importReport(r: QdpxResult, opts: ImportOptions, coders: ImportedProject['coders'], codebook: Codebook, transcripts: number, notNative: string[]): string {
  const p = r.project;
  const lines = [
    `# Import of ${opts.sourceName}`,
    '',
    `- Program: ${p?.origin ?? 'unknown'}`,
    `- Project: ${p?.name ?? '—'}`,
    `- Documents (text sources): ${r.texts.size}`,
    `- Codes: ${codebook.codes.length}`,
    `- Coded references: ${r.references.length}`,
    ...coders.map((c) => `  - ${c.name}: ${c.codings} in ${c.documents} document(s)`),
    `- Native transcripts written: ${transcripts}${notNative.length ? ` (not for ${notNative.length} document(s) whose codings do not cover whole paragraphs)` : ''}`,
  ];
  if (r.offsetRule && r.offsetRule.total) {
    const o = r.offsetRule;
    lines.push('', '## Offsets', '', `Selections were counted as ${OFFSET_RULE_LABELS[o.chosen]}${o.switched ? `, not ${OFFSET_RULE_LABELS[o.expected]} as the program implies` : ''}.`, '',
      '| rule | inside the text | on word boundaries |', '|---|---:|---:|',
      ...o.fits.map((f) => `| ${f.rule}${f.rule === o.chosen ? ' (used)' : ''} | ${f.inside} of ${o.total} | ${f.aligned} of ${o.total} |`));
  }
  const counts = Object.entries(r.counts).sort(([a], [b]) => a.localeCompare(b));
  lines.push('', '## Counts', '', '| what | n |', '|---|---:|', ...counts.map(([k, v]) => `| ${k} | ${v} |`));
  const warnings = r.issues.filter((i: InputIssue) => i.severity === 'warning');
  if (warnings.length) lines.push('', '## Warnings', '', ...warnings.map((w) => `- ${w.code}: ${w.message.replace(/\n/g, ' ')}`));
  return `${lines.join('\n')}\n`;
}
