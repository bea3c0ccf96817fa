/**
 * Independent hand count of the example project `examples/werkplekleren/`.
 *
 * This file deliberately imports NOTHING from src/: it re-implements the small part of DESIGN.md §3–§4
 * it needs (front matter, paragraphs, speaker labels, `#tags`, codebook roll-up) in a few lines, so
 * a bug in the real reader cannot hide behind the same bug in the test. The expected lever × role
 * matrix below was counted by hand while writing the transcripts; the first describe block pins both
 * the data and this little counter to it, the second one checks that `hefboom tally` agrees.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const projectDir = join(repoRoot, 'examples', 'werkplekleren');

const LEVERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'] as const;
const MEMOQ = ['welbevinden', 'betrokkenheid', 'emotionele-ondersteuning', 'educatieve-ondersteuning', 'omgeving', 'gezinnen-diversiteit'];

/** Counted by hand: excerpts per lever × role (an excerpt counts once per lever). */
const EXPECTED_MATRIX: Record<string, Record<string, number>> = {
  L1: { verantwoordelijke: 2, kinderbegeleider: 1, onderzoeker: 1, 'externe-mentor': 1 },
  L2: { verantwoordelijke: 4, kinderbegeleider: 3, cursist: 1, onderzoeker: 1, mentor: 1 },
  L3: { verantwoordelijke: 3, kinderbegeleider: 3, cursist: 9, onderzoeker: 1, mentor: 1, 'externe-mentor': 1 },
  L4: { verantwoordelijke: 3, kinderbegeleider: 1, cursist: 2, 'externe-mentor': 2 },
  L5: { verantwoordelijke: 2, leerkracht: 2, mentor: 1, cursist: 3, 'externe-mentor': 2 },
  L6: { verantwoordelijke: 1, kinderbegeleider: 4, mentor: 3, cursist: 3, onderzoeker: 4, 'pedagogisch-coach': 2, 'externe-mentor': 1 },
  L7: { verantwoordelijke: 3, kinderbegeleider: 4, cursist: 1, onderzoeker: 4, 'pedagogisch-coach': 1, 'externe-mentor': 4 },
};
/** Excerpts with the lever, any role. */
const EXPECTED_LEVER_N: Record<string, number> = { L1: 5, L2: 10, L3: 18, L4: 8, L5: 10, L6: 18, L7: 17 };
/** All primary excerpts (paragraphs), coded or not, per role. */
const EXPECTED_ROLE_TOTALS: Record<string, number> = {
  kinderbegeleider: 13,
  verantwoordelijke: 16,
  mentor: 6,
  'externe-mentor': 9,
  cursist: 13,
  leerkracht: 2,
  'pedagogisch-coach': 2,
  onderzoeker: 24,
};
const EXPECTED_TOTAL = 85;
const EXPECTED_DOCUMENTS = 9;

/** The only speaker label forms the example may use (numbers optional). */
const LABEL_FORMS = ['Kinderbegeleider', 'Kinderbegeleidster', 'Verantwoordelijke', 'Leidinggevende', 'Mentor', 'M', 'Externe mentor', 'Cursist', 'Stagiaire', 'Leerkracht CVO', 'Onderzoeker', 'Pedagogisch coach'];

/** Small local role table: label (lower case, number stripped) → canonical role. */
const ROLE_OF: Record<string, string> = {
  kinderbegeleider: 'kinderbegeleider',
  kinderbegeleidster: 'kinderbegeleider',
  verantwoordelijke: 'verantwoordelijke',
  leidinggevende: 'verantwoordelijke',
  mentor: 'mentor',
  m: 'mentor',
  'externe mentor': 'externe-mentor',
  cursist: 'cursist',
  stagiaire: 'cursist',
  'leerkracht cvo': 'leerkracht',
  'pedagogisch coach': 'pedagogisch-coach',
  onderzoeker: 'onderzoeker',
};

interface Para {
  doc: string;
  file: string;
  label: string | null;
  role: string;
  tags: string[];
  /** Text without label-independent noise: tags removed, white space collapsed (for the dubbel check). */
  plain: string;
}

interface ParsedFile {
  id: string;
  file: string;
  frontMatter: Record<string, unknown>;
  paras: Para[];
}

