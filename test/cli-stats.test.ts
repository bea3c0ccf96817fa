/**
 * `hefboom stats` as a user runs it: the same numbers as the functions (published reference values),
 * and degenerate input gives a clear message and exit 2, never NaN in silence.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hefboom, json } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hefboom-stats-'));
function csv(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

// Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders × 12 units, published
// α = 0.743 (nominal), 0.815 (ordinal), 0.849 (interval), 0.797 (ratio); six-digit values as in
// ../shared/reference/statistics.json (cases kripp-2011-*).
const kripp = csv('k.csv', [
  'coder,u1,u2,u3,u4,u5,u6,u7,u8,u9,u10,u11,u12',
  'A,1,2,3,3,2,1,4,1,2,,,',
  'B,1,2,3,3,2,2,4,1,2,5,,3',
  'C,,3,3,3,2,3,4,2,2,5,1,',
  'D,1,2,3,3,2,4,4,1,2,5,1,',
].join('\n'));

// R datasets::sleep (Cushny & Peebles), as in R's ?t.test.
const sleepRows = [[0.7, 1.9], [-1.6, 0.8], [-0.2, 1.1], [-1.2, 0.1], [-0.1, -0.1], [3.4, 4.4], [3.7, 5.5], [0.8, 1.6], [0.0, 4.6], [2.0, 3.4]];
const sleepLong = csv('sleep.csv', ['extra;group', ...sleepRows.map(([a]) => `${String(a).replace('.', ',')};1`), ...sleepRows.map(([, b]) => `${String(b).replace('.', ',')};2`)].join('\n'));
const sleepWide = csv('sleep-wide.csv', ['een,twee', ...sleepRows.map(([a, b]) => `${a},${b}`)].join('\n'));

describe('calculators reproduce published values', () => {
  it.each([
    ['nominal', 0.743421],
    ['ordinal', 0.815388],
    ['interval', 0.849107],
    ['ratio', 0.797403],
  ])('alpha --metric %s on the Krippendorff (2011) example', (metric, want) => {
    const r = hefboom(['stats', 'alpha', kripp, '--metric', metric, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json(r).result.alpha).toBeCloseTo(want, 5);
  });
  it('the acceptance example prints 0.8154 for ordinal α', () => {
    const r = hefboom(['stats', 'alpha', kripp, '--metric', 'ordinal']);
    expect(r.stdout).toMatch(/^alpha\s+0\.815388$/m);
  });
  it('ttest (Welch) on the sleep data, read from stdin with ; and decimal commas (R: t = -1.8608, df = 17.776, p = 0.07939)', () => {
    const out = json(hefboom(['stats', 'ttest', '--value', 'extra', '--group', 'group', '--format', 'json'], { input: readFileSync(sleepLong, 'utf8') })).result;
    expect(out.statistic).toBeCloseTo(-1.8608, 4);
    expect(out.df).toBeCloseTo(17.776, 3);
    expect(out.p).toBeCloseTo(0.07939, 5);
    expect(out.ci.lower).toBeCloseTo(-3.3654832, 6);
  });
  it('paired ttest on the sleep data (R: t = -4.0621, df = 9, p = 0.002833)', () => {
    const out = json(hefboom(['stats', 'ttest', sleepWide, '--paired', 'een,twee', '--format', 'json'])).result;
    expect(out.statistic).toBeCloseTo(-4.0621, 4);
    expect(out.df).toBe(9);
    expect(out.p).toBeCloseTo(0.002833, 6);
  });
  it('proportion 52/100 (R prop.test(52, 100, correct = FALSE): 0.4231658 to 0.6153545)', () => {
    const out = json(hefboom(['stats', 'proportion', '--x', '52', '--n', '100', '--format', 'json'])).result;
    expect(out.ci.lower).toBeCloseTo(0.4231658, 7);
    expect(out.ci.upper).toBeCloseTo(0.6153545, 7);
  });
  it('proportion with --p0 runs R binom.test(682, 925, p = 0.75): p = 0.3825', () => {
    const out = json(hefboom(['stats', 'proportion', '--x', '682', '--n', '925', '--method', 'clopper-pearson', '--p0', '0.75', '--format', 'json'])).result;
    expect(out.binomialTest.p).toBeCloseTo(0.3825, 4);
    expect(out.ci.lower).toBeCloseTo(0.7076683, 6);
  });
  it('one-sided intervals write Infinity as a string in JSON', () => {
    const out = json(hefboom(['stats', 'ttest', sleepLong, '--value', 'extra', '--group', 'group', '--alternative', 'less', '--format', 'json'])).result;
    expect(out.ci.lower).toBe('-Infinity');
  });
  it('survival on R\'s aml data (survival package): medians 31 and 23 weeks, log-rank chisq 3.396, p 0.0653', () => {
    // R: survfit(Surv(time, status) ~ x, data = aml) → medians 31 [18, NA] and 23 [8, NA];
    //    survdiff(Surv(time, status) ~ x, data = aml) → Chisq 3.3963886989776, p 0.0653393220405051.
    const rows = [
      ...[9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161].map((t, i) => `${t};${[1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0][i]};Maintained`),
      ...[5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45].map((t, i) => `${t};${[1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1][i]};Nonmaintained`),
    ];
    const r = hefboom(['stats', 'survival', '--time', 'time', '--event', 'status', '--group', 'x', '--format', 'json'], { input: ['time;status;x', ...rows].join('\n') });
    expect(r.code, r.stderr).toBe(0);
    const out = json(r).result;
    expect(out.groups.map((g: { group: string; n: number; events: number; median: { time: number; lower: number; upper: number | null } }) => [g.group, g.n, g.events, g.median.time, g.median.lower, g.median.upper]))
      .toEqual([['Maintained', 11, 7, 31, 18, null], ['Nonmaintained', 12, 11, 23, 8, null]]);
    expect(out.logRank.chiSquare).toBeCloseTo(3.3963886989776, 9);
    expect(out.logRank.p).toBeCloseTo(0.0653393220405051, 10);
  });

  it('grim: 37 % of 45 is not achievable', () => {
    const out = json(hefboom(['stats', 'grim', '--n', '45', '--percent', '37', '--format', 'json'])).result;
    expect(out.consistent).toBe(false);
  });
  it('grim: the education shares of the ESF practice model (seed 001, N = 441) — decimals as written', () => {
    const check = (p: string) => json(hefboom(['stats', 'grim', '--n', '441', '--percent', p, '--format', 'json'])).result;
    // 216/441 = 48.98 % and 68/441 = 15.42 %: no count gives 48.9 % or 15.5 %; 157/441 = 35.60 % does give 35.6 %.
    expect([check('48.9').consistent, check('15.5').consistent, check('35.6').consistent]).toEqual([false, false, true]);
    expect(check('35.6').candidates).toEqual([157]);
    expect(check('48.9').decimals).toBe(1);
  });
});

describe('degenerate input: a clear message and exit 2', () => {
  const fails = (args: string[], pattern: RegExp, input?: string) => {
    const r = hefboom(['stats', ...args], { input });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/NaN|\n\s+at /);
  };
  it('a constant variable', () => {
    fails(['ttest', csv('const.csv', 'v,g\n1,a\n1,a\n1,b\n1,b\n'), '--value', 'v', '--group', 'g'], /constant/i);
    fails(['ols', csv('const-x.csv', 'y,x\n1,2\n2,2\n3,2\n'), '--y', 'y', '--x', 'x'], /column "x" is constant/);
  });
  it('a survival event column that is not 0/1', () => {
    fails(['survival', csv('surv.csv', 't,e\n3,1\n5,2\n'), '--time', 't', '--event', 'e'], /--event must be 0 \(censored\) or 1 \(event\); data row 2 has 2/);
  });
  it('a single group', () => {
    fails(['anova', csv('one.csv', 'v,g\n1,a\n2,a\n3,a\n'), '--value', 'v', '--group', 'g'], /group/i);
    fails(['ttest', csv('one2.csv', 'v,g\n1,a\n2,a\n3,a\n'), '--value', 'v', '--group', 'g'], /exactly two values/);
  });
  it('n < 2 in a group', () => {
    fails(['ttest', csv('small.csv', 'v,g\n1,a\n2,a\n3,b\n'), '--value', 'v', '--group', 'g'], /at least 2|fewer than 2|< 2|2 values/i);
  });
  it('an all-missing column', () => {
    fails(['ttest', csv('empty.csv', 'v,g\n,a\n,a\n,b\n,b\n'), '--value', 'v', '--group', 'g'], /exactly two values|missing|no /i);
  });
  it('a non-square confusion table for kappa', () => {
    fails(['kappa', csv('rect.csv', 'r,a,b,c\nx,1,2,3\ny,4,5,6\n')], /square/i);
  });
  it('a non-numeric cell names its line and column', () => {
    fails(['ttest', csv('text.csv', 'v,g\n1,a\n2,a\nveel,b\n4,b\n'), '--value', 'v', '--group', 'g'], /text\.csv:4:1: error \[v\]: "veel" in column "v" is not a number/);
  });
  it('a missing column names the columns found', () => {
    fails(['ttest', sleepLong, '--value', 'extr', '--group', 'group'], /columns found: extra, group/);
  });
  it('perfect separation in logistic regression is a warning naming the variable (exit 0)', () => {
    const r = hefboom(['stats', 'logistic', csv('sep.csv', 'y,uren,x2\n0,1,3\n0,2,1\n0,3,4\n1,4,1\n1,5,5\n1,6,2\n'), '--y', 'y', '--x', 'uren,x2', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*uren/);
    expect(json(r).result.warnings.join(' ')).toContain('uren');
  });
  it('an unknown calculator and a bad option value are usage errors', () => {
    expect(hefboom(['stats', 'regressie']).code).toBe(2);
    fails(['alpha', kripp, '--metric', 'nominaal'], /--metric must be/);
    fails(['proportion', '--x', '5'], /give --x and --n/);
  });
});
