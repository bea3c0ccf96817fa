#!/usr/bin/env node
/**
 * Synthetic CRM export for the CRM benchmarks: N contact-moment rows for about N/9 trajectories
 * (seed-004: about 9 contact moments and 53 hours per trajectory), with a mapping and a hefboom.yaml.
 *
 *   node bench/generate-crm.mjs [--rows 1000000] [--out DIR] [--seed 1] [--force]
 *
 * Rows come in contact-date rounds (every trajectory's 1st contact, then every 2nd …), as a CRM
 * sorted by date exports them, so a trajectory's rows are never adjacent and the reader must group.
 * `;`-separated UTF-8 with Dutch dates (dd/mm/yyyy) and minutes in the duration column. A small share
 * of rows carries findings (end before start, type 5, an unknown status) but no unreadable cells, so
 * commands run without errors. Output is deterministic per (rows, seed); an existing folder with the
 * same parameters is reused unless --force.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './prng.mjs';
import { benchOptions } from './args.mjs';

export const DEFAULT_ROWS = 1_000_000;
export const defaultOut = (rows) => join(tmpdir(), `hefboom-crm-bench-${rows}`);

const EMPLOYERS = ['Werkgever A', 'Werkgever B', 'Werkgever C', 'Werkgever D', 'Werkgever E'];
const THEMES = ['Taalstimulering', 'Buitenspelen', 'Emotionele steun', 'Jaarthema', 'Mentorschap', 'Ouderbetrokkenheid'];
const MEMOQ = ['welbevinden', 'betrokkenheid', 'emotionele-ondersteuning', 'educatieve-ondersteuning', 'omgeving', 'gezinnen-diversiteit'];
const STATUS = ['Afgerond', 'Afgerond', 'Afgerond', 'Lopend', 'Vroegtijdig gestopt'];
const REGIONS = ['Antwerpen', 'Gent', 'Limburg', 'Brugge', 'Leuven', 'Brussel'];

const MAPPING = `# Synthetic CRM export (bench/generate-crm.mjs)
fields:
  trajectory: Traject-ID
  location: Locatie
  location_type: Type opvang
  employer: Werkgever
  coach: Coach
  type: Trajecttype
  theme: Thema
  memoq: MeMoQ-dimensie
  start: Startdatum
  end: Einddatum
  pitstop: Pitstop
  final_evaluation: Eindevaluatie
  status: Status
  participants: Deelnemers
  recipients: Bevraging verstuurd naar
  contact_date: Datum contact
  contact_duration: Duur
  contact_setting: Setting
  contact_participants: Aanwezigen
attributes: [Regio]
units: { contact_duration: minuten }
values:
  location_type: { gezinsopvang: [GO], groepsopvang: [GRO] }
`;

const PROJECT = `name: CRM benchmark (synthetisch)
crm:
  - path: data/crm-contactmomenten.csv
    mapping: crm-mapping.yaml
    unit: contact
`;

const pad = (n) => String(n).padStart(2, '0');
const dmy = (day) => {
  const d = new Date(day * 86_400_000);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};

/** Write the project; returns { dir, export, rows, trajectories, bytes, reused }. */
export async function ensureCrm({ rows = DEFAULT_ROWS, out = defaultOut(rows), seed = 1, force = false } = {}) {
  const stamp = join(out, 'generated.json');
  const params = { rows, seed, version: 1 };
  if (!force && existsSync(stamp)) {
    const prior = JSON.parse(readFileSync(stamp, 'utf8'));
    if (JSON.stringify(prior.params) === JSON.stringify(params)) return { ...prior, dir: out, reused: true };
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'data'), { recursive: true });
  writeFileSync(join(out, 'crm-mapping.yaml'), MAPPING);
  writeFileSync(join(out, 'hefboom.yaml'), PROJECT);

  const rnd = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const nTraj = Math.max(1, Math.round(rows / 9));
  const base = Date.UTC(2022, 8, 1) / 86_400_000;
  // Trajectory-level cells are fixed per trajectory; each contact row repeats them, as CRM exports do.
  const traj = [];
  for (let i = 0; i < nTraj; i++) {
    const start = base + Math.floor(rnd() * 365);
    const id = `TR${String(i + 1).padStart(7, '0')}`;
    const type = rnd() < 0.001 ? 5 : pick([1, 2, 2, 2, 3, 4]);
    const end = rnd() < 0.002 ? start - 10 : start + 120 + Math.floor(rnd() * 90);
    const status = rnd() < 0.001 ? 'On hold' : pick(STATUS);
    const participants = 1 + Math.floor(rnd() * 6);
    traj.push({
      start,
      prefix: [id, `LOC-${String(Math.floor(rnd() * 20_000)).padStart(5, '0')}`, rnd() < 0.6 ? 'GO' : 'GRO', pick(EMPLOYERS),
        `C${String(1 + Math.floor(rnd() * 200)).padStart(3, '0')}`, `Type ${type}`, pick(THEMES), pick(MEMOQ), dmy(start),
        dmy(end), rnd() < 0.8 ? 'ja' : 'nee', rnd() < 0.7 ? 'ja' : 'nee', status, participants,
        rnd() < 0.15 ? '' : participants].join(';'),
      region: pick(REGIONS),
      participants,
    });
  }
  const header = ['Traject-ID', 'Locatie', 'Type opvang', 'Werkgever', 'Coach', 'Trajecttype', 'Thema', 'MeMoQ-dimensie', 'Startdatum', 'Einddatum', 'Pitstop', 'Eindevaluatie', 'Status', 'Deelnemers', 'Bevraging verstuurd naar', 'Datum contact', 'Duur', 'Setting', 'Aanwezigen', 'Regio'].join(';');
  const file = join(out, 'data', 'crm-contactmomenten.csv');
  const ws = createWriteStream(file);
  let bytes = 0;
  let buf = `${header}\r\n`;
  let written = 0;
  const flush = async () => {
    bytes += Buffer.byteLength(buf);
    if (!ws.write(buf)) await new Promise((r) => ws.once('drain', r));
    buf = '';
  };
  for (let round = 0; written < rows; round++) {
    for (let i = 0; i < nTraj && written < rows; i++) {
      const t = traj[i];
      const date = t.start + round * 14 + Math.floor(rnd() * 5);
      const minutes = 30 * (2 + Math.floor(rnd() * 10));
      buf += `${t.prefix};${dmy(date)};${minutes};${rnd() < 0.75 ? 'vloer' : 'kindvrij'};${1 + Math.floor(rnd() * t.participants)};${t.region}\r\n`;
      written++;
      if (buf.length > 1 << 20) await flush();
    }
  }
  await flush();
  await new Promise((r, j) => ws.end((e) => (e ? j(e) : r())));
  const info = { params, export: file, rows: written, trajectories: nTraj, bytes };
  writeFileSync(stamp, JSON.stringify(info, null, 2));
  return { ...info, dir: out, reused: false };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const o = benchOptions(process.argv.slice(2), {
    script: 'generate-crm',
    usage: '[--rows 1000000] [--out DIR] [--seed 1] [--force]',
    defaults: { rows: DEFAULT_ROWS, out: undefined, seed: 1, force: false },
    options: {
      '--rows': { key: 'rows', type: 'int', min: 1 }, '--out': { key: 'out', type: 'path' }, '--seed': { key: 'seed', type: 'int' },
      '--force': { key: 'force', type: 'flag' },
    },
  });
  const r = await ensureCrm({ rows: o.rows, out: o.out ?? defaultOut(o.rows), seed: o.seed, force: o.force });
  process.stdout.write(`${r.reused ? 'reused' : 'wrote'} ${r.dir}: ${r.rows} contact rows, ${r.trajectories} trajectories, ${(r.bytes / 1e6).toFixed(1)} MB\n`);
}
