import { describe, expect, it } from 'vitest';
import {
  buildMatcher, contextFromRanges, findMatches, pseudonymise, remapOffset, suggestNames, tagRanges, type PseudonymEntry,
} from './pseudonymise.js';

const entries: PseudonymEntry[] = [
  { pseudonym: 'Mentor 3', kind: 'person', variants: ['Sofie', 'Sofie Peeters', 'S. Peeters'] },
  { pseudonym: 'Kinderbegeleider 2', kind: 'person', variants: ['Zoë', 'Zoë Janssens'] },
  { pseudonym: 'KO1', kind: 'site', variants: ['De Speelboom'] },
  { pseudonym: 'Cursist 5', kind: 'person', variants: ['An'] },
  { pseudonym: 'Cursist 6', kind: 'person', variants: ['Ans'] },
];
const m = buildMatcher(entries);
const run = (t: string) => pseudonymise(t, m).text;
const cps = (s: string) => [...s];
const cpSlice = (s: string, a: number, b: number) => cps(s).slice(a, b).join('');

describe('pseudonymise', () => {
  it('replaces the longest variant first, so a full name leaves no surname behind', () => {
    expect(run('Sofie Peeters en Sofie')).toBe('Mentor 3 en Mentor 3');
    expect(run('S. Peeters zei het')).toBe('Mentor 3 zei het');
  });

  it('matches case- and accent-insensitively, also decomposed accents', () => {
    expect(run('ZOË, zoe en Zoe\u0308 Janssens')).toBe('Kinderbegeleider 2, Kinderbegeleider 2 en Kinderbegeleider 2');
    expect(run('in de speelboom')).toBe('in KO1');
  });

  it('matches only on word boundaries', () => {
    expect(run('de Sofiestraat en Ansofie')).toBe('de Sofiestraat en Ansofie');
    expect(run('(Sofie) "Sofie", Sofie.')).toBe('(Mentor 3) "Mentor 3", Mentor 3.');
    expect(run('Ans en An')).toBe('Cursist 6 en Cursist 5');
  });

  it('matches a multi-word variant across one line break, not across a blank line', () => {
    expect(run('Sofie\nPeeters')).toBe('Mentor 3');
    expect(run('Sofie\n\nPeeters')).toBe('Mentor 3\n\nPeeters');
  });

  it('keeps possessives: \'s as written, the Dutch genitive s as ’s', () => {
    expect(run("Sofie's boek, Sofie’s jas, Sofies tas")).toBe("Mentor 3's boek, Mentor 3’s jas, Mentor 3’s tas");
  });

  it('writes identifiers with - for spaces, lower case when the match was', () => {
    expect(pseudonymise('interview-sofie.txt', m, () => 'id').text).toBe('interview-mentor-3.txt');
    expect(pseudonymise('Interview_Sofie', m, () => 'id').text).toBe('Interview_Mentor-3');
  });

  it('leaves matches in a keep context (code tags) and reports them', () => {
    const text = 'Sofie doet voor. #sofie-methode #L6';
    const r = pseudonymise(text, m, contextFromRanges(tagRanges(text).map(([start, end]) => ({ start, end, context: 'keep' as const }))));
    expect(r.text).toBe('Mentor 3 doet voor. #sofie-methode #L6');
    expect(r.kept).toHaveLength(1);
    expect(r.edits).toHaveLength(1);
  });

  it('reports edits in code points, also after characters outside the BMP', () => {
    const text = '🙂 Sofie en 🙂 Zoë';
    const r = pseudonymise(text, m);
    expect(r.edits.map((e) => [e.start, e.end, e.newStart, e.newEnd])).toEqual([[2, 7, 2, 10], [13, 16, 16, 34]]);
    for (const e of r.edits) expect(cpSlice(r.text, e.newStart, e.newEnd)).toBe(entries[e.entry].pseudonym);
  });
});

describe('remapOffset', () => {
  const text = 'Interviewer: hoe ging het met Sofie Peeters?\n\nCursist: 🙂 Sofie legde uit, en Zoë stuurde bij bij De Speelboom.';
  const r = pseudonymise(text, m);

  it('keeps every span on word boundaries covering the same (replaced) words', () => {
    // Every pair of word boundaries is a span; its new slice is the old slice pseudonymised.
    const chars = cps(text);
    const bounds = [0, ...chars.flatMap((c, i) => (/\s/.test(c) ? [i, i + 1] : [])), chars.length];
    let checked = 0;
    for (const a of bounds) for (const b of bounds) {
      // A span that cuts a multi-word name is widened to the whole pseudonym: tested below.
      if (b <= a || r.edits.some((e) => (e.start < a && a < e.end) || (e.start < b && b < e.end))) continue;
      const oldSlice = chars.slice(a, b).join('');
      expect(cpSlice(r.text, remapOffset(r.edits, a, 'start'), remapOffset(r.edits, b, 'end'))).toBe(run(oldSlice));
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('widens a span that starts or ends inside a name to the whole pseudonym', () => {
    const a = cps(text).join('').indexOf('fie legde');
    const start = cps(text.slice(0, a)).length;
    const end = start + cps('fie legde').length;
    expect(cpSlice(r.text, remapOffset(r.edits, start, 'start'), remapOffset(r.edits, end, 'end'))).toBe('Mentor 3 legde');
    expect(cpSlice(r.text, remapOffset(r.edits, start - 2, 'start'), remapOffset(r.edits, start - 1, 'end'))).toBe('Mentor 3');
    const full = cps(text).join('').indexOf('Sofie Peeters');
    expect(cpSlice(r.text, remapOffset(r.edits, full, 'start'), remapOffset(r.edits, full + 6, 'end'))).toBe('Mentor 3');
  });

  it('leaves offsets before the first edit alone and moves later ones by the growth so far', () => {
    expect(remapOffset(r.edits, 5, 'start')).toBe(5);
    expect(remapOffset([], 17, 'end')).toBe(17);
  });
});

describe('findMatches', () => {
  it('finds nothing with an empty map', () => {
    expect(findMatches('Sofie', buildMatcher([]))).toEqual([]);
  });
});

describe('suggestNames', () => {
  const notName = (w: string) => ['kind', 'gezin', 'mentor'].includes(w);
  it('suggests capitalised words inside sentences, not at sentence starts, tags or known words', () => {
    const text = 'Mentor: Ik bel met Marleen van Kind en Gezin. Daarna komt Ahmed. #Bram\n[00:01:02] Lotte zegt: Tom? Niet Mentor.';
    expect(suggestNames(text, notName).map((s) => s.word)).toEqual(['Marleen', 'Ahmed']);
  });
  it('drops the possessive and skips codes and acronyms', () => {
    expect(suggestNames("ik zag Marleen's map bij KO3 en VDAB", () => false).map((s) => s.word)).toEqual(['Marleen']);
  });
});
