import { describe, expect, it } from 'vitest';
import { computeAgreement, AgreementInputError, type AgreementOptions, type SharedDocument } from './agreement.js';
import { coveredLength, mergeIntervals, onReference, summariseVersion, sweepCounts, type ParagraphSummary, type VersionSummary } from './agreement-units.js';
import { alphaFromHistogram, countedUnits, emptyHistogram, fleissFromHistogram, meanPairAgreement, slotOf } from './agreement-stats.js';
import { cohenKappa } from '../stats/cohen-kappa.js';
import { fleissKappa } from '../stats/fleiss-kappa.js';
import { krippendorffAlpha, krippendorffAlphaFromCounts } from '../stats/krippendorff-alpha.js';
import { seededRandom } from '../stats/random.js';
import { doc, testIndex } from './fixtures.test-helpers.js';

/** A version from per-paragraph rows (and, for characters, spans per row as [s, e, …]). */
function version(paras: { rows?: string[]; spans?: Record<string, number[]>; length?: number; selected?: boolean }[], hasFullText = true): VersionSummary {
  return {
    hasFullText,
    paragraphs: paras.map((p, i): ParagraphSummary => ({
      ordinal: i + 1,
      id: `d/p${i + 1}`,
      line: 2 * i + 1,
      selected: p.selected ?? true,
      length: p.length ?? 10,
      rows: p.rows ?? Object.keys(p.spans ?? {}).sort(),
      ...(p.spans ? { spans: new Map(Object.entries(p.spans).map(([k, v]) => [k, mergeIntervals(v)])) } : {}),
    })),
  };
}

const shared = (id: string, ...versions: (VersionSummary | undefined)[]): SharedDocument => ({
  id,
  versions: versions.map((v, j) => (v ? { path: `${id}-${j}.txt`, summary: v } : undefined)),
});

const opts = (o: Partial<AgreementOptions> = {}): AgreementOptions => ({
  unit: 'excerpt', coders: ['A', 'B'], rowOrder: ['x', 'y'], showUnused: false, excludeUncoded: false, disagreements: 0, ...o,
});

describe('interval arithmetic', () => {
  it('merges overlapping and touching intervals, in any order', () => {
    expect(mergeIntervals([5, 8, 0, 2, 2, 3, 7, 9, 12, 13])).toEqual([0, 3, 5, 9, 12, 13]);
    expect(coveredLength([0, 3, 5, 9])).toBe(7);
  });

  it('counts characters by how many coders coded them', () => {
    const hist = [0, 0, 0];
    sweepCounts([[0, 5], [3, 8]], 10, hist);
    expect(hist).toEqual([2, 3 + 3, 2]);
    const three = [0, 0, 0, 0];
    sweepCounts([[0, 4, 6, 10], [2, 8], [3, 4]], 10, three);
    // 0-2: A; 2-3: A B; 3-4: A B C; 4-6: B; 6-8: A B; 8-10: A
    expect(three).toEqual([0, 2 + 2 + 2, 1 + 2, 1]);
  });

  it('matches a per-character count on random intervals (touching and shared boundaries too)', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 200; trial++) {
      const L = 1 + Math.floor(random() * 40);
      const n = 1 + Math.floor(random() * 4);
      const lists = Array.from({ length: n }, () => {
        const flat: number[] = [];
        for (let s = Math.floor(random() * 4); s > 0; s--) { const a = Math.floor(random() * L); flat.push(a, a + 1 + Math.floor(random() * 10)); }
        return mergeIntervals(flat);
      });
      const hist = new Array(n + 1).fill(0);
      sweepCounts(lists, L, hist);
      const brute = new Array(n + 1).fill(0);
      for (let c = 0; c < L; c++) brute[lists.filter((l) => { for (let i = 0; i < l.length; i += 2) if (c >= l[i] && c < l[i + 1]) return true; return false; }).length]++;
      expect(hist).toEqual(brute);
    }
  });

  it('stretches a whole-paragraph span to the reference length and clips the rest', () => {
    expect(onReference([0, 10], 10, 12)).toEqual([0, 12]);
    expect(onReference([2, 5, 8, 10], 10, 9)).toEqual([2, 5, 8, 9]);
    expect(onReference([2, 5], 10, 10)).toEqual([2, 5]);
  });
});

