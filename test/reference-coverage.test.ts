/**
 * Every case of ../shared/reference/statistics.json must be reproduced by a test that names its id
 * (the tests keep their own copies of the numbers). Skips when ../shared is absent (a user's clone).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './run-cli.js';

const reference = join(repoRoot, '..', 'shared', 'reference', 'statistics.json');

describe.skipIf(!existsSync(reference))('reference cases (../shared/reference/statistics.json)', () => {
  const cases = (JSON.parse(readFileSync(reference, 'utf8')) as { cases: { id: string }[] }).cases;
  const tests = readdirSync(join(repoRoot, 'src', 'stats')).filter((f) => f.endsWith('.test.ts')).map((f) => readFileSync(join(repoRoot, 'src', 'stats', f), 'utf8')).join('\n');
  it.each(cases.map((c) => c.id))('%s has a test in src/stats', (id) => {
    expect(tests).toContain(id);
  });
});
