#!/usr/bin/env node
/**
 * Synthetic learner register for the pathways benchmark (issue 9): N persons (default 1,000,000) with
 * about 5 events each in one row per event (`layout: event`), about 4.9 million rows and 240 MB, plus
 * its mapping and a hefboom.yaml. The acceptance figure: the register reads in well under 15 s and
 * 1.5 GB.
 *
 *   node bench/generate-register.mjs [--out DIR] [--persons 1000000] [--seed 1] [--force] [--quiet]
 *
 * Layout of DIR (default: the system temp folder, hefboom-register-bench-<persons>):
 *   hefboom.yaml            the project (one `pathways:` entry, layout event)
 *   register-mapping.yaml   events.phase / events.date with register spellings, exit events, reasons, profile
 *   data/register.csv       `;`-separated UTF-8, dates dd/mm/yyyy
 *
 * Events come in rounds (every person's 1st event, then every 2nd …), as a register sorted by date
 * exports them, so a person's rows are far apart and the reader must group by id. Person-level
 * columns (partnership, sex, age) repeat on every row; reasons and the stop kind sit on the
 * exit row. Each person's events are drawn from a PRNG seeded by (seed, person), so a round can
 * redraw them instead of holding a million event lists.
 *
 * The register is clean (no issue at all), so a benchmark can also check that nothing is reported.
 * Deterministic per parameters; DIR/.params.json (parameters, a hash of this file and the totals) is
 * written last, so an interrupted run is redone; an up-to-date folder is reused unless --force.
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './prng.mjs';
import { benchOptions } from './args.mjs';

const GENERATOR_VERSION = 1;
export const DEFAULT_PERSONS = 1_000_000;
export const defaultOut = (persons) => join(tmpdir(), `hefboom-register-bench-${persons}`);

const PARTNERSHIPS = ['BIKO West', 'Antwerpen', 'Brussel', 'Kempen', 'Gent', 'NIKOL', 'Mechelen-Vilvoorde', 'RSL4KIDS'];
/** Register spellings of the phases (mapped under events.values) and of the exit event. */
const SPELLING = {
  toeleiding: 'Doorverwijzing', infosessie: 'Infosessie', intake: 'Intakegesprek', opleiding: 'Start opleiding',
  kwalificatie: 'Kwalificatie', uitstroom: 'Uitstroom', exit: 'Stopzetting',
};
const INSTAP = ['Taalniveau te laag', 'Andere interesses', 'Financiële drempels', 'Maatwerktraject', 'Gezondheid', 'Zwanger'];
const UITVAL = ['Competenties/taal', 'Gezondheid', 'Zwangerschap', 'Werk gevonden', 'Verkeerde verwachtingen', 'Combinatie met gezin', 'Thuissituatie', 'Andere'];
const HEADER = 'Cursist-ID;Partnerschap;Fase;Datum;Soort stop;Redenen;Geslacht;Leeftijd';

const MAPPING = `# Synthetic learner register (bench/generate-register.mjs): one row per event.
person: Cursist-ID
partnership: Partnerschap
events:
  phase: Fase
  date: Datum
  values:
    Doorverwijzing: toeleiding
    Intakegesprek: intake
    Start opleiding: opleiding
  exit: [Stopzetting]
exit:
  kind: Soort stop
  reasons: Redenen
profile:
  sex: Geslacht
  age: Leeftijd
data_end: 2023-12-31
`;

const PROJECT = `name: Registerbenchmark (synthetisch)
language: nl
pathways:
  - path: data/register.csv
    mapping: register-mapping.yaml
    layout: event
    name: register
    delimiter: ";"
`;

function fail(msg) {
  process.stderr.write(`generate-register: ${msg}\n`);
  process.exit(2);
}

export function parseArgs(argv) {
  const o = benchOptions(argv, {
    script: 'generate-register',
    usage: '[--out DIR] [--persons 1000000] [--seed 1] [--force] [--quiet]',
    defaults: { out: undefined, persons: DEFAULT_PERSONS, seed: 1, force: false, quiet: false },
    options: {
      '--out': { key: 'out', type: 'path' }, '--persons': { key: 'persons', type: 'int', min: 1 }, '--seed': { key: 'seed', type: 'int' },
      '--force': { key: 'force', type: 'flag' }, '--quiet': { key: 'quiet', type: 'flag' }, '-q': { key: 'quiet', type: 'flag' },
    },
  });
  o.out ??= defaultOut(o.persons);
  return o;
}

const sourceHash = () => createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);

