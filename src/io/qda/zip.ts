/**
 * Safe reading and deterministic writing of ZIP archives, for REFI-QDA `.qdpx` import and export.
 *
 * Archives come from users and may be hostile, so the reader refuses paths that could escape the
 * target folder (zip-slip), caps the number of entries, and caps uncompressed sizes twice: once on
 * what the central directory declares and again on the bytes actually inflated, because a zip bomb
 * can lie in its headers. Nothing is written to disk.
 */
import { crc32, createInflateRaw } from 'node:zlib';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import yazl from 'yazl';

export interface ZipLimits { maxEntries: number; maxEntryBytes: number; maxTotalBytes: number }

const MIB = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: ZipLimits = Object.freeze({
  maxEntries: 10_000,
  maxEntryBytes: 256 * MIB,
  maxTotalBytes: 1024 * MIB,
});

export interface ZipEntryInfo { name: string; compressedSize: number; uncompressedSize: number; isDirectory: boolean }

export type ZipErrorCode =
  | 'zip-unreadable'
  | 'zip-unsafe-path'
  | 'zip-too-many-entries'
  | 'zip-entry-too-large'
  | 'zip-too-large'
  | 'zip-missing-entry';

/**
 * Why an archive (or one entry) was refused. `message` and `hint` are plain English for the user;
 * `entry` is the raw entry name (unsanitised — the message carries a quoted, escaped copy).
 */
export class ZipError extends Error {
  readonly code: ZipErrorCode;
  readonly entry?: string;
  readonly hint?: string;

