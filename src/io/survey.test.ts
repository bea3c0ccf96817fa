import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMPTY_CELL, type ItemColumn } from '../model/survey.js';
import type { SurveyEntry } from './project.js';
import { codeSurvey, MAX_ERRORS_PER_COLUMN, readSurvey } from './survey.js';
import { parseDataTable } from './data-table.js';
import { parseSurveyDefinition } from './survey-definition.js';
import type { InputIssue } from '../model/types.js';

const root = fileURLToPath(new URL('../../fixtures/survey/', import.meta.url));
const staff: SurveyEntry = { path: 'medewerkers.csv', kind: 'staff', definition: 'medewerkers.yaml', name: 'medewerkers', join: {}, encoding: 'windows-1252' };

/** The column narrowed to its type (likert and single share one variant, hence the intersection). */
function col<T extends ItemColumn['type']>(c: ItemColumn, type: T): ItemColumn & { type: T } {
  expect(c.type).toBe(type);
  return c as ItemColumn & { type: T };
}

/** Code an inline table (CSV text) against an inline definition. */
function code(defText: string, csv: string, entry: Partial<SurveyEntry> = {}) {
  const def = parseSurveyDefinition(defText, 'def.yaml');
  expect(def.issues.filter((i) => i.severity === 'error')).toEqual([]);
  const { table, issues: tableIssues } = parseDataTable(csv, 'data.csv');
  expect(tableIssues).toEqual([]);
  const issues: InputIssue[] = [];
  const data = codeSurvey(table!, def.definition!, { name: 's', kind: 'staff', join: {}, ...entry }, issues);
  return { data, issues, errors: issues.filter((i) => i.severity === 'error') };
}

describe('readSurvey: the Windows-1252 staff fixture (";", decimal commas, missing codes)', async () => {
  const { data, issues } = await readSurvey(root, staff);

  it('reads without issues, with respondents, lines, keys, dates and attributes', () => {
    expect(issues).toEqual([]);
    expect(data).toBeDefined();
    const d = data!;
    expect(d.file).toBe('medewerkers.csv');
    expect(d.definition.file).toBe('medewerkers.yaml');
    expect(d.respondents).toEqual(['m01', 'm02', 'm03', 'm04', 'm05', 'm06']);
    expect([...d.lines]).toEqual([2, 3, 4, 5, 6, 7]);
    expect(d.keys.trajectory).toEqual(['T101', 'T101', 'T102', 'T102', 'T103', null]);
    expect(d.keys.coach).toEqual(['C01', 'C01', 'C02', 'C02', 'C01', 'C03']);
    expect(d.attributes.werkgever[2]).toBe('Crèche Zonnebloem'); // é/è decoded from Windows-1252
    expect(d.attributes.functie[4]).toBeNull();
    expect([...d.dates!].map((x) => (Number.isNaN(x) ? null : new Date(x * 86400000).toISOString().slice(0, 10)))).toEqual(['2023-02-01', '2023-02-03', '2023-03-15', null, '2023-04-20', '2023-05-02']);
    expect(d.invited).toBeUndefined();
  });

  it('codes likert labels 1-based, case- and space-insensitively, with missing codes counted', () => {
    const effect = col(data!.columns.effect, 'likert');
    expect([...effect.codes]).toEqual([4, 5, 3, 0, 0, 4]);
    // m04 "n.v.t." = second global missing code; m05 empty.
    expect([...effect.missing]).toEqual([0, 0, 0, 2, EMPTY_CELL, 0]);
    const duurzaam = col(data!.columns.duurzaam, 'likert');
    expect([...duurzaam.missing]).toEqual([0, 0, 1, 0, EMPTY_CELL, 0]); // "weet niet" = first code
  });

  it('stores a reverse-keyed item as written (reversal is for constructs)', () => {
    expect([...col(data!.columns.belerend, 'likert').codes]).toEqual([2, 1, 3, 4, 0, 4]);
  });

  it('reads coded cells (1..k) with the item\'s own missing code', () => {
    const m = col(data!.columns.motivatie, 'likert');
    expect([...m.codes]).toEqual([4, 5, 0, 3, 0, 2]);
    expect([...m.missing]).toEqual([0, 0, 1, 0, EMPTY_CELL, 0]);
  });

  it('counts "weet niet" as an answer where the item says missing: []', () => {
    const t = col(data!.columns.type_zelf, 'single');
    expect([...t.codes]).toEqual([2, 2, 5, 1, 0, 4]);
    expect([...t.missing]).toEqual([0, 0, 0, 0, EMPTY_CELL, 0]);
  });

  it('matches a straight apostrophe to a typographic one in the options', () => {
    expect([...col(data!.columns.aanpassing, 'single').codes]).toEqual([1, 2, 3, 1, 0, 1]);
  });

  it('splits multiple choice on the separator into sorted codes', () => {
    const k = col(data!.columns.kanalen, 'multiple');
    expect(k.choices.map((c) => (c ? [...c] : null))).toEqual([[1, 2], [1], [3], null, [1, 2], [1, 3]]);
    expect([...k.missing]).toEqual([0, 0, 0, EMPTY_CELL, 0, 0]);
  });

  it('reads numbers with decimal commas and the declared unit', () => {
    const t = col(data!.columns.tijd_buiten, 'number');
    expect([...t.values]).toEqual([3.5, 10, 2, NaN, 0.5, 1.25]);
    expect([...t.missing]).toEqual([0, 0, 0, 1, 0, 0]);
  });

  it('keeps open answers; missing codes and empty cells are null', () => {
    const o = col(data!.columns.opmerking, 'text');
    expect(o.texts).toEqual(['De coach was heel geëngageerd', 'Méér tijd op de vloer graag', null, null, 'Weinig effect gezien', 'Prima']);
    expect([...o.missing]).toEqual([0, 0, 2, EMPTY_CELL, 0, 0]);
  });
});

