import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputIssue } from '../model/types.js';
import { dayNumber } from './cells.js';
import { MAX_CELL_ERRORS_PER_COLUMN, readCrm } from './crm.js';
import type { CrmEntry } from './project.js';
import type { CrmFinding } from '../model/crm.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'crm');

/** A project folder with the given files; returns its root. */
function project(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'hefboom-crm-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(root, name), body);
  return root;
}

const entry = (over: Partial<CrmEntry> = {}): CrmEntry => ({ path: 'export.csv', mapping: 'mapping.yaml', unit: 'trajectory', ...over });
const errorsOf = (issues: InputIssue[]) => issues.filter((i) => i.severity === 'error');
const kinds = (findings: CrmFinding[]) => findings.map((f) => `${f.kind}:${f.trajectory}:${f.line}${f.field ? `:${f.field}` : ''}`);

/** A mapping of ID, Start and Uren plus the given `fields:` entries. */
const trajectoryMapping = (extra = '') => `fields: { trajectory: ID, start: Start, hours: Uren${extra ? `, ${extra}` : ''} }\nrequired: [trajectory, start, hours]\n`;
const TRAJECTORY_MAPPING = trajectoryMapping();
const CONTACT_MAPPING = 'fields: { trajectory: ID, start: Start, end: Einde, coach: Coach, contact_date: Datum, contact_duration: Duur }\nrequired: [trajectory, coach, contact_date]\n';

