#!/usr/bin/env node
/**
 * Report benchmark (issue 8): a project of 1,000,000 excerpts (one coder, 200 codes), a staff survey
 * of 100,000 respondents joined to a CRM export of 1,000,000 contact rows, a coach survey and MeMoQ
 * scores (bench/generate-report-project.mjs). The full report, ingest included,
 *
 *   node bin/hefboom.js report -p PROJECT --out TMP --format html,md,json,csv --quiet
 *
 * must take ≤ 30 s wall time (median of the runs) and ≤ 1,500 MB peak RSS (every run; MB = 10^6
 * bytes), and index.html must stay under 5 MB.
 *
 *   node bench/report-bench.mjs [--runs 3] [--warmup 0] [--excerpts 1000000] [--respondents 100000]
 *        [--crm-rows N] [--files N] [--seed 1] [--project DIR] [--regenerate]
 *        [--budget-seconds 30] [--budget-mb 1500] [--budget-html-mb 5] [--keep] [--cli bin/hefboom.js]
 *
 * Each run writes into a fresh temporary folder (removed afterwards unless --keep). Wall time is
 * spawn to exit and peak RSS comes from GNU time -v (bench/proc.mjs measureRun; 0 = unknown when
 * /usr/bin/time is missing). Every run is checked: exit 0, index.html, report.md, report.json and
 * tables/*.csv written, index.html under the size budget, report.json's metrics count every excerpt
 * (`corpus.excerpts`), every lever L1–L7 and MeMoQ dimension, and the staff respondents; impact and
 * audit sections present; and all runs byte-identical (the report is deterministic).
 * Exit 0 pass, 1 budget missed or wrong output, 2 cannot run (no build, no report command yet, bad
 * arguments). The figures are also written to bench/out/report-bench.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeTotals, ensureReportProject } from './generate-report-project.mjs';
import { measureRun } from './proc.mjs';
import { benchOptions } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const FORMATS = 'html,md,json,csv';
const LEVERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'];
const MEMOQ = ['welbevinden', 'betrokkenheid', 'emotionele-ondersteuning', 'educatieve-ondersteuning', 'omgeving', 'gezinnen-diversiteit'];

function fail(msg, code = 2) {
  process.stderr.write(`report-bench: ${msg}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  return benchOptions(argv, {
    script: 'report-bench',
    usage: '[--runs 3] [--warmup 0] [--excerpts 1000000] [--respondents 100000] [--crm-rows N] [--files N] [--seed 1] [--project DIR] [--regenerate] [--budget-seconds 30] [--budget-mb 1500] [--budget-html-mb 5] [--keep] [--cli bin/hefboom.js]',
    defaults: { runs: 3, warmup: 0, budgetSeconds: 30, budgetMb: 1500, budgetHtmlMb: 5, keep: false, cli: join(root, 'bin', 'hefboom.js'), gen: {} },
    options: {
      '--runs': { key: 'runs', type: 'int', min: 1 }, '--warmup': { key: 'warmup', type: 'int' },
      '--budget-seconds': { key: 'budgetSeconds', type: 'number' }, '--budget-mb': { key: 'budgetMb', type: 'number' },
      '--budget-html-mb': { key: 'budgetHtmlMb', type: 'number' }, '--keep': { key: 'keep', type: 'flag' }, '--cli': { key: 'cli', type: 'path' },
      '--project': { key: 'gen.out', type: 'path' }, '--excerpts': { key: 'gen.excerpts', type: 'int', min: 1 },
      '--respondents': { key: 'gen.respondents', type: 'int', min: 1 }, '--crm-rows': { key: 'gen.crmRows', type: 'int', min: 9 },
      '--files': { key: 'gen.files', type: 'int', min: 1 }, '--seed': { key: 'gen.seed', type: 'int' }, '--regenerate': { key: 'gen.force', type: 'flag' },
    },
  });
}

/** Relative path → sha256 of every file under `dir`, sorted, to compare runs byte for byte. */
function hashTree(dir, base = dir, out = {}) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) hashTree(p, base, out);
    else out[relative(base, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
  }
  return out;
}

const at = (obj, path) => path.split('.').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), obj);

/**
 * The staff respondents as the report states them. The metric's exact path is the report builder's
 * choice; these are the places it may sit, most specific first. Returns { path, value } or null.
 */
function respondentFigure(j) {
  const candidates = [
    'metrics.survey.staff.respondents', 'metrics.impact.respondents', 'metrics.survey.medewerkers.respondents',
    'provenance.counts.respondents', 'provenance.counts.staffRespondents', 'provenance.counts.survey.staff.respondents',
  ];
  for (const path of candidates) {
    const value = at(j, path);
    if (typeof value === 'number') return { path, value };
  }
  // Flat provenance counts such as "survey medewerkers respondents" or "respondents.staff".
  for (const [key, value] of Object.entries(j.provenance?.counts ?? {})) {
    if (typeof value === 'number' && /respond/i.test(key) && /staff|medewerk/i.test(key)) return { path: `provenance.counts.${key}`, value };
  }
  return null;
}

