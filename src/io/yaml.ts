/**
 * YAML reading with positions: every value can be traced back to its line, so messages about a
 * project file, codebook or framework can name the line (DESIGN.md §10).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
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
