/**
 * Inter-coder agreement (`hefboom agree`, DESIGN.md §3 coders and document identity, §7). Pure: the
 * CLI hands in every coder's summarised version of the shared documents; out come, per row (code,
 * lever …) and overall, the counts behind the figures, percent agreement, Cohen's κ (2 coders) or
 * Fleiss' κ (more), Krippendorff's α (nominal) with a bootstrap interval, and the excerpts on which the
 * coders differ most.
 *
 * Units: `excerpt` (presence of a row per aligned paragraph), `document` (presence per document) and
 * `character` (per character of the paragraphs, from merged coded intervals). "Overall" pools every
 * unit × row decision over the rows at least one coder used.
 */
import { cohenKappa } from '../stats/cohen-kappa.js';
import { fleissKappa } from '../stats/fleiss-kappa.js';
import { krippendorffAlpha } from '../stats/krippendorff-alpha.js';
import { krippendorffAlphaBootstrap } from '../stats/krippendorff-alpha-bootstrap.js';
import { seededRandom } from '../stats/random.js';
import { StatsInputError, type Interval } from '../stats/types.js';
import { alphaFromHistogram, fleissFromHistogram, histogramSize, meanPairAgreement, percentileInterval, slotBase, slotOf } from './agreement-stats.js';
import { coveredLength, mergeIntervals, onReference, sweepCounts, type AgreementUnit, type ParagraphSummary, type VersionSummary } from './agreement-units.js';

/** Input that cannot be compared as asked (the CLI turns it into a usage error, exit 2). */
export class AgreementInputError extends Error {
  constructor(message: string, readonly hint?: string) { super(message); }
}

export interface DocumentVersion {
  /** Source file (relative to the project), for provenance. */
  path: string;
  summary: VersionSummary;
}

export interface SharedDocument {
  id: string;
  /** One entry per compared coder (same order as `coders`); undefined when that coder did not code it. */
  versions: (DocumentVersion | undefined)[];
}

export interface AgreementOptions {
  unit: AgreementUnit;
  coders: string[];
  /** Every known row in display order (codebook tree, framework order). Used rows not listed go last. */
  rowOrder: string[];
  /** Show the rows of rowOrder even when nobody used them (levers: a lever nobody codes is a finding). */
  showUnused: boolean;
  /** Rows to compare (from --code/--lever …); all when absent. */
  keepRow?: (row: string) => boolean;
  /** Leave out units (excerpts, documents, characters) that no coder coded with any compared row. */
  excludeUncoded: boolean;
  /** Bootstrap interval for α; none when absent. */
  bootstrap?: { samples: number; seed: number; level: number };
  /** How many disagreements to list (0: none). */
  disagreements: number;
}

export interface AgreementCounts {
  /** Units with values from 2 or more coders (for the character unit: characters). */
  units: number;
  /** Units with values from every compared coder. */
  complete: number;
  /** Per coder (order of `coders`): units they coded with the row. */
  coded: number[];
  /** Complete units that every coder coded with the row, and that no coder coded with it. */
  allPresent: number;
  allAbsent: number;
  /** Two coders: both, only the first, only the second, neither. */
  both?: number;
  onlyFirst?: number;
  onlySecond?: number;
  neither?: number;
}

export interface AgreementRow {
  id: string;
  /** Some coder coded it in a compared unit. */
  used: boolean;
  counts: AgreementCounts;
  /** 0–100: two coders, share of units on which they agree; more, mean share of agreeing coder pairs per unit. */
  percentAgreement: number | null;
  kappa: number | null;
  alpha: number | null;
  alphaCi: (Interval & { validSamples: number }) | null;
  /** Why a figure is missing (κ or α undefined, no interval). */
  notes: string[];
}

export interface DisagreementVersion {
  coder: string;
  path: string;
  line: number;
  rows: string[];
}

export interface Disagreement {
  document: string;
  excerpt: string;
  ordinal: number;
  /** Rows on which the coders differ in this excerpt. */
  differOn: string[];
  /** Character unit: characters of the excerpt on which the coders differ (summed over rows). */
  characters?: number;
  versions: DisagreementVersion[];
  text?: string;
}

