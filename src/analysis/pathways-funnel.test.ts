import { describe, expect, it } from 'vitest';
import { groupPersons, GroupingError } from './pathways-groups.js';
import { pathwaysFunnel } from './pathways-funnel.js';
import { pathwaysReasons } from './pathways-reasons.js';
import { pathwaysProfile } from './pathways-profile.js';
import { testRegister, type PersonSpec } from './pathways.test-helpers.js';
import { proportionWilson } from '../stats/proportion-wilson.js';

// Ten people, two partnerships. Hand count per required phase (toeleiding, infosessie, intake,
// opleiding, kwalificatie, uitstroom):
//  p1–p3 qualified and flowed out; p4 qualified only; p5 left during training; p6 still in training;
//  p7 left after intake (non-entry); p8 no show after the info session (exit without phase);
//  p9 only referred, still in progress; p10 has an opleiding date but no intake/info dates (implied).
const people: PersonSpec[] = [
  { id: 'p1', partnership: 'Gent', phases: { toeleiding: '2021-05-01', infosessie: '2021-05-20', intake: '2021-06-10', opleiding: '2021-09-01', kwalificatie: '2022-08-30', uitstroom: '2022-10-01' } },
  { id: 'p2', partnership: 'Gent', phases: { toeleiding: '2021-05-03', infosessie: '2021-05-20', intake: '2021-06-11', inleefstage: '2021-06-20', opleiding: '2021-09-01', kwalificatie: '2022-08-30', uitstroom: '2022-11-01' } },
  { id: 'p3', partnership: 'Gent', phases: { toeleiding: '2021-05-04', infosessie: '2021-05-20', intake: '2021-06-12', voortraject: '2021-07-01', opleiding: '2021-09-01', kwalificatie: '2022-12-20', uitstroom: '2023-01-15' } },
  { id: 'p4', partnership: 'Gent', phases: { toeleiding: '2021-05-05', infosessie: '2021-05-20', intake: '2021-06-13', opleiding: '2021-09-01', kwalificatie: '2022-08-30' } },
  { id: 'p5', partnership: 'Antwerpen', phases: { toeleiding: '2021-05-06', infosessie: '2021-05-21', intake: '2021-06-14', opleiding: '2021-09-01' }, exit: { phase: 'opleiding', date: '2022-01-10', initiative: 'advised', kind: 'definitive', reasons: ['gezondheid', 'combinatie-gezin'] } },
  { id: 'p6', partnership: 'Antwerpen', phases: { toeleiding: '2021-05-07', infosessie: '2021-05-21', intake: '2021-06-15', inleefstage: '2021-06-25', opleiding: '2021-09-01' } },
  { id: 'p7', partnership: 'Antwerpen', phases: { toeleiding: '2021-05-08', infosessie: '2021-05-21', intake: '2021-06-16' }, exit: { phase: 'intake', date: '2021-06-16', initiative: 'own', kind: 'definitive', reasons: ['taal-te-laag'] } },
  { id: 'p8', partnership: 'Antwerpen', phases: { toeleiding: '2021-05-09', infosessie: '2021-05-21' }, exit: { date: '2021-06-01', kind: 'pause' } },
  { id: 'p9', partnership: 'Antwerpen', phases: { toeleiding: '2021-05-10' } },
  { id: 'p10', partnership: 'Gent', phases: { toeleiding: '2021-05-11', opleiding: '2021-09-01' }, exit: { phase: 'opleiding', date: '2022-03-01', initiative: 'own', kind: 'definitive', reasons: ['combinatie-gezin', 'verkeerde-verwachtingen', 'gezondheid'] } },
];
const reg = testRegister(people);

