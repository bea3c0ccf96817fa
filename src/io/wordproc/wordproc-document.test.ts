import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wordDocuments, type WordDocumentOptions } from './wordproc-document.js';
import { readDocxContent } from './docx.js';
import { readOdtContent } from './odt.js';
import type { WordComment, WordContent, WordParagraph } from './content.js';
import { parseTranscript } from '../transcript.js';
import { createRoleTable } from '../../model/roles.js';
import { CodeIndex, parseCodebook } from '../../model/codebook.js';
import { BUILTIN_FRAMEWORK_IDS, loadBuiltinFramework } from '../../model/framework.js';
import { tallyDocument, type TallySpec } from '../../analysis/tally.js';
import type { Document, Framework } from '../../model/types.js';

const FIX = fileURLToPath(new URL('../../../fixtures/docx/', import.meta.url));

// The fixture codebook, resolved as the workspace does (resolveTag for #tags, resolveName for comments).
const frameworks = new Map<string, Framework>(BUILTIN_FRAMEWORK_IDS.map((id) => [id, loadBuiltinFramework(id)]));
const parsedCodebook = parseCodebook(readFileSync(FIX + 'codebook.yaml', 'utf8'), 'codebook.yaml', frameworks);
const index = new CodeIndex(parsedCodebook.codebook, frameworks);
const rules = { roles: createRoleTable(), speakers: {}, anyLabel: false };

function opts(extra: Partial<WordDocumentOptions> = {}): WordDocumentOptions {
  return {
    file: 'transcripten/test.docx', coder: 'default', speakerRules: rules, format: 'docx', headings: 'section',
    resolveTag: (t) => index.resolveTag(t), resolveCode: (t) => index.resolveName(t), ...extra,
  };
}

const para = (text: string, extra: Partial<WordParagraph> = {}): WordParagraph => ({ text, boldPrefix: 0, where: 'body', ...extra });
const content = (paragraphs: WordParagraph[], comments: WordComment[] = [], extra: Partial<WordContent> = {}): WordContent =>
  ({ paragraphs, comments, trackedChanges: 0, notesSkipped: 0, ...extra });
/** A comment on the first occurrence of `quote` in paragraph `p` (several quotes: one range each). */
function commentOn(c: WordContent, id: string, author: string, text: string, anchors: [number, string][], extra: Partial<WordComment> = {}): WordComment {
  return {
    id, author, date: '2024-05-02T09:00:00Z', text, replies: [],
    ranges: anchors.map(([p, quote]) => {
      const start = c.paragraphs[p].text.indexOf(quote);
      if (start < 0) throw new Error(`"${quote}" not in paragraph ${p}`);
      return { paragraph: p, start, end: start + quote.length };
    }),
    ...extra,
  };
}

const cpSlice = (s: string, a: number, b: number) => [...s].slice(a, b).join('');

/** The invariants every result must keep: excerpt text at its offsets; codings inside their excerpt. */
function checkOffsets(doc: Document): void {
  for (const x of doc.excerpts) {
    expect(cpSlice(doc.text, x.start, x.end)).toBe(x.text);
    for (const c of x.codings) {
      expect(c.start).toBeGreaterThanOrEqual(x.start);
      expect(c.end).toBeLessThanOrEqual(x.end);
      expect(c.end).toBeGreaterThan(c.start);
    }
  }
}
/** Per coder: each excerpt's codings as `codeId "coded text"`. */
function coded(docs: Document[]): Record<string, string[][]> {
  const out: Record<string, string[][]> = {};
  for (const d of docs) {
    checkOffsets(d);
    out[d.coder] = d.excerpts.map((x) => x.codings.map((c) => `${c.codeId} "${cpSlice(d.text, c.start, c.end)}"`));
  }
  return out;
}

