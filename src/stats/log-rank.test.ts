import { describe, expect, it } from 'vitest';
import { logRank } from './log-rank.js';
import { StatsInputError } from './types.js';

const within = (got: number | null, want: number, tol: number): void => {
  expect(got).not.toBeNull();
  expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(tol);
};

// `aml` of R's survival package (Miller 1981; Embury et al. 1977): remission weeks, status 0 = censored.
const amlTime = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45];
const amlStatus = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1];
const amlGroup = [...Array<string>(11).fill('Maintained'), ...Array<string>(12).fill('Nonmaintained')];

describe('logRank: R survdiff reference cases', () => {
  // Published R output, survdiff(Surv(time, status) ~ x, data = aml):
  //   Maintained 11 / 7 / 10.69 / 1.27 / 3.4; Nonmaintained 12 / 11 / 7.31 / 1.86 / 3.4;
  //   Chisq = 3.4 on 1 degrees of freedom, p = 0.0653 (older print method; newer ones print p = 0.07).
  // Full precision from R 4.2.2, survival 3.5-3: expected 10.68933599230072 / 7.31066400769928,
  // var 4.00755074593873, chisq 3.3963886989776, p 0.0653393220405051.
  it('aml: Maintained vs Nonmaintained', () => {
    const r = logRank(amlTime, amlStatus, amlGroup);
    expect(r.groups.map((g) => [g.group, g.n, g.observed])).toEqual([
      ['Maintained', 11, 7],
      ['Nonmaintained', 12, 11],
    ]);
    within(r.groups[0].expected, 10.69, 5e-3);
    within(r.groups[1].expected, 7.31, 5e-3);
    within(r.groups[0].oMinusESqOverE, 1.27, 5e-3);
    within(r.groups[1].oMinusESqOverE, 1.86, 5e-3);
    within(r.groups[0].oMinusESqOverV, 3.4, 5e-2);
    within(r.chiSquare, 3.4, 5e-2);
    expect(r.df).toBe(1);
    within(r.p, 0.0653, 5e-5);
    // full precision
    within(r.groups[0].expected, 10.68933599230072, 1e-10);
    within(r.groups[1].expected, 7.31066400769928, 1e-10);
    within(r.variance[0][0], 4.00755074593873, 1e-10);
    within(r.variance[0][1], -4.00755074593873, 1e-10);
    within(r.chiSquare, 3.3963886989776, 1e-10);
    within(r.p, 0.0653393220405051, 1e-12);
  });

  // R documentation example survdiff(Surv(futime, fustat) ~ rx, data = ovarian) (Edmunson et al. 1979):
  // rx=1 13 / 7 / 5.23, rx=2 13 / 5 / 6.77, Chisq = 1.1 on 1 df, p = 0.3; full precision from R 4.2.2,
  // survival 3.5-3: expected 5.23353101715 / 6.76646898285, chisq 1.06273986129, p 0.302591116989.
  it('ovarian: rx 1 vs 2', () => {
    const futime = [59, 115, 156, 421, 431, 448, 464, 475, 477, 563, 638, 744, 769, 770, 803, 855, 1040, 1106, 1129, 1206, 1227, 268, 329, 353, 365, 377];
    const fustat = [1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0];
    const rx = [1, 1, 1, 2, 1, 1, 2, 2, 1, 2, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2, 2, 1, 1, 2, 2, 2].map(String);
    const r = logRank(futime, fustat, rx);
    expect(r.groups.map((g) => [g.group, g.n, g.observed])).toEqual([
      ['1', 13, 7],
      ['2', 13, 5],
    ]);
    within(r.groups[0].expected, 5.23353101715, 1e-9);
    within(r.groups[1].expected, 6.76646898285, 1e-9);
    within(r.groups[0].oMinusESqOverV, 1.0627399, 1e-7);
    within(r.chiSquare, 1.06273986129, 1e-9);
    within(r.p, 0.302591116989, 1e-10);
  });

  // Four groups: survdiff(Surv(time, status) ~ celltype, data = veteran), the Veterans' Administration
  // lung cancer trial (Kalbfleisch & Prentice 1980). Printed R output: squamous 35/31/47.7,
  // smallcell 48/45/30.1, adeno 27/26/15.7, large 27/26/34.5; (O-E)^2/V 10.53, 10.20, 8.19, 3.02;
  // Chisq = 25.4 on 3 degrees of freedom, p = 1e-05. Full precision from R 4.2.2, survival 3.5-3:
  // expected 47.6546776725 / 30.1020793268 / 15.6937646144 / 34.5494783863, chisq 25.4037003458,
  // p 1.27124593901e-05.
  it('veteran: four cell types', () => {
    const time = [72, 411, 228, 126, 118, 10, 82, 110, 314, 100, 42, 8, 144, 25, 11, 30, 384, 4, 54, 13, 123, 97, 153, 59, 117, 16, 151, 22, 56, 21, 18, 139, 20, 31, 52, 287, 18, 51, 122, 27, 54, 7, 63, 392, 10, 8, 92, 35, 117, 132, 12, 162, 3, 95, 177, 162, 216, 553, 278, 12, 260, 200, 156, 182, 143, 105, 103, 250, 100, 999, 112, 87, 231, 242, 991, 111, 1, 587, 389, 33, 25, 357, 467, 201, 1, 30, 44, 283, 15, 25, 103, 21, 13, 87, 2, 20, 7, 24, 99, 8, 99, 61, 25, 95, 80, 51, 29, 24, 18, 83, 31, 51, 90, 52, 73, 8, 36, 48, 7, 140, 186, 84, 19, 45, 80, 52, 164, 19, 53, 15, 43, 340, 133, 111, 231, 378, 49];
    const status = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const code = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4];
    const names = ['squamous', 'smallcell', 'adeno', 'large'];
    expect(time.length).toBe(137);
    const r = logRank(time, status, code.map((c) => names[c - 1]));
    expect(r.groups.map((g) => [g.group, g.n, g.observed])).toEqual([
      ['squamous', 35, 31],
      ['smallcell', 48, 45],
      ['adeno', 27, 26],
      ['large', 27, 26],
    ]);
    const printed = [[47.7, 10.53], [30.1, 10.2], [15.7, 8.19], [34.5, 3.02]];
    r.groups.forEach((g, i) => {
      within(g.expected, printed[i][0], 0.05);
      within(g.oMinusESqOverV, printed[i][1], 0.005);
    });
    within(r.chiSquare, 25.4, 0.05);
    expect(r.df).toBe(3);
    const full = [47.6546776725, 30.1020793268, 15.6937646144, 34.5494783863];
    r.groups.forEach((g, i) => within(g.expected, full[i], 1e-9));
    within(r.chiSquare, 25.4037003458, 1e-9);
    within(r.p, 1.27124593901e-5, 1e-15);
  });

  // Three small groups with tied times, group C entirely censored. Not published: R 4.2.2, survival 3.5-3,
  //   d <- data.frame(t = c(2,3,3,5,7,9, 1,2,4,4,6,8,10, 3,6,8,11,12),
  //                   s = c(1,1,0,1,1,0, 1,1,1,0,1,1,0, 0,0,0,0,0), g = rep(c("A","B","C"), c(6,7,5)))
  //   survdiff(Surv(t, s) ~ g, d)
  // O = 4 / 5 / 0, E = 2.59715219421 / 3.09715219421 / 3.30569561158, chisq 5.42505127341 on 2 df,
  // p 0.0663689709491; var[1,1] 1.785955164201, var[1,2] −0.879733703939, var[2,3] −1.109925163965.
  it('three groups, one of them with only censored times', () => {
    const t = [2, 3, 3, 5, 7, 9, 1, 2, 4, 4, 6, 8, 10, 3, 6, 8, 11, 12];
    const s = [1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0];
    const g = [...'AAAAAA', ...'BBBBBBB', ...'CCCCC'];
    const r = logRank(t, s, g);
    expect(r.groups.map((x) => x.observed)).toEqual([4, 5, 0]);
    const e = [2.59715219421, 3.09715219421, 3.30569561158];
    r.groups.forEach((x, i) => within(x.expected, e[i], 1e-10));
    within(r.variance[0][0], 1.785955164201, 1e-11);
    within(r.variance[0][1], -0.879733703939, 1e-11);
    within(r.variance[1][2], -1.109925163965, 1e-11);
    within(r.variance[2][2], 2.016146624227, 1e-11);
    within(r.groups[2].oMinusESqOverE, 3.305695611578, 1e-10);
    within(r.groups[2].oMinusESqOverV, 5.42005395098, 1e-10);
    within(r.chiSquare, 5.42505127341, 1e-10);
    expect(r.df).toBe(2);
    within(r.p, 0.0663689709491, 1e-12);
    // O and E both sum to the total number of events; V's rows sum to 0
    within(r.groups.reduce((a, x) => a + x.expected, 0), 9, 1e-12);
    for (const row of r.variance) within(row.reduce((a, v) => a + v, 0), 0, 1e-12);
  });
});