export interface AgreementResult {
  unit: AgreementUnit;
  coders: string[];
  rows: AgreementRow[];
  /** Pooled over the used rows; `rows` is how many were pooled. */
  overall: AgreementRow & { pooledRows: number };
  disagreements: Disagreement[];
  /** Excerpts on which the coders differ at all (the list shows the first `disagreements`). */
  disagreementCount: number;
  documents: { id: string; coders: string[] }[];
  skipped: { id: string; reason: string }[];
  /** Excerpts compared (excerpt and character units) or documents (document unit). */
  comparedUnits: number;
  kappaMethod: 'cohen' | 'fleiss';
  bootstrap: { samples: number; seed: number; level: number; resampled: string } | null;
}

const note = (e: unknown): string => (e instanceof StatsInputError ? e.message : String(e));

/** Is the document usable at this unit? Paragraph alignment needs the full text in every version. */
function usable(doc: SharedDocument, unit: AgreementUnit): string | undefined {
  const present = doc.versions.filter((v): v is DocumentVersion => !!v);
  if (unit !== 'document' && present.some((v) => !v.summary.hasFullText)) {
    return 'a version has no full text (segment rows without offsets, a QDA CSV), so its paragraphs cannot be aligned; only --unit document can use it';
  }
  if (unit !== 'document') {
    const n = present[0].summary.paragraphs.length;
    const other = present.find((v) => v.summary.paragraphs.length !== n);
    if (other) {
      throw new AgreementInputError(
        `document "${doc.id}" has ${n} paragraphs in ${present[0].path} but ${other.summary.paragraphs.length} in ${other.path}; paragraphs align by ordinal`,
        'give both copies the same paragraphs (blank lines between the same blocks), or use --unit document',
      );
    }
  }
  return undefined;
}

/** Unit of the excerpt/document computation: each coder's rows, or null when the coder has no version. */
type PresenceUnit = (ReadonlySet<string> | null)[];

export function computeAgreement(docs: SharedDocument[], opts: AgreementOptions): AgreementResult {
  const m = opts.coders.length;
  if (m < 2) throw new AgreementInputError(`agreement needs at least two coders; got ${m}`);
  const keep = opts.keepRow ?? (() => true);
  const skipped: { id: string; reason: string }[] = [];
  const used: SharedDocument[] = [];
  for (const d of docs) {
    if (d.versions.filter(Boolean).length < 2) continue;
    const why = usable(d, opts.unit);
    if (why) skipped.push({ id: d.id, reason: why });
    else used.push(d);
  }
  const core = opts.unit === 'character' ? characterAgreement(used, opts, keep) : presenceAgreement(used, opts, keep);
  const disagreements = opts.disagreements > 0 ? findDisagreements(used.filter((d) => d.versions.every((v) => !v || v.summary.hasFullText)), opts, keep, core.differences) : [];
  return {
    unit: opts.unit,
    coders: opts.coders,
    rows: core.rows,
    overall: core.overall,
    disagreements: disagreements.slice(0, opts.disagreements),
    disagreementCount: disagreements.length,
    documents: used.map((d) => ({ id: d.id, coders: opts.coders.filter((_, j) => d.versions[j]) })),
    skipped,
    comparedUnits: core.paragraphs,
    kappaMethod: m === 2 ? 'cohen' : 'fleiss',
    bootstrap: opts.bootstrap ? { ...opts.bootstrap, resampled: core.resampled } : null,
  };
}

/** The rows shown: the fixed ones, then used rows in display order, then used rows not in the order. */
function displayRows(usedRows: Set<string>, opts: AgreementOptions, keep: (r: string) => boolean): string[] {
  const order = opts.rowOrder.filter((r) => keep(r) && (opts.showUnused || usedRows.has(r)));
  const listed = new Set(order);
  const extra = [...usedRows].filter((r) => !listed.has(r) && keep(r)).sort();
  return [...order, ...extra];
}

function emptyCounts(m: number): AgreementCounts {
  return { units: 0, complete: 0, coded: new Array<number>(m).fill(0), allPresent: 0, allAbsent: 0, ...(m === 2 ? { both: 0, onlyFirst: 0, onlySecond: 0, neither: 0 } : {}) };
}

