/**
 * Reductions that can run in worker threads: a task is plain data (structured-cloneable), and both
 * the main thread and the workers turn it into the same per-document function.
 */
import type { Document } from '../model/types.js';
import type { Workspace } from '../io/workspace.js';
import { tallyDocument, type TallyPartial, type TallySpec } from '../analysis/tally.js';

export type ScanTask = { name: 'tally'; spec: TallySpec };

export type TaskSummary<T extends ScanTask> = T extends { name: 'tally' } ? TallyPartial : never;

export function summariserFor<T extends ScanTask>(task: T, ws: Workspace): (doc: Document) => TaskSummary<T> {
  switch (task.name) {
    case 'tally':
      return ((doc: Document) => tallyDocument(doc, task.spec, ws.index)) as (doc: Document) => TaskSummary<T>;
    default:
      throw new Error(`unknown scan task ${(task as { name: string }).name}`);
  }
}