const TIMESTAMP = /^(?:\[\d{1,2}:\d{2}(?::\d{2})?\]|\(\d{1,2}:\d{2}(?::\d{2})?\)|\d{1,2}:\d{2}:\d{2}\s+-)\s*/;
const BOLD_LABEL = /^\*\*([^*\n:]{1,40})(?::\*\*|\*\*:)\s*/;
const PLAIN_LABEL = /^([^:\n*]{1,40}):\s/;
const TAG = /(?<!\\)#(\p{L}[\p{L}\p{N}\-_./:]*)/gu;

function parseFile(path: string): ParsedFile {
  const raw = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  let body = raw;
  let frontMatter: Record<string, unknown> = {};
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(raw);
  if (fm) {
    frontMatter = (parseYaml(fm[1]) ?? {}) as Record<string, unknown>;
    body = raw.slice(fm[0].length);
  }
  const file = path.slice(projectDir.length + 1);
  const id = String(frontMatter.id ?? file.replace(/^.*\//, '').replace(/\.[^.]+$/, ''));
  const isMd = path.endsWith('.md');
  const defaultRole = typeof frontMatter.default_role === 'string' ? frontMatter.default_role : 'onbekend';
  const paras: Para[] = [];
  for (const block of body.split(/\n[ \t]*\n/)) {
    const text = block.trim();
    if (!text) continue;
    if (isMd && /^#{1,6}\s/.test(text)) continue; // a heading, not an excerpt
    const rest = text.replace(TIMESTAMP, '');
    const m = (isMd ? BOLD_LABEL.exec(rest) : null) ?? PLAIN_LABEL.exec(rest);
    let label: string | null = null;
    let role = defaultRole;
    if (m) {
      const written = m[1].trim();
      const key = written.toLowerCase().replace(/\s*\d+$/, '');
      if (ROLE_OF[key]) {
        label = written;
        role = ROLE_OF[key];
      }
    }
    const tags = [...text.matchAll(TAG)].map((t) => t[1].replace(/[.,;:!?/]+$/, ''));
    const plain = text.replace(TAG, '').replace(/\s+/g, ' ').trim();
    paras.push({ doc: id, file, label, role, tags, plain });
  }
  return { id, file, frontMatter, paras };
}

function listFiles(dir: string, exts: string[]): string[] {
  return readdirSync(dir)
    .filter((f) => exts.some((e) => f.endsWith(e)))
    .sort()
    .map((f) => join(dir, f));
}

interface CodeInfo {
  parent: string | null;
  levers: string[];
  memoq: string[];
}

function loadCodebook(): { codes: Map<string, CodeInfo>; aliases: Map<string, string> } {
  const cb = parseYaml(readFileSync(join(projectDir, 'codebook.yaml'), 'utf8')) as { codes: unknown[] };
  const codes = new Map<string, CodeInfo>();
  const aliases = new Map<string, string>();
  const visit = (list: unknown[], parent: string | null) => {
    for (const item of list) {
      const c = item as Record<string, unknown>;
      const id = String(c.id);
      const fw = (c.frameworks ?? {}) as Record<string, string[]>;
      codes.set(id, {
        parent: typeof c.parent === 'string' ? c.parent : parent,
        levers: [...((c.levers as string[]) ?? []), ...(fw.levers ?? [])],
        memoq: [...((c.memoq as string[]) ?? []), ...(fw.memoq ?? [])],
      });
      for (const a of (c.aliases as string[]) ?? []) aliases.set(a, id);
      if (Array.isArray(c.children)) visit(c.children, id);
    }
  };
  visit(cb.codes, null);
  return { codes, aliases };
}

const { codes, aliases } = loadCodebook();

/** Levers and MeMoQ dimensions one tag reaches, with the parent chain. Throws on an unknown tag. */
function rollUp(tag: string, where: string): { levers: Set<string>; memoq: Set<string> } {
  const levers = new Set<string>();
  const memoq = new Set<string>();
  if (/^L[1-7]$/.test(tag)) levers.add(tag);
  else if (tag.startsWith('memoq:')) {
    const dim = tag.slice('memoq:'.length);
    if (!MEMOQ.includes(dim)) throw new Error(`${where}: unknown MeMoQ dimension #${tag}`);
    memoq.add(dim);
  } else {
    let id: string | null = codes.has(tag) ? tag : (aliases.get(tag) ?? null);
    if (!id) throw new Error(`${where}: #${tag} is not a code id or alias in the codebook`);
    const seen = new Set<string>();
    while (id && !seen.has(id)) {
      seen.add(id);
      const info = codes.get(id);
      if (!info) throw new Error(`${where}: parent ${id} is not defined`);
      info.levers.forEach((l) => levers.add(l));
      info.memoq.forEach((d) => memoq.add(d));
      id = info.parent;
    }
  }
  return { levers, memoq };
}

function paraRollUp(p: Para) {
  const levers = new Set<string>();
  const memoq = new Set<string>();
  for (const t of p.tags) {
    const r = rollUp(t, `${p.file} (${p.label ?? 'veldnota'})`);
    r.levers.forEach((l) => levers.add(l));
    r.memoq.forEach((d) => memoq.add(d));
  }
  return { levers, memoq };
}

const primaryFiles = listFiles(join(projectDir, 'transcripts'), ['.txt', '.md']).map(parseFile);
const primary = primaryFiles.flatMap((f) => f.paras);

function countMatrix(paras: Para[]) {
  const matrix: Record<string, Record<string, number>> = {};
  const leverN: Record<string, number> = {};
  const roleTotals: Record<string, number> = {};
  for (const l of LEVERS) {
    matrix[l] = {};
    leverN[l] = 0;
  }
  for (const p of paras) {
    roleTotals[p.role] = (roleTotals[p.role] ?? 0) + 1;
    for (const l of paraRollUp(p).levers) {
      matrix[l][p.role] = (matrix[l][p.role] ?? 0) + 1;
      leverN[l] += 1;
    }
  }
  return { matrix, leverN, roleTotals };
}

describe('examples/werkplekleren: independent hand count', () => {
  it('has the documents, excerpts and variety the example promises', () => {
    expect(primaryFiles.length).toBe(EXPECTED_DOCUMENTS);
    expect(new Set(primaryFiles.map((f) => f.id)).size).toBe(EXPECTED_DOCUMENTS);
    expect(primary.length).toBe(EXPECTED_TOTAL);
    expect(primary.length).toBeGreaterThanOrEqual(70);
    const sourceTypes = new Set(primaryFiles.map((f) => String(f.frontMatter.source_type)));
    expect(sourceTypes.size).toBeGreaterThanOrEqual(3);
    const roles = new Set(primary.map((p) => p.role));
    expect(roles.has('onbekend')).toBe(false);
    expect(roles.size).toBeGreaterThanOrEqual(6);
    // at least one thin voice (< 5 excerpts)
    expect(Object.values(EXPECTED_ROLE_TOTALS).some((n) => n < 5)).toBe(true);
    // uncoded and multi-coded paragraphs both occur
    expect(primary.some((p) => p.tags.length === 0)).toBe(true);
    expect(primary.some((p) => p.tags.length >= 2)).toBe(true);
  });

  it('uses only the agreed speaker label forms', () => {
    for (const p of primary) {
      if (p.label === null) continue;
      const base = p.label.replace(/\s*\d+$/, '');
      expect(LABEL_FORMS, `${p.file}: label "${p.label}"`).toContain(base);
    }
  });

  it('has every document in the sidecar, and ≥ 3 documents that take site and year only from it', () => {
    const csv = readFileSync(join(projectDir, 'meta', 'documenten.csv'), 'utf8').trim().split(/\r?\n/);
    const header = csv[0].split(',');
    expect(header.slice(0, 4)).toEqual(['document', 'site', 'year', 'organisatievorm']);
    const rows = new Map(csv.slice(1).map((line) => {
      const cells = line.split(',');
      return [cells[0], { site: cells[1], year: cells[2] }] as const;
    }));
    for (const f of primaryFiles) {
      const row = rows.get(f.id);
      expect(row, `sidecar row for ${f.id}`).toBeDefined();
      if (f.frontMatter.site !== undefined) expect(String(f.frontMatter.site)).toBe(row!.site);
      if (f.frontMatter.year !== undefined) expect(String(f.frontMatter.year)).toBe(row!.year);
    }
    const fromSidecar = primaryFiles.filter((f) => f.frontMatter.site === undefined && f.frontMatter.year === undefined);
    expect(fromSidecar.length).toBeGreaterThanOrEqual(3);
    const sites = new Set([...rows.values()].map((r) => r.site));
    expect(sites.size).toBeGreaterThanOrEqual(4);
  });

  it('reaches every lever and every MeMoQ dimension through roll-up; every tag is known', () => {
    const levers = new Set<string>();
    const memoq = new Set<string>();
    for (const p of primary) {
      const r = paraRollUp(p); // throws on an unknown tag
      r.levers.forEach((l) => levers.add(l));
      r.memoq.forEach((d) => memoq.add(d));
    }
    expect([...levers].sort()).toEqual([...LEVERS]);
    expect([...memoq].sort()).toEqual([...MEMOQ].sort());
  });

  it('ignores an escaped \\# and skips markdown headings', () => {
    const all = primaryFiles.map((f) => readFileSync(join(projectDir, f.file), 'utf8')).join('\n');
    expect(all).toContain('\\#trotsopons');
    expect(primary.flatMap((p) => p.tags)).not.toContain('trotsopons');
    expect(primary.some((p) => p.plain.startsWith('#'))).toBe(false);
  });

  it('has cursist quotes on L3 from at least two documents', () => {
    const hits = primary.filter((p) => p.role === 'cursist' && paraRollUp(p).levers.has('L3'));
    expect(hits.length).toBeGreaterThanOrEqual(4);
    expect(new Set(hits.map((p) => p.doc)).size).toBeGreaterThanOrEqual(2);
  });

  it('computes exactly the hand-counted lever × role matrix', () => {
    const { matrix, leverN, roleTotals } = countMatrix(primary);
    expect(matrix).toEqual(EXPECTED_MATRIX);
    expect(leverN).toEqual(EXPECTED_LEVER_N);
    expect(roleTotals).toEqual(EXPECTED_ROLE_TOTALS);
    for (const l of LEVERS) {
      const sum = Object.values(EXPECTED_MATRIX[l]).reduce((a, b) => a + b, 0);
      expect(sum, `${l}: cells add up to n`).toBe(EXPECTED_LEVER_N[l]);
    }
  });

  it('dubbel/ holds two documents with identical text, coded differently by the second coder', () => {
    const second = listFiles(join(projectDir, 'dubbel'), ['.txt']).map(parseFile);
    expect(second.length).toBe(2);
    for (const d of second) {
      const p = primaryFiles.find((f) => f.id === d.id);
      expect(p, `primary document for ${d.id}`).toBeDefined();
      expect(d.frontMatter).toEqual(p!.frontMatter);
      expect(d.paras.map((x) => x.plain)).toEqual(p!.paras.map((x) => x.plain));
      expect(d.paras.map((x) => x.label)).toEqual(p!.paras.map((x) => x.label));
      const same = d.paras.filter((x, i) => [...x.tags].sort().join() === [...p!.paras[i].tags].sort().join());
      expect(same.length).toBeGreaterThan(0);
      expect(same.length).toBeLessThan(d.paras.length);
      for (const x of d.paras) paraRollUp(x); // every tag known
    }
  });
});

const cliBuilt = existsSync(join(repoRoot, 'dist', 'cli', 'main.js'));
if (!cliBuilt) console.warn('example-handcount: dist/cli/main.js not found, skipping the CLI checks (run `npm run build`).');

describe.skipIf(!cliBuilt)('examples/werkplekleren: `hefboom tally --by lever --across role` agrees (needs `npm run build`)', () => {
  interface TallyJson {
    command: string;
    by: string;
    across: string;
    unit: string;
    denominator: { total: number; columns: Record<string, number> };
    rows: { id: string; n: number; cells: Record<string, number> }[];
  }
  const run = (): TallyJson =>
    JSON.parse(
      execFileSync(process.execPath, ['bin/hefboom.js', 'tally', '-p', 'examples/werkplekleren', '--by', 'lever', '--across', 'role', '--format', 'json'], {
        cwd: repoRoot,
        encoding: 'utf8',
      }),
    ) as TallyJson;

  it('returns L1..L7 with the hand-counted cells, row totals and denominator', () => {
    const out = run();
    expect(out.command).toBe('tally');
    expect(out.rows.map((r) => r.id)).toEqual([...LEVERS]);
    const roles = new Set<string>([...Object.keys(EXPECTED_ROLE_TOTALS)]);
    out.rows.forEach((r) => Object.keys(r.cells).forEach((k) => roles.add(k)));
    out.rows.forEach((row, i) => {
      const lever = LEVERS[i];
      for (const role of roles) {
        expect(row.cells[role] ?? 0, `${lever} × ${role}`).toBe(EXPECTED_MATRIX[lever][role] ?? 0);
      }
      expect(row.n, `${lever}: n`).toBe(EXPECTED_LEVER_N[lever]);
    });
    expect(out.denominator.total).toBe(EXPECTED_TOTAL);
    for (const [role, n] of Object.entries(EXPECTED_ROLE_TOTALS)) {
      expect(out.denominator.columns[role] ?? 0, `denominator for ${role}`).toBe(n);
    }
  });
});
