import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { labelKey, loadSurveyDefinition, parseSurveyDefinition } from './survey-definition.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/survey/${name}`, import.meta.url));

/** Definition text from lines, so line numbers in assertions are easy to count. */
const yaml = (...lines: string[]) => lines.join('\n') + '\n';
const errorsOf = (text: string) => parseSurveyDefinition(text, 'def.yaml').issues.filter((i) => i.severity === 'error');

describe('survey definition: defaults', () => {
  it('reads the fixture with every default filled in', () => {
    const { definition, issues } = loadSurveyDefinition(fixture('medewerkers.yaml'), 'bevragingen/medewerkers.yaml');
    expect(issues).toEqual([]);
    const d = definition!;
    expect(d.file).toBe('bevragingen/medewerkers.yaml');
    expect(d.name).toBe('Eindbevraging medewerkers');
    expect([d.respondent, d.trajectory, d.coach, d.date]).toEqual(['respondent', 'traject', 'coach', 'ingevuld_op']);
    expect(d.attributes).toEqual(['werkgever', 'functie']);
    const effect = d.items.find((i) => i.id === 'effect')!;
    expect(effect).toMatchObject({ column: 'Ik merk een duidelijk effect', label: 'Duidelijk positief effect van de coaching', type: 'likert', top: 2, reverse: false, missing: ['weet niet', 'n.v.t.'], levers: ['L3'], memoq: ['emotionele-ondersteuning'], headline: true, separator: ';' });
    expect(effect.labels).toHaveLength(5);
    const duurzaam = d.items.find((i) => i.id === 'duurzaam')!;
    expect(duurzaam.label).toBe('De resultaten blijven duren'); // label defaults to the column
    expect(d.items.find((i) => i.id === 'belerend')!.reverse).toBe(true);
    const motivatie = d.items.find((i) => i.id === 'motivatie')!;
    expect(motivatie.coded).toBe(true);
    expect(effect.coded).toBe(false);
    expect(motivatie.missing).toEqual(['9']); // the item's own list replaces the global one
    expect(d.items.find((i) => i.id === 'type_zelf')!.missing).toEqual([]);
    expect(d.items.find((i) => i.id === 'kanalen')!.separator).toBe('|');
    expect(d.items.find((i) => i.id === 'tijd_buiten')).toMatchObject({ unit: 'uur', min: 0, max: 200 });
    expect(d.constructs).toEqual([{ id: 'impact', label: 'Ervaren impact', items: ['effect', 'duurzaam', 'belerend'], minItems: 2, levers: ['L3'], memoq: [] }]);
  });

  it('defaults column to the id, min_items to all items, and top to 1 on a two-label scale', () => {
    const { definition, issues } = parseSurveyDefinition(yaml(
      'items:',
      '  - { id: a, type: likert, labels: [nee, ja] }',
      '  - { id: b, type: number }',
      'constructs:',
      '  - { id: c, items: [a, b] }',
    ), 'def.yaml');
    expect(issues).toEqual([]);
    expect(definition!.items[0]).toMatchObject({ column: 'a', label: 'a', top: 1, missing: [] });
    expect(definition!.items[1].unit).toBeUndefined();
    expect(definition!.constructs[0]).toMatchObject({ label: 'c', minItems: 2 });
    expect(definition!.respondent).toBeUndefined();
  });

  it('accepts lever and MeMoQ ids in any case and returns the canonical id', () => {
    const { definition } = parseSurveyDefinition(yaml('items:', '  - { id: a, type: text, levers: [l3, L5], memoq: Welbevinden }'), 'd.yaml');
    expect(definition!.items[0].levers).toEqual(['L3', 'L5']);
    expect(definition!.items[0].memoq).toEqual(['welbevinden']);
  });

  it('compares labels with spaces, case and typographic quotes normalised', () => {
    expect(labelKey('  Helemaal\u00a0 Akkoord ')).toBe('helemaal akkoord');
    expect(labelKey('\u2019t hele traject')).toBe(labelKey("'t hele traject"));
    expect(labelKey('weet niet')).not.toBe(labelKey('weetniet'));
  });
});

