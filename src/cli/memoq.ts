/**
 * `hefboom memoq`: MeMoQ dimension scores at the begin photo and at the end, paired per dimension
 * (src/analysis/memoq-change.ts).
 */
import type { Command } from 'commander';
import type { InputIssue } from '../model/types.js';
import { indexFramework, loadBuiltinFramework } from '../model/framework.js';
import { readMemoqScores, type MemoqScore } from '../io/memoq-scores.js';
import { memoqChange } from '../analysis/memoq-change.js';
import type { Table } from '../report/table.js';
import { act, emit, globals, stopOnIssues, UsageError, version, withOutput, EXIT_OK } from './common.js';
import { openProjectFileOnly } from './data-sources.js';

interface MemoqFlags { level: string; format?: string; out?: string; csvDialect?: string }

export function registerMemoq(program: Command): void {
  const cmd = program
    .command('memoq')
    .description('MeMoQ dimension scores (1–4) per location at the begin photo and at the end: paired change per dimension')
    .option('--level <p>', 'confidence level of the mean change', '0.95');
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom memoq -p examples/mentes-pioniersfase
  hefboom memoq --format json --out memoq.json

`);
  cmd.action(act(async (flags: MemoqFlags) => {
    const g = globals(cmd);
    const level = Number(flags.level);
    if (!(level > 0 && level < 1)) throw new UsageError(`--level expects a number between 0 and 1, got "${flags.level}"`);
    const { project, issues } = openProjectFileOnly(g);
    if (!project.memoqScores.length) throw new UsageError('the project has no `memoq_scores:`', 'add `memoq_scores: [{ path: data/memoq.csv }]` with columns location, dimension, moment (begin|eind), score (1–4)');
    const all: InputIssue[] = [...issues];
    const scores: MemoqScore[] = [];
    for (const e of project.memoqScores) {
      const r = await readMemoqScores(project.root, e);
      all.push(...r.issues);
      scores.push(...r.scores);
    }
    stopOnIssues(all, g);
    const fw = loadBuiltinFramework('memoq');
    const index = indexFramework(fw);
    const lang = g.lang ?? project.language;
    const dims = [...index.keys()].filter((id) => index.get(id)!.depth === 0);
    const result = memoqChange(scores, dims, level);
    const f = (x: number | null, d = 2) => (x === null ? null : Number(x.toFixed(d)));
    const nl = lang === 'nl';
    const table: Table = {
      title: nl ? 'MeMoQ-scores: begin en einde per dimensie' : 'MeMoQ scores: begin and end per dimension',
      columns: [
        { key: 'dimension', label: nl ? 'Dimensie' : 'Dimension' },
        { key: 'pairs', label: nl ? 'Locaties (gepaard)' : 'Locations (paired)', type: 'number' },
        { key: 'meanBegin', label: nl ? 'Gem. begin' : 'Mean begin', type: 'number' },
        { key: 'meanEnd', label: nl ? 'Gem. einde' : 'Mean end', type: 'number' },
        { key: 'meanChange', label: nl ? 'Verandering' : 'Change', type: 'number' },
        { key: 'ci', label: `${Math.round(level * 100)} % ${nl ? 'BI' : 'CI'}` },
        { key: 'updown', label: nl ? 'Hoger / gelijk / lager' : 'Up / same / down' },
        { key: 'p', label: 'p (Wilcoxon)', type: 'number' },
        { key: 'pHolm', label: 'p (Holm)', type: 'number' },
      ],
      rows: result.map((r) => ({
        dimension: index.get(r.dimension)!.node.label[lang],
        pairs: r.pairs, meanBegin: f(r.meanBegin), meanEnd: f(r.meanEnd), meanChange: f(r.meanChange),
        ci: r.ci ? `[${r.ci[0].toFixed(2)}, ${r.ci[1].toFixed(2)}]` : null,
        updown: `${r.up} / ${r.same} / ${r.down}`,
        p: r.wilcoxon ? Number(r.wilcoxon.p.toPrecision(3)) : null,
        pHolm: r.pHolm === null ? null : Number(r.pHolm.toPrecision(3)),
      })),
      notes: [
        nl ? 'Enkel locaties met een score op beide momenten; verandering = einde − begin (gepaarde t voor het interval, Wilcoxon signed-rank voor p, Holm over de zes dimensies).'
          : 'Only locations scored at both moments; change = end − begin (paired t for the interval, Wilcoxon signed-rank for p, Holm across the six dimensions).',
        ...result.filter((r) => r.unpaired).map((r) => (nl ? `${index.get(r.dimension)!.node.label.nl}: ${r.unpaired} locatie(s) met maar één meting, niet meegeteld.` : `${index.get(r.dimension)!.node.label.en}: ${r.unpaired} location(s) with one moment only, left out.`)),
      ],
    };
    const json = {
      hefboom: version(), command: 'memoq', project: project.name, level,
      dimensions: result,
      provenance: { files: project.memoqScores.map((e) => e.path), rows: scores.length, warnings: all.filter((i) => i.severity === 'warning').length },
    };
    await emit([table], json, flags, g);
    return EXIT_OK;
  }));
}
