import { describe, expect, it } from 'vitest';
import { baseScore, pickBest, provenance, wordCount, formatTime, type QuoteCandidate } from './quotes.js';
import { doc, testIndex } from './fixtures.test-helpers.js';

const index = testIndex();
const words = (n: number) => Array.from({ length: n }, (_, i) => `woord${i}`).join(' ');

const a = doc('ko1', { site: 'KO1' }, [
  ['Cursist 1', 'cursist', 1, ['feedback'], words(20)], // clean, medium: 3 + 2
  ['Cursist 1', 'cursist', 1, ['feedback'], words(25)], // same speaker
  ['Cursist 2', 'cursist', 2, ['feedback', 'voordoen'], words(20)], // also L6: 2 + 2 - 1... (not clean)
]);
const b = doc('ko2', { site: 'KO2' }, [
  ['Cursist 3', 'cursist', 3, ['feedback'], words(4)], // clean but short: 3 + 0
  ['Cursist 4', 'cursist', 4, ['duiding'], words(30)], // L3 and L6: not clean
]);
const cands: QuoteCandidate[] = [a, b].flatMap((d) => d.excerpts.map((x) => ({ excerpt: x, document: d, codes: [] })));
const sel = { nodes: [{ framework: 'levers', node: 'L3' }] };

describe('--best rule', () => {
  it('scores clean, medium-length excerpts highest', () => {
    expect(cands.map((c) => baseScore(c, sel, index))).toEqual([5, 5, 1, 3, 1]);
  });
  it('spreads picks over speakers and sites', () => {
    const picked = pickBest(cands, 3, sel, index).map((c) => c.excerpt.id);
    // First the earliest top score; its twin by the same speaker drops (−3 speaker, −2 document, −1 site)
    // below the clean short excerpt of another site.
    expect(picked).toEqual(['ko1/p1', 'ko2/p1', 'ko1/p2']);
  });
  it('is deterministic', () => {
    expect(pickBest(cands, 4, sel, index).map((c) => c.excerpt.id)).toEqual(pickBest([...cands], 4, sel, index).map((c) => c.excerpt.id));
  });
});

describe('helpers', () => {
  it('counts words with Dutch apostrophes and hyphens as one', () => {
    expect(wordCount("Zo'n zij-instromer leert snel, één twee.")).toBe(6);
  });
  it('counts as the word pattern would match, joiners and non-ASCII letters included', () => {
    const pattern = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
    const alphabet = ['a', 'Z', '7', 'é', 'ĳ', '²', '𝔸', '😀', "'", '’', '-', '--', ' ', ',', '\n', '.'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let t = 0; t < 2000; t++) {
      let text = '';
      for (let k = Math.floor(next() * 30); k > 0; k--) text += alphabet[Math.floor(next() * alphabet.length)];
      expect(wordCount(text), JSON.stringify(text)).toBe(text.match(pattern)?.length ?? 0);
    }
    expect(wordCount('een twee drie vier', 2)).toBe(3);
  });
  it('provenance is file:line, with @time when known', () => {
    const x = { ...a.excerpts[0], line: 12, time: { start: 751 } };
    expect(provenance(x, { path: 'transcripts/ko1.txt' })).toBe('transcripts/ko1.txt:12@00:12:31');
    expect(formatTime(3600 + 61)).toBe('01:01:01');
  });
});
