#!/usr/bin/env node
/**
 * Generates the synthetic data of the example project "Mentes pioniersfase": a CRM export with one row
 * per contact moment, the staff end-of-trajectory survey, the coach survey and MeMoQ scores.
 *
 *   node examples/mentes-pioniersfase/generate.mjs [--out DIR] [--seed N]
 *
 * Writes DIR/data/{crm-contactmomenten.csv, medewerkers.csv, coaches.csv, memoq-scores.csv}
 * (DIR defaults to this folder). Same seed → byte-identical files. Plain Node, no dependencies.
 *
 * Every figure of the published report (seed 004) that the example reproduces is built in *exactly*
 * (counts are placed, not sampled): 295 trajectories starting in 2022, types 76/185/15/19, 83 ending in
 * the survey window (1 Feb – 15 May 2023), 74 of them with registered recipients summing to 225,
 * 98 staff respondents from 51 trajectories, the headline top-2 counts and the coach survey counts.
 * The findings of the multivariable analysis are built in through a latent "impact" that depends on
 * the time invested outside contact moments and on the number of participants, not on the coach or on
 * the motivation at the start; likert answers are assigned by rank of that latent so the counts stay exact.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = { out: here, seed: 20230515 };
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
// Seeded randomness (a small xorshift-multiply generator; Math.random would break reproducibility)

function makeRandom(seed) {
  let s = (seed ^ 0x9e3779b9) >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return ((z ^ (z >>> 15)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
    /** Standard normal (Box–Muller; one draw per call keeps the stream simple). */
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    /** Value drawn from {value: weight} pairs. */
    weighted: (pairs) => {
      const total = pairs.reduce((t, [, w]) => t + w, 0);
      let x = next() * total;
      for (const [v, w] of pairs) {
        x -= w;
        if (x < 0) return v;
      }
      return pairs[pairs.length - 1][0];
    },
    shuffle: (xs) => {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [xs[i], xs[j]] = [xs[j], xs[i]];
      }
      return xs;
    },
  };
  return r;
}

// ---------------------------------------------------------------------------------------------
// Dates as whole days since 1970-01-01 (UTC), so arithmetic never meets time zones.