function addCounts(into: AgreementCounts, c: AgreementCounts): void {
  into.units += c.units;
  into.complete += c.complete;
  c.coded.forEach((v, j) => { into.coded[j] += v; });
  into.allPresent += c.allPresent;
  into.allAbsent += c.allAbsent;
  if (into.both !== undefined) {
    into.both += c.both!; into.onlyFirst! += c.onlyFirst!; into.onlySecond! += c.onlySecond!; into.neither! += c.neither!;
  }
}

/** κ from counts: Cohen's from the 2 × 2 table, Fleiss' from the complete units. */
function kappaOf(counts: AgreementCounts, m: number, fleissRows: () => number[][]): { kappa: number | null; note?: string } {
  try {
    if (m === 2) {
      return { kappa: cohenKappa({ table: [[counts.neither!, counts.onlySecond!], [counts.onlyFirst!, counts.both!]] }).kappa };
    }
    if (counts.complete === 0) return { kappa: null, note: 'kappa: no unit was coded by every coder, so Fleiss\' kappa has no subject' };
    return { kappa: fleissKappa(fleissRows()).kappa };
  } catch (e) {
    return { kappa: null, note: `kappa: ${note(e)}` };
  }
}

function percentOf(counts: AgreementCounts, hist: Float64Array, m: number): number | null {
  if (m === 2) return counts.units ? ((counts.both! + counts.neither!) / counts.units) * 100 : null;
  const p = meanPairAgreement(hist, m);
  return p === null ? null : p * 100;
}

// ─── excerpt and document units ────────────────────────────────────────────────────────────────

function presenceUnits(docs: SharedDocument[], opts: AgreementOptions, keep: (r: string) => boolean): PresenceUnit[] {
  const units: PresenceUnit[] = [];
  const rowsOf = (p: ParagraphSummary) => p.rows.filter(keep);
  for (const d of docs) {
    const present = d.versions.map((v) => v?.summary.paragraphs);
    if (opts.unit === 'document') {
      if (!present.some((ps) => ps?.some((p) => p.selected))) continue;
      units.push(present.map((ps) => (ps ? new Set(ps.filter((p) => p.selected).flatMap(rowsOf)) : null)));
      continue;
    }
    const n = present.find(Boolean)!.length;
    for (let i = 0; i < n; i++) {
      if (!present.some((ps) => ps?.[i].selected)) continue;
      units.push(present.map((ps) => (ps ? new Set(rowsOf(ps[i])) : null)));
    }
  }
  return opts.excludeUncoded ? units.filter((u) => u.some((s) => s && s.size > 0)) : units;
}

function presenceAgreement(docs: SharedDocument[], opts: AgreementOptions, keep: (r: string) => boolean) {
  const m = opts.coders.length;
  const units = presenceUnits(docs, opts, keep);
  const usedRows = new Set<string>();
  for (const u of units) for (const s of u) if (s) for (const r of s) usedRows.add(r);
  const rows: AgreementRow[] = [];
  const pooledValues: (number | null)[][] = opts.coders.map(() => []);
  const pooledCounts = emptyCounts(m);
  const pooledHist = new Float64Array(histogramSize(m));
  let pooledRows = 0;
  for (const id of displayRows(usedRows, opts, keep)) {
    const values = opts.coders.map((_, j) => units.map((u) => (u[j] ? (u[j]!.has(id) ? 1 : 0) : null)));
    const { counts, hist } = presenceCounts(values, m);
    const row = presenceStats(id, usedRows.has(id), values, counts, hist, m, opts);
    rows.push(row);
    if (row.used) {
      pooledRows++;
      values.forEach((v, j) => { for (const x of v) pooledValues[j].push(x); });
      addCounts(pooledCounts, counts);
      for (let i = 0; i < hist.length; i++) pooledHist[i] += hist[i];
    }
  }
  const overall = presenceStats('(overall)', pooledRows > 0, pooledValues, pooledCounts, pooledHist, m, opts);
  if (!pooledRows) overall.notes.push('no coder used any of the compared codes in these units');
  return {
    rows,
    overall: { ...overall, pooledRows },
    paragraphs: units.length,
    differences: undefined,
    resampled: opts.unit === 'document' ? 'documents (per code); unit × code decisions (overall)' : 'excerpts (per code); unit × code decisions (overall)',
  };
}

