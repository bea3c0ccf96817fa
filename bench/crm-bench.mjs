#!/usr/bin/env node
/**
 * CRM ingest benchmark: 1,000,000 contact-moment rows (about 111,000 trajectories) from
 * bench/generate-crm.mjs, read by the built CLI in a child process.
 *
 *   node bench/crm-bench.mjs [--rows 1000000] [--runs 3] [--seed 1] [--regenerate]
 *                            [--budget-seconds 15] [--budget-mb 800] [--reader] [--json FILE]
 *
 * Measured command: `node bin/hefboom.js crm indicators -p DIR --format json`; with --reader, a small
 * script that imports dist/io/crm.js and only reads the export (readCrm) is measured instead. Wall time: spawn to exit (performance.now()); peak RSS: GNU `/usr/bin/time -v`
 * when present, else /proc VmHWM sampled every 20 ms (bench/proc.mjs). Median of --runs counts.
 * Budgets (MB = 10^6 bytes): median ≤ 15 s and every run ≤ 800 MB. Exit 0 pass, 1 budget missed
 * or wrong output, 2 cannot run. `npm run build` runs first when dist/ is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultOut, ensureCrm } from './generate-crm.mjs';
import { readHwmKb } from './proc.mjs';
import { benchOptions } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const TIME_BIN = '/usr/bin/time';

function fail(msg, code = 2) {
  process.stderr.write(`crm-bench: ${msg}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  return benchOptions(argv, {
    script: 'crm-bench',
    usage: '[--rows 1000000] [--runs 3] [--seed 1] [--regenerate] [--budget-seconds 15] [--budget-mb 800] [--reader] [--json FILE]',
    defaults: { rows: 1_000_000, runs: 3, seed: 1, regenerate: false, budgetSeconds: 15, budgetMb: 800, reader: false, json: null },
    options: {
      '--rows': { key: 'rows', type: 'int', min: 1 }, '--runs': { key: 'runs', type: 'int', min: 1 }, '--seed': { key: 'seed', type: 'int' },
      '--regenerate': { key: 'regenerate', type: 'flag' }, '--budget-seconds': { key: 'budgetSeconds', type: 'number' },
      '--budget-mb': { key: 'budgetMb', type: 'number' }, '--reader': { key: 'reader', type: 'flag' }, '--json': { key: 'json', type: 'path' },
    },
  });
}

function ensureBuilt() {
  if (existsSync(join(root, 'dist', 'cli', 'main.js')) && existsSync(join(root, 'dist', 'io', 'crm.js'))) return;
  process.stderr.write('crm-bench: dist/ is missing, running `npm run build` …\n');
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) fail('`npm run build` failed; fix the build and retry');
}

const haveGnuTime = () => existsSync(TIME_BIN) && spawnSync(TIME_BIN, ['-v', '-o', '/dev/null', process.execPath, '-e', '0'], { stdio: 'ignore' }).status === 0;

/** The reader-only script: readCrm over the project's first `crm:` entry, a JSON summary on stdout. */
function writeReaderScript(dir) {
  const file = join(dir, 'read-crm.mjs');
  const crmJs = pathToFileURL(join(root, 'dist', 'io', 'crm.js')).href;
  writeFileSync(file, [
    `import { readCrm } from ${JSON.stringify(crmJs)};`,
    'const dir = process.argv[2];',
    "const r = await readCrm(dir, { path: 'data/crm-contactmomenten.csv', mapping: 'crm-mapping.yaml', unit: 'contact' });",
    "const errors = r.issues.filter((i) => i.severity === 'error');",
    'const d = r.data;',
    'process.stdout.write(JSON.stringify({ rows: d?.rows, trajectories: d?.trajectories.length, contacts: d?.trajectories.reduce((n, t) => n + t.contacts.length, 0), findings: d?.findings.length, errors: errors.length, firstError: errors[0]?.message }));',
    '',
  ].join('\n'));
  return file;
}

