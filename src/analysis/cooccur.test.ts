import { describe, expect, it } from 'vitest';
import type { Document } from '../model/types.js';
import { doc, testIndex } from './fixtures.test-helpers.js';
import { cooccurDocument, cooccurExamples, emptyTotals, finishCooccur, measureValue, mergeCooccur, pairId, type CooccurLevel, type CooccurMeasure, type CooccurUnit } from './cooccur.js';

const index = testIndex();
const CODE: CooccurLevel = { kind: 'code' };
const LEVERS: CooccurLevel = { kind: 'framework', framework: 'levers' };
const EXCERPT: CooccurUnit = { kind: 'excerpt' };
const ORDER_CODES = ['feedback', 'feedback-uitstellen', 'voordoen', 'duiding', 'startprofiel'].map((id) => ({ id, always: false }));
const ORDER_LEVERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'].map((id) => ({ id, always: true }));

function run(docs: Document[], level: CooccurLevel, unit: CooccurUnit, measure: CooccurMeasure = 'count') {
  const totals = docs.map((d) => cooccurDocument(d, { level, unit, selection: {} }, index)).reduce(mergeCooccur, emptyTotals());
  const r = finishCooccur(totals, { measure, unit, level, order: level.kind === 'code' ? ORDER_CODES : ORDER_LEVERS, index });
  const pair = (a: string, b: string) => r.pairs.find((p) => pairId(p.a, p.b) === pairId(a, b));
  return { r, pair, n: (id: string) => r.nodes.find((x) => x.id === id)?.n };
}

/** One paragraph holding codings with explicit spans (span data, as from a QDA import). */
function spanDoc(id: string, codings: [string, number, number, string?][]): Document {
  return {
    id, path: `${id}.txt`, format: 'segments', coder: 'A', attributes: {}, text: 'x'.repeat(100), lineEnding: 'lf', hasFullText: true,
    excerpts: [{
      id: `${id}/p1`, documentId: id, ordinal: 1, text: 'x'.repeat(100), start: 0, end: 100, line: 1,
      speaker: { label: '', role: 'onbekend' }, attributes: {},
      codings: codings.map(([codeId, start, end, ref]) => ({ codeId, coder: 'A', start, end, ...(ref ? { ref } : {}) })),
    }],
  };
}

