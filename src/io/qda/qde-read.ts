/**
 * Read a REFI-QDA project file (`.qde`, QDA-XML 1.0) into a RefiProject. Also reads the CodeBook of a
 * codebook file (`.qdc`, `urn:QDA-XML:codebook:1.0`), which has the same <Codes> structure.
 *
 * A streaming parser (saxes) keeps memory near the size of the result. A DOCTYPE is refused outright:
 * REFI files never need one, and refusing it rules out external entities and entity expansion bombs.
 * Namespace prefixes are ignored (elements are matched by local name), since exporters differ in
 * whether they write a default namespace or a prefix.
 */
import { SaxesParser } from 'saxes';
import type { InputIssue } from '../../model/types.js';
import type {
  RefiCase, RefiCode, RefiCoding, RefiNote, RefiProject, RefiSelection, RefiSet, RefiSource, RefiSourceKind, RefiVariableValue,
} from './refi-model.js';
import { emptyRefiProject } from './refi-model.js';

export interface QdeReadResult {
  project: RefiProject | null;
  /** Root element's local name (`Project` or `CodeBook`). */
  root?: string;
  issues: InputIssue[];
}

const SOURCE_KINDS: Record<string, RefiSourceKind> = {
  TextSource: 'text', PDFSource: 'pdf', PictureSource: 'picture', AudioSource: 'audio', VideoSource: 'video',
};
const SELECTION_ELEMENTS = new Set(['PlainTextSelection', 'PDFSelection', 'PictureSelection', 'AudioSelection', 'VideoSelection', 'TranscriptSelection']);
const VALUE_ELEMENTS = new Set(['TextValue', 'BooleanValue', 'IntegerValue', 'FloatValue', 'DateValue', 'DateTimeValue']);
/** Elements whose text content is kept. */
const TEXT_ELEMENTS = new Set(['Description', 'PlainTextContent', 'MemoText', ...VALUE_ELEMENTS]);
const IGNORED_TOP = new Set(['Links', 'Graphs']);

class StopParsing extends Error {}

const local = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/**
 * Parse the XML text of a `.qde` or `.qdc`. `file` names the file in messages (e.g.
 * `export.qdpx:project.qde`). Problems become issues; the result is null only when the XML itself
 * cannot be read.
 */
export function readQde(xml: string, file: string): QdeReadResult {
  const p = createQdeParser(file);
  p.write(xml);
  return p.close();
}

/** An incremental `.qde` parser: write() text as it is decoded, close() for the result. */
export interface QdeParser {
  /** False once the parse has stopped on an error (further text is ignored). */
  write(text: string): boolean;
  close(): QdeReadResult;
  /** Line the parser has reached (for messages about the bytes being fed). */
  line(): number;
}

