/**
 * Grouping persons of a learner register for `--by`: by partnership, cohort, an attribute or a
 * categorical profile variable. Persons without a value form the group "(leeg)", listed last.
 */
import type { CodedColumn, PathwayRegister, ProfileField } from '../model/pathways.js';
import { closest } from '../model/issues.js';

export const EMPTY_GROUP = '(leeg)';

export interface Grouping {
  /** What was grouped by (`partnership`, `cohort`, an attribute name). */
  by: string;
  /** Group labels in display order (natural order, "(leeg)" last). */
  labels: string[];
  /** Per person: index into labels. */
  of: Int32Array;
}

export class GroupingError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

/** The keys `--by` accepts for this register. */
export function groupKeys(reg: PathwayRegister): string[] {
  const keys = ['partnership', 'cohort', ...Object.keys(reg.attributes)];
  for (const [k, c] of Object.entries(reg.profile)) if (c?.kind === 'category') keys.push(k);
  return keys;
}

function columnFor(reg: PathwayRegister, by: string): CodedColumn | undefined {
  if (by === 'partnership') return reg.partnership;
  if (by === 'cohort') return reg.cohort;
  if (reg.attributes[by]) return reg.attributes[by];
  const p = reg.profile[by as ProfileField];
  if (p?.kind === 'category') return p.data;
  // Attribute names are the register's column headers: accept them case-insensitively.
  const key = Object.keys(reg.attributes).find((k) => k.toLowerCase() === by.toLowerCase());
  return key ? reg.attributes[key] : undefined;
}

const natural = (a: string, b: string) => a.localeCompare(b, 'nl', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);

/** Group persons by `by`; undefined groups everyone together (label "alle" / "all"). */
export function groupPersons(reg: PathwayRegister, by: string | undefined, allLabel = 'alle'): Grouping {
  if (by === undefined) return { by: '', labels: [allLabel], of: new Int32Array(reg.persons) };
  const col = columnFor(reg, by);
  if (!col) {
    const keys = groupKeys(reg);
    const near = closest(by, keys, 1);
    throw new GroupingError(`the register has no "${by}" to group by`, `${near.length ? `did you mean "${near[0]}"? ` : ''}--by accepts: ${keys.join(', ')}`);
  }
  const used = new Set<number>();
  let empty = false;
  for (let i = 0; i < reg.persons; i++) {
    const c = col.codes[i];
    if (c < 0) empty = true;
    else used.add(c);
  }
  const order = [...used].sort((a, b) => natural(col.values[a], col.values[b]));
  const labels = order.map((c) => col.values[c]);
  const slot = new Map(order.map((c, k) => [c, k]));
  if (empty) labels.push(EMPTY_GROUP);
  const of = new Int32Array(reg.persons);
  for (let i = 0; i < reg.persons; i++) {
    const c = col.codes[i];
    of[i] = c < 0 ? labels.length - 1 : slot.get(c)!;
  }
  return { by, labels, of };
}
