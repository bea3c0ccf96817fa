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
import { cohenKappa } from '../stats/cohen-kappa.js';
import { fleissKappa } from '../stats/fleiss-kappa.js';
import { krippendorffAlpha } from '../stats/krippendorff-alpha.js';
import { krippendorffAlphaBootstrap } from '../stats/krippendorff-alpha-bootstrap.js';
import { percentAgreement } from '../stats/percent-agreement.js';
import { brennanPrediger } from '../stats/brennan-prediger.js';
import { cronbachAlpha } from '../stats/cronbach-alpha.js';
import { icc } from '../stats/icc.js';
import { iccClusters } from '../stats/icc-clusters.js';
import { ols } from '../stats/ols.js';
import { logisticRegression } from '../stats/logistic-regression.js';
import { kaplanMeier, type KaplanMeierConfType } from '../stats/kaplan-meier.js';
import { logRank } from '../stats/log-rank.js';
import { chiSquareIndependence } from '../stats/chi-square-independence.js';
import { fisherExact2x2 } from '../stats/fisher-exact-2x2.js';
import { fisherExactRxC } from '../stats/fisher-exact-rxc.js';
import { pearsonCorrelation } from '../stats/pearson-correlation.js';
import { spearmanCorrelation } from '../stats/spearman-correlation.js';
import { kendallTauB } from '../stats/kendall-tau-b.js';

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

/** Decimals of a number as the user typed it (`48.9` → 1, `3,41` → 2, `37` → 0). */
export function writtenDecimals(raw: unknown): number {
  const m = /[.,](\d+)\s*%?\s*$/.exec(String(raw ?? '').trim());
  return m ? m[1].length : 0;
}

