/**
 * `hefboom anonymise IN… --map FILE --out DIR`: a copy of transcripts, segment tables and imported
 * projects with names, sites and organisations replaced by the pseudonyms of a private map, and
 * `--check DIR` to prove an output folder holds none of the mapped names any more.
 *
 * Each file is treated by its kind: native transcripts (front matter values and text; code tags are
 * code ids and stay), plain texts that segment tables point into (rewritten, and every span of the
 * table remapped so it covers the same words), segment tables (document ids as identifiers, offsets
 * remapped, code cells kept, other cells as text), YAML files (the project file's paths and document
 * ids as identifiers, code ids kept) and any other UTF-8 text as text. Binary files are not copied.
 * File and folder names are pseudonymised as identifiers, so ids, file names and tables stay consistent.
 */
import type { Command } from 'commander';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { globSync } from 'tinyglobby';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { InputIssue, SourceEntry } from '../model/types.js';
import { createRoleTable } from '../model/roles.js';
import { decodeBytes, normaliseEncoding } from '../io/decode.js';
import { loadProjectFile, PROJECT_FILE } from '../io/project.js';
import { readPseudonymMap } from '../io/pseudonym-map.js';
import { writeDirAtomic, writeFileAtomic } from '../io/write.js';
import {
  buildMatcher, COMMON_CAPITALISED, contextFromRanges, findMatches, lineColumn, pseudonymise, remapOffset, suggestNames, tagRanges,
  type Edit, type Matcher, type TextContext,
} from '../analysis/pseudonymise.js';
import { fold } from '../model/issues.js';
import type { Table } from '../report/table.js';
import {
  act, emit, globals, say, stopOnIssues, UsageError, version, EXIT_CHECK_FAILED, EXIT_OK,
  type GlobalOptions, type OutputOptions,
} from './common.js';

interface AnonymiseFlags extends OutputOptions {
  map?: string;
  out?: string;
  force?: boolean;
  check?: string;
  suggestions?: string;
}

/** How many suggestions stderr shows when no --suggestions FILE is given. */
const SUGGESTIONS_SHOWN = 8;

export function registerAnonymise(program: Command): void {
  const cmd = program
    .command('anonymise')
    .alias('anonymize')
    .argument('[inputs...]', 'transcripts, segment tables and folders (a project or an imported project); default: the project of -p')
    .addHelpText('before', `Examples:
  hefboom anonymise transcripts/ --map ../prive/pseudoniemen.yaml --out gedeeld/
  hefboom anonymise -p mijn-project --map ../prive/pseudoniemen.yaml --out mijn-project-anoniem
  hefboom anonymise interview-sofie.txt --map namen.yaml --out anoniem --suggestions ../prive/misschien-namen.txt
  hefboom anonymise --check gedeeld/ --map ../prive/pseudoniemen.yaml     exit 1 when a mapped name is left
`)
    .option('--map <file>', 'the private pseudonym map (YAML); never copied to the output')
    .option('-o, --out <dir>', 'folder to write (built atomically; must be new or empty unless --force)')
    .option('--force', 'replace --out when it exists and is not empty')
    .option('--check <dir>', 'read an output folder and list every mapped name still in it (exit 1 if any)')
    .option('--suggestions <file>', 'write capitalised words that may be names not in the map to FILE (outside --out)')
    .option('-f, --format <format>', 'format of the summary on stdout: table|md|csv|tsv|json', 'table')
    .option('--csv-dialect <dialect>', 'excel-nl: ";" separator, UTF-8 BOM and decimal commas');
  cmd.action(act(async (inputs: string[], flags: AnonymiseFlags, c: Command) => {
    const g = globals(c);
    if (!flags.map) throw new UsageError('--map FILE is required: the YAML file with your pseudonyms', 'e.g. hefboom anonymise transcripts/ --map ../prive/pseudoniemen.yaml --out gedeeld/');
    const mapAbs = resolve(flags.map);
    const map = readPseudonymMap(mapAbs, flags.map);
    stopOnIssues(map.issues, g);
    const matcher = buildMatcher(map.entries);
    if (flags.check !== undefined) {
      if (inputs.length || flags.out) throw new UsageError('--check reads an output folder; it takes no inputs and no --out', `e.g. hefboom anonymise --check ${flags.check} --map ${flags.map}`);
      return runCheck(flags.check, mapAbs, matcher, flags, g);
    }
    return runAnonymise(inputs, mapAbs, map.keep, matcher, flags, g);
  }));
}

