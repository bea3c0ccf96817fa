import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_LIMITS, ZipError, openZip, unsafePathReason, zipToBuffer, type ZipLimits } from './zip.js';

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;

let root: string;
let counter = 0;
beforeAll(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'hefboom-zip-'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function writeTemp(data: Buffer | string, ext = '.qdpx'): Promise<string> {
  const path = join(root, `case-${++counter}${ext}`);
  await fs.writeFile(path, data);
  return path;
}

/** Each local and central header of `zip`, with where its name and size fields sit. */
function headers(zip: Buffer): { kind: 'local' | 'central'; at: number; name: string; nameAt: number; sizeAt: number }[] {
  const out: { kind: 'local' | 'central'; at: number; name: string; nameAt: number; sizeAt: number }[] = [];
  for (let i = 0; i + 46 <= zip.length; i++) {
    const sig = zip.readUInt32LE(i);
    if (sig === LOCAL_SIG) {
      const len = zip.readUInt16LE(i + 26);
      out.push({ kind: 'local', at: i, name: zip.toString('utf8', i + 30, i + 30 + len), nameAt: i + 30, sizeAt: i + 22 });
    } else if (sig === CENTRAL_SIG) {
      const len = zip.readUInt16LE(i + 28);
      out.push({ kind: 'central', at: i, name: zip.toString('utf8', i + 46, i + 46 + len), nameAt: i + 46, sizeAt: i + 24 });
    }
  }
  return out;
}

/** yazl refuses unsafe names, so write a placeholder of equal length and overwrite it in both headers. */
function patchName(zip: Buffer, placeholder: string, evil: string): Buffer {
  expect(Buffer.byteLength(evil)).toBe(Buffer.byteLength(placeholder));
  const out = Buffer.from(zip);
  const hits = headers(out).filter((h) => h.name === placeholder);
  expect(hits.map((h) => h.kind).sort()).toEqual(['central', 'local']);
  for (const h of hits) out.write(evil, h.nameAt, 'utf8');
  return out;
}

/** Make an entry lie about its uncompressed size in both headers. */
function patchSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const hits = headers(out).filter((h) => h.name === name);
  expect(hits).toHaveLength(2);
  for (const h of hits) out.writeUInt32LE(size, h.sizeAt);
  return out;
}

async function zipError(p: Promise<unknown>): Promise<ZipError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ZipError);
  return err as ZipError;
}

async function openFails(zip: Buffer, limits?: Partial<ZipLimits>): Promise<ZipError> {
  return zipError(openZip(await writeTemp(zip), limits));
}

describe('zipToBuffer + openZip round trip', () => {
  const files = [
    { name: 'project.qde', data: '<?xml version="1.0" encoding="utf-8"?><Project name="Kinderopvang"/>' },
    { name: 'sources/café.txt', data: 'Begeleidster: “we leren van elkaar”\n' },
    { name: 'sources/deep/nested/blob.bin', data: Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) % 256)) },
  ];

  it('lists the entries with sizes and reads back the exact bytes', async () => {
    const buf = await zipToBuffer(files);
    const reader = await openZip(await writeTemp(buf));
    try {
      expect(reader.entries.map((e) => e.name)).toEqual(files.map((f) => f.name));
      for (const [i, f] of files.entries()) {
        const bytes = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
        const info = reader.entries[i];
        expect(info.uncompressedSize).toBe(bytes.length);
        expect(info.compressedSize).toBeGreaterThan(0);
        expect(info.isDirectory).toBe(false);
        expect((await reader.read(f.name)).equals(bytes)).toBe(true);
      }
    } finally {
      reader.close();
    }
  });

  it('is deterministic: same input, byte-identical output', async () => {
    const a = await zipToBuffer(files);
    const b = await zipToBuffer(files);
    expect(a.equals(b)).toBe(true);
  });

  it('stamps 2000-01-01 00:00:00 whatever the time zone', async () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      const a = await zipToBuffer(files);
      process.env.TZ = 'Asia/Tokyo';
      const b = await zipToBuffer(files);
      expect(a.equals(b)).toBe(true);
      const dosDate = ((2000 - 1980) << 9) | (1 << 5) | 1;
      for (const h of headers(a)) {
        const off = h.kind === 'local' ? 10 : 12;
        expect(a.readUInt16LE(h.at + off)).toBe(0); // time 00:00:00
        expect(a.readUInt16LE(h.at + off + 2)).toBe(dosDate);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('marks directory entries', async () => {
    const buf = await zipToBuffer([{ name: 'sources/', data: '' }, { name: 'sources/a.txt', data: 'a' }]);
    const reader = await openZip(await writeTemp(buf));
    try {
      expect(reader.entries.map((e) => [e.name, e.isDirectory])).toEqual([['sources/', true], ['sources/a.txt', false]]);
      expect((await reader.read('sources/')).length).toBe(0);
    } finally {
      reader.close();
    }
  });
});