describe('pathwaysFunnel', () => {
  const all = pathwaysFunnel(reg, groupPersons(reg, undefined)).groups[0];
  const step = (id: string) => all.steps.find((s) => s.phase === id)!;

  it('counts people reaching each required phase, dated or implied by a later phase (hand count)', () => {
    expect(all.base).toBe(10);
    expect(all.steps.map((s) => [s.phase, s.reached, s.dated, s.implied])).toEqual([
      ['toeleiding', 10, 10, 0],
      ['infosessie', 9, 8, 1],
      ['intake', 8, 7, 1],
      ['opleiding', 7, 7, 0],
      ['kwalificatie', 4, 4, 0],
      ['uitstroom', 3, 3, 0],
    ]);
  });

  it('gives step conversions with Wilson intervals over the previous phase', () => {
    const s = step('opleiding');
    expect(s.fromPrevious!.count).toBe(7);
    expect(s.fromPrevious!.n).toBe(8);
    const w = proportionWilson(7, 8);
    expect(s.fromPrevious!.ci![0]).toBeCloseTo(w.ci.lower, 12);
    // 7/8 with a Wilson 95 % interval: 0.5291 to 0.9776 (Newcombe 1998, method 3; R prop.test(7, 8, correct = FALSE)).
    expect(s.fromPrevious!.ci![0]).toBeCloseTo(0.5291, 4);
    expect(s.fromPrevious!.ci![1]).toBeCloseTo(0.9776, 4);
    expect(step('toeleiding').fromPrevious).toBeNull();
  });

  it('splits the people who stop at a phase into left and still in progress', () => {
    expect(all.steps.map((s) => [s.phase, s.left, s.inProgress])).toEqual([
      ['toeleiding', 0, 1], // p9
      ['infosessie', 1, 0], // p8
      ['intake', 1, 0], // p7
      ['opleiding', 2, 1], // p5, p10 left; p6 in progress
      ['kwalificatie', 0, 1], // p4 has not flowed out yet
      ['uitstroom', 0, 0],
    ]);
  });

  it('reports optional phases as taking part among those reaching the next required phase', () => {
    expect(all.optional.map((o) => [o.phase, o.tookPart, o.before, o.ofNext?.count, o.ofNext?.n])).toEqual([
      ['inleefstage', 2, 'opleiding', 2, 7],
      ['voortraject', 1, 'opleiding', 1, 7],
      ['nazorg', 0, 'uitstroom', 0, 3],
    ]);
  });

  it('splits exits by phase, initiative, type and stage', () => {
    expect(all.exits).toBe(4);
    expect(all.exitSplit.byPhase).toEqual([{ phase: 'infosessie', count: 1 }, { phase: 'intake', count: 1 }, { phase: 'opleiding', count: 2 }]);
    expect(all.exitSplit.initiative).toEqual({ own: 2, advised: 1, unknown: 1 });
    expect(all.exitSplit.kind).toEqual({ pause: 1, definitive: 3, unknown: 0 });
    expect(all.exitSplit.stage).toEqual({ beforeStart: 2, during: 2, after: 0 });
  });

  it('splits the outcomes of the qualified, with the unknown ones apart', () => {
    const withOutcomes = testRegister([
      { id: 'q1', phases: { toeleiding: '2021-01-01', kwalificatie: '2022-06-30' }, outcome: 'job-kinderopvang' },
      { id: 'q2', phases: { toeleiding: '2021-01-01', uitstroom: '2022-09-01' }, outcome: 'verder-studeren' },
      { id: 'q3', phases: { toeleiding: '2021-01-01', kwalificatie: '2022-06-30' } },
      { id: 'n1', phases: { toeleiding: '2021-01-01' }, outcome: 'nog-niet' },
    ]);
    const o = pathwaysFunnel(withOutcomes, groupPersons(withOutcomes, undefined)).groups[0].outcomes;
    // q2 reached outflow, so qualified by implication; n1 never qualified and is not counted.
    expect([o.known, o.unknown]).toEqual([2, 1]);
    expect(o.outcomes.map((x) => [x.outcome, x.share.count, x.share.n])).toEqual([
      ['job-kinderopvang', 1, 2], ['job-andere-sector', 0, 2], ['verder-studeren', 1, 2], ['nog-niet', 0, 2],
    ]);
  });

  it('groups by partnership in natural order', () => {
    const r = pathwaysFunnel(reg, groupPersons(reg, 'partnership'));
    expect(r.groups.map((g) => [g.group, g.base, g.steps[3].reached])).toEqual([['Antwerpen', 5, 2], ['Gent', 5, 5]]);
  });

  it('rejects an unknown --by with the closest key', () => {
    expect(() => groupPersons(reg, 'partnershp')).toThrow(GroupingError);
    try { groupPersons(reg, 'partnershp'); } catch (e) { expect((e as GroupingError).hint).toContain('did you mean "partnership"'); }
  });
});

describe('pathwaysReasons', () => {
  const r = pathwaysReasons(reg, groupPersons(reg, undefined)).groups[0];

  it('counts persons and mentions of multi-label reasons (hand count)', () => {
    expect([r.exits, r.withReason, r.withoutReason, r.mentions]).toEqual([4, 3, 1, 6]);
    expect(r.rows.map((x) => [x.reason, x.persons, x.share.n, x.beforeStart, x.during])).toEqual([
      ['combinatie-gezin', 2, 3, 0, 2],
      ['gezondheid', 2, 3, 0, 2],
      ['taal-te-laag', 1, 3, 1, 0],
      ['verkeerde-verwachtingen', 1, 3, 0, 1],
    ]);
  });

  it('counts pairs of reasons given by the same person', () => {
    expect(r.pairs).toEqual([
      { a: 'gezondheid', b: 'combinatie-gezin', persons: 2 },
      { a: 'combinatie-gezin', b: 'verkeerde-verwachtingen', persons: 1 },
      { a: 'gezondheid', b: 'verkeerde-verwachtingen', persons: 1 },
    ]);
  });
});

