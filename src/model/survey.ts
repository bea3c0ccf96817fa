/**
 * Surveys (DESIGN.md §5 `surveys:`): a definition names every item, its type and scale, the missing
 * codes and the constructs; the data are held per column (one array per item) so that a survey of
 * 100,000 respondents stays small and every analysis walks plain arrays.
 */

export type SurveyItemType = 'likert' | 'single' | 'multiple' | 'number' | 'text';

export interface SurveyItem {
  /** Stable id used on the command line and in JSON (`effect`, `tijd_buiten`). */
  id: string;
  /** Column header in the export (default: the id). */
  column: string;
  /** Question text or short label for tables (default: the column). */
  label: string;
  type: SurveyItemType;
  /**
   * likert: the ordered labels, lowest first (code 1 = labels[0]); single/multiple: the options in
   * display order. Empty for number and text.
   */
  labels: string[];
  /** likert: how many of the highest labels form the "top box" (default 2). */
  top: number;
  /** likert: reverse-keyed; construct scores use k + 1 − code. */
  reverse: boolean;
  /** likert/single: the export holds the 1-based code (1..k) instead of the label (`coded: true`). */
  coded?: boolean;
  /** Answers that mean "no answer" for this item (compared after trimming, case-insensitively); '' is always missing. */
  missing: string[];
  /** number: a unit that may follow the number in the cell ("3,5 uur"); without it such a cell is an error. */
  unit?: string;
  /** number: allowed range (a value outside is an error naming the cell). */
  min?: number;
  max?: number;
  /** multiple: separator between chosen options in one cell (default ";"). */
  separator: string;
  /** Framework nodes the item informs. */
  levers: string[];
  memoq: string[];
  /** Shown among the headline indicators of `impact` and `survey describe --headline`. */
  headline: boolean;
}

export interface SurveyConstruct {
  id: string;
  label: string;
  /** Item ids (likert or number items). */
  items: string[];
  /** Minimum number of answered items for a score (default: all items). */
  minItems: number;
  levers: string[];
  memoq: string[];
}

export interface SurveyDefinition {
  /** Display path of the definition file. */
  file: string;
  name: string;
  /** Column holding the respondent id (optional: the row number is used when absent). */
  respondent?: string;
  /** Column holding the trajectory id (staff surveys). */
  trajectory?: string;
  /** Column holding the coach id (coach surveys). */
  coach?: string;
  /** Column holding the response date (ISO or dd/mm/yyyy), for periods. */
  date?: string;
  /** Other columns kept as respondent attributes for `--by` (employer, role …). */
  attributes: string[];
  /** Missing codes for every item unless the item names its own. */
  missing: string[];
  items: SurveyItem[];
  constructs: SurveyConstruct[];
}

/** The answers to one item, one entry per respondent (same order as SurveyData.respondents). */
export type ItemColumn =
  /** likert and single: 1-based code into item.labels; 0 = missing. */
  | { type: 'likert' | 'single'; codes: Uint16Array; missing: Uint8Array }
  /** number: NaN = missing. */
  | { type: 'number'; values: Float64Array; missing: Uint8Array }
  /** multiple: the chosen option codes (1-based); null = missing. */
  | { type: 'multiple'; choices: (Uint16Array | null)[]; missing: Uint8Array }
  /** text: null = missing or empty. */
  | { type: 'text'; texts: (string | null)[]; missing: Uint8Array };
/**
 * `missing[r]`: 0 = answered; k ≥ 1 = missing because the cell held item.missing[k − 1];
 * 255 = empty cell.
 */
export const EMPTY_CELL = 255;

export interface SurveyData {
  /** The project entry's name (`medewerkers`). */
  name: string;
  kind: 'staff' | 'coach' | 'other';
  /** Display path of the export. */
  file: string;
  definition: SurveyDefinition;
  /** Respondent ids (from the respondent column, else `r<row>`). */
  respondents: string[];
  /** 1-based line of each respondent's row in the file (XLSX: the sheet row). */
  lines: Uint32Array;
  /** Join keys from the project's `join:` (and the definition's trajectory/coach columns): CRM field → value per respondent (null when empty). */
  keys: Record<string, (string | null)[]>;
  /** Response date per respondent as days since 1970-01-01 (NaN when absent). */
  dates?: Float64Array;
  /** Attribute columns: name → value per respondent (null when empty). */
  attributes: Record<string, (string | null)[]>;
  /** Item id → answers. */
  columns: Record<string, ItemColumn>;
  /** Number of people the survey was sent to, when the project says (`invited:`). */
  invited?: number;
}
