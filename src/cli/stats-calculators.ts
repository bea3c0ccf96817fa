/**
 * The calculators of `hefboom stats`: how each one reads its input (columns, a matrix, flags) and
 * which function of src/stats it calls. The README documents every calculator with an example.
 */
import type { Command } from 'commander';
import type { DataTable } from '../io/data-table.js';
import { StatsInputError } from '../stats/types.js';
import { UsageError } from './common.js';

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

export const CALCULATORS: Calculator[] = [];
