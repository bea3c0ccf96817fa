/**
 * The one corpus pass of `hefboom report`: each document is reduced to a small partial (counts per
 * lever and MeMoQ dimension × role, site and source type; the code co-occurrence partial; a few
 * exemplar candidates per lever and dimension), and partials are merged after the coder rule. So a
 * corpus of a million excerpts is reported in memory bounded by the tables, not by the corpus.
 *
 * Partials are plain data and Maps (structured-cloneable): they cross worker threads.
 */
import type { Document, Excerpt } from '../model/types.js';
import type { CodeIndex } from '../model/codebook.js';
import { detach } from '../io/yaml.js';
import { attributeOf, speakerKey } from './attributes.js';
import { lengthScore, type QuoteCandidate } from './quotes.js';
import { cooccurDocument, emptyTotals, mergeCooccur, type CooccurPartial, type CooccurSpec, type CooccurTotals } from './cooccur.js';
import type { Selection } from './select.js';

/** The frameworks the report is organised by; a group is `<framework>:<top-level node>`. */
export const REPORT_FRAMEWORKS = ['levers', 'memoq'] as const;
export type ReportFramework = (typeof REPORT_FRAMEWORKS)[number];

export interface ReportScanSpec {
  /** Exemplars wanted per lever / dimension; each document keeps this many candidates per group. */
  exemplars: number;
}

/** Code co-occurrence within excerpts, with roll-up (as `hefboom cooccur --level code`). */
export const REPORT_COOCCUR: CooccurSpec = { level: { kind: 'code' }, unit: { kind: 'excerpt' }, selection: {} };

export interface GroupPartial {
  /** Excerpts that reach the node (once each, however many of their codes map there). */
  excerpts: number;
  byRole: Map<string, number>;
  bySite: Map<string, number>;
  bySource: Map<string, number>;
  /** Excerpts tagged with the node itself (`#L3`, `#memoq:welbevinden`) rather than through a code. */
  direct: number;
  /** Tip (a child node) → sites of the excerpts coded to it. */
  tipSites: Map<string, Set<string>>;
  /** Best exemplar candidates of this document, in document order (detached copies). */
  candidates: QuoteCandidate[];
}

export interface ReportPartial {
  excerpts: number;
  /** Excerpts with at least one coding. */
  coded: number;
  /** Coded references (a reference across paragraphs counts once, as `tally --unit codings`). */
  codings: number;
  byRole: Map<string, number>;
  bySite: Map<string, number>;
  bySource: Map<string, number>;
  /** `levers:L3`, `memoq:welbevinden` → what the document holds of it. */
  groups: Map<string, GroupPartial>;
  /** Excerpts that reach at least one lever: the Explore selection. */
  leverExcerpts: number;
  cooccur: CooccurPartial;
}

export const groupKey = (framework: string, node: string) => `${framework}:${node}`;

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

function emptyGroup(): GroupPartial {
  return { excerpts: 0, byRole: new Map(), bySite: new Map(), bySource: new Map(), direct: 0, tipSites: new Map(), candidates: [] };
}

/** The highest score quotes.ts baseScore gives a targeted candidate: clean (+3) and of medium length (+2). */
export const MAX_SCORE = 5;

/**
 * The target part of quotes.ts baseScore for an excerpt that reaches the target and `others` other
 * nodes at its level: + 3 when clean, − 1 per other node (at most − 3).
 */
export function targetScore(others: number): number {
  return others === 0 ? 3 : -Math.min(3, others);
}

interface Scored { x: Excerpt; score: number; who: string }

/** The selection whose exemplars are scored: the excerpts of one lever or dimension. */
export function groupSelection(framework: string, node: string): Selection {
  return { nodes: [{ framework, node }] };
}

