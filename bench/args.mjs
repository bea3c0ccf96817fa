/**
 * Command-line options of the bench and generator scripts, from one table per script, so each
 * script states its options instead of parsing them again:
 *
 *   const o = benchOptions(process.argv.slice(2), {
 *     script: 'tally-bench', usage: '[--runs 3] …',
 *     defaults: { runs: 3 },
 *     options: { '--runs': { key: 'runs', type: 'int', min: 1 }, '--keep': { key: 'keep', type: 'flag' } },
 *   });
 *
 * Types: `int` (a whole number ≥ min), `number` (≥ min; `above` for strictly greater), `path`
 * (resolved against the working directory), `string`, `flag` (true when given). A key with a dot
 * (`gen.excerpts`) sets a nested object. `pass` options are not parsed but collected, with their
 * value, in `passed` (for a generator's own parser; `as` renames them). `--name=value` works for every
 * option with a value; `--help`/`-h` prints the usage. A bad or unknown option exits with 2.
 */
import { resolve } from 'node:path';

export function benchOptions(argv, spec) {
  const o = structuredClone(spec.defaults ?? {});
  const passed = [];
  const fail = (msg) => {
    process.stderr.write(`${spec.script}: ${msg}\nusage: node bench/${spec.script}.mjs ${spec.usage ?? ''}\n`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    if (name === '--help' || name === '-h') {
      process.stdout.write(`usage: node bench/${spec.script}.mjs ${spec.usage ?? ''}\n`);
      process.exit(0);
    }
    const opt = spec.options[name];
    if (!opt) fail(`unknown option ${a}`);
    if (opt.type === 'flag') {
      set(o, opt.key, opt.value ?? true);
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) fail(`${name} needs a value`);
    if (opt.type === 'pass') { passed.push(opt.as ?? name, raw); continue; }
    set(o, opt.key, value(name, raw, opt, fail));
  }
  return spec.pass !== undefined || Object.values(spec.options).some((x) => x.type === 'pass') ? { ...o, passed } : o;
}

function value(name, raw, opt, fail) {
  if (opt.type === 'path') return resolve(raw);
  if (opt.type === 'string') return raw;
  const n = Number(raw);
  const min = opt.min ?? 0;
  if (!Number.isFinite(n) || n < min || (opt.above !== undefined && !(n > opt.above)) || (opt.max !== undefined && n > opt.max)) {
    fail(`${name} needs a number${opt.above !== undefined ? ` > ${opt.above}` : ` ≥ ${min}`}${opt.max !== undefined ? ` and ≤ ${opt.max}` : ''}, got "${raw}"`);
  }
  if (opt.type === 'int' && !Number.isInteger(n)) fail(`${name} needs a whole number, got "${raw}"`);
  return n;
}

function set(o, key, v) {
  const parts = key.split('.');
  let t = o;
  for (const p of parts.slice(0, -1)) t = t[p] ??= {};
  t[parts[parts.length - 1]] = v;
}
