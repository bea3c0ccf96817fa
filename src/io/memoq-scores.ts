/**
 * MeMoQ dimension scores per location (`memoq_scores:`): one row per location × dimension × moment,
 * the moment being the begin photo or the end of the trajectory, the score 1 (onvoldoende) to
 * 4 (uitstekend). Dimensions are matched to the built-in MeMoQ framework by id or label.
 */
import { resolve } from 'node:path';
import type { InputIssue } from '../model/types.js';
import { closest } from '../model/issues.js';
import { findNodeId, indexFramework, loadBuiltinFramework } from '../model/framework.js';
import { excerpt, parseNumber } from './cells.js';
import { readTableFile } from './table-file.js';
import type { MemoqScoreEntry } from './project.js';

export interface MemoqScore { location: string; dimension: string; moment: 'begin' | 'eind'; score: number; line: number }

const COLUMN_NAMES = {
  location: ['location', 'locatie', 'opvang', 'location_id', 'locatie_id'],
  dimension: ['dimension', 'dimensie', 'memoq', 'memoq_dimensie'],
  moment: ['moment', 'meting', 'meetmoment', 'time'],
  score: ['score', 'scores', 'waarde'],
} as const;

const BEGIN = ['begin', 'beginfoto', 'start', 'voor', 'pre', 'voormeting', 't0'];
const END = ['eind', 'einde', 'end', 'na', 'post', 'nameting', 'slot', 'eindevaluatie', 't1'];

export async function readMemoqScores(root: string, entry: MemoqScoreEntry): Promise<{ scores: MemoqScore[]; issues: InputIssue[] }> {
  const file = entry.path;
  const r = await readTableFile(resolve(root, entry.path), file, { encoding: entry.encoding, delimiter: entry.delimiter });
  const issues = [...r.issues];
  if (!r.table) return { scores: [], issues };
  const t = r.table;
  const index: Record<keyof typeof COLUMN_NAMES, number> = { location: -1, dimension: -1, moment: -1, score: -1 };
  for (const key of Object.keys(COLUMN_NAMES) as (keyof typeof COLUMN_NAMES)[]) {
    const wanted = entry.columns[key];
    const names = wanted ? [wanted] : [...COLUMN_NAMES[key]];
    index[key] = t.columns.findIndex((c) => names.some((n) => n.toLowerCase() === c.toLowerCase()));
    if (index[key] < 0) {
      const near = closest(wanted ?? key, t.columns, 1);
      issues.push({ severity: 'error', file, line: 1, field: wanted ?? key, code: 'missing-column', message: `no ${key} column ${wanted ? `"${wanted}"` : `(looked for ${names.join(', ')})`}; columns found: ${t.columns.join(', ')}`, hint: near.length ? `did you mean "${near[0]}"? name it with \`columns: { ${key}: "${near[0]}" }\`` : `name it with \`columns: { ${key}: COLUMN }\` in the memoq_scores entry` });
    }
  }
  if (Object.values(index).some((i) => i < 0)) return { scores: [], issues };
  const fwIndex = indexFramework(loadBuiltinFramework('memoq'));
  const byLabel = new Map<string, string>();
  for (const [id, info] of fwIndex) { byLabel.set(info.node.label.nl.toLowerCase(), id); byLabel.set(info.node.label.en.toLowerCase(), id); }
  const seen = new Map<string, number>();
  const scores: MemoqScore[] = [];
  t.rows.forEach((row, k) => {
    const line = t.lines[k];
    const err = (col: number, code: string, message: string, hint?: string) => issues.push({ severity: 'error', file, line, column: col + 1, field: t.columns[col], code, message, hint });
    const location = row[index.location];
    if (!location) { err(index.location, 'missing-value', 'the location is empty', 'every row needs a location id'); return; }
    const rawDim = row[index.dimension];
    const dimension = findNodeId(fwIndex, rawDim) ?? byLabel.get(rawDim.toLowerCase()) ?? findNodeId(fwIndex, rawDim.toLowerCase().replace(/\s+/g, '-'));
    if (!dimension) { const near = closest(rawDim, [...fwIndex.keys()], 1); err(index.dimension, 'unknown-dimension', `"${excerpt(rawDim)}" is not a MeMoQ dimension`, `${near.length ? `did you mean "${near[0]}"? ` : ''}dimensions: ${[...fwIndex.keys()].join(', ')}`); return; }
    const rawMoment = row[index.moment].toLowerCase();
    const moment = BEGIN.includes(rawMoment) ? 'begin' : END.includes(rawMoment) ? 'eind' : undefined;
    if (!moment) { err(index.moment, 'unknown-moment', `moment "${excerpt(row[index.moment])}" is neither begin nor eind`, 'write begin (begin photo) or eind (end of the trajectory)'); return; }
    const score = parseNumber(row[index.score]);
    if (score === null) { err(index.score, 'missing-value', 'the score is empty', 'leave the row out when the dimension was not scored'); return; }
    if (score === undefined || score < 1 || score > 4) { err(index.score, 'bad-score', `score "${excerpt(row[index.score])}" is not a number from 1 to 4`, 'MeMoQ scores run from 1 (onvoldoende) to 4 (uitstekend)'); return; }
    const key = `${location}\u0000${dimension}\u0000${moment}`;
    const first = seen.get(key);
    if (first !== undefined) { err(index.location, 'duplicate-score', `${location} has two ${moment} scores for ${dimension} (lines ${first} and ${line})`, 'keep one row per location, dimension and moment'); return; }
    seen.set(key, line);
    scores.push({ location, dimension, moment, score, line });
  });
  return { scores, issues };
}
