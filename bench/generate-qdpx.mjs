#!/usr/bin/env node
/**
 * Synthetic REFI-QDA projects (.qdpx) for the import benchmark (bench/qdpx-bench.mjs).
 *
 *   node bench/generate-qdpx.mjs [--out DIR] [--seed 1] [--force]      (after npm run build)
 *
 * Two projects, deterministic (mulberry32 seeded PRNG: same seed, byte-identical archives):
 * - large.qdpx: 50 text documents of Dutch-like interview text (paragraphs separated by blank lines,
 *   40–80 kB each, accented letters and a few emoji, so code points ≠ UTF-16 units), 1,000 codes in
 *   a 3-level hierarchy (10 × 9 × 10 + the 90 middle and 10 top codes), 100,000 codings on
 *   selections aligned to word boundaries (about 12 % of the selections carry 2 codings), 2 coders.
 * - maxqda-1000.qdpx: a MAXQDA 24 style project (upper-case GUIDs, one-space indentation, colours and
 *   descriptions on every code, modifyingUser/modifiedDateTime, document sets) with 10 documents and
 *   1,000 codings: the project that crashes QualCoder (#1027).
 *
 * The project.qde is written here as XML text (QDA-XML 1.0, Project.xsd of March 2019: Users,
 * CodeBook/Codes nested, Sources/TextSource with plainTextPath internal://GUID.txt, PlainTextSelection
 * with startPosition/endPosition in Unicode code points, Coding/CodeRef, Sets), independently of
 * hefboom's own writer, and packed with hefboom's deterministic zipToBuffer (dist/io/qda/zip.js).
 *
 * DIR defaults to <os.tmpdir()>/hefboom-qdpx-bench. DIR/params.json records the parameters and a hash
 * of this file; the archives are only rebuilt when those change (or with --force).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mulberry32 } from './prng.mjs';
import { benchOptions } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const GENERATOR_VERSION = 1;

export const DEFAULT_OUT = join(tmpdir(), 'hefboom-qdpx-bench');

/** The two projects of the benchmark, with the figures an import must report. */
export const PROJECTS = {
  large: { file: 'large.qdpx', documents: 50, codings: 100_000, codes: 1000, minBytes: 40_000, maxBytes: 80_000, coders: 2, style: 'qualcoder' },
  'maxqda-1000': { file: 'maxqda-1000.qdpx', documents: 10, codings: 1000, codes: 48, minBytes: 25_000, maxBytes: 45_000, coders: 1, style: 'maxqda' },
};


