/**
 * The private pseudonym map of `hefboom anonymise`: a YAML list with one entry per person, site or
 * organisation, its pseudonym and the ways it is written in the data.
 *
 * ```yaml
 * pseudonyms:
 *   - {pseudonym: Mentor 3, kind: person, variants: [Sofie, Sofie Peeters, S. Peeters]}
 *   - {pseudonym: KO1, kind: site, variants: [Kinderdagverblijf De Speelboom, De Speelboom]}
 * keep: [Kind en Gezin]          # optional: capitalised words that are not names (no suggestions)
 * ```
 * A bare list (without `pseudonyms:`) is accepted too. Every problem is an issue with its line:
 * YAML syntax, an entry without pseudonym or variants, an unknown kind or key, the same variant under
 * two pseudonyms, and a variant that would match inside a pseudonym (the output could then never pass
 * `--check`, and a second run would replace pseudonyms).
 */
import { readFileSync } from 'node:fs';
import type { InputIssue } from '../model/types.js';
import { closest, fold } from '../model/issues.js';
import { parseYaml, unknownKeyIssue } from './yaml.js';

export const PSEUDONYM_KINDS = ['person', 'site', 'organisation', 'place', 'other'] as const;
const ENTRY_KEYS = ['pseudonym', 'kind', 'variants'];
const TOP_KEYS = ['pseudonyms', 'keep'];

export interface MapEntry {
  pseudonym: string;
  kind: string;
  variants: string[];
  line?: number;
}

export interface PseudonymMap {
  entries: MapEntry[];
  /** Words that are not names (folded): never suggested. */
  keep: string[];
  issues: InputIssue[];
}

/** Letters or digits first (no `= + - @` that spreadsheets run), then letters, digits, space, `. _ -`. */
const PSEUDONYM_RE = /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u;

const fv = (s: string) => fold(s.normalize('NFC')).replace(/\s+/g, ' ').trim();

/** Does `variant` occur in `text` on word boundaries (case- and accent-insensitive)? */
export function occursIn(variant: string, text: string): boolean {
  const v = fv(variant);
  const t = fv(text);
  for (let i = t.indexOf(v); i >= 0; i = t.indexOf(v, i + 1)) {
    const before = i === 0 ? '' : t[i - 1];
    const after = t[i + v.length] ?? '';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
}

export function readPseudonymMap(absPath: string, display: string): PseudonymMap {
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      entries: [], keep: [],
      issues: [{ severity: 'error', file: display, code: 'missing-file', field: '--map', message: code === 'ENOENT' ? `the pseudonym map "${display}" does not exist` : `the pseudonym map "${display}" cannot be read (${code ?? (e as Error).message})`, hint: 'give the YAML file with your pseudonyms: --map ../prive/pseudoniemen.yaml (keep it outside the data you share)' }],
    };
  }
  return parsePseudonymMap(text, display);
}