describe('histogram statistics agree with src/stats on the expanded data', () => {
  it('alpha and Fleiss kappa, random data with missing values', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 25; trial++) {
      const m = 2 + Math.floor(random() * 3);
      const n = 5 + Math.floor(random() * 40);
      const rows: (number | null)[][] = Array.from({ length: m }, () => new Array(n).fill(null));
      const hist = emptyHistogram(m);
      const complete: number[][] = [];
      let pairShare = 0;
      for (let u = 0; u < n; u++) {
        const mu = random() < 0.3 ? 2 + Math.floor(random() * (m - 1)) : m;
        const who = Array.from({ length: m }, (_, j) => j).sort(() => random() - 0.5).slice(0, mu);
        let k = 0;
        for (const j of who) { const v = random() < 0.4 ? 1 : 0; rows[j][u] = v; k += v; }
        hist[slotOf(mu, k)]++;
        if (mu === m) complete.push([m - k, k]);
        pairShare += (k * (k - 1) + (mu - k) * (mu - k - 1)) / (mu * (mu - 1)) / n;
      }
      expect(meanPairAgreement(hist, m)!).toBeCloseTo(pairShare, 12);
      let expected: number | undefined;
      try { expected = krippendorffAlpha(rows, { metric: 'nominal' }).alpha; } catch { /* undefined */ }
      if (expected === undefined) expect(() => alphaFromHistogram(hist, m)).toThrow();
      else {
        expect(alphaFromHistogram(hist, m).alpha).toBeCloseTo(expected, 12);
        // The closed form equals src/stats on the weighted units it stands for.
        expect(alphaFromHistogram(hist, m).alpha).toBeCloseTo(krippendorffAlphaFromCounts(countedUnits(hist, m), { metric: 'nominal' }).alpha, 12);
      }
      if (complete.length) {
        let fk: ReturnType<typeof fleissKappa> | undefined;
        try { fk = fleissKappa(complete); } catch { /* undefined */ }
        if (fk) {
          const mine = fleissFromHistogram(hist, m);
          expect(mine.kappa).toBeCloseTo(fk.kappa, 12);
          expect(mine.se0).toBeCloseTo(fk.se0, 12);
          expect(mine.p!).toBeCloseTo(fk.p!, 12);
        }
      }
    }
  });

  it('alpha is undefined without variation', () => {
    const h = emptyHistogram(2);
    h[slotOf(2, 0)] = 5;
    expect(() => alphaFromHistogram(h, 2)).toThrow(/undefined/);
  });
});

describe('summariseVersion', () => {
  it('rolls codes up to their parents and levers, and keeps merged spans per row', () => {
    const index = testIndex();
    const d = doc('d', { site: 'KO1' }, [['Mentor', 'mentor', 1, ['feedback-uitstellen']], ['', 'onbekend', undefined, ['voordoen', 'duiding']]]);
    d.excerpts[0].start = 0; d.excerpts[0].end = 20;
    d.excerpts[0].codings[0].start = 2; d.excerpts[0].codings[0].end = 9;
    d.excerpts[0].codings.push({ codeId: 'feedback', coder: 'A', start: 5, end: 14 });
    const codes = summariseVersion(d, { level: { kind: 'code' }, index, selection: {}, spans: true, textChars: 0 });
    expect(codes.paragraphs[0].rows).toEqual(['feedback', 'feedback-uitstellen']);
    expect(codes.paragraphs[0].spans!.get('feedback')).toEqual([2, 14]);
    expect(codes.paragraphs[0].spans!.get('feedback-uitstellen')).toEqual([2, 9]);
    const levers = summariseVersion(d, { level: { kind: 'framework', framework: 'levers' }, index, selection: { roles: ['mentor'] }, spans: false, textChars: 0 });
    expect(levers.paragraphs.map((p) => p.rows)).toEqual([['L3'], ['L3', 'L6']]);
    expect(levers.paragraphs.map((p) => p.selected)).toEqual([true, false]);
  });
});

