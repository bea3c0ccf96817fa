/**
 * Crosstabs (DESIGN.md §9): codes, levers or dimensions × an attribute, built on a finished tally so
 * the counts are tally's counts. Because a unit can carry several codes, the rows do not partition
 * the units and the whole matrix is only descriptive; each row is tested on its own 2×k table
 * (units with the row present / absent × the columns), and the p-values are Holm-adjusted across the
 * rows that could be tested.
 */
import type { TallyResult } from './tally.js';
import { chiSquareIndependence } from '../stats/chi-square-independence.js';
import { fisherExactRxC } from '../stats/fisher-exact-rxc.js';
import { holm } from '../stats/p-adjust-holm.js';

export type CrosstabTestChoice = 'auto' | 'chisq' | 'fisher';
export const CROSSTAB_TESTS: readonly CrosstabTestChoice[] = ['auto', 'chisq', 'fisher'];

export interface CrosstabOptions {
  /** `auto`: χ² unless an expected count of the 2×k table is below `minExpected`, then Fisher. */
  test: CrosstabTestChoice;
  minExpected: number;
  /** Fisher's Monte Carlo fallback (used when exact enumeration is over budget). */
  samples: number;
  seed: number;
  /** Budget of Fisher's exact enumeration (steps); beyond it the p-value is simulated. */
  maxWork?: number;
}

export interface CrosstabColumn { id: string; label: string; units: number }

export interface CrosstabRow {
  id: string;
  label: string;
  /** Units with this row (each unit once). */
  n: number;
  /** n / all units × 100. */
  percent: number | null;
  cells: Record<string, number>;
  /** cell / n × 100: how the row's units spread over the columns. */
  rowPercents: Record<string, number | null>;
  /** cell / column units × 100: the share of the column's units that carry this row. */
  colPercents: Record<string, number | null>;
}

export type UntestedReason = 'never-present' | 'always-present';

export interface RowTest {
  row: string;
  label: string;
  /** Units with / without the row (the two rows of the 2×k table). */
  present: number;
  absent: number;
  /** null when the row could not be tested (`untested` says why). */
  test: 'chisq' | 'fisher' | null;
  method: string | null;
  /** χ² statistic (Pearson, uncorrected); null for Fisher (it has none) and untested rows. */
  statistic: number | null;
  df: number | null;
  p: number | null;
  pHolm: number | null;
  /** Cramér's V of the 2×k table (descriptive, also reported for Fisher rows). */
  cramersV: number | null;
  /** Adjusted (standardised) residuals of the "present" cells, per column. */
  residuals: Record<string, number> | null;
  /** The largest adjusted residual in absolute value, signed, and its column. */
  maxResidual: { column: string; value: number } | null;
  minExpected: number | null;
  untested: UntestedReason | null;
}

export type TestsSkipped = 'one-column' | 'columns-overlap' | null;

export interface CrosstabResult {
  unit: TallyResult['unit'];
  total: number;
  columns: CrosstabColumn[];
  rows: CrosstabRow[];
  /** Units with no row; null when the tally has none (it always has for code/framework rows). */
  uncoded: { n: number; percent: number | null; cells: Record<string, number>; rowPercents: Record<string, number | null>; colPercents: Record<string, number | null> } | null;
  /** How all units spread over the columns (the row percentages a row would have under independence). */
  columnShares: Record<string, number | null>;
  /** Some unit counts in several rows. */
  multi: boolean;
  /** Some unit counts in several columns (e.g. a document with several roles): no test is valid then. */
  columnsOverlap: boolean;
  tests: RowTest[];
  /** Why no row was tested, when none could be. */
  testsSkipped: TestsSkipped;
  /** Rows with a p-value (the m of the Holm adjustment). */
  tested: number;
}

/** Percentages with one decimal, as tally shows them; null without a denominator. */
const pct = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

/** The 2×k table of one row: [present per column, absent per column]. */
export function presenceTable(cells: Record<string, number>, columns: readonly CrosstabColumn[]): number[][] {
  return [columns.map((c) => cells[c.id] ?? 0), columns.map((c) => c.units - (cells[c.id] ?? 0))];
}