describe('readSurvey: join keys, invited, XLSX', () => {
  it('the project join overrides the definition\'s trajectory column and adds other fields', async () => {
    const { data, issues } = await readSurvey(root, { ...staff, join: { trajectory: 'coach', employer: 'werkgever' }, invited: 12 });
    expect(issues).toEqual([]);
    expect(data!.keys.trajectory).toEqual(['C01', 'C01', 'C02', 'C02', 'C01', 'C03']);
    expect(data!.keys.employer[0]).toBe('Kinderopvang Brugge');
    expect(data!.keys.coach).toHaveLength(6); // from the definition, as join does not name it
    expect(data!.invited).toBe(12);
  });

  it('reads the XLSX coach survey: dates, numbers, labels', async () => {
    const { data, issues } = await readSurvey(root, { path: 'coaches.xlsx', kind: 'coach', definition: 'coaches.yaml', name: 'coaches', join: { coach: 'coach' }, invited: 5 });
    expect(issues).toEqual([]);
    const d = data!;
    expect(d.kind).toBe('coach');
    expect(d.respondents).toEqual(['C01', 'C02', 'C03', 'C04']);
    expect(d.keys.coach).toEqual(['C01', 'C02', 'C03', 'C04']);
    expect([...d.lines]).toEqual([2, 3, 4, 5]);
    expect(Number.isNaN(d.dates![3])).toBe(true);
    expect(d.dates![0]).toBe(Date.UTC(2023, 1, 14) / 86400000);
    expect([...col(d.columns.resultaten, 'likert').codes]).toEqual([3, 2, 4, 0]);
    expect([...col(d.columns.resultaten, 'likert').missing]).toEqual([0, 0, 0, 1]);
    expect([...col(d.columns.uren_53, 'single').codes]).toEqual([1, 3, 2, 1]);
    expect([...col(d.columns.vloer, 'number').values]).toEqual([12.5, 8, NaN, 30]);
    expect(col(d.columns.toelichting, 'text').texts).toEqual(['Meer tijd voor de pitstop', null, 'Het coachingsplan voegt weinig toe', null]);
    expect(d.attributes['Ervaring als coach']).toEqual(['ja', 'nee', 'ja', 'nee']);
    expect(d.invited).toBe(5);
  });

  it('reads an XLSX sheet by name; an unknown sheet is an error naming the file', async () => {
    const entry: SurveyEntry = { path: 'coaches.xlsx', kind: 'coach', definition: 'coaches.yaml', name: 'coaches', join: {} };
    const named = await readSurvey(root, { ...entry, sheet: 'Coaches' });
    expect(named.issues).toEqual([]);
    expect(named.data!.respondents).toHaveLength(4);
    const wrong = await readSurvey(root, { ...entry, sheet: 'Blad9' });
    expect(wrong.data).toBeUndefined();
    expect(wrong.issues.map((i) => [i.file, i.code])).toEqual([['coaches.xlsx', 'sheet-not-found']]);
  });

  it('respondents are numbered r<line> without a respondent column', () => {
    const { data, errors } = code('items:\n  - { id: a, type: number }\n', 'a\n1\n2\n');
    expect(errors).toEqual([]);
    expect(data.respondents).toEqual(['r2', 'r3']);
  });
});