describe('readCrm: one row per trajectory', () => {
  it('reads the fixture export into canonical fields', async () => {
    const r = await readCrm(fixtures, { path: 'trajecten.csv', mapping: 'mapping-trajecten.yaml', unit: 'trajectory' });
    expect(r.issues).toEqual([]);
    const d = r.data!;
    expect(d).toMatchObject({ file: 'trajecten.csv', unit: 'trajectory', rows: 6, findings: [], norms: { hours: 53, contacts: 9, tolerance: 0.2 } });
    expect(d.mapped).toHaveLength(19);
    expect(d.required).toEqual(['trajectory', 'location', 'location_type', 'employer', 'coach', 'type', 'start', 'end', 'hours', 'status']);
    const [t1, t2, t3, t4, t5] = d.trajectories;
    expect(t1).toMatchObject({
      id: 'T001', location: 'LOC-014', locationType: 'gezinsopvang', organiser: 'ORG-07', employer: 'Werkgever A', coach: 'C01',
      regionalSupporter: 'RO-3', type: 2, theme: 'Taalstimulering', memoq: 'educatieve-ondersteuning',
      start: dayNumber(2022, 9, 5), end: dayNumber(2023, 3, 17), hours: 52.5, contactCount: 9, contacts: [],
      pitstop: true, finalEvaluation: true, status: 'afgerond', statusRaw: 'Afgerond', participants: 2, recipients: 2, line: 2,
      attributes: { Regio: 'Antwerpen' },
    });
    // dd/mm/yyyy dates, a status spelled with a diaeresis, "type 4", recipients not registered.
    expect(t2).toMatchObject({ start: dayNumber(2022, 9, 12), end: dayNumber(2023, 4, 28), status: 'afgerond', statusRaw: 'Beëindigd', locationType: 'groepsopvang' });
    expect(t3).toMatchObject({ type: 4, status: 'gestopt', pitstop: false, recipients: NaN });
    expect(t4).toMatchObject({ status: 'lopend', locationType: 'groepsopvang' });
    expect(t5).toMatchObject({ pitstop: true, hours: 47 });
  });

  it('reads the XLSX variant (Excel dates and numbers)', async () => {
    const r = await readCrm(fixtures, { path: 'trajecten.xlsx', mapping: 'mapping-xlsx.yaml', unit: 'trajectory' });
    expect(errorsOf(r.issues)).toEqual([]);
    const ts = r.data!.trajectories;
    expect(ts.map((t) => t.id)).toEqual(['T001', 'T002', 'T003', 'T004', 'T005']);
    expect(ts[0]).toMatchObject({ type: 2, start: dayNumber(2022, 9, 5), end: dayNumber(2023, 3, 17), hours: 52.5, contactCount: 9, status: 'afgerond', attributes: { Regio: 'Antwerpen' } });
    // T004 is running: no end date, and that is not a missing value.
    expect(ts[3].end).toBeNaN();
    expect(r.data!.findings).toEqual([]);
  });

  it('lists every absent mapped column in one error, with the columns found and the closest names', async () => {
    const root = project({
      'mapping.yaml': 'fields: { trajectory: Traject-ID, start: Startdatum, coach: Coach, end: Einddatum }\nattributes: [Provincie]\n',
      'export.csv': 'traject-id,Start datum,Coach,Regio\nT1,2023-01-01,C1,Gent\n',
    });
    const r = await readCrm(root, entry());
    expect(r.data).toBeUndefined();
    const errs = errorsOf(r.issues);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ file: 'export.csv', line: 1, code: 'missing-column' });
    expect(errs[0].message).toContain('3 mapped columns are not in the export');
    expect(errs[0].message).toContain('"Startdatum" (start; closest: "Start datum")');
    expect(errs[0].message).toContain('"Einddatum" (end');
    expect(errs[0].message).toContain('"Provincie" (attributes');
    expect(errs[0].message).toContain('columns found: "traject-id", "Start datum", "Coach", "Regio"');
    expect(errs[0].hint).toContain('mapping.yaml');
  });

  it('says the delimiter is wrong when the header is one column', async () => {
    const root = project({ 'mapping.yaml': 'fields: { trajectory: ID, coach: Coach }\n', 'export.csv': 'ID|Coach\nT1|C1\n' });
    const r = await readCrm(root, entry());
    expect(errorsOf(r.issues)[0].hint).toContain('delimiter');
    const ok = await readCrm(root, entry({ delimiter: '|' }));
    expect(ok.data!.trajectories[0]).toMatchObject({ id: 'T1', coach: 'C1' });
  });

  it('accepts ISO and day-first dates; other dates are errors with row, column and a hint', async () => {
    const root = project({
      'mapping.yaml': trajectoryMapping('end: Einde'),
      'export.csv': 'ID,Start,Einde,Uren\nT1,2023-01-09,30.06.2023,50\nT2,15 maart 2023,2023-06-30,50\nT3,9/1/2023,31/02/2023,50\n',
    });
    const r = await readCrm(root, entry());
    const errs = errorsOf(r.issues);
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatchObject({ file: 'export.csv', line: 3, column: 2, field: 'start', code: 'unreadable-value' });
    expect(errs[0].message).toBe('line 3, column 2 "Start" (start): "15 maart 2023" is not a date');
    expect(errs[0].hint).toContain('15/03/2023');
    expect(errs[1]).toMatchObject({ line: 4, column: 3, field: 'end' });
    const [t1, t2, t3] = r.data!.trajectories;
    expect([t1.start, t1.end]).toEqual([dayNumber(2023, 1, 9), dayNumber(2023, 6, 30)]);
    expect(t2.start).toBeNaN();
    expect(t3.start).toBe(dayNumber(2023, 1, 9));
    expect(kinds(r.data!.findings)).toEqual(['unreadable-value:T2:3:start', 'unreadable-value:T3:4:end']);
    // An unreadable cell is not also a missing one.
    expect(r.data!.findings.some((f) => f.kind === 'missing-value')).toBe(false);
  });

  it('reads "3,5 uur" only when the mapping names the unit', async () => {
    const csv = 'ID,Start,Uren\nT1,2023-01-09,"3,5 uur"\nT2,2023-01-09,"1.250,5"\nT3,2023-01-09,90 min\n';
    const without = await readCrm(project({ 'mapping.yaml': TRAJECTORY_MAPPING, 'export.csv': csv }), entry());
    const errs = errorsOf(without.issues);
    expect(errs.map((e) => e.line)).toEqual([2, 4]);
    expect(errs[0].message).toContain('"3,5 uur" is a number with a unit, and the mapping names no unit');
    expect(errs[0].hint).toContain('units: { hours: uur }');
    expect(without.data!.trajectories.map((t) => t.hours)).toEqual([NaN, 1250.5, NaN]);
    const withUnit = await readCrm(project({ 'mapping.yaml': `${TRAJECTORY_MAPPING}units: { hours: uur }\n`, 'export.csv': csv }), entry());
    expect(errorsOf(withUnit.issues)).toEqual([]);
    expect(withUnit.data!.trajectories.map((t) => t.hours)).toEqual([3.5, 1250.5, 1.5]);
  });

  it('reads yes/no with the mapping spellings and rejects others', async () => {
    const root = project({
      'mapping.yaml': `${trajectoryMapping('pitstop: Pitstop')}values: { yes: [afgevinkt], no: [x] }\n`,
      'export.csv': 'ID,Start,Uren,Pitstop\nT1,2023-01-09,5,afgevinkt\nT2,2023-01-09,5,x\nT3,2023-01-09,5,ja\nT4,2023-01-09,5,misschien\n',
    });
    const r = await readCrm(root, entry());
    // The mapping's "x" means no here, although parseYesNo's default reads it as yes.
    expect(r.data!.trajectories.map((t) => t.pitstop)).toEqual([true, false, true, null]);
    const errs = errorsOf(r.issues);
    expect(errs).toMatchObject([{ line: 5, column: 4, field: 'pitstop', message: expect.stringContaining('"misschien" is not a yes/no answer') }]);
    expect(errs[0].hint).toContain('afgevinkt');
  });

  it('keeps an unknown status as written, with one warning per spelling', async () => {
    const root = project({ 'mapping.yaml': trajectoryMapping('status: Status'), 'export.csv': 'ID,Start,Uren,Status\nT1,2023-01-09,5,On hold\nT2,2023-01-09,5,on hold\nT3,2023-01-09,5,On hold\nT4,2023-01-09,5,AFGESLOTEN\n' });
    const r = await readCrm(root, entry());
    expect(r.data!.trajectories.map((t) => [t.status, t.statusRaw])).toEqual([[null, 'On hold'], [null, 'on hold'], [null, 'On hold'], ['afgerond', 'AFGESLOTEN']]);
    const w = r.issues.filter((i) => i.code === 'unknown-status');
    expect(w).toMatchObject([
      { severity: 'warning', line: 2, column: 4, message: expect.stringContaining('"On hold" (2 trajectories)') },
      { severity: 'warning', line: 3, message: expect.stringContaining('"on hold" (1 trajectory)') },
    ]);
    expect(errorsOf(r.issues)).toEqual([]);
  });

  it('warns when contact fields are mapped for one row per trajectory, and does not need their columns', async () => {
    const root = project({ 'mapping.yaml': 'fields:\n  trajectory: ID\n  contact_date: Datum\n', 'export.csv': 'ID\nT1\n' });
    const r = await readCrm(root, entry());
    expect(r.issues).toMatchObject([{ severity: 'warning', code: 'contact-field-ignored', file: 'mapping.yaml', line: 3 }]);
    expect(r.data!.mapped).toEqual(['trajectory']);
  });

  it('reports a missing mapping or export file', async () => {
    const root = project({ 'mapping.yaml': 'fields: { trajectory: ID }\n' });
    expect((await readCrm(root, entry({ mapping: 'weg.yaml' }))).issues).toMatchObject([{ file: 'weg.yaml', code: 'unreadable-file' }]);
    expect((await readCrm(root, entry())).issues).toMatchObject([{ file: 'export.csv', code: 'unreadable-file', message: expect.stringContaining('does not exist') }]);
    writeFileSync(join(root, 'export.csv'), '\n\n');
    expect((await readCrm(root, entry())).issues).toMatchObject([{ code: 'missing-header' }]);
  });
});

