/**
 * Every bad input of the foundation issue, through the CLI as a user meets it: the message names the
 * file and line, the exit code is 2 for errors, warnings keep 0 unless --strict, and `validate` lists
 * everything at once. Fixtures: fixtures/projects/.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hefboom, json, repoRoot } from './run-cli.js';

const kapot = 'fixtures/projects/kapot';

interface Issue { severity: string; file: string; line?: number; column?: number; field?: string; code: string; message: string; hint?: string }

describe('validate lists every error of a broken project at once', () => {
  const r = hefboom(['validate', '-p', kapot, '--format', 'json']);
  const out = json<{ ok: boolean; errors: number; issues: Issue[] }>(r);
  const find = (code: string, pred: (i: Issue) => boolean = () => true) => out.issues.filter((i) => i.code === code && pred(i));

  it('exits 2 and says not ok', () => {
    expect(r.code).toBe(2);
    expect(out.ok).toBe(false);
    expect(out.errors).toBeGreaterThanOrEqual(12);
  });
  it('unknown key in the project file: key, line and the closest valid key', () => {
    const [i] = find('unknown-key', (x) => x.field === 'primary_codr');
    expect(i).toMatchObject({ severity: 'error', file: join(kapot, 'hefboom.yaml'), line: 5 });
    expect(i.hint).toContain('primary_coder');
  });
  it('a project path that escapes the project folder', () => {
    const [i] = find('path-escapes-project');
    expect(i).toMatchObject({ severity: 'error', line: 7 });
    expect(i.message).toContain('../buiten.csv');
  });
  it('duplicate code ids in the codebook', () => {
    const [i] = find('duplicate-code');
    expect(i.file).toBe(join(kapot, 'codebook.yaml'));
    expect(i.message).toContain('feedback');
    expect(i.line).toBe(8);
  });
  it('a code whose parent does not exist', () => {
    const [i] = find('unknown-parent');
    expect(i.message).toContain('strategieen');
    expect(i.line).toBeGreaterThanOrEqual(11);
  });
  it('a lever and a MeMoQ node that do not exist', () => {
    const nodes = find('unknown-framework-node');
    expect(nodes.map((n) => n.message).join(' ')).toContain('L8');
    expect(nodes.map((n) => n.message).join(' ')).toContain('welzijn-kind');
  });
  it('unknown code id in a transcript, with the nearest ids', () => {
    const [i] = find('unknown-code');
    expect(i).toMatchObject({ file: join(kapot, 'transcripts/onbekende-code.txt'), line: 7 });
    expect(`${i.message} ${i.hint ?? ''}`).toContain('feedback');
  });
  it('malformed front matter with its line', () => {
    const [i] = find('malformed-front-matter');
    expect(i.file).toBe(join(kapot, 'transcripts/kapotte-kop.txt'));
    expect(i.line).toBeGreaterThanOrEqual(2);
    expect(i.line).toBeLessThanOrEqual(4);
  });
  it('a CSV without a mapped column names the columns found', () => {
    const [i] = find('missing-column');
    expect(i.file).toBe(join(kapot, 'segmenten-kolom.csv'));
    expect(i.message).toContain('Doc');
    expect(i.message).toContain('Document');
  });
  it('a ragged CSV row with its line', () => {
    const [i] = find('ragged-row');
    expect(i).toMatchObject({ file: join(kapot, 'segmenten-rafelig.csv'), line: 3 });
  });
  it('undecodable bytes say which encoding to set', () => {
    const [i] = find('bad-encoding');
    expect(i).toMatchObject({ file: join(kapot, 'segmenten-ansi.csv'), line: 2 });
    expect(`${i.message} ${i.hint}`).toContain('windows-1252');
  });
  it("two coders' copies of a document whose texts differ", () => {
    const [i] = find('coder-text-differs');
    expect(i.message).toContain('dubbel');
    expect(i.message).toContain('paragraph 2');
  });
});

describe('errors stop analysis commands with exit 2 and no output', () => {
  it('tally stops at errors in the project file, naming file and line', () => {
    const r = hefboom(['tally', '-p', kapot]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/kapot\/hefboom\.yaml:5: error \[primary_codr\]: unknown key/);
    expect(r.stderr).toContain('nothing was written');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
  it('tally stops at an unknown code with file:line:column and the nearest ids', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-code-'));
    writeFileSync(join(dir, 'hefboom.yaml'), 'codebook: codebook.yaml\nsources:\n  - path: "*.txt"\n    format: transcript\n');
    writeFileSync(join(dir, 'codebook.yaml'), 'codes:\n  - id: voordoen\n    label: Voordoen\n    levers: [L6]\n');
    writeFileSync(join(dir, 'a.txt'), 'Mentor 1: Ik doe het voor. #voordoen\n\nMentor 1: Ik toon het nog eens. #voordoenn\n');
    const r = hefboom(['tally'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^a\.txt:3:\d+: error: .*#voordoenn.*voordoen/m);
  });
  it('a YAML syntax error names line and column', () => {
    const r = hefboom(['tally', '-p', 'fixtures/projects/yaml-syntax']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hefboom\.yaml:\d+:\d+: error: YAML syntax error/);
  });
  it('validate --format json still reports a project file it cannot parse', () => {
    const r = hefboom(['validate', '-p', 'fixtures/projects/yaml-syntax', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(json<{ issues: Issue[] }>(r).issues[0].code).toBe('yaml-syntax');
  });
  it('no project anywhere is a usage error with a hint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-none-'));
    const r = hefboom(['tally'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hefboom init');
  });
  it('unknown option and unknown --by framework are usage errors', () => {
    expect(hefboom(['tally', '--bogus']).code).toBe(2);
    const r = hefboom(['tally', '-p', 'examples/werkplekleren', '--by', 'fw:levrs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fw:levers');
  });
  it('an unknown lever in --lever suggests the right one', () => {
    const r = hefboom(['quotes', '-p', 'examples/werkplekleren', '--lever', 'L9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown levers node "L9"/);
  });
});

describe('warnings keep exit 0, --strict makes them errors', () => {
  const p = 'fixtures/projects/waarschuwingen';
  it('tally succeeds and reports the warnings on stderr', () => {
    const r = hefboom(['tally', '-p', p, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Opmerking');
    expect(r.stderr).toMatch(/leeg\.txt.*warning/);
    expect(r.stderr).toMatch(/none of whom is the primary coder; using Annelies/);
    expect(json(r).provenance.warnings).toBe(4); // the unknown label once in each coder's copy
  });
  it('validate lists the warnings with their kinds and exits 0', () => {
    const r = hefboom(['validate', '-p', p, '--format', 'json']);
    expect(r.code).toBe(0);
    const codes = json<{ issues: Issue[] }>(r).issues.map((i) => i.code).sort();
    expect(codes).toEqual(['empty-transcript', 'no-primary-coder', 'unknown-speaker-label', 'unknown-speaker-label']);
  });
  it('--strict turns them into errors (exit 2)', () => {
    expect(hefboom(['--strict', 'tally', '-p', p]).code).toBe(2);
    expect(hefboom(['validate', '--strict', '-p', p]).code).toBe(2);
  });
  it('--coder chooses between the two coders', () => {
    const a = json(hefboom(['tally', '-p', p, '--by', 'lever', '--coder', 'Annelies', '--format', 'json']));
    const b = json(hefboom(['tally', '-p', p, '--by', 'lever', '--coder', 'Bert', '--format', 'json']));
    const l3 = (x: any) => x.rows.find((r: any) => r.id === 'L3').n;
    expect(l3(a)).toBe(1);
    expect(l3(b)).toBe(1);
    const l6 = (x: any) => x.rows.find((r: any) => r.id === 'L6').n;
    expect(l6(a)).toBe(1);
    expect(l6(b)).toBe(1);
    expect(a.denominator.total).toBe(3);
  });
});

describe('no input file is ever written', () => {
  it('running every command leaves the example project byte-identical', () => {
    const dir = join(repoRoot, 'examples/werkplekleren');
    const snapshot = () => {
      const out: Record<string, string> = {};
      const walk = (d: string) => {
        for (const f of readdirSync(d)) {
          const p = join(d, f);
          if (statSync(p).isDirectory()) walk(p);
          else out[p] = createHash('sha256').update(readFileSync(p)).digest('hex');
        }
      };
      walk(dir);
      return out;
    };
    const before = snapshot();
    for (const args of [['validate'], ['tally', '--across', 'role'], ['quotes', '--lever', 'L3'], ['codebook', '--check'], ['frameworks']]) {
      hefboom([...args, '-p', 'examples/werkplekleren']);
    }
    expect(snapshot()).toEqual(before);
  });
});

describe('init and ad-hoc use', () => {
  it('init writes a project that runs as is; init again refuses', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hefboom-init-')), 'x');
    const r = hefboom(['init', dir]);
    expect(r.code).toBe(0);
    const v = hefboom(['validate', '-p', dir, '--format', 'json']);
    expect(json(v).errors).toBe(0);
    const t = hefboom(['tally', '-p', dir, '--format', 'json']);
    expect(t.code).toBe(0);
    expect(json(t).rows).toHaveLength(7);
    expect(json(t).denominator.total).toBeGreaterThan(5);
    const again = hefboom(['init', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
  it('tally on a single transcript without a project', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-adhoc-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'some.txt'), 'Mentor 1: Ik doe het voor. #voordoen #L6\n\nCursist 2: Ik probeer het daarna zelf. #zelf-proberen\n\nVeldnotitie zonder spreker.\n');
    const r = hefboom(['tally', 'some.txt', '--by', 'code', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = json(r);
    expect(out.denominator.total).toBe(3);
    expect(Object.fromEntries(out.rows.map((x: any) => [x.id, x.n]))).toEqual({ voordoen: 1, 'zelf-proberen': 1 });
    const lev = json(hefboom(['tally', 'some.txt', '--format', 'json'], { cwd: dir }));
    expect(lev.rows.find((x: any) => x.id === 'L6').n).toBe(1);
  });
});