  constructor(code: ZipErrorCode, message: string, opts: { entry?: string; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ZipError';
    this.code = code;
    if (opts.entry !== undefined) this.entry = opts.entry;
    if (opts.hint !== undefined) this.hint = opts.hint;
  }
}

export interface ZipReader {
  readonly entries: ZipEntryInfo[];
  /** Read one entry fully. maxBytes (optional) lowers the per-entry limit for this call. */
  read(name: string, maxBytes?: number): Promise<Buffer>;
  /** Inflate one entry chunk by chunk (same limits and checks as read()). */
  stream(name: string, onChunk: (chunk: Buffer) => void, maxBytes?: number): Promise<void>;
  close(): void;
}

// ---------------------------------------------------------------------------------------------
// Messages

const HINT_REEXPORT = 'Export the project again from your QDA software as a REFI-QDA project (.qdpx) and retry.';
const HINT_UNTRUSTED = 'Export the project again from your QDA software; do not open archives from an unknown source.';
const HINT_ENTRIES = 'If the archive is genuine, raise the limit with --max-entries <n>.';
const HINT_ENTRY_MB = 'If the file is genuine, raise the limit with --max-entry-mb <MB>.';
const HINT_TOTAL_MB = 'If the archive is genuine, raise the limit with --max-total-mb <MB>.';

/** Limits in MB (MiB, matching the --max-*-mb flags); small test limits keep two significant digits. */
function mb(bytes: number): string {
  const v = bytes / MIB;
  if (v >= 10) return `${Math.round(v)} MB`;
  if (v >= 1) return `${Math.round(v * 10) / 10} MB`;
  return `${Number(v.toPrecision(2))} MB`;
}

/** Entry names are attacker-controlled: escape control characters so they cannot drive the terminal. */
function quote(name: string): string {
  const short = name.length > 200 ? `${name.slice(0, 200)}…` : name;
  const escaped = short.replace(/[\u0000-\u001f\u007f-\u009f"\\]/g, (c) =>
    c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

function unreadable(path: string, reason: string, cause?: unknown, entry?: string): ZipError {
  const what = entry === undefined ? '' : ` (entry ${quote(entry)})`;
  return new ZipError('zip-unreadable', `${quote(path)} is not a readable ZIP archive${what}: ${reason}.`, {
    entry, hint: HINT_REEXPORT, cause,
  });
}

function unsafePath(path: string, entry: string, reason: string, cause?: unknown): ZipError {
  return new ZipError('zip-unsafe-path',
    `Entry ${quote(entry)} in ${quote(path)} ${reason}; refusing an archive that could write outside its folder.`,
    { entry, hint: HINT_UNTRUSTED, cause });
}

function entryTooLarge(entry: string, size: string, limit: number): ZipError {
  return new ZipError('zip-entry-too-large',
    `Entry ${quote(entry)} is ${size} uncompressed, over the limit of ${mb(limit)} per entry.`,
    { entry, hint: HINT_ENTRY_MB });
}

/** Inflated data longer than the header says: the header lies, so raising limits is no remedy. */
function lyingHeader(path: string, entry: string | undefined, cause: unknown): ZipError {
  const what = entry === undefined ? 'An entry' : `Entry ${quote(entry)}`;
  return new ZipError('zip-entry-too-large',
    `${what} in ${quote(path)} unpacks to more data than its header declares; the archive may be a zip bomb or damaged.`,
    { entry, hint: HINT_UNTRUSTED, cause });
}

function totalTooLarge(path: string, size: string, limit: number, entry?: string): ZipError {
  return new ZipError('zip-too-large',
    `The entries of ${quote(path)} add up to ${size} uncompressed, over the limit of ${mb(limit)} in total.`,
    { entry, hint: HINT_TOTAL_MB });
}

// ---------------------------------------------------------------------------------------------
// Path safety

/** Why an entry name is unsafe to extract, or null. Backslashes count as separators (Windows zips). */
export function unsafePathReason(name: string): string | null {
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/')) return 'is an absolute path';
  if (/^[A-Za-z]:/.test(n)) return 'starts with a drive letter';
  if (n.split('/').includes('..')) return 'contains a ".." path segment';
  if (n.includes('\u0000')) return 'contains a NUL character';
  return null;
}

/**
 * yauzl validates names itself and reports plain Errors; turn the known ones into our codes so the
 * user sees the same message whichever check fired first.
 */
function mapYauzlError(err: unknown, path: string, entry?: string): ZipError {
  if (err instanceof ZipError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  const bad = /^(absolute path|invalid relative path|invalid characters in fileName): ([\s\S]*)$/.exec(msg);
  if (bad) {
    const name = bad[2];
    return unsafePath(path, name, unsafePathReason(name) ?? 'has an unsafe name', err);
  }
  if (msg.startsWith('too many bytes in the stream')) return lyingHeader(path, entry, err);
  const stored = /size mismatch for stored file: (\d+) != (\d+)/.exec(msg);
  if (stored && Number(stored[1]) > Number(stored[2])) return lyingHeader(path, entry, err);
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return unreadable(path, 'the file does not exist', err);
  if (code === 'EISDIR') return unreadable(path, 'it is a folder', err);
  if (code === 'EACCES' || code === 'EPERM') return unreadable(path, 'permission denied', err);
  if (msg.startsWith('End of central directory record signature not found')) {
    return unreadable(path, 'no ZIP directory found (it is not a ZIP file, or it is truncated)', err);
  }
  if (msg.startsWith('not enough bytes in the stream')) {
    return unreadable(path, 'an entry is shorter than its header declares (the file is truncated or damaged)', err, entry);
  }
  return unreadable(path, msg.replace(/\.$/, ''), err, entry);
}

// ---------------------------------------------------------------------------------------------
// Reading

function resolveLimits(limits: Partial<ZipLimits> | undefined): ZipLimits {
  const out = { ...DEFAULT_ZIP_LIMITS };
  for (const key of Object.keys(out) as (keyof ZipLimits)[]) {
    const v = limits?.[key];
    if (v === undefined) continue;
    // A NaN or negative limit would silently disable the check, so refuse it loudly.
    if (typeof v !== 'number' || Number.isNaN(v) || v < 0) throw new RangeError(`invalid zip limit ${key}: ${v}`);
    out[key] = v;
  }
  return out;
}

function yauzlOpen(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) => {
      if (err) reject(err);
      else resolve(zip);
    });
  });
}

/** Walk the central directory, checking names, count and declared sizes before any data is read. */
function readDirectory(zip: yauzl.ZipFile, path: string, lim: ZipLimits): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    let declaredTotal = 0;
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      zip.removeListener('entry', onEntry);
      zip.removeListener('end', onEnd);
      zip.removeListener('error', onError);
      // yauzl may still emit an error after we stop; keep a listener so it is not thrown.
      zip.on('error', () => {});
      if (err === undefined) resolve(entries);
      else reject(err);
    };
    const onEntry = (entry: yauzl.Entry): void => {
      const name = entry.fileName;
      // The end record's count can understate the real number; count as we go as well.
      if (entries.length + 1 > lim.maxEntries) {
        return finish(new ZipError('zip-too-many-entries',
          `${quote(path)} has more than ${lim.maxEntries} entries.`, { hint: HINT_ENTRIES }));
      }
      const reason = unsafePathReason(name);
      if (reason !== null) return finish(unsafePath(path, name, reason));
      if (entry.uncompressedSize > lim.maxEntryBytes) {
        return finish(entryTooLarge(name, mb(entry.uncompressedSize), lim.maxEntryBytes));
      }
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > lim.maxTotalBytes) {
        return finish(totalTooLarge(path, `at least ${mb(declaredTotal)}`, lim.maxTotalBytes, name));
      }
      entries.push(entry);
      zip.readEntry();
    };
    const onEnd = (): void => finish();
    const onError = (err: unknown): void => finish(mapYauzlError(err, path));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    // Refuse before touching the directory when the end record already declares too many.
    if (zip.entryCount > lim.maxEntries) {
      return finish(new ZipError('zip-too-many-entries',
        `${quote(path)} has ${zip.entryCount} entries, more than the limit of ${lim.maxEntries}.`,
        { hint: HINT_ENTRIES }));
    }
    zip.readEntry();
  });
}

