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
 */
import { stringify } from 'yaml';
import type { Codebook, Document, InputIssue } from '../../model/types.js';
import { mergeEmbeddedCodes } from '../../model/embedded-codebook.js';
import { CodeIndex } from '../../model/codebook.js';
import type { SpeakerRules } from '../../model/roles.js';
import { csvRecord, render } from '../../report/render.js';
import type { Table } from '../../report/table.js';
import { writeCodebookYaml } from '../codebook-write.js';
import { parseTranscript } from '../transcript.js';
import { OFFSET_RULE_LABELS } from './offset-rule.js';
import type { QdaComment, QdpxResult } from './qdpx.js';
import { excerptForMessage } from '../../model/issues.js';

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
  const fileOf = new Map<string, string>();
  const taken = new Set<string>();
  for (const id of r.texts.keys()) {
    const base = safeFileName(id);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    taken.add(name.toLowerCase());
    fileOf.set(id, name);
  }
  for (const [id, t] of r.texts) files.set(`texts/${fileOf.get(id)}.txt`, t.text);

  // Segment rows per coder; a document a coder did not code still gets a row so it is counted.
  const coders = [...new Set(r.documents.map((d) => d.coder))].sort((a, b) => a.localeCompare(b));
  const coderFiles = new Map<string, string>();
  const takenCoders = new Set<string>();
  for (const c of coders) {
    const base = safeFileName(c);
    let name = base;
    for (let n = 2; takenCoders.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    takenCoders.add(name.toLowerCase());
    coderFiles.set(c, name);
  }
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
    const lines = [csvRecord(['document', 'coder', 'start', 'end', 'code', 'memo', 'text'])];
    const coded = new Set(refs.map((x) => x.documentId));
    for (const d of docs) if (!coded.has(d.id)) lines.push(csvRecord([fileOf.get(d.id)!, coder, 0, 0, '', '', '']));
    for (const x of refs) {
      lines.push(csvRecord([fileOf.get(x.documentId)!, coder, x.start, x.end, idOf(x.codeKey), x.memo ?? '', slicer(x.documentId)(x.start, x.end)]));
    }
    files.set(`segments/${coderFiles.get(coder)}.csv`, lines);
    coderSummary.push({ name: coder, documents: docs.length, codings: refs.length });
  }

  // Native transcripts where codings cover whole paragraphs and read back the same.
  const index = new CodeIndex(codebook, new Map());
  let transcripts = 0;
  const notNative: string[] = [];
  for (const d of r.documents) {
    const t = nativeTranscript(d, idOf, index, opts.speakerRules);
    if (t) { files.set(`transcripts/${coderFiles.get(d.coder)}/${fileOf.get(d.id)}.txt`, t); transcripts++; } else notNative.push(`${d.id} (${d.coder})`);
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
    sources: [{
      path: 'segments/*.csv',
      format: 'segments',
      texts: 'texts',
      columns: { document: 'document', coder: 'coder', codes: 'code', start: 'start', end: 'end', memo: 'memo' },
      ...(Object.keys(documentsMap).length ? { documents: documentsMap } : {}),
    }],
  };
  files.set('hefboom.yaml', [
    `# Imported from ${opts.sourceName} (${origin}) by hefboom import qdpx; see IMPORT.md.`,
    ...(coders.length > 1 ? [`# ${coders.length} coders: analyses use primary_coder where a document is coded twice; \`hefboom agree\` compares them.`] : []),
    '# The segment tables hold every coded reference with code-point offsets into texts/.',
    ...(transcripts ? ['# transcripts/ holds the same codings as native transcripts (whole paragraphs); use them instead with', '#   sources: [{ path: transcripts/<coder>/*.txt, format: transcript, coder: <coder> }]'] : []),
    stringify(project, { lineWidth: 0 }),
  ].join('\n'));

  files.set('IMPORT.md', importReport(r, opts, coderSummary, codebook, transcripts, notNative));
  return { files, codebook, transcripts, coders: coderSummary };
}

/** Slice by code points; the index is built once per text, and only when it has surrogate pairs. */
function cpSlicer(text: string): (start: number, end: number) => string {
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

/**
 * A native transcript of one coder's document, when every coding covers whole paragraphs; checked by
 * reading it back with the transcript reader (same paragraphs, same codes on each).
 */
function nativeTranscript(d: Document, idOf: (key: string) => string, index: CodeIndex, rules: SpeakerRules): string | undefined {
  if (!d.excerpts.length) return undefined;
  for (const x of d.excerpts) for (const c of x.codings) if (c.start !== x.start || c.end !== x.end) return undefined;
  const front = ['---', `id: ${JSON.stringify(d.id)}`, ...Object.entries(d.attributes).map(([k, v]) => `${/^[\p{L}_][\p{L}\p{N}_ -]*$/u.test(k) ? k : JSON.stringify(k)}: ${JSON.stringify(v)}`), '---'];
  const paras = d.excerpts.map((x) => {
    // A `#` that the reader would take for a tag is escaped.
    const body = x.text.replace(/(^|[\s(])#(?=\p{L})/gu, '$1\\#');
    const codes = [...new Set(x.codings.map((c) => idOf(c.codeId)))];
    const label = x.speaker.label ? `${x.speaker.label}: ` : '';
    return `${label}${body}${codes.length ? ` ${codes.map((c) => `#${c}`).join(' ')}` : ''}`;
  });
  const text = `${front.join('\n')}\n${paras.join('\n\n')}\n`;
  const back = parseTranscript(text, { file: d.id, coder: d.coder, speakerRules: rules, resolveTag: (t) => index.resolveTag(t) });
  const doc = back.document;
  if (!doc || back.issues.some((i) => i.severity === 'error') || doc.excerpts.length !== d.excerpts.length) return undefined;
  for (let i = 0; i < doc.excerpts.length; i++) {
    const want = [...new Set(d.excerpts[i].codings.map((c) => idOf(c.codeId)))].sort().join(' ');
    const got = [...new Set(doc.excerpts[i].codings.map((c) => c.codeId))].sort().join(' ');
    if (want !== got || doc.excerpts[i].speaker.role !== d.excerpts[i].speaker.role) return undefined;
  }
  return text;
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
