/** PLACEHOLDER — replaced by the CRM-ingest helper. */
import type { InputIssue } from '../model/types.js';
import type { CrmData } from '../model/crm.js';
import type { CrmEntry } from './project.js';

export interface ReadCrmOptions {
  /** Called now and then with the number of rows read (for a progress spinner). */
  onProgress?: (rows: number) => void;
}

/** Read one `crm:` entry (mapping + export). Never throws for input problems. */
export async function readCrm(root: string, entry: CrmEntry, opts: ReadCrmOptions = {}): Promise<{ data?: CrmData; issues: InputIssue[] }> {
  void root; void opts;
  return { issues: [{ severity: 'error', file: entry.path, code: 'not-implemented', message: 'CRM reading is not implemented yet' }] };
}