const grimCheck: Calculator = {
  name: 'grim',
  summary: 'is a reported percentage or mean achievable with n respondents (GRIM-style check)',
  input: 'none',
  examples: ['hefboom stats grim --n 441 --percent 48.9', 'hefboom stats grim --n 45 --percent 37', 'hefboom stats grim --n 28 --mean 3.41 --items 1'],
  options: (cmd) => cmd
    .option('--n <count>', 'number of respondents')
    .option('--percent <p>', 'the reported percentage')
    .option('--mean <m>', 'the reported mean of integer-valued items')
    .option('--items <k>', 'items averaged per respondent (for --mean)', '1')
    .option('--decimals <d>', 'decimals the value was reported with (default: as written, so 48.9 has 1)')
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
      decimals: numberFlag(ctx, 'decimals', { integer: true, min: 0 }) ?? writtenDecimals(ctx.flags.percent ?? ctx.flags.mean),
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
    .option('--continuity', 'continuity correction in the normal approximation (the default, as R)')
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
    .option('--continuity', 'continuity correction in the normal approximation (the default, as R)')
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

/** A matrix without missing cells (count tables). */
function completeMatrix(m: { matrix: (number | null)[][] }, what: string): number[][] {
  return m.matrix.map((row, i) => row.map((v, j) => {
    if (v === null) throw new StatsInputError(`${what}: cell in data row ${i + 1}, column ${j + 1} is empty`, 'count tables need a number in every cell (0 for none)');
    return v;
  }));
}

const kappa: Calculator = {
  name: 'kappa',
  summary: 'Cohen\'s κ (unweighted, linear or quadratic weights) with SE and CI, percent agreement and Brennan–Prediger κ',
  input: 'file',
  examples: ['hefboom stats kappa dubbel.csv --raters annelies,bert', 'hefboom stats kappa kruistabel.csv --weights linear'],
  options: (cmd) => cmd
    .option('--raters <a,b>', 'two columns of ratings (long layout); without it the table is a square confusion table')
    .option('--weights <w>', 'none | linear | quadratic', 'none')
    .option('--id <col>', 'label column of a confusion table'),
  run: (ctx) => {
    const weights = String(ctx.flags.weights);
    if (weights !== 'none' && weights !== 'linear' && weights !== 'quadratic') throw new UsageError('--weights must be none, linear or quadratic');
    if (ctx.flags.raters !== undefined) {
      const cols = String(ctx.flags.raters).split(',').map((c) => c.trim());
      if (cols.length !== 2) throw new UsageError('--raters expects two columns: --raters annelies,bert');
      const a = ctx.textColumn(cols[0], '--raters');
      const b = ctx.textColumn(cols[1], '--raters');
      // Numeric ratings keep their numeric order (weights use category positions).
      const num = (xs: (string | null)[]) => (xs.every((x) => x === null || /^-?\d+([.,]\d+)?$/.test(x)) ? xs.map((x) => (x === null ? null : Number(x.replace(',', '.')))) : xs);
      const [ra, rb] = [num(a), num(b)];
      return {
        raters: cols,
        ...cohenKappa({ a: ra, b: rb }, { weights, level: ctx.level }),
        percentAgreement: percentAgreement(ra, rb).agreement,
        brennanPrediger: brennanPrediger(ra, rb).kappa,
      };
    }
    const m = ctx.matrix();
    return { ...cohenKappa({ table: completeMatrix(m, 'kappa') }, { weights, level: ctx.level }), categories: m.columns };
  },
};

const fleiss: Calculator = {
  name: 'fleiss',
  summary: 'Fleiss\' κ for many raters: a subjects × categories table of counts',
  input: 'file',
  examples: ['hefboom stats fleiss tellingen.csv'],
  options: (cmd) => cmd.option('--id <col>', 'label column (subject names)'),
  run: (ctx) => {
    const m = ctx.matrix();
    return { ...fleissKappa(completeMatrix(m, 'fleiss')), categoryNames: m.columns };
  },
};

const alpha: Calculator = {
  name: 'alpha',
  summary: 'Krippendorff\'s α (nominal, ordinal, interval, ratio) with missing values; seeded bootstrap CI',
  input: 'file',
  examples: ['hefboom stats alpha coderingen.csv --metric ordinal', 'hefboom stats alpha coderingen.csv --metric nominal --bootstrap 1000 --seed 7'],
  options: (cmd) => cmd
    .option('--metric <m>', 'nominal | ordinal | interval | ratio', 'nominal')
    .option('--bootstrap <n>', 'bootstrap resamples of units for a CI')
    .option('--seed <s>', 'seed of the bootstrap (results repeat exactly)', '1')
    .option('--id <col>', 'label column (coder names)'),
  run: (ctx) => {
    const metric = String(ctx.flags.metric);
    if (!['nominal', 'ordinal', 'interval', 'ratio'].includes(metric)) throw new UsageError('--metric must be nominal, ordinal, interval or ratio');
    const m = ctx.matrix();
    const samples = numberFlag(ctx, 'bootstrap', { integer: true, min: 1 });
    const opts = { metric: metric as 'nominal' | 'ordinal' | 'interval' | 'ratio' };
    const result = samples
      ? krippendorffAlphaBootstrap(m.matrix, { ...opts, samples, seed: numberFlag(ctx, 'seed', { integer: true }) ?? 1, level: ctx.level })
      : krippendorffAlpha(m.matrix, opts);
    return { ...result, coders: m.labels ?? m.matrix.map((_, i) => String(i + 1)) };
  },
};

const cronbach: Calculator = {
  name: 'cronbach',
  summary: 'Cronbach\'s α of a scale (respondents × items), α-if-item-deleted and item–rest correlations',
  input: 'file',
  examples: ['hefboom stats cronbach schaal.csv --missing pairwise', 'hefboom stats cronbach enquete.csv --items v1,v2,v3,v4'],
  options: (cmd) => cmd
    .option('--missing <m>', 'listwise | pairwise', 'listwise')
    .option('--items <cols>', 'item columns (default: every numeric column)')
    .option('--id <col>', 'respondent id column'),
  run: (ctx) => {
    const missing = String(ctx.flags.missing);
    if (missing !== 'listwise' && missing !== 'pairwise') throw new UsageError('--missing must be listwise or pairwise');
    let rows: (number | null)[][];
    let items: string[];
    if (ctx.flags.items !== undefined) {
      items = String(ctx.flags.items).split(',').map((c) => c.trim());
      const cols = items.map((c) => ctx.column(c, '--items'));
      rows = cols[0].map((_, i) => cols.map((col) => col[i]));
    } else {
      const m = ctx.matrix();
      items = m.columns;
      rows = m.matrix;
    }
    return { ...cronbachAlpha(rows, { missing }), itemNames: items };
  },
};

const iccCalc: Calculator = {
  name: 'icc',
  summary: 'intraclass correlations: the six Shrout–Fleiss forms (targets × judges), or ICC(1) within clusters',
  input: 'file',
  examples: ['hefboom stats icc beoordelingen.csv --form all', 'hefboom stats icc enquete.csv --value impact --cluster coach'],
  options: (cmd) => cmd
    .option('--form <f>', 'ICC1 | ICC2 | ICC3 | ICC1k | ICC2k | ICC3k | all', 'all')
    .option('--value <col>', 'with --cluster: outcome column (long layout)')
    .option('--cluster <col>', 'cluster column (e.g. coach): one-way random-effects ICC(1) with unequal cluster sizes')
    .option('--id <col>', 'target label column'),
  run: (ctx) => {
    if (ctx.flags.cluster !== undefined) {
      const values = ctx.column(requireFlag(ctx, 'value', 'hefboom stats icc data.csv --value impact --cluster coach'), '--value');
      const clusters = ctx.textColumn(String(ctx.flags.cluster), '--cluster');
      const keep = values.map((v, i) => v !== null && clusters[i] !== null);
      return { ...iccClusters(values.filter((_, i) => keep[i]) as number[], clusters.filter((_, i) => keep[i]) as string[], { level: ctx.level }), droppedRows: keep.filter((k) => !k).length };
    }
    const m = ctx.matrix();
    const complete = m.matrix.filter((r) => r.every((v) => v !== null)) as number[][];
    const r = icc(complete, { level: ctx.level });
    const form = String(ctx.flags.form);
    const forms = form === 'all' ? r.forms : r.forms.filter((f) => f.form.toLowerCase() === form.toLowerCase());
    if (!forms.length) throw new UsageError(`unknown --form "${form}"`, 'use ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k or all');
    return { ...r, forms, droppedRows: m.matrix.length - complete.length };
  },
};

function modelData(ctx: CalculatorContext, example: string) {
  const xs = requireFlag(ctx, 'x', example).split(',').map((c) => c.trim()).filter(Boolean);
  const cols = xs.map((c) => ctx.column(c, '--x'));
  return { xs, cols };
}

const olsCalc: Calculator = {
  name: 'ols',
  summary: 'linear regression by QR: coefficients with SE, t, p and CI, R², F; cluster-robust SEs with --cluster',
  input: 'file',
  examples: ['hefboom stats ols trajecten.csv --y impact --x uren,contactmomenten', 'hefboom stats ols enquete.csv --y impact --x uren --cluster coach'],
  options: (cmd) => cmd.option('--y <col>', 'outcome column').option('--x <cols>', 'predictor columns, comma-separated').option('--cluster <col>', 'cluster column for cluster-robust (CR1) standard errors').option('--no-intercept', 'no intercept'),
  run: (ctx) => {
    const example = 'hefboom stats ols data.csv --y impact --x uren,contactmomenten';
    const y = ctx.column(requireFlag(ctx, 'y', example), '--y');
    const { xs, cols } = modelData(ctx, example);
    const clusters = ctx.flags.cluster !== undefined ? ctx.textColumn(String(ctx.flags.cluster), '--cluster') : undefined;
    const keep = y.map((v, i) => v !== null && cols.every((c) => c[i] !== null) && (!clusters || clusters[i] !== null));
    const idx = keep.flatMap((k, i) => (k ? [i] : []));
    const result = ols(idx.map((i) => y[i]!), idx.map((i) => cols.map((c) => c[i]!)), { names: xs, intercept: ctx.flags.intercept !== false, level: ctx.level, clusters: clusters ? idx.map((i) => clusters[i]!) : undefined });
    return { ...result, droppedRows: y.length - idx.length };
  },
};

const survival: Calculator = {
  name: 'survival',
  summary: 'Kaplan–Meier curve with Greenwood intervals and the median with its CI (R survfit); log-rank test between groups (R survdiff)',
  input: 'file',
  examples: ['hefboom stats survival trajecten.csv --time maanden --event gestopt', 'hefboom stats survival trajecten.csv --time maanden --event gestopt --group variant'],
  options: (cmd) => cmd
    .option('--time <col>', 'follow-up time (≥ 0)').option('--event <col>', '1 = the event happened at that time, 0 = censored (still followed, or left for another reason)')
    .option('--group <col>', 'one curve per group and a log-rank test between them')
    .option('--conf-type <t>', 'scale of the pointwise interval: log (R default) | log-log | plain', 'log'),
  run: (ctx) => {
    const example = 'hefboom stats survival data.csv --time maanden --event gestopt';
    const time = ctx.column(requireFlag(ctx, 'time', example), '--time');
    const event = ctx.column(requireFlag(ctx, 'event', example), '--event');
    const group = ctx.flags.group !== undefined ? ctx.textColumn(String(ctx.flags.group), '--group') : undefined;
    const idx = time.flatMap((t, i) => (t !== null && event[i] !== null && (!group || group[i] !== null) ? [i] : []));
    const t = idx.map((i) => time[i]!);
    const e = idx.map((i) => event[i]!);
    const bad = e.findIndex((v) => v !== 0 && v !== 1);
    if (bad >= 0) throw new StatsInputError(`--event must be 0 (censored) or 1 (event); data row ${idx[bad] + 1} has ${e[bad]}`, 'code the event column as 1 when it happened, 0 when the person was still followed or left for another reason');
    const confType = String(ctx.flags.confType ?? 'log') as KaplanMeierConfType;
    const curve = (tt: number[], ee: number[]) => {
      const km = kaplanMeier(tt, ee, { level: ctx.level, confType });
      return { n: km.n, events: km.events, median: km.median, steps: km.steps };
    };
    if (!group) return { ...curve(t, e), level: ctx.level, confType, droppedRows: time.length - idx.length };
    const g = idx.map((i) => group[i]!);
    const names = [...new Set(g)];
    const curves = names.map((name) => {
      const rows = g.flatMap((x, k) => (x === name ? [k] : []));
      return { group: name, ...curve(rows.map((k) => t[k]), rows.map((k) => e[k])) };
    });
    const test = names.length >= 2 ? logRank(t, e, g) : null;
    return {
      level: ctx.level, confType, groups: curves,
      logRank: test ? { chiSquare: test.chiSquare, df: test.df, p: test.p, groups: test.groups, method: test.method } : null,
      droppedRows: time.length - idx.length,
    };
  },
};

const logisticCalc: Calculator = {
  name: 'logistic',
  summary: 'logistic regression by IRLS: coefficients, SE, z, p, CI, odds ratios, deviance, AIC; warns on separation',
  input: 'file',
  examples: ['hefboom stats logistic trajecten.csv --y effect --x uren,type', 'hefboom stats logistic tabel.csv --successes ja --trials totaal --x uren'],
  options: (cmd) => cmd.option('--y <col>', '0/1 outcome column').option('--successes <col>', 'successes column (binomial layout)').option('--trials <col>', 'trials column (binomial layout)').option('--x <cols>', 'predictor columns, comma-separated').option('--cluster <col>', 'cluster column for cluster-robust standard errors (Stata vce(cluster))'),
  run: (ctx) => {
    const example = 'hefboom stats logistic data.csv --y effect --x uren';
    const { xs, cols } = modelData(ctx, example);
    const clusters = ctx.flags.cluster !== undefined ? ctx.textColumn(String(ctx.flags.cluster), '--cluster') : undefined;
    const complete = (i: number) => cols.every((c) => c[i] !== null) && (!clusters || clusters[i] !== null);
    const options = (idx: number[]) => ({ names: xs, level: ctx.level, clusters: clusters ? idx.map((i) => clusters[i]!) : undefined });
    if (ctx.flags.successes !== undefined || ctx.flags.trials !== undefined) {
      const s = ctx.column(requireFlag(ctx, 'successes', example), '--successes');
      const t = ctx.column(requireFlag(ctx, 'trials', example), '--trials');
      const idx = s.flatMap((v, i) => (v !== null && t[i] !== null && complete(i) ? [i] : []));
      return { ...logisticRegression({ successes: idx.map((i) => s[i]!), trials: idx.map((i) => t[i]!) }, idx.map((i) => cols.map((c) => c[i]!)), options(idx)), droppedRows: s.length - idx.length };
    }
    const y = ctx.column(requireFlag(ctx, 'y', example), '--y');
    const idx = y.flatMap((v, i) => (v !== null && complete(i) ? [i] : []));
    return { ...logisticRegression(idx.map((i) => y[i]!), idx.map((i) => cols.map((c) => c[i]!)), options(idx)), droppedRows: y.length - idx.length };
  },
};

/** A contingency table: counted from `--rows COL --cols COL` (long layout), or read as a table with row labels. */
function contingency(ctx: CalculatorContext): { table: number[][]; rows: string[]; cols: string[]; dropped: number } {
  if (ctx.flags.rows !== undefined || ctx.flags.cols !== undefined) {
    const example = 'hefboom stats chisq data.csv --rows rol --cols site';
    const r = ctx.textColumn(requireFlag(ctx, 'rows', example), '--rows');
    const c = ctx.textColumn(requireFlag(ctx, 'cols', example), '--cols');
    const order = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))].sort((a, b) => a.localeCompare(b, 'nl', { numeric: true }));
    const rows = order(r);
    const cols = order(c);
    const table = rows.map(() => cols.map(() => 0));
    let dropped = 0;
    r.forEach((v, i) => {
      if (v === null || c[i] === null) { dropped++; return; }
      table[rows.indexOf(v)][cols.indexOf(c[i]!)]++;
    });
    return { table, rows, cols, dropped };
  }
  const m = ctx.matrix();
  return { table: completeMatrix(m, 'contingency table'), rows: m.labels ?? m.matrix.map((_, i) => String(i + 1)), cols: m.columns, dropped: 0 };
}