/** Output chunk of the inflater (see inflate). */
const INFLATE_CHUNK_BYTES = 1024 * 1024;

class SafeZipReader implements ZipReader {
  readonly entries: ZipEntryInfo[];
  private readonly byName = new Map<string, yauzl.Entry>();
  /** Bytes inflated over all read() calls, including aborted ones: the budget is for work done. */
  private inflated = 0;
  private closed = false;

  constructor(private readonly zip: yauzl.ZipFile, raw: yauzl.Entry[], private readonly path: string,
    private readonly lim: ZipLimits) {
    this.entries = raw.map((e) => ({
      name: e.fileName,
      compressedSize: e.compressedSize,
      uncompressedSize: e.uncompressedSize,
      isDirectory: e.fileName.endsWith('/'),
    }));
    // First occurrence wins for duplicate names, like most extractors.
    for (const e of raw) if (!this.byName.has(e.fileName)) this.byName.set(e.fileName, e);
  }

  async read(name: string, maxBytes?: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let got = 0;
    await this.stream(name, (chunk) => { chunks.push(chunk); got += chunk.length; }, maxBytes);
    return Buffer.concat(chunks, got);
  }

  /**
   * Inflate one entry chunk by chunk into `onChunk`, with the same limits and checksum as read(), so
   * a large entry (a 50 MB project.qde) is parsed without ever being held whole. An exception thrown
   * by `onChunk` stops the inflation and is passed on unchanged.
   */
  async stream(name: string, onChunk: (chunk: Buffer) => void, maxBytes?: number): Promise<void> {
    if (this.closed) throw new Error('ZipReader.read() called after close()');
    const entry = this.byName.get(name);
    if (entry === undefined) {
      throw new ZipError('zip-missing-entry', `${quote(this.path)} has no entry ${quote(name)}.`, {
        entry: name,
        hint: 'A REFI-QDA project (.qdpx) holds project.qde and a sources/ folder; export it again from your QDA software.',
      });
    }
    const limit = maxBytes === undefined ? this.lim.maxEntryBytes : Math.min(this.lim.maxEntryBytes, maxBytes);
    // Cheap refusal first; the streaming count below catches headers that lie.
    if (entry.uncompressedSize > limit) throw entryTooLarge(name, mb(entry.uncompressedSize), limit);

    let crc: number;
    if (entry.compressionMethod === 8) {
      crc = await this.inflate(entry, name, limit, onChunk);
    } else {
      const stream = await new Promise<Readable>((resolve, reject) => {
        this.zip.openReadStream(entry, (err, s) => (err ? reject(mapYauzlError(err, this.path, name)) : resolve(s)));
      });
      crc = await this.pump(stream, name, limit, onChunk);
    }
    // yauzl does not verify the CRC; a mismatch means damaged (or tampered) data.
    if (crc >>> 0 !== entry.crc32 >>> 0) {
      throw unreadable(this.path, 'its data does not match its checksum (the file is damaged)', undefined, name);
    }
  }