function makeRandom(seed) {
  const r = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)); // inclusive
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const hex = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
    return s;
  };
  // RFC 4122 version-4 layout from the seeded stream.
  const guid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`;
  return { r, int, pick, guid };
}

// ── text ─────────────────────────────────────────────────────────────────────────────────────
const FUNCTION_WORDS = ('de het een en van ik je we ze dat die is niet op in met voor maar ook er nog wel dan als zo wat heel echt ' +
  'gewoon eigenlijk dus want omdat bij naar om aan te zijn hebben kunnen moeten worden gaan doen zien weten zeggen denken ' +
  'vinden krijgen maken komen hier daar toen nu altijd soms vaak samen elke ons onze hun').split(' ');
const CONTENT_WORDS = ('kinderbegeleider opvang kinderopvang leren werkplek team coach ouders kinderen reflectie feedback overleg ' +
  'pedagogisch ideeën coördinator één financiële België crèche café naïef reünie geïnteresseerd creëren privé enquête ' +
  'überhaupt begeleiding verantwoordelijke peuters baby’s groep leefgroep vergadering opleiding vorming intervisie ' +
  'observatie dagboek verslag mentor stagiair collega directie beleid kwaliteit welbevinden betrokkenheid zorg ' +
  'verzorging spel buitenspelen maaltijd middagdutje wenmoment afscheid taal meertaligheid diversiteit inclusie ' +
  'ervaring vertrouwen autonomie taakvariatie uitdaging ondersteuning erkenning waardering werkdruk planning rooster ' +
  'afspraak oudercontact gesprek overdracht dossier project actieonderzoek hefboom dimensie praktijk visie missie ' +
  'motivatie competentie groei vaardigheid observeren luisteren vertellen uitproberen aanpassen bespreken delen ' +
  'coachen begeleiden ondersteunen organiseren evalueren noteren herhalen volgen leidinggevende kwaliteitscoach ' +
  'zeeën geëvalueerd gecoördineerd financiën reële idee cliënt Gent Antwerpen Brugge Leuven Hasselt Kortrijk ' +
  'Mechelen Genk Aalst Sint-Niklaas opvanglocatie speelhoek knutselen voorlezen liedjes zindelijkheid').split(' ');
const SPEAKERS = ['Onderzoeker', 'Begeleider', 'Verantwoordelijke', 'Coach'];
const EMOJI = ['😊', '👍', '🎉', '🧸', '👶🏽', '🙂', '❤️'];
const FILLERS = ['hè', 'euh', 'ja', 'nee', 'oké', 'allee', 'zeker'];

/**
 * One document: text with paragraphs separated by blank lines, and the code-point start/end of every
 * word (so selections can be aligned to word boundaries) and of every paragraph body.
 */
function makeText(rnd, targetBytes) {
  const parts = [];
  const wordStart = [];
  const wordEnd = [];
  const paragraphs = []; // [firstWord, lastWord]
  let cp = 0; // code points written so far
  let bytes = 0;
  const put = (s) => {
    parts.push(s);
    // Every piece is either ASCII-only or short, so counting per piece stays cheap.
    let n = 0;
    for (const _ of s) n++;
    cp += n;
    bytes += Buffer.byteLength(s, 'utf8');
  };
  const word = (w) => {
    wordStart.push(cp);
    put(w);
    wordEnd.push(cp);
  };
  let first = true;
  while (bytes < targetBytes) {
    if (!first) put('\n\n');
    first = false;
    const firstWord = wordStart.length;
    if (rnd.r() < 0.7) put(`${rnd.pick(SPEAKERS)}: `);
    const sentences = rnd.int(2, 8);
    for (let s = 0; s < sentences; s++) {
      if (s) put(' ');
      const n = rnd.int(5, 20);
      for (let i = 0; i < n; i++) {
        if (i) put(i > 3 && rnd.r() < 0.06 ? ', ' : ' ');
        let w = rnd.r() < 0.55 ? rnd.pick(FUNCTION_WORDS) : rnd.r() < 0.97 ? rnd.pick(CONTENT_WORDS) : rnd.pick(FILLERS);
        if (i === 0) w = w[0].toUpperCase() + w.slice(1);
        word(w);
      }
      put(rnd.r() < 0.15 ? '?' : '.');
      if (rnd.r() < 0.012) { put(' '); word(rnd.pick(EMOJI)); }
    }
    paragraphs.push([firstWord, wordStart.length - 1]);
  }
  put('\n');
  return { text: parts.join(''), wordStart, wordEnd, paragraphs, codePoints: cp };
}

// ── XML ──────────────────────────────────────────────────────────────────────────────────────
const escAttr = (s) => s.replace(/[&<>"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' }[c]));
const escText = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]));
const attrs = (pairs) => pairs.filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${escAttr(String(v))}"`).join('');

/** xsd:dateTime, deterministic: a fixed start plus `minutes`. */
const dateTime = (minutes) => new Date(Date.UTC(2024, 8, 2, 8, 0, 0) + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const TOP_THEMES = ['Werkplekleren', 'Taakvariatie', 'Autonomie', 'Feedback', 'Reflectie', 'Samenwerking', 'Leiderschap',
  'Ouderbetrokkenheid', 'Welbevinden', 'Organisatie'];
const MID_THEMES = ['in de leefgroep', 'tijdens overleg', 'bij de overdracht', 'met ouders', 'met collega’s', 'door de coach',
  'in opleiding', 'bij wenmomenten', 'rond diversiteit'];
const LEAF_THEMES = ['voorbeeld', 'obstakel', 'gevolg', 'hulpbron', 'vraag', 'idee', 'emotie', 'afspraak', 'twijfel', 'succes'];

/** Codes of the large project: 10 top codes, 9 middle codes under each, 10 leaves under each middle code. */
function largeCodes(rnd) {
  const codes = []; // { guid, name, parent, color, description, depth }
  for (let t = 0; t < 10; t++) {
    const top = { guid: rnd.guid(), name: `${t + 1} ${TOP_THEMES[t]}`, color: `#${(0x204060 + t * 0x0f1a23).toString(16).slice(-6)}`, depth: 0, children: [],
      description: `Hoofdthema ${TOP_THEMES[t].toLowerCase()} (synthetisch codeboek).` };
    codes.push(top);
    for (let m = 0; m < 9; m++) {
      const mid = { guid: rnd.guid(), name: `${t + 1}.${m + 1} ${TOP_THEMES[t]} ${MID_THEMES[m]}`, depth: 1, children: [] };
      top.children.push(mid);
      codes.push(mid);
      for (let l = 0; l < 10; l++) {
        const leaf = { guid: rnd.guid(), name: `${t + 1}.${m + 1}.${l + 1} ${LEAF_THEMES[l]}`, depth: 2, children: [] };
        mid.children.push(leaf);
        codes.push(leaf);
      }
    }
  }
  return codes;
}

const MAXQDA_TOP = ['Leerkansen', 'Obstakels', 'Ondersteuning', 'Resultaten', 'Context', 'Methodologie'];
const MAXQDA_SUB = ['in de praktijk', 'in het team', 'via de coach', 'bij ouders', 'in beleid', 'in opleiding', 'bij kinderen'];

/** Codes of the MAXQDA project: 6 top codes with 7 subcodes each (48), colour and description on all. */
function maxqdaCodes(rnd) {
  const colors = ['#ef8256', '#5fb0e6', '#84c06d', '#f6c85f', '#b47cc7', '#9e9e9e'];
  const codes = [];
  MAXQDA_TOP.forEach((name, t) => {
    const top = { guid: rnd.guid().toUpperCase(), name, color: colors[t], depth: 0, children: [],
      description: `Bovenliggende categorie "${name}": pas alleen de subcodes toe.` };
    codes.push(top);
    for (const sub of MAXQDA_SUB) {
      const c = { guid: rnd.guid().toUpperCase(), name: `${name} ${sub}`, color: colors[t], depth: 1, children: [],
        description: `Gebruik deze code wanneer ${name.toLowerCase()} ${sub} ter sprake komen.` };
      top.children.push(c);
      codes.push(c);
    }
  });
  return codes;
}

/** Split `total` over weights (largest remainder), every share ≥ 1 when total allows. */
function apportion(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k][1]]++;
  return out;
}

