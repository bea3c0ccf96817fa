/**
 * Writes a RefiProject as a REFI-QDA project document (`.qde`, QDA-XML 1.0, Project.xsd of
 * March 2019). Output is deterministic: element and attribute order follow the schema, children
 * keep input order, and only dates present in the model are written (no "now").
 *
 * The writer repairs what would make the file schema-invalid rather than failing: ids that are not
 * GUIDs are replaced by a stable GUID derived from them (the same everywhere they occur, so
 * references still match), malformed dates/colours are left out, typed variable values that do not
 * fit their type fall back to <TextValue>. Only text sources are written; references to the
 * skipped (non-text) sources are dropped so nothing points at a missing element.
 */
import type {
  RefiCase,
  RefiCode,
  RefiCoding,
  RefiNote,
  RefiProject,
  RefiSelection,
  RefiSet,
  RefiSource,
  RefiUser,
  RefiVariable,
  RefiVariableValue,
} from './refi-model.js';
import { isGuid, stableGuid } from './guid.js';
import { escapeXmlAttr, escapeXmlText } from './xml-escape.js';

export const QDE_NAMESPACE = 'urn:QDA-XML:project:1.0';
export const QDE_SCHEMA_LOCATION =
  'urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd';
export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

// ---------------------------------------------------------------------------------------------
// A tiny element tree, so "no children" can become a self-closing tag without bookkeeping.
// Exported for qdc-write.ts, which shares the serialiser and the code tree.

/** Attribute list in output order; undefined values are left out. */
export type XmlAttrs = ReadonlyArray<readonly [string, string | undefined]>;

export interface XmlNode {
  name: string;
  attrs: XmlAttrs;
  children: XmlNode[];
  /** Text content; when set, children are ignored (QDA-XML never mixes the two). */
  text?: string;
}

export function el(name: string, attrs: XmlAttrs = [], children: XmlNode[] = []): XmlNode {
  return { name, attrs, children };
}

export function textEl(name: string, text: string): XmlNode {
  return { name, attrs: [], children: [], text };
}

/** Serialises with two-space indentation; the XML declaration and a final newline included. */
export function renderXmlDocument(root: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  renderNode(root, 0, out);
  return out.join('\n') + '\n';
}

function renderNode(node: XmlNode, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  let head = `<${node.name}`;
  for (const [k, v] of node.attrs) if (v !== undefined) head += ` ${k}="${escapeXmlAttr(v)}"`;
  if (node.text !== undefined) {
    // No whitespace around text: it would become part of the content.
    out.push(`${indent}${head}>${escapeXmlText(node.text)}</${node.name}>`);
  } else if (node.children.length === 0) {
    out.push(`${indent}${head}/>`);
  } else {
    out.push(`${indent}${head}>`);
    for (const c of node.children) renderNode(c, depth + 1, out);
    out.push(`${indent}</${node.name}>`);
  }
}

// ---------------------------------------------------------------------------------------------
// Value repair, so one odd value from an imported file cannot make the whole export invalid.

/** The id as written when it is a GUID, else a stable GUID derived from it (same input, same output). */
export function toGuid(id: string): string {
  const t = id.trim();
  return isGuid(t) ? t : stableGuid('hefboom:guid', id);
}

function optGuid(id: string | undefined): string | undefined {
  return id === undefined || id.trim() === '' ? undefined : toGuid(id);
}

/** `#rrggbb`/`#rgb` as the RGBType wants; a bare 6-digit hex gets its `#`; anything else is dropped. */
export function normaliseColor(c: string | undefined): string | undefined {
  if (c === undefined) return undefined;
  const t = c.trim();
  if (/^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/.test(t)) return t;
  if (/^[0-9a-fA-F]{6}$/.test(t)) return `#${t}`;
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const TZ = '(?:Z|[+-](?:(?:0\\d|1[0-3]):[0-5]\\d|14:00))?';
const DATE_RE = new RegExp(`^(-?\\d{4,})-(\\d{2})-(\\d{2})${TZ}$`);
const DATETIME_RE = new RegExp(`^(-?\\d{4,})-(\\d{2})-(\\d{2})T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?${TZ}$`);

function validYmd(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(y), month);
}

/** A valid xsd:date, or undefined. */
export function normaliseDate(s: string): string | undefined {
  const t = s.trim();
  const m = DATE_RE.exec(t);
  return m && validYmd(m[1], m[2], m[3]) ? t : undefined;
}

/** A valid xsd:dateTime (a space between date and time is accepted and made a `T`), or undefined. */
export function normaliseDateTime(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s.trim().replace(/^(-?\d{4,}-\d{2}-\d{2}) (?=\d)/, '$1T');
  const m = DATETIME_RE.exec(t);
  return m && validYmd(m[1], m[2], m[3]) ? t : undefined;
}

const VARIABLE_TYPES = ['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime'] as const;
type VariableType = (typeof VARIABLE_TYPES)[number];

/** The schema's typeOfVariable spelling (case-insensitive match); unknown types become Text. */
export function normaliseVariableType(t: string): VariableType {
  const lower = t.trim().toLowerCase();
  return VARIABLE_TYPES.find((v) => v.toLowerCase() === lower) ?? 'Text';
}

