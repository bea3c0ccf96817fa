import { describe, expect, it } from 'vitest';
import type { CrmData, Trajectory } from '../model/crm.js';
import type { SurveyData, SurveyItem } from '../model/survey.js';
import { dayNumber } from '../io/cells.js';
import { impactAnalysis } from './impact.js';

const day = (s: string) => { const [y, m, d] = s.split('-').map(Number); return dayNumber(y, m, d); };

function traj(id: string, end: string, recipients: number, extra: Partial<Trajectory> = {}): Trajectory {
  return {
    id, location: `loc-${id}`, locationType: 'groepsopvang', organiser: null, employer: 'A', coach: 'C1', regionalSupporter: null,
    type: 2, theme: null, memoq: null, start: day('2022-09-01'), end: day(end), hours: 50, contactCount: 9, contacts: [],
    pitstop: true, finalEvaluation: true, status: 'afgerond', statusRaw: 'Afgerond', participants: 3, recipients, line: 2, attributes: {}, ...extra,
  };
}

const item = (id: string, type: SurveyItem['type'], labels: string[], extra: Partial<SurveyItem> = {}): SurveyItem => ({
  id, column: id, label: id, type, labels, top: 2, reverse: false, missing: [], separator: ';', levers: [], memoq: [], headline: true, ...extra,
});

const AKKOORD = ['helemaal niet akkoord', 'niet akkoord', 'neutraal', 'akkoord', 'helemaal akkoord'];

function staffSurvey(rows: { traj: string | null; effect: number; type: number }[]): SurveyData {
  const n = rows.length;
  return {
    name: 'medewerkers', kind: 'staff', file: 'm.csv',
    definition: {
      file: 'm.yaml', name: 'm', trajectory: 'traject', attributes: [], missing: [],
      items: [item('effect', 'likert', AKKOORD), item('type_zelf', 'single', ['type 1', 'type 2', 'type 3', 'type 4', 'weet niet'], { headline: false })],
      constructs: [],
    },
    respondents: rows.map((_, i) => `R${i + 1}`),
    lines: Uint32Array.from(rows.map((_, i) => i + 2)),
    keys: { trajectory: rows.map((r) => r.traj) },
    attributes: {},
    columns: {
      effect: { type: 'likert', codes: Uint16Array.from(rows.map((r) => r.effect)), missing: new Uint8Array(n) },
      type_zelf: { type: 'single', codes: Uint16Array.from(rows.map((r) => r.type)), missing: new Uint8Array(n) },
    },
  };
}

describe('impactAnalysis', () => {
  // Four trajectories end in the window (T1–T4; T4 without registered recipients), T5 ends after it.
  const crm: CrmData = {
    file: 'crm.csv', unit: 'trajectory', mapped: [], required: [], rows: 5, findings: [],
    trajectories: [traj('T1', '2023-02-10', 4), traj('T2', '2023-03-01', 3, { type: 1 }), traj('T3', '2023-04-01', 2), traj('T4', '2023-05-01', NaN), traj('T5', '2023-06-30', 5)],
  };
  const staff = staffSurvey([
    { traj: 'T1', effect: 5, type: 2 }, { traj: 'T1', effect: 4, type: 2 }, { traj: 'T1', effect: 2, type: 5 },
    { traj: 'T2', effect: 4, type: 2 },
    { traj: 'T4', effect: 5, type: 2 },
    { traj: 'T5', effect: 5, type: 2 }, { traj: 'T9', effect: 5, type: 2 }, { traj: null, effect: 1, type: 5 },
  ]);
  const r = impactAnalysis(crm, staff, [], { window: { since: day('2023-02-01'), until: day('2023-05-15') } });

  it('accounts for response as the Mentes evaluation does', () => {
    const a = r.response;
    expect(a.trajectoriesInWindow).toBe(4);
    expect(a.trajectoriesRegistered).toBe(3);
    expect(a.trajectoriesUnregistered).toBe(1);
    expect(a.recipientsRegistered).toBe(9);
    expect(a.respondents).toBe(5);
    expect(a.respondentsInRegistered).toBe(4);
    expect(a.respondentsInUnregistered).toBe(1);
    expect(a.responseRate).toMatchObject({ count: 5, n: 9 });
    expect(a.responseRateRegistered).toMatchObject({ count: 4, n: 9 });
    expect(a.trajectoriesWithRespondent).toBe(3);
    expect(a.trajectoryCoverage).toMatchObject({ count: 3, n: 4 });
  });
  it('lists every respondent it cannot count, with the reason', () => {
    expect(r.response.uncounted.map((u) => [u.respondent, u.reason])).toEqual([
      ['R6', 'outside-window'], ['R7', 'unknown-trajectory'], ['R8', 'no-trajectory'],
    ]);
  });
  it('gives the top-2 share of a Likert item over counted respondents', () => {
    const top = r.headline.find((i) => i.item === 'effect' && i.measure === 'top-box')!;
    expect(top.share).toMatchObject({ count: 4, n: 5 });
  });
  it('sets the self-reported type beside the CRM type', () => {
    expect(r.type!.selfReported.map((s) => s.share.count)).toEqual([0, 4, 0, 0, 1]);
    // R4 says type 2 in trajectory T2, registered as type 1: 3 of 4 agree.
    expect(r.type!.agreement).toMatchObject({ n: 4, agree: 3 });
  });
  it('breaks indicators down by CRM type and hides small cells when asked', () => {
    expect(r.byType.map((g) => [g.group, g.respondents])).toEqual([['type 1', 1], ['type 2', 4]]);
    const hidden = impactAnalysis(crm, staff, [], { window: { since: day('2023-02-01'), until: day('2023-05-15') }, suppressBelow: 3 });
    const t2 = hidden.byType[1].indicators.find((i) => i.measure === 'top-box')!;
    expect(t2.suppressed).toBe(true); // 3 of 4: the complement 1 is below 3
  });
});