// ---------------------------------------------------------------------------------------------
// Planning: which files, of which kind, written where.

type FileKind = 'transcript' | 'plain' | 'table' | 'project-yaml' | 'yaml' | 'text';

interface TableSpec {
  delimiter?: string;
  /** Column names from the project's source entry (else found by header name). */
  columns?: SourceEntry['columns'];
  /** Absolute folder of the text files the offsets point into. */
  texts?: string;
  documents?: Record<string, string>;
}

interface PlannedFile {
  abs: string;
  /** Path relative to --out, before renaming. */
  rel: string;
  /** As the user sees it (messages). */
  display: string;
  kind: FileKind;
  encoding?: string;
  table?: TableSpec;
}

const inside = (dir: string, p: string) => { const r = relative(dir, p); return r === '' || (!r.startsWith('..') && !isAbsolute(r)); };
const displayOf = (abs: string) => relative(process.cwd(), abs) || abs;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue; // .git, editor and OS files are not data
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function kindByExtension(abs: string): FileKind {
  const ext = extname(abs).toLowerCase();
  if (basename(abs) === PROJECT_FILE) return 'project-yaml';
  if (ext === '.txt' || ext === '.md' || ext === '.markdown') return 'transcript';
  if (ext === '.csv' || ext === '.tsv') return 'table';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return 'text';
}

/** Kinds from a project's hefboom.yaml: its transcript and segment sources and their texts folders. */
function planProject(root: string, plan: Map<string, PlannedFile>, issues: InputIssue[]): void {
  const file = join(root, PROJECT_FILE);
  const r = loadProjectFile(file, displayOf(file));
  if (!r.project) { issues.push(...r.issues.filter((i) => i.severity === 'error')); return; }
  for (const s of r.project.sources) {
    const matches = globSync(s.path, { cwd: root, absolute: true, onlyFiles: true, dot: false });
    for (const m of matches) {
      const p = plan.get(resolve(m));
      if (!p) continue;
      if (s.format === 'transcript') { p.kind = 'transcript'; p.encoding = s.encoding; }
      if (s.format === 'segments') {
        p.kind = 'table';
        p.encoding = s.encoding;
        p.table = { delimiter: s.delimiter, columns: s.columns, texts: s.texts ? resolve(root, s.texts) : undefined, documents: s.documents };
      }
    }
    if (s.format === 'segments' && s.texts) {
      const textsAbs = resolve(root, s.texts);
      for (const p of plan.values()) if (inside(textsAbs, p.abs) && p.abs !== textsAbs) p.kind = 'plain';
    }
  }
}