describe('computeAgreement: excerpt and document units', () => {
  // 6 paragraphs; x: A 1 1 0 0 1 0, B 1 0 0 0 1 1; y: only A in paragraph 3.
  const a = version([{ rows: ['x'] }, { rows: ['x'] }, { rows: ['y'] }, {}, { rows: ['x'] }, {}]);
  const b = version([{ rows: ['x'] }, {}, {}, {}, { rows: ['x'] }, { rows: ['x'] }]);

  it('counts both / only A / only B / neither and matches the src/stats functions', () => {
    const r = computeAgreement([shared('d', a, b)], opts());
    const x = r.rows.find((row) => row.id === 'x')!;
    expect(x.counts).toMatchObject({ units: 6, both: 2, onlyFirst: 1, onlySecond: 1, neither: 2 });
    expect(x.percentAgreement).toBeCloseTo(400 / 6, 10);
    const A = [1, 1, 0, 0, 1, 0];
    const B = [1, 0, 0, 0, 1, 1];
    expect(x.kappa).toBeCloseTo(cohenKappa({ a: A, b: B }).kappa, 12);
    expect(x.alpha).toBeCloseTo(krippendorffAlpha([A, B], { metric: 'nominal' }).alpha, 12);
    // Pooled over x and y: 12 decisions.
    expect(r.overall.pooledRows).toBe(2);
    expect(r.overall.counts).toMatchObject({ units: 12, both: 2, onlyFirst: 2, onlySecond: 1, neither: 7 });
    expect(r.overall.alpha).toBeCloseTo(krippendorffAlpha([[...A, 0, 0, 1, 0, 0, 0], [...B, 0, 0, 0, 0, 0, 0]], { metric: 'nominal' }).alpha, 12);
  });

  it('gives a seeded bootstrap interval: same seed same interval, another seed another', () => {
    const one = computeAgreement([shared('d', a, b)], opts({ bootstrap: { samples: 200, seed: 3, level: 0.95 } }));
    const again = computeAgreement([shared('d', a, b)], opts({ bootstrap: { samples: 200, seed: 3, level: 0.95 } }));
    const other = computeAgreement([shared('d', a, b)], opts({ bootstrap: { samples: 200, seed: 4, level: 0.95 } }));
    const ci = one.rows[0].alphaCi!;
    expect(ci.lower).toBeLessThanOrEqual(one.rows[0].alpha!);
    expect(ci.upper).toBeGreaterThanOrEqual(one.rows[0].alpha!);
    expect(again.rows[0].alphaCi).toEqual(ci);
    expect(other.rows[0].alphaCi).not.toEqual(ci);
  });

  it('documents: presence anywhere in the selected paragraphs', () => {
    const r = computeAgreement([shared('d', a, b), shared('e', version([{ rows: ['y'] }]), version([{}]))], opts({ unit: 'document' }));
    const y = r.rows.find((row) => row.id === 'y')!;
    expect(y.counts).toMatchObject({ units: 2, both: 0, onlyFirst: 2, onlySecond: 0, neither: 0 });
    expect(r.comparedUnits).toBe(2);
  });

  it('shows unused fixed rows with undefined κ and α, and says why', () => {
    const r = computeAgreement([shared('d', a, b)], opts({ rowOrder: ['x', 'y', 'z'], showUnused: true }));
    const z = r.rows.find((row) => row.id === 'z')!;
    expect(z.used).toBe(false);
    expect(z.percentAgreement).toBe(100);
    expect(z.kappa).toBeNull();
    expect(z.alpha).toBeNull();
    expect(z.notes.join(' ')).toMatch(/kappa is undefined/);
    expect(r.overall.pooledRows).toBe(2);
  });

  it('--exclude-uncoded leaves out units nobody coded; a row filter and a unit selection apply', () => {
    const r = computeAgreement([shared('d', a, b)], opts({ excludeUncoded: true }));
    expect(r.rows[0].counts.units).toBe(5);
    const onlyY = computeAgreement([shared('d', a, b)], opts({ keepRow: (row) => row === 'y', excludeUncoded: true }));
    expect(onlyY.rows.map((row) => row.id)).toEqual(['y']);
    expect(onlyY.rows[0].counts.units).toBe(1);
    const sel = version([{ rows: ['x'], selected: false }, { rows: ['x'] }, { rows: ['y'] }, {}, { rows: ['x'] }, {}]);
    expect(computeAgreement([shared('d', sel, b)], opts()).rows[0].counts.units).toBe(6); // selected in B's version
  });

  it('three coders: Fleiss over complete units, α with the missing coder', () => {
    const c = version([{ rows: ['x'] }, { rows: ['x'] }, {}, {}, { rows: ['x'] }, {}]);
    const partial = shared('e', version([{ rows: ['x'] }, {}]), undefined, version([{}, {}]));
    const r = computeAgreement([shared('d', a, b, c), partial], opts({ coders: ['A', 'B', 'C'] }));
    const x = r.rows.find((row) => row.id === 'x')!;
    expect(x.counts).toMatchObject({ units: 8, complete: 6, coded: [4, 3, 3], allPresent: 2, allAbsent: 2 });
    expect(r.kappaMethod).toBe('fleiss');
    const k = [3, 2, 0, 0, 3, 1];
    expect(x.kappa).toBeCloseTo(fleissKappa(k.map((v) => [3 - v, v])).kappa, 12);
    const rowsABC = [[1, 1, 0, 0, 1, 0, 1, 0], [1, 0, 0, 0, 1, 1, null, null], [1, 1, 0, 0, 1, 0, 0, 0]];
    expect(x.alpha).toBeCloseTo(krippendorffAlpha(rowsABC, { metric: 'nominal' }).alpha, 12);
  });

  it('refuses paragraphs that do not align, and skips documents without full text', () => {
    expect(() => computeAgreement([shared('d', a, version([{}]))], opts())).toThrow(AgreementInputError);
    expect(() => computeAgreement([shared('d', a, version([{}]))], opts())).toThrow(/document "d" has 6 paragraphs in d-0.txt but 1 in d-1.txt/);
    const r = computeAgreement([shared('d', a, b), shared('s', version([{ rows: ['x'] }], false), version([{}], false))], opts());
    expect(r.skipped.map((s) => s.id)).toEqual(['s']);
    expect(r.documents.map((d) => d.id)).toEqual(['d']);
    const docs = computeAgreement([shared('s', version([{ rows: ['x'] }], false), version([{}], false))], opts({ unit: 'document' }));
    expect(docs.skipped).toEqual([]);
    expect(docs.rows[0].counts.onlyFirst).toBe(1);
  });

  it('lists disagreements, most differing codes first, ties in document order', () => {
    const p = version([{ rows: ['x', 'y'] }, { rows: ['x'] }, {}, { rows: ['y'] }]);
    const q = version([{}, {}, {}, { rows: ['x'] }]);
    const r = computeAgreement([shared('d', p, q)], opts({ disagreements: 2 }));
    expect(r.disagreementCount).toBe(3);
    expect(r.disagreements.map((d) => [d.ordinal, d.differOn])).toEqual([[1, ['x', 'y']], [4, ['x', 'y']]]);
    expect(r.disagreements[0].versions.map((v) => [v.coder, v.path, v.line, v.rows])).toEqual([['A', 'd-0.txt', 1, ['x', 'y']], ['B', 'd-1.txt', 1, []]]);
  });
});

