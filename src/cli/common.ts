/**
 * What every command shares: global flags, opening the project (or an ad-hoc project of files given
 * on the command line), printing issues, writing output, progress and exit codes (DESIGN.md §7, §10).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, relative } from 'node:path';
import { Chalk } from 'chalk';
import type { Command } from 'commander';
import type { InputIssue } from '../model/types.js';
import { formatIssue, hasErrors, closest } from '../model/issues.js';
import { sniffQdaCsv } from '../io/qda/qda-csv-sniff.js';
import { findProjectFile, guessFormat, loadProjectFile, projectFileFromOption, type Project } from '../io/project.js';
import type { Workspace, WorkspaceOptions } from '../io/workspace.js';
import { OUTPUT_FORMATS, type OutputFormat, type Table } from '../report/table.js';
import { render } from '../report/render.js';
import { writeFileAtomic } from '../io/write.js';

/** Summary of `hefboom stats`, shared by the full command and the stub main.ts registers when the
 *  calculators are not loaded. */
export const STATS_SUMMARY = 'statistics calculators on CSV/TSV or stdin: proportions, tests, agreement, reliability, regression, survival';

export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_INPUT = 2;
export const EXIT_INTERNAL = 70;

/** A problem with how the command was called or with its input: message, exit 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string) { super(message); }
}

/** Input issues with at least one error (already printed): exit 2. */
export class InputFailure extends Error {
  constructor(readonly issues: InputIssue[]) { super('input errors'); }
}

export function version(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;
  } catch {
    return 'unknown';
  }
}