/** What is wrong with one run's output ([] when nothing is). */
function verify(run, outDir, totals, o) {
  if (run.status !== 0) {
    const err = (run.stderr || '').trim().split('\n').slice(0, 8).join(' | ');
    return [`exit code ${run.status}${err ? `: ${err}` : ''}`];
  }
  const problems = [];
  const html = join(outDir, 'index.html');
  for (const f of ['index.html', 'report.md', 'report.json']) if (!existsSync(join(outDir, f))) problems.push(`${f} was not written`);
  const csvs = existsSync(join(outDir, 'tables')) ? readdirSync(join(outDir, 'tables')).filter((f) => f.endsWith('.csv')) : [];
  if (!csvs.length) problems.push('no tables/*.csv written');
  run.htmlBytes = existsSync(html) ? statSync(html).size : 0;
  run.csvFiles = csvs.length;
  if (run.htmlBytes > o.budgetHtmlMb * 1e6) problems.push(`index.html is ${(run.htmlBytes / 1e6).toFixed(2)} MB, over the ${o.budgetHtmlMb} MB budget`);
  let j;
  try {
    j = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
  } catch (e) {
    problems.push(`report.json is not readable JSON (${e.message})`);
    return problems;
  }
  const excerptsWanted = totals.excerpts + (totals.openAnswers ?? 0);
  const excerpts = at(j, 'metrics.corpus.excerpts');
  if (excerpts !== excerptsWanted) problems.push(`metrics.corpus.excerpts = ${excerpts}, expected ${excerptsWanted}`);
  const documents = at(j, 'metrics.corpus.documents');
  const documentsWanted = totals.documents + (totals.openAnswers ? 1 : 0);
  if (documents !== documentsWanted) problems.push(`metrics.corpus.documents = ${documents}, expected ${documentsWanted}`);
  const missingLevers = LEVERS.filter((l) => typeof at(j, `metrics.levers.${l}.excerpts`) !== 'number');
  if (missingLevers.length) problems.push(`no metrics.levers.<L>.excerpts for ${missingLevers.join(', ')}`);
  const missingDims = MEMOQ.filter((d) => typeof at(j, `metrics.memoq.${d}.excerpts`) !== 'number');
  if (missingDims.length) problems.push(`no metrics.memoq.<id>.excerpts for ${missingDims.join(', ')}`);
  const resp = respondentFigure(j);
  run.respondents = resp;
  if (!resp) problems.push('report.json states no staff respondent count (looked in metrics.survey.staff.respondents, metrics.impact.respondents, provenance.counts)');
  else if (resp.value !== totals.respondents) problems.push(`${resp.path} = ${resp.value}, expected ${totals.respondents}`);
  const kinds = new Set((j.sections ?? []).map((s) => s.kind));
  for (const k of ['overview', 'lever', 'memoq', 'impact', 'audit', 'method']) if (!kinds.has(k)) problems.push(`no section of kind "${k}"`);
  return problems;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n, d = 2) => n.toFixed(d);

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.cli === join(root, 'bin', 'hefboom.js') && !existsSync(join(root, 'dist', 'cli', 'main.js'))) fail('dist/ is missing: run `npm run build` first');
  if (!existsSync(o.cli)) fail(`${o.cli} does not exist`);

  const project = await ensureReportProject({ ...o.gen, quiet: true });
  const totals = project.totals;
  const work = mkdtempSync(join(tmpdir(), 'hefboom-report-bench-out-'));
  const argsFor = (out) => [o.cli, 'report', '-p', project.dir, '--out', out, '--format', FORMATS, '--quiet'];
  const shown = ['node', ...argsFor('TMP').map((a) => (a.startsWith(`${root}/`) ? relative(root, a) : a))].join(' ');
  const cpu = cpus();
  console.log('');
  console.log('hefboom report benchmark');
  console.log(`  node      ${process.version} (${process.platform} ${process.arch})`);
  console.log(`  cpus      ${cpu.length} × ${cpu[0]?.model?.trim() ?? 'unknown'}; memory ${fmt(totalmem() / 2 ** 30, 1)} GiB`);
  console.log(`  project   ${project.dir}${project.reused ? ' (cached)' : ''}`);
  for (const line of describeTotals(totals)) console.log(`            ${line}`);
  console.log(`  command   ${shown}`);
  console.log(`  budgets   ${o.budgetSeconds} s wall (median), ${o.budgetMb} MB peak RSS (every run), index.html < ${o.budgetHtmlMb} MB (MB = 10^6 bytes)`);
  console.log('');

  const runOnce = (label) => {
    const out = join(work, label);
    const r = measureRun(argsFor(out), { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    // A command that is not there yet is not a failed budget: the bench cannot run.
    if (r.status !== 0 && /not built yet|unknown command/i.test(r.stderr ?? '')) {
      rmSync(work, { recursive: true, force: true });
      fail(`\`hefboom report\` is not available in this build: ${(r.stderr ?? '').trim().split('\n')[0]}`);
    }
    r.problems = verify(r, out, totals, o);
    r.hashes = r.status === 0 && existsSync(out) ? hashTree(out) : null;
    if (!o.keep) rmSync(out, { recursive: true, force: true });
    else r.out = out;
    return r;
  };

  for (let i = 0; i < o.warmup; i++) {
    const r = runOnce(`warmup-${i + 1}`);
    console.log(`  warm-up ${i + 1}: ${fmt(r.seconds)} s, ${fmt(r.peakMb, 1)} MB${r.problems.length ? `  ✗ ${r.problems.join('; ')}` : ''}`);
  }

  const runs = [];
  console.log('  run   seconds   peak RSS MB   index.html MB   csv files');
  for (let i = 0; i < o.runs; i++) {
    const r = runOnce(`run-${i + 1}`);
    runs.push(r);
    console.log(`  ${String(i + 1).padStart(3)}   ${fmt(r.seconds).padStart(7)}   ${(r.peakMb ? fmt(r.peakMb, 1) : '–').padStart(11)}   ${(r.htmlBytes ? fmt(r.htmlBytes / 1e6, 2) : '–').padStart(13)}   ${String(r.csvFiles ?? '–').padStart(9)}${r.problems.length ? '   ✗ output wrong' : ''}`);
  }
  if (!o.keep) rmSync(work, { recursive: true, force: true });

  const medSeconds = median(runs.map((r) => r.seconds));
  const maxMb = Math.max(...runs.map((r) => r.peakMb));
  const maxHtml = Math.max(...runs.map((r) => r.htmlBytes ?? 0));
  const problems = runs.flatMap((r, i) => r.problems.map((p) => `run ${i + 1}: ${p}`));
  // Byte-identical outputs across runs: the report promises determinism, so a difference is a failure.
  const first = runs.find((r) => r.hashes)?.hashes;
  runs.forEach((r, i) => {
    if (!first || !r.hashes) return;
    const names = [...new Set([...Object.keys(first), ...Object.keys(r.hashes)])];
    const differ = names.filter((n) => first[n] !== r.hashes[n]);
    if (differ.length) problems.push(`run ${i + 1} differs from run 1 in ${differ.slice(0, 5).join(', ')}${differ.length > 5 ? ` and ${differ.length - 5} more` : ''}`);
  });
  const timeOk = medSeconds <= o.budgetSeconds;
  const memKnown = maxMb > 0;
  const memOk = !memKnown || maxMb <= o.budgetMb;
  const htmlOk = maxHtml > 0 && maxHtml <= o.budgetHtmlMb * 1e6;
  const resp = runs.find((r) => r.respondents)?.respondents;
  console.log(`  median ${fmt(medSeconds).padStart(7)}`);
  console.log('');
  console.log(`  time      ${timeOk ? 'PASS' : 'FAIL'}  median ${fmt(medSeconds)} s ${timeOk ? '≤' : '>'} ${o.budgetSeconds} s  (slowest ${fmt(Math.max(...runs.map((r) => r.seconds)))} s)`);
  console.log(`  memory    ${memKnown ? (memOk ? 'PASS' : 'FAIL') : 'n/a '}  ${memKnown ? `max peak RSS ${fmt(maxMb, 1)} MB ${memOk ? '≤' : '>'} ${o.budgetMb} MB` : 'no /usr/bin/time: peak RSS unknown'}`);
  console.log(`  html      ${htmlOk ? 'PASS' : 'FAIL'}  ${maxHtml ? `index.html ${fmt(maxHtml / 1e6, 2)} MB ${htmlOk ? '≤' : '>'} ${o.budgetHtmlMb} MB` : 'index.html not written'}`);
  console.log(`  output    ${problems.length ? 'FAIL' : 'PASS'}  corpus.excerpts = ${totals.excerpts + (totals.openAnswers ?? 0)}, 7 levers, 6 dimensions, ${totals.respondents} respondents${resp ? ` (${resp.path})` : ''}, impact and audit sections, runs byte-identical`);
  for (const p of problems) console.log(`            ✗ ${p}`);
  const pass = timeOk && memOk && htmlOk && !problems.length;
  console.log('');
  console.log(`  ${pass ? 'PASS' : 'FAIL'}`);

  const record = {
    node: process.version,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model?.trim() ?? null,
    project: { path: project.dir, params: project.params, totals },
    command: shown,
    budgets: { seconds: o.budgetSeconds, peakRssMb: o.budgetMb, htmlMb: o.budgetHtmlMb },
    runs: runs.map((r) => ({ seconds: Math.round(r.seconds * 1000) / 1000, peakRssMb: Math.round(r.peakMb * 10) / 10, htmlBytes: r.htmlBytes ?? null, csvFiles: r.csvFiles ?? null, exit: r.status })),
    median: { seconds: Math.round(medSeconds * 1000) / 1000 },
    pass,
    problems,
  };
  try {
    mkdirSync(join(here, 'out'), { recursive: true });
    writeFileSync(join(here, 'out', 'report-bench.json'), `${JSON.stringify(record, null, 2)}\n`);
  } catch { /* the record is a convenience */ }
  process.exitCode = pass ? 0 : 1;
}

main().catch((e) => fail(`internal error: ${e?.stack ?? e}`));
