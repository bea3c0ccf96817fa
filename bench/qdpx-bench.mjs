#!/usr/bin/env node
/**
 * REFI-QDA import benchmark: `hefboom import qdpx` on two synthetic projects.
 *
 *   node bench/qdpx-bench.mjs [--runs 3] [--warmup 0] [--dir DIR] [--seed 1] [--regenerate]
 *                             [--budget-large-seconds 5] [--budget-large-mb 500] [--budget-maxqda-seconds 1]
 *                             [--no-tally] [--keep] [--json FILE] [--cli bin/hefboom.js]
 *
 * Projects (bench/generate-qdpx.mjs, deterministic, cached in DIR = <os.tmpdir()>/hefboom-qdpx-bench):
 * - large: 50 documents (40–80 kB each), 1,000 codes in 3 levels, 100,000 codings, 2 coders;
 * - maxqda-1000: MAXQDA 24 style, 10 documents, 1,000 codings (the project that crashes QualCoder #1027).
 * For each, `node bin/hefboom.js import qdpx FILE --out TMP --force --format json -q` runs as a child
 * process (warm-up runs first, not counted; then --runs measured runs; the median counts):
 * - wall time: performance.now() from spawn to exit;
 * - peak RSS of the node process: GNU `/usr/bin/time -v` ("Maximum resident set size", from wait4
 *   rusage) when it exists; otherwise node is started with `--import` of a tiny preload written to
 *   the temp folder that records process.resourceUsage().maxRSS at exit.
 * The JSON summary on stdout is checked: references, documents and codes as generated (100,000 / 50 /
 * 1,000 and 1,000 / 10 / 48), no warnings. Then `hefboom tally large.qdpx --by code --unit codings
 * --format csv` runs once (informational: time, RSS, no budget).
 *
 * Budgets (MB = 10^6 bytes): large import median ≤ 5 s and every run ≤ 500 MB peak RSS; maxqda-1000
 * import median < 1 s. Exit 0 when all pass, 1 when a budget is missed or an output is wrong, 2 when
 * the bench cannot run. `npm run build` runs first when dist/ is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_OUT, ensureQdpx } from './generate-qdpx.mjs';
import { benchOptions } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const TIME_BIN = '/usr/bin/time';

function fail(msg, code = 2) {
  process.stderr.write(`qdpx-bench: ${msg}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  return benchOptions(argv, {
    script: 'qdpx-bench',
    usage: '[--runs 3] [--warmup 0] [--dir DIR] [--seed 1] [--regenerate] [--budget-large-seconds 5] [--budget-large-mb 500] [--budget-maxqda-seconds 1] [--no-tally] [--keep] [--json FILE] [--cli bin/hefboom.js]',
    defaults: {
      runs: 3, warmup: 0, dir: DEFAULT_OUT, seed: 1, regenerate: false, tally: true, keep: false, json: null,
      budgetLargeSeconds: 5, budgetLargeMb: 500, budgetMaxqdaSeconds: 1, cli: join(root, 'bin', 'hefboom.js'),
    },
    options: {
      '--runs': { key: 'runs', type: 'int', min: 1 }, '--warmup': { key: 'warmup', type: 'int' }, '--dir': { key: 'dir', type: 'path' },
      '--seed': { key: 'seed', type: 'int' }, '--regenerate': { key: 'regenerate', type: 'flag' }, '--no-tally': { key: 'tally', type: 'flag', value: false },
      '--keep': { key: 'keep', type: 'flag' }, '--json': { key: 'json', type: 'path' }, '--cli': { key: 'cli', type: 'path' },
      '--budget-large-seconds': { key: 'budgetLargeSeconds', type: 'number' }, '--budget-large-mb': { key: 'budgetLargeMb', type: 'number' },
      '--budget-maxqda-seconds': { key: 'budgetMaxqdaSeconds', type: 'number' },
    },
  });
}

/** Build the project when dist/ is missing (the generator needs dist/io/qda/zip.js, the CLI dist/cli). */
function ensureBuilt() {
  if (existsSync(join(root, 'dist', 'cli', 'main.js')) && existsSync(join(root, 'dist', 'io', 'qda', 'zip.js'))) return;
  process.stderr.write('qdpx-bench: dist/ is missing, running `npm run build` …\n');
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) fail('`npm run build` failed; fix the build and retry');
}

/** GNU time that understands -v and -o (BusyBox and BSD time do not all). */
function haveGnuTime() {
  if (!existsSync(TIME_BIN)) return false;
  const r = spawnSync(TIME_BIN, ['-v', '-o', '/dev/null', process.execPath, '-e', '0'], { stdio: 'ignore' });
  return r.status === 0;
}