  /**
   * Deflated entries are inflated here rather than by yauzl: with 1 MB output chunks a 50 MB project
   * file takes 50 callbacks instead of 3,000 (yauzl's 16 kB default), which is most of the time spent.
   * The limits apply to the bytes actually inflated, and more bytes than the header declares is a lie.
   */
  private async inflate(entry: yauzl.Entry, name: string, limit: number, onChunk: (chunk: Buffer) => void): Promise<number> {
    const raw = await new Promise<Readable>((resolve, reject) => {
      this.zip.openReadStream(entry, { decompress: false }, (err, s) => (err ? reject(mapYauzlError(err, this.path, name)) : resolve(s)));
    });
    const inflater = createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES });
    raw.on('error', (err) => inflater.destroy(err));
    raw.pipe(inflater);
    let got = 0;
    const crc = await this.pump(inflater, name, limit, (chunk) => {
      got += chunk.length;
      if (got > entry.uncompressedSize) throw lyingHeader(this.path, name, new Error(`more than the ${entry.uncompressedSize} bytes declared`));
      onChunk(chunk);
    });
    if (got < entry.uncompressedSize) throw unreadable(this.path, `it holds less data than its header declares (${got} of ${entry.uncompressedSize} bytes)`, undefined, name);
    return crc;
  }

  /** Feed the stream to onChunk within the limits; resolves to the CRC-32 of the data. */
  private pump(stream: Readable, name: string, limit: number, onChunk: (chunk: Buffer) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      let got = 0;
      let crc = 0;
      let settled = false;
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        stream.destroy();
        reject(err);
      };
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        got += chunk.length;
        this.inflated += chunk.length;
        if (got > limit) return fail(entryTooLarge(name, `more than ${mb(limit)}`, limit));
        if (this.inflated > this.lim.maxTotalBytes) {
          return fail(totalTooLarge(this.path, `more than ${mb(this.lim.maxTotalBytes)}`, this.lim.maxTotalBytes, name));
        }
        crc = crc32(chunk, crc);
        try {
          onChunk(chunk);
        } catch (err) {
          fail(err);
        }
      });
      stream.on('error', (err) => fail(mapYauzlError(err, this.path, name)));
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        resolve(crc);
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.zip.close();
  }
}

/**
 * Open a ZIP archive and check its central directory against `limits` (defaults:
 * DEFAULT_ZIP_LIMITS). Throws ZipError. The caller must close() the reader.
 */
export async function openZip(path: string, limits?: Partial<ZipLimits>): Promise<ZipReader> {
  const lim = resolveLimits(limits);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzlOpen(path);
  } catch (err) {
    throw mapYauzlError(err, path);
  }
  try {
    const raw = await readDirectory(zip, path, lim);
    return new SafeZipReader(zip, raw, path, lim);
  } catch (err) {
    zip.close();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

/*
 * DOS timestamps carry no time zone and yazl fills them from local-time getters, so a local-midnight
 * Date makes the fields read 2000-01-01 00:00:00 on every machine. The UTC extra field is disabled
 * (forceDosTimestamp) because it would encode the instant and so differ per time zone.
 */
function fixedMtime(): Date {
  // Built per call: the process time zone (TZ) may change between calls.
  return new Date(2000, 0, 1, 0, 0, 0);
}
const FILE_MODE = 0o100644;
const DIR_MODE = 0o40755;

/**
 * Build a deflated ZIP in memory. Same input → byte-identical output: fixed timestamp and modes,
 * entries in the given order. A name ending in "/" becomes an empty directory entry.
 */
export async function zipToBuffer(files: { name: string; data: Buffer | string }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = fixedMtime();
  const seen = new Set<string>();
  for (const f of files) {
    // Duplicates would make the reader's choice arbitrary; they are a bug in the caller.
    if (seen.has(f.name)) throw new Error(`zipToBuffer: duplicate entry name ${quote(f.name)}`);
    seen.add(f.name);
    if (f.name.endsWith('/')) {
      zip.addEmptyDirectory(f.name, { mtime, mode: DIR_MODE, forceDosTimestamp: true });
    } else {
      const data = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
      zip.addBuffer(data, f.name, { mtime, mode: FILE_MODE, compress: true, forceDosTimestamp: true });
    }
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.on('error', reject);
    zip.outputStream.on('error', reject);
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.end();
  });
}