/** The typed value element for one value, or undefined when a non-text value is empty (missing). */
function valueNode(type: VariableType, raw: string): XmlNode | undefined {
  if (type === 'Text') return textEl('TextValue', raw);
  const t = raw.trim();
  if (t === '') return undefined; // the schema's choice may be empty: a missing value
  switch (type) {
    case 'Boolean': {
      const l = t.toLowerCase();
      if (l === 'true' || l === 'false' || t === '1' || t === '0') return textEl('BooleanValue', l);
      break;
    }
    case 'Integer':
      if (/^[+-]?\d+$/.test(t)) return textEl('IntegerValue', t);
      break;
    case 'Float':
      // xsd:decimal: no exponent; a Dutch decimal comma ("3,5") is read as a point.
      if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(t)) return textEl('FloatValue', t);
      if (/^[+-]?\d+,\d+$/.test(t)) return textEl('FloatValue', t.replace(',', '.'));
      break;
    case 'Date': {
      const d = normaliseDate(t);
      if (d !== undefined) return textEl('DateValue', d);
      break;
    }
    case 'DateTime': {
      const d = normaliseDateTime(t);
      if (d !== undefined) return textEl('DateTimeValue', d);
      break;
    }
  }
  return textEl('TextValue', raw); // keep the data even though it does not fit the declared type
}

// ---------------------------------------------------------------------------------------------
// The code tree (shared with the codebook writer).

/**
 * `<Code>` elements nested by `parent`, siblings in input order. A code whose parent is unknown
 * (or itself) is a root; codes caught in a parent cycle are written as roots too, so no code is
 * lost; each code is written once even if guids repeat.
 */
