import { describe, expect, it } from 'vitest';
import { doc, testIndex } from './fixtures.test-helpers.js';
import { baseScore, lengthScore } from './quotes.js';
import { emptyReportTotals, groupKey, groupSelection, mergeReport, MAX_SCORE, REPORT_FRAMEWORKS, reportDocument, targetScore } from './report-scan.js';

const index = testIndex();
const LONG = 'Ik vond het fijn dat mijn mentor eerst liet zien hoe het moest en pas daarna vroeg om het zelf te proberen met de kinderen.';

describe('reportDocument', () => {
  const d = doc('d1', { site: 'KO1', source_type: 'interview' }, [
    ['Mentor', 'mentor', 1, ['feedback-uitstellen', 'voordoen'], LONG],
    ['Mentor', 'mentor', 1, ['feedback'], 'kort'],
    ['Cursist', 'cursist', 1, ['voordoen'], LONG],
    ['Cursist', 'cursist', 1, []],
    ['Cursist', 'cursist', 2, ['fw:levers:L3.2']],
    ['Onderzoeker', 'onderzoeker', undefined, ['fw:memoq:welbevinden']],
  ]);
  const p = reportDocument(d, { exemplars: 2 }, index);

  it('counts every excerpt, the coded ones and the codings', () => {
    expect(p.excerpts).toBe(6);
    expect(p.coded).toBe(5);
    expect(p.codings).toBe(6);
    expect([...p.byRole]).toEqual([['mentor', 2], ['cursist', 3], ['onderzoeker', 1]]);
    expect(p.bySite.get('KO1')).toBe(6);
    expect(p.bySource.get('interview')).toBe(6);
  });

  it('counts each excerpt once per lever and dimension, with roll-up, by role', () => {
    const l3 = p.groups.get(groupKey('levers', 'L3'))!;
    // feedback-uitstellen (via feedback), feedback, and the direct tip tag L3.2
    expect(l3.excerpts).toBe(3);
    expect([...l3.byRole]).toEqual([['mentor', 2], ['cursist', 1]]);
    expect(l3.direct).toBe(1);
    expect(p.groups.get(groupKey('levers', 'L6'))!.excerpts).toBe(2);
    expect(p.groups.get(groupKey('memoq', 'emotionele-ondersteuning'))!.excerpts).toBe(2);
    expect(p.groups.get(groupKey('memoq', 'welbevinden'))!.direct).toBe(1);
    expect(p.groups.has(groupKey('levers', 'L1'))).toBe(false);
    expect(p.leverExcerpts).toBe(4);
  });

  it('records the sites of excerpts coded to a tip', () => {
    expect([...p.groups.get(groupKey('levers', 'L3'))!.tipSites.get('L3.2')!]).toEqual(['KO1']);
    expect(p.groups.get(groupKey('levers', 'L6'))!.tipSites.size).toBe(0);
  });

  it('keeps the best-scored candidates per group (quotes.ts scoring), in document order', () => {
    const l3 = p.groups.get(groupKey('levers', 'L3'))!.candidates;
    // p2 and p5 are clean L3 examples (+3); p1 also carries L6 (−1) and only its length scores.
    expect(l3.map((c) => c.excerpt.id)).toEqual(['d1/p2', 'd1/p5']);
    const l6 = p.groups.get(groupKey('levers', 'L6'))!.candidates;
    expect(l6.map((c) => c.excerpt.id)).toEqual(['d1/p1', 'd1/p3']);
    expect(l6[0].excerpt.text).toBe(LONG);
    expect(l6[0].document).toEqual({ id: 'd1', path: 'd1.txt', coder: 'A', format: 'transcript' });
  });

  it('scores as quotes.ts baseScore does, for every excerpt and every group it reaches', () => {
    let compared = 0;
    for (const x of d.excerpts) {
      for (const fw of REPORT_FRAMEWORKS) {
        const nodes = new Set(x.codings.flatMap((c) => [...index.nodesFor(c.codeId, fw)]));
        for (const n of nodes) {
          const expected = baseScore({ excerpt: x, document: d, codes: [] }, groupSelection(fw, n), index);
          expect(lengthScore(x.text ?? '') + targetScore(nodes.size - 1), `${x.id} ${fw}:${n}`).toBe(expected);
          compared++;
        }
      }
    }
    expect(compared).toBe(8);
  });

  it('gives each speaker one candidate before anyone gets a second', () => {
    const e = doc('e', {}, [
      ['Mentor', 'mentor', 1, ['voordoen'], LONG],
      ['Mentor', 'mentor', 1, ['voordoen'], LONG],
      ['Cursist', 'cursist', 1, ['voordoen', 'startprofiel'], 'kort antwoord'],
    ]);
    const l6 = reportDocument(e, { exemplars: 2 }, index).groups.get(groupKey('levers', 'L6'))!.candidates;
    // The mentor's second excerpt scores higher than the cursist's, but the cursist is another voice.
    expect(l6.map((c) => c.excerpt.id)).toEqual(['e/p1', 'e/p3']);
  });

  it('stops scoring a group once enough speakers have a best-possible candidate, without changing the choice', () => {
    const e = doc('e', {}, [
      ['Mentor', 'mentor', 1, ['voordoen'], LONG],
      ['Mentor', 'mentor', 2, ['voordoen'], LONG],
      ['Cursist', 'cursist', 3, ['voordoen'], 'kort'],
      ['Mentor', 'mentor', 3, ['voordoen'], LONG],
      ['Cursist', 'cursist', 4, ['voordoen'], LONG],
    ]);
    expect(baseScore({ excerpt: e.excerpts[0], document: e, codes: [] }, groupSelection('levers', 'L6'), index)).toBe(MAX_SCORE);
    const l6 = reportDocument(e, { exemplars: 3 }, index).groups.get(groupKey('levers', 'L6'))!.candidates;
    expect(l6.map((c) => c.excerpt.id)).toEqual(['e/p1', 'e/p2', 'e/p4']);
  });

  it('counts a coded reference that crosses paragraphs once', () => {
    const e = doc('e', {}, [['Mentor', 'mentor', 1, ['voordoen']], ['Mentor', 'mentor', 1, ['voordoen']]]);
    for (const x of e.excerpts) x.codings[0].ref = 'r1';
    expect(reportDocument(e, { exemplars: 0 }, index).codings).toBe(1);
  });

  it('keeps no candidates when no exemplars are asked for', () => {
    const q = reportDocument(d, { exemplars: 0 }, index);
    for (const g of q.groups.values()) expect(g.candidates).toEqual([]);
  });

  it('survives a structured clone (it crosses worker threads)', () => {
    const copy = structuredClone(p);
    expect(copy.groups.get(groupKey('levers', 'L3'))!.tipSites.get('L3.2')!.has('KO1')).toBe(true);
    expect(copy.cooccur.pairKeys).toEqual(p.cooccur.pairKeys);
  });
});

