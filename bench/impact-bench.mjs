#!/usr/bin/env node
/**
 * Impact benchmark (issue 7): a CRM export of 1,000,000 contact-moment rows (bench/generate-crm.mjs,
 * about 111,000 trajectories) and a staff survey of 100,000 respondents joined to it on trajectory
 * id; `hefboom impact --format json` must run in ≤ 15 s and ≤ 800 MB peak RSS.
 *
 *   node bench/impact-bench.mjs [--runs 3] [--respondents 100000] [--regenerate]
 *
 * The survey (seeded, UTF-8, `;`, 12 items of every type) and a project file `impact-hefboom.yaml`
 * are written next to the cached CRM export. Wall time: spawn to exit; peak RSS: GNU time -v, else
 * /proc VmHWM sampling (bench/proc.mjs). Exit 0 pass, 1 budget missed or wrong output, 2 cannot run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCrm } from './generate-crm.mjs';
import { mulberry32 } from './prng.mjs';
import { measureRun } from './proc.mjs';
import { benchOptions } from './args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { runs, respondents, regenerate } = benchOptions(process.argv.slice(2), {
  script: 'impact-bench',
  usage: '[--runs 3] [--respondents 100000] [--regenerate]',
  defaults: { runs: 3, respondents: 100_000, regenerate: false },
  options: { '--runs': { key: 'runs', type: 'int', min: 1 }, '--respondents': { key: 'respondents', type: 'int', min: 1 }, '--regenerate': { key: 'regenerate', type: 'flag' } },
});
const BUDGET_S = 15;
const BUDGET_MB = 800;

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const crm = await ensureCrm({ force: regenerate });
const dir = crm.dir;
const trajectories = crm.trajectories;

const surveyFile = join(dir, 'data', `medewerkers-${respondents}.csv`);
if (!existsSync(surveyFile) || regenerate) {
  const rnd = mulberry32(7);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const akkoord = ['helemaal niet akkoord', 'niet akkoord', 'neutraal', 'akkoord', 'helemaal akkoord'];
  const lines = ['respondent;traject;werkgever;functie;effect;tevreden;duurzaam;toepassing;motivatie;aanpassing;type_zelf;tijd_buiten;kanalen;opmerking'];
  for (let r = 1; r <= respondents; r++) {
    const t = `TR${String(1 + Math.floor(rnd() * trajectories)).padStart(7, '0')}`;
    const lik = () => (rnd() < 0.03 ? 'weet niet' : akkoord[Math.min(4, Math.floor(rnd() * 3) + Math.floor(rnd() * 3))]);
    lines.push([
      `R${r}`, t, pick(['Werkgever A', 'Werkgever B', 'Werkgever C', 'Werkgever D', 'Werkgever E']), pick(['kinderbegeleider', 'verantwoordelijke']),
      lik(), lik(), lik(), lik(), lik(), pick(['ja', 'nee']), pick(['type 1', 'type 2', 'type 2', 'type 3', 'type 4', 'weet niet']),
      `${(rnd() * 10).toFixed(1).replace('.', ',')}`, pick(['vloer', 'vloer|overleg', 'overleg', '']), rnd() < 0.2 ? 'Meer tijd op de vloer zou helpen.' : '',
    ].join(';'));
  }
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(surveyFile, `${lines.join('\n')}\n`);
}
writeFileSync(join(dir, 'bevraging.yaml'), `# Synthetic staff survey definition (bench/impact-bench.mjs)
respondent: respondent
trajectory: traject
attributes: [werkgever, functie]
missing: [weet niet]
scales:
  akkoord5: [helemaal niet akkoord, niet akkoord, neutraal, akkoord, helemaal akkoord]
items:
  - { id: effect, type: likert, scale: akkoord5, headline: true }
  - { id: tevreden, type: likert, scale: akkoord5, headline: true }
  - { id: duurzaam, type: likert, scale: akkoord5, headline: true }
  - { id: toepassing, type: likert, scale: akkoord5 }
  - { id: motivatie, type: likert, scale: akkoord5 }
  - { id: aanpassing, type: single, options: [ja, nee], headline: true }
  - { id: type_zelf, type: single, options: [type 1, type 2, type 3, type 4, weet niet], missing: [] }
  - { id: tijd_buiten, type: number, unit: uur, min: 0 }
  - { id: kanalen, type: multiple, options: [vloer, overleg], separator: "|" }
  - { id: opmerking, type: text }
constructs:
  - { id: impact, items: [effect, duurzaam, toepassing] }
`);
const projectFile = join(dir, 'impact-hefboom.yaml');
writeFileSync(projectFile, `name: Impact benchmark (synthetisch)
surveys:
  - path: data/${surveyFile.split('/').pop()}
    kind: staff
    definition: bevraging.yaml
    window: 2023-01-01..2023-12-31
crm:
  - path: data/crm-contactmomenten.csv
    mapping: crm-mapping.yaml
    unit: contact
`);

console.log(`impact-bench: ${trajectories} trajectories from ${crm.rows} contact rows, ${respondents} respondents`);
console.log(`  measures  node bin/hefboom.js impact -p ${projectFile} --format json`);
const results = [];
for (let i = 0; i < runs; i++) {
  const r = measureRun([join(root, 'bin', 'hefboom.js'), 'impact', '-p', projectFile, '--format', 'json']);
  if (r.status !== 0) { console.error(r.stderr.slice(0, 2000)); process.exit(1); }
  const out = JSON.parse(r.stdout);
  if (out.response.respondents + out.uncounted.length !== respondents) { console.error('respondents do not add up'); process.exit(1); }
  results.push(r);
  console.log(`  run ${i + 1}: ${r.seconds.toFixed(2)} s, ${r.peakMb.toFixed(0)} MB (respondents counted ${out.response.respondents}, trajectories in window ${out.response.trajectoriesInWindow})`);
}
const median = results.map((r) => r.seconds).sort((a, b) => a - b)[Math.floor(results.length / 2)];
const peak = Math.max(...results.map((r) => r.peakMb));
const ok = median <= BUDGET_S && peak <= BUDGET_MB;
console.log(`  median ${median.toFixed(2)} s (budget ${BUDGET_S}), peak ${peak.toFixed(0)} MB (budget ${BUDGET_MB}) — ${ok ? 'PASS' : 'FAIL'}`);
process.exit(ok ? 0 : 1);
