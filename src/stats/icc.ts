import { fQuantile, fSf } from './distributions.js';
import { type Interval, StatsInputError } from './types.js';

export type IccForm = 'ICC1' | 'ICC2' | 'ICC3' | 'ICC1k' | 'ICC2k' | 'ICC3k';

export interface IccFormResult {
  form: IccForm;
  /** Shrout & Fleiss notation, e.g. "ICC(2,1)". */
  label: string;
  value: number;
  F: number;
  df1: number;
  df2: number;
  p: number;
  ci: Interval;
}

export interface IccResult {
  forms: IccFormResult[];
  /** Number of targets (rows) n. */
  targets: number;
  /** Number of judges (columns) k. */
  judges: number;
  /** ANOVA mean squares: between targets, within targets (one-way), between judges, residual (two-way). */
  meanSquares: { targets: number; within: number; judges: number; residual: number };
  method: string;
}

/**
 * The six intraclass correlations of Shrout & Fleiss (1979, Psychological Bulletin 86:420–428) for a
 * complete targets × judges matrix (n targets, k judges), from the ANOVA mean squares
 * BMS (targets), WMS (within targets, one-way), JMS (judges) and EMS (residual, two-way):
 *   ICC(1,1) = (BMS − WMS)/(BMS + (k−1)WMS)          ICC(1,k) = (BMS − WMS)/BMS
 *   ICC(2,1) = (BMS − EMS)/(BMS + (k−1)EMS + k(JMS − EMS)/n)
 *   ICC(2,k) = (BMS − EMS)/(BMS + (JMS − EMS)/n)
 *   ICC(3,1) = (BMS − EMS)/(BMS + (k−1)EMS)          ICC(3,k) = (BMS − EMS)/BMS
 * F tests: ICC1/ICC1k use F = BMS/WMS on (n−1, n(k−1)) df; the others F = BMS/EMS on (n−1, (n−1)(k−1)).
 *
 * Confidence intervals follow Shrout & Fleiss (1979) / McGraw & Wong (1996) exactly as psych::ICC:
 * ICC1 and ICC3 from the F bounds F_L = F / F_{1−α/2}(df1, df2), F_U = F · F_{1−α/2}(df2, df1):
 * (F_L − 1)/(F_L + k − 1) … (F_U − 1)/(F_U + k − 1), and 1 − 1/F_L … 1 − 1/F_U for the k forms.
 * ICC2 uses the Satterthwaite approximation (Shrout & Fleiss eq. for case 2) with
 *   v = (k−1)(n−1)(kρF_J + n(1 + (k−1)ρ) − kρ)² / ((n−1)k²ρ²F_J² + (n(1 + (k−1)ρ) − kρ)²),  F_J = JMS/EMS, ρ = ICC(2,1),
 *   F* = F_{1−α/2}(n−1, v), F** = F_{1−α/2}(v, n−1),
 *   lower = n(BMS − F*·EMS)/(F*(k·JMS + (kn − k − n)EMS) + n·BMS),
 *   upper = n(F**·BMS − EMS)/(k·JMS + (kn − k − n)EMS + n·F**·BMS),
 * and the ICC(2,k) bounds are the Spearman–Brown step-ups L·k/(1 + (k−1)L).
 */
