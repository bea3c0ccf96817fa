/**
 * Acceptance of the REFI-QDA importer on real exports (../shared/qda-samples: NVivo 12.6 for Windows,
 * NVivo 15 for Mac, MAXQDA 24, ATLAS.ti 23, QualCoder 1.3.2). Expected figures are computed here
 * from the XML with regular expressions, independently of src/. Skips when ../shared is absent.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { hefboom, json, repoRoot } from './run-cli.js';
import { zipEntry } from './zip-entry.js';
import { readQdpx, type QdpxResult } from '../src/io/qda/qdpx.js';
import { openZip, zipToBuffer } from '../src/io/qda/zip.js';
import { createRoleTable } from '../src/model/roles.js';

const samples = join(repoRoot, '..', 'shared', 'qda-samples');
const have = existsSync(join(samples, 'nvivo-win-12.6-oltas0517.qdpx'));
const rules = { roles: createRoleTable([]), speakers: {}, anyLabel: false };
const read = (file: string): Promise<QdpxResult> => readQdpx({ file, absPath: file, speakerRules: rules });
const hasXmllint = () => spawnSync('xmllint', ['--version']).status === 0;

async function qdeOf(qdpx: string): Promise<string> {
  return (await zipEntry(qdpx, (n) => n.endsWith('.qde'))).toString('utf8');
}

/** Code tree from nested <Code> elements: guid → parent guid, by a tag stack. */
function codeTree(xml: string): Map<string, string | undefined> {
  const parent = new Map<string, string | undefined>();
  const stack: string[] = [];
  const body = xml.slice(xml.indexOf('<Codes'), xml.indexOf('</Codes>'));
  for (const m of body.matchAll(/<Code\b([^>]*?)(\/?)>|<\/Code>/g)) {
    if (m[0] === '</Code>') { stack.pop(); continue; }
    const guid = /guid="([^"]+)"/.exec(m[1])![1].toLowerCase();
    parent.set(guid, stack[stack.length - 1]);
    if (m[2] !== '/') stack.push(guid);
  }
  return parent;
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}\p{M}]/u.test(c);

