import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InputIssue } from '../model/types.js';
import { EMPTY_SCORE, NO_ROW, RATED, type StageDefinition } from '../model/stage.js';
import { parseDataTable } from './data-table.js';
import { parseStageDefinition } from './stage-definition.js';
import { codeStage, MAX_STAGE_ERRORS_PER_COLUMN, readStage } from './stage.js';

const root = fileURLToPath(new URL('../../fixtures/stage/', import.meta.url));
const entry = { path: 'data/stage-evaluaties.csv', definition: 'stage.yaml', name: 'stage' };

function definition(yaml: string): StageDefinition {
  const r = parseStageDefinition(yaml, 'stage.yaml');
  if (!r.definition) throw new Error(JSON.stringify(r.issues));
  return r.definition;
}

function code(csv: string, yaml: string) {
  const t = parseDataTable(csv, 'stage.csv', ';');
  const issues: InputIssue[] = [...t.issues];
  const data = codeStage(t.table!, definition(yaml), 'stage', issues);
  return { data, issues, errors: issues.filter((i) => i.severity === 'error') };
}

const LONG = `trainee: Stagiair
moment: Moment
moments: [tussentijds, { id: eind, aliases: [eindevaluatie] }]
indicator: Indicator
score: Score
indicators: [ouders, kinderen]
scale: { labels: [onvoldoende, zwak, voldoende, goed, zeer goed] }
school: School
feedback: [{ column: Sterktes, kind: sterkte }]
missing: [n.v.t.]
`;
const HEADER = 'Stagiair;Moment;School;Indicator;Score;Sterktes\n';

describe('readStage on the fixture (12 trainees × 2 moments × 8 indicators, long layout)', async () => {
  const { data, issues } = await readStage(root, entry);

  it('reads without issues: 191 rows, 24 evaluations of 12 trainees', () => {
    expect(issues).toEqual([]);
    expect(data!.rows).toBe(191);
    expect(data!.trainees).toEqual(['S01', 'S02', 'S03', 'S04', 'S05', 'S06', 'S07', 'S08', 'S09', 'S10', 'S11', 'S12']);
    expect(data!.trainee.length).toBe(24);
    // Evaluations in order of first appearance: S01 tussentijds, S01 eind, S02 tussentijds …
    expect(Array.from(data!.moment.slice(0, 4))).toEqual([0, 1, 0, 1]);
    expect(Array.from(data!.lines.slice(0, 3))).toEqual([2, 10, 18]);
  });

  it('scores as codes; "not rated" codes, and the missing row of S12 at eind', () => {
    const s = data!.scores;
    const ev = (trainee: string, moment: number) => [...data!.trainee.keys()].find((e) => data!.trainees[data!.trainee[e]] === trainee && data!.moment[e] === moment)!;
    // S01 tussentijds: voldoende, zwak, voldoende … (first row of the CSV).
    expect(s.kinderen.codes[ev('S01', 0)]).toBe(3);
    expect(s.ouders.codes[ev('S01', 0)]).toBe(2);
    // S05 tussentijds ouders: "niet geobserveerd", the second missing code.
    expect([s.ouders.codes[ev('S05', 0)], s.ouders.missing[ev('S05', 0)]]).toEqual([0, 2]);
    // S09 eind verzorging: "n.v.t.", the first.
    expect(s.verzorging.missing[ev('S09', 1)]).toBe(1);
    // S12 eind has no row for observeren.
    expect(s.observeren.missing[ev('S12', 1)]).toBe(NO_ROW);
    expect(s.observeren.missing[ev('S12', 0)]).toBe(RATED);
  });

  it('attributes per evaluation, under the field names', () => {
    expect(Object.keys(data!.attributes)).toEqual(['school', 'placement', 'mentor', 'profile', 'template']);
    expect(data!.attributes.template[0]).toBe('Uniform 2023');
    expect(data!.attributes.profile[23]).toBe('kinderbegeleider schoolgaande kinderen');
  });

  it('feedback once per evaluation although the export repeats it on every row', () => {
    // 24 evaluations × 2 columns, minus S05 tussentijds sterkte ("n.v.t."), S10 eind sterkte (empty),
    // S03 eind and S11 eind groeikans (empty).
    expect(data!.feedback.length).toBe(44);
    expect(data!.feedback.filter((f) => f.source === 0).length).toBe(22);
    expect(data!.feedback[0]).toEqual({ evaluation: 0, source: 0, text: 'Zit graag op de grond bij de kinderen en volgt hun spel.', line: 2 });
    expect(data!.feedback.every((f) => f.indicator === undefined)).toBe(true);
  });

  it('a missing definition or export is an error naming it', async () => {
    expect((await readStage(root, { ...entry, definition: 'geen.yaml' })).issues).toMatchObject([{ code: 'unreadable-file', file: 'geen.yaml' }]);
    expect((await readStage(root, { ...entry, path: 'data/geen.csv' })).issues).toMatchObject([{ code: 'unreadable-file', file: 'data/geen.csv' }]);
  });
});

