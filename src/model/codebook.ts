/**
 * The codebook (DESIGN.md §3): a list of codes under `codes:`, nested by `children:` or linked by
 * `parent:` (both may be mixed), each optionally mapped to framework nodes. CodeIndex answers the
 * questions every analysis asks: what does a transcript tag mean, and which codes and framework nodes
 * does a coding count for after roll-up.
 */
import type { Code, Codebook, Framework, InputIssue, TagResolution } from './types.js';
import { closest, fold } from './issues.js';
import { byLine, findNodeId, indexFramework, withBuiltinFrameworks, type NodeInfo } from './framework.js';
import { parseYaml, unknownKeyIssue } from '../io/yaml.js';

export interface CodebookOptions {
  /** Report problems as warnings and keep going (for `codebook --check`). */
  lenient?: boolean;
}

const TOP_KEYS = ['codes', 'version'];
const CODE_KEYS = ['id', 'label', 'description', 'parent', 'children', 'levers', 'memoq', 'frameworks', 'facet', 'keywords', 'aliases', 'color'];
/** A code id must survive as a `#tag`: a letter first, tag characters after, and no trailing `.` or
 *  `/`, which the tag reader strips as punctuation. No `:`, so ids never clash with framework tags. */
const CODE_ID = /^[\p{L}][\p{L}\p{N}\-_./]*$/u;
const LEVER_TAG = /^l\d/i;

type Path = (string | number)[];