describe('survey definition: errors name their line', () => {
  it('an unknown top-level key, with the closest valid key', () => {
    const e = errorsOf(yaml('name: x', 'respondant: id', 'items:', '  - { id: a, type: text }'));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ file: 'def.yaml', line: 2, code: 'unknown-key', field: 'respondant' });
    expect(e[0].hint).toContain('"respondent"');
  });

  it('an unknown item key, with the closest valid key', () => {
    const e = errorsOf(yaml('items:', '  - id: a', '    type: likert', '    lables: [nee, ja]'));
    const unknown = e.find((i) => i.code === 'unknown-key')!;
    expect(unknown).toMatchObject({ line: 4, field: 'lables' });
    expect(unknown.hint).toContain('"labels"');
  });

  it('a duplicate item id names both lines', () => {
    const e = errorsOf(yaml('items:', '  - id: a', '    type: text', '  - id: a', '    type: number'));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ line: 4, code: 'duplicate-item' });
    expect(e[0].message).toContain('line 2');
  });

  it('an unknown scale name, with the closest scale', () => {
    const e = errorsOf(yaml('scales:', '  akkoord5: [a, b, c, d, e]', 'items:', '  - id: q', '    type: likert', '    scale: akoord5'));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ line: 6, code: 'unknown-scale' });
    expect(e[0].hint).toContain('"akkoord5"');
  });

  it('a likert item without labels, and a single item without options', () => {
    const e = errorsOf(yaml('items:', '  - id: q', '    type: likert', '  - id: s', '    type: single'));
    expect(e.map((i) => [i.line, i.code])).toEqual([[2, 'missing-labels'], [4, 'missing-labels']]);
  });

  it('top out of range', () => {
    const e = errorsOf(yaml('items:', '  - id: q', '    type: likert', '    labels: [a, b, c, d]', '    top: 4'));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ line: 5, code: 'bad-top' });
    expect(e[0].hint).toContain('1 to 3');
    expect(errorsOf(yaml('items:', '  - { id: q, type: likert, labels: [a, b, c], top: 0 }'))[0].code).toBe('bad-top');
    expect(errorsOf(yaml('items:', '  - { id: q, type: likert, labels: [a, b, c], top: 2 }'))).toEqual([]);
  });

  it('a construct naming an unknown item, or a text/single/multiple item', () => {
    const e = errorsOf(yaml(
      'items:',
      '  - { id: effect, type: likert, labels: [a, b, c] }',
      '  - { id: opmerking, type: text }',
      '  - { id: kanaal, type: single, options: [x, y] }',
      '  - { id: veel, type: multiple, options: [x, y] }',
      'constructs:',
      '  - id: impact',
      '    items:',
      '      - effect',
      '      - efect',
      '      - opmerking',
      '      - kanaal',
      '      - veel',
    ));
    expect(e.map((i) => [i.line, i.code])).toEqual([[10, 'unknown-item'], [11, 'bad-construct-item'], [12, 'bad-construct-item'], [13, 'bad-construct-item']]);
    expect(e[0].hint).toContain('"effect"');
    expect(e[1].message).toContain('text item "opmerking"');
  });

  it('unknown lever and MeMoQ ids', () => {
    const e = errorsOf(yaml('items:', '  - id: a', '    type: text', '    levers: [L3, L8]', '    memoq: [welzijn]', 'constructs:', '  - { id: c, items: [], levers: [X1] }'));
    const lever = e.find((i) => i.code === 'unknown-lever' && i.line === 4)!;
    expect(lever.message).toContain('"L8"');
    expect(lever.hint).toContain('L1, L2, L3, L4, L5, L6, L7');
    const memoq = e.find((i) => i.code === 'unknown-memoq')!;
    expect(memoq.line).toBe(5);
    expect(memoq.hint).toContain('welbevinden');
    expect(e.find((i) => i.code === 'unknown-lever' && i.line === 7)).toBeDefined();
  });

  it('a key that does not fit the item type', () => {
    const e = errorsOf(yaml('items:', '  - id: a', '    type: number', '    unit: uur', '    scale: akkoord5'));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ line: 5, code: 'key-not-for-type', field: 'scale' });
  });

  it('an answer that is also a missing code', () => {
    const e = errorsOf(yaml('missing: [weet niet]', 'items:', '  - id: t', '    type: single', '    options: [type 1, Weet niet]'));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ line: 3, code: 'label-is-missing-code' });
    expect(e[0].hint).toContain('missing: []');
    expect(errorsOf(yaml('missing: [weet niet]', 'items:', '  - { id: t, type: single, options: [type 1, weet niet], missing: [] }'))).toEqual([]);
  });

  it('a coded item whose missing code is also a valid code', () => {
    const e = errorsOf(yaml('items:', '  - id: m', '    type: likert', '    labels: [a, b, c]', '    coded: true', '    missing: ["2"]'));
    expect(e[0]).toMatchObject({ line: 6, code: 'label-is-missing-code' });
  });

  it('bad ids, unknown types, duplicate labels, min > max, min_items out of range', () => {
    const e = errorsOf(yaml(
      'items:',
      '  - { id: Effect Nu, type: text }',
      '  - { id: b, type: likret, labels: [a, b] }',
      '  - { id: c, type: likert, labels: [ja, Ja] }',
      '  - { id: d, type: number, min: 5, max: 1 }',
      '  - { id: e, type: likert, labels: [a, b, c] }',
      'constructs:',
      '  - { id: k, items: [e], min_items: 2 }',
    ));
    expect(e.map((i) => [i.line, i.code])).toEqual([[2, 'bad-id'], [3, 'bad-type'], [4, 'duplicate-label'], [5, 'bad-value'], [8, 'bad-value']]);
    expect(e[0].hint).toContain('"effect_nu"');
    expect(e[1].hint).toContain('"likert"');
  });

  it('no items, YAML syntax errors, a missing file', () => {
    expect(errorsOf('name: x\n')[0]).toMatchObject({ code: 'missing-key' });
    expect(errorsOf('items: [\n')[0].code).toBe('yaml-syntax');
    const r = loadSurveyDefinition('/nonexistent/x.yaml', 'bevragingen/x.yaml');
    expect(r.definition).toBeUndefined();
    expect(r.issues[0]).toMatchObject({ file: 'bevragingen/x.yaml', code: 'unreadable-file' });
    expect(r.issues[0].hint).toContain('definition:');
  });

  it('collects every error in one pass', () => {
    const e = errorsOf(yaml('colour: x', 'items:', '  - { id: a, type: likert }', '  - { id: b, type: bogus }'));
    expect(e.map((i) => i.code).sort()).toEqual(['bad-type', 'missing-labels', 'unknown-key']);
  });
});
