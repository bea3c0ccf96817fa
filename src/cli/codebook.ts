/** `hefboom codebook`: the code tree with counts; `--check` lists unused and undefined codes. */
import type { Command } from 'commander';
import { scanCorpus } from '../io/corpus.js';
import type { Table } from '../report/table.js';
import { emit, globals, openProject, reportIssues, say, stderrChalk, withOutput, EXIT_CHECK_FAILED, EXIT_OK, InputFailure, version } from './common.js';
import { act } from './common.js';
import { hasErrors } from '../model/issues.js';

interface CodebookFlags { check?: boolean; coder?: string; format?: string; out?: string; csvDialect?: string }

export function registerCodebook(program: Command): void {
  const cmd = program
    .command('codebook')
    .option('--check', 'read leniently and list codes never used and codes used but not defined (exit 1 when any)')
    .option('--coder <name>', 'count this coder\'s codings (default: the primary-coder rule)');
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom codebook
  hefboom codebook --check
  hefboom codebook --format csv --out codeboek.csv
`);
  cmd.action(act(async (flags: CodebookFlags, c: Command) => {
    const g = globals(c);
    const ws = await openProject(g, { lenient: !!flags.check });
    const index = ws.index;
    const scan = await scanCorpus(ws, (doc) => {
      const own = new Map<string, number>();
      const rolled = new Map<string, number>();
      for (const x of doc.excerpts) {
        const direct = new Set(x.codings.map((k) => k.codeId));
        const all = new Set<string>();
        for (const id of direct) for (const a of index.codesFor(id).length ? index.codesFor(id) : [id]) all.add(a);
        for (const id of direct) own.set(id, (own.get(id) ?? 0) + 1);
        for (const id of all) rolled.set(id, (rolled.get(id) ?? 0) + 1);
      }
      return { own, rolled };
    }, { coder: flags.coder });
    const issues = [...ws.issues, ...scan.issues];
    if (!flags.check && reportIssues(issues, g)) throw new InputFailure(issues);
    if (flags.check && hasErrors(issues.filter((i) => i.code !== 'unknown-code'))) { reportIssues(issues, g); throw new InputFailure(issues); }
    const own = new Map<string, number>();
    const rolled = new Map<string, number>();
    for (const d of scan.chosen) {
      for (const [k, v] of d.summary.own) own.set(k, (own.get(k) ?? 0) + v);
      for (const [k, v] of d.summary.rolled) rolled.set(k, (rolled.get(k) ?? 0) + v);
    }
    const rows: Record<string, string | number | null>[] = [];
    const walk = (id: string, depth: number) => {
      const code = index.code(id)!;
      rows.push({
        id, label: `${'  '.repeat(depth)}${code.label}`, depth, parent: code.parent ?? null,
        levers: (code.frameworks.levers ?? []).join(' '), memoq: (code.frameworks.memoq ?? []).join(' '),
        inherited_levers: index.nodesFor(id, 'levers').join(' '),
        facet: code.facet ?? null, excerpts: own.get(id) ?? 0, with_subcodes: rolled.get(id) ?? 0,
      });
      for (const ch of index.children(id)) walk(ch.id, depth + 1);
    };
    for (const r of index.roots()) walk(r.id, 0);
    const unused = rows.filter((r) => r.with_subcodes === 0).map((r) => String(r.id));
    const undefinedCodes = [...ws.undefinedCodes.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    const table: Table = {
      title: `codebook${ws.codebook.path ? ` (${ws.codebook.path})` : ''}`,
      columns: [
        { key: 'id', label: 'id' }, { key: 'label', label: 'label' }, { key: 'levers', label: 'levers' }, { key: 'memoq', label: 'memoq' },
        { key: 'facet', label: 'facet' }, { key: 'excerpts', label: 'excerpts', type: 'number' }, { key: 'with_subcodes', label: 'with subcodes', type: 'number' },
      ],
      rows,
      notes: [`${rows.length} codes; excerpts coded with the code itself, and with the code or any of its subcodes (each excerpt once).`],
    };
    const tables: Table[] = [table];
    if (flags.check) {
      const findings: Table = {
        title: 'codebook check',
        columns: [{ key: 'finding', label: 'finding' }, { key: 'code', label: 'code' }, { key: 'detail', label: 'detail' }],
        rows: [
          ...unused.map((id) => ({ finding: 'unused', code: id, detail: 'defined but never used (nor any subcode)' })),
          ...undefinedCodes.map(([id, n]) => ({ finding: 'undefined', code: id, detail: `used ${n}× but not in the codebook` })),
          ...issues.filter((i) => i.code !== 'unknown-code').map((i) => ({ finding: i.severity, code: i.field ?? i.code, detail: `${i.file}${i.line ? `:${i.line}` : ''} ${i.message}` })),
        ],
        notes: [],
      };
      if (findings.rows.length) tables.push(findings);
    }
    const json = {
      hefboom: version(), command: 'codebook', codebook: ws.codebook.path ?? null, codes: rows,
      ...(flags.check ? { check: { unused, undefined: undefinedCodes.map(([id, n]) => ({ id, uses: n })), problems: issues.filter((i) => i.code !== 'unknown-code') } } : {}),
    };
    await emit(tables, json, flags, g);
    if (flags.check) {
      const n = unused.length + undefinedCodes.length + issues.filter((i) => i.code !== 'unknown-code').length;
      say(stderrChalk(g)[n ? 'yellow' : 'green'](n ? `codebook check: ${unused.length} unused, ${undefinedCodes.length} undefined, ${n - unused.length - undefinedCodes.length} other finding(s)` : 'codebook check: no findings'), g);
      return n ? EXIT_CHECK_FAILED : EXIT_OK;
    }
    return EXIT_OK;
  }));
}
