/**
 * A proportion as every survey, CRM and impact output reports it: numerator, denominator, estimate
 * and a Wilson score interval (src/stats/proportion-wilson.ts), so a reader can always check the
 * percentage against its counts.
 */
import { proportionWilson } from '../stats/proportion-wilson.js';

export interface Share {
  count: number;
  n: number;
  /** count / n; null when n = 0. */
  p: number | null;
  /** Wilson interval [lower, upper]; null when n = 0. */
  ci: [number, number] | null;
  method: 'wilson';
}

export function share(count: number, n: number, level = 0.95): Share {
  if (n <= 0) return { count, n, p: null, ci: null, method: 'wilson' };
  const w = proportionWilson(count, n, { level });
  return { count, n, p: count / n, ci: [w.ci.lower, w.ci.upper], method: 'wilson' };
}

/** "78/98 (79,6 %)" in Dutch, "78/98 (79.6%)" in English; "—" when n = 0. */
export function shareText(s: Pick<Share, 'count' | 'n'>, lang: 'nl' | 'en'): string {
  if (s.n <= 0) return '—';
  const pct = ((100 * s.count) / s.n).toFixed(1);
  return lang === 'nl' ? `${s.count}/${s.n} (${pct.replace('.', ',')} %)` : `${s.count}/${s.n} (${pct}%)`;
}

/** "[70,6; 86,4]" / "[70.6, 86.4]": an interval in percent. */
export function intervalText(ci: [number, number] | null, lang: 'nl' | 'en'): string {
  if (!ci) return '—';
  const f = (x: number) => (100 * x).toFixed(1);
  return lang === 'nl' ? `[${f(ci[0]).replace('.', ',')}; ${f(ci[1]).replace('.', ',')}]` : `[${f(ci[0])}, ${f(ci[1])}]`;
}
