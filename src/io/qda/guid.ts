/**
 * GUIDs for REFI-QDA output. The writers need identifiers that stay the same from one export to the
 * next (so re-exports diff cleanly and importers can match objects), hence name-based GUIDs
 * rather than random ones.
 */
import { createHash } from 'node:crypto';

/**
 * A deterministic GUID from `parts`: SHA-1 over the parts joined with U+0000, laid out as an
 * RFC 4122 version-5 UUID (lower-case, no braces). Unlike a real v5 UUID there is no namespace
 * prefix; callers make the first part a namespace-like tag ("code", "selection", …) instead.
 * Joining with U+0000 keeps `('ab','c')` and `('a','bc')` apart; parts that themselves contain
 * U+0000 can still collide, which names and paths never do in practice.
 */
export function stableGuid(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.join('\u0000'), 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50; // version 5
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant (10xx)
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// The XSD's GUIDType pattern: 8-4-4-4-12 hex digits of either case, optionally wrapped in braces
// (both braces or none). No version/variant check: real exports (NVivo) carry non-RFC GUIDs.
const GUID_RE =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$/;

/**
 * Whether `s` matches the QDA-XML GUIDType pattern. The string is tested as given: the schema's
 * xsd:token type would first strip surrounding whitespace, so callers reading attributes should
 * trim before asking.
 */
export function isGuid(s: string): boolean {
  return GUID_RE.test(s);
}