export function parsePseudonymMap(text: string, file: string): PseudonymMap {
  const y = parseYaml(text, file);
  const issues: InputIssue[] = [...y.issues];
  const entries: MapEntry[] = [];
  const keep: string[] = [];
  if (issues.length) return { entries, keep, issues };
  const root = y.value;
  let list: unknown[] | undefined;
  let base: (string | number)[] = [];
  if (Array.isArray(root)) list = root;
  else if (root && typeof root === 'object') {
    const o = root as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!TOP_KEYS.includes(k)) issues.push(unknownKeyIssue(file, y, [k], k, TOP_KEYS, 'in the pseudonym map'));
    if (Array.isArray(o.pseudonyms)) { list = o.pseudonyms; base = ['pseudonyms']; }
    if (o.keep !== undefined) {
      if (Array.isArray(o.keep)) keep.push(...o.keep.map((w) => fv(String(w))));
      else issues.push({ severity: 'error', file, line: y.lineOf(['keep']), field: 'keep', code: 'map-shape', message: '`keep:` must be a list of words that are not names', hint: 'e.g. keep: [Kind en Gezin, Vlaanderen]' });
    }
  }
  if (!list) {
    issues.push({ severity: 'error', file, line: y.lineOf(base) ?? 1, code: 'map-shape', message: 'the pseudonym map must be a list of entries (under `pseudonyms:` or at the top)', hint: 'e.g. pseudonyms:\n      - {pseudonym: Mentor 3, kind: person, variants: [Sofie, Sofie Peeters]}' });
    return { entries, keep, issues };
  }

  list.forEach((item, i) => {
    const at = [...base, i];
    const line = y.lineOf(at);
    const err = (code: string, message: string, hint?: string, field?: string) => issues.push({ severity: 'error', file, line: field ? y.lineOf([...at, field]) ?? line : line, field, code, message, hint });
    if (!item || typeof item !== 'object' || Array.isArray(item)) { err('map-entry', `entry ${i + 1} is not a mapping`, 'write each entry as {pseudonym: …, kind: …, variants: [...]}'); return; }
    const o = item as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!ENTRY_KEYS.includes(k)) issues.push(unknownKeyIssue(file, y, [...at, k], k, ENTRY_KEYS, `in entry ${i + 1}`));
    const pseudonym = typeof o.pseudonym === 'string' || typeof o.pseudonym === 'number' ? String(o.pseudonym).trim() : '';
    if (!pseudonym) { err('map-entry', `entry ${i + 1} has no \`pseudonym:\``, 'add the name to write instead, e.g. `pseudonym: Mentor 3`'); return; }
    if (!PSEUDONYM_RE.test(pseudonym)) { err('bad-pseudonym', `pseudonym "${pseudonym}" (entry ${i + 1}) must start with a letter or digit and hold only letters, digits, spaces, ".", "_" and "-"`, 'e.g. Mentor 3, KO1, Organisatie B', 'pseudonym'); return; }
    const kind = o.kind === undefined ? 'other' : String(o.kind).trim();
    if (!(PSEUDONYM_KINDS as readonly string[]).includes(kind)) {
      const near = closest(kind, PSEUDONYM_KINDS, 1);
      err('bad-kind', `unknown kind "${kind}" in entry "${pseudonym}"`, `${near.length ? `did you mean "${near[0]}"? ` : ''}kinds: ${PSEUDONYM_KINDS.join(', ')}`, 'kind');
    }
    const raw = o.variants;
    const variants = (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]).map((v) => String(v).trim()).filter((v) => v !== '');
    if (!variants.length) { err('map-entry', `entry "${pseudonym}" has no \`variants:\``, 'list how the name is written in the data, e.g. variants: [Sofie, Sofie Peeters, S. Peeters]', raw === undefined ? undefined : 'variants'); return; }
    for (const v of variants) {
      if (!/[\p{L}\p{N}]/u.test(v)) err('map-entry', `variant "${v}" of "${pseudonym}" has no letter or digit`, 'remove it', 'variants');
    }
    entries.push({ pseudonym, kind, variants: [...new Set(variants)], line });
  });

  // The same variant under two pseudonyms: which one wins would be arbitrary.
  const owner = new Map<string, MapEntry>();
  for (const e of entries) {
    for (const v of e.variants) {
      const f = fv(v);
      const prev = owner.get(f);
      if (prev && prev !== e) {
        issues.push({ severity: 'error', file, line: e.line, field: 'variants', code: 'duplicate-variant', message: `variant "${v}" is listed under "${prev.pseudonym}" (line ${prev.line}) and under "${e.pseudonym}"`, hint: 'a name can have only one pseudonym: keep the variant in one entry (use a longer variant such as a full name to tell two people apart)' });
      } else owner.set(f, e);
    }
  }
  const byPseudonym = new Map<string, MapEntry>();
  for (const e of entries) {
    const prev = byPseudonym.get(fv(e.pseudonym));
    if (prev) issues.push({ severity: 'error', file, line: e.line, field: 'pseudonym', code: 'duplicate-pseudonym', message: `pseudonym "${e.pseudonym}" is used by two entries (lines ${prev.line} and ${e.line})`, hint: 'put all variants of one person, site or organisation in one entry; give different people different pseudonyms' });
    else byPseudonym.set(fv(e.pseudonym), e);
  }
  // A variant inside a pseudonym (`Mentor` with pseudonym `Mentor 3`) would be found again in the output.
  for (const e of entries) {
    for (const v of e.variants) {
      const hit = entries.find((p) => occursIn(v, p.pseudonym));
      if (hit) issues.push({ severity: 'error', file, line: e.line, field: 'variants', code: 'variant-in-pseudonym', message: `variant "${v}" of "${e.pseudonym}" occurs inside the pseudonym "${hit.pseudonym}" (line ${hit.line})`, hint: 'choose pseudonyms that contain none of the variants (e.g. "Mentor 3", "KO1"), or drop this variant' });
    }
  }
  return { entries, keep, issues };
}
