/**
 * `hefboom import qdpx|qdc FILE --out DIR`: hand a QDA program's export over as a hefboom project
 * (qdpx) or codebook (qdc). Never loads a project; writes DIR atomically; prints what was read.
 */
import type { Command } from 'commander';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { open, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { InputIssue } from '../model/types.js';
import { createRoleTable } from '../model/roles.js';
import { mergeEmbeddedCodes } from '../model/embedded-codebook.js';
import { writeDirAtomic } from '../io/write.js';
import { writeCodebookYaml } from '../io/codebook-write.js';
import { readQdpx, type QdaLimits } from '../io/qda/qdpx.js';
import { readQdc } from '../io/qda/qdc.js';
import { buildImportedProject } from '../io/qda/import-project.js';
import type { Table } from '../report/table.js';
import { act, emit, globals, intOption, say, stopOnIssues, UsageError, EXIT_OK, type GlobalOptions, type OutputOptions } from './common.js';

interface ImportFlags extends OutputOptions {
  out?: string;
  coder?: string;
  force?: boolean;
  allowExternalSources?: boolean;
  maxEntries?: string;
  maxEntryMb?: string;
  maxTotalMb?: string;
  maxQdeMb?: string;
}

const MB = 1024 * 1024;

/** Archive limits from the command line (DESIGN: configurable zip-bomb limits). */
export function limitsFrom(f: ImportFlags): Partial<QdaLimits> {
  const l: Partial<QdaLimits> = {};
  const e = intOption('--max-entries', f.maxEntries, 1);
  if (e !== undefined) l.maxEntries = e;
  const a = intOption('--max-entry-mb', f.maxEntryMb, 1);
  if (a !== undefined) l.maxEntryBytes = a * MB;
  const t = intOption('--max-total-mb', f.maxTotalMb, 1);
  if (t !== undefined) l.maxTotalBytes = t * MB;
  const q = intOption('--max-qde-mb', f.maxQdeMb, 1);
  if (q !== undefined) l.maxQdeBytes = q * MB;
  return l;
}

export function registerImport(program: Command): void {
  const cmd = program
    .command('import')
    .argument('<kind>', 'qdpx or qdc')
    .argument('<file>', 'the exported file')
    .addHelpText('before', `Examples:
  hefboom import qdpx nvivo-export.qdpx --out mijn-project      a runnable project folder
  hefboom tally -p mijn-project --by code --unit codings        coded references per code, as NVivo counts
  hefboom import qdc codeboek.qdc --out codeboek                codebook.yaml from a REFI codebook
`)
    .option('--coder <name>', 'attribute every coding to this coder (overrides the file)')
    .option('--force', 'replace DIR when it exists and is not empty')
    .option('--allow-external-sources', 'read relative:// and absolute:// sources from this machine\'s disk (off: a .qdpx from elsewhere could pull in any file)')
    .option('--max-entries <n>', 'most files in the archive (default 10000)')
    .option('--max-entry-mb <n>', 'largest file in the archive, uncompressed, in MB (default 256)')
    .option('--max-total-mb <n>', 'all files in the archive together, uncompressed, in MB (default 1024)')
    .option('--max-qde-mb <n>', 'largest project (.qde) or codebook (.qdc) file, in MB (default 256)');
  cmd.option('-o, --out <dir>', 'folder to write (created; must be new or empty unless --force)');
  cmd.option('-f, --format <format>', 'format of the summary on stdout: table|md|csv|tsv|json', 'table');
  cmd.action(act(async (kind: string, file: string, flags: ImportFlags, c: Command) => {
    const g = globals(c);
    const out = flags.out;
    if (!out) throw new UsageError('--out DIR is required: the folder to write the project to', `e.g. hefboom import ${kind} ${file} --out mijn-project`);
    const abs = resolve(file);
    if (!existsSync(abs) || !statSync(abs).isFile()) throw new UsageError(`"${file}" does not exist or is not a file`);
    const target = resolve(out);
    if (target === abs || abs.startsWith(target + '/')) throw new UsageError('--out must not be (or contain) the input file');
    if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length) && !flags.force) {
      throw new UsageError(`"${out}" already exists and is not empty; nothing was written`, 'choose a new folder, or add --force to replace it');
    }
    const limits = limitsFrom(flags);
    const display = relative(process.cwd(), abs) || abs;
    if (kind === 'qdpx') return importQdpx(abs, display, out, target, flags, limits, g);
    if (kind === 'qdc') return importQdc(abs, display, out, target, flags, limits, g);
    throw new UsageError(`cannot import "${kind}" yet`, 'this version imports: qdpx, qdc (Word, OpenDocument and subtitles follow)');
  }));
}