const DAY_MS = 86_400_000;
const p2 = (n) => String(n).padStart(2, '0');
/** dd/mm/yyyy of a day number, memoised (a few thousand distinct days are written millions of times). */
const dmyCache = new Map();
function dmy(day) {
  let s = dmyCache.get(day);
  if (s === undefined) {
    const d = new Date(day * DAY_MS);
    s = `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
    dmyCache.set(day, s);
  }
  return s;
}

const START = [Date.UTC(2021, 8, 6) / DAY_MS, Date.UTC(2022, 1, 7) / DAY_MS];
const DATA_END = Date.UTC(2023, 11, 31) / DAY_MS;

/**
 * Person i: the person-level cells and the events ({ phase, day, kind?, reasons? }) in date order.
 * Drawn from a PRNG seeded by (seed, i), so every round sees the same person.
 */
function personEvents(seed, i) {
  const rnd = mulberry32((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const start = START[rnd() < 0.55 ? 0 : 1] + int(0, 9);
  const extended = rnd() < 0.4;
  const person = {
    partnership: PARTNERSHIPS[i % PARTNERSHIPS.length],
    sex: rnd() < 0.975 ? 'V' : 'M',
    age: String(Math.min(58, Math.max(19, Math.round(33 + 9 * (rnd() + rnd() + rnd() - 1.5) * 1.15)))),
  };
  const events = [];
  const exit = (d, pool) => {
    const n = rnd() < 0.75 ? 1 : 2;
    const rs = [];
    while (rs.length < n) { const x = pick(pool); if (!rs.includes(x)) rs.push(x); }
    events.push({ phase: SPELLING.exit, day: d, kind: rnd() < 0.8 ? 'Definitief' : 'Pauze', reasons: rs.join(' | ') });
  };
  const referral = start - int(95, 160);
  events.push({ phase: SPELLING.toeleiding, day: referral });
  const info = referral + int(7, 30);
  if (rnd() < 0.08) { exit(referral + int(10, 40), INSTAP); return { person, events }; }
  events.push({ phase: SPELLING.infosessie, day: info });
  const intake = info + int(7, 24);
  if (rnd() < 0.1) { exit(info + int(2, 20), INSTAP); return { person, events }; }
  events.push({ phase: SPELLING.intake, day: intake });
  if (rnd() < 0.15) { exit(intake + int(1, 30), INSTAP); return { person, events }; }
  events.push({ phase: SPELLING.opleiding, day: start });
  const duration = (extended ? pick([456, 548]) : 365) + int(-10, 10);
  if (rnd() < (extended ? 0.15 : 0.3)) { exit(start + int(14, duration - 1), UITVAL); return { person, events }; }
  const qualified = start + duration;
  if (qualified > DATA_END) return { person, events };
  events.push({ phase: SPELLING.kwalificatie, day: qualified });
  const out = qualified + int(20, 150);
  if (out <= DATA_END && rnd() < 0.8) events.push({ phase: SPELLING.uitstroom, day: out });
  return { person, events };
}

/** Write the register: rounds of events, streamed in 1 MB pieces. Returns { rows, bytes, exits }. */
async function writeRegister(file, o) {
  const ws = createWriteStream(file);
  let buf = `${HEADER}\n`;
  let bytes = 0;
  let rows = 0;
  let exits = 0;
  const flush = async () => {
    bytes += Buffer.byteLength(buf);
    if (!ws.write(buf)) await new Promise((r) => ws.once('drain', r));
    buf = '';
  };
  const ids = (i) => `P${String(i + 1).padStart(7, '0')}`;
  for (let round = 0; ; round++) {
    let any = false;
    for (let i = 0; i < o.persons; i++) {
      const { person, events } = personEvents(o.seed, i);
      const e = events[round];
      if (!e) continue;
      any = true;
      if (e.reasons) exits++;
      buf += `${ids(i)};${person.partnership};${e.phase};${dmy(e.day)};${e.kind ?? ''};${e.reasons ?? ''};${person.sex};${person.age}\n`;
      rows++;
      if (buf.length > 1 << 20) await flush();
    }
    if (!any) break;
  }
  await flush();
  await new Promise((r, j) => ws.end((e) => (e ? j(e) : r())));
  return { rows, bytes, exits };
}

/** Make (or reuse) the project. Returns { dir, params, totals, reused }. */
export async function ensureRegister(options = {}) {
  const o = { persons: DEFAULT_PERSONS, seed: 1, force: false, quiet: false, ...options };
  o.out ??= defaultOut(o.persons);
  const log = (s) => { if (!o.quiet) process.stderr.write(`${s}\n`); };
  const stampFile = join(o.out, '.params.json');
  const want = { generator: GENERATOR_VERSION, source: sourceHash(), persons: o.persons, seed: o.seed };
  if (existsSync(o.out)) {
    const entries = readdirSync(o.out);
    if (entries.length && !entries.includes('.params.json') && !entries.includes('.generating')) fail(`${o.out} exists and was not made by this generator (no .params.json); choose another --out`);
  }
  let prior = null;
  try { prior = JSON.parse(readFileSync(stampFile, 'utf8')); } catch { /* none yet */ }
  if (!o.force && prior && JSON.stringify(prior.params) === JSON.stringify(want)) {
    log(`register up to date: ${o.out}`);
    return { dir: o.out, params: want, totals: prior.totals, reused: true };
  }
  rmSync(stampFile, { force: true });
  mkdirSync(join(o.out, 'data'), { recursive: true });
  writeFileSync(join(o.out, '.generating'), '');
  const started = performance.now();
  writeFileSync(join(o.out, 'register-mapping.yaml'), MAPPING);
  writeFileSync(join(o.out, 'hefboom.yaml'), PROJECT);
  const file = join(o.out, 'data', 'register.csv');
  const tmp = `${file}.tmp-${process.pid}`;
  const w = await writeRegister(tmp, o);
  renameSync(tmp, file);
  const totals = { persons: o.persons, rows: w.rows, exits: w.exits, bytes: w.bytes, seconds: Math.round((performance.now() - started) / 100) / 10 };
  const stampTmp = `${stampFile}.tmp-${process.pid}`;
  writeFileSync(stampTmp, `${JSON.stringify({ params: want, totals, node: process.version }, null, 2)}\n`);
  renameSync(stampTmp, stampFile);
  rmSync(join(o.out, '.generating'), { force: true });
  log(`register written: ${o.out}`);
  return { dir: o.out, params: want, totals, reused: false };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await ensureRegister(parseArgs(process.argv.slice(2)));
  const t = r.totals;
  process.stdout.write(`${r.reused ? 'reused' : 'wrote'} ${r.dir}: ${t.persons} persons, ${t.rows} event rows (${t.exits} exits), ${(t.bytes / 1e6).toFixed(1)} MB\n`);
}