describe('mergeReport', () => {
  it('adds counts, counts documents per group only where the group occurs, keeps candidates in document order', () => {
    const a = doc('a', { site: 'KO1' }, [['Mentor', 'mentor', 1, ['voordoen'], LONG]]);
    const b = doc('b', { site: 'KO2' }, [['Cursist', 'cursist', 1, ['voordoen'], LONG], ['Cursist', 'cursist', 1, ['startprofiel']]]);
    const t = [a, b].map((x) => reportDocument(x, { exemplars: 3 }, index)).reduce(mergeReport, emptyReportTotals());
    expect(t.documents).toBe(2);
    expect(t.excerpts).toBe(3);
    const l6 = t.groups.get(groupKey('levers', 'L6'))!;
    expect(l6.excerpts).toBe(2);
    expect(l6.documents).toBe(2);
    expect([...l6.bySite]).toEqual([['KO1', 1], ['KO2', 1]]);
    expect(t.groups.get(groupKey('levers', 'L1'))!.documents).toBe(1);
    expect(l6.candidates.map((c) => c.excerpt.id)).toEqual(['a/p1', 'b/p1']);
    // Co-occurrence totals: voordoen in two excerpts.
    expect(t.cooccur.n[t.cooccur.index.get('voordoen')!]).toBe(2);
  });
});
