/**
 * Headline indicators of a survey over a subset of respondents: the top-box share of a Likert item,
 * the share of each option of a choice item, the mean of a number item. Shared by `impact` (overall,
 * per trajectory type, per employer, per period) and the coach survey. Every share carries its
 * numerator and denominator (valid answers) and a Wilson interval.
 */
import type { SurveyData, SurveyItem } from '../model/survey.js';
import { tQuantile } from '../stats/distributions.js';
import { share, type Share } from './share.js';

export interface Indicator {
  survey: string;
  kind: SurveyData['kind'];
  item: string;
  label: string;
  /** top-box: the item's `top` highest Likert labels; option: one option of a choice item; mean: a number item. */
  measure: 'top-box' | 'option' | 'mean';
  /** The option (measure option) or the labels of the top box (top-box, joined by " / "). */
  option?: string;
  /** Shares (top-box, option). */
  share?: Share;
  /** Means (number items): mean, sd, n and a t interval. */
  mean?: { mean: number | null; sd: number | null; n: number; ci: [number, number] | null };
  /** Respondents in the subset without a valid answer. */
  missing: number;
  levers: string[];
  memoq: string[];
  /** Set when small-cell suppression hid the counts of this indicator (breakdowns only). */
  suppressed?: boolean;
}

/** The items a survey reports as headline: those marked `headline: true`, else every Likert and single-choice item. */
export function headlineItems(data: SurveyData): SurveyItem[] {
  const marked = data.definition.items.filter((i) => i.headline);
  if (marked.length) return marked;
  return data.definition.items.filter((i) => i.type === 'likert' || i.type === 'single');
}

/** Indicators of `items` over the respondents `rows` (all respondents when undefined). */
export function surveyIndicators(data: SurveyData, items: SurveyItem[], rows?: ArrayLike<number>, level = 0.95): Indicator[] {
  const subset = rows ?? Array.from({ length: data.respondents.length }, (_, r) => r);
  const out: Indicator[] = [];
  for (const item of items) {
    const col = data.columns[item.id];
    if (!col) continue;
    const base = { survey: data.name, kind: data.kind, item: item.id, label: item.label, levers: item.levers, memoq: item.memoq };
    if (col.type === 'likert' || col.type === 'single') {
      const counts = new Array<number>(item.labels.length + 1).fill(0);
      let valid = 0;
      for (let k = 0; k < subset.length; k++) {
        const c = col.codes[subset[k]];
        if (c > 0) { counts[c]++; valid++; }
      }
      const missing = subset.length - valid;
      if (col.type === 'likert') {
        const k = item.labels.length;
        const top = Math.min(item.top, k);
        let x = 0;
        for (let c = k - top + 1; c <= k; c++) x += counts[c];
        out.push({ ...base, measure: 'top-box', option: item.labels.slice(k - top).join(' / '), share: share(x, valid, level), missing });
      }
      // Every option too: a Likert item's distribution, a choice item's answers.
      item.labels.forEach((label, i) => out.push({ ...base, measure: 'option', option: label, share: share(counts[i + 1], valid, level), missing }));
    } else if (col.type === 'multiple') {
      const counts = new Array<number>(item.labels.length + 1).fill(0);
      let answered = 0;
      for (let k = 0; k < subset.length; k++) {
        const ch = col.choices[subset[k]];
        if (!ch) continue;
        answered++;
        for (const c of ch) counts[c]++;
      }
      item.labels.forEach((label, i) => out.push({ ...base, measure: 'option', option: label, share: share(counts[i + 1], answered, level), missing: subset.length - answered }));
    } else if (col.type === 'number') {
      let n = 0;
      let sum = 0;
      for (let k = 0; k < subset.length; k++) { const v = col.values[subset[k]]; if (!Number.isNaN(v)) { n++; sum += v; } }
      const mean = n ? sum / n : null;
      let ss = 0;
      if (mean !== null) for (let k = 0; k < subset.length; k++) { const v = col.values[subset[k]]; if (!Number.isNaN(v)) ss += (v - mean) ** 2; }
      const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : null;
      const half = sd !== null ? tQuantile(1 - (1 - level) / 2, n - 1) * sd / Math.sqrt(n) : null;
      out.push({ ...base, measure: 'mean', mean: { mean, sd, n, ci: mean !== null && half !== null ? [mean - half, mean + half] : null }, missing: subset.length - n });
    }
  }
  return out;
}

/**
 * Small-cell suppression of one breakdown cell (DESIGN.md §9): a share whose count or complement
 * lies between 1 and N − 1 would disclose a small group, so its count, estimate and interval go.
 */
export function suppressIndicator(ind: Indicator, below: number): Indicator {
  if (below <= 0) return ind;
  if (ind.share) {
    const { count, n } = ind.share;
    const small = (v: number) => v > 0 && v < below;
    if (small(count) || small(n - count) || small(n)) return { ...ind, share: { ...ind.share, count: NaN, p: null, ci: null, n: small(n) ? NaN : n }, suppressed: true };
  }
  if (ind.mean && ind.mean.n > 0 && ind.mean.n < below) return { ...ind, mean: { mean: null, sd: null, n: NaN, ci: null }, suppressed: true };
  return ind;
}
