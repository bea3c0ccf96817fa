/**
 * Reading a whole project as a stream of documents, and applying the coder rules of DESIGN.md §3:
 * one coder per document for every analysis except agreement, the primary-coder rule, and the check
 * that two coders' copies of a document hold the same text.
 *
 * Documents are visited one at a time and reduced by the caller to a small summary, so memory stays
 * bounded by the output (a tally) rather than by the corpus.
 */
import type { Attributes, Document, Excerpt, InputIssue } from '../model/types.js';
import { readSubtitles } from './subtitles.js';
import { readDocxContent } from './wordproc/docx.js';
import { readOdtContent } from './wordproc/odt.js';
import { wordDocuments } from './wordproc/wordproc-document.js';
import { readTranscript } from './transcript.js';
import { readSegments } from './segments.js';
import { readQdpx } from './qda/qdpx.js';
import { readQualcoderCsv } from './qda/qualcoder-csv.js';
import { readTaguetteCsv } from './qda/taguette-csv.js';
import { isTaguetteCodebook } from './qda/qda-csv.js';
import { resolve } from 'node:path';
import type { SourceFile, Workspace } from './workspace.js';
import { documentIdFromPath } from './workspace.js';
import { readSurvey } from './survey.js';
import { surveyDocuments } from './survey-excerpts.js';
import { readStage } from './stage.js';
import { stageDocuments } from './stage-excerpts.js';

export interface DocumentRef {
  id: string;
  coder: string;
  /** Source file, relative to the project. */
  path: string;
  file: SourceFile;
  hasFullText: boolean;
}

export interface ScanOptions {
  /** `--coder NAME`: use this coder's codings; documents it did not code are left out. */
  coder?: string;
  /** Keep every coder's version (validation, agreement) instead of choosing one per document. */
  allCoders?: boolean;
  /** Called after each file, for progress display. */
  onProgress?: (done: number, total: number) => void;
}

export interface ScanResult<P> {
  /** One entry per document (per coder with allCoders), in project order. */
  chosen: { ref: DocumentRef; summary: P }[];
  issues: InputIssue[];
  counts: {
    files: number;
    documents: number;
    /** Documents coded by more than one coder. */
    doubleCoded: number;
    /** Documents left out because `--coder` did not code them. */
    notCodedByCoder: number;
  };
}

