/**
 * Reading an export of internship evaluations with its stage definition (README "Stage
 * evaluations"): CSV/TSV (papaparse, through table-file.ts) or an XLSX sheet. Rows become
 * evaluations (trainee × moment) with one score per indicator, held per indicator as typed arrays.
 *
 * Every problem names the file, line, column and what was expected: a missing column (with the
 * closest header), an unknown moment or indicator, a score that is not on the scale, a trainee ×
 * moment × indicator rated twice. Nothing is dropped silently: a cell that cannot be read is an
 * error, and the command stops before any figure is shown.
 */
import { resolve } from 'node:path';
import type { InputIssue } from '../model/types.js';
import {
  EMPTY_SCORE, NO_ROW, RATED,
  type StageCluster, type StageData, type StageDefinition, type StageFeedback, type StageIndicator, type StageScores,
} from '../model/stage.js';
import { closest } from '../model/issues.js';
import { excerpt } from './cells.js';
import { columnIndex, type DataTable } from './data-table.js';
import { readTableFile } from './table-file.js';
import { labelKey } from './survey-definition.js';
import { loadStageDefinition } from './stage-definition.js';
import type { StageEntry } from './project.js';

/** Errors of one kind in one column beyond this number are summarised in a single issue. */
export const MAX_STAGE_ERRORS_PER_COLUMN = 20;

/** Read one `stage:` entry (definition + export). Never throws for input problems. */
export async function readStage(root: string, entry: StageEntry): Promise<{ data?: StageData; issues: InputIssue[] }> {
  const def = loadStageDefinition(resolve(root, entry.definition), entry.definition);
  const issues = [...def.issues];
  if (!def.definition) return { issues };
  const t = await readTableFile(resolve(root, entry.path), entry.path, { encoding: entry.encoding, delimiter: entry.delimiter, sheet: entry.sheet });
  issues.push(...t.issues);
  if (!t.table) return { issues };
  const data = codeStage(t.table, def.definition, entry.name, issues);
  return { data: issues.some((i) => i.severity === 'error') ? undefined : data, issues };
}

/** Cell errors, at most MAX_STAGE_ERRORS_PER_COLUMN of one kind per column, the rest counted. */
class CellErrors {
  private readonly counts = new Map<string, { n: number; column: number; code: string; what: string }>();
  constructor(private readonly t: DataTable, private readonly issues: InputIssue[]) {}

  add(row: number, column: number, code: string, message: string, hint: string | undefined, what: string): void {
    const key = `${column}\u0000${code}`;
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, c = { n: 0, column, code, what });
    c.n++;
    if (c.n > MAX_STAGE_ERRORS_PER_COLUMN) return;
    this.issues.push({ severity: 'error', file: this.t.file, line: this.t.lines[row], column: column + 1, field: this.t.columns[column], code, message, hint });
  }

  flush(): void {
    for (const c of this.counts.values()) {
      if (c.n <= MAX_STAGE_ERRORS_PER_COLUMN) continue;
      this.issues.push({
        severity: 'error', file: this.t.file, column: c.column + 1, field: this.t.columns[c.column], code: c.code,
        message: `… and ${c.n - MAX_STAGE_ERRORS_PER_COLUMN} more ${c.what} in column ${c.column + 1} "${this.t.columns[c.column]}" (${c.n} in all)`,
        hint: 'so many errors in one column usually mean the stage definition points at the wrong column or lists the wrong labels',
      });
    }
  }
}

/** A column by name: exact, case-insensitive, then with quotes and spaces normalised; else an issue with the closest header. */
function findColumn(t: DataTable, name: string, what: string, def: StageDefinition, issues: InputIssue[]): number | undefined {
  const c = columnIndex(t, name, `${what} in ${def.file}`);
  if (c.index !== undefined) return c.index;
  const key = labelKey(name);
  const matches = t.columns.flatMap((h, i) => (labelKey(h) === key ? [i] : []));
  if (matches.length === 1) return matches[0];
  const near = closest(name, t.columns, 1);
  issues.push({
    ...c.issue!,
    hint: `${near.length ? `did you mean "${near[0]}"? ` : ''}correct the column name in ${def.file}, or rename the header in the export`,
  });
  return undefined;
}

/** What a score cell codes to. */
type ScoreCell = { code: number; missing: number } | { error: string; message: string; hint: string; what: string };

