/**
 * `hefboom import <kind> FILE… --out DIR`: hand another program's files over as a hefboom project.
 * - qdpx (one file): a QDA project → a runnable project folder; qdc (one file): a REFI codebook →
 *   codebook.yaml. Neither loads a project.
 * - docx, odt, vtt, srt (one or more files): the files are read as the workspace reads them (ad hoc,
 *   or with `-p DIR` with that project's codebook, frameworks, roles and speakers) and written as
 *   native transcripts where the codings cover whole paragraphs, else as texts with a segment table
 *   (src/io/import-documents.ts).
 * DIR is written atomically and must be new or empty (unless --force); it may not hold an input file.
 * The summary of what was read goes to stdout.
 */
import type { Command } from 'commander';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { open, writeFile, mkdir } from 'node:fs/promises';
import type { InputIssue } from '../model/types.js';
import { hasErrors } from '../model/issues.js';
import { createRoleTable } from '../model/roles.js';
import { mergeEmbeddedCodes } from '../model/embedded-codebook.js';
import { writeDirAtomic } from '../io/write.js';
import { writeCodebookYaml } from '../io/codebook-write.js';
import { readQdpx, type QdaLimits } from '../io/qda/qdpx.js';
import { readQdc } from '../io/qda/qdc.js';
import { buildImportedProject, safeFileName, uniqueNames } from '../io/qda/import-project.js';
import type { Workspace } from '../io/workspace.js';
import type { Table } from '../report/table.js';
import type { CarriedSettings, ReadInput } from '../io/import-documents.js';
import {
  act, emit, globals, intOption, openProject, progress, say, stopOnIssues, UsageError, EXIT_OK,
  type GlobalOptions, type OutputOptions,
} from './common.js';

/** The extensions each kind accepts. */
const KIND_EXTENSIONS: Record<string, readonly string[]> = {
  qdpx: ['.qdpx', '.qde'],
  qdc: ['.qdc'],
  docx: ['.docx'],
  odt: ['.odt'],
  vtt: ['.vtt'],
  srt: ['.srt'],
};
/** Kinds read as documents by the workspace readers (one or more files). */
const DOCUMENT_KINDS: readonly string[] = ['docx', 'odt', 'vtt', 'srt'];

