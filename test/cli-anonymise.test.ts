/**
 * `hefboom anonymise` as a user runs it, on fixtures/anonymise: a small childcare project whose
 * transcripts, project file, codebook, document table, segment table with offsets and its text file
 * are full of (invented) names of people, a site and an organisation; the map beside it; broken maps.
 * Names are looked for independently of src/ (own folding), in every variant, case and accent form.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { hefboom, json, repoRoot } from './run-cli.js';

const fixtures = join(repoRoot, 'fixtures', 'anonymise');
const project = join(fixtures, 'project');
const map = join(fixtures, 'pseudoniemen.yaml');
const VARIANTS = ['Sofie', 'Peeters', 'Jana', 'Claes', 'Zoë', 'Janssens', 'André', 'Maes', 'Hélène', 'Wouters', 'Speelboom', 'Zonneke'];

let tmp: string;
let n = 0;
const fresh = (name: string) => join(tmp, `${name}-${++n}`);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)])).sort();
}
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
/** Every mapped name in any case or accent form, in a file's path or text. */
function namesIn(dir: string): string[] {
  const found: string[] = [];
  for (const f of files(dir)) {
    const rel = relative(dir, f);
    const hay = fold(`${rel}\n${readFileSync(f, 'utf8')}`);
    for (const v of VARIANTS) if (new RegExp(`(?<![a-z0-9])${fold(v)}`).test(hay)) found.push(`${rel}: ${v}`);
  }
  return found;
}
const digest = (dir: string) => Object.fromEntries(files(dir).map((f) => [relative(dir, f), createHash('sha256').update(readFileSync(f)).digest('hex')]));

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hefboom-cli-anonymise-'));
});