describe('codeStage: bad input names file, line, column and the fix', () => {
  it('a missing column, with the closest header', () => {
    const { errors } = code('Stagiair;Momentt;School;Indicator;Score;Sterktes\nS1;eind;A;ouders;goed;\n', LONG);
    expect(errors).toMatchObject([{ code: 'missing-column', file: 'stage.csv', line: 1, field: 'Moment' }]);
    expect(errors[0].message).toContain('(moment: in stage.yaml)');
    expect(errors[0].hint).toMatch(/^did you mean "Momentt"\?/);
  });

  it('an unknown moment: line, column and the closest moment; an alias is accepted', () => {
    const { errors, data } = code(`${HEADER}S1;tussentijdse;A;ouders;goed;\nS1;eindevaluatie;A;ouders;goed;\n`, LONG);
    expect(errors).toMatchObject([{ code: 'unknown-moment', line: 2, column: 2, field: 'Moment' }]);
    expect(errors[0].hint).toMatch(/^did you mean "tussentijds"\?/);
    expect(Array.from(data.moment)).toEqual([1]);
  });

  it('a score not on the scale, with the closest label; codes in a label scale suggest coded: true', () => {
    const { errors } = code(`${HEADER}S1;eind;A;ouders;goe;\nS2;eind;A;ouders;4;\n`, LONG);
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([['score-not-on-scale', 2, 5], ['score-not-on-scale', 3, 5]]);
    expect(errors[0].hint).toMatch(/^did you mean "goed"\?/);
    expect(errors[1].hint).toContain('set `coded: true`');
  });

  it('a coded scale reads 1..k (also 3.0) and refuses labels and out-of-range codes', () => {
    const yaml = LONG.replace('zeer goed] }', 'zeer goed], coded: true }');
    const ok = code(`${HEADER}S1;eind;A;ouders;4;\nS1;eind;A;kinderen;3,0;\n`, yaml);
    expect(ok.errors).toEqual([]);
    expect([ok.data.scores.ouders.codes[0], ok.data.scores.kinderen.codes[0]]).toEqual([4, 3]);
    const bad = code(`${HEADER}S1;eind;A;ouders;6;\nS2;eind;A;ouders;goed;\n`, yaml);
    expect(bad.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(bad.errors[1].hint).toContain('set `coded: false`');
  });

  it('a trainee × moment × indicator rated twice names both lines', () => {
    const { errors } = code(`${HEADER}S1;eind;A;ouders;goed;\nS1;eind;A;kinderen;goed;\nS1;eind;A;Ouders;zwak;\n`, LONG);
    expect(errors).toMatchObject([{ code: 'duplicate-score', line: 4, column: 5 }]);
    expect(errors[0].message).toBe('trainee "S1" is rated twice on "ouders" at moment "eind" (lines 2 and 4)');
  });

  it('an unknown indicator (closest suggested), a row without trainee or indicator', () => {
    const { errors } = code(`${HEADER}S1;eind;A;ouder;goed;\n;eind;A;ouders;goed;\nS2;eind;A;;goed;\n`, LONG);
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([['unknown-indicator', 2, 4], ['missing-trainee', 3, 1], ['missing-indicator', 4, 4]]);
    expect(errors[0].hint).toMatch(/^did you mean "ouders"\?/);
  });

  it('empty scores and "not rated" codes are missing, not errors; rows may leave an indicator out', () => {
    const { errors, data } = code(`${HEADER}S1;eind;A;ouders;;\nS2;eind;A;ouders;N.v.t.;\nS2;eind;A;kinderen;goed;\n`, LONG);
    expect(errors).toEqual([]);
    expect(Array.from(data.scores.ouders.missing)).toEqual([EMPTY_SCORE, 1]);
    expect(Array.from(data.scores.kinderen.missing)).toEqual([NO_ROW, RATED]);
  });

  it('an evaluation whose rows disagree on an attribute: a warning naming both lines, the first value kept', () => {
    const { issues, data } = code(`${HEADER}S1;eind;School A;ouders;goed;\nS1;eind;School B;kinderen;goed;\n`, LONG);
    expect(issues).toMatchObject([{ severity: 'warning', code: 'conflicting-attribute', line: 3, column: 3, field: 'School' }]);
    expect(issues[0].message).toContain('"School A" on line 2 and "School B" here');
    expect(data.attributes.school).toEqual(['School A']);
  });

  it('so many errors in one column are summarised after the first ones', () => {
    const rows = Array.from({ length: 25 }, (_, i) => `S${i};eind;A;ouders;x;`).join('\n');
    const { errors } = code(`${HEADER}${rows}\n`, LONG);
    expect(errors.length).toBe(MAX_STAGE_ERRORS_PER_COLUMN + 1);
    expect(errors[MAX_STAGE_ERRORS_PER_COLUMN].message).toBe('… and 5 more scores not on the scale in column 5 "Score" (25 in all)');
  });

  it('feedback that differs per row belongs to the row\'s indicator', () => {
    const { data } = code(`${HEADER}S1;eind;A;ouders;goed;Praat vlot met ouders\nS1;eind;A;kinderen;goed;Zit op ooghoogte\nS2;eind;A;ouders;goed;Enkel hier\n`, LONG);
    expect(data.feedback.map((f) => [f.text, f.indicator])).toEqual([['Praat vlot met ouders', 'ouders'], ['Zit op ooghoogte', 'kinderen'], ['Enkel hier', undefined]]);
  });
});

describe('codeStage: indicators taken from the data (long layout without a list)', () => {
  const yaml = LONG.replace('indicators: [ouders, kinderen]\n', 'clusters: { communicatie: [Ouders, kinderen] }\n');

  it('indicators in order of first appearance; cluster members matched like labels', () => {
    const { errors, data } = code(`${HEADER}S1;eind;A;kinderen;goed;\nS1;eind;A;ouders;zwak;\n`, yaml);
    expect(errors).toEqual([]);
    expect(data.indicators.map((i) => [i.id, i.cluster])).toEqual([['kinderen', 'communicatie'], ['ouders', 'communicatie']]);
    expect(data.clusters).toMatchObject([{ id: 'communicatie', indicators: ['ouders', 'kinderen'] }]);
  });

  it('a cluster member the data never hold is an error in the definition', () => {
    const { errors } = code(`${HEADER}S1;eind;A;kinderen;goed;\n`, yaml);
    expect(errors).toMatchObject([{ code: 'unknown-indicator', file: 'stage.yaml', field: 'clusters' }]);
    expect(errors[0].message).toBe('cluster "communicatie" names indicator "Ouders", which stage.csv never holds');
  });
});

describe('codeStage: wide layout', () => {
  const yaml = `trainee: Stagiair
moment: Moment
moments: [tussentijds, eind]
indicators:
  - { id: ouders, column: Ouders }
  - { id: kinderen, column: Kinderen }
scale: [zwak, voldoende, goed]
`;
  it('one row per trainee and moment, a score per indicator column', () => {
    const { errors, data } = code('Stagiair;Moment;Ouders;Kinderen\nS1;tussentijds;zwak;goed\nS1;eind;voldoende;\n', yaml);
    expect(errors).toEqual([]);
    expect(Array.from(data.scores.ouders.codes)).toEqual([1, 2]);
    expect(Array.from(data.scores.kinderen.missing)).toEqual([RATED, EMPTY_SCORE]);
  });

  it('two rows for one trainee and moment: an error naming both lines', () => {
    const { errors } = code('Stagiair;Moment;Ouders;Kinderen\nS1;eind;zwak;goed\nS1;eind;goed;goed\n', yaml);
    expect(errors).toMatchObject([{ code: 'duplicate-evaluation', line: 3, column: 1 }]);
    expect(errors[0].message).toBe('trainee "S1" has two rows for moment "eind" (lines 2 and 3)');
  });

  it('an indicator column missing from the export', () => {
    const { errors } = code('Stagiair;Moment;Ouders;Kind\nS1;eind;zwak;goed\n', yaml);
    expect(errors).toMatchObject([{ code: 'missing-column', field: 'Kinderen', message: expect.stringContaining('indicator "kinderen" in stage.yaml') }]);
  });
});

describe('readStage: an XLSX sheet with a coded wide layout', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hefboom-stage-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const sheet = async (file: string, body: (string | number | null)[][]) => {
    const rows = [['Stagiair', 'Moment', 'Ouders', 'Kinderen'], ...body].map((r) => r.map((v) => (v === null ? null : { value: v })));
    await writeXlsxFile(rows, { sheet: 'Evaluaties' }).toFile(join(dir, file));
  };
  await sheet('goed.xlsx', [['S1', 'tussentijds', 1, 2], ['S1', 'eind', 3, 9], ['S2', 'eind', 2, null]]);
  await sheet('fout.xlsx', [['S1', 'tussentijds', 1, 2], ['S1', 'eind', 4, 3]]);
  writeFileSync(join(dir, 'stage.yaml'), `trainee: Stagiair
moment: Moment
moments: [tussentijds, eind]
indicators: [{ id: ouders, column: Ouders }, { id: kinderen, column: Kinderen }]
scale: { labels: [zwak, voldoende, goed], coded: true }
missing: ["9"]
`);

  it('codes read from numbers; 9 is "not rated", an empty cell is empty', async () => {
    const r = await readStage(dir, { path: 'goed.xlsx', definition: 'stage.yaml', name: 'x', sheet: 'Evaluaties' });
    expect(r.issues).toEqual([]);
    expect(Array.from(r.data!.scores.ouders.codes)).toEqual([1, 3, 2]);
    expect(Array.from(r.data!.scores.kinderen.missing)).toEqual([RATED, 1, EMPTY_SCORE]);
    expect(Array.from(r.data!.lines)).toEqual([2, 3, 4]);
  });

  it('a code outside the scale names the sheet row and column', async () => {
    const r = await readStage(dir, { path: 'fout.xlsx', definition: 'stage.yaml', name: 'x' });
    expect(r.data).toBeUndefined();
    expect(r.issues).toMatchObject([{ severity: 'error', code: 'score-not-on-scale', file: 'fout.xlsx', line: 3, column: 3, field: 'Ouders' }]);
    expect(r.issues[0].message).toBe('score "4" is not a code 1–3 of the scale');
  });
});
