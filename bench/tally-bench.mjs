#!/usr/bin/env node
/**
 * Tally benchmark of the foundation issue: over a synthetic corpus of 2,000 transcripts with
 * 1,000,000 coded excerpts (~300 MB), `hefboom tally --across role --by lever` must finish within
 * 10 s and stay under 400 MB peak RSS.
 *
 *   npm run bench            (after npm run build)
 *   node bench/tally-bench.mjs [--corpus DIR] [--files N] [--excerpts N] [--seed N] [--mb N]
 *                              [--runs 3] [--warmup 1] [--budget-seconds 10] [--budget-mb 400]
 *                              [--cli bin/hefboom.js]   (another launcher, for A/B comparisons)
 *
 * Generates the corpus when it is missing or was made with other parameters (bench/generate-corpus.mjs),
 * then runs `node bin/hefboom.js tally -p CORPUS --across role --by lever --format json` as a child
 * process: warm-up runs first (not counted), then the measured runs. For every run:
 * - wall time: performance.now() from spawn to exit;
 * - peak RSS: the kernel's high-water mark of the node process — from GNU time's `%M` (wait4
 *   rusage, exact) when /usr/bin/time exists, and in every case by polling VmHWM in
 *   /proc/<pid>/status every 20 ms (the last value read before exit); the larger one is reported.
 * Also shown: the child's user and system CPU seconds (GNU time) and the share of the machine's CPU
 * time stolen by the hypervisor during the run (/proc/stat), which explains noisy wall times on VMs.
 * The JSON output is checked (7 lever rows L1–L7, denominator.total = the number of excerpts, every
 * document read, the double-coded documents seen). PASS when the median wall time is within the
 * time budget and every run's peak RSS is within the memory budget (MB = 10^6 bytes); exit 1
 * otherwise, or when the output is wrong; exit 2 when the bench cannot run.
 * The figures are also written to bench/out/tally-bench.json.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus, parseArgs as parseGenArgs } from './generate-corpus.mjs';
import { childOf, readHwmKb } from './proc.mjs';
import { benchOptions } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const TIME_BIN = '/usr/bin/time';
const POLL_MS = 20;

function fail(msg, code = 2) {
  process.stderr.write(`tally-bench: ${msg}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const o = benchOptions(argv, {
    script: 'tally-bench',
    usage: '[--corpus DIR] [--files N] [--excerpts N] [--seed N] [--mb N] [--runs 3] [--warmup 1] [--budget-seconds 10] [--budget-mb 400] [--cli bin/hefboom.js]',
    defaults: { runs: 3, warmup: 1, budgetSeconds: 10, budgetMb: 400, cli: join(root, 'bin', 'hefboom.js') },
    options: {
      '--runs': { key: 'runs', type: 'int', min: 1 }, '--warmup': { key: 'warmup', type: 'int' },
      '--budget-seconds': { key: 'budgetSeconds', type: 'number' }, '--budget-mb': { key: 'budgetMb', type: 'number' },
      '--cli': { key: 'cli', type: 'path' },
      // The corpus: passed on to generate-corpus.mjs.
      '--corpus': { type: 'pass', as: '--out' }, '--files': { type: 'pass' }, '--excerpts': { type: 'pass' }, '--seed': { type: 'pass' }, '--mb': { type: 'pass' }, '--double': { type: 'pass' }, '--out': { type: 'pass' },
    },
  });
  return { ...o, gen: parseGenArgs(o.passed) };
}

/** Aggregate CPU jiffies from /proc/stat (all CPUs): total and steal (time the hypervisor gave to others). */
function cpuStat() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { total: f.reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
  } catch {
    return null;
  }
}

