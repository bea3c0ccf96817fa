/**
 * The learner-register reader on the fixtures in fixtures/pathways/ (all invented):
 *   register-person.csv + mapping-person.yaml   one row per person, every mapped field
 *   register-event.csv  + mapping-event.yaml    one row per event, interleaved persons, a quoted
 *                                               reason cell with a line break (line counting)
 *   bad-*.csv + mapping-basic.yaml / mapping-event.yaml   one bad-input case each
 * and on examples/esf-trajecten (the project users run first: no errors, only its planted warnings).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { InputIssue } from '../model/types.js';
import { hasErrors } from '../model/issues.js';
import { EXIT_KIND, INITIATIVE, OUTCOMES, type PathwayRegister } from '../model/pathways.js';
import { dayNumber, parseDay } from './cells.js';
import { loadProjectFile, type PathwayEntry } from './project.js';
import { MAX_ISSUES_PER_KIND, parseMonth, readPathwayRegister } from './pathways.js';

const repo = join(import.meta.dirname, '..', '..');
const fixtures = join(repo, 'fixtures', 'pathways');
const day = (iso: string) => parseDay(iso) as number;
const errorsOf = (issues: InputIssue[]) => issues.filter((i) => i.severity === 'error');
const warningsOf = (issues: InputIssue[]) => issues.filter((i) => i.severity === 'warning');

const entry = (path: string, mapping: string, layout: 'person' | 'event' = 'person', over: Partial<PathwayEntry> = {}): PathwayEntry =>
  ({ path, mapping, layout, name: 'register', ...over });
const readFixture = (path: string, mapping = 'mapping-basic.yaml', layout: 'person' | 'event' = 'person') => readPathwayRegister(fixtures, entry(path, mapping, layout));

/** A project folder with the given files; returns its root. */
function project(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'hefboom-pathways-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(root, name), body);
  return root;
}

/** Reason ids per person. */
function reasonsOf(reg: PathwayRegister): string[][] {
  return reg.ids.map((_, p) => Array.from(reg.reasonCodes.subarray(reg.reasonStart[p], reg.reasonStart[p + 1]), (c) => reg.reasons[c].id));
}
const phase = (reg: PathwayRegister, id: string) => reg.phaseDay[reg.phases.findIndex((p) => p.id === id)];
const phaseIndex = (reg: PathwayRegister, id: string) => reg.phases.findIndex((p) => p.id === id);

