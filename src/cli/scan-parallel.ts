/**
 * The corpus scan on several cores. Worker threads claim files one at a time from a shared counter
 * (so a slow file does not hold up the others), their summaries are put back in file order, and the result is
 * exactly what the serial scan gives — the coder rule and all checks run once, in the main thread.
 * Small projects stay serial: starting a worker costs more than reading a few transcripts.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Workspace } from '../io/workspace.js';
import { finishScan, scanCorpus, type FileSummary, type ScanOptions, type ScanResult } from '../io/corpus.js';
import { summariserFor, type ScanTask, type TaskSummary } from './scan-tasks.js';

/** Below this much input the scan stays in one thread. */
const PARALLEL_FROM_BYTES = 32 * 1024 * 1024;
const MAX_WORKERS = 4;
/** How much larger the XML of a .docx/.odt is than the package (deflate on text: about 8×). */
const ZIPPED_TEXT_FACTOR = 8;

const workerFile = fileURLToPath(new URL('./scan-worker.js', import.meta.url));

/**
 * Worker threads to use, 0 for a serial scan in this thread: HEFBOOM_WORKERS when set (0 or 1 =
 * serial), else by input size and cores. With `mainBusy` (the main thread has work of its own while
 * the scan runs, as the report's survey and CRM part) one core is left to the main thread, so a
 * two-core machine scans in one worker beside it rather than three threads sharing two cores.
 */
export function workerCount(ws: Workspace, mainBusy = false): number {
  if (!existsSync(workerFile)) return 0; // running from TypeScript sources (tests): serial
  const env = process.env.HEFBOOM_WORKERS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    return Number.isInteger(n) && n > 1 ? Math.min(n, ws.files.length) : 0;
  }
  if (ws.files.length < 8) return 0;
  let bytes = 0;
  for (const f of ws.files) {
    // Word and LibreOffice files are zip packages: their text is several times their size on disk.
    const weight = f.entry.format === 'docx' || f.entry.format === 'odt' ? ZIPPED_TEXT_FACTOR : 1;
    try { bytes += statSync(f.abs).size * weight; } catch { /* the reader reports it */ }
    if (bytes >= PARALLEL_FROM_BYTES) break;
  }
  if (bytes < PARALLEL_FROM_BYTES) return 0;
  const cores = availableParallelism() - (mainBusy ? 1 : 0);
  if (cores < 1 || (cores < 2 && !mainBusy)) return 0;
  return Math.min(cores, MAX_WORKERS, ws.files.length);
}

export async function scanTask<T extends ScanTask>(ws: Workspace, task: T, opts: ScanOptions = {}, mainBusy = false): Promise<ScanResult<TaskSummary<T>>> {
  const n = workerCount(ws, mainBusy);
  if (n === 0) return scanCorpus(ws, summariserFor(task, ws), opts);
  const results: FileSummary<TaskSummary<T>>[] = new Array(ws.files.length);
  // The next file to read, shared by the workers: each claims files itself, so the scan keeps going
  // while the main thread is busy with other work (the report reads surveys and CRM meanwhile).
  const next = new Int32Array(new SharedArrayBuffer(4));
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    let failed = false;
    const stopAll = () => { for (const w of workers) void w.terminate(); };
    for (let k = 0; k < n; k++) {
      const w = new Worker(workerFile, { workerData: { project: ws.project, options: ws.options, files: ws.files, task, next } });
      workers.push(w);
      w.on('message', (m: { index: number; result?: FileSummary<TaskSummary<T>>; error?: string }) => {
        if (failed) return;
        if (m.error !== undefined) { failed = true; stopAll(); reject(new Error(`worker failed on ${ws.files[m.index].display}: ${m.error}`)); return; }
        results[m.index] = m.result!;
        done++; // counted whether or not anyone watches progress: the scan ends on this count
        opts.onProgress?.(done, ws.files.length);
        if (done === ws.files.length) resolve();
      });
      w.on('error', (e) => { if (!failed) { failed = true; stopAll(); reject(e); } });
    }
  });
  return finishScan(ws, results, opts);
}
