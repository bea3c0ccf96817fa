/**
 * Learner pathways (DESIGN.md §5 `pathways:`): job seekers trained into childcare workers, followed
 * through the phases of the ESF practice model (seed 001) — referral, info session, intake, trial
 * placement, pre-trajectory, training with workplace learning, qualification, aftercare, outflow —
 * with exits (phase, date, own choice or advised, pause or definitive stop, multi-label reasons),
 * an outcome, an inflow profile and attributes.
 *
 * Held per column, one entry per person (a register of a million people stays small and every
 * analysis walks plain arrays). Dates are whole days since 1970-01-01 (UTC), NaN when unknown.
 */

export interface PhaseDef {
  /** Stable id used on the command line and in JSON (`intake`, `opleiding`). */
  id: string;
  label: { nl: string; en: string };
  /**
   * An optional phase (a trial placement, a pre-trajectory, aftercare) is taken by some people only:
   * it is not a step of the funnel, and not reaching it is no loss. Shown as "took part" among those
   * who reached the next required phase.
   */
  optional: boolean;
}

/**
 * The ESF practice model's phases in order (seed 001 §1.2). `opleiding` is the start of training
 * with workplace learning; `kwalificatie` the qualification; `uitstroom` the outflow after it.
 */
export const ESF_PHASES: readonly PhaseDef[] = [
  { id: 'toeleiding', label: { nl: 'Toeleiding', en: 'Referral' }, optional: false },
  { id: 'infosessie', label: { nl: 'Infosessie', en: 'Info session' }, optional: false },
  { id: 'intake', label: { nl: 'Intake', en: 'Intake' }, optional: false },
  { id: 'inleefstage', label: { nl: 'Inleefstage', en: 'Trial placement' }, optional: true },
  { id: 'voortraject', label: { nl: 'Voortraject', en: 'Pre-trajectory' }, optional: true },
  { id: 'opleiding', label: { nl: 'Opleiding en werkplekleren', en: 'Training and workplace learning' }, optional: false },
  { id: 'kwalificatie', label: { nl: 'Kwalificatie', en: 'Qualification' }, optional: false },
  { id: 'nazorg', label: { nl: 'Nazorg', en: 'Aftercare' }, optional: true },
  { id: 'uitstroom', label: { nl: 'Uitstroom', en: 'Outflow' }, optional: false },
];

/** A reason for non-entry or dropout, with the lever it speaks to (seed 001 L1953-1971, L4296-4360). */
export interface ReasonDef {
  id: string;
  label: { nl: string; en: string };
  /** `instap`: non-entry (before the start of training); `uitval`: dropout (during training). */
  kind: 'instap' | 'uitval';
  /** Lever ids (L1–L7) the reason points to; may be empty. */
  levers: string[];
  /** Spellings found in registers (compared case- and accent-insensitively). */
  aliases: string[];
}

/** Exit initiative: the person's own choice, or advised (e.g. after a trio meeting). 0 = unknown. */
export const INITIATIVE = { unknown: 0, own: 1, advised: 2 } as const;
/** Exit type: a temporary pause or a definitive stop. 0 = unknown. */
export const EXIT_KIND = { unknown: 0, pause: 1, definitive: 2 } as const;

/** Outcomes after training (seed 001 L4400-4432). */
export const OUTCOMES = ['job-kinderopvang', 'job-andere-sector', 'verder-studeren', 'nog-niet'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, { nl: string; en: string }> = {
  'job-kinderopvang': { nl: 'job in de kinderopvang', en: 'job in childcare' },
  'job-andere-sector': { nl: 'job in een andere sector', en: 'job in another sector' },
  'verder-studeren': { nl: 'verder studeren', en: 'further study' },
  'nog-niet': { nl: 'nog niet aan het werk', en: 'not working yet' },
};

/** Inflow-profile variables of the seed's Figure 2 (canonical ids; a mapping names their columns). */
export const PROFILE_FIELDS = ['sex', 'age', 'education', 'months_unemployed', 'labour_status', 'migration', 'disability', 'rural'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** A text column coded against its distinct values: codes[i] indexes values, -1 = missing. */
export interface CodedColumn {
  values: string[];
  codes: Int32Array;
}

export type ProfileColumn =
  /** `levels`: the order the mapping declares (low to high), when it declares one. */
  | { kind: 'category'; column: string; data: CodedColumn; levels?: string[] }
  | { kind: 'number'; column: string; values: Float64Array };

export interface PathwayRegister {
  /** Display path of the register file. */
  file: string;
  /** `name:` of the project entry. */
  name: string;
  phases: PhaseDef[];
  /**
   * Index into `phases` of the start of training (`opleiding`, or the phase a mapping's `phase_list`
   * marks `start: true`); exits before it are non-entry, and time to dropout counts from it. -1 when
   * the list has no such phase.
   */
  startPhase: number;
  /**
   * Index into `phases` of the qualification (`kwalificatie`, or the phase a mapping's `phase_list`
   * marks `qualification: true`): reaching it ends follow-up for dropout. -1 when there is none.
   */
  qualificationPhase: number;
  reasons: ReasonDef[];
  /** Number of persons (every per-person array has this length). */
  persons: number;
  ids: string[];
  /** 1-based line of the person's first row in the register. */
  lines: Int32Array;
  partnership: CodedColumn;
  /** Start month `YYYY-MM` (from the cohort column, or the month of the first phase date). */
  cohort: CodedColumn;
  /** Per phase (same order as `phases`): the day the person reached it, NaN when not (or unknown). */
  phaseDay: Float64Array[];
  /** Index into `phases` of the phase the person left in; -1 when the person did not leave. */
  exitPhase: Int32Array;
  /** Day of the exit; NaN when unknown or no exit. */
  exitDay: Float64Array;
  /** INITIATIVE codes. */
  exitInitiative: Uint8Array;
  /** EXIT_KIND codes. */
  exitKind: Uint8Array;
  /** Reasons of each person's exit: reasonCodes[reasonStart[i] .. reasonStart[i + 1]) index `reasons`. */
  reasonStart: Int32Array;
  reasonCodes: Int32Array;
  /** Index into OUTCOMES; -1 when unknown. */
  outcome: Int8Array;
  /** Inflow-profile columns the mapping names. */
  profile: Partial<Record<ProfileField, ProfileColumn>>;
  /** Other mapped columns (trajectory variant, number of workplaces …), by attribute name. */
  attributes: Record<string, CodedColumn>;
  /** Last day the register covers (the mapping's `data_end`, else the latest date in it): censoring. */
  dataEnd: number;
  /** Data rows read and rows skipped (each skipped row has an issue). */
  rows: number;
  skipped: number;
}
