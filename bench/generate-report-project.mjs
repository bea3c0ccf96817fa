#!/usr/bin/env node
/**
 * Synthetic project for the report benchmark (issue 8): everything `hefboom report` reads, at the
 * acceptance size — 1,000,000 coded excerpts (one coder, 200 codes), a staff survey of 100,000
 * respondents whose trajectory ids point into a CRM export of 1,000,000 contact rows, a small coach
 * survey and MeMoQ scores for the CRM's locations.
 *
 *   node bench/generate-report-project.mjs [--out DIR] [--excerpts 1000000] [--files N] [--codes 200]
 *        [--respondents 100000] [--crm-rows N] [--coaches 200] [--memoq-locations 2000] [--seed 1]
 *        [--open-share 0] [--force] [--quiet]
 *
 * Layout of DIR (default: the system temp folder, hefboom-report-bench-<excerpts>-<respondents>):
 *   hefboom.yaml                      the project (sources, attributes, surveys, crm, memoq_scores, report)
 *   codebook.yaml                     200 codes mapped to L1–L7 and the MeMoQ dimensions: the corpus
 *                                     generator's codebook plus MeMoQ mappings on half the subcodes
 *   corpus/                           bench/generate-corpus.mjs output (--double 0: one coder, A)
 *   crm/                              bench/generate-crm.mjs output (export + mapping)
 *   meta/documenten.csv               document attributes the transcripts do not carry (organisatievorm, regio)
 *   bevragingen/*.yaml, data/*.csv    staff and coach surveys with their definitions, MeMoQ scores
 *
 * Deterministic per parameters (seeded mulberry32). Each part is cached: the corpus and CRM by their
 * own generators, the rest by DIR/.params.json (parameters and a hash of this file), written last so
 * an interrupted run is redone; `--force` regenerates everything.
 *
 * The staff survey's open item is empty unless `--open-share` (0–1) is given: hefboom reads open
 * answers as excerpts, and the acceptance figure is 1,000,000 excerpts exactly.
 *
 * Staff respondents are drawn only from trajectories that end inside the survey window, so every
 * one of them is counted by `hefboom impact`/`report` and the benchmark can check the exact number.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureCorpus, parseArgs as parseCorpusArgs } from './generate-corpus.mjs';
import { ensureCrm } from './generate-crm.mjs';
import { mulberry32 } from './prng.mjs';
import { benchOptions } from './args.mjs';

const GENERATOR_VERSION = 1;
const WINDOW = { from: '2023-01-01', to: '2023-12-31' };
const EMPLOYERS = ['Werkgever A', 'Werkgever B', 'Werkgever C', 'Werkgever D', 'Werkgever E'];
const MEMOQ = ['welbevinden', 'betrokkenheid', 'emotionele-ondersteuning', 'educatieve-ondersteuning', 'omgeving', 'gezinnen-diversiteit'];
const AKKOORD = ['helemaal niet akkoord', 'niet akkoord', 'neutraal', 'akkoord', 'helemaal akkoord'];
const MOTIVATIE = ['helemaal niet gemotiveerd', 'weinig gemotiveerd', 'neutraal', 'gemotiveerd', 'zeer gemotiveerd'];

export const defaultOut = (excerpts, respondents) => join(tmpdir(), `hefboom-report-bench-${excerpts}-${respondents}`);

function fail(msg) {
  process.stderr.write(`generate-report-project: ${msg}\n`);
  process.exit(2);
}

export function parseArgs(argv) {
  return normalise(benchOptions(argv, {
    script: 'generate-report-project',
    usage: '[--out DIR] [--excerpts 1000000] [--files N] [--codes 200] [--respondents 100000] [--crm-rows N] [--coaches 200] [--memoq-locations 2000] [--open-share 0] [--seed 1] [--force] [--quiet]',
    defaults: { out: undefined, excerpts: 1_000_000, files: undefined, codes: 200, respondents: 100_000, crmRows: undefined, coaches: 200, memoqLocations: 2000, openShare: 0, seed: 1, force: false, quiet: false },
    options: {
      '--out': { key: 'out', type: 'path' }, '--excerpts': { key: 'excerpts', type: 'int', min: 1 }, '--files': { key: 'files', type: 'int', min: 1 },
      '--codes': { key: 'codes', type: 'int', min: 42 }, '--respondents': { key: 'respondents', type: 'int', min: 1 }, '--crm-rows': { key: 'crmRows', type: 'int', min: 9 },
      '--coaches': { key: 'coaches', type: 'int', min: 1 }, '--memoq-locations': { key: 'memoqLocations', type: 'int' },
      '--open-share': { key: 'openShare', type: 'number', max: 1 }, '--seed': { key: 'seed', type: 'int' },
      '--force': { key: 'force', type: 'flag' }, '--quiet': { key: 'quiet', type: 'flag' }, '-q': { key: 'quiet', type: 'flag' },
    },
  }));
}

/** Fill the defaults that depend on other parameters (also for callers that pass a partial object). */
export function normalise(o) {
  const r = { codes: 200, respondents: 100_000, coaches: 200, memoqLocations: 2000, openShare: 0, seed: 1, force: false, quiet: false, ...o };
  r.excerpts ??= 1_000_000;
  // About 500 excerpts per transcript, at most the 2,000 files of the tally benchmark.
  r.files ??= Math.min(2000, Math.max(1, Math.round(r.excerpts / 500)));
  if (r.files > r.excerpts) fail(`--files (${r.files}) must not exceed --excerpts (${r.excerpts})`);
  // Ten contact rows per respondent: 1,000,000 rows (~111,000 trajectories) for 100,000 respondents.
  r.crmRows ??= Math.max(9, r.respondents * 10);
  r.out ??= defaultOut(r.excerpts, r.respondents);
  return r;
}