describe.skipIf(!have)('REFI-QDA samples (../shared/qda-samples)', () => {
  const nvivo = join(samples, 'nvivo-win-12.6-oltas0517.qdpx');

  it('NVivo 12.6 (Windows): 2 documents, 152 codes, 303 codings; tally --unit codings agrees with the XML per code', async () => {
    const r = await read(nvivo);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.texts.size).toBe(2);
    expect(r.codes.length).toBe(152);
    expect(r.references.length).toBe(303);

    // Expected: Coding elements per code, rolled up to every ancestor (each coding once per code).
    const xml = await qdeOf(nvivo);
    const tree = codeTree(xml);
    const names = new Map([...xml.matchAll(/<Code guid="([^"]+)" name="([^"]*)"/g)].map((m) => [m[1].toLowerCase(), unescape(m[2])]));
    const rolled = new Map<string, number>([...tree.keys()].map((g) => [g, 0]));
    for (const m of xml.matchAll(/<CodeRef targetGUID="([^"]+)"/g)) {
      for (let g: string | undefined = m[1].toLowerCase(); g; g = tree.get(g)) rolled.set(g, rolled.get(g)! + 1);
    }
    const expected = [...rolled].map(([g, n]) => `${names.get(g)}\t${n}`).sort();
    const out = hefboom(['tally', nvivo, '--by', 'code', '--unit', 'codings', '--format', 'json']);
    expect(out.code).toBe(0);
    const t = json<{ rows: { label: string; n: number }[]; denominator: { total: number } }>(out);
    expect(t.denominator.total).toBe(303);
    expect(t.rows.map((row) => `${row.label}\t${row.n}`).sort()).toEqual(expected);
  });

  it('NVivo 12.6: at least 300 of 303 selections on word boundaries, each exactly the text NVivo selected (UTF-16, CRLF kept), emoji before a selection do not shift it', async () => {
    const r = await read(nvivo);
    expect(r.offsetRule?.chosen).toBe('utf16');
    const xml = await qdeOf(nvivo);
    // NVivo writes one Coding per selection: coding guid → the text under the UTF-16 offsets.
    const z = await openZip(nvivo);
    const srcText = new Map<string, string>();
    try {
      for (const e of z.entries) if (e.name.endsWith('.txt')) srcText.set(e.name.split('/').pop()!.replace('.txt', '').toLowerCase(), (await z.read(e.name)).toString('utf8').replace(/^\uFEFF/, ''));
    } finally {
      z.close();
    }
    const want = new Map<string, { text: string; afterEmoji: boolean }>();
    for (const src of xml.split('<TextSource ').slice(1)) {
      const text = srcText.get(/guid="([^"]+)"/.exec(src)![1].toLowerCase())!;
      for (const m of src.matchAll(/<PlainTextSelection[^>]*startPosition="(\d+)" endPosition="(\d+)"[^>]*>[\s\S]*?<Coding guid="([^"]+)"/g)) {
        const a = Number(m[1]);
        want.set(m[3].toLowerCase(), { text: text.slice(a, Number(m[2])), afterEmoji: /[\uD800-\uDBFF]/.test(text.slice(0, a)) });
      }
    }
    expect(want.size).toBe(303);
    let aligned = 0;
    let afterEmoji = 0;
    const cpsOf = new Map([...r.texts].map(([id, t]) => [id, Array.from(t.text)]));
    for (const ref of r.references) {
      const cps = cpsOf.get(ref.documentId)!;
      const got = cps.slice(ref.start, ref.end).join('');
      const w = want.get(ref.ref.toLowerCase())!;
      expect(got).toBe(w.text);
      if (w.afterEmoji) afterEmoji++;
      const okStart = !(isWord(cps[ref.start - 1]) && isWord(cps[ref.start]));
      const okEnd = !(isWord(cps[ref.end - 1]) && isWord(cps[ref.end]));
      if (okStart && okEnd) aligned++;
    }
    expect(afterEmoji).toBeGreaterThan(100);
    expect(aligned).toBeGreaterThanOrEqual(300);
  });

  it('MAXQDA 24 (.qde + sources packed by the test): 307 codes in their hierarchy with colours and descriptions, 10 documents, 2 sets', async () => {
    const qde = readFileSync(join(samples, 'maxqda-24-project.qde'));
    const z = await openZip(join(samples, 'maxqda-24-sources.zip'));
    const files: { name: string; data: Buffer }[] = [{ name: 'project.qde', data: qde }];
    try {
      for (const e of z.entries) if (e.name.startsWith('sources/') && !e.isDirectory) files.push({ name: e.name, data: await z.read(e.name) });
    } finally {
      z.close();
    }
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-maxqda-'));
    const packed = join(dir, 'maxqda.qdpx');
    writeFileSync(packed, await zipToBuffer(files));
    const r = await read(packed);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const xml = qde.toString('utf8');
    const tree = codeTree(xml);
    expect(r.codes.length).toBe(307);
    expect(tree.size).toBe(307);
    for (const c of r.codes) expect(c.parentKey).toBe(tree.get(c.key));
    expect(r.codes.filter((c) => c.color && /^#[0-9a-f]{6}$/i.test(c.color)).length).toBe(307);
    expect(r.codes.filter((c) => c.description?.trim()).length).toBe(307);
    expect(r.texts.size).toBe(10);
    expect(r.project!.sets.map((s) => s.name).sort()).toEqual(['ICLS 2024', 'ICLS 2025']);
    const bySet = new Map<string, number>();
    for (const d of r.documents) bySet.set(d.attributes.set, (bySet.get(d.attributes.set) ?? 0) + 1);
    expect(Object.fromEntries(bySet)).toEqual({ 'ICLS 2024': 5, 'ICLS 2025': 5 });

    // The CLI hands the codebook over with colours and descriptions intact.
    const out = join(dir, 'project');
    expect(hefboom(['import', 'qdpx', packed, '--out', out, '-q']).code).toBe(0);
    const yaml = readFileSync(join(out, 'codebook.yaml'), 'utf8');
    expect(yaml.match(/^\s*(?:- )?id: /gm)!.length).toBe(307);
    expect(yaml.match(/^\s*color: /gm)!.length).toBe(307);
    expect(readdirSync(join(out, 'texts')).length).toBe(10);
  });

  it('NVivo 15 for Mac and ATLAS.ti 23: codebook hierarchies intact', async () => {
    for (const [file, n] of [['nvivo-mac-15-codebook.qdpx', 262], ['atlasti-23-codebook.qdpx', 3]] as const) {
      const r = await read(join(samples, file));
      const tree = codeTree(await qdeOf(join(samples, file)));
      expect(r.codes.length).toBe(n);
      expect(tree.size).toBe(n);
      for (const c of r.codes) expect(c.parentKey).toBe(tree.get(c.key));
    }
    const atlas = await read(join(samples, 'atlasti-23-codebook.qdpx'));
    expect(atlas.codes.filter((c) => c.parentKey).map((c) => c.name).sort()).toEqual(['2022-02-11T10:39:25Z cdbfd92', '2022-05-10T02:05:59Z 19e4dce']);
  });

  it('QualCoder 1.3.2: 2 documents named after their files, 262 codes, 205 codings by cp', async () => {
    const r = await read(join(samples, 'qc-1.3.2-demo.qdpx'));
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect([...r.texts.keys()].sort()).toEqual(['admin-1', 'board_2017']);
    expect(r.codes.length).toBe(262);
    expect(r.references.length).toBe(205);
    expect(new Set(r.references.map((x) => x.coder))).toEqual(new Set(['cp']));
  });

  it('round trip: import → export → xmllint --schema → import again gives the same texts, coders, offsets and counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-roundtrip-'));
    const first = join(dir, 'first');
    expect(hefboom(['import', 'qdpx', nvivo, '--out', first, '-q']).code).toBe(0);
    const exported = join(dir, 'export.qdpx');
    const ex = hefboom(['export', 'qdpx', '-p', first, '--out', exported]);
    expect(ex.code, ex.stderr).toBe(0);
    if (hasXmllint()) {
      const qde = join(dir, 'export.qde');
      writeFileSync(qde, await zipEntry(exported, 'project.qde'));
      const v = spawnSync('xmllint', ['--noout', '--schema', join(samples, 'Project-mrt2019.xsd'), qde], { encoding: 'utf8' });
      expect(v.status, v.stderr).toBe(0);
    }
    const second = join(dir, 'second');
    expect(hefboom(['import', 'qdpx', exported, '--out', second, '-q']).code).toBe(0);
    for (const sub of ['texts', 'segments']) {
      const names = readdirSync(join(first, sub)).sort();
      expect(readdirSync(join(second, sub)).sort()).toEqual(names);
      for (const n of names) expect(readFileSync(join(second, sub, n), 'utf8')).toBe(readFileSync(join(first, sub, n), 'utf8'));
    }
    const tally = (p: string) => hefboom(['tally', '-p', p, '--by', 'code', '--unit', 'codings', '--format', 'csv']).stdout;
    expect(tally(second)).toBe(tally(first));
    expect(tally(first).split('\n').length).toBeGreaterThan(150);
  });
});
