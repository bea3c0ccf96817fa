import { describe, expect, it } from 'vitest';
import { kaplanMeier, kaplanMeierAt, shareEventBy, survivalAt, type KaplanMeierResult } from './kaplan-meier.js';
import { StatsInputError } from './types.js';

const within = (got: number | null, want: number, tol: number): void => {
  expect(got).not.toBeNull();
  expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(tol);
};

// The `aml` data set of R's survival package (Miller 1981, Survival Analysis, p. 49; Embury et al. 1977):
// remission times in weeks of 23 patients with acute myelogenous leukaemia; status 0 = censored.
const AML = {
  Maintained: { time: [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161], status: [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0] },
  Nonmaintained: { time: [5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45], status: [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1] },
};

type Row = [time: number, nRisk: number, nEvent: number, survival: number, se: number | null, lower: number | null, upper: number | null];

const expectSteps = (km: KaplanMeierResult, rows: Row[], tol: number): void => {
  expect(km.steps.map((s) => s.time)).toEqual(rows.map((r) => r[0]));
  km.steps.forEach((s, i) => {
    const [, nRisk, nEvent, survival, se, lower, upper] = rows[i];
    expect(s.nRisk).toBe(nRisk);
    expect(s.nEvent).toBe(nEvent);
    within(s.survival, survival, tol);
    if (se === null) expect(s.se).toBeNull();
    else within(s.se, se, tol);
    if (lower === null) expect(s.lower).toBeNull();
    else within(s.lower, lower, tol);
    if (upper === null) expect(s.upper).toBeNull();
    else within(s.upper, upper, tol);
  });
};

