/**
 * The CLI as a user runs it on the example project: acceptance points of the foundation issue and
 * the output conventions (formats, --out, excel-nl, help, version, stdout/stderr separation).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { hefboom, json, repoRoot } from './run-cli.js';

const ex = ['-p', 'examples/werkplekleren'];

describe('quotes', () => {
  it('--lever L3 --role cursist --best 3 prints 3 quotes with file:line', () => {
    const r = hefboom(['quotes', ...ex, '--lever', 'L3', '--role', 'cursist', '--best', '3']);
    expect(r.code).toBe(0);
    const provenance = r.stdout.match(/^\[\d\] transcripts\/[\w.-]+\.(txt|md):\d+ · /gm) ?? [];
    expect(provenance).toHaveLength(3);
    expect(r.stderr).toContain('3 of 9 matching');
  });
  it('the three exemplars come from three different documents (spread rule)', () => {
    const out = json(hefboom(['quotes', ...ex, '--lever', 'L3', '--role', 'cursist', '--best', '3', '--format', 'json']));
    expect(out.quotes).toHaveLength(3);
    expect(new Set(out.quotes.map((q: any) => q.document)).size).toBe(3);
    for (const q of out.quotes) {
      expect(q.speaker.role).toBe('cursist');
      expect(q.provenance).toBe(`${q.file}:${q.line}`);
    }
  });
  it('filters by code (with subcodes), attribute and regex', () => {
    const all = json(hefboom(['quotes', ...ex, '--where', 'site=KO1', '--format', 'json']));
    expect(all.matched).toBeGreaterThan(5);
    expect(all.quotes.every((q: any) => q.attributes.site === 'KO1')).toBe(true);
    const grep = json(hefboom(['quotes', ...ex, '--grep', 'koffie', '--format', 'json']));
    expect(grep.quotes.length).toBeGreaterThan(0);
    expect(grep.quotes.every((q: any) => /koffie/i.test(q.text))).toBe(true);
  });
  it('a timestamped excerpt shows its time', () => {
    const out = json(hefboom(['quotes', ...ex, '--grep', '.', '--where', 'document=ko1-interview-verantwoordelijke', '--format', 'json']));
    expect(out.quotes.some((q: any) => /@00:12:31$/.test(q.provenance))).toBe(true);
  });
});

describe('tally output formats', () => {
  it('md has a pipe table and the notes', () => {
    const r = hefboom(['tally', ...ex, '--format', 'md']);
    expect(r.stdout).toMatch(/^\| id \| hefboom \| n \| % \|$/m);
    expect(r.stdout).toMatch(/^\| L3 \| Warm en veilig leerklimaat \| 18 \| 21\.2% \|$/m);
    expect(r.stdout).toContain('*Eenheid: fragmenten');
  });
  it('csv keeps numbers as numbers and writes no notes', () => {
    const r = hefboom(['tally', ...ex, '--across', 'role', '--format', 'csv']);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('id,hefboom,Kinderbegeleider,Verantwoordelijke,Mentor,Externe mentor,Cursist,Leerkracht ⚑,Pedagogisch coach ⚑,Onderzoeker,n,%');
    expect(lines[3]).toBe('L3,Warm en veilig leerklimaat,3,3,1,1,9,0,0,1,18,21.2');
    expect(r.stdout).not.toContain('Eenheid');
  });
  it('excel-nl: BOM, semicolons and decimal commas', () => {
    const r = hefboom(['tally', ...ex, '--format', 'csv', '--csv-dialect', 'excel-nl']);
    expect(r.stdout.charCodeAt(0)).toBe(0xfeff);
    expect(r.stdout).toContain('L3;Warm en veilig leerklimaat;18;21,2');
  });
  it('tsv uses tabs', () => {
    expect(hefboom(['tally', ...ex, '--format', 'tsv']).stdout).toContain('L3\tWarm en veilig leerklimaat\t18\t21.2');
  });
  it('--lang en switches labels', () => {
    const out = json(hefboom(['tally', ...ex, '--lang', 'en', '--format', 'json']));
    expect(out.rows[2].label).toBe('Warm and safe learning climate');
  });
  it('--out writes the file atomically and nothing to stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-out-'));
    const file = join(dir, 'sub', 'tally.json');
    const r = hefboom(['tally', ...ex, '--format', 'json', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8')).rows).toHaveLength(7);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['tally.json']);
  });
  it('an unknown --format is a usage error naming the formats', () => {
    const r = hefboom(['tally', ...ex, '--format', 'xlsx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('table, md, csv, tsv, json');
  });
  it('no colour escapes when stdout is not a terminal', () => {
    expect(hefboom(['tally', ...ex], { env: { NO_COLOR: '' } }).stdout).not.toMatch(/\x1b\[/);
  });
});

describe('tally variants on the example', () => {
  it('by memoq lists all six dimensions, zero rows kept', () => {
    const out = json(hefboom(['tally', ...ex, '--by', 'memoq', '--format', 'json']));
    expect(out.rows.map((r: any) => r.id)).toEqual(['welbevinden', 'betrokkenheid', 'emotionele-ondersteuning', 'educatieve-ondersteuning', 'omgeving', 'gezinnen-diversiteit']);
    for (const r of out.rows) expect(r.n).toBeGreaterThan(0);
  });
  it('site comes from the documents table where front matter lacks it: no missing sites', () => {
    const out = json(hefboom(['tally', ...ex, '--across', 'site', '--format', 'json']));
    expect(Object.keys(out.denominator.columns)).toEqual(['extern', 'KO1', 'KO2', 'KO3', 'KO4']);
  });
  it('the second coder gives different counts for the double-coded documents', () => {
    const a = json(hefboom(['tally', ...ex, '--coder', 'Annelies', '--format', 'json']));
    const b = json(hefboom(['tally', ...ex, '--coder', 'Bert', '--format', 'json']));
    expect(b.provenance.documents).toBe(9);
    expect(b.denominator.total).toBeLessThan(a.denominator.total); // Bert coded 2 of 9 documents
    expect(b.denominator.total).toBe(20);
  });
  it('suppression replaces small breakdown cells by <5 and keeps totals', () => {
    const out = json(hefboom(['tally', ...ex, '--across', 'site', '--suppress-below', '5', '--format', 'json']));
    const l3 = out.rows.find((r: any) => r.id === 'L3');
    expect(l3.n).toBe(18);
    const cells = Object.values(l3.cells);
    expect(cells.some((c) => c === '<5')).toBe(true);
    for (const c of cells) expect(c === '<5' || c === 0 || (typeof c === 'number' && c >= 5)).toBe(true);
  });
  it('--unit speakers and --unit documents give smaller denominators', () => {
    const s = json(hefboom(['tally', ...ex, '--unit', 'speaker', '--format', 'json']));
    const d = json(hefboom(['tally', ...ex, '--unit', 'documents', '--format', 'json']));
    expect(d.denominator.total).toBe(9);
    expect(s.denominator.total).toBeGreaterThan(9);
    expect(s.denominator.total).toBeLessThan(85);
  });
});

describe('help and version', () => {
  it('--help leads with examples, for the program and each command', () => {
    expect(hefboom(['--help']).stdout.trimStart().startsWith('Examples:')).toBe(true);
    for (const c of ['init', 'validate', 'frameworks', 'codebook', 'tally', 'quotes', 'stats', 'stats alpha', 'stats ols']) {
      const r = hefboom([...c.split(' '), '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout.trimStart().startsWith('Examples:')).toBe(true);
    }
  });
  it('--version prints the package version', () => {
    const r = hefboom(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
  it('frameworks levers lists 7 levers and 27 tips', () => {
    const out = json(hefboom(['frameworks', 'levers', '--format', 'json']));
    expect(out.framework.nodes).toHaveLength(7);
    expect(out.framework.nodes.reduce((n: number, l: any) => n + l.children.length, 0)).toBe(27);
  });
  it('codebook --check on the example finds nothing (exit 0); on a project with an unused code exit 1', () => {
    expect(hefboom(['codebook', ...ex, '--check']).code).toBe(0);
    const r = hefboom(['codebook', '-p', 'fixtures/projects/codeboek-check', '--check', '--format', 'json']);
    expect(existsSync('fixtures/projects/codeboek-check/hefboom.yaml')).toBe(true);
    expect(r.code).toBe(1);
    const out = json(r);
    expect(out.check.unused).toEqual(['ongebruikt']);
    expect(out.check.undefined).toEqual([{ id: 'zelf-proberen', uses: 1 }]);
    // Without --check the undefined code is an error, as in every other command.
    expect(hefboom(['codebook', '-p', 'fixtures/projects/codeboek-check']).code).toBe(2);
  });
});

describe('parallel scan', () => {
  it('worker threads give byte-identical output to the serial scan', () => {
    for (const args of [['--across', 'role'], ['--by', 'code', '--unit', 'speakers', '--across', 'site'], ['--by', 'memoq', '--unit', 'documents']]) {
      const serial = hefboom(['tally', ...ex, ...args, '--format', 'json'], { env: { HEFBOOM_WORKERS: '0' } });
      const parallel = hefboom(['tally', ...ex, ...args, '--format', 'json'], { env: { HEFBOOM_WORKERS: '3' } });
      expect(parallel.code).toBe(0);
      expect(parallel.stdout).toBe(serial.stdout);
    }
  });
  it('warnings and the coder rule are the same in parallel', () => {
    const p = ['-p', 'fixtures/projects/waarschuwingen', '--format', 'json'];
    const serial = hefboom(['tally', ...p], { env: { HEFBOOM_WORKERS: '0' } });
    const parallel = hefboom(['tally', ...p], { env: { HEFBOOM_WORKERS: '2' } });
    expect(parallel.stdout).toBe(serial.stdout);
    expect(parallel.stderr).toBe(serial.stderr);
  });
});

describe('stdin', () => {
  it('"-" reads one transcript from stdin, with <stdin>:line provenance', () => {
    const input = 'Mentor 2: Ik doe het voor. #L6\n\nCursist 1: Ik kijk eerst mee. #L3\n';
    const t = json(hefboom(['tally', '-', '--format', 'json'], { input }));
    expect(t.rows.find((r: any) => r.id === 'L3').n).toBe(1);
    const q = json(hefboom(['quotes', '-', '--lever', 'L3', '--format', 'json'], { input }));
    expect(q.quotes.map((x: any) => x.provenance)).toEqual(['<stdin>:3']);
  });
});

describe('pipes', () => {
  it('output cut short by `head` ends quietly, without a stack trace', () => {
    // ~400 KB of quotes: far more than a pipe buffer, so the writer must meet the closed pipe.
    const transcript = Array.from({ length: 2000 }, (_, i) => `Mentor ${i % 9 + 1}: Ik doe het voor en leg uit waarom het zo moet, stap voor stap. #L6`).join('\n\n');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" bin/hefboom.js quotes - --format json | head -1`], { cwd: repoRoot, encoding: 'utf8', input: transcript, env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout.trim()).toBe('{');
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});
