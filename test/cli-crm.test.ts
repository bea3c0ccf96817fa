/** `hefboom crm indicators|audit` on the fixture with planted defects (fixtures/crm-audit/PLANTED.md). */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hefboom, json, repoRoot } from './run-cli.js';

const fixture = join(repoRoot, 'fixtures', 'crm-audit');
const exportFile = 'data/crm-contactmomenten.csv';
let tmp: string;
/** A copy of the fixture with the unreadable date corrected, so `indicators` can run on it. */
let readable: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hefboom-crm-'));
  readable = join(tmp, 'readable');
  cpSync(fixture, readable, { recursive: true });
  const f = join(readable, exportFile);
  writeFileSync(f, readFileSync(f, 'utf8').replace('15 maart 2022', '15/03/2022'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('crm audit on the planted fixture', () => {
  it('finds every planted defect by kind, trajectory and line, and nothing else', () => {
    const r = hefboom(['crm', 'audit', '-p', fixture, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json(r);
    const found = j.findings.map((f: { kind: string; trajectory: string; line: number; field: string | null }) => [f.kind, f.trajectory, f.line, f.field]);
    expect(found).toEqual([
      ['unreadable-value', 'T02', 14, 'contact_date'],
      ['missing-value', 'T05', 38, 'coach'],
      ['missing-value', 'T08', 63, 'type'],
      ['end-before-start', 'T11', 90, 'end'],
      ['negative-hours', 'T14', 115, 'hours'],
      ['type-out-of-range', 'T17', 143, 'type'],
      ['duplicate-contact', 'T20', 172, 'contact_date'],
      ['contact-outside-dates', 'T23', 199, 'contact_date'],
      ['conflicting-values', 'T26', 207, 'employer'],
    ]);
    // The 15-minute coach, and only that coach.
    expect(j.consistency.coaches.filter((c: { flag: string | null }) => c.flag !== null).map((c: { coach: string; flag: string }) => [c.coach, c.flag])).toEqual([['C06', 'short']]);
    expect(j.consistency.coaches.find((c: { coach: string }) => c.coach === 'C06').median).toBeCloseTo(0.25, 10);
    expect(j.consistency.hoursWithoutContacts).toEqual([]);
    expect(j.consistency.contactsWithoutHours).toEqual([]);
  });

  it('JSON keys, completeness with denominators, score per employer', () => {
    const j = json(hefboom(['crm', 'audit', '-p', fixture, '--format', 'json']));
    expect(Object.keys(j)).toEqual(['hefboom', 'command', 'file', 'unit', 'rows', 'trajectories', 'contacts', 'required', 'completeness', 'coaches', 'employers', 'findings', 'findingCounts', 'consistency', 'scores', 'check', 'notes', 'provenance']);
    expect(j.command).toBe('crm audit');
    expect(j).toMatchObject({ rows: 237, trajectories: 30, contacts: 236 });
    const field = (f: string) => j.completeness.find((c: { field: string }) => c.field === f);
    expect(field('coach').share).toMatchObject({ count: 29, n: 30, method: 'wilson' });
    expect(field('end').share).toMatchObject({ count: 26, n: 26 }); // 4 running trajectories need no end
    expect(field('contact_date')).toMatchObject({ unit: 'contact', share: { count: 235, n: 236 } });
    expect(j.findingCounts).toMatchObject({ 'missing-value': 2, 'unreadable-value': 1, 'duplicate-trajectory': 0 });
    // Org C: T11, T14, T23 carry an error finding (3 of 7), all required fields filled in.
    const orgC = j.scores.find((s: { employer: string }) => s.employer === 'Org C');
    expect(orgC).toMatchObject({ trajectories: 7, completeness: 1, impossible: { count: 3, n: 7 }, score: 57.1 });
    expect(j.check).toMatchObject({ errorFindings: 7, failed: true, minCompleteness: null });
  });

  it('the table lists findings with line and trajectory, and never a name or free text', () => {
    const r = hefboom(['crm', 'audit', '-p', fixture, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n\s+14\s+unreadable-value\s+T02\s+contact_date\s+15 maart 2022/);
    expect(r.stdout).toMatch(/\n\s+207\s+conflicting-values\s+T26\s+employer\s+—/);
    expect(r.stdout).toContain('Score = 100 × C × (1 − I)');
  });

  it('--check exits 1 and lists the error findings on stderr; --max-findings limits the list', () => {
    const r = hefboom(['crm', 'audit', '-p', fixture, '--check', '--max-findings', '2', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${exportFile}:14: unreadable-value [contact_date] trajectory T02`);
    expect(r.stderr).toContain(`${exportFile}:90: end-before-start [end] trajectory T11`);
    expect(r.stderr).not.toContain(':115:');
    expect(r.stderr).toContain('… and 5 more findings');
    expect(r.stdout).toContain('7 of 9 findings not shown');
  });

  it('--min-completeness names the required fields below the threshold', () => {
    const r = hefboom(['crm', 'audit', '-p', fixture, '--check', '--min-completeness', '97%', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(json(r).check).toMatchObject({ belowCompleteness: ['coach', 'type'], minCompleteness: 0.97 });
    expect(r.stderr).toContain('completeness of coach: 29/30');
    expect(json(hefboom(['crm', 'audit', '-p', fixture, '--min-completeness', '0.95', '--format', 'json'])).check.belowCompleteness).toEqual([]);
  });

  it('a mapping naming a column the export lacks still stops the audit (exit 2)', () => {
    const broken = join(tmp, 'broken');
    cpSync(fixture, broken, { recursive: true });
    const m = join(broken, 'crm-mapping.yaml');
    writeFileSync(m, readFileSync(m, 'utf8').replace('coach: Coach', 'coach: Coachnaam'));
    const r = hefboom(['crm', 'audit', '-p', broken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"Coachnaam" \(coach; closest: "Coach"\)/);
    expect(r.stdout).toBe('');
  });
});

describe('crm indicators', () => {
  it('stops on the unreadable cell (exit 2), naming file, line, column and the fix', () => {
    const r = hefboom(['crm', 'indicators', '-p', fixture]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${exportFile}:14:14: error [contact_date]`);
    expect(r.stderr).toContain('15 maart 2022');
    expect(r.stderr).toMatch(/hint: write dates as/);
    expect(r.stdout).toBe('');
  });

  it('counts by type and status, hours and contacts within the norm, completion of afgerond trajectories', () => {
    const r = hefboom(['crm', 'indicators', '-p', readable, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json(r);
    expect(j.command).toBe('crm indicators');
    expect(Object.keys(j)).toEqual(['hefboom', 'command', 'file', 'unit', 'trajectories', 'selection', 'norms', 'base', 'baseCount', 'suppressBelow', 'section',
      'counts', 'hours', 'contacts', 'completion', 'duration', 'gaps', 'coaches', 'employers', 'employerTests', 'by', 'periods', 'total', 'notes', 'provenance']);
    expect(j.counts.type.map((c: { value: string | null; count: number }) => [c.value, c.count])).toEqual([['1', 6], ['2', 17], ['3', 3], ['4', 2], ['5', 1], [null, 1]]);
    expect(j.counts.status.map((c: { value: string; count: number }) => [c.value, c.count])).toEqual([['lopend', 4], ['afgerond', 25], ['gestopt', 1]]);
    expect(j.counts.type[1].share).toMatchObject({ count: 17, n: 30, method: 'wilson' });
    expect(j).toMatchObject({ base: 'afgerond', baseCount: 25, norms: { hours: 53, contacts: 9, tolerance: 0.2 } });
    expect(j.hours.within).toMatchObject({ count: 20, n: 25, p: 0.8 });
    expect(j.hours.within.ci[0]).toBeCloseTo(0.6087, 3); // R: prop.test(20, 25, correct = FALSE)$conf.int
    expect(j.hours).toMatchObject({ below: 3, above: 2 });
    expect(j.contacts.within).toMatchObject({ count: 24, n: 25 });
    expect(j.completion.pitstop.share).toMatchObject({ count: 22, n: 25 });
    expect(j.completion.finalEvaluation).toMatchObject({ done: 20, unknown: 1, share: { count: 20, n: 25 } });
    expect(j.duration.endBeforeStart).toBe(1);
    expect(j.employerTests.hours.method).toMatch(/Kruskal–Wallis/);
    expect(j.employerTests.hours.groups).toHaveLength(4);
    expect(j.by).toBeNull();
    expect(j.periods).toBeNull();
  });

  it('the table states the unit, the base and the norm band', () => {
    const r = hefboom(['crm', 'indicators', '-p', readable, '--lang', 'en', '--section', 'norms']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/coaching hours\s+53\s+42\.4–63\.6\s+25/);
    expect(r.stdout).toContain('20/25');
    expect(r.stdout).toContain('Base: completed (afgerond) trajectories (25 of 30)');
    expect(r.stdout).not.toContain('Trajectories by type');
  });

  it('--section keeps one section; --by and --period add breakdowns with change', () => {
    const only = json(hefboom(['crm', 'indicators', '-p', readable, '--section', 'completion', '--format', 'json']));
    expect(only.completion).toBeDefined();
    expect(only.counts).toBeUndefined();
    expect(only.coaches).toBeUndefined();

    const j = json(hefboom(['crm', 'indicators', '-p', readable, '--by', 'regio', '--period', 'half-year', '--format', 'json']));
    expect(j.by.attribute).toBe('Regio');
    expect(j.by.groups.map((g: { group: string; trajectories: number }) => [g.group, g.trajectories])).toEqual([['Gent', 13], ['Antwerpen', 10], ['Brugge', 7]]);
    expect(j.periods.rows.map((p: { period: string; trajectories: number }) => [p.period, p.trajectories])).toEqual([['2022-H1', 14], ['2022-H2', 9], ['2023-H1', 7]]);
    expect(j.periods.rows[0].change).toBeNull();
    expect(j.periods.rows[1].change.trajectories).toBe(-5);
    expect(j.periods.rows[1].change.hoursWithinNorm.method).toBe('newcombe');
  });

  it('--since/--until on the chosen date', () => {
    const j = json(hefboom(['crm', 'indicators', '-p', readable, '--date', 'end', '--since', '01/01/2023', '--format', 'json']));
    // Ends in 2023: T09, T15, T16, T17, T18, T19, T20, T21, T23, T26, T29; running trajectories have no end.
    expect(j.trajectories).toBe(11);
    expect(j.selection).toEqual({ date: 'end', since: '2023-01-01', until: null, excluded: 19 });
  });

  it('--suppress-below hides small groups and small numerators in breakdowns, never the totals', () => {
    const j = json(hefboom(['crm', 'indicators', '-p', readable, '--suppress-below', '5', '--format', 'json']));
    const c06 = j.coaches.find((c: { group: string }) => c.group === 'C06');
    expect(c06).toMatchObject({ trajectories: '<5', suppressed: true });
    expect(JSON.stringify(c06)).not.toContain('hoursMean');
    const c01 = j.coaches.find((c: { group: string }) => c.group === 'C01');
    expect(c01.trajectories).toBe(6);
    expect(c01.pitstop).toMatchObject({ count: 5, n: 5 }); // 5 done, 0 not done: nothing below 5 to hide
    // C02: 5 trajectories, 4 of them afgerond, all 4 within the norm: the numerator 4 is hidden.
    const c02 = j.coaches.find((c: { group: string }) => c.group === 'C02');
    expect(c02.hoursWithinNorm).toMatchObject({ count: null, n: 4, p: null, suppressed: true });
    expect(j.counts.type.find((c: { value: string }) => c.value === '3').count).toBe('<5');
    expect(j.total.trajectories).toBe(30);
    expect(j.hours.within.count).toBe(20);
  });

  const badFlags: [string[], RegExp][] = [
    [['--period', 'month'], /unknown --period "month"[\s\S]*year, half-year, quarter/],
    [['--by', 'regoi'], /unknown --by "regoi"[\s\S]*did you mean "Regio"/],
    [['--since', '31/02/2023'], /--since expects a date/],
    [['--section', 'norm'], /did you mean "norms"/],
    [['--date', 'middle'], /unknown --date "middle"/],
    [['--suppress-below', '-1'], /--suppress-below expects a whole number/],
    [['--format', 'xml'], /unknown --format "xml"/],
    [['--section', 'by'], /--section by needs --by/],
  ];

  it.each(badFlags.map(([args, message]) => [args.join(' '), args, message] as const))('bad flag %s exits 2 with a hint', (_name, args, message) => {
    const r = hefboom(['crm', 'indicators', '-p', readable, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a bad --min-completeness exits 2 with a hint', () => {
    const a = hefboom(['crm', 'audit', '-p', fixture, '--min-completeness', '2x']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--min-completeness expects a share/);
  });

  it('a project without `crm:` exits 2 saying how to add one', () => {
    const empty = join(tmp, 'empty');
    cpSync(fixture, empty, { recursive: true });
    writeFileSync(join(empty, 'hefboom.yaml'), 'name: leeg\n');
    const r = hefboom(['crm', 'indicators', '-p', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lists no `crm:` exports[\s\S]*hint: add a `crm:` entry/);
  });
});
