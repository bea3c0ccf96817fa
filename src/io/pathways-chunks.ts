/**
 * A large CSV register read on several cores. The file is cut into ranges of about CHUNK_BYTES that
 * each start at a record (csv-chunks.ts); worker threads read ranges with the same RegisterIngest
 * as a reading from the top, each into a RegisterPart; the main thread absorbs the parts in file
 * order and finishes. Ranges depend on the file only, so the result does not depend on the number
 * of cores, and it equals the serial reading: where a range cannot be merged exactly (a person's
 * rows that disagree across ranges, a CSV syntax or encoding problem) the register is read again
 * from the top, which gives the messages their full context.
 *
 * Memory stays bounded by the persons, not the rows: a worker holds one range's persons at a time.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { InputIssue } from '../model/types.js';
import type { PathwayRegister } from '../model/pathways.js';
import { normaliseEncoding, readHead } from './decode.js';
import { streamCsv, type CsvRange } from './crm.js';
import { planCsvChunks } from './csv-chunks.js';
import type { CrmEntry, PathwayEntry } from './project.js';
import { loadPathwayMapping, type PathwayMapping } from './pathway-mapping.js';
import { RegisterIngest, type ReadPathwayOptions, type RegisterPart } from './pathways.js';

/** Registers smaller than this are read in one go: starting workers costs more than it saves. */
const CHUNKED_FROM_BYTES = 48 * 1024 * 1024;
/**
 * Two ranges at most: in a register sorted by date each range holds most persons, and each worker's
 * share of them costs a few hundred MB; two keep a register of a million people under 1.5 GB.
 */
const MAX_WORKERS = 2;
/** Encodings in which a line break and a quote are single bytes that occur in no other character. */
const BYTE_SAFE = new Set(['utf-8', 'windows-1252', 'iso-8859-1', 'latin1', 'iso-8859-15']);

const workerFile = fileURLToPath(new URL('./pathways-worker.js', import.meta.url));

export interface ChunkPlan {
  bytes: number;
  /** Ranges read at the same time (worker threads); 0 = in this thread, one after the other. */
  workers: number;
}

/**
 * How to read the register, or undefined to read it from the top in this thread: small files, UTF-16,
 * one core, HEFBOOM_WORKERS=0|1, or no compiled worker (running from the TypeScript sources).
 */
export function chunkPlan(abs: string, entry: PathwayEntry, opts: ReadPathwayOptions): ChunkPlan | undefined {
  if (!BYTE_SAFE.has(normaliseEncoding(entry.encoding))) return undefined;
  if (opts.chunks) return { bytes: opts.chunks.bytes, workers: opts.chunks.inline ? 0 : workersWanted() };
  // Tests of the worker threads on small registers set the range size.
  const forced = Number(process.env.HEFBOOM_REGISTER_RANGE_BYTES);
  if (forced > 0) {
    const workers = workersWanted();
    return workers >= 2 ? { bytes: forced, workers } : undefined;
  }
  let size: number;
  try { size = statSync(abs).size; } catch { return undefined; }
  if (size < CHUNKED_FROM_BYTES) return undefined;
  const workers = workersWanted();
  // One range per worker: in a register sorted by date every range holds most persons, so more
  // ranges mean more merging on the main thread (it costs about as much per person as reading a row).
  return workers >= 2 ? { bytes: Math.ceil(size / workers), workers } : undefined;
}

function workersWanted(): number {
  if (!existsSync(workerFile)) return 0;
  const env = process.env.HEFBOOM_WORKERS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    return Number.isInteger(n) && n > 1 ? Math.min(n, 16) : 0;
  }
  return Math.min(availableParallelism(), MAX_WORKERS);
}

/** One range of the register for a worker. Without `header` the range starts with the header row. */
export interface RegisterChunkJob {
  root: string;
  entry: PathwayEntry;
  range: CsvRange;
  header?: { cells: string[]; line: number };
}

export type RegisterChunkResult = { part: RegisterPart } | { readFromTop: string };

const mappings = new Map<string, PathwayMapping | undefined>();

/** Read one range into a part (in a worker thread, or inline). */
export async function readRegisterChunk(job: RegisterChunkJob, onProgress?: (rows: number) => void): Promise<RegisterChunkResult> {
  const key = `${job.root}\u0000${job.entry.mapping}\u0000${job.entry.layout}`;
  if (!mappings.has(key)) mappings.set(key, loadPathwayMapping(join(job.root, job.entry.mapping), job.entry.mapping, job.entry.layout).mapping);
  const mapping = mappings.get(key);
  if (!mapping) return { readFromTop: 'mapping' };
  const ingest = new RegisterIngest(mapping, job.entry, [], onProgress);
  if (job.header && !ingest.setHeader(job.header.cells, job.header.line)) return { readFromTop: 'header' };
  const csvIssues: InputIssue[] = [];
  const ok = await streamCsv(join(job.root, job.entry.path), job.entry as unknown as CrmEntry, ingest as unknown as Parameters<typeof streamCsv>[2], csvIssues, job.range);
  if (!ok || csvIssues.length) return { readFromTop: 'csv' };
  return { part: ingest.exportPart() };
}

