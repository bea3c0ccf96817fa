import { describe, expect, it } from 'vitest';
import { foldAccents, normaliseWord, stemWord, tokenise } from './tokenise.js';

const words = (s: string) => tokenise(s).map((t) => t.text);

describe('tokenise', () => {
  it('keeps accented words whole, precomposed or decomposed', () => {
    expect(words('Goede ideeën van de coördinator, naïef?')).toEqual(['Goede', 'ideeën', 'van', 'de', 'coördinator', 'naïef']);
    const decomposed = 'ide\u0065\u0308n'; // e + combining diaeresis
    const [t] = tokenise(decomposed);
    expect(t.text).toBe(decomposed);
    expect(t.norm).toBe('ideën');
    expect(t.folded).toBe('ideen');
  });
  it('keeps hyphenated compounds whole and drops hyphens at a word edge', () => {
    expect(words('De kinder-begeleider en de zij-instromer')).toEqual(['De', 'kinder-begeleider', 'en', 'de', 'zij-instromer']);
    expect(words('kinder- en jeugdzorg; -vooraf')).toEqual(['kinder', 'en', 'jeugdzorg', 'vooraf']);
    expect(words('een gedachte – of niet')).toEqual(['een', 'gedachte', 'of', 'niet']);
    expect(tokenise('kinder‐begeleider')[0].norm).toBe('kinder-begeleider');
  });
  it('reads numbers with decimal and thousands separators as one number token', () => {
    const t = tokenise('2,5 jaar, 1.000 kinderen en 3 groepen.');
    expect(t.map((x) => [x.text, x.kind])).toEqual([
      ['2,5', 'number'], ['jaar', 'word'], ['1.000', 'number'], ['kinderen', 'word'], ['en', 'word'], ['3', 'number'], ['groepen', 'word'],
    ]);
  });
  it('words with digits are words: lever ids, ordinals, covid-19', () => {
    expect(tokenise('L3 en L3.2, de 2de week, covid-19').map((x) => [x.text, x.kind])).toEqual([
      ['L3', 'word'], ['en', 'word'], ['L3.2', 'word'], ['de', 'word'], ['2de', 'word'], ['week', 'word'], ['covid-19', 'word'],
    ]);
  });
  it('drops emoji, also next to a word, with skin tones and joiners', () => {
    expect(words('top👍🏽 👩‍👧 goed😀gedaan ❤️')).toEqual(['top', 'goed', 'gedaan']);
  });
  it('apostrophes: inner ones join, elided forms keep theirs, quotes are dropped', () => {
    expect(words("zo'n foto's, z'n m'n")).toEqual(["zo'n", "foto's", "z'n", "m'n"]);
    expect(words("'s morgens en 't is 'k weet het")).toEqual(["'s", 'morgens', 'en', "'t", 'is', "'k", 'weet', 'het']);
    expect(words("'niet wenen', zei ze")).toEqual(['niet', 'wenen', 'zei', 'ze']);
    const typographic = tokenise('‘s avonds foto’s');
    expect(typographic.map((t) => t.norm)).toEqual(["'s", 'avonds', "foto's"]);
  });
  it('offsets slice the token out of the text (UTF-16, also after emoji)', () => {
    const text = '😀 Één coördinator: "kinder-begeleider"';
    for (const t of tokenise(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokenise(text)[0]).toMatchObject({ text: 'Één', norm: 'één', folded: 'een' });
  });
  it('empty and punctuation-only text has no tokens', () => {
    expect(tokenise('')).toEqual([]);
    expect(tokenise(' ... !? — #')).toEqual([]);
  });
});

describe('normalising and stemming', () => {
  it('normaliseWord lowers case and unifies apostrophes; foldAccents removes diacritics', () => {
    expect(normaliseWord('Foto’s')).toBe("foto's");
    expect(foldAccents('coördinator ideeën café')).toBe('coordinator ideeen cafe');
  });
  it('the Dutch Snowball stem conflates singular and plural', () => {
    expect(stemWord('begeleiding')).toBe(stemWord('begeleidingen'));
    expect(stemWord('mentor')).toBe(stemWord('mentoren'));
    expect(stemWord('cursist')).toBe(stemWord('cursisten'));
    expect(stemWord('begeleiding')).not.toBe(stemWord('begeleider'));
  });
  it("removes plural 's before stemming; numbers are their own stem", () => {
    expect(stemWord("foto's")).toBe(stemWord('foto'));
    expect(stemWord('2,5')).toBe('2,5');
  });
});