describe('readPathwayRegister: one row per person', () => {
  it('reads every mapped field of the fixture', async () => {
    const r = await readFixture('register-person.csv', 'mapping-person.yaml');
    expect(r.issues).toEqual([]);
    const g = r.register!;
    expect(g).toMatchObject({ file: 'register-person.csv', name: 'register', persons: 6, rows: 6, skipped: 0, startPhase: 5, dataEnd: day('2023-12-31') });
    expect(g.ids).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    expect(Array.from(g.lines)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(g.partnership).toEqual({ values: ['Gent', 'Antwerpen'], codes: Int32Array.from([0, 0, 1, 1, 1, 0]) });
    // "09/2021" is the same month as "2021-09"; A5 has no cohort: the month of its first phase date.
    expect(g.cohort.values).toEqual(['2021-09', '2022-02', '2022-01']);
    expect(Array.from(g.cohort.codes)).toEqual([0, 0, 0, 0, 2, 1]);
    expect(Array.from(phase(g, 'toeleiding'))).toEqual([day('2021-05-03'), day('2021-05-04'), day('2021-05-05'), day('2021-05-06'), day('2022-01-10'), day('2021-10-07')]);
    expect(Array.from(phase(g, 'inleefstage'))).toEqual([NaN, day('2021-06-21'), NaN, NaN, NaN, NaN]);
    expect(phase(g, 'voortraject').every(Number.isNaN)).toBe(true); // not mapped
    expect(phase(g, 'kwalificatie')[0]).toBe(day('2022-08-31'));
    // A2 left during training, A3 at the intake, A4 after the info session; A1, A5, A6 did not leave.
    expect(Array.from(g.exitPhase)).toEqual([-1, 5, 2, 1, -1, -1]);
    expect(Array.from(g.exitDay)).toEqual([NaN, day('2022-01-10'), day('2021-06-14'), day('2021-06-01'), NaN, NaN]);
    expect(Array.from(g.exitInitiative)).toEqual([0, INITIATIVE.advised, INITIATIVE.own, INITIATIVE.own, 0, 0]);
    expect(Array.from(g.exitKind)).toEqual([0, EXIT_KIND.definitive, EXIT_KIND.definitive, EXIT_KIND.pause, 0, 0]);
    // "Gezondheid" during training is the dropout reason, "Taal" and "Zwanger" before the start non-entry ones.
    expect(reasonsOf(g)).toEqual([[], ['gezondheid-uitval', 'combinatie-gezin'], ['taal-te-laag'], ['zwangerschap-voor-start', 'andere-interesse'], [], []]);
    expect(Array.from(g.outcome)).toEqual([OUTCOMES.indexOf('job-kinderopvang'), -1, -1, -1, -1, -1]);
    expect(g.profile.sex).toEqual({ kind: 'category', column: 'Geslacht', data: { values: ['V', 'M'], codes: Int32Array.from([0, 0, 0, 1, 0, 0]) } });
    expect(g.profile.age).toEqual({ kind: 'number', column: 'Leeftijd', values: Float64Array.from([31, 44, 27, 35, NaN, 52]) });
    expect(g.profile.months_unemployed).toEqual({ kind: 'number', column: 'Maanden werkloos', values: Float64Array.from([12, 30, 6, 0, NaN, 24.5]) });
    expect(g.profile.education?.kind).toBe('category');
    expect(g.attributes.Variant.values).toEqual(['standaard', 'verlengd']);
  });

  it('reads an XLSX register (Excel dates and numbers)', async () => {
    const { default: writeXlsxFile } = await import('write-excel-file/node');
    const root = project({ 'm.yaml': readFileSync(join(fixtures, 'mapping-basic.yaml')) });
    const d = (y: number, m: number, dd: number) => ({ value: new Date(Date.UTC(y, m - 1, dd)), type: Date, format: 'dd/mm/yyyy' });
    const rows = [
      ['ID', 'Toeleiding', 'Intake', 'Start', 'Fase stop', 'Datum stop', 'Redenen'].map((value) => ({ value })),
      [{ value: 'X1' }, d(2021, 5, 3), d(2021, 6, 10), d(2021, 9, 6), null, null, null],
      [{ value: 'X2' }, d(2021, 5, 4), { value: '11/06/2021' }, null, { value: 'Intake' }, d(2021, 6, 20), { value: 'Taal | Medisch' }],
    ];
    await writeXlsxFile(rows as never, { sheet: 'Register' }).toFile(join(root, 'register.xlsx'));
    const r = await readPathwayRegister(root, entry('register.xlsx', 'm.yaml'));
    expect(errorsOf(r.issues)).toEqual([]);
    const g = r.register!;
    expect(g.ids).toEqual(['X1', 'X2']);
    expect(Array.from(phase(g, 'intake'))).toEqual([day('2021-06-10'), day('2021-06-11')]);
    expect(Array.from(g.exitPhase)).toEqual([-1, 2]);
    expect(reasonsOf(g)).toEqual([[], ['taal-te-laag', 'gezondheid']]);
    // A date typed as text next to Excel dates: two formats in one column.
    expect(warningsOf(r.issues)).toMatchObject([{ code: 'mixed-date-formats', field: 'Intake', line: 2 }]);
  });
});

describe('readPathwayRegister: one row per event', () => {
  it('groups interleaved rows by person and counts lines across a quoted line break', async () => {
    const r = await readFixture('register-event.csv', 'mapping-event.yaml', 'event');
    expect(r.issues).toEqual([]);
    const g = r.register!;
    expect(g).toMatchObject({ persons: 3, rows: 10, skipped: 0, dataEnd: day('2022-08-31') });
    expect(g.ids).toEqual(['E1', 'E2', 'E3']);
    // E3's first row is line 11: the reason cell on line 8 runs on to line 9.
    expect(Array.from(g.lines)).toEqual([2, 3, 11]);
    expect(Array.from(phase(g, 'intake'))).toEqual([day('2021-06-01'), day('2021-06-02'), NaN]);
    expect(Array.from(phase(g, 'kwalificatie'))).toEqual([day('2022-08-31'), NaN, NaN]);
    // Exit events: the date from the event, the phase left in = the last phase reached before it.
    expect(Array.from(g.exitPhase)).toEqual([-1, phaseIndex(g, 'opleiding'), phaseIndex(g, 'toeleiding')]);
    expect(Array.from(g.exitDay)).toEqual([NaN, day('2022-01-10'), day('2021-05-30')]);
    expect(Array.from(g.exitKind)).toEqual([0, EXIT_KIND.definitive, EXIT_KIND.pause]);
    expect(Array.from(g.exitInitiative)).toEqual([0, INITIATIVE.advised, INITIATIVE.own]);
    expect(reasonsOf(g)).toEqual([[], ['gezondheid-uitval', 'zwangerschap'], ['andere-interesse']]);
    expect(g.profile.age).toEqual({ kind: 'number', column: 'Leeftijd', values: Float64Array.from([30, 41, NaN]) });
    expect(g.cohort.values).toEqual(['2021-05']);
  });

  it('warns once per person and column when rows disagree, and keeps the first value', async () => {
    const r = await readFixture('bad-conflicting-values.csv', 'mapping-event.yaml', 'event');
    expect(hasErrors(r.issues)).toBe(false);
    expect(r.issues).toMatchObject([
      { severity: 'warning', code: 'conflicting-values', line: 3, column: 2, field: 'Partner', message: 'person "E1" (first row: line 2): column 2 "Partner" is "Gent" in an earlier row but "Antwerpen" on line 3; the first value is used' },
      { severity: 'warning', code: 'conflicting-values', line: 4, column: 8, field: 'Leeftijd' },
    ]);
    expect(r.register!.partnership.values[r.register!.partnership.codes[0]]).toBe('Gent');
  });

  it('takes the earliest day of a repeated phase, the latest exit event and the union of reasons', async () => {
    const root = project({
      'm.yaml': 'person: ID\nevents: { phase: Fase, date: Datum, exit: [Stop] }\nexit: { reasons: Reden }\n',
      'r.csv': 'ID;Fase;Datum;Reden\nP;intake;2021-06-10;\nP;intake;2021-06-01;\nP;opleiding;2021-09-06;\nP;Stop;2021-11-02;Gezondheid\nP;Stop;2022-01-05;Zwangerschap | gezondheid\n',
    });
    const r = await readPathwayRegister(root, entry('r.csv', 'm.yaml', 'event'));
    expect(r.issues).toEqual([]);
    const g = r.register!;
    expect(phase(g, 'intake')[0]).toBe(day('2021-06-01'));
    expect(g.exitDay[0]).toBe(day('2022-01-05'));
    expect(reasonsOf(g)).toEqual([['gezondheid-uitval', 'zwangerschap']]);
  });

  it('keeps the declared order of a profile field, spelled as in the register, and warns about values outside it', async () => {
    const root = project({
      'm.yaml': 'person: ID\nevents: { phase: Fase, date: Datum }\nprofile:\n  education: { column: Opleiding, levels: [laag, midden, hoog] }\n',
      'r.csv': 'ID;Fase;Datum;Opleiding\nP1;intake;2021-06-10;Hoog\nP2;intake;2021-06-10;laag\nP3;intake;2021-06-10;onbekend\n',
    });
    const r = await readPathwayRegister(root, entry('r.csv', 'm.yaml', 'event'));
    expect(r.issues).toMatchObject([{ severity: 'warning', code: 'unknown-level', line: 4, column: 4, field: 'Opleiding', message: expect.stringContaining('"onbekend" (line 4); 1 person') }]);
    const col = r.register!.profile.education!;
    expect(col.kind === 'category' && col.levels).toEqual(['laag', 'midden', 'Hoog']);
  });

  it('reports an event without a date or a phase, and a row without a person, and counts them as skipped', async () => {
    const root = project({
      'm.yaml': 'person: ID\nevents: { phase: Fase, date: Datum }\n',
      'r.csv': 'ID,Fase,Datum\nP,intake,\nP,,2021-06-01\n,intake,2021-06-01\nP,opleiding,2021-09-06\n',
    });
    const r = await readPathwayRegister(root, entry('r.csv', 'm.yaml', 'event'));
    expect(r.issues).toMatchObject([
      { severity: 'warning', code: 'event-without-date', line: 2, column: 3 },
      { severity: 'warning', code: 'event-without-phase', line: 3, column: 2 },
      { severity: 'warning', code: 'missing-person', line: 4, column: 1 },
    ]);
    expect(r.register).toMatchObject({ persons: 1, rows: 4, skipped: 3 });
  });
});

describe('readPathwayRegister: bad input', () => {
  it('warns about phase dates that go backwards, naming the phases and dates', async () => {
    const r = await readFixture('bad-dates-backwards.csv');
    expect(hasErrors(r.issues)).toBe(false);
    expect(r.issues).toEqual([expect.objectContaining({
      severity: 'warning', file: 'bad-dates-backwards.csv', line: 3, column: 3, field: 'Intake', code: 'dates-backwards',
      message: 'person "B2" (line 3): phase "intake" is dated 2021-04-10, before the earlier phase "toeleiding" on 2021-05-03; the phase dates go backwards',
    })]);
    expect(r.register!.persons).toBe(2);
  });

  it('warns about an exit without any reason', async () => {
    const r = await readFixture('bad-exit-without-reason.csv');
    expect(hasErrors(r.issues)).toBe(false);
    expect(r.issues).toEqual([expect.objectContaining({
      severity: 'warning', line: 3, column: 7, field: 'Redenen', code: 'exit-without-reason',
      message: 'person "B2" (line 3) left in phase "intake" but has no reason in "Redenen"',
    })]);
  });

  it('rejects a reason not in the codebook with its line and the closest reason, and still reads the rows', async () => {
    const r = await readFixture('bad-unknown-reason.csv');
    expect(hasErrors(r.issues)).toBe(true);
    // One error per spelling (case and accents folded): first on line 3, two persons.
    expect(r.issues).toEqual([expect.objectContaining({
      severity: 'error', line: 3, column: 7, field: 'Redenen', code: 'unknown-reason',
      message: 'reason "Verkeerde verwachtngen" on line 3 (column 7 "Redenen"; 2 persons) is not in the reason codebook; closest reason: "verkeerde-verwachtingen"',
      hint: expect.stringContaining('`reasons: { verkeerde-verwachtingen: ["Verkeerde verwachtngen"] }`'),
    })]);
    const g = r.register!;
    expect(g.persons).toBe(3);
    expect(reasonsOf(g)).toEqual([['taal-te-laag'], ['gezondheid-uitval'], []]);
  });

  it('warns about dates in mixed formats, naming each format with its first line', async () => {
    const r = await readFixture('bad-mixed-dates.csv');
    expect(hasErrors(r.issues)).toBe(false);
    expect(r.issues.map((i) => [i.code, i.field, i.line, i.message])).toEqual([
      ['mixed-date-formats', 'Toeleiding', 2, 'column 2 "Toeleiding" mixes date formats: DD/MM/YYYY (first on line 2), DD.MM.YYYY (first on line 4); all are read (day first where the day comes first)'],
      ['mixed-date-formats', 'Intake', 2, 'column 3 "Intake" mixes date formats: DD/MM/YYYY (first on line 2), YYYY-MM-DD (first on line 3); all are read (day first where the day comes first)'],
    ]);
    expect(Array.from(phase(r.register!, 'intake'))).toEqual([day('2021-06-10'), day('2021-06-11'), day('2021-06-12')]);
    expect(phase(r.register!, 'toeleiding')[2]).toBe(dayNumber(2021, 5, 3));
  });

  it('reads the date spellings of parseDay, padded or not, with or without a time', async () => {
    const cells = ['01/02/2021', '1/2/2021', '2021-02-01', '2021-2-1', '2021-02-01 10:30', '01-02-2021', '1.2.2021'];
    const root = project({ 'm.yaml': 'person: ID\nphases: { intake: Intake }\n', 'r.csv': `ID,Intake\n${cells.map((c, i) => `P${i},${c}`).join('\n')}\n` });
    const r = await readPathwayRegister(root, entry('r.csv', 'm.yaml'));
    expect(Array.from(phase(r.register!, 'intake'))).toEqual(Array(cells.length).fill(day('2021-02-01')));
    expect(r.issues).toMatchObject([{ code: 'mixed-date-formats', message: expect.stringContaining('DD/MM/YYYY (first on line 2), YYYY-MM-DD (first on line 4), DD-MM-YYYY (first on line 7), DD.MM.YYYY (first on line 8)') }]);
  });

  it('rejects an unreadable date with its line and column', async () => {
    const r = await readFixture('bad-unreadable-date.csv');
    expect(r.issues).toEqual([expect.objectContaining({
      severity: 'error', line: 3, column: 3, field: 'Intake', code: 'unreadable-date',
      message: 'line 3, column 3 "Intake": "31/06/2021" is not a date',
    })]);
    expect(phase(r.register!, 'intake')[1]).toBeNaN();
  });

  it('lists the mapped columns missing from the header with the closest header names', async () => {
    const r = await readFixture('bad-missing-columns.csv');
    expect(r.register).toBeUndefined();
    expect(r.issues).toEqual([expect.objectContaining({
      severity: 'error', line: 1, code: 'missing-column',
      message: expect.stringContaining('2 mapped columns are not in the register: "Intake" (phases.intake; closest: "Intake datum"), "Start" (phases.opleiding; closest: "Start opleiding")'),
      hint: expect.stringContaining('mapping-basic.yaml'),
    })]);
  });

  it('rejects a repeated person in a person-layout register, naming both lines', async () => {
    const r = await readFixture('bad-duplicate-person.csv');
    expect(r.issues).toEqual([expect.objectContaining({
      severity: 'error', line: 4, column: 1, field: 'ID', code: 'duplicate-person',
      message: expect.stringContaining('person "B1" appears again on line 4 (first on line 2)'),
    })]);
    expect(r.register).toMatchObject({ persons: 2, rows: 3, skipped: 1 });
  });

  it('rejects an exit phase and an event phase that are not in the phase list, with the closest phase', async () => {
    const exit = await readFixture('bad-unknown-phase.csv');
    expect(exit.issues).toEqual([expect.objectContaining({
      severity: 'error', line: 2, column: 5, field: 'Fase stop', code: 'unknown-phase',
      message: 'phase "Intke" on line 2 (column 5 "Fase stop") is not in the phase list; closest phase: "intake"',
      hint: expect.stringContaining('`exit.values.phase: { "Intke": intake }`'),
    })]);
    // The exit still counts, in the last phase reached.
    expect(exit.register!.exitPhase[0]).toBe(phaseIndex(exit.register!, 'intake'));
    const event = await readFixture('bad-unknown-phase-event.csv', 'mapping-event.yaml', 'event');
    expect(event.issues).toEqual([expect.objectContaining({
      severity: 'error', line: 3, column: 3, field: 'Fase', code: 'unknown-phase',
      message: 'phase "Intake gesprek" on line 3 (column 3 "Fase") is not in the phase list; closest phase: "intake"; these events are not read',
    })]);
    expect(event.register).toMatchObject({ rows: 3, skipped: 1 });
  });

  it('caps issues of one kind and column, then says how many more there are', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `P${i};32/01/2021;;;;;`);
    const root = project({ 'm.yaml': readFileSync(join(fixtures, 'mapping-basic.yaml')), 'r.csv': `ID;Toeleiding;Intake;Start;Fase stop;Datum stop;Redenen\n${rows.join('\n')}\n` });
    const r = await readPathwayRegister(root, entry('r.csv', 'm.yaml'));
    expect(r.issues).toHaveLength(MAX_ISSUES_PER_KIND + 1);
    expect(r.issues.at(-1)).toMatchObject({ severity: 'error', code: 'unreadable-date', column: 2, message: '… and 5 more unreadable dates in column "Toeleiding"' });
  });

  it('keeps a mostly numeric age numeric (texts counted as missing, with a warning) and reads bands as categories', async () => {
    const ages = ['31', '44', '27', '35', '52', '29', '33', '41', '38', '47', 'onbekend'];
    const root = project({
      'm.yaml': 'person: ID\nphases: { intake: Intake }\nprofile: { age: Leeftijd, months_unemployed: Werkloos }\n',
      'r.csv': `ID,Intake,Leeftijd,Werkloos\n${ages.map((a, i) => `P${i},2021-06-01,${a},${i < 3 ? '0-6' : '6-12'}`).join('\n')}\n`,
    });
    const r = await readPathwayRegister(root, entry('r.csv', 'm.yaml'));
    expect(r.issues).toMatchObject([{ severity: 'warning', code: 'not-a-number', line: 12, column: 3, message: expect.stringContaining('1 person have text: "onbekend" (line 12)') }]);
    const age = r.register!.profile.age!;
    expect(age.kind === 'number' && Array.from(age.values)).toEqual([31, 44, 27, 35, 52, 29, 33, 41, 38, 47, NaN]);
    expect(r.register!.profile.months_unemployed).toMatchObject({ kind: 'category', data: { values: ['0-6', '6-12'] } });
  });

  it('warns about dates after data_end', async () => {
    const root = project({ 'm.yaml': 'person: ID\nphases: { intake: Intake }\ndata_end: 2021-12-31\n', 'r.csv': 'ID,Intake\nP1,2021-06-01\nP2,2022-01-03\n' });
    const r = await readPathwayRegister(root, entry('r.csv', 'm.yaml'));
    expect(r.issues).toMatchObject([{ severity: 'warning', code: 'date-after-data-end', line: 3, message: '1 person has dates after `data_end` (2021-12-31), e.g. "P2" on line 3 (2022-01-03)' }]);
    expect(r.register!.dataEnd).toBe(day('2021-12-31'));
  });

  it('names the encoding problem of a Windows export and reads it with `encoding:`', async () => {
    const csv = 'ID;Toeleiding;Intake;Start;Fase stop;Datum stop;Redenen\nW1;03/05/2021;10/06/2021;;Intake;20/06/2021;Financiële drempels\n';
    const root = project({ 'm.yaml': readFileSync(join(fixtures, 'mapping-basic.yaml')), 'r.csv': iconv.encode(csv, 'windows-1252') });
    const bad = await readPathwayRegister(root, entry('r.csv', 'm.yaml'));
    expect(bad.register).toBeUndefined();
    expect(bad.issues).toMatchObject([{ severity: 'error', code: 'bad-encoding', line: 2, message: expect.stringContaining('not valid UTF-8'), hint: expect.stringContaining('`pathways:` entry') }]);
    const good = await readPathwayRegister(root, entry('r.csv', 'm.yaml', 'person', { encoding: 'windows-1252' }));
    expect(good.issues).toEqual([]);
    expect(reasonsOf(good.register!)).toEqual([['financiele-gezinsdrempels']]);
  });

  it('reports a missing register, an empty one and a broken mapping without reading further', async () => {
    const root = project({ 'm.yaml': readFileSync(join(fixtures, 'mapping-basic.yaml')), 'leeg.csv': '', 'kapot.yaml': 'person: ID\nphases: { intke: Intake }\n' });
    expect((await readPathwayRegister(root, entry('weg.csv', 'm.yaml'))).issues).toMatchObject([{ code: 'unreadable-file', message: 'the register "weg.csv" does not exist', hint: expect.stringContaining('`pathways:` entry') }]);
    expect((await readPathwayRegister(root, entry('leeg.csv', 'm.yaml'))).issues).toMatchObject([{ code: 'missing-header', message: expect.stringContaining('the register is empty') }]);
    const broken = await readPathwayRegister(root, entry('leeg.csv', 'kapot.yaml'));
    expect(broken).toEqual({ issues: [expect.objectContaining({ file: 'kapot.yaml', line: 2, code: 'unknown-phase' })] });
  });
});