export function createQdeParser(file: string): QdeParser {
  const issues: InputIssue[] = [];
  const p = emptyRefiProject();
  const parser = new SaxesParser({ position: true });
  const stack: string[] = [];
  let root: string | undefined;

  // Open containers, innermost last.
  const codeStack: RefiCode[] = [];
  let source: RefiSource | undefined;
  let selection: RefiSelection | undefined;
  let coding: RefiCoding | undefined;
  let kase: RefiCase | undefined;
  let note: RefiNote | undefined;
  let set: RefiSet | undefined;
  let variableValue: { variableGuid?: string; value?: string; owner: RefiVariableValue[] } | undefined;
  let ignoredDepth = 0;
  let text: string[] | undefined;

  const line = () => parser.line;
  // Attribute values are slices of the parser's input chunk; keeping one would keep the whole chunk
  // alive, so kept values are copied.
  const own = (v: string): string => (v.length < 13 ? v : (' ' + v).slice(1));
  // Users repeat on every coding and there are few of them: a short list beats hashing.
  const users: string[] = [];
  const ref = (v: string | undefined): string | undefined => {
    if (v === undefined || v.length < 13) return v;
    for (const u of users) if (u === v) return u;
    const k = own(v);
    if (users.length < 32) users.push(k);
    return k;
  };



  const fail = (message: string, code: string, hint?: string): never => {
    issues.push({ severity: 'error', file, line: line(), code, message, ...(hint ? { hint } : {}) });
    throw new StopParsing(message);
  };
  const num = (v: string | undefined, attr: string, el: string, guid: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v.trim());
    if (!Number.isInteger(n) || n < 0) {
      issues.push({ severity: 'warning', file, line: line(), field: attr, code: 'bad-offset', message: `${el} ${guid}: ${attr}="${v.slice(0, 20)}" is not a whole number ≥ 0; the selection is skipped` });
      return undefined;
    }
    return n;
  };

  parser.on('doctype', () => fail('the file has a DOCTYPE declaration; REFI-QDA files never have one and hefboom does not process DTDs (external entities, entity expansion)', 'xml-doctype', 'export the project again from the QDA program; do not edit the .qde by hand'));
  parser.on('error', (e) => {
    fail(`not well-formed XML: ${e.message.replace(/^(?:.*?:)?\d+:\d+: /, '')}`, 'xml-syntax', 'the file is damaged or not a REFI-QDA file; export it again');
  });
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    const a = tag.attributes as Record<string, string>;
    const attr = (k: string): string | undefined => {
      if (k in a) return a[k];
      for (const key of Object.keys(a)) if (local(key) === k) return a[key];
      return undefined;
    };
    const oattr = (k: string): string | undefined => {
      const v = attr(k);
      return v === undefined ? v : own(v);
    };
    const parent = stack[stack.length - 1];
    stack.push(name);
    if (ignoredDepth) { ignoredDepth++; return; }
    if (stack.length === 1) {
      root = name;
      if (name !== 'Project' && name !== 'CodeBook') fail(`the root element is <${name}>, not <Project> (.qde) or <CodeBook> (.qdc)`, 'not-refi', 'is this a REFI-QDA export? NVivo, ATLAS.ti, MAXQDA and QualCoder write it with "Export → REFI-QDA project"');
      if (name === 'Project') {
        p.name = oattr('name');
        p.origin = oattr('origin');
        p.basePath = oattr('basePath');
        p.creatingUserGUID = oattr('creatingUserGUID');
      } else p.origin = oattr('origin');
      return;
    }
    if (stack.length === 2 && IGNORED_TOP.has(name)) {
      p.ignored[name] = (p.ignored[name] ?? 0) + 1;
      ignoredDepth = 1;
      return;
    }
    if (TEXT_ELEMENTS.has(name)) {
      text = [];
      return;
    }
    const guid = own(attr('guid') ?? '');
    switch (name) {
      case 'User':
        p.users.push({ guid, name: oattr('name') ?? guid, ...(oattr('id') ? { id: oattr('id') } : {}) });
        return;
      case 'Code': {
        if (!stack.includes('Codes')) return;
        const code: RefiCode = {
          guid, name: oattr('name') ?? '', isCodable: oattr('isCodable') !== 'false', line: line(),
          ...(codeStack.length ? { parent: codeStack[codeStack.length - 1].guid } : {}),
          ...(oattr('color') ? { color: oattr('color') } : {}),
        };
        p.codes.push(code);
        codeStack.push(code);
        return;
      }
      case 'Variable':
        if (parent === 'Variables') p.variables.push({ guid, name: oattr('name') ?? guid, typeOfVariable: oattr('typeOfVariable') ?? 'Text' });
        return;
      case 'Case':
        kase = { guid, name: oattr('name'), codeRefs: [], variableValues: [], sourceRefs: [], line: line() };
        p.cases.push(kase);
        return;
      case 'VariableValue':
        variableValue = { owner: kase && parent === 'Case' ? kase.variableValues : source && !selection ? source.variableValues : [] };
        return;
      case 'VariableRef':
        if (variableValue) variableValue.variableGuid = ref(attr('targetGUID'));
        return;
      case 'SourceRef':
        if (kase) kase.sourceRefs.push(ref(attr('targetGUID')) ?? '');
        return;
      case 'Note':
        if (parent === 'Notes') {
          note = { guid, name: oattr('name'), text: '', creatingUser: oattr('creatingUser'), line: line() };
          p.notes.push(note);
        }
        return;
      case 'NoteRef': {
        const target = ref(attr('targetGUID')) ?? '';
        if (selection) selection.noteRefs.push(target);
        else if (source) source.noteRefs.push(target);
        return;
      }
      case 'Set':
        set = { guid, name: oattr('name') ?? guid, memberSources: [], memberCodes: [], line: line() };
        p.sets.push(set);
        return;
      case 'MemberSource':
        if (set) set.memberSources.push(ref(attr('targetGUID') ?? attr('guid')) ?? '');
        return;
      case 'MemberCode':
        if (set) set.memberCodes.push(ref(attr('targetGUID') ?? attr('guid')) ?? '');
        return;
      case 'Coding':
        coding = { guid, codeGuid: '', creatingUser: ref(attr('creatingUser')), line: line() };
        if (selection) selection.codings.push(coding);
        else if (source) source.codings.push(coding);
        return;
      case 'CodeRef':
        if (coding) coding.codeGuid = own(attr('targetGUID') ?? '');
        else if (kase) kase.codeRefs.push(ref(attr('targetGUID')) ?? '');
        return;
    }
    if (name in SOURCE_KINDS && parent === 'Sources') {
      source = {
        guid, name: oattr('name') ?? '', kind: SOURCE_KINDS[name], element: name,
        plainTextPath: oattr('plainTextPath'), richTextPath: oattr('richTextPath'), path: oattr('path'),
        creatingUser: oattr('creatingUser'), creationDateTime: oattr('creationDateTime'),
        selections: [], codings: [], noteRefs: [], variableValues: [], line: line(),
      };
      p.sources.push(source);
      return;
    }
    if (SELECTION_ELEMENTS.has(name) && source) {
      if (selection) return; // a selection inside a transcript selection: counted through its parent
      const text = name === 'PlainTextSelection';
      selection = {
        guid, element: name, name: oattr('name'), creatingUser: ref(attr('creatingUser')),
        codings: [], noteRefs: [], line: line(),
        ...(text ? { start: num(attr('startPosition'), 'startPosition', name, guid), end: num(attr('endPosition'), 'endPosition', name, guid) } : {}),
      };
      source.selections.push(selection);
    }
  });
  parser.on('text', (t) => { if (text) text.push(t); });
  parser.on('cdata', (t) => { if (text) text.push(t); });
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    stack.pop();
    if (ignoredDepth) { ignoredDepth--; return; }
    if (TEXT_ELEMENTS.has(name)) {
      const value = (text ?? []).join('');
      text = undefined;
      const owner = stack[stack.length - 1];
      if (VALUE_ELEMENTS.has(name)) { if (variableValue) variableValue.value = value; return; }
      if (name === 'PlainTextContent') {
        if (owner === 'Note' && note) note.text = value;
        else if (source && owner === source.element) source.plainTextContent = value;
        return;
      }
      if (name === 'Description') {
        const d = value.trim();
        if (!d) return;
        if (owner === 'Code' && codeStack.length) codeStack[codeStack.length - 1].description = value;
        else if (selection && SELECTION_ELEMENTS.has(owner)) selection.description = value;
        else if (source && owner === source.element) source.description = value;
        else if (owner === 'Case' && kase) kase.description = value;
        else if (owner === 'Set' && set) set.description = value;
        else if (owner === 'Variable' && p.variables.length) p.variables[p.variables.length - 1].description = value;
        else if (owner === 'Note' && note && !note.text) note.text = value;
        else if (owner === 'Project') p.description = value;
      }
      return;
    }
    switch (name) {
      case 'Code': if (stack.includes('Codes')) codeStack.pop(); break;
      case 'Case': kase = undefined; break;
      case 'Note': note = undefined; break;
      case 'Set': set = undefined; break;
      case 'Coding': coding = undefined; break;
      case 'VariableValue':
        if (variableValue?.variableGuid !== undefined) variableValue.owner.push({ variableGuid: variableValue.variableGuid, value: variableValue.value ?? '' });
        variableValue = undefined;
        break;
      default:
        if (selection && name === selection.element) selection = undefined;
        else if (source && name === source.element) source = undefined;
    }
  });

  let stopped = false;
  const guard = (step: () => void): boolean => {
    if (stopped) return false;
    try {
      step();
      return true;
    } catch (e) {
      if (!(e instanceof StopParsing)) throw e;
      stopped = true;
      return false;
    }
  };
  return {
    write: (text) => guard(() => parser.write(text)),
    line: () => parser.line,
    close: () => {
      guard(() => parser.close());
      if (stopped) return { project: null, root, issues };
      if (!root) issues.push({ severity: 'error', file, code: 'xml-syntax', message: 'the file is empty or holds no XML element' });
      return { project: root ? p : null, root, issues };
    },
  };
}