interface Pending {
  code: Code;
  path: Path;
  /** Parent given by nesting under `children:`. */
  nestedParent?: string;
  /** Parent given by `parent:`. */
  explicitParent?: string;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * Parse `codebook.yaml`. Never throws; problems become issues (errors, or warnings when lenient —
 * except a YAML syntax error or a missing `codes:` list, which leave nothing to check and stay errors).
 * The returned codebook is always usable: duplicates, unknown parents, cycles and unknown framework
 * nodes are dropped after being reported.
 */
export function parseCodebook(
  text: string,
  file: string,
  frameworks: Map<string, Framework>,
  opts: CodebookOptions = {},
): { codebook: Codebook; issues: InputIssue[] } {
  const severity: InputIssue['severity'] = opts.lenient ? 'warning' : 'error';
  const codebook: Codebook = { codes: [], path: file };
  const y = parseYaml(text, file);
  const issues: InputIssue[] = [...y.issues];
  if (issues.length) return { codebook, issues };

  const add = (code: string, message: string, hint: string | undefined, line: number | undefined, field?: string) => {
    issues.push({ severity, file, line: line ?? 1, code, message, ...(hint ? { hint } : {}), ...(field ? { field } : {}) });
  };

  const root = y.value;
  const codesValue = isMapping(root) ? root.codes : undefined;
  if (!Array.isArray(codesValue)) {
    issues.push({
      severity: 'error',
      file,
      line: isMapping(root) && root.codes !== undefined ? y.lineOf(['codes']) : y.lineOf([]) ?? 1,
      field: 'codes',
      code: 'codebook-shape',
      message: isMapping(root) && root.codes !== undefined ? '`codes:` must be a list of codes' : 'expected a list of codes under `codes:`',
      hint: 'start the file with `codes:` and list each code as `- id: <code-id>` with a `label:`',
    });
    return { codebook, issues };
  }
  for (const k of Object.keys(root as Record<string, unknown>)) {
    if (!TOP_KEYS.includes(k)) issues.push(unknownKeyIssue(file, y, [k], k, TOP_KEYS, 'at the top of the codebook', severity));
  }
  const version = (root as Record<string, unknown>).version;
  if (version !== undefined && version !== null) {
    if (isScalar(version)) codebook.version = String(version);
    else add('invalid-value', '`version:` must be a single value such as 3 or 2024-05', 'write e.g. `version: 3`', y.lineOf(['version']), 'version');
  }

  const all = withBuiltinFrameworks(frameworks);
  const indexes = new Map<string, Map<string, NodeInfo>>();
  for (const [id, fw] of all) indexes.set(id, indexFramework(fw));
  const leverIndex = indexes.get('levers');

  const pending: Pending[] = [];
  const firstLine = new Map<string, number | undefined>();

  /** Text lists: one string or a list of scalars. */
  const stringList = (value: unknown, path: Path, what: string, codeId: string): string[] => {
    if (value === undefined || value === null) return [];
    if (isScalar(value)) return String(value).trim() ? [String(value).trim()] : [];
    if (Array.isArray(value)) {
      const out: string[] = [];
      value.forEach((v, j) => {
        if (isScalar(v)) {
          const s = String(v).trim();
          if (s && !out.includes(s)) out.push(s);
        } else add('invalid-value', `code "${codeId}": item ${j + 1} of \`${what}:\` is not a plain value`, `write \`${what}:\` as a list of words, e.g. [a, b]`, y.lineOf([...path, j]), what);
      });
      return out;
    }
    add('invalid-value', `code "${codeId}": \`${what}:\` must be a list`, `write e.g. \`${what}: [a, b]\``, y.lineOf(path), what);
    return [];
  };

  /** Validate node ids of framework `fwId` and merge them into the code's mapping. */
  const mapNodes = (code: Code, fwId: string, value: unknown, path: Path, key: string) => {
    const index = indexes.get(fwId);
    if (!index) return;
    const items = Array.isArray(value) ? value : [value];
    items.forEach((raw, j) => {
      if (raw === undefined || raw === null) return;
      const itemPath = Array.isArray(value) ? [...path, j] : path;
      const line = y.lineOf(itemPath);
      if (!isScalar(raw)) {
        add('invalid-value', `code "${code.id}": \`${key}:\` must list node ids`, `write e.g. \`${key}: [${[...index.keys()][0] ?? 'node'}]\``, line, key);
        return;
      }
      const wanted = String(raw).trim();
      const found = findNodeId(index, wanted);
      if (found === undefined) {
        const near = closest(wanted, index.keys());
        const valid = fwId === 'levers' ? 'levers are L1–L7, their tips L1.1–L7.3' : `valid: ${[...index.keys()].slice(0, 12).join(', ')}${index.size > 12 ? ', …' : ''}`;
        const what = fwId === 'levers' ? 'lever' : fwId === 'memoq' ? 'MeMoQ dimension' : `node of framework "${fwId}"`;
        add('unknown-framework-node', `code "${code.id}": "${wanted}" is not a ${what}`, `${near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}? ` : ''}${valid}`, line, key);
        return;
      }
      const list = (code.frameworks[fwId] ??= []);
      if (!list.includes(found)) list.push(found);
    });
  };

  const readEntry = (raw: unknown, path: Path, nestedParent: string | undefined) => {
    const line = y.lineOf(path);
    // A bare string is a code with that id and label: handy for a first, flat codebook.
    const o: Record<string, unknown> | undefined = isScalar(raw) ? { id: raw } : isMapping(raw) ? raw : undefined;
    if (!o) {
      add(raw === null || raw === undefined ? 'missing-id' : 'codebook-shape', raw === null || raw === undefined ? 'empty code entry' : 'a code entry must be a mapping', 'write each code as `- id: <code-id>` with `label:` on the next line', line);
      return;
    }
    const hasId = o.id !== undefined && o.id !== null && String(o.id).trim() !== '';
    const id = hasId ? String(o.id).trim() : '';
    for (const k of Object.keys(o)) {
      if (!CODE_KEYS.includes(k)) {
        issues.push(unknownKeyIssue(file, y, [...path, k], k, CODE_KEYS, `in code "${id || '?'}"`, severity));
      }
    }
    const readChildren = (parentId: string | undefined) => {
      if (o.children === undefined || o.children === null) return;
      if (!Array.isArray(o.children)) {
        add('codebook-shape', `code "${id || '?'}": \`children:\` must be a list of codes`, 'list the child codes under `children:`, each as `- id: ...`', y.lineOf([...path, 'children']), 'children');
        return;
      }
      o.children.forEach((c, j) => readEntry(c, [...path, 'children', j], parentId));
    };
    if (!hasId) {
      add('missing-id', 'code without `id:`', 'give every code an id, e.g. `id: feedback-uitstellen`; it is what transcripts tag as #feedback-uitstellen', line, 'id');
      // Its children are still read so one missing id does not hide a whole branch.
      readChildren(nestedParent);
      return;
    }
    if (!CODE_ID.test(id) || /[./]$/.test(id)) {
      add(
        'invalid-code-id',
        `code id "${id}" cannot be used as a #tag`,
        'start with a letter and use only letters, digits and "-_./" (no spaces or ":"), not ending in "." or "/"; keep the old name under `aliases:` if other files use it',
        y.lineOf([...path, 'id']),
        'id',
      );
    }
    if (leverIndex && LEVER_TAG.test(id) && findNodeId(leverIndex, id) !== undefined) {
      add('reserved-id', `code id "${id}" is also a lever id, and #${id} always tags the lever`, 'rename the code (e.g. `visie-startprofiel`) or map it with `levers: [..]` instead', y.lineOf([...path, 'id']), 'id');
    }
    if (firstLine.has(id)) {
      add('duplicate-code', `code "${id}" is defined twice (lines ${firstLine.get(id) ?? '?'} and ${line ?? '?'})`, 'code ids must be unique; merge the two entries or rename one and keep the old id under `aliases:`', line, 'id');
      readChildren(id);
      return;
    }
    firstLine.set(id, line);

    const code: Code = { id, label: id, frameworks: {}, keywords: [], aliases: [], ...(line !== undefined ? { line } : {}) };
    if (o.label !== undefined && o.label !== null) {
      if (isScalar(o.label)) code.label = String(o.label).trim() || id;
      else add('invalid-value', `code "${id}": \`label:\` must be text`, 'write e.g. `label: Feedback geven en krijgen`', y.lineOf([...path, 'label']), 'label');
    }
    if (o.description !== undefined && o.description !== null) {
      if (isScalar(o.description)) code.description = String(o.description);
      else add('invalid-value', `code "${id}": \`description:\` must be text`, 'write the description as one (possibly multi-line) text', y.lineOf([...path, 'description']), 'description');
    }
    if (o.facet !== undefined && o.facet !== null) {
      if (isScalar(o.facet)) code.facet = String(o.facet).trim();
      else add('invalid-value', `code "${id}": \`facet:\` must be one word`, 'write e.g. `facet: uitdaging` (kans, uitdaging, nood, …)', y.lineOf([...path, 'facet']), 'facet');
    }
    if (o.color !== undefined && o.color !== null) {
      const c = isScalar(o.color) ? String(o.color).trim() : '';
      if (/^#?[0-9a-f]{6}$/i.test(c)) code.color = c.startsWith('#') ? c.toLowerCase() : `#${c.toLowerCase()}`;
      else add('invalid-value', `code "${id}": \`color:\` must be a colour like "#ef8256"`, 'write the colour as # and six hex digits (quote it in YAML: color: "#ef8256")', y.lineOf([...path, 'color']), 'color');
    }
    code.keywords = stringList(o.keywords, [...path, 'keywords'], 'keywords', id);
    code.aliases = stringList(o.aliases, [...path, 'aliases'], 'aliases', id);

    let explicitParent: string | undefined;
    if (o.parent !== undefined && o.parent !== null) {
      if (isScalar(o.parent) && String(o.parent).trim()) explicitParent = String(o.parent).trim();
      else add('invalid-value', `code "${id}": \`parent:\` must be one code id`, 'write e.g. `parent: voordoen`', y.lineOf([...path, 'parent']), 'parent');
    }

    if (o.levers !== undefined) mapNodes(code, 'levers', o.levers, [...path, 'levers'], 'levers');
    if (o.memoq !== undefined) mapNodes(code, 'memoq', o.memoq, [...path, 'memoq'], 'memoq');
    if (o.frameworks !== undefined && o.frameworks !== null) {
      if (!isMapping(o.frameworks)) {
        add('invalid-value', `code "${id}": \`frameworks:\` must map framework ids to node lists`, 'write e.g. `frameworks: { ceelen: [tonen] }`', y.lineOf([...path, 'frameworks']), 'frameworks');
      } else {
        for (const [fwKey, nodes] of Object.entries(o.frameworks)) {
          const fwPath = [...path, 'frameworks', fwKey];
          const fwId = all.has(fwKey) ? fwKey : [...all.keys()].find((k) => k.toLowerCase() === fwKey.toLowerCase());
          if (fwId === undefined) {
            const near = closest(fwKey, all.keys());
            add(
              'unknown-framework',
              `code "${id}": framework "${fwKey}" is not loaded`,
              `${near.length ? `did you mean "${near[0]}"? ` : ''}declare it under \`frameworks:\` in hefboom.yaml (a built-in id or a YAML file); loaded: ${[...all.keys()].join(', ')}`,
              y.keyLineOf(fwPath),
              'frameworks',
            );
            continue;
          }
          mapNodes(code, fwId, nodes, fwPath, `frameworks.${fwKey}`);
        }
      }
    }
    pending.push({ code, path, ...(nestedParent !== undefined ? { nestedParent } : {}), ...(explicitParent !== undefined ? { explicitParent } : {}) });
    readChildren(id);
  };

  codesValue.forEach((c, i) => readEntry(c, ['codes', i], undefined));

  // Parents: nesting and `parent:` must agree; a `parent:` must name a code.
  const ids = new Set(pending.map((p) => p.code.id));
  for (const p of pending) {
    const { code } = p;
    if (p.explicitParent !== undefined && p.nestedParent !== undefined && p.explicitParent !== p.nestedParent) {
      add('parent-conflict', `code "${code.id}" is nested under "${p.nestedParent}" but says \`parent: ${p.explicitParent}\``, 'remove `parent:` or move the code out of `children:`; the nesting is used', y.lineOf([...p.path, 'parent']), 'parent');
    }
    const parent = p.nestedParent ?? p.explicitParent;
    if (parent === undefined) continue;
    if (!ids.has(parent)) {
      const near = closest(parent, ids);
      add('unknown-parent', `code "${code.id}": parent "${parent}" is not a code in this codebook`, near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : 'define the parent code, or remove `parent:`', y.lineOf([...p.path, 'parent']), 'parent');
      continue;
    }
    code.parent = parent;
  }

  // Cycles through `parent:` would make roll-up loop forever: report each once and cut it.
  const byId = new Map(pending.map((p) => [p.code.id, p]));
  const state = new Map<string, 1 | 2>();
  for (const start of pending) {
    const chain: Pending[] = [];
    let cur: Pending | undefined = start;
    while (cur && !state.has(cur.code.id)) {
      state.set(cur.code.id, 1);
      chain.push(cur);
      cur = cur.code.parent !== undefined ? byId.get(cur.code.parent) : undefined;
    }
    if (cur && state.get(cur.code.id) === 1) {
      const loop = chain.slice(chain.indexOf(cur));
      const cut = loop[loop.length - 1];
      add(
        'parent-cycle',
        `codes form a cycle through their parents: ${[...loop.map((l) => l.code.id), cur.code.id].join(' → ')}`,
        `a code cannot be its own ancestor; remove \`parent: ${cut.code.parent}\` from "${cut.code.id}" or nest differently`,
        y.lineOf([...cut.path, 'parent']) ?? cut.code.line,
        'parent',
      );
      delete cut.code.parent;
    }
    for (const c of chain) state.set(c.code.id, 2);
  }

  // Aliases must point to one code only, and never shadow another code's id.
  const aliasOwner = new Map<string, Pending>();
  for (const p of pending) {
    const keep: string[] = [];
    for (const alias of p.code.aliases) {
      if (alias === p.code.id) continue;
      const other = byId.get(alias);
      const prior = aliasOwner.get(alias);
      if (other) {
        add('duplicate-alias', `code "${p.code.id}": alias "${alias}" is the id of another code (line ${other.code.line ?? '?'})`, 'remove the alias, or merge the two codes into one', y.lineOf([...p.path, 'aliases']), 'aliases');
      } else if (prior) {
        add('duplicate-alias', `code "${p.code.id}": alias "${alias}" is also an alias of code "${prior.code.id}" (line ${prior.code.line ?? '?'})`, 'an alias must point to exactly one code; remove it from one of them', y.lineOf([...p.path, 'aliases']), 'aliases');
      } else {
        aliasOwner.set(alias, p);
        keep.push(alias);
      }
    }
    p.code.aliases = keep;
  }

  codebook.codes = pending.map((p) => p.code);
  return { codebook, issues: byLine(issues) };
}

/** `fw:levers:L3` → { framework: 'levers', node: 'L3' }; undefined for a code id. */
export function parseFrameworkRef(ref: string): { framework: string; node: string } | undefined {
  if (!ref.startsWith('fw:')) return undefined;
  const rest = ref.slice(3);
  const i = rest.indexOf(':');
  if (i <= 0 || i === rest.length - 1) return undefined;
  return { framework: rest.slice(0, i), node: rest.slice(i + 1) };
}

export function frameworkRef(framework: string, node: string): string {
  return `fw:${framework}:${node}`;
}

function normaliseName(s: string): string {
  return fold(s).replace(/\s+/g, ' ').trim();
}

/** Lookups over a parsed codebook and the loaded frameworks (plus built-in levers and memoq). */
const NO_CODES: readonly string[] = Object.freeze([]);

export class CodeIndex {
  readonly codebook: Codebook;
  private readonly frameworks: Map<string, Framework>;
  private readonly nodeIndexes = new Map<string, Map<string, NodeInfo>>();
  private readonly byId = new Map<string, Code>();
  private readonly kids = new Map<string, Code[]>();
  private readonly aliasExact = new Map<string, string>();
  /** lower-cased id or alias → code ids (several when only case tells them apart). */
  private readonly byLower = new Map<string, Set<string>>();
  /** folded id, alias or label → code ids, for resolveName. */
  private readonly byName = new Map<string, Set<string>>();
  /** folded framework node label (nl or en) → `fw:` refs, for resolveName. */
  private readonly byNodeLabel = new Map<string, Set<string>>();
  private readonly ancestorCache = new Map<string, string[]>();
  private readonly nodeCache = new Map<string, Map<string, string[]>>();

  constructor(codebook: Codebook, frameworks: Map<string, Framework>) {
    this.codebook = codebook;
    this.frameworks = withBuiltinFrameworks(frameworks);
    for (const [id, fw] of this.frameworks) this.nodeIndexes.set(id, indexFramework(fw));
    const put = (m: Map<string, Set<string>>, k: string, v: string) => {
      let s = m.get(k);
      if (!s) m.set(k, (s = new Set()));
      s.add(v);
    };
    for (const code of codebook.codes) {
      if (this.byId.has(code.id)) continue;
      this.byId.set(code.id, code);
    }
    for (const code of this.byId.values()) {
      if (code.parent !== undefined && this.byId.has(code.parent)) {
        let list = this.kids.get(code.parent);
        if (!list) this.kids.set(code.parent, (list = []));
        list.push(code);
      }
      put(this.byLower, code.id.toLowerCase(), code.id);
      put(this.byName, normaliseName(code.id), code.id);
      put(this.byName, normaliseName(code.label), code.id);
      for (const a of code.aliases) {
        if (!this.aliasExact.has(a) && !this.byId.has(a)) this.aliasExact.set(a, code.id);
        put(this.byLower, a.toLowerCase(), code.id);
        put(this.byName, normaliseName(a), code.id);
      }
    }
    for (const [fwId, index] of this.nodeIndexes) {
      for (const [nodeId, info] of index) {
        const ref = frameworkRef(fwId, nodeId);
        put(this.byNodeLabel, normaliseName(info.node.label.nl), ref);
        put(this.byNodeLabel, normaliseName(info.node.label.en), ref);
      }
    }
  }

  code(id: string): Code | undefined {
    return this.byId.get(id);
  }

  children(id: string): Code[] {
    return [...(this.kids.get(id) ?? [])];
  }

  roots(): Code[] {
    return [...this.byId.values()].filter((c) => c.parent === undefined || !this.byId.has(c.parent));
  }

  /** The frameworks this index knows (the given ones plus built-in levers and memoq). */
  framework(id: string): Framework | undefined {
    return this.frameworks.get(id);
  }

  frameworkIds(): string[] {
    return [...this.frameworks.keys()];
  }

  nodeInfo(fwId: string, nodeId: string): NodeInfo | undefined {
    return this.nodeIndexes.get(fwId)?.get(nodeId);
  }

  /** Self first, then parent, grandparent … An id not in the codebook is its own only ancestor. */
  ancestors(codeId: string): string[] {
    return [...this.ancestorList(codeId)];
  }

  private ancestorList(codeId: string): string[] {
    let list = this.ancestorCache.get(codeId);
    if (list) return list;
    list = [codeId];
    const seen = new Set(list);
    let cur = this.byId.get(codeId)?.parent;
    // The seen-set guards hand-built codebooks; parseCodebook already cuts cycles.
    while (cur !== undefined && this.byId.has(cur) && !seen.has(cur)) {
      list.push(cur);
      seen.add(cur);
      cur = this.byId.get(cur)?.parent;
    }
    Object.freeze(list);
    this.ancestorCache.set(codeId, list);
    return list;
  }

  resolveTag(tag: string): TagResolution {
    const t = tag.trim();
    if (!t) return { ok: false, message: 'empty code tag', suggestions: [] };

    const ref = parseFrameworkRef(t);
    if (ref) return this.resolveNode(ref.framework, ref.node, t);

    const levers = this.nodeIndexes.get('levers');
    if (levers && LEVER_TAG.test(t)) {
      const node = findNodeId(levers, t);
      if (node !== undefined) return { ok: true, codeId: frameworkRef('levers', node) };
    }

    const colon = t.indexOf(':');
    if (colon > 0) {
      const fwPart = t.slice(0, colon);
      const fwId = this.findFramework(fwPart);
      if (fwId !== undefined) return this.resolveNode(fwId, t.slice(colon + 1), t);
    }

    if (this.byId.has(t)) return { ok: true, codeId: t };
    const viaAlias = this.aliasExact.get(t);
    if (viaAlias !== undefined) return { ok: true, codeId: viaAlias };
    const lower = this.byLower.get(t.toLowerCase());
    if (lower?.size === 1) return { ok: true, codeId: [...lower][0] };
    if (lower && lower.size > 1) {
      return { ok: false, message: `"${t}" matches several codes when case is ignored: ${[...lower].join(', ')}`, suggestions: [...lower].slice(0, 3) };
    }

    if (colon > 0) {
      const fwPart = t.slice(0, colon);
      const near = closest(fwPart, this.frameworks.keys());
      return {
        ok: false,
        message: `"${t}" names no loaded framework: "${fwPart}" is not one of ${[...this.frameworks.keys()].join(', ')}`,
        suggestions: near.map((f) => `${f}:${t.slice(colon + 1)}`),
      };
    }
    return {
      ok: false,
      message: `"${t}" is not a code id or alias in the codebook, nor a lever (L1–L7) or framework node (<framework>:<node>)`,
      suggestions: closest(t, this.tagCandidates()),
    };
  }

  resolveName(name: string): TagResolution {
    const n = name.trim().replace(/^#/, '');
    const byTag = this.resolveTag(n);
    if (byTag.ok) return byTag;
    const key = normaliseName(n);
    if (!key) return byTag;
    const codes = this.byName.get(key);
    if (codes?.size === 1) return { ok: true, codeId: [...codes][0] };
    if (codes && codes.size > 1) {
      return { ok: false, message: `"${n}" matches several codes: ${[...codes].join(', ')}`, suggestions: [...codes].slice(0, 3) };
    }
    const nodes = this.byNodeLabel.get(key);
    if (nodes?.size === 1) return { ok: true, codeId: [...nodes][0] };
    if (nodes && nodes.size > 1) {
      return { ok: false, message: `"${n}" matches several framework nodes: ${[...nodes].join(', ')}`, suggestions: [...nodes].slice(0, 3) };
    }
    // Suggest whatever resolveName accepts, so a label typo gets the label back rather than an id.
    const names = new Set(this.tagCandidates());
    for (const c of this.byId.values()) names.add(c.label);
    return { ...byTag, message: `"${n}" is not a code id, alias or label in the codebook, nor a lever or framework node`, suggestions: closest(n, names) };
  }

  /** Shared and cached: do not modify the returned array. */
  codesFor(codingCodeId: string): readonly string[] {
    if (codingCodeId.startsWith('fw:')) return NO_CODES;
    return this.ancestorList(codingCodeId);
  }

  /** Shared and cached: do not modify the returned array. */
  nodesFor(codingCodeId: string, fwId: string): readonly string[] {
    return this.nodes(codingCodeId, fwId, true);
  }

  /** Shared and cached: do not modify the returned array. */
  exactNodesFor(codingCodeId: string, fwId: string): readonly string[] {
    return this.nodes(codingCodeId, fwId, false);
  }

  private nodes(codingCodeId: string, fwId: string, top: boolean): readonly string[] {
    // Called for every coding of every excerpt: a two-level map lookup, no key strings built.
    const cacheKey = top ? fwId : `${fwId}\u0000exact`;
    let perFramework = this.nodeCache.get(cacheKey);
    if (!perFramework) { perFramework = new Map(); this.nodeCache.set(cacheKey, perFramework); }
    const cached = perFramework.get(codingCodeId);
    if (cached) return cached;
    const index = this.nodeIndexes.get(fwId);
    const raw: string[] = [];
    const ref = parseFrameworkRef(codingCodeId);
    if (ref) {
      if (ref.framework === fwId) raw.push(ref.node);
    } else {
      for (const id of this.ancestorList(codingCodeId)) raw.push(...(this.byId.get(id)?.frameworks[fwId] ?? []));
    }
    const out = [...new Set(raw.map((n) => (top ? index?.get(n)?.topId ?? n : n)))];
    // Framework order, so `L3.2, L3` and `L3, L3.2` give the same answer; unknown ids last.
    const pos = (n: string) => index?.get(n)?.order ?? Number.MAX_SAFE_INTEGER;
    out.sort((a, b) => pos(a) - pos(b));
    Object.freeze(out);
    perFramework.set(codingCodeId, out);
    return out;
  }

  /** Display label of a code id or `fw:` ref; falls back to the id itself. */
  labelOf(ref: string, lang: 'nl' | 'en' = 'nl'): string {
    const fr = parseFrameworkRef(ref);
    if (fr) return this.nodeIndexes.get(fr.framework)?.get(fr.node)?.node.label[lang] ?? fr.node;
    return this.byId.get(ref)?.label ?? ref;
  }

  private findFramework(name: string): string | undefined {
    if (this.frameworks.has(name)) return name;
    const lower = name.toLowerCase();
    return [...this.frameworks.keys()].find((k) => k.toLowerCase() === lower);
  }

  private resolveNode(fwName: string, nodeName: string, tag: string): TagResolution {
    const fwId = this.findFramework(fwName);
    if (fwId === undefined) {
      return {
        ok: false,
        message: `"${tag}" names no loaded framework: "${fwName}" is not one of ${[...this.frameworks.keys()].join(', ')}`,
        suggestions: closest(fwName, this.frameworks.keys()).map((f) => `${f}:${nodeName}`),
      };
    }
    const index = this.nodeIndexes.get(fwId)!;
    const node = findNodeId(index, nodeName);
    if (node !== undefined) return { ok: true, codeId: frameworkRef(fwId, node) };
    const what = fwId === 'memoq' ? 'MeMoQ dimension' : `node of framework "${fwId}"`;
    return {
      ok: false,
      message: `"${nodeName}" is not a ${what}`,
      suggestions: closest(nodeName, index.keys()).map((n) => `${fwId}:${n}`),
    };
  }

  private tagCandidates(): string[] {
    const out = new Set<string>(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']);
    for (const code of this.byId.values()) {
      out.add(code.id);
      for (const a of code.aliases) out.add(a);
    }
    return [...out];
  }
}