interface ImportFlags extends OutputOptions {
  out?: string;
  coder?: string;
  codebook?: string;
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
    .argument('<kind>', 'qdpx, qdc, docx, odt, vtt or srt')
    .argument('<files...>', 'the exported file (qdpx, qdc), or the files to convert (docx, odt, vtt, srt)')
    .addHelpText('before', `Examples:
  hefboom import qdpx nvivo-export.qdpx --out mijn-project      a runnable project folder
  hefboom tally -p mijn-project --by code --unit codings        coded references per code, as NVivo counts
  hefboom import qdc codeboek.qdc --out codeboek                codebook.yaml from a REFI codebook
  hefboom import vtt opnames/*.vtt --codebook codebook.yaml --out overleg
                                                                native transcripts with [hh:mm:ss] and #tags
  hefboom import docx gesprekken/*.docx -p project --out tekst  Word comments as #tags, read with project's codebook
`)
    .option('--coder <name>', 'qdpx: attribute every coding to this coder; docx|odt|vtt|srt: the coder of inline #tags')
    .option('--codebook <file>', 'docx|odt|vtt|srt: codebook to read the files with (default: -p\'s, else every #tag is a code)')
    .option('--force', 'replace DIR when it exists and is not empty')
    .option('--allow-external-sources', 'read relative:// and absolute:// sources from this machine\'s disk (off: a .qdpx from elsewhere could pull in any file)')
    .option('--max-entries <n>', 'most files in the archive (default 10000)')
    .option('--max-entry-mb <n>', 'largest file in the archive, uncompressed, in MB (default 256)')
    .option('--max-total-mb <n>', 'all files in the archive together, uncompressed, in MB (default 1024)')
    .option('--max-qde-mb <n>', 'largest project (.qde) or codebook (.qdc) file, in MB (default 256)');
  cmd.option('-o, --out <dir>', 'folder to write (created; must be new or empty unless --force)');
  cmd.option('-f, --format <format>', 'format of the summary on stdout: table|md|csv|tsv|json', 'table');
  cmd.action(act(async (kindAsGiven: string, files: string[], flags: ImportFlags, c: Command) => {
    const g = globals(c);
    const kind = kindAsGiven.toLowerCase();
    const out = flags.out;
    const extensions = KIND_EXTENSIONS[kind];
    if (!extensions) throw new UsageError(`cannot import "${kindAsGiven}"`, `kinds: ${Object.keys(KIND_EXTENSIONS).join(', ')}`);
    if (!out) throw new UsageError('--out DIR is required: the folder to write the project to', `e.g. hefboom import ${kind} ${files[0] ?? 'FILE'} --out mijn-project`);
    const documents = DOCUMENT_KINDS.includes(kind);
    if (!documents && files.length !== 1) throw new UsageError(`import ${kind} takes one file, got ${files.length}`, `import each ${kind} file into its own folder`);
    if (!documents && flags.codebook) throw new UsageError(`--codebook is for docx, odt, vtt and srt imports; a ${kind} file brings its own codes`);
    const target = resolve(out);
    const abs = files.map((file) => {
      const a = resolve(file);
      if (!existsSync(a) || !statSync(a).isFile()) throw new UsageError(`"${file}" does not exist or is not a file`);
      if (!extensions.includes(extname(a).toLowerCase())) {
        throw new UsageError(`"${file}" is not a ${kind} file: import ${kind} reads ${extensions.join(' or ')} files`, `give the kind that fits the file, e.g. hefboom import ${kindOf(a) ?? '<kind>'} ${file} --out ${out}`);
      }
      if (target === a || a.startsWith(target + '/')) throw new UsageError('--out must not be (or contain) an input file');
      return a;
    });
    if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length) && !flags.force) {
      throw new UsageError(`"${out}" already exists and is not empty; nothing was written`, 'choose a new folder, or add --force to replace it');
    }
    if (documents) return importDocuments(kind, files, abs, out, target, flags, g);
    const limits = limitsFrom(flags);
    const display = relative(process.cwd(), abs[0]) || abs[0];
    if (kind === 'qdpx') return importQdpx(abs[0], display, out, target, flags, limits, g);
    return importQdc(abs[0], display, out, target, flags, limits, g);
  }));
}

