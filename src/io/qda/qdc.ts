/**
 * REFI-QDA codebook files (`.qdc`, `urn:QDA-XML:codebook:1.0`): the code tree with descriptions and
 * colours, as NVivo, ATLAS.ti, MAXQDA and Taguette exchange it. Also reads the codebook out of a
 * `.qdpx`, so a project can use a QDA export's codes without reading its documents twice.
 */
import { readFile, stat } from 'node:fs/promises';
import type { InputIssue } from '../../model/types.js';
import type { EmbeddedCode } from '../../model/embedded-codebook.js';
import { decodeBytes } from '../decode.js';
import { parseQdeStream, readQde, type QdeReadResult } from './qde-read.js';
import type { RefiProject } from './refi-model.js';
import { DEFAULT_QDA_LIMITS, embeddedCodesOf, type QdaLimits } from './qdpx.js';
import { openZip, ZipError } from './zip.js';
import { openQdeFolder } from './qde-folder.js';

export interface QdcResult {
  codes: EmbeddedCode[];
  /** The parsed file (codes, sets), null when unreadable. */
  project: RefiProject | null;
  issues: InputIssue[];
}

/** Read a `.qdc` (or a `.qde`: its CodeBook) from disk. */
export async function readQdc(absPath: string, file: string, limits: Partial<QdaLimits> = {}): Promise<QdcResult> {
  const max = limits.maxQdeBytes ?? DEFAULT_QDA_LIMITS.maxQdeBytes;
  const size = (await stat(absPath)).size;
  if (size > max) {
    return { codes: [], project: null, issues: [{ severity: 'error', file, code: 'qde-too-large', message: `the codebook file is ${mb(size)} MB, over the limit of ${mb(max)} MB`, hint: 'raise the limit with --max-qde-mb if you trust the file' }] };
  }
  return parseCodebookXml(await readFile(absPath), file);
}

/** The codebook of a `.qdpx` (its `.qde`'s CodeBook). */
export async function readQdpxCodes(absPath: string, file: string, limits: Partial<QdaLimits> = {}): Promise<QdcResult> {
  const l = { ...DEFAULT_QDA_LIMITS, ...limits };
  let zip;
  try {
    zip = /\.qde$/i.test(absPath) ? await openQdeFolder(absPath, l) : await openZip(absPath, l);
  } catch (e) {
    return { codes: [], project: null, issues: [zipFailure(e, file)] };
  }
  try {
    const qdes = zip.entries.filter((e) => !e.isDirectory && /\.qde$/i.test(e.name) && !e.name.startsWith('__MACOSX/'));
    // The document reader reports a missing or doubled .qde; here there is simply no codebook.
    if (qdes.length !== 1) return { codes: [], project: null, issues: [] };
    const name = qdes[0].name;
    try {
      return codebookOf(await parseQdeStream((onChunk) => zip!.stream(name, onChunk, l.maxQdeBytes), `${file}:${name}`), `${file}:${name}`);
    } catch (e) {
      return { codes: [], project: null, issues: [zipFailure(e, file)] };
    }
  } finally {
    zip.close();
  }
}

function parseCodebookXml(bytes: Uint8Array, file: string): QdcResult {
  const decoded = decodeBytes(bytes, 'utf-8', file);
  if (decoded.issues.length) return { codes: [], project: null, issues: decoded.issues.map((i) => ({ ...i, hint: 'REFI-QDA files are UTF-8; export the codebook again' })) };
  return codebookOf(readQde(decoded.text, file), file);
}

function codebookOf(r: QdeReadResult, file: string): QdcResult {
  if (!r.project) return { codes: [], project: null, issues: r.issues };
  const issues = [...r.issues];
  const seen = new Map<string, number>();
  for (const c of r.project.codes) {
    const k = c.guid.toLowerCase();
    if (!c.guid) issues.push({ severity: 'error', file, line: c.line, code: 'missing-guid', message: `<Code name="${c.name}"> has no guid`, hint: 'every REFI-QDA code needs a guid; export the codebook again' });
    else if (seen.has(k)) issues.push({ severity: 'error', file, line: c.line, code: 'duplicate-guid', message: `<Code> guid ${c.guid} ("${c.name}") is defined twice (lines ${seen.get(k)} and ${c.line})`, hint: 'every code needs its own guid' });
    else seen.set(k, c.line);
  }
  return { codes: embeddedCodesOf(r.project.codes), project: r.project, issues };
}

function zipFailure(e: unknown, file: string): InputIssue {
  if (e instanceof ZipError) return { severity: 'error', file, code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
  return { severity: 'error', file, code: 'zip-unreadable', message: `cannot read the archive: ${(e as Error).message}` };
}

const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
