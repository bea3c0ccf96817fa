import { describe, expect, it } from 'vitest';
import { clusterBootstrapProportion, clusterBootstrapProportions } from './cluster-bootstrap-proportion.js';
import { proportionWilson } from './proportion-wilson.js';

describe('clusterBootstrapProportion', () => {
  it('with one respondent per cluster it approaches the binomial interval (78 of 98)', () => {
    // Resampling 98 independent answers: the percentile interval should be close to the Wilson
    // interval of R prop.test(78, 98, correct = FALSE), [0.7057, 0.8638], within Monte Carlo error.
    const x = Array.from({ length: 98 }, (_, i) => (i < 78 ? 1 : 0));
    const r = clusterBootstrapProportion(x, x.map(() => 1), { replicates: 4000, seed: 7 });
    const w = proportionWilson(78, 98);
    expect(r.estimate).toBeCloseTo(78 / 98, 12);
    expect(Math.abs(r.ci.lower - w.ci.lower)).toBeLessThan(0.02);
    expect(Math.abs(r.ci.upper - w.ci.upper)).toBeLessThan(0.02);
    // The binomial standard error √(p(1 − p)/n) = 0.0407.
    expect(r.se).toBeCloseTo(Math.sqrt((78 / 98) * (20 / 98) / 98), 2);
  });
  it('widens the interval when answers cluster', () => {
    // 20 clusters of 5 that answer alike (all yes or all no) carry the information of 20, not 100.
    const x = Array.from({ length: 20 }, (_, g) => (g < 14 ? 5 : 0));
    const n = x.map(() => 5);
    const clustered = clusterBootstrapProportion(x, n, { seed: 3 });
    const w = proportionWilson(70, 100);
    expect(clustered.ci.upper - clustered.ci.lower).toBeGreaterThan(1.5 * (w.ci.upper - w.ci.lower));
  });
  it('is reproducible with a seed and refuses impossible input', () => {
    const a = clusterBootstrapProportion([3, 1, 2], [4, 2, 2], { seed: 11 });
    const b = clusterBootstrapProportion([3, 1, 2], [4, 2, 2], { seed: 11 });
    expect(a.ci).toEqual(b.ci);
    expect(() => clusterBootstrapProportion([3], [2])).toThrow(/between 0 and the trials/);
    expect(() => clusterBootstrapProportion([0], [0])).toThrow(/at least one trial/);
  });
});

describe('clusterBootstrapProportions', () => {
  it('gives each proportion what it would get alone, from one set of draws', () => {
    const a = { successes: [3, 1, 2, 0, 4], trials: [4, 2, 2, 1, 5] };
    const b = { successes: [1, 1, 0, 0, 2], trials: [2, 2, 1, 1, 3] };
    const both = clusterBootstrapProportions([a, b], { seed: 5, replicates: 500 });
    expect(both[0].ci).toEqual(clusterBootstrapProportion(a.successes, a.trials, { seed: 5, replicates: 500 }).ci);
    expect(both[1].estimate).toBeCloseTo(4 / 9, 12);
    expect(both[1].ci.lower).toBeLessThanOrEqual(4 / 9);
    expect(both[1].ci.upper).toBeGreaterThanOrEqual(4 / 9);
  });
});
