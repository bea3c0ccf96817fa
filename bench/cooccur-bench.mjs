#!/usr/bin/env node
/**
 * Co-occurrence benchmark: `hefboom cooccur --level code` over 1,000,000 excerpts with 200 codes must
 * finish within 10 s (median wall time); peak RSS is reported (budget 400 MB, as for tally).
 *
 *   npm run build && node bench/cooccur-bench.mjs [--corpus DIR] [--files N] [--excerpts N] [--codes 200]
 *                                                 [--runs 3] [--warmup 1] [--budget-seconds 10] [--budget-mb 400]
 *
 * Generates the corpus with bench/generate-corpus.mjs (`--codes 200`: the 42 base codes plus subcodes
 * under the top-level codes) into bench/out/corpus-200codes unless it is there with the same
 * parameters, then runs the built CLI as a child process: warm-up runs, then measured runs. Wall time
 * by performance.now() around the child; peak RSS from GNU time's %M when /usr/bin/time exists, else
 * by polling VmHWM in /proc. The output is checked (every code listed, every excerpt counted).
 * Exit 0 when within budget, 1 when not or when the output is wrong, 2 when the bench cannot run.
 * Note: wall times on a shared machine depend on its load; user + sys CPU seconds are printed too.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus, parseArgs as parseGenArgs } from './generate-corpus.mjs';
import { benchOptions } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const TIME_BIN = '/usr/bin/time';

const fail = (msg, code = 2) => { process.stderr.write(`cooccur-bench: ${msg}\n`); process.exit(code); };

function parseArgs(argv) {
  const o = benchOptions(argv, {
    script: 'cooccur-bench',
    usage: '[--corpus DIR] [--files N] [--excerpts N] [--codes 200] [--seed N] [--mb N] [--runs 3] [--warmup 1] [--budget-seconds 10] [--budget-mb 400]',
    defaults: { runs: 3, warmup: 1, budgetSeconds: 10, budgetMb: 400 },
    options: {
      '--runs': { key: 'runs', type: 'int', min: 1 }, '--warmup': { key: 'warmup', type: 'int' },
      '--budget-seconds': { key: 'budgetSeconds', type: 'number' }, '--budget-mb': { key: 'budgetMb', type: 'number' },
      '--corpus': { type: 'pass', as: '--out' }, '--files': { type: 'pass' }, '--excerpts': { type: 'pass' }, '--seed': { type: 'pass' }, '--mb': { type: 'pass' }, '--double': { type: 'pass' }, '--codes': { type: 'pass' },
    },
  });
  return { ...o, gen: parseGenArgs(['--out', join(here, 'out', 'corpus-200codes'), '--codes', '200', ...o.passed]) };
}

function runOnce(args) {
  return new Promise((done, reject) => {
    const useTime = existsSync(TIME_BIN);
    const tmp = mkdtempSync(join(tmpdir(), 'hefboom-cooccur-bench-'));
    const timeOut = join(tmp, 'time.txt');
    const cmd = useTime ? TIME_BIN : process.execPath;
    const argv = useTime ? ['-f', '%M %U %S', '-o', timeOut, process.execPath, ...args] : args;
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    let polledKb = 0;
    const timer = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m && !useTime) polledKb = Math.max(polledKb, Number(m[1]));
      } catch { /* gone */ }
    }, 20);
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - t0) / 1000;
      let kb = polledKb;
      let cpu = null;
      if (useTime) {
        try {
          const [m, u, s] = readFileSync(timeOut, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
          kb = m; cpu = u + s;
        } catch { /* keep the polled figure */ }
      }
      rmSync(tmp, { recursive: true, force: true });
      done({ seconds, kb, cpu, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function verify(r, params, codes) {
  if (r.code !== 0) return [`exit ${r.code}: ${r.stderr.trim().split('\n').slice(0, 5).join(' | ')}`];
  let j;
  try { j = JSON.parse(r.stdout); } catch (e) { return [`output is not JSON: ${e.message}`]; }
  const problems = [];
  if (j.units?.excerpts !== params.excerpts) problems.push(`units.excerpts = ${j.units?.excerpts}, expected ${params.excerpts}`);
  if (j.nodes?.length !== codes) problems.push(`${j.nodes?.length} codes listed, expected ${codes}`);
  if (!(j.pairs?.length > 0)) problems.push('no co-occurring pairs');
  if (j.provenance?.documents !== params.files) problems.push(`provenance.documents = ${j.provenance?.documents}, expected ${params.files}`);
  return problems;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) fail('dist/ is missing: run `npm run build` first');
  const { params } = ensureCorpus(o.gen);
  const args = [join(root, 'bin', 'hefboom.js'), 'cooccur', '-p', o.gen.out, '--level', 'code', '--format', 'json'];
  console.log(`\nhefboom cooccur benchmark — node ${process.version}, ${cpus().length} cpus`);
  console.log(`  corpus   ${o.gen.out}: ${params.files} files, ${params.excerpts} excerpts, ${params.codes} codes`);
  console.log(`  command  node bin/hefboom.js cooccur -p … --level code --format json`);
  console.log(`  budgets  ${o.budgetSeconds} s wall (median), ${o.budgetMb} MB peak RSS\n`);
  for (let i = 0; i < o.warmup; i++) {
    const r = await runOnce(args);
    console.log(`  warm-up  ${r.seconds.toFixed(2)} s`);
    if (r.code !== 0) fail(`the command failed:\n${r.stderr}`, 1);
  }
  const runs = [];
  const problems = [];
  for (let i = 0; i < o.runs; i++) {
    const r = await runOnce(args);
    runs.push(r);
    problems.push(...verify(r, params, params.codes).map((p) => `run ${i + 1}: ${p}`));
    console.log(`  run ${i + 1}    ${r.seconds.toFixed(2)} s wall, ${r.cpu === null ? '–' : r.cpu.toFixed(2)} s CPU, ${((r.kb * 1024) / 1e6).toFixed(1)} MB peak RSS`);
  }
  const med = median(runs.map((r) => r.seconds));
  const maxMb = Math.max(...runs.map((r) => (r.kb * 1024) / 1e6));
  const timeOk = med <= o.budgetSeconds;
  const memOk = maxMb <= o.budgetMb;
  console.log(`\n  time     ${timeOk ? 'PASS' : 'FAIL'}  median ${med.toFixed(2)} s (budget ${o.budgetSeconds} s)`);
  console.log(`  memory   ${memOk ? 'PASS' : 'FAIL'}  max peak RSS ${maxMb.toFixed(1)} MB (budget ${o.budgetMb} MB)`);
  console.log(`  output   ${problems.length ? 'FAIL' : 'PASS'}${problems.map((p) => `\n    ✗ ${p}`).join('')}`);
  process.exitCode = timeOk && memOk && !problems.length ? 0 : 1;
}

main().catch((e) => fail(`internal error: ${e?.stack ?? e}`));
