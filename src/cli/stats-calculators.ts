/**
 * The calculators of `hefboom stats`: how each one reads its input (columns, a matrix, flags) and
 * which function of src/stats it calls. The README documents every calculator with an example.
 */
import type { Command } from 'commander';
import type { DataTable } from '../io/data-table.js';
import { StatsInputError } from '../stats/types.js';
import { UsageError } from './common.js';
import { proportionWilson } from '../stats/proportion-wilson.js';
import { proportionClopperPearson } from '../stats/proportion-clopper-pearson.js';
import { binomialTest } from '../stats/binomial-test.js';
import { grim } from '../stats/grim.js';
import { tTestTwoSample } from '../stats/t-test-two-sample.js';
import { tTestPaired } from '../stats/t-test-paired.js';
import { mannWhitney } from '../stats/mann-whitney.js';
import { wilcoxonSignedRank } from '../stats/wilcoxon-signed-rank.js';
import { kruskalWallis } from '../stats/kruskal-wallis.js';
import { anovaOneWay } from '../stats/anova-one-way.js';
import { anovaWelch } from '../stats/anova-welch.js';
import { pairwiseTests } from '../stats/pairwise-holm.js';
import { cohensD } from '../stats/cohens-d.js';
import { hedgesG } from '../stats/hedges-g.js';

export interface CalculatorContext {
  table?: DataTable;
  flags: Record<string, unknown>;
  level: number;
  /** A numeric column by name (errors name line and column). */
  column(name: string, flag: string): (number | null)[];
  /** A text column by name (empty = null). */
  textColumn(name: string, flag: string): (string | null)[];
  /** The numeric matrix of the table without its label column (`--id` or detected). */
  matrix(): { labels?: string[]; columns: string[]; matrix: (number | null)[][] };
}

export interface Calculator {
  name: string;
  summary: string;
  /** 'none': flags only; 'file': a table from FILE or stdin; 'optional': a table when `needsTable(flags)`. */
  input: 'none' | 'file' | 'optional';
  needsTable?: (flags: Record<string, unknown>) => boolean;
  examples: string[];
  options(cmd: Command): void;
  run(ctx: CalculatorContext): Record<string, unknown>;
}

/** Values of a column without missing ones; the count of dropped cells goes into the result. */
export function complete(values: (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null);
}

/** Split a value column by a group column (rows with a missing value or group are dropped). */
export function groupsBy(values: (number | null)[], groups: (string | null)[]): { names: string[]; groups: number[][]; dropped: number } {
  const map = new Map<string, number[]>();
  let dropped = 0;
  values.forEach((v, i) => {
    const g = groups[i];
    if (v === null || g === null) { dropped++; return; }
    if (!map.has(g)) map.set(g, []);
    map.get(g)!.push(v);
  });
  const names = [...map.keys()].sort((a, b) => a.localeCompare(b, 'nl', { numeric: true }));
  return { names, groups: names.map((n) => map.get(n)!), dropped };
}

/** Two value columns as complete pairs. */
export function pairs(x: (number | null)[], y: (number | null)[]): { x: number[]; y: number[]; dropped: number } {
  const a: number[] = [];
  const b: number[] = [];
  let dropped = 0;
  x.forEach((v, i) => { if (v === null || y[i] === null) dropped++; else { a.push(v); b.push(y[i]!); } });
  return { x: a, y: b, dropped };
}