/** A sibling `texts/` or `teksten/` folder of a table (or of its folder, as in an imported project). */
function guessTexts(tableAbs: string): string | undefined {
  for (const base of [dirname(tableAbs), dirname(dirname(tableAbs))]) {
    for (const name of ['texts', 'teksten']) {
      const d = join(base, name);
      if (existsSync(d) && statSync(d).isDirectory()) return d;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The command.

interface Tally {
  byEntry: number[];
  kept: number;
  keptFiles: Set<string>;
  spansRemapped: number;
}

async function runAnonymise(inputs: string[], mapAbs: string, keep: string[], matcher: Matcher, flags: AnonymiseFlags, g: GlobalOptions): Promise<number> {
  if (!inputs.length) {
    if (!g.project) throw new UsageError('give the files or folders to anonymise (or -p PROJECT)', 'e.g. hefboom anonymise transcripts/ --map ../prive/pseudoniemen.yaml --out gedeeld/');
    const p = resolve(g.project);
    inputs = [existsSync(p) && statSync(p).isFile() ? dirname(p) : p];
  }
  if (!flags.out) throw new UsageError('--out DIR is required: the folder to write the pseudonymised copy to', 'e.g. --out gedeeld/ (inputs are never changed)');
  const target = resolve(flags.out);
  const inputAbs = inputs.map((i) => {
    const abs = resolve(i);
    if (!existsSync(abs)) throw new UsageError(`input "${i}" does not exist`, 'give transcripts, segment tables or folders');
    return abs;
  });
  for (const [i, abs] of inputAbs.entries()) {
    if (inside(abs, target)) throw new UsageError(`--out "${flags.out}" is ${abs === target ? 'the same as' : 'inside'} the input "${inputs[i]}"`, 'write the copy next to your data, e.g. --out ../gedeeld; the input would otherwise be read into its own output');
    if (inside(target, abs)) throw new UsageError(`the input "${inputs[i]}" is inside --out "${flags.out}"`, '--out is replaced by the new copy: choose another folder');
  }
  if (inside(target, mapAbs)) throw new UsageError(`the map "${flags.map}" is inside --out "${flags.out}"`, '--out is replaced by the shared copy: keep the map in a private folder of its own');
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length) && !flags.force) {
    throw new UsageError(`"${flags.out}" already exists and is not empty; nothing was written`, 'choose a new folder, or add --force to replace it');
  }
  if (flags.suggestions) {
    const s = resolve(flags.suggestions);
    if (inside(target, s)) throw new UsageError(`--suggestions "${flags.suggestions}" is inside --out`, 'suggestions are names: keep them outside the shared copy, e.g. next to your map');
    if (inputAbs.some((a) => inside(a, s))) throw new UsageError(`--suggestions "${flags.suggestions}" is inside an input`, 'write it next to your map, outside the data');
  }

  // Which files go where: one folder is copied as the output's content; several inputs each get
  // their own name in the output.
  const plan = new Map<string, PlannedFile>();
  const issues: InputIssue[] = [];
  const skipped: { file: string; reason: string }[] = [];
  const mapReal = realpathSync(mapAbs);
  const single = inputAbs.length === 1 && statSync(inputAbs[0]).isDirectory();
  const tops = new Set<string>();
  for (const abs of inputAbs) {
    const top = single ? '' : basename(abs);
    if (!single) {
      if (tops.has(top)) throw new UsageError(`two inputs are both called "${top}"`, 'give them in one parent folder, or anonymise them in two runs');
      tops.add(top);
    }
    const files = statSync(abs).isDirectory() ? walk(abs) : [abs];
    for (const f of files) {
      if (realpathSync(f) === mapReal) { skipped.push({ file: displayOf(f), reason: 'the pseudonym map itself: never copied' }); continue; }
      const rel = statSync(abs).isDirectory() ? join(top, relative(abs, f)) : top;
      plan.set(f, { abs: f, rel, display: displayOf(f), kind: kindByExtension(f) });
    }
  }
  for (const abs of inputAbs) if (statSync(abs).isDirectory() && existsSync(join(abs, PROJECT_FILE))) planProject(abs, plan, issues);
  // Ad-hoc tables with offsets: their texts folder, when it is among the inputs.
  for (const p of plan.values()) {
    if (p.kind !== 'table' || p.table?.texts) continue;
    const texts = guessTexts(p.abs);
    p.table = { ...p.table, texts };
  }
  const textFolders = new Set([...plan.values()].map((p) => p.table?.texts).filter((t): t is string => !!t));
  for (const p of plan.values()) if (p.kind !== 'table' && [...textFolders].some((t) => inside(t, p.abs))) p.kind = 'plain';
  stopOnIssues(issues, g);

  const tally: Tally = { byEntry: map0(matcher), kept: 0, keptFiles: new Set(), spansRemapped: 0 };
  const outputs = new Map<string, Buffer>();
  const sourceOf = new Map<string, string>();
  const renamed: string[] = [];
  const textEdits = new Map<string, { oldText: string; newText: string; edits: Edit[] }>();
  const suggestions = new Map<string, { word: string; count: number; first: string }>();
  const notName = notNameTest(keep, matcher);
  const suggestIn = (text: string, file: string, skip?: (u16: number) => boolean) => {
    for (const s of suggestNames(text, notName, skip)) {
      const k = fold(s.word);
      const prev = suggestions.get(k);
      if (prev) prev.count++;
      else suggestions.set(k, { word: s.word, count: 1, first: `${file}:${lineColumn(text, s.offset).line}` });
    }
  };

  // Plain texts first: tables need their edits to remap offsets.
  const ordered = [...plan.values()].sort((a, b) => Number(b.kind === 'plain') - Number(a.kind === 'plain') || a.rel.localeCompare(b.rel));
  for (const p of ordered) {
    const buf = readFileSync(p.abs);
    if (buf.subarray(0, 8192).includes(0)) {
      // Word and LibreOffice files are zip packages: turned into native transcripts first, they can be pseudonymised.
      const kind = /\.(docx|odt)$/i.exec(p.abs)?.[1].toLowerCase();
      skipped.push({
        file: p.display,
        reason: kind
          ? `a .${kind} file cannot be pseudonymised as it is, so it is not copied; turn it into native transcripts first (hefboom import ${kind} FILE --out DIR) and anonymise those`
          : 'binary file: hefboom cannot pseudonymise it, so it is not copied',
      });
      continue;
    }
    const decoded = decodeBytes(buf, p.encoding, p.display);
    if (decoded.issues.length) {
      if (p.kind === 'text' || p.kind === 'yaml') { skipped.push({ file: p.display, reason: 'not UTF-8 text: not copied' }); continue; }
      issues.push(...decoded.issues);
      continue;
    }
    const text = decoded.text;
    const outRel = p.rel.split(sep).map((seg) => countInto(tally, pseudonymise(seg, matcher, () => 'id')).text).join('/');
    if (outRel !== p.rel.split(sep).join('/')) renamed.push(outRel);
    const prevSource = sourceOf.get(outRel.toLowerCase());
    if (prevSource) { issues.push({ severity: 'error', file: p.display, code: 'name-collision', message: `after renaming, "${p.display}" and "${prevSource}" would both be written as "${outRel}"`, hint: 'give the two names different pseudonyms, or rename one of the files first' }); continue; }
    sourceOf.set(outRel.toLowerCase(), p.display);
    let out: string;
    switch (p.kind) {
      case 'plain': {
        const r = countInto(tally, pseudonymise(text, matcher));
        textEdits.set(p.abs, { oldText: text, newText: r.text, edits: r.edits });
        out = r.text;
        suggestIn(out, outRel);
        break;
      }
      case 'transcript': {
        const ctx = transcriptContexts(text);
        out = countInto(tally, pseudonymise(text, matcher, ctx), p.display).text;
        const outCtx = transcriptContexts(out);
        suggestIn(out, outRel, (u) => outCtx(u) !== 'name' || inFrontMatterKey(out, u));
        break;
      }
      case 'table':
        out = anonymiseTable(text, p, matcher, tally, textEdits, issues, (cell) => suggestIn(cell, outRel));
        break;
      case 'project-yaml':
      case 'yaml': {
        const ctx = yamlContexts(text, 0, p.kind === 'project-yaml' ? projectRule : codebookRule) ?? (() => 'name' as TextContext);
        out = countInto(tally, pseudonymise(text, matcher, ctx), p.display).text;
        break;
      }
      default:
        out = countInto(tally, pseudonymise(text, matcher)).text;
        suggestIn(out, outRel);
    }
    outputs.set(outRel, encodeLike(out, p.encoding, decoded.hadBom));
  }
  if (tally.kept) {
    issues.push({ severity: 'warning', file: [...tally.keptFiles].slice(0, 3).join(', '), code: 'name-in-code', message: `${tally.kept} mapped name(s) are part of code ids (a #tag or a code column) and were left as they are, so the codes stay valid`, hint: 'rename those codes in the codebook (keep the old id as an alias) and run again; --check lists where they are' });
  }
  for (const s of skipped.filter((x) => !x.reason.startsWith('the pseudonym map'))) issues.push({ severity: 'warning', file: s.file, code: 'not-copied', message: s.reason });
  stopOnIssues(issues, g);

  await writeDirAtomic(target, async (tmp) => {
    for (const [rel, content] of [...outputs].sort(([a], [b]) => a.localeCompare(b))) {
      const p = join(tmp, rel);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, content);
    }
  });

  // Suggestions: names, so never on stdout; a file only where the user asked for one.
  const sugg = [...suggestions.entries()].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
  if (flags.suggestions) {
    const lines = ['# hefboom anonymise: capitalised words that may be names not in the map (word, count, first file:line in the output).', '# Add names to the map; add words that are not names to `keep:` in the map.', ...sugg.map(([, v]) => `${v.word}\t${v.count}\t${v.first}`)];
    await writeFileAtomic(resolve(flags.suggestions), `${lines.join('\n')}\n`);
  }

  const kinds = [...new Set(matcher.entries.map((e) => e.kind))].sort();
  const byKind: Record<string, number> = Object.fromEntries(kinds.map((k) => [k, 0]));
  const byPseudonym: Record<string, number> = {};
  matcher.entries.forEach((e, i) => { byKind[e.kind] += tally.byEntry[i]; byPseudonym[e.pseudonym] = tally.byEntry[i]; });
  const total = tally.byEntry.reduce((a, b) => a + b, 0);
  const table: Table = {
    title: `Anonymised copy → ${flags.out}`,
    columns: [{ key: 'what', label: 'what' }, { key: 'n', label: 'n', type: 'number' }, { key: 'detail', label: 'detail' }],
    rows: [
      { what: 'files written', n: outputs.size, detail: '' },
      { what: 'files renamed', n: renamed.length, detail: renamed.slice(0, 5).join(', ') + (renamed.length > 5 ? ', …' : '') },
      { what: 'files not copied', n: skipped.length, detail: skipped.map((s) => s.file).slice(0, 5).join(', ') },
      { what: 'replacements', n: total, detail: 'names, sites and organisations replaced' },
      ...kinds.map((k) => ({ what: `replacements: ${k}`, n: byKind[k], detail: matcher.entries.filter((e) => e.kind === k).map((e) => e.pseudonym).join(', ') })),
      { what: 'spans remapped', n: tally.spansRemapped, detail: 'segment rows whose start/end were moved' },
      { what: 'names left in code ids', n: tally.kept, detail: tally.kept ? 'see the warning' : '' },
      { what: 'possible names not in the map', n: sugg.length, detail: flags.suggestions ? `listed in ${flags.suggestions}` : sugg.length ? 'first ones on stderr; --suggestions FILE lists them all' : '' },
    ],
    notes: [
      'The pseudonym map is never copied to the output. Inputs were not changed.',
      `Check the copy: hefboom anonymise --check ${flags.out} --map ${flags.map}`,
    ],
  };
  const json = {
    hefboom: version(),
    command: 'anonymise',
    inputs: inputAbs.map(displayOf),
    out: flags.out,
    map: { entries: matcher.entries.length, variants: matcher.byVariant.size },
    files: { written: outputs.size, renamed, skipped },
    replacements: { total, byKind, byPseudonym },
    spans: { remapped: tally.spansRemapped },
    namesInCodes: tally.kept,
    suggestions: { count: sugg.length, file: flags.suggestions ?? null },
    warnings: issues.filter((i) => i.severity === 'warning').length,
  };
  await emit([table], json, { ...flags, out: undefined }, g);
  if (!flags.suggestions && sugg.length) {
    say(`${sugg.length} capitalised word(s) may be names not in the map, e.g. ${sugg.slice(0, SUGGESTIONS_SHOWN).map(([, v]) => `${v.word} (${v.first})`).join(', ')}${sugg.length > SUGGESTIONS_SHOWN ? ', …' : ''}`, g);
    say('  add them to the map, or to its `keep:` list; --suggestions FILE writes them all', g);
  }
  say(`wrote ${flags.out}/ (${outputs.size} files, ${total} replacements)`, g);
  return EXIT_OK;
}

