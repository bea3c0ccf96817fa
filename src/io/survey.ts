/** PLACEHOLDER — replaced by the survey-ingest helper. */
import type { InputIssue } from '../model/types.js';
import type { SurveyData } from '../model/survey.js';
import type { SurveyEntry } from './project.js';

/** Read one `surveys:` entry (definition + export). Never throws for input problems. */
export async function readSurvey(root: string, entry: SurveyEntry): Promise<{ data?: SurveyData; issues: InputIssue[] }> {
  void root;
  return { issues: [{ severity: 'error', file: entry.path, code: 'not-implemented', message: 'survey reading is not implemented yet' }] };
}
