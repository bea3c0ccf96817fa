/**
 * Sample quantile of SORTED values by linear interpolation between order statistics, R's default
 * `quantile(type = 7)` (Hyndman & Fan 1996, "Sample quantiles in statistical packages", The American
 * Statistician 50:361–365, definition 7):
 *   h = (n − 1)·p,  Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋])   (0-based x, ascending).
 * Returns NaN for an empty input.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (!n) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
