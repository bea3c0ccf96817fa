import { describe, expect, it } from 'vitest';
import { chooseOffsetRule, expectedRule, fitRule, OFFSET_RULES, OffsetText, type RawSelection } from './offset-rule.js';

// Code points:   M0 … "Goed" 8, "gedaan" 13, 👍 20, CR 21, LF 22, "Cursist" 23, "Dank" 32, 😊 40, "ik" 42,
//                "probeer" 45, "het" 53, CR 56, LF 57; length 58.
// UTF-16 units:  every position after 👍 is one more, after 😊 two more ("ik" 44, "probeer" 47, "het" 55);
//                length 60.
const CHAT = 'Mentor: Goed gedaan 👍\r\nCursist: Dank je 😊 ik probeer het\r\n';

/** Code-point slice of a text. */
const cpSlice = (t: string, a: number, b: number) => Array.from(t).slice(a, b).join('');

describe('OffsetText', () => {
  const t = new OffsetText(CHAT);

  it('counts code points', () => {
    expect(CHAT.length).toBe(60);
    expect(t.length).toBe(58);
    expect(t.text).toBe(CHAT);
  });

  it('maps UTF-16 offsets of words after an emoji to their code-point index', () => {
    expect(CHAT.slice(33, 37)).toBe('Dank');
    expect(t.toCodePoint('utf16', 33)).toBe(32);
    expect(t.toCodePoint('utf16', 37)).toBe(36);
    expect(cpSlice(CHAT, 32, 36)).toBe('Dank');

    expect(CHAT.slice(47, 54)).toBe('probeer');
    expect(t.toCodePoint('utf16', 47)).toBe(45);
    expect(t.toCodePoint('utf16', 54)).toBe(52);
    expect(cpSlice(CHAT, 45, 52)).toBe('probeer');

    // Before the first emoji the two counts agree.
    expect(t.toCodePoint('utf16', 13)).toBe(13);
    // The end of the text.
    expect(t.toCodePoint('utf16', 60)).toBe(58);
    expect(t.toCodePoint('utf16', 61)).toBeUndefined();
  });

  it('refuses a UTF-16 offset inside a surrogate pair', () => {
    expect(CHAT.codePointAt(20)).toBe(0x1f44d);
    expect(t.toCodePoint('utf16', 20)).toBe(20); // before 👍
    expect(t.toCodePoint('utf16', 21)).toBeUndefined(); // between its halves
    expect(t.toCodePoint('utf16', 22)).toBe(21); // after 👍
    expect(t.toCodePoint('utf16', 42)).toBeUndefined(); // inside 😊
    expect(t.toCodePoint('utf16-lf', 41)).toBeUndefined(); // inside 😊, CRLF counted once
  });

  it('passes code-point offsets through, up to the length', () => {
    expect(t.toCodePoint('code-points', 0)).toBe(0);
    expect(t.toCodePoint('code-points', 45)).toBe(45);
    expect(t.toCodePoint('code-points', 58)).toBe(58);
    expect(t.toCodePoint('code-points', 59)).toBeUndefined();
    expect(t.toCodePoint('code-points', -1)).toBeUndefined();
    expect(t.toCodePoint('code-points', 1.5)).toBeUndefined();
    expect(t.toCodePoint('utf16', -1)).toBeUndefined();
  });

  it('code-points-lf counts a CRLF as one: offsets after it map one further', () => {
    // "Cursist" is at code point 23; with the CRLF counted once it is written as 22.
    expect(t.toCodePoint('code-points-lf', 22)).toBe(23);
    expect(cpSlice(CHAT, 23, 30)).toBe('Cursist');
    expect(t.toCodePoint('code-points-lf', 44)).toBe(45); // "probeer"
    // The line break itself maps to the position before the CR, never between CR and LF.
    expect(t.toCodePoint('code-points-lf', 21)).toBe(21);
    // Before the break nothing moves.
    expect(t.toCodePoint('code-points-lf', 13)).toBe(13);
    // End of text: 58 code points, two CRLFs → 56 units.
    expect(t.toCodePoint('code-points-lf', 56)).toBe(58);
    expect(t.toCodePoint('code-points-lf', 57)).toBeUndefined();
  });

  it('utf16-lf combines both: surrogate pairs count twice, CRLF once', () => {
    // "probeer": code point 45, +2 for the two emoji, -1 for the first CRLF.
    expect(t.toCodePoint('utf16-lf', 46)).toBe(45);
    expect(t.toCodePoint('utf16-lf', 22)).toBe(21); // the break after 👍: before its CR
    expect(t.toCodePoint('utf16-lf', 23)).toBe(23); // "Cursist"
    expect(t.toCodePoint('utf16-lf', 58)).toBe(58); // the end
  });

  it('isBoundary: false inside a word and between CR and LF', () => {
    expect(t.isBoundary(15)).toBe(false); // ge|daan
    expect(t.isBoundary(22)).toBe(false); // CR|LF
    expect(t.isBoundary(57)).toBe(false); // the final CR|LF
    expect(t.isBoundary(13)).toBe(true); // ' '|gedaan
    expect(t.isBoundary(19)).toBe(true); // gedaan|' '
    expect(t.isBoundary(21)).toBe(true); // 👍|CR
    expect(t.isBoundary(23)).toBe(true); // LF|Cursist
    expect(t.isBoundary(0)).toBe(true);
    expect(t.isBoundary(58)).toBe(true);
    // Accented letters are letters.
    const e = new OffsetText('Één-op-één');
    expect(e.isBoundary(1)).toBe(false); // É|é
    expect(e.isBoundary(3)).toBe(true); // n|-
  });
});

