/**
 * A workspace is a validated project with everything the readers need: frameworks, the codebook
 * index, the role table, the expanded list of source files and the sidecar attribute tables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, relative, resolve } from 'node:path';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { Attributes, Codebook, Framework, InputIssue, SourceEntry, TagResolution } from '../model/types.js';
import { closest, fold } from '../model/issues.js';
import { BUILTIN_FRAMEWORK_IDS, loadBuiltinFramework, parseFramework } from '../model/framework.js';
import { CodeIndex, parseCodebook } from '../model/codebook.js';
import { createRoleTable, parseRolesYaml, type RoleDef, type RoleTable, type SpeakerRules } from '../model/roles.js';
import { decodeBytes } from './decode.js';
import { detach } from './yaml.js';
import { sniffDelimiter } from './segments.js';
import { mergeEmbeddedCodes, slugForCode, type EmbeddedCode } from '../model/embedded-codebook.js';
import { readQdc, readQdpxCodes } from './qda/qdc.js';
import { readQualcoderCsv } from './qda/qualcoder-csv.js';
import { readTaguetteCodebookCsv, readTaguetteCsv } from './qda/taguette-csv.js';
import { isTaguetteCodebook } from './qda/qda-csv.js';
import type { Project, StageEntry, SurveyEntry } from './project.js';
import { loadSurveyDefinition } from './survey-definition.js';
import { loadStageDefinition } from './stage-definition.js';
import { STAGE_FEEDBACK_CODES } from './stage-excerpts.js';

export interface SourceFile {
  entry: SourceEntry;
  abs: string;
  /** Path relative to the project root: provenance in outputs, stable wherever the command runs. */
  rel: string;
  /** Path relative to the working directory: used in messages, so a terminal can open it. */
  display: string;
  /** format survey: the `surveys:` entry whose open answers this file contributes. */
  survey?: SurveyEntry;
  /** format stage: the `stage:` entry whose written feedback this file contributes. */
  stage?: StageEntry;
}

/** Per-speaker attributes from `attributes.speakers`, keyed by document or site. */
export interface SpeakerAttributeRow {
  document?: string;
  site?: string;
  speaker: string;
  attributes: Attributes;
}

export interface WorkspaceOptions {
  /** `codebook --check`: unknown codes are collected, not errors. */
  lenient?: boolean;
  /** Ad-hoc projects without a codebook accept every tag as a code. */
  implicitCodes?: boolean;
}

export interface Workspace {
  project: Project;
  /** How it was opened, so a worker thread can open the same workspace. */
  options: WorkspaceOptions;
  frameworks: Map<string, Framework>;
  codebook: Codebook;
  index: CodeIndex;
  roles: RoleTable;
  speakerRules: SpeakerRules;
  files: SourceFile[];
  documentAttributes: Map<string, Attributes>;
  speakerAttributes: SpeakerAttributeRow[];
  /** Codes used in the data but not defined (lenient and implicit modes), with how often. */
  undefinedCodes: Map<string, number>;
  /** Key of a code embedded in a QDA source (REFI guid, tag as written) → code id. */
  embeddedIds: Map<string, string>;
  resolveTag(tag: string): TagResolution;
  resolveName(name: string): TagResolution;
  /** Canonical coder name for a coder as written (applies `coders:` aliases). */
  coderName(raw: string | undefined): string;
  issues: InputIssue[];
}

const CODE_ID = /^\p{L}[\p{L}\p{N}\-_./]*$/u;

