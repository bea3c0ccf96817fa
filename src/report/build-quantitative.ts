/** PLACEHOLDER — the integrator builds the survey, CRM and MeMoQ-score sections here. */
import type { SurveyData } from '../model/survey.js';
import type { CrmData } from '../model/crm.js';
import type { MemoqScore } from '../io/memoq-scores.js';
import type { ReportBlock } from './model.js';
import type { ReportBuildOptions, ReportPart } from './build-qualitative.js';

export interface QuantitativeInput {
  surveys: SurveyData[];
  crm?: CrmData;
  memoqScores: MemoqScore[];
  /** Survey window of the staff survey (days since 1970), from the project. */
  window: { since?: number; until?: number };
}

/**
 * Impact and registration-audit sections, plus blocks to add to the lever and MeMoQ sections
 * (survey items and constructs mapped there, MeMoQ scores), keyed by lever id / dimension id.
 */
export function buildQuantitative(input: QuantitativeInput, opts: ReportBuildOptions): ReportPart & { leverBlocks: Record<string, ReportBlock[]>; memoqBlocks: Record<string, ReportBlock[]> } {
  void input; void opts;
  return { sections: [], metrics: {}, counts: {}, units: {}, issues: [], leverBlocks: {}, memoqBlocks: {} };
}