describe('readCrm: one row per contact moment', () => {
  it('groups the Windows-1252 ";" fixture by trajectory and converts minutes to hours', async () => {
    const r = await readCrm(fixtures, { path: 'contactmomenten-1252.csv', mapping: 'mapping-contact.yaml', unit: 'contact', encoding: 'windows-1252' });
    expect(r.issues).toEqual([]);
    const d = r.data!;
    expect(d).toMatchObject({ unit: 'contact', rows: 7, findings: [], norms: { hours: 50, contacts: 8, tolerance: 0.25 } });
    expect(d.required).toEqual(['trajectory', 'location', 'employer', 'coach', 'type', 'start', 'end', 'status', 'contact_date']);
    const [k1, k2, k3] = d.trajectories;
    // Rows of K01 are lines 2, 4 and 7; line 4 leaves the trajectory fields empty.
    expect(k1).toMatchObject({ id: 'K01', location: "Kinderopvang 't Zonneke", locationType: 'gezinsopvang', status: 'afgerond', statusRaw: 'Beëindigd', hours: 8.5, contactCount: 3, line: 2, attributes: { Regio: 'Antwerpen' } });
    expect(k1.contacts).toEqual([
      { date: dayNumber(2022, 9, 5), hours: 1.5, setting: 'kindvrij', participants: 2, line: 2 },
      { date: dayNumber(2022, 10, 3), hours: 4, setting: 'vloer', participants: 2, line: 4 },
      { date: dayNumber(2022, 11, 14), hours: 3, setting: 'vloer', participants: 2, line: 7 },
    ]);
    // "120 min" and "2,5 uur" are read because `units:` names the column's unit.
    expect(k2).toMatchObject({ location: 'Crèche De Bijtjes', locationType: 'groepsopvang', hours: 4.5, contactCount: 2 });
    expect(k3).toMatchObject({ location: 'Onthaal Müller', hours: 1.75, contactCount: 2, status: 'lopend' });
    expect(k3.end).toBeNaN();
  });

  it('stops on a Windows-1252 export read as UTF-8, naming line and column', async () => {
    const r = await readCrm(fixtures, { path: 'contactmomenten-1252.csv', mapping: 'mapping-contact.yaml', unit: 'contact' });
    expect(r.data).toBeUndefined();
    expect(r.issues).toMatchObject([{ severity: 'error', code: 'bad-encoding', line: 2, column: 74, message: expect.stringContaining('byte 0xeb'), hint: expect.stringContaining('encoding: windows-1252') }]);
  });

  it('sums hours and counts rows unless the hours and contacts columns are filled in', async () => {
    const root = project({
      'mapping.yaml': 'fields: { trajectory: ID, hours: Uren, contacts: Aantal, contact_date: Datum, contact_duration: Duur }\n',
      'export.csv': 'ID,Uren,Aantal,Datum,Duur\nA,,,2023-01-02,2\nB,40,7,2023-01-02,3\nA,,,2023-01-09,"1,5"\nB,40,7,2023-01-09,3\nC,,,2023-01-09,\n',
    });
    const r = await readCrm(root, entry({ unit: 'contact' }));
    expect(r.data!.trajectories.map((t) => [t.id, t.hours, t.contactCount, t.contacts.length])).toEqual([['A', 3.5, 2, 2], ['B', 40, 7, 2], ['C', NaN, 1, 1]]);
  });

  it('takes trajectory fields from the first row that has them and reports a conflict once per field', async () => {
    const root = project({
      'mapping.yaml': `${CONTACT_MAPPING}`,
      'export.csv': [
        'ID,Start,Einde,Coach,Datum,Duur',
        'A,,2023-06-30,,2023-01-02,2',
        'A,2023-01-02,30/06/2023,C1,2023-01-09,2', // same end date in another spelling: no conflict
        'A,2023-01-02,2023-06-30,c1,2023-01-16,2', // case only: no conflict
        'A,2023-01-02,2023-06-30,C2,2023-01-23,2',
        'A,2023-01-02,2023-06-30,C3,2023-01-30,2', // second conflict on coach: not reported again
        'A,2023-01-03,2023-06-30,C1,2023-02-06,2',
      ].join('\n'),
    });
    const r = await readCrm(root, entry({ unit: 'contact' }));
    const t = r.data!.trajectories[0];
    expect(t).toMatchObject({ start: dayNumber(2023, 1, 2), coach: 'C1', contactCount: 6, hours: 12 });
    expect(kinds(r.data!.findings)).toEqual(['conflicting-values:A:5:coach', 'conflicting-values:A:7:start']);
    expect(r.data!.findings[0].message).toContain('"C1"');
    expect(r.data!.findings[0].message).toContain('"C2" on line 5');
  });

  it('counts identical contact moments once', async () => {
    const root = project({
      'mapping.yaml': CONTACT_MAPPING,
      'export.csv': 'ID,Start,Einde,Coach,Datum,Duur\nA,2023-01-02,2023-06-30,C1,2023-01-09,2\nA,,,,09/01/2023,2\nA,,,,2023-01-09,3\nA,,,,2023-01-09,2\n',
    });
    const r = await readCrm(root, entry({ unit: 'contact' }));
    const t = r.data!.trajectories[0];
    expect(t.contacts.map((c) => c.line)).toEqual([2, 4]);
    expect([t.hours, t.contactCount]).toEqual([5, 2]);
    expect(kinds(r.data!.findings)).toEqual(['duplicate-contact:A:3:contact_date', 'duplicate-contact:A:5:contact_date']);
    expect(r.data!.findings[1].message).toContain('as the one on line 2');
  });

  it('reads minutes from a header that says so, with a warning, and suspects minutes in an hour column', async () => {
    const minutes = await readCrm(project({
      'mapping.yaml': 'fields: { trajectory: ID, contact_duration: "Duur (min)" }\n',
      'export.csv': 'ID,Duur (min)\nA,90\nA,30\n',
    }), entry({ unit: 'contact' }));
    expect(minutes.data!.trajectories[0].hours).toBe(2);
    expect(minutes.issues).toMatchObject([{ severity: 'warning', code: 'unit-from-header', file: 'mapping.yaml', line: 1 }]);
    const trajectoryMinutes = await readCrm(project({ 'mapping.yaml': 'fields: { trajectory: ID, hours: Minuten coaching }\n', 'export.csv': 'ID,Minuten coaching\nA,3180\n' }), entry());
    expect(trajectoryMinutes.data!.trajectories[0].hours).toBe(53);
    expect(trajectoryMinutes.issues).toMatchObject([{ code: 'unit-from-header', field: 'hours' }]);
    const hoursHeader = await readCrm(project({ 'mapping.yaml': 'fields: { trajectory: ID, contact_duration: Duur in uur }\n', 'export.csv': 'ID,Duur in uur\nA,2\n' }), entry({ unit: 'contact' }));
    expect(hoursHeader.issues).toEqual([]);
    expect(hoursHeader.data!.trajectories[0].hours).toBe(2);
    const suspect = await readCrm(project({
      'mapping.yaml': 'fields: { trajectory: ID, contact_duration: Duur }\n',
      'export.csv': `ID,Duur\n${[90, 120, 60, 45, 2, 180].map((m, i) => `T${i},${m}`).join('\n')}\n`,
    }), entry({ unit: 'contact' }));
    expect(suspect.issues.filter((i) => i.code === 'duration-unit-suspect')).toMatchObject([{ severity: 'warning', message: expect.stringContaining('(5 of 6)') }]);
  });
});

