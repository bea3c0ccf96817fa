import { StatsInputError } from './types.js';

export type GrimRounding = 'half-up' | 'half-even' | 'either';

export interface GrimOptions {
  /** Number of respondents (positive integer). */
  n: number;
  /** Reported percentage (0–100). Give exactly one of `percent` and `mean`. */
  percent?: number;
  /** Reported mean of integer-valued items. Give exactly one of `percent` and `mean`. */
  mean?: number;
  /** Items per respondent for a mean of a multi-item scale (each item integer). Default 1. */
  items?: number;
  /** Decimals the value was reported with. Default 0. */
  decimals?: number;
  /**
   * How the report rounded a half: 'half-up' (away from zero, as Excel/SPSS; default), 'half-even'
   * (banker's rounding, as R's round() and IEEE), or 'either' (accept both).
   */
  rounding?: GrimRounding;
}

export interface GrimResult {
  /** True when some integer count (percent) or total (mean) rounds to the reported value. */
  consistent: boolean;
  kind: 'percent' | 'mean';
  reported: number;
  n: number;
  items: number;
  decimals: number;
  rounding: GrimRounding;
  /**
   * The achievable numerators that round to the reported value, ascending: counts k (0 ≤ k ≤ n) for a
   * percentage, totals T (sum over n·items integer answers) for a mean. Empty when inconsistent.
   */
  candidates: number[];
  /** The integer count/total whose exact value (100k/n or T/(n·items)) is closest to the reported one. */
  nearest: { count: number; value: number };
  /**
   * False when the granularity is fine enough that every value with this many decimals is achievable
   * (n·items ≥ 10^decimals for a mean, n ≥ 100·10^decimals for a percentage): the check cannot flag
   * anything then.
   */
  informative: boolean;
  method: string;
}

const pow10 = (d: number): bigint => 10n ** BigInt(d);

/** num/den (den > 0) rounded to an integer with the given rule for exact halves. */
function roundRatio(num: bigint, den: bigint, rule: 'half-up' | 'half-even'): bigint {
  let q = num / den; // truncates toward zero
  let r = num % den;
  if (r < 0n) {
    q -= 1n;
    r += den;
  } // now q = floor(num/den), 0 ≤ r < den
  const twice = 2n * r;
  if (twice < den) return q;
  if (twice > den) return q + 1n;
  // exact half: q + ½
  if (rule === 'half-up') return num >= 0n ? q + 1n : q; // away from zero
  return q % 2n === 0n ? q : q + 1n;
}

/**
 * GRIM test (granularity-related inconsistency of means; Brown & Heathers 2017): can the reported
 * value arise from n respondents at all?
 *
 * - Percentage: consistent iff some integer k in 0…n has round(100·k/n, decimals) = reported.
 * - Mean of integer items (n respondents × `items` items, N = n·items): consistent iff some integer
 *   total T has round(T/N, decimals) = reported.
 *
 * Rounding is done in exact integer (BigInt) arithmetic, so halves such as 12.5 are not lost to
 * binary floating point. Example: n = 45 and 37 % at 0 decimals is inconsistent, because
 * 16/45 = 35.56 % → 36 and 17/45 = 37.78 % → 38.
 *
 * The check only says whether the value is arithmetically possible; it does not bound the mean by the
 * scale's range (a total outside n·items·[min, max] is still listed as a candidate).
 *
 * Sources: N. J. L. Brown & J. A. J. Heathers (2017), "The GRIM test: A simple technique detects
 * numerous anomalies in the reporting of results in psychology", Social Psychological and
 * Personality Science 8:363–369.
 *
 * @throws StatsInputError when n or items is not a positive integer, decimals is not an integer in
 *   0…10, not exactly one of percent/mean is given, a percentage is outside 0…100, the reported value
 *   has more decimals than `decimals`, or the rounding rule is unknown.
 */
