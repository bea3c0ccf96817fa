import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDirAtomic, writeFileAtomic } from './write.js';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'hefboom-write-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** Temp/old leftovers (`.<base>.<pid>.<random>.tmp|old`) anywhere below `dir`. */
async function leftovers(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir, { recursive: true });
  return names.filter((n) => /\.(tmp|old)$/.test(n));
}

describe('writeFileAtomic', () => {
  it('writes the content and leaves no temp file', async () => {
    const target = join(root, 'out.csv');
    await writeFileAtomic(target, 'a,b\n1,2\n');
    expect(await fs.readFile(target, 'utf8')).toBe('a,b\n1,2\n');
    expect(await fs.readdir(root)).toEqual(['out.csv']);
  });

  it('writes bytes as given', async () => {
    const target = join(root, 'bom.csv');
    await writeFileAtomic(target, new Uint8Array([0xef, 0xbb, 0xbf, 0x41]));
    expect([...(await fs.readFile(target))]).toEqual([0xef, 0xbb, 0xbf, 0x41]);
  });

  it('creates missing parent directories', async () => {
    const target = join(root, 'a', 'b', 'c.md');
    await writeFileAtomic(target, '# x\n');
    expect(await fs.readFile(target, 'utf8')).toBe('# x\n');
  });

  it('replaces an existing file and keeps its permissions', async () => {
    const target = join(root, 'out.json');
    await fs.writeFile(target, 'old content that is longer');
    await fs.chmod(target, 0o640);
    await writeFileAtomic(target, '{}\n');
    expect(await fs.readFile(target, 'utf8')).toBe('{}\n');
    if (process.platform !== 'win32') expect((await fs.stat(target)).mode & 0o777).toBe(0o640);
    expect(await leftovers(root)).toEqual([]);
  });

  it('writes through a symlink instead of replacing it', async () => {
    if (process.platform === 'win32') return; // symlinks need privileges there
    const real = join(root, 'real.txt');
    const link = join(root, 'link.txt');
    await fs.writeFile(real, 'old');
    await fs.symlink(real, link);
    await writeFileAtomic(link, 'new');
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(real, 'utf8')).toBe('new');
  });

  it('removes the temp file and rethrows when the rename fails', async () => {
    // A directory in the way makes the final rename fail after the temp file was written.
    const target = join(root, 'taken');
    await fs.mkdir(target);
    await fs.writeFile(join(target, 'keep'), 'x');
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(await leftovers(root)).toEqual([]);
    expect(await fs.readFile(join(target, 'keep'), 'utf8')).toBe('x');
  });
});

describe('writeDirAtomic', () => {
  it('builds a new directory (parents created) and leaves no temp dir', async () => {
    const target = join(root, 'rapport', '2023');
    let seen = '';
    await writeDirAtomic(target, async (tmp) => {
      seen = tmp;
      await fs.writeFile(join(tmp, 'index.md'), '# rapport\n');
    });
    expect(seen).not.toBe(target); // built elsewhere, then renamed
    expect(await fs.readFile(join(target, 'index.md'), 'utf8')).toBe('# rapport\n');
    expect(await fs.readdir(join(root, 'rapport'))).toEqual(['2023']);
  });

  it('replaces an existing directory, removing the old contents', async () => {
    const target = join(root, 'out');
    await fs.mkdir(join(target, 'sub'), { recursive: true });
    await fs.writeFile(join(target, 'stale.csv'), 'old');
    await fs.writeFile(join(target, 'sub', 'x'), 'old');
    await writeDirAtomic(target, async (tmp) => {
      await fs.writeFile(join(tmp, 'fresh.csv'), 'new');
    });
    expect(await fs.readdir(target)).toEqual(['fresh.csv']);
    expect(await fs.readdir(root)).toEqual(['out']);
  });

  it('leaves the existing directory untouched when build fails', async () => {
    const target = join(root, 'out');
    await fs.mkdir(target);
    await fs.writeFile(join(target, 'keep.csv'), 'old');
    await expect(
      writeDirAtomic(target, async (tmp) => {
        await fs.writeFile(join(tmp, 'half.csv'), 'x');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await fs.readdir(target)).toEqual(['keep.csv']);
    expect(await fs.readdir(root)).toEqual(['out']);
  });

  it('refuses to replace a file or a directory holding the working directory', async () => {
    const file = join(root, 'file');
    await fs.writeFile(file, 'x');
    await expect(writeDirAtomic(file, async () => {})).rejects.toThrow(/not a directory/);
    expect(await fs.readFile(file, 'utf8')).toBe('x');

    // Work inside the temp dir so that a broken guard could only ever wipe test files.
    const project = join(root, 'project');
    const inner = join(project, 'deep');
    await fs.mkdir(inner, { recursive: true });
    await fs.writeFile(join(project, 'hefboom.yaml'), 'name: x\n');
    const before = process.cwd();
    process.chdir(inner);
    try {
      await expect(writeDirAtomic('.', async () => {})).rejects.toThrow(/refusing/);
      await expect(writeDirAtomic(project, async () => {})).rejects.toThrow(/refusing/);
    } finally {
      process.chdir(before);
    }
    expect(await fs.readFile(join(project, 'hefboom.yaml'), 'utf8')).toBe('name: x\n');
    expect(await leftovers(root)).toEqual([]);
  });
});
