/**
 * Co-occurrence of codes, levers, MeMoQ dimensions or framework nodes (DESIGN.md §7 `cooccur`).
 *
 * Vocabulary. An *occurrence* of a node is what the unit counts:
 * - unit `excerpt` and `near:N`: an excerpt (paragraph) that reaches the node, once per excerpt;
 * - unit `overlap` and `within:N`: a coded reference (a coding span; a reference that crosses
 *   paragraphs is one reference) that reaches the node, once per reference.
 * Two occurrences are *related* when they are the same excerpt (`excerpt`), at most N excerpts apart
 * in one document (`near:N`), their code-point spans intersect in one document (`overlap`), or the
 * gap between their spans is at most N code points (`within:N`). An occurrence is related to itself.
 *
 * Per pair of nodes X, Y:
 * - n1, n2: occurrences of X and of Y;
 * - n12: related ordered pairs (o, o′) with o an occurrence of X and o′ one of Y (the same occurrence
 *   when it reaches both): the co-occurrence count, as ATLAS.ti counts it. For `excerpt` this is the
 *   number of excerpts that reach both;
 * - same: occurrences that reach both X and Y (so the occurrences of either are n1 + n2 − same);
 * - linked: occurrences of X or Y that are related to an occurrence of the other node.
 * For `excerpt`, same = linked = n12.
 *
 * Everything is computed per document into a small partial keyed by the document's own node table,
 * and partials are merged after the coder rule: memory is bounded by the matrix, not the corpus.
 * Roll-up as in tally (DESIGN.md §3): a coding counts for its code and every ancestor (code level) or
 * for the top-level framework nodes it reaches; ancestor/descendant pairs are left out at code level,
 * since a parent always co-occurs with its own children.
 */
import type { Document, Excerpt } from '../model/types.js';
import type { CodeIndex } from '../model/codebook.js';
import { isEmptySelection, selects, type Selection } from './select.js';

export type CooccurLevel = { kind: 'code' } | { kind: 'framework'; framework: string };
export type CooccurUnit = { kind: 'excerpt' } | { kind: 'overlap' } | { kind: 'near'; n: number } | { kind: 'within'; n: number };
export type CooccurMeasure = 'count' | 'jaccard' | 'c' | 'lift';
export const COOCCUR_MEASURES: readonly CooccurMeasure[] = ['count', 'jaccard', 'c', 'lift'];

export interface CooccurSpec {
  level: CooccurLevel;
  unit: CooccurUnit;
  selection: Selection;
}

/** What one document contributes (plain data: it crosses worker threads). */
export interface CooccurPartial {
  /** Excerpts in the selection, coded or not. */
  excerpts: number;
  /** Excerpts in the selection with at least one coding (any level). */
  codedExcerpts: number;
  /** Excerpts in the selection that reach at least one node of the level. */
  reachingExcerpts: number;
  /** The document's node table; the other arrays index into it. */
  nodes: string[];
  /** Occurrences per node. */
  n: number[];
  /** Pair keys `a * PAIR_BASE + b` (a < b, local indices) and their counts, aligned. */
  pairKeys: number[];
  n12: number[];
  /** Only for units other than `excerpt` (where both equal n12). */
  same?: number[];
  linked?: number[];
}

/** Node indices are below this, so a pair fits one safe integer key. */
const PAIR_BASE = 1 << 20;

export function unitName(u: CooccurUnit): string {
  return u.kind === 'near' || u.kind === 'within' ? `${u.kind}:${u.n}` : u.kind;
}

/** The nodes one coding counts for (roll-up), as in tally. */
function nodesOfCoding(codeId: string, level: CooccurLevel, index: CodeIndex): readonly string[] {
  if (level.kind === 'framework') return index.nodesFor(codeId, level.framework);
  if (codeId.startsWith('fw:')) return [];
  const up = index.codesFor(codeId);
  return up.length ? up : [codeId];
}

interface Occurrence {
  /** Excerpt ordinal (excerpt, near) or span start (overlap, within). */
  start: number;
  end: number;
  /** Position of the excerpt in doc.excerpts (for examples). */
  excerpt: number;
  /** Local node indices, ascending, unique. */
  nodes: number[];
}

interface DocOccurrences {
  occ: Occurrence[];
  nodes: string[];
  excerpts: number;
  codedExcerpts: number;
  reachingExcerpts: number;
}

