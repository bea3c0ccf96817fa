/**
 * `hefboom crosstab` through the built CLI on the example project: its counts are tally's, one row's
 * test is recomputed here by hand from its 2×k table, Holm is checked against the statistics core,
 * and every bad input exits 2 with a message that names the flag and how to fix it.
 */
import { describe, expect, it } from 'vitest';
import { hefboom, json } from './run-cli.js';
import { holm } from '../src/stats/p-adjust-holm.js';

const ex = ['-p', 'examples/werkplekleren'];

interface Row { id: string; n: number; cells: Record<string, number | string>; rowPercents: Record<string, number | null>; colPercents: Record<string, number | null> }
interface Test { row: string; test: string | null; method: string | null; statistic: number | null; df: number | null; p: number | null; pHolm: number | null; cramersV: number | null; residuals: Record<string, number | null> | null; maxResidual: { column: string; value: number | null } | null; present: number; absent: number }
interface Out {
  command: string; rowVariable: string; columnVariable: string; unit: string;
  denominator: { total: number; columns: Record<string, number> };
  columns: { id: string; units: number; share: number }[];
  rows: Row[]; uncoded: { n: number; cells: Record<string, number | string>; colPercents: Record<string, number | null> } | null;
  tests: Test[]; testsSkipped: string | null; testRule: { test: string; tested: number }; multiCoded: boolean; columnsOverlap: boolean; notes: string[];
}

/** The 2×k table of a row, from the counts only: present per column, and the column's other units. */
function twoByK(out: Out, rowId: string): { ids: string[]; table: number[][] } {
  const row = out.rows.find((r) => r.id === rowId)!;
  const ids = out.columns.map((c) => c.id);
  return { ids, table: [ids.map((c) => row.cells[c] as number), ids.map((c) => out.denominator.columns[c] - (row.cells[c] as number))] };
}

/** Pearson's X², df, Cramér's V and adjusted residuals of the first row, by the textbook formulas. */
function handChiSquare(table: number[][]) {
  const rs = table.map((r) => r.reduce((a, b) => a + b, 0));
  const cs = table[0].map((_, j) => table[0][j] + table[1][j]);
  const n = rs[0] + rs[1];
  let x2 = 0;
  const adj: number[] = [];
  table.forEach((r, i) => r.forEach((o, j) => {
    const e = (rs[i] * cs[j]) / n;
    x2 += (o - e) ** 2 / e;
    if (i === 0) adj.push((o - e) / Math.sqrt(e * (1 - rs[0] / n) * (1 - cs[j] / n)));
  }));
  return { x2, df: cs.length - 1, v: Math.sqrt(x2 / n), adj };
}

