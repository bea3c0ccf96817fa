/**
 * Probability distributions, from the stdlib.js ports of long-tested numerical code (Cephes, Boost);
 * hefboom does not hand-roll special functions. Upper tails (`*Sf`) are computed directly, not as
 * 1 − cdf, so small p-values keep their relative precision.
 */
import normalCdfImpl from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';
import chisqCdfImpl from '@stdlib/stats-base-dists-chisquare-cdf';
import chisqQuantileImpl from '@stdlib/stats-base-dists-chisquare-quantile';
import fCdfImpl from '@stdlib/stats-base-dists-f-cdf';
import fQuantileImpl from '@stdlib/stats-base-dists-f-quantile';
import betaCdfImpl from '@stdlib/stats-base-dists-beta-cdf';
import betaQuantileImpl from '@stdlib/stats-base-dists-beta-quantile';
import binomCdfImpl from '@stdlib/stats-base-dists-binomial-cdf';
import binomPmfImpl from '@stdlib/stats-base-dists-binomial-pmf';
import hyperCdfImpl from '@stdlib/stats-base-dists-hypergeometric-cdf';
import hyperPmfImpl from '@stdlib/stats-base-dists-hypergeometric-pmf';
import gammalnImpl from '@stdlib/math-base-special-gammaln';
import gammaincImpl from '@stdlib/math-base-special-gammainc';
import betaincImpl from '@stdlib/math-base-special-betainc';

/** Standard normal (or N(mu, sigma)) CDF. */
export const normalCdf = (x: number, mu = 0, sigma = 1): number => normalCdfImpl(x, mu, sigma);
/** P(Z > z), computed by symmetry. */
export const normalSf = (x: number, mu = 0, sigma = 1): number => normalCdfImpl(2 * mu - x, mu, sigma);
export const normalQuantile = (p: number, mu = 0, sigma = 1): number => normalQuantileImpl(p, mu, sigma);

export const tCdf = (t: number, df: number): number => tCdfImpl(t, df);
/** P(T > t), by symmetry. */
export const tSf = (t: number, df: number): number => tCdfImpl(-t, df);
export const tQuantile = (p: number, df: number): number => tQuantileImpl(p, df);

export const chisqCdf = (x: number, df: number): number => chisqCdfImpl(x, df);
/** P(X > x) = Q(df/2, x/2), the regularised upper incomplete gamma function. */
export const chisqSf = (x: number, df: number): number => (x <= 0 ? 1 : gammaincImpl(x / 2, df / 2, true, true));
export const chisqQuantile = (p: number, df: number): number => chisqQuantileImpl(p, df);

export const fCdf = (x: number, d1: number, d2: number): number => fCdfImpl(x, d1, d2);
/** P(F > x) = I_{d2/(d2 + d1 x)}(d2/2, d1/2), the regularised incomplete beta function. */
export const fSf = (x: number, d1: number, d2: number): number => (x <= 0 ? 1 : betaincImpl(d2 / (d2 + d1 * x), d2 / 2, d1 / 2, true, false));
export const fQuantile = (p: number, d1: number, d2: number): number => fQuantileImpl(p, d1, d2);

export const betaCdf = (x: number, a: number, b: number): number => betaCdfImpl(x, a, b);
export const betaQuantile = (p: number, a: number, b: number): number => betaQuantileImpl(p, a, b);

export const binomCdf = (k: number, n: number, p: number): number => binomCdfImpl(k, n, p);
export const binomPmf = (k: number, n: number, p: number): number => binomPmfImpl(k, n, p);

/** Hypergeometric: population N, K successes in it, n draws (stdlib's order). */
export const hypergeomPmf = (k: number, N: number, K: number, n: number): number => hyperPmfImpl(k, N, K, n);
export const hypergeomCdf = (k: number, N: number, K: number, n: number): number => hyperCdfImpl(k, N, K, n);

/** ln Γ(x). */
export const lgamma = (x: number): number => gammalnImpl(x);
/** ln C(n, k). */
export const lchoose = (n: number, k: number): number => gammalnImpl(n + 1) - gammalnImpl(k + 1) - gammalnImpl(n - k + 1);
/** Regularised incomplete beta I_x(a, b) (upper = 1 − I). */
export const betaInc = (x: number, a: number, b: number, upper = false): number => betaincImpl(x, a, b, true, upper);
/** Regularised lower (or upper) incomplete gamma P(a, x). */
export const gammaInc = (x: number, a: number, upper = false): number => gammaincImpl(x, a, true, upper);
