import { describe, expect, it } from 'vitest';
import { escapeXmlAttr, escapeXmlText, stripInvalidXmlChars } from './xml-escape.js';

describe('escapeXmlText', () => {
  it('escapes markup characters', () => {
    expect(escapeXmlText('a & b < c > d "e"')).toBe('a &amp; b &lt; c &gt; d &quot;e&quot;');
    expect(escapeXmlText(']]>')).toBe(']]&gt;');
    expect(escapeXmlText('&amp;')).toBe('&amp;amp;');
  });

  it('leaves apostrophes, tabs and LF alone but protects CR from line-end normalisation', () => {
    expect(escapeXmlText("it's\tfine\n")).toBe("it's\tfine\n");
    expect(escapeXmlText('a\r\nb\rc')).toBe('a&#13;\nb&#13;c');
  });

  it('keeps non-ASCII text as is', () => {
    expect(escapeXmlText('Feedback geven – ‘één’ keer 😀')).toBe('Feedback geven – ‘één’ keer 😀');
  });

  it('drops characters XML 1.0 cannot carry', () => {
    expect(escapeXmlText('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg')).toBe('abcdefg');
    expect(escapeXmlText('x\uFFFEy\uFFFFz')).toBe('xyz');
  });
});

describe('escapeXmlAttr', () => {
  it('escapes both quote kinds and markup', () => {
    expect(escapeXmlAttr(`"rushed" & 'late' <now>`)).toBe('&quot;rushed&quot; &amp; &apos;late&apos; &lt;now&gt;');
  });

  it('turns TAB, LF and CR into character references', () => {
    expect(escapeXmlAttr('a\tb\nc\r\nd')).toBe('a&#9;b&#10;c&#13;&#10;d');
  });

  it('drops invalid characters', () => {
    expect(escapeXmlAttr('a\u0007b\uFFFF')).toBe('ab');
  });
});

describe('stripInvalidXmlChars', () => {
  it('keeps surrogate pairs and drops lone surrogates', () => {
    expect(stripInvalidXmlChars('😀')).toBe('😀');
    expect(stripInvalidXmlChars('a\uD83Db')).toBe('ab'); // high without low
    expect(stripInvalidXmlChars('a\uDE00b')).toBe('ab'); // low without high
    expect(stripInvalidXmlChars('\uDE00\uD83D')).toBe(''); // reversed pair
    expect(stripInvalidXmlChars('\uD83D\uD83D\uDE00')).toBe('😀'); // stray high before a pair
    expect(stripInvalidXmlChars('\uD83D\uDE00\uDE00')).toBe('😀'); // stray low after a pair
  });

  it('keeps the allowed edges of the Char production', () => {
    const ok = '\t\n\r \uD7FF\uE000\uFFFD\u0080\u009F';
    expect(stripInvalidXmlChars(ok)).toBe(ok);
  });
});
