import { describe, expect, it } from 'vitest';
import { compileKwicQuery, emptyWordTally, kwicHits, mergeWordTallies, rankWords, wordsOfDocument, type WordOptions } from './words.js';
import { STOPWORDS_NL } from './stopwords-nl.js';

const plain: WordOptions = { stopwords: STOPWORDS_NL, numbers: false, stem: false };

describe('wordsOfDocument', () => {
  const excerpts = [
    { text: 'De begeleiding van de cursist is goed. Begeleiding!', group: 'mentor' },
    { text: 'Het zijn begeleidingen met 3 ideeën, je weet wel.', group: 'cursist' },
    { text: '', group: 'cursist' },
  ];
  it('counts words, excerpts that contain them, tokens (stopwords included) and drops stopwords and numbers', () => {
    const t = wordsOfDocument(excerpts, plain);
    expect(t.excerpts).toBe(3);
    expect(t.documents).toBe(1);
    // tokens: 8 in the first excerpt, 8 words in the second (the number 3 is left out)
    expect(t.tokens).toBe(16);
    expect(t.numbers).toBe(1);
    expect(t.words.get('begeleiding')).toMatchObject({ n: 2, excerpts: 1, documents: 1 });
    expect(t.words.get('ideeën')?.n).toBe(1);
    for (const w of ['de', 'het', 'je', 'is', 'van', 'met', 'zijn', 'wel']) expect(t.words.has(w), w).toBe(false);
    expect(t.stopwords).toBe(9); // De van de is · Het zijn met je wel
    expect(t.groups.get('cursist')).toMatchObject({ excerpts: 2, tokens: 8 });
    expect(t.groups.get('mentor')?.counts.get('begeleiding')).toBe(2);
  });
  it('with stem, begeleiding and begeleidingen are one entry with both forms', () => {
    const t = wordsOfDocument(excerpts, { ...plain, stem: true });
    const e = t.words.get('begeleid')!;
    expect(e.n).toBe(3);
    expect(e.excerpts).toBe(2);
    expect([...e.forms]).toEqual([['begeleiding', 2], ['begeleidingen', 1]]);
  });
  it('numbers count when asked; no stopwords counts every word', () => {
    expect(wordsOfDocument(excerpts, { ...plain, numbers: true }).words.get('3')?.n).toBe(1);
    const all = wordsOfDocument(excerpts, { ...plain, stopwords: null });
    expect(all.words.get('de')?.n).toBe(2);
    expect(all.stopwords).toBe(0);
  });
});

describe('merging and ranking', () => {
  it('merges documents: counts, excerpts and documents add up', () => {
    const a = wordsOfDocument([{ text: 'kinderen spelen buiten' }], plain);
    const b = wordsOfDocument([{ text: 'Kinderen eten. Kinderen slapen.' }], plain);
    const t = mergeWordTallies(mergeWordTallies(emptyWordTally(), a), b);
    expect(t.documents).toBe(2);
    expect(t.words.get('kinderen')).toMatchObject({ n: 3, excerpts: 2, documents: 2 });
    // merging copies: the per-document tally is not changed
    expect(a.words.get('kinderen')?.n).toBe(1);
  });
  it('ranks by frequency, ties share a rank and sort by excerpts then alphabetically; minCount and top cut', () => {
    const t = wordsOfDocument([
      { text: 'zon zon zon maan maan ster' },
      { text: 'aarde aarde' },
    ], plain);
    const { rows, eligible } = rankWords(t, { minCount: 1, top: 0 });
    expect(rows.map((r) => [r.rank, r.word, r.n])).toEqual([[1, 'zon', 3], [2, 'aarde', 2], [2, 'maan', 2], [4, 'ster', 1]]);
    expect(eligible).toBe(4);
    expect(rows[0].perThousand).toBeCloseTo((1000 * 3) / 8, 12);
    expect(rows[0].excerptPercent).toBe(50);
    expect(rankWords(t, { minCount: 2, top: 0 }).rows).toHaveLength(3);
    expect(rankWords(t, { minCount: 1, top: 2 }).rows.map((r) => r.word)).toEqual(['zon', 'aarde']);
  });
  it('a stem shows its most frequent surface form', () => {
    const t = wordsOfDocument([{ text: 'begeleidingen begeleidingen begeleiding' }], { ...plain, stem: true });
    const [row] = rankWords(t, { minCount: 1, top: 0 }).rows;
    expect(row).toMatchObject({ key: 'begeleid', word: 'begeleidingen', n: 3 });
  });
});

describe('kwic', () => {
  const q = (term: string, stem = false, exact = false) => compileKwicQuery(term, { stem, exact })!;
  it('matches ignoring case and accents by default, exactly with exact', () => {
    const text = 'De Coördinator sprak met de coordinator.';
    expect(kwicHits(text, q('coordinator'), 10).map((h) => h.match)).toEqual(['Coördinator', 'coordinator']);
    expect(kwicHits(text, q('coördinator', false, true), 10).map((h) => h.match)).toEqual([]);
    expect(kwicHits(text, q('Coördinator', false, true), 10).map((h) => h.match)).toEqual(['Coördinator']);
  });
  it('stem matches every form; * is a wildcard; a phrase matches consecutive words', () => {
    const text = 'Begeleiding en begeleidingen, begeleider. Ik durf niet. Niet durven!';
    expect(kwicHits(text, q('begeleiding', true), 5).map((h) => h.match)).toEqual(['Begeleiding', 'begeleidingen']);
    expect(kwicHits(text, q('begeleid*'), 5).map((h) => h.match)).toEqual(['Begeleiding', 'begeleidingen', 'begeleider']);
    expect(kwicHits(text, q('niet durven'), 5).map((h) => h.match)).toEqual(['Niet durven']);
    expect(kwicHits('zo’n dag', q("zo'n"), 5).map((h) => h.match)).toEqual(['zo’n']);
  });
  it('whole words only: a term does not match inside a longer word', () => {
    expect(kwicHits('kinderopvang en kind', q('kind'), 5).map((h) => h.match)).toEqual(['kind']);
  });
  it('context: width characters each side, white space collapsed, cut marked; line offset inside the excerpt', () => {
    const text = 'Eerste regel van de alinea.\nHier staat het woord feedback   en meer tekst.';
    const [h] = kwicHits(text, q('feedback'), 12);
    expect(h.left).toBe('staat het woord'.slice(-12));
    expect(h.right).toBe('en meer teks');
    expect(h).toMatchObject({ match: 'feedback', cutLeft: true, cutRight: true, lineOffset: 1 });
    const [whole] = kwicHits('Feedback.', q('feedback'), 12);
    expect(whole).toMatchObject({ left: '', right: '.', cutLeft: false, cutRight: false, lineOffset: 0 });
  });
  it('a term without any word compiles to null', () => {
    expect(compileKwicQuery('?!', { stem: false, exact: false })).toBeNull();
  });
});
