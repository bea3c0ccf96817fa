import { describe, expect, it } from 'vitest';
import { fisherExact2x2 } from './fisher-exact-2x2.js';
import { fisherExactRxC } from './fisher-exact-rxc.js';
import { seededRandom } from './random.js';
import { StatsInputError } from './types.js';

/**
 * Test oracle: every table with the margins of `t`, filled cell by cell in row-major order, with
 * P = Π r_i! Π c_j! / (n! Π x_ij!) summed over tables with P ≤ P(t)(1 + 1e-7).
 */
function naiveFisher(t: number[][]): { p: number; tables: number } {
  const nr = t.length;
  const nc = t[0].length;
  const rows = t.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = t[0].map((_, j) => t.reduce((a, row) => a + row[j], 0));
  const n = rows.reduce((a, b) => a + b, 0);
  const logFact = (k: number) => {
    let s = 0;
    for (let i = 2; i <= k; i++) s += Math.log(i);
    return s;
  };
  const logProb = (x: number[][]) =>
    rows.reduce((s, r) => s + logFact(r), 0) + cols.reduce((s, c) => s + logFact(c), 0) - logFact(n) -
    x.flat().reduce((s, v) => s + logFact(v), 0);
  const pObs = Math.exp(logProb(t));
  const x = t.map((row) => row.map(() => 0));
  let p = 0;
  let tables = 0;
  const rowLeft = rows.slice();
  const colLeft = cols.slice();
  const fill = (k: number) => {
    if (k === nr * nc) {
      if (rowLeft.some((v) => v !== 0) || colLeft.some((v) => v !== 0)) return;
      tables++;
      const pr = Math.exp(logProb(x));
      if (pr <= pObs * (1 + 1e-7)) p += pr;
      return;
    }
    const i = Math.floor(k / nc);
    const j = k % nc;
    // the last cell of a row or of a column is forced by the margins
    const forced = j === nc - 1 ? rowLeft[i] : i === nr - 1 ? colLeft[j] : -1;
    const lo = forced >= 0 ? forced : 0;
    const hi = forced >= 0 ? forced : Math.min(rowLeft[i], colLeft[j]);
    if (hi > Math.min(rowLeft[i], colLeft[j])) return;
    for (let v = lo; v <= hi; v++) {
      x[i][j] = v;
      rowLeft[i] -= v;
      colLeft[j] -= v;
      fill(k + 1);
      rowLeft[i] += v;
      colLeft[j] += v;
    }
    x[i][j] = 0;
  };
  fill(0);
  return { p, tables };
}

// R ?fisher.test: Agresti (2002, p. 57) Job satisfaction; R prints p-value = 0.7827
// (fisher.test.Rd: "fisher.test(Job) # 0.7827"; tests/Examples/stats-Ex.Rout.save).
const Job = [
  [1, 3, 10, 6],
  [2, 3, 10, 7],
  [1, 6, 14, 12],
  [0, 1, 9, 11],
];

