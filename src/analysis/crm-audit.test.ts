import { describe, expect, it } from 'vitest';
import { trajectory as emptyTrajectory } from './survey.test-helpers.js';
import type { ContactMoment, CrmData, CrmFinding, Trajectory } from '../model/crm.js';
import { crmAudit } from './crm-audit.js';

/** The shared empty-default trajectory, with the id among the overrides. */
const trajectory = (over: Partial<Trajectory> & { id: string }): Trajectory => emptyTrajectory(over.id, over);

const contact = (line: number, date: number, minutes: number): ContactMoment => ({ date, hours: minutes / 60, setting: 'vloer', participants: 2, line });

function data(ts: Trajectory[], findings: CrmFinding[] = [], over: Partial<CrmData> = {}): CrmData {
  return {
    file: 'export.csv', unit: 'contact', trajectories: ts, rows: ts.reduce((s, t) => s + Math.max(1, t.contacts.length), 0), findings,
    mapped: ['trajectory', 'employer', 'coach', 'type', 'start', 'end', 'hours', 'status', 'contact_date', 'contact_duration'],
    required: ['trajectory', 'employer', 'coach', 'type', 'start', 'end', 'hours', 'status'],
    ...over,
  };
}

/** A complete, plausible trajectory: 3 contacts of `minutes` inside its dates. */
function good(id: string, line: number, over: Partial<Trajectory> = {}, minutes = 150): Trajectory {
  const start = 19000;
  return trajectory({
    id, line, employer: 'E1', coach: 'C1', type: 2, start, end: start + 150, hours: 50, status: 'afgerond', statusRaw: 'Afgerond',
    contacts: [contact(line, start + 10, minutes), contact(line + 1, start + 30, minutes + 10), contact(line + 2, start + 50, minutes - 10)],
    contactCount: 3,
    ...over,
  });
}

describe('crmAudit completeness', () => {
  it('measures every mapped field, end only for trajectories no longer running, contact fields per contact', () => {
    const ts = [good('A', 2), good('B', 5, { coach: null }), good('C', 8, { status: 'lopend', statusRaw: 'Lopend', end: NaN })];
    const r = crmAudit(data(ts));
    const byField = Object.fromEntries(r.completeness.map((c) => [c.field, c]));
    expect(byField.coach.share).toMatchObject({ count: 2, n: 3 });
    expect(byField.end.share).toMatchObject({ count: 2, n: 2 }); // C is running: no end expected
    expect(byField.contact_date).toMatchObject({ unit: 'contact', required: false, share: { count: 9, n: 9 } });
    expect(r.completeness.slice(0, r.required.length).every((c) => c.required)).toBe(true);
  });
  it('per coach and employer: share complete and the field most often missing', () => {
    const ts = [good('A', 2), good('B', 5, { type: NaN }), good('C', 8, { type: NaN, hours: NaN }), good('D', 11, { employer: 'E2' })];
    const r = crmAudit(data(ts));
    const e1 = r.employers.find((e) => e.group === 'E1')!;
    expect(e1.complete).toMatchObject({ count: 1, n: 3 });
    expect(e1.mostMissing).toEqual({ field: 'type', count: 2 });
    expect(r.employers.find((e) => e.group === 'E2')!.mostMissing).toBeNull();
  });
  it('--min-completeness fails the check for required fields below the share', () => {
    const ts = [good('A', 2), good('B', 5, { coach: null })];
    expect(crmAudit(data(ts), { minCompleteness: 0.9 }).check).toMatchObject({ failed: true, belowCompleteness: ['coach'], errorFindings: 0 });
    expect(crmAudit(data(ts), { minCompleteness: 0.5 }).check.failed).toBe(false);
  });
});

describe('crmAudit findings', () => {
  it('derives impossible values the reader did not report, with trajectory and line', () => {
    const ts = [
      good('A', 2, { end: 19000 - 5 }),
      good('B', 5, { hours: -3 }),
      good('C', 8, { type: 7 }),
      good('D', 11, { contacts: [contact(11, 19000 + 200, 150), contact(12, 19000 + 20, 150), contact(13, 19000 + 20, 150)] }),
      good('E', 14, { coach: null }),
    ];
    const r = crmAudit(data(ts));
    expect(r.findings.map((f) => [f.kind, f.trajectory, f.line])).toEqual([
      ['end-before-start', 'A', 2],
      ['negative-hours', 'B', 5],
      ['type-out-of-range', 'C', 8],
      ['contact-outside-dates', 'D', 11],
      ['duplicate-contact', 'D', 13],
      ['missing-value', 'E', 14],
    ]);
    expect(r.findings.every((f) => f.source === 'audit')).toBe(true);
    expect(r.findings.find((f) => f.kind === 'missing-value')).toMatchObject({ field: 'coach', error: false });
    expect(r.check.errorFindings).toBe(5);
    // A ends before it starts: its contacts are not also reported as outside the dates.
    expect(r.findings.filter((f) => f.trajectory === 'A')).toHaveLength(1);
  });
  it('keeps the reader findings and does not report the same defect twice', () => {
    const ts = [good('A', 2, { hours: -3 }), good('B', 5, { start: NaN })];
    const reader: CrmFinding[] = [
      { kind: 'negative-hours', trajectory: 'A', line: 2, field: 'hours', value: '-3', message: 'x' },
      { kind: 'unreadable-value', trajectory: 'B', line: 5, field: 'start', value: '15 maart 2022', message: 'x' },
    ];
    const r = crmAudit(data(ts, reader));
    expect(r.findings.map((f) => [f.kind, f.trajectory, f.source])).toEqual([['negative-hours', 'A', 'reader'], ['unreadable-value', 'B', 'reader']]);
    expect(r.findings[1].value).toBe('15 maart 2022'); // a date field: its cell may be shown
  });
  it('drops reader findings that say nothing new: end of a running trajectory, contacts of an end-before-start trajectory', () => {
    const ts = [good('A', 2, { status: 'lopend', end: NaN }), good('B', 5, { end: 18990 })];
    const reader: CrmFinding[] = [
      { kind: 'missing-value', trajectory: 'A', line: 2, field: 'end', message: 'x' },
      { kind: 'end-before-start', trajectory: 'B', line: 5, field: 'end', message: 'x' },
      { kind: 'contact-outside-dates', trajectory: 'B', line: 6, field: 'contact_date', message: 'x' },
    ];
    expect(crmAudit(data(ts, reader)).findings.map((f) => f.kind)).toEqual(['end-before-start']);
  });
  it('never shows the cell of a text field', () => {
    const reader: CrmFinding[] = [{ kind: 'conflicting-values', trajectory: 'A', line: 3, field: 'coach', value: 'Mevrouw X', message: 'x' }];
    expect(crmAudit(data([good('A', 2)], reader)).findings[0].value).toBeNull();
  });
});

