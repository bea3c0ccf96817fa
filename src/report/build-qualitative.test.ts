import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openProject } from '../cli/common.js';
import { buildQualitative, type ReportBuildOptions } from './build-qualitative.js';
import type { MetricTree, ReportBlock, ReportSection } from './model.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const example = join(repoRoot, 'examples', 'werkplekleren');
const LEVERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'];
const MEMOQ = ['welbevinden', 'betrokkenheid', 'emotionele-ondersteuning', 'educatieve-ondersteuning', 'omgeving', 'gezinnen-diversiteit'];
const OPTS: ReportBuildOptions = { lang: 'nl', suppressBelow: 0, exemplars: 3, exploreLimit: 20, seed: 1 };

/** The built CLI (dist/), as a user runs it: the figures the report must agree with. */
function cli(args: string[]): any {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'hefboom.js'), ...args, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`hefboom ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const child = (s: ReportSection | undefined, id: string) => s?.children.find((c) => c.id === id);
const blocksOf = <T extends ReportBlock['type']>(s: ReportSection, type: T) => s.blocks.filter((b): b is Extract<ReportBlock, { type: T }> => b.type === type);
const tableOf = (s: ReportSection, id: string) => blocksOf(s, 'table').find((b) => b.id === id)?.table;
const allSections = (ss: ReportSection[]): ReportSection[] => ss.flatMap((s) => [s, ...allSections(s.children)]);
function metric(m: MetricTree, path: string): unknown {
  let cur: unknown = m;
  for (const k of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as MetricTree)[k] : undefined;
  return cur;
}

describe('buildQualitative on examples/werkplekleren', () => {
  let r: Awaited<ReturnType<typeof buildQualitative>>;
  const section = (id: string) => r.sections.find((s) => s.id === id);
  beforeAll(async () => {
    const ws = await openProject({ project: example, quiet: true });
    r = await buildQualitative(ws, OPTS);
  }, 60_000);

  it('has the overview, all seven levers and all six dimensions in order, perspectives and agreement', () => {
    expect(r.sections.map((s) => s.id)).toEqual(['overview', 'levers', 'memoq', 'perspectives', 'agreement']);
    expect(section('levers')!.title).toBe('De zeven hefbomen');
    expect(section('levers')!.children.map((s) => s.id)).toEqual(LEVERS.map((l) => `lever-${l}`));
    expect(section('levers')!.children.every((s) => s.kind === 'lever')).toBe(true);
    expect(section('memoq')!.children.map((s) => s.id)).toEqual(MEMOQ.map((m) => `memoq-${m}`));
    expect(section('memoq')!.children.every((s) => s.kind === 'memoq')).toBe(true);
  });

  it('counts the excerpts of each lever and dimension as `hefboom tally` does', () => {
    const byLever = cli(['tally', '-p', example, '--by', 'lever']);
    const byMemoq = cli(['tally', '-p', example, '--by', 'memoq']);
    for (const row of byLever.rows) {
      expect(metric(r.metrics, `levers.${row.id}.excerpts`), row.id).toBe(row.n);
      expect(tableOf(section('overview')!, 'overview-levers')!.rows.find((x) => x.id === row.id)!.excerpts).toBe(row.n);
    }
    for (const row of byMemoq.rows) expect(metric(r.metrics, `memoq.${row.id}.excerpts`), row.id).toBe(row.n);
    expect(metric(r.metrics, 'corpus.excerpts')).toBe(byLever.denominator.total);
    expect(metric(r.metrics, 'corpus.excerpts')).toBe(85);
    expect(metric(r.metrics, 'corpus.documents')).toBe(9);
    // Independent hand count (test/example-handcount.test.ts).
    expect(LEVERS.map((l) => metric(r.metrics, `levers.${l}.excerpts`))).toEqual([5, 10, 18, 8, 10, 18, 17]);
  });

  it('splits each lever by role as `tally --by lever --across role`, with the role totals as denominators', () => {
    const t = cli(['tally', '-p', example, '--by', 'lever', '--across', 'role']);
    const persp = tableOf(section('perspectives')!, 'perspectives')!;
    for (const row of t.rows) {
      const mine = persp.rows.find((x) => x.id === row.id)!;
      for (const [role, n] of Object.entries(row.cells)) {
        expect(mine[`n:${role}`], `${row.id} ${role}`).toBe(n);
        expect(mine[`pct:${role}`], `${row.id} ${role}`).toBe(row.cellPercents[role]);
      }
      const roles = tableOf(child(section('levers'), `lever-${row.id}`)!, `lever-${row.id}-roles`)!;
      expect(roles.rows.reduce((s, x) => s + (x.excerpts as number), 0)).toBe(row.n);
    }
    const units = persp.rows.find((x) => x.id === '(units)')!;
    for (const [role, n] of Object.entries(t.denominator.columns)) expect(units[`n:${role}`]).toBe(n);
    // The role columns hold every excerpt once: the denominators add up to the corpus.
    expect(Object.keys(units).filter((k) => k.startsWith('n:')).reduce((s, k) => s + (units[k] as number), 0)).toBe(85);
    expect(metric(r.metrics, 'levers.L6.roles')).toBe(Object.values(t.rows.find((x: any) => x.id === 'L6').cells).filter((n) => (n as number) > 0).length);
  });

  it('flags thin voices (fewer than 3 excerpts) in the role table and says so', () => {
    const l3 = child(section('levers'), 'lever-L3')!;
    const roles = tableOf(l3, 'lever-L3-roles')!;
    const flagged = Object.keys(roles.flags ?? {}).map((i) => roles.rows[Number(i)].id).sort();
    expect(flagged).toEqual(['externe-mentor', 'mentor', 'onderzoeker']);
    expect(blocksOf(l3, 'text').flatMap((b) => b.paragraphs).join(' ')).toMatch(/Dunne stemmen.*Mentor \(1\)/);
  });

  it('gives three exemplar quotes per lever with provenance, the same as `hefboom quotes --best 3`', () => {
    for (const l of LEVERS) {
      const quotes = blocksOf(child(section('levers'), `lever-${l}`)!, 'quotes')[0].quotes;
      expect(quotes, l).toHaveLength(3);
      for (const q of quotes) {
        expect(q.provenance).toMatch(/^(transcripts|dubbel)\/[^:]+:\d+(@\d\d:\d\d:\d\d)?$/);
        expect(existsSync(join(example, q.provenance.split(':')[0]))).toBe(true);
        expect(q.levers).toContain(l);
        expect(q.text.length).toBeGreaterThan(0);
      }
      const best = cli(['quotes', '-p', example, '--lever', l, '--best', '3']);
      expect(quotes.map((q) => q.provenance), l).toEqual(best.quotes.map((q: any) => q.provenance));
    }
  });

  it('lists the 27 tips as checklists under the levers, none under the dimensions', () => {
    const items = section('levers')!.children.flatMap((s) => blocksOf(s, 'checklist').flatMap((b) => b.items));
    expect(items).toHaveLength(27);
    expect(items.map((i) => i.id)).toContain('L3.2');
    expect(section('memoq')!.children.flatMap((s) => blocksOf(s, 'checklist'))).toHaveLength(0);
  });

  it('lists the codes the codebook maps to a lever with their excerpts (with subcodes)', () => {
    const codes = tableOf(child(section('levers'), 'lever-L3')!, 'lever-L3-codes')!;
    const byCode = cli(['tally', '-p', example, '--by', 'code']);
    const n = (id: string) => byCode.rows.find((x: any) => x.id === id).n;
    expect(codes.rows.find((x) => x.code === 'leerklimaat')!.excerpts).toBe(n('leerklimaat'));
    expect(codes.rows.find((x) => x.code === 'feedback-uitstellen')!.excerpts).toBe(n('feedback-uitstellen'));
    expect(codes.rows.some((x) => x.code === 'mentorschap')).toBe(false);
  });

  it('lists the strongest co-occurring pairs that involve the lever, strongest first, as `hefboom cooccur`', () => {
    const pairs = tableOf(child(section('levers'), 'lever-L3')!, 'lever-L3-cooccur')!.rows;
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.length).toBeLessThanOrEqual(5);
    const counts = pairs.map((p) => p.excerpts as number);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    const all = cli(['cooccur', '-p', example, '--level', 'code', '--pairs']);
    for (const p of pairs) {
      const same = all.pairs.find((x: any) => (x.a === p.a && x.b === p.b) || (x.a === p.b && x.b === p.a));
      expect(same?.n12, `${p.a}–${p.b}`).toBe(p.excerpts);
    }
  });

  it('computes agreement per code as `hefboom agree` does', () => {
    const agree = cli(['agree', '-p', example, '--bootstrap', '0']);
    const table = tableOf(section('agreement')!, 'agreement-codes')!;
    for (const row of agree.rows) {
      const mine = table.rows.find((x) => x.code === row.id)!;
      expect(mine, row.id).toBeDefined();
      if (row.kappa === null) expect(mine.kappa).toBeNull();
      else expect(mine.kappa as number).toBeCloseTo(row.kappa, 3);
    }
    const kappas = agree.rows.map((x: any) => x.kappa).filter((k: number | null) => k !== null);
    expect(metric(r.metrics, 'agreement.kappa.min')).toBeCloseTo(Math.min(...kappas), 10);
    expect(metric(r.metrics, 'agreement.kappa.mean')).toBeCloseTo(kappas.reduce((a: number, b: number) => a + b, 0) / kappas.length, 10);
    expect(metric(r.metrics, 'agreement.alpha')).toBeCloseTo(agree.overall.alpha, 10);
    expect(metric(r.metrics, 'agreement.documents')).toBe(2);
  });

  it('has every metric path that checks.yaml rules use', () => {
    for (const l of LEVERS) for (const k of ['excerpts', 'documents', 'roles']) expect(typeof metric(r.metrics, `levers.${l}.${k}`), `levers.${l}.${k}`).toBe('number');
    for (const m of MEMOQ) expect(typeof metric(r.metrics, `memoq.${m}.excerpts`)).toBe('number');
    for (const k of ['documents', 'excerpts', 'coded', 'codings']) expect(typeof metric(r.metrics, `corpus.${k}`)).toBe('number');
    expect(metric(r.metrics, 'levers.L3.documents')).toBe(8);
    const every = cli(['quotes', '-p', example]);
    expect(metric(r.metrics, 'corpus.coded')).toBe(every.quotes.filter((q: any) => q.codes.length > 0).length);
    expect(metric(r.metrics, 'corpus.coded')).toBe(69);
  });

  it('states the unit of every table, keeps table ids unique, and points every chart at a table of its section', () => {
    const ids: string[] = [];
    for (const s of allSections(r.sections)) {
      const tables = new Set(blocksOf(s, 'table').map((b) => b.id));
      for (const b of blocksOf(s, 'table')) {
        ids.push(b.id);
        expect(r.units[b.id], b.id).toMatch(/^Eenheid: /);
        expect(b.table.notes[0]).toBe(r.units[b.id]);
      }
      for (const c of blocksOf(s, 'chart')) {
        expect(tables.has(c.tableId), c.id).toBe(true);
        expect(c.chart.alt.length).toBeGreaterThan(20);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(r.units).sort()).toEqual([...ids].sort());
    const overviewCharts = blocksOf(section('overview')!, 'chart').map((c) => c.chart.kind);
    expect(overviewCharts).toEqual(['bar', 'bar', 'heatmap']);
  });

  it('fills provenance counts', () => {
    expect(r.counts).toMatchObject({ documents: 9, excerpts: 85, files: 11, doubleCoded: 2, skipped: 0 });
    expect(r.counts.codings).toBeGreaterThan(r.counts.excerpts - 17);
  });

  it('lists the exemplars and the first lever excerpts up to the limit in Explore, in document order', () => {
    const e = r.explore;
    expect(e.limit).toBe(20);
    expect(e.total).toBeGreaterThanOrEqual(85 - 17 - 1);
    expect(e.truncated).toBe(true);
    const exemplarIds = new Set(allSections(r.sections).flatMap((s) => blocksOf(s, 'quotes').flatMap((b) => b.quotes.map((q) => q.id))));
    const ids = e.quotes.map((q) => q.id);
    for (const id of exemplarIds) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    // The first 20 lever excerpts in document order are all there.
    expect(e.quotes.filter((q) => q.levers.length).length).toBeGreaterThanOrEqual(20);
    expect(e.facets.levers).toEqual(LEVERS);
    expect(e.facets.sites).toEqual(['extern', 'KO1', 'KO2', 'KO3', 'KO4']);
  });
});

describe('buildQualitative on a small project', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hefboom-qual-'));
    mkdirSync(join(dir, 'transcripts'));
    writeFileSync(join(dir, 'hefboom.yaml'), 'name: klein\nlanguage: nl\ncodebook: codebook.yaml\nsources:\n  - path: transcripts/*.txt\n    format: transcript\n    coder: A\n');
    writeFileSync(join(dir, 'codebook.yaml'), 'codes:\n  - id: onthaal\n    label: Onthaal\n    levers: [L3.1]\n  - id: sfeer\n    label: Sfeer\n    levers: [L3]\n');
    writeFileSync(join(dir, 'transcripts', 'a.txt'), '---\nid: a\nsite: KO9\nsource_type: interview\n---\nMentor: We hebben een welkomstbord gemaakt. #onthaal #sfeer\n\nCursist: Het was spannend. #L3\n\nCursist: Niets over te zeggen.\n');
  });

  it('shows all seven levers and six dimensions even when only one is coded, and says so', async () => {
    const ws = await openProject({ project: dir, quiet: true });
    const r = await buildQualitative(ws, { ...OPTS, lang: 'en', exploreLimit: 1 });
    const levers = r.sections.find((s) => s.id === 'levers')!;
    expect(levers.title).toBe('The seven levers');
    expect(levers.children).toHaveLength(7);
    expect(r.sections.find((s) => s.id === 'memoq')!.children).toHaveLength(6);
    const l1 = levers.children[0];
    expect(blocksOf(l1, 'text')[0].paragraphs.join(' ')).toMatch(/No excerpt is coded under this lever/);
    expect(blocksOf(l1, 'checklist')[0].items.length).toBe(3);
    expect(metric(r.metrics, 'levers.L1.excerpts')).toBe(0);
    expect(metric(r.metrics, 'levers.L3.excerpts')).toBe(2);
    // No second coder: no agreement section and no agreement metrics.
    expect(r.sections.some((s) => s.id === 'agreement')).toBe(false);
    expect(r.metrics.agreement).toBeUndefined();
    // A code mapped to tip L3.1 puts the site on that tip of the checklist.
    const tips = blocksOf(levers.children[2], 'checklist')[0].items;
    expect(tips.find((t) => t.id === 'L3.1')!.sites).toEqual(['KO9']);
    expect(tips.find((t) => t.id === 'L3.2')!.sites).toEqual([]);
    // A direct #L3 tag is listed with the codes.
    const codes = blocksOf(levers.children[2], 'table').find((b) => b.id === 'lever-L3-codes')!.table.rows;
    expect(codes.find((x) => x.code === '#L3')!.excerpts).toBe(1);
    expect(r.explore).toMatchObject({ total: 2, limit: 1, truncated: true });
    expect(r.explore.quotes.map((q) => q.id)).toContain('a/p1');
  });

  it('says that qualitative tables are not suppressed when suppression is on', async () => {
    const ws = await openProject({ project: dir, quiet: true });
    const r = await buildQualitative(ws, { ...OPTS, suppressBelow: 5 });
    const roles = blocksOf(r.sections.find((s) => s.id === 'levers')!.children[2], 'table').find((b) => b.id === 'lever-L3-roles')!.table;
    expect(roles.rows.find((x) => x.id === 'cursist')!.excerpts).toBe(1);
    expect(roles.notes.join(' ')).toMatch(/Geen celonderdrukking/);
  });
});
