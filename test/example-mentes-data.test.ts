/**
 * The example project examples/mentes-pioniersfase: an independent count of its generated files.
 * Nothing from src/ is imported: the files are parsed here, so a reader bug cannot hide a data bug
 * (or the reverse). Every figure the example promises to reproduce is asserted exactly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYamlText } from 'yaml';
import { repoRoot } from './run-cli.js';

const example = join(repoRoot, 'examples', 'mentes-pioniersfase');
const dataDir = join(example, 'data');

/** RFC 4180 CSV: quoted cells may hold the separator, doubled quotes and line breaks. */
function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

interface Table { header: string[]; rows: string[][]; get(row: string[], column: string): string }

function table(text: string, sep: string): Table {
  const [header, ...rows] = parseCsv(text, sep);
  for (const r of rows) expect(r.length, `row ${r.join(sep).slice(0, 40)}`).toBe(header.length);
  return {
    header,
    rows,
    get(row, column) {
      const i = header.indexOf(column);
      if (i < 0) throw new Error(`no column "${column}"`);
      return row[i];
    },
  };
}

const yamlFile = (name: string) => parseYamlText(readFileSync(join(example, name), 'utf8'));

/** dd/mm/yyyy → days since 1970; null for an empty cell. */
function day(cell: string): number | null {
  if (cell === '') return null;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(cell);
  if (!m) throw new Error(`not a dd/mm/yyyy date: "${cell}"`);
  return Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1])) / 86_400_000;
}
const utcDay = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
const WINDOW = { from: utcDay(2023, 2, 1), to: utcDay(2023, 5, 15) };
const inWindow = (d: number | null) => d !== null && d >= WINDOW.from && d <= WINDOW.to;