function scoreCoder(def: StageDefinition): (cell: string) => ScoreCell {
  const { labels, coded } = def.scale;
  const k = labels.length;
  const byLabel = new Map(labels.map((l, i) => [labelKey(l), i + 1]));
  const missing = new Map(def.missing.map((m, i) => [labelKey(m), i + 1]));
  const missingNote = def.missing.length ? `; "not rated" codes: ${def.missing.join(', ')}` : '';
  const cache = new Map<string, ScoreCell>();
  const code = (cell: string): ScoreCell => {
    if (cell === '') return { code: 0, missing: EMPTY_SCORE };
    const m = missing.get(labelKey(cell));
    if (m !== undefined) return { code: 0, missing: m };
    const asNumber = /^\d+(?:[.,]0+)?$/.test(cell) ? Number.parseInt(cell, 10) : NaN;
    if (coded) {
      if (asNumber >= 1 && asNumber <= k) return { code: asNumber, missing: RATED };
      const isLabel = byLabel.has(labelKey(cell));
      return {
        error: 'score-not-on-scale', what: 'scores not on the scale',
        message: `score "${excerpt(cell)}" is not a code 1–${k} of the scale`,
        hint: isLabel ? `the scale is \`coded: true\` but this cell holds the label; set \`coded: false\` in ${def.file} if the export writes labels` : `the scale is \`coded: true\`: 1 = ${labels[0]} … ${k} = ${labels[k - 1]}${missingNote}; add other "not rated" codes to \`missing:\``,
      };
    }
    const c = byLabel.get(labelKey(cell));
    if (c !== undefined) return { code: c, missing: RATED };
    const near = closest(cell, labels, 1);
    return {
      error: 'score-not-on-scale', what: 'scores not on the scale',
      message: `score "${excerpt(cell)}" is not a label of the scale`,
      hint: asNumber >= 1 && asNumber <= k
        ? `the export seems to hold codes: set \`coded: true\` under \`scale:\` in ${def.file} (1 = ${labels[0]} … ${k} = ${labels[k - 1]})`
        : `${near.length ? `did you mean "${near[0]}"? ` : ''}labels: ${labels.join(', ')}${missingNote}; add other "not rated" codes to \`missing:\``,
    };
  };
  return (cell) => {
    let r = cache.get(cell);
    if (!r) { r = code(cell); cache.set(cell, r); }
    return r;
  };
}