/** One child run: { seconds, peakKb, code, stdout, stderr }. */
function runOnce(args, gnuTime, scratch) {
  return new Promise((done, reject) => {
    const measure = join(scratch, `time-${Math.random().toString(36).slice(2)}.txt`);
    const cmd = gnuTime ? TIME_BIN : process.execPath;
    const argv = gnuTime ? ['-v', '-o', measure, process.execPath, ...args] : args;
    const out = [];
    const err = [];
    let peakKb = 0;
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = gnuTime ? null : setInterval(() => { peakKb = Math.max(peakKb, readHwmKb(child.pid)); }, 20);
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (sampler) clearInterval(sampler);
      if (gnuTime) {
        try {
          peakKb = Number(/Maximum resident set size \(kbytes\):\s*(\d+)/.exec(readFileSync(measure, 'utf8'))?.[1] ?? 0);
        } catch { /* child died before time wrote its report */ }
        rmSync(measure, { force: true });
      }
      done({ seconds, peakKb, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Problems with a run's output, [] when it read what was generated. */
function verify(run, gen, mode) {
  if (run.code !== 0 && !(mode === 'cli' && run.code === 1)) return [`exit code ${run.code}: ${run.stderr.trim().split('\n').slice(0, 5).join(' | ')}`];
  let j;
  try {
    j = JSON.parse(run.stdout);
  } catch (e) {
    return [`output is not JSON (${e.message}): ${run.stdout.slice(0, 200)}`];
  }
  if (mode === 'cli') return j && typeof j === 'object' ? [] : ['empty JSON'];
  const problems = [];
  if (j.rows !== gen.rows) problems.push(`rows = ${j.rows}, expected ${gen.rows}`);
  if (j.trajectories !== gen.trajectories) problems.push(`trajectories = ${j.trajectories}, expected ${gen.trajectories}`);
  if (j.errors) problems.push(`${j.errors} error(s), first: ${j.firstError}`);
  return problems;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mb = (kb) => (kb * 1024) / 1e6;
const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '–');

async function main() {
  const o = parseArgs(process.argv.slice(2));
  ensureBuilt();
  const gen = await ensureCrm({ rows: o.rows, out: defaultOut(o.rows), seed: o.seed, force: o.regenerate });
  const scratch = mkdtempSync(join(tmpdir(), 'hefboom-crm-bench-run-'));
  const gnuTime = haveGnuTime();
  const cli = join(root, 'bin', 'hefboom.js');
  const cliArgs = [cli, 'crm', 'indicators', '-p', gen.dir, '--format', 'json'];

  const mode = o.reader ? 'reader' : 'cli';
  const args = mode === 'cli' ? cliArgs : [writeReaderScript(scratch), gen.dir];

  console.log('');
  console.log('hefboom CRM ingest benchmark');
  console.log(`  node      ${process.version}; ${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'cpu'}; ${fmt(totalmem() / 2 ** 30, 1)} GiB`);
  console.log(`  export    ${gen.export} (${gen.reused ? 'reused' : 'generated'}): ${gen.rows} contact rows, ${gen.trajectories} trajectories, ${fmt(gen.bytes / 1e6, 1)} MB`);
  console.log(`  measures  ${mode === 'cli' ? `node bin/hefboom.js ${cliArgs.slice(1).join(' ')}` : `readCrm from dist/io/crm.js (reader only, --reader)`}`);
  console.log(`  peak RSS  ${gnuTime ? 'GNU time -v' : '/proc VmHWM sampled every 20 ms'}`);
  console.log(`  budgets   median ≤ ${o.budgetSeconds} s, every run ≤ ${o.budgetMb} MB`);
  console.log('    run   seconds   peak RSS MB');
  const runs = [];
  const problems = [];
  for (let i = 0; i < o.runs; i++) {
    const r = await runOnce(args, gnuTime, scratch);
    const p = verify(r, gen, mode);
    runs.push(r);
    problems.push(...p.map((x) => `run ${i + 1}: ${x}`));
    console.log(`    ${String(i + 1).padStart(3)}   ${fmt(r.seconds).padStart(7)}   ${fmt(mb(r.peakKb), 1).padStart(11)}${p.length ? '   ✗ output wrong' : ''}`);
  }
  const medSeconds = median(runs.map((r) => r.seconds));
  const maxKb = Math.max(...runs.map((r) => r.peakKb));
  const timeOk = medSeconds <= o.budgetSeconds;
  const memOk = maxKb > 0 && mb(maxKb) <= o.budgetMb;
  const pass = timeOk && memOk && !problems.length;
  console.log(`  median ${fmt(medSeconds)} s; max peak RSS ${fmt(mb(maxKb), 1)} MB`);
  for (const p of problems) console.log(`  ✗ ${p}`);
  console.log(`  ${pass ? 'PASS' : 'FAIL'}${timeOk ? '' : ' (time)'}${memOk ? '' : ' (memory)'}${problems.length ? ' (output)' : ''}`);
  if (o.json) {
    writeFileSync(o.json, `${JSON.stringify({
      date: new Date().toISOString(), node: process.version, mode, rows: gen.rows, trajectories: gen.trajectories, bytes: gen.bytes,
      runs: runs.map((r) => ({ seconds: Math.round(r.seconds * 1000) / 1000, peakRssMb: Math.round(mb(r.peakKb) * 10) / 10, exit: r.code })),
      medianSeconds: Math.round(medSeconds * 1000) / 1000, maxPeakRssMb: Math.round(mb(maxKb) * 10) / 10,
      budgets: { seconds: o.budgetSeconds, peakRssMb: o.budgetMb }, pass, problems,
    }, null, 2)}\n`);
  }
  rmSync(scratch, { recursive: true, force: true });
  process.exitCode = pass ? 0 : 1;
}

main().catch((e) => fail(`internal error: ${e?.stack ?? e}`));