describe('readSurvey: errors name file, line, column and the fix', () => {
  it('the broken fixture: every error, none coerced, and no data', async () => {
    const { data, issues } = await readSurvey(root, { ...staff, path: 'medewerkers-fouten.csv' });
    expect(data).toBeUndefined();
    const errors = issues.filter((i) => i.severity === 'error');
    const at = (code: string) => errors.filter((i) => i.code === code).map((i) => [i.line, i.column, i.field]);
    // In file order: by line, then by column.
    expect(at('unknown-label')).toEqual([
      [2, 7, 'Ik merk een duidelijk effect'], // "eens"
      [2, 13, 'Kanalen'], // "email"
      [3, 11, 'Type traject'], // "type 5"
      [4, 7, 'Ik merk een duidelijk effect'], // "akord"
    ]);
    expect(at('bad-code')).toEqual([[2, 10, 'Motivatie bij de start (1-5)']]);
    expect(at('duplicate-respondent')).toEqual([[4, 1, 'respondent']]);
    expect(at('missing-respondent')).toEqual([[5, 1, 'respondent']]);
    expect(at('bad-date')).toEqual([[3, 4, 'ingevuld_op']]);
    expect(at('out-of-range')).toEqual([[3, 14, 'Tijd buiten de contactmomenten']]);
    expect(at('not-a-number')).toEqual([[2, 14, 'Tijd buiten de contactmomenten'], [5, 14, 'Tijd buiten de contactmomenten']]);
    expect(errors.every((i) => i.file === 'medewerkers-fouten.csv')).toBe(true);

    const eens = errors.find((i) => i.code === 'unknown-label' && i.line === 2 && i.column === 7)!;
    expect(eens.message).toBe('"eens" in column 7 "Ik merk een duidelijk effect" (item effect) is not one of its labels');
    expect(eens.hint).toContain('valid labels: helemaal niet akkoord, niet akkoord, neutraal, akkoord, helemaal akkoord');
    expect(eens.hint).toContain('missing codes: weet niet, n.v.t.');
    expect(errors.find((i) => i.code === 'unknown-label' && i.line === 4)!.hint).toContain('did you mean "akkoord"?');
    expect(errors.find((i) => i.code === 'duplicate-respondent')!.message).toContain('lines 2 and 4');
    expect(errors.find((i) => i.code === 'not-a-number' && i.line === 2)!.hint).toContain('not "min"');
    expect(errors.find((i) => i.code === 'bad-code')!.hint).toContain('1 (= helemaal niet akkoord) to 5');
  });

  it('a unit cell is an error without `unit:`, with the unit to add', () => {
    const { errors, data } = code('items:\n  - { id: t, type: number }\n', 't\n"3,5 uur"\n4\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 2, column: 1, code: 'not-a-number' });
    expect(errors[0].hint).toContain('add `unit: uur`');
    expect(col(data.columns.t, 'number').values[1]).toBe(4);
    const withUnit = code('items:\n  - { id: t, type: number, unit: uur }\n', 't\n"3,5 uur"\n4\n"3,5 UUR"\n');
    expect(withUnit.errors).toEqual([]);
    expect([...col(withUnit.data.columns.t, 'number').values]).toEqual([3.5, 4, 3.5]);
  });

  it('a column absent from the export lists the columns found', () => {
    const { errors } = code('respondent: id\nitems:\n  - { id: a, type: text, column: Opmerkingen }\n', 'id,Opmerking\nx,y\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'data.csv', line: 1, code: 'missing-column', field: 'Opmerkingen' });
    expect(errors[0].message).toContain('columns found: id, Opmerking');
    expect(errors[0].message).toContain('item "a" in def.yaml');
    expect(errors[0].hint).toContain('"Opmerking"');
  });

  it('a join column absent from the export names hefboom.yaml', () => {
    const { errors } = code('items:\n  - { id: a, type: text }\n', 'a\nx\n', { join: { trajectory: 'traject_id' } });
    expect(errors[0].message).toContain('join: { trajectory: traject_id } in hefboom.yaml');
  });

  it('finds a column whose header differs in case, spacing or quotes', () => {
    const { errors } = code('items:\n  - { id: a, type: text, column: "Wat zou u  anders doen?" }\n  - { id: b, type: text, column: "\u2019t effect" }\n', 'wat zou u anders doen?,\'t effect\nx,y\n');
    expect(errors).toEqual([]);
  });

  it('caps identical errors per column and summarises the rest', () => {
    const rows = Array.from({ length: MAX_ERRORS_PER_COLUMN + 5 }, () => 'misschien').join('\n');
    const { errors } = code('items:\n  - { id: a, type: single, options: [ja, nee] }\n', `a\n${rows}\n`);
    expect(errors).toHaveLength(MAX_ERRORS_PER_COLUMN + 1);
    const last = errors[errors.length - 1];
    expect(last.message).toBe(`… and 5 more unknown labels in column 1 "a" (${MAX_ERRORS_PER_COLUMN + 5} in all)`);
  });

  it('multiple choice: missing code for the whole cell, the default ";" separator, unknown parts', () => {
    const { data, errors } = code(
      'missing: [weet niet]\nitems:\n  - { id: k, type: multiple, options: [vloer, overleg, telefoon] }\n',
      'k\n"telefoon; Vloer;vloer"\nweet niet\n";"\n"vloer;mail"\n',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 5, column: 1, code: 'unknown-label' });
    expect(errors[0].message).toContain('"mail"');
    const k = col(data.columns.k, 'multiple');
    expect(k.choices.slice(0, 3).map((c) => (c ? [...c] : null))).toEqual([[1, 3], null, null]);
    expect([...k.missing].slice(0, 3)).toEqual([0, 1, EMPTY_CELL]);
  });

  it('a coded item rejects labels and codes outside 1..k', () => {
    const { errors, data } = code('items:\n  - { id: m, type: likert, labels: [a, b, c], coded: true, missing: ["9"] }\n', 'm\n1\n3\n9\n4\nb\n2.0\n0x2\n');
    expect(errors.map((e) => e.line)).toEqual([5, 6, 8]);
    expect([...col(data.columns.m, 'likert').codes]).toEqual([1, 3, 0, 0, 0, 2, 0]);
  });

  it('a definition error stops before the export is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-survey-'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'def.yaml'), 'items:\n  - { id: a, type: likret }\n');
    const r = await readSurvey(dir, { path: 'nope.csv', kind: 'staff', definition: 'b/def.yaml', name: 'x', join: {} });
    expect(r.data).toBeUndefined();
    expect(r.issues.map((i) => [i.file, i.line, i.code])).toEqual([['b/def.yaml', 2, 'bad-type']]);
  });

  it('an absent export is one error naming it', async () => {
    const r = await readSurvey(root, { ...staff, path: 'bestaat-niet.csv' });
    expect(r.issues.map((i) => [i.file, i.code])).toEqual([['bestaat-niet.csv', 'unreadable-file']]);
  });

  it('a Windows-1252 export read as UTF-8 is an encoding error with the fix', async () => {
    const r = await readSurvey(root, { ...staff, encoding: undefined });
    expect(r.data).toBeUndefined();
    expect(r.issues[0]).toMatchObject({ file: 'medewerkers.csv', code: 'bad-encoding' });
    expect(r.issues[0].hint).toContain('windows-1252');
  });
});
