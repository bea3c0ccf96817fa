#!/usr/bin/env node
/**
 * Synthetic corpus for the tally benchmark (foundation issue): a hefboom project with N native
 * transcripts (DESIGN.md §4) holding M coded excerpts in total, about 300 MB of text.
 *
 *   node bench/generate-corpus.mjs [--out DIR] [--files 2000] [--excerpts 1000000] [--seed 1]
 *                                  [--mb 300] [--double 20] [--codes 42] [--force]
 *
 * - Plain Node, no dependencies; deterministic (mulberry32 seeded PRNG): the same parameters always
 *   give byte-identical files.
 * - Writes DIR/hefboom.yaml, DIR/codebook.yaml (42 codes in a hierarchy, mapped to the levers L1–L7
 *   and the MeMoQ dimensions; `--codes N` above 42 adds subcodes `thema-001`… under the top-level
 *   codes, for the co-occurrence benchmark), DIR/transcripts/*.txt (coder A) and DIR/dubbel/*.txt: second-coder
 *   copies (coder B) of the first `--double` documents, same text with partly different tags, so the
 *   double-coding path (text comparison, primary-coder rule) is exercised. The copies do not add
 *   excerpts to a tally: one coder per document is counted.
 * - Every excerpt (paragraph) carries 1–3 code tags; `--excerpts` is the exact number of excerpts of
 *   coder A, spread over the files (the average is excerpts/files, individual files vary ±20 %).
 * - `--mb` is the target size of transcripts/ in MB (10^6 bytes), default 300 bytes per excerpt
 *   (300 MB for 1,000,000 excerpts); paragraph lengths are drawn around a mean that is corrected
 *   after every file so the total lands within a few per cent of the target.
 * - Skips the work when DIR/.params.json records the same parameters (and a hash of this file);
 *   `--force` regenerates. The corpus is built in a temporary sibling folder and renamed into place,
 *   so an interrupted run never leaves a corpus that looks complete.
 */