const sourceHash = () => createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);
const paramsOf = (o) => ({ generator: GENERATOR_VERSION, source: sourceHash(), excerpts: o.excerpts, files: o.files, codes: o.codes, respondents: o.respondents, crmRows: o.crmRows, coaches: o.coaches, memoqLocations: o.memoqLocations, openShare: o.openShare, seed: o.seed });

/** Write a file through a temporary name, so a half-written file never looks complete. */
function writeAtomic(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const dayOf = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const dmyDay = (s) => { const [d, m, y] = s.split('/').map(Number); return Date.UTC(y, m - 1, d) / 86_400_000; };
const pad = (n, w = 2) => String(n).padStart(w, '0');
const dmy = (day) => { const d = new Date(day * 86_400_000); return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`; };

/**
 * Trajectories of the CRM export as the survey needs them. The generator writes contacts in rounds
 * (every trajectory's first contact, then every second …), so the first `trajectories` data rows
 * hold each trajectory exactly once and the rest of the file need not be read.
 */
async function readTrajectories(file, count) {
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const out = [];
  let header = null;
  for await (const line of rl) {
    if (!header) { header = line.split(';'); continue; }
    const cells = line.split(';');
    out.push({ id: cells[header.indexOf('Traject-ID')], location: cells[header.indexOf('Locatie')], employer: cells[header.indexOf('Werkgever')], coach: cells[header.indexOf('Coach')], end: dmyDay(cells[header.indexOf('Einddatum')]), type: cells[header.indexOf('Trajecttype')] });
    if (out.length >= count) break;
  }
  rl.close();
  return out;
}

function staffDefinition() {
  return `# Eindbevraging medewerkers (synthetisch, bench/generate-report-project.mjs). Eén rij per respondent.
name: Eindbevraging medewerkers
respondent: respondent
trajectory: traject
date: ingevuld_op
attributes: [werkgever, functie]
missing: ["weet niet"]
scales:
  akkoord5: [${AKKOORD.join(', ')}]
  motivatie5: [${MOTIVATIE.join(', ')}]
items:
  - { id: effect, label: Duidelijk positief effect van de coaching, type: likert, scale: akkoord5, headline: true, levers: [L6, L7], memoq: [emotionele-ondersteuning, educatieve-ondersteuning] }
  - { id: tevreden, label: (Zeer) tevreden over het traject, type: likert, scale: akkoord5, headline: true }
  - { id: duurzaam, label: Resultaten zijn blijvend, type: likert, scale: akkoord5, headline: true, levers: [L7] }
  - { id: toepassing, label: Past het geleerde toe, type: likert, scale: akkoord5, levers: [L6], memoq: [educatieve-ondersteuning] }
  - { id: sfeer, label: Warm en veilig klimaat in het team, type: likert, scale: akkoord5, levers: [L3], memoq: [welbevinden] }
  - { id: spel, label: Meer betrokkenheid van de kinderen bij spel, type: likert, scale: akkoord5, memoq: [betrokkenheid, omgeving] }
  - { id: ouders, label: Beter contact met ouders, type: likert, scale: akkoord5, memoq: [gezinnen-diversiteit] }
  - { id: motivatie_start, label: Motivatie bij de start, type: likert, scale: motivatie5 }
  - { id: aanpassing, label: Wil iets aanpassen aan het traject, type: single, options: [ja, nee], headline: true }
  - { id: type_zelf, label: Trajecttype volgens de medewerker, type: single, options: [type 1, type 2, type 3, type 4, weet niet], missing: [] }
  - { id: tijd_buiten, label: Uren buiten de contactmomenten, type: number, unit: uur, min: 0, max: 200 }
  - { id: kanalen, label: Kanalen, type: multiple, options: [vloer, overleg, vorming], separator: "|" }
  - { id: opmerking, label: Opmerking, type: text }
constructs:
  - { id: impact, label: Ervaren impact, items: [effect, duurzaam, toepassing], levers: [L6, L7], memoq: [emotionele-ondersteuning, educatieve-ondersteuning] }
  - { id: klimaat, label: Leerklimaat, items: [sfeer, tevreden], levers: [L3], memoq: [welbevinden] }
`;
}

function coachDefinition() {
  return `# Bevraging van de coaches (synthetisch, bench/generate-report-project.mjs).
name: Bevraging coaches
coach: coach
attributes: [werkgever]
missing: ["weet niet"]
scales:
  akkoord5: [${AKKOORD.join(', ')}]
  frequentie4: [nooit, soms, vaak, altijd]
items:
  - { id: resultaten, label: Ziet resultaten van de coaching, type: likert, scale: frequentie4, top: 2, levers: [L7] }
  - { id: types, label: Trajecttypes helpen doelgericht werken, type: likert, scale: akkoord5, levers: [L1] }
  - { id: vloertijd, label: Te weinig tijd om op de vloer te coachen, type: likert, scale: akkoord5, levers: [L2] }
  - { id: uren, label: 53 uur per traject volstaat, type: single, options: [voldoende, onvoldoende, soms wel soms niet] }
`;
}

function projectYaml(o, crmMapping) {
  return `# Synthetisch project voor de rapportbenchmark (bench/generate-report-project.mjs --excerpts ${o.excerpts} --respondents ${o.respondents} --crm-rows ${o.crmRows} --seed ${o.seed}).
name: Rapportbenchmark (synthetisch)
language: nl
codebook: codebook.yaml
frameworks: [levers, memoq]
attributes:
  documents: meta/documenten.csv
sources:
  - path: corpus/transcripts/*.txt
    format: transcript
    coder: A
surveys:
  - path: data/medewerkers.csv
    kind: staff
    definition: bevragingen/medewerkers.yaml
    join: { trajectory: traject }
    delimiter: ";"
    window: ${WINDOW.from}..${WINDOW.to}
  - path: data/coaches.csv
    kind: coach
    definition: bevragingen/coaches.yaml
    join: { coach: coach }
    invited: ${o.coaches}
crm:
  - path: crm/data/crm-contactmomenten.csv
    mapping: ${crmMapping}
    unit: contact
    delimiter: ";"
memoq_scores:
  - path: data/memoq-scores.csv
report:
  suppress_below: 5
`;
}

/** The staff survey: respondents spread over the trajectories that ended in the window. */
function staffSurvey(o, inWindow, rnd) {
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  // Skewed towards agreement, a few "weet niet", as end-of-trajectory surveys answer.
  const shares = [0.04, 0.08, 0.18, 0.42, 0.28];
  const likert = (labels) => {
    if (rnd() < 0.03) return 'weet niet';
    let x = rnd();
    for (let k = 0; k < shares.length; k++) { x -= shares[k]; if (x < 0) return labels[k]; }
    return labels[labels.length - 1];
  };
  const lines = ['respondent;traject;ingevuld_op;werkgever;functie;effect;tevreden;duurzaam;toepassing;sfeer;spel;ouders;motivatie_start;aanpassing;type_zelf;tijd_buiten;kanalen;opmerking'];
  const from = dayOf(WINDOW.from);
  const to = dayOf(WINDOW.to);
  for (let r = 1; r <= o.respondents; r++) {
    const t = inWindow[Math.floor(rnd() * inWindow.length)];
    const filled = Math.min(to, Math.max(from, t.end + Math.floor(rnd() * 14)));
    const typeNo = Number(/\d+/.exec(t.type)?.[0] ?? 2);
    const typeAnswer = rnd() < 0.08 ? 'weet niet' : rnd() < 0.85 && typeNo <= 4 ? `type ${typeNo}` : `type ${1 + Math.floor(rnd() * 4)}`;
    // Remarks include a quoted cell with the delimiter inside and a formula-like text, as real exports do.
    const remark = rnd() < o.openShare ? pick(['Meer tijd op de vloer zou helpen.', '"De coach luisterde echt; ""dank je""."', 'Graag een vervolg, ook voor collega\'s.', '=1+1 (formule als tekst)']) : '';
    lines.push([
      `R${pad(r, 6)}`, t.id, dmy(filled), t.employer, pick(['kinderbegeleider', 'kinderbegeleider', 'verantwoordelijke']),
      likert(AKKOORD), likert(AKKOORD), likert(AKKOORD), likert(AKKOORD), likert(AKKOORD), likert(AKKOORD), likert(AKKOORD), likert(MOTIVATIE),
      pick(['ja', 'nee', 'nee']), typeAnswer, (rnd() * 12).toFixed(1).replace('.', ','),
      pick(['vloer', 'vloer|overleg', 'overleg', 'vloer|vorming', '']), remark,
    ].join(';'));
  }
  return `${lines.join('\n')}\n`;
}

/** Non-empty answers to the open item (last column): hefboom reads them as excerpts, next to the transcripts'. */
function openAnswers(csv) {
  let n = 0;
  for (const line of csv.split('\n').slice(1)) if (line && !line.endsWith(';')) n++;
  return n;
}

/** The coach survey: about nine in ten of the CRM's coaches answer. */
function coachSurvey(o, trajectories, rnd) {
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const employerOf = new Map();
  for (const t of trajectories) if (!employerOf.has(t.coach)) employerOf.set(t.coach, t.employer);
  const coaches = [...employerOf.keys()].sort().slice(0, o.coaches);
  const lines = ['coach;werkgever;resultaten;types;vloertijd;uren'];
  for (const c of coaches) {
    if (rnd() < 0.1) continue;
    lines.push([c, employerOf.get(c), pick(['nooit', 'soms', 'vaak', 'vaak', 'altijd']), pick(AKKOORD), pick(AKKOORD), pick(['voldoende', 'onvoldoende', 'soms wel soms niet'])].join(';'));
  }
  return `${lines.join('\n')}\n`;
}

/** MeMoQ scores (1–4) at begin and end for the first N locations of the CRM, by id. */
function memoqScores(o, trajectories, rnd) {
  const locations = [...new Set(trajectories.map((t) => t.location))].sort().slice(0, o.memoqLocations);
  const lines = ['location,dimension,moment,score'];
  for (const loc of locations) {
    for (const dim of MEMOQ) {
      const begin = 1 + Math.floor(rnd() * 3);
      const end = Math.min(4, begin + (rnd() < 0.45 ? 1 : 0));
      lines.push(`${loc},${dim},begin,${begin}`, `${loc},${dim},eind,${end}`);
    }
  }
  return { text: `${lines.join('\n')}\n`, locations: locations.length };
}

/**
 * The project codebook: the corpus generator's (same 200 ids, levers on the top-level codes, some
 * base codes on MeMoQ dimensions), with every second subcode `thema-NNN` also mapped to a MeMoQ
 * dimension, so each dimension section has a few dozen codes as in a real inductive codebook.
 */
function projectCodebook(corpusDir, codes) {
  const text = readFileSync(join(corpusDir, 'codebook.yaml'), 'utf8');
  let mapped = 0;
  let themes = 0;
  const out = text.replace(/^( +)label: Thema (\d+)$/gm, (line, indent, k) => {
    themes++;
    if (Number(k) % 2) return line;
    mapped++;
    return `${line}\n${indent}memoq: [${MEMOQ[(Number(k) / 2) % MEMOQ.length]}]`;
  });
  // 42 base codes in generate-corpus.mjs; a changed layout there must not go unnoticed here.
  if (themes !== Math.max(0, codes - 42)) fail(`expected ${codes - 42} subcodes "Thema N" in ${join(corpusDir, 'codebook.yaml')}, found ${themes}: has bench/generate-corpus.mjs changed its codebook layout?`);
  return `# Codebook of the report benchmark: bench/generate-corpus.mjs's codebook with MeMoQ mappings added\n# to ${mapped} subcodes (bench/generate-report-project.mjs).\n${out}`;
}

/** Document attributes keyed by the transcript file names (the ids in their front matter). */
function documentAttributes(corpusDir) {
  const forms = ['vzw', 'ocmw', 'bedrijf', 'lokaal bestuur'];
  const regions = ['Antwerpen', 'Gent', 'Limburg', 'Brugge', 'Leuven', 'Brussel'];
  const ids = readdirSync(join(corpusDir, 'transcripts')).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4)).sort();
  const lines = ['document,organisatievorm,regio'];
  for (const id of ids) {
    // The site number (ko12-…) decides both, so a site's documents agree with each other.
    const site = Number(/^ko(\d+)/.exec(id)?.[1] ?? 0);
    lines.push(`${id},${forms[site % forms.length]},${regions[site % regions.length]}`);
  }
  return { text: `${lines.join('\n')}\n`, documents: ids.length };
}