describe('kaplanMeier: R survival, aml data', () => {
  // Published R output: summary(survfit(Surv(time, status) ~ x, data = aml)), printed to 3–4 digits
  // (reproduced in the survfit/summary.survfit documentation examples and countless course notes).
  it('Maintained, summary(survfit(...)) at event times, printed precision', () => {
    const km = kaplanMeier(AML.Maintained.time, AML.Maintained.status);
    const at = (t: number) => km.steps.find((s) => s.time === t)!;
    const published: [number, number, number, number, number, number][] = [
      // time, n.risk, survival, std.err, lower 95% CI, upper 95% CI
      [9, 11, 0.909, 0.0867, 0.7541, 1.0],
      [13, 10, 0.818, 0.1163, 0.6192, 1.0],
      [18, 8, 0.716, 0.1397, 0.4884, 1.0],
      [23, 7, 0.614, 0.1526, 0.3769, 0.999],
      [31, 5, 0.491, 0.1642, 0.2549, 0.946],
      [34, 4, 0.368, 0.1627, 0.1549, 0.875],
      [48, 2, 0.184, 0.1535, 0.0359, 0.944],
    ];
    for (const [t, nRisk, s, se, lo, hi] of published) {
      expect(at(t).nRisk).toBe(nRisk);
      within(at(t).survival, s, 5e-4);
      within(at(t).se, se, 5e-5);
      within(at(t).lower, lo, 5e-5);
      within(at(t).upper, hi, 5e-4);
    }
    expect(km.n).toBe(11);
    expect(km.events).toBe(7);
    // print(survfit(...)): median 31, 0.95LCL 18, 0.95UCL NA
    expect(km.median).toEqual({ time: 31, lower: 18, upper: null });
  });

  // R 4.2.2, survival 3.5-3: print(summary(survfit(Surv(time, status) ~ x, data = aml), censored = TRUE), digits = 10)
  it('Maintained, log intervals, all rows incl. censorings (R survival 3.5-3, 10 digits)', () => {
    const km = kaplanMeier(AML.Maintained.time, AML.Maintained.status);
    expectSteps(km, [
      [9, 11, 1, 0.9090909091, 0.0866784172, 0.75413384508, 1.0],
      [13, 10, 1, 0.8181818182, 0.1162912998, 0.6192489874, 1.0],
      [18, 8, 1, 0.7159090909, 0.1396649706, 0.48842628742, 1.0],
      [23, 7, 1, 0.6136363636, 0.152632331, 0.3768670595, 0.9991576002],
      [28, 6, 0, 0.6136363636, 0.152632331, 0.3768670595, 0.9991576002],
      [31, 5, 1, 0.4909090909, 0.1641932672, 0.2548599512, 0.9455849552],
      [34, 4, 1, 0.3681818182, 0.1626688858, 0.1548771179, 0.8752606781],
      [45, 3, 0, 0.3681818182, 0.1626688858, 0.1548771179, 0.8752606781],
      [48, 2, 1, 0.1840909091, 0.1534927458, 0.03591789849, 0.9435257695],
      [161, 1, 0, 0.1840909091, 0.1534927458, 0.03591789849, 0.9435257695],
    ], 1e-9);
    expect(km.steps.find((s) => s.time === 13)!.nCensor).toBe(1);
    expect(km.steps.map((s) => s.nCensor)).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0, 1]);
  });

  it('Nonmaintained, log intervals; S reaches 0 (R: std.err NaN, CI NA) (R survival 3.5-3)', () => {
    const km = kaplanMeier(AML.Nonmaintained.time, AML.Nonmaintained.status);
    expectSteps(km, [
      [5, 12, 2, 0.83333333333, 0.10758287073, 0.64703698701, 1.0],
      [8, 10, 2, 0.66666666667, 0.13608276349, 0.44684608115, 0.9946253603],
      [12, 8, 1, 0.58333333333, 0.14231876064, 0.36161370521, 0.9409980122],
      [16, 7, 0, 0.58333333333, 0.14231876064, 0.36161370521, 0.9409980122],
      [23, 6, 1, 0.48611111111, 0.14813006255, 0.26751824886, 0.8833192253],
      [27, 5, 1, 0.38888888889, 0.14698618395, 0.1853965261, 0.8157357157],
      [30, 4, 1, 0.29166666667, 0.13871516913, 0.11483115015, 0.7408220185],
      [33, 3, 1, 0.19444444444, 0.12187450538, 0.05692155257, 0.6642236599],
      [43, 2, 1, 0.09722222222, 0.09186636497, 0.01525652717, 0.6195486291],
      [45, 1, 1, 0, null, null, null],
    ], 1e-9);
    // print(survfit(...)): median 23, 0.95LCL 8, 0.95UCL NA
    expect(km.median).toEqual({ time: 23, lower: 8, upper: null });
    expect(km.events).toBe(11);
  });

  it("conf.type = 'log-log' (R survival 3.5-3, 10 digits; medians 31 (13, NA) and 23 (5, 33))", () => {
    const m = kaplanMeier(AML.Maintained.time, AML.Maintained.status, { confType: 'log-log' });
    expectSteps(m, [
      [9, 11, 1, 0.9090909091, 0.0866784172, 0.50808020577, 0.9866738227],
      [13, 10, 1, 0.8181818182, 0.1162912998, 0.44742861468, 0.9511622286],
      [18, 8, 1, 0.7159090909, 0.1396649706, 0.35019038591, 0.8990239742],
      [23, 7, 1, 0.6136363636, 0.152632331, 0.26575204, 0.8352992433],
      [28, 6, 0, 0.6136363636, 0.152632331, 0.26575204, 0.8352992433],
      [31, 5, 1, 0.4909090909, 0.1641932672, 0.16733090978, 0.7533997904],
      [34, 4, 1, 0.3681818182, 0.1626688858, 0.09282957494, 0.6570408324],
      [45, 3, 0, 0.3681818182, 0.1626688858, 0.09282957494, 0.6570408324],
      [48, 2, 1, 0.1840909091, 0.1534927458, 0.01173848012, 0.5250148427],
      [161, 1, 0, 0.1840909091, 0.1534927458, 0.01173848012, 0.5250148427],
    ], 1e-9);
    expect(m.median).toEqual({ time: 31, lower: 13, upper: null });
    const nm = kaplanMeier(AML.Nonmaintained.time, AML.Nonmaintained.status, { confType: 'log-log' });
    within(nm.steps[0].lower, 0.481714942195, 1e-9);
    within(nm.steps[8].upper, 0.3489038611, 1e-9);
    expect(nm.median).toEqual({ time: 23, lower: 5, upper: 33 });
  });

  it("conf.type = 'plain' (R survival 3.5-3, 10 digits; medians 31 (18, 48) and 23 (8, 33))", () => {
    const m = kaplanMeier(AML.Maintained.time, AML.Maintained.status, { confType: 'plain' });
    const lowers = [0.73920433313, 0.5902550588, 0.44217077872, 0.31448249195, 0.31448249195, 0.16909620065, 0.04935666056, 0.04935666056, 0, 0];
    const uppers = [1, 1, 0.9896474031, 0.9127902353, 0.9127902353, 0.8127219812, 0.6870069758, 0.6870069758, 0.4849311627, 0.4849311627];
    m.steps.forEach((s, i) => {
      within(s.lower, lowers[i], 1e-9);
      within(s.upper, uppers[i], 1e-9);
    });
    expect(m.median).toEqual({ time: 31, lower: 18, upper: 48 });
    const nm = kaplanMeier(AML.Nonmaintained.time, AML.Nonmaintained.status, { confType: 'plain' });
    within(nm.steps[7].lower, 0, 1e-12);
    within(nm.steps[7].upper, 0.4333140856, 1e-9);
    expect(nm.steps[9].lower).toBeNull();
    expect(nm.median).toEqual({ time: 23, lower: 8, upper: 33 });
  });

  // R: print(survfit(Surv(time, status) ~ 1, data = aml)) → n 23, events 18, median 27, 0.95LCL 18, 0.95UCL 45
  // and summary(fit, times = c(0, 5, 8.5, 13, 20, 48, 100, 161)) (R survival 3.5-3).
  it('pooled curve: median 27 (18, 45) and values at chosen times as summary(fit, times = ...)', () => {
    const time = [...AML.Maintained.time, ...AML.Nonmaintained.time];
    const status = [...AML.Maintained.status, ...AML.Nonmaintained.status];
    const km = kaplanMeier(time, status);
    expect(km.n).toBe(23);
    expect(km.events).toBe(18);
    expect(km.median).toEqual({ time: 27, lower: 18, upper: 45 });
    const expected: [number, number, number, number, number, number][] = [
      // t, n.risk, survival, std.err, lower, upper
      [0, 23, 1, 0, 1, 1],
      [5, 23, 0.913043478, 0.058753385, 0.804854798, 1],
      [8.5, 19, 0.826086957, 0.079034196, 0.684839468, 0.99646661],
      [13, 17, 0.695652174, 0.095943876, 0.530878342, 0.91156845],
      [20, 13, 0.645962733, 0.101142675, 0.475257725, 0.87798226],
      [48, 2, 0.082815735, 0.072661801, 0.014834608, 0.46232741],
      [100, 1, 0.082815735, 0.072661801, 0.014834608, 0.46232741],
      [161, 1, 0.082815735, 0.072661801, 0.014834608, 0.46232741],
    ];
    for (const [t, nRisk, s, se, lo, hi] of expected) {
      const p = kaplanMeierAt(km, t);
      expect(p.nRisk).toBe(nRisk);
      within(p.survival, s, 1e-8);
      within(p.se, se, 1e-8);
      within(p.lower, lo, 1e-8);
      within(p.upper, hi, 1e-8);
      expect(survivalAt(km, t)).toBe(p.survival);
    }
    // 1 − S(20) with (1 − upper, 1 − lower)
    const share = shareEventBy(km, 20);
    within(share.estimate, 1 - 0.645962733, 1e-8);
    within(share.lower, 1 - 0.87798226, 1e-8);
    within(share.upper, 1 - 0.475257725, 1e-8);
    expect(share.nRisk).toBe(13);
    expect(share.level).toBe(0.95);
    // beyond the last follow-up time (161, censored) the curve is not estimated (R's summary drops it)
    expect(() => survivalAt(km, 162)).toThrow(StatsInputError);
  });
});