describe('logRank: hand-checkable and invariant cases', () => {
  // A: events at 1 and 2; B: censored at 5, event at 6. At t = 1: n = 4, d = 1, A has 2 at risk →
  // E_A = 1/2, V = 1·3/3·(2/4)(2/4) = 1/4. At t = 2: n = 3, d = 1, A has 1 → E_A += 1/3,
  // V += 1·2/2·(1/3)(2/3) = 2/9. At t = 6: only B at risk → E_A += 0.
  // E_A = 5/6, O_A = 2, V = 17/36, χ² = (7/6)²/(17/36) = 49/17 = 2.882353 (R: Chisq = 2.9, p = 0.0895551).
  it('two groups of two, by hand', () => {
    const r = logRank([1, 2, 5, 6], [1, 1, 0, 1], ['A', 'A', 'B', 'B']);
    within(r.groups[0].expected, 5 / 6, 1e-15);
    within(r.groups[1].expected, 13 / 6, 1e-15);
    within(r.variance[0][0], 17 / 36, 1e-15);
    within(r.chiSquare, 49 / 17, 1e-14);
    within(r.p, 0.0895551, 5e-8);
  });

  it('relabelling or reordering groups leaves χ² unchanged', () => {
    const t = [2, 3, 3, 5, 7, 9, 1, 2, 4, 4, 6, 8, 10, 3, 6, 8, 11, 12];
    const s = [1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1];
    const g = [...'AAAAAA', ...'BBBBBBB', ...'CCCCC'];
    const a = logRank(t, s, g);
    const idx = t.map((_, i) => t.length - 1 - i);
    const b = logRank(idx.map((i) => t[i]), idx.map((i) => s[i] === 1), idx.map((i) => g[i]));
    expect(b.groups.map((x) => x.group)).toEqual(['C', 'B', 'A']);
    within(b.chiSquare, a.chiSquare, 1e-10);
    within(b.p, a.p, 1e-12);
  });

  it('a group that leaves before the first event has E = 0 and is left out of df (as R)', () => {
    // Group Z is censored at 0.5, before any event: R drops it (etmp > 0) and tests the other two.
    const r = logRank([0.5, 0.5, 1, 2, 5, 6], [0, 0, 1, 1, 0, 1], ['Z', 'Z', 'A', 'A', 'B', 'B']);
    expect(r.df).toBe(1);
    expect(r.groups[0]).toEqual({ group: 'Z', n: 2, observed: 0, expected: 0, oMinusESqOverE: null, oMinusESqOverV: null });
    within(r.chiSquare, 49 / 17, 1e-14);
  });
});

describe('logRank: invalid input', () => {
  it.each([
    ['one group', [1, 2, 3], [1, 1, 0], ['A', 'A', 'A']],
    ['groups of another length', [1, 2, 3], [1, 1, 0], ['A', 'B']],
    ['no events', [1, 2, 3, 4], [0, 0, 0, 0], ['A', 'B', 'A', 'B']],
    ['negative time', [1, -2], [1, 0], ['A', 'B']],
    ['status 2', [1, 2], [1, 2], ['A', 'B']],
    ['singular variance (everyone at risk has the event)', [1, 1], [1, 1], ['A', 'B']],
    ['only one group at risk at event times', [5, 6, 1], [1, 1, 0], ['A', 'A', 'B']],
  ])('%s throws StatsInputError', (_name, t, e, g) => {
    expect(() => logRank(t as number[], e as number[], g as string[])).toThrow(StatsInputError);
  });
});
