/**
 * Every case of ../shared/reference/statistics.json must be reproduced by a test that names its id
 * (the tests keep their own copies of the numbers). Skips when ../shared is absent (a user's clone).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './run-cli.js';

const reference = join(repoRoot, '..', 'shared', 'reference', 'statistics.json');

// describe.skipIf still runs its body to collect the tests, so nothing may be read when the file is absent.
const cases = existsSync(reference) ? (JSON.parse(readFileSync(reference, 'utf8')) as { cases: { id: string }[] }).cases : [];

describe.skipIf(!cases.length)('reference cases (../shared/reference/statistics.json)', () => {
  const tests = readdirSync(join(repoRoot, 'src', 'stats')).filter((f) => f.endsWith('.test.ts')).map((f) => readFileSync(join(repoRoot, 'src', 'stats', f), 'utf8')).join('\n');
  it.each(cases.length ? cases.map((c) => c.id) : ['(none)'])('%s has a test in src/stats', (id) => {
    expect(tests).toContain(id);
  });
});