describe('anonymise a project', () => {
  let out: string;
  let before: Record<string, string>;
  let run: ReturnType<typeof hefboom>;
  beforeAll(() => {
    before = digest(fixtures);
    out = fresh('gedeeld');
    run = hefboom(['anonymise', '-p', project, '--map', map, '--out', out, '--format', 'json']);
  });

  it('leaves no mapped name in any variant, case or accent form', () => {
    expect(run.code, run.stderr).toBe(0);
    // The input is full of them (the test can fail).
    expect(namesIn(project).length).toBeGreaterThan(20);
    expect(namesIn(out)).toEqual([]);
    expect(readFileSync(join(out, 'transcripts', 'ko1-interview-mentor-3.txt'), 'utf8')).toContain("Mentor 3: Cursist 4's map ligt bij Mentor 3’s bureau.");
  });

  it('never modifies the inputs', () => {
    expect(digest(fixtures)).toEqual(before);
  });

  it('keeps the offsets of the segment table on the same (replaced) words', () => {
    const text = [...readFileSync(join(out, 'teksten', 'gesprek-mentor-3.txt'), 'utf8')];
    const rows = readFileSync(join(out, 'segmenten.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(';'));
    expect(rows.map((r) => r[0])).toEqual(Array(6).fill('gesprek-mentor-3'));
    expect(rows.map((r) => text.slice(Number(r[1]), Number(r[2])).join(''))).toEqual([
      'Mentor 3: Cursist 4 kwam in september.',
      'Cursist 4 kwam in september',
      'Mentor 3 legde uit waarom we zo werken',
      'Mentor 3 legde', // the span started inside "Sofie": it now covers the whole pseudonym
      'Verantwoordelijke 1 stuurde bij.',
      'Hoe ging de start bij Organisatie A?',
    ]);
    expect(json(run).spans.remapped).toBe(6);
  });

  it('renames files with names and keeps document ids, tables and file names consistent; the copy is a valid project with the same counts', () => {
    expect(existsSync(join(out, 'transcripts', 'ko1-interview-mentor-3.txt'))).toBe(true);
    expect(readFileSync(join(out, 'transcripts', 'ko1-interview-mentor-3.txt'), 'utf8')).toContain('id: ko1-interview-mentor-3\n');
    expect(readFileSync(join(out, 'meta', 'documenten.csv'), 'utf8')).toContain('ko1-interview-mentor-3,KO1,Organisatie A,Mentor 3');
    expect(readFileSync(join(out, 'hefboom.yaml'), 'utf8')).toContain('speakers: { Mentor 3: mentor }');
    const v = hefboom(['validate', '-p', out, '--strict']);
    expect(v.code, v.stderr).toBe(0);
    const tally = (p: string) => json(hefboom(['tally', '-p', p, '--by', 'code', '--unit', 'codings', '--across', 'site', '--format', 'json'])).rows.map((r: { id: string; n: number }) => [r.id, r.n]);
    expect(tally(out)).toEqual(tally(project));
    // The front-matter site moved from "De Speelboom" to "KO1" in the columns.
    const cols = json(hefboom(['tally', '-p', out, '--across', 'site', '--format', 'json'])).columns.map((c: { id: string }) => c.id);
    expect(cols).toContain('KO1');
  });

  it('keeps code tags and speaker labels; a name used as a label becomes its pseudonym, which is a role', () => {
    const t = readFileSync(join(out, 'transcripts', 'ko1-interview-mentor-3.txt'), 'utf8');
    expect(t).toContain('#startprofiel');
    expect(t).toContain('\nInterviewer: Mentor 3, hoe begeleid je');
    expect(t).toMatch(/\nMentor 3: Cursist 4's map/);
  });

  it('summarises on stdout: files, replacements per kind, renamed files (new names only)', () => {
    const j = json(run);
    expect(j).toMatchObject({ command: 'anonymise', out, map: { entries: 7 }, files: { written: 7 } });
    expect(j.files.renamed).toEqual(['teksten/gesprek-mentor-3.txt', 'transcripts/ko1-interview-mentor-3.txt']);
    expect(j.replacements.total).toBe(j.replacements.byKind.person + j.replacements.byKind.site + j.replacements.byKind.organisation);
    expect(j.replacements.byKind.site).toBeGreaterThan(0);
    expect(j.replacements.byPseudonym['Mentor 3']).toBeGreaterThan(5);
    expect(run.stdout).not.toMatch(/sofie/i);
  });

  it('prints the summary in every format', () => {
    for (const [format, probe] of [['table', /replacements: site\s+\d+/], ['md', /\| replacements: person \|/], ['csv', /^what,n,detail/m], ['tsv', /^what\tn\tdetail/m]] as const) {
      const r = hefboom(['anonymise', project, '--map', map, '--out', fresh('fmt'), '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(probe);
    }
  });
});

describe('the map file is never written to the output', () => {
  it('skips the map when it lies inside the input folder', () => {
    const copy = fresh('project');
    cpSync(project, copy, { recursive: true });
    const inside = join(copy, 'prive', 'pseudoniemen.yaml');
    mkdirSync(join(copy, 'prive'));
    writeFileSync(inside, readFileSync(map));
    const out = fresh('uit');
    const r = hefboom(['anonymise', copy, '--map', inside, '--out', out, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const mapBytes = readFileSync(map);
    expect(files(out).filter((f) => readFileSync(f).equals(mapBytes))).toEqual([]);
    expect(files(out).some((f) => f.includes('prive'))).toBe(false);
    expect(json(r).files.skipped.map((s: { reason: string }) => s.reason)).toEqual(['the pseudonym map itself: never copied']);
    // Written in by hand, --check finds it.
    writeFileSync(join(out, 'kopie.yaml'), mapBytes);
    const c = hefboom(['anonymise', '--check', out, '--map', map, '--format', 'json']);
    expect(c.code).toBe(1);
    expect(json(c).findings.some((f: { where: string }) => f.where === 'the pseudonym map itself')).toBe(true);
  });
});

describe('--check', () => {
  it('exits 0 on the output and 1 on the input, listing file:line', () => {
    const out = fresh('check');
    expect(hefboom(['anonymise', project, '--map', map, '--out', out]).code).toBe(0);
    const ok = hefboom(['anonymise', '--check', out, '--map', map]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stderr).toContain('no mapped name found');
    const bad = hefboom(['anonymise', '--check', project, '--map', map, '--format', 'json']);
    expect(bad.code).toBe(1);
    const j = json(bad);
    expect(j.clean).toBe(false);
    expect(j.findings).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/ko1-interview-sofie\.txt$/), line: 8, pseudonym: 'Mentor 3', kind: 'person' }));
    expect(j.findings).toContainEqual(expect.objectContaining({ where: 'file name', pseudonym: 'Mentor 3' }));
    // Names themselves are not printed, only whose they are.
    expect(bad.stdout).not.toMatch(/"Sofie/);
  });
});

describe('transcripts given directly', () => {
  it('keeps a name inside a code tag, warns, and --check then finds it', () => {
    const dir = fresh('los');
    mkdirSync(dir);
    const f = join(dir, 'interview.txt');
    writeFileSync(f, 'Mentor 1: Ik vraag het aan Sofie. #sofie-methode\n\nCursist 1: ik praat met Bram en met Marleen erover.\n');
    const out = fresh('los-uit');
    const r = hefboom(['anonymise', f, '--map', map, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/interview\.txt: warning: 1 mapped name\(s\) are part of code ids/);
    expect(readFileSync(join(out, 'interview.txt'), 'utf8')).toBe('Mentor 1: Ik vraag het aan Mentor 3. #sofie-methode\n\nCursist 1: ik praat met Bram en met Marleen erover.\n');
    // Suggestions: count and first ones on stderr when no file is asked for.
    expect(r.stderr).toMatch(/2 capitalised word\(s\) may be names not in the map, e\.g\. Bram \(interview\.txt:3\), Marleen/);
    expect(hefboom(['anonymise', '--check', out, '--map', map]).code).toBe(1);
  });

  it('writes suggestions to --suggestions FILE outside the output, never into it', () => {
    const out = fresh('sugg-uit');
    const file = fresh('namen') + '.txt';
    const r = hefboom(['anonymise', project, '--map', map, '--out', out, '--suggestions', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^Marleen\t1\ttranscripts\/ko1-interview-mentor-3\.txt:14$/m);
    expect(readFileSync(file, 'utf8')).not.toMatch(/^Kind\b/m); // in the map's keep: list
    expect(r.stderr).not.toContain('Marleen');
    expect(files(out).some((f) => readFileSync(f, 'utf8').includes('may be names'))).toBe(false);
  });
});

describe('errors (exit 2, nothing written)', () => {
  const broken = (name: string) => join(fixtures, 'kapot', name);
  const fails = (args: string[], ...expected: (string | RegExp)[]) => {
    const out = fresh('fout');
    const r = hefboom(['anonymise', project, '--out', out, ...args]);
    expect(r.code, r.stderr).toBe(2);
    for (const e of expected) expect(r.stderr).toMatch(e);
    expect(existsSync(out)).toBe(false);
    return r;
  };

  it('without --map, or with a map that does not exist', () => {
    fails([], /--map FILE is required/);
    fails(['--map', join(fixtures, 'bestaat-niet.yaml')], /bestaat-niet\.yaml: error \[--map\]: the pseudonym map .* does not exist/);
  });
  it('a map with a YAML error names its line', () => {
    fails(['--map', broken('syntax.yaml')], /syntax\.yaml:\d+:\d+: error: YAML syntax error/);
  });
  it('an entry without pseudonym or without variants', () => {
    fails(['--map', broken('zonder-pseudoniem.yaml')], /zonder-pseudoniem\.yaml:3: error: entry 2 has no `pseudonym:`/, /hint: add the name to write instead/);
    fails(['--map', broken('zonder-varianten.yaml')], /zonder-varianten\.yaml:3: error: entry "Cursist 4" has no `variants:`/);
  });
  it('the same variant under two pseudonyms', () => {
    fails(['--map', broken('dubbele-variant.yaml')], /dubbele-variant\.yaml:3: error \[variants\]: variant "sofie" is listed under "Mentor 3" \(line 2\) and under "Mentor 4"/);
  });
  it('a variant that would match inside a pseudonym', () => {
    fails(['--map', broken('variant-in-pseudoniem.yaml')], /variant-in-pseudoniem\.yaml:3: error \[variants\]: variant "Mentor" of "KO1" occurs inside the pseudonym "Mentor 3"/);
  });
  it('--out equal to or inside an input, or an input inside --out', () => {
    const r1 = hefboom(['anonymise', project, '--map', map, '--out', project]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/--out .* is the same as the input/);
    const r2 = hefboom(['anonymise', project, '--map', map, '--out', join(project, 'anoniem')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/--out .* is inside the input/);
    expect(existsSync(join(project, 'anoniem'))).toBe(false);
  });
  it('a non-empty --out without --force; with --force it is replaced', () => {
    const out = fresh('vol');
    mkdirSync(out);
    writeFileSync(join(out, 'oud.txt'), 'oud');
    const r = hefboom(['anonymise', project, '--map', map, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists and is not empty.*\n.*--force/);
    expect(readFileSync(join(out, 'oud.txt'), 'utf8')).toBe('oud');
    const f = hefboom(['anonymise', project, '--map', map, '--out', out, '--force']);
    expect(f.code, f.stderr).toBe(0);
    expect(existsSync(join(out, 'oud.txt'))).toBe(false);
    expect(existsSync(join(out, 'hefboom.yaml'))).toBe(true);
  });
  it('a map inside --out (it would be replaced)', () => {
    const out = fresh('prive');
    mkdirSync(out);
    writeFileSync(join(out, 'namen.yaml'), readFileSync(map));
    const r = hefboom(['anonymise', project, '--map', join(out, 'namen.yaml'), '--out', out, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the map .* is inside --out/);
    expect(existsSync(join(out, 'namen.yaml'))).toBe(true);
  });
  it('--suggestions inside --out', () => {
    const out = fresh('s');
    const r = hefboom(['anonymise', project, '--map', map, '--out', out, '--suggestions', join(out, 'namen.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--suggestions .* is inside --out/);
  });
  it('--check on a folder that does not exist', () => {
    const r = hefboom(['anonymise', '--check', join(tmp, 'nergens'), '--map', map]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--check .* is not a folder/);
  });
});
