/**
 * `hefboom import vtt|srt FILE… --out DIR`: subtitle files become native transcripts that read back
 * with the same tallies and start times as the originals. Three CLI runs (two imports, one bad
 * input); the read-back is checked in process with the functions `tally` and `quotes` use.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { hefboom, json, repoRoot } from './run-cli.js';
import type { Document } from '../src/model/types.js';
import type { Workspace } from '../src/io/workspace.js';
import { adHocProject } from '../src/cli/common.js';
import { loadProjectFile } from '../src/io/project.js';
import { openWorkspace } from '../src/io/workspace.js';
import { loadCorpus } from '../src/io/corpus.js';
import { emptyPartial, mergePartial, tallyDocument, type TallySpec } from '../src/analysis/tally.js';
import { provenance } from '../src/analysis/quotes.js';

const SUBTITLES = join(repoRoot, 'fixtures', 'subtitles');
const VTT = join(SUBTITLES, 'overleg-drie-sprekers.vtt');
const SRT = join(SUBTITLES, 'overleg.srt');
const CODEBOOK = join(SUBTITLES, 'codebook.yaml');
const rel = (p: string) => relative(repoRoot, p);

let dir: string;
let vttOut: string;
let srtOut: string;
let vttRun: ReturnType<typeof hefboom>;
let srtRun: ReturnType<typeof hefboom>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hefboom-cli-import-transcripts-'));
  vttOut = join(dir, 'vtt');
  srtOut = join(dir, 'srt');
  vttRun = hefboom(['import', 'vtt', rel(VTT), '--codebook', rel(CODEBOOK), '--out', vttOut, '--format', 'json']);
  srtRun = hefboom(['import', 'srt', rel(SRT), '--codebook', rel(CODEBOOK), '--out', srtOut, '--format', 'json', '-q']);
});

const SPEC: TallySpec = { by: { kind: 'code' }, unit: 'excerpts', selection: {} };

/** Documents as analyses see them (one coder per document), and the `tally --by code` counts. */
async function analyse(ws: Workspace): Promise<{ docs: Document[]; counts: Record<string, number> }> {
  const scan = await loadCorpus(ws);
  expect([...ws.issues, ...scan.issues].filter((i) => i.severity === 'error')).toEqual([]);
  const docs = scan.chosen.map((c) => c.summary);
  const merged = docs.reduce((acc, d) => mergePartial(acc, tallyDocument(d, SPEC, ws.index)), emptyPartial('excerpts'));
  return { docs, counts: { ...Object.fromEntries(merged.rowAll), '(units)': merged.total } };
}

async function imported(out: string) {
  const p = loadProjectFile(join(out, 'hefboom.yaml'));
  expect(p.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return analyse(await openWorkspace(p.project!));
}

async function originals(file: string) {
  return analyse(await openWorkspace(adHocProject([rel(file)], rel(CODEBOOK))));
}

const times = (docs: Document[]) => docs.flatMap((d) => d.excerpts.map((x) => provenance(x, d).replace(/^.*@/, '@')));

describe('hefboom import vtt|srt', () => {
  it('writes one native transcript per file, with times, codes and the codebook', () => {
    expect(vttRun.code, vttRun.stderr).toBe(0);
    expect(srtRun.code, srtRun.stderr).toBe(0);
    expect(json(vttRun)).toMatchObject({
      hefboom: 'import', kind: 'vtt', documents: 1, codes: 5, implicitCodes: [], transcripts: 1, segmentDocuments: 0,
      coders: [{ name: 'default', documents: 1, codings: 5 }], primaryCoder: null,
      placed: [{ id: 'overleg-drie-sprekers', coder: 'default', route: 'transcript', path: 'transcripts/default/overleg-drie-sprekers.txt', paragraphs: 6, codings: 5 }],
    });
    expect(json(srtRun)).toMatchObject({ kind: 'srt', transcripts: 1, placed: [{ id: 'overleg', path: 'transcripts/default/overleg.txt' }] });
    expect(readdirSync(vttOut).sort()).toEqual(['IMPORT.md', 'codebook.yaml', 'hefboom.yaml', 'transcripts']);
    const t = readFileSync(join(srtOut, 'transcripts', 'default', 'overleg.txt'), 'utf8');
    expect(t.split('\n').slice(0, 6)).toEqual([
      '---',
      'id: "overleg"',
      '---',
      '[00:59:58] Mentor 1: Goeiemorgen, fijn dat je er bent voor ons startgesprek. We kijken eerst samen wat je al kan en wat je hier wil leren. #startgesprek',
      '',
      '[01:00:09] Cursist 2: In mijn vorige stage mocht ik vooral meekijken. Ik wil leren hoe ik een moeilijk moment aan tafel aanpak. #reflectie',
    ]);
    expect(readFileSync(join(vttOut, 'codebook.yaml'), 'utf8')).toContain('      - id: feedback-uitstellen\n        label: Negatieve feedback uitstellen\n');
    expect(readFileSync(join(vttOut, 'IMPORT.md'), 'utf8')).toContain('| overleg-drie-sprekers | default | 6 | 5 | transcripts/default/overleg-drie-sprekers.txt |');
    expect(vttRun.stderr).toContain(`wrote ${vttOut}/ (4 files)`);
  });

  it('reads back with the same tally by code, paragraphs and start times as the originals', async () => {
    for (const [file, out] of [[VTT, vttOut], [SRT, srtOut]]) {
      const before = await originals(file);
      const after = await imported(out);
      expect(after.counts).toEqual(before.counts);
      expect(after.counts).toEqual({ startgesprek: 1, reflectie: 1, feedback: 2, voordoen: 1, 'feedback-uitstellen': 1, '(units)': 6 });
      const paragraphs = (docs: Document[]) => docs.flatMap((d) => d.excerpts.map((x) => `${x.speaker.label}: ${x.text} ${x.codings.map((c) => c.codeId).join(' ')}`));
      expect(paragraphs(after.docs)).toEqual(paragraphs(before.docs));
      // What `hefboom quotes` prints after file:line.
      expect(times(after.docs)).toEqual(times(before.docs));
      expect(times(after.docs)).toEqual(['@00:59:58', '@01:00:09', '@01:00:25', '@01:00:29', '@01:00:29', '@01:00:40']);
    }
  });

  it('refuses a file whose extension does not fit the kind (exit 2), writing nothing', () => {
    const out = join(dir, 'verkeerd');
    const r = hefboom(['import', 'vtt', rel(SRT), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"fixtures/subtitles/overleg.srt" is not a vtt file: import vtt reads .vtt files');
    expect(r.stderr).toContain('hefboom import srt fixtures/subtitles/overleg.srt');
    expect(existsSync(out)).toBe(false);
  });
});