/** A copy of an excerpt that holds no slice of the document's text, so the document can be freed. */
function detachedExcerpt(x: Excerpt): Excerpt {
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(x.attributes)) attributes[k] = detach(v);
  return {
    id: detach(x.id),
    documentId: detach(x.documentId),
    ordinal: x.ordinal,
    text: detach(x.text ?? ''),
    start: x.start,
    end: x.end,
    line: x.line,
    ...(x.time ? { time: { ...x.time } } : {}),
    speaker: {
      label: detach(x.speaker.label),
      role: x.speaker.role,
      ...(x.speaker.number !== undefined ? { number: x.speaker.number } : {}),
      ...(x.speaker.name !== undefined ? { name: detach(x.speaker.name) } : {}),
    },
    attributes,
    codings: x.codings.map((c) => ({ codeId: c.codeId, coder: c.coder, start: c.start, end: c.end })),
  };
}

/** A detached quote candidate (what exemplars and Explore keep of an excerpt). */
export function candidateOf(x: Excerpt, doc: Pick<Document, 'id' | 'path' | 'coder' | 'format'>): QuoteCandidate {
  const codes: string[] = [];
  for (const c of x.codings) if (!codes.includes(c.codeId)) codes.push(c.codeId);
  return { excerpt: detachedExcerpt(x), document: { id: detach(doc.id), path: detach(doc.path), coder: doc.coder, format: doc.format }, codes };
}

/**
 * Which of a document's scored candidates to keep: best first, one per speaker before a speaker's
 * second, so the corpus-wide spread-aware choice (quotes.ts pickBest) still has other voices to
 * choose from. Returned in document order.
 */
function keepCandidates(scored: Scored[], n: number): Excerpt[] {
  if (scored.length <= n) return scored.map((s) => s.x);
  const byScore = [...scored].sort((a, b) => b.score - a.score || a.x.ordinal - b.x.ordinal);
  const kept = new Set<Scored>();
  const speakers = new Set<string>();
  for (const s of byScore) {
    if (kept.size >= n) break;
    if (!speakers.has(s.who)) { kept.add(s); speakers.add(s.who); }
  }
  for (const s of byScore) {
    if (kept.size >= n) break;
    kept.add(s);
  }
  return scored.filter((s) => kept.has(s)).map((s) => s.x);
}

/** What one coding's code counts for in each report framework, looked up once per code. */
interface CodeReach {
  /** Per framework (order of REPORT_FRAMEWORKS): the top-level nodes it reaches (roll-up). */
  top: (readonly string[])[];
  /** A framework node tagged directly (`#L3`), not a codebook code. */
  direct: boolean;
  /** Tips (child nodes of a lever) it is coded to, with their lever. */
  tips: { tip: string; lever: string }[];
}

const reachCache = new WeakMap<CodeIndex, Map<string, CodeReach>>();

function reachOf(codeId: string, index: CodeIndex): CodeReach {
  let byCode = reachCache.get(index);
  if (!byCode) reachCache.set(index, (byCode = new Map()));
  let r = byCode.get(codeId);
  if (!r) {
    const tips: CodeReach['tips'] = [];
    for (const n of index.exactNodesFor(codeId, 'levers')) {
      const info = index.nodeInfo('levers', n);
      if (info && info.depth > 0) tips.push({ tip: n, lever: info.topId });
    }
    r = { top: REPORT_FRAMEWORKS.map((fw) => index.nodesFor(codeId, fw)), direct: codeId.startsWith('fw:'), tips };
    byCode.set(codeId, r);
  }
  return r;
}

/** A lever or dimension while one document is read: its partial and its exemplar candidates. */
interface Slot {
  key: string;
  g: GroupPartial;
  scored: Scored[];
  /** Speakers with a candidate of the highest possible score. */
  best: Set<string>;
  /** Per speaker, candidates so far by score (index score − MIN_SCORE). */
  bySpeaker: Map<string, Int32Array>;
}

/** The lowest score quotes.ts baseScore gives a candidate that reaches its target. */
const MIN_SCORE = -3;
/** The length part of the score is at most this. */
const MAX_LENGTH_SCORE = 2;

