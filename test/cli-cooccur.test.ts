/**
 * `hefboom cooccur` through the built CLI. The lever × lever matrix of the example project is checked
 * against a count made here from the transcripts' #tags and codebook.yaml, without importing src/
 * (as test/example-handcount.test.ts does), so a bug in the reader cannot hide behind the same bug here.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { hefboom, json, repoRoot } from './run-cli.js';

const project = 'examples/werkplekleren';
const projectDir = join(repoRoot, project);
const LEVERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'];

/** Code id (and alias) → levers, with the parent chain (roll-up), from codebook.yaml. */
function leverTable(): Map<string, Set<string>> {
  const cb = parseYaml(readFileSync(join(projectDir, 'codebook.yaml'), 'utf8')) as { codes: Record<string, unknown>[] };
  const own = new Map<string, { parent: string | null; levers: string[] }>();
  const aliases = new Map<string, string>();
  const visit = (list: Record<string, unknown>[], parent: string | null) => {
    for (const c of list) {
      const id = String(c.id);
      own.set(id, { parent: typeof c.parent === 'string' ? c.parent : parent, levers: (c.levers as string[] | undefined) ?? [] });
      for (const a of (c.aliases as string[] | undefined) ?? []) aliases.set(a, id);
      if (Array.isArray(c.children)) visit(c.children as Record<string, unknown>[], id);
    }
  };
  visit(cb.codes, null);
  const out = new Map<string, Set<string>>();
  for (const id of own.keys()) {
    const levers = new Set<string>();
    for (let cur: string | null = id; cur; cur = own.get(cur)!.parent) own.get(cur)!.levers.forEach((l) => levers.add(l.replace(/\..*$/, '')));
    out.set(id, levers);
  }
  for (const [a, id] of aliases) out.set(a, out.get(id)!);
  return out;
}

