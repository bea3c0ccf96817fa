import { describe, expect, it } from 'vitest';
import { dayNumber, isoDay, parseDay, parseNumber, parseYesNo } from './cells.js';

describe('parseDay', () => {
  it('reads ISO and day-first Belgian dates to the same day', () => {
    const d = dayNumber(2023, 2, 1);
    expect(parseDay('2023-02-01')).toBe(d);
    expect(parseDay('1/2/2023')).toBe(d);
    expect(parseDay('01-02-2023')).toBe(d);
    expect(parseDay('01.02.2023')).toBe(d);
    expect(parseDay('2023-02-01T10:30:00Z')).toBe(d);
    expect(isoDay(d)).toBe('2023-02-01');
  });
  it('tells empty from unreadable', () => {
    expect(parseDay('  ')).toBeNull();
    expect(parseDay('31/02/2023')).toBeUndefined();
    expect(parseDay('02/01/23')).toBeUndefined();
    expect(parseDay('gisteren')).toBeUndefined();
  });
});

describe('parseNumber', () => {
  it('accepts decimal commas and Dutch thousands', () => {
    expect(parseNumber('3,5')).toBe(3.5);
    expect(parseNumber('1.250,5')).toBe(1250.5);
    expect(parseNumber('-2')).toBe(-2);
  });
  it('accepts a unit only when one is allowed', () => {
    expect(parseNumber('3,5 uur')).toBeUndefined();
    expect(parseNumber('3,5 uur', 'uur')).toBe(3.5);
    expect(parseNumber('90min', ['min', 'minuten'])).toBe(90);
    expect(parseNumber('', 'uur')).toBeNull();
  });
});

describe('parseYesNo', () => {
  it('reads the usual spellings', () => {
    expect(parseYesNo('Ja')).toBe(true);
    expect(parseYesNo('x')).toBe(true);
    expect(parseYesNo('nee')).toBe(false);
    expect(parseYesNo('')).toBeNull();
    expect(parseYesNo('misschien')).toBeUndefined();
  });
});