describe('parseMonth', () => {
  it('reads YYYY-MM, MM/YYYY and whole dates; rejects the rest', () => {
    expect(['2021-09', '2021-9', '09/2021', '9-2021', '2021-09-06', '06/09/2021'].map(parseMonth)).toEqual(Array(6).fill('2021-09'));
    expect(['2021-13', 'sept 2021', '21-09', ''].map(parseMonth)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('examples/esf-trajecten', () => {
  const example = join(repo, 'examples', 'esf-trajecten');

  it('reads without errors; the warnings are the defects generate.mjs plants', async () => {
    const p = loadProjectFile(join(example, 'hefboom.yaml'));
    expect(p.issues).toEqual([]);
    const r = await readPathwayRegister(p.project!.root, p.project!.pathways[0]);
    expect(errorsOf(r.issues)).toEqual([]);
    expect(r.issues.map((i) => `${i.code}:${i.field}`).sort()).toEqual([
      'dates-backwards:Datum intake', 'dates-backwards:Datum uitstroom', 'exit-without-reason:Redenen', 'exit-without-reason:Redenen',
      'mixed-date-formats:Datum intake', 'unknown-value:Initiatief',
    ]);
    const g = r.register!;
    expect(g).toMatchObject({ name: 'register', persons: 678, rows: 678, skipped: 0, dataEnd: day('2023-12-31') });
    expect(g.partnership.values).toEqual(['BIKO West', 'Antwerpen', 'Brussel', 'Kempen', 'Gent', 'NIKOL', 'Mechelen-Vilvoorde', 'RSL4KIDS']);
    expect(g.cohort.values).toEqual(['2021-09', '2022-02']);
    expect(g.reasons.at(-1)!.id).toBe('wachttijd-vdab');
    expect(g.profile.age?.kind).toBe('number');
    expect(Object.keys(g.attributes)).toEqual(['Trajectvariant', 'Aantal werkplekken']);
    // Every exit but the two planted ones has a reason; exits happen before and during training only.
    let exits = 0;
    for (let p = 0; p < g.persons; p++) if (g.exitPhase[p] >= 0) {
      exits++;
      expect(g.exitPhase[p]).toBeLessThanOrEqual(phaseIndex(g, 'opleiding'));
    }
    expect(exits - (g.reasonStart.filter((s, p) => p < g.persons && g.reasonStart[p + 1] > s).length)).toBe(2);
  });

  it('data/register.csv is what generate.mjs writes', async () => {
    const { generate } = (await import(join(example, 'generate.mjs'))) as { generate: (seed: number) => string };
    expect(generate(20231231)).toBe(readFileSync(join(example, 'data', 'register.csv'), 'utf8'));
  });
});