/** The buffers of a part's typed arrays, to transfer rather than copy. */
export function partBuffers(part: RegisterPart): ArrayBuffer[] {
  const arrays = [
    part.lines, part.exitMarked, part.exitPhaseCol, part.exitDayCol, part.exitEventDay, part.initiative, part.kind, part.outcome,
    part.reasonHead, part.nodeCell, part.nodeNext, ...part.phaseDay, ...part.coded.map((c) => c.codes),
  ];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

/**
 * Read the register in ranges and merge. Returns the register with `issues` (which starts with the
 * mapping's issues), undefined with an error in `issues` when the header does not match the mapping,
 * or 'read-from-top' when the ranges cannot be merged exactly.
 */
export async function readRegisterChunks(
  root: string, abs: string, entry: PathwayEntry, mapping: PathwayMapping, plan: ChunkPlan, issues: InputIssue[], opts: ReadPathwayOptions,
): Promise<{ register?: PathwayRegister; issues: InputIssue[] } | 'read-from-top'> {
  let head: Buffer;
  try { head = await readHead(abs, 64 * 1024); } catch { return 'read-from-top'; }
  const breakByte = head.includes(0x0a) || !head.includes(0x0d) ? 0x0a : 0x0d;
  // Workers start loading while the file is cut into ranges.
  const ranges = planCsvChunks(abs, plan.bytes, breakByte);
  if (ranges.length < 2) return 'read-from-top';
  const runner = plan.workers >= 2 ? workerRunner(Math.min(plan.workers, ranges.length), ranges.length) : inlineRunner();
  try {
    const header = await readHeader(abs, entry, ranges[0]);
    if (!header) return 'read-from-top';
    const ingest = new RegisterIngest(mapping, entry, issues, opts.onProgress);
    if (!ingest.setHeader(header.cells, header.line)) return { issues };

    const rowsByChunk = new Array<number>(ranges.length).fill(0);
    const progress = opts.onProgress;
    const onRows = progress ? (k: number, rows: number) => { rowsByChunk[k] = rows; progress(rowsByChunk.reduce((a, b) => a + b, 0)); } : undefined;
    const results: Promise<RegisterChunkResult>[] = [];
    let launched = 0;
    const launch = (): void => {
      const k = launched++;
      const job: RegisterChunkJob = { root, entry, range: ranges[k], header: k === 0 ? undefined : header };
      results[k] = runner.run(job, onRows && ((rows) => onRows(k, rows))).finally(() => { if (launched < ranges.length) launch(); });
      results[k].catch(() => undefined); // awaited in order below; a failure there reads from the top
    };
    for (let i = 0; i < Math.max(1, runner.slots) && launched < ranges.length; i++) launch();
    for (let k = 0; k < ranges.length; k++) {
      let r: RegisterChunkResult;
      try { r = await results[k]; } catch { return 'read-from-top'; }
      if (!('part' in r) || !ingest.absorb(r.part)) return 'read-from-top';
    }
    return { register: ingest.finish(), issues };
  } finally {
    runner.close();
  }
}

/** The header row (cells and line) as streamCsv reads it, or undefined when the range has none. */
async function readHeader(abs: string, entry: PathwayEntry, range: CsvRange): Promise<{ cells: string[]; line: number } | undefined> {
  let found: { cells: string[]; line: number } | undefined;
  const sink = {
    hasHeader: false,
    setHeader(cells: string[], line: number) { found = { cells, line }; return false; },
    row() { /* not reached: the first record stops the reading */ },
  };
  await streamCsv(abs, entry as unknown as CrmEntry, sink as unknown as Parameters<typeof streamCsv>[2], [], range);
  return found;
}

interface ChunkRunner {
  /** Jobs that may run at once. */
  slots: number;
  run(job: RegisterChunkJob, onProgress?: (rows: number) => void): Promise<RegisterChunkResult>;
  close(): void;
}

function inlineRunner(): ChunkRunner {
  return { slots: 1, run: (job, onProgress) => readRegisterChunk(job, onProgress), close: () => undefined };
}

/**
 * `n` worker threads, each reading one range at a time; a worker ends as soon as no range is left
 * for it, so its memory is freed while the main thread merges. A young generation larger than
 * V8's default halves the time spent collecting the millions of short-lived cell strings.
 */
function workerRunner(n: number, jobs: number): ChunkRunner {
  const idle: Worker[] = [];
  const all: Worker[] = [];
  let dispatched = 0;
  for (let i = 0; i < n; i++) {
    const w = new Worker(workerFile, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    all.push(w);
    idle.push(w);
  }
  return {
    slots: n,
    run: (job, onProgress) => new Promise<RegisterChunkResult>((resolve, reject) => {
      const w = idle.pop();
      if (!w) { reject(new Error('no idle worker')); return; }
      const onMessage = (msg: { progress?: number; result?: RegisterChunkResult }) => {
        if (msg.progress !== undefined) { onProgress?.(msg.progress); return; }
        w.off('message', onMessage);
        w.off('error', onError);
        if (dispatched < jobs) idle.push(w);
        else void w.terminate();
        resolve(msg.result!);
      };
      const onError = (e: Error) => { w.off('message', onMessage); reject(e); };
      w.on('message', onMessage);
      w.once('error', onError);
      dispatched++;
      w.postMessage(job);
    }),
    close: () => { for (const w of all) void w.terminate(); },
  };
}
