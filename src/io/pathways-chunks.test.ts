/**
 * A register read in ranges and merged (pathways-chunks.ts) must equal the register read from the
 * top: same persons in the same order, same columns, same issues in the same order. The ranges are
 * made tiny here (down to one record each) and read in this thread, so every person of the fixtures
 * crosses a range boundary somewhere; the fixtures include a quoted cell with a line break, event
 * rows of interleaved persons, and each kind of bad input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjectFile, type PathwayEntry } from './project.js';
import { loadPathwayMapping } from './pathway-mapping.js';
import { readPathwayRegister } from './pathways.js';
import { readRegisterChunks } from './pathways-chunks.js';
import { planCsvChunks } from './csv-chunks.js';

const repo = join(import.meta.dirname, '..', '..');
const fixtures = join(repo, 'fixtures', 'pathways');
const entry = (path: string, mapping: string, layout: 'person' | 'event'): PathwayEntry => ({ path, mapping, layout, name: 'register' });

const CASES: [string, string, 'person' | 'event'][] = [
  ['register-person.csv', 'mapping-person.yaml', 'person'],
  ['register-event.csv', 'mapping-event.yaml', 'event'],
  ['bad-conflicting-values.csv', 'mapping-event.yaml', 'event'],
  ['bad-unknown-phase-event.csv', 'mapping-event.yaml', 'event'],
  ['bad-dates-backwards.csv', 'mapping-basic.yaml', 'person'],
  ['bad-duplicate-person.csv', 'mapping-basic.yaml', 'person'],
  ['bad-exit-without-reason.csv', 'mapping-basic.yaml', 'person'],
  ['bad-mixed-dates.csv', 'mapping-basic.yaml', 'person'],
  ['bad-unknown-phase.csv', 'mapping-basic.yaml', 'person'],
  ['bad-unknown-reason.csv', 'mapping-basic.yaml', 'person'],
  ['bad-unreadable-date.csv', 'mapping-basic.yaml', 'person'],
  ['bad-missing-columns.csv', 'mapping-basic.yaml', 'person'],
];

describe('readPathwayRegister in ranges equals the reading from the top', () => {
  for (const [file, mapping, layout] of CASES) {
    it(`${file} (${layout})`, async () => {
      const e = entry(file, mapping, layout);
      const whole = await readPathwayRegister(fixtures, e);
      for (const bytes of [1, 40, 150, 600]) {
        const inRanges = await readPathwayRegister(fixtures, e, { chunks: { bytes, inline: true } });
        expect(inRanges, `ranges of ${bytes} bytes`).toEqual(whole);
      }
    });
  }

  it('the example project, in ranges of 2 kB (about 15 records each)', async () => {
    const loaded = loadProjectFile(join(repo, 'examples', 'esf-trajecten', 'hefboom.yaml'));
    const p = loaded.project!;
    const e = p.pathways[0];
    const whole = await readPathwayRegister(p.root, e);
    expect(whole.register!.persons).toBeGreaterThan(600);
    expect(await readPathwayRegister(p.root, e, { chunks: { bytes: 2048, inline: true } })).toEqual(whole);
  });

  it('clean registers are merged, not read again from the top', async () => {
    for (const [file, mapping, layout] of CASES.slice(0, 2)) {
      const e = entry(file, mapping, layout);
      const m = loadPathwayMapping(join(fixtures, mapping), mapping, layout).mapping!;
      const r = await readRegisterChunks(fixtures, join(fixtures, file), e, m, { bytes: 40, workers: 0 }, [], {});
      expect(r).not.toBe('read-from-top');
    }
  });

  it('a person whose value differs across ranges is read again from the top (the message needs the earlier row)', async () => {
    const e = entry('bad-conflicting-values.csv', 'mapping-event.yaml', 'event');
    const m = loadPathwayMapping(join(fixtures, 'mapping-event.yaml'), 'mapping-event.yaml', 'event').mapping!;
    expect(await readRegisterChunks(fixtures, join(fixtures, e.path), e, m, { bytes: 1, workers: 0 }, [], {})).toBe('read-from-top');
  });
});

describe('planCsvChunks', () => {
  const write = (body: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-chunks-'));
    const f = join(dir, 'r.csv');
    writeFileSync(f, body);
    return f;
  };

  it('cuts only at line breaks outside quotes, and gives each range its first line', () => {
    const f = write('id;note\nA;"twee\nregels"\nB;x\nC;"""quoted"""\nD;y\n');
    expect(planCsvChunks(f, 1, 0x0a)).toEqual([
      { start: 0, end: 8, line: 1 },
      { start: 8, end: 24, line: 2 },
      { start: 24, end: 28, line: 4 },
      { start: 28, end: 43, line: 5 },
      { start: 43, end: 47, line: 6 },
    ]);
  });

  it('one range for a file smaller than the range size; the last range ends at the end of the file', () => {
    const f = write('id\nA\nB');
    expect(planCsvChunks(f, 1 << 20, 0x0a)).toEqual([{ start: 0, end: 6, line: 1 }]);
    expect(planCsvChunks(f, 3, 0x0a)).toEqual([{ start: 0, end: 3, line: 1 }, { start: 3, end: 6, line: 2 }]);
  });

  it('old Mac files break on CR', () => {
    const f = write('id\rA\rB\r');
    expect(planCsvChunks(f, 2, 0x0d)).toEqual([{ start: 0, end: 3, line: 1 }, { start: 3, end: 5, line: 2 }, { start: 5, end: 7, line: 3 }]);
  });
});
