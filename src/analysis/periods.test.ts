import { describe, expect, it } from 'vitest';
import { dayNumber } from '../io/cells.js';
import { inWindow, periodOf } from './periods.js';

describe('periodOf', () => {
  it('labels years, half-years and quarters', () => {
    const d = dayNumber(2023, 5, 15);
    expect(periodOf(d, 'year')).toBe('2023');
    expect(periodOf(d, 'half-year')).toBe('2023-H1');
    expect(periodOf(d, 'quarter')).toBe('2023-Q2');
    expect(periodOf(dayNumber(2022, 7, 1), 'half-year')).toBe('2022-H2');
    expect(periodOf(NaN, 'year')).toBeNull();
  });
  it('keeps both ends of a window', () => {
    const w = { since: dayNumber(2023, 2, 1), until: dayNumber(2023, 5, 15) };
    expect(inWindow(dayNumber(2023, 2, 1), w)).toBe(true);
    expect(inWindow(dayNumber(2023, 5, 15), w)).toBe(true);
    expect(inWindow(dayNumber(2023, 5, 16), w)).toBe(false);
    expect(inWindow(NaN, w)).toBe(false);
    expect(inWindow(NaN, {})).toBe(true);
  });
});
