import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestInputs, methodSection, projectInputs } from './provenance.js';
import type { Project } from '../io/project.js';
import type { ReportProvenance } from './model.js';

function project(root: string): Project {
  return {
    root, file: join(root, 'hefboom.yaml'), name: 'p', language: 'nl', codebook: 'codebook.yaml', frameworks: ['levers', 'fw/eigen.yaml'],
    speakers: {}, speakerLabels: 'roles', coders: {}, attributeTables: { documents: 'meta/docs.csv' }, sources: [], report: {}, words: {},
    surveys: [{ path: 'data/m.csv', kind: 'staff', definition: 'def.yaml', name: 'm', join: {} }],
    crm: [{ path: 'data/crm.csv', mapping: 'map.yaml', unit: 'trajectory' }],
    memoqScores: [{ path: 'data/memoq.csv', columns: {} }],
    pathways: [],
    stage: [],
  };
}

describe('projectInputs', () => {
  it('lists every input once, in a fixed order, with its kind', () => {
    const refs = projectInputs(project('/p'), [{ rel: 't/a.txt', format: 'transcript' }, { rel: 'data/m.csv', format: 'survey' }]);
    expect(refs).toEqual([
      { path: 'hefboom.yaml', kind: 'project' },
      { path: 'codebook.yaml', kind: 'codebook' },
      { path: 'fw/eigen.yaml', kind: 'framework' },
      { path: 'meta/docs.csv', kind: 'attributes-documents' },
      { path: 't/a.txt', kind: 'transcript' },
      { path: 'data/m.csv', kind: 'survey' },
      { path: 'def.yaml', kind: 'survey-definition' },
      { path: 'data/crm.csv', kind: 'crm' },
      { path: 'map.yaml', kind: 'crm-mapping' },
      { path: 'data/memoq.csv', kind: 'memoq-scores' },
    ]);
  });
});

describe('digestInputs', () => {
  it('gives the SHA-256 and size of each file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hefboom-prov-'));
    mkdirSync(join(root, 'd'));
    writeFileSync(join(root, 'd', 'a.txt'), 'abc');
    writeFileSync(join(root, 'leeg.txt'), '');
    const out = await digestInputs(root, [{ path: 'd/a.txt', kind: 'transcript' }, { path: 'leeg.txt', kind: 'x' }, { path: 'd', kind: 'qde' }]);
    expect(out).toEqual([
      { path: 'd/a.txt', kind: 'transcript', bytes: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
      { path: 'leeg.txt', kind: 'x', bytes: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
      { path: 'd', kind: 'qde', bytes: 0, sha256: '' },
    ]);
  });
});

describe('methodSection', () => {
  const prov: ReportProvenance = {
    software: { name: 'hefboom', version: '1.2.3' },
    inputs: [{ path: 'codebook.yaml', kind: 'codebook', sha256: 'ab', bytes: 10 }],
    codebook: { path: 'codebook.yaml', sha256: 'ab', codes: 30 },
    counts: { documents: 9, skipped: 1 },
    warnings: 2,
    suppressBelow: 5,
    units: { 'lever-L1-codes': 'fragmenten', 'overview-levers': 'fragmenten; noemer 85' },
  };

  it('shows provenance as tables, units in report order, its own tables included', () => {
    const { section, units } = methodSection(prov, { lang: 'en', date: null, seed: 1, exploreLimit: 500, exemplars: 3 }, ['overview-levers', 'lever-L1-codes', 'no-unit']);
    expect(section).toMatchObject({ id: 'method', kind: 'method', title: 'Method and provenance' });
    const tables = Object.fromEntries(section.blocks.flatMap((b) => (b.type === 'table' ? [[b.id, b.table]] : [])));
    expect(Object.keys(tables)).toEqual(['method-settings', 'method-inputs', 'method-codebook', 'method-counts', 'method-units']);
    expect(tables['method-settings'].rows).toContainEqual({ setting: 'Software', value: 'hefboom 1.2.3' });
    expect(tables['method-settings'].rows).toContainEqual({ setting: 'Small-cell suppression', value: 'counts below 5 shown as <5' });
    expect(tables['method-settings'].rows).toContainEqual({ setting: 'Date', value: '(none)' });
    expect(tables['method-inputs'].rows).toEqual([{ path: 'codebook.yaml', kind: 'codebook', bytes: 10, sha256: 'ab' }]);
    expect(tables['method-codebook'].rows).toEqual([{ path: 'codebook.yaml', sha256: 'ab', codes: 30 }]);
    expect(tables['method-counts'].rows).toEqual([{ unit: 'documents', n: 9 }, { unit: 'skipped', n: 1 }]);
    expect(tables['method-units'].rows.map((r) => r.table)).toEqual(['overview-levers', 'lever-L1-codes', 'no-unit', 'method-settings', 'method-inputs', 'method-codebook', 'method-counts', 'method-units']);
    expect(tables['method-units'].rows[2]).toEqual({ table: 'no-unit', unit: '(not given)' });
    expect(Object.keys(units)).toHaveLength(5);
  });
});
