/** `hefboom report` end to end: files written, determinism, --check/--junit, CSV safety, --lang, --date, --out safety. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hefboom, repoRoot } from './run-cli.js';

const werkplekleren = join(repoRoot, 'examples', 'werkplekleren');
const mentes = join(repoRoot, 'examples', 'mentes-pioniersfase');
let tmp: string;
/** A copy of werkplekleren with a `checks:` file and a site name that looks like a formula. */
let project: string;
let base: string;

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

function sameTree(a: string, b: string): void {
  const fa = files(a);
  expect(files(b)).toEqual(fa);
  for (const f of fa) {
    const same = readFileSync(join(a, f)).equals(readFileSync(join(b, f)));
    expect(same, `${f} differs between runs`).toBe(true);
  }
}

const CHECKS_OK = '- {name: respons-fragmenten, rule: "corpus.excerpts >= 80"}\n- {name: L5-aanwezig, rule: "levers.L5.excerpts >= 1"}\n';
const CHECKS_FAIL = `${CHECKS_OK}- {name: L1-veel, rule: "levers.L1.excerpts >= 50"}\n- {name: tikfout, rule: "levers.L9.excerpts >= 1"}\n`;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hefboom-report-'));
  project = join(tmp, 'project');
  cpSync(werkplekleren, project, { recursive: true });
  writeFileSync(join(project, 'checks.yaml'), CHECKS_OK);
  writeFileSync(join(project, 'hefboom.yaml'), `${readFileSync(join(project, 'hefboom.yaml'), 'utf8')}checks: checks.yaml\n`);
  const docs = join(project, 'meta', 'documenten.csv');
  writeFileSync(docs, readFileSync(docs, 'utf8').replace('ko3-interview-leidinggevende,KO3,', 'ko3-interview-leidinggevende,=1+1,'));
  base = join(tmp, 'base');
  const r = hefboom(['report', '-p', werkplekleren, '--out', base]);
  if (r.code !== 0) throw new Error(`report failed (${r.code}): ${r.stderr}`);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hefboom report on examples/werkplekleren', () => {
  it('writes index.html, report.md, report.json and one CSV per table (the default formats)', () => {
    const list = files(base);
    expect(list).toEqual(expect.arrayContaining(['.hefboom-report', 'index.html', 'report.md', 'report.json']));
    expect(list).not.toContain('report.xlsx');
    const model = JSON.parse(readFileSync(join(base, 'report.json'), 'utf8'));
    const csv = list.filter((f) => f.startsWith('tables/'));
    const tableIds: string[] = [];
    const walk = (s: { blocks: { type: string; id?: string }[]; children: unknown[] }) => {
      for (const b of s.blocks) if (b.type === 'table') tableIds.push(b.id!);
      (s.children as typeof s[]).forEach(walk);
    };
    model.sections.forEach(walk);
    expect(csv.sort()).toEqual(tableIds.map((id) => `tables/${id}.csv`).sort());
    expect(csv.length).toBeGreaterThan(10);
  });

  it('writes the whole model as JSON: sections in order, provenance with checksums, no date', () => {
    const model = JSON.parse(readFileSync(join(base, 'report.json'), 'utf8'));
    expect(model).toMatchObject({ command: 'report', title: 'Werkplekleren in de kinderopvang (voorbeeld)', lang: 'nl', date: null });
    const kinds: string[] = model.sections.map((s: { kind: string }) => s.kind);
    const order = ['overview', 'lever', 'memoq', 'perspectives', 'agreement', 'impact', 'audit', 'explore', 'method'];
    expect([...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(kinds);
    expect(kinds[kinds.length - 1]).toBe('method');
    expect(kinds).toContain('explore');
    const inputs: { path: string; kind: string; sha256: string; bytes: number }[] = model.provenance.inputs;
    expect(inputs[0]).toMatchObject({ path: 'hefboom.yaml', kind: 'project' });
    expect(inputs.filter((i) => i.kind === 'transcript')).toHaveLength(11);
    for (const i of inputs) expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.provenance.codebook).toMatchObject({ path: 'codebook.yaml', sha256: inputs.find((i) => i.path === 'codebook.yaml')!.sha256 });
    expect(model.metrics.report).toMatchObject({ inputs: inputs.length, warnings: 0 });
    // Every table has its unit and denominator.
    const method = model.sections.find((s: { id: string }) => s.id === 'method');
    const units = method.blocks.find((b: { id?: string }) => b.id === 'method-units').table.rows;
    expect(units.filter((r: { unit: string }) => r.unit === '(niet opgegeven)')).toEqual([]);
  });

  it('shows headings per section in report.md', () => {
    const md = readFileSync(join(base, 'report.md'), 'utf8');
    expect(md).toMatch(/^# Werkplekleren in de kinderopvang \(voorbeeld\)\n/);
    expect(md).toContain('## Methode en herkomst');
    expect(md).toContain('| hefboom.yaml | project |');
  });
});