async function importQdpx(abs: string, display: string, out: string, target: string, flags: ImportFlags, limits: Partial<QdaLimits>, g: GlobalOptions): Promise<number> {
  const r = await readQdpx({ file: display, absPath: abs, coder: flags.coder, limits, allowExternal: !!flags.allowExternalSources, speakerRules: { roles: createRoleTable([]), speakers: {}, anyLabel: false } });
  stopOnIssues(r.issues, g);
  const built = buildImportedProject(r, { sourceName: display, speakerRules: { roles: createRoleTable([]), speakers: {}, anyLabel: false } });
  await writeFiles(target, built.files);
  const rows: Table['rows'] = [
    { what: 'program', n: null, detail: r.project?.origin ?? '' },
    { what: 'documents', n: r.texts.size, detail: 'text sources' },
    { what: 'codes', n: built.codebook.codes.length, detail: 'codebook.yaml' },
    { what: 'coded references', n: r.references.length, detail: 'segments/*.csv' },
    ...built.coders.map((x) => ({ what: `coder ${x.name}`, n: x.codings, detail: `${x.documents} document(s)` })),
    { what: 'native transcripts', n: built.transcripts, detail: 'transcripts/ (codings on whole paragraphs)' },
    ...(r.offsetRule?.total ? [{ what: 'offsets', n: r.offsetRule.fits.find((f) => f.rule === r.offsetRule!.chosen)!.aligned, detail: `of ${r.offsetRule.total} on word boundaries, counted as ${r.offsetRule.chosen}${r.offsetRule.switched ? ` (not ${r.offsetRule.expected})` : ''}` }] : []),
    ...Object.entries(r.counts).filter(([k]) => /skipped|misaligned|undefined|uncoded|unreadable/.test(k)).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => ({ what: k, n: v, detail: 'see IMPORT.md' })),
  ];
  const table: Table = {
    title: `Import of ${display} → ${out}`,
    columns: [{ key: 'what', label: 'what' }, { key: 'n', label: 'n', type: 'number' }, { key: 'detail', label: 'detail' }],
    rows,
    notes: [`Next: hefboom validate -p ${out}   ·   hefboom tally -p ${out} --by code --unit codings`],
  };
  await emit([table], { hefboom: 'import', kind: 'qdpx', input: display, out, origin: r.project?.origin ?? null, documents: r.texts.size, codes: built.codebook.codes.length, references: r.references.length, coders: built.coders, transcripts: built.transcripts, offsetRule: r.offsetRule ?? null, counts: r.counts, warnings: r.issues.filter((i) => i.severity === 'warning').map(issueJson) }, { ...flags, out: undefined }, g);
  say(`wrote ${out}/ (${built.files.size} files)`, g);
  return EXIT_OK;
}

async function importQdc(abs: string, display: string, out: string, target: string, flags: ImportFlags, limits: Partial<QdaLimits>, g: GlobalOptions): Promise<number> {
  const r = await readQdc(abs, display, limits);
  stopOnIssues(r.issues, g);
  const merged = mergeEmbeddedCodes({ codes: [] }, r.codes);
  const yaml = writeCodebookYaml(merged.codebook, [`Codes imported from ${display}${r.project?.origin ? ` (${r.project.origin})` : ''}; each keeps its REFI-QDA guid as an alias.`]);
  await writeFiles(target, new Map([['codebook.yaml', yaml]]));
  const table: Table = {
    title: `Import of ${display} → ${out}/codebook.yaml`,
    columns: [{ key: 'what', label: 'what' }, { key: 'n', label: 'n', type: 'number' }],
    rows: [{ what: 'codes', n: merged.codebook.codes.length }, { what: 'top-level codes', n: merged.codebook.codes.filter((x) => !x.parent).length }, { what: 'sets', n: r.project?.sets.length ?? 0 }],
    notes: [`Use it with \`codebook: ${out}/codebook.yaml\` in hefboom.yaml.`],
  };
  await emit([table], { hefboom: 'import', kind: 'qdc', input: display, out, codes: merged.codebook.codes.length }, { ...flags, out: undefined }, g);
  return EXIT_OK;
}

function issueJson(i: InputIssue) {
  return { code: i.code, file: i.file, line: i.line ?? null, message: i.message };
}

async function writeFiles(target: string, files: Map<string, string | string[]>): Promise<void> {
  await writeDirAtomic(target, async (tmp) => {
    for (const [rel, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
      const p = join(tmp, rel);
      await mkdir(dirname(p), { recursive: true });
      if (typeof content === 'string') { await writeFile(p, content); continue; }
      // A table of lines is written in blocks, never joined whole.
      const fh = await open(p, 'w');
      try {
        for (let i = 0; i < content.length; i += 5000) await fh.write(`${content.slice(i, i + 5000).join('\n')}\n`);
      } finally {
        await fh.close();
      }
    }
  });
}
