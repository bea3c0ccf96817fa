/**
 * Worker thread of the parallel scan: opens the same workspace as the main thread, then claims files
 * from the shared counter, reads them and posts back their per-document summaries. Prints nothing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openWorkspace, type SourceFile } from '../io/workspace.js';
import { summariseFile } from '../io/corpus.js';
import type { Project } from '../io/project.js';
import type { WorkspaceOptions } from '../io/workspace.js';
import { summariserFor, type ScanTask } from './scan-tasks.js';

interface Init { project: Project; options: WorkspaceOptions; files: SourceFile[]; task: ScanTask; next: Int32Array }

const init = workerData as Init;
const port = parentPort!;

/**
 * Two lanes claim files from the shared counter until none are left: while one lane waits for its
 * file to be read from disk, the other parses, so the thread does not sit idle on I/O.
 */
async function run(): Promise<void> {
  const ws = await openWorkspace(init.project, init.options);
  const summarise = summariserFor(init.task, ws);
  let failed = false;
  const lane = async () => {
    while (!failed) {
      const index = Atomics.add(init.next, 0, 1);
      if (index >= init.files.length) return;
      try {
        port.postMessage({ index, result: await summariseFile(ws, init.files[index], summarise) });
      } catch (e) {
        failed = true;
        port.postMessage({ index, error: (e as Error).stack ?? String(e) });
      }
    }
  };
  await Promise.all([lane(), lane()]);
  port.close();
}

void run().catch((e: unknown) => port.postMessage({ index: 0, error: (e as Error).stack ?? String(e) }));
