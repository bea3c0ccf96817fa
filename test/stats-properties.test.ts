/**
 * Invariants of the statistics core, checked on generated data (fast-check, fixed seed so a failure
 * repeats): agreement is 1 under perfect agreement, intervals contain their estimate, p-values lie in
 * [0, 1], and the order of rows (units, respondents, observations) changes nothing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cohenKappa } from '../src/stats/cohen-kappa.js';
import { krippendorffAlpha } from '../src/stats/krippendorff-alpha.js';
import { fleissKappa } from '../src/stats/fleiss-kappa.js';
import { proportionWilson } from '../src/stats/proportion-wilson.js';
import { proportionClopperPearson } from '../src/stats/proportion-clopper-pearson.js';
import { binomialTest } from '../src/stats/binomial-test.js';
import { tTestTwoSample } from '../src/stats/t-test-two-sample.js';
import { mannWhitney } from '../src/stats/mann-whitney.js';
import { kruskalWallis } from '../src/stats/kruskal-wallis.js';
import { cronbachAlpha } from '../src/stats/cronbach-alpha.js';
import { ols } from '../src/stats/ols.js';
import { StatsInputError } from '../src/stats/types.js';

const params = { seed: 20261123, numRuns: 150 };

/** Run f, treating StatsInputError (degenerate generated data) as "nothing to check". */
function unlessDegenerate<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof StatsInputError) return undefined;
    throw e;
  }
}

const ratings = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 4, maxLength: 60 }).filter((xs) => new Set(xs).size >= 2);
const sample = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 40 });

function shuffle<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('perfect agreement gives 1', () => {
  it("Cohen's κ (all weights) and Krippendorff's α (all metrics)", () => {
    fc.assert(fc.property(ratings, fc.integer({ min: 2, max: 4 }), (xs, coders) => {
      for (const weights of ['none', 'linear', 'quadratic'] as const) expect(cohenKappa({ a: xs, b: [...xs] }, { weights }).kappa).toBeCloseTo(1, 12);
      for (const metric of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
        expect(krippendorffAlpha(Array.from({ length: coders }, () => [...xs]), { metric }).alpha).toBeCloseTo(1, 12);
      }
    }), params);
  });
  it("Fleiss' κ when every subject's raters agree", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 30 }).filter((c) => new Set(c).size >= 2), fc.integer({ min: 2, max: 6 }), (cats, raters) => {
      const table = cats.map((c) => [0, 1, 2].map((k) => (k === c ? raters : 0)));
      expect(fleissKappa(table).kappa).toBeCloseTo(1, 12);
    }), params);
  });
});

describe('intervals contain their estimate; p-values lie in [0, 1]', () => {
  it('proportions and the binomial test', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))), fc.double({ min: 0.01, max: 0.99, noNaN: true }), ([x, n], p0) => {
      for (const r of [proportionWilson(x, n), proportionWilson(x, n, { continuity: true }), proportionClopperPearson(x, n)]) {
        expect(r.ci.lower).toBeLessThanOrEqual(r.estimate + 1e-12);
        expect(r.ci.upper).toBeGreaterThanOrEqual(r.estimate - 1e-12);
        expect(r.ci.lower).toBeGreaterThanOrEqual(0);
        expect(r.ci.upper).toBeLessThanOrEqual(1);
      }
      const t = binomialTest(x, n, { p0 });
      expect(t.p).toBeGreaterThanOrEqual(0);
      expect(t.p).toBeLessThanOrEqual(1);
    }), params);
  });
  it('two-sample tests', () => {
    fc.assert(fc.property(sample, sample, (x, y) => {
      const t = unlessDegenerate(() => tTestTwoSample(x, y));
      if (t) {
        expect(t.p).toBeGreaterThanOrEqual(0);
        expect(t.p).toBeLessThanOrEqual(1);
        expect(t.ci.lower).toBeLessThanOrEqual(t.estimate + 1e-9);
        expect(t.ci.upper).toBeGreaterThanOrEqual(t.estimate - 1e-9);
      }
      const u = unlessDegenerate(() => mannWhitney(x, y));
      if (u) {
        expect(u.p).toBeGreaterThanOrEqual(0);
        expect(u.p).toBeLessThanOrEqual(1);
      }
      const k = unlessDegenerate(() => kruskalWallis([x, y]));
      if (k) {
        expect(k.p).toBeGreaterThanOrEqual(0);
        expect(k.p).toBeLessThanOrEqual(1);
      }
    }), params);
  });
  it('OLS coefficient intervals', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })), { minLength: 5, maxLength: 40 }), (rows) => {
      const r = unlessDegenerate(() => ols(rows.map(([, y]) => y), rows.map(([x]) => [x])));
      if (!r) return;
      for (const c of r.coefficients) {
        expect(c.ci.lower).toBeLessThanOrEqual(c.estimate + 1e-9);
        expect(c.ci.upper).toBeGreaterThanOrEqual(c.estimate - 1e-9);
        expect(c.p).toBeGreaterThanOrEqual(0);
        expect(c.p).toBeLessThanOrEqual(1);
      }
    }), params);
  });
});

describe('permuting rows changes nothing', () => {
  it("Krippendorff's α: units in any order", () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.option(fc.integer({ min: 1, max: 4 }))), { minLength: 5, maxLength: 40 }), fc.nat(), (units, seed) => {
      const toMatrix = (us: typeof units) => [us.map((u) => u[0]), us.map((u) => u[1]), us.map((u) => u[2] ?? null)];
      const a = unlessDegenerate(() => krippendorffAlpha(toMatrix(units), { metric: 'ordinal' }));
      if (!a) return;
      const b = krippendorffAlpha(toMatrix(shuffle(units, seed)), { metric: 'ordinal' });
      expect(b.alpha).toBeCloseTo(a.alpha, 12);
    }), params);
  });
  it("Cronbach's α: respondents in any order", () => {
    fc.assert(fc.property(fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 3 }), { minLength: 5, maxLength: 40 }), fc.nat(), (rows, seed) => {
      const a = unlessDegenerate(() => cronbachAlpha(rows, { missing: 'listwise' }));
      if (!a) return;
      expect(cronbachAlpha(shuffle(rows, seed), { missing: 'listwise' }).alpha).toBeCloseTo(a.alpha, 10);
    }), params);
  });
  it('OLS: observations in any order', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })), { minLength: 5, maxLength: 40 }), fc.nat(), (rows, seed) => {
      const fit = (rs: typeof rows) => unlessDegenerate(() => ols(rs.map(([, y]) => y), rs.map(([x]) => [x])));
      const a = fit(rows);
      if (!a) return;
      const b = fit(shuffle(rows, seed))!;
      // Relative: generated data can give coefficients of any magnitude.
      a.coefficients.forEach((c, i) => expect(Math.abs(b.coefficients[i].estimate - c.estimate)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(c.estimate))));
    }), params);
  });
});