/** Read one source file into documents, with the workspace's rules and sidecar attributes applied. */
export async function readSourceFile(ws: Workspace, f: SourceFile): Promise<{ documents: Document[]; issues: InputIssue[] }> {
  const e = f.entry;
  const issues: InputIssue[] = [];
  let documents: Document[] = [];
  if (e.format === 'transcript') {
    const name = f.abs.split(/[\\/]/).pop() ?? f.abs;
    const r = await readTranscript(f.abs, {
      file: f.display,
      documentId: e.documents?.[name] ?? e.documents?.[documentIdFromPath(name)],
      coder: ws.coderName(e.coder),
      encoding: e.encoding,
      attributes: e.attributes,
      defaultRole: e.default_role,
      quoteLabels: e.quote_labels,
      speakerRules: e.speaker_labels ? { ...ws.speakerRules, anyLabel: e.speaker_labels === 'any' } : ws.speakerRules,
      resolveTag: ws.resolveTag,
    });
    issues.push(...r.issues);
    if (r.document) documents = [r.document];
  } else if (e.format === 'docx' || e.format === 'odt') {
    const r = e.format === 'docx' ? await readDocxContent(f.abs, f.display) : await readOdtContent(f.abs, f.display);
    issues.push(...r.issues);
    if (r.content) {
      const name = f.abs.split(/[\\/]/).pop() ?? f.abs;
      const w = wordDocuments(r.content, {
        file: f.display,
        documentId: e.documents?.[name] ?? e.documents?.[documentIdFromPath(name)],
        coder: ws.coderName(e.coder),
        // An entry's `coder:` says who coded the file, whoever wrote the comments.
        coderOf: e.coder !== undefined ? () => ws.coderName(e.coder) : (author) => ws.coderName(author),
        attributes: e.attributes,
        defaultRole: e.default_role,
        quoteLabels: e.quote_labels,
        speakerRules: e.speaker_labels ? { ...ws.speakerRules, anyLabel: e.speaker_labels === 'any' } : ws.speakerRules,
        resolveTag: ws.resolveTag,
        resolveCode: ws.resolveName,
        format: e.format,
        headings: e.headings ?? 'section',
      });
      issues.push(...w.issues);
      documents = w.documents;
    }
  } else if (e.format === 'vtt' || e.format === 'srt') {
    const name = f.abs.split(/[\\/]/).pop() ?? f.abs;
    const r = await readSubtitles(f.abs, {
      file: f.display,
      format: e.format,
      documentId: e.documents?.[name] ?? e.documents?.[documentIdFromPath(name)],
      coder: ws.coderName(e.coder),
      encoding: e.encoding,
      attributes: e.attributes,
      defaultRole: e.default_role,
      speakerRules: e.speaker_labels ? { ...ws.speakerRules, anyLabel: e.speaker_labels === 'any' } : ws.speakerRules,
      resolveTag: ws.resolveTag,
      mergeGapSeconds: e.merge_gap_seconds,
    });
    issues.push(...r.issues);
    if (r.document) documents = [r.document];
  } else if (e.format === 'segments') {
    const r = await readSegments({
      file: f.display,
      absPath: f.abs,
      coder: e.coder === undefined ? undefined : ws.coderName(e.coder),
      defaultCoder: 'default',
      encoding: e.encoding,
      delimiter: e.delimiter,
      columns: e.columns ?? { codes: '', attributes: [] },
      codeSeparator: e.code_separator,
      attributes: e.attributes,
      texts: e.texts ? resolve(ws.project.root, e.texts) : undefined,
      documents: e.documents,
      speakerRules: e.speaker_labels ? { ...ws.speakerRules, anyLabel: e.speaker_labels === 'any' } : ws.speakerRules,
      resolveCode: ws.resolveName,
    });
    issues.push(...r.issues);
    documents = r.documents;
    for (const d of documents) {
      d.coder = ws.coderName(d.coder);
      for (const x of d.excerpts) for (const c of x.codings) c.coder = ws.coderName(c.coder);
    }
  } else if (e.format === 'qdpx') {
    const r = await readQdpx({
      file: f.display,
      absPath: f.abs,
      coder: e.coder,
      coderName: ws.coderName,
      attributes: e.attributes,
      documents: e.documents,
      speakerRules: e.speaker_labels ? { ...ws.speakerRules, anyLabel: e.speaker_labels === 'any' } : ws.speakerRules,
      allowExternal: !!e.external_sources,
    });
    issues.push(...r.issues);
    documents = r.documents;
    mapEmbeddedCodes(ws, documents);
  } else if (e.format === 'survey' && f.survey) {
    const r = await readSurvey(ws.project.root, f.survey);
    issues.push(...r.issues);
    if (r.data) documents = surveyDocuments(r.data, { roles: ws.roles, coder: ws.coderName(undefined) });
  } else if (e.format === 'stage' && f.stage) {
    const r = await readStage(ws.project.root, f.stage);
    issues.push(...r.issues);
    if (r.data) documents = stageDocuments(r.data, { roles: ws.roles, coder: ws.coderName(undefined) });
    mapEmbeddedCodes(ws, documents);
  } else if (e.format === 'qualcoder-csv' || e.format === 'taguette-csv') {
    // A Taguette codebook export only carries codes (read with the workspace).
    if (e.format === 'taguette-csv' && (await isTaguetteCodebook(f.abs))) return { documents: [], issues };
    const read = e.format === 'qualcoder-csv' ? readQualcoderCsv : readTaguetteCsv;
    const r = await read({ file: f.display, absPath: f.abs, coder: e.coder, encoding: e.encoding, delimiter: e.delimiter, attributes: e.attributes, documents: e.documents });
    issues.push(...r.issues);
    documents = r.documents;
    for (const d of documents) {
      d.coder = ws.coderName(d.coder);
      for (const x of d.excerpts) for (const c of x.codings) c.coder = ws.coderName(c.coder);
    }
    mapEmbeddedCodes(ws, documents);
  }
  for (const d of documents) {
    // One archive holds many documents: provenance names the document inside it.
    d.path = e.format === 'qdpx' ? `${f.rel}#${d.id}` : f.rel;
    applySidecars(ws, d, f, issues);
  }
  return { documents, issues };
}