/** One run of the CLI: wall seconds, peak RSS (kB) by both methods, exit code, stdout, stderr. */
function runOnce(args, useTime) {
  return new Promise((done, reject) => {
    const tmp = useTime ? mkdtempSync(join(tmpdir(), 'hefboom-bench-')) : null;
    const timeOut = tmp ? join(tmp, 'time.txt') : null;
    const cmd = useTime ? TIME_BIN : process.execPath;
    const argv = useTime ? ['-f', '%M %U %S', '-o', timeOut, process.execPath, ...args] : args;
    const env = { ...process.env, NO_COLOR: '1' };
    const stat0 = cpuStat();
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let nodePid = useTime ? 0 : child.pid;
    let polledKb = 0;
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    const poll = () => {
      if (!nodePid) nodePid = childOf(child.pid);
      if (nodePid) {
        const kb = readHwmKb(nodePid);
        if (kb > polledKb) polledKb = kb; // VmHWM only grows; 0 once the process is gone
      }
    };
    poll();
    const timer = setInterval(poll, POLL_MS);
    child.on('error', (e) => { clearInterval(timer); reject(e); });
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - t0) / 1000;
      const stat1 = cpuStat();
      clearInterval(timer);
      const stealPct = stat0 && stat1 && stat1.total > stat0.total ? (100 * (stat1.steal - stat0.steal)) / (stat1.total - stat0.total) : null;
      let timeKb = 0;
      let cpuSeconds = null;
      if (timeOut) {
        try {
          const lines = readFileSync(timeOut, 'utf8').trim().split('\n');
          const [kb, user, sys] = lines[lines.length - 1].split(/\s+/).map(Number);
          timeKb = kb || 0;
          if (Number.isFinite(user) && Number.isFinite(sys)) cpuSeconds = { user, sys };
        } catch { /* time could not write: keep the polled figure */ }
        rmSync(tmp, { recursive: true, force: true });
      }
      done({ seconds, cpuSeconds, stealPct, polledKb, timeKb, peakKb: Math.max(polledKb, timeKb), code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Problems with the tally output, [] when it is what the corpus says it must be. */
function verify(run, params) {
  const problems = [];
  if (run.code !== 0) {
    problems.push(`exit code ${run.code ?? run.signal}${run.stderr ? `: ${run.stderr.trim().split('\n').slice(0, 8).join(' | ')}` : ''}`);
    return problems;
  }
  let j;
  try {
    j = JSON.parse(run.stdout);
  } catch (e) {
    return [`output is not JSON (${e.message}): ${run.stdout.slice(0, 200)}`];
  }
  const ids = (j.rows ?? []).map((r) => r.id);
  const want = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'];
  if (ids.join() !== want.join()) problems.push(`rows are [${ids.join(', ')}], expected the 7 levers ${want.join(', ')}`);
  if (j.denominator?.total !== params.excerpts) problems.push(`denominator.total = ${j.denominator?.total}, expected ${params.excerpts}`);
  const colSum = Object.values(j.denominator?.columns ?? {}).reduce((s, n) => s + n, 0);
  if (colSum !== params.excerpts) problems.push(`the role columns add up to ${colSum}, expected ${params.excerpts}`);
  if (j.uncoded && j.uncoded.n !== 0) problems.push(`${j.uncoded.n} excerpts counted as uncoded; every excerpt of the corpus is coded`);
  if (j.provenance?.documents !== params.files) problems.push(`provenance.documents = ${j.provenance?.documents}, expected ${params.files}`);
  if (j.provenance?.doubleCoded !== params.double) problems.push(`provenance.doubleCoded = ${j.provenance?.doubleCoded}, expected ${params.double}`);
  if (j.provenance?.warnings) problems.push(`${j.provenance.warnings} warning(s) on a corpus that should have none`);
  return problems;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mb = (kb) => (kb * 1024) / 1e6;
const fmt = (n, d = 2) => n.toFixed(d);

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.cli === join(root, 'bin', 'hefboom.js') && !existsSync(join(root, 'dist', 'cli', 'main.js'))) fail('dist/ is missing: run `npm run build` first');
  if (!existsSync(o.cli)) fail(`${o.cli} does not exist`);

  const { params } = ensureCorpus(o.gen);
  const corpus = o.gen.out;
  const useTime = existsSync(TIME_BIN);
  const args = [o.cli, 'tally', '-p', corpus, '--across', 'role', '--by', 'lever', '--format', 'json'];

  const shown = ['node', ...args.map((a) => (a.startsWith(`${root}/`) ? relative(root, a) : a))].join(' ');
  const cpu = cpus();
  const t = params.totals;
  console.log('');
  console.log(`hefboom tally benchmark`);
  console.log(`  node      ${process.version} (${process.platform} ${process.arch})`);
  console.log(`  cpus      ${cpu.length} × ${cpu[0]?.model?.trim() ?? 'unknown'}${cpu[0]?.speed ? ` @ ${cpu[0].speed} MHz` : ''}; memory ${fmt(totalmem() / 2 ** 30, 1)} GiB`);
  console.log(`  corpus    ${relative(root, corpus) || corpus}: ${t.files} files (+${t.doubleFiles} second-coder copies), ${t.excerpts} excerpts, ${fmt(t.bytes / 1e6, 1)} MB (+${fmt(t.doubleBytes / 1e6, 1)} MB copies)`);
  console.log(`  command   ${shown}`);
  console.log(`  peak RSS  ${useTime ? 'GNU time %M (wait4 rusage) and ' : ''}VmHWM polled every ${POLL_MS} ms`);
  console.log(`  budgets   ${o.budgetSeconds} s wall (median), ${o.budgetMb} MB peak RSS (every run; MB = 10^6 bytes)`);
  console.log('');

  for (let i = 0; i < o.warmup; i++) {
    const r = await runOnce(args, useTime);
    const problems = verify(r, params);
    console.log(`  warm-up ${i + 1}: ${fmt(r.seconds)} s, ${fmt(mb(r.peakKb), 1)} MB${problems.length ? `  ✗ ${problems.join('; ')}` : ''}`);
    if (problems.length && r.code !== 0) fail(`the tally command failed:\n${r.stderr}`, 1);
  }

  const runs = [];
  const allProblems = [];
  console.log('');
  console.log('  run   seconds   peak RSS MB   (MiB)    polled MB   user s   sys s   steal %');
  for (let i = 0; i < o.runs; i++) {
    const r = await runOnce(args, useTime);
    const problems = verify(r, params);
    runs.push(r);
    allProblems.push(...problems.map((p) => `run ${i + 1}: ${p}`));
    console.log(`  ${String(i + 1).padStart(3)}   ${fmt(r.seconds).padStart(7)}   ${fmt(mb(r.peakKb), 1).padStart(11)}   ${fmt(r.peakKb / 1024, 1).padStart(6)}   ${fmt(mb(r.polledKb), 1).padStart(10)}   ${r.cpuSeconds ? fmt(r.cpuSeconds.user).padStart(6) : '     –'}   ${r.cpuSeconds ? fmt(r.cpuSeconds.sys).padStart(5) : '    –'}   ${r.stealPct === null ? '      –' : fmt(r.stealPct, 1).padStart(7)}${problems.length ? '   ✗ output wrong' : ''}`);
  }
  const medSeconds = median(runs.map((r) => r.seconds));
  const medKb = median(runs.map((r) => r.peakKb));
  const maxKb = Math.max(...runs.map((r) => r.peakKb));
  const timeOk = medSeconds <= o.budgetSeconds;
  const memOk = mb(maxKb) <= o.budgetMb;
  console.log(`  median ${fmt(medSeconds).padStart(7)}   ${fmt(mb(medKb), 1).padStart(11)}   ${fmt(medKb / 1024, 1).padStart(6)}`);
  console.log('');
  console.log(`  time      ${timeOk ? 'PASS' : 'FAIL'}  median ${fmt(medSeconds)} s ${timeOk ? '≤' : '>'} ${o.budgetSeconds} s  (slowest ${fmt(Math.max(...runs.map((r) => r.seconds)))} s)`);
  console.log(`  memory    ${memOk ? 'PASS' : 'FAIL'}  max peak RSS ${fmt(mb(maxKb), 1)} MB ${memOk ? '≤' : '>'} ${o.budgetMb} MB`);
  console.log(`  output    ${allProblems.length ? 'FAIL' : 'PASS'}  7 lever rows, denominator.total = ${params.excerpts}, ${params.files} documents, ${params.double} double-coded${allProblems.length ? '' : ', no warnings'}`);
  for (const p of allProblems) console.log(`            ✗ ${p}`);
  const pass = timeOk && memOk && !allProblems.length;
  console.log('');
  console.log(`  ${pass ? 'PASS' : 'FAIL'}`);

  const record = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model?.trim() ?? null,
    corpus: { path: relative(root, corpus), ...params },
    command: shown,
    budgets: { seconds: o.budgetSeconds, peakRssMb: o.budgetMb },
    runs: runs.map((r) => ({ seconds: Math.round(r.seconds * 1000) / 1000, peakRssMb: Math.round(mb(r.peakKb) * 10) / 10, polledRssMb: Math.round(mb(r.polledKb) * 10) / 10, timeRssMb: r.timeKb ? Math.round(mb(r.timeKb) * 10) / 10 : null, userSeconds: r.cpuSeconds?.user ?? null, sysSeconds: r.cpuSeconds?.sys ?? null, stealPercent: r.stealPct === null ? null : Math.round(r.stealPct * 10) / 10, exit: r.code })),
    median: { seconds: Math.round(medSeconds * 1000) / 1000, peakRssMb: Math.round(mb(medKb) * 10) / 10 },
    pass,
    problems: allProblems,
  };
  try {
    mkdirSync(join(here, 'out'), { recursive: true });
    writeFileSync(join(here, 'out', 'tally-bench.json'), `${JSON.stringify(record, null, 2)}\n`);
  } catch { /* the record is a convenience */ }
  process.exitCode = pass ? 0 : 1;
}

main().catch((e) => fail(`internal error: ${e?.stack ?? e}`));