describe('zip-slip', () => {
  const cases: [placeholder: string, evil: string][] = [
    ['xx/evil.txt', '../evil.txt'],
    ['xetc/evil', '/etc/evil'],
    ['a/bb/cc/evil', 'a/../../evil'],
    ['xx/evil.txt', '..\\evil.txt'], // yazl rewrites backslashes to /, so patch it in afterwards
    ['XX/evil.txt', 'C:/evil.txt'],
  ];
  for (const [placeholder, evil] of cases) {
    it(`refuses ${evil}`, async () => {
      const buf = await zipToBuffer([{ name: 'project.qde', data: '<Project/>' }, { name: placeholder, data: 'pwned' }]);
      const err = await openFails(patchName(buf, placeholder, evil));
      expect(err.code).toBe('zip-unsafe-path');
      // yauzl reports backslash names with forward slashes; either spelling names the entry.
      expect(err.entry?.replace(/\\/g, '/')).toBe(evil.replace(/\\/g, '/'));
      expect(err.message).toContain('evil');
    });
  }

  it('recognises unsafe names itself, not only through yauzl', () => {
    for (const bad of ['/x', 'C:\\x', 'C:/x', 'c:x', '..', '../x', 'a/../../x', '..\\x', 'a\\..\\b', 'a\u0000b']) {
      expect(unsafePathReason(bad), bad).not.toBeNull();
    }
    for (const ok of ['project.qde', 'sources/café.txt', 'a/..b/c', 'a/b../c', './x', 'sources/']) {
      expect(unsafePathReason(ok), ok).toBeNull();
    }
  });
});

describe('limits on the central directory', () => {
  it('refuses more entries than maxEntries', async () => {
    const buf = await zipToBuffer([1, 2, 3, 4, 5].map((i) => ({ name: `f${i}.txt`, data: `file ${i}` })));
    const err = await openFails(buf, { maxEntries: 3 });
    expect(err.code).toBe('zip-too-many-entries');
    expect(err.hint).toContain('--max-entries');
    // exactly at the limit is fine
    const ok = await openZip(await writeTemp(buf), { maxEntries: 5 });
    ok.close();
  });

  it('refuses an entry whose declared size is over maxEntryBytes', async () => {
    const buf = await zipToBuffer([{ name: 'sources/big.txt', data: Buffer.alloc(5000, 'a') }]);
    const err = await openFails(buf, { maxEntryBytes: 1000 });
    expect(err.code).toBe('zip-entry-too-large');
    expect(err.entry).toBe('sources/big.txt');
    expect(err.message).toContain('sources/big.txt');
    expect(err.message).toMatch(/ MB/);
    expect(err.hint).toContain('--max-entry-mb');
  });

  it('refuses archives whose declared sizes add up to more than maxTotalBytes', async () => {
    const buf = await zipToBuffer([1, 2, 3].map((i) => ({ name: `s${i}.txt`, data: Buffer.alloc(1500, 'b') })));
    const err = await openFails(buf, { maxTotalBytes: 3000 });
    expect(err.code).toBe('zip-too-large');
    expect(err.hint).toContain('--max-total-mb');
    const ok = await openZip(await writeTemp(buf), { maxTotalBytes: 4500 });
    ok.close();
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_ZIP_LIMITS).toEqual({ maxEntries: 10_000, maxEntryBytes: 256 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024 });
  });
});

