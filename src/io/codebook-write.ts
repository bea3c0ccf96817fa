/**
 * Write a codebook as `codebook.yaml` (DESIGN.md §3): codes nested under `children:` in codebook
 * order, with every field hefboom reads back. Used by `import` to hand over the codes of a QDA export.
 */
import { stringify } from 'yaml';
import type { Code, Codebook } from '../model/types.js';

/** YAML text; `header` lines are written as comments at the top. */
export function writeCodebookYaml(codebook: Codebook, header: string[] = []): string {
  const ids = new Set(codebook.codes.map((c) => c.id));
  const kids = new Map<string, Code[]>();
  const roots: Code[] = [];
  for (const c of codebook.codes) {
    if (c.parent !== undefined && ids.has(c.parent) && c.parent !== c.id) {
      let list = kids.get(c.parent);
      if (!list) kids.set(c.parent, (list = []));
      list.push(c);
    } else roots.push(c);
  }
  const seen = new Set<string>();
  const node = (c: Code): Record<string, unknown> => {
    seen.add(c.id);
    const o: Record<string, unknown> = { id: c.id };
    if (c.label !== c.id) o.label = c.label;
    if (c.description) o.description = c.description;
    for (const [fw, nodes] of Object.entries(c.frameworks)) {
      if (!nodes.length) continue;
      if (fw === 'levers' || fw === 'memoq') o[fw] = [...nodes];
      else ((o.frameworks ??= {}) as Record<string, string[]>)[fw] = [...nodes];
    }
    if (c.facet) o.facet = c.facet;
    if (c.color) o.color = c.color;
    if (c.keywords.length) o.keywords = [...c.keywords];
    if (c.aliases.length) o.aliases = [...c.aliases];
    const children = (kids.get(c.id) ?? []).filter((k) => !seen.has(k.id));
    if (children.length) o.children = children.map(node);
    return o;
  };
  const body = stringify({ codes: roots.map(node) }, { lineWidth: 0, indent: 2 });
  return [...header.map((h) => `# ${h}`), body].join('\n');
}
