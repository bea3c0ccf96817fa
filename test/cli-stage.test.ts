/**
 * `hefboom stage describe|change|templates` on fixtures/stage (12 trainees × 2 moments × 8
 * indicators). The command is run in-process through commander (registerStage on a program with
 * the global flags), so it is tested before the integrator lists it in src/cli/commands.ts; the
 * built CLI is tested too once `hefboom stage --help` answers (see the last block).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerStage } from '../src/cli/stage.js';
import { InputFailure, UsageError } from '../src/cli/common.js';
import { hefboom, json, repoRoot } from './run-cli.js';

const fixture = join(repoRoot, 'fixtures', 'stage');

interface Run { stdout: string; stderr: string; error?: unknown }

/** Run `hefboom stage …` in this process: stdout, stderr and the error the command threw (if any). */
async function stage(args: string[]): Promise<Run> {
  const program = new Command();
  program
    .option('-p, --project <dir>')
    .option('--strict')
    .option('--lang <lang>')
    .option('-q, --quiet')
    .option('--no-color')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerStage(program);
  const override = (c: Command) => { c.exitOverride(); c.configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) }); c.commands.forEach(override); };
  program.commands.forEach(override);
  const out: string[] = [];
  const err: string[] = [];
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out.push(String(s)); return true; });
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err.push(String(s)); return true; });
  let error: unknown;
  try {
    await program.parseAsync(['node', 'hefboom', 'stage', ...args]);
  } catch (e) {
    error = e;
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
  return { stdout: out.join(''), stderr: err.join(''), error };
}

const parse = (r: Run) => {
  if (r.error) throw r.error;
  return JSON.parse(r.stdout);
};

let tmp: string;
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'hefboom-stage-cli-')); });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('stage describe', () => {
  it('JSON: keys, scale, and the figures of one indicator', async () => {
    const j = parse(await stage(['describe', '-p', fixture, '--format', 'json']));
    expect(Object.keys(j)).toEqual(['hefboom', 'command', 'project', 'stage', 'file', 'definition', 'layout', 'scale', 'moments', 'by', 'evaluations', 'suppressBelow', 'indicators', 'clusters', 'provenance']);
    expect(j).toMatchObject({ command: 'stage describe', stage: 'stage', file: 'data/stage-evaluaties.csv', layout: 'long', moments: ['tussentijds', 'eind'], by: null });
    expect(j.scale).toEqual({ labels: ['onvoldoende', 'zwak', 'voldoende', 'goed', 'zeer goed'], sufficient: 3, sufficientLabel: 'voldoende' });
    expect(j.provenance).toEqual({ rows: 191, evaluations: 24, trainees: 12, feedback: 44, warnings: 0 });
    const feedback = j.indicators.find((r: { indicator: string; moment: string }) => r.indicator === 'feedback' && r.moment === 'tussentijds');
    // By hand from the CSV: zwak 6, voldoende 5, goed 1 → median between zwak and voldoende, 6/12 sufficient.
    expect(feedback).toMatchObject({ n: 12, counts: [0, 6, 5, 1, 0], median: 2.5, medianLabel: 'zwak–voldoende', sufficient: { count: 6, n: 12, p: 0.5 } });
    expect(j.clusters.map((c: { cluster: string }) => c.cluster)).toEqual(['communicatie', 'communicatie', 'zorg', 'zorg', 'spel', 'spel', 'professionaliteit', 'professionaliteit']);
  });

  it('is the default analysis; the table states unit and denominator', async () => {
    const r = await stage(['-p', fixture, '--lang', 'en']);
    expect(r.error).toBeUndefined();
    expect(r.stdout).toContain('Ratings per indicator and moment');
    expect(r.stdout).toMatch(/Vraagt feedback en gebruikt die\s+tussentijds\s+12\s+0\s+6\s+5\s+1\s+0\s+0\s+zwak–voldoende\s+6\/12\s+50\.0%\s+\[25\.4, 74\.6\]/);
    expect(r.stdout).toContain('Unit: trainee per moment. n = trainees with a rating, the denominator of every share');
    expect(r.stdout).toContain('Internship evaluations stage (data/stage-evaluaties.csv): 12 trainees, 24 evaluations (tussentijds 12, eind 12).');
  });

  it('--by with the column header; --sufficient moves the threshold', async () => {
    const j = parse(await stage(['describe', '-p', fixture, '--by', 'Beroepsprofiel', '--sufficient', 'goed', '--format', 'json']));
    expect(j.by).toBe('profile');
    expect(j.scale.sufficientLabel).toBe('goed');
    const rows = j.indicators.filter((r: { indicator: string; moment: string }) => r.indicator === 'veiligheid' && r.moment === 'eind');
    // Veiligheid at eind, goed or better, by hand from the CSV: S01–S08 all but S05 and S07 (voldoende)
    // → 6 of 8; S09–S12 all but S10 → 3 of 4.
    expect(rows.map((r: { group: string; sufficient: { count: number; n: number } }) => [r.group, r.sufficient.count, r.sufficient.n])).toEqual([
      ["kinderbegeleider baby's en peuters", 6, 8], ['kinderbegeleider schoolgaande kinderen', 3, 4],
    ]);
  });

  it('CSV for a spreadsheet: one header per table, label columns', async () => {
    const r = await stage(['describe', '-p', fixture, '--format', 'csv']);
    const first = r.stdout.split('\n')[0];
    expect(first).toBe('indicator,moment,n,onvoldoende,zwak,voldoende,goed,zeer goed,niet beoordeeld,mediaan,≥ voldoende,%,95%-BI');
  });
});

