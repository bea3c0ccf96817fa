import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, krippendorffAlphaFromCounts } from './krippendorff-alpha.js';
import { seededRandom } from './random.js';
import { StatsInputError } from './types.js';

const near = (got: number, want: number, tol: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);
};

// Krippendorff (2011) "Computing Krippendorff's alpha-reliability": 4 coders × 12 units.
const k2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];

// Wikipedia "Krippendorff's alpha" worked example: 3 coders × 15 units.
const wiki = [
  [null, null, null, null, null, 3, 4, 1, 2, 1, 1, 3, 3, null, 3],
  [1, null, 2, 1, 3, 3, 4, 3, null, null, null, null, null, null, null],
  [null, null, 2, 1, 3, 4, 4, null, 2, 1, 1, 3, 3, null, 4],
];

const transpose = <T>(m: readonly (readonly T[])[]): T[][] => m[0].map((_, j) => m.map((row) => row[j]));

describe('krippendorffAlpha: reference cases', () => {
  it.each([
    ['kripp-2011-nominal', 'nominal', 0.743421],
    ['kripp-2011-ordinal', 'ordinal', 0.815388],
    ['kripp-2011-interval', 'interval', 0.849107],
    ['kripp-2011-ratio', 'ratio', 0.797403],
  ] as const)("%s (Krippendorff 2011, 'Computing Krippendorff's alpha-reliability', example matrix)", (_id, metric, alpha) => {
    const r = krippendorffAlpha(k2011, { metric });
    near(r.alpha, alpha, 1e-5);
    // Hand count: unit 12 has one value (not pairable); 3+4·8+3+2 = 40 pairable values in 11 units.
    expect(r.units).toBe(11);
    expect(r.values).toBe(40);
    expect(r.metric).toBe(metric);
  });

  it.each([
    ['nominal', 0.743421], ['ordinal', 0.815388], ['interval', 0.849107], ['ratio', 0.797403],
  ] as const)('Krippendorff 2011 example as value counts per unit (values 1–5), duplicate units weighted: %s α = %f', (metric, alpha) => {
    const values = [1, 2, 3, 4, 5];
    const units = transpose(k2011).map((unit) => ({ counts: values.map((v) => unit.filter((x) => x === v).length), weight: 1 }));
    // Units 3 and 4 are identical ([3, 3, 3, 3]): one of them with weight 2 instead.
    expect(units[2]).toEqual(units[3]);
    const merged = [...units.slice(0, 2), { ...units[2], weight: 2 }, ...units.slice(4)];
    const r = krippendorffAlphaFromCounts(merged, { metric, categories: values });
    near(r.alpha, alpha, 1e-5);
    expect([r.units, r.values]).toEqual([11, 40]);
    expect(() => krippendorffAlphaFromCounts(units, { metric: 'interval' })).toThrow(StatsInputError);
  });

  it("kripp-wikipedia-nominal (Wikipedia 'Krippendorff's alpha' worked example, 3 coders × 15 units)", () => {
    near(krippendorffAlpha(wiki, { metric: 'nominal' }).alpha, 0.691358, 1e-5);
  });

  it("kripp-wikipedia-interval (Wikipedia 'Krippendorff's alpha' worked example)", () => {
    near(krippendorffAlpha(wiki, { metric: 'interval' }).alpha, 0.810845, 1e-5);
  });

  it('kripp-2011-binary (Krippendorff 2011, binary data, 2 coders × 10 units, ~0.095)', () => {
    const r = krippendorffAlpha(
      [
        [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
        [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
      ],
      { metric: 'nominal' },
    );
    near(r.alpha, 0.095238, 1e-5);
    // Hand calculation: coincidences o_00 = 10, o_01 = o_10 = 4, o_11 = 2; n_0 = 14, n_1 = 6, n = 20.
    // D_o = 8/20 = 0.4; D_e = 2·14·6/(20·19) = 168/380; α = 1 − 0.4·380/168 = 2/21.
    near(r.observedDisagreement, 0.4, 1e-12);
    near(r.expectedDisagreement, 168 / 380, 1e-12);
    near(r.alpha, 2 / 21, 1e-12);
  });
});

describe('krippendorffAlpha: invariants', () => {
  it('perfect agreement gives alpha = 1 for every metric', () => {
    const data = [
      [1, 2, 3, null, 5],
      [1, 2, 3, 4, 5],
      [null, 2, 3, 4, 5],
    ];
    for (const metric of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
      expect(krippendorffAlpha(data, { metric }).alpha).toBeCloseTo(1, 12);
    }
  });

  it('permuting units or coders does not change alpha', () => {
    const units = transpose(k2011);
    const shuffledUnits = transpose([units[7], units[2], units[11], units[0], units[5], units[9], units[1], units[10], units[3], units[8], units[6], units[4]]);
    const swappedCoders = [k2011[3], k2011[0], k2011[2], k2011[1]];
    for (const metric of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
      const base = krippendorffAlpha(k2011, { metric }).alpha;
      expect(krippendorffAlpha(shuffledUnits, { metric }).alpha).toBeCloseTo(base, 12);
      expect(krippendorffAlpha(swappedCoders, { metric }).alpha).toBeCloseTo(base, 12);
    }
  });

  it('nominal alpha ignores the labels; interval alpha is invariant under v → a·v + b; ordinal under monotone maps', () => {
    const relabel = k2011.map((row) => row.map((v) => (v === null ? null : `cat-${v}`)));
    near(krippendorffAlpha(relabel, { metric: 'nominal' }).alpha, krippendorffAlpha(k2011, { metric: 'nominal' }).alpha, 1e-12);
    const affine = k2011.map((row) => row.map((v) => (v === null ? null : -3 * v + 7)));
    near(krippendorffAlpha(affine, { metric: 'interval' }).alpha, krippendorffAlpha(k2011, { metric: 'interval' }).alpha, 1e-12);
    const monotone = k2011.map((row) => row.map((v) => (v === null ? null : v ** 3)));
    near(krippendorffAlpha(monotone, { metric: 'ordinal' }).alpha, krippendorffAlpha(k2011, { metric: 'ordinal' }).alpha, 1e-12);
    const scaled = k2011.map((row) => row.map((v) => (v === null ? null : 2.5 * v)));
    near(krippendorffAlpha(scaled, { metric: 'ratio' }).alpha, krippendorffAlpha(k2011, { metric: 'ratio' }).alpha, 1e-12);
  });

  it('ordinal text values follow the order given in categories', () => {
    const names = ['nooit', 'soms', 'vaak', 'altijd', 'steeds'];
    const text = k2011.map((row) => row.map((v) => (v === null ? null : names[v - 1])));
    near(krippendorffAlpha(text, { metric: 'ordinal', categories: names }).alpha, 0.815388, 1e-5);
  });

  it('two coders, four units: hand calculation', () => {
    const r = krippendorffAlpha([[0, 1, 1, 0], [0, 1, 0, 0]], { metric: 'nominal' });
    // One disagreeing unit: o_01 = o_10 = 1, so D_o = 2/8 = 0.25. Marginals n_0 = 5, n_1 = 3, n = 8:
    // D_e = 2·5·3/(8·7) = 30/56. α = 1 − 0.25·56/30 = 8/15.
    near(r.observedDisagreement, 0.25, 1e-12);
    near(r.expectedDisagreement, 30 / 56, 1e-12);
    near(r.alpha, 8 / 15, 1e-12);
  });

  it('many distinct values (sparse coincidence matrix) agree with the pairwise definition', () => {
    // Krippendorff (2011) also defines D_o as the mean δ² over ordered pairs of values within units
    // (each unit's pairs weighted 1/(m_u − 1)) and D_e over all ordered pairs of pairable values.
    const random = seededRandom(7);
    const truth = Array.from({ length: 700 }, () => 100 + Math.round(random() * 100000) / 10);
    const rows: (number | null)[][] = [0, 1, 2].map(() =>
      truth.map((t) => (random() < 0.15 ? null : Math.round((t + (random() - 0.5) * 50) * 10) / 10)),
    );
    const byUnit = transpose(rows).map((u) => u.filter((v): v is number => v !== null)).filter((u) => u.length >= 2);
    const all = byUnit.flat();
    const n = all.length;
    expect(new Set(all).size).toBeGreaterThan(1024);
    const metrics = {
      interval: (x: number, y: number) => (x - y) ** 2,
      ratio: (x: number, y: number) => (x + y === 0 ? 0 : ((x - y) / (x + y)) ** 2),
    };
    for (const [metric, d2] of Object.entries(metrics) as [keyof typeof metrics, (x: number, y: number) => number][]) {
      let within = 0;
      for (const u of byUnit) {
        let s = 0;
        for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j) s += d2(u[i], u[j]);
        within += s / (u.length - 1);
      }
      let between = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) between += d2(all[i], all[j]);
      const r = krippendorffAlpha(rows, { metric });
      expect(r.values).toBe(n);
      expect(r.units).toBe(byUnit.length);
      near(r.observedDisagreement / (within / n), 1, 1e-9);
      near(r.expectedDisagreement / (between / (n * (n - 1))), 1, 1e-9);
    }
  });

  it('handles 20 coders × 20,000 units with 10% missing (the 200,000-unit budget is in bench/)', () => {
    const random = seededRandom(2024);
    const units = 20_000;
    const truth = Array.from({ length: units }, () => 1 + Math.floor(random() * 5));
    const data = Array.from({ length: 20 }, () =>
      truth.map((t) => (random() < 0.1 ? null : random() < 0.8 ? t : 1 + Math.floor(random() * 5))),
    );
    for (const metric of ['nominal', 'ordinal'] as const) {
      const r = krippendorffAlpha(data, { metric });
      expect(r.units).toBe(units);
      expect(r.alpha).toBeGreaterThan(0.5);
      expect(r.alpha).toBeLessThan(1);
    }
  });
});