function presenceCounts(values: (number | null)[][], m: number): { counts: AgreementCounts; hist: Float64Array } {
  const counts = emptyCounts(m);
  const hist = new Float64Array(histogramSize(m));
  const n = values[0]?.length ?? 0;
  for (let u = 0; u < n; u++) {
    let mu = 0;
    let k = 0;
    for (let j = 0; j < m; j++) {
      const v = values[j][u];
      if (v === null) continue;
      mu++;
      if (v) { k++; counts.coded[j]++; }
    }
    if (mu < 2) continue;
    counts.units++;
    hist[slotOf(mu, k)]++;
    if (mu === m) {
      counts.complete++;
      if (k === m) counts.allPresent++;
      if (k === 0) counts.allAbsent++;
    }
    if (m === 2) {
      if (k === 2) counts.both!++;
      else if (k === 0) counts.neither!++;
      else if (values[0][u]) counts.onlyFirst!++;
      else counts.onlySecond!++;
    }
  }
  return { counts, hist };
}

function presenceStats(id: string, isUsed: boolean, values: (number | null)[][], counts: AgreementCounts, hist: Float64Array, m: number, opts: AgreementOptions): AgreementRow {
  const notes: string[] = [];
  const fleissRows = () => {
    const shapes = Array.from({ length: m + 1 }, (_, k) => [m - k, k]);
    const out: number[][] = [];
    for (let k = 0; k <= m; k++) for (let i = 0; i < hist[slotOf(m, k)]; i++) out.push(shapes[k]);
    return out;
  };
  const k = kappaOf(counts, m, fleissRows);
  if (k.note) notes.push(k.note);
  let alpha: number | null = null;
  let alphaCi: AgreementRow['alphaCi'] = null;
  if (counts.units > 0) {
    try {
      if (opts.bootstrap) {
        try {
          const b = krippendorffAlphaBootstrap(values, { metric: 'nominal', samples: opts.bootstrap.samples, seed: opts.bootstrap.seed, level: opts.bootstrap.level });
          alpha = b.alpha;
          alphaCi = { ...b.ci, validSamples: b.validSamples };
        } catch (e) {
          alpha = krippendorffAlpha(values, { metric: 'nominal' }).alpha;
          notes.push(`no interval: ${note(e)}`);
        }
      } else {
        alpha = krippendorffAlpha(values, { metric: 'nominal' }).alpha;
      }
    } catch (e) {
      notes.push(`alpha: ${note(e)}`);
    }
  }
  return { id, used: isUsed, counts, percentAgreement: percentOf(counts, hist, m), kappa: k.kappa, alpha, alphaCi, notes };
}

// ─── character unit ────────────────────────────────────────────────────────────────────────────

interface CharacterParagraph {
  /** Coders with a version. */
  mu: number;
  /** Characters compared: the paragraph, or (--exclude-uncoded) those some coder coded. */
  size: number;
}

/** One paragraph's contribution to one row: its slot counts for k = 0 … μ and each coder's coverage. */
interface RowPiece {
  paragraph: number;
  slots: number[];
  coded: number[];
  first?: number;
  second?: number;
}

