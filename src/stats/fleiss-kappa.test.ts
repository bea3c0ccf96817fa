import { describe, expect, it } from 'vitest';
import { fleissKappa } from './fleiss-kappa.js';
import { StatsInputError } from './types.js';

const near = (got: number, want: number, tol: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);
};

// Wikipedia "Fleiss' kappa" worked example: 10 subjects, 14 raters, 5 categories.
const wikipedia = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

// Fleiss (1971) diagnoses: 30 patients × 6 psychiatrists, 5 diagnoses, subject × rater form
// (R irr `diagnoses`, copied into statsmodels stats/tests/test_inter_rater.py).
const diagnoses = [
  [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
  [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
  [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
  [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
  [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
  [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
];
const diagnosesCounts = diagnoses.map((ratings) => [1, 2, 3, 4, 5].map((c) => ratings.filter((r) => r === c).length));

describe('fleissKappa', () => {
  it("fleiss-wikipedia (Wikipedia 'Fleiss' kappa' example; statsmodels test_fleiss_kappa)", () => {
    const r = fleissKappa(wikipedia);
    near(r.kappa, 0.209931, 1e-5);
    // Intermediate values: the per-subject P_i (1.000, 0.253, 0.308, 0.440, 0.330, 0.462, 0.242, 0.176,
    // 0.286, 0.286) and p_j (0.143, 0.200, 0.279, 0.150, 0.229) recorded with this table in statsmodels
    // test_inter_rater.py give P̄ = 3.783/10 = 0.378 and P̄_e = Σ p_j² = 0.213 (3 decimals).
    near(r.pBar, 0.378, 5e-4);
    near(r.peBar, 0.213, 5e-4);
    expect(r).toMatchObject({ n: 10, raters: 14, categories: 5 });
  });

  it('R irr::kappam.fleiss(diagnoses) with repeated rows given once with a weight: the same kappa 0.4302445 and z 17.65183', () => {
    const rows = new Map<string, { counts: number[]; weight: number }>();
    for (const c of diagnosesCounts) {
      const key = c.join(',');
      const r = rows.get(key);
      if (r) r.weight++;
      else rows.set(key, { counts: c, weight: 1 });
    }
    expect(rows.size).toBeLessThan(diagnosesCounts.length);
    const r = fleissKappa([...rows.values()].map((x) => x.counts), { weights: [...rows.values()].map((x) => x.weight) });
    near(r.kappa, 0.4302445, 1e-7);
    near(r.z!, 17.65183, 1e-4);
    expect(r.n).toBe(30);
    expect(() => fleissKappa(wikipedia, { weights: [1] })).toThrow(StatsInputError);
  });

  it('R irr::kappam.fleiss(diagnoses): kappa 0.4302445, z 17.65183 (values recorded in statsmodels test_inter_rater.py)', () => {
    const r = fleissKappa(diagnosesCounts);
    near(r.kappa, 0.4302445, 1e-7);
    near(r.z as number, 17.65183, 1e-5);
    expect(r.p).toBeLessThan(1e-15);
    expect(r).toMatchObject({ n: 30, raters: 6, categories: 5 });
  });

  it('SE under H0 reduces to sqrt(2 / (N m (m − 1))) when two categories are used equally often', () => {
    // p = q = ½: Σ p q = ½ and Σ p q (q − p) = 0, so var₀ = 2 / (N m (m − 1)) = 2 / (4·3·2).
    const r = fleissKappa([[3, 0], [0, 3], [2, 1], [1, 2]]);
    near(r.se0, Math.sqrt(2 / 24), 1e-12);
    // P_i = 1, 1, 1/3, 1/3 → P̄ = 2/3; P̄_e = ½ → κ = 1/3.
    near(r.kappa, 1 / 3, 1e-12);
  });

  it('perfect agreement gives kappa = 1; permuting subjects or categories leaves kappa unchanged', () => {
    expect(fleissKappa([[4, 0, 0], [0, 4, 0], [0, 0, 4], [4, 0, 0]]).kappa).toBeCloseTo(1, 12);
    const base = fleissKappa(wikipedia).kappa;
    expect(fleissKappa([...wikipedia].reverse()).kappa).toBeCloseTo(base, 12);
    expect(fleissKappa(wikipedia.map((row) => [...row].reverse())).kappa).toBeCloseTo(base, 12);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => fleissKappa([])).toThrow(StatsInputError);
    expect(() => fleissKappa([[]])).toThrow(StatsInputError);
    expect(() => fleissKappa([[2, 1], [1, 1]])).toThrow(StatsInputError); // unequal raters per subject
    expect(() => fleissKappa([[2, 1], [1, 2, 0]])).toThrow(StatsInputError);
    expect(() => fleissKappa([[1, 0], [0, 1]])).toThrow(StatsInputError); // a single rater
    expect(() => fleissKappa([[3, 0], [3, 0]])).toThrow(StatsInputError); // one category only
    expect(() => fleissKappa([[2.5, 0.5], [1, 2]])).toThrow(StatsInputError);
    expect(() => fleissKappa([[4, -1], [1, 2]])).toThrow(StatsInputError);
  });
});
