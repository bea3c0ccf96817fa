/** `hefboom validate`: read every input and list all errors and warnings at once. */
import type { Command } from 'commander';
import { scanCorpus } from '../io/corpus.js';
import type { Table } from '../report/table.js';
import { InputFailure, emit, globals, openProject, say, stderrChalk, withOutput, EXIT_INPUT, EXIT_OK, version } from './common.js';
import { act } from './common.js';
import type { InputIssue } from '../model/types.js';
import { readPathwayRegister } from '../io/pathways.js';
import { readStage } from '../io/stage.js';
import { readMemoqScores } from '../io/memoq-scores.js';
import { loadCrm, loadSurveys } from './data-sources.js';

interface ValidateFlags { format?: string; out?: string; csvDialect?: string }

export function registerValidate(program: Command): void {
  const cmd = program
    .command('validate');
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom validate
  hefboom validate -p examples/werkplekleren --format json
  hefboom validate --strict          # warnings fail too (for CI)
`);
  cmd.action(act(async (flags: ValidateFlags, c: Command) => {
    const g = globals(c);
    let ws;
    try {
      ws = await openProject(g, { keepGoing: true });
    } catch (e) {
      // The project file itself could not be read (already printed on stderr); JSON users still get the list.
      if (e instanceof InputFailure && flags.format === 'json') {
        const errors = e.issues.filter((i) => i.severity === 'error').length;
        await emit([], { hefboom: version(), command: 'validate', ok: false, errors, warnings: e.issues.length - errors, counts: null, issues: e.issues }, flags, g);
      }
      throw e;
    }
    const scan = await scanCorpus(ws, (doc) => ({
      excerpts: doc.excerpts.length,
      codings: doc.excerpts.reduce((n, x) => n + x.codings.length, 0),
    }));
    // Surveys, CRM exports and MeMoQ scores are inputs too: read them all and list their issues here.
    const dataIssues: InputIssue[] = [];
    const surveys = await loadSurveys(ws.project, undefined, dataIssues);
    const crm = await loadCrm(ws.project, g, dataIssues);
    let memoqRows = 0;
    for (const e of ws.project.memoqScores) {
      const r = await readMemoqScores(ws.project.root, e);
      dataIssues.push(...r.issues);
      memoqRows += r.scores.length;
    }
    const registers: { name: string; persons: number; rows: number }[] = [];
    for (const e of ws.project.pathways) {
      const r = await readPathwayRegister(ws.project.root, e);
      dataIssues.push(...r.issues);
      if (r.register) registers.push({ name: e.name, persons: r.register.persons, rows: r.register.rows });
    }
    const stages: { name: string; evaluations: number }[] = [];
    for (const e of ws.project.stage) {
      const r = await readStage(ws.project.root, e);
      dataIssues.push(...r.issues);
      if (r.data) stages.push({ name: e.name, evaluations: r.data.trainee.length });
    }
    const dataCounts = {
      surveys: surveys.map((s) => ({ name: s.name, kind: s.kind, respondents: s.respondents.length })),
      crm: crm ? { rows: crm.rows, trajectories: crm.trajectories.length, findings: crm.findings.length } : null,
      memoqScores: memoqRows,
      pathways: registers,
      stage: stages,
    };
    // Stage feedback is also read by the corpus scan: each issue is listed once.
    const seen = new Set<string>();
    const unique = [...ws.issues, ...scan.issues, ...dataIssues].filter((i) => {
      const key = JSON.stringify([i.severity, i.file, i.line, i.column, i.code, i.message]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const issues = unique.map((i) => (g.strict && i.severity === 'warning' ? { ...i, severity: 'error' as const, message: `${i.message} (a warning; --strict makes it an error)` } : i));
    const errors = issues.filter((i) => i.severity === 'error').length;
    const warnings = issues.length - errors;
    const excerpts = scan.chosen.reduce((n, d) => n + d.summary.excerpts, 0);
    const codings = scan.chosen.reduce((n, d) => n + d.summary.codings, 0);
    const table: Table = {
      title: 'validate',
      columns: [
        { key: 'severity', label: 'severity' }, { key: 'where', label: 'where' }, { key: 'field', label: 'field' },
        { key: 'code', label: 'kind' }, { key: 'message', label: 'message' }, { key: 'hint', label: 'how to fix' },
      ],
      rows: issues.map((i) => ({
        severity: i.severity,
        where: [i.file, i.line, i.line !== undefined ? i.column : undefined].filter((x) => x !== undefined).join(':'),
        field: i.field ?? null, code: i.code, message: i.message, hint: i.hint ?? null,
      })),
      notes: [],
    };
    const dataSummary = [
      ...dataCounts.surveys.map((s) => `survey ${s.name}: ${s.respondents} respondents`),
      ...(dataCounts.crm ? [`CRM: ${dataCounts.crm.trajectories} trajectories from ${dataCounts.crm.rows} rows`] : []),
      ...(ws.project.memoqScores.length ? [`${memoqRows} MeMoQ scores`] : []),
      ...registers.map((r) => `register ${r.name}: ${r.persons} people from ${r.rows} rows`),
      ...stages.map((r) => `stage ${r.name}: ${r.evaluations} evaluations`),
    ];
    const summary = `${scan.counts.files} files, ${scan.counts.documents} documents (${scan.counts.doubleCoded} double-coded), ${excerpts} excerpts and ${codings} codings read${dataSummary.length ? `; ${dataSummary.join('; ')}` : ''}; ${errors} error(s), ${warnings} warning(s).`;
    const json = {
      hefboom: version(), command: 'validate', ok: errors === 0, errors, warnings,
      counts: { files: scan.counts.files, documents: scan.counts.documents, doubleCoded: scan.counts.doubleCoded, excerpts, codings, ...dataCounts },
      issues,
    };
    if (issues.length || flags.format === 'json' || flags.out) await emit(issues.length || flags.format === 'json' ? [table] : [], json, flags, g);
    const ch = stderrChalk(g);
    say(errors ? ch.red(summary) : warnings ? ch.yellow(summary) : ch.green(`ok: ${summary}`), g);
    return errors ? EXIT_INPUT : EXIT_OK;
  }));
}