const chisq: Calculator = {
  name: 'chisq',
  summary: 'χ² test of independence: expected counts, standardised residuals, Cramér\'s V, a warning when expected counts < 5',
  input: 'file',
  examples: ['hefboom stats chisq kruistabel.csv', 'hefboom stats chisq fragmenten.csv --rows rol --cols site'],
  options: (cmd) => cmd.option('--rows <col>', 'row variable (long layout)').option('--cols <col>', 'column variable (long layout)').option('--correction', 'Yates continuity correction (2 × 2 only)').option('--id <col>', 'row label column of a table'),
  run: (ctx) => {
    const t = contingency(ctx);
    return { rows: t.rows, cols: t.cols, ...chiSquareIndependence(t.table, { correction: !!ctx.flags.correction }), droppedRows: t.dropped };
  },
};

const fisher: Calculator = {
  name: 'fisher',
  summary: 'Fisher\'s exact test: 2 × 2 with conditional MLE odds ratio and exact CI (as R), r × c exact or Monte Carlo',
  input: 'file',
  examples: ['hefboom stats fisher kruistabel.csv --alternative greater', 'hefboom stats fisher fragmenten.csv --rows rol --cols site --simulate --samples 20000 --seed 7'],
  options: (cmd) => cmd
    .option('--rows <col>', 'row variable (long layout)').option('--cols <col>', 'column variable (long layout)')
    .option('--alternative <a>', 'two-sided | less | greater (2 × 2)', 'two-sided')
    .option('--simulate', 'r × c: Monte Carlo p-value instead of exact enumeration')
    .option('--samples <n>', 'r × c Monte Carlo samples', '10000').option('--seed <s>', 'seed of the Monte Carlo p-value', '1')
    .option('--id <col>', 'row label column of a table'),
  run: (ctx) => {
    const t = contingency(ctx);
    if (t.table.length === 2 && t.table[0]?.length === 2) {
      const [[a, b], [c, d]] = t.table;
      return { rows: t.rows, cols: t.cols, ...fisherExact2x2([[a, b], [c, d]], { alternative: alternativeFlag(ctx), level: ctx.level }), droppedRows: t.dropped };
    }
    return {
      rows: t.rows, cols: t.cols,
      ...fisherExactRxC(t.table, { simulate: !!ctx.flags.simulate, samples: numberFlag(ctx, 'samples', { integer: true, min: 1 }), seed: numberFlag(ctx, 'seed', { integer: true }) }),
      droppedRows: t.dropped,
    };
  },
};

