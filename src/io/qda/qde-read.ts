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
    const parent = stack[stack.length - 1];
    stack.push(name);
    if (ignoredDepth) { ignoredDepth++; return; }
    if (stack.length === 1) {
      root = name;
      if (name !== 'Project' && name !== 'CodeBook') fail(`the root element is <${name}>, not <Project> (.qde) or <CodeBook> (.qdc)`, 'not-refi', 'is this a REFI-QDA export? NVivo, ATLAS.ti, MAXQDA and QualCoder write it with "Export → REFI-QDA project"');
      if (name === 'Project') {
        p.name = attr('name');
        p.origin = attr('origin');
        p.basePath = attr('basePath');
        p.creatingUserGUID = attr('creatingUserGUID');
      } else p.origin = attr('origin');
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
    const guid = attr('guid') ?? '';
    switch (name) {
      case 'User':
        p.users.push({ guid, name: attr('name') ?? guid, ...(attr('id') ? { id: attr('id') } : {}) });
        return;
      case 'Code': {
        if (!stack.includes('Codes')) return;
        const code: RefiCode = {
          guid, name: attr('name') ?? '', isCodable: attr('isCodable') !== 'false', line: line(),
          ...(codeStack.length ? { parent: codeStack[codeStack.length - 1].guid } : {}),
          ...(attr('color') ? { color: attr('color') } : {}),
        };
        p.codes.push(code);
        codeStack.push(code);
        return;
      }
      case 'Variable':
        if (parent === 'Variables') p.variables.push({ guid, name: attr('name') ?? guid, typeOfVariable: attr('typeOfVariable') ?? 'Text' });
        return;
      case 'Case':
        kase = { guid, name: attr('name'), codeRefs: [], variableValues: [], sourceRefs: [], line: line() };
        p.cases.push(kase);
        return;
      case 'VariableValue':
        variableValue = { owner: kase && parent === 'Case' ? kase.variableValues : source && !selection ? source.variableValues : [] };
        return;
      case 'VariableRef':
        if (variableValue) variableValue.variableGuid = attr('targetGUID');
        return;
      case 'SourceRef':
        if (kase) kase.sourceRefs.push(attr('targetGUID') ?? '');
        return;
      case 'Note':
        if (parent === 'Notes') {
          note = { guid, name: attr('name'), text: '', creatingUser: attr('creatingUser'), line: line() };
          p.notes.push(note);
        }
        return;
      case 'NoteRef': {
        const target = attr('targetGUID') ?? '';
        if (selection) selection.noteRefs.push(target);
        else if (source) source.noteRefs.push(target);
        return;
      }
      case 'Set':
        set = { guid, name: attr('name') ?? guid, memberSources: [], memberCodes: [], line: line() };
        p.sets.push(set);
        return;
      case 'MemberSource':
        if (set) set.memberSources.push(attr('targetGUID') ?? attr('guid') ?? '');
        return;
      case 'MemberCode':
        if (set) set.memberCodes.push(attr('targetGUID') ?? attr('guid') ?? '');
        return;
      case 'Coding':
        coding = { guid, codeGuid: '', creatingUser: attr('creatingUser'), creationDateTime: attr('creationDateTime'), line: line() };
        if (selection) selection.codings.push(coding);
        else if (source) source.codings.push(coding);
        return;
      case 'CodeRef':
        if (coding) coding.codeGuid = attr('targetGUID') ?? '';
        else if (kase) kase.codeRefs.push(attr('targetGUID') ?? '');
        return;
    }
    if (name in SOURCE_KINDS && parent === 'Sources') {
      source = {
        guid, name: attr('name') ?? '', kind: SOURCE_KINDS[name], element: name,
        plainTextPath: attr('plainTextPath'), richTextPath: attr('richTextPath'), path: attr('path'),
        creatingUser: attr('creatingUser'), creationDateTime: attr('creationDateTime'),
        selections: [], codings: [], noteRefs: [], variableValues: [], line: line(),
      };
      p.sources.push(source);
      return;
    }
    if (SELECTION_ELEMENTS.has(name) && source) {
      if (selection) return; // a selection inside a transcript selection: counted through its parent
      const text = name === 'PlainTextSelection';
      selection = {
        guid, element: name, name: attr('name'), creatingUser: attr('creatingUser'), creationDateTime: attr('creationDateTime'),
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

  try {
    parser.write(xml).close();
  } catch (e) {
    if (e instanceof StopParsing) return { project: null, root, issues };
    throw e;
  }
  if (!root) issues.push({ severity: 'error', file, code: 'xml-syntax', message: 'the file is empty or holds no XML element' });
  return { project: root ? p : null, root, issues };
}
