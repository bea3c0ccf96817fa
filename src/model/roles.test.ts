import { describe, expect, it } from 'vitest';
import { createRoleTable, parseRolesYaml, resolveSpeaker } from './roles.js';

const roles = createRoleTable();

describe('built-in role table', () => {
  it.each([
    ['Kinderbegeleider', 'kinderbegeleider', undefined],
    ['kindbegeleider', 'kinderbegeleider', undefined],
    ['Kinderbegeleidster', 'kinderbegeleider', undefined],
    ['Vaste medewerker', 'kinderbegeleider', undefined],
    ['Leidinggevende', 'verantwoordelijke', undefined],
    ['Teamleider', 'verantwoordelijke', undefined],
    ['Werkplekmentor', 'mentor', undefined],
    ['Mentor 3', 'mentor', 3],
    ['mentor 6', 'mentor', 6],
    ['M3', 'mentor', 3],
    ['Externe mentor', 'externe-mentor', undefined],
    ['Stagiaire', 'cursist', undefined],
    ['Zij-instromer', 'cursist', undefined],
    ['Medewerker in opleiding', 'cursist', undefined],
    ['Cursist 2', 'cursist', 2],
    ['Leerkracht CVO', 'leerkracht', undefined],
    ['Praktijkleerkracht', 'leerkracht', undefined],
    ['Pedagogisch coach', 'pedagogisch-coach', undefined],
    ['Regionaal ondersteuner', 'regionaal-ondersteuner', undefined],
    ['Coördinator', 'verantwoordelijke', undefined],
    ['coordinator', 'verantwoordelijke', undefined],
  ])('%s → %s', (label, role, number) => {
    expect(roles.resolve(label)).toEqual(number === undefined ? { role } : { role, number });
  });
  it('does not take lower-case short forms or sentences for roles', () => {
    expect(roles.resolve('m3')).toBeNull();
    expect(roles.resolve('Tijdens het middagmaal')).toBeNull();
    expect(roles.resolve('Opmerking')).toBeNull();
  });
  it('has Dutch and English labels', () => {
    expect(roles.label('externe-mentor')).toBe('Externe mentor');
    expect(roles.label('externe-mentor', 'en')).toBe('External mentor');
  });
});

describe('resolveSpeaker', () => {
  it('names from speakers: win over roles and carry their role', () => {
    const s = resolveSpeaker('sofie', { roles, speakers: { Sofie: 'kinderbegeleidster' }, anyLabel: false });
    expect(s).toEqual({ label: 'sofie', role: 'kinderbegeleider', name: 'Sofie' });
  });
  it('unknown labels are refused unless speaker_labels: any', () => {
    expect(resolveSpeaker('Opmerking', { roles, speakers: {}, anyLabel: false })).toBeNull();
    expect(resolveSpeaker('Opmerking', { roles, speakers: {}, anyLabel: true })).toEqual({ label: 'Opmerking', role: 'onbekend' });
  });
});

describe('roles.yaml', () => {
  it('adds roles and synonyms', () => {
    const { roles: extra, issues } = parseRolesYaml('roles:\n  - id: logistiek-medewerker\n    label: Logistiek medewerker\n    synonyms: [keukenmedewerker]\n  - id: mentor\n    synonyms: [meter]\n', 'rollen.yaml');
    expect(issues).toEqual([]);
    const t = createRoleTable(extra);
    expect(t.resolve('Keukenmedewerker')).toEqual({ role: 'logistiek-medewerker' });
    expect(t.resolve('Logistiek medewerker 2')).toEqual({ role: 'logistiek-medewerker', number: 2 });
    expect(t.resolve('Meter 4')).toEqual({ role: 'mentor', number: 4 });
  });
  it('reports unknown keys with the closest valid key, and a missing list', () => {
    const r = parseRolesYaml('roles:\n  - id: x\n    synonym: [y]\n', 'rollen.yaml');
    expect(r.issues[0]).toMatchObject({ code: 'unknown-key', line: 3, field: 'synonym' });
    expect(r.issues[0].hint).toContain('"synonyms"');
    expect(parseRolesYaml('rollen: []\n', 'rollen.yaml').issues[0].code).toBe('roles-shape');
  });
});
