/**
 * `hefboom autocode`: codings suggested by the codebook's `keywords`, as a separate coder `autocode`
 * (human codings are never touched); `--evaluate` compares them with the human coding per code.
 */
import type { Command } from 'commander';
import { scanCorpus } from '../io/corpus.js';
import { selects } from '../analysis/select.js';
import { provenance } from '../analysis/quotes.js';
import { addDecision, emptyEvaluation, isKeywordError, parseKeyword, precisionRecall, suggestCodes, type CodeEvaluation, type KeywordRule } from '../analysis/autocode.js';
import { cohenKappa } from '../stats/cohen-kappa.js';
import type { Table } from '../report/table.js';
import type { InputIssue } from '../model/types.js';
import { act, emit, globals, openProject, reportIssues, say, stopOnIssues, withOutput, EXIT_OK, InputFailure, version } from './common.js';
import { addSelectionOptions, selectionFrom, type SelectionFlags } from './selection.js';

interface AutocodeFlags extends SelectionFlags {
  evaluate?: boolean;
  coder?: string;
  codebook?: string;
  format?: string;
  out?: string;
  csvDialect?: string;
}

/** The coder name suggestions carry. */
export const AUTOCODE_CODER = 'autocode';

export function registerAutocode(program: Command): void {
  const cmd = program
    .command('autocode')
    .option('--evaluate', 'compare the suggestions with the human coding per code: precision, recall, F1, Cohen\'s κ');
  addSelectionOptions(cmd);
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom autocode --evaluate                         which keyword lists can be trusted?
  hefboom autocode --where site=KO3                    suggested codings, one row per excerpt and code
  hefboom autocode --format csv --out suggesties.csv  as a table (coder "autocode") to review
Keywords (codebook.yaml, per code): begeleiding (by stem) · =begeleiding (exact form) · begeleid* (prefix)
  · later zeggen (phrase) · /niet (durven|durf) zeggen/ (regular expression)
`);
  cmd.action(act(async (files: string[], flags: AutocodeFlags, c: Command) => {
    const g = globals(c);
    const ws = await openProject(g, { files, codebook: flags.codebook });
    const selection = selectionFrom(flags, ws);

    // Rules from the codebook; a broken pattern stops the command with the code and the pattern.
    const rules: KeywordRule[] = [];
    const problems: InputIssue[] = [];
    for (const code of ws.codebook.codes) {
      for (const kw of code.keywords) {
        const r = parseKeyword(code.id, kw);
        if (isKeywordError(r)) {
          problems.push({ severity: 'error', file: ws.codebook.path ?? 'codebook.yaml', line: code.line, field: 'keywords', code: 'bad-keyword', message: `code "${code.id}": keyword "${kw}" ${r.message}`, hint: 'write a word, word* (prefix), =word (exact form), a phrase, or /regex/' });
        } else rules.push(r);
      }
    }
    if (problems.length) { reportIssues(problems, g); throw new InputFailure(problems); }
    if (!rules.length) {
      const e: InputIssue = { severity: 'error', file: ws.codebook.path ?? 'codebook.yaml', code: 'no-keywords', message: 'no code in the codebook has `keywords:`, so there is nothing to suggest', hint: 'add e.g. `keywords: [later zeggen, niet durven]` to the codes you want suggested' };
      reportIssues([e], g);
      throw new InputFailure([e]);
    }
    const withKeywords = [...new Set(rules.map((r) => r.codeId))];

    // One pass: suggestions per selected excerpt, and the confusion counts against the human coding.
    interface Suggestion { document: string; provenance: string; excerpt: string; role: string; code: string; keyword: string; human: boolean; text: string }
    const scan = await scanCorpus(ws, (doc) => {
      const out: Suggestion[] = [];
      const evals = new Map(withKeywords.map((id) => [id, emptyEvaluation(id)]));
      let units = 0;
      for (const x of doc.excerpts) {
        if (!selects(x, doc, selection, ws.index)) continue;
        units++;
        const human = new Set<string>();
        for (const k of x.codings) for (const id of ws.index.codesFor(k.codeId)) human.add(id);
        const suggested = suggestCodes(x.text, rules);
        for (const id of withKeywords) addDecision(evals.get(id)!, human.has(id), suggested.has(id));
        for (const [code, keyword] of suggested) out.push({ document: doc.id, provenance: provenance(x, doc), excerpt: x.id, role: x.speaker.role, code, keyword, human: human.has(code), text: x.text });
      }
      return { suggestions: out, evals: [...evals.values()], units };
    }, { coder: flags.coder });
    stopOnIssues([...ws.issues, ...scan.issues], g);
    const units = scan.chosen.reduce((n, d) => n + d.summary.units, 0);
    if (!units) say('no excerpts in the selection', g);

    if (!flags.evaluate) {
      const all = scan.chosen.flatMap((d) => d.summary.suggestions);
      const table: Table = {
        title: `autocode — ${all.length} suggested coding(s) in ${units} excerpt(s)`,
        columns: [
          { key: 'provenance', label: 'provenance' }, { key: 'excerpt', label: 'excerpt' }, { key: 'coder', label: 'coder' }, { key: 'code', label: 'code' },
          { key: 'keyword', label: 'keyword' }, { key: 'human', label: 'also human' }, { key: 'text', label: 'text' },
        ],
        rows: all.map((s) => ({ provenance: s.provenance, excerpt: s.excerpt, coder: AUTOCODE_CODER, code: s.code, keyword: s.keyword, human: s.human ? 'yes' : 'no', text: s.text })),
        notes: ['Suggestions only: the human codings are unchanged. "also human": the excerpt already has this code (or a subcode).'],
      };
      await emit([table], { hefboom: version(), command: 'autocode', mode: 'suggest', coder: AUTOCODE_CODER, units, suggestions: all.map((s) => ({ ...s, coder: AUTOCODE_CODER })) }, flags, g);
      return EXIT_OK;
    }

    // Evaluation: pool the per-document counts per code.
    const pooled = new Map(withKeywords.map((id) => [id, emptyEvaluation(id)]));
    for (const d of scan.chosen) for (const e of d.summary.evals) {
      const p = pooled.get(e.codeId)!;
      p.tp += e.tp; p.fp += e.fp; p.fn += e.fn; p.tn += e.tn;
    }
    const rowsOf = (e: CodeEvaluation) => {
      const pr = precisionRecall(e);
      return { ...e, human: e.tp + e.fn, suggested: e.tp + e.fp, ...pr, kappa: kappaOf(e) };
    };
    const perCode = withKeywords.map((id) => ({ code: id, label: ws.index.code(id)?.label ?? id, keywords: ws.index.code(id)?.keywords ?? [], ...rowsOf(pooled.get(id)!) }));
    const total = [...pooled.values()].reduce((a, e) => ({ ...a, tp: a.tp + e.tp, fp: a.fp + e.fp, fn: a.fn + e.fn, tn: a.tn + e.tn }), emptyEvaluation('(all)'));
    const overall = rowsOf(total);
    const r3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
    const table: Table = {
      title: `autocode --evaluate — ${units} excerpt(s), ${withKeywords.length} code(s) with keywords`,
      columns: [
        { key: 'code', label: 'code' }, { key: 'human', label: 'human', type: 'number' }, { key: 'suggested', label: 'suggested', type: 'number' },
        { key: 'tp', label: 'both', type: 'number' }, { key: 'fp', label: 'auto only', type: 'number' }, { key: 'fn', label: 'human only', type: 'number' },
        { key: 'precision', label: 'precision', type: 'number' }, { key: 'recall', label: 'recall', type: 'number' }, { key: 'f1', label: 'F1', type: 'number' }, { key: 'kappa', label: 'κ', type: 'number' },
      ],
      rows: [...perCode, { code: '(all codes)', ...overall }].map((r) => ({ code: r.code, human: r.human, suggested: r.suggested, tp: r.tp, fp: r.fp, fn: r.fn, precision: r3(r.precision), recall: r3(r.recall), f1: r3(r.f1), kappa: r3(r.kappa) })),
      notes: [
        'Unit: excerpts of the selection. Human: the excerpt has the code or one of its subcodes (primary-coder rule, or --coder).',
        'precision = both / suggested; recall = both / human; F1 = their harmonic mean; κ = Cohen\'s κ of human vs autocode (presence/absence). — where undefined (0/0).',
        '(all codes) pools every excerpt × code decision.',
      ],
    };
    await emit([table], { hefboom: version(), command: 'autocode', mode: 'evaluate', coder: AUTOCODE_CODER, units, codes: perCode, overall }, flags, g);
    return EXIT_OK;
  }));
}

/** Cohen's κ of the 2×2 table (rows human present/absent, columns autocode present/absent); null when undefined. */
function kappaOf(e: CodeEvaluation): number | null {
  try {
    const k = cohenKappa({ table: [[e.tp, e.fn], [e.fp, e.tn]] }).kappa;
    return Number.isFinite(k) ? k : null;
  } catch {
    return null;
  }
}