describe('readCrm: findings', () => {
  it('reports every kind of impossible value as a finding, with one warning per kind', async () => {
    const root = project({
      'mapping.yaml': 'fields: { trajectory: ID, start: Start, end: Einde, hours: Uren, type: Type, status: Status, contacts: Aantal, participants: Deelnemers, recipients: Ontvangers, coach: Coach }\nrequired: [trajectory, coach, hours]\n',
      'export.csv': [
        'ID,Start,Einde,Uren,Type,Status,Aantal,Deelnemers,Ontvangers,Coach',
        'T1,2023-03-01,2023-01-31,10,2,afgerond,9,2,2,C1', // end before start
        'T2,2023-01-01,2023-06-30,-5,7,afgerond,-1,2,-2,C1', // negative hours, type 7, two negative counts
        'T1,2023-01-01,2023-06-30,10,2,afgerond,9,2,2,C1', // duplicate trajectory: skipped
        'T3,2023-01-01,2099-06-30,10,type 1,afgerond,9,2,2,', // finished in the future; no coach
        ',2023-01-01,2023-06-30,10,2,afgerond,9,2,2,C1', // no id: skipped
        'T4,2023-01-01,2099-06-30,,1,lopend,9,2,2,C2', // running: a future end is planned; no hours
      ].join('\n'),
    });
    utimesSync(join(root, 'export.csv'), new Date('2023-09-01T12:00:00Z'), new Date('2023-09-01T12:00:00Z'));
    const r = await readCrm(root, entry());
    const d = r.data!;
    expect(d.rows).toBe(6);
    expect(d.trajectories.map((t) => t.id)).toEqual(['T1', 'T2', 'T3', 'T4']);
    expect(d.trajectories[0].hours).toBe(10);
    expect(d.trajectories[1].type).toBe(7);
    expect(kinds(d.findings)).toEqual([
      'end-before-start:T1:2:end',
      'type-out-of-range:T2:3:type',
      'negative-hours:T2:3:hours',
      'negative-count:T2:3:contacts',
      'negative-count:T2:3:recipients',
      'duplicate-trajectory:T1:4:trajectory',
      'missing-value:T3:5:coach',
      'future-date:T3:5:end',
      'missing-value:null:6:trajectory',
      'missing-value:T4:7:hours',
    ]);
    expect(d.findings.find((f) => f.kind === 'duplicate-trajectory')!.message).toContain('first on line 2');
    expect(errorsOf(r.issues)).toEqual([]);
    const summary = r.issues.filter((i) => i.code === 'crm-findings');
    expect(summary.map((i) => [i.field, i.message.split(':')[0]])).toEqual([
      ['end-before-start', '1 × end-before-start'],
      ['type-out-of-range', '1 × type-out-of-range'],
      ['negative-hours', '1 × negative-hours'],
      ['negative-count', '2 × negative-count'],
      ['duplicate-trajectory', '1 × duplicate-trajectory'],
      ['missing-value', '3 × missing-value'],
      ['future-date', '1 × future-date'],
    ]);
    expect(summary.every((i) => i.severity === 'warning' && i.hint === 'run `hefboom crm audit` for the list')).toBe(true);
  });

  it('flags contacts outside the trajectory dates, after the export day and with negative values', async () => {
    const root = project({
      'mapping.yaml': 'fields: { trajectory: ID, start: Start, end: Einde, contact_date: Datum, contact_duration: Duur, contact_participants: Aanwezig, contact_setting: Setting }\nrequired: [trajectory, contact_duration]\n',
      'export.csv': [
        'ID,Start,Einde,Datum,Duur,Aanwezig,Setting',
        'A,2023-01-02,2023-06-30,2022-12-20,2,2,vloer',
        'A,,,2023-03-01,-1,-3,kindvrij',
        'A,,,2023-07-15,,1,vloer',
        'A,,,2023-10-01,1,1,',
      ].join('\n'),
    });
    utimesSync(join(root, 'export.csv'), new Date('2023-09-01T12:00:00Z'), new Date('2023-09-01T12:00:00Z'));
    const r = await readCrm(root, entry({ unit: 'contact' }));
    expect(kinds(r.data!.findings)).toEqual([
      'contact-outside-dates:A:2:contact_date',
      'negative-hours:A:3:contact_duration',
      'negative-count:A:3:contact_participants',
      'missing-value:A:4:contact_duration',
      'contact-outside-dates:A:4:contact_date',
      'contact-outside-dates:A:5:contact_date',
      'future-date:A:5:contact_date',
    ]);
    expect(r.data!.trajectories[0].contacts.map((c) => c.setting)).toEqual(['vloer', 'kindvrij', 'vloer', null]);
  });

  it('shows 20 unreadable cells per column, then one "… and N more" error', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `T${i},morgen,${i}`);
    const root = project({ 'mapping.yaml': TRAJECTORY_MAPPING, 'export.csv': `ID,Start,Uren\n${rows.join('\n')}\n` });
    const r = await readCrm(root, entry());
    const errs = errorsOf(r.issues);
    expect(errs).toHaveLength(MAX_CELL_ERRORS_PER_COLUMN + 1);
    expect(errs[19]).toMatchObject({ line: 21, column: 2 });
    expect(errs[20]).toMatchObject({ column: 2, message: '… and 5 more unreadable cells in column 2 "Start"' });
    // The audit still gets every cell.
    expect(r.data!.findings.filter((f) => f.kind === 'unreadable-value')).toHaveLength(25);
    expect(r.issues.find((i) => i.code === 'crm-findings')!.message).toContain('25 × unreadable-value');
  });
});