function map0(m: Matcher): number[] {
  return m.entries.map(() => 0);
}

function countInto<T extends { edits: Edit[]; kept: { entry: number }[] }>(t: Tally, r: T, file?: string): T {
  for (const e of r.edits) t.byEntry[e.entry]++;
  if (r.kept.length) { t.kept += r.kept.length; if (file) t.keptFiles.add(file); }
  return r;
}

function notNameTest(keep: string[], m: Matcher): (folded: string) => boolean {
  const roles = createRoleTable([]);
  const pseudonymWords = new Set(m.entries.flatMap((e) => fold(e.pseudonym).split(/[\s._-]+/)));
  const keepWords = new Set(keep.flatMap((k) => [k, ...k.split(' ')]));
  return (w) => COMMON_CAPITALISED.has(w) || pseudonymWords.has(w) || keepWords.has(w) || m.byVariant.has(w) || roles.resolve(w) !== null;
}

function encodeLike(text: string, encoding: string | undefined, hadBom: boolean): Buffer {
  const enc = normaliseEncoding(encoding);
  if (enc === 'utf-8') return Buffer.from(hadBom ? `\uFEFF${text}` : text, 'utf8');
  return iconv.encode(text, enc);
}

// ---------------------------------------------------------------------------------------------
// Contexts per file kind.