describe('crmAudit consistency and score', () => {
  it('flags a coach whose contact moments are far shorter than the other coaches\'', () => {
    const ts = [good('A', 2), good('B', 5, { coach: 'C2' }, 140), good('C', 8, { coach: 'C3' }, 15)];
    const r = crmAudit(data(ts));
    const c3 = r.consistency.coaches.find((c) => c.coach === 'C3')!;
    expect(c3.flag).toBe('short');
    expect(c3.median).toBeCloseTo(15 / 60, 10);
    expect(c3.ratio!).toBeLessThan(0.5);
    expect(r.consistency.coaches.filter((c) => c.flag !== null).map((c) => c.coach)).toEqual(['C3']);
  });
  it('coefficient of variation and share of contacts > 50 % off the coach median', () => {
    const t = good('A', 2, { contacts: [contact(2, 19010, 60), contact(3, 19020, 60), contact(4, 19030, 60), contact(5, 19040, 200)] });
    const c = crmAudit(data([t])).consistency.coaches[0];
    expect(c.deviating).toMatchObject({ count: 1, n: 4 });
    expect(c.cv!).toBeCloseTo(c.sd! / c.mean!, 12);
    expect(c.flag).toBeNull(); // no other coaches to compare with
  });
  it('lists trajectories with hours but no contact moments and the reverse', () => {
    const ts = [good('A', 2, { contacts: [], contactCount: 0 }), good('B', 5, { hours: NaN }), good('C', 8)];
    const r = crmAudit(data(ts));
    expect(r.consistency.hoursWithoutContacts.map((m) => m.trajectory)).toEqual(['A']);
    expect(r.consistency.contactsWithoutHours.map((m) => [m.trajectory, m.contacts])).toEqual([['B', 3]]);
  });
  it('score = 100 × mean completeness × (1 − share of trajectories with an error finding)', () => {
    // E1: A complete; B misses coach (7/8 required filled, end applies) and has type 9 (error).
    const ts = [good('A', 2), good('B', 5, { coach: null, type: 9 }), good('C', 8, { employer: 'E2' })];
    const r = crmAudit(data(ts));
    const e1 = r.scores.find((s) => s.employer === 'E1')!;
    expect(e1.completeness).toBeCloseTo((1 + 7 / 8) / 2, 12);
    expect(e1.impossible).toMatchObject({ count: 1, n: 2 });
    expect(e1.score).toBe(Math.round(1000 * ((1 + 7 / 8) / 2) * 0.5) / 10);
    expect(r.scores.find((s) => s.employer === 'E2')!.score).toBe(100);
  });
});

describe('the others\' median of each coach', () => {
  it('equals the median of the other coaches\' durations computed directly', () => {
    // Three coaches with overlapping durations; the others' median is checked against a plain sort.
    const lengths: Record<string, number[]> = { A: [0.25, 0.25, 0.5, 0.25], B: [2, 2.5, 3, 2, 1.5], C: [1, 2, 2, 3, 4, 2.5] };
    const ts = Object.entries(lengths).map(([coach, hs], k) => trajectory({ id: `T${k}`, coach, contacts: hs.map((h, i) => contact(i + 2, 19000 + i, h * 60)) }));
    const r = crmAudit({ file: 'x.csv', unit: 'contact', trajectories: ts, mapped: ['coach'], required: [], rows: 15, findings: [] });
    const med = (v: number[]) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
    for (const c of r.consistency.coaches) {
      const others = Object.entries(lengths).filter(([k]) => k !== c.coach).flatMap(([, v]) => v);
      expect(c.othersMedian).toBeCloseTo(med(others), 12);
    }
    expect(r.consistency.coaches.find((c) => c.coach === 'A')!.flag).toBe('short');
    expect(r.consistency.overallMedian).toBeCloseTo(med(Object.values(lengths).flat()), 12);
  });
});
