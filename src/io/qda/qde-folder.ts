/**
 * A REFI-QDA project that is not zipped: a `.qde` file with its `sources/` (or `Sources/`) folder
 * beside it, as an unpacked `.qdpx` or MAXQDA's separate export leaves it. It is read through the
 * same interface as a zip, so the importer does not care which it got; the same size limits apply,
 * and only files inside the sources folder are listed (symbolic links are not followed).
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DEFAULT_ZIP_LIMITS, ZipError, type ZipEntryInfo, type ZipLimits, type ZipReader } from './zip.js';

export async function openQdeFolder(qdePath: string, limits?: Partial<ZipLimits>): Promise<ZipReader> {
  const lim = { ...DEFAULT_ZIP_LIMITS, ...(limits ?? {}) };
  const dir = dirname(qdePath);
  const files = new Map<string, string>();
  const entries: ZipEntryInfo[] = [];
  const add = async (name: string, abs: string) => {
    const st = await lstat(abs);
    if (!st.isFile()) return;
    if (entries.length >= lim.maxEntries) throw new ZipError('zip-too-many-entries', `the sources folder next to ${basename(qdePath)} holds more than ${lim.maxEntries} files`, { hint: 'raise the limit with --max-entries if that is right' });
    entries.push({ name, compressedSize: st.size, uncompressedSize: st.size, isDirectory: false });
    files.set(name, abs);
  };
  await add(basename(qdePath), qdePath);
  for (const folder of ['sources', 'Sources']) {
    const root = join(dir, folder);
    const walk = async (rel: string): Promise<void> => {
      let names: string[];
      try {
        names = (await readdir(join(root, rel))).sort();
      } catch {
        return;
      }
      for (const n of names) {
        const relName = rel ? `${rel}/${n}` : n;
        const st = await lstat(join(root, relName));
        if (st.isDirectory()) await walk(relName);
        else await add(`${folder}/${relName}`, join(root, relName));
      }
    };
    await walk('');
  }
  let total = 0;
  const read = async (name: string, maxBytes?: number): Promise<Buffer> => {
    const abs = files.get(name);
    if (!abs) throw new ZipError('zip-missing-entry', `there is no ${name} next to ${basename(qdePath)}`, { entry: name });
    const limit = Math.min(lim.maxEntryBytes, maxBytes ?? Infinity);
    const size = (await lstat(abs)).size;
    if (size > limit) throw new ZipError('zip-entry-too-large', `${name} is ${Math.round(size / 1048576)} MB, over the limit of ${Math.round(limit / 1048576)} MB`, { entry: name, hint: 'raise the limit (--max-entry-mb, --max-qde-mb) if you trust the file' });
    total += size;
    if (total > lim.maxTotalBytes) throw new ZipError('zip-too-large', `the project's files are over ${Math.round(lim.maxTotalBytes / 1048576)} MB together`, { entry: name, hint: 'raise the limit with --max-total-mb if you trust the files' });
    return readFile(abs);
  };
  return {
    entries,
    read,
    stream: async (name, onChunk, maxBytes) => {
      const data = await read(name, maxBytes);
      for (let at = 0; at < data.length; at += 1 << 20) onChunk(data.subarray(at, Math.min(data.length, at + (1 << 20))));
    },
    close: () => {},
  };
}