type Rule = (path: (string | number)[], isKey: boolean) => TextContext;
const lastKey = (path: (string | number)[]) => { for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string; return ''; };

/** hefboom.yaml: paths and document ids are identifiers, named speakers and coders are names, column
 *  names, formats and other settings stay (they must keep matching the files). */
const projectRule: Rule = (path, isKey) => {
  const s = path.map(String);
  if (isKey) {
    if (s.length === 2 && (s[0] === 'speakers' || s[0] === 'coders')) return 'name';
    if (s.length === 4 && s[0] === 'sources' && s[2] === 'documents') return 'id';
    return 'keep';
  }
  if (s[0] === 'sources') {
    const k = s[2];
    if (k === 'path' || k === 'texts' || k === 'documents') return 'id';
    if (k === 'attributes' || k === 'coder') return 'name';
    return 'keep';
  }
  if (['codebook', 'roles', 'attributes', 'frameworks', 'words'].includes(s[0]) || (s[0] === 'report' && s[1] === 'out')) return 'id';
  if (s[0] === 'speakers' || s[0] === 'language' || s[0] === 'speaker_labels' || s[0] === 'report') return 'keep';
  return 'name';
};

/** Codebooks, frameworks, roles: ids, parents, aliases and mappings are code ids; labels are text. */
const CODE_ID_KEYS = new Set(['id', 'parent', 'aliases', 'levers', 'memoq', 'frameworks', 'facet', 'version', 'kind', 'abbreviations']);
const codebookRule: Rule = (path, isKey) => (isKey || CODE_ID_KEYS.has(lastKey(path)) ? 'keep' : 'name');

