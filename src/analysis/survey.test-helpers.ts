/** Builders of in-memory SurveyData and CrmData for the survey analysis tests. */
import type { ItemColumn, SurveyConstruct, SurveyData, SurveyItem } from '../model/survey.js';
import { EMPTY_CELL } from '../model/survey.js';
import type { CrmData, Trajectory } from '../model/crm.js';

export const AKKOORD5 = ['helemaal niet akkoord', 'niet akkoord', 'neutraal', 'akkoord', 'helemaal akkoord'];

/** An item with the defaults of the definition reader. */
export function item(id: string, type: SurveyItem['type'], extra: Partial<SurveyItem> = {}): SurveyItem {
  return {
    id, column: id, label: id, type, labels: type === 'likert' ? AKKOORD5 : [], top: 2, reverse: false,
    missing: ['weet niet'], separator: ';', levers: [], memoq: [], headline: false, ...extra,
  };
}

export function construct(id: string, items: string[], minItems = items.length): SurveyConstruct {
  return { id, label: id, items, minItems, levers: [], memoq: [] };
}

/**
 * A cell as a test writes it: a label (likert/single), a number, a list of option labels (multiple),
 * text; '' = empty; a string among the item's missing codes = that missing code.
 */
export type TestCell = string | number | string[];

/** Build SurveyData from rows of cells (one object per respondent, keyed by item id or attribute/key name). */
export function survey(items: SurveyItem[], rows: Record<string, TestCell | null>[], opts: {
  constructs?: SurveyConstruct[]; attributes?: string[]; keys?: string[]; kind?: SurveyData['kind']; dates?: (number | null)[];
} = {}): SurveyData {
  const n = rows.length;
  const columns: Record<string, ItemColumn> = {};
  for (const it of items) {
    const missing = new Uint8Array(n);
    const missingOf = (cell: TestCell | null | undefined, r: number): boolean => {
      if (cell === null || cell === undefined || cell === '') { missing[r] = EMPTY_CELL; return true; }
      if (typeof cell === 'string') {
        const k = it.missing.findIndex((m) => m.toLowerCase() === cell.toLowerCase());
        if (k >= 0) { missing[r] = k + 1; return true; }
      }
      return false;
    };
    if (it.type === 'likert' || it.type === 'single') {
      const codes = new Uint16Array(n);
      rows.forEach((row, r) => {
        const cell = row[it.id];
        if (missingOf(cell, r)) return;
        const c = typeof cell === 'number' ? cell : it.labels.indexOf(String(cell)) + 1;
        if (c < 1) throw new Error(`test data: ${String(cell)} is not a label of ${it.id}`);
        codes[r] = c;
      });
      columns[it.id] = { type: it.type, codes, missing };
    } else if (it.type === 'number') {
      const values = new Float64Array(n).fill(NaN);
      rows.forEach((row, r) => { const cell = row[it.id]; if (!missingOf(cell, r)) values[r] = Number(cell); });
      columns[it.id] = { type: 'number', values, missing };
    } else if (it.type === 'multiple') {
      const choices: (Uint16Array | null)[] = rows.map((row, r) => {
        const cell = row[it.id];
        if (missingOf(cell, r)) return null;
        return Uint16Array.from((cell as string[]).map((l) => it.labels.indexOf(l) + 1));
      });
      columns[it.id] = { type: 'multiple', choices, missing };
    } else {
      const texts = rows.map((row, r) => { const cell = row[it.id]; return missingOf(cell, r) ? null : String(cell); });
      columns[it.id] = { type: 'text', texts, missing };
    }
  }
  const stringsOf = (name: string) => rows.map((row) => { const v = row[name]; return v === null || v === undefined || v === '' ? null : String(v); });
  return {
    name: 'test',
    kind: opts.kind ?? 'staff',
    file: 'data/test.csv',
    definition: { file: 'test.yaml', name: 'test', attributes: opts.attributes ?? [], missing: ['weet niet'], items, constructs: opts.constructs ?? [] },
    respondents: rows.map((row, r) => (typeof row.respondent === 'string' ? row.respondent : `r${r + 2}`)),
    lines: Uint32Array.from(rows.map((_, r) => r + 2)),
    keys: Object.fromEntries((opts.keys ?? []).map((k) => [k, stringsOf(k)])),
    ...(opts.dates ? { dates: Float64Array.from(opts.dates.map((d) => d ?? NaN)) } : {}),
    attributes: Object.fromEntries((opts.attributes ?? []).map((a) => [a, stringsOf(a)])),
    columns,
  };
}

/** A trajectory with empty defaults. */
export function trajectory(id: string, extra: Partial<Trajectory> = {}): Trajectory {
  return {
    id, location: null, locationType: null, organiser: null, employer: null, coach: null, regionalSupporter: null,
    type: NaN, theme: null, memoq: null, start: NaN, end: NaN, hours: NaN, contactCount: NaN, contacts: [],
    pitstop: null, finalEvaluation: null, status: null, statusRaw: null, participants: NaN, recipients: NaN,
    line: 2, attributes: {}, ...extra,
  };
}

export function crm(trajectories: Trajectory[]): CrmData {
  return { file: 'data/crm.csv', unit: 'trajectory', trajectories, mapped: [], required: [], rows: trajectories.length, findings: [] };
}
