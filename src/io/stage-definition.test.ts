import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { defaultSufficient, loadStageDefinition, parseStageDefinition, SINGLE_MOMENT } from './stage-definition.js';

const fixture = fileURLToPath(new URL('../../fixtures/stage/stage.yaml', import.meta.url));

/** The definition of the long-layout example, as a string to vary in the tests below. */
const LONG = `trainee: Stagiair
moment: Moment
moments: [tussentijds, eind]
indicator: Indicator
score: Score
scale: { labels: [onvoldoende, zwak, voldoende, goed, zeer goed] }
`;

const errors = (text: string) => parseStageDefinition(text, 'stage.yaml').issues.filter((i) => i.severity === 'error');

describe('stage definition: the fixture', () => {
  const { definition, issues } = loadStageDefinition(fixture, 'stage.yaml');

  it('reads without issues', () => {
    expect(issues).toEqual([]);
    expect(definition).toBeDefined();
  });

  it('long layout with the moments in order and their aliases', () => {
    const d = definition!;
    expect(d.layout).toBe('long');
    expect([d.trainee, d.moment, d.indicator, d.score]).toEqual(['Stagiair', 'Moment', 'Indicator', 'Score']);
    expect(d.moments).toEqual([{ id: 'tussentijds', aliases: [] }, { id: 'eind', aliases: ['eindevaluatie'] }]);
  });

  it('indicators, scale with its sufficient label, missing codes', () => {
    const d = definition!;
    expect(d.indicators.map((i) => i.id)).toEqual(['kinderen', 'ouders', 'feedback', 'verzorging', 'veiligheid', 'spelaanbod', 'observeren', 'team']);
    expect(d.indicators[0]).toEqual({ id: 'kinderen', label: 'Communiceert warm en respectvol met de kinderen', aliases: [], cluster: 'communicatie' });
    // Long layout: no column per indicator.
    expect(d.indicators.every((i) => i.column === undefined)).toBe(true);
    expect(d.scale).toEqual({ labels: ['onvoldoende', 'zwak', 'voldoende', 'goed', 'zeer goed'], coded: false, sufficient: 3 });
    expect(d.missing).toEqual(['n.v.t.', 'niet geobserveerd']);
  });

  it('clusters from `clusters:` (with levers/MeMoQ) and from `cluster:` on an indicator', () => {
    expect(definition!.clusters).toEqual([
      { id: 'communicatie', label: 'Communicatie', indicators: ['kinderen', 'ouders', 'feedback'], levers: ['L3'], memoq: [] },
      { id: 'zorg', label: 'Zorg en veiligheid', indicators: ['verzorging', 'veiligheid'], levers: [], memoq: ['welbevinden'] },
      { id: 'spel', label: 'Spel en observatie', indicators: ['spelaanbod', 'observeren'], levers: [], memoq: ['betrokkenheid'] },
      { id: 'professionaliteit', label: 'professionaliteit', indicators: ['team'], levers: [], memoq: [] },
    ]);
  });

  it('attribute fields and feedback columns, written by the mentor by default', () => {
    const d = definition!;
    expect(d.fields).toEqual({ school: 'School', placement: 'Stageplaats', mentor: 'Mentor', profile: 'Beroepsprofiel', template: 'Sjabloon' });
    expect(d.feedback).toEqual([{ column: 'Sterktes', kind: 'sterkte', role: 'mentor' }, { column: 'Groeikansen', kind: 'groeikans', role: 'mentor' }]);
  });

  it('a definition file that does not exist is one error naming it', () => {
    const r = loadStageDefinition('/nonexistent/stage.yaml', 'stage.yaml');
    expect(r.issues).toMatchObject([{ severity: 'error', code: 'unreadable-file', message: 'stage definition "stage.yaml" does not exist' }]);
  });
});

describe('stage definition: wide layout', () => {
  it('one column per indicator; the column defaults to the id', () => {
    const r = parseStageDefinition(`trainee: Stagiair
indicators:
  - { id: ouders, column: "Communiceert met ouders", cluster: communicatie }
  - kinderen
scale: [zwak, voldoende, goed]
`, 'w.yaml');
    expect(r.issues).toEqual([]);
    const d = r.definition!;
    expect(d.layout).toBe('wide');
    expect(d.indicators).toEqual([
      { id: 'ouders', column: 'Communiceert met ouders', label: 'ouders', aliases: [], cluster: 'communicatie' },
      { id: 'kinderen', column: 'kinderen', label: 'kinderen', aliases: [] },
    ]);
    // No moment column: one moment; a scale given as a plain list.
    expect(d.moments).toEqual([{ id: SINGLE_MOMENT, aliases: [] }]);
    expect(d.scale).toEqual({ labels: ['zwak', 'voldoende', 'goed'], coded: false, sufficient: 2 });
    expect(d.clusters).toEqual([{ id: 'communicatie', label: 'communicatie', indicators: ['ouders'], levers: [], memoq: [] }]);
  });
});

