import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInside, findProjectFile, guessFormat, loadProjectFile } from './project.js';

function project(yaml: string): ReturnType<typeof loadProjectFile> {
  const dir = mkdtempSync(join(tmpdir(), 'hefboom-project-'));
  writeFileSync(join(dir, 'hefboom.yaml'), yaml);
  return loadProjectFile(join(dir, 'hefboom.yaml'));
}

describe('loadProjectFile', () => {
  it('reads a full project', () => {
    const { project: p, issues } = project('name: X\nlanguage: en\ncodebook: cb.yaml\nprimary_coder: A\ncoders: {A: [a1]}\nsources:\n  - path: t/*.txt\n    format: transcript\n    coder: A\n    attributes: {year: 2}\n');
    expect(issues).toEqual([]);
    expect(p).toMatchObject({ name: 'X', language: 'en', codebook: 'cb.yaml', primaryCoder: 'A', coders: { A: ['a1'] } });
    expect(p!.sources[0]).toMatchObject({ path: 't/*.txt', format: 'transcript', coder: 'A', attributes: { year: '2' }, line: 7 });
  });
  it('names an unknown key in a source entry with its line and the closest key', () => {
    const { issues } = project('sources:\n  - path: a.txt\n    formaat: transcript\n');
    expect(issues[0]).toMatchObject({ code: 'unknown-key', field: 'formaat', line: 3 });
    expect(issues[0].hint).toMatch(/^did you mean "format"/);
  });
  it('reads Word, OpenDocument and subtitle sources, their format told by the extension', () => {
    const { project: p, issues } = project('sources:\n  - path: a.docx\n  - path: b.odt\n    headings: ignore\n  - path: c.srt\n');
    expect(issues).toEqual([]);
    expect(p!.sources.map((s) => [s.format, s.headings])).toEqual([['docx', undefined], ['odt', 'ignore'], ['srt', undefined]]);
  });
  it('checks merge_gap_seconds (a number, for subtitle sources) and headings (section or ignore)', () => {
    expect(project('sources:\n  - path: a.vtt\n    format: vtt\n    merge_gap_seconds: twee\n').issues[0]).toMatchObject({ code: 'bad-value', field: 'merge_gap_seconds', line: 4 });
    expect(project('sources:\n  - path: a.vtt\n    merge_gap_seconds: 1.5\n').project!.sources[0]).toMatchObject({ format: 'vtt', merge_gap_seconds: 1.5 });
    expect(project('sources:\n  - path: a.txt\n    merge_gap_seconds: 2\n').issues[0]).toMatchObject({ severity: 'warning', code: 'unused-key', field: 'merge_gap_seconds' });
    expect(project('sources:\n  - path: a.srt\n    headings: kop\n').issues[0]).toMatchObject({ code: 'bad-value', field: 'headings', line: 3 });
  });
  it('suggests a format for a typo', () => {
    const { issues } = project('sources:\n  - path: a.txt\n    format: transcrpt\n');
    expect(issues[0].hint).toMatch(/"transcript"/);
  });
  it('takes the format from the extension when not given', () => {
    const { project: p, issues } = project('sources:\n  - path: a.md\n');
    expect(issues).toEqual([]);
    expect(p!.sources[0].format).toBe('transcript');
  });
  it('warns for a project without sources', () => {
    expect(project('name: leeg\n').issues.map((i) => i.code)).toEqual(['no-sources']);
    expect(project('pathways: [{path: r.csv, mapping: m.yaml}]\n').issues).toEqual([]);
    // A survey- or CRM-only project needs no transcripts.
    expect(project('crm: [{path: c.csv, mapping: m.yaml}]\n').issues).toEqual([]);
  });
  it('reads learner-register and stage entries, with their defaults and errors', () => {
    const r = project([
      'pathways:',
      '  - {path: data/register.csv, mapping: register.yaml, layout: event, delimiter: ";"}',
      '  - {path: data/mlp.xlsx, mapping: mlp.yaml, sheet: Export, name: mlp}',
      'stage:',
      '  - {path: data/stage.csv, definition: stage.yaml}',
    ].join('\n'));
    expect(r.issues).toEqual([]);
    expect(r.project.pathways.map((p) => [p.path, p.mapping, p.layout, p.name, p.delimiter, p.sheet])).toEqual([
      ['data/register.csv', 'register.yaml', 'event', 'register', ';', undefined],
      ['data/mlp.xlsx', 'mlp.yaml', 'person', 'mlp', undefined, 'Export'],
    ]);
    expect(r.project.stage.map((p) => [p.path, p.definition, p.name])).toEqual([['data/stage.csv', 'stage.yaml', 'stage']]);
    const bad = project('pathways: [{path: r.csv, layout: rows}]\nstage: [{path: s.csv, defintion: s.yaml}]\n');
    expect(bad.issues.map((i) => [i.line, i.code])).toEqual([[1, 'missing-key'], [1, 'bad-value'], [2, 'unknown-key'], [2, 'missing-key']]);
  });
  it('reads survey, CRM and MeMoQ-score entries', () => {
    const r = project([
      'surveys:',
      '  - {path: data/m.csv, kind: staff, definition: s.yaml, join: {trajectory: traject_id}, window: "2023-02-01..15/05/2023"}',
      '  - {path: data/c.xlsx, kind: coach, definition: c.yaml, join: {coach_id: coach}, invited: 46, sheet: Coaches}',
      'crm:',
      '  - {path: data/crm.csv, mapping: m.yaml, unit: contact, encoding: windows-1252, delimiter: ";"}',
      'memoq_scores:',
      '  - {path: data/memoq.csv, columns: {location: Opvang}}',
    ].join('\n'));
    expect(r.issues).toEqual([]);
    const p = r.project!;
    expect(p.surveys.map((s) => [s.name, s.kind, s.join])).toEqual([['m', 'staff', { trajectory: 'traject_id' }], ['c', 'coach', { coach: 'coach' }]]);
    expect(p.surveys[0].window).toEqual({ since: 19389, until: 19492 }); // days since 1970 of 2023-02-01 and 2023-05-15
    expect(p.surveys[1]).toMatchObject({ invited: 46, sheet: 'Coaches' });
    expect(p.crm[0]).toMatchObject({ unit: 'contact', encoding: 'windows-1252', delimiter: ';' });
    expect(p.memoqScores[0].columns).toEqual({ location: 'Opvang' });
  });
  it('names the line of a bad survey or CRM entry', () => {
    const codes = (text: string) => project(text).issues.map((i) => [i.code, i.line, i.field]);
    expect(codes('surveys:\n  - {path: a.csv, kind: staf, definition: d.yaml}\n')).toEqual([['bad-value', 2, 'kind']]);
    expect(codes('surveys:\n  - {path: a.csv}\n')).toEqual([['missing-key', 2, undefined]]);
    expect(codes('surveys:\n  - {path: a.csv, definition: d.yaml, window: "1/2/2023 - 15/5/2023"}\n')).toEqual([['bad-value', 2, 'window']]);
    expect(codes('surveys:\n  - {path: a.csv, definition: d.yaml, join: {traject: respondent}}\n')).toEqual([['bad-value', 2, 'join']]);
    expect(codes('crm:\n  - path: c.csv\n    mapping: m.yaml\n    unit: contactmoment\n')).toEqual([['bad-value', 4, 'unit']]);
    expect(codes('crm:\n  - {path: ../c.csv, mapping: m.yaml}\n')[0][0]).toBe('path-escapes-project');
  });
  it('a segments source needs a column mapping with codes', () => {
    expect(project('sources:\n  - path: s.csv\n    format: segments\n').issues.map((i) => i.code)).toContain('missing-key');
    expect(project('sources:\n  - path: s.csv\n    format: segments\n    columns: {text: T}\n').issues.map((i) => i.code)).toContain('missing-key');
  });
  it('rejects a bad encoding name and a bad suppress_below', () => {
    expect(project('sources:\n  - path: a.txt\n    encoding: klingon\n').issues[0].code).toBe('bad-value');
    expect(project('report: {suppress_below: -1}\nsources: []\n').issues[0].code).toBe('bad-value');
  });
});