function occurrencesOf(doc: Document, spec: CooccurSpec, index: CodeIndex): DocOccurrences {
  const local = new Map<string, number>();
  const nodes: string[] = [];
  const localOf = (id: string) => {
    let k = local.get(id);
    if (k === undefined) { k = nodes.length; nodes.push(id); local.set(id, k); }
    return k;
  };
  const byExcerpt = spec.unit.kind === 'excerpt' || spec.unit.kind === 'near';
  const occ: Occurrence[] = [];
  let excerpts = 0;
  let codedExcerpts = 0;
  let reachingExcerpts = 0;
  // A reference that crosses paragraphs is one Coding per paragraph with one ref: one occurrence.
  const seenRefs = new Set<string>();
  const everything = isEmptySelection(spec.selection);
  for (let xi = 0; xi < doc.excerpts.length; xi++) {
    const x: Excerpt = doc.excerpts[xi];
    if (!everything && !selects(x, doc, spec.selection, index)) continue;
    excerpts++;
    if (x.codings.length) codedExcerpts++;
    if (byExcerpt) {
      // An excerpt reaches a handful of nodes: an array with includes beats a Set here.
      const ids: number[] = [];
      for (const c of x.codings) for (const id of nodesOfCoding(c.codeId, spec.level, index)) { const k = localOf(id); if (!ids.includes(k)) ids.push(k); }
      if (ids.length) { reachingExcerpts++; occ.push({ start: x.ordinal, end: x.ordinal, excerpt: xi, nodes: ids.length > 1 ? ids.sort((a, b) => a - b) : ids }); }
      continue;
    }
    let reached = false;
    for (const c of x.codings) {
      if (c.ref !== undefined) {
        const key = `${c.ref}\u0000${c.codeId}`;
        if (seenRefs.has(key)) continue;
        seenRefs.add(key);
      }
      const ids = nodesOfCoding(c.codeId, spec.level, index);
      if (!ids.length) continue;
      reached = true;
      const span = c.refSpan ?? { start: c.start, end: c.end };
      occ.push({ start: span.start, end: span.end, excerpt: xi, nodes: [...new Set(ids.map(localOf))].sort((a, b) => a - b) });
    }
    if (reached) reachingExcerpts++;
  }
  if (!byExcerpt) occ.sort((a, b) => a.start - b.start || a.end - b.end);
  return { occ, nodes, excerpts, codedExcerpts, reachingExcerpts };
}

/**
 * Call `visit(i, j)` for every related pair of occurrences with i ≤ j (i = j included). Occurrences
 * are sorted by start, so the scan for partners of i stops at the first j that is too far.
 */
function forEachRelated(occ: Occurrence[], unit: CooccurUnit, visit: (i: number, j: number) => void): void {
  for (let i = 0; i < occ.length; i++) {
    visit(i, i);
    if (unit.kind === 'excerpt') continue;
    const o = occ[i];
    for (let j = i + 1; j < occ.length; j++) {
      const p = occ[j];
      if (unit.kind === 'near') { if (p.start - o.start > unit.n) break; }
      else if (unit.kind === 'overlap') { if (p.start >= o.end) break; if (!(o.start < p.end)) continue; }
      else if (p.start - o.end > unit.n) break;
      visit(i, j);
    }
  }
}

/**
 * At code level, whether two of the document's codes are ancestor and descendant (a pair the roll-up
 * always makes). A small bit matrix per document: the check runs for every pair of every excerpt.
 */
function lineage(level: CooccurLevel, index: CodeIndex, nodes: string[]): (a: number, b: number) => boolean {
  if (level.kind !== 'code') return () => false;
  const L = nodes.length;
  const local = new Map(nodes.map((id, k) => [id, k] as const));
  const mat = new Uint8Array(L * L);
  nodes.forEach((id, a) => {
    for (const up of index.codesFor(id)) {
      const b = local.get(up);
      if (b !== undefined && b !== a) { mat[a * L + b] = 1; mat[b * L + a] = 1; }
    }
  });
  return (a, b) => mat[a * L + b] === 1;
}

/**
 * The `excerpt` unit in one pass without occurrence objects (the report counts it over a million
 * excerpts): each excerpt's nodes go into one flat list, and the pairs are counted once the
 * document's node table, and so its lineage matrix, is known. Same partial as the general path.
 */
