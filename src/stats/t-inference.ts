import { tCdf, tQuantile, tSf } from './distributions.js';
import type { Alternative, Interval } from './types.js';

/**
 * p-value and confidence interval of an estimate with a t-distributed statistic
 * t = (estimate − mu)/se on df degrees of freedom, as R's t.test:
 *   less:      p = P(T ≤ t),    CI (−∞, estimate + t_{level,df}·se]
 *   greater:   p = P(T ≥ t),    CI [estimate − t_{level,df}·se, ∞)
 *   two-sided: p = 2·P(T ≥ |t|), CI estimate ± t_{1−(1−level)/2,df}·se
 */
export function tInference(estimate: number, se: number, df: number, mu: number, alternative: Alternative, level: number): { statistic: number; p: number; ci: Interval } {
  const statistic = (estimate - mu) / se;
  if (alternative === 'less') return { statistic, p: tCdf(statistic, df), ci: { lower: -Infinity, upper: estimate + tQuantile(level, df) * se, level } };
  if (alternative === 'greater') return { statistic, p: tSf(statistic, df), ci: { lower: estimate - tQuantile(level, df) * se, upper: Infinity, level } };
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return { statistic, p: Math.min(1, 2 * tSf(Math.abs(statistic), df)), ci: { lower: estimate - half, upper: estimate + half, level } };
}
