/** The selection flags shared by `tally` and `quotes`, and their validation against the workspace. */
import type { Command } from 'commander';
import type { Workspace } from '../io/workspace.js';
import { closest } from '../model/issues.js';
import { indexFramework } from '../model/framework.js';
import type { Selection } from '../analysis/select.js';
import { collect, parseWhere, UsageError } from './common.js';

export interface SelectionFlags {
  code?: string[];
  lever?: string[];
  memoq?: string[];
  fw?: string[];
  role?: string[];
  where?: string[];
  grep?: string;
}

/**
 * The inputs and selection flags of analysis commands: files for an ad-hoc project (`-` = stdin),
 * its codebook, the coder, and the excerpt filters.
 */
export function addSelectionOptions(cmd: Command): Command {
  return cmd
    .argument('[files...]', 'transcripts to use without a project (ad hoc; - reads stdin)')
    .option('--codebook <file>', 'codebook for files given without a project')
    .option('--coder <name>', 'use this coder\'s codings (default: the primary-coder rule)')
    .option('--code <id>', 'only excerpts coded with this code or one of its subcodes (repeatable)', collect)
    .option('--lever <id>', 'only excerpts that reach this lever, e.g. L3 (repeatable)', collect)
    .option('--memoq <id>', 'only excerpts that reach this MeMoQ dimension (repeatable)', collect)
    .option('--fw <framework:node>', 'only excerpts that reach this node of a framework (repeatable)', collect)
    .option('--role <role>', 'only excerpts by speakers in this role (repeatable; synonyms accepted)', collect)
    .option('--where <key=value>', 'only excerpts whose attribute has this value; k=v1,v2 for either (repeatable)', collect)
    .option('--grep <regex>', 'only excerpts whose text matches this regular expression (case-insensitive)');
}

/** Check every flag value against the codebook, frameworks and role table; unknown values are usage errors with suggestions. */
export function selectionFrom(f: SelectionFlags, ws: Workspace): Selection {
  const s: Selection = {};
  if (f.code?.length) {
    s.codes = f.code.map((c) => {
      const r = ws.index.resolveName(c);
      if (r.ok && !r.codeId.startsWith('fw:')) return r.codeId;
      if (ws.undefinedCodes.size || !ws.codebook.codes.length) return c; // ad hoc: codes are known only after reading
      const near = closest(c, ws.codebook.codes.map((x) => x.id), 3);
      throw new UsageError(`unknown code "${c}" in --code`, near.length ? `did you mean: ${near.join(', ')}?` : '`hefboom codebook` lists the codes');
    });
  }
  const nodes: { framework: string; node: string }[] = [];
  const addNode = (framework: string, node: string, flag: string) => {
    const fw = ws.frameworks.get(framework);
    if (!fw) {
      const near = closest(framework, ws.frameworks.keys(), 1);
      throw new UsageError(`unknown framework "${framework}" in ${flag}`, near.length ? `did you mean "${near[0]}"?` : `loaded: ${[...ws.frameworks.keys()].join(', ')}`);
    }
    const idx = indexFramework(fw);
    const hit = idx.has(node) ? node : [...idx.keys()].find((k) => k.toLowerCase() === node.toLowerCase());
    if (!hit) {
      const near = closest(node, idx.keys(), 3);
      throw new UsageError(`unknown ${framework} node "${node}" in ${flag}`, near.length ? `did you mean: ${near.join(', ')}? (\`hefboom frameworks ${framework}\` lists them)` : `\`hefboom frameworks ${framework}\` lists them`);
    }
    nodes.push({ framework, node: hit });
  };
  for (const l of f.lever ?? []) addNode('levers', l, '--lever');
  for (const m of f.memoq ?? []) addNode('memoq', m, '--memoq');
  for (const x of f.fw ?? []) {
    const i = x.indexOf(':');
    if (i < 0) throw new UsageError(`--fw expects framework:node, got "${x}"`, 'e.g. --fw ceelen:tonen');
    addNode(x.slice(0, i), x.slice(i + 1), '--fw');
  }
  if (nodes.length) s.nodes = nodes;
  if (f.role?.length) {
    s.roles = f.role.map((r) => {
      const hit = ws.roles.resolve(r);
      if (hit) return hit.role;
      const near = closest(r, ws.roles.roles.map((x) => x.id), 2);
      throw new UsageError(`unknown role "${r}" in --role`, near.length ? `did you mean: ${near.join(', ')}?` : `roles: ${ws.roles.roles.map((x) => x.id).join(', ')}`);
    });
  }
  const where = parseWhere(f.where);
  if (where.length) s.where = where;
  if (f.grep) {
    try {
      s.grep = new RegExp(f.grep, 'iu');
    } catch (e) {
      throw new UsageError(`--grep is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  return s;
}

/** The selection as it appears in every command's JSON output (`selection` key). */
export function selectionJson(s: Selection) {
  return {
    codes: s.codes ?? [],
    nodes: (s.nodes ?? []).map((n) => `${n.framework}:${n.node}`),
    roles: s.roles ?? [],
    where: s.where ?? [],
    grep: s.grep ? s.grep.source : null,
  };
}
