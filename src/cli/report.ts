/**
 * `hefboom report`: read everything the project holds (transcripts and QDA imports, surveys, CRM,
 * MeMoQ scores), build one report model mapped to the seven levers and the MeMoQ dimensions, and
 * write it as HTML, Markdown, JSON, CSV and XLSX into one folder, atomically and deterministically.
 * `--check` evaluates the rules of checks.yaml against the model's metrics (exit 1 when one fails).
 */
import { existsSync, promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import type { InputIssue } from '../model/types.js';
import type { Project } from '../io/project.js';
import type { Workspace } from '../io/workspace.js';
import { writeDirAtomic, writeFileAtomic } from '../io/write.js';
import { readMemoqScores, type MemoqScore } from '../io/memoq-scores.js';
import { closest, hasErrors } from '../model/issues.js';
import { indexFramework, loadBuiltinFramework } from '../model/framework.js';
import { buildQualitative, type ReportBuildOptions } from '../report/build-qualitative.js';
import { buildQuantitative } from '../report/build-quantitative.js';
import { buildPathways, type PathwaysPart } from '../report/build-pathways.js';
import { readPathwayRegister } from '../io/pathways.js';
import { readStage } from '../io/stage.js';
import type { PathwayRegister } from '../model/pathways.js';
import type { StageData } from '../model/stage.js';
import { renderMarkdownReport } from '../report/render-md.js';
import { renderXlsx, reportTables, tableCsvFiles } from '../report/render-tables.js';
import { evaluateChecks, formatActual, junitXml, parseChecks, type CheckRule } from '../report/checks.js';
import { digestInputs, methodSection, projectInputs } from '../report/provenance.js';
import type { MetricTree, ReportBlock, ReportModel, ReportSection, SectionKind } from '../report/model.js';
import {
  act, csvDialect, globals, intOption, openProject, progress, reportIssues, say, stderrChalk, stopOnIssues, UsageError, version,
  EXIT_CHECK_FAILED, EXIT_OK, InputFailure, type GlobalOptions,
} from './common.js';
import { loadCrm, loadSurveys } from './data-sources.js';

export const REPORT_FORMATS = ['html', 'md', 'json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
const DEFAULT_FORMATS: ReportFormat[] = ['html', 'md', 'json', 'csv'];

/** Written into every report folder: a folder that has it may be replaced by the next run. */
export const REPORT_MARKER = '.hefboom-report';
const MARKER_TEXT = 'This folder was written by `hefboom report` and is replaced as a whole on the next run.\n';

const DEFAULT_EXPLORE_LIMIT = 500;
const DEFAULT_EXEMPLARS = 3;

interface ReportFlags {
  out?: string;
  format?: string[];
  date?: string;
  check?: boolean;
  checks?: string;
  junit?: string;
  force?: boolean;
  suppressBelow?: string;
  exploreLimit: string;
  exemplars: string;
  seed: string;
  csvDialect?: string;
}

type Lang = 'nl' | 'en';

const collectList = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export function registerReport(program: Command): void {
  const cmd = program
    .command('report')
    .description('build the report mapped to the seven levers and the MeMoQ dimensions into a folder: index.html, report.md, report.json, tables/*.csv, report.xlsx')
    .option('-o, --out <dir>', 'output folder (default: `report.out` in hefboom.yaml); replaced as a whole, atomically')
    .option('-f, --format <list>', `formats, comma-separated: ${REPORT_FORMATS.join(',')} (default: \`report.formats\` or ${DEFAULT_FORMATS.join(',')})`, collectList)
    .option('--date <YYYY-MM-DD>', 'date printed in the report (none by default, so rebuilds are identical)')
    .option('--check', 'evaluate the rules of checks.yaml against the report; exit 1 when one fails')
    .option('--checks <file>', 'rules file (default: `checks:` in hefboom.yaml); implies --check')
    .option('--junit <file>', 'also write the check results as JUnit XML (implies --check)')
    .option('--force', 'replace --out even when it is not a previous hefboom report')
    .option('--suppress-below <n>', 'small-cell suppression in survey and CRM breakdowns (default: report.suppress_below)')
    .option('--explore-limit <n>', 'most excerpts listed in the Explore section', String(DEFAULT_EXPLORE_LIMIT))
    .option('--exemplars <n>', 'exemplar quotes per lever and dimension', String(DEFAULT_EXEMPLARS))
    .option('--seed <n>', 'seed of the bootstrap intervals', '1')
    .option('--csv-dialect <dialect>', 'excel-nl: ";" separator, UTF-8 BOM and decimal commas for Excel in a Dutch/Belgian locale');
  cmd.addHelpText('before', `Examples:
  hefboom report -p examples/werkplekleren --out rapport
  hefboom report --out rapport --format html,md,json,csv,xlsx --lang en
  hefboom report --out rapport --check --junit rapport/checks.xml --quiet
  hefboom report --out rapport --checks ci/checks.yaml --date 2024-06-30

`);
  cmd.action(act(async (flags: ReportFlags) => runReport(flags, globals(cmd))));
}

// ---------------------------------------------------------------------------------------------
// Flags

export function parseFormats(list: string[] | undefined, fromProject: string[] | undefined): ReportFormat[] {
  const wanted = list?.length ? list : fromProject?.length ? fromProject : DEFAULT_FORMATS;
  const out: ReportFormat[] = [];
  for (const raw of wanted) {
    const f = raw.toLowerCase().trim();
    if (!(REPORT_FORMATS as readonly string[]).includes(f)) {
      const near = closest(f, REPORT_FORMATS, 1);
      const where = list?.length ? '--format' : '`report.formats` in hefboom.yaml';
      throw new UsageError(`unknown report format "${raw}" in ${where}`, `${near.length ? `did you mean "${near[0]}"? ` : ''}formats: ${REPORT_FORMATS.join(', ')}`);
    }
    if (!out.includes(f as ReportFormat)) out.push(f as ReportFormat);
  }
  return out;
}

export function parseDate(v: string | undefined): string | null {
  if (v === undefined) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.trim());
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new UsageError(`--date expects a date as YYYY-MM-DD, got "${v}"`, 'e.g. --date 2024-06-30');
  }
  return v.trim();
}