/** Preload for the fallback: write the process's peak RSS (kB) to $HEFBOOM_BENCH_RSS_FILE at exit. */
function writePreload(dir) {
  const file = join(dir, 'rss-preload.mjs');
  writeFileSync(file, [
    "import { writeFileSync } from 'node:fs';",
    'const out = process.env.HEFBOOM_BENCH_RSS_FILE;',
    "if (out) process.on('exit', () => { try { writeFileSync(out, String(process.resourceUsage().maxRSS)); } catch {} });",
    '',
  ].join('\n'));
  return file;
}

/**
 * One child run: { seconds, peakKb, userSeconds, sysSeconds, code, signal, stdout, stderr }.
 * `how` is { gnuTime: true } or { preload: path }.
 */
function runOnce(args, how, scratch) {
  return new Promise((done, reject) => {
    const tag = `${process.pid}-${Math.random().toString(36).slice(2)}`;
    const measureFile = join(scratch, `measure-${tag}.txt`);
    const env = { ...process.env, NO_COLOR: '1', HEFBOOM_BENCH_RSS_FILE: how.gnuTime ? '' : measureFile };
    const nodeArgs = how.gnuTime ? args : ['--import', pathToFileURL(how.preload).href, ...args];
    const cmd = how.gnuTime ? TIME_BIN : process.execPath;
    const argv = how.gnuTime ? ['-v', '-o', measureFile, process.execPath, ...nodeArgs] : nodeArgs;
    const out = [];
    const err = [];
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - t0) / 1000;
      let peakKb = 0;
      let userSeconds = null;
      let sysSeconds = null;
      try {
        const m = readFileSync(measureFile, 'utf8');
        if (how.gnuTime) {
          peakKb = Number(/Maximum resident set size \(kbytes\):\s*(\d+)/.exec(m)?.[1] ?? 0);
          userSeconds = Number(/User time \(seconds\):\s*([\d.]+)/.exec(m)?.[1] ?? NaN);
          sysSeconds = Number(/System time \(seconds\):\s*([\d.]+)/.exec(m)?.[1] ?? NaN);
          // GNU time reports a non-zero exit of its child in the file and as its own exit code.
        } else {
          peakKb = Number(m.trim()) || 0;
        }
      } catch { /* no figure: the child died before exit handlers ran */ }
      rmSync(measureFile, { force: true });
      done({ seconds, peakKb, userSeconds, sysSeconds, code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Problems with an import's JSON summary, [] when it reports what was generated. */
function verifyImport(run, expected) {
  if (run.code !== 0) return [`exit code ${run.code ?? run.signal}${run.stderr ? `: ${run.stderr.trim().split('\n').slice(0, 8).join(' | ')}` : ''}`];
  let j;
  try {
    j = JSON.parse(run.stdout);
  } catch (e) {
    return [`output is not JSON (${e.message}): ${run.stdout.slice(0, 200)}`];
  }
  const problems = [];
  for (const key of ['references', 'documents', 'codes']) {
    if (j[key] !== expected[key]) problems.push(`${key} = ${j[key]}, expected ${expected[key]}`);
  }
  if (j.origin !== expected.origin) problems.push(`origin = ${JSON.stringify(j.origin)}, expected ${JSON.stringify(expected.origin)}`);
  const coders = (j.coders ?? []).map((c) => c.name).sort().join(', ');
  if (coders !== [...expected.coders].sort().join(', ')) problems.push(`coders are [${coders}], expected [${expected.coders.join(', ')}]`);
  if (j.offsetRule?.chosen !== 'code-points') problems.push(`offsets read as ${j.offsetRule?.chosen}, expected code-points`);
  const aligned = j.offsetRule?.fits?.find((f) => f.rule === j.offsetRule?.chosen)?.aligned;
  if (aligned !== expected.selections) problems.push(`${aligned} of ${expected.selections} selections on word boundaries, expected all`);
  if (j.warnings?.length) problems.push(`${j.warnings.length} warning(s): ${j.warnings.slice(0, 3).map((w) => w.code).join(', ')}`);
  return problems;
}

/** The tally CSV: rows and the sum of the first count column (informational). */
function tallySummary(run) {
  if (run.code !== 0) return { problems: [`exit code ${run.code ?? run.signal}${run.stderr ? `: ${run.stderr.trim().split('\n').slice(0, 8).join(' | ')}` : ''}`] };
  const lines = run.stdout.split(/\r?\n/).filter((l) => l.trim() !== '');
  return { rows: Math.max(0, lines.length - 1), header: lines[0] ?? '', problems: lines.length > 1 ? [] : ['no rows in the CSV'] };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mb = (kb) => (kb * 1024) / 1e6;
const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const pad = (s, n) => String(s).padStart(n);

async function main() {
  const o = parseArgs(process.argv.slice(2));
  ensureBuilt();
  if (!existsSync(o.cli)) fail(`${o.cli} does not exist`);

  const t0 = performance.now();
  let gen;
  try {
    gen = await ensureQdpx({ out: o.dir, seed: o.seed, force: o.regenerate });
  } catch (e) {
    fail(`generating the projects failed: ${e?.stack ?? e}`);
  }
  const genSeconds = (performance.now() - t0) / 1000;

  const scratch = mkdtempSync(join(tmpdir(), 'hefboom-qdpx-bench-run-'));
  const gnuTime = haveGnuTime();
  const how = gnuTime ? { gnuTime: true } : { preload: writePreload(scratch) };
  const cliShown = relative(root, o.cli) || o.cli;
  const cpu = cpus();

  console.log('');
  console.log('hefboom import qdpx benchmark');
  console.log(`  node      ${process.version} (${process.platform} ${process.arch})`);
  console.log(`  cpus      ${cpu.length} × ${cpu[0]?.model?.trim() ?? 'unknown'}; memory ${fmt(totalmem() / 2 ** 30, 1)} GiB`);
  console.log(`  projects  ${gen.out} (${gen.reused ? 'reused' : `generated in ${fmt(genSeconds, 1)} s`}, seed ${o.seed})`);
  for (const [name, p] of Object.entries(gen.projects)) {
    const e = p.expected;
    console.log(`            ${name.padEnd(12)} ${e.origin}: ${e.documents} documents (${fmt(e.textBytes / 1e6, 1)} MB text), ${e.codes} codes, ${e.references} codings on ${e.selections} selections (${e.doubleCoded} with 2), coders ${e.coders.join(', ')}; .qde ${fmt(e.qdeBytes / 1e6, 1)} MB, .qdpx ${fmt(p.bytes / 1e6, 1)} MB`);
  }
  console.log(`  command   node ${cliShown} import qdpx FILE --out TMP --force --format json -q`);
  console.log(`  peak RSS  ${gnuTime ? 'GNU time -v "Maximum resident set size" (wait4 rusage)' : 'process.resourceUsage().maxRSS at exit (--import preload)'}`);
  console.log(`  budgets   large ≤ ${o.budgetLargeSeconds} s (median of ${o.runs}) and ≤ ${o.budgetLargeMb} MB peak RSS (every run; MB = 10^6 bytes); maxqda-1000 < ${o.budgetMaxqdaSeconds} s (median)`);

  const cases = [
    { name: 'large', project: gen.projects.large, budgetSeconds: o.budgetLargeSeconds, budgetMb: o.budgetLargeMb, strict: false },
    { name: 'maxqda-1000', project: gen.projects['maxqda-1000'], budgetSeconds: o.budgetMaxqdaSeconds, budgetMb: null, strict: true },
  ];
  const results = [];
  for (const c of cases) {
    const outDir = join(scratch, `out-${c.name}`);
    const args = [o.cli, 'import', 'qdpx', c.project.path, '--out', outDir, '--force', '--format', 'json', '-q'];
    console.log('');
    console.log(`  ${c.name}`);
    for (let i = 0; i < o.warmup; i++) {
      const r = await runOnce(args, how, scratch);
      const problems = verifyImport(r, c.project.expected);
      console.log(`    warm-up ${i + 1}: ${fmt(r.seconds)} s, ${fmt(mb(r.peakKb), 1)} MB${problems.length ? `  ✗ ${problems.join('; ')}` : ''}`);
    }
    console.log('    run   seconds   peak RSS MB   (MiB)   user s   sys s');
    const runs = [];
    const problems = [];
    for (let i = 0; i < o.runs; i++) {
      const r = await runOnce(args, how, scratch);
      const p = verifyImport(r, c.project.expected);
      runs.push(r);
      problems.push(...p.map((x) => `run ${i + 1}: ${x}`));
      console.log(`    ${pad(i + 1, 3)}   ${pad(fmt(r.seconds), 7)}   ${pad(fmt(mb(r.peakKb), 1), 11)}   ${pad(fmt(r.peakKb / 1024, 1), 5)}   ${pad(fmt(r.userSeconds), 6)}   ${pad(fmt(r.sysSeconds), 5)}${p.length ? '   ✗ output wrong' : ''}`);
    }
    const medSeconds = median(runs.map((r) => r.seconds));
    const medKb = median(runs.map((r) => r.peakKb));
    const maxKb = Math.max(...runs.map((r) => r.peakKb));
    console.log(`    median ${pad(fmt(medSeconds), 7)}   ${pad(fmt(mb(medKb), 1), 11)}   ${pad(fmt(medKb / 1024, 1), 5)}`);
    const timeOk = c.strict ? medSeconds < c.budgetSeconds : medSeconds <= c.budgetSeconds;
    const memOk = c.budgetMb === null || (maxKb > 0 && mb(maxKb) <= c.budgetMb);
    results.push({ ...c, runs, medSeconds, medKb, maxKb, timeOk, memOk, problems });
    rmSync(outDir, { recursive: true, force: true });
  }

  let tally = null;
  if (o.tally) {
    const args = [o.cli, 'tally', gen.projects.large.path, '--by', 'code', '--unit', 'codings', '--format', 'csv'];
    const r = await runOnce(args, how, scratch);
    tally = { run: r, ...tallySummary(r) };
  }

  // Summary table.
  console.log('');
  console.log('  what                         median s   budget s   peak RSS MB (max)   budget MB   result');
  for (const x of results) {
    const ok = x.timeOk && x.memOk && !x.problems.length;
    console.log(`  import ${x.name.padEnd(21)} ${pad(fmt(x.medSeconds), 8)}   ${pad(`${x.strict ? '<' : '≤'} ${x.budgetSeconds}`, 8)}   ${pad(fmt(mb(x.maxKb), 1), 17)}   ${pad(x.budgetMb === null ? '–' : `≤ ${x.budgetMb}`, 9)}   ${ok ? 'PASS' : 'FAIL'}${x.timeOk ? '' : ' (time)'}${x.memOk ? '' : ' (memory)'}${x.problems.length ? ' (output)' : ''}`);
  }
  if (tally) {
    console.log(`  tally large (once)           ${pad(fmt(tally.run.seconds), 8)}   ${pad('–', 8)}   ${pad(fmt(mb(tally.run.peakKb), 1), 17)}   ${pad('–', 9)}   ${tally.problems.length ? 'FAIL (informational)' : `info: ${tally.rows} CSV rows`}`);
  }
  console.log('');
  for (const x of results) {
    const e = x.project.expected;
    console.log(`  output    ${x.problems.length ? 'FAIL' : 'PASS'}  ${x.name}: references ${e.references}, documents ${e.documents}, codes ${e.codes}, origin "${e.origin}", every selection on word boundaries, no warnings`);
    for (const p of x.problems) console.log(`            ✗ ${p}`);
  }
  if (tally?.problems.length) for (const p of tally.problems) console.log(`  tally     ✗ ${p} (informational, not a budget)`);
  const pass = results.every((x) => x.timeOk && x.memOk && !x.problems.length);
  console.log('');
  console.log(`  ${pass ? 'PASS' : 'FAIL'}`);

  if (o.json) {
    const round = (n, d) => Math.round(n * 10 ** d) / 10 ** d;
    const record = {
      date: new Date().toISOString(), node: process.version, cpus: cpu.length, cpuModel: cpu[0]?.model?.trim() ?? null,
      rssMethod: gnuTime ? 'gnu-time' : 'resourceUsage-preload',
      imports: Object.fromEntries(results.map((x) => [x.name, {
        file: x.project.path, expected: x.project.expected,
        budgets: { seconds: x.budgetSeconds, peakRssMb: x.budgetMb },
        runs: x.runs.map((r) => ({ seconds: round(r.seconds, 3), peakRssMb: round(mb(r.peakKb), 1), userSeconds: r.userSeconds, sysSeconds: r.sysSeconds, exit: r.code })),
        median: { seconds: round(x.medSeconds, 3), peakRssMb: round(mb(x.medKb), 1) }, maxPeakRssMb: round(mb(x.maxKb), 1),
        pass: x.timeOk && x.memOk && !x.problems.length, problems: x.problems,
      }])),
      tally: tally ? { seconds: round(tally.run.seconds, 3), peakRssMb: round(mb(tally.run.peakKb), 1), exit: tally.run.code, rows: tally.rows ?? null } : null,
      pass,
    };
    try {
      mkdirSync(dirname(o.json), { recursive: true });
      writeFileSync(o.json, `${JSON.stringify(record, null, 2)}\n`);
    } catch (e) {
      process.stderr.write(`qdpx-bench: could not write ${o.json}: ${e.message}\n`);
    }
  }
  if (!o.keep) rmSync(scratch, { recursive: true, force: true });
  else console.log(`  scratch   ${scratch}`);
  process.exitCode = pass ? 0 : 1;
}

main().catch((e) => fail(`internal error: ${e?.stack ?? e}`));