describe('readCrm: streaming', () => {
  it('reads a UTF-8 export far larger than one chunk, with CRLF, accents and quoted line breaks', async () => {
    const n = 30_000;
    const lines = ['ID,Locatie,Datum,Duur,Opmerking'];
    for (let i = 0; i < n; i++) {
      const t = `T${Math.floor(i / 9)}`;
      const note = i === 17 ? '"twee\r\nregels"' : 'crèche';
      lines.push(`${t},Crèche Ëlla ${Math.floor(i / 9)},2023-01-${String((i % 9) + 1).padStart(2, '0')},"1,5",${note}`);
    }
    lines.push('T9999999,Crèche,2023-02-30,1,x');
    const text = `\uFEFF${lines.join('\r\n')}\r\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(1_000_000);
    const root = project({
      'mapping.yaml': 'fields: { trajectory: ID, location: Locatie, contact_date: Datum, contact_duration: Duur }\n',
      'export.csv': text,
    });
    const progress: number[] = [];
    const r = await readCrm(root, entry({ unit: 'contact' }), { onProgress: (rows) => progress.push(rows) });
    const d = r.data!;
    expect(d.rows).toBe(n + 1);
    expect(d.trajectories).toHaveLength(Math.ceil(n / 9) + 1);
    expect(d.trajectories[1000]).toMatchObject({ id: 'T1000', location: 'Crèche Ëlla 1000', hours: 13.5, contactCount: 9 });
    expect(d.trajectories.every((t) => !t.location?.includes('\uFFFD'))).toBe(true);
    // The quoted line break on data row 18 shifts every later line by one.
    expect(d.trajectories[2].line).toBe(2 + 18 + 1);
    expect(errorsOf(r.issues)).toMatchObject([{ line: n + 3, column: 3, field: 'contact_date' }]);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBe(n + 1);
  });

  it('names the line of a bad UTF-8 byte deep in the file', async () => {
    const head = Buffer.from(`ID,Locatie\n${Array.from({ length: 20_000 }, (_, i) => `T${i},Crèche`).join('\n')}\n`);
    const bad = Buffer.concat([head, Buffer.from('T20000,Cr'), Buffer.from([0xe8]), Buffer.from('che\n')]);
    const r = await readCrm(project({ 'mapping.yaml': 'fields: { trajectory: ID, location: Locatie }\n', 'export.csv': bad }), entry());
    expect(r.data).toBeUndefined();
    expect(r.issues).toMatchObject([{ code: 'bad-encoding', line: 20_002, column: 10 }]);
  });
});

describe('CSV records', () => {
  it('reads quoted delimiters, lone-CR line endings and tab-separated files', async () => {
    const mapping = 'fields: { trajectory: ID, theme: Thema, coach: Coach }\n';
    const quoted = await readCrm(project({ 'mapping.yaml': mapping, 'export.csv': 'ID;Thema;Coach\nT1;"Taal; spel";C1\nT2;Buiten;C2\n' }), entry());
    expect(quoted.data!.trajectories.map((t) => [t.theme, t.coach, t.line])).toEqual([['Taal; spel', 'C1', 2], ['Buiten', 'C2', 3]]);
    const cr = await readCrm(project({ 'mapping.yaml': mapping, 'export.csv': 'ID,Thema,Coach\rT1,Taal,C1\rT2,Buiten,C2\r' }), entry());
    expect(cr.data!.trajectories.map((t) => [t.id, t.line])).toEqual([['T1', 2], ['T2', 3]]);
    const tsv = await readCrm(project({ 'mapping.yaml': mapping, 'export.tsv': 'ID\tThema\tCoach\nT1\tTaal, spel\tC1\n' }), entry({ path: 'export.tsv' }));
    expect(tsv.data!.trajectories[0].theme).toBe('Taal, spel');
  });

  it('stops on a quoted cell that is never closed, naming the line it starts on', async () => {
    const r = await readCrm(project({ 'mapping.yaml': 'fields: { trajectory: ID, theme: Thema }\n', 'export.csv': 'ID,Thema\nT1,Taal\nT2,"Buiten\nT3,Muziek\n' }), entry());
    expect(r.data).toBeUndefined();
    expect(errorsOf(r.issues)).toMatchObject([{ code: 'csv-syntax', line: 3, message: expect.stringContaining('starts on line 3') }]);
  });
});
