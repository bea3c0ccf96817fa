/**
 * Coaching trajectories from a CRM export (DESIGN.md §5 `crm:`), in canonical fields whatever the
 * export calls its columns. Dates are whole days since 1970-01-01 (UTC), so differences are days.
 */

/** Canonical trajectory fields a mapping can name (the seed-004 list). */
export const CRM_FIELDS = [
  'trajectory', 'location', 'location_type', 'organiser', 'employer', 'coach', 'regional_supporter',
  'type', 'theme', 'memoq', 'start', 'end', 'hours', 'contacts', 'pitstop', 'final_evaluation',
  'status', 'participants', 'recipients',
] as const;
/** Fields of one contact moment (unit: contact). */
export const CONTACT_FIELDS = ['contact_date', 'contact_duration', 'contact_setting', 'contact_participants'] as const;

export type CrmField = (typeof CRM_FIELDS)[number];
export type ContactField = (typeof CONTACT_FIELDS)[number];

export type TrajectoryStatus = 'lopend' | 'afgerond' | 'gestopt';

export interface ContactMoment {
  /** Days since 1970-01-01; NaN when absent or unreadable. */
  date: number;
  /** Duration in hours (minutes are converted); NaN when absent. */
  hours: number;
  /** "vloer" (on the floor) / "kindvrij" (child-free) / raw text / null. */
  setting: string | null;
  participants: number;
  /** 1-based line in the export. */
  line: number;
}

export interface Trajectory {
  id: string;
  location: string | null;
  locationType: string | null;
  organiser: string | null;
  employer: string | null;
  coach: string | null;
  regionalSupporter: string | null;
  /** 1–4 when the export says so; a value outside 1–4 is kept (the audit flags it); NaN when absent. */
  type: number;
  theme: string | null;
  memoq: string | null;
  /** Days since 1970-01-01; NaN when absent. */
  start: number;
  end: number;
  /** Coaching hours: the hours column, else the sum of the contact moments' durations; NaN when unknown. */
  hours: number;
  /** Number of contact moments: the count column, else the number of contact rows; NaN when unknown. */
  contactCount: number;
  /** Contact moments (unit: contact); empty for one row per trajectory. */
  contacts: ContactMoment[];
  pitstop: boolean | null;
  finalEvaluation: boolean | null;
  /** Canonical status, or null when absent; `statusRaw` keeps what the export said. */
  status: TrajectoryStatus | null;
  statusRaw: string | null;
  participants: number;
  /** Survey recipients registered for this trajectory; NaN = not registered. */
  recipients: number;
  /** 1-based line of the trajectory's first row in the export. */
  line: number;
  /** Mapped extra columns (`attributes:` in the mapping) → value. */
  attributes: Record<string, string | null>;
}

/** A problem in one cell or row that the audit reports and other commands count as skipped/warned. */
export interface CrmFinding {
  kind:
    | 'missing-value' | 'unreadable-value' | 'duplicate-trajectory' | 'duplicate-contact'
    | 'end-before-start' | 'negative-hours' | 'type-out-of-range' | 'contact-outside-dates'
    | 'conflicting-values' | 'future-date' | 'negative-count';
  trajectory: string | null;
  line: number;
  field?: string;
  /** The raw cell, shortened. */
  value?: string;
  message: string;
}

export interface CrmData {
  /** Display path of the export. */
  file: string;
  unit: 'trajectory' | 'contact';
  trajectories: Trajectory[];
  /** Canonical fields the mapping names (what completeness can be measured on). */
  mapped: string[];
  /** Fields the mapping marks as required (for completeness and the audit score). */
  required: string[];
  /** Rows read (header excluded). */
  rows: number;
  findings: CrmFinding[];
  /** The mapping's trajectory norms (hours, contact moments, relative tolerance); defaults 53, 9, 0.2. */
  norms?: { hours: number; contacts: number; tolerance: number };
}