function cooccurByExcerpt(doc: Document, spec: CooccurSpec, index: CodeIndex): CooccurPartial {
  const local = new Map<string, number>();
  const nodes: string[] = [];
  const n: number[] = [];
  const flat: number[] = [];
  const ends: number[] = [];
  let excerpts = 0;
  let codedExcerpts = 0;
  const everything = isEmptySelection(spec.selection);
  for (const x of doc.excerpts) {
    if (!everything && !selects(x, doc, spec.selection, index)) continue;
    excerpts++;
    if (!x.codings.length) continue;
    codedExcerpts++;
    const from = flat.length;
    for (const c of x.codings) {
      for (const id of nodesOfCoding(c.codeId, spec.level, index)) {
        let k = local.get(id);
        if (k === undefined) { k = nodes.length; nodes.push(id); n.push(0); local.set(id, k); }
        let seen = false;
        for (let i = from; i < flat.length; i++) if (flat[i] === k) { seen = true; break; }
        if (!seen) { flat.push(k); n[k]++; }
      }
    }
    if (flat.length > from) ends.push(flat.length);
  }
  const related = lineage(spec.level, index, nodes);
  const n12 = new Map<number, number>();
  let from = 0;
  for (const end of ends) {
    for (let x = from; x < end; x++) {
      for (let y = x + 1; y < end; y++) {
        const a = flat[x];
        const b = flat[y];
        if (related(a, b)) continue;
        const key = a < b ? a * PAIR_BASE + b : b * PAIR_BASE + a;
        n12.set(key, (n12.get(key) ?? 0) + 1);
      }
    }
    from = end;
  }
  const pairKeys = [...n12.keys()];
  return { excerpts, codedExcerpts, reachingExcerpts: ends.length, nodes, n, pairKeys, n12: pairKeys.map((k) => n12.get(k)!) };
}

export function cooccurDocument(doc: Document, spec: CooccurSpec, index: CodeIndex): CooccurPartial {
  return spec.unit.kind === 'excerpt' ? cooccurByExcerpt(doc, spec, index) : cooccurByRelation(doc, spec, index);
}

/** Any unit: occurrences, then every related pair of them (forEachRelated). */
function cooccurByRelation(doc: Document, spec: CooccurSpec, index: CodeIndex): CooccurPartial {
  const d = occurrencesOf(doc, spec, index);
  const n = new Array<number>(d.nodes.length).fill(0);
  for (const o of d.occ) for (const a of o.nodes) n[a]++;
  const related = lineage(spec.level, index, d.nodes);
  const n12 = new Map<number, number>();
  const same = new Map<number, number>();
  const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  const key = (a: number, b: number) => (a < b ? a * PAIR_BASE + b : b * PAIR_BASE + a);
  const detail = spec.unit.kind !== 'excerpt';
  // Partner nodes of each occurrence (its own and those of related occurrences), for `linked`.
  const partners: Set<number>[] | undefined = detail ? d.occ.map(() => new Set<number>()) : undefined;
  forEachRelated(d.occ, spec.unit, (i, j) => {
    const A = d.occ[i].nodes;
    if (i === j) {
      for (let x = 0; x < A.length; x++) {
        for (let y = x + 1; y < A.length; y++) {
          if (related(A[x], A[y])) continue;
          const k = A[x] * PAIR_BASE + A[y];
          bump(n12, k);
          if (detail) bump(same, k);
        }
        if (partners) partners[i].add(A[x]);
      }
      return;
    }
    const B = d.occ[j].nodes;
    for (const a of A) for (const b of B) if (a !== b && !related(a, b)) bump(n12, key(a, b));
    if (partners) { for (const b of B) partners[i].add(b); for (const a of A) partners[j].add(a); }
  });
  const linked = new Map<number, number>();
  if (partners) {
    d.occ.forEach((o, i) => {
      const keys = new Set<number>();
      for (const a of o.nodes) for (const b of partners[i]) if (a !== b && !related(a, b)) keys.add(key(a, b));
      for (const k of keys) bump(linked, k);
    });
  }
  const pairKeys = [...n12.keys()];
  return {
    excerpts: d.excerpts,
    codedExcerpts: d.codedExcerpts,
    reachingExcerpts: d.reachingExcerpts,
    nodes: d.nodes,
    n,
    pairKeys,
    n12: pairKeys.map((k) => n12.get(k)!),
    ...(detail ? { same: pairKeys.map((k) => same.get(k) ?? 0), linked: pairKeys.map((k) => linked.get(k) ?? 0) } : {}),
  };
}