describe('krippendorffAlpha: degenerate input', () => {
  it('throws StatsInputError', () => {
    expect(() => krippendorffAlpha([], { metric: 'nominal' })).toThrow(StatsInputError);
    expect(() => krippendorffAlpha([[1, 2], [1]], { metric: 'nominal' })).toThrow(StatsInputError);
    expect(() => krippendorffAlpha([[1, null], [null, 2]], { metric: 'nominal' })).toThrow(StatsInputError); // nothing pairable
    expect(() => krippendorffAlpha([[1, 2, 3]], { metric: 'nominal' })).toThrow(StatsInputError); // one coder
    expect(() => krippendorffAlpha([[2, 2, 2], [2, 2, null]], { metric: 'interval' })).toThrow(StatsInputError); // no variation
    expect(() => krippendorffAlpha([['a', 'b'], ['a', 'a']], { metric: 'interval' })).toThrow(StatsInputError);
    expect(() => krippendorffAlpha([['a', 'b'], ['a', 'a']], { metric: 'ordinal' })).toThrow(StatsInputError);
    expect(() => krippendorffAlpha([[-1, 2], [1, 2]], { metric: 'ratio' })).toThrow(StatsInputError);
    expect(() => krippendorffAlpha([[1, 2], [1, 3]], { metric: 'ordinal', categories: [1, 2] })).toThrow(StatsInputError);
    expect(() => krippendorffAlpha([[1, 2], [1, 3]], { metric: 'cosine' as never })).toThrow(StatsInputError);
  });
});