describe('stage change', () => {
  it('tussentijds → eind per indicator and cluster, as R wilcox.test(eind, tussentijds, paired = TRUE)', async () => {
    const j = parse(await stage(['change', '-p', fixture, '--format', 'json']));
    expect(j).toMatchObject({ command: 'stage change', from: 'tussentijds', to: 'eind' });
    const ouders = j.indicators.find((c: { id: string }) => c.id === 'ouders');
    expect(ouders).toMatchObject({ pairs: 11, unpaired: 1, improved: 9, same: 2, worse: 0, medianFromLabel: 'zwak', medianToLabel: 'voldoende' });
    expect(ouders.test.statistic).toBe(45);
    expect(ouders.test.p).toBeCloseTo(0.003353436455, 8);
    const zorg = j.clusters.find((c: { id: string }) => c.id === 'zorg');
    expect(zorg.test.statistic).toBe(78);
    expect(zorg.test.p).toBeCloseTo(0.001221994337, 8);
  });

  it('--moments in the other order: V becomes n(n+1)/2 − V (kinderen: 8 changed, 36 → 0)', async () => {
    const j = parse(await stage(['change', '-p', fixture, '--moments', 'eindevaluatie,tussentijds', '--format', 'json']));
    expect([j.from, j.to]).toEqual(['eind', 'tussentijds']);
    const k = j.indicators.find((c: { id: string }) => c.id === 'kinderen');
    expect(k).toMatchObject({ improved: 0, worse: 8, test: { statistic: 0, n: 8 } });
  });

  it('bad --moments: exit 2 with the closest moment', async () => {
    const r = await stage(['change', '-p', fixture, '--moments', 'tussentijds,einde']);
    expect(r.error).toBeInstanceOf(UsageError);
    expect((r.error as UsageError).message).toBe('unknown moment "einde" in --moments');
    expect((r.error as UsageError).hint).toMatch(/^did you mean "eind"\?/);
    const same = await stage(['change', '-p', fixture, '--moments', 'eind,eindevaluatie']);
    expect((same.error as UsageError).message).toContain('the same moment twice');
    const one = await stage(['change', '-p', fixture, '--moments', 'eind']);
    expect((one.error as UsageError).message).toContain('expects two moments');
  });
});

