/**
 * A project with its own framework, roles.yaml, named speakers, a speakers table and a segment table,
 * through the CLI (fixtures/projects/eigen-kader).
 */
import { describe, expect, it } from 'vitest';
import { hefboom, json } from './run-cli.js';

const p = ['-p', 'fixtures/projects/eigen-kader'];

describe('a project framework works like the built-in ones', () => {
  const out = json(hefboom(['tally', ...p, '--by', 'fw:praktijken', '--across', 'role', '--format', 'json']));
  const row = (id: string) => out.rows.find((r: any) => r.id === id);
  it('lists its top-level nodes in order, children rolled up', () => {
    expect(out.rows.map((r: any) => r.id)).toEqual(['tonen', 'toevertrouwen', 'participatie']);
    // voordoen maps to the child node voordoen-met-uitleg, which rolls up to tonen
    expect(row('tonen').cells).toMatchObject({ mentor: 2 });
  });
  it('counts #fw:node tags and codes mapped to its nodes', () => {
    expect(row('toevertrouwen').n).toBe(2); // Sofie (tag and code: once) + the segment coded by label
    expect(row('participatie').cells.cursist).toBe(1);
  });
  it('--fw filters on it', () => {
    const q = json(hefboom(['quotes', ...p, '--fw', 'praktijken:tonen', '--format', 'json']));
    expect(q.quotes.map((x: any) => x.provenance)).toEqual(['gesprek.txt:4', 'segmenten.csv:2']);
  });
});

describe('roles, named speakers and the speakers table', () => {
  const q = json(hefboom(['quotes', ...p, '--format', 'json']));
  const by = (label: string) => q.quotes.find((x: any) => x.speaker.label === label);
  it('roles.yaml adds a role and a synonym of an existing role', () => {
    expect(by('Keukenmedewerker').speaker.role).toBe('logistiek-medewerker');
    expect(by('Meter 2').speaker).toEqual({ label: 'Meter 2', role: 'mentor', number: 2 });
  });
  it('a name from speakers: resolves to its role', () => {
    expect(by('Sofie').speaker.role).toBe('kinderbegeleider');
  });
  it('the speakers table adds attributes to that speaker\'s excerpts only', () => {
    expect(by('Meter 2').attributes.ervaring).toBe('10 jaar');
    expect(by('Sofie').attributes.ervaring).toBe('3 jaar');
    expect(by('Cursist 1').attributes.ervaring).toBeUndefined();
  });
});

describe('a segment table in a project', () => {
  const q = json(hefboom(['quotes', ...p, '--where', 'document=seg-ko8', '--format', 'json']));
  it('merges rows of one segment and keeps uncoded rows as units', () => {
    expect(q.quotes).toHaveLength(2);
    expect(q.quotes[0].codes).toEqual(['voordoen', 'L6', 'taken-geven']);
    expect(q.quotes[0].attributes.site).toBe('KO8');
    expect(q.quotes[1].codes).toEqual([]);
    expect(q.quotes[1].line).toBe(4);
  });
  it('validate is clean', () => {
    const v = json(hefboom(['validate', ...p, '--format', 'json']));
    expect(v).toMatchObject({ ok: true, errors: 0, warnings: 0, counts: { documents: 2, excerpts: 6 } });
  });
});
