#!/usr/bin/env node
/**
 * .docx reading benchmark (issue 10): 500 Word transcripts of about 20 pages (~10,000 words, 200
 * paragraphs, 20 comments by two authors) must be read — readDocxContent + wordDocuments, the work
 * `hefboom tally` does per .docx source — within 20 s.
 *
 *   npm run build && node bench/docx-bench.mjs [--files 500] [--words 10000] [--dir DIR] [--seed 1]
 *                                            [--budget-seconds 20] [--regenerate]
 *
 * The documents are generated once into DIR (default <os.tmpdir()>/hefboom-docx-bench), seeded, and
 * reused while the parameters match. They look like Word's own output: runs split by revision ids
 * with font properties, bold speaker labels followed by a tab on half of the turns, proofing marks,
 * comments with replies, styles.xml with headings. A hefboom.yaml and codebook.yaml are written next
 * to them, and `hefboom tally -p DIR --by code --format json` is timed as a user runs it (spawn to exit,
 * peak RSS; start-up, every document and the tally included); the output must count every paragraph
 * of every document. Exit 0 within budget, 1 over budget or wrong, 2 when the bench cannot run.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';
import { mulberry32 } from './prng.mjs';
import { measureRun } from './proc.mjs';
import { benchOptions } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

function fail(msg, code = 2) {
  process.stderr.write(`docx-bench: ${msg}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  return benchOptions(argv, {
    script: 'docx-bench',
    usage: '[--files 500] [--words 10000] [--dir DIR] [--seed 1] [--budget-seconds 20] [--regenerate]',
    defaults: { files: 500, words: 10_000, dir: join(tmpdir(), 'hefboom-docx-bench'), seed: 1, budgetSeconds: 20, regenerate: false },
    options: {
      '--files': { key: 'files', type: 'int', min: 1 }, '--words': { key: 'words', type: 'int', min: 1 }, '--seed': { key: 'seed', type: 'int' },
      '--budget-seconds': { key: 'budgetSeconds', type: 'number' }, '--dir': { key: 'dir', type: 'path' }, '--regenerate': { key: 'regenerate', type: 'flag' },
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Generation

const WORDS = ('we doen het eerst voor en daarna mag ze het zelf proberen de kinderen slapen dan al feedback geven ' +
  'gebeurt meestal achteraf in het startgesprek vragen we wat ze al kan reflectie op de dag samen met de mentor ' +
  'tijdens het middagmaal benoemt ze wat er op tafel komt een vaste leefgroep geeft rust aan de baby\'s ' +
  'de opleiding vraagt een verslag van elke week soms vergeet ik uit te leggen waarom').split(' ');
const SPEAKERS = ['Mentor 2', 'Cursist 1', 'Verantwoordelijke', 'Kinderbegeleider 3', 'Onderzoeker'];
const CODES = ['voordoen', 'reflectie', 'Feedback geven en krijgen', 'startgesprek', 'leerdoelen', 'modeling'];
const NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14 w15"';
const RPR = '<w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="nl-BE"/></w:rPr>';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function makeDocx(rand, words) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const hex = () => Math.floor(rand() * 0x7fffffff).toString(16).toUpperCase().padStart(8, '0');
  const paras = [];
  const comments = [];
  const ext = [];
  const paragraphs = Math.max(1, Math.round(words / 50));
  const commentEvery = Math.max(1, Math.floor(paragraphs / 20));
  for (let p = 0; p < paragraphs; p++) {
    const speaker = pick(SPEAKERS);
    const bold = rand() < 0.5;
    let xml = `<w:p w14:paraId="${hex()}" w14:textId="77777777" w:rsidR="00A1${hex().slice(0, 4)}" w:rsidRDefault="00B2C3D4"><w:pPr><w:spacing w:after="120"/></w:pPr>`;
    xml += bold
      ? `<w:r w:rsidRPr="00E5F6A7"><w:rPr><w:b/><w:bCs/><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/></w:rPr><w:t>${speaker}</w:t></w:r><w:r><w:tab/></w:r>`
      : `<w:r${''}>${RPR}<w:t xml:space="preserve">${speaker}: </w:t></w:r>`;
    const runs = 3 + Math.floor(rand() * 4);
    const comment = p % commentEvery === 0 ? comments.length : -1;
    for (let r = 0; r < runs; r++) {
      const n = Math.round(50 / runs);
      const text = Array.from({ length: n }, () => pick(WORDS)).join(' ') + (r === runs - 1 ? '.' : ' ');
      if (r === 1 && comment >= 0) xml += `<w:commentRangeStart w:id="${comment}"/>`;
      if (r === 2 && rand() < 0.3) xml += '<w:proofErr w:type="spellStart"/>';
      xml += `<w:r w:rsidR="00${hex().slice(0, 6)}">${RPR}<w:t xml:space="preserve">${text}</w:t></w:r>`;
      if (r === 2 && comment >= 0) xml += `<w:commentRangeEnd w:id="${comment}"/><w:r><w:rPr><w:rStyle w:val="Verwijzingopmerking"/></w:rPr><w:commentReference w:id="${comment}"/></w:r>`;
    }
    paras.push(`${xml}</w:p>`);
    if (comment >= 0) {
      const author = rand() < 0.5 ? 'Annelies' : 'Bert';
      const pid = hex();
      const codes = rand() < 0.3 ? `${pick(CODES)}; ${pick(CODES)}` : pick(CODES);
      comments.push(`<w:comment w:id="${comment}" w:author="${author}" w:date="2024-03-14T10:00:00Z" w:initials="${author[0]}"><w:p w14:paraId="${pid}"><w:r><w:annotationRef/></w:r><w:r><w:t>${codes}</w:t></w:r></w:p></w:comment>`);
      ext.push(`<w15:commentEx w15:paraId="${pid}" w15:done="0"/>`);
    }
  }
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${NS}><w:body>${paras.join('')}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;
  const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles ${NS}><w:style w:type="paragraph" w:default="1" w:styleId="Standaard"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style></w:styles>`;
  const files = [
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'],
    ['_rels/.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`],
    ['word/document.xml', document],
    ['word/_rels/document.xml.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="${REL}/comments" Target="comments.xml"/><Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>`],
    ['word/styles.xml', styles],
    ['word/comments.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments ${NS}>${comments.join('')}</w:comments>`],
    ['word/commentsExtended.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w15:commentsEx ${NS}>${ext.join('')}</w15:commentsEx>`],
  ];
  const zip = new yazl.ZipFile();
  const mtime = new Date(2000, 0, 1);
  for (const [name, data] of files) zip.addBuffer(Buffer.from(data, 'utf8'), name, { mtime, compress: true, forceDosTimestamp: true });
  return new Promise((res, rej) => {
    const chunks = [];
    zip.outputStream.on('data', (c) => chunks.push(c));
    zip.outputStream.on('error', rej);
    zip.outputStream.on('end', () => res({ buffer: Buffer.concat(chunks), paragraphs, xmlBytes: Buffer.byteLength(document) }));
    zip.end();
  });
}

async function ensureCorpus(o) {
  const stamp = JSON.stringify({ files: o.files, words: o.words, seed: o.seed, v: 1 });
  const stampFile = join(o.dir, 'params.json');
  if (!o.regenerate && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return JSON.parse(readFileSync(join(o.dir, 'meta.json'), 'utf8'));
  rmSync(o.dir, { recursive: true, force: true });
  mkdirSync(o.dir, { recursive: true });
  const rand = mulberry32(o.seed);
  let xmlBytes = 0;
  let paragraphs = 0;
  const t0 = performance.now();
  for (let i = 0; i < o.files; i++) {
    const d = await makeDocx(rand, o.words);
    writeFileSync(join(o.dir, `gesprek-${String(i + 1).padStart(4, '0')}.docx`), d.buffer);
    xmlBytes += d.xmlBytes;
    paragraphs = d.paragraphs;
  }
  const meta = { paragraphs, xmlBytes };
  writeFileSync(join(o.dir, 'meta.json'), JSON.stringify(meta));
  writeFileSync(stampFile, stamp);
  process.stderr.write(`docx-bench: generated ${o.files} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s into ${o.dir}\n`);
  return meta;
}

// ---------------------------------------------------------------------------------------------
// Measurement

const o = parseArgs(process.argv.slice(2));
if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) fail('dist/ is missing: run `npm run build` first');
const meta = await ensureCorpus(o);
const files = readdirSync(o.dir).filter((f) => f.endsWith('.docx')).sort();
if (files.length !== o.files) fail(`expected ${o.files} documents in ${o.dir}, found ${files.length}; use --regenerate`);

// A project over the documents, as a user sets one up: the codes the comments use, one docx source.
writeFileSync(join(o.dir, 'codebook.yaml'), [
  'codes:',
  '  - { id: voordoen, label: Voordoen (modeling), aliases: [modeling], levers: [L6] }',
  '  - { id: reflectie, label: Reflectie, levers: [L6] }',
  '  - { id: feedback, label: Feedback geven en krijgen, levers: [L3] }',
  '  - { id: startgesprek, label: Startgesprek, levers: [L1] }',
  '  - { id: leerdoelen, label: Leerdoelen, levers: [L1] }',
  '',
].join('\n'));
writeFileSync(join(o.dir, 'hefboom.yaml'), 'name: docx-bench\ncodebook: codebook.yaml\nsources:\n  - { path: "*.docx", format: docx }\n');

// `hefboom tally` reads every document (every version per comment author) and counts the excerpts.
const r = measureRun([join(root, 'bin', 'hefboom.js'), 'tally', '-p', o.dir, '--by', 'code', '--format', 'json', '-q']);
if (r.status !== 0) fail(`hefboom tally failed:\n${r.stderr.slice(0, 2000)}`, 1);
const out = JSON.parse(r.stdout);
const mb = (meta.xmlBytes / 1e6).toFixed(0);
process.stdout.write(`docx-bench: ${files.length} documents (${meta.paragraphs} paragraphs, ~${o.words} words each; ${mb} MB of document.xml): `
  + `hefboom tally ${r.seconds.toFixed(2)} s, peak ${r.peakMb.toFixed(0)} MB (budget ${o.budgetSeconds} s)\n`);
if (out.denominator.total !== files.length * meta.paragraphs) {
  process.stdout.write(`docx-bench: FAIL — ${out.denominator.total} excerpts counted, ${files.length * meta.paragraphs} expected\n`);
  process.exit(1);
}
const pass = r.seconds <= o.budgetSeconds;
process.stdout.write(`docx-bench: ${pass ? 'PASS' : 'FAIL'}\n`);
process.exit(pass ? 0 : 1);