import { mkdirSync, writeFileSync, readFileSync, existsSync, renameSync, rmSync, readdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { mulberry32 } from './prng.mjs';
import { benchOptions } from './args.mjs';

const GENERATOR_VERSION = 1;
const here = dirname(fileURLToPath(import.meta.url));

// ── arguments ────────────────────────────────────────────────────────────────────────────────
export function parseArgs(argv) {
  const opts = benchOptions(argv, {
    script: 'generate-corpus',
    usage: '[--out DIR] [--files 2000] [--excerpts 1000000] [--seed 1] [--mb 300] [--double 20] [--codes 42] [--force] [--quiet]',
    defaults: { out: join(here, 'out', 'corpus'), files: 2000, excerpts: 1_000_000, seed: 1, mb: undefined, double: 20, codes: CODES_DEFAULT, force: false, quiet: false },
    options: {
      '--out': { key: 'out', type: 'path' }, '--files': { key: 'files', type: 'int', min: 1 }, '--excerpts': { key: 'excerpts', type: 'int', min: 1 },
      '--seed': { key: 'seed', type: 'int' }, '--mb': { key: 'mb', type: 'number', above: 0 }, '--double': { key: 'double', type: 'int' },
      '--codes': { key: 'codes', type: 'int', min: CODES_DEFAULT }, '--force': { key: 'force', type: 'flag' },
      '--quiet': { key: 'quiet', type: 'flag' }, '-q': { key: 'quiet', type: 'flag' },
    },
  });
  if (opts.excerpts < opts.files) fail(`--excerpts (${opts.excerpts}) must be at least --files (${opts.files})`);
  opts.double = Math.min(opts.double, opts.files);
  // Default size: 300 bytes per excerpt on average (300 MB for the 1,000,000 excerpts of the issue).
  opts.mb ??= Math.round((300 * opts.excerpts) / 1e6 * 10) / 10;
  return opts;
}

function fail(msg) {
  process.stderr.write(`generate-corpus: ${msg}\n`);
  process.exit(2);
}


// ── vocabulary ───────────────────────────────────────────────────────────────────────────────
const WORDS = (`de het een en van in op met voor aan bij naar over door uit tot als dat die dit deze
wat hoe waarom wanneer ook nog al wel niet geen soms vaak altijd eerst daarna dan toen nu echt gewoon
eigenlijk zeker misschien vooral samen zelf elkaar iedereen niemand iemand iets alles veel weinig
ik je we ze zij hij jullie wij ons onze mijn haar zijn hun
is zijn was waren heeft hebben had kan kon moet moest wil wilde zou mag mocht doen doet deed zien ziet
zeggen zegt zei vragen vraagt vroeg leren leert leerde tonen toont proberen probeert begeleiden
begeleidt oefenen bespreken bespreekt nadenken overnemen benoemen troosten verschonen spelen kijken
werken wennen durven voelen vertellen uitleggen
kinderen kind peuters baby's ouders mama papa gezinnen cursist cursisten stagiaire mentor mentoren
kinderbegeleider kinderbegeleiders verantwoordelijke team leefgroep opvang kinderopvang school
opleiding leerkracht stage evaluatie feedback reflectie continuïteit kwaliteit visie werkplek
werkplekleren begeleiding taal Nederlands thuistaal uurrooster ratio werkdruk teamvergadering
competenties opdrachten bundel leerdoelen modules activiteit middagmaal slaapmoment overdracht
onthaal welkom vertrouwen veiligheid sfeer gewoonte praktijk voorbeeld houding emoties gevoelens
betrokkenheid welbevinden ondersteuning diversiteit achtergrond materiaal hoek spel buitenspel
één twee drie eerste tweede week weken maand dag dagen jaar moment momenten keer
goed beter moeilijk lastig makkelijk warm veilig rustig druk nieuw oud klein groot jong belangrijk
duidelijk concreet eerlijk open zorgvuldig pedagogisch pedagogische creatief zelfstandig
geïnteresseerd enthousiast bezorgd tevreden zenuwachtig überhaupt café idee ideeën coördinatie
reëel financiële efficiënt coöperatief naïef volgend begrip inspraak afspraak afspraken planning
intervisie coaching observatie observeren inloopperiode startgesprek tussentijdse eindevaluatie`).split(/\s+/).filter(Boolean);

/** Speaker pools; `N` is replaced by a number. All resolve to a built-in role (src/model/roles.ts). */
const SPEAKERS = [
  ['Kinderbegeleider N', 6], ['Verantwoordelijke', 3], ['Mentor N', 4], ['MN', 2], ['Externe mentor', 2],
  ['Cursist N', 5], ['Stagiaire', 2], ['Leerkracht CVO', 1], ['Onderzoeker', 4],
];

const SOURCE_TYPES = [
  ['interview', 5], ['focusgroep', 4], ['groepsinterview', 2], ['verslag-praktijkbezoek', 2],
  ['verslag-observatiebezoek', 1], ['document', 1], ['open-antwoord', 1],
];

// ── codebook ─────────────────────────────────────────────────────────────────────────────────
/**
 * [id, label, parent, levers, memoq, extra] — hierarchy by `parent`; written to YAML below partly
 * nested (children:) and partly flat (parent:), as DESIGN.md §3 allows both.
 */
const CODES = [
  ['visie-werkplekleren', 'Visie op werkplekleren', null, ['L1'], []],
  ['meedraaien', 'Meedraaien als vanzelfsprekende aanpak', 'visie-werkplekleren', [], [], { facet: 'uitdaging', aliases: ['meelopen'] }],
  ['startprofiel', 'Persoonlijk profiel bij de start', 'visie-werkplekleren', [], [], { facet: 'kans' }],
  ['gedeelde-visie', 'Gedeelde, uitgeschreven visie', 'visie-werkplekleren', [], [], { facet: 'kans' }],
  ['leertraject-op-maat', 'Leertraject op maat', 'startprofiel', [], []],
  ['mentorschap', 'Organisatie van mentorschap', null, ['L2'], []],
  ['mentor-matching', 'Koppeling mentor en cursist', 'mentorschap', [], []],
  ['continuiteit-onder-druk', 'Continuïteit onder druk', 'mentorschap', [], [], { facet: 'uitdaging' }],
  ['intervisie-team', 'Werkplekleren bespreken in het team', 'mentorschap', [], [], { facet: 'kans' }],
  ['mentortijd', 'Tijd en ruimte voor mentoren', 'mentorschap', [], [], { facet: 'nood' }],
  ['mentorvorming', 'Vorming voor mentoren', 'mentorschap', [], []],
  ['leerklimaat', 'Warm en veilig leerklimaat', null, ['L3'], []],
  ['inloopperiode', 'Onthaal en inloopperiode', 'leerklimaat', [], [], { facet: 'kans' }],
  ['feedback', 'Feedback geven en krijgen', 'leerklimaat', [], []],
  ['feedback-uitstellen', 'Negatieve feedback uitstellen of vermijden', 'feedback', [], [], { facet: 'uitdaging' }],
  ['fouten-mogen', 'Fouten mogen maken', 'leerklimaat', [], ['welbevinden']],
  ['welzijn-mentor', 'Welzijn van de mentor', 'leerklimaat', [], []],
  ['instroomprofiel', 'Kenmerken van de instroom', null, ['L4'], []],
  ['meertaligheid', 'Meertaligheid en Nederlands als tweede taal', 'instroomprofiel', ['L3'], ['gezinnen-diversiteit']],
  ['rugzak', 'Persoonlijke rugzak', 'instroomprofiel', [], [], { facet: 'uitdaging' }],
  ['selectie-instroom', 'Bewuste keuzes bij de instroom', 'instroomprofiel', [], [], { facet: 'nood' }],
  ['zij-instromers', 'Zij-instromers met werkervaring', 'instroomprofiel', [], []],
  ['samenwerking-opleiding', 'Samenwerking met opleidingen', null, ['L5'], []],
  ['vertaalslag', 'Vertaalslag van opleiding naar werkvloer', 'samenwerking-opleiding', [], [], { facet: 'uitdaging' }],
  ['brugfiguur', 'Externe mentor als brugfiguur', 'samenwerking-opleiding', [], [], { facet: 'kans' }],
  ['stageopdrachten', 'Stageopdrachten van school', 'samenwerking-opleiding', [], []],
  ['driehoeksgesprek', 'Driehoeksgesprek school, werkplek en cursist', 'samenwerking-opleiding', [], [], { facet: 'kans' }],
  ['mentorstrategieen', 'Strategieën van mentoren', null, ['L6'], []],
  ['voordoen', 'Voordoen', 'mentorstrategieen', [], [], { aliases: ['modeling', 'tonen'] }],
  ['duiding-ontbreekt', 'Uitleg zonder waarom', 'voordoen', [], [], { facet: 'uitdaging' }],
  ['reflectie-stimuleren', 'Reflectie stimuleren', 'mentorstrategieen', [], [], { facet: 'kans' }],
  ['gemiste-leerkans', 'Gemiste leerkans', 'mentorstrategieen', [], [], { facet: 'uitdaging' }],
  ['hardop-denken', 'Hardop denken', 'mentorstrategieen', [], ['educatieve-ondersteuning']],
  ['geleidelijk-loslaten', 'Geleidelijk verantwoordelijkheid geven', 'mentorstrategieen', [], []],
  ['pedagogische-kwaliteit', 'Pedagogische kwaliteit die wordt doorgegeven', null, ['L7'], []],
  ['kwaliteit-blinde-vlek', 'Kwaliteit als blinde vlek', 'pedagogische-kwaliteit', [], [], { facet: 'uitdaging' }],
  ['emoties-spiegelen', 'Emoties spiegelen', 'pedagogische-kwaliteit', [], ['emotionele-ondersteuning', 'welbevinden']],
  ['spel-aanbod', 'Spelaanbod en betrokkenheid', 'pedagogische-kwaliteit', [], ['betrokkenheid', 'omgeving']],
  ['taal-stimuleren', 'Taal aanbieden en benoemen', 'pedagogische-kwaliteit', [], ['educatieve-ondersteuning'], { aliases: ['benoemen'] }],
  ['ouders-diversiteit', 'Gezinnen en diversiteit', 'pedagogische-kwaliteit', [], ['gezinnen-diversiteit']],
  ['dagverloop', 'Dagverloop en overgangen', 'pedagogische-kwaliteit', [], ['omgeving']],
  ['voorbeeldfunctie', 'Mentorschap als spiegel en voorbeeld', null, ['L6', 'L7'], [], { facet: 'kans' }],
];
const CODES_DEFAULT = CODES.length;

/** The codebook for `--codes N`: the base codes, then subcodes spread over the top-level codes. */
function codesFor(n) {
  const tops = CODES.filter((c) => c[2] === null);
  const extra = [];
  for (let k = 1; CODES.length + extra.length < n; k++) {
    const id = `thema-${String(k).padStart(3, '0')}`;
    extra.push([id, `Thema ${k}`, tops[(k - 1) % tops.length][0], [], []]);
  }
  return [...CODES, ...extra];
}
const MEMOQ = ['welbevinden', 'betrokkenheid', 'emotionele-ondersteuning', 'educatieve-ondersteuning', 'omgeving', 'gezinnen-diversiteit'];

function yamlList(xs) {
  return `[${xs.join(', ')}]`;
}

function codebookYaml(codes = CODES) {
  // Top-level codes and their direct children nested; deeper levels written flat with `parent:`.
  const byParent = new Map();
  for (const c of codes) {
    const k = c[2] ?? '';
    if (!byParent.has(k)) byParent.set(k, []);
    byParent.get(k).push(c);
  }
  const lines = ['# Synthetic codebook for the hefboom tally benchmark (bench/generate-corpus.mjs).', 'codes:'];
  const emit = (c, indent, withParent) => {
    const [id, label, parent, levers, memoq, extra = {}] = c;
    const p = ' '.repeat(indent);
    lines.push(`${p}- id: ${id}`);
    lines.push(`${p}  label: ${label}`);
    if (withParent && parent) lines.push(`${p}  parent: ${parent}`);
    if (levers.length) lines.push(`${p}  levers: ${yamlList(levers)}`);
    if (memoq.length) lines.push(`${p}  memoq: ${yamlList(memoq)}`);
    if (extra.facet) lines.push(`${p}  facet: ${extra.facet}`);
    if (extra.aliases) lines.push(`${p}  aliases: ${yamlList(extra.aliases)}`);
    return p;
  };
  const flat = [];
  for (const top of byParent.get('')) {
    const p = emit(top, 2, false);
    const kids = byParent.get(top[0]) ?? [];
    if (kids.length) {
      lines.push(`${p}  children:`);
      for (const k of kids) {
        emit(k, 6, false);
        for (const g of byParent.get(k[0]) ?? []) flat.push(g);
      }
    }
  }
  for (const g of flat) emit(g, 2, true);
  return `${lines.join('\n')}\n`;
}

function projectYaml(o) {
  return `# Synthetic benchmark corpus (bench/generate-corpus.mjs --files ${o.files} --excerpts ${o.excerpts} --seed ${o.seed} --mb ${o.mb}).
name: Benchmarkcorpus hefboom
language: nl
codebook: codebook.yaml
frameworks: [levers, memoq]
primary_coder: A
sources:
  - path: transcripts/*.txt
    format: transcript
    coder: A
  - path: dubbel/*.txt
    format: transcript
    coder: B
`;
}

// ── text ─────────────────────────────────────────────────────────────────────────────────────
function weighted(pairs) {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  return (r) => {
    let x = r * total;
    for (const [v, w] of pairs) { x -= w; if (x < 0) return v; }
    return pairs[pairs.length - 1][0];
  };
}

const pickSource = weighted(SOURCE_TYPES);
// Zipf-like weights over the codes so a tally has a realistic spread.
const pickCodeFrom = (codes) => weighted(codes.map((c, i) => [c, 1 / (1 + (i % 13) * 0.35)]));
const pad2 = (n) => String(n).padStart(2, '0');

export function generate(o) {
  const rand = mulberry32(o.seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const pickCode = pickCodeFrom(codesFor(o.codes ?? CODES_DEFAULT));

  // Excerpts per file: the mean, varied ±20 % in pairs so the total stays exact.
  const base = Math.floor(o.excerpts / o.files);
  const per = new Array(o.files).fill(base);
  for (let i = 0; i < o.excerpts % o.files; i++) per[i]++;
  for (let i = 0; i + 1 < o.files; i += 2) {
    const d = Math.floor(rand() * Math.min(per[i], per[i + 1]) * 0.2);
    per[i] += d; per[i + 1] -= d;
  }

  // Mean paragraph text length (label and tags come on top, ~35 bytes) for the target size; the
  // writer corrects it after each file (feedback on the bytes actually written).
  const meanBytes = (o.mb * 1e6) / o.excerpts;
  const meanText = Math.max(40, meanBytes - 38);

  const sentence = () => {
    const n = int(5, 16);
    let s = '';
    for (let i = 0; i < n; i++) {
      let w = WORDS[Math.floor(rand() * WORDS.length)];
      if (i === 0) w = w[0].toUpperCase() + w.slice(1);
      s += (i ? ' ' : '') + w;
      if (i > 0 && i < n - 2 && rand() < 0.06) s += ',';
    }
    const r = rand();
    return s + (r < 0.8 ? '.' : r < 0.93 ? '?' : '!');
  };

  const tagsFor = () => {
    const n = rand() < 0.55 ? 1 : rand() < 0.75 ? 2 : 3;
    const tags = [];
    for (let i = 0; i < n; i++) {
      const c = pickCode(rand());
      let name = c[0];
      if (c[5]?.aliases && rand() < 0.1) name = pick(c[5].aliases);
      if (!tags.includes(name)) tags.push(name);
    }
    const r = rand();
    if (r < 0.03) tags.push(`L${int(1, 7)}`);
    else if (r < 0.05) tags.push(`memoq:${pick(MEMOQ)}`);
    return tags;
  };

  /** A second coder's tags: mostly the same, sometimes one swapped, dropped or added. */
  const recode = (tags) => {
    const t = [...tags];
    const r = rand();
    if (r < 0.2) t[int(0, t.length - 1)] = pickCode(rand())[0];
    else if (r < 0.3 && t.length > 1) t.pop();
    else if (r < 0.4) t.push(pickCode(rand())[0]);
    return [...new Set(t)];
  };

  const files = [];
  const siteCount = 40;
  for (let f = 0; f < o.files; f++) {
    const site = `KO${1 + (f % siteCount)}`;
    const st = pickSource(rand());
    const year = int(1, 3);
    const id = `${site.toLowerCase()}-${st}-${String(f + 1).padStart(4, '0')}`;
    const date = `${2021 + year}-${pad2(int(1, 12))}-${pad2(int(1, 28))}`;
    const isReport = st.startsWith('verslag') || st === 'document';
    const fieldNoteShare = isReport ? 0.6 : st === 'open-antwoord' ? 0.3 : 0.06;
    // The cast of this document: 2–6 speakers with fixed numbers.
    const cast = [];
    const castSize = st === 'interview' ? 2 : int(3, 6);
    const pickSpeaker = weighted(SPEAKERS);
    if (!isReport) cast.push('Onderzoeker');
    while (cast.length < castSize) {
      const s = pickSpeaker(rand()).replace('N', String(int(1, 9)));
      if (!cast.includes(s)) cast.push(s);
    }
    const timestamps = st !== 'document' && st !== 'open-antwoord' && rand() < 0.3;
    const crlf = rand() < 0.05;
    files.push({ id, site, st, year, date, cast, per: per[f], fieldNoteShare, timestamps, crlf, double: f < o.double });
  }
  return { files, rand, int, pick, sentence, tagsFor, recode, meanText };
}

// ── writing ──────────────────────────────────────────────────────────────────────────────────
function writeCorpus(o, dir) {
  const g = generate(o);
  const { rand, int, sentence, tagsFor, recode } = g;
  const bytesPerExcerpt = (o.mb * 1e6) / o.excerpts;
  let meanText = g.meanText;
  mkdirSync(join(dir, 'transcripts'), { recursive: true });
  mkdirSync(join(dir, 'dubbel'), { recursive: true });
  writeFileSync(join(dir, 'hefboom.yaml'), projectYaml(o));
  writeFileSync(join(dir, 'codebook.yaml'), codebookYaml(codesFor(o.codes ?? CODES_DEFAULT)));

  const totals = { files: 0, excerpts: 0, bytes: 0, doubleFiles: 0, doubleExcerpts: 0, doubleBytes: 0, codings: 0, fieldNotes: 0 };
  const started = performance.now();
  let lastReport = started;
  // One reusable output buffer per file; grown when a file needs more.
  let buf = Buffer.allocUnsafe(1 << 20);
  let len = 0;
  let buf2 = Buffer.allocUnsafe(1 << 20);
  let len2 = 0;
  const put = (s, both) => {
    const need = Buffer.byteLength(s);
    if (len + need > buf.length) { const nb = Buffer.allocUnsafe(Math.max(buf.length * 2, len + need)); buf.copy(nb, 0, 0, len); buf = nb; }
    len += buf.write(s, len);
    if (both) {
      if (len2 + need > buf2.length) { const nb = Buffer.allocUnsafe(Math.max(buf2.length * 2, len2 + need)); buf2.copy(nb, 0, 0, len2); buf2 = nb; }
      len2 += buf2.write(s, len2);
    }
  };
  const put2 = (s) => {
    const need = Buffer.byteLength(s);
    if (len2 + need > buf2.length) { const nb = Buffer.allocUnsafe(Math.max(buf2.length * 2, len2 + need)); buf2.copy(nb, 0, 0, len2); buf2 = nb; }
    len2 += buf2.write(s, len2);
  };
  const flush = (path, b, n) => {
    const fd = openSync(path, 'w');
    let off = 0;
    while (off < n) off += writeSync(fd, b, off, n - off);
    closeSync(fd);
  };

  for (const f of g.files) {
    len = 0; len2 = 0;
    const dbl = f.double;
    const nl = f.crlf ? '\r\n' : '\n';
    put(`---${nl}id: ${f.id}${nl}site: ${f.site}${nl}year: ${f.year}${nl}source_type: ${f.st}${nl}date: ${f.date}${nl}---${nl}`, dbl);
    let secs = int(5, 60);
    for (let p = 0; p < f.per; p++) {
      if (p) put(nl, dbl);
      let head = '';
      if (f.timestamps) {
        secs += int(3, 25);
        head += `[${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}] `;
      }
      const fieldNote = rand() < f.fieldNoteShare;
      // The researcher (first in the cast when present) asks; the others get most of the turns.
      const researcher = !fieldNote && f.cast[0] === 'Onderzoeker' && rand() < 0.15;
      if (fieldNote) totals.fieldNotes++;
      else head += `${researcher ? 'Onderzoeker' : f.cast[f.cast[0] === 'Onderzoeker' ? int(1, f.cast.length - 1) : int(0, f.cast.length - 1)]}: `;
      // Paragraph length: mostly around the mean, a few long turns; questions are short.
      const r = rand();
      const target = meanText * (researcher ? 0.2 + rand() * 0.4 : r < 0.9 ? 0.35 + rand() * 1.1 : 1.5 + rand() * 3);
      let text = '';
      let lines = 1;
      while (text.length < target) {
        const s = sentence();
        if (text && lines < 3 && rand() < 0.07) { text += nl; lines++; } else if (text) text += ' ';
        text += s;
      }
      const tags = tagsFor();
      totals.codings += tags.length;
      const ownLine = rand() < 0.02;
      const sep = ownLine ? nl : ' ';
      put(head + text, dbl);
      put(sep + tags.map((t) => `#${t}`).join(' ') + nl, false);
      if (dbl) put2(sep + recode(tags).map((t) => `#${t}`).join(' ') + nl);
    }
    const name = `${f.id}.txt`;
    flush(join(dir, 'transcripts', name), buf, len);
    totals.files++;
    totals.excerpts += f.per;
    totals.bytes += len;
    // Feedback: scale the mean text length by how far the bytes so far are from the target.
    const ratio = (totals.excerpts * bytesPerExcerpt) / totals.bytes;
    meanText = Math.min(g.meanText * 4, Math.max(10, meanText * Math.min(1.25, Math.max(0.8, ratio))));
    if (dbl) {
      flush(join(dir, 'dubbel', name), buf2, len2);
      totals.doubleFiles++;
      totals.doubleExcerpts += f.per;
      totals.doubleBytes += len2;
    }
    const now = performance.now();
    if (!o.quiet && now - lastReport > 2000) {
      lastReport = now;
      process.stderr.write(`  … ${totals.files}/${o.files} files, ${(totals.bytes / 1e6).toFixed(0)} MB\n`);
    }
  }
  totals.seconds = Math.round((performance.now() - started) / 100) / 10;
  return totals;
}

/** Hash of this file: a changed generator regenerates the corpus. */
function generatorHash() {
  return createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);
}

function paramsOf(o) {
  return { generator: GENERATOR_VERSION, source: generatorHash(), files: o.files, excerpts: o.excerpts, seed: o.seed, mb: o.mb, double: o.double, codes: o.codes ?? CODES_DEFAULT };
}

function sameParams(a, b) {
  return Object.keys(b).every((k) => a?.[k] === b[k]);
}

export function readParams(dir) {
  try { return JSON.parse(readFileSync(join(dir, '.params.json'), 'utf8')); } catch { return null; }
}

function printTotals(t, dir, skipped) {
  const mb = (n) => (n / 1e6).toFixed(1);
  process.stdout.write(`${skipped ? 'corpus up to date' : 'corpus written'}: ${dir}
  files     ${t.files} transcripts (coder A) + ${t.doubleFiles} second-coder copies (coder B)
  excerpts  ${t.excerpts} (coder A, every one coded; ${t.codings} codings, ${t.fieldNotes} field notes) + ${t.doubleExcerpts} in copies
  bytes     ${t.bytes} (${mb(t.bytes)} MB) + ${t.doubleBytes} (${mb(t.doubleBytes)} MB) in copies${skipped ? '' : `\n  time      ${t.seconds} s`}
`);
}

export function ensureCorpus(o) {
  const want = paramsOf(o);
  const have = readParams(o.out);
  if (!o.force && have && sameParams(have, want)) {
    if (!o.quiet) printTotals(have.totals, o.out, true);
    return { skipped: true, params: have };
  }
  if (existsSync(o.out)) {
    const entries = readdirSync(o.out);
    const ours = entries.length === 0 || entries.includes('.params.json') || entries.includes('.generating');
    if (!ours) fail(`${o.out} exists and was not made by this generator (no .params.json); choose another --out`);
  }
  const tmp = `${o.out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, '.generating'), '');
  if (!o.quiet) process.stderr.write(`generating ${o.files} files, ${o.excerpts} excerpts, ~${o.mb} MB (seed ${o.seed}) …\n`);
  const totals = writeCorpus(o, tmp);
  rmSync(join(tmp, '.generating'));
  const params = { ...want, totals, node: process.version };
  writeFileSync(join(tmp, '.params.json'), `${JSON.stringify(params, null, 2)}\n`);
  rmSync(o.out, { recursive: true, force: true });
  mkdirSync(dirname(o.out), { recursive: true });
  renameSync(tmp, o.out);
  if (!o.quiet) printTotals(totals, o.out, false);
  return { skipped: false, params };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureCorpus(parseArgs(process.argv.slice(2)));
}