describe('stage definition: errors name the line and the fix', () => {
  it('an unknown key at the top: its line and the closest key', () => {
    const e = errors(`${LONG}sclae: 3\nplacment: Stageplaats\n`);
    expect(e.map((i) => [i.code, i.line, i.field])).toEqual([['unknown-key', 7, 'sclae'], ['unknown-key', 8, 'placment']]);
    expect(e[0].hint).toMatch(/^did you mean "scale"\?/);
    expect(e[1].hint).toMatch(/^did you mean "placement"\?/);
  });

  it('unknown keys inside scale, indicators, moments, clusters and feedback entries', () => {
    const e = errors(`trainee: Stagiair
moment: Moment
moments: [{ id: eind, alias: [E] }]
indicators:
  - { id: ouders, colum: Ouders }
scale: { labels: [a, b, c], sufficent: b }
clusters: { c1: { indicator: [ouders] } }
feedback: [{ column: Sterktes, knd: sterkte }]
`);
    const unknown = e.filter((i) => i.code === 'unknown-key').sort((a, b) => a.line! - b.line!).map((i) => [i.field, i.line, i.hint?.match(/did you mean "([^"]+)"/)?.[1]]);
    expect(unknown).toEqual([
      ['alias', 3, 'aliases'],
      ['colum', 5, 'column'],
      ['sufficent', 6, 'sufficient'],
      ['indicator', 7, 'indicators'],
      ['knd', 8, 'kind'],
    ]);
  });

  it('missing essentials: trainee, scale, indicators', () => {
    const e = errors('moment: Moment\nmoments: [a, b]\n');
    expect(e.map((i) => [i.code, i.field])).toEqual([
      ['missing-key', 'trainee'],
      ['missing-key', 'scale'],
      ['missing-key', 'indicators'],
    ]);
  });

  it('the long layout needs both indicator: and score:', () => {
    const e = errors(LONG.replace('score: Score\n', ''));
    expect(e).toMatchObject([{ code: 'missing-key', field: 'score', line: 4 }]);
  });

  it('a moment column needs the moments in order; several moments need a moment column', () => {
    expect(errors(LONG.replace('moments: [tussentijds, eind]\n', ''))).toMatchObject([{ code: 'missing-key', field: 'moments', line: 2 }]);
    expect(errors(LONG.replace('moment: Moment\n', ''))).toMatchObject([{ code: 'missing-key', field: 'moment', line: 2 }]);
  });

  it('a spelling that names two moments', () => {
    const e = errors(LONG.replace('moments: [tussentijds, eind]', 'moments: [tussentijds, { id: eind, aliases: [Tussentijds] }]'));
    expect(e).toMatchObject([{ code: 'duplicate-moment', line: 3 }]);
  });

  it('sufficient: must be a label (closest suggested) or a code of the scale', () => {
    const e = errors(LONG.replace('scale: { labels: [onvoldoende, zwak, voldoende, goed, zeer goed] }', 'scale: { labels: [onvoldoende, zwak, voldoende, goed, zeer goed], sufficient: voldoend }'));
    expect(e).toMatchObject([{ code: 'unknown-label', line: 6 }]);
    expect(e[0].hint).toMatch(/^did you mean "voldoende"\?/);
    const coded = parseStageDefinition(LONG.replace(' }', ', sufficient: 4 }'), 's.yaml');
    expect(coded.definition!.scale.sufficient).toBe(4);
    expect(errors(LONG.replace(' }', ', sufficient: 6 }'))).toMatchObject([{ code: 'bad-value', field: 'sufficient' }]);
  });

  it('a label that is also a missing code; a numeric missing code inside a coded scale', () => {
    expect(errors(`${LONG}missing: [zwak]\n`)).toMatchObject([{ code: 'label-is-missing-code', line: 7 }]);
    const coded = LONG.replace(' }', ', coded: true }');
    expect(errors(`${coded}missing: [9]\n`)).toEqual([]);
    expect(errors(`${coded}missing: [3]\n`)).toMatchObject([{ code: 'label-is-missing-code', message: expect.stringContaining('codes 1–5') }]);
  });

  it('a scale of fewer than two labels, or with a label twice', () => {
    expect(errors(LONG.replace(/scale: .*\n/, 'scale: [goed]\n'))).toMatchObject([{ code: 'bad-value', line: 6 }]);
    expect(errors(LONG.replace(/scale: .*\n/, 'scale: [goed, Goed]\n'))).toMatchObject([{ code: 'duplicate-label', line: 6 }]);
  });

  it('clusters: an indicator that is not listed (closest suggested), an indicator in two clusters', () => {
    const base = `${LONG}indicators: [ouders, kinderen]\n`;
    const e = errors(`${base}clusters:\n  communicatie: [ouder, kinderen]\n`);
    expect(e).toMatchObject([{ code: 'unknown-indicator', line: 9 }]);
    expect(e[0].hint).toMatch(/^did you mean "ouders"\?/);
    expect(errors(`${base}clusters:\n  a: [ouders]\n  b: [ouders, kinderen]\n`)).toMatchObject([{ code: 'indicator-in-two-clusters', line: 10 }]);
  });

  it('`column:` on an indicator in the long layout; a duplicate indicator id', () => {
    expect(errors(`${LONG}indicators: [{ id: ouders, column: Ouders }]\n`)).toMatchObject([{ code: 'key-not-for-layout', line: 7 }]);
    expect(errors(`${LONG}indicators: [ouders, ouders]\n`)).toMatchObject([{ code: 'duplicate-indicator', message: expect.stringContaining('also on line 7') }]);
  });

  it('feedback kinds: spellings accepted, unknown kinds with the closest one', () => {
    const ok = parseStageDefinition(`${LONG}feedback: [{ column: S, kind: Sterktes }, { column: G, kind: groeipunten }]\n`, 's.yaml');
    expect(ok.definition!.feedback.map((f) => f.kind)).toEqual(['sterkte', 'groeikans']);
    const e = errors(`${LONG}feedback: [{ column: S, kind: sterkt }]\n`);
    expect(e).toMatchObject([{ code: 'bad-value', line: 7 }]);
    expect(e[0].hint).toMatch(/^did you mean "sterkte"\?/);
  });

  it('a feedback role resolves to a built-in role; an unknown one is a warning, kept as written', () => {
    const r = parseStageDefinition(`${LONG}feedback: [{ column: S, kind: sterkte, role: stagebegeleider }, { column: G, kind: groeikans, role: praktijkcoach }]\n`, 's.yaml');
    expect(r.definition!.feedback.map((f) => f.role)).toEqual(['leerkracht', 'praktijkcoach']);
    expect(r.issues).toMatchObject([{ severity: 'warning', code: 'unknown-role', line: 7 }]);
  });

  it('an unknown lever or MeMoQ dimension on a cluster', () => {
    const e = errors(`${LONG}indicators: [ouders]\nclusters: { c: { indicators: [ouders], levers: [L9], memoq: [welzijn] } }\n`);
    expect(e.map((i) => i.code)).toEqual(['unknown-lever', 'unknown-memoq']);
  });

  it('one column named for two meanings', () => {
    const e = errors(`${LONG}school: Moment\n`);
    expect(e).toMatchObject([{ code: 'shared-column', message: 'column "Moment" is named for both moment and school' }]);
  });

  it('a YAML syntax error is one issue with its line', () => {
    const r = parseStageDefinition('trainee: Stagiair\nscale: [a, b\n', 's.yaml');
    expect(r.definition).toBeUndefined();
    expect(r.issues[0]).toMatchObject({ code: 'yaml-syntax' });
    expect(r.issues[0].line).toBeGreaterThanOrEqual(2);
  });
});

describe('defaultSufficient', () => {
  it('"voldoende" when the scale has it, else the first label of the upper half', () => {
    expect(defaultSufficient(['onvoldoende', 'zwak', 'voldoende', 'goed', 'zeer goed'])).toBe(3);
    expect(defaultSufficient(['onvoldoende', 'Voldoende', 'goed', 'uitstekend'])).toBe(2);
    // k = 4: ⌊4/2⌋ + 1 = 3; k = 5: 3 (the middle); k = 2: 2.
    expect(defaultSufficient(['1', '2', '3', '4'])).toBe(3);
    expect(defaultSufficient(['a', 'b', 'c', 'd', 'e'])).toBe(3);
    expect(defaultSufficient(['niet behaald', 'behaald'])).toBe(2);
  });
});
