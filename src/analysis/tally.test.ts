import { describe, expect, it } from 'vitest';
import { emptyPartial, finishTally, mergePartial, tallyDocument, type TallySpec, type TallyUnit } from './tally.js';
import { doc, testIndex } from './fixtures.test-helpers.js';

const index = testIndex();
const LEVERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'].map((id) => ({ id, label: id }));

// Two sites; Mentor 1 speaks in both documents of KO1, so as a speaker they count once there.
const d1 = doc('ko1-a', { site: 'KO1' }, [
  ['Mentor 1', 'mentor', 1, ['feedback-uitstellen', 'duiding']], // L3 via child and via duiding: once; L6 once
  ['Cursist 2', 'cursist', 2, ['voordoen']],
  ['', 'onderzoeker', undefined, []], // uncoded field note: in the denominator
]);
const d2 = doc('ko1-b', { site: 'KO1' }, [
  ['Mentor 1', 'mentor', 1, ['startprofiel']],
  ['Cursist 2', 'cursist', 2, ['fw:levers:L3']],
]);
const d3 = doc('ko2-a', { site: 'KO2' }, [
  ['Mentor 1', 'mentor', 1, ['feedback']],
]);

function run(unit: TallyUnit, across?: string, by: TallySpec['by'] = { kind: 'framework', framework: 'levers' }) {
  const spec: TallySpec = { by, across, unit, selection: {} };
  const p = [d1, d2, d3].map((d) => tallyDocument(d, spec, index)).reduce((a, b) => mergePartial(a, b), emptyPartial(unit));
  return finishTally(p, spec, { fixedRows: by.kind === 'framework' ? LEVERS : undefined, minVoice: 3 });
}
const row = (r: ReturnType<typeof run>, id: string) => r.rows.find((x) => x.id === id)!;

describe('tally by lever, unit excerpts', () => {
  const r = run('excerpts', 'role');
  it('counts an excerpt once per lever even when two of its codes map there (DESIGN §3 roll-up)', () => {
    expect(row(r, 'L3').cells.mentor).toBe(2); // d1 p1 (two routes to L3) + d3 p1
    expect(row(r, 'L3').n).toBe(3); // + cursist direct #L3 tag
    expect(row(r, 'L6').n).toBe(2);
    expect(row(r, 'L1').n).toBe(1);
  });
  it('keeps zero rows for levers nobody mentions', () => {
    expect(r.rows.map((x) => x.id)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']);
    expect(row(r, 'L2').n).toBe(0);
    expect(row(r, 'L2').percent).toBe(0);
  });
  it('uses all units in the selection as denominator, uncoded ones included, per column', () => {
    expect(r.total).toBe(6);
    expect(Object.fromEntries(r.columns.map((c) => [c.id, c.units]))).toEqual({ mentor: 3, cursist: 2, onderzoeker: 1 });
    expect(row(r, 'L3').percent).toBe(50); // 3 / 6
    expect(row(r, 'L3').cellPercents.mentor).toBeCloseTo(66.7, 1);
    expect(r.uncoded).toEqual({ n: 1, percent: 16.7, cells: { mentor: 0, cursist: 0, onderzoeker: 1 } });
  });
  it('says when a unit falls in several rows', () => {
    expect(r.multi).toBe(true);
  });
  it('flags thin voices below the threshold', () => {
    expect(r.thinVoices).toEqual([{ role: 'onderzoeker', excerpts: 1 }, { role: 'cursist', excerpts: 2 }]);
    expect(r.columns.find((c) => c.id === 'cursist')!.thin).toBe(true);
    expect(r.columns.find((c) => c.id === 'mentor')!.thin).toBe(false);
  });
});

describe('other units', () => {
  it('documents: a document counts once per lever and column', () => {
    const r = run('documents', 'site');
    expect(r.total).toBe(3);
    expect(row(r, 'L3').cells).toEqual({ KO1: 2, KO2: 1 });
    expect(row(r, 'L6').cells).toEqual({ KO1: 1, KO2: 0 });
    expect(r.columns.map((c) => c.units)).toEqual([2, 1]);
    expect(r.uncoded!.n).toBe(0);
  });
  it('speakers: keyed by site, role and number, so Mentor 1 of KO1 is one speaker over two documents', () => {
    const r = run('speakers', 'site');
    // KO1: Mentor 1, Cursist 2, field-note writer; KO2: Mentor 1
    expect(r.total).toBe(4);
    expect(row(r, 'L3').cells).toEqual({ KO1: 2, KO2: 1 });
    expect(row(r, 'L1').cells).toEqual({ KO1: 1, KO2: 0 });
    expect(r.uncoded!.cells).toEqual({ KO1: 1, KO2: 0 });
  });
  it('codings: every coded reference, each counted once per row', () => {
    const r = run('codings');
    expect(r.total).toBe(6);
    expect(row(r, 'L3').n).toBe(4); // feedback-uitstellen, duiding, #L3, feedback
    expect(row(r, 'L6').n).toBe(2); // duiding, voordoen
    expect(r.uncoded).toBeNull();
  });
});

describe('tally by code and by attribute', () => {
  it('parent codes include their children, each excerpt once', () => {
    const r = run('excerpts', undefined, { kind: 'code' });
    expect(row(r, 'feedback').n).toBe(2);
    expect(row(r, 'feedback-uitstellen').n).toBe(1);
    expect(r.rows.some((x) => x.id.startsWith('fw:'))).toBe(false);
  });
  it('attribute rows partition the units', () => {
    const r = run('excerpts', undefined, { kind: 'attribute', key: 'site' });
    expect(r.rows.map((x) => [x.id, x.n])).toEqual([['KO1', 5], ['KO2', 1]]);
    expect(r.multi).toBe(false);
  });
  it('a selection narrows units and denominators alike', () => {
    const spec: TallySpec = { by: { kind: 'framework', framework: 'levers' }, unit: 'excerpts', selection: { roles: ['cursist'] } };
    const p = [d1, d2, d3].map((d) => tallyDocument(d, spec, index)).reduce((a, b) => mergePartial(a, b), emptyPartial('excerpts'));
    const r = finishTally(p, spec, { fixedRows: LEVERS, minVoice: 5 });
    expect(r.total).toBe(2);
    expect(row(r, 'L3').n).toBe(1);
    expect(row(r, 'L6').n).toBe(1);
  });
});