/** Code the export's table according to the definition; issues are appended. */
export function codeStage(t: DataTable, def: StageDefinition, name: string, issues: InputIssue[]): StageData {
  const errors = new CellErrors(t, issues);
  const before = issues.length;
  const traineeCol = findColumn(t, def.trainee, 'trainee:', def, issues);
  const momentCol = def.moment !== undefined ? findColumn(t, def.moment, 'moment:', def, issues) : undefined;
  const indicatorCol = def.layout === 'long' ? findColumn(t, def.indicator!, 'indicator:', def, issues) : undefined;
  const scoreCol = def.layout === 'long' ? findColumn(t, def.score!, 'score:', def, issues) : undefined;
  const wideCols = def.layout === 'wide' ? def.indicators.map((ind) => findColumn(t, ind.column!, `indicator "${ind.id}"`, def, issues)) : [];
  const attributeCols: [string, number | undefined][] = [
    ...Object.entries(def.fields).map(([f, col]) => [f, findColumn(t, col, `${f}:`, def, issues)] as [string, number | undefined]),
    ...def.attributes.map((a) => [a, findColumn(t, a, 'attributes:', def, issues)] as [string, number | undefined]),
  ];
  const feedbackCols = def.feedback.map((fb) => findColumn(t, fb.column, `feedback (${fb.kind})`, def, issues));
  const empty = (): StageData => ({
    name, file: t.file, definition: def, indicators: def.indicators, clusters: def.clusters, trainees: [], trainee: new Uint32Array(0),
    moment: new Uint16Array(0), lines: new Uint32Array(0), attributes: {}, scores: {}, feedback: [], rows: t.rows.length,
  });
  // Without the columns that say who, when and what, no row can be placed: stop at the missing columns.
  if (issues.slice(before).some((i) => i.severity === 'error')) return empty();

  const momentOf = new Map<string, number>();
  def.moments.forEach((m, i) => { for (const s of [m.id, ...m.aliases]) momentOf.set(labelKey(s), i); });
  const momentSpellings = def.moments.map((m) => m.id);

  // Indicators of the long layout: the definition's list, or as found in the data.
  const indicators: StageIndicator[] = def.indicators.map((i) => ({ ...i, aliases: [...i.aliases] }));
  const indicatorOf = new Map<string, number>();
  if (def.layout === 'long') indicators.forEach((ind, i) => { for (const s of [ind.id, ind.label, ...ind.aliases]) indicatorOf.set(labelKey(s), i); });
  const discover = def.layout === 'long' && def.indicators.length === 0;

  const score = scoreCoder(def);
  const trainees: string[] = [];
  const traineeIndex = new Map<string, number>();
  const evTrainee: number[] = [];
  const evMoment: number[] = [];
  const evLine: number[] = [];
  const evOf = new Map<string, number>();
  const attrs: Record<string, (string | null)[]> = {};
  for (const [a] of attributeCols) attrs[a] = [];
  /** Per evaluation and attribute: the line its value was first read from (long layout conflicts). */
  const attrLine: number[] = [];
  /** Scores as read: evaluation, indicator, code, missing. */
  const evals: number[] = [];
  const inds: number[] = [];
  const codes: number[] = [];
  const missings: number[] = [];
  /** (evaluation, indicator) → line of its score, to find a trainee × moment × indicator rated twice. */
  const rated = new Map<number, number>();
  const feedback: StageFeedback[] = [];
  const feedbackAt = new Map<string, { k: number; rows: number }>();
  const missingFeedback = new Set(def.missing.map(labelKey));
  const conflicts = new Map<string, number>();

  const putScore = (r: number, e: number, ind: number, col: number, cell: string) => {
    const s = score(cell);
    if ('error' in s) { errors.add(r, col, s.error, s.message, s.hint, s.what); return; }
    const key = e * 65536 + ind;
    const seen = rated.get(key);
    if (seen !== undefined) {
      errors.add(r, col, 'duplicate-score', `trainee "${excerpt(trainees[evTrainee[e]])}" is rated twice on "${indicators[ind].label}" at moment "${def.moments[evMoment[e]].id}" (lines ${seen} and ${t.lines[r]})`, 'remove the double row, or correct its trainee, moment or indicator', 'repeated ratings');
      return;
    }
    rated.set(key, t.lines[r]);
    evals.push(e); inds.push(ind); codes.push(s.code); missings.push(s.missing);
  };

  for (let r = 0; r < t.rows.length; r++) {
    const row = t.rows[r];
    const line = t.lines[r];
    const traineeCell = row[traineeCol!];
    if (traineeCell === '') {
      errors.add(r, traineeCol!, 'missing-trainee', `row has no trainee id in column ${traineeCol! + 1} "${t.columns[traineeCol!]}"`, 'fill in the trainee id (a pseudonym or student number), or remove the row', 'rows without a trainee');
      continue;
    }
    let m = 0;
    if (momentCol !== undefined) {
      const cell = row[momentCol];
      const found = cell === '' ? undefined : momentOf.get(labelKey(cell));
      if (found === undefined) {
        const near = cell === '' ? [] : closest(cell, [...def.moments.flatMap((x) => [x.id, ...x.aliases])], 1);
        errors.add(r, momentCol, cell === '' ? 'missing-moment' : 'unknown-moment',
          cell === '' ? `row of trainee "${excerpt(traineeCell)}" has no evaluation moment` : `"${excerpt(cell)}" is not one of the moments`,
          `${near.length ? `did you mean "${near[0]}"? ` : ''}moments: ${momentSpellings.join(', ')}; add other spellings as \`aliases:\` of a moment in ${def.file}`, cell === '' ? 'rows without a moment' : 'unknown moments');
        continue;
      }
      m = found;
    }
    let ti = traineeIndex.get(traineeCell);
    if (ti === undefined) { ti = trainees.length; trainees.push(traineeCell); traineeIndex.set(traineeCell, ti); }
    const evKey = `${ti}\u0000${m}`;
    let e = evOf.get(evKey);
    if (e === undefined) {
      e = evTrainee.length;
      evOf.set(evKey, e);
      evTrainee.push(ti); evMoment.push(m); evLine.push(line); attrLine.push(line);
      for (const [a, col] of attributeCols) attrs[a].push(col === undefined || row[col] === '' ? null : row[col]);
    } else if (def.layout === 'wide') {
      errors.add(r, traineeCol!, 'duplicate-evaluation', `trainee "${excerpt(traineeCell)}" has two rows for moment "${def.moments[m].id}" (lines ${evLine[e]} and ${line})`, 'one row per trainee and moment: remove the double row, or correct its trainee or moment', 'repeated evaluations');
      continue;
    } else {
      // Long layout: the evaluation's other rows must agree on its attributes.
      for (const [a, col] of attributeCols) {
        if (col === undefined) continue;
        const v = row[col] === '' ? null : row[col];
        const first = attrs[a][e];
        if (v === first || v === null) continue;
        if (first === null) { attrs[a][e] = v; continue; }
        const key = `${e}\u0000${a}`;
        if (conflicts.has(key)) continue;
        conflicts.set(key, line);
        issues.push({ severity: 'warning', file: t.file, line, column: col + 1, field: t.columns[col], code: 'conflicting-attribute', message: `trainee "${excerpt(traineeCell)}" at moment "${def.moments[m].id}": ${a} is "${excerpt(first)}" on line ${attrLine[e]} and "${excerpt(v)}" here; "${excerpt(first)}" is used`, hint: 'an evaluation has one school, placement, mentor, profile and template: correct the row' });
      }
    }

    let rowIndicator: number | undefined;
    if (def.layout === 'long') {
      const cell = row[indicatorCol!];
      if (cell === '') {
        errors.add(r, indicatorCol!, 'missing-indicator', `row of trainee "${excerpt(traineeCell)}" names no indicator`, 'fill in the indicator, or remove the row', 'rows without an indicator');
      } else {
        let ind = indicatorOf.get(labelKey(cell));
        if (ind === undefined && discover) {
          ind = indicators.length;
          indicators.push({ id: cell, label: cell, aliases: [] });
          indicatorOf.set(labelKey(cell), ind);
        }
        if (ind === undefined) {
          const near = closest(cell, indicators.flatMap((x) => [x.id, x.label, ...x.aliases]), 1);
          errors.add(r, indicatorCol!, 'unknown-indicator', `"${excerpt(cell, 50)}" is not one of the indicators of ${def.file}`, `${near.length ? `did you mean "${near[0]}"? ` : ''}add it (or this spelling as an alias) under \`indicators:\``, 'unknown indicators');
        } else {
          rowIndicator = ind;
          putScore(r, e, ind, scoreCol!, row[scoreCol!]);
        }
      }
    } else {
      def.indicators.forEach((_, k) => putScore(r, e!, k, wideCols[k]!, row[wideCols[k]!]));
    }

    def.feedback.forEach((fb, k) => {
      const col = feedbackCols[k]!;
      const text = row[col];
      if (text === '' || missingFeedback.has(labelKey(text))) return;
      // The long layout often repeats one evaluation's feedback on each of its rows: one excerpt.
      const key = `${e}\u0000${k}\u0000${labelKey(text)}`;
      const at = feedbackAt.get(key);
      if (at) { at.rows++; delete feedback[at.k].indicator; return; }
      feedbackAt.set(key, { k: feedback.length, rows: 1 });
      const f: StageFeedback = { evaluation: e!, source: k, text, line };
      if (rowIndicator !== undefined) f.indicator = indicators[rowIndicator].id;
      feedback.push(f);
    });
  }
  errors.flush();
  // One piece of feedback on one row of an evaluation belongs to the evaluation, not to that row's
  // indicator; only an evaluation with different texts on different rows has feedback per indicator.
  const distinct = new Map<string, number>();
  for (const f of feedback) distinct.set(`${f.evaluation}\u0000${f.source}`, (distinct.get(`${f.evaluation}\u0000${f.source}`) ?? 0) + 1);
  for (const f of feedback) if (f.indicator !== undefined && distinct.get(`${f.evaluation}\u0000${f.source}`)! < 2) delete f.indicator;

  // Clusters of a long layout without an indicator list name indicators as the data spell them.
  let clusters: StageCluster[] = def.clusters;
  if (discover) {
    clusters = def.clusters.map((cl) => ({ ...cl, indicators: [] as string[] }));
    def.clusters.forEach((cl, c) => {
      for (const member of cl.indicators) {
        const ind = indicatorOf.get(labelKey(member));
        if (ind === undefined) {
          const near = closest(member, indicators.map((x) => x.id), 1);
          issues.push({ severity: 'error', file: def.file, field: 'clusters', code: 'unknown-indicator', message: `cluster "${cl.id}" names indicator "${member}", which ${t.file} never holds`, hint: `${near.length ? `did you mean "${near[0]}"? ` : ''}indicators found: ${indicators.map((x) => x.id).join(', ')}; list \`indicators:\` in the definition to name indicators that may be absent` });
          continue;
        }
        clusters[c].indicators.push(indicators[ind].id);
        indicators[ind].cluster = cl.id;
      }
    });
  }

  const E = evTrainee.length;
  const scores: Record<string, StageScores> = {};
  for (const ind of indicators) scores[ind.id] = { codes: new Uint8Array(E), missing: new Uint8Array(E).fill(NO_ROW) };
  for (let j = 0; j < evals.length; j++) {
    const s = scores[indicators[inds[j]].id];
    s.codes[evals[j]] = codes[j];
    s.missing[evals[j]] = missings[j];
  }
  return {
    name, file: t.file, definition: def, indicators, clusters, trainees,
    trainee: Uint32Array.from(evTrainee), moment: Uint16Array.from(evMoment), lines: Uint32Array.from(evLine),
    attributes: attrs, scores, feedback, rows: t.rows.length,
  };
}
