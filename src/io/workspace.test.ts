import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjectFile } from './project.js';
import { openWorkspace } from './workspace.js';

/** A project without a codebook, as an ad-hoc run has. */
function bareProject() {
  const dir = mkdtempSync(join(tmpdir(), 'hefboom-ws-'));
  writeFileSync(join(dir, 'hefboom.yaml'), 'name: kaal\nsources: []\n');
  return loadProjectFile(join(dir, 'hefboom.yaml')).project!;
}

describe('workspace code names without a codebook', () => {
  it('implicit codes: a tag is taken as written, a name with spaces (a Word comment) under its slug, both counted', async () => {
    const ws = await openWorkspace(bareProject(), { implicitCodes: true });
    expect(ws.resolveTag('voordoen')).toEqual({ ok: true, codeId: 'voordoen' });
    expect(ws.resolveName('Feedback geven en krijgen')).toEqual({ ok: true, codeId: 'feedback-geven-en-krijgen' });
    expect(ws.resolveName(' Coöperatief leren ')).toEqual({ ok: true, codeId: 'coöperatief-leren' });
    expect(ws.resolveName('L3')).toMatchObject({ ok: true, codeId: 'fw:levers:L3' });
    expect([...ws.undefinedCodes.keys()]).toEqual(['voordoen', 'feedback-geven-en-krijgen', 'coöperatief-leren']);
  });

  it('with a codebook expected, an unknown name stays an error', async () => {
    const ws = await openWorkspace(bareProject(), {});
    expect(ws.resolveName('Feedback geven en krijgen').ok).toBe(false);
  });
});