describe('computeAgreement: character unit', () => {
  // One paragraph of 10 characters: A codes x on [0,5), B on [3,8); A codes y on [8,10).
  const a = version([{ spans: { x: [0, 5], y: [8, 10] } }, { length: 6 }]);
  const b = version([{ spans: { x: [3, 8] } }, { length: 6 }]);

  it('counts characters and matches the src/stats functions on the expanded characters', () => {
    const r = computeAgreement([shared('d', a, b)], opts({ unit: 'character' }));
    const x = r.rows.find((row) => row.id === 'x')!;
    expect(x.counts).toMatchObject({ units: 16, both: 2, onlyFirst: 3, onlySecond: 3, neither: 8 });
    const A = [...'1111100000', ...'000000'].map(Number);
    const B = [...'0001111100', ...'000000'].map(Number);
    expect(x.kappa).toBeCloseTo(cohenKappa({ a: A, b: B }).kappa, 12);
    expect(x.alpha).toBeCloseTo(krippendorffAlpha([A, B], { metric: 'nominal' }).alpha, 12);
    expect(x.percentAgreement).toBeCloseTo(1000 / 16, 10);
    expect(r.overall.counts).toMatchObject({ units: 32, both: 2, onlyFirst: 5, onlySecond: 3, neither: 22 });
  });

  it('--exclude-uncoded keeps only characters some coder coded with some compared code', () => {
    const r = computeAgreement([shared('d', a, b)], opts({ unit: 'character', excludeUncoded: true }));
    const x = r.rows.find((row) => row.id === 'x')!;
    expect(x.counts).toMatchObject({ units: 10, both: 2, onlyFirst: 3, onlySecond: 3, neither: 2 });
    expect(r.comparedUnits).toBe(1);
  });

  it('bootstraps whole excerpts, deterministically', () => {
    const many = Array.from({ length: 8 }, (_, i) => i);
    const p = version(many.map((i) => ({ spans: { x: i % 3 ? [0, 6] : [0, 2] } })));
    const q = version(many.map((i) => ({ spans: { x: i % 4 ? [0, 6] : [5, 9] } })));
    const run = (seed: number) => computeAgreement([shared('d', p, q)], opts({ unit: 'character', bootstrap: { samples: 300, seed, level: 0.95 } }));
    const one = run(1);
    const x = one.rows[0];
    expect(x.alphaCi).not.toBeNull();
    expect(x.alphaCi!.lower).toBeLessThan(x.alpha!);
    expect(x.alphaCi!.upper).toBeGreaterThan(x.alpha!);
    expect(run(1).rows[0].alphaCi).toEqual(x.alphaCi);
    expect(run(2).rows[0].alphaCi).not.toEqual(x.alphaCi);
    expect(one.bootstrap!.resampled).toMatch(/excerpts/);
  });

  it('the two-coder fast path of the bootstrap gives what the general path gives', () => {
    const many = Array.from({ length: 9 }, (_, i) => i);
    const p = version(many.map((i) => ({ spans: { x: i % 3 ? [0, 6] : [0, 2], y: i % 2 ? [4, 9] : [] } })));
    const q = version(many.map((i) => ({ spans: { x: i % 4 ? [1, 6] : [5, 9], y: [5, 9] } })));
    const bootstrap = { samples: 200, seed: 9, level: 0.9 };
    const two = computeAgreement([shared('d', p, q)], opts({ unit: 'character', bootstrap }));
    // A third coder without documents: every excerpt still has two coders, but the general code runs.
    const three = computeAgreement([shared('d', p, q, undefined)], opts({ unit: 'character', coders: ['A', 'B', 'C'], bootstrap }));
    expect(three.rows.map((r) => r.alpha)).toEqual(two.rows.map((r) => r.alpha));
    three.rows.forEach((r, i) => {
      expect(r.alphaCi!.lower).toBeCloseTo(two.rows[i].alphaCi!.lower, 12);
      expect(r.alphaCi!.upper).toBeCloseTo(two.rows[i].alphaCi!.upper, 12);
    });
    expect(three.overall.alphaCi!.lower).toBeCloseTo(two.overall.alphaCi!.lower, 12);
  });

  it('lists excerpts whose coded characters differ, even with the same codes', () => {
    const r = computeAgreement([shared('d', a, b)], opts({ unit: 'character', disagreements: 5 }));
    expect(r.disagreements).toHaveLength(1);
    expect(r.disagreements[0]).toMatchObject({ ordinal: 1, differOn: ['x', 'y'], characters: 6 + 2 });
  });
});
