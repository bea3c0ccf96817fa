import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputIssue } from '../model/types.js';
import { crmNorms, DEFAULT_NORMS, loadCrmMapping, parseCrmMapping, requiredFields, timeUnitOf, unitIssues } from './crm-mapping.js';
import { parseYaml } from './yaml.js';

const load = (text: string) => parseCrmMapping(parseYaml(text, 'crm-mapping.yaml'), 'crm-mapping.yaml');
const errors = (r: { issues: InputIssue[] }) => r.issues.filter((i) => i.severity === 'error');

describe('loadCrmMapping', () => {
  it('reads fields, attributes, units, values, required and norms', () => {
    const r = load([
      'fields:',
      '  trajectory: Traject-ID',
      '  hours: Uren',
      '  status: Status',
      '  location_type: Type opvang',
      '  contact_duration: Duur',
      'attributes: [Regio, 2023]',
      'units: { hours: u, contact_duration: Min }',
      'values:',
      '  status: { afgerond: [Klaar], gestopt: Afgesloten }',
      '  location_type: { gezinsopvang: [GO] }',
      '  yes: [afgevinkt]',
      '  no: nope',
      'required: [trajectory, hours]',
      'norms: { hours: 40 }',
    ].join('\n'));
    expect(errors(r)).toEqual([]);
    const m = r.mapping!;
    expect(m.fields).toEqual({ trajectory: 'Traject-ID', hours: 'Uren', status: 'Status', location_type: 'Type opvang', contact_duration: 'Duur' });
    expect(m.fieldLines.hours).toBe(3);
    expect(m.attributes).toEqual(['Regio', '2023']);
    expect(m.units).toEqual({ hours: 'hours', contact_duration: 'minutes' });
    expect(m.status.get('klaar')).toBe('afgerond');
    // A user spelling may move a default spelling to another status.
    expect(m.status.get('afgesloten')).toBe('gestopt');
    expect(m.status.get('in uitvoering')).toBe('lopend');
    expect(m.locationType.get('go')).toBe('gezinsopvang');
    expect(m.locationType.get('groepsopvang')).toBe('groepsopvang');
    expect(m.yes).toEqual(['afgevinkt']);
    expect(m.no).toEqual(['nope']);
    expect(m.required).toEqual(['trajectory', 'hours']);
    expect(m.norms).toEqual({ hours: 40, contacts: 9, tolerance: 0.2 });
    expect(crmNorms(m)).toEqual({ hours: 40, contacts: 9, tolerance: 0.2 });
  });

  it('uses the default norms and required list (only mapped fields)', () => {
    const m = load('fields: { trajectory: ID, coach: Coach, theme: Thema }').mapping!;
    expect(m.norms).toEqual(DEFAULT_NORMS);
    expect(crmNorms(undefined)).toEqual({ hours: 53, contacts: 9, tolerance: 0.2 });
    expect(requiredFields(m)).toEqual(['trajectory', 'coach']);
  });

  it('names an unknown top-level key with its line and the closest key', () => {
    const r = load('fields: { trajectory: ID }\nnorm: { hours: 50 }');
    expect(r.mapping).toBeUndefined();
    expect(errors(r)).toMatchObject([{ code: 'unknown-key', line: 2, field: 'norm', hint: expect.stringContaining('did you mean "norms"') }]);
  });

  it('names an unknown canonical field with the closest valid one', () => {
    const r = load('fields:\n  trajectory: ID\n  locaton: Locatie\n');
    expect(errors(r)).toMatchObject([{ code: 'unknown-key', line: 3, field: 'locaton', hint: expect.stringContaining('did you mean "location"') }]);
  });

  it('requires fields: and a trajectory column', () => {
    expect(errors(load('attributes: [Regio]'))).toMatchObject([{ code: 'missing-key', message: expect.stringContaining('no `fields:`') }]);
    expect(errors(load('fields: { coach: Coach }'))).toMatchObject([{ code: 'missing-key', message: expect.stringContaining('`trajectory`') }]);
    expect(errors(load('fields: { trajectory: "  " }'))).toMatchObject([{ code: 'bad-value', field: 'trajectory' }]);
  });

  it('rejects an unknown required field and warns about a required field that is not mapped', () => {
    const r = load('fields: { trajectory: ID }\nrequired:\n  - trajectory\n  - coch\n  - coach');
    expect(errors(r)).toMatchObject([{ code: 'unknown-field', line: 4, field: 'coch', hint: expect.stringContaining('did you mean "coach"') }]);
    const w = load('fields: { trajectory: ID }\nrequired: [trajectory, coach]');
    expect(w.issues).toMatchObject([{ severity: 'warning', code: 'required-not-mapped', field: 'coach', line: 2 }]);
    expect(requiredFields(w.mapping!)).toEqual(['trajectory']);
  });

  it('spells units in Dutch and English and rejects others', () => {
    for (const s of ['uur', 'u', 'h', 'hours', 'UREN']) expect(timeUnitOf(s)).toBe('hours');
    for (const s of ['minuten', 'min', 'minutes']) expect(timeUnitOf(s)).toBe('minutes');
    expect(timeUnitOf('dagen')).toBeUndefined();
    const r = load('fields: { trajectory: ID, hours: Uren }\nunits:\n  hours: dagen\n  contacts: stuks');
    expect(errors(r)).toMatchObject([
      { code: 'bad-value', line: 3, field: 'hours', message: expect.stringContaining('"dagen"'), hint: expect.stringContaining('minuten') },
      { code: 'unknown-key', line: 4, field: 'contacts' },
    ]);
  });

  it('requires norms greater than 0 and a tolerance below 1', () => {
    const r = load('fields: { trajectory: ID }\nnorms:\n  hours: 0\n  contacts: negen\n  tolerance: 1.5\n  uren: 3');
    expect(errors(r).map((i) => [i.line, i.field ?? null])).toEqual([[3, 'hours'], [4, 'contacts'], [5, 'tolerance'], [6, 'uren']]);
    expect(errors(r)[2].message).toContain('between 0 and 1');
  });

  it('checks value spellings: canonical statuses, spellings given twice, yes and no', () => {
    expect(errors(load('fields: { trajectory: ID }\nvalues:\n  status: { afgesloten: [Klaar] }'))).toMatchObject([{ code: 'unknown-key', line: 3, field: 'afgesloten', hint: expect.stringContaining('afgerond') }]);
    expect(errors(load('fields: { trajectory: ID }\nvalues:\n  status: { lopend: [Bezig], afgerond: [bezig] }'))).toMatchObject([{ code: 'bad-value', message: expect.stringContaining('"bezig" is given for both') }]);
    expect(errors(load('fields: { trajectory: ID }\nvalues: { yes: [ok], no: [OK] }'))).toMatchObject([{ message: expect.stringContaining('both `yes` and `no`') }]);
    expect(errors(load('fields: { trajectory: ID }\nvalues: { kleur: [rood] }'))).toMatchObject([{ code: 'unknown-key', field: 'kleur' }]);
  });

  it('warns about contact fields in a mapping used for one row per trajectory', () => {
    const m = load('fields:\n  trajectory: ID\n  contact_date: Datum\n  contact_duration: Duur').mapping!;
    expect(unitIssues(m, 'trajectory')).toMatchObject([
      { severity: 'warning', code: 'contact-field-ignored', field: 'contact_date', line: 3 },
      { severity: 'warning', code: 'contact-field-ignored', field: 'contact_duration', line: 4 },
    ]);
    expect(unitIssues(m, 'contact')).toEqual([]);
  });

  it('reports YAML syntax errors and missing files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-crm-mapping-'));
    writeFileSync(join(dir, 'kapot.yaml'), 'fields:\n  trajectory: [ID\n');
    const r = loadCrmMapping(join(dir, 'kapot.yaml'), 'kapot.yaml');
    expect(r.mapping).toBeUndefined();
    expect(r.issues[0]).toMatchObject({ code: 'yaml-syntax', file: 'kapot.yaml', line: expect.any(Number) });
    expect(loadCrmMapping(join(dir, 'weg.yaml'), 'weg.yaml').issues).toMatchObject([{ code: 'unreadable-file', message: expect.stringContaining('does not exist') }]);
  });
});