const DAY_MS = 86_400_000;
const day = (y, m, d) => Date.UTC(y, m - 1, d) / DAY_MS;
const dmy = (n) => {
  const d = new Date(n * DAY_MS);
  const p2 = (x) => String(x).padStart(2, '0');
  return `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};
/** Coaching happens on weekdays: Saturday and Sunday move to the next Monday. */
const weekday = (n) => {
  const dow = new Date(n * DAY_MS).getUTCDay();
  return dow === 6 ? n + 2 : dow === 0 ? n + 1 : n;
};

const WINDOW = { from: day(2023, 2, 1), to: day(2023, 5, 15) };
const EXPORT_DAY = day(2023, 6, 30);

// ---------------------------------------------------------------------------------------------
// Fixed design: the published figures

const EMPLOYERS = [
  { name: 'Werkgever A', region: 'Antwerpen', coaches: 13, supporters: 11 },
  { name: 'Werkgever B', region: 'Oost-Vlaanderen', coaches: 11, supporters: 10 },
  { name: 'Werkgever C', region: 'West-Vlaanderen', coaches: 9, supporters: 8 },
  { name: 'Werkgever D', region: 'Limburg', coaches: 7, supporters: 6 },
  { name: 'Werkgever E', region: 'Vlaams-Brabant', coaches: 6, supporters: 5 },
];
const TYPE_TOTALS = { 1: 76, 2: 185, 3: 15, 4: 19 };
/** Types of the 83 window trajectories: with respondents / without. */
const WINDOW_TYPES = { responding: { 1: 14, 2: 32, 3: 1, 4: 4 }, silent: { 1: 7, 2: 20, 3: 3, 4: 2 } };
/** Respondents per responding window trajectory, by CRM type (27 + 62 + 2 + 7 = 98 over 51). */
const RESPONDENTS_BY_TYPE = {
  1: [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3],
  2: [...Array(15).fill(1), ...Array(9).fill(2), 3, 3, 3, 3, 4, 4, 4, 5],
  3: [2],
  4: [2, 2, 2, 1],
};
/** Self-reported type by CRM type (rows: CRM type 1–4; columns: type 1–4, weet niet) → 25/60/1/6/6. */
const SELF_TYPE = { 1: [23, 2, 0, 0, 2], 2: [2, 56, 0, 1, 3], 3: [0, 1, 1, 0, 0], 4: [0, 1, 0, 5, 1] };
const SELF_TYPE_LABELS = ['type 1', 'type 2', 'type 3', 'type 4', 'weet niet'];
const RECIPIENTS_TOTAL = 225;
const UNREGISTERED = { responding: 4, silent: 5 };
/** Other categories: [count, status]; their end dates stay out of the survey window. */
const OTHER_CATEGORIES = [
  ['before', 148, 'afgerond'], ['before', 6, 'gestopt'],
  ['after', 41, 'afgerond'], ['after', 3, 'gestopt'],
  ['ongoing', 14, 'lopend'],
];
const LOCATION_PAIRS = 18;

const AKKOORD5 = ['helemaal niet akkoord', 'niet akkoord', 'neutraal', 'akkoord', 'helemaal akkoord'];
const MOTIVATIE5 = ['helemaal niet gemotiveerd', 'weinig gemotiveerd', 'neutraal', 'gemotiveerd', 'zeer gemotiveerd'];
const FREQUENTIE4 = ['nooit', 'soms', 'vaak', 'altijd'];

/** Answer counts per label, lowest first, for the staff likert items (each sums to 98). */
const STAFF_COUNTS = {
  effect: [1, 5, 14, 44, 34], // top-2 = 78
  duurzaam: [0, 3, 10, 50, 35], // top-2 = 85 ("bijna negen op tien")
  toepassing: [1, 4, 12, 47, 34], // top-2 = 81
  tevreden: [1, 3, 8, 38, 48], // top-2 = 86
  motivatie_start: [2, 6, 22, 44, 24],
};
const ADJUSTMENT_YES = 43;

const THEMES = {
  1: [['Jaarthema: taal in interactie', 'educatieve-ondersteuning'], ['Jaarthema: taal in interactie', 'educatieve-ondersteuning'], ['Jaarthema: kijken naar kinderen', 'betrokkenheid']],
  2: [
    ['Wennen van baby\'s en ouders', 'welbevinden'], ['Ideeën rond buitenspelen', 'omgeving'], ['Eet- en slaapmomenten', 'welbevinden'],
    ['Taalstimulering', 'educatieve-ondersteuning'], ['Spelmateriaal en inrichting', 'omgeving'], ['Omgaan met huilen', 'emotionele-ondersteuning'],
    ['Zorgmomenten als kansen', 'emotionele-ondersteuning'], ['Samenwerken met ouders', 'gezinnen-diversiteit'],
    ['Rustmomenten en privé-hoekjes', 'welbevinden'], ['Overgangsmomenten', 'betrokkenheid'], ['Meertaligheid in de groep', 'gezinnen-diversiteit'],
  ],
  3: [['Draagvlak voor professionalisering', 'betrokkenheid'], ['Teamoverleg opstarten', 'omgeving']],
  4: [['Competentieversterking nieuwe medewerker', 'emotionele-ondersteuning'], ['Begeleiding startende kinderbegeleider', 'educatieve-ondersteuning']],
};
const STATUS_SPELLING = { afgerond: ['Afgerond', 'Afgerond', 'Beëindigd'], gestopt: ['Vroegtijdig gestopt'], lopend: ['Lopend'] };

// ---------------------------------------------------------------------------------------------
// CRM: trajectories and their contact moments

function buildTrajectories(rnd) {
  const coaches = [];
  const supporters = [];
  for (const e of EMPLOYERS) {
    for (let i = 0; i < e.coaches; i++) coaches.push({ id: `C${String(coaches.length + 1).padStart(2, '0')}`, employer: e });
    for (let i = 0; i < e.supporters; i++) supporters.push({ id: `RO${String(supporters.length + 1).padStart(2, '0')}`, employer: e });
  }

  // One coach registers every half day as a separate contact moment (the report: even "a contact
  // moment" is registered differently by coaches), for `crm audit` to find.
  rnd.pick(coaches).splitsContacts = true;

  // Trajectory skeletons: category, status, type, and for window trajectories their respondents.
  const trajectories = [];
  for (const [group, types] of Object.entries(WINDOW_TYPES)) {
    for (const [type, count] of Object.entries(types)) {
      const sizes = group === 'responding' ? rnd.shuffle([...RESPONDENTS_BY_TYPE[type]]) : [];
      for (let i = 0; i < count; i++) {
        trajectories.push({ category: 'window', status: 'afgerond', type: Number(type), respondents: group === 'responding' ? sizes[i] : 0 });
      }
    }
  }
  const otherTypes = [];
  for (const [type, total] of Object.entries(TYPE_TOTALS)) {
    const inWindow = WINDOW_TYPES.responding[type] + WINDOW_TYPES.silent[type];
    for (let i = 0; i < total - inWindow; i++) otherTypes.push(Number(type));
  }
  rnd.shuffle(otherTypes);
  for (const [category, count, status] of OTHER_CATEGORIES) {
    for (let i = 0; i < count; i++) trajectories.push({ category, status, type: otherTypes.pop(), respondents: 0 });
  }

  // Coaches: every coach at least 6 trajectories, the rest at random; the employer follows the coach.
  const coachSlots = [];
  for (const c of coaches) for (let i = 0; i < 6; i++) coachSlots.push(c);
  while (coachSlots.length < trajectories.length) coachSlots.push(rnd.pick(coaches));
  rnd.shuffle(coachSlots);
  trajectories.forEach((t, i) => {
    t.coach = coachSlots[i];
    t.employer = t.coach.employer;
    t.supporter = rnd.pick(supporters.filter((s) => s.employer === t.employer));
  });

  for (const t of trajectories) placeDates(rnd, t);
  pinWindowEdges(trajectories);
  assignRecipients(rnd, trajectories);
  for (const t of trajectories) if (t.participants === undefined) drawParticipants(rnd, t);
  assignLocations(rnd, trajectories);
  for (const t of trajectories) {
    [t.theme, t.memoq] = rnd.pick(THEMES[t.type]);
    t.statusText = rnd.pick(STATUS_SPELLING[t.status]);
    buildContacts(rnd, t);
  }

  // Ids in order of start date, as a CRM numbers its records.
  trajectories.sort((a, b) => a.start - b.start || a.end - b.end);
  trajectories.forEach((t, i) => { t.id = `TR22-${String(i + 1).padStart(3, '0')}`; });
  return { trajectories, coaches };
}

/** Start (in 2022) and end dates by category; the window category ends in the survey window. */
function placeDates(rnd, t) {
  for (;;) {
    let start;
    let end = null;
    if (t.category === 'window') {
      end = weekday(rnd.int(WINDOW.from, WINDOW.to - 2));
      start = weekday(end - rnd.int(150, 330));
    } else if (t.category === 'before') {
      start = weekday(rnd.int(day(2022, 1, 3), day(2022, 9, 15)));
      end = weekday(start + (t.status === 'gestopt' ? rnd.int(40, 120) : rnd.int(110, 300)));
      if (end > WINDOW.from - 1) continue;
    } else if (t.category === 'after') {
      start = weekday(rnd.int(day(2022, 6, 1), day(2022, 12, 16)));
      end = weekday(t.status === 'gestopt' ? rnd.int(WINDOW.to + 1, day(2023, 6, 20)) : rnd.int(WINDOW.to + 1, day(2023, 6, 23)));
      if (end - start > 400 || end <= WINDOW.to) continue;
    } else {
      start = weekday(rnd.int(day(2022, 9, 1), day(2022, 12, 16)));
    }
    if (start < day(2022, 1, 1) || start > day(2022, 12, 31)) continue;
    t.start = start;
    t.end = end;
    return;
  }
}

/**
 * One trajectory ends on each edge of the survey window and one on each day just outside it, so a
 * reader that treats the window as half-open (or off by a day) gets a different count than 83.
 */
function pinWindowEdges(trajectories) {
  const pin = (category, status, end) => {
    const t = trajectories.find((x) => x.category === category && x.status === status && x.start <= end - 120 && !x.pinned);
    t.end = end;
    t.pinned = true;
  };
  pin('window', 'afgerond', WINDOW.from);
  pin('window', 'afgerond', WINDOW.to);
  pin('before', 'afgerond', WINDOW.from - 1);
  pin('after', 'afgerond', WINDOW.to + 1);
}

/**
 * Survey recipients of the window trajectories: 74 registered, summing to exactly 225, never fewer
 * than the trajectory's respondents; 9 not registered (4 of them with respondents). Participants
 * follow from the recipients (everyone who took part got the survey, now and then one more took part).
 */
function assignRecipients(rnd, trajectories) {
  const windowed = trajectories.filter((t) => t.category === 'window');
  const responding = rnd.shuffle(windowed.filter((t) => t.respondents > 0));
  const silent = rnd.shuffle(windowed.filter((t) => t.respondents === 0));
  const unregistered = new Set([...responding.slice(0, UNREGISTERED.responding), ...silent.slice(0, UNREGISTERED.silent)]);
  const registered = windowed.filter((t) => !unregistered.has(t));
  for (const t of registered) {
    t.recipients = t.respondents > 0
      ? t.respondents + rnd.weighted([[0, 20], [1, 35], [2, 30], [3, 15]])
      : rnd.weighted([[1, 25], [2, 30], [3, 25], [4, 15], [5, 5]]);
  }
  let sum = registered.reduce((s, t) => s + t.recipients, 0);
  while (sum !== RECIPIENTS_TOTAL) {
    const t = rnd.pick(registered);
    if (sum < RECIPIENTS_TOTAL && t.recipients < 8) { t.recipients++; sum++; }
    else if (sum > RECIPIENTS_TOTAL && t.recipients > Math.max(1, t.respondents)) { t.recipients--; sum--; }
  }
  for (const t of registered) t.participants = t.recipients + (rnd.chance(0.3) ? 1 : 0);
  for (const t of unregistered) {
    t.recipients = null;
    t.participants = Math.max(t.respondents, rnd.int(1, 4)) + (rnd.chance(0.3) ? 1 : 0);
  }
}

function drawParticipants(rnd, t) {
  if (t.type === 4) t.participants = rnd.weighted([[1, 70], [2, 30]]);
  else if (rnd.chance(0.5)) t.participants = rnd.weighted([[1, 60], [2, 30], [3, 10]]);
  else t.participants = rnd.int(2, 7);
}

/**
 * Locations: one per trajectory, except 18 locations that had a second trajectory later in 2022
 * (for the "time between trajectories" indicator). Small teams are mostly family care.
 */
function assignLocations(rnd, trajectories) {
  for (const t of trajectories) {
    t.locationType = t.participants <= 2 ? (rnd.chance(0.75) ? 'gezinsopvang' : 'groepsopvang') : 'groepsopvang';
  }
  const firsts = rnd.shuffle(trajectories.filter((t) => t.category === 'before' && t.status === 'afgerond' && t.end <= day(2022, 10, 15)));
  const used = new Set();
  const pairs = [];
  for (const first of firsts) {
    if (pairs.length === LOCATION_PAIRS) break;
    if (used.has(first)) continue;
    const second = trajectories.find((t) => !used.has(t) && t !== first && t.employer === first.employer && t.start >= first.end + 30);
    if (!second) continue;
    used.add(first);
    used.add(second);
    pairs.push([first, second]);
  }
  const firstOf = new Map(pairs.map(([f, s]) => [s, f]));
  const secondOf = new Map(pairs);
  let n = 0;
  let organisers = 0;
  const groupOrganisers = [];
  // Numbered in random order, so a location id says nothing about the trajectory's period.
  for (const t of rnd.shuffle([...trajectories])) {
    const lead = firstOf.get(t) ?? t;
    if (lead.location) continue;
    const partner = secondOf.get(lead);
    if (partner) {
      // The location (and its type) is shared; the first trajectory had the same small team if family care.
      lead.locationType = partner.locationType;
      if (lead.locationType === 'gezinsopvang') lead.participants = Math.min(lead.participants, 2);
    }
    lead.location = `LOC-${String(++n).padStart(3, '0')}`;
    // A few group-care organisers run more than one location.
    if (lead.locationType === 'groepsopvang' && groupOrganisers.length && rnd.chance(0.15)) lead.organiser = rnd.pick(groupOrganisers);
    else {
      lead.organiser = `ORG-${String(++organisers).padStart(3, '0')}`;
      if (lead.locationType === 'groepsopvang') groupOrganisers.push(lead.organiser);
    }
    if (partner) {
      partner.location = lead.location;
      partner.organiser = lead.organiser;
    }
  }
}

/** Contact moments: about 9 and 53 hours (most within ±20 %, some far off), first on the start day, last on the end day. */
function buildContacts(rnd, t) {
  let count;
  let hours;
  if (t.status === 'gestopt') {
    count = rnd.int(2, 5);
    hours = count * rnd.int(4, 7);
  } else {
    count = rnd.chance(0.88) ? rnd.weighted([[8, 25], [9, 45], [10, 20]]) : rnd.pick([5, 6, 12, 13, 14]);
    hours = rnd.chance(0.85) ? 53 * (1 + Math.max(-0.18, Math.min(0.18, 0.08 * rnd.normal()))) : 53 * (rnd.chance(0.5) ? 0.45 + 0.3 * rnd.next() : 1.3 + 0.4 * rnd.next());
    if (t.status === 'lopend') {
      // An ongoing trajectory has had part of its contact moments so far.
      const done = rnd.int(4, Math.min(8, count));
      hours = (hours * done) / count;
      count = done;
    }
  }
  if (t.coach.splitsContacts) count *= 2;
  // A contact moment is at most a working day (8 h, preparation and report included).
  hours = Math.min(hours, count * 8);
  const last = t.end ?? weekday(Math.min(EXPORT_DAY - 10, t.start + rnd.int(150, 250)));
  const dates = contactDates(rnd, t.start, last, count);
  const weights = dates.map(() => 0.75 + 0.5 * rnd.next());
  const wsum = weights.reduce((a, b) => a + b, 0);
  t.pitstop = t.status === 'afgerond' ? rnd.chance(0.92) : t.status === 'lopend' ? count >= 5 && rnd.chance(0.8) : rnd.chance(0.35);
  if (rnd.chance(0.015)) t.pitstop = null; // a gap in the registration
  t.finalEvaluation = t.status === 'afgerond' ? rnd.chance(0.9) : false;
  t.contacts = dates.map((date, i) => ({
    date,
    minutes: Math.max(30, Math.round((hours * 60 * weights[i]) / wsum / 15) * 15),
    setting: rnd.chance(0.8) ? 'vloer' : 'kindvrij',
    present: rnd.int(1, t.participants),
  }));
}

/** `count` distinct weekdays from `first` to `last` inclusive, spread over the period. */
function contactDates(rnd, first, last, count) {
  if (count === 1) return [first];
  const span = last - first;
  const dates = [first];
  for (let k = 1; k < count - 1; k++) {
    const ideal = first + (k * span) / (count - 1);
    let d = weekday(Math.round(ideal + (rnd.next() - 0.5) * (span / (count - 1)) * 0.6));
    // Keep strictly increasing and before the last day (a crowded period falls back to the next free day).
    if (d <= dates[dates.length - 1]) d = weekday(dates[dates.length - 1] + 1);
    if (d >= last) break;
    dates.push(d);
  }
  dates.push(last);
  return dates;
}

// ---------------------------------------------------------------------------------------------
// Staff survey

/** Labels by rank: the `counts[0]` lowest scores get label 0, and so on (exact counts, order by score). */
function byRank(scores, counts, labels) {
  const order = scores.map((s, i) => [s, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
  const out = new Array(scores.length);
  let k = 0;
  counts.forEach((c, label) => {
    for (let j = 0; j < c; j++) out[order[k++]] = labels[label];
  });
  return out;
}

const standardise = (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
  return xs.map((x) => (x - m) / sd);
};

function pearson(xs, ys) {
  const zx = standardise(xs);
  const zy = standardise(ys);
  return zx.reduce((a, x, i) => a + x * zy[i], 0) / (xs.length - 1);
}

/** ANOVA estimate of ICC(1) of `values` within `groups` (only to steer the generator, not reported). */
function icc1(values, groups) {
  const by = new Map();
  values.forEach((v, i) => { const g = by.get(groups[i]) ?? []; g.push(v); by.set(groups[i], g); });
  const N = values.length;
  const k = by.size;
  const mean = values.reduce((a, b) => a + b, 0) / N;
  let ssb = 0;
  let ssw = 0;
  let sumSq = 0;
  for (const g of by.values()) {
    const m = g.reduce((a, b) => a + b, 0) / g.length;
    ssb += g.length * (m - mean) ** 2;
    ssw += g.reduce((a, b) => a + (b - m) ** 2, 0);
    sumSq += g.length ** 2;
  }
  const msb = ssb / (k - 1);
  const msw = ssw / (N - k);
  const n0 = (N - sumSq / N) / (k - 1);
  return (msb - msw) / (msb + (n0 - 1) * msw);
}

const REMARKS_POSITIVE = [
  'De coach kwam echt mee op de vloer en dat maakte het verschil.',
  'Door de filmpjes van onze eigen werking zag ik wat ik anders kon doen.',
  'Ik durf nu meer tijd te nemen voor de verzorgingsmomenten.',
  'Fijn dat we zelf ons thema mochten kiezen, zo bleef het dicht bij onze praktijk.',
  'De tips over taal bij de allerkleinsten gebruik ik elke dag.',
  'We hebben de speelhoek samen heringericht en de kinderen spelen nu veel rustiger.',
  'Het gesprek bij de pitstop hielp om ons doel scherper te stellen.',
  'Ik voel me zekerder als ouders vragen stellen over de opvoeding.',
  'De coach luisterde goed en gaf geen kant-en-klare oplossingen.',
  'Als team praten we nu meer over wat we bij de kinderen zien.',
  'Ik merk dat de kinderen rustiger wennen sinds we het onthaal anders aanpakken.',
  'Het was intensief maar het heeft me veel opgeleverd.',
  'Mooi dat de coach ook naar de kleine dingen keek die al goed gingen.',
  'Ik ga zeker verder met wat we rond buitenspelen hebben uitgeprobeerd.',
  'De oefeningen tussen de contactmomenten door waren soms zwaar maar leerrijk.',
  'Ik wil graag een tweede traject rond taalstimulering.',
  'Door het traject kijk ik met andere ogen naar het huilen van baby\'s.',
  'De eindevaluatie gaf een goed overzicht van wat we bereikt hebben.',
];
const REMARKS_CRITICAL = [
  'Het was moeilijk om tijd te maken naast het werk met de kinderen.',
  'Er zaten soms te veel weken tussen twee bezoeken.',
  'Ik had graag meer concrete voorbeelden gekregen.',
  'Als enige medewerker was het lastig om alles meteen toe te passen.',
  'De planning liep een paar keer mis door ziekte in de opvang.',
  'Het coachingsplan was voor mij niet zo duidelijk.',
  'Meer contactmomenten op de vloer zou helpen.',
  'Ik weet niet goed hoe ik dit zonder coach kan volhouden.',
  'De kindvrije momenten waren moeilijk te regelen.',
  'Ik had liever een ander thema gekozen.',
];

function buildStaffSurvey(rnd, trajectories) {
  const respondents = [];
  for (const t of trajectories) {
    if (t.category !== 'window' || t.respondents === 0) continue;
    let leaderTaken = false;
    for (let i = 0; i < t.respondents; i++) {
      const leader = !leaderTaken && rnd.chance(t.locationType === 'gezinsopvang' ? 0.2 : 0.3);
      if (leader) leaderTaken = true;
      // Hours outside contact moments: skewed, most between 1 and 10, in half hours.
      const time = Math.max(0, Math.round(2 * Math.exp(Math.log(4) + 0.65 * rnd.normal())) / 2);
      respondents.push({
        t,
        time,
        functie: leader ? 'verantwoordelijke' : 'kinderbegeleider',
        date: Math.min(WINDOW.to, t.end + rnd.int(0, 12)),
      });
    }
  }
  const n = respondents.length;

  // The latent impact: time outside contact moments and the team size, no coach effect.
  const zTime = standardise(respondents.map((r) => r.time));
  const zPart = standardise(respondents.map((r) => r.t.participants));
  const latent = respondents.map((_, i) => 0.55 * zTime[i] + 0.5 * zPart[i] + 0.75 * rnd.normal());
  const answer = (id, weight, noise) => byRank(latent.map((l) => weight * l + noise * rnd.normal()), STAFF_COUNTS[id], AKKOORD5);
  const effect = answer('effect', 1, 0.35);
  const duurzaam = answer('duurzaam', 1, 0.45);
  const toepassing = answer('toepassing', 1, 0.45);
  const satisfactionScore = latent.map((l) => 0.6 * l + 0.6 * rnd.normal());
  const tevreden = byRank(satisfactionScore, STAFF_COUNTS.tevreden, AKKOORD5);
  // Less satisfied staff ask for an adjustment more often (the 43 lowest on a noisy score say "ja").
  const aanpassing = byRank(satisfactionScore.map((s) => s + 0.8 * rnd.normal()), [ADJUSTMENT_YES, n - ADJUSTMENT_YES], ['ja', 'nee']);

  const code = (labels) => labels.map((l) => AKKOORD5.indexOf(l) + 1);
  const impactScore = respondents.map((_, i) => (code(effect)[i] + code(duurzaam)[i] + code(toepassing)[i]) / 3);

  // Motivation at the start is unrelated to impact and to its predictors: redraw the permutation
  // until every correlation is negligible, so no chance association sneaks into the example.
  let motivation;
  const related = [impactScore, code(effect), respondents.map((r) => r.time), respondents.map((r) => r.t.participants)];
  for (;;) {
    motivation = rnd.shuffle(STAFF_COUNTS.motivatie_start.flatMap((c, k) => Array(c).fill(k)));
    if (related.every((xs) => Math.abs(pearson(motivation, xs)) < 0.03)) break;
  }
  // Motivation for a second trajectory: on average higher; a few do not know or skip it.
  const second = motivation.map((m) => Math.max(0, Math.min(4, m + (rnd.chance(0.45) ? 1 : 0) - (rnd.chance(0.08) ? 1 : 0))));
  const secondText = second.map((m) => MOTIVATIE5[m]);
  const skip = rnd.shuffle([...Array(n).keys()]).slice(0, 6);
  skip.forEach((i, j) => { secondText[i] = j < 4 ? 'weet niet' : ''; });

  // Self-reported type: mostly the CRM type, exactly the published 25/60/1/6 and 6 "weet niet".
  const selfPool = {};
  for (const type of [1, 2, 3, 4]) selfPool[type] = rnd.shuffle(SELF_TYPE[type].flatMap((c, k) => Array(c).fill(SELF_TYPE_LABELS[k])));
  const selfType = respondents.map((r) => selfPool[r.t.type].pop());

  // Open remarks: about 40 % write something; the tone follows the latent impact.
  const remarkOrder = rnd.shuffle([...Array(n).keys()]);
  const remarks = new Array(n).fill('');
  const positive = rnd.shuffle([...REMARKS_POSITIVE]);
  const critical = rnd.shuffle([...REMARKS_CRITICAL]);
  const median = [...latent].sort((a, b) => a - b)[Math.floor(n / 2)];
  for (const i of remarkOrder.slice(0, 38)) {
    const pool = latent[i] > median ? (positive.length ? positive : critical) : (critical.length ? critical : positive);
    if (pool.length) remarks[i] = pool.pop();
  }

  // Coaches of the responding trajectories: swap coaches between trajectories of the same employer
  // until the impact score shows no coach-level variance (ICC(1) ≈ 0), as the report found.
  const responding = [...new Set(respondents.map((r) => r.t))];
  const coachIcc = () => icc1(impactScore, respondents.map((r) => r.t.coach.id));
  let icc = coachIcc();
  for (let attempt = 0; attempt < 20000 && Math.abs(icc) >= 0.01; attempt++) {
    const a = rnd.pick(responding);
    const b = rnd.pick(responding);
    // The coach who splits contact moments keeps their trajectories: their registration follows them.
    if (a === b || a.employer !== b.employer || a.coach === b.coach || a.coach.splitsContacts || b.coach.splitsContacts) continue;
    [a.coach, b.coach] = [b.coach, a.coach];
    const next = coachIcc();
    if (Math.abs(next) < Math.abs(icc)) icc = next;
    else [a.coach, b.coach] = [b.coach, a.coach];
  }

  const rows = respondents.map((r, i) => ({
    date: r.date,
    traject: r.t,
    werkgever: r.t.employer.name,
    functie: r.functie,
    effect: effect[i],
    tevreden: tevreden[i],
    duurzaam: duurzaam[i],
    toepassing: toepassing[i],
    aanpassing: aanpassing[i],
    type_zelf: selfType[i],
    motivatie_start: MOTIVATIE5[motivation[i]],
    motivatie_tweede: secondText[i],
    tijd_buiten: hoursCell(rnd, r.time),
    opmerking: remarks[i],
  }));
  // A survey tool exports in order of submission.
  rows.sort((a, b) => a.date - b.date || a.traject.start - b.traject.start);
  return rows;
}

/** "2,5" or "2,5 uur": respondents typed the unit now and then. */
function hoursCell(rnd, h) {
  const text = Number.isInteger(h) ? String(h) : String(h).replace('.', ',');
  return rnd.chance(0.2) ? `${text} uur` : text;
}

// ---------------------------------------------------------------------------------------------
// Coach survey: 45 of 46 coaches, the published counts per item

function buildCoachSurvey(rnd, coaches) {
  const absent = rnd.pick(coaches);
  const rows = coaches.filter((c) => c !== absent).map((c) => ({ coach: c, experience: rnd.chance(0.55) ? 'ja' : 'nee' }));
  const n = rows.length;
  const fill = (counts) => rnd.shuffle(counts.flatMap(([label, c]) => Array(c).fill(label)));
  // Results seen: 24 often/always, 19 sometimes, 2 missing (one "weet niet", one empty) → 43 answers.
  const results = fill([['soms', 19], ['vaak', 17], ['altijd', 7], ['weet niet', 1], ['', 1]]);
  // Durability: coaches with coaching experience more often say "soms wel, soms niet" or "meestal niet".
  const durabilityLabels = [['meestal duurzaam', 14], ['soms wel soms niet', 26], ['meestal niet duurzaam', 3], ['weet niet', 1], ['', 1]]
    .flatMap(([label, c]) => Array(c).fill(label));
  const rank = { 'meestal duurzaam': 0, 'soms wel soms niet': 1, 'meestal niet duurzaam': 2, 'weet niet': 1, '': 1 };
  durabilityLabels.sort((a, b) => rank[a] - rank[b]);
  const score = rows.map((r) => (r.experience === 'ja' ? 1 : 0) + 1.2 * rnd.normal());
  const order = score.map((s, i) => [s, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
  const durability = new Array(n);
  order.forEach((i, k) => { durability[i] = durabilityLabels[k]; });
  const split = fill([['ja', 9], ['nee', 36]]);
  const types = fill(AKKOORD5.map((l, k) => [l, [2, 6, 12, 19, 6][k]])); // top-2 = 25
  const plan = fill(AKKOORD5.map((l, k) => [l, [3, 12, 13, 12, 5][k]])); // top-2 = 17
  const hours = fill([['voldoende', 13], ['onvoldoende', 15], ['soms wel soms niet', 17]]);
  const floorTime = fill(AKKOORD5.map((l, k) => [l, [1, 8, 13, 16, 7][k]])); // top-2 = 23, about half
  return rows.map((r, i) => ({
    coach: r.coach.id,
    werkgever: r.coach.employer.name,
    ervaring: r.experience,
    resultaten: results[i],
    duurzaamheid: durability[i],
    verdeling: split[i],
    types: types[i],
    plan: plan[i],
    uren: hours[i],
    vloertijd: floorTime[i],
  }));
}

// ---------------------------------------------------------------------------------------------
// MeMoQ scores: 40 locations, 6 dimensions, begin and end

const MEMOQ_DIMENSIONS = [
  // [id, ups, downs]: modest improvements on five dimensions, none on gezinnen-diversiteit.
  ['welbevinden', 10, 2], ['betrokkenheid', 9, 2], ['emotionele-ondersteuning', 11, 1],
  ['educatieve-ondersteuning', 14, 2], ['omgeving', 7, 2], ['gezinnen-diversiteit', 4, 4],
];

function buildMemoq(rnd, trajectories) {
  const locations = rnd.shuffle(trajectories.filter((t) => t.category === 'window' && t.finalEvaluation).map((t) => t.location)).slice(0, 40).sort();
  const rows = [];
  const scores = {};
  for (const [dim, ups, downs] of MEMOQ_DIMENSIONS) {
    const begin = locations.map(() => rnd.weighted([[1, 8], [2, 45], [3, 40], [4, 7]]));
    const end = [...begin];
    const order = rnd.shuffle([...locations.keys()]);
    let u = 0;
    let d = 0;
    for (const i of order) {
      if (u < ups && begin[i] < 4) { end[i]++; u++; }
      else if (d < downs && begin[i] > 1) { end[i]--; d++; }
    }
    scores[dim] = { begin, end };
  }
  locations.forEach((loc, i) => {
    for (const [dim] of MEMOQ_DIMENSIONS) {
      rows.push([loc, dim, 'begin', scores[dim].begin[i]]);
      rows.push([loc, dim, 'eind', scores[dim].end[i]]);
    }
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** One CSV line; a cell is quoted only when it holds the separator, a quote or a line break. */
function csvLine(cells, sep) {
  return cells.map((c) => {
    const s = c === null || c === undefined ? '' : String(c);
    return s.includes(sep) || s.includes('"') || /[\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(sep);
}

const yesNo = (b) => (b === null ? '' : b ? 'ja' : 'nee');

function crmFile(trajectories) {
  const header = [
    'Traject-ID', 'Locatie', 'Type opvang', 'Organisator', 'Werkgever', 'Regio', 'Coach', 'Regioondersteuner',
    'Trajecttype', 'Thema', 'MeMoQ-dimensie', 'Startdatum', 'Einddatum', 'Pitstop', 'Eindevaluatie', 'Status',
    'Deelnemers', 'Bevraging verstuurd naar', 'Datum contact', 'Duur (min)', 'Setting', 'Aanwezigen',
  ];
  const lines = [csvLine(header, ';')];
  const typeText = { 1: 'Type 1: educatieve ondersteuning', 2: 'Type 2: zelfgekozen thema', 3: 'Type 3: draagvlak', 4: 'Type 4: competentieversterking' };
  for (const t of trajectories) {
    // Trajectory fields are repeated on every contact row, as a flat CRM report does.
    for (const c of t.contacts) {
      lines.push(csvLine([
        t.id, t.location, t.locationType === 'gezinsopvang' ? 'Gezinsopvang' : 'Groepsopvang', t.organiser, t.employer.name, t.employer.region,
        t.coach.id, t.supporter.id, typeText[t.type], t.theme, t.memoq, dmy(t.start), t.end === null ? '' : dmy(t.end),
        yesNo(t.pitstop), yesNo(t.finalEvaluation), t.statusText, t.participants, t.recipients ?? '',
        dmy(c.date), c.minutes, c.setting, c.present,
      ], ';'));
    }
  }
  // A Windows CRM: CRLF line ends and Windows-1252 bytes (latin1 covers every character used here).
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
}

const STAFF_HEADER = {
  respondent: 'respondent', traject: 'traject', ingevuld_op: 'ingevuld_op', werkgever: 'werkgever', functie: 'functie',
  effect: 'Ik merk een duidelijk positief effect van de coaching op mijn werk',
  tevreden: 'Ik ben tevreden over het coachingstraject',
  duurzaam: 'Ik denk dat de resultaten van het traject blijvend zijn',
  toepassing: 'Ik pas wat ik leerde toe in mijn dagelijkse werk',
  aanpassing: 'Zou je iets willen veranderen aan het traject?',
  type_zelf: 'Welk type traject heb je gevolgd?',
  motivatie_start: 'Hoe gemotiveerd was je bij de start van het traject?',
  motivatie_tweede: 'Hoe gemotiveerd ben je voor een tweede traject?',
  tijd_buiten: 'Hoeveel uur stak je buiten de contactmomenten in het traject?',
  opmerking: 'Wil je nog iets kwijt over de coaching?',
};

function staffFile(rows) {
  const keys = Object.keys(STAFF_HEADER);
  const lines = [csvLine(keys.map((k) => STAFF_HEADER[k]), ';')];
  rows.forEach((r, i) => {
    const cells = { ...r, respondent: `M${String(i + 1).padStart(3, '0')}`, traject: r.traject.id, ingevuld_op: dmy(r.date) };
    lines.push(csvLine(keys.map((k) => cells[k]), ';'));
  });
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

const COACH_HEADER = {
  coach: 'coach', werkgever: 'werkgever', ervaring: 'coachingservaring',
  resultaten: 'Hoe vaak zie je resultaten van je coaching bij de medewerkers?',
  duurzaamheid: 'Is de impact van je coaching duurzaam?',
  verdeling: 'Is de verdeling 80 % op de vloer en 20 % andere taken werkbaar?',
  types: 'De vier trajecttypes helpen me doelgericht te werken',
  plan: 'Het coachingsplan heeft voor mij weinig meerwaarde',
  uren: 'Zijn 53 uur per traject voldoende?',
  vloertijd: 'Ik heb te weinig tijd om op de vloer te coachen',
};

function coachFile(rows) {
  const keys = Object.keys(COACH_HEADER);
  const lines = [csvLine(keys.map((k) => COACH_HEADER[k]), ',')];
  for (const r of rows) lines.push(csvLine(keys.map((k) => r[k]), ','));
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

function memoqFile(rows) {
  const lines = [csvLine(['location', 'dimension', 'moment', 'score'], ','), ...rows.map((r) => csvLine(r, ','))];
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  // Separate streams per part, so a change in one part does not reshuffle the others.
  const { trajectories, coaches } = buildTrajectories(makeRandom(opts.seed));
  const staff = buildStaffSurvey(makeRandom(opts.seed + 1), trajectories);
  const coachRows = buildCoachSurvey(makeRandom(opts.seed + 2), coaches);
  const memoq = buildMemoq(makeRandom(opts.seed + 3), trajectories);
  const dataDir = join(opts.out, 'data');
  mkdirSync(dataDir, { recursive: true });
  const files = {
    'crm-contactmomenten.csv': crmFile(trajectories),
    'medewerkers.csv': staffFile(staff),
    'coaches.csv': coachFile(coachRows),
    'memoq-scores.csv': memoqFile(memoq),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dataDir, name), bytes);
  process.stderr.write(`generate.mjs: ${Object.keys(files).length} files written to ${dataDir}\n`);
}

main();