/** Front matter: `id` is an identifier, `default_role` and keys stay, named speakers are names. */
const frontMatterRule: Rule = (path, isKey) => {
  const s = path.map(String);
  if (isKey) return s.length === 2 && s[0] === 'speakers' ? 'name' : 'keep';
  if (s[0] === 'id') return 'id';
  if (s[0] === 'default_role' || s[0] === 'speakers') return 'keep';
  return 'name';
};

/** Ranges of a YAML text (at `offset` in the file) with their context; null when it does not parse. */
function yamlContexts(text: string, offset: number, rule: Rule): ((u16: number) => TextContext) | null {
  const ranges = yamlRanges(text, offset, rule);
  return ranges ? contextFromRanges(ranges) : null;
}

function yamlRanges(text: string, offset: number, rule: Rule): { start: number; end: number; context: TextContext }[] | null {
  const doc = parseDocument(text);
  if (doc.errors.length) return null;
  const ranges: { start: number; end: number; context: TextContext }[] = [];
  const push = (n: Node | null | undefined, context: TextContext) => { if (n?.range && context !== 'name') ranges.push({ start: offset + n.range[0], end: offset + n.range[1], context }); };
  const visit = (node: unknown, path: (string | number)[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        push(pair.key as Node, rule([...path, key], true));
        visit(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) node.items.forEach((it, i) => visit(it, [...path, i]));
    else if (isScalar(node)) push(node, rule(path, false));
  };
  visit(doc.contents, []);
  return ranges;
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** Transcripts: front matter by its keys, `#code` tags kept, everything else text. */
function transcriptContexts(text: string): (u16: number) => TextContext {
  const ranges: { start: number; end: number; context: TextContext }[] = [];
  const fm = FRONT_MATTER.exec(text);
  let bodyStart = 0;
  if (fm) {
    const fmStart = fm[0].indexOf('\n') + 1;
    ranges.push(...(yamlRanges(fm[1] ?? '', fmStart, frontMatterRule) ?? []));
    bodyStart = fm[0].length;
  }
  for (const [a, b] of tagRanges(text.slice(bodyStart))) ranges.push({ start: bodyStart + a, end: bodyStart + b, context: 'keep' });
  return contextFromRanges(ranges);
}

/** Front-matter keys are not names (no suggestions for `Site:` and the like). */
function inFrontMatterKey(text: string, u16: number): boolean {
  const fm = FRONT_MATTER.exec(text);
  if (!fm || u16 >= fm[0].length) return false;
  const lineStart = text.lastIndexOf('\n', u16 - 1) + 1;
  return !text.slice(lineStart, u16).includes(':');
}

// ---------------------------------------------------------------------------------------------
// Segment tables.

const HEADER_GUESS: Record<string, RegExp> = {
  document: /^(document|documentnaam|document name|doc|bestand|file|bron|source)$/i,
  start: /^(start|begin|beginpositie)$/i,
  end: /^(end|einde|eind|eindpositie)$/i,
  codes: /^(code|codes|codenaam|codename|tag|tags|codering)$/i,
  text: /^(text|tekst|segment|content|coded|fragment)$/i,
};

function sniffDelimiter(text: string, file: string): string {
  if (/\.tsv$/i.test(file)) return '\t';
  const first = text.slice(0, text.search(/\r?\n|$/));
  const count = (d: string) => first.split(d).length - 1;
  return [',', ';', '\t'].sort((a, b) => count(b) - count(a))[0];
}

function cpSlice(text: string, start: number, end: number): string {
  if (!/[\uD800-\uDFFF]/.test(text)) return text.slice(start, end);
  return Array.from(text).slice(start, end).join('');
}

function anonymiseTable(
  text: string, p: PlannedFile, m: Matcher, tally: Tally,
  textEdits: Map<string, { oldText: string; newText: string; edits: Edit[] }>, issues: InputIssue[], suggest: (cell: string) => void,
): string {
  const delimiter = p.table?.delimiter ?? sniffDelimiter(text, p.abs);
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (e) {
    issues.push({ severity: 'error', file: p.display, line: (e as { lines?: number }).lines, code: 'csv-syntax', message: `the table cannot be read as CSV: ${(e as Error).message}`, hint: 'check its quotes; hefboom does not copy what it cannot pseudonymise' });
    return text;
  }
  if (!records.length) return text;
  const header = records[0];
  const find = (mapped: string | undefined, role: string) => {
    if (mapped) { const i = header.findIndex((h) => h.trim().toLowerCase() === mapped.trim().toLowerCase()); if (i >= 0) return i; }
    return header.findIndex((h) => HEADER_GUESS[role].test(h.trim()));
  };
  const cols = p.table?.columns;
  const docCol = find(cols?.document, 'document');
  const startCol = find(cols?.start, 'start');
  const endCol = find(cols?.end, 'end');
  const codesCol = find(cols?.codes, 'codes');
  const textCol = find(cols?.text, 'text');
  const texts = startCol >= 0 && endCol >= 0 ? p.table?.texts : undefined;
  const missingTexts = new Set<string>();
  const eol = /\r\n/.test(text.slice(0, text.search(/\n|$/) + 1)) ? '\r\n' : '\n';
  const out: string[] = [serialise(header, delimiter)];
  for (let r = 1; r < records.length; r++) {
    const row = records[r];
    const docName = docCol >= 0 ? row[docCol] ?? '' : basename(p.abs, extname(p.abs));
    let doc: { oldText: string; newText: string; edits: Edit[] } | undefined;
    if (texts && docName) {
      const name = p.table?.documents ? Object.entries(p.table.documents).find(([, id]) => id === docName)?.[0] ?? docName : docName;
      const fileName = /\.txt$/i.test(name) ? name : `${name}.txt`;
      doc = textEdits.get(resolve(texts, fileName));
      if (!doc && !missingTexts.has(docName)) {
        missingTexts.add(docName);
        issues.push({ severity: 'warning', file: p.display, line: r + 1, code: 'offsets-kept', message: `the text file of document "${docName}" is not among the inputs: its start/end offsets are copied unchanged`, hint: `give the texts folder too (${displayOf(texts)})` });
      }
    }
    const oldStart = doc ? parseOffset(row[startCol]) : undefined;
    const oldEnd = doc ? parseOffset(row[endCol]) : undefined;
    const cells = row.map((cell, c) => {
      if (c === docCol) return countInto(tally, pseudonymise(cell, m, () => 'id')).text;
      if (c === codesCol) return countInto(tally, pseudonymise(cell, m, () => 'keep'), p.display).text;
      if (doc && oldStart !== undefined && oldEnd !== undefined && (c === startCol || c === endCol)) {
        return String(remapOffset(doc.edits, c === startCol ? oldStart : oldEnd, c === startCol ? 'start' : 'end'));
      }
      // The span's own text: the new slice when the cell was the old slice.
      if (c === textCol && doc && oldStart !== undefined && oldEnd !== undefined && cpSlice(doc.oldText, oldStart, oldEnd) === cell) {
        return cpSlice(doc.newText, remapOffset(doc.edits, oldStart, 'start'), remapOffset(doc.edits, oldEnd, 'end'));
      }
      const res = countInto(tally, pseudonymise(cell, m));
      if (c !== startCol && c !== endCol) suggest(res.text);
      return res.text;
    });
    if (doc && oldStart !== undefined && oldEnd !== undefined && (remapOffset(doc.edits, oldStart, 'start') !== oldStart || remapOffset(doc.edits, oldEnd, 'end') !== oldEnd)) tally.spansRemapped++;
    out.push(serialise(cells, delimiter));
  }
  return out.join(eol) + (/\r?\n$/.test(text) ? eol : '');
}

/** Offsets as written (`12`, `12,0`); undefined when not a whole number (copied as is). */
function parseOffset(cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined;
  const n = Number(cell.trim().replace(',', '.'));
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function serialise(cells: string[], delimiter: string): string {
  return cells.map((v) => (v.includes(delimiter) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(delimiter);
}

// ---------------------------------------------------------------------------------------------
// --check

async function runCheck(dir: string, mapAbs: string, m: Matcher, flags: AnonymiseFlags, g: GlobalOptions): Promise<number> {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UsageError(`--check "${dir}" is not a folder`, 'give the output folder of an earlier `hefboom anonymise … --out DIR`');
  const mapBytes = readFileSync(mapAbs);
  const findings: { file: string; line: number | null; column: number | null; pseudonym: string; kind: string; where: string }[] = [];
  const all: string[] = [];
  const walkAll = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walkAll(p); else if (e.isFile()) all.push(p);
    }
  };
  walkAll(abs);
  let unread = 0;
  for (const f of all) {
    const rel = relative(abs, f).split(sep).join('/');
    const display = join(dir, rel);
    for (const x of findMatches(rel, m)) findings.push({ file: display, line: null, column: null, pseudonym: m.entries[x.entry].pseudonym, kind: m.entries[x.entry].kind, where: 'file name' });
    const buf = readFileSync(f);
    if (buf.equals(mapBytes)) { findings.push({ file: display, line: null, column: null, pseudonym: '', kind: '', where: 'the pseudonym map itself' }); continue; }
    if (buf.subarray(0, 8192).includes(0)) { unread++; continue; }
    const d = decodeBytes(buf, 'utf-8', display);
    // Not UTF-8: read as Windows-1252 so names in an Excel export are still found.
    const text = d.issues.length ? iconv.decode(buf, 'windows-1252') : d.text;
    for (const x of findMatches(text, m)) {
      const { line, column } = lineColumn(text, x.start);
      findings.push({ file: display, line, column, pseudonym: m.entries[x.entry].pseudonym, kind: m.entries[x.entry].kind, where: 'text' });
    }
  }
  const table: Table = {
    title: `Mapped names left in ${dir}`,
    columns: [{ key: 'file', label: 'file' }, { key: 'line', label: 'line', type: 'number' }, { key: 'column', label: 'column', type: 'number' }, { key: 'pseudonym', label: 'name of (pseudonym)' }, { key: 'kind', label: 'kind' }, { key: 'where', label: 'where' }],
    rows: findings.map((x) => ({ ...x })),
    notes: [`${all.length} file(s) read${unread ? `, ${unread} binary file(s) not read` : ''}; the names themselves are not printed, only whose they are.`],
  };
  const json = { hefboom: version(), command: 'anonymise', check: dir, files: all.length, unread, clean: findings.length === 0, findings };
  await emit([table], json, { ...flags, out: undefined }, g);
  if (findings.length) {
    say(`${findings.length} mapped name(s) found in ${dir}`, g);
    return EXIT_CHECK_FAILED;
  }
  say(`no mapped name found in ${all.length} file(s) of ${dir}`, g);
  return EXIT_OK;
}