describe('determinism', () => {
  it('two runs on werkplekleren give byte-identical files in every format', () => {
    const a = join(tmp, 'w-a');
    const b = join(tmp, 'w-b');
    for (const out of [a, b]) expect(hefboom(['report', '-p', werkplekleren, '--out', out, '--format', 'html,md,json,csv,xlsx', '-q']).code).toBe(0);
    expect(existsSync(join(a, 'report.xlsx'))).toBe(true);
    sameTree(a, b);
  }, 120_000);

  it('the corpus scan in worker threads gives the same report as the serial scan', () => {
    const a = join(tmp, 'w-serial');
    const b = join(tmp, 'w-workers');
    expect(hefboom(['report', '-p', werkplekleren, '--out', a, '--format', 'json,md', '-q'], { env: { HEFBOOM_WORKERS: '0' } }).code).toBe(0);
    expect(hefboom(['report', '-p', werkplekleren, '--out', b, '--format', 'json,md', '-q'], { env: { HEFBOOM_WORKERS: '2' } }).code).toBe(0);
    sameTree(a, b);
  }, 120_000);

  it('two runs on mentes-pioniersfase give byte-identical files in every format', () => {
    const a = join(tmp, 'm-a');
    const b = join(tmp, 'm-b');
    for (const out of [a, b]) {
      const r = hefboom(['report', '-p', mentes, '--out', out, '--format', 'html,md,json,csv,xlsx', '-q']);
      expect(r.code, r.stderr).toBe(0);
    }
    sameTree(a, b);
    const kinds = JSON.parse(readFileSync(join(a, 'report.json'), 'utf8')).sections.map((s: { kind: string }) => s.kind);
    expect(kinds).toEqual(expect.arrayContaining(['impact', 'audit', 'method']));
  }, 120_000);
});

