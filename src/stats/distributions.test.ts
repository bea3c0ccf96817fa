import { describe, expect, it } from 'vitest';
import { betaInc, chisqQuantile, chisqSf, fSf, normalQuantile, normalSf, tQuantile, tSf, lchoose, hypergeomPmf, binomCdf } from './distributions.js';

// Values from R 4.x (pt, qt, pchisq, qchisq, pf, qnorm, pnorm, choose, dhyper, pbinom).
describe('distributions agree with R to 1e-10', () => {
  it.each([
    ['pt(2.5, 10, lower=FALSE)', tSf(2.5, 10), 0.01572342211830441],
    ['qt(0.975, 10)', tQuantile(0.975, 10), 2.228138851986274],
    ['pchisq(3.84, 1, lower=FALSE)', chisqSf(3.84, 1), 0.05004352124870519],
    ['qchisq(0.95, 4)', chisqQuantile(0.95, 4), 9.487729036781154],
    ['pf(4, 2, 10, lower=FALSE)', fSf(4, 2, 10), 0.05292214940134462],
    ['qnorm(0.975)', normalQuantile(0.975), 1.959963984540054],
    ['pnorm(3, lower=FALSE)', normalSf(3), 0.001349898031630095],
    ['dhyper(3, 4, 4, 4)', hypergeomPmf(3, 8, 4, 4), 0.2285714285714286],
    ['pbinom(3, 10, 0.5)', binomCdf(3, 10, 0.5), 0.171875],
  ])('%s', (_name, got, want) => {
    expect(Math.abs(got - want)).toBeLessThan(1e-10);
  });
  it('keeps relative precision in far upper tails', () => {
    // χ²₁ tail = 2·P(Z > √x); P(Z > 10) = 7.619853024160527e-24, so pchisq(100, 1, lower=FALSE) = 1.523970604832105e-23
    expect(chisqSf(100, 1) / 1.523970604832105e-23).toBeCloseTo(1, 8);
    // P(T > t) = ½ I_{ν/(ν+t²)}(ν/2, ½) exactly; a far tail must match it in relative terms.
    const viaBeta = 0.5 * betaInc(30 / (30 + 400), 15, 0.5);
    expect(tSf(20, 30) / viaBeta).toBeCloseTo(1, 9);
    expect(tSf(20, 30)).toBeLessThan(1e-17);
  });
  it('lchoose', () => {
    expect(Math.exp(lchoose(10, 3))).toBeCloseTo(120, 9);
  });
});
