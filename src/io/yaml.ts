/**
 * YAML reading with positions: every value can be traced back to its line, so messages about a
 * project file, codebook or framework can name the line (DESIGN.md §10).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { readFileSync } from 'node:fs';
import type { InputIssue } from '../model/types.js';
import { closest } from '../model/issues.js';

export interface YamlSource {
  /** Plain JS value of the document (maps → objects, seqs → arrays). */
  value: unknown;
  issues: InputIssue[];
  /** 1-based line of the node at a path of keys/indices, or of its closest existing ancestor. */
  lineOf(path: (string | number)[]): number | undefined;
  /** 1-based line of the *key* at a path (for unknown-key messages), falling back to lineOf. */
  keyLineOf(path: (string | number)[]): number | undefined;
}

/** Parse YAML text. Syntax errors become issues with line and column, never exceptions. */
export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: true, uniqueKeys: true });
  const issues: InputIssue[] = [];
  for (const err of doc.errors) {
    const pos = err.linePos?.[0];
    issues.push({
      severity: 'error',
      file,
      line: pos?.line,
      column: pos?.col,
      code: 'yaml-syntax',
      message: `YAML syntax error: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      hint: 'check indentation and quoting around this line (values with ":" or "#" need quotes)',
    });
  }
  const value = issues.length ? undefined : doc.toJS();
  const nodeAt = (path: (string | number)[]): { node?: Node; key?: Node } => {
    let node: unknown = doc.contents;
    let key: Node | undefined;
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
        if (!pair) break;
        key = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
        key = undefined;
      } else break;
    }
    return { node: node as Node | undefined, key };
  };
  const line = (n?: Node) => (n && n.range ? lineCounter.linePos(n.range[0]).line : undefined);
  return {
    value,
    issues,
    lineOf: (path) => {
      const { node, key } = nodeAt(path);
      return line(node) ?? line(key);
    },
    keyLineOf: (path) => {
      const { node, key } = nodeAt(path);
      return line(key) ?? line(node);
    },
  };
}

/**
 * The issue for a key that does not exist at `path` (the key included in `keyPath`): names the key,
 * its line and the closest valid key (DESIGN.md §5).
 */
export function unknownKeyIssue(
  file: string, y: YamlSource, keyPath: (string | number)[], key: string, valid: readonly string[], where: string,
  severity: InputIssue['severity'] = 'error',
): InputIssue {
  const near = closest(key, valid, 1);
  return {
    severity, file, line: y.keyLineOf(keyPath), field: key, code: 'unknown-key',
    message: `unknown key "${key}" ${where}`,
    hint: near.length ? `did you mean "${near[0]}"? valid keys: ${valid.join(', ')}` : `valid keys: ${valid.join(', ')}`,
  };
}

const FLAT_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):[ \t]+(\S(?:.*\S)?)[ \t]*$/;
/** Plain scalars that every YAML 1.2 core-schema parser reads as the same string. */
const SAFE_VALUE = /^[\p{L}_][\p{L}\p{N} _.,()/'’-]*$/u;
const INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const KEYWORD = /^(?:true|false|null|yes|no|on|off|y|n)$/i;

/**
 * A fast path for the front matter of transcripts, which is nearly always flat `key: value` lines
 * (`id: ko3-fg-1`, `site: KO3`, `year: 2`, `date: 2023-03-14`). Returns the same value and lines as
 * parseYaml would, or null when any line needs the full parser (quotes, lists, maps, comments,
 * numbers other than plain integers, booleans), so the full parser stays the one source of truth.
 * Reading 2,000 front matters with the full parser costs more than reading their 300 MB of text.
 */
export function parseFlatYaml(text: string): YamlSource | null {
  const value: Record<string, string | number> = {};
  const lines: Record<string, number> = {};
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = all[i].endsWith('\r') ? all[i].slice(0, -1) : all[i];
    if (!line.trim()) continue;
    const m = FLAT_LINE.exec(line);
    if (!m) return null;
    const [, key, raw] = m;
    if (key in value) return null; // duplicate keys: let the full parser report them
    if (INTEGER.test(raw)) value[key] = Number(raw);
    else if (ISO_DATE.test(raw) || (SAFE_VALUE.test(raw) && !KEYWORD.test(raw) && !raw.includes(': ') && !raw.includes(' #'))) value[key] = raw;
    else return null;
    lines[key] = i + 1;
  }
  const lineOf = (path: (string | number)[]) => (path.length === 0 ? 1 : path.length === 1 ? lines[String(path[0])] : undefined);
  return { value: Object.keys(value).length ? value : null, issues: [], lineOf, keyLineOf: lineOf };
}

/**
 * A copy of `s` that shares no memory with the string it was cut from. V8 keeps a whole file text
 * alive as long as any slice of it lives; ids and attribute values kept across documents must not
 * hold on to their file (DESIGN: memory bounded by the output, not the input).
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/**
 * The text of a file a project entry points to (a survey or stage definition, a CRM or register
 * mapping), or the one issue that says why it cannot be read. `what` names the file in messages
 * ("survey definition"); `hint` says where the path comes from.
 */
export function readSideFile(abs: string, display: string, what: string, hint: string): { text: string; issue?: undefined } | { text?: undefined; issue: InputIssue } {
  try {
    return { text: readFileSync(abs, 'utf8') };
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      issue: {
        severity: 'error', file: display, code: 'unreadable-file',
        message: missing ? `${what} "${display}" does not exist` : `cannot read ${what} "${display}" (${(e as Error).message})`,
        hint,
      },
    };
  }
}
