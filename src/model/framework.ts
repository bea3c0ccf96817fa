/**
 * Frameworks (DESIGN.md §3, §6): the built-in `levers` and `memoq` and any user framework YAML, all
 * read by the same parser so that user frameworks behave exactly like the built-in ones.
 *
 * ```yaml
 * id: ceelen
 * label: { nl: Mentorpraktijken (Ceelen), en: Mentor practices (Ceelen) }
 * description: { nl: ..., en: ... }     # optional
 * nodes:
 *   - id: tonen
 *     label: { nl: Tonen, en: Showing }  # or a plain string used for both languages
 *     description: ...                   # optional, {nl, en} or a plain string
 *     kind: perspective                  # optional
 *     children: [ ... same shape ... ]
 * ```
 */
import { readFileSync } from 'node:fs';
import type { Framework, FrameworkNode, InputIssue } from './types.js';
import { parseYaml, unknownKeyIssue } from '../io/yaml.js';

export const BUILTIN_FRAMEWORK_IDS: readonly string[] = Object.freeze(['levers', 'memoq']);

const FRAMEWORK_ID = /^[a-z][a-z0-9-]*$/;
/** Node ids become part of `#<framework>:<node>` tags, so they use tag characters only and do not end in
 *  `.` or `/`, which the tag reader strips as trailing punctuation. Digits first are fine (`mentes:1`). */
const NODE_ID = /^[\p{L}\p{N}](?:[\p{L}\p{N}\-_./]*[\p{L}\p{N}\-_])?$/u;

const TOP_KEYS = ['id', 'label', 'description', 'nodes'];
const NODE_KEYS = ['id', 'label', 'description', 'kind', 'children'];
const LANG_KEYS = ['nl', 'en'];

type Path = (string | number)[];

/** Shared by the framework and codebook parsers: bilingual text as `{nl, en}` or one plain string. */
export function readBilingual(
  value: unknown,
  fallback: string,
  report: (message: string, hint: string, path: Path, code: string) => void,
  path: Path,
): { nl: string; en: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return { nl: String(value), en: String(value) };
  if (typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!LANG_KEYS.includes(k)) report(`unknown language "${k}"`, 'give the text as { nl: ..., en: ... } or as one plain string', [...path, k], 'unknown-key');
    }
    const nl = typeof o.nl === 'string' ? o.nl : undefined;
    const en = typeof o.en === 'string' ? o.en : undefined;
    if (nl === undefined && en === undefined) {
      report('expected text under `nl:` and/or `en:`', 'write e.g. { nl: Tonen, en: Showing }', path, 'invalid-value');
      return { nl: fallback, en: fallback };
    }
    return { nl: nl ?? en ?? fallback, en: en ?? nl ?? fallback };
  }
  report('expected text, or { nl: ..., en: ... }', 'write e.g. { nl: Tonen, en: Showing }', path, 'invalid-value');
  return { nl: fallback, en: fallback };
}

/** Issues in file order, so a user can work down the list. */
export function byLine(issues: InputIssue[]): InputIssue[] {
  return issues
    .map((issue, k) => ({ issue, k }))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.k - b.k)
    .map((x) => x.issue);
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parse a framework YAML file. Never throws. `framework` is present whenever the text has the shape
 * of a framework (a mapping with `id:` and a `nodes:` list), even if some nodes were rejected; callers
 * decide with hasErrors(issues) whether to use it.
 */