describe('kaplanMeier: hand-checkable cases', () => {
  // 8 subjects; at t = 3 two events and one censoring, at 5 one event and one censoring, 7 censored,
  // 8 one event and one censoring. The censorings at 3 and 5 still count as at risk there (R's rule).
  //   S(3) = 6/8 = 0.75, S(5) = 0.75·4/5 = 0.6, S(8) = 0.6·1/2 = 0.3
  //   Greenwood Σ d/(n(n−d)) at 8 = 2/(8·6) + 1/(5·4) + 1/(2·1) = 0.591667 → se = 0.3·√0.591667 = 0.230760
  // R survival 3.5-3 agrees: std.err 0.15309311, 0.18165902, 0.23075962; lower 0.502701841, 0.331464624,
  // 0.066432121; upper 1; median 8 (5, NA).
  const time = [3, 3, 3, 5, 5, 7, 8, 8];
  const status = [1, 1, 0, 1, 0, 0, 1, 0];

  it('ties of events and censorings at the same time', () => {
    const km = kaplanMeier(time, status);
    expect(km.steps.map((s) => [s.time, s.nRisk, s.nEvent, s.nCensor])).toEqual([
      [3, 8, 2, 1],
      [5, 5, 1, 1],
      [7, 3, 0, 1],
      [8, 2, 1, 1],
    ]);
    expectSteps(km, [
      [3, 8, 2, 0.75, 0.75 * Math.sqrt(2 / 48), 0.502701841, 1],
      [5, 5, 1, 0.6, 0.6 * Math.sqrt(2 / 48 + 1 / 20), 0.331464624, 1],
      [7, 3, 0, 0.6, 0.18165902, 0.331464624, 1],
      [8, 2, 1, 0.3, 0.23075962, 0.066432121, 1],
    ], 1e-8);
    expect(km.median).toEqual({ time: 8, lower: 5, upper: null });
  });

  it('survivalAt is a right-continuous step function; shareEventBy mirrors the interval', () => {
    const km = kaplanMeier(time, status);
    expect(survivalAt(km, 0)).toBe(1);
    expect(survivalAt(km, 2.999)).toBe(1);
    expect(survivalAt(km, 3)).toBe(0.75);
    expect(survivalAt(km, 4.5)).toBe(0.75);
    expect(survivalAt(km, 5)).toBeCloseTo(0.6, 15);
    expect(survivalAt(km, 8)).toBeCloseTo(0.3, 15);
    const share = shareEventBy(km, 6);
    within(share.estimate, 0.4, 1e-15);
    within(share.lower, 0, 1e-15); // 1 − upper, upper capped at 1
    within(share.upper, 1 - 0.331464624, 1e-8);
    expect(share.nRisk).toBe(3);
    expect(kaplanMeierAt(km, 2).nRisk).toBe(8);
  });

  // R: survfit on t = 1, 2, 3+, 6 → S = 0.75, 0.5, 0.5, 0; print gives median 4 = (2 + 6)/2, LCL 1, UCL NA.
  it('a flat stretch at S = 0.5 gives the average of its two ends as median (R print.survfit)', () => {
    const km = kaplanMeier([1, 2, 3, 6], [1, 1, 0, 1]);
    expect(km.steps.map((s) => s.survival)).toEqual([0.75, 0.5, 0.5, 0]);
    expect(km.median).toEqual({ time: 4, lower: 1, upper: null });
    within(km.steps[1].lower, 0.18765893, 1e-8);
  });

  it('no events: S = 1 throughout, se 0, interval [1, 1], median and limits null (R: NA)', () => {
    const km = kaplanMeier([2, 3, 5], [0, 0, 0]);
    expect(km.events).toBe(0);
    for (const s of km.steps) {
      expect(s.survival).toBe(1);
      expect(s.se).toBe(0);
      expect(s.lower).toBe(1);
      expect(s.upper).toBe(1);
    }
    expect(km.median).toEqual({ time: null, lower: null, upper: null });
    expect(shareEventBy(km, 4).estimate).toBe(0);
    // log-log has no interval at S = 1 (R: NA)
    const ll = kaplanMeier([2, 3, 5], [false, false, false], { confType: 'log-log' });
    expect(ll.steps[0].lower).toBeNull();
  });

  it('all events at one time: one step, S = 0, median at that time, limits null (R: 4, NA, NA)', () => {
    const km = kaplanMeier([4, 4, 4, 4], [1, 1, 1, 1]);
    expect(km.steps).toEqual([{ time: 4, nRisk: 4, nEvent: 4, nCensor: 0, survival: 0, se: null, lower: null, upper: null }]);
    expect(km.median).toEqual({ time: 4, lower: null, upper: null });
    expect(survivalAt(km, 3)).toBe(1);
    expect(survivalAt(km, 10)).toBe(0); // the curve has reached 0, so it is known beyond the last time
    const share = shareEventBy(km, 10);
    expect(share.estimate).toBe(1);
    expect(share.lower).toBeNull();
  });

  it('a higher level gives wider intervals; input order does not matter; booleans equal 0/1', () => {
    const a = kaplanMeier(time, status);
    const b = kaplanMeier([...time].reverse(), [...status].reverse().map((s) => s === 1));
    expect(b).toEqual(a);
    const wide = kaplanMeier(time, status, { level: 0.99 });
    wide.steps.forEach((s, i) => {
      expect(s.lower as number).toBeLessThan(a.steps[i].lower as number);
    });
    expect(wide.method).toContain('99%');
  });
});

describe('kaplanMeier: invalid input', () => {
  it.each([
    ['unequal lengths', [1, 2], [1], {}],
    ['no subjects', [], [], {}],
    ['negative time', [1, -2], [1, 0], {}],
    ['NaN time', [1, Number.NaN], [1, 0], {}],
    ['infinite time', [Number.POSITIVE_INFINITY], [1], {}],
    ['status 2', [1, 2], [1, 2], {}],
    ['status 0.5', [1, 2], [1, 0.5], {}],
    ['level 1', [1, 2], [1, 0], { level: 1 }],
    ['unknown conf type', [1, 2], [1, 0], { confType: 'logit' }],
  ])('%s throws StatsInputError', (_name, t, e, opts) => {
    expect(() => kaplanMeier(t as number[], e as number[], opts as object)).toThrow(StatsInputError);
  });

  it('names the offending position', () => {
    expect(() => kaplanMeier([1, 2, 3], [1, 0, 7])).toThrow(/event indicator 3 is 7/);
    expect(() => survivalAt(kaplanMeier([1], [0]), Number.NaN)).toThrow(StatsInputError);
  });
});
