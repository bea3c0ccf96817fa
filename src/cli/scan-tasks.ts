/**
 * Reductions that can run in worker threads: a task is plain data (structured-cloneable), and both
 * the main thread and the workers turn it into the same per-document function.
 */
import type { Document } from '../model/types.js';
import type { Workspace } from '../io/workspace.js';
import { tallyDocument, type TallyPartial, type TallySpec } from '../analysis/tally.js';
import { wordsOfSelectedDocument, type WordsSpec, type WordTally } from '../analysis/words.js';
import { cooccurDocument, cooccurExamples, type CooccurExample, type CooccurPartial, type CooccurSpec } from '../analysis/cooccur.js';
import { reportDocument, type ReportPartial, type ReportScanSpec } from '../analysis/report-scan.js';

export type ScanTask =
  | { name: 'tally'; spec: TallySpec }
  | { name: 'cooccur'; spec: CooccurSpec }
  /** The examples of the wanted pairs (ids from pairId), in a second pass. */
  | { name: 'cooccur-examples'; spec: CooccurSpec; wanted: string[] }
  | { name: 'words'; spec: WordsSpec }
  /** `hefboom report`: every lever/dimension count, the code co-occurrences and exemplar candidates at once. */
  | { name: 'report'; spec: ReportScanSpec };

export type TaskSummary<T extends ScanTask> =
  T extends { name: 'tally' } ? TallyPartial
  : T extends { name: 'cooccur' } ? CooccurPartial
  : T extends { name: 'cooccur-examples' } ? Map<string, CooccurExample[]>
  : T extends { name: 'words' } ? { tally: WordTally; attributes: string[] }
  : T extends { name: 'report' } ? ReportPartial
  : never;

export function summariserFor<T extends ScanTask>(task: T, ws: Workspace): (doc: Document) => TaskSummary<T> {
  switch (task.name) {
    case 'tally':
      return ((doc: Document) => tallyDocument(doc, task.spec, ws.index)) as (doc: Document) => TaskSummary<T>;
    case 'cooccur':
      return ((doc: Document) => cooccurDocument(doc, task.spec, ws.index)) as (doc: Document) => TaskSummary<T>;
    case 'words':
      return ((doc: Document) => wordsOfSelectedDocument(doc, task.spec, ws.index)) as (doc: Document) => TaskSummary<T>;
    case 'report':
      return ((doc: Document) => reportDocument(doc, task.spec, ws.index)) as (doc: Document) => TaskSummary<T>;
    case 'cooccur-examples': {
      const wanted = new Set(task.wanted);
      return ((doc: Document) => cooccurExamples(doc, task.spec, ws.index, wanted)) as (doc: Document) => TaskSummary<T>;
    }
    default:
      throw new Error(`unknown scan task ${(task as { name: string }).name}`);
  }
}