describe('stage templates', () => {
  it('templates per occupational profile, schools per template', async () => {
    const r = await stage(['templates', '-p', fixture]);
    expect(r.error).toBeUndefined();
    expect(r.stdout).toContain('Sjablonen per beroepsprofiel');
    expect(r.stdout).toMatch(/kinderbegeleider baby's en peuters\s+3\s+2\s+0\.67\s+8\s+16\s+0\s+0/);
    expect(r.stdout).toMatch(/kinderbegeleider baby's en peuters\s+Uniform 2023\s+2\s+School Noord, School Zuid\s+6\s+12/);
    const j = parse(await stage(['templates', '-p', fixture, '--by', 'school', '--format', 'json']));
    expect(j.by).toBe('school');
    expect(j.groups.map((g: { group: string; templates: number }) => [g.group, g.templates])).toEqual([['CVO Oost', 1], ['School Noord', 2], ['School Zuid', 2]]);
  });
});

describe('stage: errors stop with a clear message', () => {
  it('an unknown --by lists the attributes and the closest', async () => {
    const r = await stage(['describe', '-p', fixture, '--by', 'schol']);
    expect(r.error).toBeInstanceOf(UsageError);
    expect((r.error as UsageError).hint).toBe('did you mean "school"? attributes: school, placement, mentor, profile, template');
  });

  it('an unknown --sufficient label, --format and --stage', async () => {
    expect(((await stage(['-p', fixture, '--sufficient', 'goedd'])).error as UsageError).hint).toMatch(/^did you mean "goed"\?/);
    expect(((await stage(['-p', fixture, '--format', 'xml'])).error as UsageError).message).toBe('unknown --format "xml"');
    expect(((await stage(['-p', fixture, '--stage', 'stag'])).error as UsageError).hint).toMatch(/^did you mean "stage"\?/);
  });

  it('bad rows in the export: every error with file, line, column and field; nothing on stdout', async () => {
    const dir = join(tmp, 'kapot');
    cpSync(fixture, dir, { recursive: true });
    const f = join(dir, 'data', 'stage-evaluaties.csv');
    const lines = readFileSync(f, 'utf8').split('\n');
    lines[4] = lines[4].replace(';tussentijds;', ';tussentijd;'); // line 5
    lines[9] = lines[9].replace(';goed;', ';goedd;'); // line 10
    lines.splice(20, 0, lines[18]); // line 21 repeats line 19 (S02, tussentijds, ouders)
    writeFileSync(f, lines.join('\n'));
    const r = await stage(['describe', '-p', dir, '--lang', 'en']);
    expect(r.error).toBeInstanceOf(InputFailure);
    expect(r.stdout).toBe('');
    const shown = r.stderr.split('\n').filter((l) => l.includes(': error'));
    expect(shown).toEqual([
      'data/stage-evaluaties.csv:5:2: error [Moment]: "tussentijd" is not one of the moments',
      'data/stage-evaluaties.csv:10:9: error [Score]: score "goedd" is not a label of the scale',
      'data/stage-evaluaties.csv:21:9: error [Score]: trainee "S02" is rated twice on "Wisselt informatie uit met ouders bij breng- en haalmomenten" at moment "tussentijds" (lines 19 and 21)',
    ]);
    expect(r.stderr).toContain('hint: did you mean "tussentijds"?');
    expect(r.stderr).toContain('3 errors; nothing was written.');
  });

  it('an unknown key in the definition: its line and the closest key', async () => {
    const dir = join(tmp, 'sleutel');
    cpSync(fixture, dir, { recursive: true });
    const f = join(dir, 'stage.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('placement: Stageplaats', 'placment: Stageplaats'));
    const r = await stage(['-p', dir]);
    expect(r.error).toBeInstanceOf(InputFailure);
    expect(r.stderr).toContain('stage.yaml:26: error [placment]: unknown key "placment" in the stage definition');
    expect(r.stderr).toContain('hint: did you mean "placement"?');
  });

  it('a project without `stage:` entries', async () => {
    const dir = join(tmp, 'leeg');
    cpSync(fixture, dir, { recursive: true });
    writeFileSync(join(dir, 'hefboom.yaml'), 'name: leeg\ncrm: []\n');
    const r = await stage(['-p', dir]);
    expect((r.error as UsageError).message).toBe('the project lists no `stage:` evaluations');
  });

  it('templates without a template column', async () => {
    const dir = join(tmp, 'geen-sjabloon');
    cpSync(fixture, dir, { recursive: true });
    const f = join(dir, 'stage.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('template: Sjabloon\n', ''));
    const r = await stage(['templates', '-p', dir]);
    expect((r.error as UsageError).message).toBe('the stage definition stage.yaml names no `template:` column');
  });

  it('--out writes the file atomically and says so on stderr', async () => {
    const out = join(tmp, 'templates.md');
    const r = await stage(['templates', '-p', fixture, '--format', 'md', '--out', out]);
    expect(r.error).toBeUndefined();
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toContain('| Uniform 2023 |');
    expect(r.stderr).toContain(`wrote ${out}`);
  });
});

describe('the built CLI', () => {
  it('hefboom stage describe --format json', () => {
    const r = hefboom(['stage', 'describe', '-p', fixture, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json(r).provenance).toMatchObject({ evaluations: 24, trainees: 12 });
  });

  it('--suppress-below withholds small rating counts and shares in the table and the JSON', () => {
    const out = json(hefboom(['stage', 'describe', '-p', fixture, '--suppress-below', '3', '--format', 'json']));
    expect(out.suppressBelow).toBe(3);
    for (const r of out.indicators) {
      for (const c of r.counts) expect(typeof c === 'number' ? c === 0 || c >= 3 : c === '<3').toBe(true);
      if (r.sufficient.suppressed) expect(r.sufficient.count).toBeNull();
      else expect(r.sufficient.count >= 3 && r.sufficient.n - r.sufficient.count >= 3 || r.sufficient.count === 0 || r.sufficient.count === r.sufficient.n).toBe(true);
    }
    expect(out.indicators.some((r: { sufficient: { suppressed?: boolean } }) => r.sufficient.suppressed)).toBe(true);
    const table = hefboom(['stage', 'describe', '-p', fixture, '--suppress-below', '3']);
    expect(table.stdout).toContain('<3');
    expect(table.stdout).toContain('Aantallen onder 3');
  });

  it('exit 2 on bad flags, with the message on stderr', () => {
    const r = hefboom(['stage', 'change', '-p', fixture, '--moments', 'a,b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hefboom: unknown moment "a" in --moments');
  });

  it('written feedback becomes excerpts coded sterkte / groeikans that tally and quotes reach', () => {
    const t = json(hefboom(['tally', '-p', fixture, '--by', 'code', '--format', 'json']));
    const n = (id: string) => t.rows.find((r: { id: string }) => r.id === id)?.n;
    // 22 strengths and 22 growth points in the fixture's two feedback columns.
    expect([n('sterkte'), n('groeikans')]).toEqual([22, 22]);
    const q = json(hefboom(['quotes', '-p', fixture, '--code', 'groeikans', '--where', 'moment=eind', '--format', 'json']));
    expect(q.quotes.length).toBeGreaterThan(0);
    expect(q.quotes.every((x: { excerpt?: { attributes?: Record<string, string> } }) => JSON.stringify(x).includes('stagefeedback'))).toBe(true);
  });

  it('validate reads the stage export and counts its evaluations', () => {
    const r = hefboom(['validate', '-p', fixture]);
    expect(r.code).toBe(0);
    expect(r.stderr + r.stdout).toContain('stage stage: 24 evaluations');
  });
});
