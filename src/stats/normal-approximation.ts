import { normalCdf, normalSf } from './distributions.js';
import type { Alternative } from './types.js';

/**
 * z and p of a rank statistic by the normal approximation, as R's wilcox.test (exact = FALSE):
 * z = (S − E[S] − c)/σ, where the continuity correction c is ½·sign(S − E[S]) for two-sided tests,
 * +½ for 'greater' and −½ for 'less' (0 without correction); two-sided p = 2·min(P(Z ≤ z), P(Z ≥ z)).
 */
export function normalApproximation(centred: number, sigma: number, alternative: Alternative, continuity: boolean): { z: number; p: number } {
  const correction = !continuity ? 0 : alternative === 'two-sided' ? Math.sign(centred) * 0.5 : alternative === 'greater' ? 0.5 : -0.5;
  const z = (centred - correction) / sigma;
  const p = alternative === 'less' ? normalCdf(z) : alternative === 'greater' ? normalSf(z) : Math.min(1, 2 * Math.min(normalCdf(z), normalSf(z)));
  return { z, p };
}