export function codeTree(codes: readonly RefiCode[]): XmlNode[] {
  const known = new Set(codes.map((c) => c.guid));
  const children = new Map<string, number[]>();
  const roots: number[] = [];
  codes.forEach((c, i) => {
    if (c.parent !== undefined && c.parent !== c.guid && known.has(c.parent)) {
      const list = children.get(c.parent);
      if (list) list.push(i);
      else children.set(c.parent, [i]);
    } else {
      roots.push(i);
    }
  });
  const done = new Set<number>();
  const build = (i: number): XmlNode => {
    done.add(i);
    const c = codes[i];
    const kids: XmlNode[] = [];
    if (c.description !== undefined) kids.push(textEl('Description', c.description));
    for (const k of children.get(c.guid) ?? []) if (!done.has(k)) kids.push(build(k));
    return el(
      'Code',
      [
        ['guid', toGuid(c.guid)],
        ['name', c.name],
        ['isCodable', c.isCodable ? 'true' : 'false'],
        ['color', normaliseColor(c.color)],
      ],
      kids,
    );
  };
  const out: XmlNode[] = [];
  for (const i of roots) if (!done.has(i)) out.push(build(i));
  for (let i = 0; i < codes.length; i++) if (!done.has(i)) out.push(build(i));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The project.

/** Writes the project as a complete `.qde` document. */
export function writeQde(p: RefiProject): string {
  const textSources = p.sources.filter((s) => s.kind === 'text');
  // Only references to sources that exist but are not written are dropped; refs to unknown ids are
  // kept as the model has them.
  const skippedSources = new Set(p.sources.filter((s) => s.kind !== 'text').map((s) => s.guid));
  const keepSourceRef = (g: string): boolean => !skippedSources.has(g);
  const typeOf = new Map<string, VariableType>();
  for (const v of p.variables) if (!typeOf.has(v.guid)) typeOf.set(v.guid, normaliseVariableType(v.typeOfVariable));

  const variableValue = (vv: RefiVariableValue): XmlNode => {
    const kids = [el('VariableRef', [['targetGUID', toGuid(vv.variableGuid)]])];
    const value = valueNode(typeOf.get(vv.variableGuid) ?? 'Text', vv.value);
    if (value) kids.push(value);
    return el('VariableValue', [], kids);
  };

  const children: XmlNode[] = [];
  if (p.users.length) children.push(el('Users', [], p.users.map(userNode)));
  const codes = codeTree(p.codes);
  if (codes.length) children.push(el('CodeBook', [], [el('Codes', [], codes)]));
  if (p.variables.length) children.push(el('Variables', [], p.variables.map(variableNode)));
  if (p.cases.length) children.push(el('Cases', [], p.cases.map((c) => caseNode(c, variableValue, keepSourceRef))));
  if (textSources.length) children.push(el('Sources', [], textSources.map((s) => sourceNode(s, variableValue))));
  if (p.notes.length) children.push(el('Notes', [], p.notes.map(noteNode)));
  if (p.sets.length) children.push(el('Sets', [], p.sets.map((s) => setNode(s, keepSourceRef))));
  if (p.description !== undefined) children.push(textEl('Description', p.description));

  const root = el(
    'Project',
    [
      ['xmlns', QDE_NAMESPACE],
      ['xmlns:xsi', XSI_NAMESPACE],
      ['xsi:schemaLocation', QDE_SCHEMA_LOCATION],
      ['name', p.name ?? ''], // required by the schema
      ['origin', p.origin],
      ['creatingUserGUID', optGuid(p.creatingUserGUID)],
      ['basePath', p.basePath],
    ],
    children,
  );
  return renderXmlDocument(root);
}

function userNode(u: RefiUser): XmlNode {
  return el('User', [
    ['guid', toGuid(u.guid)],
    ['name', u.name],
    ['id', u.id],
  ]);
}

function variableNode(v: RefiVariable): XmlNode {
  const kids = v.description !== undefined ? [textEl('Description', v.description)] : [];
  return el(
    'Variable',
    [
      ['guid', toGuid(v.guid)],
      ['name', v.name],
      ['typeOfVariable', normaliseVariableType(v.typeOfVariable)],
    ],
    kids,
  );
}

function caseNode(
  c: RefiCase,
  variableValue: (vv: RefiVariableValue) => XmlNode,
  keepSourceRef: (g: string) => boolean,
): XmlNode {
  const kids: XmlNode[] = [];
  if (c.description !== undefined) kids.push(textEl('Description', c.description));
  for (const g of c.codeRefs) kids.push(el('CodeRef', [['targetGUID', toGuid(g)]]));
  for (const vv of c.variableValues) kids.push(variableValue(vv));
  for (const g of c.sourceRefs) if (keepSourceRef(g)) kids.push(el('SourceRef', [['targetGUID', toGuid(g)]]));
  return el(
    'Case',
    [
      ['guid', toGuid(c.guid)],
      ['name', c.name],
    ],
    kids,
  );
}

function codingNode(c: RefiCoding): XmlNode {
  return el(
    'Coding',
    [
      ['guid', toGuid(c.guid)],
      ['creatingUser', optGuid(c.creatingUser)],
      ['creationDateTime', normaliseDateTime(c.creationDateTime)],
    ],
    [el('CodeRef', [['targetGUID', toGuid(c.codeGuid)]])],
  );
}

function noteRefNodes(refs: readonly string[]): XmlNode[] {
  return refs.map((g) => el('NoteRef', [['targetGUID', toGuid(g)]]));
}

function selectionNode(s: RefiSelection): XmlNode | undefined {
  // Only plain-text selections with both offsets can be written as PlainTextSelection.
  if (s.element !== 'PlainTextSelection' || !Number.isFinite(s.start) || !Number.isFinite(s.end)) return undefined;
  const kids: XmlNode[] = [];
  if (s.description !== undefined) kids.push(textEl('Description', s.description));
  for (const c of s.codings) kids.push(codingNode(c));
  kids.push(...noteRefNodes(s.noteRefs));
  return el(
    'PlainTextSelection',
    [
      ['guid', toGuid(s.guid)],
      ['name', s.name], // may be empty: xsd:string allows it and NVivo writes name=""
      ['startPosition', String(Math.trunc(s.start as number))],
      ['endPosition', String(Math.trunc(s.end as number))],
      ['creatingUser', optGuid(s.creatingUser)],
      ['creationDateTime', normaliseDateTime(s.creationDateTime)],
    ],
    kids,
  );
}

function sourceNode(s: RefiSource, variableValue: (vv: RefiVariableValue) => XmlNode): XmlNode {
  const kids: XmlNode[] = [];
  if (s.description !== undefined) kids.push(textEl('Description', s.description));
  // The schema note says a text source has either a plainTextPath or PlainTextContent, not both.
  if (s.plainTextContent !== undefined && s.plainTextPath === undefined) {
    kids.push(textEl('PlainTextContent', s.plainTextContent));
  }
  for (const sel of s.selections) {
    const n = selectionNode(sel);
    if (n) kids.push(n);
  }
  for (const c of s.codings) kids.push(codingNode(c));
  kids.push(...noteRefNodes(s.noteRefs));
  for (const vv of s.variableValues) kids.push(variableValue(vv));
  return el(
    'TextSource',
    [
      ['guid', toGuid(s.guid)],
      ['name', s.name],
      ['plainTextPath', s.plainTextPath],
      ['creatingUser', optGuid(s.creatingUser)],
      ['creationDateTime', normaliseDateTime(s.creationDateTime)],
    ],
    kids,
  );
}

function noteNode(n: RefiNote): XmlNode {
  return el(
    'Note',
    [
      ['guid', toGuid(n.guid)],
      ['name', n.name],
      ['creatingUser', optGuid(n.creatingUser)],
    ],
    [textEl('PlainTextContent', n.text)],
  );
}

function setNode(s: RefiSet, keepSourceRef: (g: string) => boolean): XmlNode {
  const kids: XmlNode[] = [];
  if (s.description !== undefined) kids.push(textEl('Description', s.description));
  for (const g of s.memberCodes) kids.push(el('MemberCode', [['targetGUID', toGuid(g)]]));
  for (const g of s.memberSources) if (keepSourceRef(g)) kids.push(el('MemberSource', [['targetGUID', toGuid(g)]]));
  return el(
    'Set',
    [
      ['guid', toGuid(s.guid)],
      ['name', s.name],
    ],
    kids,
  );
}