export function requireFlag(ctx: CalculatorContext, name: string, example: string): string {
  const v = ctx.flags[name];
  if (typeof v !== 'string' || !v) throw new UsageError(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is required`, example);
  return v;
}

export function alternativeFlag(ctx: CalculatorContext): 'two-sided' | 'less' | 'greater' {
  const a = String(ctx.flags.alternative ?? 'two-sided');
  if (a !== 'two-sided' && a !== 'less' && a !== 'greater') throw new UsageError(`--alternative must be two-sided, less or greater, not "${a}"`);
  return a;
}

export function numberFlag(ctx: CalculatorContext, name: string, opts: { integer?: boolean; min?: number } = {}): number | undefined {
  const v = ctx.flags[name];
  if (v === undefined) return undefined;
  const n = Number(String(v).replace(',', '.'));
  if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min)) {
    throw new UsageError(`--${name} expects ${opts.integer ? 'a whole number' : 'a number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}, got "${String(v)}"`);
  }
  return n;
}

export function nonEmpty<T>(xs: T[], what: string): T[] {
  if (!xs.length) throw new StatsInputError(`no ${what}: every value is missing`);
  return xs;
}

const proportion: Calculator = {
  name: 'proportion',
  summary: 'a proportion with its Wilson or Clopper–Pearson interval; exact binomial test with --p0',
  input: 'optional',
  needsTable: (f) => f.column !== undefined,
  examples: [
    'hefboom stats proportion --x 52 --n 100',
    'hefboom stats proportion --x 682 --n 925 --method clopper-pearson --p0 0.75',
    'hefboom stats proportion enquete.csv --column effect --success ja',
  ],
  options: (cmd) => cmd
    .option('--x <count>', 'number of successes')
    .option('--n <count>', 'number of trials')
    .option('--column <col>', 'count successes in this column of the table instead (empty cells are missing)')
    .option('--success <value>', 'the value that counts as a success in --column', '1')
    .option('--method <m>', 'wilson | wilson-cc | clopper-pearson', 'wilson')
    .option('--p0 <p>', 'also run the exact binomial test of p = p0')
    .option('--alternative <a>', 'two-sided | less | greater (binomial test)', 'two-sided'),
  run: (ctx) => {
    let x: number;
    let n: number;
    let missing = 0;
    if (ctx.flags.column !== undefined) {
      const cells = ctx.textColumn(String(ctx.flags.column), '--column');
      const success = String(ctx.flags.success).toLowerCase();
      const present = cells.filter((c): c is string => c !== null);
      missing = cells.length - present.length;
      n = present.length;
      x = present.filter((c) => c.toLowerCase() === success).length;
    } else {
      const xx = numberFlag(ctx, 'x', { integer: true, min: 0 });
      const nn = numberFlag(ctx, 'n', { integer: true, min: 1 });
      if (xx === undefined || nn === undefined) throw new UsageError('give --x and --n, or a table with --column', 'hefboom stats proportion --x 52 --n 100');
      x = xx;
      n = nn;
    }
    const method = String(ctx.flags.method);
    const interval = method === 'wilson' || method === 'wilson-cc'
      ? proportionWilson(x, n, { level: ctx.level, continuity: method === 'wilson-cc' })
      : method === 'clopper-pearson'
        ? proportionClopperPearson(x, n, { level: ctx.level })
        : (() => { throw new UsageError(`unknown --method "${method}"`, 'use wilson, wilson-cc or clopper-pearson'); })();
    const p0 = numberFlag(ctx, 'p0');
    const test = p0 === undefined ? undefined : binomialTest(x, n, { p0, alternative: alternativeFlag(ctx), level: ctx.level });
    return { ...interval, ...(missing ? { missing } : {}), ...(test ? { binomialTest: { p: test.p, p0: test.p0, alternative: test.alternative, ci: test.ci, method: test.method } } : {}) };
  },
};

const grimCheck: Calculator = {
  name: 'grim',
  summary: 'is a reported percentage or mean achievable with n respondents (GRIM-style check)',
  input: 'none',
  examples: ['hefboom stats grim --n 45 --percent 37', 'hefboom stats grim --n 28 --mean 3.41 --items 1 --decimals 2'],
  options: (cmd) => cmd
    .option('--n <count>', 'number of respondents')
    .option('--percent <p>', 'the reported percentage')
    .option('--mean <m>', 'the reported mean of integer-valued items')
    .option('--items <k>', 'items averaged per respondent (for --mean)', '1')
    .option('--decimals <d>', 'decimals the value was reported with', '0')
    .option('--rounding <r>', 'half-up | half-even | either', 'half-up'),
  run: (ctx) => {
    const n = numberFlag(ctx, 'n', { integer: true, min: 1 });
    if (n === undefined) throw new UsageError('--n is required', 'hefboom stats grim --n 45 --percent 37');
    const rounding = String(ctx.flags.rounding);
    if (rounding !== 'half-up' && rounding !== 'half-even' && rounding !== 'either') throw new UsageError('--rounding must be half-up, half-even or either');
    return { ...grim({
      n,
      percent: numberFlag(ctx, 'percent'),
      mean: numberFlag(ctx, 'mean'),
      items: numberFlag(ctx, 'items', { integer: true, min: 1 }),
      decimals: numberFlag(ctx, 'decimals', { integer: true, min: 0 }),
      rounding,
    }) };
  },
};

/** `--value COL --group COL` → the groups (sorted by name), with the dropped-row count. */
function valueGroups(ctx: CalculatorContext, example: string) {
  const value = requireFlag(ctx, 'value', example);
  const group = requireFlag(ctx, 'group', example);
  return groupsBy(ctx.column(value, '--value'), ctx.textColumn(group, '--group'));
}

/** `--paired A,B` → complete pairs. */
function pairedColumns(ctx: CalculatorContext, example: string) {
  const spec = requireFlag(ctx, 'paired', example).split(',').map((c) => c.trim());
  if (spec.length !== 2) throw new UsageError('--paired expects two columns: --paired voor,na', example);
  return { names: spec, ...pairs(ctx.column(spec[0], '--paired'), ctx.column(spec[1], '--paired')) };
}

function twoGroups(g: { names: string[]; groups: number[][] }): void {
  if (g.names.length !== 2) throw new StatsInputError(`--group must have exactly two values for this test; found ${g.names.length}: ${g.names.slice(0, 5).join(', ')}`, 'filter the table to two groups, or use kruskal/anova for more');
}

const ttest: Calculator = {
  name: 'ttest',
  summary: 'two-sample t test (Welch by default, or Student) or paired t test, with Cohen\'s d and Hedges\' g',
  input: 'file',
  examples: ['hefboom stats ttest scores.csv --value score --group traject', 'hefboom stats ttest metingen.csv --paired begin,eind'],
  options: (cmd) => cmd
    .option('--value <col>', 'numeric column').option('--group <col>', 'group column (two values)')
    .option('--paired <a,b>', 'two columns measured on the same units')
    .option('--student', 'equal variances (Student) instead of Welch').option('--welch', 'Welch (the default)')
    .option('--alternative <a>', 'two-sided | less | greater', 'two-sided').option('--mu <m>', 'difference under the null', '0'),
  run: (ctx) => {
    const alternative = alternativeFlag(ctx);
    const mu = numberFlag(ctx, 'mu') ?? 0;
    if (ctx.flags.paired !== undefined) {
      const p = pairedColumns(ctx, 'hefboom stats ttest data.csv --paired begin,eind');
      return { columns: p.names, ...tTestPaired(p.x, p.y, { alternative, level: ctx.level, mu }), droppedRows: p.dropped };
    }
    const g = valueGroups(ctx, 'hefboom stats ttest data.csv --value score --group traject');
    twoGroups(g);
    const [x, y] = g.groups;
    return {
      groups: g.names,
      ...tTestTwoSample(x, y, { welch: !ctx.flags.student, alternative, level: ctx.level, mu }),
      cohensD: cohensD(x, y).d,
      hedgesG: hedgesG(x, y).g,
      droppedRows: g.dropped,
    };
  },
};

const mannwhitney: Calculator = {
  name: 'mannwhitney',
  summary: 'Mann–Whitney U (Wilcoxon rank-sum) test: exact without ties for small n, else normal with tie correction',
  input: 'file',
  examples: ['hefboom stats mannwhitney scores.csv --value score --group rol'],
  options: (cmd) => cmd
    .option('--value <col>', 'numeric column').option('--group <col>', 'group column (two values)')
    .option('--exact', 'exact p-value').option('--normal', 'normal approximation')
    .option('--no-continuity', 'no continuity correction in the normal approximation')
    .option('--alternative <a>', 'two-sided | less | greater', 'two-sided'),
  run: (ctx) => {
    const g = valueGroups(ctx, 'hefboom stats mannwhitney data.csv --value score --group rol');
    twoGroups(g);
    const method = ctx.flags.exact ? 'exact' : ctx.flags.normal ? 'normal' : 'auto';
    return { groups: g.names, ...mannWhitney(g.groups[0], g.groups[1], { method, continuity: ctx.flags.continuity !== false, alternative: alternativeFlag(ctx) }), droppedRows: g.dropped };
  },
};

const wilcoxon: Calculator = {
  name: 'wilcoxon',
  summary: 'Wilcoxon signed-rank test on paired columns (exact or normal approximation)',
  input: 'file',
  examples: ['hefboom stats wilcoxon metingen.csv --paired begin,eind'],
  options: (cmd) => cmd
    .option('--paired <a,b>', 'two columns measured on the same units')
    .option('--exact', 'exact p-value').option('--normal', 'normal approximation')
    .option('--no-continuity', 'no continuity correction in the normal approximation')
    .option('--alternative <a>', 'two-sided | less | greater', 'two-sided'),
  run: (ctx) => {
    const p = pairedColumns(ctx, 'hefboom stats wilcoxon data.csv --paired begin,eind');
    const method = ctx.flags.exact ? 'exact' : ctx.flags.normal ? 'normal' : 'auto';
    return { columns: p.names, ...wilcoxonSignedRank(p.x, p.y, { method, continuity: ctx.flags.continuity !== false, alternative: alternativeFlag(ctx) }), droppedRows: p.dropped };
  },
};

const kruskal: Calculator = {
  name: 'kruskal',
  summary: 'Kruskal–Wallis test with tie correction, ε², and Holm-adjusted pairwise Mann–Whitney tests',
  input: 'file',
  examples: ['hefboom stats kruskal scores.csv --value score --group werkgever'],
  options: (cmd) => cmd.option('--value <col>', 'numeric column').option('--group <col>', 'group column (≥ 2 values)'),
  run: (ctx) => {
    const g = valueGroups(ctx, 'hefboom stats kruskal data.csv --value score --group werkgever');
    return { groups: g.names, ...kruskalWallis(g.groups), pairwise: g.names.length > 2 ? pairwiseTests(g.groups, { test: 'mannwhitney', labels: g.names }) : [], droppedRows: g.dropped };
  },
};

const anova: Calculator = {
  name: 'anova',
  summary: 'one-way ANOVA (classic, or Welch\'s with --welch), η², and Holm-adjusted pairwise Welch t tests',
  input: 'file',
  examples: ['hefboom stats anova scores.csv --value score --group traject_type', 'hefboom stats anova scores.csv --value score --group traject_type --welch'],
  options: (cmd) => cmd.option('--value <col>', 'numeric column').option('--group <col>', 'group column (≥ 2 values)').option('--welch', 'Welch\'s heteroscedastic ANOVA'),
  run: (ctx) => {
    const g = valueGroups(ctx, 'hefboom stats anova data.csv --value score --group traject_type');
    const main = ctx.flags.welch ? { ...anovaWelch(g.groups), etaSquared: anovaOneWay(g.groups).etaSquared } : anovaOneWay(g.groups);
    return { groups: g.names, ...main, pairwise: g.names.length > 2 ? pairwiseTests(g.groups, { test: 'welch', labels: g.names }) : [], droppedRows: g.dropped };
  },
};

export const CALCULATORS: Calculator[] = [proportion, ttest, mannwhitney, wilcoxon, kruskal, anova, grimCheck];