const correlation: Calculator = {
  name: 'correlation',
  summary: 'Pearson (t test, Fisher-z CI), Spearman (exact for n ≤ 9, else t approximation) or Kendall\'s τ-b',
  input: 'file',
  examples: ['hefboom stats correlation trajecten.csv --x uren --y impact', 'hefboom stats correlation trajecten.csv --x uren --y impact --method spearman'],
  options: (cmd) => cmd.option('--x <col>', 'first column').option('--y <col>', 'second column').option('--method <m>', 'pearson | spearman | kendall', 'pearson').option('--alternative <a>', 'two-sided | less | greater', 'two-sided'),
  run: (ctx) => {
    const example = 'hefboom stats correlation data.csv --x uren --y impact';
    const x = ctx.column(requireFlag(ctx, 'x', example), '--x');
    const y = ctx.column(requireFlag(ctx, 'y', example), '--y');
    const alternative = alternativeFlag(ctx);
    const method = String(ctx.flags.method);
    if (method === 'pearson') return { ...pearsonCorrelation(x, y, { alternative, level: ctx.level }) };
    if (method === 'spearman') return { ...spearmanCorrelation(x, y, { alternative }) };
    if (method === 'kendall') return { ...kendallTauB(x, y, { alternative }) };
    throw new UsageError(`unknown --method "${method}"`, 'use pearson, spearman or kendall');
  },
};

export const CALCULATORS: Calculator[] = [proportion, ttest, mannwhitney, wilcoxon, kruskal, anova, chisq, fisher, correlation, kappa, fleiss, alpha, cronbach, iccCalc, olsCalc, logisticCalc, survival, grimCheck];