type PairCounts = { n12: number; same: number; linked: number };

/** The merged counts of all chosen documents, over one node table for the whole corpus. */
export interface CooccurTotals {
  excerpts: number;
  codedExcerpts: number;
  reachingExcerpts: number;
  ids: string[];
  index: Map<string, number>;
  n: number[];
  /** `a * PAIR_BASE + b` (a < b, indices into ids) → counts: numbers, so merging builds no strings. */
  pairs: Map<number, PairCounts>;
}

export function emptyTotals(): CooccurTotals {
  return { excerpts: 0, codedExcerpts: 0, reachingExcerpts: 0, ids: [], index: new Map(), n: [], pairs: new Map() };
}

function globalIndex(t: CooccurTotals, id: string): number {
  let k = t.index.get(id);
  if (k === undefined) { k = t.ids.length; t.ids.push(id); t.n.push(0); t.index.set(id, k); }
  return k;
}

function pairCounts(t: CooccurTotals, a: string, b: string): PairCounts | undefined {
  const i = t.index.get(a);
  const j = t.index.get(b);
  if (i === undefined || j === undefined) return undefined;
  return t.pairs.get(i < j ? i * PAIR_BASE + j : j * PAIR_BASE + i);
}

export const pairId = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

export function mergeCooccur(into: CooccurTotals, p: CooccurPartial): CooccurTotals {
  into.excerpts += p.excerpts;
  into.codedExcerpts += p.codedExcerpts;
  into.reachingExcerpts += p.reachingExcerpts;
  const g = p.nodes.map((id) => globalIndex(into, id));
  g.forEach((k, i) => { into.n[k] += p.n[i]; });
  p.pairKeys.forEach((k, i) => {
    const a = g[Math.floor(k / PAIR_BASE)];
    const b = g[k % PAIR_BASE];
    const key = a < b ? a * PAIR_BASE + b : b * PAIR_BASE + a;
    let cell = into.pairs.get(key);
    if (!cell) { cell = { n12: 0, same: 0, linked: 0 }; into.pairs.set(key, cell); }
    cell.n12 += p.n12[i];
    // For `excerpt`, same and linked equal n12.
    cell.same += p.same ? p.same[i] : p.n12[i];
    cell.linked += p.linked ? p.linked[i] : p.n12[i];
  });
  return into;
}

export interface CooccurPair {
  a: string;
  b: string;
  n1: number;
  n2: number;
  n12: number;
  same: number;
  linked: number;
  /** The measure's value; null when it is not defined (a zero or negative denominator). */
  value: number | null;
  /** max(n1, n2) / min(n1, n2). */
  ratio: number;
  /** One node is over five times as frequent as the other: c and Jaccard understate the link. */
  unbalanced: boolean;
  /** c above 1 or undefined: n12 counts pairs, and overlapping occurrences can pair many times. */
  outOfRange: boolean;
}

export interface CooccurResult {
  nodes: { id: string; n: number }[];
  /** Every pair of listed nodes with n12 > 0, strongest first. */
  pairs: CooccurPair[];
  /** nodes × nodes: the measure (n12 for count); null on the diagonal and for left-out pairs. */
  matrix: (number | null)[][];
  counts: number[][];
  excerpts: number;
  codedExcerpts: number;
  reachingExcerpts: number;
  occurrences: number;
  /** Ancestor/descendant pairs among the listed nodes (code level), left out. */
  leftOut: number;
}

export const UNBALANCED_RATIO = 5;

/** Value of a measure for one pair (DESIGN: n1, n2, n12 as in the module comment). */
export function measureValue(m: CooccurMeasure, unit: CooccurUnit, c: { n1: number; n2: number; n12: number; same: number; linked: number }, total: number): number | null {
  switch (m) {
    case 'count': return c.n12;
    case 'c': { const d = c.n1 + c.n2 - c.n12; return d > 0 ? c.n12 / d : null; }
    case 'jaccard': {
      // Occurrences of either node that co-occur with the other, over occurrences of either node;
      // for `excerpt` this is n12 / (n1 + n2 − n12), the Jaccard index of the two excerpt sets.
      const either = c.n1 + c.n2 - (unit.kind === 'excerpt' ? c.n12 : c.same);
      return either > 0 ? (unit.kind === 'excerpt' ? c.n12 : c.linked) / either : null;
    }
    case 'lift': return c.n1 > 0 && c.n2 > 0 && total > 0 ? (c.n12 * total) / (c.n1 * c.n2) : null;
  }
}