describe('acceptance: gesprek-twee-codeurs.docx equals its native transcripts', async () => {
  expect(parsedCodebook.issues).toEqual([]);
  const read = await readDocxContent(FIX + 'gesprek-twee-codeurs.docx', 'gesprek-twee-codeurs.docx');
  const result = wordDocuments(read.content!, opts({ file: 'gesprek-twee-codeurs.docx' }));
  const native = (who: string) => parseTranscript(readFileSync(`${FIX}equivalent/${who.toLowerCase()}/gesprek-twee-codeurs.txt`), {
    file: `equivalent/${who.toLowerCase()}/gesprek-twee-codeurs.txt`, coder: who, speakerRules: rules, resolveTag: (t) => index.resolveTag(t),
  });

  it('gives one document per author, no issues', () => {
    expect(read.issues).toEqual([]);
    expect(result.issues).toEqual([]);
    expect(result.documents.map((d) => [d.id, d.coder, d.format, d.excerpts.length])).toEqual([
      ['gesprek-twee-codeurs', 'Annelies', 'docx', 20],
      ['gesprek-twee-codeurs', 'Bert', 'docx', 20],
    ]);
    expect(result.counts).toEqual({ paragraphs: 20, headings: 0, excerpts: 20, comments: 12, replies: 1, 'comment-codings': 15, 'tracked-changes': 0, 'notes-skipped': 0, 'turn-tables': 0, turns: 0 });
    // Same text and excerpts for both coders, so `agree` aligns them by ordinal.
    expect(result.documents[1].text).toBe(result.documents[0].text);
  });

  for (const who of ['Annelies', 'Bert']) {
    it(`${who}: excerpts (text, speaker, ordinal, time) and code ids per excerpt equal the native transcript's`, () => {
      const n = native(who);
      expect(n.issues).toEqual([]);
      const d = result.documents.find((x) => x.coder === who)!;
      checkOffsets(d);
      const shape = (doc: Document) => doc.excerpts.map((x) => ({
        ordinal: x.ordinal, id: x.id, text: x.text, speaker: x.speaker, time: x.time, line: x.line,
        codes: [...new Set(x.codings.map((c) => c.codeId))].sort(),
      }));
      // Native lines count blank lines; a .docx excerpt's line is its paragraph number.
      expect(shape(d)).toEqual(shape(n.document!).map((x) => ({ ...x, line: x.ordinal })));
      for (const spec of [
        { by: { kind: 'code' }, unit: 'excerpts', selection: {} },
        { by: { kind: 'framework', framework: 'levers' }, across: 'role', unit: 'excerpts', selection: {} },
        { by: { kind: 'framework', framework: 'memoq' }, unit: 'speakers', selection: {} },
      ] as TallySpec[]) {
        expect(tallyDocument(d, spec, index)).toEqual(tallyDocument(n.document!, spec, index));
      }
    });
  }

  it('codes the commented text only: labels clipped, two codes per comment, replies as memo', () => {
    const byCoder = coded(result.documents);
    expect(byCoder.Annelies[1]).toEqual(['startgesprek "We beginnen altijd met een startgesprek."']);
    expect(byCoder.Bert[1]).toEqual(['startgesprek "wat ze al kan en wat ze nog wil leren"', 'leerdoelen "wat ze al kan en wat ze nog wil leren"']);
    // The comment covers the bold label and the tab too; the coding starts at the spoken text.
    expect(byCoder.Annelies[9]).toEqual(['welbevinden-kind "Ik merk dat de kinderen rustiger zijn als er een vast gezicht bij is."']);
    const x = result.documents[0].excerpts[12];
    expect(x.codings).toEqual([{ codeId: 'reflectie', coder: 'Annelies', start: 1161, end: 1190, ref: 'comment-8', memo: 'Bert: Eens. Misschien ook leerdoelen?' }]);
    // The bold label + tab reads as a native label.
    expect(result.documents[0].excerpts[9].speaker).toEqual({ label: 'Kinderbegeleider 3', role: 'kinderbegeleider', number: 3 });
    expect(result.documents[0].text).toContain('\n\nKinderbegeleider 3:\tIk merk dat');
  });
});

describe('opmaak.docx through the builder', async () => {
  const read = await readDocxContent(FIX + 'opmaak.docx', 'opmaak.docx');

  it('excerpts, speakers, sections, inline tags; tracked changes said once', () => {
    const r = wordDocuments(read.content!, opts({ file: 'opmaak.docx', attributes: { site: 'KO3' } }));
    expect(r.documents).toHaveLength(1);
    const d = r.documents[0];
    checkOffsets(d);
    expect([d.id, d.coder, d.format, d.path, d.lineEnding, d.hasFullText]).toEqual(['opmaak', 'default', 'docx', 'opmaak.docx', 'lf', true]);
    expect(d.excerpts.map((x) => [x.ordinal, x.line, x.speaker.label, x.speaker.role, x.attributes.section, x.text])).toEqual([
      [1, 2, 'Mentor 3', 'mentor', 'Deel 1: onthaal', 'Ik doe het verschonen eerst voor.\nDaarna mag zij het proberen.'],
      [2, 4, 'Cursist 2', 'cursist', 'Tijdens de middag', 'Ik vond de tafelmomenten het moeilijkst.'],
      [3, 5, '', 'onbekend', 'Tijdens de middag', 'Ik wist niet wanneer ik mocht helpen.'],
      [4, 6, 'Verantwoordelijke', 'verantwoordelijke', 'Tijdens de middag', 'We hangen de afspraken uit in de leefruimte.'],
      [5, 7, '', 'onbekend', 'Tijdens de middag', 'Eerst kijken, dan samen doen, daarna zelf.'],
      [6, 8, 'Kinderbegeleider 1', 'kinderbegeleider', 'Tijdens de middag', 'We werken met vaste leefgroepen.'],
      [7, 9, 'Mentor 3', 'mentor', 'Tijdens de middag', 'We geven elke dag feedback na de middag.'],
      [8, 11, 'Cursist 2', 'cursist', 'Afsluiting', 'Bedankt voor de uitleg.'],
      [9, 12, 'Onderzoeker', 'onderzoeker', 'Afsluiting', 'Opgenomen op 14-03-2024.'],
      [10, 13, 'Cursist 2', 'cursist', 'Afsluiting', 'Ik probeer het morgen opnieuw, samen met mijn mentor.'],
      [11, 15, 'Onderzoeker', 'onderzoeker', 'Afsluiting', 'Zij is een zij-instromer.'],
      [12, 16, '', 'onbekend', 'Afsluiting', 'Mentor 3\tDit is geen label.'],
      [13, 17, '', 'onbekend', 'Afsluiting', 'Mentor 3\tOok geen label: vroeger vet.'],
      [14, 18, 'Mentor 3', 'mentor', 'Afsluiting', 'Kijk, zo hou je de fles schuin.'],
    ]);
    expect(d.excerpts[0].attributes).toEqual({ site: 'KO3', section: 'Deel 1: onthaal' });
    expect(d.attributes).toEqual({ site: 'KO3' });
    expect(d.excerpts[13].codings).toEqual([{ codeId: 'voordoen', coder: 'default', start: d.excerpts[13].start, end: d.excerpts[13].end }]);
    // Headings are not part of the text; a bold label gets its colon.
    expect(d.text.startsWith('Mentor 3:\tIk doe het verschonen eerst voor.\nDaarna mag zij het proberen.\n\nCursist 2: Ik vond')).toBe(true);
    expect(d.text).not.toContain('Deel 1');
    expect(r.issues).toEqual([{
      severity: 'warning', file: 'opmaak.docx', code: 'tracked-changes',
      message: 'the document has 3 tracked changes; its text is read as accepted (read as if every change was accepted)',
      hint: 'accept or reject the changes in Word (Review › Accept / Reject) so the transcript reads as intended, and save',
    }]);
    expect(r.counts).toEqual({ paragraphs: 18, headings: 3, excerpts: 14, comments: 0, replies: 0, 'comment-codings': 0, 'tracked-changes': 3, 'notes-skipped': 1, 'turn-tables': 0, turns: 0 });
  });

  it('headings: ignore leaves no section; options id, format and default role apply', () => {
    const r = wordDocuments(read.content!, opts({ file: 'opmaak.docx', headings: 'ignore', documentId: 'ko3-gesprek', format: 'odt', defaultRole: 'onderzoeker' }));
    const d = r.documents[0];
    expect(d.excerpts.some((x) => 'section' in x.attributes)).toBe(false);
    expect([d.id, d.format, d.excerpts[0].id, d.excerpts[2].speaker]).toEqual(['ko3-gesprek', 'odt', 'ko3-gesprek/p1', { label: '', role: 'onderzoeker' }]);
  });
});

