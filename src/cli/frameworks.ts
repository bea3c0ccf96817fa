/** `hefboom frameworks [ID]`: the built-in and project frameworks, or one framework's nodes. */
import type { Command } from 'commander';
import type { FrameworkNode } from '../model/types.js';
import { closest } from '../model/issues.js';
import { BUILTIN_FRAMEWORK_IDS, loadBuiltinFramework } from '../model/framework.js';
import { findProjectFile, projectFileFromOption } from '../io/project.js';
import type { Table } from '../report/table.js';
import { emit, globals, openProject, stopOnIssues, UsageError, withOutput, EXIT_OK, version } from './common.js';
import { act } from './common.js';

interface FrameworkFlags { format?: string; out?: string; csvDialect?: string }

export function registerFrameworks(program: Command): void {
  const cmd = program
    .command('frameworks')
    .argument('[id]', 'framework to show (levers, memoq or a project framework)');
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom frameworks
  hefboom frameworks levers            # the seven levers and their 27 tips
  hefboom frameworks memoq --lang en
  hefboom frameworks levers --format md --out hefbomen.md
`);
  cmd.action(act(async (id: string | undefined, flags: FrameworkFlags, c: Command) => {
    const g = globals(c);
    // Outside a project the built-in frameworks are still listed.
    const hasProject = g.project ? true : !!findProjectFile(process.cwd());
    let frameworks = new Map(BUILTIN_FRAMEWORK_IDS.map((f) => [f, loadBuiltinFramework(f)] as const));
    let lang = g.lang ?? 'nl';
    if (hasProject) {
      if (g.project) projectFileFromOption(g.project);
      const ws = await openProject(g);
      stopOnIssues(ws.issues.filter((i) => i.severity === 'error'), g);
      frameworks = new Map(ws.frameworks);
      lang = g.lang ?? ws.project.language;
    }
    if (!id) {
      const table: Table = {
        title: 'frameworks',
        columns: [{ key: 'id', label: 'id' }, { key: 'label', label: 'label' }, { key: 'nodes', label: 'top-level nodes', type: 'number' }, { key: 'all', label: 'all nodes', type: 'number' }, { key: 'origin', label: 'origin' }],
        rows: [...frameworks.values()].map((f) => ({ id: f.id, label: f.label[lang], nodes: f.nodes.length, all: countNodes(f.nodes), origin: f.origin })),
        notes: ['`hefboom frameworks ID` shows the nodes of one framework; tag them as #L3, #memoq:<id> or #<framework>:<node>.'],
      };
      await emit([table], { hefboom: version(), command: 'frameworks', frameworks: [...frameworks.values()].map((f) => ({ id: f.id, label: f.label, origin: f.origin, nodes: f.nodes.length })) }, flags, g);
      return EXIT_OK;
    }
    const fw = frameworks.get(id);
    if (!fw) {
      const near = closest(id, frameworks.keys(), 1);
      throw new UsageError(`unknown framework "${id}"`, near.length ? `did you mean "${near[0]}"?` : `frameworks: ${[...frameworks.keys()].join(', ')}`);
    }
    const rows: Record<string, string | number | null>[] = [];
    const walk = (nodes: FrameworkNode[], depth: number, parent: string | null) => {
      for (const n of nodes) {
        rows.push({ id: n.id, kind: n.kind ?? null, label: `${'  '.repeat(depth)}${n.label[lang]}`, description: n.description?.[lang] ?? null, parent });
        walk(n.children, depth + 1, n.id);
      }
    };
    walk(fw.nodes, 0, null);
    const table: Table = {
      title: `${fw.id}: ${fw.label[lang]}`,
      columns: [{ key: 'id', label: 'id' }, { key: 'kind', label: 'kind' }, { key: 'label', label: 'label' }, { key: 'description', label: 'description' }],
      rows,
      notes: [`${fw.nodes.length} top-level nodes, ${countNodes(fw.nodes)} in all (${fw.origin}).`],
    };
    await emit([table], { hefboom: version(), command: 'frameworks', framework: fw }, flags, g);
    return EXIT_OK;
  }));
}

function countNodes(nodes: FrameworkNode[]): number {
  return nodes.reduce((n, x) => n + 1 + countNodes(x.children), 0);
}