export function parseFramework(text: string, file: string): { framework?: Framework; issues: InputIssue[] } {
  const y = parseYaml(text, file);
  const issues: InputIssue[] = [...y.issues];
  if (issues.length) return { issues };
  const report = (message: string, hint: string, path: Path, code: string, field?: string, line?: number) => {
    issues.push({ severity: 'error', file, line: line ?? y.keyLineOf(path) ?? 1, code, message, hint, ...(field ? { field } : {}) });
  };
  const root = y.value;
  if (!isMapping(root)) {
    report('expected a framework: a mapping with `id:`, `label:` and `nodes:`', 'start the file with `id: <framework-id>` and list the nodes under `nodes:`', [], 'framework-shape');
    return { issues };
  }
  for (const k of Object.keys(root)) {
    if (!TOP_KEYS.includes(k)) issues.push(unknownKeyIssue(file, y, [k], k, TOP_KEYS, 'in the framework'));
  }

  let id: string | undefined;
  if (root.id === undefined || root.id === null || root.id === '') {
    report('the framework has no `id:`', 'add e.g. `id: ceelen` (lower-case letters, digits and "-"); tags then read #ceelen:<node>', [], 'missing-field', 'id', 1);
  } else {
    id = String(root.id).trim();
    if (!FRAMEWORK_ID.test(id)) {
      report(`framework id "${id}" is not valid`, 'use lower-case letters, digits and "-", starting with a letter (e.g. `ceelen`, `esf-drempels`)', ['id'], 'invalid-framework-id', 'id');
    }
  }
  const label = readBilingual(root.label, id ?? '', (m, h, p, c) => report(`framework label: ${m}`, h, p, c, 'label'), ['label']) ?? { nl: id ?? '', en: id ?? '' };
  const description = readDescription(root.description, (m, h, p, c) => report(`framework description: ${m}`, h, p, c, 'description'), ['description']);

  if (!Array.isArray(root.nodes)) {
    report(
      root.nodes === undefined ? 'the framework has no `nodes:`' : '`nodes:` must be a list',
      'list the top-level categories under `nodes:`, each as `- id: <node-id>` with a `label:`',
      root.nodes === undefined ? [] : ['nodes'],
      'missing-field',
      'nodes',
      root.nodes === undefined ? 1 : undefined,
    );
    return { issues };
  }
  if (root.nodes.length === 0) report('`nodes:` is empty', 'a framework needs at least one node to count codings under', ['nodes'], 'framework-shape', 'nodes');

  const seen = new Map<string, number | undefined>();
  const readNodes = (list: unknown[], path: Path): FrameworkNode[] => {
    const out: FrameworkNode[] = [];
    list.forEach((raw, i) => {
      const p = [...path, i];
      const line = y.lineOf(p);
      // A bare string is a node with that id and label: quick to write for simple category lists.
      const o: Record<string, unknown> | undefined = typeof raw === 'string' || typeof raw === 'number' ? { id: raw } : isMapping(raw) ? raw : undefined;
      if (!o) {
        report(`node ${i + 1} is not a mapping`, 'write each node as `- id: <node-id>` with a `label:` on the next line', p, 'framework-shape', undefined, line);
        return;
      }
      for (const k of Object.keys(o)) if (!NODE_KEYS.includes(k)) issues.push(unknownKeyIssue(file, y, [...p, k], k, NODE_KEYS, `in node "${String(o.id ?? i + 1)}"`));
      if (o.id === undefined || o.id === null || o.id === '') {
        report(`node ${i + 1} has no \`id:\``, 'give every node an id; it is what tags and codebooks refer to', p, 'missing-field', 'id', line);
        return;
      }
      if (typeof o.id === 'number' && !Number.isInteger(o.id)) {
        // YAML reads 1.10 as the number 1.1: the id the user wrote is already lost.
        report(`node id ${o.id} was read as a number`, `put the id in quotes, e.g. id: "${o.id}"`, [...p, 'id'], 'invalid-value', 'id');
      }
      const nodeId = String(o.id).trim();
      if (!NODE_ID.test(nodeId)) {
        report(`node id "${nodeId}" is not valid`, 'use letters, digits and "-_./" (no spaces or ":"), starting with a letter or digit and not ending in "." or "/"', [...p, 'id'], 'invalid-node-id', 'id');
      }
      const first = seen.get(nodeId);
      if (seen.has(nodeId)) {
        report(
          `duplicate node id "${nodeId}" (first defined on line ${first ?? '?'})`,
          'node ids must be unique within a framework, at any depth; rename one of them',
          [...p, 'id'],
          'duplicate-node',
          'id',
        );
        return;
      }
      seen.set(nodeId, line);
      const nodeReport = (m: string, h: string, pp: Path, c: string) => report(`node "${nodeId}": ${m}`, h, pp, c);
      const node: FrameworkNode = {
        id: nodeId,
        label: readBilingual(o.label, nodeId, nodeReport, [...p, 'label']) ?? { nl: nodeId, en: nodeId },
        children: [],
      };
      const desc = readDescription(o.description, nodeReport, [...p, 'description']);
      if (desc) node.description = desc;
      if (o.kind !== undefined && o.kind !== null) {
        if (typeof o.kind === 'string') node.kind = o.kind;
        else nodeReport('`kind:` must be a word such as `lever` or `dimension`', 'write e.g. `kind: perspective`', [...p, 'kind'], 'invalid-value');
      }
      if (o.children !== undefined && o.children !== null) {
        if (Array.isArray(o.children)) node.children = readNodes(o.children, [...p, 'children']);
        else nodeReport('`children:` must be a list of nodes', 'write the children as a list: `children:` then `- id: ...` lines', [...p, 'children'], 'framework-shape');
      }
      out.push(node);
    });
    return out;
  };
  const nodes = readNodes(root.nodes, ['nodes']);
  if (id === undefined) return { issues: byLine(issues) };
  const framework: Framework = { id, label, nodes, origin: file };
  if (description) framework.description = description;
  return { framework, issues: byLine(issues) };
}

