/** Helpers for InputIssue lists (DESIGN.md §10). */
import { distance } from 'fastest-levenshtein';
import type { InputIssue } from './types.js';

export function hasErrors(issues: InputIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Up to `max` candidates closest to `wanted` (case- and accent-insensitive), best first. */
export function closest(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  const w = fold(wanted);
  const sortedLetters = (s: string) => [...s].sort().join('');
  const ws = sortedLetters(w);
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const f = fold(c);
    let d = distance(w, f);
    // Swapped letters (`kidn`, `lables`) are the commonest typo in hand-written YAML: rank anagrams first.
    if (d > 0 && f.length === w.length && sortedLetters(f) === ws) d = 0.5;
    if (f.startsWith(w) || w.startsWith(f)) d = Math.min(d, 1);
    else if (f.includes(w) || w.includes(f)) d = Math.min(d, 2);
    scored.push({ c, d });
  }
  const limit = Math.max(2, Math.ceil(w.length / 2));
  return scored
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((s) => s.c);
}

/** Lower case, accents removed: "Continuïteit" → "continuiteit". */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** One line per issue: `file:line:col: error: message (hint)`. */
export function formatIssue(i: InputIssue): string {
  const where = [i.file, i.line, i.line !== undefined ? i.column : undefined].filter((x) => x !== undefined).join(':');
  const field = i.field ? ` [${i.field}]` : '';
  const hint = i.hint ? `\n    hint: ${i.hint}` : '';
  return `${where}: ${i.severity}${field}: ${i.message}${hint}`;
}

/** Shorten text for messages: personal data stays out of logs beyond a short excerpt. */
export function excerptForMessage(text: string, max = 40): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}