describe('opmerkingen-fouten.docx through the builder', async () => {
  const read = await readDocxContent(FIX + 'opmerkingen-fouten.docx', 'opmerkingen-fouten.docx');
  const r = wordDocuments(read.content!, opts({ file: 'opmerkingen-fouten.docx' }));

  it('codings per author: over paragraphs with one ref, label-only comments code the excerpt', () => {
    expect(r.documents.map((d) => d.coder)).toEqual(['Annelies', 'Bert']);
    expect(coded(r.documents)).toEqual({
      Annelies: [['feedback "daarna een tip."'], ['feedback "Dat helpt me"'], [], ['voordoen "We bespreken dat"'], [], []],
      Bert: [
        ['feedback "Ik geef eerst een compliment en daarna een tip."'],
        ['feedback "Dat helpt me om het de volgende keer beter te doen."'],
        [],
        // The range ends on the next paragraph's label only: that piece is left out.
        ['voordoen "op het teamoverleg."'],
        [],
        // The range covers only the label: the whole excerpt is coded.
        ['leerdoelen "Dat is afgesproken."'],
      ],
    });
    const [a] = r.documents;
    expect(a.excerpts[0].codings[0]).toEqual({ codeId: 'feedback', coder: 'Annelies', start: 42, end: 57, ref: 'comment-0', refSpan: { start: 42, end: 82 } });
    expect(a.excerpts[1].codings[0]).toEqual({ codeId: 'feedback', coder: 'Annelies', start: 70, end: 82, ref: 'comment-0', refSpan: { start: 42, end: 82 } });
    expect(r.documents[1].excerpts[3].codings[0]).toEqual({ codeId: 'voordoen', coder: 'Bert', start: 212, end: 231, ref: 'comment-6' });
    expect(r.documents[1].excerpts[5].attributes).toEqual({ section: 'Nabespreking' });
  });

  it('reports each problem: empty, unknown code, no range, on a heading; spanning said once', () => {
    expect(r.issues).toEqual([
      {
        severity: 'warning', file: 'opmerkingen-fouten.docx', line: 3, code: 'empty-comment',
        message: 'comment by Bert (2024-03-18 11:01) on "Soms vergeet ik het waarom uit te legge…" is empty, so it codes nothing',
        hint: 'write the code(s) in the comment, separated by ; or , — or delete the comment',
      },
      {
        severity: 'error', file: 'opmerkingen-fouten.docx', line: 4, code: 'unknown-code',
        message: 'comment by Annelies (2024-03-14 11:02) on "We bespreken dat": "teamoverleg" is not a code id, alias or label in the codebook, nor a lever or framework node',
        hint: 'correct the comment in Word (code ids, aliases or labels separated by ; or ,), or add the code to codebook.yaml as a code or as an alias of an existing code',
      },
      {
        severity: 'warning', file: 'opmerkingen-fouten.docx', code: 'comment-without-range',
        message: 'comment by Bert (2024-03-18 11:03) ("reflectie") is not anchored on any text (it has no commented range), so it codes nothing',
        hint: 'in Word, select the text the comment is about and add the comment again',
      },
      {
        severity: 'warning', file: 'opmerkingen-fouten.docx', line: 6, code: 'comment-on-heading',
        message: 'comment by Bert (2024-03-18 11:04) on "Nabespreking" is on a heading, which is not an excerpt, so it codes nothing',
        hint: 'anchor the comment on the paragraph it is about',
      },
      {
        severity: 'warning', file: 'opmerkingen-fouten.docx', line: 1, code: 'comment-spans-paragraphs',
        message: '2 comments span several paragraphs (by Annelies, Bert); each codes every paragraph it touches, as one coded reference',
        hint: "nothing to do if that is what was meant; to code one paragraph, shrink the comment's range in Word",
      },
    ]);
    expect(r.counts['comment-codings']).toBe(7);
  });

  it('a lenient resolver keeps an unknown code as its own id (codebook --check)', () => {
    const lenient = wordDocuments(read.content!, opts({ resolveCode: (t) => { const x = index.resolveName(t); return x.ok ? x : { ok: true, codeId: t.trim() }; } }));
    expect(lenient.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(lenient.documents[0].excerpts[3].codings.map((c) => c.codeId)).toEqual(['teamoverleg', 'voordoen']);
  });
});

describe('offsets through tags, escapes, dropped lines and characters outside the BMP', () => {
  it('a comment after an inline tag and an emoji codes exactly the commented words', () => {
    const c = content([para('Mentor 2: Ik doe het voor 😀 #voordoen en leg \\#1 uit waarom. #L6')]);
    c.comments.push(commentOn(c, '1', 'Bert', 'reflectie', [[0, 'leg \\#1 uit waarom']]));
    c.comments.push(commentOn(c, '2', 'Bert', 'leerdoelen', [[0, '#voordoen en']]));
    c.comments.push(commentOn(c, '3', 'Bert', 'tonen', [[0, 'doe het voor 😀']]));
    const r = wordDocuments(c, opts());
    expect(r.issues).toEqual([]);
    const d = r.documents;
    expect(d.map((x) => x.coder)).toEqual(['default', 'Bert']);
    expect(d[0].text).toBe('Mentor 2: Ik doe het voor 😀 en leg #1 uit waarom.');
    expect(coded(d)).toEqual({
      default: [['voordoen "Ik doe het voor 😀 en leg #1 uit waarom."', 'fw:levers:L6 "Ik doe het voor 😀 en leg #1 uit waarom."']],
      Bert: [['reflectie "leg #1 uit waarom"', 'leerdoelen "en"', 'voordoen "doe het voor 😀"']],
    });
  });

  it('blank and separator lines inside a paragraph are dropped, not split into excerpts', () => {
    const c = content([para('Cursist 1: eerste regel\n\n   \n---\ntweede regel'), para('***'), para('---\nMentor 2: ook dit'), para('\n')]);
    c.comments.push(commentOn(c, '1', 'Annelies', 'voordoen', [[0, 'tweede']]));
    c.comments.push(commentOn(c, '2', 'Annelies', 'reflectie', [[0, '\n\n   \n---\nt']]));
    const r = wordDocuments(c, opts());
    expect(r.issues).toEqual([]);
    const [d] = r.documents;
    expect(d.text).toBe('Cursist 1: eerste regel\ntweede regel\n\nMentor 2: ook dit');
    expect(d.excerpts.map((x) => [x.line, x.speaker.label, x.text])).toEqual([[1, 'Cursist 1', 'eerste regel\ntweede regel'], [3, 'Mentor 2', 'ook dit']]);
    expect(coded(r.documents).Annelies).toEqual([['voordoen "tweede"', 'reflectie "t"'], []]);
  });
});

describe('the native rules, in paragraphs', () => {
  it('bold label + tab: accepted labels get a colon; unknown ones are a warning, once per label', () => {
    const c = content([
      para('Kinderbegeleider 2\tIk kijk eerst.', { boldPrefix: 18 }),
      para('[00:01:02] M3 \t Ik ook.', { boldPrefix: 13 }),
      para('Sofie\tDag.', { boldPrefix: 5 }),
      para('Sofie\tTot morgen.', { boldPrefix: 5 }),
      para('Mentor 2 Ik zonder tab.', { boldPrefix: 8 }),
      para('Mentor 2:\tAl een dubbelpunt.', { boldPrefix: 9 }),
      para('Een heel lange vette zin van vijf woorden\tx', { boldPrefix: 41 }),
    ]);
    const r = wordDocuments(c, opts());
    const [d] = r.documents;
    expect(d.excerpts.map((x) => [x.speaker.label, x.time?.start, x.text])).toEqual([
      ['Kinderbegeleider 2', undefined, 'Ik kijk eerst.'],
      ['M3', 62, 'Ik ook.'],
      ['', undefined, 'Sofie\tDag.'],
      ['', undefined, 'Sofie\tTot morgen.'],
      ['', undefined, 'Mentor 2 Ik zonder tab.'],
      ['Mentor 2', undefined, 'Al een dubbelpunt.'],
      ['', undefined, 'Een heel lange vette zin van vijf woorden\tx'],
    ]);
    expect(r.issues).toEqual([{
      severity: 'warning', file: 'transcripten/test.docx', line: 3, code: 'unknown-speaker-label',
      message: '"Sofie" (bold, followed by a tab) looks like a speaker label but is not a known role or speaker; the paragraph is read as a field note (2 paragraphs in this file)',
      hint: 'add it to `speakers:` in hefboom.yaml (e.g. `speakers: {Sofie: onderzoeker}`) or as a synonym in roles.yaml, or set `speaker_labels: any` on the source entry',
    }]);
    const named = wordDocuments(c, opts({ speakerRules: { ...rules, speakers: { Sofie: 'kinderbegeleider' } } }));
    expect(named.documents[0].excerpts[2].speaker).toEqual({ label: 'Sofie', role: 'kinderbegeleider', name: 'Sofie' });
    expect(named.issues).toEqual([]);
  });

  it('native issues name paragraphs: unknown tags, tags without text, empty turns, unknown labels', () => {
    const c = content([
      para('Titel', { heading: 1 }),
      para('Mentor 2: Ik doe het voor. #voordon'),
      para(''),
      para('#reflectie'),
      para('Cursist 1:'),
      para('Stagiair Sofie: hallo'),
    ]);
    const r = wordDocuments(c, opts());
    expect(r.issues.map((i) => [i.severity, i.code, i.line, i.column, i.message])).toEqual([
      ['error', 'unknown-code', 2, undefined, 'unknown code tag "#voordon": "voordon" is not a code id or alias in the codebook, nor a lever (L1–L7) or framework node (<framework>:<node>); did you mean: voordoen?'],
      ['warning', 'tags-without-text', 4, undefined, 'paragraph 4 holds only code tags; its tags were added to the paragraph above (paragraph 2)'],
      ['warning', 'empty-turn', 5, undefined, 'the turn of "Cursist 1" in paragraph 5 has no text; it is not counted as an excerpt'],
      ['warning', 'unknown-speaker-label', 6, undefined, '"Stagiair Sofie:" looks like a speaker label but is not a known role or speaker; the paragraph is read as a field note (role onbekend)'],
    ]);
    expect(r.documents[0].excerpts.map((x) => [x.line, x.codings.map((k) => k.codeId)])).toEqual([[2, ['reflectie']], [6, []]]);
  });

  it('tags on a heading code nothing and leave the section name', () => {
    const r = wordDocuments(content([para('Deel 2 #reflectie', { heading: 2 }), para('Mentor 2: ja')]), opts());
    expect(r.documents[0].excerpts[0].attributes).toEqual({ section: 'Deel 2' });
    expect(r.issues).toEqual([{ severity: 'warning', file: 'transcripten/test.docx', line: 1, code: 'tags-in-heading', message: 'code tags on the heading in paragraph 1 code nothing', hint: 'put the tags on the paragraphs they code' }]);
  });

  it('lines Word generates (table of contents) are no excerpts but keep their paragraph number', () => {
    const r = wordDocuments(content([para('Inleiding\t1', { generated: true }), para('Gesprek\t2', { generated: true }), para('Mentor 2: ja')]), opts());
    expect(r.documents[0].excerpts.map((x) => [x.text, x.line])).toEqual([['ja', 3]]);
    expect(r.counts.generated).toBe(2);
  });

  it('an empty heading ends the section; an empty document is a warning', () => {
    const r = wordDocuments(content([para('Deel 1', { heading: 1 }), para('a'), para('  ', { heading: 1 }), para('b')]), opts());
    expect(r.documents[0].excerpts.map((x) => x.attributes.section)).toEqual(['Deel 1', undefined]);
    const e = wordDocuments(content([para('Alleen een kop', { heading: 1 }), para('')]), opts({ file: 'leeg.docx' }));
    expect(e.documents).toHaveLength(1);
    expect(e.documents[0].excerpts).toEqual([]);
    expect(e.issues).toEqual([{ severity: 'warning', file: 'leeg.docx', code: 'empty-transcript', message: 'document "leeg.docx" has no paragraphs to analyse', hint: 'check that the document body holds the transcript text (headers, footers, footnotes and comments are not read)' }]);
  });
});

describe('coders', () => {
  const base = () => {
    const c = content([para('Mentor 2: Ik doe het voor. #voordoen'), para('Cursist 1: Ik kijk.'), para('')]);
    c.comments.push(commentOn(c, '1', 'Annelies Peeters', 'reflectie', [[1, 'Ik kijk']]));
    c.comments.push(commentOn(c, '2', 'AP', 'leerdoelen', [[0, 'Ik doe']]));
    c.comments.push(commentOn(c, '3', '', 'tonen', [[1, 'kijk']]));
    c.comments.push(commentOn(c, '4', 'Bert', 'reflectie', [[2, '']], { replies: [{ author: 'Annelies', text: 'Waarom hier?' }, { author: '', text: 'Ok' }] }));
    c.comments.push(commentOn(c, '5', 'Bert', 'voordoen', [[1, 'Ik']], { replies: [{ author: 'Annelies', text: 'Eens.' }, { author: '', text: 'Ok' }] }));
    return c;
  };

  it('coderOf merges aliases; an empty author and the inline coder share a document', () => {
    const r = wordDocuments(base(), opts({ coder: 'Annelies', coderOf: (a) => (a === 'AP' || a === 'Annelies Peeters' ? 'Annelies' : a) }));
    expect(r.documents.map((d) => d.coder)).toEqual(['Annelies', 'Bert']);
    expect(coded(r.documents)).toEqual({
      Annelies: [['voordoen "Ik doe het voor."', 'leerdoelen "Ik doe"'], ['reflectie "Ik kijk"', 'voordoen "kijk"']],
      Bert: [[], ['voordoen "Ik"']],
    });
    expect(r.documents[1].excerpts[1].codings[0].memo).toBe('Annelies: Eens.\n(no author): Ok');
    expect(r.issues).toEqual([{
      severity: 'warning', file: 'transcripten/test.docx', line: 3, code: 'comment-not-on-text',
      message: 'comment by Bert (2024-05-02 09:00) is on an empty paragraph, which is not an excerpt, so it codes nothing',
      hint: 'anchor the comment on the paragraph it is about',
    }]);
  });

  it('a source entry coder overrides every author: one document', () => {
    const r = wordDocuments(base(), opts({ coder: 'Codeur', coderOf: () => 'Codeur' }));
    expect(r.documents.map((d) => d.coder)).toEqual(['Codeur']);
    expect(r.documents[0].excerpts.map((x) => x.codings.length)).toEqual([2, 3]);
  });

  it('the inline coder first when it coded, then authors as written, in order of their first comment', () => {
    const c = base();
    c.paragraphs[0].text = 'Mentor 2: Ik doe het voor.';
    const r = wordDocuments(c, opts());
    expect(r.documents.map((d) => d.coder)).toEqual(['default', 'Annelies Peeters', 'AP', 'Bert']);
    const none = wordDocuments(content([para('Mentor 2: ja')]), opts());
    expect(none.documents.map((d) => [d.coder, d.excerpts.length])).toEqual([['default', 1]]);
    // Each coder's copy owns its excerpts: changing one leaves the others alone.
    r.documents[0].excerpts[0].attributes.site = 'X';
    expect(r.documents[1].excerpts[0].attributes).toEqual({});
  });
});

describe('turn tables', () => {
  const ODT_FIX = fileURLToPath(new URL('../../../fixtures/odt/', import.meta.url));
  /** A paragraph of a table cell. */
  const cellPara = (text: string, table: number, row: number, column: number, extra: Partial<WordParagraph> = {}) =>
    para(text, { where: 'table', cell: { table, row, column }, ...extra });
  /** Rows of [speaker, text] (a text of several paragraphs as a list) in table 1, after `before` body paragraphs. */
  const turnTable = (rows: [string, string | string[]][], before: WordParagraph[] = []) => content([
    ...before,
    ...rows.flatMap(([s, t], r) => [cellPara(s, 1, r + 1, 1), ...(Array.isArray(t) ? t : [t]).map((x) => cellPara(x, 1, r + 1, 2))]),
  ]);
  const shape = (d: Document) => d.excerpts.map((x) => [x.ordinal, x.line, x.speaker.label, x.speaker.role, x.time?.start, x.attributes.section, x.text]);

  describe('tabel-gesprek.docx', async () => {
    const read = await readDocxContent(FIX + 'tabel-gesprek.docx', 'tabel-gesprek.docx');
    const r = wordDocuments(read.content!, opts({ file: 'tabel-gesprek.docx', coder: 'Annelies' }));

    it('turn rows are excerpts with speakers and times; the attribute table stays one excerpt per cell', () => {
      expect(read.issues).toEqual([]);
      expect(r.issues).toEqual([]);
      expect(r.counts).toEqual({ paragraphs: 40, headings: 3, excerpts: 22, comments: 2, replies: 0, 'comment-codings': 2, 'tracked-changes': 0, 'notes-skipped': 0, 'turn-tables': 2, turns: 9 });
      expect(r.documents.map((d) => d.coder)).toEqual(['Annelies']);
      const [d] = r.documents;
      checkOffsets(d);
      const field = (line: number, text: string, section?: string) => [line - 1, line, '', 'onbekend', undefined, section, text];
      expect(shape(d)).toEqual([
        field(2, 'De gegevens van het gesprek staan in de tabel hieronder.', 'Nabespreking praktijkbezoek KO5'),
        ...[['Locatie', 'KO5, babygroep'], ['Datum', '21-03-2024'], ['Mentor', 'Sofie'], ['Cursist', 'Jana'], ['Duur', '35 minuten']]
          .flatMap(([a, b], i) => [field(3 + 2 * i, a, 'Nabespreking praktijkbezoek KO5'), field(4 + 2 * i, b, 'Nabespreking praktijkbezoek KO5')]).map((x, i) => [i + 2, ...x.slice(1)]),
        // The header row (paragraphs 14–15) is no excerpt; a turn's line is its text cell's.
        [12, 17, 'Mentor 2', 'mentor', undefined, 'Gesprek', 'Hoe vond je het middagmaal vandaag?'],
        [13, 19, 'Cursist 1', 'cursist', undefined, 'Gesprek', 'Het ging beter dan vorige week. Ik heb eerst gekeken hoe jij het deed.'],
        // Two paragraphs in the text cell: one excerpt, joined with a line break; the #tag removed.
        [14, 21, 'Mentor 2', 'mentor', undefined, 'Gesprek', 'Dat zag ik. Je benoemde wat de kinderen aten.\nDat mag je nog meer doen.'],
        // The speaker cell merged down (w:vMerge): the same speaker goes on.
        [15, 24, 'Mentor 2', 'mentor', undefined, 'Gesprek', 'Ik geef je daarna altijd een tip voor de volgende keer.'],
        // A note across both columns is no turn.
        [16, 25, '', 'onbekend', undefined, 'Gesprek', '(Een kind begint te huilen; de opname ligt even stil.)'],
        [17, 27, 'Cursist 1', 'cursist', undefined, 'Gesprek', 'Mag ik morgen zelf de soep opscheppen?'],
        [18, 29, 'Verantwoordelijke', 'verantwoordelijke', undefined, 'Gesprek', 'Goed idee. We bespreken het vrijdag op het teamoverleg.'],
        [19, 33, 'Kinderbegeleider 3', 'kinderbegeleider', 845, 'Verzorging', 'Ik doe het verschonen eerst voor, daarna mag jij.'],
        [20, 36, 'Cursist 1', 'cursist', 871, 'Verzorging', 'Moet ik de luier eerst klaarleggen?'],
        [21, 39, 'Kinderbegeleider 3', 'kinderbegeleider', 880, 'Verzorging', 'Ja, dan hoef je het kind niet alleen te laten.'],
        [22, 40, 'Onderzoeker', 'onderzoeker', undefined, 'Verzorging', 'Bedankt, hiermee sluiten we de nabespreking af.'],
      ]);
      expect(d.text).toContain('\n\nMentor 2: Hoe vond je het middagmaal vandaag?\n\nCursist 1: Het ging');
      expect(d.text).toContain('\n\nMentor 2: Dat zag ik. Je benoemde wat de kinderen aten.\nDat mag je nog meer doen.\n\nMentor 2: Ik geef je');
      expect(d.text).toContain('\n\n[00:14:05] Kinderbegeleider 3: Ik doe het verschonen eerst voor, daarna mag jij.\n\n[00:14:31] Cursist 1:');
      expect(d.text).not.toContain('Spreker');
    });

    it('comments code their span of the text cell, also from the speaker cell on; an inline tag codes its turn', () => {
      const [d] = r.documents;
      expect(coded(r.documents).Annelies.flatMap((x, k) => (x.length ? [[k + 1, ...x]] : []))).toEqual([
        [13, 'voordoen "Ik heb eerst gekeken hoe jij het deed"'],
        [14, 'feedback "Dat zag ik. Je benoemde wat de kinderen aten.\nDat mag je nog meer doen."'],
        // The comment starts in the speaker cell: the label is clipped, as for a typed label.
        [19, 'voordoen "Ik doe het verschonen eerst voor"'],
      ]);
      const x = d.excerpts[12];
      expect(x.codings).toEqual([{ codeId: 'voordoen', coder: 'Annelies', start: x.start + 32, end: x.start + 69, ref: 'comment-0' }]);
    });
  });

  it('tabel-gesprek.odt reads as its .docx twin: same text, excerpts and codings', async () => {
    const docx = await readDocxContent(FIX + 'tabel-gesprek.docx', 'tabel-gesprek.docx');
    const odt = await readOdtContent(ODT_FIX + 'tabel-gesprek.odt', 'tabel-gesprek.odt');
    expect(odt.issues).toEqual([]);
    // The same paragraphs and cells in both formats, but for the merged speaker cell in Word, which
    // is an empty cell in the LibreOffice twin.
    const uncovered = (p: WordParagraph): WordParagraph => {
      if (!p.cell?.covered) return p;
      const { covered: _, ...cell } = p.cell;
      return { ...p, cell };
    };
    expect(odt.content!.paragraphs).toEqual(docx.content!.paragraphs.map(uncovered));
    expect(docx.content!.paragraphs[22].cell).toEqual({ table: 2, row: 5, column: 1, covered: true });
    const a = wordDocuments(docx.content!, opts({ file: 'tabel-gesprek.docx', coder: 'Annelies' }));
    const b = wordDocuments(odt.content!, opts({ file: 'tabel-gesprek.odt', coder: 'Annelies', format: 'odt' }));
    expect(b.issues).toEqual([]);
    expect(b.documents[0].text).toBe(a.documents[0].text);
    expect(shape(b.documents[0])).toEqual(shape(a.documents[0]));
    expect(coded(b.documents)).toEqual(coded(a.documents));
  });

  it('a comment over two paragraphs of one text cell is one coding, not one per paragraph', () => {
    const c = turnTable([['Spreker', 'Tekst'], ['Mentor 2', ['Ik doe het voor.', 'Daarna zeg ik waarom.']], ['Cursist 1', 'Goed.']]);
    c.comments.push(commentOn(c, '1', 'Bert', 'voordoen; reflectie', [[3, 'het voor.'], [4, 'Daarna zeg']]));
    const r = wordDocuments(c, opts());
    expect(r.issues).toEqual([]);
    expect(coded(r.documents).Bert).toEqual([['voordoen "het voor.\nDaarna zeg"', 'reflectie "het voor.\nDaarna zeg"'], []]);
    expect(r.documents[0].excerpts[0].codings[0]).toEqual({ codeId: 'voordoen', coder: 'Bert', start: 17, end: 37, ref: 'comment-1' });
  });

  it('a comment only on the speaker cell or only on the time cell codes the whole turn', () => {
    const c = content([
      cellPara('Tijd', 1, 1, 1), cellPara('Spreker', 1, 1, 2), cellPara('Tekst', 1, 1, 3),
      cellPara('00:01:00', 1, 2, 1), cellPara('Mentor 2:', 1, 2, 2), cellPara('Ik doe het voor.', 1, 2, 3),
      cellPara('[00:01:30]', 1, 3, 1), cellPara('Cursist 1', 1, 3, 2), cellPara('Ik kijk mee.', 1, 3, 3),
    ]);
    c.comments.push(commentOn(c, '1', 'Bert', 'voordoen', [[4, 'Mentor 2:']]));
    c.comments.push(commentOn(c, '2', 'Bert', 'reflectie', [[6, '00:01:30']]));
    const r = wordDocuments(c, opts());
    expect(r.issues).toEqual([]);
    expect(r.documents[0].text).toBe('[00:01:00] Mentor 2: Ik doe het voor.\n\n[00:01:30] Cursist 1: Ik kijk mee.');
    expect(r.documents[0].excerpts.map((x) => [x.line, x.speaker.label, x.time])).toEqual([[6, 'Mentor 2', { start: 60 }], [9, 'Cursist 1', { start: 90 }]]);
    expect(coded(r.documents).Bert).toEqual([['voordoen "Ik doe het voor."'], ['reflectie "Ik kijk mee."']]);
  });

  it('a comment over two rows codes both turns, as one coded reference over paragraphs', () => {
    const c = turnTable([['Mentor 2', 'Ik doe het voor.'], ['Cursist 1', 'Ik kijk mee.'], ['Mentor 2', 'Goed zo.']]);
    c.comments.push({ id: '7', author: 'Bert', text: 'voordoen', replies: [], ranges: [{ paragraph: 1, start: 3, end: 16 }, { paragraph: 2, start: 0, end: 9 }, { paragraph: 3, start: 0, end: 2 }] });
    const r = wordDocuments(c, opts());
    expect(coded(r.documents).Bert).toEqual([['voordoen "doe het voor."'], ['voordoen "Ik"'], []]);
    expect(r.documents[0].excerpts[1].codings[0]).toEqual({ codeId: 'voordoen', coder: 'Bert', start: 39, end: 41, ref: 'comment-7', refSpan: { start: 13, end: 41 } });
    expect(r.issues.map((i) => [i.code, i.line])).toEqual([['comment-spans-paragraphs', 2]]);
  });

  it('a comment on the header row codes nothing and says so', () => {
    const c = turnTable([['Spreker', 'Tekst'], ['Mentor 2', 'a'], ['Cursist 1', 'b']]);
    c.comments.push(commentOn(c, '1', 'Bert', 'voordoen', [[1, 'Tekst']]));
    const r = wordDocuments(c, opts());
    expect(r.documents.map((d) => d.coder)).toEqual(['default']);
    expect(r.issues).toEqual([{
      severity: 'warning', file: 'transcripten/test.docx', line: 2, code: 'comment-not-on-text',
      message: 'comment by Bert (2024-05-02 09:00) on "Tekst" is on the header row of a table, which is not an excerpt, so it codes nothing',
      hint: 'anchor the comment on the paragraph it is about',
    }]);
  });

  it('blank and separator paragraphs in a text cell are left out; a comment on them alone codes nothing', () => {
    const c = turnTable([['Spreker', 'Tekst'], ['Mentor 2', ['Eerst dit.', '', '---', 'Dan dat.\n\nEn nog iets.']], ['Cursist 1', 'Ok.']]);
    c.comments.push({ id: '1', author: 'Bert', text: 'voordoen', replies: [], ranges: [{ paragraph: 4, start: 0, end: 0 }] });
    c.comments.push(commentOn(c, '2', 'Bert', 'reflectie', [[6, 'dat.\n\nEn']]));
    const r = wordDocuments(c, opts());
    const [d] = r.documents;
    expect(d.text).toBe('Mentor 2: Eerst dit.\nDan dat.\nEn nog iets.\n\nCursist 1: Ok.');
    expect(d.excerpts.map((x) => [x.line, x.text])).toEqual([[4, 'Eerst dit.\nDan dat.\nEn nog iets.'], [9, 'Ok.']]);
    expect(coded(r.documents).Bert).toEqual([['reflectie "dat.\nEn"'], []]);
    expect(r.issues.map((i) => [i.code, i.line])).toEqual([['comment-not-on-text', 5]]);
  });

  it('native issues in a turn name the paragraph they are in: unknown labels, unknown tags', () => {
    const c = turnTable([['Mentor 2', 'a'], ['Jana', 'b'], ['Mentor 2', ['c', 'd #voordon']], ['Cursist 1', 'e']]);
    const r = wordDocuments(c, opts());
    expect(r.issues.map((i) => [i.severity, i.code, i.line, i.message])).toEqual([
      ['warning', 'unknown-speaker-label', 4, '"Jana:" looks like a speaker label but is not a known role or speaker; the paragraph is read as a field note (role onbekend)'],
      ['error', 'unknown-code', 7, 'unknown code tag "#voordon": "voordon" is not a code id or alias in the codebook, nor a lever (L1–L7) or framework node (<framework>:<node>); did you mean: voordoen?'],
    ]);
    // The unknown label stays in the text, as in a typed transcript.
    expect(r.documents[0].excerpts.map((x) => [x.line, x.speaker.label, x.text])).toEqual([[2, 'Mentor 2', 'a'], [4, '', 'Jana: b'], [6, 'Mentor 2', 'c\nd'], [9, 'Cursist 1', 'e']]);
    // A `speakers:` name makes it a speaker.
    const named = wordDocuments(c, opts({ speakerRules: { ...rules, speakers: { Jana: 'cursist' } } }));
    expect(named.documents[0].excerpts[1].speaker).toEqual({ label: 'Jana', role: 'cursist', name: 'Jana' });
  });

  it('a time cell that is no timestamp: the warning, and the cell as a paragraph of its own', () => {
    const c = content([
      cellPara('Tijd', 1, 1, 1), cellPara('Spreker', 1, 1, 2), cellPara('Tekst', 1, 1, 3),
      cellPara('?', 1, 2, 1), cellPara('Mentor 2', 1, 2, 2), cellPara('Ik doe het voor.', 1, 2, 3),
      cellPara('00:02:00', 1, 3, 1), cellPara('Cursist 1', 1, 3, 2), cellPara('Ik kijk mee.', 1, 3, 3),
    ]);
    const r = wordDocuments(c, opts());
    expect(r.documents[0].excerpts.map((x) => [x.line, x.speaker.label, x.time?.start, x.text])).toEqual([[4, '', undefined, '?'], [6, 'Mentor 2', undefined, 'Ik doe het voor.'], [9, 'Cursist 1', 120, 'Ik kijk mee.']]);
    expect(r.issues.map((i) => [i.code, i.line])).toEqual([['turn-table-time', 4]]);
  });

  it('a table that is no turn table is read as before: one excerpt per cell paragraph', () => {
    const c = turnTable([['Mentor', 'Sofie'], ['Cursist', 'Jana']], [para('Deelnemers:')]);
    const r = wordDocuments(c, opts());
    expect(r.counts['turn-tables']).toBe(0);
    expect(r.documents[0].excerpts.map((x) => [x.line, x.speaker.label, x.text])).toEqual([[1, '', 'Deelnemers:'], [2, '', 'Mentor'], [3, '', 'Sofie'], [4, '', 'Cursist'], [5, '', 'Jana']]);
  });
});