describe('limits on inflated bytes', () => {
  it('stops an entry that inflates past its (lying) declared size', async () => {
    const buf = await zipToBuffer([{ name: 'bomb.bin', data: Buffer.alloc(200_000) }]);
    const reader = await openZip(await writeTemp(patchSize(buf, 'bomb.bin', 100)));
    try {
      expect(reader.entries[0].uncompressedSize).toBe(100); // the lie passes the declared checks
      let data: Buffer | undefined;
      const err = await zipError(reader.read('bomb.bin').then((d) => { data = d; }));
      expect(err.code).toBe('zip-entry-too-large');
      expect(err.entry).toBe('bomb.bin');
      expect(data).toBeUndefined();
    } finally {
      reader.close();
    }
  });

  it('counts bytes over all read() calls against maxTotalBytes', async () => {
    const buf = await zipToBuffer([{ name: 'a.txt', data: Buffer.alloc(1500, 'c') }]);
    const reader = await openZip(await writeTemp(buf), { maxTotalBytes: 2000 });
    try {
      expect((await reader.read('a.txt')).length).toBe(1500);
      const err = await zipError(reader.read('a.txt'));
      expect(err.code).toBe('zip-too-large');
    } finally {
      reader.close();
    }
  });
});

describe('other failures', () => {
  it('reports a text file as unreadable', async () => {
    const err = await zipError(openZip(await writeTemp('dit is geen zip\n'.repeat(20), '.txt')));
    expect(err.code).toBe('zip-unreadable');
    expect(err.message).toContain('not a readable ZIP archive');
    expect(err.hint).toMatch(/export/i);
  });

  it('reports a missing file as unreadable', async () => {
    const err = await zipError(openZip(join(root, 'does-not-exist.qdpx')));
    expect(err.code).toBe('zip-unreadable');
  });

  it('reports a missing entry and honours a lower maxBytes', async () => {
    const buf = await zipToBuffer([{ name: 'project.qde', data: Buffer.alloc(4000, 'x') }]);
    const reader = await openZip(await writeTemp(buf));
    try {
      const missing = await zipError(reader.read('sources/nope.txt'));
      expect(missing.code).toBe('zip-missing-entry');
      expect(missing.entry).toBe('sources/nope.txt');

      const small = await zipError(reader.read('project.qde', 1000));
      expect(small.code).toBe('zip-entry-too-large');
      expect(small.entry).toBe('project.qde');
      // the lower limit is per call only
      expect((await reader.read('project.qde')).length).toBe(4000);
    } finally {
      reader.close();
    }
  });

  it('reports damaged data (bad checksum) as unreadable', async () => {
    const buf = await zipToBuffer([{ name: 'a.txt', data: 'hello, hello, hello' }]);
    const central = headers(buf).find((h) => h.kind === 'central')!;
    const bad = Buffer.from(buf);
    bad.writeUInt32LE((bad.readUInt32LE(central.at + 16) ^ 1) >>> 0, central.at + 16);
    const reader = await openZip(await writeTemp(bad));
    try {
      expect((await zipError(reader.read('a.txt'))).code).toBe('zip-unreadable');
    } finally {
      reader.close();
    }
  });

  it('escapes control characters of hostile names in messages', async () => {
    const buf = await zipToBuffer([{ name: 'x.txt', data: 'x' }]);
    const reader = await openZip(await writeTemp(buf));
    try {
      const err = await zipError(reader.read('\u001b[31mred'));
      expect(err.message).not.toContain('\u001b');
      expect(err.message).toContain('\\u001b');
    } finally {
      reader.close();
    }
  });
});