/** Test one 2×k presence table (both rows and all columns non-empty). */
export function testPresence(table: number[][], columnIds: readonly string[], opts: CrosstabOptions): Omit<RowTest, 'row' | 'label' | 'pHolm' | 'untested'> {
  const chi = chiSquareIndependence(table);
  const minExpected = Math.min(...chi.expected.flat());
  const useFisher = opts.test === 'fisher' || (opts.test === 'auto' && minExpected < opts.minExpected);
  const std = chi.standardizedResiduals[0];
  const residuals = Object.fromEntries(columnIds.map((id, j) => [id, std[j]]));
  let best = 0;
  for (let j = 1; j < std.length; j++) if (Math.abs(std[j]) > Math.abs(std[best])) best = j;
  const base = {
    present: table[0].reduce((a, b) => a + b, 0),
    absent: table[1].reduce((a, b) => a + b, 0),
    cramersV: chi.cramersV,
    residuals,
    maxResidual: { column: columnIds[best], value: std[best] },
    minExpected,
  };
  if (!useFisher) {
    return { ...base, test: 'chisq', method: chi.method, statistic: chi.statistic, df: chi.df, p: chi.p };
  }
  const f = fisherExactRxC(table, { samples: opts.samples, seed: opts.seed, ...(opts.maxWork !== undefined ? { maxWork: opts.maxWork } : {}) });
  return { ...base, test: 'fisher', method: `Fisher's exact test, ${f.method}`, statistic: null, df: null, p: f.p };
}

/** Build the crosstab and its per-row tests from a finished tally (code or framework rows). */
export function crosstab(t: TallyResult, opts: CrosstabOptions): CrosstabResult {
  const columns: CrosstabColumn[] = t.columns.map((c) => ({ id: c.id, label: c.label, units: c.units }));
  const colUnits = new Map(columns.map((c) => [c.id, c.units]));
  const rows: CrosstabRow[] = t.rows.map((r) => ({
    id: r.id,
    label: r.label,
    n: r.n,
    percent: r.percent,
    cells: { ...r.cells },
    rowPercents: Object.fromEntries(columns.map((c) => [c.id, pct(r.cells[c.id] ?? 0, r.n)])),
    colPercents: Object.fromEntries(columns.map((c) => [c.id, pct(r.cells[c.id] ?? 0, c.units)])),
  }));
  const uncoded = t.uncoded
    ? {
        ...t.uncoded,
        cells: { ...t.uncoded.cells },
        rowPercents: Object.fromEntries(columns.map((c) => [c.id, pct(t.uncoded!.cells[c.id] ?? 0, t.uncoded!.n)])),
        colPercents: Object.fromEntries(columns.map((c) => [c.id, pct(t.uncoded!.cells[c.id] ?? 0, c.units)])),
      }
    : null;
  const columnShares = Object.fromEntries(columns.map((c) => [c.id, pct(c.units, t.total)]));
  // With documents or speakers as units, one unit can sit in several columns (several roles): the
  // columns then add up to more than the units, and a 2×k table would count a unit twice.
  const columnsOverlap = [...colUnits.values()].reduce((a, b) => a + b, 0) > t.total;
  const testsSkipped: TestsSkipped = columns.length < 2 ? 'one-column' : columnsOverlap ? 'columns-overlap' : null;

  const tests: RowTest[] = [];
  if (!testsSkipped) {
    const ids = columns.map((c) => c.id);
    for (const r of rows) {
      const table = presenceTable(r.cells, columns);
      const present = r.n;
      const absent = t.total - r.n;
      const untested: UntestedReason | null = present === 0 ? 'never-present' : absent === 0 ? 'always-present' : null;
      if (untested) {
        tests.push({ row: r.id, label: r.label, present, absent, test: null, method: null, statistic: null, df: null, p: null, pHolm: null, cramersV: null, residuals: null, maxResidual: null, minExpected: null, untested });
        continue;
      }
      tests.push({ row: r.id, label: r.label, pHolm: null, untested: null, ...testPresence(table, ids, opts) });
    }
    const ps = tests.map((x) => x.p);
    if (ps.some((p) => p !== null)) {
      const adj = holm(ps).adjusted;
      tests.forEach((x, i) => { x.pHolm = adj[i]; });
    }
  }
  return {
    unit: t.unit,
    total: t.total,
    columns,
    rows,
    uncoded,
    columnShares,
    multi: t.multi,
    columnsOverlap,
    tests,
    testsSkipped,
    tested: tests.filter((x) => x.p !== null).length,
  };
}
