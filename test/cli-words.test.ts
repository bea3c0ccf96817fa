/**
 * `hefboom words` and `hefboom kwic` as a user runs them: ad-hoc transcripts written here, the example
 * project, every output format, the stopword files, and the error paths (exit 2, file/line/flag named).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hefboom, json, repoRoot } from './run-cli.js';

const ex = ['-p', 'examples/werkplekleren'];
let dir = '';
let gesprek = '';

const GESPREK = `---
id: gesprek
site: KO9
---
Mentor 2: De begeleiding van een cursist vraagt tijd. #feedback
Ik heb veel ideeën over begeleidingen en de begeleiding. 😀 Kinder-begeleiders ook.

Cursist: Ik vind de begeleiding goed, en zo'n begeleiding helpt. Het is je eerste stage, 2,5 dagen per week.

Onderzoeker: Welke ideeën heb je nog? Wat zegt de Coördinator?
`;

/** RFC 4180 records: quoted fields with "" escapes and newlines; enough to prove stdout is clean CSV. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (ch === '"') throw new Error(`stray quote in an unquoted field at ${i}`);
    else field += ch;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hefboom-words-'));
  gesprek = join(dir, 'gesprek.txt');
  writeFileSync(gesprek, GESPREK);
});

describe('hefboom words', () => {
  it('--stem --format csv: stdout is only CSV with the documented header; messages go to stderr', () => {
    const r = hefboom(['words', gesprek, '--stem', '--format', 'csv']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(rows[0]).toEqual(['rank', 'word', 'stem', 'forms', 'n', 'per 1000 tokens', 'excerpts', '% excerpts', 'documents']);
    for (const row of rows) expect(row).toHaveLength(9);
    const byWord = new Map(rows.slice(1).map((row) => [row[1], row]));
    // begeleiding (×4) and begeleidingen (×1) are one stem, shown by its most frequent form
    expect(byWord.get('begeleiding')).toEqual(['1', 'begeleiding', 'begeleid', 'begeleiding 4, begeleidingen 1', '5', expect.any(String), '2', expect.any(String), '1']);
    expect(byWord.has('begeleidingen')).toBe(false);
    // ideeën stays whole (not idee + n); the hyphenated compound too
    expect(byWord.get('ideeën')?.[4]).toBe('2');
    expect(byWord.has('kinder-begeleiders')).toBe(true);
    for (const stop of ['de', 'het', 'je', 'is', 'ik', "zo'n"]) expect(byWord.has(stop), stop).toBe(false);
    // speaker labels are not text: "Mentor" and "Onderzoeker" appear only as labels
    expect(byWord.has('mentor')).toBe(false);
    expect(byWord.has('onderzoeker')).toBe(false);
    // tags are not text either, nor numbers (without --numbers), nor emoji
    expect(byWord.has('feedback')).toBe(false);
    expect([...byWord.keys()].some((w) => /\d|😀/u.test(w))).toBe(false);
    expect(r.stdout).not.toMatch(/Stopwo|Eenheid|tokens in/);
    expect(r.stderr).toMatch(/^\d+ word tokens in 3 excerpt\(s\) from 1 document\(s\); \d+ of \d+ stems shown$/m);
  });
  it('json: documented keys, the denominator and the stopword provenance', () => {
    const out = json(hefboom(['words', gesprek, '--format', 'json']));
    expect(Object.keys(out)).toEqual(['hefboom', 'command', 'stem', 'by', 'coder', 'selection', 'stopwords', 'numbers', 'minCount', 'top',
      'denominator', 'dropped', 'eligible', 'words', 'notes', 'provenance']);
    expect(out.command).toBe('words');
    expect(out.denominator).toEqual({ documents: 1, excerpts: 3, tokens: expect.any(Number) });
    expect(out.dropped.numbers).toBe(1);
    const w = out.words.find((x: any) => x.word === 'begeleiding');
    expect(w).toEqual({ rank: 1, word: 'begeleiding', stem: null, forms: [{ form: 'begeleiding', n: 4 }], n: 4,
      perThousand: (1000 * 4) / out.denominator.tokens, excerpts: 2, excerptPercent: (100 * 2) / 3, documents: 1 });
    expect(out.stopwords).toMatchObject({ builtin: true, files: [] });
  });
  it('table, md and tsv carry the same rows; table and md show the notes', () => {
    const table = hefboom(['words', gesprek, '--top', '3']);
    expect(table.stdout).toMatch(/^\s+1\s+begeleiding\s+4\s/m);
    expect(table.stdout).toContain('Stopwoorden weggelaten');
    const md = hefboom(['words', gesprek, '--top', '3', '--format', 'md']);
    expect(md.stdout).toMatch(/^\| 1 \| begeleiding \| 4 \|/m);
    const tsv = hefboom(['words', gesprek, '--top', '3', '--format', 'tsv']);
    expect(tsv.stdout.split('\n')[1].split('\t').slice(0, 3)).toEqual(['1', 'begeleiding', '4']);
  });
  it('--numbers counts numbers; --no-stopwords counts every word; --min-count and --top cut', () => {
    const nums = json(hefboom(['words', gesprek, '--numbers', '--format', 'json', '--top', '0']));
    expect(nums.words.some((w: any) => w.word === '2,5')).toBe(true);
    const all = json(hefboom(['words', gesprek, '--no-stopwords', '--format', 'json', '--top', '0']));
    expect(all.words.find((w: any) => w.word === 'de').n).toBe(4);
    expect(all.stopwords.builtin).toBe(false);
    const min = json(hefboom(['words', gesprek, '--min-count', '2', '--format', 'json', '--top', '0']));
    expect(min.words.every((w: any) => w.n >= 2)).toBe(true);
    expect(min.words.length).toBeLessThan(all.words.length);
    expect(json(hefboom(['words', gesprek, '--top', '2', '--format', 'json'])).words).toHaveLength(2);
  });
  it('--stopwords FILE adds words, !word keeps a listed one', () => {
    const file = join(dir, 'extra.txt');
    writeFileSync(file, '# eigen stopwoorden\nbegeleiding\n!het\n');
    const out = json(hefboom(['words', gesprek, '--stopwords', file, '--format', 'json', '--top', '0']));
    expect(out.words.some((w: any) => w.word === 'begeleiding')).toBe(false);
    expect(out.words.find((w: any) => w.word === 'het')?.n).toBe(1);
    expect(out.stopwords).toMatchObject({ files: [file], added: 1, kept: 1 });
  });
  it('reads `words: stopwords:` from the project file', () => {
    const proj = join(dir, 'project');
    mkdirSync(join(proj, 't'), { recursive: true });
    writeFileSync(join(proj, 't', 'gesprek.txt'), GESPREK.replace(' #feedback', '')); // no codebook here
    writeFileSync(join(proj, 'stop.txt'), 'stage\n');
    writeFileSync(join(proj, 'hefboom.yaml'), 'name: t\nsources:\n  - path: t/*.txt\n    format: transcript\nwords: { stopwords: stop.txt }\n');
    const r = hefboom(['words', '-p', proj, '--format', 'json', '--top', '0']);
    expect(r.stderr).not.toContain('not read');
    const out = json(r);
    expect(out.words.some((w: any) => w.word === 'stage')).toBe(false);
    expect(out.words.some((w: any) => w.word === 'tijd')).toBe(true);
    expect(out.stopwords.files).toHaveLength(1);
  });
  it('the primary-coder rule: double-coded documents count once; --coder picks one coder', () => {
    const all = json(hefboom(['words', ...ex, '--format', 'json']));
    expect(all.denominator).toMatchObject({ documents: 9, excerpts: 85 });
    const bert = json(hefboom(['words', ...ex, '--coder', 'Bert', '--format', 'json']));
    expect(bert.denominator.documents).toBe(2);
  });
  it('selection flags narrow the excerpts', () => {
    const out = json(hefboom(['words', ...ex, '--role', 'cursist', '--format', 'json']));
    expect(out.denominator.excerpts).toBe(13);
    expect(out.selection.roles).toEqual(['cursist']);
  });
});

describe('hefboom words --by (keyness)', () => {
  it('G² per group against the rest, recomputable from the counts in the output', () => {
    const out = json(hefboom(['words', ...ex, '--by', 'role', '--stem', '--direction', 'both', '--format', 'json']));
    expect(out.by).toBe('role');
    expect(out.groups.map((g: any) => g.id)).toEqual(['kinderbegeleider', 'verantwoordelijke', 'mentor', 'externe-mentor', 'cursist', 'leerkracht', 'pedagogisch-coach', 'onderzoeker']);
    expect(out.groups.reduce((n: number, g: any) => n + g.tokens, 0)).toBe(out.denominator.tokens);
    const cursist = out.groups.find((g: any) => g.id === 'cursist');
    expect(cursist.restTokens).toBe(out.denominator.tokens - cursist.tokens);
    expect(cursist.keywords.length).toBeGreaterThan(0);
    for (const k of cursist.keywords) {
      const [a, b, c, d] = [k.n, k.nRest, cursist.tokens, cursist.restTokens];
      const n = c + d;
      const cell = (o: number, e: number) => (o > 0 ? o * Math.log(o / e) : 0);
      const g2 = 2 * (cell(a, ((a + b) * c) / n) + cell(b, ((a + b) * d) / n) + cell(c - a, ((n - a - b) * c) / n) + cell(d - b, ((n - a - b) * d) / n));
      expect(k.g2).toBeCloseTo(g2, 9);
      expect(k.use).toBe(a / c > b / d ? 'over' : 'under');
      expect(k.pHolm).toBeGreaterThanOrEqual(k.p);
      expect(k.n + k.nRest).toBeGreaterThanOrEqual(out.minCount);
    }
    expect(out.minCount).toBe(5);
  });
  it('csv has one row per group and word with the documented header', () => {
    const r = hefboom(['words', ...ex, '--by', 'site', '--top', '2', '--format', 'csv']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(rows[0]).toEqual(['site', 'word', 'n', 'per 1000', 'n rest', 'per 1000 rest', 'use', 'G²', 'p', 'p (Holm)', 'log ratio']);
    expect(rows.slice(1).every((row) => row[6] === 'over')).toBe(true);
    expect(rows.length).toBeGreaterThan(3);
    expect(r.stderr).toContain('group(s) of site compared');
  });
});

describe('hefboom kwic', () => {
  it('finds a term ignoring case and accents, with file:line of the very line and the speaker', () => {
    const out = json(hefboom(['kwic', 'coordinator', gesprek, '--format', 'json']));
    expect(out.hits).toBe(1);
    expect(out.lines[0]).toMatchObject({ line: 10, match: 'Coördinator', left: 'Welke ideeën heb je nog? Wat zegt de', right: '?', speaker: { label: 'Onderzoeker', role: 'onderzoeker' } });
    expect(out.lines[0].provenance).toBe(`${out.lines[0].file}:10`);
    expect(json(hefboom(['kwic', 'coordinator', gesprek, '--exact', '--format', 'json'])).hits).toBe(0);
  });
  it('a match on the second line of a paragraph names that line', () => {
    const out = json(hefboom(['kwic', 'begeleidingen', gesprek, '--format', 'json']));
    expect(out.lines.map((l: any) => l.line)).toEqual([6]);
    expect(readFileSync(gesprek, 'utf8').split('\n')[5]).toContain('begeleidingen');
  });
  it('--stem matches every form; --width cuts the context and marks it', () => {
    const out = json(hefboom(['kwic', 'begeleiding', gesprek, '--stem', '--width', '10', '--format', 'json']));
    expect(out.lines.map((l: any) => l.match)).toEqual(['begeleiding', 'begeleidingen', 'begeleiding', 'begeleiding', 'begeleiding']);
    for (const l of out.lines) expect([...l.left].length).toBeLessThanOrEqual(10);
    expect(out.lines[0]).toMatchObject({ left: 'De', cutLeft: false, right: 'van een cu', cutRight: true });
  });
  it('every line of the example points at a file line that holds the match', () => {
    const out = json(hefboom(['kwic', 'mentor', ...ex, '--format', 'json']));
    expect(out.hits).toBeGreaterThan(5);
    for (const l of out.lines) {
      const fileLine = readFileSync(join(repoRoot, 'examples', 'werkplekleren', l.file), 'utf8').split(/\r?\n/)[l.line - 1];
      expect(fileLine.toLowerCase()).toContain(l.match.toLowerCase());
    }
  });
  it('the table aligns the keyword column; csv, tsv and md work; messages on stderr', () => {
    const t = hefboom(['kwic', 'begeleiding', gesprek, '--stem', '--width', '15']);
    const lines = t.stdout.split('\n').filter((l) => /gesprek\.txt:\d/.test(l));
    expect(lines).toHaveLength(5);
    const col = lines.map((l) => l.search(/begeleiding/));
    expect(new Set(col).size).toBe(1);
    expect(t.stderr).toContain('5 hit(s) in 2 excerpt(s)');
    const csv = parseCsv(hefboom(['kwic', 'begeleiding', gesprek, '--format', 'csv']).stdout);
    expect(csv[0]).toEqual(['provenance', 'speaker', 'role', 'left', 'match', 'right']);
    expect(csv).toHaveLength(5);
    expect(hefboom(['kwic', 'begeleiding', gesprek, '--format', 'tsv']).stdout.split('\n')[0]).toBe('provenance\tspeaker\trole\tleft\tmatch\tright');
    expect(hefboom(['kwic', 'begeleiding', gesprek, '--format', 'md']).stdout).toMatch(/^\| provenance \| speaker \| role \| left \| match \| right \|$/m);
  });
  it('phrases, wildcards, --sort and --limit', () => {
    expect(json(hefboom(['kwic', 'eerste stage', gesprek, '--format', 'json'])).hits).toBe(1);
    expect(json(hefboom(['kwic', 'begeleid*', gesprek, '--format', 'json'])).hits).toBe(5);
    const sorted = json(hefboom(['kwic', 'begeleiding', gesprek, '--sort', 'right', '--format', 'json']));
    // by the first word after the match: goed, helpt, Kinder-begeleiders (after ". 😀"), van
    expect(sorted.lines.map((l: any) => l.right.split(' ')[0])).toEqual(['goed,', 'helpt.', '.', 'van']);
    const limited = json(hefboom(['kwic', 'begeleiding', gesprek, '--limit', '1', '--format', 'json']));
    expect(limited).toMatchObject({ hits: 4, shown: 1 });
  });
});

describe('errors: exit 2 with the file, line or flag and a fix', () => {
  it('a missing stopword file', () => {
    const r = hefboom(['words', gesprek, '--stopwords', join(dir, 'nope.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.txt');
    expect(r.stderr).toContain('--stopwords');
    expect(r.stdout).toBe('');
  });
  it('a stopword line with two words names the file and line', () => {
    const file = join(dir, 'bad.txt');
    writeFileSync(file, 'opvang\n# commentaar\n\'s morgens\n');
    const r = hefboom(['words', gesprek, '--stopwords', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.txt:3/);
    expect(r.stderr).toContain('line of its own');
  });
  it('bad numbers and choices name the flag', () => {
    const top = hefboom(['words', gesprek, '--top', 'veel']);
    expect(top.code).toBe(2);
    expect(top.stderr).toContain('--top');
    expect(hefboom(['words', gesprek, '--min-count', '0']).stderr).toContain('--min-count');
    const dirn = hefboom(['words', gesprek, '--by', 'role', '--direction', 'sideways']);
    expect(dirn.code).toBe(2);
    expect(dirn.stderr).toContain('over, under, both');
    const noBy = hefboom(['words', gesprek, '--direction', 'both']);
    expect(noBy.code).toBe(2);
    expect(noBy.stderr).toContain('--by');
  });
  it('--by an attribute no excerpt has lists the attributes there are', () => {
    const r = hefboom(['words', ...ex, '--by', 'sitte']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"sitte"');
    expect(r.stderr).toContain('site');
  });
  it('kwic: a term without words, --stem with --exact, the term after the file', () => {
    const empty = hefboom(['kwic', '?!', gesprek]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('holds no word');
    const both = hefboom(['kwic', 'x', gesprek, '--stem', '--exact']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--stem and --exact');
    const swapped = hefboom(['kwic', gesprek, 'begeleiding']);
    expect(swapped.code).toBe(2);
    expect(swapped.stderr).toContain('the term comes first');
    const width = hefboom(['kwic', 'x', gesprek, '--width', '0']);
    expect(width.code).toBe(2);
    expect(width.stderr).toContain('--width');
  });
});