/** QDA readers code by the file's own key (REFI guid, tag as written); the workspace knows the ids. */
function mapEmbeddedCodes(ws: Workspace, documents: Document[]): void {
  for (const d of documents) for (const x of d.excerpts) for (const c of x.codings) c.codeId = ws.embeddedIds.get(c.codeId) ?? c.codeId;
}

/**
 * Sidecar document attributes fill what the source entry gave and front matter did not say; where
 * front matter and sidecar disagree, front matter (closer to the data) wins and a warning says so.
 */
function applySidecars(ws: Workspace, d: Document, f: SourceFile, issues: InputIssue[]): void {
  const side = ws.documentAttributes.get(d.id);
  const entryAttrs = f.entry.attributes;
  const changes: Attributes = {};
  if (side) {
    for (const [k, v] of Object.entries(side)) {
      const cur = d.attributes[k];
      if (cur === undefined || (k in entryAttrs && cur === entryAttrs[k])) changes[k] = v;
      else if (cur !== v) {
        issues.push({ severity: 'warning', file: f.display, code: 'attribute-conflict', field: k, message: `document "${d.id}": front matter says ${k}=${cur}, the documents table says ${k}=${v}; using ${cur}` });
      }
    }
  }
  const speakerRows = ws.speakerAttributes;
  if (!Object.keys(changes).length && !speakerRows.length) return;
  Object.assign(d.attributes, changes);
  for (const x of d.excerpts) {
    Object.assign(x.attributes, changes);
    if (speakerRows.length && x.speaker.label) {
      const site = x.attributes.site;
      const label = x.speaker.label.toLowerCase();
      for (const row of speakerRows) {
        if (row.speaker.toLowerCase() !== label) continue;
        if (row.document ? row.document === d.id : row.site === site) Object.assign(x.attributes, row.attributes);
      }
    }
  }
}

/** What one source file contributes: each document reduced to its summary, and the file's issues. */
export interface FileSummary<P> {
  docs: { id: string; coder: string; path: string; hasFullText: boolean; summary: P }[];
  issues: InputIssue[];
}

/** Read one file and reduce each of its documents (run in the main thread or in a worker). */
export async function summariseFile<P>(ws: Workspace, f: SourceFile, summarise: (doc: Document) => P): Promise<FileSummary<P>> {
  const r = await readSourceFile(ws, f);
  return {
    docs: r.documents.map((d) => ({ id: d.id, coder: d.coder, path: d.path, hasFullText: d.hasFullText, summary: summarise(d) })),
    issues: r.issues,
  };
}

/**
 * Visit every document of the workspace and reduce it with `summarise`; then choose one coder per
 * document (DESIGN.md §3) unless `allCoders` is set.
 */
export async function scanCorpus<P>(ws: Workspace, summarise: (doc: Document) => P, opts: ScanOptions = {}): Promise<ScanResult<P>> {
  const results: FileSummary<P>[] = [];
  for (const f of ws.files) {
    results.push(await summariseFile(ws, f, summarise));
    opts.onProgress?.(results.length, ws.files.length);
  }
  return finishScan(ws, results, opts);
}

/**
 * Put per-file summaries (in the order of ws.files, however they were computed) together: refuse
 * a document read twice by one coder, check double-coded texts, and apply the coder rule.
 */
