import { describe, expect, it } from 'vitest';
import { crmVariable, joinSurveyToCrm, JoinKeyMissing, resolveVariable, respondentDays, SEVERAL, variableNames } from './survey-join.js';
import { crm, item, survey, trajectory } from './survey.test-helpers.js';

const CRM = crm([
  trajectory('T1', { coach: 'C1', employer: 'Kind & Gezin', hours: 50, participants: 3, end: 19400, type: 2 }),
  trajectory('T2', { coach: 'C1', employer: 'Kind & Gezin', hours: 60, participants: 5, end: 19500, type: 1 }),
  trajectory('T3', { coach: 'C2', employer: 'Ferm', hours: 40, participants: 2, end: 19450, type: 2 }),
]);

const staff = survey([item('effect', 'likert')], [
  { respondent: 'a', traject: 'T1', effect: 'akkoord' },
  { respondent: 'b', traject: '', effect: 'akkoord' },
  { respondent: 'c', traject: 'T9', effect: 'neutraal' },
  { respondent: 'd', traject: ' t3 ', effect: 'akkoord' },
  { respondent: 'e', traject: 'T2', effect: 'akkoord' },
], { keys: ['traject'] });
// The project's `join: { trajectory: traject }` gives the key under the CRM field name.
staff.keys = { trajectory: staff.keys.traject };

describe('joinSurveyToCrm on trajectory', () => {
  const j = joinSurveyToCrm(staff, CRM);
  it('points every matched respondent at its trajectory', () => {
    expect([...j.trajectory]).toEqual([0, -1, -1, 2, 1]);
    expect(j.matched).toBe(3);
    expect(j.caseInsensitive).toBe(1);
  });
  it('lists respondents without a key and with an unknown key, with their lines', () => {
    expect(j.noKey).toEqual([{ respondent: 'b', line: 3 }]);
    expect(j.unknown).toEqual([{ respondent: 'c', key: 'T9', line: 4 }]);
    expect(j.matched + j.noKey.length + j.unknown.length).toBe(staff.respondents.length);
  });
  it('throws JoinKeyMissing when the survey has no key column for the field', () => {
    expect(() => joinSurveyToCrm(staff, CRM, 'coach')).toThrow(JoinKeyMissing);
  });
});

describe('joinSurveyToCrm on coach', () => {
  const coaches = survey([item('results', 'likert')], [
    { coach: 'C1', results: 'akkoord' }, { coach: 'C2', results: 'neutraal' }, { coach: 'C7', results: 'akkoord' },
  ], { keys: ['coach'], kind: 'coach' });
  const j = joinSurveyToCrm(coaches, CRM, 'coach');
  it('indexes a coach list with every trajectory of the coach', () => {
    expect(j.values).toEqual(['C1', 'C2']);
    expect(j.members).toEqual([[0, 1], [2]]);
    expect([...j.index]).toEqual([0, 1, -1]);
    // C1 has two trajectories: no single trajectory to point at.
    expect([...j.trajectory]).toEqual([-1, 2, -1]);
    expect(j.unknown.map((u) => u.key)).toEqual(['C7']);
  });
  it('aggregates CRM fields over a coach\'s trajectories', () => {
    const hours = crmVariable('hours', CRM, j)!;
    expect(hours.kind).toBe('numeric');
    expect(hours.kind === 'numeric' && [...hours.values]).toEqual([55, 40, NaN]);
    const type = crmVariable('crm.type', CRM, j)!;
    expect(type.kind === 'categorical' && type.values).toEqual([SEVERAL, '2', null]);
    const n = crmVariable('trajectories', CRM, j)!;
    expect(n.kind === 'numeric' && [...n.values]).toEqual([2, 1, NaN]);
  });
});

describe('resolveVariable', () => {
  const j = joinSurveyToCrm(staff, CRM);
  it('finds CRM fields through the join (with or without crm.)', () => {
    const e = resolveVariable('employer', { survey: staff, crm: CRM, join: j, use: 'by' })!;
    expect(e.source).toBe('crm');
    expect(e.kind === 'categorical' && e.values).toEqual(['Kind & Gezin', null, null, 'Ferm', 'Kind & Gezin']);
    const p = resolveVariable('crm.contactCount', { survey: staff, crm: CRM, join: j, use: 'predictor' })!;
    expect(p.kind).toBe('numeric');
  });
  it('takes Likert items as labels for --by and as codes for predictors', () => {
    const by = resolveVariable('effect', { survey: staff, use: 'by' })!;
    expect(by.kind === 'categorical' && by.values[2]).toBe('neutraal');
    const pred = resolveVariable('EFFECT', { survey: staff, use: 'predictor' })!;
    expect(pred.kind === 'numeric' && pred.values[2]).toBe(3);
  });
  it('returns undefined for an unknown name and lists the valid ones', () => {
    expect(resolveVariable('werkgevr', { survey: staff, crm: CRM, join: j, use: 'by' })).toBeUndefined();
    expect(variableNames({ survey: staff, crm: CRM, join: j, use: 'by' })).toEqual(expect.arrayContaining(['effect', 'employer', 'participants', 'trajectory']));
  });
});

describe('respondentDays', () => {
  it('uses the trajectory end date when the survey has no date column', () => {
    const j = joinSurveyToCrm(staff, CRM);
    const d = respondentDays(staff, CRM, j);
    expect(d.basis).toBe('trajectory-end');
    expect([...d.days]).toEqual([19400, NaN, NaN, 19450, 19500]);
  });
  it('prefers the survey response date', () => {
    const dated = survey([item('x', 'number')], [{ x: 1 }, { x: 2 }], { dates: [19000, null] });
    expect(respondentDays(dated).basis).toBe('response-date');
    expect([...respondentDays(dated).days]).toEqual([19000, NaN]);
  });
});