describe('fisherExactRxC', () => {
  it('R ?fisher.test Job satisfaction 4×4: p-value = 0.7827 (exact, 90,208,550 tables)', () => {
    const r = fisherExactRxC(Job);
    expect(r.method).toBe('exact (enumeration)');
    expect(r.tables).toBe(90208550);
    expect(r.n).toBe(96);
    expect(Math.abs(r.p - 0.7827)).toBeLessThan(5e-5);
  });

  it('Job table by Monte Carlo (R prints 0.7842 for its own B = 1e5 simulation; the exact p is 0.7827)', () => {
    // SE ≈ √(0.78·0.22/1e5) ≈ 0.0013
    const r = fisherExactRxC(Job, { simulate: true, samples: 100000, seed: 42 });
    expect(r.method).toBe('Monte Carlo (100000 samples, seed 42)');
    expect(r.samples).toBe(100000);
    expect(r.seed).toBe(42);
    expect(Math.abs(r.p - 0.7827)).toBeLessThan(0.01);
    // same seed, same answer
    expect(fisherExactRxC(Job, { simulate: true, samples: 2000, seed: 7 }).p).toBe(
      fisherExactRxC(Job, { simulate: true, samples: 2000, seed: 7 }).p,
    );
    // an enumeration budget that is too small falls back to Monte Carlo
    expect(fisherExactRxC(Job, { maxWork: 1000, samples: 500 }).method).toBe('Monte Carlo (500 samples, seed 1)');
  });

  it('agrees with a naive cell-by-cell enumeration on small random tables', () => {
    const rng = seededRandom(2024);
    let compared = 0;
    for (let trial = 0; trial < 25; trial++) {
      const nr = 2 + Math.floor(rng() * 2);
      const nc = 2 + Math.floor(rng() * 3);
      const t = Array.from({ length: nr }, () => Array.from({ length: nc }, () => Math.floor(rng() * 4)));
      const rows = t.map((row) => row.reduce((a, b) => a + b, 0));
      const cols = t[0].map((_, j) => t.reduce((a, row) => a + row[j], 0));
      if (rows.includes(0) || cols.includes(0)) continue;
      const naive = naiveFisher(t);
      const r = fisherExactRxC(t);
      expect(r.method).toBe('exact (enumeration)');
      expect(r.tables).toBe(naive.tables);
      expect(r.p).toBeCloseTo(naive.p, 10);
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('fisher-convictions (R fisher.test(Convictions), p = 0.0005367): a 2×2 table enumerated exactly', () => {
    const r = fisherExactRxC([[2, 15], [10, 3]]);
    expect(r.method).toBe('exact (enumeration)');
    expect(Math.abs(r.p - 0.0005367)).toBeLessThan(1e-7);
    // the 2×2 tables with these margins: X = a from 0 to 12
    expect(r.tables).toBe(13);
    expect(r.p).toBeCloseTo(fisherExact2x2([[2, 15], [10, 3]]).p, 12);
  });

  it('agrees with the 2×2 test on the tea table (two-sided 34/70, hand calculation)', () => {
    expect(fisherExactRxC([[3, 1], [1, 3]]).p).toBeCloseTo(34 / 70, 12);
  });

  it('2×3 hand calculation', () => {
    // margins rows (2, 2), columns (2, 1, 1), n = 4. Row 1 takes 2 of the 4 items: (2,0,0) with
    // probability 1/6, (1,1,0) 2/6, (1,0,1) 2/6, (0,1,1) 1/6. Observed (2,0,0): p = 1/6 + 1/6 = 1/3.
    const r = fisherExactRxC([[2, 0, 0], [0, 1, 1]]);
    expect(r.p).toBeCloseTo(1 / 3, 12);
    expect(r.tableProbability).toBeCloseTo(1 / 6, 12);
    expect(r.tables).toBe(4);
  });

  it('the most probable table has p = 1 (all probabilities sum to 1)', () => {
    // all-ones 3×3: Π x! = 1 is the smallest possible, so every table is at most as likely
    const r = fisherExactRxC([[1, 1, 1], [1, 1, 1], [1, 1, 1]]);
    expect(r.p).toBeCloseTo(1, 12);
  });

  it('Monte Carlo agrees with enumeration', () => {
    const t = [[3, 1, 4, 2], [1, 5, 2, 6], [4, 2, 1, 3]];
    const exact = fisherExactRxC(t);
    expect(exact.method).toBe('exact (enumeration)');
    const mc = fisherExactRxC(t, { simulate: true, samples: 50000, seed: 3 });
    expect(mc.method).toBe('Monte Carlo (50000 samples, seed 3)');
    // SE ≈ √(0.275·0.725/5e4) ≈ 0.002
    expect(Math.abs(mc.p - exact.p)).toBeLessThan(0.01);
    // a budget below the work needed switches to Monte Carlo
    const limited = fisherExactRxC(t, { maxWork: 100, samples: 1000 });
    expect(limited.method).toBe('Monte Carlo (1000 samples, seed 1)');
    expect(limited.p).toBeGreaterThan(0);
    expect(limited.p).toBeLessThanOrEqual(1);
  });

  it('is invariant to transposing and permuting rows', () => {
    const t = [[3, 1, 4], [1, 5, 2], [4, 2, 1]];
    const tt = [[3, 1, 4], [1, 5, 2], [4, 2, 1]].map((_, j) => t.map((row) => row[j]));
    const permuted = [t[2], t[0], t[1]];
    const p = fisherExactRxC(t).p;
    expect(fisherExactRxC(tt).p).toBeCloseTo(p, 12);
    expect(fisherExactRxC(permuted).p).toBeCloseTo(p, 12);
  });

  it('rejects degenerate input', () => {
    expect(() => fisherExactRxC([[1, 2, 3]])).toThrow(StatsInputError);
    expect(() => fisherExactRxC([[1], [2]])).toThrow(StatsInputError);
    expect(() => fisherExactRxC([[1, 2], [3]])).toThrow(StatsInputError);
    expect(() => fisherExactRxC([[1, 2.5], [3, 4]])).toThrow(StatsInputError);
    expect(() => fisherExactRxC([[0, 0, 0], [1, 2, 3]])).toThrow(/row 1/);
    expect(() => fisherExactRxC([[0, 1, 2], [0, 2, 3]])).toThrow(/column 1/);
    expect(() => fisherExactRxC([[1, 2], [3, 4]], { samples: 0 })).toThrow(StatsInputError);
  });
});