/** Candidates of one speaker scoring at least `score`. */
function atLeast(counts: Int32Array, score: number): number {
  let n = 0;
  for (let k = Math.max(0, score - MIN_SCORE); k < counts.length; k++) n += counts[k];
  return n;
}

/** Reduce one document to what the report needs of it. */
export function reportDocument(doc: Document, spec: ReportScanSpec, index: CodeIndex): ReportPartial {
  const p: ReportPartial = {
    excerpts: 0, coded: 0, codings: 0, byRole: new Map(), bySite: new Map(), bySource: new Map(),
    groups: new Map(), leverExcerpts: 0, cooccur: cooccurDocument(doc, REPORT_COOCCUR, index),
  };
  // Per framework, node → slot: no key strings are built per excerpt.
  const slots = REPORT_FRAMEWORKS.map(() => new Map<string, Slot>());
  const slotOf = (f: number, node: string): Slot => {
    let s = slots[f].get(node);
    if (!s) {
      const key = groupKey(REPORT_FRAMEWORKS[f], node);
      s = { key, g: emptyGroup(), scored: [], best: new Set(), bySpeaker: new Map() };
      slots[f].set(node, s);
      p.groups.set(key, s.g);
    }
    return s;
  };
  // speakerKey builds a string per call; within a document it depends on the name, or on the site,
  // role and number (or whether there is a label), so it is looked up by those instead.
  const byName = new Map<string, string>();
  const bySite = new Map<string, Map<string, Map<number, string>>>();
  const speakerOf = (x: Excerpt): string => {
    const sp = x.speaker;
    if (sp.name) {
      let k = byName.get(sp.name);
      if (k === undefined) byName.set(sp.name, (k = speakerKey(x, doc)));
      return k;
    }
    const site = x.attributes.site ?? '';
    let byRole = bySite.get(site);
    if (!byRole) bySite.set(site, (byRole = new Map()));
    let byWho = byRole.get(sp.role);
    if (!byWho) byRole.set(sp.role, (byWho = new Map()));
    const who = sp.number ?? (sp.label ? -1 : -2);
    let k = byWho.get(who);
    if (k === undefined) byWho.set(who, (k = speakerKey(x, doc)));
    return k;
  };
  const seenRefs = new Set<string>();
  // Reused per excerpt (most excerpts carry one to three codes, so arrays beat sets here).
  const nodes: string[] = [];
  const direct: string[] = [];
  const tips: string[] = [];
  for (const x of doc.excerpts) {
    p.excerpts++;
    const role = x.speaker.role;
    const site = attributeOf(x, doc, 'site');
    const source = attributeOf(x, doc, 'source_type');
    bump(p.byRole, role);
    bump(p.bySite, site);
    bump(p.bySource, source);
    if (!x.codings.length) continue;
    p.coded++;
    for (const c of x.codings) {
      if (c.ref !== undefined) {
        const key = `${c.ref}\u0000${c.codeId}`;
        if (seenRefs.has(key)) continue;
        seenRefs.add(key);
      }
      p.codings++;
    }
    let length: number | undefined;
    let who: string | undefined;
    for (let f = 0; f < REPORT_FRAMEWORKS.length; f++) {
      const fw = REPORT_FRAMEWORKS[f];
      nodes.length = 0;
      direct.length = 0;
      tips.length = 0;
      for (const c of x.codings) {
        const reach = reachOf(c.codeId, index);
        const top = reach.top[f];
        for (const n of top) if (!nodes.includes(n)) nodes.push(n);
        if (reach.direct) for (const n of top) if (!direct.includes(n)) direct.push(n);
        if (fw === 'levers') for (const t of reach.tips) if (!tips.includes(t.tip)) tips.push(t.tip);
      }
      if (fw === 'levers' && nodes.length) p.leverExcerpts++;
      for (const n of nodes) {
        const s = slotOf(f, n);
        const g = s.g;
        g.excerpts++;
        bump(g.byRole, role);
        bump(g.bySite, site);
        bump(g.bySource, source);
        if (direct.includes(n)) g.direct++;
        // Once `exemplars` speakers each have a candidate with the highest possible score, no later
        // excerpt can displace them (ties go to the earlier one): the rest of the document is not scored.
        if (spec.exemplars <= 0 || s.best.size >= spec.exemplars) continue;
        // quotes.ts baseScore, without its lookups: the length part is the same for every group, and
        // for a top-level node the excerpt reaches, the other nodes it carries are the rest of `nodes`.
        const target = targetScore(nodes.length - 1);
        who ??= speakerOf(x);
        let counts = s.bySpeaker.get(who);
        if (!counts) s.bySpeaker.set(who, (counts = new Int32Array(MAX_SCORE - MIN_SCORE + 1)));
        // A speaker who already has `exemplars` earlier candidates scoring at least what this one could
        // reach keeps them all ahead of it (ties go to the earlier): it cannot be kept, so it is not scored.
        if (atLeast(counts, target + MAX_LENGTH_SCORE) >= spec.exemplars) continue;
        length ??= lengthScore(x.text ?? '');
        const score = length + target;
        s.scored.push({ x, score, who });
        counts[score - MIN_SCORE]++;
        if (score >= MAX_SCORE) s.best.add(who);
      }
      for (const t of tips) {
        const g = slotOf(f, index.nodeInfo(fw, t)!.topId).g;
        let sites = g.tipSites.get(t);
        if (!sites) g.tipSites.set(t, (sites = new Set()));
        if (x.attributes.site) sites.add(detach(x.attributes.site));
      }
    }
  }
  for (const byNode of slots) {
    for (const s of byNode.values()) if (s.scored.length) s.g.candidates = keepCandidates(s.scored, spec.exemplars).map((x) => candidateOf(x, doc));
  }
  return p;
}

