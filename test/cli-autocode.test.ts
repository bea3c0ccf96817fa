/**
 * `hefboom autocode` as a user runs it: suggestions and their evaluation on a small project whose
 * right answers are known by construction, and the error paths.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hefboom, json } from './run-cli.js';

let dir: string;
const project = (codebook: string) => {
  const p = mkdtempSync(join(dir, 'p-'));
  writeFileSync(join(p, 'hefboom.yaml'), 'name: autocode\ncodebook: codebook.yaml\nsources:\n  - path: "*.txt"\n    format: transcript\n');
  writeFileSync(join(p, 'codebook.yaml'), codebook);
  // Four paragraphs: feedback is suggested in 1, 2 and 4 and coded by hand in 1, 3 and 4.
  writeFileSync(join(p, 'gesprek.txt'), [
    'Cursist: Ik durf het niet te zeggen als iets fout loopt. #feedback',
    'Mentor: Later zeggen we het wel eens.',
    'Cursist: Ze geeft me pas op het einde van de dag een opmerking. #feedback',
    'Mentor: Ik wil het niet zeggen waar de ouders bij zijn. #feedback',
  ].join('\n\n'));
  return p;
};

beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'hefboom-autocode-')); });

describe('hefboom autocode', () => {
  const codebook = 'codes:\n  - id: feedback\n    levers: [L3]\n    keywords: ["/niet (te )?zeggen/", later zeggen]\n';

  it('suggests codings as coder "autocode" and says which the human coder also gave', () => {
    const r = hefboom(['autocode', '-p', project(codebook), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const j = json(r);
    expect(j.mode).toBe('suggest');
    expect(j.suggestions.map((s: any) => [s.excerpt, s.code, s.keyword, s.human, s.coder])).toEqual([
      ['gesprek/p1', 'feedback', '/niet (te )?zeggen/', true, 'autocode'],
      ['gesprek/p2', 'feedback', 'later zeggen', false, 'autocode'],
      ['gesprek/p4', 'feedback', '/niet (te )?zeggen/', true, 'autocode'],
    ]);
  });

  it('--evaluate gives precision, recall, F1 and κ against the human coding', () => {
    const r = hefboom(['autocode', '-p', project(codebook), '--evaluate', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const f = json(r).codes[0];
    // both 2 (p1, p4), auto only 1 (p2), human only 1 (p3), neither 0.
    expect(f).toMatchObject({ code: 'feedback', tp: 2, fp: 1, fn: 1, tn: 0, human: 3, suggested: 3 });
    expect(f.precision).toBeCloseTo(2 / 3, 10);
    expect(f.recall).toBeCloseTo(2 / 3, 10);
    // κ = (po − pe)/(1 − pe): po = 2/4, pe = (3/4)(3/4) + (1/4)(1/4) = 10/16.
    expect(f.kappa).toBeCloseTo((0.5 - 10 / 16) / (1 - 10 / 16), 10);
  });

  it('a broken pattern stops with the code and the pattern (exit 2)', () => {
    const r = hefboom(['autocode', '-p', project('codes:\n  - id: feedback\n    keywords: ["/niet (durven/"]\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/codebook\.yaml:2.*code "feedback": keyword "\/niet \(durven\/" not a valid regular expression/s);
  });

  it('a codebook without keywords says what to add (exit 2)', () => {
    const r = hefboom(['autocode', '-p', project('codes:\n  - id: feedback\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no code in the codebook has `keywords:`/);
  });
});