/**
 * Build one project: { zip entries, expected figures }. `spec` is one of PROJECTS.
 */
function buildProject(spec, seed) {
  const rnd = makeRandom(seed);
  const maxqda = spec.style === 'maxqda';
  const g = () => (maxqda ? rnd.guid().toUpperCase() : rnd.guid());
  const users = maxqda
    ? [{ guid: g(), name: 'johnb' }]
    : [{ guid: g(), name: 'An', id: 'AN' }, { guid: g(), name: 'Bram', id: 'BR' }];
  const codes = maxqda ? maxqdaCodes(rnd) : largeCodes(rnd);
  if (codes.length !== spec.codes) throw new Error(`internal: ${codes.length} codes, expected ${spec.codes}`);
  // Codings go to leaves mostly (skewed: some codes are used far more than others), some to middle codes.
  const leaves = codes.filter((c) => c.children.length === 0);
  const middles = codes.filter((c) => c.depth === 1 && c.children.length);
  const pickCode = () => {
    const pool = middles.length && rnd.r() < 0.1 ? middles : leaves;
    return pool[Math.floor(Math.pow(rnd.r(), 1.6) * pool.length)];
  };

  // Texts.
  const docs = [];
  for (let d = 0; d < spec.documents; d++) {
    const target = rnd.int(spec.minBytes, spec.maxBytes);
    const t = makeText(rnd, target);
    const site = CONTENT_WORDS.slice(CONTENT_WORDS.indexOf('Gent'), CONTENT_WORDS.indexOf('Sint-Niklaas') + 1);
    const name = maxqda ? `Interview ${String(d + 1).padStart(2, '0')} ${site[d % site.length]}` : `Interview ${String(d + 1).padStart(2, '0')} – kinderopvang ${site[d % site.length]}`;
    docs.push({ guid: g(), name, ...t, user: users[d % users.length] });
  }
  const perDoc = apportion(spec.codings, docs.map((x) => x.codePoints));

  // Selections: word-aligned spans, mostly a few words to a few sentences, some whole paragraphs,
  // a few across a paragraph break; ~12 % carry two codings (in the large project often by the other coder).
  let minute = 0;
  let doubled = 0;
  let selectionsTotal = 0;
  for (const [i, doc] of docs.entries()) {
    const sels = [];
    let left = perDoc[i];
    const nWords = doc.wordStart.length;
    while (left > 0) {
      let a;
      let b;
      const kind = rnd.r();
      if (kind < 0.1) {
        const [p, q] = doc.paragraphs[rnd.int(0, doc.paragraphs.length - 1)];
        a = p; b = q;
      } else {
        a = rnd.int(0, nWords - 1);
        const len = kind < 0.13 ? rnd.int(40, 160) : 1 + Math.floor(Math.pow(rnd.r(), 2) * 45);
        b = Math.min(nWords - 1, a + len - 1);
      }
      const start = doc.wordStart[a];
      const end = doc.wordEnd[b];
      const user = spec.coders > 1 ? users[rnd.r() < 0.6 ? 0 : 1] : users[0];
      minute += rnd.int(1, 3);
      const first = pickCode();
      const codings = [{ guid: g(), code: first, user, at: minute }];
      if (left >= 2 && rnd.r() < 0.12) {
        let second = pickCode();
        while (second === first) second = pickCode();
        const other = spec.coders > 1 && rnd.r() < 0.4 ? users[users[0] === user ? 1 : 0] : user;
        codings.push({ guid: g(), code: second, user: other, at: minute + 1 });
        doubled++;
      }
      left -= codings.length;
      sels.push({ guid: g(), start, end, a, b, user, at: minute, codings });
    }
    doc.selections = sels;
    selectionsTotal += sels.length;
  }

  // project.qde
  const ind = maxqda ? (n) => ' '.repeat(n) : (n) => '  '.repeat(n);
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  const origin = maxqda ? 'MAXQDA 24' : 'QualCoder 3.6';
  const projectName = maxqda ? '2025-06-16_Kinderopvang_Themes_ALL_just10' : 'Werkplekleren kinderopvang (synthetisch)';
  out.push(maxqda
    ? `<Project${attrs([['xsi:schemaLocation', 'urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd'], ['xmlns:xsi', 'http://www.w3.org/2001/XMLSchema-instance'], ['xmlns', 'urn:QDA-XML:project:1.0'], ['origin', origin], ['name', projectName], ['modifiedDateTime', dateTime(minute + 60)]])}>`
    : `<Project${attrs([['xmlns', 'urn:QDA-XML:project:1.0'], ['xmlns:xsi', 'http://www.w3.org/2001/XMLSchema-instance'], ['xsi:schemaLocation', 'urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd'], ['name', projectName], ['origin', origin], ['creatingUserGUID', users[0].guid], ['creationDateTime', dateTime(0)]])}>`);
  out.push(`${ind(1)}<Users>`);
  for (const u of users) out.push(`${ind(2)}<User${attrs([['guid', u.guid], ['name', u.name], ['id', u.id]])}/>`);
  out.push(`${ind(1)}</Users>`);
  out.push(`${ind(1)}<CodeBook>`, `${ind(2)}<Codes>`);
  const writeCode = (c, depth) => {
    const a = maxqda
      ? attrs([['color', c.color], ['guid', c.guid], ['name', c.name], ['isCodable', 'true']])
      : attrs([['guid', c.guid], ['name', c.name], ['isCodable', 'true'], ['color', c.color]]);
    if (!c.description && !c.children.length) { out.push(`${ind(depth)}<Code${a}/>`); return; }
    out.push(`${ind(depth)}<Code${a}>`);
    if (c.description) out.push(`${ind(depth + 1)}<Description>${escText(c.description)}</Description>`);
    for (const k of c.children) writeCode(k, depth + 1);
    out.push(`${ind(depth)}</Code>`);
  };
  for (const c of codes.filter((x) => x.depth === 0)) writeCode(c, 3);
  out.push(`${ind(2)}</Codes>`, `${ind(1)}</CodeBook>`);
  out.push(`${ind(1)}<Sources>`);
  for (const doc of docs) {
    const sa = maxqda
      ? attrs([['modifyingUser', doc.user.guid], ['guid', doc.guid], ['creatingUser', doc.user.guid], ['creationDateTime', dateTime(-1000)], ['name', doc.name], ['plainTextPath', `internal://${doc.guid}.txt`], ['modifiedDateTime', dateTime(-1000)]])
      : attrs([['guid', doc.guid], ['name', doc.name], ['plainTextPath', `internal://${doc.guid}.txt`], ['creatingUser', doc.user.guid], ['creationDateTime', dateTime(-1000)]]);
    out.push(`${ind(2)}<TextSource${sa}>`);
    const cps = Array.from(doc.text); // selection names: the start of the quote, as exporters write them
    for (const s of doc.selections) {
      const name = cps.slice(s.start, Math.min(s.end, s.start + 40)).join('');
      const sel = maxqda
        ? attrs([['modifyingUser', s.user.guid], ['guid', s.guid], ['creatingUser', s.user.guid], ['creationDateTime', dateTime(s.at)], ['name', name], ['startPosition', s.start], ['endPosition', s.end], ['modifiedDateTime', dateTime(s.at)]])
        : attrs([['guid', s.guid], ['name', name], ['startPosition', s.start], ['endPosition', s.end], ['creatingUser', s.user.guid], ['creationDateTime', dateTime(s.at)]]);
      out.push(`${ind(3)}<PlainTextSelection${sel}>`);
      for (const c of s.codings) {
        out.push(`${ind(4)}<Coding${attrs([['guid', c.guid], ['creatingUser', c.user.guid], ['creationDateTime', dateTime(c.at)]])}>`);
        out.push(`${ind(5)}<CodeRef${attrs([['targetGUID', c.code.guid]])}/>`);
        out.push(`${ind(4)}</Coding>`);
      }
      out.push(`${ind(3)}</PlainTextSelection>`);
    }
    out.push(`${ind(2)}</TextSource>`);
  }
  out.push(`${ind(1)}</Sources>`);
  if (maxqda) {
    // MAXQDA exports its document groups as sets.
    out.push(`${ind(1)}<Sets>`);
    for (const [k, label] of ['Kinderopvang 2024', 'Kinderopvang 2025'].entries()) {
      out.push(`${ind(2)}<Set${attrs([['guid', g()], ['name', label]])}>`);
      for (const doc of docs.filter((_, i) => i % 2 === k)) out.push(`${ind(3)}<MemberSource${attrs([['targetGUID', doc.guid]])}/>`);
      out.push(`${ind(2)}</Set>`);
    }
    out.push(`${ind(1)}</Sets>`);
  }
  out.push('</Project>', '');
  const qde = out.join('\n');

  const files = [{ name: 'project.qde', data: qde }];
  for (const doc of docs) files.push({ name: `sources/${doc.guid}.txt`, data: doc.text });
  return {
    files,
    expected: {
      origin, documents: docs.length, codes: codes.length, references: spec.codings, selections: selectionsTotal, doubleCoded: doubled,
      coders: users.map((u) => u.name), textBytes: docs.reduce((n, x) => n + Buffer.byteLength(x.text, 'utf8'), 0), qdeBytes: Buffer.byteLength(qde, 'utf8'),
    },
  };
}