export async function finishScan<P>(ws: Workspace, results: FileSummary<P>[], opts: ScanOptions = {}): Promise<ScanResult<P>> {
  const issues: InputIssue[] = [];
  const byId = new Map<string, Map<string, { ref: DocumentRef; summary: P }>>();
  const order: string[] = [];
  results.forEach((r, k) => {
    const f = ws.files[k];
    issues.push(...r.issues);
    for (const doc of r.docs) {
      let coders = byId.get(doc.id);
      if (!coders) { coders = new Map(); byId.set(doc.id, coders); order.push(doc.id); }
      const ref: DocumentRef = { id: doc.id, coder: doc.coder, path: doc.path, file: f, hasFullText: doc.hasFullText };
      if (coders.has(doc.coder)) {
        const other = coders.get(doc.coder)!.ref;
        issues.push({ severity: 'error', file: f.display, code: 'duplicate-document', message: `document "${doc.id}" by coder ${doc.coder} is read twice (also from ${other.path})`, hint: 'give one of them another `id:` in its front matter, or another `coder:` in its source entry' });
        continue;
      }
      coders.set(doc.coder, { ref, summary: doc.summary });
    }
  });

  const chosen: { ref: DocumentRef; summary: P }[] = [];
  let doubleCoded = 0;
  let notCodedByCoder = 0;
  const primary = ws.project.primaryCoder ? ws.coderName(ws.project.primaryCoder) : undefined;
  const recent = new RecentFiles(ws);
  const wanted = opts.coder ? ws.coderName(opts.coder) : undefined;
  for (const id of order) {
    const coders = byId.get(id)!;
    const versions = [...coders.values()];
    if (versions.length > 1) {
      doubleCoded++;
      issues.push(...(await compareTexts(recent, versions.map((v) => v.ref))));
    }
    if (opts.allCoders) { chosen.push(...versions); continue; }
    if (wanted) {
      const v = coders.get(wanted);
      if (v) chosen.push(v); else notCodedByCoder++;
      continue;
    }
    if (versions.length === 1) { chosen.push(versions[0]); continue; }
    if (primary && coders.has(primary)) { chosen.push(coders.get(primary)!); continue; }
    const names = [...coders.keys()].sort((a, b) => a.localeCompare(b));
    issues.push({
      severity: 'warning', file: versions[0].ref.file.display, code: 'no-primary-coder',
      message: `document "${id}" is coded by ${names.join(' and ')}, none of whom is the primary coder; using ${names[0]}`,
      hint: 'set `primary_coder:` in hefboom.yaml, or choose with `--coder NAME`',
    });
    chosen.push(coders.get(names[0])!);
  }
  return { chosen, issues, counts: { files: ws.files.length, documents: order.length, doubleCoded, notCodedByCoder } };
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Two coders' copies of one document must hold the same text once tags are removed and white space
 * is normalised; paragraphs then align by ordinal. Only double-coded documents are read again, so the
 * common single-coder case costs nothing.
 */
async function compareTexts(recent: RecentFiles, refs: DocumentRef[]): Promise<InputIssue[]> {
  const full = refs.filter((r) => r.hasFullText);
  if (full.length < 2) return [];
  // Coders' versions read from one file (a QDA project, one segment table) share one source text.
  if (full.every((r) => r.file.abs === full[0].file.abs)) return [];
  const load = async (ref: DocumentRef): Promise<Excerpt[]> => {
    const docs = await recent.read(ref.file);
    return docs.find((d) => d.id === ref.id && d.coder === ref.coder)?.excerpts ?? [];
  };
  const base = await load(full[0]);
  const issues: InputIssue[] = [];
  for (const other of full.slice(1)) {
    const xs = await load(other);
    const n = Math.max(base.length, xs.length);
    for (let i = 0; i < n; i++) {
      const a = base[i];
      const b = xs[i];
      if (a && b && norm(a.text) === norm(b.text) && a.speaker.label === b.speaker.label) continue;
      issues.push({
        severity: 'error', file: other.file.display, line: b?.line ?? a?.line, code: 'coder-text-differs',
        message: `document "${other.id}" differs between coders ${full[0].coder} (${full[0].path}) and ${other.coder} (${other.path}) from paragraph ${i + 1} on (${full[0].path}:${a?.line ?? 'end'} vs ${other.path}:${b?.line ?? 'end'})`,
        hint: 'both copies must hold the same text apart from the code tags; copy the text again from one to the other, or give them different ids',
      });
      break;
    }
  }
  return issues;
}

/**
 * The last few files read for text comparison. A file with many documents (a segment table per coder,
 * a QDA export) is then read once for all its double-coded documents, not once per document; memory
 * stays bounded by a handful of files.
 */
class RecentFiles {
  private readonly cache = new Map<string, Promise<Document[]>>();
  constructor(private readonly ws: Workspace, private readonly size = 4) {}

  read(f: SourceFile): Promise<Document[]> {
    const key = `${f.abs}\u0000${f.entry.coder ?? ''}`;
    let hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
    } else {
      hit = readSourceFile(this.ws, f).then((r) => r.documents);
      if (this.cache.size >= this.size) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(key, hit);
    return hit;
  }
}

/** Read every document into memory (small projects, commands that need texts of all excerpts). */
export async function loadCorpus(ws: Workspace, opts: ScanOptions = {}): Promise<ScanResult<Document>> {
  return scanCorpus(ws, (d) => d, opts);
}
