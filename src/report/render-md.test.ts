import { describe, expect, it } from 'vitest';
import { mdText, renderMarkdownReport } from './render-md.js';
import { smallModel } from './report-model.test-helpers.js';

describe('renderMarkdownReport', () => {
  const md = renderMarkdownReport(smallModel());

  it('writes a heading per section, nested by depth, with stable anchors', () => {
    expect(md.startsWith('# Proefproject\n')).toBe(true);
    expect(md).toContain('<a id="overview"></a>\n## Overzicht');
    expect(md).toContain('<a id="levers"></a>\n## De zeven hefbomen');
    expect(md).toContain('<a id="lever-L1"></a>\n### L1 Visie');
    expect(md).toContain('- [Verkennen](#explore)');
    expect(md.endsWith('\n')).toBe(true);
    expect(md.endsWith('\n\n')).toBe(false);
  });

  it('shows a chart as its table with the alt text as caption, and the table only once', () => {
    expect(md).toContain('**Figuur: Fragmenten per hefboom**  \n*Het meest L2 (10).*\n\n| id | n |');
    expect(md.match(/\| L2 \| 10 \|/g)).toHaveLength(1);
    expect(md).toContain('*Eenheid: fragmenten.*');
  });

  it('writes quotes as blockquotes with speaker, site and file:line', () => {
    expect(md).toContain('> Hier leren ze de job door hem te doen.\n>\n> — Kinderbegeleider, Sofie, KO1 · `transcripts/ko1.txt:12` (codes: Meedraaien; hefbomen: L1)');
    // A quote cannot open a nested blockquote or an HTML tag.
    expect(md).toContain('> \\> geen citaat\n> regel twee \\<script>alert(1)\\</script>');
    expect(md).toContain('> — Mentor, M2 · `transcripts/ko2.txt:3`');
  });

  it('writes tips as a checklist, ticked where sites act on them', () => {
    expect(md).toContain('- [x] L1.1 Visie op papier (locaties die hierop inzetten: KO1, KO3)\n- [ ] L1.2 Startprofiel');
  });

  it('escapes markup in text paragraphs', () => {
    expect(md).toContain('\\# geen kop');
    expect(md).toContain('Twee \\*sterren\\* en \\<b>vet\\</b> \\[link\\](http://x)');
    expect(md).not.toMatch(/(^|[^\\])<b>/);
  });

  it('lists the Explore quotes with a count', () => {
    expect(md).toContain('## Verkennen\n\n1 van 4 fragmenten');
  });

  it('has no date line unless a date is given, and English labels for lang en', () => {
    expect(md).toContain('*Gemaakt met hefboom 9.9.9*');
    const en = renderMarkdownReport({ ...smallModel('en'), date: '2024-06-30' });
    expect(en).toContain('*Made with hefboom 9.9.9 · Date: 2024-06-30*');
    expect(en).toContain('**Figure: Fragmenten per hefboom**');
    expect(en).toContain('sites acting on it: KO1, KO3');
  });

  it('is deterministic', () => {
    expect(renderMarkdownReport(smallModel())).toBe(md);
  });
});

describe('mdText', () => {
  it('escapes line-start markers and inline markup but keeps plain text', () => {
    expect(mdText('gewoon tekst, 12,5 %')).toBe('gewoon tekst, 12,5 %');
    expect(mdText('- lijst\n1. genummerd\n> quote')).toBe('\\- lijst\n1\\. genummerd\n\\> quote');
    expect(mdText('a_b `c` |d| &amp;')).toBe('a\\_b \\`c\\` \\|d\\| \\&amp;');
    expect(mdText('x\u001by')).toBe('x\uFFFDy');
  });
});