describe('paths stay inside the project', () => {
  const root = mkdtempSync(join(tmpdir(), 'hefboom-inside-'));
  mkdirSync(join(root, 'data'));
  it('accepts relative paths inside, refuses .. and absolute paths', () => {
    expect(checkInside(root, 'data/x.csv', 'p', 1, 'path')).toBeUndefined();
    expect(checkInside(root, '../x.csv', 'p', 1, 'path')?.code).toBe('path-escapes-project');
    expect(checkInside(root, '/etc/passwd', 'p', 1, 'path')?.code).toBe('path-escapes-project');
    expect(checkInside(root, 'data/../../x', 'p', 1, 'path')?.code).toBe('path-escapes-project');
  });
  it('refuses a symlink that points outside', () => {
    const outside = mkdtempSync(join(tmpdir(), 'hefboom-outside-'));
    symlinkSync(outside, join(root, 'link'));
    expect(checkInside(root, 'link', 'p', 1, 'path')?.code).toBe('path-escapes-project');
  });
});

describe('finding the project', () => {
  it('walks upward to the nearest hefboom.yaml', () => {
    const root = mkdtempSync(join(tmpdir(), 'hefboom-up-'));
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'hefboom.yaml'), 'sources: []\n');
    expect(findProjectFile(join(root, 'a', 'b'))).toBe(join(root, 'hefboom.yaml'));
  });
  it('guesses formats from extensions', () => {
    expect(['x.txt', 'x.MD', 'x.csv', 'x.qdpx', 'x.vtt', 'x.pdf'].map(guessFormat)).toEqual(['transcript', 'transcript', 'segments', 'qdpx', 'vtt', undefined]);
  });
});

describe('words:', () => {
  it('reads the stopwords file and refuses unknown keys under words:', () => {
    const ok = project('words:\n  stopwords: extra.txt\nsources:\n  - path: a.txt\n');
    expect(ok.issues).toEqual([]);
    expect(ok.project!.words).toEqual({ stopwords: 'extra.txt' });
    const bad = project('words:\n  stopwoorden: extra.txt\nsources:\n  - path: a.txt\n');
    expect(bad.issues[0]).toMatchObject({ code: 'unknown-key', line: 2 });
    expect(bad.issues[0].hint).toMatch(/stopwords/);
  });
});
