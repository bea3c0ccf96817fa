/**
 * REFI-QDA project import (`.qdpx`): the zip is opened with limits, its one `.qde` is parsed, text
 * sources are loaded and every selection is translated to code points of the source text (see
 * offset-rule.ts). The result is canonical span data (DESIGN.md §3): one Document per source and
 * coder, paragraphs as excerpts, each coded reference laid over the paragraphs it touches, and the
 * project's codes as embedded codes (keyed by REFI guid) for the codebook.
 *
 * Nothing is dropped silently: media sources, selections that do not fit the text, codings of
 * undefined codes and duplicate guids are counted and reported.
 */
import { readFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import type { Attributes, Document, Excerpt, InputIssue, ReadResult } from '../../model/types.js';
import type { EmbeddedCode } from '../../model/embedded-codebook.js';
import type { SpeakerRules } from '../../model/roles.js';
import { excerptForMessage } from '../../model/issues.js';
import { decodeBytes } from '../decode.js';
import { chooseParagraphMode, excerptsOf, indexText, laySpan, lineEndingOf } from '../span-text.js';
import { openZip, ZipError, DEFAULT_ZIP_LIMITS, type ZipLimits, type ZipReader } from './zip.js';
import { parseQdeStream, type QdeReadResult } from './qde-read.js';
import type { RefiCode, RefiCoding, RefiProject, RefiSelection, RefiSource } from './refi-model.js';
import { readMarker } from './hefboom-marker.js';
import { openQdeFolder } from './qde-folder.js';
import { chooseOffsetRule, OffsetText, OFFSET_RULE_LABELS, type OffsetRuleChoice, type RawSelection } from './offset-rule.js';

export interface QdaLimits extends ZipLimits {
  /** Largest `.qde` read, in bytes. */
  maxQdeBytes: number;
}

export const DEFAULT_QDA_LIMITS: QdaLimits = { ...DEFAULT_ZIP_LIMITS, maxQdeBytes: 256 * 1024 * 1024 };

export interface QdpxOptions {
  /** Path for messages. */
  file: string;
  absPath: string;
  /** The source entry's `coder:`: overrides the coders in the file. */
  coder?: string;
  /** Canonical coder name for a name as written (`coders:` aliases). */
  coderName?: (raw: string | undefined) => string;
  attributes?: Attributes;
  /** Source name → document id. */
  documents?: Record<string, string>;
  speakerRules: SpeakerRules;
  limits?: Partial<QdaLimits>;
  /** Read `relative://` and `absolute://` sources from disk. Off by default: a file from someone
   *  else could otherwise pull any file of this machine into the project. */
  allowExternal?: boolean;
}

export interface QdpxResult extends ReadResult {
  /** The project's codes, keyed by guid, in codebook order. */
  codes: EmbeddedCode[];
  /** The parsed project (null when the file could not be read); its sources' selections and codings
   *  are emptied once they have become documents and references. */
  project: RefiProject | null;
  offsetRule?: OffsetRuleChoice;
  /** Source texts by document id (for `import`, which writes them out). */
  texts: Map<string, { name: string; guid: string; text: string }>;
  /** Every coded reference as read, in code points (for `import`, which writes them as rows). */
  references: QdaReference[];
  /** Selections without a coding that carry a description or note: comments on the text. */
  comments: QdaComment[];
}

export interface QdaComment {
  documentId: string;
  /** Who made the selection (coder name). */
  coder: string;
  start: number;
  end: number;
  comment: string;
}

export interface QdaReference {
  documentId: string;
  coder: string;
  /** Embedded code key (REFI guid). */
  codeKey: string;
  start: number;
  end: number;
  memo?: string;
  /** The REFI coding guid. */
  ref: string;
}

/** Read a `.qdpx` into canonical documents. Never throws on bad input: problems become issues. */
export async function readQdpx(opts: QdpxOptions): Promise<QdpxResult> {
  const limits: QdaLimits = { ...DEFAULT_QDA_LIMITS, ...(opts.limits ?? {}) };
  const issues: InputIssue[] = [];
  const counts: Record<string, number> = {};
  const bump = (k: string, n = 1) => { counts[k] = (counts[k] ?? 0) + n; };
  const result: ResultOf = (documents, project, codes = [], offsetRule, texts = new Map(), references = [], comments = []) =>
    ({ documents, issues, counts, codes, project, texts, references, comments, ...(offsetRule ? { offsetRule } : {}) });
  const file = opts.file;

  let zip: ZipReader;
  try {
    // An unpacked project (a .qde beside its sources/ folder) reads like the zip it came from.
    zip = /\.qde$/i.test(opts.absPath) ? await openQdeFolder(opts.absPath, limits) : await openZip(opts.absPath, limits);
  } catch (e) {
    issues.push(zipIssue(e, file));
    return result([], null);
  }
  try {
    const qdes = zip.entries.filter((e) => !e.isDirectory && /\.qde$/i.test(e.name) && !e.name.startsWith('__MACOSX/'));
    if (qdes.length !== 1) {
      issues.push({
        severity: 'error', file, code: qdes.length ? 'qdpx-several-qde' : 'qdpx-no-qde',
        message: qdes.length ? `the archive holds ${qdes.length} project files (${qdes.map((q) => q.name).join(', ')}); a .qdpx has exactly one .qde` : 'the archive holds no .qde project file; a .qdpx is a zip with one project.qde and a sources/ folder',
        hint: 'export the project again with the QDA program\'s "REFI-QDA project" export',
      });
      return result([], null);
    }
    const qdeName = qdes[0].name;
    const qdeFile = `${file}:${qdeName}`;
    let parsed: QdeReadResult;
    try {
      parsed = await parseQdeStream((onChunk) => zip.stream(qdeName, onChunk, limits.maxQdeBytes), qdeFile);
    } catch (e) {
      issues.push(zipIssue(e, file, limits.maxQdeBytes));
      return result([], null);
    }
    issues.push(...parsed.issues);
    const project = parsed.project;
    if (!project) return result([], null);
    if (parsed.root !== 'Project') {
      issues.push({ severity: 'error', file: qdeFile, code: 'not-refi', message: `the project file's root element is <${parsed.root}>, not <Project>`, hint: 'a codebook on its own is a .qdc file: use `format: qdc`' });
      return result([], project);
    }
    return await convert(project, zip, qdeFile, opts, issues, counts, bump, result);
  } finally {
    zip.close();
  }
}

type Bump = (k: string, n?: number) => void;
type ResultOf = (documents: Document[], project: RefiProject | null, codes?: EmbeddedCode[], offsetRule?: OffsetRuleChoice,
  texts?: Map<string, { name: string; guid: string; text: string }>, references?: QdaReference[], comments?: QdaComment[]) => QdpxResult;

async function convert(
  project: RefiProject, zip: ZipReader, qdeFile: string, opts: QdpxOptions, issues: InputIssue[], counts: Record<string, number>, bump: Bump,
  result: ResultOf,
): Promise<QdpxResult> {
  const warn = (code: string, message: string, hint?: string, line?: number) =>
    issues.push({ severity: 'warning', file: qdeFile, code, message, ...(hint ? { hint } : {}), ...(line ? { line } : {}) });
  const error = (code: string, message: string, hint?: string, line?: number) =>
    issues.push({ severity: 'error', file: qdeFile, code, message, ...(hint ? { hint } : {}), ...(line ? { line } : {}) });

  // Users and coders.
  const userName = new Map(project.users.map((u) => [u.guid.toLowerCase(), u.name]));
  const coderName = opts.coderName ?? ((raw: string | undefined) => (raw ?? '').trim() || 'default');
  const unknownUsers = new Set<string>();
  const coderOf = (...guids: (string | undefined)[]): string => {
    if (opts.coder !== undefined) return coderName(opts.coder);
    for (const g of guids) {
      if (!g) continue;
      const n = userName.get(g.toLowerCase());
      if (n !== undefined) return coderName(n);
      unknownUsers.add(g);
    }
    return coderName(undefined);
  };

  // Codes: embedded codes keyed by guid.
  const codeGuids = new Map<string, number>();
  for (const c of project.codes) {
    const key = c.guid.toLowerCase();
    if (codeGuids.has(key)) {
      error('duplicate-guid', `<Code> guid ${c.guid} ("${excerptForMessage(c.name)}") is defined twice (lines ${codeGuids.get(key)} and ${c.line})`, 'every code needs its own guid; the export is damaged — export it again', c.line);
      continue;
    }
    codeGuids.set(key, c.line);
  }
  if (issues.some((i) => i.severity === 'error')) return result([], project);
  const codes = embeddedCodesOf(project.codes);
  bump('codes', project.codes.length);

  // Notes (memos) by guid.
  const noteText = new Map(project.notes.map((n) => [n.guid.toLowerCase(), n.text]));
  bump('notes', project.notes.length);

  // Document attributes from cases (named cases and MAXQDA's unnamed per-document cases) and sets.
  const variableName = new Map(project.variables.map((v) => [v.guid.toLowerCase(), v.name]));
  const attrsBySource = new Map<string, Attributes>();
  const attrsOf = (guid: string) => {
    const k = guid.toLowerCase();
    let a = attrsBySource.get(k);
    if (!a) attrsBySource.set(k, (a = {}));
    return a;
  };
  const setValue = (a: Attributes, key: string, value: string) => {
    a[key] = a[key] && a[key] !== value ? [...new Set([...a[key].split('; '), value])].sort().join('; ') : value;
  };
  for (const c of project.cases) {
    const named = (c.name ?? '').trim() !== '';
    for (const src of c.sourceRefs) {
      const a = attrsOf(src);
      if (named) setValue(a, 'case', c.name!.trim());
      for (const v of c.variableValues) {
        const name = variableName.get(v.variableGuid.toLowerCase());
        if (name === undefined) { warn('undefined-variable', `<Case> ${c.guid} has a value for variable ${v.variableGuid}, which <Variables> does not define; the value is skipped`, undefined, c.line); continue; }
        if (v.value.trim() !== '') setValue(a, name, v.value.trim());
      }
    }
  }
  for (const s of project.sets) {
    for (const src of s.memberSources) setValue(attrsOf(src), 'set', s.name);
  }
  bump('cases', project.cases.length);
  bump('sets', project.sets.length);

  // Sources: text ones are read; others are listed as skipped.
  const sourceGuids = new Set<string>();
  const textSources: { source: RefiSource; text: OffsetText; raw: string }[] = [];
  const skippedKinds: Record<string, { sources: number; selections: number }> = {};
  const toLoad: RefiSource[] = [];
  for (const s of project.sources) {
    const key = s.guid.toLowerCase();
    if (sourceGuids.has(key)) {
      error('duplicate-guid', `<${s.element}> guid ${s.guid} ("${excerptForMessage(s.name)}") is defined twice`, 'the export is damaged — export it again', s.line);
      continue;
    }
    sourceGuids.add(key);
    if (s.kind !== 'text') {
      const k = (skippedKinds[s.kind] ??= { sources: 0, selections: 0 });
      k.sources++;
      k.selections += s.selections.length;
      continue;
    }
    toLoad.push(s);
  }
  // Texts are read a few at a time (each read waits on the disk and zlib); issues keep source order.
  for (let i = 0; i < toLoad.length; i += 8) {
    const batch = toLoad.slice(i, i + 8);
    const loaded = await Promise.all(batch.map(async (s) => {
      const own: InputIssue[] = [];
      return { s, own, raw: await loadSourceText(s, zip, project, opts, qdeFile, own) };
    }));
    for (const { s, own, raw } of loaded) {
      issues.push(...own);
      if (raw === undefined) { bump('sources-unreadable'); continue; }
      textSources.push({ source: s, text: new OffsetText(raw), raw });
    }
  }
  for (const [kind, k] of Object.entries(skippedKinds)) {
    bump(`sources-skipped-${kind}`, k.sources);
    bump(`selections-skipped-${kind}`, k.selections);
    warn('skipped-source', `${k.sources} ${kind.toUpperCase()} source${k.sources === 1 ? '' : 's'} (${k.selections} selection${k.selections === 1 ? '' : 's'}) skipped: hefboom reads text sources only for now`, 'convert the document to text in the QDA program if its codings matter for this analysis');
  }
  // Selections on text sources that are not text selections (e.g. an AudioSelection) are skipped.
  for (const { source } of textSources) {
    const other = source.selections.filter((x) => x.element !== 'PlainTextSelection').length;
    if (other) { bump('selections-skipped-other', other); warn('skipped-selection', `source "${excerptForMessage(source.name)}": ${other} non-text selection${other === 1 ? '' : 's'} skipped`, undefined, source.line); }
  }

  // Offset rule, chosen over all text selections of the project.
  const rawOf = (x: RefiSelection): RawSelection | undefined =>
    x.element === 'PlainTextSelection' && x.start !== undefined && x.end !== undefined ? { start: x.start, end: x.end } : undefined;
  const choice = chooseOffsetRule(project.origin, textSources.map(({ source, text }) => ({ text, selections: source.selections.map(rawOf).filter((r): r is RawSelection => !!r) })));
  if (choice.switched) {
    const fitOf = (r: string) => choice.fits.find((f) => f.rule === r)!;
    warn('offset-rule', `selection offsets fit ${OFFSET_RULE_LABELS[choice.chosen]} (${fitOf(choice.chosen).aligned} of ${choice.total} on word boundaries), not ${OFFSET_RULE_LABELS[choice.expected]} as "${project.origin ?? 'an unknown program'}" implies (${fitOf(choice.expected).aligned} of ${choice.total}); using ${choice.chosen}`, 'check a few quotes against the QDA program; the rule is in the import report');
  }

  // Build documents.
  const documents: Document[] = [];
  const texts = new Map<string, { name: string; guid: string; text: string }>();
  const references: QdaReference[] = [];
  const comments: QdaComment[] = [];
  const usedIds = new Map<string, number>();
  const selectionGuids = new Set<string>();
  const codingGuids = new Set<string>();
  const misaligned: string[] = [];
  const outside: string[] = [];
  let undefinedCodes = 0;
  const undefinedExamples: string[] = [];
  let zeroLength = 0;
  let uncodedSelections = 0;
  let codingsRead = 0;
  for (const { source, text } of textSources) {
    // qc 1.3 writes sources without a name: the file name is the next best thing.
    const name = source.name.trim() || (source.plainTextPath ? basename(source.plainTextPath.replace(/\\/g, '/')).replace(/\.[^.]+$/, '') : '') || source.guid;
    let id = opts.documents?.[name] ?? name;
    const n = (usedIds.get(id) ?? 0) + 1;
    usedIds.set(id, n);
    if (n > 1) {
      warn('duplicate-document-name', `two sources are named "${excerptForMessage(name)}"; the second is read as "${id} (${n})"`, 'rename one of them in the QDA program', source.line);
      id = `${id} (${n})`;
    }
    const raw = text.text;
    texts.set(id, { name, guid: source.guid, text: raw });
    const indexed = indexText(raw, name, opts.speakerRules, chooseParagraphMode(raw));
    const attributes: Attributes = { ...(opts.attributes ?? {}), ...(attrsBySource.get(source.guid.toLowerCase()) ?? {}) };
    for (const v of source.variableValues) {
      const vn = variableName.get(v.variableGuid.toLowerCase());
      if (vn !== undefined && v.value.trim() !== '') attributes[vn] = v.value.trim();
    }
    // Coded references by coder, in file order.
    const refsByCoder = new Map<string, QdaReference[]>();
    const addRef = (coder: string, r: Omit<QdaReference, 'documentId' | 'coder'>) => {
      let list = refsByCoder.get(coder);
      if (!list) refsByCoder.set(coder, (list = []));
      list.push({ documentId: id, coder, ...r });
    };
    const codeOf = (c: RefiCoding): string | undefined => {
      const key = c.codeGuid.toLowerCase();
      if (codeGuids.has(key)) return key;
      undefinedCodes++;
      if (undefinedExamples.length < 5) undefinedExamples.push(`${c.codeGuid || '(empty)'} (line ${c.line})`);
      return undefined;
    };
    const freshCoding = (c: RefiCoding): boolean => {
      if (!c.guid) return true;
      const k = c.guid.toLowerCase();
      if (codingGuids.has(k)) { warn('duplicate-guid', `<Coding> guid ${c.guid} appears twice; the second is skipped`, 'the export is damaged — export it again', c.line); bump('codings-skipped'); return false; }
      codingGuids.add(k);
      return true;
    };
    for (const c of source.codings) {
      if (!freshCoding(c)) continue;
      const codeId = codeOf(c);
      if (codeId === undefined) continue;
      codingsRead++;
      addRef(coderOf(c.creatingUser, source.creatingUser), { codeKey: codeId, start: 0, end: text.length, ref: c.guid || `${source.guid}:${codingsRead}` });
    }
    for (const sel of source.selections) {
      if (sel.element !== 'PlainTextSelection') continue;
      const sk = sel.guid.toLowerCase();
      if (sel.guid && selectionGuids.has(sk)) {
        warn('duplicate-guid', `<PlainTextSelection> guid ${sel.guid} appears twice; the second is skipped`, 'the export is damaged — export it again', sel.line);
        bump('selections-skipped');
        continue;
      }
      if (sel.guid) selectionGuids.add(sk);
      if (sel.start === undefined || sel.end === undefined) { bump('selections-skipped'); continue; }
      const a = text.toCodePoint(choice.chosen, sel.start);
      const b = text.toCodePoint(choice.chosen, sel.end);
      const memo = [sel.description?.trim(), ...sel.noteRefs.map((r) => noteText.get(r.toLowerCase())?.trim())].filter(Boolean).join('\n\n') || undefined;
      if (!sel.codings.length) {
        // A selection without a coding is a comment on the text: kept for memos.md, not counted as coded.
        uncodedSelections++;
        if (memo && a !== undefined && b !== undefined && b >= a) comments.push({ documentId: id, coder: coderOf(sel.creatingUser), start: a, end: b, comment: memo });
        continue;
      }
      if (a === undefined || b === undefined || b < a) {
        bump('selections-skipped');
        if (outside.length < 5) outside.push(`${sel.guid} in "${excerptForMessage(name, 30)}" (${sel.start}–${sel.end}, line ${sel.line})`);
        else outside.push('');
        continue;
      }
      if (a === b) { zeroLength++; bump('selections-skipped'); continue; }
      if (!text.isBoundary(a) || !text.isBoundary(b)) {
        misaligned.push(`${sel.guid} (line ${sel.line}): "${excerptForMessage(spanText(text, a, b), 30)}"`);
      }
      for (const c of sel.codings) {
        if (!freshCoding(c)) continue;
        const codeId = codeOf(c);
        if (codeId === undefined) continue;
        codingsRead++;
        addRef(coderOf(c.creatingUser, sel.creatingUser), { codeKey: codeId, start: a, end: b, ref: c.guid || `${sel.guid}:${codingsRead}`, ...(memo ? { memo } : {}) });
      }
    }
    // An uncoded source still counts (denominators): it belongs to whoever added it to the project.
    if (!refsByCoder.size) refsByCoder.set(coderOf(source.creatingUser, project.creatingUserGUID, project.users.length === 1 ? project.users[0].guid : undefined), []);
    for (const [coder, refs] of refsByCoder) {
      const excerpts: Excerpt[] = excerptsOf(id, indexed, attributes);
      for (const r of refs) {
        references.push(r);
        // Every reference has its own ref, so no piece can repeat: no duplicate check needed.
        const hit = laySpan(excerpts, indexed.paragraphs, { start: r.start, end: r.end, codeIds: [r.codeKey], coder, ref: r.ref, ...(r.memo ? { memo: r.memo } : {}) });
        if (!hit.length) bump('codings-outside-paragraphs');
      }
      documents.push({ id, path: opts.file, format: 'qdpx', coder, attributes: { ...attributes }, text: raw, lineEnding: lineEndingOf(raw), excerpts, hasFullText: true });
    }
    bump('selections', source.selections.length);
  }
  counts['sources-text'] = textSources.length;
  counts.codings = codingsRead;
  counts.documents = documents.length;
  if (unknownUsers.size) warn('unknown-user', `${unknownUsers.size} user guid${unknownUsers.size === 1 ? '' : 's'} used as creatingUser but not defined under <Users> (${[...unknownUsers].slice(0, 3).join(', ')}); their codings are by coder "${coderName(undefined)}"`, 'set `coder:` in the source entry to name the coder');
  if (undefinedCodes) {
    bump('codings-undefined-code', undefinedCodes);
    warn('undefined-code', `${undefinedCodes} coding${undefinedCodes === 1 ? '' : 's'} refer to a code guid that <CodeBook> does not define (${undefinedExamples.join(', ')}); they are skipped`, 'the export is incomplete: export the whole project, codebook included');
  }
  if (outside.length) warn('selection-outside-text', `${outside.length} selection${outside.length === 1 ? '' : 's'} do not fit the source text under ${OFFSET_RULE_LABELS[choice.chosen]} and are skipped: ${outside.filter(Boolean).join('; ')}`, 'was the source edited after coding? re-export from the QDA program');
  if (zeroLength) warn('selection-empty', `${zeroLength} selection${zeroLength === 1 ? '' : 's'} of zero length skipped`);
  if (uncodedSelections) { bump('selections-uncoded', uncodedSelections); }
  if (misaligned.length) {
    bump('selections-misaligned', misaligned.length);
    warn('selection-mid-word', `${misaligned.length} of ${choice.total} selection${choice.total === 1 ? '' : 's'} start or end inside a word (kept as coded): ${misaligned.slice(0, 3).join('; ')}${misaligned.length > 3 ? '; …' : ''}`, 'such selections were usually made that way in the QDA program; check them there');
  }
  // The selections now live on as documents and references; let the parsed ones go (memory).
  for (const src of project.sources) { src.selections = []; src.codings = []; }
  return result(documents, project, codes, choice, texts, references, comments);
}

function spanText(t: OffsetText, a: number, b: number): string {
  return String.fromCodePoint(...t.cps.subarray(a, Math.min(b, a + 60)));
}

/** A source's plain text: inline, from the archive, or (relative://, absolute://) from disk. */
async function loadSourceText(s: RefiSource, zip: ZipReader, project: RefiProject, opts: QdpxOptions, qdeFile: string, issues: InputIssue[]): Promise<string | undefined> {
  const where = `source "${excerptForMessage(s.name)}" (${s.guid})`;
  const err = (code: string, message: string, hint?: string) => issues.push({ severity: 'error', file: qdeFile, line: s.line, code, message: `${where}: ${message}`, ...(hint ? { hint } : {}) });
  const path = s.plainTextPath?.trim();
  if (!path) {
    if (s.plainTextContent !== undefined) return s.plainTextContent.replace(/^\uFEFF/, '');
    err('missing-source-text', 'has neither plainTextPath nor <PlainTextContent>', 'export the project again with its sources');
    return undefined;
  }
  let bytes: Buffer | undefined;
  let label = path;
  const m = /^(internal|relative|absolute):\/\/(.*)$/i.exec(path);
  if (!m || m[1].toLowerCase() === 'internal') {
    const inner = (m ? m[2] : path).replace(/\\/g, '/').replace(/^\/+/, '');
    const wanted = [`sources/${inner}`, inner].map((n) => n.toLowerCase());
    const entry = zip.entries.find((e) => wanted.includes(e.name.toLowerCase()));
    if (!entry) { err('missing-source-file', `"${path}" is not in the archive (looked for sources/${inner})`, 'export the project again with its sources, or put the text inline'); return undefined; }
    label = `${opts.file}:${entry.name}`;
    try {
      bytes = await zip.read(entry.name);
    } catch (e) {
      issues.push(zipIssue(e, opts.file));
      return undefined;
    }
  } else {
    if (!opts.allowExternal) {
      err('external-source-refused', `"${path}" lies outside the archive; hefboom reads files outside a .qdpx only when asked to`, 'export the project with its sources inside the .qdpx, or allow it: `--allow-external-sources` (import) or `external_sources: true` in the source entry');
      return undefined;
    }
    let rest = m[2];
    // A path may or may not be %-escaped; a stray % (e.g. "100%.txt") is taken literally.
    try { rest = decodeURIComponent(m[2]); } catch { /* keep as written */ }
    const abs = m[1].toLowerCase() === 'absolute' ? rest : project.basePath ? resolve(project.basePath, rest) : undefined;
    if (!abs || !isAbsolute(abs) || !existsSync(abs) || !statSync(abs).isFile()) {
      err('missing-source-file', `"${path}" lies outside the archive and was not found${abs ? ` at ${abs}` : ' (the project has no basePath)'}`, 'export the project with its sources inside the .qdpx ("internal" sources)');
      return undefined;
    }
    issues.push({ severity: 'warning', file: qdeFile, line: s.line, code: 'external-source', message: `${where}: text read from outside the archive: ${abs}` });
    label = abs;
    bytes = await readFile(abs);
  }
  const decoded = decodeBytes(bytes, 'utf-8', label);
  if (decoded.issues.length) {
    issues.push(...decoded.issues.map((i) => ({ ...i, message: `${where}: ${i.message}`, hint: 'REFI-QDA source texts must be UTF-8; the source is skipped — export the project again' })));
    return undefined;
  }
  return decoded.text;
}

function zipIssue(e: unknown, file: string, qdeLimit?: number): InputIssue {
  if (e instanceof ZipError) {
    const tooBigQde = qdeLimit !== undefined && e.code === 'zip-entry-too-large' && /\.qde$/i.test(e.entry ?? '');
    return {
      severity: 'error', file, code: e.code,
      message: e.message,
      ...(tooBigQde ? { hint: `the project file is over ${Math.round(qdeLimit / 1048576)} MB; raise the limit with --max-qde-mb if you trust the file` } : e.hint ? { hint: e.hint } : {}),
    };
  }
  return { severity: 'error', file, code: 'zip-unreadable', message: `cannot read the archive: ${(e as Error).message}` };
}

/**
 * REFI codes as embedded codes keyed by lower-case guid. ATLAS.ti writes a hierarchy as flattened
 * names (`Feedback::uitstellen`) instead of nesting: each prefix becomes a folder code.
 */
export function embeddedCodesOf(refiCodes: RefiCode[]): EmbeddedCode[] {
  const codes: EmbeddedCode[] = [];
  const flatParents = new Set<string>();
  for (const c of refiCodes) {
    const parts = c.name.split('::').map((s) => s.trim()).filter(Boolean);
    let parentKey = c.parent?.toLowerCase();
    if (parts.length > 1 && !c.parent) {
      for (let i = 0; i < parts.length - 1; i++) {
        const path = parts.slice(0, i + 1).join('::');
        if (flatParents.has(path)) continue;
        flatParents.add(path);
        codes.push({ key: `path:${path}`, name: parts[i], isCodable: false, ...(i > 0 ? { parentKey: `path:${parts.slice(0, i).join('::')}` } : {}) });
      }
      parentKey = `path:${parts.slice(0, -1).join('::')}`;
    }
    const { description, marker } = readMarker(c.description);
    codes.push({
      key: c.guid.toLowerCase(), name: parts.length > 1 ? parts[parts.length - 1] : c.name, isCodable: c.isCodable,
      ...(parentKey ? { parentKey } : {}), ...(description ? { description } : {}), ...(c.color ? { color: c.color } : {}),
      ...(parts.length > 1 ? { aliases: [c.name] } : {}),
      ...(marker?.id ? { id: marker.id } : {}), ...(marker?.frameworks ? { frameworks: marker.frameworks } : {}),
      ...(marker?.tag ? { tag: marker.tag } : {}), ...(marker?.folder ? { folder: true } : {}),
    });
  }
  return codes;
}