/** The `checks:` rules file of the project (the loader has checked that it stays inside the project). */
function declaredChecks(project: Project): { path?: string; issue?: InputIssue } {
  return project.checks ? { path: resolve(project.root, project.checks) } : {};
}

function loadRules(flags: ReportFlags, project: Project, g: GlobalOptions): CheckRule[] {
  let abs: string;
  if (flags.checks) abs = resolve(flags.checks);
  else {
    const d = declaredChecks(project);
    if (d.issue) { reportIssues([d.issue], g); throw new InputFailure([d.issue]); }
    if (!d.path) throw new UsageError('--check needs rules, but the project names no checks file', 'add `checks: checks.yaml` to hefboom.yaml or pass --checks FILE; see "Checks in CI" in the README');
    abs = d.path;
  }
  const display = relative(process.cwd(), abs) || abs;
  if (!existsSync(abs)) throw new UsageError(`checks file "${display}" does not exist`, 'create it (a YAML list of `- {name: …, rule: "PATH OP NUMBER"}`) or fix the path');
  const { rules, issues } = parseChecks(readFileSync(abs, 'utf8'), display);
  if (issues.length) { reportIssues(issues, g); throw new InputFailure(issues); }
  return rules;
}

const within = (dir: string, p: string): boolean => {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/** Refuse an output folder that would replace the project, an input, or a folder that is not ours. */
function checkOutDir(out: string, display: string, project: Project, inputs: string[], force: boolean): void {
  if (within(out, project.root)) throw new UsageError(`--out ${display} holds the project folder; the report folder replaces its target as a whole`, 'choose a folder of its own, e.g. --out rapport');
  for (const p of inputs) {
    if (within(out, resolve(project.root, p))) {
      throw new UsageError(`--out ${display} holds an input of the report (${p})`, existsSync(join(out, REPORT_MARKER))
        ? 'a `sources:` pattern picks up files of an earlier report: narrow the pattern (e.g. transcripts/**/*.md) or write the report elsewhere'
        : 'choose a folder of its own, e.g. --out rapport');
    }
  }
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new UsageError(`--out ${display} exists and is not a folder`);
  if (force || existsSync(join(out, REPORT_MARKER))) return;
  if (readdirSync(out).length > 0) {
    throw new UsageError(`--out ${display} exists and is not a hefboom report folder; it would be replaced as a whole`, 'choose a new or empty folder, or pass --force to replace it');
  }
}


// ---------------------------------------------------------------------------------------------
// Model

const KIND_ORDER: SectionKind[] = ['overview', 'lever', 'memoq', 'perspectives', 'agreement', 'impact', 'audit', 'pathways', 'stage', 'explore', 'method'];

function findSection(sections: ReportSection[], id: string): ReportSection | undefined {
  for (const s of sections) {
    if (s.id === id) return s;
    const inner = findSection(s.children, id);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Add the survey and MeMoQ-score blocks to the lever and dimension sections. A section the
 * qualitative part did not make (a project without transcripts) is made here, in framework order.
 */
function mergeFrameworkBlocks(sections: ReportSection[], framework: 'levers' | 'memoq', blocks: Record<string, ReportBlock[]>, lang: Lang): void {
  const ids = Object.keys(blocks).filter((k) => blocks[k].length);
  if (!ids.length) return;
  const kind: SectionKind = framework === 'levers' ? 'lever' : 'memoq';
  const prefix = framework === 'levers' ? 'lever-' : 'memoq-';
  const fw = loadBuiltinFramework(framework);
  const order = fw.nodes.map((n) => n.id);
  const labels = indexFramework(fw);
  let parent = findSection(sections, framework === 'levers' ? 'levers' : 'memoq');
  for (const id of ids.sort((a, b) => order.indexOf(a) - order.indexOf(b))) {
    let target = findSection(sections, `${prefix}${id}`);
    if (!target) {
      if (!parent) {
        parent = { id: framework === 'levers' ? 'levers' : 'memoq', kind, title: fw.label[lang], blocks: [], children: [] };
        sections.push(parent);
      }
      const label = labels.get(id)?.node.label[lang] ?? id;
      target = { id: `${prefix}${id}`, kind, title: framework === 'levers' ? `${id} ${label}` : label, blocks: [], children: [] };
      const at = parent.children.findIndex((c) => order.indexOf(c.id.slice(prefix.length)) > order.indexOf(id));
      if (at < 0) parent.children.push(target);
      else parent.children.splice(at, 0, target);
    }
    target.blocks.push(...blocks[id]);
  }
}

/** Deep merge of metric trees; on a clash the later value wins. */
export function mergeMetrics(a: MetricTree, b: MetricTree): MetricTree {
  const out: MetricTree = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = prev && typeof prev === 'object' && v && typeof v === 'object' ? mergeMetrics(prev, v) : v;
  }
  return out;
}

function sumCounts(...parts: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function tableIds(sections: ReportSection[]): string[] {
  const out: string[] = [];
  const walk = (s: ReportSection) => { for (const b of s.blocks) if (b.type === 'table') out.push(b.id); s.children.forEach(walk); };
  sections.forEach(walk);
  return out;
}

/** Issues may be reported by the reader and again by a builder: each is shown once. */
function uniqueIssues(issues: InputIssue[]): InputIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = JSON.stringify([i.severity, i.file, i.line, i.column, i.field, i.code, i.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const blocking = (issues: InputIssue[], g: GlobalOptions) => (g.strict ? issues.length > 0 : hasErrors(issues));

// ---------------------------------------------------------------------------------------------
// Run

async function runReport(flags: ReportFlags, g: GlobalOptions): Promise<number> {
  const date = parseDate(flags.date);
  const exploreLimit = intOption('--explore-limit', flags.exploreLimit, 0) ?? DEFAULT_EXPLORE_LIMIT;
  const exemplars = intOption('--exemplars', flags.exemplars, 0) ?? DEFAULT_EXEMPLARS;
  const seed = intOption('--seed', flags.seed, 0) ?? 1;
  const dialect = csvDialect({ csvDialect: flags.csvDialect });
  const checking = !!(flags.check || flags.checks || flags.junit);

  const ws = await openProject(g);
  const project = ws.project;
  const lang: Lang = g.lang ?? project.language;
  const formats = parseFormats(flags.format, project.report.formats);
  const suppressBelow = intOption('--suppress-below', flags.suppressBelow, 0) ?? project.report.suppress_below ?? 0;

  const outAbs = flags.out ? resolve(flags.out) : project.report.out ? resolve(project.root, project.report.out) : undefined;
  if (!outAbs) throw new UsageError('no output folder: give --out DIR', 'or set `report: { out: rapport/ }` in hefboom.yaml');
  if (flags.out === '-') throw new UsageError('the report is a folder of files and cannot go to stdout', 'give --out DIR; report.json in it holds the whole report model');
  const outRel = relative(process.cwd(), outAbs);
  const outDisplay = !outRel || outRel.startsWith('..') || isAbsolute(outRel) ? outAbs : outRel;
  const inputRefs = projectInputs(project, ws.files.map((f) => ({ rel: f.rel, format: f.entry.format })));
  checkOutDir(outAbs, outDisplay, project, inputRefs.map((r) => r.path), !!flags.force);
  // Rules are read before the long build, so a broken checks file fails fast.
  const rules = checking ? loadRules(flags, project, g) : [];

  const spin = await progress(lang === 'nl' ? 'rapport opbouwen' : 'building report', g);
  const mainBusy = project.surveys.length > 0 || project.crm.length > 0 || project.pathways.length > 0;
  const opts: ReportBuildOptions = { lang, suppressBelow, exemplars, exploreLimit, seed, onProgress: spin.update, mainBusy };
  // On large projects the corpus scan runs in worker threads; the surveys, the CRM and their analyses
  // are read and built on this thread in the meantime.
  const qualPending = buildQualitative(ws, opts).then((value) => ({ value }), (error: unknown) => ({ error }));
  // Checksums of the inputs (hundreds of MB on large projects) are computed while the rest reads.
  const digestsPending = digestInputs(project.root, inputRefs).then((value) => ({ value }), (error: unknown) => ({ error }));
  const qualitative = async () => {
    const r = await qualPending;
    if ('error' in r) throw r.error;
    return r.value;
  };
  let model: ReportModel;
  let files: { name: string; content: string | Buffer }[];
  let issues: InputIssue[];
  try {
    const readIssues: InputIssue[] = [...ws.issues];
    const surveys = await loadSurveys(project, undefined, readIssues);
    const crm = await loadCrm(project, g, readIssues);
    const memoqScores: MemoqScore[] = [];
    for (const e of project.memoqScores) {
      const r = await readMemoqScores(project.root, e);
      readIssues.push(...r.issues);
      memoqScores.push(...r.scores);
    }
    const registers: PathwayRegister[] = [];
    for (const e of project.pathways) {
      const r = await readPathwayRegister(project.root, e);
      readIssues.push(...r.issues);
      if (r.register) registers.push(r.register);
    }
    const stages: StageData[] = [];
    for (const e of project.stage) {
      const r = await readStage(project.root, e);
      readIssues.push(...r.issues);
      if (r.data) stages.push(r.data);
    }
    if (blocking(readIssues, g)) {
      await qualPending; // let the scan finish (its workers would keep the process alive)
      spin.stop();
      stopOnIssues(uniqueIssues(readIssues), g);
    }
    const staff = project.surveys.find((s) => s.kind === 'staff');
    const quant = buildQuantitative({ surveys, crm, memoqScores, window: staff?.window ?? {} }, opts);
    const paths = buildPathways({ registers, stages }, opts);
    const qual = await qualitative();
    issues = uniqueIssues([...readIssues, ...qual.issues, ...quant.issues]);
    if (blocking(issues, g)) { spin.stop(); stopOnIssues(issues, g); }
    const digests = await digestsPending;
    if ('error' in digests) throw digests.error;
    model = await assemble({ ws, lang, date, suppressBelow, seed, exploreLimit, exemplars, qual, quant, paths, issues, inputs: digests.value });
    files = await renderFiles(model, formats, dialect);
  } finally {
    await Promise.all([qualPending, digestsPending]);
    spin.stop();
  }
  // Warnings only (errors stopped the run above); printed once the spinner is gone.
  reportIssues(issues, g);

  try {
    await writeDirAtomic(outAbs, async (tmp) => {
      for (const f of files) {
        const p = join(tmp, ...f.name.split('/'));
        await fs.mkdir(dirname(p), { recursive: true });
        await fs.writeFile(p, f.content);
      }
    });
  } catch (e) {
    if (e instanceof Error && /^refusing to replace|exists and is not a directory/.test(e.message)) throw new UsageError(e.message);
    throw e;
  }
  say(`wrote ${outDisplay}${sep} (${files.filter((f) => f.name !== REPORT_MARKER && !f.name.startsWith('tables/')).map((f) => f.name).concat(formats.includes('csv') ? [`tables/ (${files.filter((f) => f.name.startsWith('tables/')).length} CSV)`] : []).join(', ')})`, g);

  if (!checking) return EXIT_OK;
  return reportChecks(rules, model, flags, g);
}

interface AssembleInput {
  ws: Workspace;
  lang: Lang;
  date: string | null;
  suppressBelow: number;
  seed: number;
  exploreLimit: number;
  exemplars: number;
  qual: Awaited<ReturnType<typeof buildQualitative>>;
  quant: ReturnType<typeof buildQuantitative>;
  paths: PathwaysPart;
  issues: InputIssue[];
  /** Every input with its checksum and size (digestInputs). */
  inputs: Awaited<ReturnType<typeof digestInputs>>;
}

async function assemble(a: AssembleInput): Promise<ReportModel> {
  const { ws, lang, qual, quant, paths } = a;
  const sections: ReportSection[] = [...qual.sections, ...quant.sections, ...paths.sections];
  mergeFrameworkBlocks(sections, 'levers', quant.leverBlocks, lang);
  mergeFrameworkBlocks(sections, 'levers', paths.leverBlocks, lang);
  mergeFrameworkBlocks(sections, 'memoq', quant.memoqBlocks, lang);
  if (qual.explore.quotes.length) {
    sections.push({ id: 'explore', kind: 'explore', title: lang === 'nl' ? 'Verkennen' : 'Explore', blocks: [], children: [] });
  }
  // Stable sort: builders' order within a kind is kept.
  sections.sort((x, y) => KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind));

  const inputs = a.inputs;
  const codebookPath = ws.codebook.path ? ws.codebook.path.split(sep).join('/') : null;
  const warnings = a.issues.filter((i) => i.severity === 'warning').length;
  const provenance: ReportModel['provenance'] = {
    software: { name: 'hefboom', version: version() },
    inputs,
    codebook: { path: codebookPath, sha256: inputs.find((i) => i.path === codebookPath)?.sha256 ?? null, codes: ws.codebook.codes.length },
    counts: sumCounts(qual.counts, quant.counts, paths.counts),
    warnings,
    suppressBelow: a.suppressBelow,
    units: { ...qual.units, ...quant.units, ...paths.units },
  };
  const ids = tableIds(sections);
  const method = methodSection(provenance, { lang, date: a.date, seed: a.seed, exploreLimit: a.exploreLimit, exemplars: a.exemplars }, ids);
  provenance.units = { ...provenance.units, ...method.units };
  sections.push(method.section);

  const metrics = mergeMetrics(mergeMetrics(mergeMetrics(qual.metrics, quant.metrics), paths.metrics), {
    report: { sections: sections.length, tables: ids.length + method.section.blocks.filter((b) => b.type === 'table').length, inputs: inputs.length, warnings },
  });
  return {
    hefboom: version(),
    command: 'report',
    title: ws.project.name,
    lang,
    date: a.date,
    project: { name: ws.project.name },
    sections,
    explore: qual.explore,
    metrics,
    provenance,
  };
}

async function renderFiles(model: ReportModel, formats: ReportFormat[], dialect: 'default' | 'excel-nl'): Promise<{ name: string; content: string | Buffer }[]> {
  const files: { name: string; content: string | Buffer }[] = [{ name: REPORT_MARKER, content: MARKER_TEXT }];
  const tables = reportTables(model);
  for (const f of formats) {
    // The chart library is large: loaded only when HTML is asked for.
    if (f === 'html') files.push({ name: 'index.html', content: await (await import('../report/render-html.js')).renderHtml(model) });
    else if (f === 'md') files.push({ name: 'report.md', content: renderMarkdownReport(model) });
    else if (f === 'json') files.push({ name: 'report.json', content: `${JSON.stringify(model, null, 2)}\n` });
    else if (f === 'csv') files.push(...tableCsvFiles(tables, dialect));
    else if (f === 'xlsx') files.push({ name: 'report.xlsx', content: await renderXlsx(tables, model.lang, model.provenance.units) });
  }
  return files;
}

async function reportChecks(rules: CheckRule[], model: ReportModel, flags: ReportFlags, g: GlobalOptions): Promise<number> {
  const results = evaluateChecks(rules, model.metrics);
  const failed = results.filter((r) => !r.passed);
  const c = stderrChalk(g);
  // Failures are findings, shown even under --quiet (like errors).
  for (const r of failed) {
    process.stderr.write(`${c.red(`check failed: ${r.rule.name}: ${r.rule.rule} (actual: ${formatActual(r.actual)})`)}\n  ${r.message}\n`);
  }
  if (flags.junit) {
    await writeFileAtomic(resolve(flags.junit), junitXml(results));
    say(`wrote ${flags.junit}`, g);
  }
  say(`checks: ${results.length - failed.length} passed, ${failed.length} failed`, g);
  return failed.length ? EXIT_CHECK_FAILED : EXIT_OK;
}