const countBy = <T>(xs: T[]): Map<T, number> => {
  const m = new Map<T, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// ---------------------------------------------------------------------------------------------
// The files

const crmBytes = readFileSync(join(dataDir, 'crm-contactmomenten.csv'));
// Windows-1252 and latin1 agree on every character of this export (é, ë); the test below checks it is not UTF-8.
const crm = table(crmBytes.toString('latin1'), ';');
const mapping = yamlFile('crm-mapping.yaml');
const F = mapping.fields as Record<string, string>;
const cell = (row: string[], field: string) => crm.get(row, F[field]);

interface Trajectory {
  id: string; rows: string[][]; first: string[]; start: number; end: number | null; type: number;
  employer: string; coach: string; location: string; status: string; participants: number; recipients: number | null;
}
const trajectories = new Map<string, Trajectory>();
for (const row of crm.rows) {
  const id = cell(row, 'trajectory');
  const t = trajectories.get(id);
  if (t) { t.rows.push(row); continue; }
  const recipients = cell(row, 'recipients');
  trajectories.set(id, {
    id, rows: [row], first: row,
    start: day(cell(row, 'start'))!,
    end: day(cell(row, 'end')),
    type: Number(/\d/.exec(cell(row, 'type'))?.[0]),
    employer: cell(row, 'employer'),
    coach: cell(row, 'coach'),
    location: cell(row, 'location'),
    status: cell(row, 'status'),
    participants: Number(cell(row, 'participants')),
    recipients: recipients === '' ? null : Number(recipients),
  });
}
const all = [...trajectories.values()];
const windowed = all.filter((t) => inWindow(t.end));
const windowIds = new Set(windowed.map((t) => t.id));
const hoursOf = (t: Trajectory) => t.rows.reduce((s, r) => s + Number(cell(r, 'contact_duration')), 0) / 60;

const staffDef = yamlFile('bevragingen/medewerkers.yaml');
const staff = table(readFileSync(join(dataDir, 'medewerkers.csv'), 'utf8'), ';');
const coachDef = yamlFile('bevragingen/coaches.yaml');
const coaches = table(readFileSync(join(dataDir, 'coaches.csv'), 'utf8'), ',');
const memoq = table(readFileSync(join(dataDir, 'memoq-scores.csv'), 'utf8'), ',');
const project = yamlFile('hefboom.yaml');

interface Item { id: string; column?: string; type: string; scale?: string; labels?: string[]; options?: string[]; missing?: string[]; top?: number; headline?: boolean; unit?: string; min?: number; max?: number }
const itemOf = (def: any, id: string): Item => def.items.find((i: Item) => i.id === id);
const labelsOf = (def: any, item: Item): string[] => item.options ?? item.labels ?? def.scales[item.scale!];
const answers = (t: Table, def: any, id: string) => {
  const item = itemOf(def, id);
  return t.rows.map((r) => t.get(r, item.column ?? id));
};
const missingOf = (def: any, item: Item) => (item.missing ?? def.missing).map((m: string) => m.toLowerCase());
const isMissing = (def: any, item: Item, v: string) => v === '' || missingOf(def, item).includes(v.toLowerCase());
/** Likert top-box count and its denominator (answered cells). */
function topBox(t: Table, def: any, id: string): { count: number; n: number } {
  const item = itemOf(def, id);
  const labels = labelsOf(def, item);
  const top = labels.slice(labels.length - (item.top ?? 2));
  const given = answers(t, def, id).filter((v) => !isMissing(def, item, v));
  return { count: given.filter((v) => top.includes(v)).length, n: given.length };
}
function optionCounts(t: Table, def: any, id: string): Record<string, number> {
  const item = itemOf(def, id);
  const out: Record<string, number> = { missing: 0 };
  for (const v of answers(t, def, id)) {
    if (isMissing(def, item, v)) out.missing++;
    else out[v] = (out[v] ?? 0) + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('generator', () => {
  const out = mkdtempSync(join(tmpdir(), 'mentes-gen-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('rewrites the committed files byte for byte (same seed → same bytes)', () => {
    const r = spawnSync(process.execPath, [join(example, 'generate.mjs'), '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const committed = readdirSync(dataDir).sort();
    expect(readdirSync(join(out, 'data')).sort()).toEqual(committed);
    expect(committed).toEqual(['coaches.csv', 'crm-contactmomenten.csv', 'medewerkers.csv', 'memoq-scores.csv']);
    for (const f of committed) expect(readFileSync(join(out, 'data', f)).equals(readFileSync(join(dataDir, f))), f).toBe(true);
  });

  it('rejects an unknown option with exit 2', () => {
    const r = spawnSync(process.execPath, [join(example, 'generate.mjs'), '--bogus'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --bogus');
  });
});

describe('CRM export (one row per contact moment)', () => {
  it('is Windows-1252 with CRLF line ends, not UTF-8', () => {
    expect(crmBytes.includes(Buffer.from([0xeb]))).toBe(true); // ë of "Beëindigd" as one byte
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(crmBytes)).toThrow();
    expect(crmBytes.includes(Buffer.from('\r\n'))).toBe(true);
    expect(crm.rows.map((r) => cell(r, 'status'))).toContain('Beëindigd');
  });

  it('has every column the mapping names', () => {
    for (const column of [...Object.values(F), ...(mapping.attributes as string[])]) expect(crm.header).toContain(column);
    expect(mapping.units).toEqual({ contact_duration: 'minuten' });
    expect(project.crm[0]).toMatchObject({ unit: 'contact', encoding: 'windows-1252' });
  });

  it('repeats the same trajectory fields on every contact row', () => {
    const perTrajectory = Object.keys(F).filter((f) => !f.startsWith('contact_'));
    for (const t of all) {
      for (const r of t.rows) for (const f of perTrajectory) expect(cell(r, f), `${t.id} ${f}`).toBe(cell(t.first, f));
    }
  });

  it('holds 295 trajectories, all starting in 2022, split 76/185/15/19 over types 1–4', () => {
    expect(all).toHaveLength(295);
    for (const t of all) expect(t.start >= utcDay(2022, 1, 1) && t.start <= utcDay(2022, 12, 31), t.id).toBe(true);
    expect(Object.fromEntries(countBy(all.map((t) => t.type)))).toEqual({ 1: 76, 2: 185, 3: 15, 4: 19 });
  });

  it('spreads 46 coaches and about 40 regional supporters over 5 employers', () => {
    expect(new Set(all.map((t) => t.employer)).size).toBe(5);
    expect(new Set(all.map((t) => t.coach)).size).toBe(46);
    const employerOfCoach = new Map<string, Set<string>>();
    for (const t of all) employerOfCoach.set(t.coach, (employerOfCoach.get(t.coach) ?? new Set()).add(t.employer));
    for (const [coach, es] of employerOfCoach) expect(es.size, coach).toBe(1);
    expect(new Set(all.map((t) => cell(t.first, 'regional_supporter'))).size).toBe(40);
    for (const t of all) expect(['Werkgever A', 'Werkgever B', 'Werkgever C', 'Werkgever D', 'Werkgever E']).toContain(t.employer);
  });

  it('has exactly 83 trajectories ending between 1 February and 15 May 2023, none other', () => {
    expect(windowed).toHaveLength(83);
    expect(windowed.every((t) => t.status === 'Afgerond' || t.status === 'Beëindigd')).toBe(true);
    // Both edges are inclusive; trajectories ending on them and on the days just outside test that.
    const endingOn = (d: number) => all.filter((t) => t.end === d).length;
    expect(endingOn(WINDOW.from)).toBeGreaterThanOrEqual(1);
    expect(endingOn(WINDOW.to)).toBeGreaterThanOrEqual(1);
    expect(endingOn(WINDOW.from - 1)).toBeGreaterThanOrEqual(1);
    expect(endingOn(WINDOW.to + 1)).toBeGreaterThanOrEqual(1);
  });

  it('registers recipients for 74 window trajectories (225 in total) and leaves 9 empty', () => {
    const registered = windowed.filter((t) => t.recipients !== null);
    expect(registered).toHaveLength(74);
    expect(registered.reduce((s, t) => s + t.recipients!, 0)).toBe(225);
    expect(windowed.filter((t) => t.recipients === null)).toHaveLength(9);
    expect(all.filter((t) => !windowIds.has(t.id) && t.recipients !== null)).toEqual([]);
    for (const t of registered) expect(t.participants, t.id).toBeGreaterThanOrEqual(t.recipients!);
  });

  it('has about 9 contact moments and 53 hours per completed trajectory, most within ±20 %', () => {
    const done = all.filter((t) => t.status === 'Afgerond' || t.status === 'Beëindigd');
    const contacts = done.map((t) => t.rows.length);
    const hours = done.map(hoursOf);
    expect(mean(contacts)).toBeGreaterThan(8.5);
    expect(mean(contacts)).toBeLessThan(9.5);
    expect(mean(hours)).toBeGreaterThan(49);
    expect(mean(hours)).toBeLessThan(56);
    const within = (xs: number[], norm: number) => xs.filter((x) => Math.abs(x / norm - 1) <= 0.2).length / xs.length;
    expect(within(hours, 53)).toBeGreaterThan(0.7);
    expect(within(contacts, 9)).toBeGreaterThan(0.7);
    // and some far off
    expect(hours.filter((h) => Math.abs(h / 53 - 1) > 0.3).length).toBeGreaterThanOrEqual(10);
    expect(contacts.filter((c) => Math.abs(c / 9 - 1) > 0.3).length).toBeGreaterThanOrEqual(10);
  });

  it('keeps contact moments inside the trajectory dates, on distinct days', () => {
    for (const t of all) {
      const dates = t.rows.map((r) => day(cell(r, 'contact_date'))!);
      expect(new Set(dates).size, t.id).toBe(dates.length);
      expect(Math.min(...dates), t.id).toBe(t.start);
      if (t.end !== null) expect(Math.max(...dates), t.id).toBe(t.end);
      for (const r of t.rows) {
        expect(Number(cell(r, 'contact_participants'))).toBeLessThanOrEqual(t.participants);
        expect(['vloer', 'kindvrij']).toContain(cell(r, 'contact_setting'));
      }
    }
  });

  it('has one coach who registers half-day contact moments (for the audit to find)', () => {
    const minutes = new Map<string, number[]>();
    for (const t of all) for (const r of t.rows) minutes.set(t.coach, [...(minutes.get(t.coach) ?? []), Number(cell(r, 'contact_duration'))]);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const overall = median([...minutes.values()].flat());
    const short = [...minutes].filter(([, xs]) => median(xs) < 0.6 * overall).map(([c]) => c);
    expect(short).toHaveLength(1);
    expect([...minutes].filter(([, xs]) => median(xs) > 1.5 * overall)).toEqual([]);
  });

  it('has mostly done pitstops and final evaluations, and a few stopped and ongoing trajectories', () => {
    const done = all.filter((t) => t.status === 'Afgerond' || t.status === 'Beëindigd');
    const share = (f: string) => done.filter((t) => cell(t.first, f) === 'ja').length / done.length;
    expect(share('pitstop')).toBeGreaterThan(0.8);
    expect(share('final_evaluation')).toBeGreaterThan(0.8);
    const stopped = all.filter((t) => t.status === 'Vroegtijdig gestopt');
    expect(stopped.length).toBeGreaterThanOrEqual(3);
    expect(stopped.length).toBeLessThanOrEqual(15);
    expect(stopped.every((t) => t.rows.length < 7)).toBe(true);
    const ongoing = all.filter((t) => t.status === 'Lopend');
    expect(ongoing.length).toBeGreaterThanOrEqual(5);
    expect(ongoing.every((t) => t.end === null && cell(t.first, 'final_evaluation') === 'nee')).toBe(true);
    expect(all.every((t) => t.status === 'Lopend' || t.end !== null)).toBe(true);
  });

  it('has locations with two trajectories, the second starting after the first ended', () => {
    const byLocation = new Map<string, Trajectory[]>();
    for (const t of all) byLocation.set(t.location, [...(byLocation.get(t.location) ?? []), t]);
    const twice = [...byLocation.values()].filter((ts) => ts.length === 2);
    expect(twice.length).toBeGreaterThanOrEqual(10);
    expect([...byLocation.values()].every((ts) => ts.length <= 2)).toBe(true);
    for (const [a, b] of twice.map((ts) => [...ts].sort((x, y) => x.start - y.start))) {
      expect(b.start, `${a.location}`).toBeGreaterThan(a.end!);
      expect(cell(a.first, 'location_type')).toBe(cell(b.first, 'location_type'));
    }
    expect(new Set(all.map((t) => cell(t.first, 'location_type')))).toEqual(new Set(['Gezinsopvang', 'Groepsopvang']));
  });
});

describe('staff survey', () => {
  const trajectoryOf = staff.rows.map((r) => trajectories.get(staff.get(r, staffDef.trajectory))!);

  it('has 98 respondents from 51 of the 83 window trajectories', () => {
    expect(staff.rows).toHaveLength(98);
    expect(new Set(staff.rows.map((r) => staff.get(r, staffDef.respondent))).size).toBe(98);
    expect(trajectoryOf.every((t) => t !== undefined && windowIds.has(t.id))).toBe(true);
    expect(new Set(trajectoryOf.map((t) => t.id)).size).toBe(51);
    expect(project.surveys[0].join).toEqual({ trajectory: staffDef.trajectory });
    expect(project.surveys[0].window).toBe('2023-02-01..2023-05-15');
  });

  it('never has more respondents than registered recipients; 4 responding trajectories are unregistered', () => {
    const perTrajectory = countBy(trajectoryOf);
    for (const [t, n] of perTrajectory) if (t.recipients !== null) expect(n, t.id).toBeLessThanOrEqual(t.recipients);
    const unregistered = [...perTrajectory.keys()].filter((t) => t.recipients === null);
    expect(unregistered).toHaveLength(4);
    // their respondents count as respondents: 98 in all, of whom these are part
    expect(unregistered.reduce((s, t) => s + perTrajectory.get(t)!, 0)).toBeGreaterThan(0);
  });

  it('answers with the labels of the definition only (or its missing codes)', () => {
    for (const item of staffDef.items as Item[]) {
      expect(staff.header, item.id).toContain(item.column ?? item.id);
      if (item.type !== 'likert' && item.type !== 'single') continue;
      const labels = labelsOf(staffDef, item);
      for (const v of answers(staff, staffDef, item.id)) expect(labels.includes(v) || isMissing(staffDef, item, v), `${item.id}: "${v}"`).toBe(true);
    }
    expect((staffDef.items as Item[]).filter((i) => i.headline).map((i) => i.id).sort()).toEqual(['aanpassing', 'duurzaam', 'effect', 'tevreden']);
  });

  it('keeps the headline items complete (denominator 98)', () => {
    for (const id of ['effect', 'tevreden', 'duurzaam', 'aanpassing']) {
      const item = itemOf(staffDef, id);
      expect(answers(staff, staffDef, id).filter((v) => isMissing(staffDef, item, v)), id).toEqual([]);
    }
  });

  it('reproduces the published headline counts', () => {
    expect(topBox(staff, staffDef, 'effect')).toEqual({ count: 78, n: 98 });
    expect(topBox(staff, staffDef, 'tevreden')).toEqual({ count: 86, n: 98 });
    expect(topBox(staff, staffDef, 'duurzaam')).toEqual({ count: 85, n: 98 }); // "bijna negen op tien"
    expect(optionCounts(staff, staffDef, 'aanpassing')).toEqual({ ja: 43, nee: 55, missing: 0 });
  });

  it('reports trajectory types 25/60/1/6 and 6 "weet niet", mostly agreeing with the CRM', () => {
    expect(optionCounts(staff, staffDef, 'type_zelf')).toEqual({ 'type 1': 25, 'type 2': 60, 'type 3': 1, 'type 4': 6, 'weet niet': 6, missing: 0 });
    const self = answers(staff, staffDef, 'type_zelf');
    const agree = self.filter((v, i) => v === `type ${trajectoryOf[i].type}`).length;
    expect(agree).toBeGreaterThanOrEqual(80);
    expect(agree).toBeLessThan(98);
  });

  it('has a few missing answers on non-headline items and numbers with "uur"', () => {
    const second = itemOf(staffDef, 'motivatie_tweede');
    expect(answers(staff, staffDef, 'motivatie_tweede').filter((v) => isMissing(staffDef, second, v)).length).toBeGreaterThanOrEqual(3);
    const time = itemOf(staffDef, 'tijd_buiten');
    expect(time.unit).toBe('uur');
    const cells = answers(staff, staffDef, 'tijd_buiten');
    expect(cells.filter((c) => /^\d+(,\d+)? uur$/.test(c)).length).toBeGreaterThanOrEqual(5);
    expect(cells.filter((c) => c.includes(',')).length).toBeGreaterThanOrEqual(5);
    for (const c of cells) {
      expect(c, c).toMatch(/^\d+(,\d+)?( uur)?$/);
      const h = Number(c.replace(' uur', '').replace(',', '.'));
      expect(h).toBeGreaterThanOrEqual(time.min!);
      expect(h).toBeLessThanOrEqual(time.max!);
    }
    const remarks = answers(staff, staffDef, 'opmerking').filter((v) => v.trim() !== '');
    expect(remarks.length).toBeGreaterThanOrEqual(24);
    expect(remarks.length).toBeLessThanOrEqual(60);
  });

  it('has higher motivation for a second trajectory than at the start, on average', () => {
    const scale = staffDef.scales.motivatie5 as string[];
    const start = answers(staff, staffDef, 'motivatie_start');
    const pairs = answers(staff, staffDef, 'motivatie_tweede')
      .map((v, i) => [scale.indexOf(start[i]), scale.indexOf(v)])
      .filter(([a, b]) => a >= 0 && b >= 0);
    expect(pairs.length).toBeGreaterThanOrEqual(90);
    expect(mean(pairs.map(([, b]) => b)) - mean(pairs.map(([a]) => a))).toBeGreaterThan(0.1);
  });

  it('has all 5 employers, consistent with the CRM, and two functions', () => {
    const employers = staff.rows.map((r) => staff.get(r, 'werkgever'));
    expect(new Set(employers).size).toBe(5);
    employers.forEach((e, i) => expect(e).toBe(trajectoryOf[i].employer));
    expect(new Set(staff.rows.map((r) => staff.get(r, 'functie')))).toEqual(new Set(['kinderbegeleider', 'verantwoordelijke']));
    staff.rows.forEach((r, i) => expect(day(staff.get(r, staffDef.date))!).toBeGreaterThanOrEqual(trajectoryOf[i].end!));
  });
});

/**
 * The findings of the multivariable analysis, checked with a plain OLS (normal equations, fine for
 * 3 predictors) and CR1 cluster-robust standard errors by coach, as `survey model` will report them.
 * Thresholds on t instead of p (no distribution here): with G − 1 ≈ 25–30 df, |t| > 3.5 means
 * p < 0.01 and |t| < 1.2 means p > 0.2.
 */
describe('built-in findings of the staff survey', () => {
  const trajectoryOf = staff.rows.map((r) => trajectories.get(staff.get(r, staffDef.trajectory))!);
  const code = (id: string) => {
    const labels = labelsOf(staffDef, itemOf(staffDef, id));
    return answers(staff, staffDef, id).map((v) => labels.indexOf(v) + 1);
  };
  const construct = (staffDef.constructs as { id: string; items: string[] }[]).find((c) => c.id === 'impact')!;
  const itemCodes = construct.items.map(code);
  const impact = staff.rows.map((_, i) => mean(itemCodes.map((c) => c[i])));
  const time = answers(staff, staffDef, 'tijd_buiten').map((c) => Number(c.replace(' uur', '').replace(',', '.')));
  const participants = trajectoryOf.map((t) => t.participants);
  const motivation = code('motivatie_start');
  const coach = trajectoryOf.map((t) => t.coach);

  it('builds impact from effect, duurzaam and a third item', () => {
    expect(construct.items).toEqual(['effect', 'duurzaam', 'toepassing']);
    expect(itemCodes.flat().every((c) => c >= 1 && c <= 5)).toBe(true);
  });

  for (const [name, y] of [['the impact score', impact], ['the effect item', code('effect')]] as const) {
    it(`${name} rises with time outside contact moments and with participants, not with motivation`, () => {
      const { t } = clusteredOls(y, staff.rows.map((_, i) => [1, time[i], participants[i], motivation[i]]), coach);
      expect(t[1]).toBeGreaterThan(3.5);
      expect(t[2]).toBeGreaterThan(3.5);
      expect(Math.abs(t[3])).toBeLessThan(1.2);
    });
  }

  it('shows no coach-level variance in the impact score (ICC(1) ≈ 0, F ≈ 1)', () => {
    const { icc, F, clusters } = icc1(impact, coach);
    expect(clusters).toBeGreaterThanOrEqual(20);
    expect(Math.abs(icc)).toBeLessThan(0.05);
    // The CI's lower bound is below 0 whenever F < F_.975(k − 1, N − k), which is above 1.6 for these df.
    expect(F).toBeLessThan(1.3);
  });
});

/** β = (X'X)⁻¹X'y with CR1 cluster-robust covariance; returns the t values. */
function clusteredOls(y: number[], X: number[][], clusters: string[]): { beta: number[]; t: number[] } {
  const k = X[0].length;
  const n = y.length;
  const xtx = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => X.reduce((s, r) => s + r[a] * r[b], 0)));
  const inv = invert(xtx);
  const xty = Array.from({ length: k }, (_, a) => X.reduce((s, r, i) => s + r[a] * y[i], 0));
  const beta = inv.map((row) => row.reduce((s, v, j) => s + v * xty[j], 0));
  const score = new Map<string, number[]>();
  X.forEach((r, i) => {
    const u = y[i] - r.reduce((s, v, j) => s + v * beta[j], 0);
    const g = score.get(clusters[i]) ?? new Array(k).fill(0);
    r.forEach((v, j) => { g[j] += v * u; });
    score.set(clusters[i], g);
  });
  const G = score.size;
  const meat = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => [...score.values()].reduce((s, g) => s + g[a] * g[b], 0)));
  const c = (G / (G - 1)) * ((n - 1) / (n - k));
  const t = beta.map((b, j) => {
    let v = 0;
    for (let a = 0; a < k; a++) for (let d = 0; d < k; d++) v += inv[j][a] * meat[a][d] * inv[d][j];
    return b / Math.sqrt(c * v);
  });
  return { beta, t };
}

function invert(m: number[][]): number[][] {
  const k = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    for (let j = 0; j < 2 * k; j++) a[col][j] /= p;
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r][col];
      for (let j = 0; j < 2 * k; j++) a[r][j] -= f * a[col][j];
    }
  }
  return a.map((row) => row.slice(k));
}

