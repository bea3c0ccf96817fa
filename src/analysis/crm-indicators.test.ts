import { describe, expect, it } from 'vitest';
import { trajectory as emptyTrajectory } from './survey.test-helpers.js';
import { describe as describeStats } from '../stats/describe.js';
import type { CrmData, Trajectory } from '../model/crm.js';
import { dayNumber } from '../io/cells.js';
import { proportionWilson } from '../stats/proportion-wilson.js';
import { kruskalWallis } from '../stats/kruskal-wallis.js';
import { baseOf, crmIndicators, DEFAULT_NORMS, groupKeyOf, normBand, normsOf, periodRange, selectByDate } from './crm-indicators.js';

/** The shared empty-default trajectory, with the id among the overrides. */
const trajectory = (over: Partial<Trajectory> & { id: string }): Trajectory => emptyTrajectory(over.id, over);

const day = (iso: string) => dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

describe('describe (as crm indicators use it)', () => {
  it('gives R type-7 quartiles, the n − 1 sd and counts non-finite values as missing', () => {
    // R: quantile(c(1,2,3,4,10), c(.25,.5,.75)) → 2, 3, 4; sd → 3.535534
    const d = describeStats([4, 1, NaN, 10, 3, 2]);
    expect(d).toMatchObject({ n: 5, missing: 1, mean: 4, median: 3, q1: 2, q3: 4, min: 1, max: 10 });
    expect(d.sd).toBeCloseTo(3.535534, 6);
  });
  it('interpolates between order statistics', () => {
    // R: quantile(c(1,2,3,4), .25) = 1.75, median 2.5
    expect(describeStats([1, 2, 3, 4])).toMatchObject({ q1: 1.75, median: 2.5, q3: 3.25 });
  });
  it('is all null without values, sd null with one', () => {
    expect(describeStats([NaN])).toMatchObject({ n: 0, missing: 1, mean: null, median: null });
    expect(describeStats([7])).toMatchObject({ n: 1, mean: 7, sd: null, q1: 7 });
  });
});

describe('norms', () => {
  it('reads the mapping norms with the seed-004 defaults', () => {
    const data = { trajectories: [] } as unknown as CrmData;
    expect(normsOf(data)).toEqual(DEFAULT_NORMS);
    expect(normsOf({ ...data, norms: { hours: 40 } } as unknown as CrmData)).toEqual({ hours: 40, contacts: 9, tolerance: 0.2 });
  });
  it('the band is ±tolerance around the norm, bounds included', () => {
    expect(normBand(53, 0.2)[0]).toBeCloseTo(42.4, 10);
    expect(normBand(53, 0.2)[1]).toBeCloseTo(63.6, 10);
    const ts = [42.4, 63.6, 42.3, 63.7, 53].map((h, i) => trajectory({ id: `T${i}`, hours: h, status: 'afgerond', contactCount: 9 }));
    const r = crmIndicators(ts, { norms: DEFAULT_NORMS });
    expect(r.hours.within).toMatchObject({ count: 3, n: 5 });
    expect(r.hours.below).toBe(1);
    expect(r.hours.above).toBe(1);
    const w = proportionWilson(3, 5);
    expect(r.hours.within.ci).toEqual([w.ci.lower, w.ci.upper]);
  });
});

