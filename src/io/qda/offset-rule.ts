/**
 * What a REFI-QDA selection offset counts. The spec (QDA-XML 1.0, §PlainTextSelection) counts Unicode
 * code points from 0 over the plain text; NVivo for Windows counts UTF-16 code units (so every emoji
 * counts twice) over the text with CRLF kept and the BOM dropped; other tools have been seen to count
 * a CRLF as one character. Importers that assume one rule put codings mid-word (QualCoder #37, #106).
 *
 * hefboom starts from the rule the exporting program implies, checks every rule against the text
 * (share of selections that start and end on a word boundary) and switches only when another rule fits
 * clearly better. Offsets are then translated to code points of the text as stored (BOM dropped, line
 * endings as in the file), which is what every hefboom offset means (DESIGN.md §3).
 */

export type OffsetRule = 'code-points' | 'utf16' | 'code-points-lf' | 'utf16-lf';
export const OFFSET_RULES: readonly OffsetRule[] = ['code-points', 'utf16', 'code-points-lf', 'utf16-lf'];

export const OFFSET_RULE_LABELS: Record<OffsetRule, string> = {
  'code-points': 'Unicode code points (the REFI-QDA rule)',
  utf16: 'UTF-16 code units (NVivo for Windows)',
  'code-points-lf': 'code points, a CRLF line break counted as one',
  'utf16-lf': 'UTF-16 code units, a CRLF line break counted as one',
};

/** The rule the exporting program is known to use, from `Project@origin`. */
export function expectedRule(origin: string | undefined): OffsetRule {
  const o = (origin ?? '').toLowerCase();
  if (o.includes('nvivo') && !o.includes('mac')) return 'utf16';
  return 'code-points';
}

/** A text prepared for offset translation: its code points and, lazily, one index per rule. */
export class OffsetText {
  readonly cps: Uint32Array;
  private readonly maps = new Map<OffsetRule, Int32Array>();

  constructor(readonly text: string) {
    const cps = new Uint32Array(text.length);
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const lo = text.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) { cps[n++] = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000; i++; continue; }
      }
      cps[n++] = c;
    }
    this.cps = cps.subarray(0, n);
  }

  get length(): number {
    return this.cps.length;
  }

  /** Code point index for an offset written under `rule`, or undefined when it falls outside the
   *  text or inside a character (half of a surrogate pair). */
  toCodePoint(rule: OffsetRule, offset: number): number | undefined {
    if (!Number.isInteger(offset) || offset < 0) return undefined;
    if (rule === 'code-points') return offset <= this.cps.length ? offset : undefined;
    const map = this.map(rule);
    if (offset >= map.length) return undefined;
    const v = map[offset];
    return v < 0 ? undefined : v;
  }

  /** Drop the indexes of every rule but `keep` (they are rebuilt when asked for again). */
  releaseIndexes(keep: OffsetRule): void {
    for (const rule of [...this.maps.keys()]) if (rule !== keep) this.maps.delete(rule);
  }

  /** A position is a word boundary unless it splits a word (letters/digits on both sides) or a CRLF. */
  isBoundary(cp: number): boolean {
    if (cp <= 0 || cp >= this.cps.length) return true;
    const before = this.cps[cp - 1];
    const after = this.cps[cp];
    if (before === 0x0d && after === 0x0a) return false;
    return !(isWordChar(before) && isWordChar(after));
  }

  /** Index from rule offsets to code points: position before each counted unit, plus the end. */
  private map(rule: OffsetRule): Int32Array {
    let m = this.maps.get(rule);
    if (m) return m;
    const utf16 = rule === 'utf16' || rule === 'utf16-lf';
    const dropCr = rule === 'code-points-lf' || rule === 'utf16-lf';
    const cps = this.cps;
    // At most two units per code point, plus the end: fill a typed array, then trim it.
    const out = new Int32Array(cps.length * (utf16 ? 2 : 1) + 1);
    let n = 0;
    for (let k = 0; k < cps.length; k++) {
      // The CR of a CRLF is not counted: the position before the LF is the position before the CR.
      if (dropCr && cps[k] === 0x0d && cps[k + 1] === 0x0a) continue;
      out[n++] = dropCr && cps[k] === 0x0a && k > 0 && cps[k - 1] === 0x0d ? k - 1 : k;
      if (utf16 && cps[k] > 0xffff) out[n++] = -1;
    }
    out[n++] = cps.length;
    m = out.subarray(0, n);
    this.maps.set(rule, m);
    return m;
  }
}

const WORD = /[\p{L}\p{N}\p{M}]/u;
const wordCache = new Map<number, boolean>();
function isWordChar(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  let w = wordCache.get(cp);
  if (w === undefined) {
    w = WORD.test(String.fromCodePoint(cp));
    if (wordCache.size < 10_000) wordCache.set(cp, w);
  }
  return w;
}

export interface RawSelection { start: number; end: number }

export interface RuleFit {
  rule: OffsetRule;
  /** Selections inside the text whose both ends lie on word boundaries. */
  aligned: number;
  /** Selections that fall inside the text at all. */
  inside: number;
}

export interface OffsetRuleChoice {
  expected: OffsetRule;
  chosen: OffsetRule;
  /** Selections checked. */
  total: number;
  fits: RuleFit[];
  /** True when the evidence overruled the exporting program's rule. */
  switched: boolean;
}

/** How well one rule fits a set of selections over their texts. */
export function fitRule(rule: OffsetRule, items: { text: OffsetText; selections: RawSelection[] }[]): RuleFit {
  let aligned = 0;
  let inside = 0;
  for (const { text, selections } of items) {
    for (const s of selections) {
      const a = text.toCodePoint(rule, s.start);
      const b = text.toCodePoint(rule, s.end);
      if (a === undefined || b === undefined || b < a) continue;
      inside++;
      if (text.isBoundary(a) && text.isBoundary(b)) aligned++;
    }
  }
  return { rule, aligned, inside };
}

/**
 * Choose the rule: the program's own unless another aligns clearly more selections (at least 5 % of
 * them and at least 3 more), in which case the best-fitting rule wins.
 */
export function chooseOffsetRule(origin: string | undefined, items: { text: OffsetText; selections: RawSelection[] }[]): OffsetRuleChoice {
  const expected = expectedRule(origin);
  const total = items.reduce((n, i) => n + i.selections.length, 0);
  const margin = Math.max(3, Math.ceil(total * 0.05));
  // Text by text, so only one text's indexes for the other rules exist at a time.
  const fits: RuleFit[] = [expected, ...OFFSET_RULES.filter((r) => r !== expected)].map((rule) => ({ rule, aligned: 0, inside: 0 }));
  for (const item of items) {
    for (const f of fits) {
      const one = fitRule(f.rule, [item]);
      f.aligned += one.aligned;
      f.inside += one.inside;
    }
    item.text.releaseIndexes(expected);
  }
  const base = fits[0];
  // Best by aligned selections; selections inside the text only break ties.
  let best = base;
  for (const f of fits.slice(1)) {
    if (f.aligned > best.aligned || (f.aligned === best.aligned && f.inside > best.inside)) best = f;
  }
  const clearlyBetter = best !== base && best.aligned - base.aligned >= margin;
  const chosen = clearlyBetter ? best.rule : expected;
  return { expected, chosen, total, fits, switched: chosen !== expected };
}
