import { describe, expect, it } from 'vitest';
import { combineStopwords, isStopword, parseStopwordFile, STOPWORDS_NL, stopwordKey } from './stopwords-nl.js';

const stop = (w: string) => isStopword(STOPWORDS_NL, stopwordKey(w));

describe('the built-in Dutch stopword list', () => {
  it('drops articles, pronouns, auxiliaries, prepositions, conjunctions and fillers', () => {
    for (const w of ['de', 'het', 'een', 'je', 'ze', 'ik', 'hebben', 'wordt', 'zou', 'in', 'met', 'en', 'omdat', 'euh', 'eh', 'ja', 'nee', 'niet'])
      expect(stop(w), w).toBe(true);
  });
  it('drops elided and Flemish spoken forms', () => {
    for (const w of ["'t", "'k", "'s", "zo'n", "z'n", 'ge', 'gij', 'da', "zo’n"]) expect(stop(w), w).toBe(true);
  });
  it('keeps content words, also the borderline ones the comment defends', () => {
    for (const w of ['doen', 'leren', 'kinderen', 'mentor', 'cursist', 'altijd', 'nooit', 'veel', 'echt', 'erg', 'begeleiding', 'ideeën'])
      expect(stop(w), w).toBe(false);
  });
  it('matches ignoring case and accents; single letters are always stopwords', () => {
    expect(stop('Één')).toBe(true);
    expect(stop('HET')).toBe(true);
    expect(stop('a')).toBe(true);
    expect(stop('ö')).toBe(true);
    expect(isStopword(new Set(), 'x')).toBe(true);
    expect(isStopword(new Set(), 'xy')).toBe(false);
  });
});

describe('stopword files', () => {
  it('one word per line, # comments, BOM and CRLF, !word keeps a listed word', () => {
    const f = parseStopwordFile('\uFEFF# eigen lijst\r\nopvang\r\n\r\nKinderen   # te algemeen hier\r\n!ja\r\nCoördinator\r\n', 'extra.txt');
    expect(f.issues).toEqual([]);
    expect(f.add).toEqual(['opvang', 'kinderen', 'coordinator']);
    expect(f.keep).toEqual(['ja']);
    const list = combineStopwords(STOPWORDS_NL, [f]);
    expect(list.has('opvang')).toBe(true);
    expect(list.has('ja')).toBe(false);
    expect(list.has('de')).toBe(true);
    expect(STOPWORDS_NL.has('ja')).toBe(true); // the built-in list is not changed
  });
  it('a line with two words, or a bare !, is an error naming file and line', () => {
    const f = parseStopwordFile('opvang\n\'s morgens\n!\n', 'extra.txt');
    expect(f.issues).toHaveLength(2);
    expect(f.issues[0]).toMatchObject({ severity: 'error', file: 'extra.txt', line: 2, code: 'bad-stopword' });
    expect(f.issues[0].message).toContain("'s morgens");
    expect(f.issues[0].hint).toContain('line of its own');
    expect(f.issues[1]).toMatchObject({ line: 3 });
    expect(f.add).toEqual(['opvang']);
  });
  it('a # inside a word is not a comment', () => {
    expect(parseStopwordFile('c#\n', 'x').add).toEqual(['c#']);
  });
});
