/**
 * `hefboom agree` as a user runs it. The acceptance test recomputes κ and α per code on the example
 * project's double-coded transcripts from the raw `#tags`, with its own parser and a few lines of
 * arithmetic (nothing imported from src/), and compares with the JSON output.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { hefboom, json, repoRoot } from './run-cli.js';

const example = join(repoRoot, 'examples', 'werkplekleren');

// ── an independent reading of the example ───────────────────────────────────────────────────────

const TAG = /(?<!\\)#(\p{L}[\p{L}\p{N}\-_./:]*)/gu;

/** Paragraphs of a transcript (front matter dropped), each as the list of its tags. */
function paragraphTags(path: string): string[][] {
  let body = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const fm = /^---\n[\s\S]*?\n---\n/.exec(body);
  if (fm) body = body.slice(fm[0].length);
  return body.split(/\n[ \t]*\n/).map((b) => b.trim()).filter(Boolean)
    .map((b) => [...b.matchAll(TAG)].map((t) => t[1].replace(/[.,;:!?/]+$/, '')));
}

/** code id → parent, and alias → id, from the example codebook. */
function codebook(): { parent: Map<string, string | null>; alias: Map<string, string> } {
  const parent = new Map<string, string | null>();
  const alias = new Map<string, string>();
  const visit = (list: Record<string, unknown>[], up: string | null) => {
    for (const c of list) {
      parent.set(String(c.id), typeof c.parent === 'string' ? c.parent : up);
      for (const a of (c.aliases as string[] | undefined) ?? []) alias.set(a, String(c.id));
      if (Array.isArray(c.children)) visit(c.children as Record<string, unknown>[], String(c.id));
    }
  };
  visit((parseYaml(readFileSync(join(example, 'codebook.yaml'), 'utf8')) as { codes: Record<string, unknown>[] }).codes, null);
  return { parent, alias };
}

/** The codes a paragraph counts for: every tagged code and its ancestors (lever tags are no codes). */
function rolledUp(tags: string[], cb: ReturnType<typeof codebook>): Set<string> {
  const out = new Set<string>();
  for (const t of tags) {
    let id: string | null | undefined = cb.parent.has(t) ? t : cb.alias.get(t);
    while (id) { out.add(id); id = cb.parent.get(id); }
  }
  return out;
}

interface Expected { units: number; both: number; onlyA: number; onlyB: number; neither: number; kappa: number | null; alpha: number | null }

/** Per code: the 2 × 2 counts, Cohen's κ = (pₒ − pₑ)/(1 − pₑ) and nominal α = 1 − (n − 1)·D/(n₀n₁) for 2 coders. */
function expectedAgreement(): Map<string, Expected> {
  const cb = codebook();
  const units: { a: Set<string>; b: Set<string> }[] = [];
  for (const f of readdirSync(join(example, 'dubbel')).filter((x) => x.endsWith('.txt')).sort()) {
    const a = paragraphTags(join(example, 'transcripts', f));
    const b = paragraphTags(join(example, 'dubbel', f));
    expect(b.length, f).toBe(a.length);
    a.forEach((tags, i) => units.push({ a: rolledUp(tags, cb), b: rolledUp(b[i], cb) }));
  }
  const codes = new Set<string>();
  for (const u of units) for (const c of [...u.a, ...u.b]) codes.add(c);
  const out = new Map<string, Expected>();
  for (const code of codes) {
    let both = 0, onlyA = 0, onlyB = 0, neither = 0;
    for (const u of units) {
      const x = u.a.has(code), y = u.b.has(code);
      if (x && y) both++; else if (x) onlyA++; else if (y) onlyB++; else neither++;
    }
    const n = units.length;
    const po = (both + neither) / n;
    const pa = (both + onlyA) / n, pb = (both + onlyB) / n;
    const pe = pa * pb + (1 - pa) * (1 - pb);
    const kappa = pe < 1 ? (po - pe) / (1 - pe) : null;
    const values = 2 * n;
    const n1 = 2 * both + onlyA + onlyB;
    const n0 = values - n1;
    const alpha = n0 && n1 ? 1 - ((values - 1) * (onlyA + onlyB)) / (n0 * n1) : null;
    out.set(code, { units: n, both, onlyA, onlyB, neither, kappa, alpha });
  }
  return out;
}

