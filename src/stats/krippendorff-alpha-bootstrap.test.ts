import { describe, expect, it } from 'vitest';
import { krippendorffAlpha } from './krippendorff-alpha.js';
import { krippendorffAlphaBootstrap } from './krippendorff-alpha-bootstrap.js';
import { StatsInputError } from './types.js';

// Krippendorff (2011) example matrix, 4 coders × 12 units.
const k2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];

describe('krippendorffAlphaBootstrap', () => {
  it('reports the alpha of the data and a percentile interval; deterministic for a seed', () => {
    const r1 = krippendorffAlphaBootstrap(k2011, { metric: 'interval', samples: 500, seed: 42 });
    const r2 = krippendorffAlphaBootstrap(k2011, { metric: 'interval', samples: 500, seed: 42 });
    expect(r1).toEqual(r2);
    expect(r1.alpha).toBeCloseTo(krippendorffAlpha(k2011, { metric: 'interval' }).alpha, 12);
    expect(r1.ci.level).toBe(0.95);
    expect(r1.ci.lower).toBeLessThan(r1.alpha);
    expect(r1.ci.upper).toBeGreaterThan(r1.alpha);
    expect(r1.ci.upper).toBeLessThanOrEqual(1);
    expect(r1.se).toBeGreaterThan(0);
    expect(r1.validSamples).toBeLessThanOrEqual(r1.samples);
    expect(r1.validSamples).toBeGreaterThan(400);
    expect(r1).toMatchObject({ units: 11, values: 40, samples: 500, seed: 42, metric: 'interval' });
  });

  it('a different seed gives a different interval; a higher level a wider one', () => {
    const a = krippendorffAlphaBootstrap(k2011, { metric: 'nominal', samples: 300, seed: 1 });
    const b = krippendorffAlphaBootstrap(k2011, { metric: 'nominal', samples: 300, seed: 2 });
    expect([a.ci.lower, a.ci.upper]).not.toEqual([b.ci.lower, b.ci.upper]);
    const wide = krippendorffAlphaBootstrap(k2011, { metric: 'nominal', samples: 300, seed: 1, level: 0.99 });
    expect(wide.ci.lower).toBeLessThanOrEqual(a.ci.lower);
    expect(wide.ci.upper).toBeGreaterThanOrEqual(a.ci.upper);
  });

  it('perfect agreement: every defined resample has alpha 1', () => {
    const data = [
      [1, 2, 3, 1, 2, 3, 1, 2],
      [1, 2, 3, 1, 2, 3, 1, 2],
    ];
    const r = krippendorffAlphaBootstrap(data, { metric: 'nominal', samples: 200, seed: 9 });
    expect(r.ci.lower).toBeCloseTo(1, 12);
    expect(r.ci.upper).toBeCloseTo(1, 12);
    expect(r.se).toBeCloseTo(0, 12);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => krippendorffAlphaBootstrap(k2011, { metric: 'nominal', samples: 1, seed: 1 })).toThrow(StatsInputError);
    expect(() => krippendorffAlphaBootstrap(k2011, { metric: 'nominal', seed: 1, level: 0 })).toThrow(StatsInputError);
    expect(() => krippendorffAlphaBootstrap(k2011, { metric: 'nominal', seed: Number.NaN })).toThrow(StatsInputError);
    // One pairable unit with variation: alpha exists, but nothing to resample.
    expect(() => krippendorffAlphaBootstrap([[1, null], [2, null]], { metric: 'nominal', seed: 1 })).toThrow(StatsInputError);
    expect(() => krippendorffAlphaBootstrap([[1, 1], [1, 1]], { metric: 'nominal', seed: 1 })).toThrow(StatsInputError);
  });
});