export interface GlobalOptions {
  project?: string;
  strict?: boolean;
  lang?: 'nl' | 'en';
  quiet?: boolean;
  color?: boolean;
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color. */
export function colourFor(stream: NodeJS.WriteStream, g: GlobalOptions): boolean {
  if (g.color === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return !!stream.isTTY;
}

export function stderrChalk(g: GlobalOptions): InstanceType<typeof Chalk> {
  return new Chalk({ level: colourFor(process.stderr, g) ? 1 : 0 });
}

/** Messages to stderr (never stdout, which carries data). */
export function say(message: string, g: GlobalOptions = {}): void {
  if (!g.quiet) process.stderr.write(`${message}\n`);
}

const MAX_WARNINGS_SHOWN = 15;

/**
 * Print issues to stderr: every error, and warnings up to a limit (validate shows them all).
 * Returns true when the command must stop (errors, or warnings under --strict).
 */
export function reportIssues(issues: InputIssue[], g: GlobalOptions, opts: { allWarnings?: boolean } = {}): boolean {
  const c = stderrChalk(g);
  const list = g.strict ? issues.map((i) => (i.severity === 'warning' ? { ...i, severity: 'error' as const } : i)) : issues;
  const errors = list.filter((i) => i.severity === 'error');
  const warnings = list.filter((i) => i.severity === 'warning');
  const shown = opts.allWarnings ? warnings : warnings.slice(0, MAX_WARNINGS_SHOWN);
  for (const i of errors) process.stderr.write(`${c.red(formatIssue(i))}\n`);
  if (!g.quiet) {
    for (const i of shown) process.stderr.write(`${c.yellow(formatIssue(i))}\n`);
    if (shown.length < warnings.length) process.stderr.write(c.dim(`… and ${warnings.length - shown.length} more warnings (\`hefboom validate\` lists them all)\n`));
  }
  if (errors.length) {
    process.stderr.write(c.red(`${errors.length} error${errors.length === 1 ? '' : 's'}${g.strict && warnings.length === 0 && issues.some((i) => i.severity === 'warning') ? ' (warnings count as errors under --strict)' : ''}; nothing was written.\n`));
  }
  return errors.length > 0;
}

export interface ProjectOptions extends WorkspaceOptions {
  /** Input files from the command line: an ad-hoc project. */
  files?: string[];
  /** Codebook for an ad-hoc project. */
  codebook?: string;
  /** `validate`: go on reading after errors in the project file, to list everything at once. */
  keepGoing?: boolean;
}

/** Source entries for files named on the command line: formats from extensions (and CSV headers). */
function sourcesFromFiles(files: string[], root: string): Project['sources'] {
  return files.map((f) => {
    let format = guessFormat(f);
    // A CSV from QualCoder or Taguette says so in its header; other CSVs need a column mapping.
    if (format === 'segments') format = sniffQdaCsv(resolve(f)) ?? format;
    if (!format) throw new UsageError(`cannot tell the format of "${f}" from its extension`, 'give .txt or .md transcripts, or use a project file with `format:` for other inputs');
    if (format === 'segments') throw new UsageError(`"${f}" is a segment table: its columns must be mapped in a project file`, 'see "Segment tables" in the README for a source entry with `columns:`');
    return { path: relative(root, resolve(f)) || f, format, attributes: {} };
  });
}

/**
 * A project's settings (codebook, frameworks, roles, speakers, coders, attribute tables) over the
 * files named on the command line instead of its sources: `hefboom tally -p project nieuw.docx`.
 * Surveys, CRM exports and registers are left out: the files are what is asked about.
 */
function projectOverFiles(base: Project, files: string[], codebook?: string): Project {
  return {
    ...base,
    codebook: codebook ? relative(base.root, resolve(codebook)) : base.codebook,
    sources: sourcesFromFiles(files, base.root),
    surveys: [],
    crm: [],
    memoqScores: [],
    pathways: [],
    stage: [],
  };
}

/** Build an ad-hoc project (DESIGN.md §7): the given files, formats from extensions, no project file. */
export function adHocProject(files: string[], codebook?: string): Project {
  const root = process.cwd();
  return {
    root,
    name: 'ad hoc',
    language: 'nl',
    codebook: codebook ? relative(root, resolve(codebook)) : undefined,
    frameworks: [],
    speakers: {},
    speakerLabels: 'roles',
    coders: {},
    attributeTables: {},
    sources: sourcesFromFiles(files, root),
    report: {},
    words: {},
    surveys: [],
    crm: [],
    memoqScores: [],
    pathways: [],
    stage: [],
  };
}

/**
 * Open the project named by -p, found upward from the working directory, or built from files.
 * Prints issues; throws InputFailure when errors (or warnings under --strict) stop the command.
 */
export async function openProject(g: GlobalOptions, opts: ProjectOptions = {}): Promise<Workspace> {
  let project: Project;
  const issues: InputIssue[] = [];
  let stdinFile: string | undefined;
  if (opts.files?.length) {
    // `-` reads one transcript from stdin (clig.dev): it is kept in a private temp file, never in the project.
    const files = [...opts.files];
    const dash = files.indexOf('-');
    if (dash >= 0) {
      if (files.indexOf('-', dash + 1) >= 0) throw new UsageError('"-" (stdin) can be given only once');
      const dir = mkdtempSync(join(tmpdir(), 'hefboom-stdin-'));
      stdinFile = join(dir, 'stdin.txt');
      writeFileSync(stdinFile, readFileSync(0));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      files[dash] = stdinFile;
    }
    if (g.project) {
      // -p with files: the project's codebook, roles and coders over these files.
      const file = projectFileFromOption(g.project);
      const r = loadProjectFile(file, relative(process.cwd(), file) || file);
      issues.push(...r.issues);
      if (!r.project || hasErrors(r.issues)) { reportIssues(issues, g); throw new InputFailure(issues); }
      project = projectOverFiles(r.project, files, opts.codebook);
    } else project = adHocProject(files, opts.codebook);
  } else {
    const file = g.project ? projectFileFromOption(g.project) : findProjectFile(process.cwd());
    if (!file) throw new UsageError('no hefboom.yaml found in this folder or above it', 'run `hefboom init DIR`, pass `-p DIR`, or give transcript files directly: `hefboom tally interview.txt`');
    const display = relative(process.cwd(), file) || file;
    const r = loadProjectFile(file, display);
    issues.push(...r.issues);
    if (!r.project || (hasErrors(r.issues) && !opts.keepGoing)) { reportIssues(issues, g); throw new InputFailure(issues); }
    project = r.project;
  }
  // Loaded here, not at startup: commands that never read transcripts start faster without it.
  const { openWorkspace } = await import('../io/workspace.js');
  const ws = await openWorkspace(project, { ...opts, implicitCodes: opts.implicitCodes ?? (!!opts.files?.length && !opts.codebook && !g.project) });
  for (const f of ws.files) if (f.abs === stdinFile) { f.rel = '<stdin>'; f.display = '<stdin>'; }
  ws.issues.unshift(...issues);
  return ws;
}

/** Stop when reading produced errors (or warnings under --strict); otherwise print the warnings. */
export function stopOnIssues(issues: InputIssue[], g: GlobalOptions): void {
  if (reportIssues(issues, g)) throw new InputFailure(issues);
}

export interface OutputOptions {
  format?: string;
  out?: string;
  csvDialect?: string;
}

export function outputFormat(o: OutputOptions): OutputFormat {
  const f = (o.format ?? 'table').toLowerCase();
  if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
    const near = closest(f, OUTPUT_FORMATS, 1);
    throw new UsageError(`unknown --format "${o.format}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}formats: ${OUTPUT_FORMATS.join(', ')}`);
  }
  return f as OutputFormat;
}

export function csvDialect(o: OutputOptions): 'default' | 'excel-nl' {
  const d = o.csvDialect ?? 'default';
  if (d !== 'default' && d !== 'excel-nl') throw new UsageError(`unknown --csv-dialect "${d}"`, 'use excel-nl (";" separator, BOM, decimal commas) or leave it out');
  return d;
}

/** Render tables (or the JSON object) and write to stdout or, atomically, to --out. */
export async function emit(tables: Table[], json: unknown, o: OutputOptions, g: GlobalOptions): Promise<void> {
  const format = outputFormat(o);
  const text = render(tables, {
    format,
    csvDialect: csvDialect(o),
    color: !o.out && format === 'table' && colourFor(process.stdout, g),
    json,
  });
  if (o.out) {
    await writeFileAtomic(resolve(o.out), text);
    say(`wrote ${o.out}`, g);
  } else {
    process.stdout.write(text);
  }
}

/** Add --format, --out and --csv-dialect to a command. */
export function withOutput(cmd: Command): Command {
  return cmd
    .option('-f, --format <format>', `output format: ${['table', 'md', 'csv', 'tsv', 'json'].join('|')}`, 'table')
    .option('-o, --out <file>', 'write to FILE (atomically) instead of stdout')
    .option('--csv-dialect <dialect>', 'excel-nl: ";" separator, UTF-8 BOM and decimal commas for Excel in a Dutch/Belgian locale');
}

/**
 * A spinner on stderr for work that takes over a second, only on a terminal (DESIGN.md, clig.dev).
 * Returns callbacks for progress and stop.
 */
export async function progress(label: string, g: GlobalOptions): Promise<{ update: (done: number, total?: number) => void; stop: () => void }> {
  if (!process.stderr.isTTY || g.quiet) return { update: () => {}, stop: () => {} };
  const { default: ora } = await import('ora');
  const spinner = ora({ text: label, stream: process.stderr, isEnabled: true, color: colourFor(process.stderr, g) ? 'cyan' : undefined });
  let started = false;
  const timer = setTimeout(() => { started = true; spinner.start(); }, 1000);
  return {
    update: (done, total) => { spinner.text = total === undefined ? `${label} ${done}` : `${label} ${done}/${total}`; },
    stop: () => { clearTimeout(timer); if (started) spinner.stop(); },
  };
}

/** `--where k=v` (repeatable; `k=v1,v2` accepts either value). */
export function parseWhere(list: string[] | undefined): { key: string; values: string[] }[] {
  return (list ?? []).map((w) => {
    const m = /^([^=]+)=(.*)$/.exec(w);
    if (!m) throw new UsageError(`--where expects key=value, got "${w}"`, 'e.g. --where site=KO3 --where source_type=interview,focusgroep');
    return { key: m[1].trim(), values: m[2].split(',').map((v) => v.trim()) };
  });
}

export const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Commander parses integers as strings; check and convert. */
export function intOption(name: string, v: string | undefined, min = 0): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} expects a whole number ≥ ${min}, got "${v}"`);
  return n;
}

let lastExitCode = EXIT_OK;
/** Wrap a command action that resolves to an exit code (commander ignores return values). */
export function act<A extends unknown[]>(fn: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => { lastExitCode = await fn(...args); };
}
export function takeExitCode(): number {
  const c = lastExitCode;
  lastExitCode = EXIT_OK;
  return c;
}

/** The `provenance` object of every analysis command's JSON output: where the numbers come from. */
export function provenanceJson(ws: Workspace, counts: { files: number; documents: number; doubleCoded: number }, warnings: number) {
  return {
    project: ws.project.file ? ws.project.name : null,
    codebook: ws.codebook.path ?? null,
    files: counts.files,
    documents: counts.documents,
    doubleCoded: counts.doubleCoded,
    warnings,
  };
}

/** The note under a table that says whose codings were counted (DESIGN.md §3 coder rule). */
export function coderNote(coder: string | undefined, doubleCoded: number, ws: Workspace, nl: boolean): string {
  if (coder) return nl ? `Codeur: ${coder}.` : `Coder: ${coder}.`;
  if (!doubleCoded) return '';
  const primary = ws.project.primaryCoder ?? '—';
  return nl
    ? `Codeur: per document één codeur (primaire codeur ${primary}); ${doubleCoded} document(en) dubbel gecodeerd.`
    : `Coder: one coder per document (primary coder ${primary}); ${doubleCoded} document(s) double-coded.`;
}