describe('expectedRule', () => {
  it('knows which programs count UTF-16 code units', () => {
    expect(expectedRule('NVivo for Windows 12.6')).toBe('utf16');
    expect(expectedRule('NVivo 14')).toBe('utf16');
    expect(expectedRule('NVivo for Mac 15.0.0')).toBe('code-points');
    expect(expectedRule('MAXQDA 24')).toBe('code-points');
    expect(expectedRule('ATLAS.ti 23')).toBe('code-points');
    expect(expectedRule(undefined)).toBe('code-points');
  });
});

/** UTF-16 offsets of `word` in the first occurrence of `line` at or after `from`. */
function u16Sel(text: string, line: string, word: string, from = 0): RawSelection {
  const at = text.indexOf(line, from);
  expect(at).toBeGreaterThanOrEqual(0);
  const u = at + line.indexOf(word);
  return { start: u, end: u + word.length };
}

const PLAIN = 'Mentor: goed gedaan vandaag\n';
const EMOJI = (i: number) => `Cursist ${i}: dank je 😊 ik probeer het morgen\n`;

/** `plain` lines without emoji (selection "gedaan"), then `emoji` lines (selection "probeer"), all in UTF-16. */
function chat(plain: number, emoji: number): { text: OffsetText; selections: RawSelection[] } {
  let t = PLAIN.repeat(plain);
  for (let i = 0; i < emoji; i++) t += EMOJI(i);
  const selections: RawSelection[] = [];
  let from = 0;
  for (let i = 0; i < plain; i++) {
    const s = u16Sel(t, PLAIN, 'gedaan', from);
    selections.push(s);
    from = s.end;
  }
  for (let i = 0; i < emoji; i++) selections.push(u16Sel(t, EMOJI(i), 'probeer'));
  return { text: new OffsetText(t), selections };
}

describe('fitRule', () => {
  it('counts selections inside the text and on word boundaries', () => {
    const item = chat(4, 6);
    expect(fitRule('utf16', [item])).toEqual({ rule: 'utf16', aligned: 10, inside: 10 });
    expect(fitRule('code-points', [item])).toEqual({ rule: 'code-points', aligned: 4, inside: 10 });
  });

  it('does not count a selection that falls outside the text or ends before it starts', () => {
    const text = new OffsetText('Goed gedaan');
    expect(fitRule('code-points', [{ text, selections: [{ start: 5, end: 11 }, { start: 5, end: 12 }, { start: 11, end: 5 }] }]))
      .toEqual({ rule: 'code-points', aligned: 1, inside: 1 });
  });
});