function characterAgreement(docs: SharedDocument[], opts: AgreementOptions, keep: (r: string) => boolean) {
  const m = opts.coders.length;
  const paragraphs: CharacterParagraph[] = [];
  const pieces = new Map<string, RowPiece[]>();
  // Rows and characters on which the coders differ, per excerpt (for the disagreement list).
  const differences = new Map<ParagraphSummary, { rows: string[]; characters: number }>();
  for (const d of docs) {
    const present = d.versions.map((v) => v?.summary.paragraphs);
    const idx = present.map((ps, j) => (ps ? j : -1)).filter((j) => j >= 0);
    const mu = idx.length;
    const n = present[idx[0]]!.length;
    for (let i = 0; i < n; i++) {
      if (!idx.some((j) => present[j]![i].selected)) continue;
      const refLength = present[idx[0]]![i].length;
      // Each coder's intervals per compared row, on the reference paragraph.
      const perCoder = idx.map((j) => {
        const p = present[j]![i];
        const out = new Map<string, number[]>();
        for (const [r, list] of p.spans ?? []) if (keep(r)) out.set(r, onReference(list, p.length, refLength));
        return out;
      });
      let size = refLength;
      let universe: number[] | undefined;
      if (opts.excludeUncoded) {
        const all: number[] = [];
        for (const rows of perCoder) for (const l of rows.values()) all.push(...l);
        universe = mergeIntervals(all);
        size = coveredLength(universe);
        if (size === 0) continue;
      }
      const paragraph = paragraphs.length;
      paragraphs.push({ mu, size });
      const rowIds = new Set<string>();
      for (const rows of perCoder) for (const r of rows.keys()) rowIds.add(r);
      for (const r of rowIds) {
        const lists = perCoder.map((rows) => rows.get(r) ?? []);
        const slots = new Array<number>(mu + 1).fill(0);
        sweepCounts(lists, refLength, slots);
        // Characters outside the universe were counted at k = 0 by the sweep: keep only the universe.
        let coded = 0;
        for (let k = 1; k <= mu; k++) coded += slots[k];
        slots[0] = size - coded;
        const cov = new Array<number>(m).fill(0);
        idx.forEach((j, t) => { cov[j] = coveredLength(lists[t]); });
        const piece: RowPiece = { paragraph, slots, coded: cov };
        let list = pieces.get(r);
        if (!list) pieces.set(r, (list = []));
        list.push(piece);
        if (opts.disagreements > 0) {
          let differ = 0;
          for (let k = 1; k < mu; k++) differ += slots[k];
          if (differ > 0) {
            const key = present[idx[0]]![i];
            let x = differences.get(key);
            if (!x) differences.set(key, (x = { rows: [], characters: 0 }));
            x.rows.push(r);
            x.characters += differ;
          }
        }
      }
    }
  }

  const base = new Float64Array(histogramSize(m));
  for (const p of paragraphs) base[slotOf(p.mu, 0)] += p.size;
  const baseCounts = (): AgreementCounts => {
    const c = emptyCounts(m);
    for (const p of paragraphs) {
      c.units += p.size;
      if (p.mu === m) { c.complete += p.size; c.allAbsent += p.size; }
      if (m === 2) c.neither! += p.size;
    }
    return c;
  };
  const rowHistogram = (list: readonly RowPiece[]): Float64Array => {
    const h = Float64Array.from(base);
    for (const piece of list) {
      const p = paragraphs[piece.paragraph];
      h[slotOf(p.mu, 0)] -= p.size;
      const b = slotBase(p.mu);
      for (let k = 0; k <= p.mu; k++) h[b + k] += piece.slots[k];
    }
    return h;
  };
  const rowCounts = (list: readonly RowPiece[]): AgreementCounts => {
    const c = baseCounts();
    for (const piece of list) {
      const p = paragraphs[piece.paragraph];
      piece.coded.forEach((v, j) => { c.coded[j] += v; });
      if (p.mu === m) {
        c.allAbsent += piece.slots[0] - p.size;
        c.allPresent += piece.slots[m];
      }
      if (m === 2) {
        const both = piece.slots[2];
        c.both! += both;
        c.onlyFirst! += piece.coded[0] - both;
        c.onlySecond! += piece.coded[1] - both;
        c.neither! += piece.slots[0] - p.size;
      }
    }
    return c;
  };

  const usedRows = new Set(pieces.keys());
  const shown = displayRows(usedRows, opts, keep);
  const rows: AgreementRow[] = [];
  const pooledHist = new Float64Array(histogramSize(m));
  const pooledCounts = emptyCounts(m);
  const usedShown: string[] = [];
  for (const id of shown) {
    const list = pieces.get(id) ?? [];
    const hist = rowHistogram(list);
    const counts = rowCounts(list);
    const row = histogramStats(id, usedRows.has(id), counts, hist, m);
    rows.push(row);
    if (row.used) {
      usedShown.push(id);
      for (let i = 0; i < hist.length; i++) pooledHist[i] += hist[i];
      addCounts(pooledCounts, counts);
    }
  }
  const overall = { ...histogramStats('(overall)', usedShown.length > 0, pooledCounts, pooledHist, m), pooledRows: usedShown.length };
  if (!usedShown.length) overall.notes.push('no coder used any of the compared codes in these units');

  if (opts.bootstrap) {
    bootstrapCharacters(paragraphs, usedShown.map((id) => pieces.get(id) ?? []), m, opts.bootstrap, (r, ci, why) => {
      const row = r < 0 ? overall : rows.find((x) => x.id === usedShown[r])!;
      if (row.alpha === null) return;
      if (ci) row.alphaCi = ci;
      else row.notes.push(`no interval: ${why}`);
    });
  }
  return { rows, overall, paragraphs: paragraphs.length, differences, resampled: 'excerpts (paragraphs, with all their characters)' };
}