describe('crosstab --rows lever --cols role on the example', () => {
  const r = hefboom(['crosstab', ...ex, '--rows', 'lever', '--cols', 'role', '--format', 'json']);
  const out = json<Out>(r);
  const tally = json<{ denominator: Out['denominator']; rows: { id: string; n: number; cells: Record<string, number> }[]; uncoded: { n: number; cells: Record<string, number> } }>(
    hefboom(['tally', ...ex, '--by', 'lever', '--across', 'role', '--format', 'json']),
  );

  it('exits 0 with the documented keys', () => {
    expect(r.code).toBe(0);
    expect(out).toMatchObject({ command: 'crosstab', rowVariable: 'lever', columnVariable: 'role', unit: 'excerpts', testsSkipped: null, multiCoded: true, columnsOverlap: false });
  });

  it('counts exactly what tally counts: cells, row n, uncoded and denominators', () => {
    expect(out.denominator).toEqual(tally.denominator);
    expect(out.rows.map((x) => x.id)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']);
    for (const t of tally.rows) {
      const c = out.rows.find((x) => x.id === t.id)!;
      expect(c.cells).toEqual(t.cells);
      expect(c.n).toBe(t.n);
    }
    expect(out.uncoded!.cells).toEqual(tally.uncoded.cells);
    expect(out.denominator.total).toBe(85);
    expect(out.rows.find((x) => x.id === 'L3')!.cells.cursist).toBe(9);
  });

  it('row percentages add up to 100 per row; column percentages are of the column\'s units', () => {
    for (const row of out.rows) {
      const sum = Object.values(row.rowPercents).reduce((a: number, b) => a + (b ?? 0), 0);
      expect(Math.abs(sum - 100)).toBeLessThanOrEqual(0.05 * out.columns.length);
      for (const c of out.columns) expect(Math.abs(row.colPercents[c.id]! - (100 * (row.cells[c.id] as number)) / c.units)).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    expect(out.columns.reduce((a, c) => a + c.share, 0)).toBeCloseTo(100, 0);
  });

  it('small expected counts (2 units for leerkracht) make the automatic rule choose Fisher, stated per row', () => {
    for (const t of out.tests) {
      expect(t.test).toBe('fisher');
      expect(t.method).toMatch(/Fisher's exact test, (exact \(enumeration\)|Monte Carlo)/);
      expect(t.statistic).toBeNull();
      expect(t.present + t.absent).toBe(85);
    }
    expect(out.tests.find((t) => t.row === 'L3')!.maxResidual!.column).toBe('cursist');
  });

  it('Holm adjustment equals src/stats/p-adjust-holm on the raw p-values', () => {
    const ps = out.tests.map((t) => t.p);
    expect(out.tests.map((t) => t.pHolm)).toEqual(holm(ps).adjusted);
    expect(out.testRule.tested).toBe(7);
  });

  it('--test chisq: L3\'s χ², df, Cramér\'s V and adjusted residuals recomputed by hand from its 2×8 table', () => {
    const chi = json<Out>(hefboom(['crosstab', ...ex, '--rows', 'lever', '--cols', 'role', '--test', 'chisq', '--format', 'json']));
    const { ids, table } = twoByK(chi, 'L3');
    const hand = handChiSquare(table);
    const t = chi.tests.find((x) => x.row === 'L3')!;
    expect(t.test).toBe('chisq');
    expect(t.statistic).toBeCloseTo(hand.x2, 9);
    expect(t.df).toBe(7);
    expect(t.cramersV).toBeCloseTo(hand.v, 9);
    ids.forEach((c, j) => expect(t.residuals![c]).toBeCloseTo(hand.adj[j], 9));
    expect(chi.notes.join('\n')).toMatch(/expected count below 5|verwachte frequentie onder 5/);
  });
});

describe('p-values recomputed by hand', () => {
  it('χ² with 4 df (5 sites): p = e^(−x/2)(1 + x/2)', () => {
    const out = json<Out>(hefboom(['crosstab', ...ex, '--cols', 'site', '--test', 'chisq', '--format', 'json']));
    const { table } = twoByK(out, 'L6');
    const hand = handChiSquare(table);
    const t = out.tests.find((x) => x.row === 'L6')!;
    expect(t.df).toBe(4);
    expect(t.statistic).toBeCloseTo(hand.x2, 9);
    expect(t.p).toBeCloseTo(Math.exp(-hand.x2 / 2) * (1 + hand.x2 / 2), 9);
  });

  it('Fisher 2×2 (year 1 vs 2 within KO1): the hypergeometric sum over tables no more likely than the observed one', () => {
    const out = json<Out>(hefboom(['crosstab', ...ex, '--cols', 'year', '--where', 'site=KO1', '--format', 'json']));
    const { table } = twoByK(out, 'L1');
    const [[a, b], [c, d]] = table;
    const choose = (n: number, k: number): number => (k < 0 || k > n ? 0 : k === 0 ? 1 : (choose(n - 1, k - 1) * n) / k);
    const m = a + c; const nn = b + d; const k = a + b;
    const prob = (x: number) => (choose(m, x) * choose(nn, k - x)) / choose(m + nn, k);
    let hand = 0;
    for (let x = Math.max(0, k - nn); x <= Math.min(k, m); x++) if (prob(x) <= prob(a) * (1 + 1e-7)) hand += prob(x);
    const t = out.tests.find((x) => x.row === 'L1')!;
    expect(t.test).toBe('fisher');
    expect(t.p).toBeCloseTo(hand, 10);
  });
});

describe('output', () => {
  it('--percent both prints counts, row %, column % and the tests (four tables in csv, numbers as numbers)', () => {
    const r = hefboom(['crosstab', ...ex, '--cols', 'role', '--percent', 'both', '--format', 'csv']);
    expect(r.code).toBe(0);
    const blocks = r.stdout.trim().split(/\n\n/);
    expect(blocks).toHaveLength(4);
    expect(blocks[1]).toMatch(/^id,hefboom,Kinderbegeleider/);
    expect(blocks[2]).toContain('\n(units),eenheden (noemer),100,100,100,100,100,100,100,100,100');
    expect(blocks[3]).toMatch(/\nL3,Warm en veilig leerklimaat,Fisher,,,0\.00\d+,/);
  });

  it('table output: p with three decimals, and notes state unit, denominator and multi-coding', () => {
    const r = hefboom(['crosstab', ...ex, '--cols', 'role', '--test', 'chisq', '--lang', 'en']);
    expect(r.stdout).toContain('Unit: excerpts (paragraphs). Denominator: all 85 units in the selection, uncoded ones included');
    expect(r.stdout).toContain('A unit can fall in several rows');
    expect(r.stdout).toContain('p (Holm): adjusted for 7 tested row(s)');
    expect(r.stdout).toMatch(/L3 +Warm and safe learning climate +χ² +23\.923 +7 +0\.001 +0\.008 +0\.531 +4\.608 +Learner/);
  });

  it('--suppress-below hides small cells as "<N" and withholds what would give them back', () => {
    const out = json<Out>(hefboom(['crosstab', ...ex, '--cols', 'site', '--suppress-below', '3', '--format', 'json']));
    const l1 = out.rows.find((x) => x.id === 'L1')!;
    expect(l1.cells.KO2).toBe('<3');
    expect(l1.rowPercents.KO2).toBeNull();
    const t = out.tests.find((x) => x.row === 'L1')!;
    expect(t.statistic).toBeNull();
    expect(t.residuals!.KO2).toBeNull();
    // extern and KO2 (1 each) would both be known to be 1 from the row total, so KO1 is hidden too;
    // its count is 3 or more, so it is written "x", not "<3".
    expect(l1.cells.KO1).toBe('x');
    expect(t.residuals!.KO1).toBeNull();
    expect(t.residuals!.KO3).not.toBeNull();
  });

  it('a (missing) column is kept and tested', () => {
    const out = json<Out>(hefboom(['crosstab', ...ex, '--cols', 'section', '--format', 'json']));
    expect(out.columns.map((c) => c.id)).toContain('(missing)');
    expect(out.columns.find((c) => c.id === '(missing)')!.units).toBe(75);
    expect(out.tests.find((t) => t.row === 'L3')!.residuals).toHaveProperty('(missing)');
  });

  it('documents across roles: no tests (a document has several roles), table still printed, exit 0', () => {
    const r = hefboom(['crosstab', ...ex, '--cols', 'role', '--unit', 'documents', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = json<Out>(r);
    expect(out.columnsOverlap).toBe(true);
    expect(out.testsSkipped).toBe('columns-overlap');
    expect(out.tests).toEqual([]);
    expect(r.stderr).toContain('no test is possible');
  });

  it('--help starts with examples', () => {
    expect(hefboom(['crosstab', '--help']).stdout).toMatch(/^Examples:\n {2}hefboom crosstab --rows lever --cols role/);
  });
});

describe('bad input and edge cases', () => {
  it('an unknown --cols attribute: exit 2, the attributes that exist, closest first', () => {
    const r = hefboom(['crosstab', ...ex, '--cols', 'sitte']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown attribute "sitte" in --cols');
    expect(r.stderr).toMatch(/closest first: site, /);
    expect(r.stderr).toContain('source_type');
    expect(r.stdout).toBe('');
  });

  it('an unknown --rows kind: exit 2, the kinds that exist, and tally for two attributes', () => {
    const r = hefboom(['crosstab', ...ex, '--rows', 'levr', '--cols', 'role']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown --rows "levr"');
    expect(r.stderr).toContain('did you mean "lever"?');
    const a = hefboom(['crosstab', ...ex, '--rows', 'site', '--cols', 'role']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('hefboom tally --by site --across ATTR');
    const f = hefboom(['crosstab', ...ex, '--rows', 'fw:ceelen', '--cols', 'role']);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('unknown framework "ceelen" in --rows');
  });

  it('no --cols: exit 2, listing what columns can be', () => {
    const r = hefboom(['crosstab', ...ex]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('crosstab needs --cols');
    expect(r.stderr).toMatch(/columns can be: role, speaker, document, coder, .*site/);
  });

  it('only one column value: the table without tests, said on stderr and in the notes, exit 0', () => {
    const r = hefboom(['crosstab', ...ex, '--cols', 'site', '--where', 'site=KO1', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = json<Out>(r);
    expect(out.testsSkipped).toBe('one-column');
    expect(out.tests).toEqual([]);
    expect(out.rows.find((x) => x.id === 'L3')!.cells).toEqual({ KO1: 4 });
    expect(r.stderr).toContain('only one column value (KO1): no test is possible');
    const text = hefboom(['crosstab', ...ex, '--cols', 'site', '--where', 'site=KO1', '--lang', 'en']);
    expect(text.stdout).toContain('Only one column value (KO1): no test is possible.');
    expect(text.stdout).not.toContain('Tests per');
  });

  it('an empty selection: exit 2, naming the filter', () => {
    const r = hefboom(['crosstab', ...ex, '--cols', 'role', '--where', 'site=KO9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the selection holds no excerpts');
    expect(r.stderr).toContain('--where site=KO9');
    expect(r.stdout).toBe('');
  });

  it('bad flag values: exit 2 with the accepted values', () => {
    const u = hefboom(['crosstab', ...ex, '--cols', 'role', '--unit', 'codings']);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('--unit codings does not work for crosstab');
    const p = hefboom(['crosstab', ...ex, '--cols', 'role', '--percent', 'diagonal']);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('use --percent row, col or both');
    const t = hefboom(['crosstab', ...ex, '--cols', 'role', '--test', 'g-test']);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('tests: auto, chisq, fisher');
    const m = hefboom(['crosstab', ...ex, '--cols', 'role', '--min-expected', 'vijf']);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('--min-expected expects a whole number');
  });
});
