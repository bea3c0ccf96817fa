import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hefboom, json } from './run-cli.js';

describe('hefboom memoq', () => {
  it('pairs begin and end scores per dimension (fixtures/memoq: 6 locations)', () => {
    const r = hefboom(['memoq', '-p', 'fixtures/memoq', '--format', 'json']);
    expect(r.code).toBe(0);
    const dims = json(r).dimensions as { dimension: string; pairs: number; unpaired: number; meanChange: number | null; up: number; same: number; down: number; wilcoxon: { p: number } | null }[];
    const wb = dims.find((d) => d.dimension === 'welbevinden')!;
    // Five of six locations go from 2 to 3, one stays at 2.
    expect([wb.pairs, wb.up, wb.same, wb.down]).toEqual([6, 5, 1, 0]);
    expect(wb.meanChange).toBeCloseTo(5 / 6, 10);
    // wilcox.test(paired = TRUE) as R computes it with ties: zeros dropped, V = 15 of n = 5, variance
    // 5·6·11/24 − (5³ − 5)/48 = 11.25, z = (15 − 7.5 − 0.5)/√11.25 = 2.087, p = 0.03689.
    expect(wb.wilcoxon!.p).toBeCloseTo(0.03689, 4);
    const betr = dims.find((d) => d.dimension === 'betrokkenheid')!;
    expect([betr.pairs, betr.same, betr.wilcoxon]).toEqual([6, 6, null]);
    const omg = dims.find((d) => d.dimension === 'omgeving')!;
    expect([omg.pairs, omg.unpaired]).toEqual([5, 1]);
  });

  it('names the line and the valid range of a bad score, and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-memoq-'));
    writeFileSync(join(dir, 'hefboom.yaml'), 'name: t\nmemoq_scores:\n  - path: s.csv\n');
    writeFileSync(join(dir, 's.csv'), 'locatie,dimensie,moment,score\nL1,welbevinden,begin,2\nL1,welbevinden,eind,5\nL1,warmte,begin,2\nL1,welbevinden,begin,3\n');
    const r = hefboom(['memoq', '-p', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s\.csv:3:4.*score "5" is not a number from 1 to 4/);
    expect(r.stderr).toMatch(/s\.csv:4.*"warmte" is not a MeMoQ dimension/);
    expect(r.stderr).toMatch(/two begin scores for welbevinden \(lines 2 and 5\)/);
  });

  it('says how to add scores when the project has none', () => {
    const r = hefboom(['memoq', '-p', 'examples/werkplekleren']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no `memoq_scores:`/);
  });
});
