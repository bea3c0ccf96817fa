// Time budgets of the statistics core (issue: statistics core), measured on the built code:
//   Krippendorff's α, nominal, 20 coders × 200,000 units, 10 % missing   ≤ 2 s
//   Cronbach's α, 100,000 respondents × 40 items                         ≤ 1 s
//   OLS, 1,000,000 × 10                                                   ≤ 3 s
// Each is run 3 times after a warm-up; the median is compared with the budget. Exit 1 when over.
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { krippendorffAlpha } from '../dist/stats/krippendorff-alpha.js';
import { cronbachAlpha } from '../dist/stats/cronbach-alpha.js';
import { ols } from '../dist/stats/ols.js';
import { seededRandom } from '../dist/stats/random.js';

const rnd = seededRandom(20261123);

function alphaData() {
  const units = 200_000;
  const truth = Array.from({ length: units }, () => 1 + Math.floor(rnd() * 5));
  return Array.from({ length: 20 }, () => truth.map((t) => (rnd() < 0.1 ? null : rnd() < 0.8 ? t : 1 + Math.floor(rnd() * 5))));
}
function cronbachData() {
  const rows = [];
  for (let i = 0; i < 100_000; i++) {
    const trait = rnd() * 4;
    const r = [];
    for (let j = 0; j < 40; j++) r.push(Math.min(5, Math.round(1 + trait + rnd())));
    rows.push(r);
  }
  return rows;
}
function olsData() {
  const n = 1_000_000, p = 10, X = new Array(n), y = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Array(p);
    let s = 1;
    for (let j = 0; j < p; j++) { row[j] = rnd(); s += (j + 1) * row[j]; }
    X[i] = row;
    y[i] = s + (rnd() - 0.5);
  }
  return { X, y };
}

const cases = [
  { name: "Krippendorff's α, nominal, 20 × 200,000, 10 % missing", budget: 2, data: alphaData, run: (d) => krippendorffAlpha(d, { metric: 'nominal' }) },
  { name: "Cronbach's α, 100,000 × 40", budget: 1, data: cronbachData, run: (d) => cronbachAlpha(d, { missing: 'listwise' }) },
  { name: 'OLS, 1,000,000 × 10', budget: 3, data: olsData, run: (d) => ols(d.y, d.X) },
];

console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`);
let failed = false;
for (const c of cases) {
  const data = c.data();
  c.run(data); // warm-up
  const times = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    c.run(data);
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  const median = times[1];
  const ok = median <= c.budget;
  failed ||= !ok;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${c.name}: median ${median.toFixed(2)} s (runs ${times.map((t) => t.toFixed(2)).join(', ')}; budget ${c.budget} s)`);
}
process.exit(failed ? 1 : 0);
