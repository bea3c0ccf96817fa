/**
 * Internship evaluations (DESIGN.md §5 `stage:`; seed 002 part A, the Uniform network in Limburg):
 * a trainee (stagiair) is evaluated at one or more moments (tussentijds, eind …) on behaviour
 * indicators (gedragsindicatoren), each rated on an ordered scale that the project configures — the
 * seed gives no scale, no indicator list and no form sections, so nothing of that is hard-coded.
 * Written feedback is marked as strengths (sterktes) or growth points (groeikansen).
 *
 * The data are held per evaluation (trainee × moment) and, for the scores, per indicator as one
 * typed array over the evaluations, so every analysis walks plain arrays and a province's worth of
 * evaluations stays small.
 */

/** How the export is laid out. */
export type StageLayout =
  /** One row per trainee × moment × indicator, with an indicator column and a score column. */
  | 'long'
  /** One row per trainee × moment, one column per indicator holding its score. */
  | 'wide';

/** Kinds of written feedback, and the code ids their excerpts carry. */
export const FEEDBACK_KINDS = ['sterkte', 'groeikans'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Attribute fields with a meaning of their own (the definition key is the field name). */
export const STAGE_ATTRIBUTE_FIELDS = ['school', 'placement', 'mentor', 'profile', 'template'] as const;
export type StageAttributeField = (typeof STAGE_ATTRIBUTE_FIELDS)[number];

export interface StageMoment {
  /** Id used on the command line (`--moments tussentijds,eind`) and in JSON. */
  id: string;
  /** Other spellings in the data ("TT", "tussentijdse evaluatie"), compared like labels. */
  aliases: string[];
}

export interface StageIndicator {
  /** Stable id used in clusters, on the command line and in JSON. */
  id: string;
  /** Wide layout: the column holding its score (default: the id). Long layout: undefined. */
  column?: string;
  /** Text for tables (default: the id). */
  label: string;
  /** Long layout: other spellings of the indicator in the indicator column. */
  aliases: string[];
  /** Cluster id, when the indicator belongs to one. */
  cluster?: string;
}

export interface StageCluster {
  id: string;
  label: string;
  /** Indicator ids, in the order given. */
  indicators: string[];
  /** Framework nodes the cluster informs (optional): levers L1–L7, MeMoQ dimensions. */
  levers: string[];
  memoq: string[];
}

export interface StageScale {
  /** Ordered labels, lowest first: code 1 = labels[0]. */
  labels: string[];
  /** The export holds the codes 1..k instead of the labels. */
  coded: boolean;
  /** 1-based code of the lowest label that counts as sufficient (`sufficient:`; see stage-definition.ts for the default). */
  sufficient: number;
}

export interface StageFeedbackColumn {
  /** Column holding the written feedback. */
  column: string;
  kind: FeedbackKind;
  /** Canonical role of the writer (default `mentor`: the workplace mentor or stagebegeleider writes it). */
  role: string;
}

export interface StageDefinition {
  /** Display path of the definition file. */
  file: string;
  layout: StageLayout;
  /** Column with the trainee id (required). */
  trainee: string;
  /** Column with the evaluation moment; undefined when every row is the same (single) moment. */
  moment?: string;
  /** The moments in their order in time. */
  moments: StageMoment[];
  /** Long layout: the indicator column and the score column. */
  indicator?: string;
  score?: string;
  /**
   * Wide layout: every indicator with its column. Long layout: the indicators the indicator column
   * may hold, when the definition lists them; empty when they are taken from the data.
   */
  indicators: StageIndicator[];
  scale: StageScale;
  clusters: StageCluster[];
  /** Column names of the attributes with a meaning (school, placement, mentor, profile, template). */
  fields: Partial<Record<StageAttributeField, string>>;
  /** Further attribute columns, kept for `--by`. */
  attributes: string[];
  feedback: StageFeedbackColumn[];
  /** Score cells that mean "not rated" (n.v.t., niet geobserveerd), compared like labels. */
  missing: string[];
}

/** `missing[e]` of a score: why the indicator has no score in evaluation e. */
export const RATED = 0;
/** The score cell was empty. */
export const EMPTY_SCORE = 255;
/** Long layout: the evaluation has no row for this indicator. */
export const NO_ROW = 254;

export interface StageScores {
  /** 1-based scale code per evaluation; 0 = not rated. */
  codes: Uint8Array;
  /** RATED, EMPTY_SCORE, NO_ROW, or k ≥ 1: the cell held definition.missing[k − 1] (a "not rated" code). */
  missing: Uint8Array;
}

/** One piece of written feedback (a non-empty, non-missing cell of a feedback column). */
export interface StageFeedback {
  /** Index of the evaluation it belongs to. */
  evaluation: number;
  /** Index into definition.feedback. */
  source: number;
  text: string;
  /** 1-based line of the row the text was read from (the first, when rows repeat it). */
  line: number;
  /**
   * Long layout with feedback per indicator (different texts on different rows of one evaluation):
   * the indicator of the only row that carried this text.
   */
  indicator?: string;
}

export interface StageData {
  /** The project entry's name. */
  name: string;
  /** Display path of the export. */
  file: string;
  definition: StageDefinition;
  /** The indicators rated: the definition's, or (long layout without a list) as found, in order of first appearance. */
  indicators: StageIndicator[];
  /** The clusters with their indicators as ids of `indicators` (long layout: matched to the spellings found). */
  clusters: StageCluster[];
  /** Distinct trainee ids, in order of first appearance. */
  trainees: string[];
  /** Per evaluation (trainee × moment): index into trainees. */
  trainee: Uint32Array;
  /** Per evaluation: index into definition.moments. */
  moment: Uint16Array;
  /** Per evaluation: 1-based line of its first row. */
  lines: Uint32Array;
  /** Attribute values per evaluation: field name (school, placement …) or attribute column → value (null when empty). */
  attributes: Record<string, (string | null)[]>;
  /** Indicator id → scores over the evaluations. */
  scores: Record<string, StageScores>;
  feedback: StageFeedback[];
  /** Rows read from the export. */
  rows: number;
}