/** One-way ANOVA estimate of ICC(1) with unequal cluster sizes (n₀). */
function icc1(values: number[], groups: string[]): { icc: number; F: number; clusters: number } {
  const by = new Map<string, number[]>();
  values.forEach((v, i) => by.set(groups[i], [...(by.get(groups[i]) ?? []), v]));
  const N = values.length;
  const k = by.size;
  const grand = mean(values);
  let ssb = 0;
  let ssw = 0;
  let sq = 0;
  for (const g of by.values()) {
    const m = mean(g);
    ssb += g.length * (m - grand) ** 2;
    ssw += g.reduce((s, v) => s + (v - m) ** 2, 0);
    sq += g.length ** 2;
  }
  const msb = ssb / (k - 1);
  const msw = ssw / (N - k);
  const n0 = (N - sq / N) / (k - 1);
  return { icc: (msb - msw) / (msb + (n0 - 1) * msw), F: msb / msw, clusters: k };
}

describe('coach survey', () => {
  it('has 45 respondents of 46 coaches, matching the CRM coaches and employers', () => {
    expect(coaches.rows).toHaveLength(45);
    expect(project.surveys[1]).toMatchObject({ kind: 'coach', invited: 46, join: { coach: coachDef.coach } });
    const ids = coaches.rows.map((r) => coaches.get(r, coachDef.coach));
    expect(new Set(ids).size).toBe(45);
    const crmCoaches = new Map(all.map((t) => [t.coach, t.employer]));
    expect(crmCoaches.size).toBe(46);
    coaches.rows.forEach((r, i) => expect(coaches.get(r, 'werkgever'), ids[i]).toBe(crmCoaches.get(ids[i])));
  });

  it('answers with the labels of the definition only (or its missing codes)', () => {
    for (const item of coachDef.items as Item[]) {
      expect(coaches.header, item.id).toContain(item.column ?? item.id);
      const labels = labelsOf(coachDef, item);
      for (const v of answers(coaches, coachDef, item.id)) expect(labels.includes(v) || isMissing(coachDef, item, v), `${item.id}: "${v}"`).toBe(true);
    }
  });

  it('reproduces the published counts with their denominators', () => {
    // results: often to always 24, sometimes 19, of 43 (2 missing)
    expect(topBox(coaches, coachDef, 'resultaten')).toEqual({ count: 24, n: 43 });
    expect(optionCounts(coaches, coachDef, 'resultaten')).toMatchObject({ soms: 19, missing: 2 });
    expect(optionCounts(coaches, coachDef, 'resultaten').nooit ?? 0).toBe(0);
    // impact sometimes durable, sometimes not: 26 of 43
    const durable = optionCounts(coaches, coachDef, 'duurzaamheid');
    expect(durable['soms wel soms niet']).toBe(26);
    expect(durable.missing).toBe(2);
    expect(45 - durable.missing).toBe(43);
    // 80/20 split workable: 9 of 45
    expect(optionCounts(coaches, coachDef, 'verdeling')).toEqual({ ja: 9, nee: 36, missing: 0 });
    // the four trajectory types help: 25 of 45; little added value in the coaching plan: 17 of 45
    expect(topBox(coaches, coachDef, 'types')).toEqual({ count: 25, n: 45 });
    expect(topBox(coaches, coachDef, 'plan')).toEqual({ count: 17, n: 45 });
    // 53 hours: enough / not enough / sometimes = 13 / 15 / 17 of 45
    expect(optionCounts(coaches, coachDef, 'uren')).toEqual({ voldoende: 13, onvoldoende: 15, 'soms wel soms niet': 17, missing: 0 });
    // about half: too little time to coach on the floor
    expect(topBox(coaches, coachDef, 'vloertijd')).toEqual({ count: 23, n: 45 });
  });
});

