/**
 * `hefboom pathways` on the example project, against counts computed here independently from the
 * register file itself (papaparse for the CSV, plain loops for the rest). The Kaplan–Meier and
 * log-rank functions themselves are checked against R's survival package in src/stats.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { hefboom, json, repoRoot } from './run-cli.js';

const example = join(repoRoot, 'examples', 'esf-trajecten');
const csv = Papa.parse<Record<string, string>>(readFileSync(join(example, 'data', 'register.csv'), 'utf8'), { header: true, delimiter: ';', skipEmptyLines: true }).data;
const REQUIRED: [string, string][] = [
  ['toeleiding', 'Datum doorverwijzing'], ['infosessie', 'Datum infosessie'], ['intake', 'Datum intake'],
  ['opleiding', 'Start opleiding'], ['kwalificatie', 'Datum kwalificatie'], ['uitstroom', 'Datum uitstroom'],
];
const day = (s: string): number => {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return NaN;
  const [y, mo, d] = s.includes('/') ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
  return Date.UTC(Number(y), Number(mo) - 1, Number(d)) / 86_400_000;
};
const run = (args: string[]) => {
  const r = hefboom(['pathways', ...args, '-p', example, '--format', 'json', '-q']);
  expect(r.code, r.stderr).toBe(0);
  return json(r);
};

describe('pathways funnel', () => {
  const out = run(['funnel', '--by', 'partnership']);

  it('counts the people reaching each required phase per partnership, as the register says', () => {
    const partnerships = [...new Set(csv.map((r) => r.Partnerschap))];
    expect(out.groups.map((g: { group: string }) => g.group).sort()).toEqual(partnerships.sort());
    for (const g of out.groups) {
      const rows = csv.filter((r) => r.Partnerschap === g.group);
      const reached = REQUIRED.map(() => 0);
      for (const r of rows) {
        let last = 0;
        REQUIRED.forEach(([, col], k) => { if (r[col]) last = Math.max(last, k); });
        for (let k = 0; k <= last; k++) reached[k]++;
      }
      expect(g.base).toBe(rows.length);
      expect(g.steps.map((s: { reached: number }) => s.reached), g.group).toEqual(reached);
    }
  });

  it('splits the outcomes of the qualified as the register says', () => {
    const o = run(['funnel']).groups[0].outcomes;
    const qualified = csv.filter((r) => r['Datum kwalificatie'] || r['Datum uitstroom']);
    expect(o.known + o.unknown).toBe(qualified.length);
    const childcare = o.outcomes.find((x: { outcome: string }) => x.outcome === 'job-kinderopvang').share;
    expect(childcare.count).toBe(qualified.filter((r) => r.Uitstroom === 'Job in de kinderopvang').length);
    expect(childcare.n).toBe(o.known);
  });

  it('counts exits by initiative and type', () => {
    const total = run(['funnel']).groups[0];
    const left = csv.filter((r) => r['Fase uitval'] || r['Datum uitval'] || r['Soort stop']);
    expect(total.exits).toBe(left.length);
    expect(total.exitSplit.kind).toEqual({
      pause: left.filter((r) => r['Soort stop'] === 'Pauze').length,
      definitive: left.filter((r) => r['Soort stop'] === 'Definitief').length,
      unknown: left.filter((r) => !['Pauze', 'Definitief'].includes(r['Soort stop'])).length,
    });
    expect(total.exitSplit.initiative.advised).toBe(left.filter((r) => r.Initiatief === 'Geadviseerd').length);
  });
});

describe('pathways reasons', () => {
  const g = run(['reasons']).groups[0];
  const cells = csv.map((r) => (r.Redenen ?? '').split(/[;|]/).map((s) => s.trim()).filter(Boolean));

  it('counts mentions and people with a reason from the multi-label cells', () => {
    expect(g.mentions).toBe(cells.reduce((s, c) => s + c.length, 0));
    expect(g.withReason).toBe(cells.filter((c) => c.length > 0).length);
  });

  it('maps spellings onto one reason: "Taal te laag", "Taalniveau te laag" and "NT2 te laag" are one non-entry reason', () => {
    const spelled = csv.filter((r, i) => cells[i].some((c) => ['Taal te laag', 'Taalniveau te laag', 'NT2 te laag'].includes(c)) && !r['Start opleiding']);
    expect(g.rows.find((x: { reason: string }) => x.reason === 'taal-te-laag').persons).toBe(spelled.length);
  });
});

describe('pathways profile', () => {
  const out = run(['profile', '--by', 'partnership']);

  it('gives counts, denominators and missing counts of education per partnership, as the register says', () => {
    const edu = out.variables.find((v: { field: string }) => v.field === 'education');
    for (const cell of edu.cells) {
      const rows = cell.group === 'totaal' ? csv : csv.filter((r) => r.Partnerschap === cell.group);
      expect(cell.missing, cell.group).toBe(rows.filter((r) => !r.Opleidingsniveau).length);
      expect(cell.denominator).toBe(rows.filter((r) => r.Opleidingsniveau).length);
      edu.levels.forEach((level: string, k: number) => expect(cell.levels[k].count).toBe(rows.filter((r) => r.Opleidingsniveau === level).length));
    }
  });

  it('describes age with the mean over people with a value', () => {
    const age = out.variables.find((v: { field: string }) => v.field === 'age');
    const values = csv.map((r) => Number(r.Leeftijd)).filter((v) => Number.isFinite(v) && v > 0);
    const total = age.cells.find((c: { group: string }) => c.group === 'totaal');
    expect(total.n).toBe(values.length);
    expect(total.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 10);
  });
});

describe('pathways survival', () => {
  const out = run(['survival', '--by', 'Trajectvariant']);

  it('follows the starters of each variant, with the dropouts as events (independent product-limit estimate)', () => {
    const end = day('2023-12-31');
    for (const g of out.groups) {
      const rows = csv.filter((r) => r.Trajectvariant === g.group && r['Start opleiding']);
      const obs = rows.map((r) => {
        const s = day(r['Start opleiding']);
        const q = day(r['Datum kwalificatie']);
        const exit = day(r['Datum uitval']);
        const dropped = !Number.isFinite(q) && Number.isFinite(exit) && exit >= s;
        if (dropped) return { t: (exit - s) / 30.4375, e: r['Soort stop'] === 'Pauze' ? 0 : 1 };
        return { t: ((Number.isFinite(q) ? q : end) - s) / 30.4375, e: 0 };
      });
      expect(g.n, g.group).toBe(obs.length);
      expect(g.events).toBe(obs.reduce((a, o) => a + o.e, 0));
      // S(12) by the product-limit formula: Π over event times ≤ 12 of (1 − d/n).
      let S = 1;
      for (const t of [...new Set(obs.filter((o) => o.e && o.t <= 12).map((o) => o.t))].sort((a, b) => a - b)) {
        const atRisk = obs.filter((o) => o.t >= t).length;
        const d = obs.filter((o) => o.e && o.t === t).length;
        S *= 1 - d / atRisk;
      }
      expect(g.dropoutBy12).toBeCloseTo(1 - S, 10);
    }
    expect(out.logRank.df).toBe(1);
    expect(out.logRank.p).toBeLessThan(0.05);
  });
});

describe('a register read on several cores', () => {
  it('gives the same survival output and the same warnings as reading it in one thread (worker threads, ranges of 4 kB)', () => {
    const args = ['pathways', 'survival', '-p', example, '--format', 'json'];
    const serial = hefboom(args, { env: { HEFBOOM_WORKERS: '0' } });
    const parallel = hefboom(args, { env: { HEFBOOM_WORKERS: '2', HEFBOOM_REGISTER_RANGE_BYTES: '4096' } });
    expect(serial.code).toBe(0);
    expect(parallel.code).toBe(0);
    expect(parallel.stdout).toBe(serial.stdout);
    expect(parallel.stderr).toBe(serial.stderr);
    expect(serial.stderr).toContain('warning');
  });
});

describe('bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hefboom-pathways-'));
  cpSync(join(repoRoot, 'fixtures', 'pathways'), join(dir, 'data'), { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const projectFor = (register: string) => {
    writeFileSync(join(dir, 'hefboom.yaml'), `name: fout\npathways:\n  - { path: data/${register}, mapping: data/mapping-basic.yaml }\n`);
    return dir;
  };

  it('a reason not in the reason codebook: exit 2, the line and the closest reason, nothing on stdout', () => {
    const r = hefboom(['pathways', 'reasons', '-p', projectFor('bad-unknown-reason.csv')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad-unknown-reason\.csv:\d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a person listed twice in a one-row-per-person register: exit 2 naming both lines', () => {
    const r = hefboom(['pathways', 'funnel', '-p', projectFor('bad-duplicate-person.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/appears again on line \d+ \(first on line \d+\)/);
  });

  it('survival on a phase list without a start of training: exit 2 saying how to mark it', () => {
    const own = join(dir, 'eigen');
    cpSync(join(dir, 'data'), join(own, 'data'), { recursive: true });
    writeFileSync(join(own, 'm.yaml'), 'person: id\nphase_list:\n  - { id: aanmelding, label: Aanmelding, optional: false }\n  - { id: intake, label: Intake, optional: false }\nphases: { aanmelding: A, intake: B }\n');
    writeFileSync(join(own, 'data', 'r.csv'), 'id;A;B\nx1;01/01/2022;\nx2;01/01/2022;05/01/2022\n');
    writeFileSync(join(own, 'hefboom.yaml'), 'name: eigen\npathways:\n  - { path: data/r.csv, mapping: m.yaml, delimiter: ";" }\n');
    expect(hefboom(['pathways', 'funnel', '-p', own]).code).toBe(0);
    const r = hefboom(['pathways', 'survival', '-p', own]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('start: true');
  });

  it('dates going backwards are a warning: the command runs and says so on stderr', () => {
    const r = hefboom(['pathways', 'funnel', '-p', projectFor('bad-dates-backwards.csv'), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('dates-backwards');
    expect(JSON.parse(r.stdout).command).toBe('pathways funnel');
  });

  it('an unknown --by: exit 2 with the closest key', () => {
    const r = hefboom(['pathways', 'funnel', '-p', example, '--by', 'partnershp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "partnership"');
  });
  it('a project without registers: exit 2 saying what to add', () => {
    const r = hefboom(['pathways', 'funnel', '-p', join(repoRoot, 'examples', 'werkplekleren')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no `pathways:` registers');
  });
});