export async function openWorkspace(project: Project, opts: WorkspaceOptions = {}): Promise<Workspace> {
  const issues: InputIssue[] = [];
  // Messages name files relative to the working directory; provenance uses paths relative to the project.
  const rel = (abs: string) => relative(process.cwd(), abs) || abs;
  const projectRel = (abs: string) => relative(project.root, abs) || abs;

  // Frameworks: the built-in ones are always there; the project adds its own files.
  const frameworks = new Map<string, Framework>();
  for (const id of BUILTIN_FRAMEWORK_IDS) frameworks.set(id, loadBuiltinFramework(id));
  for (const ref of project.frameworks) {
    if ((BUILTIN_FRAMEWORK_IDS as readonly string[]).includes(ref)) continue;
    if (!/\.ya?ml$/i.test(ref)) {
      const near = closest(ref, BUILTIN_FRAMEWORK_IDS, 1);
      issues.push({ severity: 'error', file: rel(project.file ?? 'hefboom.yaml'), field: 'frameworks', code: 'unknown-framework', message: `unknown framework "${ref}"`, hint: near.length ? `did you mean "${near[0]}"? built-in: ${BUILTIN_FRAMEWORK_IDS.join(', ')}; or name a YAML file` : `built-in: ${BUILTIN_FRAMEWORK_IDS.join(', ')}; or name a YAML file such as frameworks/ceelen.yaml` });
      continue;
    }
    const abs = resolve(project.root, ref);
    if (!existsSync(abs)) {
      issues.push({ severity: 'error', file: rel(project.file ?? 'hefboom.yaml'), field: 'frameworks', code: 'missing-file', message: `framework file "${ref}" does not exist` });
      continue;
    }
    const { framework, issues: fi } = parseFramework(readFileSync(abs, 'utf8'), rel(abs));
    issues.push(...fi);
    if (framework) {
      if (frameworks.has(framework.id)) issues.push({ severity: 'error', file: rel(abs), line: 1, code: 'duplicate-framework', message: `framework id "${framework.id}" is already loaded`, hint: 'give the framework its own id' });
      else frameworks.set(framework.id, framework);
    }
  }

  // Codebook.
  let codebook: Codebook = { codes: [] };
  if (project.codebook) {
    const abs = resolve(project.root, project.codebook);
    if (!existsSync(abs)) {
      issues.push({ severity: 'error', file: rel(project.file ?? 'hefboom.yaml'), field: 'codebook', code: 'missing-file', message: `codebook "${project.codebook}" does not exist`, hint: 'fix the `codebook:` path or create the file' });
    } else {
      const r = parseCodebook(readFileSync(abs, 'utf8'), rel(abs), frameworks, { lenient: opts.lenient });
      codebook = r.codebook;
      codebook.path = projectRel(abs);
      issues.push(...r.issues);
    }
  }
  let index = new CodeIndex(codebook, frameworks);

  // Roles.
  let extraRoles: RoleDef[] = [];
  if (project.roles) {
    const abs = resolve(project.root, project.roles);
    if (!existsSync(abs)) issues.push({ severity: 'error', file: rel(project.file ?? 'hefboom.yaml'), field: 'roles', code: 'missing-file', message: `roles file "${project.roles}" does not exist` });
    else {
      const r = parseRolesYaml(readFileSync(abs, 'utf8'), rel(abs));
      extraRoles = r.roles;
      issues.push(...r.issues);
    }
  }
  const roles = createRoleTable(extraRoles);
  for (const [name, role] of Object.entries(project.speakers)) {
    if (!roles.resolve(role)) {
      const near = closest(role, roles.roles.map((r) => r.id), 1);
      issues.push({ severity: 'error', file: rel(project.file ?? 'hefboom.yaml'), field: 'speakers', code: 'unknown-role', message: `speaker "${name}" has unknown role "${role}"`, hint: near.length ? `did you mean "${near[0]}"? or add the role to roles.yaml` : 'add the role to roles.yaml' });
    }
  }
  const speakerRules: SpeakerRules = { roles, speakers: project.speakers, anyLabel: project.speakerLabels === 'any' };

  // Source files.
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  for (const entry of project.sources) {
    const pattern = entry.path.replace(/\\/g, '/');
    let matches: string[];
    if (isDynamicPattern(pattern)) {
      matches = (await glob(pattern, { cwd: project.root, absolute: true, onlyFiles: true, dot: false })).sort();
      if (!matches.length) issues.push({ severity: 'warning', file: rel(project.file ?? 'hefboom.yaml'), line: entry.line, field: 'path', code: 'no-match', message: `no files match "${entry.path}"` });
    } else {
      const abs = resolve(project.root, pattern);
      matches = existsSync(abs) ? [abs] : [];
      if (!matches.length) issues.push({ severity: 'error', file: rel(project.file ?? 'hefboom.yaml'), line: entry.line, field: 'path', code: 'missing-file', message: `source file "${entry.path}" does not exist`, hint: 'paths are relative to the folder of hefboom.yaml' });
    }
    for (const abs of matches) {
      const key = `${abs}\u0000${entry.coder ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      files.push({ entry, abs, rel: projectRel(abs), display: rel(abs) });
    }
  }

  // Open answers of surveys are excerpts too (source type open-antwoord), so quotes, words and kwic
  // reach them. Only surveys whose definition has a text item contribute; a broken definition is
  // reported by the survey commands and `validate`, not here.
  for (const survey of project.surveys) {
    const def = loadSurveyDefinition(resolve(project.root, survey.definition), survey.definition);
    if (!def.definition?.items.some((i) => i.type === 'text')) continue;
    const abs = resolve(project.root, survey.path);
    files.push({ entry: { path: survey.path, format: 'survey', attributes: {} }, abs, rel: projectRel(abs), display: rel(abs), survey });
  }
  // Written stage feedback likewise (source type stagefeedback, coded sterkte / groeikans).
  for (const stage of project.stage) {
    const def = loadStageDefinition(resolve(project.root, stage.definition), stage.definition);
    if (!def.definition?.feedback.length) continue;
    const abs = resolve(project.root, stage.path);
    files.push({ entry: { path: stage.path, format: 'stage', attributes: {} }, abs, rel: projectRel(abs), display: rel(abs), stage });
  }

  // Codes that come with QDA sources (REFI guids, Taguette tags, QualCoder categories) join the codebook.
  const embeddedIds = new Map<string, string>();
  const embedded: EmbeddedCode[] = [];
  for (const f of files) {
    const r = await readEmbeddedCodes(f);
    issues.push(...r.issues);
    embedded.push(...r.codes);
  }
  if (embedded.length) {
    const merged = mergeEmbeddedCodes(codebook, embedded, new Set(frameworks.keys()));
    codebook = merged.codebook;
    index = new CodeIndex(codebook, frameworks);
    for (const [k, v] of merged.idOf) embeddedIds.set(k, v);
  }

  // Sidecar tables.
  const documentAttributes = new Map<string, Attributes>();
  const speakerAttributes: SpeakerAttributeRow[] = [];
  if (project.attributeTables.documents) {
    const t = readSidecar(resolve(project.root, project.attributeTables.documents), rel(resolve(project.root, project.attributeTables.documents)), ['document'], issues);
    for (const row of t) {
      const { document, ...attrs } = row.values;
      if (documentAttributes.has(document)) issues.push({ severity: 'error', file: row.file, line: row.line, field: 'document', code: 'duplicate-row', message: `document "${document}" appears twice in the documents table` });
      documentAttributes.set(document, attrs);
    }
  }
  if (project.attributeTables.speakers) {
    const abs = resolve(project.root, project.attributeTables.speakers);
    const t = readSidecar(abs, rel(abs), ['speaker'], issues);
    for (const row of t) {
      const { document, site, speaker, ...attrs } = row.values;
      if (!document && !site) {
        issues.push({ severity: 'error', file: row.file, line: row.line, code: 'missing-column', message: 'a speaker row needs a `document` or a `site` value', hint: 'add a column `document` (or `site`) to the speakers table' });
        continue;
      }
      speakerAttributes.push({ document: document || undefined, site: site || undefined, speaker, attributes: attrs });
    }
  }

  const undefinedCodes = new Map<string, number>();
  const acceptUnknown = (tag: string, r: TagResolution): TagResolution => {
    if (r.ok || !(opts.lenient || opts.implicitCodes) || !CODE_ID.test(tag)) return r;
    const id = detach(tag);
    undefinedCodes.set(id, (undefinedCodes.get(id) ?? 0) + 1);
    return { ok: true, codeId: id };
  };
  const aliasToCoder = new Map<string, string>();
  for (const [name, aliases] of Object.entries(project.coders)) {
    aliasToCoder.set(fold(name), name);
    for (const a of aliases) aliasToCoder.set(fold(a), name);
  }
  return {
    project, options: opts, frameworks, codebook, index, roles, speakerRules, files, documentAttributes, speakerAttributes, undefinedCodes, embeddedIds,
    resolveTag: (tag) => acceptUnknown(tag, index.resolveTag(tag)),
    // A name (a Word comment, a table cell) in an ad-hoc run may be a label with spaces: it becomes a
    // code under its slug ("Feedback geven" → feedback-geven), as a QDA export's code names do.
    resolveName: (name) => {
      const r = index.resolveName(name);
      const t = name.trim();
      return acceptUnknown(CODE_ID.test(t) || !t ? t : slugForCode(t), r);
    },
    coderName: (raw) => {
      const c = (raw ?? '').trim();
      if (!c) return 'default';
      return aliasToCoder.get(fold(c)) ?? c;
    },
    issues,
  };
}

/**
 * The codes a QDA source carries. A `.qdc` is only a codebook, so its problems are reported here;
 * for the other formats the document reader reports problems when it reads the same file.
 */
async function readEmbeddedCodes(f: SourceFile): Promise<{ codes: EmbeddedCode[]; issues: InputIssue[] }> {
  switch (f.entry.format) {
    case 'qdc': return readQdc(f.abs, f.display);
    case 'qdpx': return { codes: (await readQdpxCodes(f.abs, f.display)).codes, issues: [] };
    case 'qualcoder-csv': return { codes: (await readQualcoderCsv(csvOptions(f))).codes, issues: [] };
    case 'taguette-csv':
      if (await isTaguetteCodebook(f.abs)) return readTaguetteCodebookCsv(csvOptions(f));
      return { codes: (await readTaguetteCsv(csvOptions(f))).codes, issues: [] };
    case 'stage': return { codes: STAGE_FEEDBACK_CODES.map((c) => ({ key: c.id, id: c.id, name: c.label, description: c.description })), issues: [] };
    default: return { codes: [], issues: [] };
  }
}

function csvOptions(f: SourceFile) {
  const e = f.entry;
  return { file: f.display, absPath: f.abs, coder: e.coder, encoding: e.encoding, delimiter: e.delimiter, attributes: e.attributes, documents: e.documents };
}

interface SidecarRow { file: string; line: number; values: Record<string, string> }

/** Read a small sidecar CSV (`,` `;` or tab, sniffed) whose first row names its columns. */
function readSidecar(abs: string, file: string, required: string[], issues: InputIssue[]): SidecarRow[] {
  if (!existsSync(abs)) {
    issues.push({ severity: 'error', file, code: 'missing-file', message: `attribute table "${file}" does not exist`, hint: 'fix the path under `attributes:` in hefboom.yaml' });
    return [];
  }
  const decoded = decodeBytes(readFileSync(abs), undefined, file);
  issues.push(...decoded.issues);
  if (decoded.issues.length) return [];
  const firstLine = decoded.text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = extname(abs).toLowerCase() === '.tsv' ? '\t' : sniffDelimiter(Buffer.from(firstLine));
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsvSync(decoded.text, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const m = /line (\d+)/.exec((e as Error).message);
    issues.push({ severity: 'error', file, line: m ? Number(m[1]) : undefined, code: 'csv-syntax', message: `cannot read CSV: ${(e as Error).message.split('\n')[0]}` });
    return [];
  }
  if (!records.length) return [];
  const header = records[0].record.map((h) => h.trim());
  const lowered = header.map((h) => h.toLowerCase());
  for (const r of required) {
    if (!lowered.includes(r)) {
      const near = closest(r, header, 1);
      issues.push({ severity: 'error', file, line: 1, field: r, code: 'missing-column', message: `column "${r}" not found; columns found: ${header.join(', ')}`, hint: near.length ? `rename "${near[0]}" to "${r}"` : `add a column "${r}"` });
      return [];
    }
  }
  const rows: SidecarRow[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.length !== header.length) {
      issues.push({ severity: 'error', file, line: info.lines, code: 'ragged-row', message: `row has ${record.length} fields, the header has ${header.length}`, hint: 'check for a missing or extra separator or an unclosed quote on this row' });
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((h, i) => {
      const key = lowered[i] === 'document' || lowered[i] === 'speaker' || lowered[i] === 'site' ? lowered[i] : h;
      const val = record[i].trim();
      if (val !== '' || required.includes(key)) values[key] = val;
    });
    rows.push({ file, line: info.lines, values });
  }
  return rows;
}

/** A document id from a file name: the name without its extension. */
export function documentIdFromPath(p: string): string {
  return basename(p).replace(/\.[^.]+$/, '');
}
