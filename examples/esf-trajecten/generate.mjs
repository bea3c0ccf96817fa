#!/usr/bin/env node
/**
 * Generates the synthetic learner register of the example project "ESF-trajecten": one row per
 * person who was referred to an integrated training-and-guidance trajectory for childcare workers
 * (kinderbegeleider baby's en peuters), in the form of the ESF practice model (seed 001).
 *
 *   node examples/esf-trajecten/generate.mjs [--out DIR] [--seed N]
 *
 * Writes DIR/data/register.csv (DIR defaults to this folder): `;`-separated UTF-8, Dutch headers,
 * dates dd/mm/yyyy. Same seed → byte-identical file. Plain Node, no dependencies.
 *
 * What is in it (all invented; only the shapes follow seed 001):
 * - 8 partnerships with fixed sizes (62–108 people each, 678 in all), two cohorts that start training
 *   in September 2021 and February 2022; referral months ahead of the start (L1702-1706).
 * - The funnel toeleiding → infosessie → intake → (inleefstage, voortraject: optional) → opleiding →
 *   kwalificatie → (nazorg: optional) → uitstroom, with losses at every step: people who never come
 *   to the info session, non-entry after screening, people lost while waiting for the fixed start.
 * - Exits with the phase left in, the date, own choice or advised, pause or definitive stop, and one
 *   to three reasons from the built-in codebook, written the way registers write them ("Taalniveau
 *   te laag | Financiële drempels"), plus one reason of the mapping's own (`wachttijd-vdab`).
 * - Outcomes after qualification, an inflow profile close to Figure 2 of the seed (97 % women, mean
 *   age about 33, education low/middle/high about 49/36/15 with a few missing, about 18 months
 *   unemployed, 56 % migration background, 17 % disability, 9 % rural) and two attributes:
 *   Trajectvariant (standaard 12 maanden / verlengd 15-18 maanden; verlengd is the default in
 *   Antwerpen, Gent and Mechelen-Vilvoorde, L2887-2891) and Aantal werkplekken.
 * - Built-in effect: extended trajectories drop out about half as often as standard ones, so a
 *   survival comparison by Trajectvariant (log-rank) shows a clear difference. Observational and
 *   confounded with partnership, as in the seed.
 * - Trajectories that would end after the end of the data (31/12/2023) have no qualification date:
 *   they are still running (censored).
 *
 * Planted data-quality defects, all warning-level so that `hefboom validate` exits 0 (error-level
 * cases live in fixtures/pathways/ instead):
 * 1. Two exits without any reason (a non-entry at the intake and a dropout during training).
 * 2. Phase dates going backwards: one person's info session is dated after the intake (two dates
 *    swapped), another's outflow date has a year typed one too low (before the qualification).
 * 3. Mixed date formats: in one partnership (Kempen) three intake dates were pasted as ISO dates
 *    (2021-06-14) into a column that is otherwise dd/mm/yyyy.
 * 4. An initiative spelled "In onderling overleg", which the mapping does not know (read as unknown).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = { out: here, seed: 20231231 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') o.out = resolve(argv[++i] ?? usage('--out needs a folder'));
    else if (a === '--seed') {
      o.seed = Number(argv[++i]);
      if (!Number.isInteger(o.seed)) usage('--seed needs a whole number');
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node generate.mjs [--out DIR] [--seed N]\n');
      process.exit(0);
    } else usage(`unknown option ${a}`);
  }
  return o;
}

function usage(msg) {
  process.stderr.write(`generate.mjs: ${msg}\nusage: node generate.mjs [--out DIR] [--seed N]\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32; Math.random would break reproducibility)

function makeRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    /** A key of `weights` ({ key: weight }) drawn in proportion to its weight. */
    weighted: (weights) => {
      const entries = Object.entries(weights);
      let x = next() * entries.reduce((s, [, w]) => s + w, 0);
      for (const [k, w] of entries) {
        x -= w;
        if (x < 0) return k;
      }
      return entries[entries.length - 1][0];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Dates as whole days since 1970-01-01 (UTC)

const DAY_MS = 86_400_000;
const day = (y, m, d) => Date.UTC(y, m - 1, d) / DAY_MS;
const p2 = (x) => String(x).padStart(2, '0');
const dmy = (n) => {
  const d = new Date(n * DAY_MS);
  return `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};
const iso = (n) => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** Sessions and starts fall on weekdays: Saturday and Sunday move to Monday. */
const weekday = (n) => {
  const dow = new Date(n * DAY_MS).getUTCDay();
  return dow === 6 ? n + 2 : dow === 0 ? n + 1 : n;
};

const DATA_END = day(2023, 12, 31);

// ---------------------------------------------------------------------------------------------
// Design

/** Partnerships (seed 001 §1.4): code for ids, people referred per cohort [2021-09, 2022-02], extended by default. */
const PARTNERSHIPS = [
  { name: 'BIKO West', code: 'BW', sizes: [52, 44], extended: false },
  { name: 'Antwerpen', code: 'AN', sizes: [60, 48], extended: true },
  { name: 'Brussel', code: 'BR', sizes: [46, 38], extended: false },
  { name: 'Kempen', code: 'KE', sizes: [36, 28], extended: false },
  { name: 'Gent', code: 'GE', sizes: [56, 46], extended: true },
  { name: 'NIKOL', code: 'NI', sizes: [40, 32], extended: false },
  { name: 'Mechelen-Vilvoorde', code: 'MV', sizes: [50, 40], extended: true },
  { name: 'RSL4KIDS', code: 'RS', sizes: [34, 28], extended: false },
];
const COHORTS = [
  { month: '2021-09', start: day(2021, 9, 6), short: '21' },
  { month: '2022-02', start: day(2022, 2, 7), short: '22' },
];

/** Register spellings per reason id (the reader matches them to the codebook). */
const INSTAP_SPELLINGS = {
  'taal-te-laag': ['Taalniveau te laag', 'Taal te laag', 'NT2 te laag'],
  'sterk-genoeg-regulier': ['Sterk genoeg', 'Regulier traject'],
  'niet-sterk-genoeg': ['Maatwerktraject', 'Net niet sterk genoeg'],
  'andere-interesse': ['Andere interesses', 'Liever buitenschoolse opvang'],
  'financiele-gezinsdrempels': ['Financiële drempels', 'Familiale drempels'],
  'mentale-gezondheid': ['Mentale problemen', 'Te weinig draagkracht'],
  gezondheid: ['Gezondheid', 'Medisch'],
  'zwangerschap-voor-start': ['Zwanger', 'Zwangerschap'],
  'wachttijd-vdab': ['Wachttijd goedkeuring VDAB'],
};
const INSTAP_WEIGHTS = {
  'taal-te-laag': 22, 'sterk-genoeg-regulier': 7, 'niet-sterk-genoeg': 12, 'andere-interesse': 14,
  'financiele-gezinsdrempels': 18, 'mentale-gezondheid': 9, gezondheid: 8, 'zwangerschap-voor-start': 6, 'wachttijd-vdab': 4,
};
const UITVAL_SPELLINGS = {
  'competenties-taal': ['Competenties/taal', 'Modules niet gehaald'],
  'gezondheid-uitval': ['Gezondheid', 'Gezondheidsproblemen'],
  zwangerschap: ['Zwangerschap'],
  'financieel-tewerkstelling': ['Financieel', 'Werk gevonden'],
  'verkeerde-verwachtingen': ['Verkeerde verwachtingen', 'Onderschatting job'],
  'combinatie-gezin': ['Combinatie met gezin'],
  'veranderingen-thuissituatie': ['Thuissituatie', 'Scheiding'],
  andere: ['Andere', 'Heroriëntatie', 'Onbereikbaar', 'Motivatie'],
};
const UITVAL_WEIGHTS = {
  'competenties-taal': 20, 'gezondheid-uitval': 16, zwangerschap: 9, 'financieel-tewerkstelling': 13,
  'verkeerde-verwachtingen': 14, 'combinatie-gezin': 12, 'veranderingen-thuissituatie': 9, andere: 10,
};
const OUTCOMES = { 'Job in de kinderopvang': 62, 'Job in een andere sector': 10, 'Verder studeren': 8, 'Nog niet aan het werk': 20 };
const VARIANT = { standard: 'standaard 12 maanden', extended: 'verlengd 15-18 maanden' };

const HEADER = [
  'Cursist-ID', 'Partnerschap', 'Startmaand', 'Datum doorverwijzing', 'Datum infosessie', 'Datum intake', 'Start inleefstage',
  'Start voortraject', 'Start opleiding', 'Datum kwalificatie', 'Start nazorg', 'Datum uitstroom', 'Fase uitval', 'Datum uitval',
  'Initiatief', 'Soort stop', 'Redenen', 'Uitstroom', 'Geslacht', 'Leeftijd', 'Opleidingsniveau', 'Maanden werkloos',
  'Status voor start', 'Migratieachtergrond', 'Arbeidshandicap', 'Landelijk', 'Trajectvariant', 'Aantal werkplekken',
];

// ---------------------------------------------------------------------------------------------
// People

/** One to three distinct reasons drawn by weight, each in one of its register spellings. */
function reasons(r, weights, spellings) {
  const n = r.weighted({ 1: 72, 2: 24, 3: 4 });
  const ids = [];
  while (ids.length < Number(n)) {
    const id = r.weighted(weights);
    if (!ids.includes(id)) ids.push(id);
  }
  const texts = ids.map((id) => r.pick(spellings[id]));
  // Most registers separate with " | "; some cells use "; " (quoted in the CSV).
  return texts.join(r.chance(0.8) ? ' | ' : '; ');
}

function profile(r) {
  const age = Math.round(Math.min(58, Math.max(19, 33 + 9 * r.normal())));
  const months = Math.min(120, Math.round(-17.8 * Math.log(1 - r.next())));
  return {
    Geslacht: r.chance(0.975) ? 'V' : 'M',
    Leeftijd: String(age),
    Opleidingsniveau: r.chance(0.012) ? '' : r.weighted({ laag: 49, midden: 36, hoog: 15 }),
    'Maanden werkloos': String(months),
    'Status voor start': r.weighted({ werkzoekend: 54, inactief: 40, werkend: 6 }),
    Migratieachtergrond: r.chance(0.565) ? 'ja' : 'nee',
    Arbeidshandicap: r.chance(0.166) ? 'ja' : 'nee',
    Landelijk: r.chance(0.086) ? 'ja' : 'nee',
  };
}

/** An exit before the start of training (non-entry), left in `phase` on `date`. */
function nonEntry(r, row, phase, date) {
  row['Fase uitval'] = phase;
  row['Datum uitval'] = dmy(date);
  row.Initiatief = r.chance(0.7) ? 'Eigen keuze' : 'Geadviseerd';
  row['Soort stop'] = r.chance(0.85) ? 'Definitief' : 'Pauze';
  row.Redenen = reasons(r, INSTAP_WEIGHTS, INSTAP_SPELLINGS);
}

function person(r, p, cohort, k) {
  const extended = r.chance(p.extended ? 0.85 : 0.12);
  const start = weekday(cohort.start + r.int(0, 9));
  const row = Object.fromEntries(HEADER.map((h) => [h, '']));
  Object.assign(row, {
    'Cursist-ID': `${p.code}-${cohort.short}-${String(k + 1).padStart(3, '0')}`,
    Partnerschap: p.name,
    Startmaand: cohort.month,
    Trajectvariant: extended ? VARIANT.extended : VARIANT.standard,
    ...profile(r),
  });
  const referral = weekday(start - r.int(95, 160));
  row['Datum doorverwijzing'] = dmy(referral);
  if (!r.chance(0.86)) {
    nonEntry(r, row, 'Toeleiding', referral + r.int(14, 45));
    return row;
  }
  const info = weekday(referral + r.int(7, 30));
  row['Datum infosessie'] = dmy(info);
  if (!r.chance(0.86)) {
    nonEntry(r, row, 'Infosessie', info + r.int(2, 20));
    return row;
  }
  const intake = weekday(info + r.int(7, 24));
  row['Datum intake'] = dmy(intake);
  if (!r.chance(0.82)) {
    // Non-entry after screening; some registers call the intake step "Screening".
    nonEntry(r, row, r.chance(0.3) ? 'Screening' : 'Intake', intake + r.int(0, 14));
    return row;
  }
  let last = { phase: 'Intake', date: intake };
  if (r.chance(0.35)) {
    const d = weekday(intake + r.int(10, 30));
    row['Start inleefstage'] = dmy(d);
    last = { phase: 'Inleefstage', date: d };
  }
  if (r.chance(0.15)) {
    const d = weekday(last.date + r.int(7, 21));
    row['Start voortraject'] = dmy(d);
    last = { phase: 'Voortraject', date: d };
  }
  if (!r.chance(0.9)) {
    // Lost while waiting for the fixed start date (approval times, L1881-1895).
    nonEntry(r, row, last.phase, Math.min(start - 1, last.date + r.int(10, 50)));
    return row;
  }
  row['Start opleiding'] = dmy(start);
  row['Aantal werkplekken'] = r.weighted({ 1: 65, 2: 28, 3: 7 });
  const months = extended ? r.pick([15, 18]) : 12;
  const retake = r.chance(0.15) ? 182 : 0;
  const duration = Math.round(months * 30.4) + r.int(-10, 10) + retake;
  // Extended trajectories drop out about half as often; dropouts come early rather than late.
  if (r.chance(extended ? 0.14 : 0.34)) {
    const at = start + Math.max(14, Math.round(duration * r.next() ** 1.4));
    if (at <= DATA_END) {
      row['Fase uitval'] = 'Opleiding';
      row['Datum uitval'] = dmy(at);
      row.Initiatief = r.chance(0.6) ? 'Eigen keuze' : 'Geadviseerd';
      row.Redenen = reasons(r, UITVAL_WEIGHTS, UITVAL_SPELLINGS);
      const health = /Gezond|Zwanger|Thuis|Scheiding/.test(row.Redenen);
      row['Soort stop'] = r.chance(health ? 0.35 : 0.1) ? 'Pauze' : 'Definitief';
      return row;
    }
  }
  const qualified = weekday(start + duration);
  if (qualified > DATA_END) return row; // still in training at the end of the data
  row['Datum kwalificatie'] = dmy(qualified);
  let after = qualified;
  const aftercare = weekday(qualified + r.int(7, 30));
  if (r.chance(0.55) && aftercare <= DATA_END) {
    after = aftercare;
    row['Start nazorg'] = dmy(after);
  }
  const out = after + r.int(20, 150);
  if (out <= DATA_END && r.chance(0.92)) {
    row['Datum uitstroom'] = dmy(out);
    row.Uitstroom = r.weighted(OUTCOMES);
  }
  return row;
}

// ---------------------------------------------------------------------------------------------
// Planted defects (see the list at the top)

function plant(rows) {
  const find = (test, from = 0) => {
    const i = rows.findIndex((row, k) => k >= from && test(row));
    if (i < 0) throw new Error('generate.mjs: no row fits a planted defect; change the seed');
    return rows[i];
  };
  // 1. Exits without any reason.
  find((r) => r['Fase uitval'] === 'Intake' && r.Partnerschap === 'Brussel').Redenen = '';
  find((r) => r['Fase uitval'] === 'Opleiding' && r.Partnerschap === 'NIKOL').Redenen = '';
  // 2. Dates going backwards.
  const swapped = find((r) => r.Partnerschap === 'Gent' && r['Start opleiding'] && !r['Fase uitval']);
  [swapped['Datum infosessie'], swapped['Datum intake']] = [swapped['Datum intake'], swapped['Datum infosessie']];
  const typo = find((r) => r.Partnerschap === 'RSL4KIDS' && r['Datum uitstroom']);
  typo['Datum uitstroom'] = typo['Datum uitstroom'].replace(/(\d{4})$/, (y) => String(Number(y) - 1));
  // 3. Three ISO intake dates in Kempen.
  let from = 0;
  for (let k = 0; k < 3; k++) {
    const r = find((x) => x.Partnerschap === 'Kempen' && x['Datum intake'] !== '', from);
    const [d, m, y] = r['Datum intake'].split('/').map(Number);
    r['Datum intake'] = iso(day(y, m, d));
    from = rows.indexOf(r) + 5;
  }
  // 4. An initiative spelling the mapping does not know.
  find((r) => r.Initiatief === 'Geadviseerd' && r.Partnerschap === 'Antwerpen').Initiatief = 'In onderling overleg';
}

// ---------------------------------------------------------------------------------------------

const quote = (v) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function generate(seed) {
  const r = makeRandom(seed);
  const rows = [];
  for (const cohort of COHORTS) {
    for (const p of PARTNERSHIPS) {
      const n = p.sizes[COHORTS.indexOf(cohort)];
      for (let k = 0; k < n; k++) rows.push(person(r, p, cohort, k));
    }
  }
  plant(rows);
  return `${[HEADER.join(';'), ...rows.map((row) => HEADER.map((h) => quote(row[h])).join(';'))].join('\n')}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const o = parseArgs(process.argv.slice(2));
  const dataDir = join(o.out, 'data');
  mkdirSync(dataDir, { recursive: true });
  const csv = generate(o.seed);
  writeFileSync(join(dataDir, 'register.csv'), csv);
  process.stderr.write(`wrote ${join(dataDir, 'register.csv')} (${csv.split('\n').length - 2} people)\n`);
}
