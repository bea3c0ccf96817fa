import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createRoleTable } from '../model/roles.js';
import { readSurvey } from './survey.js';
import { OPEN_ANSWER_SOURCE_TYPE, surveyDocuments } from './survey-excerpts.js';

const root = fileURLToPath(new URL('../../fixtures/survey/', import.meta.url));

describe('open survey answers as documents', async () => {
  const { data } = await readSurvey(root, { path: 'medewerkers.csv', kind: 'staff', definition: 'medewerkers.yaml', name: 'medewerkers', join: {}, encoding: 'windows-1252' });
  const docs = surveyDocuments(data!);

  it('one document per open item, one excerpt per non-empty answer', () => {
    expect(docs.map((d) => d.id)).toEqual(['medewerkers:opmerking']);
    const d = docs[0];
    expect(d).toMatchObject({ path: 'medewerkers.csv', coder: 'default', hasFullText: false });
    expect(d.attributes).toEqual({ survey: 'medewerkers', survey_kind: 'staff', item: 'opmerking', source_type: OPEN_ANSWER_SOURCE_TYPE });
    // m03 answered "n.v.t." (a missing code) and m04 left it empty: no excerpts for them.
    expect(d.excerpts.map((x) => x.text)).toEqual(['De coach was heel geëngageerd', 'Méér tijd op de vloer graag', 'Weinig effect gezien', 'Prima']);
    expect(d.excerpts.map((x) => x.id)).toEqual(['medewerkers:opmerking/p1', 'medewerkers:opmerking/p2', 'medewerkers:opmerking/p3', 'medewerkers:opmerking/p4']);
  });

  it('excerpts point at the export row and span the document text', () => {
    const d = docs[0];
    expect(d.excerpts.map((x) => x.line)).toEqual([2, 3, 6, 7]);
    for (const x of d.excerpts) expect([...d.text].slice(x.start, x.end).join('')).toBe(x.text);
  });

  it('the respondent is the speaker, with the role from `functie`', () => {
    expect(docs[0].excerpts.map((x) => [x.speaker.label, x.speaker.role])).toEqual([
      ['m01', 'kinderbegeleider'], ['m02', 'verantwoordelijke'], ['m05', 'onbekend'], ['m06', 'kinderbegeleider'],
    ]);
  });

  it('excerpt attributes carry respondent, join keys, date and attribute columns', () => {
    expect(docs[0].excerpts[0].attributes).toEqual({
      survey: 'medewerkers', survey_kind: 'staff', item: 'opmerking', source_type: 'open-antwoord',
      respondent: 'm01', trajectory: 'T101', coach: 'C01', date: '2023-02-01', werkgever: 'Kinderopvang Brugge', functie: 'kinderbegeleider',
    });
    // m05 has no functie: the attribute is absent rather than empty.
    expect(docs[0].excerpts[2].attributes.functie).toBeUndefined();
    expect(docs[0].excerpts[3].attributes.trajectory).toBeUndefined();
  });

  it('uses the project role table and coder when given', () => {
    // A project role that claims the spelling "kinderbegeleider" (roles.yaml).
    const roles = createRoleTable([{ id: 'teamlid', label: { nl: 'Teamlid', en: 'Team member' }, synonyms: ['kinderbegeleider'], abbreviations: [] }]);
    const d = surveyDocuments(data!, { roles, coder: 'Annelies' })[0];
    expect(d.coder).toBe('Annelies');
    expect(d.excerpts.map((x) => x.speaker.role)).toEqual(['teamlid', 'verantwoordelijke', 'onbekend', 'teamlid']);
  });

  it('a survey without answered open items gives no documents', async () => {
    const coaches = await readSurvey(root, { path: 'coaches.xlsx', kind: 'coach', definition: 'coaches.yaml', name: 'coaches', join: {} });
    const cd = surveyDocuments(coaches.data!);
    expect(cd.map((d) => [d.id, d.excerpts.length])).toEqual([['coaches:toelichting', 2]]);
    expect(cd[0].excerpts[0].speaker).toEqual({ label: 'C01', role: 'onbekend' });
    expect(cd[0].excerpts[0].attributes['ervaring_als_coach']).toBe('ja');
    const noText = { ...coaches.data!, columns: { ...coaches.data!.columns, toelichting: { type: 'text' as const, texts: [null, null, null, null], missing: new Uint8Array(4) } } };
    expect(surveyDocuments(noText)).toEqual([]);
  });
});