/** The kind whose extensions include this file's, for the hint of a mismatch. */
function kindOf(file: string): string | undefined {
  const ext = extname(file).toLowerCase();
  return Object.entries(KIND_EXTENSIONS).find(([, list]) => list.includes(ext))?.[0];
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

/**
 * docx, odt, vtt, srt: read each file as the workspace does and write native transcripts (or texts
 * with segment rows) with the codebook in use.
 */
async function importDocuments(kind: string, files: string[], abs: string[], out: string, target: string, flags: ImportFlags, g: GlobalOptions): Promise<number> {
  const opened = await importWorkspace(files, flags, g);
  const ws = opened.ws;
  if (hasErrors(ws.issues)) stopOnIssues(ws.issues, g);
  const { readSourceFile } = await import('../io/corpus.js');
  const { buildDocumentImport } = await import('../io/import-documents.js');
  const p = await progress('reading', g);
  const inputs: ReadInput[] = [];
  for (const f of ws.files) {
    const r = await readSourceFile(ws, f);
    inputs.push({ display: f.display, format: f.entry.format, documents: r.documents, issues: r.issues });
    p.update(inputs.length, ws.files.length);
  }
  p.stop();
  const built = buildDocumentImport({
    kind,
    inputs,
    codebook: ws.codebook,
    codebookSource: opened.codebookSource,
    frameworks: ws.frameworks,
    speakerRules: ws.speakerRules,
    inlineCoder: flags.coder ? { from: ws.coderName(undefined), to: ws.coderName(flags.coder) } : undefined,
    carry: opened.carry,
    primaryCoder: opened.primaryCoder,
  });
  const issues = [...ws.issues, ...inputs.flatMap((i) => i.issues), ...built.issues];
  stopOnIssues(issues, g);
  await writeFiles(target, built.files);
  const native = built.placed.filter((x) => x.route === 'transcript').length;
  const documents = new Set(built.placed.map((x) => x.id)).size;
  const warnings = issues.filter((i) => i.severity === 'warning');
  const from = inputs.length === 1 ? inputs[0].display : `${inputs.length} ${kind} files`;
  const table: Table = {
    title: `Import of ${from} → ${out}`,
    columns: [{ key: 'what', label: 'what' }, { key: 'n', label: 'n', type: 'number' }, { key: 'detail', label: 'detail' }],
    rows: [
      { what: 'files', n: inputs.length, detail: kind },
      { what: 'documents', n: documents, detail: '' },
      ...built.coders.map((x) => ({ what: `coder ${x.name}`, n: x.codings, detail: `${x.documents} document(s)${x.name === built.primaryCoder ? ', primary coder' : ''}` })),
      { what: 'codes', n: built.codebook.codes.length, detail: `codebook.yaml${opened.codebookSource ? ` (from ${opened.codebookSource})` : ' (no codebook given: the codes the files use)'}` },
      { what: 'native transcripts', n: native, detail: 'transcripts/<coder>/ (codings on whole paragraphs)' },
      { what: 'texts with segment rows', n: built.placed.length - native, detail: 'texts/ and segments/ (codings on part of a paragraph; IMPORT.md says why)' },
      ...(warnings.length ? [{ what: 'warnings', n: warnings.length, detail: 'see IMPORT.md' }] : []),
    ],
    notes: [`Next: hefboom validate -p ${out}   ·   hefboom tally -p ${out} --by code`],
  };
  await emit([table], {
    hefboom: 'import', kind, inputs: inputs.map((i) => i.display), out, documents,
    codes: built.codebook.codes.length, implicitCodes: built.implicitCodes, coders: built.coders, primaryCoder: built.primaryCoder ?? null,
    transcripts: native, segmentDocuments: built.placed.length - native, placed: built.placed, warnings: warnings.map(issueJson),
  }, { ...flags, out: undefined }, g);
  say(`wrote ${out}/ (${built.files.size} files)`, g);
  return EXIT_OK;
}

/**
 * The workspace the files are read in: ad hoc (with `--codebook`, else every `#tag` is a code), or
 * with `-p DIR` that project's codebook (or `--codebook`), frameworks, roles, speakers, coder
 * aliases and document attribute tables, and only the given files as sources. Returns what the new
 * project must carry over, and the project's primary coder.
 */
async function importWorkspace(files: string[], flags: ImportFlags, g: GlobalOptions): Promise<{ ws: Workspace; codebookSource?: string; carry?: CarriedSettings; primaryCoder?: string }> {
  const shown = (a: string) => relative(process.cwd(), a) || a;
  // With -p: the project's codebook, roles and coders over the files; else an ad-hoc project.
  const ws = await openProject(g, { files, codebook: flags.codebook });
  if (!g.project) return { ws, codebookSource: flags.codebook ? shown(resolve(flags.codebook)) : undefined };
  const base = ws.project;
  // User frameworks and the roles file go along, so the codebook and labels read the same.
  const yamls = base.frameworks.filter((f) => /\.ya?ml$/i.test(f) && existsSync(resolve(base.root, f)));
  const names = uniqueNames(yamls, (f) => safeFileName(basename(f).replace(/\.ya?ml$/i, '')));
  const rolesFile = base.roles ? resolve(base.root, base.roles) : undefined;
  const carry: CarriedSettings = {
    frameworkFiles: yamls.map((f) => ({ path: `frameworks/${names.get(f)}.yaml`, text: readFileSync(resolve(base.root, f), 'utf8') })),
    roles: rolesFile && existsSync(rolesFile) ? readFileSync(rolesFile, 'utf8') : undefined,
    speakers: base.speakers,
    speakerLabels: base.speakerLabels,
  };
  const codebookSource = base.codebook ? shown(resolve(base.root, base.codebook)) : undefined;
  return { ws, codebookSource, carry, primaryCoder: base.primaryCoder ? ws.coderName(base.primaryCoder) : undefined };
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