interface AgreeRow {
  id: string; label: string; used: boolean; units: number;
  counts: { both?: number; only?: Record<string, number>; neither?: number; coded: Record<string, number>; complete: number };
  percentAgreement: number | null; kappa: number | null; alpha: number | null;
  alphaCi: { lower: number; upper: number; level: number; validSamples: number } | null; notes: string[];
}
interface AgreeJson {
  hefboom: string; command: string; unit: string; level: string; coders: string[];
  bootstrap: { samples: number; seed: number; level: number; resampled: string } | null;
  units: number; documents: { id: string; coders: string[] }[];
  rows: AgreeRow[]; overall: AgreeRow & { pooledRows: number };
  disagreements: { rank: number; document: string; excerpt: string; provenance: string; differ: number; differOn: string[]; coders: Record<string, { provenance: string; codes: string[] }>; text: string | null }[];
  provenance: { documents: number; doubleCoded: number };
}

describe('hefboom agree on the example project (acceptance)', () => {
  let out: AgreeJson;
  beforeAll(() => {
    const r = hefboom(['agree', '-p', example, '--unit', 'excerpt', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    out = json<AgreeJson>(r);
  });

  it('compares Annelies and Bert on the two double-coded transcripts, paragraph by paragraph', () => {
    expect(out.command).toBe('agree');
    expect(out.unit).toBe('excerpt');
    expect(out.level).toBe('code');
    expect(out.coders).toEqual(['Annelies', 'Bert']);
    expect(out.documents.map((d) => d.id).sort()).toEqual(['ko1-focusgroep-start', 'ko2-verslag-praktijkbezoek']);
    expect(out.units).toBe(20);
    expect(out.provenance.doubleCoded).toBe(2);
  });

  it('gives per code the counts, κ and α that the raw codings give', () => {
    const expected = expectedAgreement();
    expect(out.rows.map((r) => r.id).sort()).toEqual([...expected.keys()].sort());
    for (const row of out.rows) {
      const e = expected.get(row.id)!;
      expect(row.units, row.id).toBe(e.units);
      expect(row.counts.both, row.id).toBe(e.both);
      expect(row.counts.only, row.id).toEqual({ Annelies: e.onlyA, Bert: e.onlyB });
      expect(row.counts.neither, row.id).toBe(e.neither);
      expect(row.percentAgreement!, row.id).toBeCloseTo((100 * (e.both + e.neither)) / e.units, 10);
      if (e.kappa === null) expect(row.kappa, row.id).toBeNull(); else expect(row.kappa!, row.id).toBeCloseTo(e.kappa, 12);
      if (e.alpha === null) expect(row.alpha, row.id).toBeNull(); else expect(row.alpha!, row.id).toBeCloseTo(e.alpha, 12);
    }
    // The example has both perfect and imperfect codes: the assertions above cannot pass by accident.
    expect(out.rows.some((r) => r.kappa === 1)).toBe(true);
    expect(out.rows.some((r) => r.kappa !== null && r.kappa < 0.8)).toBe(true);
  });

  it('pools the overall row over every unit × code decision, with a bootstrap interval around α', () => {
    const expected = [...expectedAgreement().values()];
    const sum = (f: (e: Expected) => number) => expected.reduce((s, e) => s + f(e), 0);
    expect(out.overall.pooledRows).toBe(expected.length);
    expect(out.overall.units).toBe(sum((e) => e.units));
    expect(out.overall.counts.both).toBe(sum((e) => e.both));
    expect(out.overall.counts.neither).toBe(sum((e) => e.neither));
    expect(out.bootstrap).toMatchObject({ samples: 1000, seed: 1, level: 0.95 });
    const ci = out.overall.alphaCi!;
    expect(ci.lower).toBeLessThan(out.overall.alpha!);
    expect(ci.upper).toBeGreaterThan(out.overall.alpha!);
  });

  it('gives the same output for the same seed, and --bootstrap 0 drops the intervals', () => {
    const again = hefboom(['agree', '-p', example, '--format', 'json']);
    expect(again.stdout).toBe(JSON.stringify(out, null, 2) + '\n');
    const none = json<AgreeJson>(hefboom(['agree', '-p', example, '--bootstrap', '0', '--format', 'json']));
    expect(none.bootstrap).toBeNull();
    expect(none.rows.every((r) => r.alphaCi === null)).toBe(true);
    expect(none.rows.map((r) => r.alpha)).toEqual(out.rows.map((r) => r.alpha));
  });
});

describe('hefboom agree: levels, units, formats, disagreements', () => {
  it('--level lever shows L1–L7, unused ones too', () => {
    const r = hefboom(['agree', '-p', example, '--level', 'lever', '--bootstrap', '0', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const j = json<AgreeJson>(r);
    expect(j.rows.map((x) => x.id)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']);
    expect(j.rows.find((x) => x.id === 'L6')!.counts.coded.Annelies).toBeGreaterThan(0);
  });

  it('--disagreements N lists the excerpts with most differing codes, with file:line of each coder', () => {
    const j = json<AgreeJson>(hefboom(['agree', '-p', example, '--disagreements', '3', '--bootstrap', '0', '--format', 'json']));
    expect(j.disagreements).toHaveLength(3);
    const differ = j.disagreements.map((d) => d.differ);
    expect([...differ].sort((a, b) => b - a)).toEqual(differ);
    const top = j.disagreements[0];
    expect(top.provenance).toMatch(/^transcripts\/ko\d-[a-z-]+\.txt:\d+$/);
    expect(top.coders.Bert.provenance).toMatch(/^dubbel\//);
    const a = new Set(top.coders.Annelies.codes);
    const b = new Set(top.coders.Bert.codes);
    expect(top.differOn.every((c) => a.has(c) !== b.has(c))).toBe(true);
    expect(top.text).toBeTruthy();
  });

  it('writes the per-code and the disagreement tables as csv, md and table', () => {
    const csv = hefboom(['agree', '-p', example, '--disagreements', '2', '--bootstrap', '0', '--format', 'csv', '--lang', 'en']);
    expect(csv.code, csv.stderr).toBe(0);
    const [codes, dis] = csv.stdout.split(/\r?\n\r?\n/);
    expect(codes.split(/\r?\n/)[0]).toBe('id,code,units,both,only Annelies,only Bert,neither,% agreement,κ (Cohen),α,α 95% CI lower,α 95% CI upper');
    expect(codes).toMatch(/\n\(overall\),overall \(pooled over \d+\),420,/);
    expect(dis.split(/\r?\n/)[0]).toBe('#,provenance,excerpt,differ,codes Annelies,codes Bert,text');
    const md = hefboom(['agree', '-p', example, '--bootstrap', '0', '--format', 'md']);
    expect(md.stdout).toMatch(/\| id \| code \| eenheden \| beide \|/);
    expect(md.stdout).toMatch(/Cohens kappa/);
    const table = hefboom(['agree', '-p', example, '--bootstrap', '0']);
    expect(table.stdout).toMatch(/Overeenstemming tussen codeurs Annelies, Bert per code/);
  });

  it('--unit document and --unit character on a two-coder REFI-QDA project', () => {
    const qde = join(repoRoot, 'fixtures', 'qda', 'nvivo-stijl', 'project.qde');
    const docs = json<AgreeJson>(hefboom(['agree', qde, '--unit', 'document', '--bootstrap', '0', '--format', 'json']));
    expect(docs.coders).toEqual(['Annelies', 'Bert']);
    expect(docs.units).toBe(1);
    const r = hefboom(['agree', qde, '--unit', 'character', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const chars = json<AgreeJson>(r);
    for (const row of chars.rows) {
      expect(row.counts.both! + row.counts.only!.Annelies + row.counts.only!.Bert + row.counts.neither!).toBe(row.units);
    }
    expect(chars.bootstrap!.resampled).toMatch(/excerpts/);
    const ex = json<AgreeJson>(hefboom(['agree', qde, '--unit', 'character', '--exclude-uncoded', '--bootstrap', '0', '--format', 'json']));
    expect(ex.rows[0].units).toBeLessThan(chars.rows[0].units);
    expect(ex.rows[0].counts.both).toBe(chars.rows[0].counts.both);
  });
});

describe('hefboom agree: bad input (exit 2, a message that says what to do)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hefboom-agree-'));
    writeFileSync(join(dir, 'codebook.yaml'), 'codes:\n  - id: x\n    label: X\n  - id: y\n    label: Y\n');
    for (const sub of ['a', 'b', 'c']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'a', 'een.txt'), 'Mentor: Eerste alinea. #x\n\nCursist: Tweede alinea. #y\n');
    writeFileSync(join(dir, 'b', 'twee.txt'), 'Mentor: Iets anders. #x\n');
    writeFileSync(join(dir, 'c', 'een.txt'), 'Mentor: Eerste alinea. #x #y\n\nCursist: Tweede alinea.\n');
    writeFileSync(join(dir, 'hefboom.yaml'), 'name: t\ncodebook: codebook.yaml\nsources:\n  - path: a/*.txt\n    coder: Annelies\n  - path: b/*.txt\n    coder: Bert\n');
    writeFileSync(join(dir, 'drie.yaml'), 'name: t3\ncodebook: codebook.yaml\nsources:\n  - path: a/*.txt\n    coder: Annelies\n  - path: b/*.txt\n    coder: Bert\n  - path: c/*.txt\n    coder: Carla\n');
  });

  it('one coder only: names the coder (NVivo sample from ../shared)', (ctx) => {
    const sample = join(repoRoot, '..', 'shared', 'qda-samples', 'nvivo-win-12.6-oltas0517.qdpx');
    if (!existsSync(sample)) { ctx.skip(); return; }
    const r = hefboom(['agree', '../shared/qda-samples/nvivo-win-12.6-oltas0517.qdpx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nvivo-win-12\.6-oltas0517\.qdpx holds the codings of one coder only \(Gergo\)/);
    expect(r.stderr).toMatch(/hint: add a second coder/);
    expect(r.stdout).toBe('');
  });

  it('one coder only: an ad-hoc transcript', () => {
    const r = hefboom(['agree', join(dir, 'a', 'een.txt'), '--codebook', join(dir, 'codebook.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/een\.txt holds the codings of one coder only \(default\)/);
  });

  it('coders without a shared document: says which documents each coded', () => {
    const r = hefboom(['agree', '-p', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no document is coded by two or more of the coders Annelies, Bert; Annelies coded 1 document: een; Bert coded 1 document: twee/);
    expect(r.stderr).toMatch(/hint: .*same document id/);
  });

  it('an unknown name in --coders: the closest names', () => {
    const r = hefboom(['agree', '-p', example, '--coders', 'Annelies,Brt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown coder "Brt" in --coders/);
    expect(r.stderr).toMatch(/did you mean "Bert"\? coders found: Annelies, Bert/);
  });

  it('--coders with one coder, and --coder', () => {
    const one = hefboom(['agree', '-p', example, '--coders', 'A']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/--coders names 1 coder \(Annelies\); agreement needs at least two/);
    const coder = hefboom(['agree', '-p', example, '--coder', 'Bert']);
    expect(coder.code).toBe(2);
    expect(coder.stderr).toMatch(/--coder does not apply/);
  });

  it('an empty selection names the filters', () => {
    const r = hefboom(['agree', '-p', example, '--where', 'site=KO9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the selection leaves no excerpt of the 2 shared document\(s\) to compare \(--where site=KO9\)/);
    const none = hefboom(['agree', '-p', example, '--code', 'rugzak']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/leaves no code that a coder used/);
  });

  it('bad flag values', () => {
    expect(hefboom(['agree', '-p', example, '--unit', 'woord']).stderr).toMatch(/unknown --unit "woord"[\s\S]*units: excerpt, document, character/);
    expect(hefboom(['agree', '-p', example, '--level', 'fw:ceelen']).stderr).toMatch(/unknown framework "ceelen" in --level/);
    const b = hefboom(['agree', '-p', example, '--bootstrap', '1']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--bootstrap needs at least 2/);
  });

  it('three coders: Fleiss\' kappa, every coder in the table; by default only coders with a shared document', () => {
    const auto = json<AgreeJson>(hefboom(['agree', '-p', join(dir, 'drie.yaml'), '--bootstrap', '0', '--format', 'json']));
    expect(auto.coders).toEqual(['Annelies', 'Carla']);
    const r = hefboom(['agree', '-p', join(dir, 'drie.yaml'), '--coders', 'Annelies,Bert,Carla', '--bootstrap', '0', '--format', 'csv', '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split(/\r?\n/)[0]).toBe('id,code,units,Annelies,Bert,Carla,all yes,all no,% agreement,κ (Fleiss),α,α 95% CI lower,α 95% CI upper');
    // Only "een" is shared (Annelies and Carla): 2 paragraphs, they differ on y in both.
    expect(r.stdout).toMatch(/\ny,Y,2,1,0,1,0,0,0,/);
    expect(r.stdout).toMatch(/\nx,X,2,1,0,1,0,0,100,/);
  });
});
