import { describe, expect, it } from 'vitest';
import { isGuid, stableGuid } from './guid.js';

describe('stableGuid', () => {
  it('is deterministic and depends on every part', () => {
    expect(stableGuid('code', 'Feedback')).toBe(stableGuid('code', 'Feedback'));
    expect(stableGuid('code', 'Feedback')).not.toBe(stableGuid('code', 'feedback'));
    expect(stableGuid('code', 'Feedback')).not.toBe(stableGuid('source', 'Feedback'));
  });

  it('keeps the part boundaries apart', () => {
    expect(stableGuid('ab', 'c')).not.toBe(stableGuid('a', 'bc'));
    expect(stableGuid('abc')).not.toBe(stableGuid('ab', 'c'));
  });

  it('has the RFC 4122 version-5 layout in lower case', () => {
    for (const parts of [[], [''], ['x'], ['één', '‘quote’', '😀']]) {
      const g = stableGuid(...parts);
      expect(g).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(isGuid(g)).toBe(true);
    }
  });

  it('is SHA-1 over the parts joined with U+0000', () => {
    // sha1("a\0b") = 4a3dec2d 1f82 4528 0855 c42db0ee4239…; version nibble -> 5, variant bits -> 10.
    expect(stableGuid('a', 'b')).toBe('4a3dec2d-1f82-5528-8855-c42db0ee4239');
    expect(stableGuid('a\u0000b')).toBe(stableGuid('a', 'b'));
  });
});

describe('isGuid', () => {
  it('accepts the pattern in either case, with or without braces', () => {
    expect(isGuid('088B08AC-D5CD-4ADB-8B71-B4F3459C177F')).toBe(true);
    expect(isGuid('1b0b1791-be46-4557-9957-7333544cfaf2')).toBe(true);
    expect(isGuid('{5215cc69-b628-4e02-afb9-9beeaee55808}')).toBe(true);
    // NVivo writes GUIDs that are not RFC 4122 versions; the schema does not care.
    expect(isGuid('39633935-3331-3962-6632-373436373264')).toBe(true);
  });

  it('rejects near misses', () => {
    expect(isGuid('')).toBe(false);
    expect(isGuid('not-a-guid')).toBe(false);
    expect(isGuid('{5215cc69-b628-4e02-afb9-9beeaee55808')).toBe(false);
    expect(isGuid('5215cc69-b628-4e02-afb9-9beeaee55808}')).toBe(false);
    expect(isGuid('5215cc69b6284e02afb99beeaee55808')).toBe(false);
    expect(isGuid('5215cc69-b628-4e02-afb9-9beeaee5580g')).toBe(false);
    expect(isGuid('5215cc69-b628-4e02-afb9-9beeaee558080')).toBe(false);
    expect(isGuid(' 5215cc69-b628-4e02-afb9-9beeaee55808')).toBe(false);
  });
});