describe('pathwaysProfile', () => {
  const withProfile = testRegister([
    ...Array.from({ length: 30 }, (_, i) => ({ id: `a${i}`, partnership: 'A', profile: { education: i < 20 ? 'laag' : 'midden', age: 20 + i } })),
    ...Array.from({ length: 30 }, (_, i) => ({ id: `b${i}`, partnership: 'B', profile: { education: i < 10 ? 'laag' : i < 28 ? 'midden' : null, age: 30 + i } })),
  ], { numbers: ['age'] });
  const r = pathwaysProfile(withProfile, groupPersons(withProfile, 'partnership'));
  const edu = r.variables.find((v) => v.field === 'education')!;
  const age = r.variables.find((v) => v.field === 'age')!;

  it('reports denominators and missing counts per group and in total', () => {
    if (edu.kind !== 'category') throw new Error('category expected');
    expect(edu.levels).toEqual(['laag', 'midden']);
    expect(edu.cells.map((c) => [c.group, c.denominator, c.missing, c.levels.map((l) => l.count)])).toEqual([
      ['A', 30, 0, [20, 10]], ['B', 28, 2, [10, 18]], ['totaal', 58, 2, [30, 28]],
    ]);
    expect(edu.cells[1].levels[0].p).toBeCloseTo(10 / 28, 12);
    expect(r.notMapped).toContain('sex');
  });

  it('tests education across partnerships with Pearson χ² when expected counts allow', () => {
    // [[20, 10], [10, 18]]: expected 15.517/14.483/14.483/13.517, X² = 4.4828² × Σ 1/E = 5.5567, df 1,
    // p = erfc(√(X²/2)) = 0.01841 (by hand; R: chisq.test(matrix(c(20,10,10,18), 2), correct = FALSE)).
    expect(edu.test!.name).toBe('chi-square');
    expect(edu.test!.statistic!).toBeCloseTo(5.5567, 3);
    expect(edu.test!.p).toBeCloseTo(0.01841, 4);
  });

  it('describes numbers with mean and SD and tests them with Kruskal–Wallis', () => {
    if (age.kind !== 'number') throw new Error('number expected');
    expect(age.cells.map((c) => [c.group, c.n, c.mean])).toEqual([['A', 30, 34.5], ['B', 30, 44.5], ['totaal', 60, 39.5]]);
    // SD of 30 consecutive integers: √(30·31/12) = 8.8034.
    expect(age.cells[0].sd!).toBeCloseTo(8.8034, 4);
    expect(age.test!.name).toBe('kruskal-wallis');
    expect(age.test!.p).toBeLessThan(0.001);
  });

  it('withholds small counts when asked, keeping denominators', () => {
    const s = pathwaysProfile(withProfile, groupPersons(withProfile, 'partnership'), { suppressBelow: 15 });
    const e = s.variables.find((v) => v.field === 'education')!;
    if (e.kind !== 'category') throw new Error('category expected');
    expect(e.cells[0].levels.map((l) => l.count)).toEqual([20, null]);
    expect(e.cells[0].denominator).toBe(30);
  });

  it('lists a category in the order the mapping declares, values outside it after them', () => {
    const reg = testRegister([
      { id: 'a', profile: { labour_status: 'werkzoekend' } }, { id: 'b', profile: { labour_status: 'leefloon' } },
      { id: 'c', profile: { labour_status: 'anders' } }, { id: 'd', profile: { labour_status: 'inactief' } },
    ]);
    const col = reg.profile.labour_status!;
    if (col.kind !== 'category') throw new Error('category expected');
    const order = (levels?: string[]) => {
      col.levels = levels;
      const v = pathwaysProfile(reg, groupPersons(reg, undefined)).variables.find((x) => x.field === 'labour_status')!;
      return v.kind === 'category' ? v.levels : [];
    };
    expect(order()).toEqual(['anders', 'inactief', 'leefloon', 'werkzoekend']);
    expect(order(['werkzoekend', 'inactief', 'leefloon'])).toEqual(['werkzoekend', 'inactief', 'leefloon', 'anders']);
  });
});