describe('cooccur, unit excerpt', () => {
  const d = doc('d', {}, [
    ['Mentor', 'mentor', 1, ['feedback-uitstellen', 'voordoen']],
    ['Mentor', 'mentor', 1, ['feedback', 'voordoen']],
    ['Cursist', 'cursist', 1, ['voordoen']],
    ['Cursist', 'cursist', 1, []],
  ]);

  it('the excerpt pass gives the partial of the general pass (near:0 relates an excerpt to itself only)', () => {
    const e = doc('e', {}, [
      ['Mentor', 'mentor', 1, ['feedback-uitstellen', 'voordoen', 'fw:levers:L3.2']],
      ['Cursist', 'cursist', 1, []],
      ['Mentor', 'mentor', 1, ['duiding', 'feedback', 'voordoen', 'feedback']],
      ['Cursist', 'cursist', 2, ['startprofiel', 'fw:memoq:welbevinden']],
    ]);
    for (const level of [CODE, LEVERS]) {
      const fast = cooccurDocument(e, { level, unit: EXCERPT, selection: {} }, index);
      const general = cooccurDocument(e, { level, unit: { kind: 'near', n: 0 }, selection: {} }, index);
      const pairs = (p: typeof fast) => Object.fromEntries(p.pairKeys.map((k, i) => [k, p.n12[i]]));
      expect(fast.nodes).toEqual(general.nodes);
      expect(fast.n).toEqual(general.n);
      expect(pairs(fast)).toEqual(pairs(general));
      expect(Object.keys(pairs(fast)).length).toBeGreaterThan(0);
      expect([fast.excerpts, fast.codedExcerpts, fast.reachingExcerpts]).toEqual([general.excerpts, general.codedExcerpts, general.reachingExcerpts]);
    }
  });

  it('counts excerpts per code with roll-up, and excerpts with both per pair', () => {
    const { r, pair, n } = run([d], CODE, EXCERPT);
    expect(n('feedback')).toBe(2);
    expect(n('feedback-uitstellen')).toBe(1);
    expect(n('voordoen')).toBe(3);
    expect(pair('feedback', 'voordoen')?.n12).toBe(2);
    expect(pair('feedback-uitstellen', 'voordoen')?.n12).toBe(1);
    expect(r.excerpts).toBe(4);
    expect(r.codedExcerpts).toBe(3);
  });

  it('leaves out a code paired with its own ancestor, and lists unused codes not at all', () => {
    const { r, pair } = run([d], CODE, EXCERPT);
    expect(pair('feedback', 'feedback-uitstellen')).toBeUndefined();
    expect(r.leftOut).toBe(1);
    expect(r.nodes.map((x) => x.id)).toEqual(['feedback', 'feedback-uitstellen', 'voordoen']);
    const i = r.nodes.findIndex((x) => x.id === 'feedback');
    const j = r.nodes.findIndex((x) => x.id === 'feedback-uitstellen');
    expect(r.matrix[i][j]).toBeNull();
  });

  it('jaccard = c = n12 / (n1 + n2 − n12); lift = n12 · N / (n1 · n2)', () => {
    expect(run([d], CODE, EXCERPT, 'jaccard').pair('feedback', 'voordoen')?.value).toBeCloseTo(2 / 3, 12);
    expect(run([d], CODE, EXCERPT, 'c').pair('feedback', 'voordoen')?.value).toBeCloseTo(2 / 3, 12);
    expect(run([d], CODE, EXCERPT, 'lift').pair('feedback', 'voordoen')?.value).toBeCloseTo((2 * 4) / (2 * 3), 12);
  });

  it('counts an excerpt once per lever, and a code mapped to two levers makes them co-occur', () => {
    const e = doc('e', {}, [
      ['Mentor', 'mentor', 1, ['duiding']],
      ['Mentor', 'mentor', 1, ['feedback', 'duiding']],
      ['Mentor', 'mentor', 1, ['startprofiel']],
    ]);
    const { r, pair, n } = run([e], LEVERS, EXCERPT);
    expect(n('L3')).toBe(2);
    expect(n('L6')).toBe(2);
    expect(pair('L3', 'L6')?.n12).toBe(2);
    expect(pair('L1', 'L3')).toBeUndefined();
    expect(r.nodes.map((x) => x.id)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']);
  });

  it('merges documents whose node tables differ in order', () => {
    const a = doc('a', {}, [['M', 'mentor', 1, ['voordoen', 'startprofiel']]]);
    const b = doc('b', {}, [['M', 'mentor', 1, ['startprofiel']], ['M', 'mentor', 1, ['startprofiel', 'voordoen']]]);
    const { pair, n } = run([a, b], CODE, EXCERPT);
    expect(pair('voordoen', 'startprofiel')?.n12).toBe(2);
    expect(n('startprofiel')).toBe(3);
  });

  it('flags a pair where one code is over five times as frequent as the other', () => {
    const paras = Array.from({ length: 11 }, (_, i) => ['M', 'mentor', 1, i === 0 ? ['voordoen', 'startprofiel'] : ['voordoen']] as [string, string, number, string[]]);
    const { pair } = run([doc('u', {}, paras)], CODE, EXCERPT, 'jaccard');
    expect(pair('voordoen', 'startprofiel')?.ratio).toBe(11);
    expect(pair('voordoen', 'startprofiel')?.unbalanced).toBe(true);
    const balanced = run([doc('v', {}, paras.slice(0, 5))], CODE, EXCERPT, 'jaccard').pair('voordoen', 'startprofiel');
    expect(balanced?.unbalanced).toBe(false);
  });
});

describe('cooccur, relation units', () => {
  const d = doc('d', {}, [
    ['M', 'mentor', 1, ['feedback']],
    ['M', 'mentor', 1, ['voordoen']],
    ['M', 'mentor', 1, []],
    ['M', 'mentor', 1, ['voordoen']],
  ]);

  it('near:N pairs excerpts at most N paragraphs apart', () => {
    expect(run([d], CODE, EXCERPT).pair('feedback', 'voordoen')).toBeUndefined();
    expect(run([d], CODE, { kind: 'near', n: 1 }).pair('feedback', 'voordoen')?.n12).toBe(1);
    expect(run([d], CODE, { kind: 'near', n: 2 }).pair('feedback', 'voordoen')?.n12).toBe(1);
    expect(run([d], CODE, { kind: 'near', n: 3 }).pair('feedback', 'voordoen')?.n12).toBe(2);
  });

  const spans = spanDoc('s', [['feedback', 0, 10], ['voordoen', 5, 15], ['voordoen', 20, 30], ['startprofiel', 12, 25]]);

  it('overlap pairs coded references whose spans intersect', () => {
    const { pair, n } = run([spans], CODE, { kind: 'overlap' });
    expect(n('voordoen')).toBe(2);
    expect(pair('feedback', 'voordoen')?.n12).toBe(1);
    expect(pair('voordoen', 'startprofiel')?.n12).toBe(2);
    expect(pair('feedback', 'startprofiel')).toBeUndefined();
  });

  it('within:N pairs references at most N code points apart', () => {
    expect(run([spans], CODE, { kind: 'within', n: 1 }).pair('feedback', 'startprofiel')).toBeUndefined();
    expect(run([spans], CODE, { kind: 'within', n: 2 }).pair('feedback', 'startprofiel')?.n12).toBe(1);
    expect(run([spans], CODE, { kind: 'within', n: 9 }).pair('feedback', 'voordoen')?.n12).toBe(1);
    expect(run([spans], CODE, { kind: 'within', n: 10 }).pair('feedback', 'voordoen')?.n12).toBe(2);
  });

  it('c can exceed 1 with overlapping references (flagged); jaccard stays within 0–1', () => {
    const c = run([spans], CODE, { kind: 'overlap' }, 'c').pair('voordoen', 'startprofiel')!;
    expect(c.value).toBe(2); // 2 / (2 + 1 − 2)
    expect(c.outOfRange).toBe(true);
    const j = run([spans], CODE, { kind: 'overlap' }, 'jaccard').pair('voordoen', 'startprofiel')!;
    expect(j.linked).toBe(3);
    expect(j.value).toBe(1);
    const fv = run([spans], CODE, { kind: 'overlap' }, 'jaccard').pair('feedback', 'voordoen')!;
    expect(fv.value).toBeCloseTo(2 / 3, 12); // feedback and the first voordoen of 3 occurrences
  });

  it('a reference that crosses paragraphs is one occurrence', () => {
    const two: Document = { ...spans, excerpts: [
      { ...spans.excerpts[0], id: 's/p1', codings: [{ codeId: 'voordoen', coder: 'A', start: 0, end: 10, ref: 'r1', refSpan: { start: 0, end: 30 } }] },
      { ...spans.excerpts[0], id: 's/p2', ordinal: 2, line: 3, codings: [
        { codeId: 'voordoen', coder: 'A', start: 10, end: 30, ref: 'r1', refSpan: { start: 0, end: 30 } },
        { codeId: 'startprofiel', coder: 'A', start: 20, end: 25 },
      ] },
    ] };
    const { pair, n } = run([two], CODE, { kind: 'overlap' });
    expect(n('voordoen')).toBe(1);
    expect(pair('voordoen', 'startprofiel')?.n12).toBe(1);
  });

  it('lift is not defined without a fixed number of units: measureValue still guards zeros', () => {
    expect(measureValue('lift', EXCERPT, { n1: 0, n2: 3, n12: 0, same: 0, linked: 0 }, 10)).toBeNull();
    expect(measureValue('c', { kind: 'overlap' }, { n1: 2, n2: 2, n12: 4, same: 0, linked: 4 }, 0)).toBeNull();
  });
});

describe('cooccur examples', () => {
  it('gives the first two excerpts of a wanted pair in document order, with the partner for near:N', () => {
    const d = doc('d', {}, [
      ['M', 'mentor', 1, ['feedback', 'voordoen'], 'eerste'],
      ['M', 'mentor', 1, ['voordoen'], 'tweede'],
      ['M', 'mentor', 1, ['feedback', 'voordoen'], 'derde'],
      ['M', 'mentor', 1, ['feedback', 'voordoen'], 'vierde'],
    ]);
    const wanted = new Set([pairId('feedback', 'voordoen')]);
    const ex = cooccurExamples(d, { level: CODE, unit: EXCERPT, selection: {} }, index, wanted);
    expect(ex.get(pairId('feedback', 'voordoen'))!.map((e) => e.excerpt.text)).toEqual(['eerste', 'derde']);
    const near = cooccurExamples(doc('n', {}, [['M', 'mentor', 1, ['feedback'], 'a'], ['M', 'mentor', 1, ['voordoen'], 'b']]), { level: CODE, unit: { kind: 'near', n: 1 }, selection: {} }, index, wanted);
    const [first] = near.get(pairId('feedback', 'voordoen'))!;
    expect(first.excerpt.text).toBe('a');
    expect(first.partner?.text).toBe('b');
  });
});