describe('MeMoQ scores', () => {
  const dims = ['welbevinden', 'betrokkenheid', 'emotionele-ondersteuning', 'educatieve-ondersteuning', 'omgeving', 'gezinnen-diversiteit'];
  const score = (r: string[]) => Number(memoq.get(r, 'score'));

  it('has 40 CRM locations × 6 dimensions × begin/eind, scores 1–4', () => {
    expect(memoq.header).toEqual(['location', 'dimension', 'moment', 'score']);
    expect(memoq.rows).toHaveLength(480);
    const locations = new Set(memoq.rows.map((r) => memoq.get(r, 'location')));
    expect(locations.size).toBe(40);
    const crmLocations = new Set(all.map((t) => t.location));
    for (const l of locations) expect(crmLocations.has(l), l).toBe(true);
    expect(new Set(memoq.rows.map((r) => memoq.get(r, 'dimension')))).toEqual(new Set(dims));
    expect(new Set(memoq.rows.map((r) => memoq.get(r, 'moment')))).toEqual(new Set(['begin', 'eind']));
    for (const r of memoq.rows) expect([1, 2, 3, 4]).toContain(score(r));
  });

  it('improves modestly on five dimensions and not on gezinnen-diversiteit', () => {
    const change = (dim: string) => {
      const rows = memoq.rows.filter((r) => memoq.get(r, 'dimension') === dim);
      const at = (m: string) => mean(rows.filter((r) => memoq.get(r, 'moment') === m).map(score));
      return at('eind') - at('begin');
    };
    for (const dim of dims.slice(0, 5)) {
      expect(change(dim), dim).toBeGreaterThan(0.1);
      expect(change(dim), dim).toBeLessThan(0.5);
    }
    expect(change('gezinnen-diversiteit')).toBe(0);
  });
});