/**
 * Parse a `.qde`/`.qdc` inside an archive as it is inflated: bytes → strict UTF-8 → parser, so the
 * XML is never held whole (a 50 MB project would be 100 MB as one string). `read` inflates the
 * entry into the callback (ZipReader.stream).
 */
const DECODE_BYTES = 32 * 1024;

export async function parseQdeStream(read: (onChunk: (chunk: Buffer) => void) => Promise<void>, file: string): Promise<QdeReadResult> {
  const parser = createQdeParser(file);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let badUtf8: InputIssue | undefined;
  let first = true;
  await read((chunk) => {
    // Small pieces keep the decoded strings out of V8's large-object space, so they die young.
    for (let at = 0; at < chunk.length && !badUtf8; at += DECODE_BYTES) {
      let text: string;
      try {
        text = decoder.decode(chunk.subarray(at, Math.min(chunk.length, at + DECODE_BYTES)), { stream: true });
      } catch {
        badUtf8 = { severity: 'error', file, line: parser.line(), code: 'bad-encoding', message: `bytes near line ${parser.line()} are not valid UTF-8`, hint: 'a REFI-QDA file must be UTF-8; export the project again' };
        return;
      }
      if (first && text) { first = false; if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); }
      parser.write(text);
    }
  });
  if (badUtf8) return { project: null, issues: [badUtf8] };
  try {
    parser.write(decoder.decode());
  } catch {
    return { project: null, issues: [{ severity: 'error', file, line: parser.line(), code: 'bad-encoding', message: 'the file ends in the middle of a UTF-8 character', hint: 'a REFI-QDA file must be UTF-8; export the project again' }] };
  }
  return parser.close();
}
