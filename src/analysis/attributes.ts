/**
 * Looking up what an excerpt "is" for grouping and filtering: its role, speaker, document, coder or
 * any document/speaker attribute. One place, so `tally --across`, `quotes --where` and later
 * crosstabs agree on the names.
 */
import type { Document, Excerpt } from '../model/types.js';

/** Shown for a unit whose attribute is not set; counted, never dropped (DESIGN.md §9). */
export const MISSING = '(missing)';

/** Names that are not stored as attributes but derived. */
export const DERIVED_ATTRIBUTES = ['role', 'speaker', 'document', 'coder', 'format', 'path'] as const;

export function attributeOf(x: Excerpt, doc: Pick<Document, 'id' | 'coder' | 'format' | 'path'>, key: string): string {
  switch (key) {
    case 'role': return x.speaker.role;
    case 'speaker': return x.speaker.name ?? (x.speaker.label || MISSING);
    case 'document': return doc.id;
    case 'coder': return doc.coder;
    case 'format': return doc.format;
    case 'path': return doc.path;
    default: {
      const v = x.attributes[key];
      return v === undefined || v === '' ? MISSING : v;
    }
  }
}

/**
 * The key of a speaker for `--unit speakers` (DESIGN.md §9): by name when the `speakers:` map named
 * them; else (site, role, number) when a site is known, else (document, role, number). A label
 * without a number stands for one person per site or document.
 */
export function speakerKey(x: Excerpt, doc: Pick<Document, 'id'>): string {
  if (x.speaker.name) return `name:${x.speaker.name}`;
  const who = x.speaker.number !== undefined ? String(x.speaker.number) : x.speaker.label ? '' : 'field-note';
  const site = x.attributes.site;
  return site ? `site:${site}|${x.speaker.role}|${who}` : `doc:${doc.id}|${x.speaker.role}|${who}`;
}

/** Natural order for attribute values: KO2 before KO10, missing last. */
export function compareValues(a: string, b: string): number {
  if (a === b) return 0;
  if (a === MISSING) return 1;
  if (b === MISSING) return -1;
  return a.localeCompare(b, 'nl', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : 1);
}
