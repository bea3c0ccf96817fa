/**
 * QDA interoperability through the CLI, as a user runs it: a REFI-QDA project in NVivo's style
 * (fixtures/qda/nvivo-stijl: CRLF text, emoji, UTF-16 offsets, two coders, a PDF source, case
 * variables, a set) read directly, imported, exported and imported again; QualCoder and Taguette CSVs;
 * `.qdc` codebooks; and the error paths.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { hefboom, json, repoRoot } from './run-cli.js';
import { zipEntry } from './zip-entry.js';
import { zipToBuffer } from '../src/io/qda/zip.js';

const fixture = join(repoRoot, 'fixtures', 'qda', 'nvivo-stijl');
const xsd = join(repoRoot, '..', 'shared', 'qda-samples', 'Project-mrt2019.xsd');
let dir: string;

let qdpx: string;

async function pack(files: { name: string; data: Buffer | string }[], name: string): Promise<string> {
  const p = join(dir, name);
  writeFileSync(p, await zipToBuffer(files));
  return p;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hefboom-cli-qda-'));
  qdpx = await pack([
    { name: 'project.qde', data: readFileSync(join(fixture, 'project.qde')) },
    ...readdirSync(join(fixture, 'Sources')).map((f) => ({ name: `Sources/${f}`, data: readFileSync(join(fixture, 'Sources', f)) })),
  ], 'nvivo-stijl.qdpx');
});

type TallyJson = { rows: { id: string; label: string; n: number }[]; denominator: { total: number } };
const counts = (t: TallyJson) => Object.fromEntries(t.rows.map((r) => [r.label, r.n]));

describe('a .qdpx read directly (ad hoc)', () => {
  it('counts coded references per code and coder: Coding@creatingUser, else the selection\'s creatingUser', () => {
    const a = hefboom(['tally', qdpx, '--by', 'code', '--unit', 'codings', '--coder', 'Annelies', '--format', 'json']);
    expect(a.code, a.stderr).toBe(0);
    expect(counts(json<TallyJson>(a))).toEqual({
      Feedback: 2, 'Feedback uitstellen': 1, 'Strategieën van mentoren': 3, Voordoen: 2, 'Duiding ontbreekt': 1, 'Benoemen wat je ziet': 1, Mentorschap: 0,
    });
    // Bert: one coding on a selection Annelies made (his own creatingUser), one without creatingUser on his selection.
    const b = hefboom(['tally', qdpx, '--by', 'code', '--unit', 'codings', '--coder', 'Bert', '--format', 'json']);
    expect(counts(json<TallyJson>(b))).toMatchObject({ Voordoen: 1, Mentorschap: 1, Feedback: 0 });
    expect(json<TallyJson>(b).denominator.total).toBe(2);
    expect(a.stderr).toMatch(/1 PDF source \(1 selection\) skipped/);
  });

  it('reads an unpacked project (project.qde beside its Sources/ folder) like the .qdpx', () => {
    const packed = hefboom(['tally', qdpx, '--by', 'code', '--unit', 'codings', '--format', 'csv']);
    const unpacked = hefboom(['tally', join(fixture, 'project.qde'), '--by', 'code', '--unit', 'codings', '--format', 'csv']);
    expect(unpacked.code, unpacked.stderr).toBe(0);
    expect(unpacked.stdout).toBe(packed.stdout);
  });

  it('makes each line of a text without blank lines a paragraph, with its speaker', () => {
    const r = hefboom(['tally', qdpx, '--by', 'role', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    // Focusgroep: 5 lines (onderzoeker, cursist ×2, mentor, verantwoordelijke); verslag: 3 lines (field notes).
    expect(counts(json<TallyJson>(r))).toMatchObject({ Cursist: 2, Mentor: 1, Verantwoordelijke: 1, Onderzoeker: 1 });
    expect(json<TallyJson>(r).denominator.total).toBe(8);
    const q = hefboom(['quotes', qdpx, '--code', 'duiding-ontbreekt', '--format', 'md']);
    expect(q.stdout).toContain('Ik zeg niet altijd waarom ik iets zo doe 😅 dat vergeet ik soms.');
    expect(q.stdout).not.toContain('Spannend');
  });
});

describe('hefboom import qdpx', () => {
  let out: string;
  beforeAll(() => {
    out = join(dir, 'project');
    const r = hefboom(['import', 'qdpx', qdpx, '--out', out, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const s = json(r);
    expect(s).toMatchObject({ documents: 2, references: 7, offsetRule: { chosen: 'utf16', switched: false } });
  });

  it('writes a runnable project whose counts equal reading the .qdpx directly', () => {
    for (const f of ['hefboom.yaml', 'codebook.yaml', 'IMPORT.md', 'meta/documenten.csv', 'segments/Annelies.csv', 'segments/Bert.csv', 'texts/Focusgroep KO3.txt']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(hefboom(['validate', '-p', out]).code).toBe(0);
    const direct = hefboom(['tally', qdpx, '--by', 'code', '--unit', 'codings', '--format', 'csv']).stdout;
    const imported = hefboom(['tally', '-p', out, '--by', 'code', '--unit', 'codings', '--format', 'csv']).stdout;
    expect(imported).toBe(direct);
    expect(imported).toContain('Voordoen');
  });

  it('keeps every selected text exactly (emoji before and inside selections, CRLF across paragraphs)', () => {
    const csv = readFileSync(join(out, 'segments', 'Annelies.csv'), 'utf8');
    expect(csv).toContain('Ik zeg niet altijd waarom ik iets zo doe 😅 dat vergeet ik soms.');
    expect(csv).toContain(',feedback-uitstellen,,Feedback krijg ik vooral aan het einde van de dag\n');
    expect(csv).toContain('"De mentor benoemt wat de kinderen doen tijdens het eten 🍎 en geeft de cursist een knipoog.\r\nNa de middag bespreken ze kort wat goed ging."');
    expect(readFileSync(join(out, 'segments', 'Bert.csv'), 'utf8')).toContain('We willen meer tijd maken voor een gesprek tussen mentor en cursist 👍👍.');
    // The text files are the sources as read: BOM dropped, CRLF kept.
    const text = readFileSync(join(out, 'texts', 'Focusgroep KO3.txt'), 'utf8');
    expect(text.startsWith('Interviewer:')).toBe(true);
    expect(text).toContain('\r\n');
  });

  it('turns case variables and sets into document attributes, and codes into a codebook with guids', () => {
    const meta = readFileSync(join(out, 'meta', 'documenten.csv'), 'utf8');
    expect(meta.split('\n')[0]).toBe('document,jaar,set,site');
    expect(meta).toContain('Focusgroep KO3,2,Focusgroepen,KO3');
    expect(meta).toContain('Verslag praktijkbezoek KO3,2,,KO3');
    const cb = readFileSync(join(out, 'codebook.yaml'), 'utf8');
    expect(cb).toContain('c0000000-0000-4000-8000-000000000011');
    expect(cb).toContain('color: "#e07a5f"');
    const t = json<TallyJson>(hefboom(['tally', '-p', out, '--by', 'set', '--unit', 'documents', '--format', 'json']));
    expect(counts(t)).toMatchObject({ Focusgroepen: 1 });
  });

  it('keeps comments (selections without a code) in memos.md with the passage they are about', () => {
    const memos = readFileSync(join(out, 'memos.md'), 'utf8');
    expect(memos).toContain('Nagaan bij de mentor: is dit een vaste gewoonte?');
    expect(memos).toContain('**Verslag praktijkbezoek KO3** (Bert');
    expect(memos).toContain('“Na de middag bespreken ze kort wat goed ging.”');
  });

  it('refuses a folder that is not empty, unless --force', () => {
    const r = hefboom(['import', 'qdpx', qdpx, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not empty/);
    expect(hefboom(['import', 'qdpx', qdpx, '--out', out, '--force', '-q']).code).toBe(0);
  });

  it('round trip: export qdpx (schema-valid) and import again gives the same texts, offsets and coders', async () => {
    const exported = join(dir, 'terug.qdpx');
    const e = hefboom(['export', 'qdpx', '-p', out, '--out', exported]);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stderr).toMatch(/2 documents, 2 coder\(s\)/);
    if (existsSync(xsd) && spawnSync('xmllint', ['--version']).status === 0) {
      const qde = join(dir, 'terug.qde');
      writeFileSync(qde, await zipEntry(exported, 'project.qde'));
      const v = spawnSync('xmllint', ['--noout', '--schema', xsd, qde], { encoding: 'utf8' });
      expect(v.status, v.stderr).toBe(0);
    }
    const again = join(dir, 'again');
    expect(hefboom(['import', 'qdpx', exported, '--out', again, '-q']).code).toBe(0);
    for (const f of ['segments/Annelies.csv', 'segments/Bert.csv', 'texts/Focusgroep KO3.txt', 'texts/Verslag praktijkbezoek KO3.txt', 'meta/documenten.csv']) {
      expect(readFileSync(join(again, f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
    }
    // Exporting twice gives the same bytes (reports in CI).
    const twice = join(dir, 'terug2.qdpx');
    hefboom(['export', 'qdpx', '-p', out, '--out', twice, '-q']);
    expect(readFileSync(twice).equals(readFileSync(exported))).toBe(true);
  });
});

describe('a .qdpx as a project source, with a codebook that maps its codes to levers by guid', () => {
  it('counts levers through the guid alias and adds the codes the codebook lacks', () => {
    const p = join(dir, 'bron-project');
    mkdirSync(p);
    writeFileSync(join(p, 'export.qdpx'), readFileSync(qdpx));
    writeFileSync(join(p, 'hefboom.yaml'), 'name: KO3\ncodebook: codebook.yaml\nprimary_coder: Annelies\nsources:\n  - path: export.qdpx\n    format: qdpx\n');
    writeFileSync(join(p, 'codebook.yaml'), 'codes:\n  - id: feedback\n    label: Feedback op de werkvloer\n    levers: [L3]\n    aliases: [c0000000-0000-4000-8000-000000000010]\n  - id: voordoen\n    levers: [L6]\n');
    const r = hefboom(['tally', '-p', p, '--by', 'lever', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const t = counts(json<TallyJson>(r));
    expect(t['Warm en veilig leerklimaat']).toBe(1);
    // voordoen (line 2) and its child duiding-ontbreekt (line 3) roll up to L6.
    expect(t['Strategieën van mentoren']).toBe(2);
    const codes = json<TallyJson>(hefboom(['tally', '-p', p, '--by', 'code', '--format', 'json']));
    expect(codes.rows.map((x) => x.id)).toEqual(expect.arrayContaining(['feedback', 'voordoen', 'feedback-uitstellen', 'mentorschap']));
  });
});

describe('codebooks (.qdc)', () => {
  it('export qdc and import qdc keep ids, labels, hierarchy and lever mappings', () => {
    const qdc = join(dir, 'codeboek.qdc');
    const e = hefboom(['export', 'qdc', '-p', 'examples/werkplekleren', '--out', qdc]);
    expect(e.code, e.stderr).toBe(0);
    expect(readFileSync(qdc, 'utf8')).toContain('urn:QDA-XML:codebook:1.0');
    const out = join(dir, 'cb');
    const i = hefboom(['import', 'qdc', qdc, '--out', out, '--format', 'json']);
    expect(i.code, i.stderr).toBe(0);
    const yaml = readFileSync(join(out, 'codebook.yaml'), 'utf8');
    const original = readFileSync(join(repoRoot, 'examples', 'werkplekleren', 'codebook.yaml'), 'utf8');
    const ids = (y: string) => [...y.matchAll(/^\s*(?:- )?id: (\S+)/gm)].map((m) => m[1]).sort();
    expect(ids(yaml)).toEqual(ids(original));
    expect(json(i)).toMatchObject({ codes: ids(original).length });
    expect(yaml).toMatch(/id: feedback\n(?:.*\n)*?\s+levers:\n\s+- L3/);
    expect(yaml).toContain('Continuïteit');
  });
});

describe('QualCoder and Taguette CSV exports given directly', () => {
  it('recognises a Taguette highlights export by its header', () => {
    const r = hefboom(['tally', 'fixtures/qda/taguette-highlights.csv', '--by', 'code', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(counts(json<TallyJson>(r))).toMatchObject({ Feedback: 3, 'Émotion': 1 });
  });
  it('filters a QualCoder coding report by coder', () => {
    const a = json<TallyJson>(hefboom(['tally', 'fixtures/qda/qualcoder-rapport.csv', '--by', 'code', '--coder', 'Bert', '--format', 'json']));
    const b = json<TallyJson>(hefboom(['tally', 'fixtures/qda/qualcoder-rapport.csv', '--by', 'code', '--coder', 'Annelies', '--format', 'json']));
    expect(a.denominator.total).toBeGreaterThan(0);
    expect(counts(a)).not.toEqual(counts(b));
  });
});

describe('bad QDA input', () => {
  it('a file that is not a zip: exit 2, naming the file', () => {
    const bad = join(dir, 'kapot.qdpx');
    writeFileSync(bad, 'dit is geen zip\n');
    const r = hefboom(['tally', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kapot\.qdpx.*not a readable ZIP/s);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
  it('an archive without a .qde: exit 2 and what a .qdpx should hold', async () => {
    const empty = await pack([{ name: 'sources/a.txt', data: 'tekst' }], 'leeg.qdpx');
    const r = hefboom(['import', 'qdpx', empty, '--out', join(dir, 'x1')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no \.qde project file/);
    expect(existsSync(join(dir, 'x1'))).toBe(false);
  });
  it('limits are configurable: --max-entries', () => {
    const r = hefboom(['import', 'qdpx', qdpx, '--out', join(dir, 'x2'), '--max-entries', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-entries/);
  });
  it('an unknown import kind and a missing --out are usage errors', () => {
    expect(hefboom(['import', 'docx', qdpx, '--out', join(dir, 'x3')]).code).toBe(2);
    expect(hefboom(['import', 'qdpx', qdpx]).stderr).toMatch(/--out DIR is required/);
  });
});
