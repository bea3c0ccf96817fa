/**
 * Atomic output (DESIGN.md §7, §8): a file is written to a temporary name in the same directory and
 * renamed over the target; a directory is built in a temporary directory next to the target and
 * renamed into place. A reader never sees a half-written file, and a failed run leaves the previous
 * output as it was.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, parse, relative, resolve, isAbsolute } from 'node:path';

function tempName(target: string, suffix: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.${suffix}`);
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}

/** The path a symlink points to, so that writing through a link keeps the link. */
async function resolveTarget(path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return resolve(path);
    throw err;
  }
}

/** Best effort: make the rename itself durable. Not supported everywhere (Windows), hence no throw. */
async function syncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // ignore
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/**
 * Write to a temp file in the same directory (name `.<base>.<pid>.<random>.tmp`), fsync, then rename
 * over the target; remove the temp file on failure. Creates parent directories. An existing target
 * keeps its permission bits; a symlink target is written through (the link stays a link).
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const target = await resolveTarget(path);
  await fs.mkdir(dirname(target), { recursive: true });
  const tmp = tempName(target, 'tmp');
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(tmp, 'wx');
    const mode = await fs.stat(target).then(
      (s) => s.mode & 0o7777,
      () => undefined,
    );
    if (mode !== undefined) await fh.chmod(mode);
    await fh.writeFile(content);
    await fh.sync();
    await fh.close();
    fh = undefined;
    await fs.rename(tmp, target);
  } catch (err) {
    await fh?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDir(dirname(target));
}

/**
 * Refuse to replace a directory that holds the working directory, the home directory or a
 * filesystem root: `--out .` must never swap the project folder for a report.
 */
function assertReplaceable(target: string): void {
  const contains = (dir: string, p: string): boolean => {
    const rel = relative(dir, p);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  if (target === parse(target).root || contains(target, process.cwd()) || contains(target, homedir())) {
    throw new Error(`refusing to replace ${target}: it contains the working or home directory; choose an output directory of its own`);
  }
}

/**
 * Build a directory atomically: `build(tmpDir)` fills a temp dir next to `path`, then it replaces
 * `path` (if `path` exists, it is renamed away and removed after the rename). If `build` or the
 * rename fails, the temp dir is removed and an existing `path` is left (or put back) as it was.
 * Creates parent directories. Throws when `path` exists and is not a directory, or when it contains
 * the working directory or the home directory (see `assertReplaceable`).
 */
export async function writeDirAtomic(path: string, build: (tmpDir: string) => Promise<void>): Promise<void> {
  const target = await resolveTarget(path);
  const existing = await fs.stat(target).catch((err: unknown) => {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  });
  if (existing && !existing.isDirectory()) throw new Error(`${path} exists and is not a directory`);
  if (existing) assertReplaceable(target);
  await fs.mkdir(dirname(target), { recursive: true });
  const tmp = tempName(target, 'tmp');
  await fs.mkdir(tmp);
  try {
    await build(tmp);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
  let old: string | undefined;
  try {
    if (existing) {
      old = tempName(target, 'old');
      await fs.rename(target, old);
    }
    try {
      await fs.rename(tmp, target);
    } catch (err) {
      if (old) await fs.rename(old, target).catch(() => undefined); // put the previous output back
      throw err;
    }
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
  await syncDir(dirname(target));
  // The new output is in place; a leftover of the old one is not worth failing the command for.
  if (old) await fs.rm(old, { recursive: true, force: true }).catch(() => undefined);
}