function histogramStats(id: string, isUsed: boolean, counts: AgreementCounts, hist: Float64Array, m: number): AgreementRow {
  const notes: string[] = [];
  let kappa: number | null = null;
  try {
    if (m === 2) kappa = cohenKappa({ table: [[counts.neither!, counts.onlySecond!], [counts.onlyFirst!, counts.both!]] }).kappa;
    else kappa = fleissFromHistogram(hist, m).kappa;
  } catch (e) {
    notes.push(`kappa: ${note(e)}`);
  }
  let alpha: number | null = null;
  try {
    alpha = alphaFromHistogram(hist, m).alpha;
  } catch (e) {
    notes.push(`alpha: ${note(e)}`);
  }
  return { id, used: isUsed, counts, percentAgreement: percentOf(counts, hist, m), kappa, alpha, alphaCi: null, notes };
}

/**
 * Case bootstrap over whole excerpts (paragraphs): characters of one paragraph are far from
 * independent, so resampling characters would give intervals that are much too narrow. Each
 * resample draws the paragraphs with replacement (seeded Mulberry32, as the α bootstrap of
 * src/stats), adds up their pattern counts per row and evaluates α; the interval is the percentile
 * interval (R type 7) of the resamples on which α is defined. Cost: samples × (paragraphs + the
 * row pieces), never per character.
 */
function bootstrapCharacters(
  paragraphs: CharacterParagraph[],
  rowPieces: RowPiece[][],
  m: number,
  b: { samples: number; seed: number; level: number },
  report: (row: number, ci: (Interval & { validSamples: number }) | null, why?: string) => void,
): void {
  const P = paragraphs.length;
  const size = histogramSize(m);
  if (P < 2) {
    for (let r = -1; r < rowPieces.length; r++) report(r, null, `the bootstrap needs at least 2 excerpts; got ${P}`);
    return;
  }
  // Pieces by paragraph (compressed rows), so each resample walks memory in order: the loop below
  // runs samples × pieces times. A piece keeps its counts for k = 1 … μ; the characters nobody coded
  // (k = 0) follow from the resampled paragraph sizes.
  const paraSize = Float64Array.from(paragraphs, (p) => p.size);
  const paraBase = Int32Array.from(paragraphs, (p) => slotBase(p.mu));
  const paraMu = Int32Array.from(paragraphs, (p) => p.mu);
  const R = rowPieces.length;
  const start = new Int32Array(P + 1);
  for (const list of rowPieces) for (const piece of list) start[piece.paragraph + 1]++;
  for (let i = 0; i < P; i++) start[i + 1] += start[i];
  const total = start[P];
  const pieceRow = new Int32Array(total);
  const stride = m;
  const vals = new Float64Array(total * stride);
  const fill = start.slice(0, P);
  rowPieces.forEach((list, r) => {
    for (const piece of list) {
      const at = fill[piece.paragraph]++;
      pieceRow[at] = r * size;
      for (let k = 1; k < piece.slots.length; k++) vals[at * stride + k - 1] = piece.slots[k];
    }
  });
  const random = seededRandom(b.seed);
  const weight = new Float64Array(P);
  const sizes = new Float64Array(size);
  const H = new Float64Array(R * size);
  const h = new Float64Array(size);
  const pooled = new Float64Array(size);
  const estimates: number[][] = rowPieces.map(() => []);
  const pooledEstimates: number[] = [];
  for (let s = 0; s < b.samples; s++) {
    weight.fill(0);
    for (let i = 0; i < P; i++) weight[Math.floor(random() * P)]++;
    sizes.fill(0);
    H.fill(0);
    if (m === 2) {
      // Two coders (the usual case): every paragraph has slots 0–2; counts for k = 1, 2 only.
      for (let i = 0; i < P; i++) {
        const w = weight[i];
        if (!w) continue;
        sizes[0] += w * paraSize[i];
        for (let at = start[i], end = start[i + 1]; at < end; at++) {
          const o = pieceRow[at];
          H[o + 1] += w * vals[2 * at];
          H[o + 2] += w * vals[2 * at + 1];
        }
      }
    } else {
      for (let i = 0; i < P; i++) {
        const w = weight[i];
        if (!w) continue;
        const sb = paraBase[i] + 1;
        const mu = paraMu[i];
        sizes[sb - 1] += w * paraSize[i];
        for (let at = start[i]; at < start[i + 1]; at++) {
          const o = pieceRow[at] + sb;
          const v = at * stride;
          for (let k = 0; k < mu; k++) H[o + k] += w * vals[v + k];
        }
      }
    }
    pooled.fill(0);
    for (let r = 0; r < R; r++) {
      for (let i = 0; i < size; i++) h[i] = H[r * size + i];
      for (let mu = 2; mu <= m; mu++) {
        let coded = 0;
        for (let k = 1; k <= mu; k++) coded += h[slotOf(mu, k)];
        h[slotOf(mu, 0)] = sizes[slotOf(mu, 0)] - coded;
      }
      for (let i = 0; i < size; i++) pooled[i] += h[i];
      try { estimates[r].push(alphaFromHistogram(h, m).alpha); } catch { /* α undefined on this resample: left out and counted */ }
    }
    if (R) try { pooledEstimates.push(alphaFromHistogram(pooled, m).alpha); } catch { /* as above */ }
  }
  const finish = (r: number, list: number[]) => {
    if (list.length < 2) report(r, null, `alpha was defined on only ${list.length} of ${b.samples} resamples; the data vary too little for a bootstrap`);
    else {
      const ci = percentileInterval(list, b.level);
      report(r, { lower: ci.lower, upper: ci.upper, level: ci.level, validSamples: list.length });
    }
  };
  estimates.forEach((list, r) => finish(r, list));
  finish(-1, pooledEstimates);
}