export function grim(options: GrimOptions): GrimResult {
  const { n, percent, mean } = options;
  const items = options.items ?? 1;
  const decimals = options.decimals ?? 0;
  const rounding = options.rounding ?? 'half-up';
  if (!Number.isInteger(n) || n < 1) {
    throw new StatsInputError(`GRIM: n must be a positive integer (got ${n}).`, 'Give the number of respondents.');
  }
  if (!Number.isInteger(items) || items < 1) {
    throw new StatsInputError(`GRIM: items must be a positive integer (got ${items}).`, 'Give the number of integer items per respondent (1 for a single item).');
  }
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10) {
    throw new StatsInputError(`GRIM: decimals must be an integer from 0 to 10 (got ${decimals}).`, 'Give the number of decimals the value was reported with.');
  }
  if (rounding !== 'half-up' && rounding !== 'half-even' && rounding !== 'either') {
    throw new StatsInputError(`GRIM: unknown rounding "${String(rounding)}".`, "Use 'half-up', 'half-even' or 'either'.");
  }
  if ((percent === undefined) === (mean === undefined)) {
    throw new StatsInputError('GRIM: give exactly one of percent and mean.', 'Check either a reported percentage or a reported mean.');
  }
  const kind: 'percent' | 'mean' = percent !== undefined ? 'percent' : 'mean';
  const reported = (percent ?? mean) as number;
  if (!Number.isFinite(reported)) {
    throw new StatsInputError(`GRIM: the reported ${kind} must be a finite number (got ${reported}).`);
  }
  if (kind === 'percent' && (reported < 0 || reported > 100)) {
    throw new StatsInputError(`GRIM: a percentage must be between 0 and 100 (got ${reported}).`);
  }
  const scaledFloat = reported * 10 ** decimals;
  const scaled = Math.round(scaledFloat);
  if (Math.abs(scaledFloat - scaled) > 1e-6 * Math.max(1, Math.abs(scaled))) {
    throw new StatsInputError(
      `GRIM: the reported ${kind} ${reported} has more than ${decimals} decimal(s).`,
      'Set decimals to the number of decimals in the report.',
    );
  }
  const target = BigInt(scaled);
  const rules: ('half-up' | 'half-even')[] = rounding === 'either' ? ['half-up', 'half-even'] : [rounding];
  const scale = pow10(decimals);
  // value·10^decimals = numerator·mult / den
  const den = BigInt(kind === 'percent' ? n : n * items);
  const mult = (kind === 'percent' ? 100n : 1n) * scale;
  const matches = (k: number): boolean => rules.some((rule) => roundRatio(BigInt(k) * mult, den, rule) === target);
  const valueOf = (k: number): number => (kind === 'percent' ? (100 * k) / n : k / (n * items));

  // Exact numerator of the reported value: reported·den/(100 or 1); candidates lie within ±den/(2·mult) of it.
  const centre = kind === 'percent' ? (reported * n) / 100 : reported * n * items;
  const halfWidth = Number(den) / (2 * Number(mult));
  let from = Math.floor(centre - halfWidth) - 1;
  let to = Math.ceil(centre + halfWidth) + 1;
  if (kind === 'percent') {
    from = Math.max(0, from);
    to = Math.min(n, to);
  }
  const candidates: number[] = [];
  for (let k = from; k <= to; k++) if (matches(k)) candidates.push(k);

  const nearby = [Math.floor(centre), Math.ceil(centre)].map((k) => (kind === 'percent' ? Math.min(n, Math.max(0, k)) : k));
  let best = nearby[0];
  for (const k of nearby) if (Math.abs(valueOf(k) - reported) < Math.abs(valueOf(best) - reported)) best = k;

  const informative = kind === 'percent' ? BigInt(n) < 100n * scale : den < scale;
  return {
    consistent: candidates.length > 0,
    kind,
    reported,
    n,
    items,
    decimals,
    rounding,
    candidates,
    nearest: { count: best, value: valueOf(best) },
    informative,
    method: `GRIM (${kind === 'percent' ? 'percentage' : 'mean of integer items'}, rounding ${rounding})`,
  };
}
