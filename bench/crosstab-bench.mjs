#!/usr/bin/env node
/**
 * Crosstab benchmark: `hefboom crosstab --rows lever --cols role` over the synthetic corpus of the
 * tally benchmark (bench/generate-corpus.mjs; 2,000 transcripts, 1,000,000 coded excerpts). The
 * count is tally's scan, so the budget is tally's plus the per-row tests: 12 s median wall time and
 * 400 MB peak RSS. `--cols site` is timed too: with few excerpts in some site cells the rows go to
 * Fisher, whose exact enumeration is capped and falls back to seeded Monte Carlo.
 *
 *   node bench/crosstab-bench.mjs [--corpus DIR] [--runs 3] [--warmup 1] [--budget-seconds 12] [--budget-mb 400]
 *
 * Peak RSS is the kernel's high-water mark (VmHWM) of the child, polled every 20 ms from /proc
 * (Linux; elsewhere only wall time is reported). `tally` is timed first as a reference: on a busy
 * machine both slow down alike. Exit 1 when over budget or the output is wrong.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus, parseArgs as parseGenArgs } from './generate-corpus.mjs';
import { benchOptions } from './args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'hefboom.js');

function parseArgs(argv) {
  const o = benchOptions(argv, {
    script: 'crosstab-bench',
    usage: '[--corpus DIR] [--files N] [--excerpts N] [--seed N] [--mb N] [--runs 3] [--warmup 1] [--budget-seconds 12] [--budget-mb 400]',
    defaults: { runs: 3, warmup: 1, budgetSeconds: 12, budgetMb: 400 },
    options: {
      '--runs': { key: 'runs', type: 'int', min: 1 }, '--warmup': { key: 'warmup', type: 'int' },
      '--budget-seconds': { key: 'budgetSeconds', type: 'number' }, '--budget-mb': { key: 'budgetMb', type: 'number' },
      '--corpus': { type: 'pass', as: '--out' }, '--files': { type: 'pass' }, '--excerpts': { type: 'pass' }, '--seed': { type: 'pass' }, '--mb': { type: 'pass' }, '--double': { type: 'pass' }, '--codes': { type: 'pass' },
      '--force': { type: 'flag', key: 'genForce' }, '--quiet': { type: 'flag', key: 'genQuiet' },
    },
  });
  const gen = [...o.passed, ...(o.genForce ? ['--force'] : []), ...(o.genQuiet ? ['--quiet'] : [])];
  return { runs: o.runs, warmup: o.warmup, budgetSeconds: o.budgetSeconds, budgetMb: o.budgetMb, gen: parseGenArgs(gen) };
}

function runOnce(args) {
  return new Promise((resolveRun, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch { /* not Linux, or the process just ended */ }
    }, 20);
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolveRun({ code, seconds: (performance.now() - start) / 1000, peakMb: (peakKb * 1024) / 1e6, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

function verify(run, cols) {
  if (run.code !== 0) return [`exit ${run.code}: ${run.stderr.slice(0, 500)}`];
  const j = JSON.parse(run.stdout);
  const problems = [];
  if (j.command !== 'crosstab' || j.columnVariable !== cols) problems.push('not a crosstab of the asked columns');
  if (j.rows?.length !== 7) problems.push(`expected 7 lever rows, got ${j.rows?.length}`);
  if (!(j.denominator?.total > 0)) problems.push('no units counted');
  if (j.testsSkipped === null && j.tests.filter((t) => t.p !== null).length === 0) problems.push('no row was tested');
  return problems;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  ensureCorpus(o.gen);
  const corpus = o.gen.out;
  let failed = false;
  // Tally on the same machine and moment: the crosstab should cost the scan plus little (shown, not judged).
  const tallyArgs = [cli, 'tally', '-p', corpus, '--by', 'lever', '--across', 'role', '--format', 'json'];
  const tallyTimes = [];
  for (let k = 0; k < o.runs; k++) tallyTimes.push((await runOnce(tallyArgs)).seconds);
  tallyTimes.sort((a, b) => a - b);
  console.log(`tally --across role (reference): median ${tallyTimes[Math.floor(tallyTimes.length / 2)].toFixed(2)} s`);
  for (const cols of ['role', 'site']) {
    const args = [cli, 'crosstab', '-p', corpus, '--rows', 'lever', '--cols', cols, '--format', 'json'];
    for (let k = 0; k < o.warmup; k++) await runOnce(args);
    const runs = [];
    for (let k = 0; k < o.runs; k++) runs.push(await runOnce(args));
    const problems = verify(runs[0], cols);
    const times = runs.map((r) => r.seconds).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const peak = Math.max(...runs.map((r) => r.peakMb));
    const methods = [...new Set(JSON.parse(runs[0].stdout || '{"tests":[]}').tests.map((t) => t.method))].join('; ');
    const ok = !problems.length && median <= o.budgetSeconds && (peak === 0 || peak <= o.budgetMb);
    failed ||= !ok;
    console.log(`crosstab --cols ${cols}: median ${median.toFixed(2)} s (${times.map((t) => t.toFixed(2)).join(', ')}), peak RSS ${peak ? `${peak.toFixed(0)} MB` : 'n/a'} — ${ok ? 'PASS' : 'FAIL'}`);
    console.log(`  tests: ${methods || 'none'}`);
    for (const p of problems) console.log(`  problem: ${p}`);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { process.stderr.write(`crosstab-bench: ${e.message}\n`); process.exit(2); });
