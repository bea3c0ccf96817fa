import { describe, expect, it } from 'vitest';
import { groupPersons } from './pathways-groups.js';
import { MONTH_DAYS, pathwaysSurvival } from './pathways-survival.js';
import { testRegister, type PersonSpec } from './pathways.test-helpers.js';
import { logRank } from '../stats/log-rank.js';

const start = '2021-09-01';
const base = { toeleiding: '2021-05-01', infosessie: '2021-05-20', intake: '2021-06-10', opleiding: start };
// Days after 2021-09-01: 61 → 2021-11-01, 122 → 2022-01-01, 365 → 2022-09-01, 800 → 2023-11-10.
const people: PersonSpec[] = [
  { id: 'a', attributes: { variant: 'standaard' }, phases: base, exit: { phase: 'opleiding', date: '2021-11-01', kind: 'definitive' } },
  { id: 'b', attributes: { variant: 'standaard' }, phases: { ...base, kwalificatie: '2022-09-01' } },
  { id: 'c', attributes: { variant: 'verlengd' }, phases: base, exit: { phase: 'opleiding', date: '2022-01-01', kind: 'pause' } },
  { id: 'd', attributes: { variant: 'verlengd' }, phases: base },
  { id: 'e', attributes: { variant: 'verlengd' }, phases: { toeleiding: '2021-05-01' }, exit: { phase: 'toeleiding', date: '2021-05-02', kind: 'definitive' } },
];
const reg = testRegister(people, { dataEnd: '2023-11-10' });

describe('pathwaysSurvival', () => {
  const r = pathwaysSurvival(reg, groupPersons(reg, undefined));
  const all = r.groups[0];

  it('follows starters only: a dropout is an event, qualification, a pause and the data end censor (hand count)', () => {
    expect(all.n).toBe(4);
    expect(all.events).toBe(1);
    // One event at 61 days among 4 at risk: S = 3/4 after 61/30.4375 = 2.004 months.
    expect(all.curve).toHaveLength(1);
    expect(all.curve[0].time).toBeCloseTo(61 / MONTH_DAYS, 10);
    expect(all.curve[0].nRisk).toBe(4);
    expect(all.curve[0].survival).toBeCloseTo(0.75, 12);
    expect(all.median.time).toBeNull();
    expect(all.dropoutBy12).toBeCloseTo(0.25, 12);
  });

  it('gives the shares qualified within 18 and 24 months among starters followed that long', () => {
    // Every start lies 800 days before the data end (> 548 and > 730.5 days); b qualified after 365 days.
    expect([all.within3Semesters.count, all.within3Semesters.n]).toEqual([1, 4]);
    expect([all.within2Years.count, all.within2Years.n]).toEqual([1, 4]);
  });

  it('compares groups with the log-rank test on the same times', () => {
    const byVariant = pathwaysSurvival(reg, groupPersons(reg, 'variant'));
    expect(byVariant.groups.map((x) => [x.group, x.n, x.events])).toEqual([['standaard', 2, 1], ['verlengd', 2, 0]]);
    const direct = logRank([61, 365, 122, 800].map((d) => d / MONTH_DAYS), [1, 0, 0, 0], ['standaard', 'standaard', 'verlengd', 'verlengd']);
    expect(byVariant.logRank!.chiSquare).toBeCloseTo(direct.chiSquare, 12);
    // By hand: at 2.004 months 4 at risk (2 per group), 1 event: E_standaard = 0.5, V = 2·2·1·3/(16·3) = 0.25,
    // χ² = (1 − 0.5)² / 0.25 = 1.
    expect(byVariant.logRank!.chiSquare).toBeCloseTo(1, 12);
    expect(byVariant.logRank!.df).toBe(1);
  });
});

describe('pathwaysSurvival with its own phase list', () => {
  it('censors at the phase the mapping marks as the qualification, whatever its id', () => {
    const phases = [
      { id: 'aanmelding', label: { nl: 'Aanmelding', en: 'Sign-up' }, optional: false },
      { id: 'start', label: { nl: 'Start', en: 'Start' }, optional: false },
      { id: 'attest', label: { nl: 'Attest', en: 'Certificate' }, optional: false },
    ];
    const own = testRegister([
      { id: 'a', phases: { aanmelding: '2021-06-01', start }, exit: { phase: 'start', date: '2021-11-01', kind: 'definitive' } },
      { id: 'b', phases: { aanmelding: '2021-06-01', start, attest: '2022-09-01' } },
      // Left after the certificate: not a dropout.
      { id: 'c', phases: { aanmelding: '2021-06-01', start, attest: '2022-03-01' }, exit: { phase: 'attest', date: '2022-05-01', kind: 'definitive' } },
    ], { dataEnd: '2023-11-10', phases });
    own.startPhase = 1;
    own.qualificationPhase = 2;
    const g = pathwaysSurvival(own, groupPersons(own, undefined)).groups[0];
    expect([g.n, g.events]).toEqual([3, 1]);
    expect([g.within3Semesters.count, g.within3Semesters.n]).toEqual([2, 3]);
  });
});