describe('chooseOffsetRule', () => {
  it('keeps the expected rule when all rules fit equally', () => {
    const item = chat(8, 0);
    const maxqda = chooseOffsetRule('MAXQDA 24', [item]);
    expect(maxqda.expected).toBe('code-points');
    expect(maxqda.chosen).toBe('code-points');
    expect(maxqda.switched).toBe(false);
    expect(maxqda.total).toBe(8);
    expect(maxqda.fits.map((f) => f.rule)).toEqual(['code-points', 'utf16', 'code-points-lf', 'utf16-lf']);
    expect(maxqda.fits.every((f) => f.aligned === 8 && f.inside === 8)).toBe(true);

    const nvivo = chooseOffsetRule('NVivo for Windows 12.6', [item]);
    expect(nvivo.expected).toBe('utf16');
    expect(nvivo.chosen).toBe('utf16');
    expect(nvivo.switched).toBe(false);
    expect(nvivo.fits.map((f) => f.rule)).toEqual(['utf16', 'code-points', 'code-points-lf', 'utf16-lf']);
  });

  it('switches to utf16 when a program claiming code points wrote UTF-16 offsets after emoji', () => {
    const c = chooseOffsetRule('MAXQDA 24', [chat(4, 6)]);
    expect(c).toEqual({
      expected: 'code-points', chosen: 'utf16', total: 10, switched: true,
      fits: [
        { rule: 'code-points', aligned: 4, inside: 10 },
        { rule: 'utf16', aligned: 10, inside: 10 },
        { rule: 'code-points-lf', aligned: 4, inside: 10 },
        { rule: 'utf16-lf', aligned: 10, inside: 10 },
      ],
    });
  });

  it('needs at least 3 more aligned selections', () => {
    const c = chooseOffsetRule('MAXQDA 24', [chat(4, 2)]);
    expect(c.fits.find((f) => f.rule === 'utf16')).toEqual({ rule: 'utf16', aligned: 6, inside: 6 });
    expect(c.fits.find((f) => f.rule === 'code-points')).toEqual({ rule: 'code-points', aligned: 4, inside: 6 });
    expect(c.chosen).toBe('code-points');
    expect(c.switched).toBe(false);
    // Exactly 3 is enough.
    const three = chooseOffsetRule('MAXQDA 24', [chat(0, 3)]);
    expect([three.chosen, three.switched]).toEqual(['utf16', true]);
  });

  it('needs at least 5 % of the selections', () => {
    // 4 more of 100 is under 5 %.
    const c = chooseOffsetRule('MAXQDA 24', [chat(96, 4)]);
    expect(c.total).toBe(100);
    expect(c.fits.find((f) => f.rule === 'utf16')!.aligned - c.fits.find((f) => f.rule === 'code-points')!.aligned).toBe(4);
    expect(c.switched).toBe(false);
    // 5 more of 100 is enough.
    const five = chooseOffsetRule('MAXQDA 24', [chat(95, 5)]);
    expect([five.total, five.chosen, five.switched]).toEqual([100, 'utf16', true]);
  });

  it('pools the selections of several texts', () => {
    const c = chooseOffsetRule('MAXQDA 24', [chat(2, 2), chat(0, 1)]);
    expect(c.total).toBe(5);
    expect([c.chosen, c.switched]).toEqual(['utf16', true]);
  });

  it('switches to code-points-lf for CRLF texts whose offsets count a line break once', () => {
    const lines = ['Mentor: goed gedaan', 'Cursist: dank je', 'Mentor: probeer het morgen', 'Cursist: ik probeer het', 'Mentor: fijn zo'];
    const text = lines.join('\r\n') + '\r\n';
    const lf = lines.join('\n') + '\n';
    const words = ['gedaan', 'dank', 'probeer', 'probeer', 'fijn'];
    const selections: RawSelection[] = [];
    let from = 0;
    for (const [i, w] of words.entries()) {
      const at = lf.indexOf(lines[i], from) + lines[i].indexOf(w);
      selections.push({ start: at, end: at + w.length });
      from = at;
    }
    const ot = new OffsetText(text);
    const c = chooseOffsetRule('ATLAS.ti 23', [{ text: ot, selections }]);
    expect(c.expected).toBe('code-points');
    expect(c.chosen).toBe('code-points-lf');
    expect(c.switched).toBe(true);
    expect(c.fits.find((f) => f.rule === 'code-points-lf')).toEqual({ rule: 'code-points-lf', aligned: 5, inside: 5 });
    // And the chosen rule lands on the words.
    const got = selections.map((s) => cpSlice(text, ot.toCodePoint(c.chosen, s.start)!, ot.toCodePoint(c.chosen, s.end)!));
    expect(got).toEqual(words);
  });

  // Selections inside the text only break ties: a rule that aligns fewer selections never overrules
  // the exporter's own, however many stale offsets (past the end of a shortened text) it lets in.
  it('never switches to a rule that aligns fewer selections than the expected one', () => {
    const text = '😊'.repeat(10) + ' Mentor: goed gedaan vandaag';
    expect(Array.from(text).length).toBe(38);
    const selections: RawSelection[] = [
      { start: 19, end: 23 }, { start: 24, end: 30 }, { start: 31, end: 38 }, // goed, gedaan, vandaag in code points
      { start: 34, end: 40 }, { start: 41, end: 48 }, { start: 42, end: 46 }, { start: 43, end: 47 }, // stale, past the end
    ];
    const c = chooseOffsetRule('MAXQDA 24', [{ text: new OffsetText(text), selections }]);
    expect(c.fits.find((f) => f.rule === 'code-points')).toEqual({ rule: 'code-points', aligned: 3, inside: 3 });
    expect(c.fits.find((f) => f.rule === 'utf16')).toEqual({ rule: 'utf16', aligned: 2, inside: 6 });
    expect(c.chosen).toBe('code-points');
    expect(c.switched).toBe(false);
  });

  it('lists every rule once', () => {
    const c = chooseOffsetRule(undefined, []);
    expect(c.total).toBe(0);
    expect([...c.fits.map((f) => f.rule)].sort()).toEqual([...OFFSET_RULES].sort());
    expect(c.switched).toBe(false);
  });
});
