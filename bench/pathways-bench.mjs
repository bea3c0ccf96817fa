#!/usr/bin/env node
/**
 * Learner-pathway benchmark (issue 9): a register of 1,000,000 persons and about 5,000,000 event rows
 * (bench/generate-register.mjs, ~250 MB of CSV, layout event). `hefboom pathways funnel` and
 * `hefboom pathways survival` (both --format json, parsing included) must each run in ≤ 15 s and
 * ≤ 1.5 GB peak RSS (median of the runs for time, every run for memory).
 *
 *   node bench/pathways-bench.mjs [--runs 3] [--persons 1000000] [--regenerate]
 *
 * Wall time: spawn to exit; peak RSS from GNU time -v (bench/proc.mjs). The outputs are checked: the
 * funnel's base counts every person, and survival follows some starters.
 * Exit 0 pass, 1 budget missed or wrong output, 2 cannot run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRegister, DEFAULT_PERSONS } from './generate-register.mjs';
import { measureRun } from './proc.mjs';
import { benchOptions } from './args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { runs, persons, regenerate } = benchOptions(process.argv.slice(2), {
  script: 'pathways-bench',
  usage: '[--runs 3] [--persons 1000000] [--regenerate]',
  defaults: { runs: 3, persons: DEFAULT_PERSONS, regenerate: false },
  options: { '--runs': { key: 'runs', type: 'int', min: 1 }, '--persons': { key: 'persons', type: 'int', min: 1 }, '--regenerate': { key: 'regenerate', type: 'flag' } },
});
const BUDGET_S = 15;
const BUDGET_MB = 1500;

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
let reg;
try {
  reg = await ensureRegister({ persons, force: regenerate });
} catch (e) {
  console.error(`pathways-bench: cannot make the register: ${e.message}`);
  process.exit(2);
}
console.log(`pathways-bench: ${reg.dir} (${reg.reused ? 'cached' : 'generated'}), ${JSON.stringify(reg.totals)}`);
console.log(`  budgets   ${BUDGET_S} s wall (median), ${BUDGET_MB} MB peak RSS (every run), per command`);

let ok = true;
for (const [command, check] of [
  ['funnel', (out) => out.groups[0].base === persons],
  ['survival', (out) => out.groups[0].n > 0 && out.groups[0].events > 0],
]) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = measureRun([join(root, 'bin', 'hefboom.js'), 'pathways', command, '-p', reg.dir, '--format', 'json', '-q']);
    if (r.status !== 0) { console.error(r.stderr.slice(0, 2000)); process.exit(1); }
    if (!check(JSON.parse(r.stdout))) { console.error(`  ${command}: unexpected output`); ok = false; }
    results.push(r);
    console.log(`  ${command.padEnd(8)} run ${i + 1}: ${r.seconds.toFixed(2)} s, ${r.peakMb.toFixed(0)} MB`);
  }
  const median = results.map((r) => r.seconds).sort((a, b) => a - b)[Math.floor(results.length / 2)];
  const peak = Math.max(...results.map((r) => r.peakMb));
  const pass = median <= BUDGET_S && peak <= BUDGET_MB;
  ok &&= pass;
  console.log(`  ${command.padEnd(8)} median ${median.toFixed(2)} s, peak ${peak.toFixed(0)} MB — ${pass ? 'PASS' : 'FAIL'}`);
}
console.log(ok ? '  PASS' : '  FAIL');
process.exit(ok ? 0 : 1);