/** Levers per paragraph of the primary coder's transcripts (front matter dropped, headings skipped). */
function leverSets(): Set<string>[] {
  const levers = leverTable();
  const dir = join(projectDir, 'transcripts');
  const sets: Set<string>[] = [];
  for (const f of readdirSync(dir).sort()) {
    let body = readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
    body = body.replace(/^---\n[\s\S]*?\n---\n/, '');
    for (const block of body.split(/\n[ \t]*\n/)) {
      const text = block.trim();
      if (!text || (f.endsWith('.md') && /^#{1,6}\s/.test(text))) continue;
      const set = new Set<string>();
      for (const m of text.matchAll(/(?<![\\\w])#(\p{L}[\p{L}\p{N}\-_./:]*)/gu)) {
        const tag = m[1].replace(/[.,;:!?/]+$/, '');
        if (/^L[1-7]$/.test(tag)) set.add(tag);
        else if (!tag.includes(':')) levers.get(tag)?.forEach((l) => set.add(l));
      }
      sets.push(set);
    }
  }
  return sets;
}

describe('cooccur --level lever on the example project', () => {
  const sets = leverSets();
  const r = hefboom(['cooccur', '-p', project, '--level', 'lever', '--format', 'json']);
  const out = json(r);

  it('counts the 85 paragraphs of the primary coder', () => {
    expect(r.code).toBe(0);
    expect(sets.length).toBe(85);
    expect(out.units.excerpts).toBe(85);
    expect(out.command).toBe('cooccur');
    expect(out.level).toBe('lever');
    expect(out.unit).toBe('excerpt');
  });

  it('matches the hand count: n per lever and n12 per pair', () => {
    expect(out.matrix.ids).toEqual(LEVERS);
    for (const [i, a] of LEVERS.entries()) {
      expect(out.nodes[i].n, `n of ${a}`).toBe(sets.filter((s) => s.has(a)).length);
      for (const [j, b] of LEVERS.entries()) {
        if (i === j) continue;
        expect(out.matrix.n12[i][j], `${a} × ${b}`).toBe(sets.filter((s) => s.has(a) && s.has(b)).length);
      }
    }
    // The hand count is not trivial: some levers do co-occur.
    expect(out.pairs.length).toBeGreaterThan(3);
  });

  it('jaccard and lift follow from the same counts', () => {
    const jac = json(hefboom(['cooccur', '-p', project, '--level', 'lever', '--measure', 'jaccard', '--pairs', '--format', 'json']));
    const lift = json(hefboom(['cooccur', '-p', project, '--level', 'lever', '--measure', 'lift', '--format', 'json']));
    const [p] = jac.pairs;
    const n1 = sets.filter((s) => s.has(p.a)).length;
    const n2 = sets.filter((s) => s.has(p.b)).length;
    const n12 = sets.filter((s) => s.has(p.a) && s.has(p.b)).length;
    expect(p.value).toBeCloseTo(n12 / (n1 + n2 - n12), 4);
    const q = lift.pairs.find((x: { a: string; b: string }) => x.a === p.a && x.b === p.b);
    expect(q.value).toBeCloseTo((n12 * 85) / (n1 * n2), 4);
  });
});

describe('cooccur output', () => {
  it('--top K lists K pairs with two examples each, with file:line', () => {
    const out = json(hefboom(['cooccur', '-p', project, '--level', 'lever', '--top', '2', '--format', 'json']));
    expect(out.top).toHaveLength(2);
    expect(out.top[0].n12).toBeGreaterThanOrEqual(out.top[1].n12);
    for (const t of out.top) {
      expect(t.examples).toHaveLength(2);
      for (const e of t.examples) {
        expect(e.provenance).toMatch(/^transcripts\/[^:]+\.(txt|md):\d+(@\d\d:\d\d:\d\d)?$/);
        expect(e.text.length).toBeGreaterThan(0);
        expect(e.text.length).toBeLessThanOrEqual(90);
      }
    }
  });

  it('code level leaves out ancestor/descendant pairs and says so', () => {
    const r = hefboom(['cooccur', '-p', project, '--level', 'code', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/own ancestor or descendant are left out \(\d+\)/);
    const out = json(hefboom(['cooccur', '-p', project, '--level', 'code', '--pairs', '--format', 'json']));
    const pair = (a: string, b: string) => out.pairs.find((p: { a: string; b: string }) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
    expect(pair('feedback', 'feedback-uitstellen')).toBeUndefined();
    expect(pair('leerklimaat', 'feedback')).toBeUndefined();
    expect(out.leftOutAncestorPairs).toBeGreaterThan(0);
  });

  it('--coder Bert uses the second coder\'s copies only', () => {
    const out = json(hefboom(['cooccur', '-p', project, '--coder', 'Bert', '--format', 'json']));
    expect(out.coder).toBe('Bert');
    expect(out.provenance.documents).toBe(9);
    expect(out.units.excerpts).toBeLessThan(85);
  });

  it('csv is a matrix with one column per lever', () => {
    const r = hefboom(['cooccur', '-p', project, '--level', 'lever', '--format', 'csv']);
    const [head] = r.stdout.split('\n');
    expect(head).toBe('id,label,n,L1,L2,L3,L4,L5,L6,L7');
  });
});

describe('cooccur bad input (exit 2, message names the problem and the fix)', () => {
  it('an unknown level, with the closest valid one', () => {
    const r = hefboom(['cooccur', '-p', project, '--level', 'levr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown --level "levr"');
    expect(r.stderr).toContain('did you mean "lever"');
  });
  it('an unknown framework in fw:ID', () => {
    const r = hefboom(['cooccur', '-p', project, '--level', 'fw:memq']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "fw:memoq"');
  });
  it('an unknown unit, with the closest valid one', () => {
    const r = hefboom(['cooccur', '-p', project, '--unit', 'overlapp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown --unit "overlapp"');
    expect(r.stderr).toContain('did you mean "overlap"');
  });
  it('near:N and within:N with a non-number', () => {
    const near = hefboom(['cooccur', '-p', project, '--unit', 'near:twee']);
    expect(near.code).toBe(2);
    expect(near.stderr).toContain('--unit near:twee needs a whole number of excerpts');
    expect(near.stderr).toContain('near:2');
    const within = hefboom(['cooccur', '-p', project, '--unit', 'within:']);
    expect(within.code).toBe(2);
    expect(within.stderr).toContain('whole number of characters');
  });
  it('an unknown measure, and lift with a relation unit', () => {
    expect(hefboom(['cooccur', '-p', project, '--measure', 'jacard']).stderr).toContain('did you mean "jaccard"');
    const r = hefboom(['cooccur', '-p', project, '--measure', 'lift', '--unit', 'near:1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--measure lift needs --unit excerpt');
  });
  it('an empty selection names the filters', () => {
    const r = hefboom(['cooccur', '-p', project, '--where', 'site=KO99']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no excerpts match the selection (--where site=KO99)');
  });
  it('a corpus without codes names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-cooccur-'));
    const file = join(dir, 'ongecodeerd.txt');
    writeFileSync(file, 'Mentor: Ik doe het voor.\n\nCursist: Ik kijk mee.\n');
    const r = hefboom(['cooccur', file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the corpus has no codes');
    expect(r.stderr).toContain('ongecodeerd.txt');
    expect(r.stderr).toContain('#tags');
  });
  it('codes that reach no lever', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-cooccur-'));
    const file = join(dir, 'vrij.txt');
    writeFileSync(file, 'Mentor: Ik doe het voor. #voordoen #uitleg\n');
    const r = hefboom(['cooccur', file, '--level', 'lever'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('reaches a node of --level lever');
    expect(r.stderr).toContain('levers: [L3]');
    const ok = json(hefboom(['cooccur', file, '--level', 'code', '--format', 'json'], { cwd: dir }));
    expect(ok.pairs).toHaveLength(1);
    expect(ok.pairs[0]).toMatchObject({ a: 'uitleg', b: 'voordoen', n12: 1 });
  });
});