export function icc(matrix: number[][], options: { level?: number } = {}): IccResult {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must be between 0 and 1, got ${level}`);
  const n = matrix.length;
  if (n < 2) throw new StatsInputError(`${n} target(s): the ICC needs at least 2 targets (rows)`);
  const k = matrix[0].length;
  if (k < 2) throw new StatsInputError(`${k} judge(s): the ICC needs at least 2 judges (columns)`);

  const rowMean = new Float64Array(n);
  const colMean = new Float64Array(k);
  let grand = 0;
  for (let i = 0; i < n; i++) {
    const r = matrix[i];
    if (r.length !== k) throw new StatsInputError(`target ${i + 1} has ${r.length} ratings, expected ${k} (complete matrix)`);
    for (let j = 0; j < k; j++) {
      const v = r[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new StatsInputError(`rating [${i + 1}][${j + 1}] is missing or not finite: the ICC needs a complete matrix`);
      }
      rowMean[i] += v;
      colMean[j] += v;
      grand += v;
    }
  }
  grand /= n * k;
  for (let i = 0; i < n; i++) rowMean[i] /= k;
  for (let j = 0; j < k; j++) colMean[j] /= n;

  let ssRows = 0;
  let ssCols = 0;
  let ssTotal = 0;
  for (let i = 0; i < n; i++) ssRows += (rowMean[i] - grand) ** 2;
  ssRows *= k;
  for (let j = 0; j < k; j++) ssCols += (colMean[j] - grand) ** 2;
  ssCols *= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) ssTotal += (matrix[i][j] - grand) ** 2;
  const ssWithin = ssTotal - ssRows;
  const ssError = Math.max(0, ssWithin - ssCols);

  const BMS = ssRows / (n - 1);
  const WMS = ssWithin / (n * (k - 1));
  const JMS = ssCols / (k - 1);
  const EMS = ssError / ((n - 1) * (k - 1));
  if (!(BMS > 0)) throw new StatsInputError('all targets have the same mean rating: the ICC is undefined');
  if (!(EMS > 0) || !(WMS > 0)) {
    throw new StatsInputError('no residual variation (the ratings are perfectly additive): the F tests and CIs are undefined');
  }

  const a = 1 - level;
  const df1 = n - 1;
  const dfW = n * (k - 1);
  const dfE = (n - 1) * (k - 1);
  const F1 = BMS / WMS;
  const F3 = BMS / EMS;
  const p1 = fSf(F1, df1, dfW);
  const p3 = fSf(F3, df1, dfE);

  const icc1 = (BMS - WMS) / (BMS + (k - 1) * WMS);
  const icc2 = (BMS - EMS) / (BMS + (k - 1) * EMS + (k * (JMS - EMS)) / n);
  const icc3 = (BMS - EMS) / (BMS + (k - 1) * EMS);
  const icc1k = (BMS - WMS) / BMS;
  const icc2k = (BMS - EMS) / (BMS + (JMS - EMS) / n);
  const icc3k = (BMS - EMS) / BMS;

  const F1L = F1 / fQuantile(1 - a / 2, df1, dfW);
  const F1U = F1 * fQuantile(1 - a / 2, dfW, df1);
  const F3L = F3 / fQuantile(1 - a / 2, df1, dfE);
  const F3U = F3 * fQuantile(1 - a / 2, dfE, df1);

  const FJ = JMS / EMS;
  const cTerm = n * (1 + (k - 1) * icc2) - k * icc2;
  const vn = (k - 1) * (n - 1) * (k * icc2 * FJ + cTerm) ** 2;
  const vd = (n - 1) * k * k * icc2 * icc2 * FJ * FJ + cTerm * cTerm;
  const v = vn / vd;
  const Fs = fQuantile(1 - a / 2, n - 1, v);
  const Fss = fQuantile(1 - a / 2, v, n - 1);
  const L2 = (n * (BMS - Fs * EMS)) / (Fs * (k * JMS + (k * n - k - n) * EMS) + n * BMS);
  const U2 = (n * (Fss * BMS - EMS)) / (k * JMS + (k * n - k - n) * EMS + n * Fss * BMS);

  const ci = (lower: number, upper: number): Interval => ({ lower, upper, level });
  const forms: IccFormResult[] = [
    { form: 'ICC1', label: 'ICC(1,1)', value: icc1, F: F1, df1, df2: dfW, p: p1, ci: ci((F1L - 1) / (F1L + k - 1), (F1U - 1) / (F1U + k - 1)) },
    { form: 'ICC2', label: 'ICC(2,1)', value: icc2, F: F3, df1, df2: dfE, p: p3, ci: ci(L2, U2) },
    { form: 'ICC3', label: 'ICC(3,1)', value: icc3, F: F3, df1, df2: dfE, p: p3, ci: ci((F3L - 1) / (F3L + k - 1), (F3U - 1) / (F3U + k - 1)) },
    { form: 'ICC1k', label: 'ICC(1,k)', value: icc1k, F: F1, df1, df2: dfW, p: p1, ci: ci(1 - 1 / F1L, 1 - 1 / F1U) },
    { form: 'ICC2k', label: 'ICC(2,k)', value: icc2k, F: F3, df1, df2: dfE, p: p3, ci: ci((L2 * k) / (1 + L2 * (k - 1)), (U2 * k) / (1 + U2 * (k - 1))) },
    { form: 'ICC3k', label: 'ICC(3,k)', value: icc3k, F: F3, df1, df2: dfE, p: p3, ci: ci(1 - 1 / F3L, 1 - 1 / F3U) },
  ];
  return {
    forms,
    targets: n,
    judges: k,
    meanSquares: { targets: BMS, within: WMS, judges: JMS, residual: EMS },
    method: 'Shrout & Fleiss (1979) ANOVA ICCs; CIs by the Shrout–Fleiss / McGraw–Wong F formulas as psych::ICC',
  };
}
