/**
 * Reporting periods (Mentes monitors yearly and half-yearly): the label of the period a day falls in,
 * and a since/until filter. Days are whole days since 1970-01-01 (cells.ts).
 */
import { isoDay } from '../io/cells.js';

export type PeriodKind = 'year' | 'half-year' | 'quarter';
export const PERIOD_KINDS: readonly PeriodKind[] = ['year', 'half-year', 'quarter'];

/** `2022`, `2022-H1`, `2022-Q3`; null for a missing day. Labels sort in time order as text. */
export function periodOf(day: number, kind: PeriodKind): string | null {
  if (!Number.isFinite(day)) return null;
  const iso = isoDay(day);
  const year = iso.slice(0, 4);
  const month = Number(iso.slice(5, 7));
  if (kind === 'year') return year;
  if (kind === 'half-year') return `${year}-H${month <= 6 ? 1 : 2}`;
  return `${year}-Q${Math.ceil(month / 3)}`;
}

/** Inclusive day window; either end may be open. */
export interface DayWindow { since?: number; until?: number }

export function inWindow(day: number, w: DayWindow): boolean {
  if (w.since === undefined && w.until === undefined) return true;
  if (!Number.isFinite(day)) return false;
  return (w.since === undefined || day >= w.since) && (w.until === undefined || day <= w.until);
}
