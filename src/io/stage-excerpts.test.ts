import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { InputIssue } from '../model/types.js';
import { createRoleTable } from '../model/roles.js';
import { parseDataTable } from './data-table.js';
import { parseStageDefinition } from './stage-definition.js';
import { codeStage, readStage } from './stage.js';
import { STAGE_FEEDBACK_CODES, STAGE_FEEDBACK_SOURCE_TYPE, STAGE_FORMAT, stageDocumentIds, stageDocuments } from './stage-excerpts.js';

const root = fileURLToPath(new URL('../../fixtures/stage/', import.meta.url));

describe('stage feedback as documents', async () => {
  const { data } = await readStage(root, { path: 'data/stage-evaluaties.csv', definition: 'stage.yaml', name: 'stage' });
  const docs = stageDocuments(data!);

  it('one document per feedback column, one excerpt per piece of feedback', () => {
    expect(docs.map((d) => [d.id, d.excerpts.length])).toEqual([['stage:sterkte', 22], ['stage:groeikans', 22]]);
    expect(docs[0]).toMatchObject({ path: 'data/stage-evaluaties.csv', format: STAGE_FORMAT, coder: 'default', hasFullText: false });
    expect(docs[0].attributes).toEqual({ stage: 'stage', feedback: 'sterkte', column: 'Sterktes', source_type: STAGE_FEEDBACK_SOURCE_TYPE });
  });

  it('every excerpt is coded with the kind of its column, over its whole text', () => {
    for (const d of docs) {
      const kind = d.attributes.feedback;
      for (const x of d.excerpts) {
        expect(x.codings).toEqual([{ codeId: kind, coder: 'default', start: x.start, end: x.end }]);
        expect([...d.text].slice(x.start, x.end).join('')).toBe(x.text);
      }
    }
    expect(STAGE_FEEDBACK_CODES.map((c) => c.id)).toEqual(['sterkte', 'groeikans']);
  });

  it('the mentor writes it: speaker label from the mentor column, role mentor', () => {
    expect(docs[0].excerpts.slice(0, 3).map((x) => [x.speaker.label, x.speaker.role])).toEqual([['An', 'mentor'], ['An', 'mentor'], ['An', 'mentor']]);
    expect(new Set(docs.flatMap((d) => d.excerpts.map((x) => x.speaker.role)))).toEqual(new Set(['mentor']));
  });

  it('attributes: school, placement, mentor, profile, template, trainee, moment; line of the first row', () => {
    const x = docs[1].excerpts[0];
    expect(x.text).toBe('Durft ouders nog weinig aan te spreken bij het ophalen.');
    expect(x.line).toBe(2);
    expect(x.attributes).toEqual({
      school: 'School Noord', placement: 'KDV De Vlinder', mentor: 'An', profile: "kinderbegeleider baby's en peuters", template: 'Uniform 2023',
      trainee: 'S01', moment: 'tussentijds', stage: 'stage', feedback: 'groeikans', column: 'Groeikansen', source_type: 'stagefeedback',
    });
    // S05 tussentijds wrote "n.v.t." as strength: no excerpt; its growth point is there.
    expect(docs[0].excerpts.some((e) => e.attributes.trainee === 'S05' && e.attributes.moment === 'tussentijds')).toBe(false);
    expect(docs[1].excerpts.some((e) => e.attributes.trainee === 'S05' && e.attributes.moment === 'tussentijds')).toBe(true);
  });

  it('the project role table, coder and code ids are used when given', () => {
    const d = stageDocuments(data!, { coder: 'Annelies', codeIds: { sterkte: 'sterktes' }, roles: createRoleTable() });
    expect(d[0].coder).toBe('Annelies');
    expect(d[0].excerpts[0].codings[0]).toMatchObject({ codeId: 'sterktes', coder: 'Annelies' });
    expect(d[1].excerpts[0].codings[0].codeId).toBe('groeikans');
  });
});

describe('stage feedback: roles, several columns of one kind, per-indicator feedback', () => {
  const def = parseStageDefinition(`trainee: T
indicator: I
score: S
scale: [zwak, goed]
feedback:
  - { column: Mentor zegt, kind: sterkte }
  - { column: School zegt, kind: sterkte, role: stagebegeleider }
`, 'd.yaml').definition!;
  const t = parseDataTable('T;I;S;Mentor zegt;School zegt\nt1;a;goed;Rustig;Neemt initiatief\nt1;b;zwak;Luistert goed;\n', 'd.csv', ';').table!;
  const issues: InputIssue[] = [];
  const data = codeStage(t, def, 'uniform', issues);

  it('ids are numbered when two columns share a kind; the role of the entry is the speaker\'s', () => {
    expect(issues).toEqual([]);
    expect(stageDocumentIds(data)).toEqual(['uniform:sterkte-1', 'uniform:sterkte-2']);
    const docs = stageDocuments(data);
    expect(docs.map((d) => d.id)).toEqual(['uniform:sterkte-1', 'uniform:sterkte-2']);
    // No mentor column: the label stays empty; "stagebegeleider" is the school-side role leerkracht.
    expect(docs[1].excerpts[0].speaker).toEqual({ label: '', role: 'leerkracht' });
  });

  it('feedback that differs per row carries the row\'s indicator; no moment column gives the single moment', () => {
    const docs = stageDocuments(data);
    expect(docs[0].excerpts.map((x) => [x.text, x.attributes.indicator, x.attributes.moment])).toEqual([['Rustig', 'a', 'evaluatie'], ['Luistert goed', 'b', 'evaluatie']]);
    expect(docs[1].excerpts[0].attributes.indicator).toBeUndefined();
  });
});
