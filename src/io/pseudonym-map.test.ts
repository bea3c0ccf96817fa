import { describe, expect, it } from 'vitest';
import { occursIn, parsePseudonymMap, readPseudonymMap } from './pseudonym-map.js';

const codes = (text: string) => parsePseudonymMap(text, 'namen.yaml').issues.map((i) => `${i.line}:${i.code}`);

describe('parsePseudonymMap', () => {
  it('reads entries under pseudonyms:, a bare list, and the keep: list', () => {
    const r = parsePseudonymMap('pseudonyms:\n  - {pseudonym: Mentor 3, kind: person, variants: [Sofie, Sofie Peeters]}\n  - {pseudonym: KO1, kind: site, variants: De Speelboom}\nkeep: [Kind en Gezin]\n', 'm.yaml');
    expect(r.issues).toEqual([]);
    expect(r.entries.map((e) => [e.pseudonym, e.kind, e.variants, e.line])).toEqual([['Mentor 3', 'person', ['Sofie', 'Sofie Peeters'], 2], ['KO1', 'site', ['De Speelboom'], 3]]);
    expect(r.keep).toEqual(['kind en gezin']);
    const bare = parsePseudonymMap('- pseudonym: Cursist 4\n  variants: [Jana]\n', 'm.yaml');
    expect(bare.entries[0]).toMatchObject({ pseudonym: 'Cursist 4', kind: 'other', variants: ['Jana'] });
  });

  it('names the line of a YAML syntax error', () => {
    const r = parsePseudonymMap('pseudonyms:\n  - {pseudonym: Mentor 3, variants: [Sofie\n  - {pseudonym: KO1}\n', 'namen.yaml');
    expect(r.issues[0]).toMatchObject({ code: 'yaml-syntax', file: 'namen.yaml', severity: 'error' });
    expect(r.issues[0].line).toBeGreaterThanOrEqual(2);
  });

  it('refuses entries without pseudonym or variants, with their line', () => {
    expect(codes('pseudonyms:\n  - {pseudonym: Mentor 3, variants: [Sofie]}\n  - {kind: person, variants: [Jana]}\n')).toEqual(['3:map-entry']);
    expect(codes('pseudonyms:\n  - {pseudonym: Mentor 3, variants: [Sofie]}\n  - pseudonym: Cursist 4\n    kind: person\n')).toEqual(['3:map-entry']);
    expect(codes('pseudonyms:\n  - {pseudonym: Cursist 4, variants: []}\n')).toEqual(['2:map-entry']);
  });

  it('refuses the same variant under two pseudonyms, case and accents ignored', () => {
    const r = parsePseudonymMap('pseudonyms:\n  - {pseudonym: Mentor 3, variants: [Zoë]}\n  - {pseudonym: Mentor 4, variants: [Jana, ZOE]}\n', 'm.yaml');
    expect(r.issues.map((i) => [i.line, i.code])).toEqual([[3, 'duplicate-variant']]);
    expect(r.issues[0].message).toContain('line 2');
  });

  it('refuses a variant that would match inside a pseudonym', () => {
    const r = parsePseudonymMap('pseudonyms:\n  - {pseudonym: Mentor 3, variants: [Sofie]}\n  - {pseudonym: KO1, kind: site, variants: [De Speelboom, mentor]}\n', 'm.yaml');
    expect(r.issues.map((i) => [i.line, i.code])).toEqual([[3, 'variant-in-pseudonym']]);
    expect(r.issues[0].message).toContain('"Mentor 3"');
  });

  it('refuses unknown kinds and keys with the closest valid one, bad pseudonyms and a doubled pseudonym', () => {
    const r = parsePseudonymMap('pseudonyms:\n  - {pseudonym: Mentor 3, kind: persoon, variants: [Sofie]}\n  - {pseudonym: KO1, variant: [X]}\n  - {pseudonym: "=KO2", variants: [Y]}\n  - {pseudonym: mentor 3, variants: [Z]}\n', 'm.yaml');
    expect(r.issues.map((i) => i.code).sort()).toEqual(['bad-kind', 'bad-pseudonym', 'duplicate-pseudonym', 'map-entry', 'unknown-key']);
    expect(r.issues.find((i) => i.code === 'bad-kind')!.hint).toContain('person');
    expect(r.issues.find((i) => i.code === 'unknown-key')!.hint).toContain('variants');
  });

  it('says so when the file does not exist', () => {
    const r = readPseudonymMap('/nonexistent/namen.yaml', 'namen.yaml');
    expect(r.issues[0]).toMatchObject({ code: 'missing-file', field: '--map' });
  });
});

describe('occursIn', () => {
  it('matches on word boundaries only', () => {
    expect(occursIn('mentor', 'Mentor 3')).toBe(true);
    expect(occursIn('ment', 'Mentor 3')).toBe(false);
    expect(occursIn('Zoë', 'zoe-2')).toBe(true);
  });
});
