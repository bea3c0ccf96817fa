/**
 * MeMoQ scores at the begin photo and at the end, per dimension: the paired change over locations
 * scored at both moments — mean change with its t interval (paired t), the Wilcoxon signed-rank test
 * (scores are ordinal, 1–4), how many locations went up, stayed or went down, and Holm's adjustment
 * across the dimensions.
 */
import type { MemoqScore } from '../io/memoq-scores.js';
import { tTestPaired } from '../stats/t-test-paired.js';
import { wilcoxonSignedRank } from '../stats/wilcoxon-signed-rank.js';
import { holm } from '../stats/p-adjust-holm.js';

export interface MemoqDimensionChange {
  dimension: string;
  /** Locations scored at both moments. */
  pairs: number;
  /** Locations scored at one moment only (left out of the paired comparison). */
  unpaired: number;
  meanBegin: number | null;
  meanEnd: number | null;
  meanChange: number | null;
  ci: [number, number] | null;
  up: number;
  same: number;
  down: number;
  wilcoxon: { statistic: number; p: number; method: string } | null;
  pHolm: number | null;
}

export function memoqChange(scores: MemoqScore[], dimensions: string[], level = 0.95): MemoqDimensionChange[] {
  const rows = dimensions.map((dimension) => {
    const begin = new Map<string, number>();
    const end = new Map<string, number>();
    for (const s of scores) if (s.dimension === dimension) (s.moment === 'begin' ? begin : end).set(s.location, s.score);
    const locations = [...begin.keys()].filter((l) => end.has(l)).sort();
    const unpaired = new Set([...begin.keys(), ...end.keys()]).size - locations.length;
    const b = locations.map((l) => begin.get(l)!);
    const e = locations.map((l) => end.get(l)!);
    const mean = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : null);
    let ci: [number, number] | null = null;
    if (locations.length >= 2 && e.some((x, k) => x - b[k] !== e[0] - b[0])) {
      const t = tTestPaired(e, b, { level });
      ci = [t.ci.lower, t.ci.upper];
    }
    let wilcoxon: MemoqDimensionChange['wilcoxon'] = null;
    if (e.some((x, k) => x !== b[k])) {
      const w = wilcoxonSignedRank(e, b);
      wilcoxon = { statistic: w.statistic, p: w.p, method: w.method };
    }
    const d = e.map((x, k) => x - b[k]);
    return {
      dimension, pairs: locations.length, unpaired,
      meanBegin: mean(b), meanEnd: mean(e), meanChange: mean(d), ci,
      up: d.filter((x) => x > 0).length, same: d.filter((x) => x === 0).length, down: d.filter((x) => x < 0).length,
      wilcoxon, pHolm: null as number | null,
    };
  });
  const adjusted = holm(rows.map((r) => r.wilcoxon?.p ?? null)).adjusted;
  return rows.map((r, k) => ({ ...r, pHolm: adjusted[k] }));
}