const bytesUnder = (dir) => {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? bytesUnder(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
};

/**
 * Make (or reuse) the project. Returns { dir, params, totals, reused } where totals holds what the
 * report must count: excerpts, documents, codes, respondents, coachRespondents, crmRows, trajectories …
 */
export async function ensureReportProject(options = {}) {
  const o = normalise(options);
  const log = (s) => { if (!o.quiet) process.stderr.write(`${s}\n`); };
  const stampFile = join(o.out, '.params.json');
  const want = paramsOf(o);
  if (existsSync(o.out)) {
    const entries = readdirSync(o.out);
    if (entries.length && !entries.includes('.params.json') && !entries.includes('.generating')) fail(`${o.out} exists and was not made by this generator (no .params.json); choose another --out`);
  }
  let prior = null;
  try { prior = JSON.parse(readFileSync(stampFile, 'utf8')); } catch { /* none yet */ }
  mkdirSync(o.out, { recursive: true });
  // Marks the folder as ours while the parts are made, so a run interrupted in the corpus or CRM step can be resumed.
  writeFileSync(join(o.out, '.generating'), '');

  // The corpus and the CRM keep their own caches (each checks its parameters), so they are always asked.
  const corpusOpts = parseCorpusArgs(['--out', join(o.out, 'corpus'), '--files', String(o.files), '--excerpts', String(o.excerpts), '--codes', String(o.codes), '--seed', String(o.seed), '--double', '0', ...(o.quiet ? ['--quiet'] : [])]);
  corpusOpts.force = o.force;
  const corpus = ensureCorpus(corpusOpts);
  const crm = await ensureCrm({ rows: o.crmRows, out: join(o.out, 'crm'), seed: o.seed, force: o.force });
  log(`${crm.reused ? 'CRM up to date' : 'CRM written'}: ${crm.rows} contact rows, ${crm.trajectories} trajectories`);

  const same = !o.force && corpus.skipped && crm.reused && prior && JSON.stringify(prior.params) === JSON.stringify(want);
  if (same) {
    rmSync(join(o.out, '.generating'), { force: true });
    log(`report project up to date: ${o.out}`);
    return { dir: o.out, params: want, totals: prior.totals, reused: true };
  }

  rmSync(stampFile, { force: true });
  const started = performance.now();
  const trajectories = await readTrajectories(crm.export, crm.trajectories);
  const from = dayOf(WINDOW.from);
  const to = dayOf(WINDOW.to);
  const inWindow = trajectories.filter((t) => Number.isFinite(t.end) && t.end >= from && t.end <= to);
  if (!inWindow.length) fail('no CRM trajectory ends inside the survey window; use more --crm-rows');

  // One PRNG per part, so changing one part's size leaves the others' content unchanged.
  const staff = staffSurvey(o, inWindow, mulberry32(o.seed * 7919 + 1));
  writeAtomic(join(o.out, 'data', 'medewerkers.csv'), staff);
  writeAtomic(join(o.out, 'bevragingen', 'medewerkers.yaml'), staffDefinition());
  const coaches = coachSurvey(o, trajectories, mulberry32(o.seed * 7919 + 2));
  writeAtomic(join(o.out, 'data', 'coaches.csv'), coaches);
  writeAtomic(join(o.out, 'bevragingen', 'coaches.yaml'), coachDefinition());
  const scores = memoqScores(o, trajectories, mulberry32(o.seed * 7919 + 3));
  writeAtomic(join(o.out, 'data', 'memoq-scores.csv'), scores.text);
  const attrs = documentAttributes(join(o.out, 'corpus'));
  writeAtomic(join(o.out, 'meta', 'documenten.csv'), attrs.text);
  writeAtomic(join(o.out, 'codebook.yaml'), projectCodebook(join(o.out, 'corpus'), o.codes));
  writeAtomic(join(o.out, 'hefboom.yaml'), projectYaml(o, 'crm/crm-mapping.yaml'));

  const ct = corpus.params.totals;
  const totals = {
    documents: ct.files,
    excerpts: ct.excerpts,
    codings: ct.codings,
    codes: o.codes,
    transcriptBytes: ct.bytes,
    respondents: o.respondents,
    surveyBytes: Buffer.byteLength(staff),
    openAnswers: openAnswers(staff),
    coachRespondents: coaches.split('\n').length - 2,
    crmRows: crm.rows,
    crmBytes: crm.bytes,
    trajectories: crm.trajectories,
    trajectoriesInWindow: inWindow.length,
    memoqLocations: scores.locations,
    projectBytes: bytesUnder(o.out),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  writeAtomic(stampFile, `${JSON.stringify({ params: want, totals, node: process.version }, null, 2)}\n`);
  rmSync(join(o.out, '.generating'), { force: true });
  log(`report project written: ${o.out}`);
  return { dir: o.out, params: want, totals, reused: false };
}

export function describeTotals(t) {
  const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
  return [
    `transcripts ${t.documents} files, ${t.excerpts} excerpts (one coder), ${t.codings} codings, ${t.codes} codes, ${mb(t.transcriptBytes)}`,
    `staff       ${t.respondents} respondents from ${t.trajectoriesInWindow} trajectories in the window, ${t.openAnswers} open answers, ${mb(t.surveyBytes)}; ${t.coachRespondents} coach respondents`,
    `crm         ${t.crmRows} contact rows, ${t.trajectories} trajectories, ${mb(t.crmBytes)}; MeMoQ scores for ${t.memoqLocations} locations`,
    `on disk     ${mb(t.projectBytes)}`,
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await ensureReportProject(parseArgs(process.argv.slice(2)));
  process.stdout.write(`${r.reused ? 'reused' : 'wrote'} ${r.dir}\n${describeTotals(r.totals).map((l) => `  ${l}`).join('\n')}\n`);
}
