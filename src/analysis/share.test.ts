import { describe, expect, it } from 'vitest';
import { intervalText, share, shareText } from './share.js';

describe('share', () => {
  it('wraps the Wilson score interval (78 of 98, the seed\'s "clear positive effect")', () => {
    // Wilson (1927): (2np̂ + z² ∓ z√(z² + 4np̂(1 − p̂))) / (2(n + z²)) with z = 1.959964, worked out
    // by hand (Python, statistics.NormalDist): 0.705690, 0.863824. proportionWilson itself is tested
    // against R's prop.test in src/stats.
    const s = share(78, 98);
    expect(s.p).toBeCloseTo(78 / 98, 12);
    expect(s.ci![0]).toBeCloseTo(0.70569, 5);
    expect(s.ci![1]).toBeCloseTo(0.863824, 5);
  });
  it('has no estimate for an empty denominator', () => {
    expect(share(0, 0)).toEqual({ count: 0, n: 0, p: null, ci: null, method: 'wilson' });
  });
  it('writes counts and percentages in both languages', () => {
    expect(shareText({ count: 78, n: 98 }, 'nl')).toBe('78/98 (79,6 %)');
    expect(shareText({ count: 78, n: 98 }, 'en')).toBe('78/98 (79.6%)');
    expect(intervalText([0.70569, 0.863824], 'en')).toBe('[70.6, 86.4]');
    expect(intervalText([0.70569, 0.863824], 'nl')).toBe('[70,6; 86,4]');
  });
});