// ─── disagreements ─────────────────────────────────────────────────────────────────────────────

/**
 * Excerpts on which the coders differ, most differing rows first (then, for characters, most
 * differing characters), ties in document order.
 */
function findDisagreements(
  docs: SharedDocument[],
  opts: AgreementOptions,
  keep: (r: string) => boolean,
  characterDifferences?: Map<ParagraphSummary, { rows: string[]; characters: number }>,
): Disagreement[] {
  const out: (Disagreement & { order: number })[] = [];
  let order = 0;
  const rank = new Map(opts.rowOrder.map((r, k) => [r, k]));
  const byRank = (a: string, b: string) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || a.localeCompare(b);
  for (const d of docs) {
    const present = d.versions.map((v) => v?.summary.paragraphs);
    const idx = present.map((ps, j) => (ps ? j : -1)).filter((j) => j >= 0);
    const n = present[idx[0]]!.length;
    for (let i = 0; i < n; i++, order++) {
      if (!idx.some((j) => present[j]![i].selected)) continue;
      const paras = idx.map((j) => present[j]![i]);
      const chars = characterDifferences?.get(paras[0]);
      if (characterDifferences && !chars) continue;
      const sets = paras.map((p) => new Set(p.rows.filter(keep)));
      const all = new Set<string>();
      for (const s of sets) for (const r of s) all.add(r);
      const differOn: string[] = [];
      let characters = 0;
      if (chars) {
        differOn.push(...chars.rows);
        characters = chars.characters;
      } else {
        for (const r of all) if (!sets.every((s) => s.has(r))) differOn.push(r);
      }
      if (!differOn.length) continue;
      differOn.sort(byRank);
      out.push({
        order,
        document: d.id,
        excerpt: paras[0].id,
        ordinal: paras[0].ordinal,
        differOn,
        ...(opts.unit === 'character' ? { characters } : {}),
        versions: idx.map((j, t) => ({ coder: opts.coders[j], path: d.versions[j]!.path, line: paras[t].line, rows: [...sets[t]].sort(byRank) })),
        ...(paras[0].text !== undefined ? { text: paras[0].text } : {}),
      });
    }
  }
  out.sort((a, b) => b.differOn.length - a.differOn.length || (b.characters ?? 0) - (a.characters ?? 0) || a.order - b.order);
  return out.map(({ order: _order, ...rest }) => rest);
}