function fileHash() {
  return createHash('sha1').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 12);
}

/**
 * Make sure both archives exist in `out` for `seed`; returns { out, projects: { name: { path, expected } } }.
 * `zipToBuffer` comes from the built project (dist/).
 */
export async function ensureQdpx({ out = DEFAULT_OUT, seed = 1, force = false, quiet = false } = {}) {
  const params = { version: GENERATOR_VERSION, hash: fileHash(), seed, projects: PROJECTS };
  const paramsFile = join(out, 'params.json');
  if (!force && existsSync(paramsFile)) {
    try {
      const old = JSON.parse(readFileSync(paramsFile, 'utf8'));
      if (JSON.stringify(old.params) === JSON.stringify(params) && Object.values(old.projects).every((p) => existsSync(p.path))) return { out, projects: old.projects, reused: true };
    } catch { /* regenerate */ }
  }
  const zipJs = join(root, 'dist', 'io', 'qda', 'zip.js');
  if (!existsSync(zipJs)) throw new Error('dist/io/qda/zip.js is missing: run `npm run build` first');
  const { zipToBuffer } = await import(pathToFileURL(zipJs).href);
  mkdirSync(out, { recursive: true });
  const projects = {};
  let k = 0;
  for (const [name, spec] of Object.entries(PROJECTS)) {
    const t0 = performance.now();
    const built = buildProject(spec, seed * 1000 + ++k);
    const buf = await zipToBuffer(built.files);
    const path = join(out, spec.file);
    writeFileSync(`${path}.tmp`, buf);
    renameSync(`${path}.tmp`, path);
    projects[name] = { path, bytes: buf.length, expected: built.expected };
    if (!quiet) process.stderr.write(`generate-qdpx: ${path} (${(buf.length / 1e6).toFixed(1)} MB zipped, .qde ${(built.expected.qdeBytes / 1e6).toFixed(1)} MB, texts ${(built.expected.textBytes / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  writeFileSync(paramsFile, `${JSON.stringify({ params, projects }, null, 2)}\n`);
  return { out, projects, reused: false };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const o = benchOptions(process.argv.slice(2), {
    script: 'generate-qdpx',
    usage: '[--out DIR] [--seed 1] [--force]',
    defaults: { out: DEFAULT_OUT, seed: 1, force: false },
    options: { '--out': { key: 'out', type: 'path' }, '--seed': { key: 'seed', type: 'int' }, '--force': { key: 'force', type: 'flag' } },
  });
  ensureQdpx(o).then((r) => {
    for (const [name, p] of Object.entries(r.projects)) process.stdout.write(`${name}\t${p.path}\t${JSON.stringify(p.expected)}\n`);
  }).catch((e) => { process.stderr.write(`generate-qdpx: ${e?.stack ?? e}\n`); process.exit(2); });
}
