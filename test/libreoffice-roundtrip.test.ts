/**
 * A real writer's output (issue 10): LibreOffice (Debian's libreoffice-writer-nogui, installed by
 * .ci/run) saves a native transcript as .docx and as .odt; both must read back to the same excerpts
 * (text, speaker, codes) as the native transcript. Skips outside CI when LibreOffice is absent; under
 * CI=true a missing LibreOffice fails the test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRoleTable } from '../src/model/roles.js';
import { CodeIndex, parseCodebook } from '../src/model/codebook.js';
import { BUILTIN_FRAMEWORK_IDS, loadBuiltinFramework } from '../src/model/framework.js';
import type { Document, Framework } from '../src/model/types.js';
import { parseTranscript } from '../src/io/transcript.js';
import { readDocxContent } from '../src/io/wordproc/docx.js';
import { readOdtContent } from '../src/io/wordproc/odt.js';
import { wordDocuments } from '../src/io/wordproc/wordproc-document.js';
import { repoRoot } from './run-cli.js';

const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
const inCi = process.env.CI === 'true';
const fixtures = join(repoRoot, 'fixtures', 'docx');
const native = join(fixtures, 'equivalent', 'annelies', 'gesprek-twee-codeurs.txt');

const frameworks = new Map<string, Framework>(BUILTIN_FRAMEWORK_IDS.map((id) => [id, loadBuiltinFramework(id)]));
const index = new CodeIndex(parseCodebook(readFileSync(join(fixtures, 'codebook.yaml'), 'utf8'), 'codebook.yaml', frameworks).codebook, frameworks);
const rules = { roles: createRoleTable(), speakers: {}, anyLabel: false };
const resolveTag = (t: string) => index.resolveTag(t);

/** What must survive the round trip: each excerpt's text, speaker and codes. */
const shape = (d: Document) => d.excerpts.map((x) => ({ text: x.text, speaker: x.speaker.label, role: x.speaker.role, codes: x.codings.map((c) => c.codeId).sort() }));

describe.skipIf(!soffice && !inCi)('documents saved by LibreOffice', () => {
  it('a native transcript saved as .docx and as .odt reads back to the same excerpts', { timeout: 120_000 }, async () => {
    expect(soffice, 'LibreOffice (soffice) is needed under CI=true: .ci/run installs libreoffice-writer-nogui').not.toBe('');
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-lo-'));
    copyFileSync(native, join(dir, 'gesprek.txt'));
    for (const to of ['docx', 'odt']) {
      execFileSync(soffice, ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--infilter=Text (encoded):UTF8,LF,,,', '--convert-to', to, '--outdir', dir, join(dir, 'gesprek.txt')], { stdio: 'ignore', timeout: 100_000 });
    }
    const want = parseTranscript(readFileSync(native, 'utf8'), { file: 'gesprek.txt', coder: 'A', speakerRules: rules, resolveTag });
    expect(want.document!.excerpts.length).toBe(20);
    for (const [format, read] of [['docx', readDocxContent], ['odt', readOdtContent]] as const) {
      const r = await read(join(dir, `gesprek.${format}`), `gesprek.${format}`);
      expect(r.issues.filter((i) => i.severity === 'error'), format).toEqual([]);
      const w = wordDocuments(r.content!, { file: `gesprek.${format}`, coder: 'A', speakerRules: rules, resolveTag, resolveCode: (t) => index.resolveName(t), format, headings: 'section' });
      expect(w.issues.filter((i) => i.severity === 'error'), format).toEqual([]);
      expect(w.documents.length, format).toBe(1);
      expect(shape(w.documents[0]), format).toEqual(shape(want.document!));
    }
  });
});
