import { describe, expect, it } from 'vitest';
import { addDecision, emptyEvaluation, isKeywordError, parseKeyword, precisionRecall, suggestCodes, type KeywordRule } from './autocode.js';

const rule = (code: string, kw: string): KeywordRule => {
  const r = parseKeyword(code, kw);
  if (isKeywordError(r)) throw new Error(r.message);
  return r;
};

describe('parseKeyword', () => {
  it('tells the five kinds apart', () => {
    expect(rule('a', 'begeleiding').kind).toBe('stem');
    expect(rule('a', '=begeleiding').kind).toBe('exact');
    expect(rule('a', 'begeleid*').kind).toBe('prefix');
    expect(rule('a', 'later zeggen').kind).toBe('phrase');
    expect(rule('a', '/niet (durven|durf) zeggen/').kind).toBe('regex');
  });
  it('names the problem of a broken pattern or an empty keyword', () => {
    const r = parseKeyword('feedback', '/niet (durven/');
    expect(isKeywordError(r) && r.message).toMatch(/not a valid regular expression/);
    expect(isKeywordError(parseKeyword('x', '  '))).toBe(true);
    expect(isKeywordError(parseKeyword('x', '!!!'))).toBe(true);
  });
});

describe('suggestCodes', () => {
  const rules = [
    rule('begeleiding', 'begeleiding'),
    rule('exact', '=ideeën'),
    rule('prefix', 'coördin*'),
    rule('uitstellen', 'later zeggen'),
    rule('durven', '/niet (durven|durf) (te )?zeggen/'),
  ];
  it('matches a word by its Dutch stem, ignoring case and accents', () => {
    expect([...suggestCodes('De Begeleidingen van cursisten', rules).keys()]).toEqual(['begeleiding']);
    expect(suggestCodes('begeleider', rules).has('begeleiding')).toBe(false);
  });
  it('matches an exact form and a prefix', () => {
    expect(suggestCodes('Veel ideeen!', rules).has('exact')).toBe(true);
    expect(suggestCodes('Veel idee', rules).has('exact')).toBe(false);
    expect(suggestCodes('De coordinator belt', rules).has('prefix')).toBe(true);
  });
  it('matches a phrase on consecutive words only, and a regular expression case-insensitively', () => {
    expect(suggestCodes('Dat ga ik later zeggen.', rules).has('uitstellen')).toBe(true);
    expect(suggestCodes('Later ga ik het zeggen.', rules).has('uitstellen')).toBe(false);
    expect(suggestCodes('Ik durf het NIET DURVEN TE ZEGGEN', rules).get('durven')).toBe('/niet (durven|durf) (te )?zeggen/');
  });
});

describe('evaluation', () => {
  it('counts decisions and derives precision, recall and F1', () => {
    const e = emptyEvaluation('x');
    for (const [h, s] of [[true, true], [true, true], [false, true], [true, false], [false, false]] as const) addDecision(e, h, s);
    expect(e).toEqual({ codeId: 'x', tp: 2, fp: 1, fn: 1, tn: 1 });
    const pr = precisionRecall(e);
    expect(pr.precision).toBeCloseTo(2 / 3, 12);
    expect(pr.recall).toBeCloseTo(2 / 3, 12);
    expect(pr.f1).toBeCloseTo(2 / 3, 12);
    expect(precisionRecall({ tp: 0, fp: 0, fn: 0 })).toEqual({ precision: null, recall: null, f1: null });
  });
});