/** Everything the chosen documents hold, merged. */
export interface ReportTotals {
  documents: number;
  excerpts: number;
  coded: number;
  codings: number;
  byRole: Map<string, number>;
  bySite: Map<string, number>;
  bySource: Map<string, number>;
  groups: Map<string, GroupPartial & { documents: number }>;
  leverExcerpts: number;
  cooccur: CooccurTotals;
}

export function emptyReportTotals(): ReportTotals {
  return {
    documents: 0, excerpts: 0, coded: 0, codings: 0, byRole: new Map(), bySite: new Map(), bySource: new Map(),
    groups: new Map(), leverExcerpts: 0, cooccur: emptyTotals(),
  };
}

/** Merge one document's partial (in the order of the chosen documents, so candidates stay in document order). */
export function mergeReport(into: ReportTotals, p: ReportPartial): ReportTotals {
  into.documents++;
  into.excerpts += p.excerpts;
  into.coded += p.coded;
  into.codings += p.codings;
  into.leverExcerpts += p.leverExcerpts;
  for (const [k, v] of p.byRole) bump(into.byRole, k, v);
  for (const [k, v] of p.bySite) bump(into.bySite, k, v);
  for (const [k, v] of p.bySource) bump(into.bySource, k, v);
  for (const [key, g] of p.groups) {
    let t = into.groups.get(key);
    if (!t) { t = { ...emptyGroup(), documents: 0 }; into.groups.set(key, t); }
    if (g.excerpts > 0) t.documents++;
    t.excerpts += g.excerpts;
    t.direct += g.direct;
    for (const [k, v] of g.byRole) bump(t.byRole, k, v);
    for (const [k, v] of g.bySite) bump(t.bySite, k, v);
    for (const [k, v] of g.bySource) bump(t.bySource, k, v);
    for (const [tip, sites] of g.tipSites) {
      let s = t.tipSites.get(tip);
      if (!s) t.tipSites.set(tip, (s = new Set()));
      for (const site of sites) s.add(site);
    }
    for (const c of g.candidates) t.candidates.push(c);
  }
  mergeCooccur(into.cooccur, p.cooccur);
  return into;
}