describe('crmIndicators', () => {
  const ts: Trajectory[] = [
    trajectory({ id: 'A', type: 1, employer: 'E1', coach: 'C1', status: 'afgerond', hours: 50, contactCount: 9, pitstop: true, finalEvaluation: true, location: 'L1', start: day('2022-01-10'), end: day('2022-06-10') }),
    trajectory({ id: 'B', type: 2, employer: 'E1', coach: 'C1', status: 'afgerond', hours: 30, contactCount: 4, pitstop: false, finalEvaluation: null, location: 'L1', start: day('2022-09-01'), end: day('2023-01-31') }),
    trajectory({ id: 'C', type: 2, employer: 'E2', coach: 'C2', status: 'lopend', hours: 10, contactCount: 2, location: 'L2', start: day('2023-02-01') }),
    trajectory({ id: 'D', type: 5, employer: null, coach: 'C2', status: null, statusRaw: 'on hold', hours: 60, contactCount: 10, location: 'L1', start: day('2023-01-15'), end: day('2023-05-01') }),
    trajectory({ id: 'E', type: NaN, employer: 'E2', coach: 'C2', status: 'afgerond', hours: 55, contactCount: 8, pitstop: true, finalEvaluation: false, start: day('2023-03-01'), end: day('2023-02-01') }),
  ];
  const r = crmIndicators(ts, { norms: DEFAULT_NORMS });

  it('counts per type and status in their natural order, missing last, share of all trajectories', () => {
    expect(r.counts.type.map((c) => [c.value, c.count])).toEqual([['1', 1], ['2', 2], ['5', 1], [null, 1]]);
    expect(r.counts.status.map((c) => [c.value, c.count])).toEqual([['lopend', 1], ['afgerond', 3], ['(unrecognised)', 1]]);
    expect(r.counts.employer.map((c) => [c.value, c.count])).toEqual([['E1', 2], ['E2', 2], [null, 1]]);
    expect(r.counts.type[1].share).toMatchObject({ count: 2, n: 5, p: 0.4, method: 'wilson' });
  });
  it('compares afgerond trajectories with the norms and says so', () => {
    expect(r.base).toBe('afgerond');
    expect(r.baseCount).toBe(3);
    expect(r.hours.distribution.n).toBe(3);
    expect(r.hours.within).toMatchObject({ count: 2, n: 3 }); // 50 and 55 in [42.4, 63.6]; 30 below
    expect(r.contacts.within).toMatchObject({ count: 2, n: 3 }); // 9 and 8 in [7.2, 10.8]
  });
  it('uses all trajectories when no status is registered', () => {
    const noStatus = ts.map((t) => ({ ...t, status: null, statusRaw: null }));
    expect(baseOf(noStatus)).toBe('all');
    expect(crmIndicators(noStatus, { norms: DEFAULT_NORMS }).hours.distribution.n).toBe(5);
  });
  it('completion: of afgerond trajectories, unregistered in the denominator', () => {
    expect(r.completion.pitstop).toMatchObject({ done: 2, notDone: 1, unknown: 0, share: { count: 2, n: 3 } });
    expect(r.completion.finalEvaluation).toMatchObject({ done: 1, notDone: 1, unknown: 1, share: { count: 1, n: 3 } });
  });
  it('duration: both dates, end before start left out and counted', () => {
    expect(r.duration.distribution.n).toBe(3); // A, B, D
    expect(r.duration.endBeforeStart).toBe(1); // E
    expect(r.duration.undated).toBe(1); // C
    expect(r.duration.distribution.min).toBe(day('2023-05-01') - day('2023-01-15'));
    expect(r.duration.distribution.max).toBe(day('2023-01-31') - day('2022-09-01'));
  });
  it('gaps: end of one to the start of the next at the same location', () => {
    expect(r.gaps.locations).toBe(1);
    const l1 = r.gaps.perLocation[0];
    expect(l1).toMatchObject({ location: 'L1', trajectories: 3 });
    // A ends 2022-06-10, B starts 2022-09-01; B ends 2023-01-31, D starts 2023-01-15 (overlap)
    expect(l1.gaps).toEqual([day('2022-09-01') - day('2022-06-10'), day('2023-01-15') - day('2023-01-31')]);
    expect(r.gaps.overlapping).toBe(1);
  });
  it('per coach and per employer headlines', () => {
    const c1 = r.coaches.find((g) => g.group === 'C1')!.headline;
    expect(c1).toMatchObject({ trajectories: 2, base: 2, hoursMean: 40, pitstop: { count: 1, n: 2 } });
    expect(r.employers.map((g) => g.group)).toEqual(['E1', 'E2', null]);
  });
  it('employer tests: Kruskal–Wallis from src/stats, skipped with a reason when a group is too small', () => {
    // E1 has two afgerond trajectories with hours; E2 only one → fewer than 2 groups.
    expect(r.employerTests.hours.skipped).toMatch(/fewer than 2 employers/);
    const more = [...ts, trajectory({ id: 'F', employer: 'E2', status: 'afgerond', hours: 52, pitstop: false })];
    const r2 = crmIndicators(more, { norms: DEFAULT_NORMS });
    const kw = kruskalWallis([[50, 30], [55, 52]]);
    expect(r2.employerTests.hours).toMatchObject({ statistic: kw.statistic, p: kw.p, df: 1, groups: ['E1', 'E2'], n: 4 });
    expect(r2.employerTests.pitstop.method).toMatch(/Fisher/); // expected counts far below 5
    expect(r2.employerTests.pitstop.p).toBeGreaterThan(0);
  });
  it('--by a mapped attribute, case-insensitive; unknown names are undefined', () => {
    const withRegion = ts.map((t, i) => ({ ...t, attributes: { Regio: i < 2 ? 'Gent' : 'Antwerpen' } }));
    const key = groupKeyOf('regio', withRegion)!;
    expect(key.name).toBe('Regio');
    const by = crmIndicators(withRegion, { norms: DEFAULT_NORMS, by: key }).by!;
    expect(by.groups.map((g) => [g.group, g.headline.trajectories])).toEqual([['Antwerpen', 3], ['Gent', 2]]);
    expect(groupKeyOf('regoi', withRegion)).toBeUndefined();
    expect(groupKeyOf('location-type', ts)!.name).toBe('location_type');
  });
  it('periods side by side with the change against the previous period, empty periods kept', () => {
    const p = crmIndicators(ts, { norms: DEFAULT_NORMS, period: { kind: 'half-year', date: 'start' } }).periods!;
    expect(p.rows.map((x) => [x.period, x.headline.trajectories])).toEqual([['2022-H1', 1], ['2022-H2', 1], ['2023-H1', 3]]);
    expect(p.rows[0].change).toBeNull();
    expect(p.rows[2].change!.trajectories).toBe(2);
    // 2022-H2: B (30 h, outside) → 0/1; 2023-H1 afgerond: E (55 h, within) → 1/1
    expect(p.rows[2].change!.hoursWithinNorm!.estimate).toBe(1);
    expect(p.rows[2].change!.hoursWithinNorm!.method).toBe('newcombe');
    const byEnd = crmIndicators(ts, { norms: DEFAULT_NORMS, period: { kind: 'year', date: 'end' } }).periods!;
    expect(byEnd.undated).toBe(1);
    expect(byEnd.rows.map((x) => x.period)).toEqual(['2022', '2023']);
  });
  it('periodRange fills the gaps', () => {
    expect(periodRange('2022-Q3', '2023-Q2', 'quarter')).toEqual(['2022-Q3', '2022-Q4', '2023-Q1', '2023-Q2']);
    expect(periodRange('2021', '2023', 'year')).toEqual(['2021', '2022', '2023']);
  });
  it('selectByDate keeps trajectories whose chosen date is in the window', () => {
    const s = selectByDate(ts, 'end', { since: day('2023-01-01') });
    expect(s.kept.map((t) => t.id)).toEqual(['B', 'D', 'E']);
    expect(s.excluded).toBe(2);
    expect(selectByDate(ts, 'start', {}).kept).toHaveLength(5);
  });
});
