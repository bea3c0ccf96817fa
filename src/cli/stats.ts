/**
 * `hefboom stats NAME [FILE]`: the statistics calculators on CSV/TSV (or stdin). Each calculator reads
 * its columns, calls one function of src/stats and prints every estimate, statistic, df, p-value and
 * interval; the JSON keys are the function's result keys.
 */
import { Command } from 'commander';
import type { InputIssue } from '../model/types.js';
import { readDataTable, columnIndex, numericColumn, numericMatrix, type DataTable } from '../io/data-table.js';
import type { Table, Cell } from '../report/table.js';
import { StatsInputError } from '../stats/types.js';
import { STATS_SUMMARY, act, emit, globals, stopOnIssues, UsageError, withOutput, EXIT_OK, version, type GlobalOptions } from './common.js';
import { CALCULATORS, type Calculator, type CalculatorContext } from './stats-calculators.js';

export function registerStats(program: Command): void {
  const stats = program
    .command('stats')
    .summary(STATS_SUMMARY)
    .addHelpText('before', `Examples:
${CALCULATORS.map((c) => `  ${c.examples[0]}`).join('\n')}
`);
  for (const calc of CALCULATORS) {
    const cmd = stats.command(calc.name).summary(calc.summary);
    if (calc.input !== 'none') cmd.argument('[file]', 'CSV or TSV with a header row (default: stdin)');
    calc.options(cmd);
    withOutput(cmd);
    cmd.option('--level <p>', 'confidence level of intervals', '0.95');
    cmd.addHelpText('before', `Examples:\n${calc.examples.map((e) => `  ${e}`).join('\n')}\n`);
    cmd.action(act(async (...args: unknown[]) => {
      const c = args[args.length - 1] as Command;
      const flags = c.opts() as Record<string, unknown> & { format?: string; out?: string; csvDialect?: string };
      const file = calc.input === 'none' ? undefined : (args[0] as string | undefined);
      return runCalculator(calc, file, flags, globals(c));
    }));
  }
}

async function runCalculator(calc: Calculator, file: string | undefined, flags: Record<string, unknown> & { format?: string; out?: string; csvDialect?: string }, g: GlobalOptions): Promise<number> {
  const level = Number(flags.level);
  if (!(level > 0 && level < 1)) throw new UsageError(`--level must be between 0 and 1, got "${String(flags.level)}"`);
  let table: DataTable | undefined;
  const wantsTable = calc.input === 'file' || (calc.input === 'optional' && (file !== undefined || !!calc.needsTable?.(flags)));
  if (wantsTable) {
    if (file === undefined && process.stdin.isTTY) throw new UsageError(`hefboom stats ${calc.name} needs a CSV file or data on stdin`, calc.examples[0]);
    const r = readDataTable(file);
    stopOnIssues(r.issues, g);
    table = r.table;
  }
  const issues: InputIssue[] = [];
  const ctx: CalculatorContext = {
    table,
    flags,
    level,
    column: (name, flag) => {
      if (!table) throw new UsageError(`${flag} needs a data file`);
      const c = columnIndex(table, name, flag);
      if (c.issue) { issues.push(c.issue); stopOnIssues(issues, g); }
      const col = numericColumn(table, c.index!);
      if (col.issues.length) { issues.push(...col.issues); stopOnIssues(issues, g); }
      return col.values;
    },
    textColumn: (name, flag) => {
      if (!table) throw new UsageError(`${flag} needs a data file`);
      const c = columnIndex(table, name, flag);
      if (c.issue) { issues.push(c.issue); stopOnIssues(issues, g); }
      return table.rows.map((r) => (r[c.index!] === '' ? null : r[c.index!]));
    },
    matrix: () => {
      if (!table) throw new UsageError('this calculator needs a data file');
      const m = numericMatrix(table, flags.id as string | undefined);
      if (m.issues.length) { issues.push(...m.issues); stopOnIssues(issues, g); }
      return m;
    },
  };
  let result: Record<string, unknown>;
  try {
    result = calc.run(ctx);
  } catch (e) {
    if (e instanceof StatsInputError) throw new UsageError(`${calc.name}: ${e.message}`, e.hint);
    throw e;
  }
  const warnings = Array.isArray(result.warnings) ? (result.warnings as string[]) : typeof result.warning === 'string' ? [result.warning as string] : [];
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  // JSON has no Infinity: one-sided interval bounds are written as the strings "Infinity" / "-Infinity".
  const json = JSON.parse(JSON.stringify({ hefboom: version(), command: 'stats', name: calc.name, input: table ? { file: table.file, rows: table.rows.length } : null, result },
    (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
  await emit([resultTable(calc.name, result)], json, flags, g);
  return EXIT_OK;
}

/** A result object as a two-column table: nested objects flattened to dotted keys, arrays of numbers joined. */
export function resultTable(name: string, result: Record<string, unknown>): Table {
  const rows: Record<string, Cell>[] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v === null || v === undefined) rows.push({ key: prefix, value: null });
    else if (typeof v === 'number') rows.push({ key: prefix, value: formatStat(v) });
    else if (typeof v === 'string' || typeof v === 'boolean') rows.push({ key: prefix, value: String(v) });
    else if (Array.isArray(v)) {
      if (v.every((x) => typeof x === 'number' || typeof x === 'string' || x === null)) rows.push({ key: prefix, value: v.map((x) => (typeof x === 'number' ? formatStat(x) : String(x))).join(', ') });
      else v.forEach((x, i) => walk(`${prefix}[${i}]`, x));
    } else if (typeof v === 'object') for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(prefix ? `${prefix}.${k}` : k, x);
  };
  walk('', result);
  return { title: `stats ${name}`, columns: [{ key: 'key', label: 'quantity' }, { key: 'value', label: 'value', align: 'left' }], rows, notes: ['JSON (--format json) gives every value at full precision.'] };
}

/** Six significant digits; very small values (p-values) in exponent notation. */
export function formatStat(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  if (x !== 0 && Math.abs(x) < 1e-4) return x.toExponential(3);
  return x.toPrecision(6).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
