#!/usr/bin/env node
/**
 * Agreement benchmark: `hefboom agree --unit character` on two coders × 10 MB of text must finish
 * within 5 s (median wall time of the measured runs).
 *
 *   node bench/agree-bench.mjs [--mb 10] [--documents 20] [--codes 12] [--seed 1] [--runs 3]
 *                              [--warmup 1] [--budget-seconds 5] [--keep] [--per-coder-files]
 *
 * Generates (seeded, bench/prng.mjs) a project in the system's temp folder: texts/<document>.txt
 * (ASCII paragraphs separated by blank lines, each starting with a speaker label; `--mb` MB in
 * total) and one segment table with a coder column, as MAXQDA exports it (segments/segmenten.csv:
 * document, coder, start, end, code; code-point offsets into texts/). `--per-coder-files` writes one
 * table per coder instead (segments/A.csv, segments/B.csv, as `hefboom import qdpx` does): the
 * double-coding check of src/io/corpus.ts then reads both tables a second time, which costs about
 * as much as the first reading. Coder A codes spans inside about 70 % of the paragraphs
 * (some spans cross into the next paragraph); coder B takes over most of A's spans with their
 * boundaries moved by up to 25 characters, changes the code of some, drops some and adds his own.
 * Then it runs `node bin/hefboom.js agree -p DIR --unit character --disagreements 10 --format json`
 * (default bootstrap: 1000 resamples of excerpts): warm-up runs first, then the measured runs, and
 * reports wall time and peak RSS (GNU time %M when /usr/bin/time exists, else VmHWM polled every
 * 20 ms) per run. The output is checked: two coders, every document shared, per-row counts that add
 * up to the number of characters of the paragraphs. Exit 0 when the median is within the budget,
 * 1 when it is not or the output is wrong, 2 when the bench cannot run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './prng.mjs';
import { childOf, readHwmKb } from './proc.mjs';
import { benchOptions } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const TIME_BIN = '/usr/bin/time';

function fail(msg, code = 2) {
  process.stderr.write(`agree-bench: ${msg}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  return benchOptions(argv, {
    script: 'agree-bench',
    usage: '[--mb 10] [--documents 20] [--codes 12] [--seed 1] [--runs 3] [--warmup 1] [--budget-seconds 5] [--keep] [--per-coder-files]',
    defaults: { mb: 10, documents: 20, codes: 12, seed: 1, runs: 3, warmup: 1, budgetSeconds: 5, keep: false, perCoderFiles: false },
    options: {
      '--mb': { key: 'mb', type: 'number' }, '--documents': { key: 'documents', type: 'int', min: 1 }, '--codes': { key: 'codes', type: 'int', min: 2 },
      '--seed': { key: 'seed', type: 'int' }, '--runs': { key: 'runs', type: 'int', min: 1 }, '--warmup': { key: 'warmup', type: 'int' },
      '--budget-seconds': { key: 'budgetSeconds', type: 'number' }, '--keep': { key: 'keep', type: 'flag' },
      '--per-coder-files': { key: 'perCoderFiles', type: 'flag' },
    },
  });
}

const WORDS = 'de het een kind mentor cursist leert vandaag samen spel taal feedback groep ouders verzorging slapen eten vertellen kijken tonen waarom vraag antwoord team week ochtend middag rustig'.split(' ');

/** The project: texts, two coders' segment tables, codebook, hefboom.yaml. Returns what the output must show. */
function generate(dir, o) {
  const rnd = mulberry32(o.seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const codes = Array.from({ length: o.codes }, (_, i) => `code-${i + 1}`);
  // A small hierarchy: every fourth code is a parent of the next three, so roll-up is exercised.
  const parent = (i) => (i % 4 === 0 ? null : codes[i - (i % 4)]);
  writeFileSync(join(dir, 'codebook.yaml'), `codes:\n${codes.map((c, i) => `  - id: ${c}\n    label: Code ${i + 1}\n${parent(i) ? `    parent: ${parent(i)}\n` : ''}    levers: [L${(i % 7) + 1}]\n`).join('')}`);
  writeFileSync(join(dir, 'hefboom.yaml'), [
    'name: agree-bench',
    'codebook: codebook.yaml',
    'primary_coder: A',
    'sources:',
    ...(o.perCoderFiles ? ['A', 'B'] : ['segmenten']).flatMap((k) => [`  - path: segments/${k}.csv`, '    format: segments', '    texts: texts/', '    columns: { document: document, coder: coder, start: start, end: end, codes: code }']),
    '',
  ].join('\n'));
  mkdirSync(join(dir, 'texts'));
  mkdirSync(join(dir, 'segments'));
  const rowsA = ['document,coder,start,end,code'];
  const rowsB = ['document,coder,start,end,code'];
  const perDoc = (o.mb * 1e6) / o.documents;
  let characters = 0;
  let paragraphs = 0;
  for (let d = 0; d < o.documents; d++) {
    const id = `doc-${String(d + 1).padStart(3, '0')}`;
    const parts = [];
    let len = 0;
    while (len < perDoc) {
      const words = [];
      const target = int(150, 700);
      let w = 0;
      while (w < target) { const x = pick(WORDS); words.push(x); w += x.length + 1; }
      const label = `Mentor ${int(1, 3)}: `;
      const para = `${label}${words.join(' ')}.`;
      const start = len;
      parts.push(para);
      len += para.length + 2; // the blank line after it
      characters += para.length - label.length; // the speaker label is not part of the excerpt
      paragraphs++;
      if (rnd() < 0.7) {
        for (let s = int(1, 3); s > 0; s--) {
          const a = start + label.length + int(0, para.length - label.length - 20);
          const end = start + para.length;
          // Now and then a span crosses into the next paragraph, as QDA selections do (never past the text).
          const b = rnd() < 0.05 && len < perDoc ? end + int(5, 60) : Math.min(end, a + int(10, 300));
          const code = pick(codes);
          rowsA.push(`${id},A,${a},${b},${code}`);
          const r = rnd();
          const a2 = Math.min(end - 1, Math.max(start + label.length, a + int(-25, 25)));
          const b2 = Math.max(a2 + 1, b > end ? b : Math.min(end, b + int(-25, 25)));
          if (r < 0.75) rowsB.push(`${id},B,${a2},${b2},${code}`);
          else if (r < 0.88) rowsB.push(`${id},B,${a},${b},${pick(codes)}`);
        }
      }
      if (rnd() < 0.1) {
        const a = start + label.length + int(0, para.length - label.length - 20);
        rowsB.push(`${id},B,${a},${Math.min(start + para.length, a + int(10, 200))},${pick(codes)}`);
      }
    }
    const text = parts.join('\n\n') + '\n';
    writeFileSync(join(dir, 'texts', `${id}.txt`), text);
  }
  if (o.perCoderFiles) {
    writeFileSync(join(dir, 'segments', 'A.csv'), rowsA.join('\n') + '\n');
    writeFileSync(join(dir, 'segments', 'B.csv'), rowsB.join('\n') + '\n');
  } else {
    writeFileSync(join(dir, 'segments', 'segmenten.csv'), [...rowsA, ...rowsB.slice(1)].join('\n') + '\n');
  }
  return { characters, paragraphs, documents: o.documents, spansA: rowsA.length - 1, spansB: rowsB.length - 1 };
}

function runOnce(args, useTime) {
  return new Promise((done, reject) => {
    const tmp = useTime ? mkdtempSync(join(tmpdir(), 'hefboom-agree-time-')) : null;
    const timeOut = tmp ? join(tmp, 'time.txt') : null;
    const cmd = useTime ? TIME_BIN : process.execPath;
    const argv = useTime ? ['-f', '%M', '-o', timeOut, process.execPath, ...args] : args;
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let nodePid = useTime ? 0 : child.pid;
    let polledKb = 0;
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    const timer = setInterval(() => {
      if (!nodePid) nodePid = childOf(child.pid);
      if (nodePid) polledKb = Math.max(polledKb, readHwmKb(nodePid));
    }, 20);
    child.on('error', (e) => { clearInterval(timer); reject(e); });
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      clearInterval(timer);
      let timeKb = 0;
      if (timeOut) {
        try { timeKb = Number(readFileSync(timeOut, 'utf8').trim().split('\n').pop()) || 0; } catch { /* keep the polled figure */ }
        rmSync(tmp, { recursive: true, force: true });
      }
      done({ seconds, peakKb: Math.max(polledKb, timeKb), code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function verify(run, expect) {
  if (run.code !== 0) return [`exit code ${run.code}: ${run.stderr.trim().split('\n').slice(0, 6).join(' | ')}`];
  let j;
  try { j = JSON.parse(run.stdout); } catch (e) { return [`output is not JSON (${e.message})`]; }
  const problems = [];
  if (j.coders?.join() !== 'A,B') problems.push(`coders are ${j.coders}, expected A,B`);
  if (j.documents?.length !== expect.documents) problems.push(`${j.documents?.length} shared documents, expected ${expect.documents}`);
  if (j.units !== expect.paragraphs) problems.push(`${j.units} excerpts compared, expected ${expect.paragraphs}`);
  for (const r of j.rows ?? []) {
    const c = r.counts;
    if (r.units !== expect.characters) problems.push(`row ${r.id}: ${r.units} characters, expected ${expect.characters}`);
    if (c.both + c.only.A + c.only.B + c.neither !== r.units) problems.push(`row ${r.id}: counts do not add up`);
  }
  if (!j.rows?.length) problems.push('no rows');
  if (!j.overall?.alphaCi) problems.push('no bootstrap interval for the overall α');
  if (j.disagreements?.length !== 10) problems.push(`${j.disagreements?.length} disagreements listed, expected 10`);
  return problems;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const mb = (kb) => (kb * 1024) / 1e6;

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) fail('dist/ is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'hefboom-agree-bench-'));
  try {
    const t0 = performance.now();
    const expect = generate(dir, o);
    const genSeconds = (performance.now() - t0) / 1000;
    const useTime = existsSync(TIME_BIN);
    const args = [join(root, 'bin', 'hefboom.js'), 'agree', '-p', dir, '--unit', 'character', '--disagreements', '10', '--format', 'json'];
    const cpu = cpus();
    console.log('');
    console.log('hefboom agree benchmark (--unit character)');
    console.log(`  node      ${process.version}; ${cpu.length} × ${cpu[0]?.model?.trim() ?? 'unknown'}; memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB`);
    console.log(`  input     ${expect.documents} documents, ${(expect.characters / 1e6).toFixed(1)} M characters in ${expect.paragraphs} paragraphs, coded by A (${expect.spansA} spans) and B (${expect.spansB} spans); ${o.perCoderFiles ? 'one segment table per coder' : 'one segment table with a coder column'}; generated in ${genSeconds.toFixed(1)} s`);
    console.log(`  command   node bin/hefboom.js agree -p <tmp> --unit character --disagreements 10 --format json (bootstrap 1000)`);
    console.log(`  budget    ${o.budgetSeconds} s wall (median of ${o.runs})`);
    console.log('');
    for (let i = 0; i < o.warmup; i++) {
      const r = await runOnce(args, useTime);
      const p = verify(r, expect);
      console.log(`  warm-up ${i + 1}: ${r.seconds.toFixed(2)} s, ${mb(r.peakKb).toFixed(1)} MB${p.length ? `  ✗ ${p.join('; ')}` : ''}`);
      if (r.code !== 0) fail(`the agree command failed:\n${r.stderr}`, 1);
    }
    const runs = [];
    const problems = [];
    console.log('  run   seconds   peak RSS MB');
    for (let i = 0; i < o.runs; i++) {
      const r = await runOnce(args, useTime);
      runs.push(r);
      problems.push(...verify(r, expect).map((p) => `run ${i + 1}: ${p}`));
      console.log(`  ${String(i + 1).padStart(3)}   ${r.seconds.toFixed(2).padStart(7)}   ${mb(r.peakKb).toFixed(1).padStart(11)}`);
    }
    const med = median(runs.map((r) => r.seconds));
    const timeOk = med <= o.budgetSeconds;
    console.log('');
    console.log(`  time      ${timeOk ? 'PASS' : 'FAIL'}  median ${med.toFixed(2)} s ${timeOk ? '≤' : '>'} ${o.budgetSeconds} s`);
    console.log(`  memory    max peak RSS ${mb(Math.max(...runs.map((r) => r.peakKb))).toFixed(1)} MB (informational)`);
    console.log(`  output    ${problems.length ? 'FAIL' : 'PASS'}`);
    for (const p of problems.slice(0, 10)) console.log(`            ✗ ${p}`);
    process.exitCode = timeOk && !problems.length ? 0 : 1;
  } finally {
    if (o.keep) console.log(`  kept      ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => fail(`internal error: ${e?.stack ?? e}`));
