/**
 * Worker thread of the parallel scan: opens the same workspace as the main thread, then reads the
 * files it is sent and posts back their per-document summaries. Prints nothing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openWorkspace, type SourceFile } from '../io/workspace.js';
import { summariseFile } from '../io/corpus.js';
import type { Project } from '../io/project.js';
import type { WorkspaceOptions } from '../io/workspace.js';
import { summariserFor, type ScanTask } from './scan-tasks.js';

interface Init { project: Project; options: WorkspaceOptions; files: SourceFile[]; task: ScanTask }

const init = workerData as Init;
const port = parentPort!;
const ready = openWorkspace(init.project, init.options).then((ws) => ({ ws, summarise: summariserFor(init.task, ws) }));

// Messages are handled one after the other, so 'close' never overtakes a file still being read.
let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: { index: number } | 'close') => {
  queue = queue.then(async () => {
    if (msg === 'close') { port.close(); return; }
    try {
      const { ws, summarise } = await ready;
      const result = await summariseFile(ws, init.files[msg.index], summarise);
      port.postMessage({ index: msg.index, result });
    } catch (e) {
      port.postMessage({ index: msg.index, error: (e as Error).stack ?? String(e) });
    }
  });
});
