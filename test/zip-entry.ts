/** One entry of a zip (a .qdpx) as bytes, read with hefboom's own reader: tests need no `unzip`. */
import { openZip } from '../src/io/qda/zip.js';

export async function zipEntry(zipPath: string, name: string | ((entry: string) => boolean)): Promise<Buffer> {
  const z = await openZip(zipPath);
  try {
    const entry = typeof name === 'string' ? name : z.entries.find((e) => name(e.name))!.name;
    return await z.read(entry);
  } finally {
    z.close();
  }
}