export interface FinishCooccurOptions {
  measure: CooccurMeasure;
  unit: CooccurUnit;
  level: CooccurLevel;
  /** Nodes in display order; `always` ones show even when they never occur (levers, dimensions). */
  order: { id: string; always: boolean }[];
  index: CodeIndex;
}

export function finishCooccur(t: CooccurTotals, o: FinishCooccurOptions): CooccurResult {
  const nOf = (id: string) => { const k = t.index.get(id); return k === undefined ? 0 : t.n[k]; };
  const listed = o.order.filter((x) => x.always || nOf(x.id) > 0).map((x) => x.id);
  const known = new Set(o.order.map((x) => x.id));
  // Codes outside the codebook (files given without one) follow, in id order.
  listed.push(...t.ids.filter((id) => !known.has(id) && nOf(id) > 0).sort());
  const nodes = listed.map((id) => ({ id, n: nOf(id) }));
  const isLineage = (a: string, b: string) => o.level.kind === 'code' && (o.index.codesFor(a).includes(b) || o.index.codesFor(b).includes(a));
  const pairs: CooccurPair[] = [];
  const matrix: (number | null)[][] = nodes.map(() => nodes.map(() => null));
  const counts: number[][] = nodes.map(() => nodes.map(() => 0));
  let leftOut = 0;
  for (let i = 0; i < nodes.length; i++) {
    counts[i][i] = nodes[i].n;
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i];
      const b = nodes[j];
      if (isLineage(a.id, b.id)) { leftOut++; continue; }
      const cell = pairCounts(t, a.id, b.id) ?? { n12: 0, same: 0, linked: 0 };
      const c = { n1: a.n, n2: b.n, ...cell };
      const value = a.n && b.n ? measureValue(o.measure, o.unit, c, t.excerpts) : null;
      matrix[i][j] = matrix[j][i] = value;
      counts[i][j] = counts[j][i] = cell.n12;
      if (!cell.n12) continue;
      const lo = Math.min(a.n, b.n);
      const hi = Math.max(a.n, b.n);
      const cValue = measureValue('c', o.unit, c, t.excerpts);
      pairs.push({
        a: a.id, b: b.id, ...c, value,
        ratio: lo > 0 ? hi / lo : Number.POSITIVE_INFINITY,
        unbalanced: hi > UNBALANCED_RATIO * lo,
        outOfRange: cValue === null || cValue > 1,
      });
    }
  }
  pairs.sort((p, q) => (q.value ?? -1) - (p.value ?? -1) || q.n12 - p.n12 || p.a.localeCompare(q.a) || p.b.localeCompare(q.b));
  let occurrences = 0;
  for (const v of t.n) occurrences += v;
  return { nodes, pairs, matrix, counts, excerpts: t.excerpts, codedExcerpts: t.codedExcerpts, reachingExcerpts: t.reachingExcerpts, occurrences, leftOut };
}

/** An example of a pair: the excerpt of the first occurrence, and the partner's when elsewhere. */
export interface CooccurExample {
  excerpt: Excerpt;
  partner?: Excerpt;
}

/**
 * Up to `max` examples per wanted pair in one document, in document order (a second pass over the
 * corpus for `--top`, so the first pass never holds excerpt texts).
 */
export function cooccurExamples(doc: Document, spec: CooccurSpec, index: CodeIndex, wanted: ReadonlySet<string>, max = 2): Map<string, CooccurExample[]> {
  const d = occurrencesOf(doc, spec, index);
  const out = new Map<string, CooccurExample[]>();
  const take = (a: number, b: number, i: number, j: number) => {
    const id = pairId(d.nodes[a], d.nodes[b]);
    if (!wanted.has(id)) return;
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    const x = doc.excerpts[d.occ[i].excerpt];
    const y = doc.excerpts[d.occ[j].excerpt];
    if (list.length >= max || list.some((e) => e.excerpt === x)) return;
    list.push(x === y ? { excerpt: x } : { excerpt: x, partner: y });
  };
  forEachRelated(d.occ, spec.unit, (i, j) => {
    const A = d.occ[i].nodes;
    const B = d.occ[j].nodes;
    for (const a of A) for (const b of B) if (a !== b) take(a, b, i, j);
  });
  return out;
}