describe('--check and --junit', () => {
  it('a passing set exits 0 and says so', () => {
    const out = join(tmp, 'check-ok');
    const r = hefboom(['report', '-p', project, '--out', out, '--format', 'json', '--check']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('checks: 2 passed, 0 failed');
    expect(r.stderr).not.toContain('not read');
    expect(r.stdout).toBe('');
  });

  it('a failing rule exits 1, names the rule with its actual value, still writes the report, and writes JUnit XML', () => {
    const rules = join(tmp, 'fail.yaml');
    writeFileSync(rules, CHECKS_FAIL);
    const out = join(tmp, 'check-fail');
    const junit = join(out, 'checks.xml');
    const r = hefboom(['report', '-p', project, '--out', out, '--format', 'json', '--checks', rules, '--junit', junit]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/check failed: L1-veel: levers\.L1\.excerpts >= 50 \(actual: 5\)/);
    expect(r.stderr).toContain('check failed: tikfout');
    expect(r.stderr).toContain('no metric "levers.L9.excerpts"');
    expect(r.stderr).toContain('closest: levers.L1.excerpts');
    expect(r.stderr).toContain('checks: 2 passed, 2 failed');
    expect(r.stderr).not.toContain('respons-fragmenten:');
    expect(existsSync(join(out, 'report.json'))).toBe(true);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="hefboom report checks" tests="4" failures="2" errors="0" skipped="0">');
    expect(xml).toContain('<testcase name="respons-fragmenten" classname="checks.corpus.excerpts"/>');
    expect(xml).toMatch(/<testcase name="L1-veel" classname="checks\.levers\.L1\.excerpts">\n\s+<failure message="levers\.L1\.excerpts is 5, the rule wants &gt;= 50" type="check">/);
  });

  it('--quiet keeps the failures but drops the summary', () => {
    const rules = join(tmp, 'fail-q.yaml');
    writeFileSync(rules, CHECKS_FAIL);
    const r = hefboom(['report', '-p', project, '--out', join(tmp, 'check-q'), '--format', 'json', '--checks', rules, '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('check failed: L1-veel');
    expect(r.stderr).not.toContain('checks: ');
    expect(r.stderr).not.toContain('wrote');
  });

  it('a bad rule exits 2 naming the file and line, before writing anything', () => {
    const rules = join(tmp, 'bad.yaml');
    writeFileSync(rules, '- {name: a, rule: "corpus.excerpts >= 1"}\n- {name: b, rule: "corpus.excerpts => 1"}\n');
    const out = join(tmp, 'check-bad');
    const r = hefboom(['report', '-p', project, '--out', out, '--checks', rules]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:2(:\d+)?: error \[rule\]: rule "corpus\.excerpts => 1"/);
    expect(existsSync(out)).toBe(false);
  });

  it('--check without a checks file is a usage error with a hint', () => {
    const r = hefboom(['report', '-p', werkplekleren, '--out', join(tmp, 'no-checks'), '--check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('names no checks file');
    expect(r.stderr).toContain('--checks FILE');
  });
});

describe('outputs', () => {
  it('neutralises a table cell that starts with = in the CSV files, and uses the excel-nl dialect on request', () => {
    const out = join(tmp, 'csv');
    const r = hefboom(['report', '-p', project, '--out', out, '--format', 'csv', '--csv-dialect', 'excel-nl']);
    expect(r.code, r.stderr).toBe(0);
    const csv = files(out).filter((f) => f.startsWith('tables/'));
    const withSite = csv.map((f) => readFileSync(join(out, f), 'utf8')).filter((t) => t.includes('=1+1'));
    expect(withSite.length).toBeGreaterThan(0);
    for (const t of withSite) {
      expect(t.startsWith('\uFEFF')).toBe(true);
      expect(t).toMatch(/(^|[;\n])'=1\+1/);
      expect(t).not.toMatch(/(^|[;\n])=1\+1/);
    }
    expect(files(out)).not.toContain('index.html');
  });

  it('--lang en changes the headings', () => {
    const out = join(tmp, 'en');
    expect(hefboom(['report', '-p', werkplekleren, '--out', out, '--format', 'md,json', '--lang', 'en']).code).toBe(0);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Method and provenance');
    expect(md).not.toContain('## Methode en herkomst');
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).lang).toBe('en');
  });

  it('--date appears in the model and the HTML only when given', () => {
    const out = join(tmp, 'dated');
    expect(hefboom(['report', '-p', werkplekleren, '--out', out, '--format', 'html,json', '--date', '2031-02-03']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).date).toBe('2031-02-03');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('2031-02-03');
    const undated = readFileSync(join(base, 'index.html'), 'utf8');
    expect(undated).not.toContain('2031-02-03');
    expect(undated).not.toContain(new Date().toISOString().slice(0, 10));
    expect(hefboom(['report', '-p', werkplekleren, '--out', out, '--date', '2031-02-30']).code).toBe(2);
  });

  it('writes an XLSX workbook with a contents sheet when asked', () => {
    const out = join(tmp, 'xlsx');
    expect(hefboom(['report', '-p', werkplekleren, '--out', out, '--format', 'xlsx']).code).toBe(0);
    expect(files(out)).toEqual(['.hefboom-report', 'report.xlsx']);
    const head = readFileSync(join(out, 'report.xlsx')).subarray(0, 2).toString('latin1');
    expect(head).toBe('PK');
  });
});

describe('--out safety', () => {
  it('requires an output folder when the project names none', () => {
    const r = hefboom(['report', '-p', werkplekleren]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no output folder');
    expect(r.stderr).toContain('report: { out: rapport/ }');
  });

  it('refuses to replace a folder that is not a previous report unless --force, and replaces its own', () => {
    const out = join(tmp, 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'thesis.docx'), 'x');
    const r = hefboom(['report', '-p', werkplekleren, '--out', out, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a hefboom report folder');
    expect(readFileSync(join(out, 'thesis.docx'), 'utf8')).toBe('x');
    expect(hefboom(['report', '-p', werkplekleren, '--out', out, '--format', 'json', '--force']).code).toBe(0);
    expect(files(out)).toEqual(['.hefboom-report', 'report.json']);
    // A previous report is replaced as a whole: formats not asked for again are gone.
    expect(hefboom(['report', '-p', werkplekleren, '--out', out, '--format', 'md']).code).toBe(0);
    expect(files(out)).toEqual(['.hefboom-report', 'report.md']);
  });

  it('never replaces the project folder or a folder holding inputs, even with --force', () => {
    const r1 = hefboom(['report', '-p', project, '--out', project, '--force']);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('holds the project folder');
    const r2 = hefboom(['report', '-p', project, '--out', join(project, 'transcripts'), '--force']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('holds an input');
    expect(existsSync(join(project, 'transcripts', 'ko1-focusgroep-start.txt'))).toBe(true);
  });

  it('rejects an unknown format with the closest one', () => {
    const r = hefboom(['report', '-p', werkplekleren, '--out', join(tmp, 'x'), '--format', 'html,xslx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "xlsx"');
  });
});

describe('learner pathways and stage evaluations', () => {
  const esf = join(repoRoot, 'examples', 'esf-trajecten');
  const stageProject = join(repoRoot, 'fixtures', 'stage');

  it('a register-only project gets the pathways section with the funnel of `pathways funnel`, and no empty corpus sections', () => {
    const out = join(tmp, 'esf');
    const r = hefboom(['report', '-p', esf, '--out', out, '--format', 'json,csv', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const model = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const kinds = model.sections.map((s: { kind: string }) => s.kind);
    expect(kinds).toContain('pathways');
    expect(kinds).not.toContain('overview');
    const funnel = JSON.parse(hefboom(['pathways', 'funnel', '-p', esf, '--format', 'json', '-q']).stdout).groups[0];
    const section = model.sections.find((s: { id: string }) => s.id === 'pathways');
    const table = section.blocks.find((b: { id?: string }) => b.id === 'pathways-funnel').table;
    expect(table.rows.map((row: { reached: number }) => row.reached)).toEqual(funnel.steps.map((s: { reached: number }) => s.reached));
    expect(model.metrics.pathways.register.persons).toBe(678);
    expect(existsSync(join(out, 'tables', 'pathways-funnel.csv'))).toBe(true);
    // Stop reasons mapped to a lever appear in that lever's section.
    const l4 = model.sections.flatMap((s: { children: unknown[] }) => s.children).find((s: { id: string }) => s.id === 'lever-L4');
    expect(l4.blocks.some((b: { id?: string }) => b.id === 'pathways-reasons-L4')).toBe(true);
  });

  it('pathway metrics can be checked', () => {
    const rules = join(tmp, 'esf-checks.yaml');
    writeFileSync(rules, '- {name: redenen-geregistreerd, rule: "pathways.register.exits_without_reason <= 1"}\n- {name: gestart, rule: "pathways.register.started_share >= 0.5"}\n');
    const r = hefboom(['report', '-p', esf, '--out', join(tmp, 'esf-check'), '--format', 'json', '--checks', rules, '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('redenen-geregistreerd');
    expect(r.stderr).not.toMatch(/FAIL.*gestart/);
  });

  it('a stage export gets the stage section: ratings per indicator and moment, change between moments', () => {
    const out = join(tmp, 'stage');
    const r = hefboom(['report', '-p', stageProject, '--out', out, '--format', 'json', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const model = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const section = model.sections.find((s: { kind: string }) => s.kind === 'stage');
    expect(section.blocks.map((b: { id?: string }) => b.id).filter(Boolean)).toEqual(expect.arrayContaining(['stage-ratings', 'stage-change']));
    expect(model.metrics.stage.stage.evaluations).toBe(24);
  });
});