function readDescription(
  value: unknown,
  report: (message: string, hint: string, path: Path, code: string) => void,
  path: Path,
): { nl?: string; en?: string } | undefined {
  const b = readBilingual(value, '', report, path);
  if (!b) return undefined;
  if (isMapping(value)) {
    // Keep a one-language description one-language: the renderer falls back on its own.
    const d: { nl?: string; en?: string } = {};
    if (typeof value.nl === 'string') d.nl = value.nl;
    if (typeof value.en === 'string') d.en = value.en;
    return d.nl === undefined && d.en === undefined ? undefined : d;
  }
  return b;
}

const builtinCache = new Map<string, Framework>();

/**
 * Load a built-in framework from the YAML shipped next to the compiled module (src/frameworks in
 * development, dist/frameworks after the build copies them). A missing or broken file is a packaging
 * bug, not an input problem, so this throws.
 */
export function loadBuiltinFramework(id: string): Framework {
  if (!BUILTIN_FRAMEWORK_IDS.includes(id)) {
    throw new Error(`no built-in framework "${id}" (built-in: ${BUILTIN_FRAMEWORK_IDS.join(', ')})`);
  }
  let fw = builtinCache.get(id);
  if (!fw) {
    const url = new URL(`../frameworks/${id}.yaml`, import.meta.url);
    const { framework, issues } = parseFramework(readFileSync(url, 'utf8'), `${id}.yaml`);
    if (!framework || issues.some((i) => i.severity === 'error')) {
      throw new Error(`built-in framework ${id} is broken: ${issues.map((i) => `line ${i.line}: ${i.message}`).join('; ')}`);
    }
    fw = { ...framework, origin: 'builtin' };
    builtinCache.set(id, fw);
  }
  // A copy, so a caller that edits its framework cannot change what the next caller gets.
  return structuredClone(fw);
}

export interface NodeInfo {
  node: FrameworkNode;
  /** Id of the top-level node this node rolls up to (itself for a top-level node). */
  topId: string;
  /** 0 for top-level nodes. */
  depth: number;
  parentId?: string;
  /** Position in a depth-first walk of the framework, for stable ordering of results. */
  order: number;
}

/** Every node id of a framework (any depth) → where it sits. Insertion order is depth-first file order. */
export function indexFramework(fw: Framework): Map<string, NodeInfo> {
  const index = new Map<string, NodeInfo>();
  const walk = (nodes: FrameworkNode[], topId: string | undefined, depth: number, parentId: string | undefined) => {
    for (const node of nodes) {
      // parseFramework rejects duplicates; for hand-built frameworks the first occurrence wins.
      if (index.has(node.id)) continue;
      const top = topId ?? node.id;
      index.set(node.id, { node, topId: top, depth, order: index.size, ...(parentId !== undefined ? { parentId } : {}) });
      walk(node.children, top, depth + 1, node.id);
    }
  };
  walk(fw.nodes, undefined, 0, undefined);
  return index;
}

/**
 * Find a node id in an index: exact, else case-insensitive when that is unambiguous (`l3` → `L3`,
 * `Welbevinden` → `welbevinden`).
 */
export function findNodeId(index: Map<string, NodeInfo>, wanted: string): string | undefined {
  if (index.has(wanted)) return wanted;
  const lower = wanted.toLowerCase();
  let found: string | undefined;
  for (const id of index.keys()) {
    if (id.toLowerCase() === lower) {
      if (found !== undefined) return undefined;
      found = id;
    }
  }
  return found;
}

/**
 * The frameworks a codebook or tag can refer to: the given ones plus the built-in `levers` and
 * `memoq` when the project did not list them (the `levers:`/`memoq:` shorthands and `#L3` tags are
 * always available).
 */
export function withBuiltinFrameworks(frameworks: Map<string, Framework>): Map<string, Framework> {
  const all = new Map(frameworks);
  for (const id of BUILTIN_FRAMEWORK_IDS) if (!all.has(id)) all.set(id, loadBuiltinFramework(id));
  return all;
}
