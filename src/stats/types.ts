/** Shapes shared by the statistics functions. */

export type Alternative = 'two-sided' | 'less' | 'greater';

/** A confidence interval. `level` is the confidence level (0.95). */
export interface Interval { lower: number; upper: number; level: number }

/**
 * Input a statistic cannot be computed on (a constant variable, a single group, n < 2, …). The CLI
 * turns it into a clear message and exit 2; the functions never return NaN in silence.
 */
export class StatsInputError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'StatsInputError';
  }
}
