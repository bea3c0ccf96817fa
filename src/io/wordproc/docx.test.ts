import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docxContentFromXml, readDocxContent } from './docx.js';
import { zipToBuffer } from '../qda/zip.js';
import type { WordContent } from './content.js';

const FIX = fileURLToPath(new URL('../../../fixtures/docx/', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'hefboom-docx-test-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const NS = `${W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" xmlns:v="urn:schemas-microsoft-com:vml"`;
const doc = (body: string, ns = NS) => `<?xml version="1.0" encoding="UTF-8"?><w:document ${ns}><w:body>${body}</w:body></w:document>`;
const r = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
const p = (inner: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${inner}</w:p>`;

function fromXml(body: string, extra: { styles?: string; comments?: string; commentsExtended?: string } = {}): WordContent {
  const res = docxContentFromXml({ document: doc(body), ...extra }, 't.docx');
  expect(res.issues).toEqual([]);
  return res.content!;
}
const texts = (c: WordContent) => c.paragraphs.map((x) => x.text);

let n = 0;
/** Write a package to the temp folder: the given entries, plus minimal relationships unless told. */
async function pkg(entries: Record<string, string | Buffer>, opts: { rels?: boolean } = {}): Promise<string> {
  const files: { name: string; data: string | Buffer }[] = [];
  if (opts.rels !== false) {
    files.push({ name: '_rels/.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>' });
  }
  for (const [name, data] of Object.entries(entries)) files.push({ name, data });
  const path = join(TMP, `p${n++}.docx`);
  writeFileSync(path, await zipToBuffer(files));
  return path;
}

describe('fixtures', () => {
  it('opmaak.docx: headings, bold labels, table, text box, footnote, tracked changes, field, line break', async () => {
    const res = await readDocxContent(FIX + 'opmaak.docx', 'opmaak.docx');
    expect(res.issues).toEqual([]);
    expect(res.content).toEqual({
      paragraphs: [
        { text: 'Deel 1: onthaal', heading: 1, boldPrefix: 15, where: 'body' },
        { text: 'Mentor 3\tIk doe het verschonen eerst voor.\nDaarna mag zij het proberen.', boldPrefix: 8, where: 'body' },
        { text: 'Tijdens de middag', heading: 2, boldPrefix: 17, where: 'body' },
        { text: 'Cursist 2: Ik vond de tafelmomenten het moeilijkst.', boldPrefix: 0, where: 'table', cell: { table: 1, row: 1, column: 1 } },
        { text: 'Ik wist niet wanneer ik mocht helpen.', boldPrefix: 0, where: 'table', cell: { table: 1, row: 1, column: 2 } },
        { text: 'Verantwoordelijke: We hangen de afspraken uit in de leefruimte.', boldPrefix: 0, where: 'body' },
        // The text box follows its anchor paragraph, once: mc:Fallback repeats it as VML.
        { text: 'Eerst kijken, dan samen doen, daarna zelf.', boldPrefix: 0, where: 'textbox' },
        // The footnote reference is dropped; the footnote's own text is not read.
        { text: 'Kinderbegeleider 1: We werken met vaste leefgroepen.', boldPrefix: 0, where: 'body' },
        // Deleted "soms", inserted "elke dag".
        { text: 'Mentor 3: We geven elke dag feedback na de middag.', boldPrefix: 0, where: 'body' },
        // Outline level 0 given on the paragraph itself.
        { text: 'Afsluiting', heading: 1, boldPrefix: 0, where: 'body' },
        // Bold by character style.
        { text: 'Cursist 2\tBedankt voor de uitleg.', boldPrefix: 9, where: 'body' },
        // Field instruction dropped, field result kept.
        { text: 'Onderzoeker: Opgenomen op 14-03-2024.', boldPrefix: 0, where: 'body' },
        // A deleted paragraph mark joins two paragraphs.
        { text: 'Cursist 2: Ik probeer het morgen opnieuw, samen met mijn mentor.', boldPrefix: 0, where: 'body' },
        { text: '', boldPrefix: 0, where: 'body' },
        // Non-breaking hyphen; the old heading style in w:pPrChange does not count.
        { text: 'Onderzoeker: Zij is een zij-instromer.', boldPrefix: 0, where: 'body' },
        // w:b w:val="0" is not bold; bold only in w:rPrChange is old formatting.
        { text: 'Mentor 3\tDit is geen label.', boldPrefix: 0, where: 'body' },
        { text: 'Mentor 3\tOok geen label: vroeger vet.', boldPrefix: 0, where: 'body' },
        { text: 'Mentor 3: Kijk, zo hou je de fles schuin. #voordoen', boldPrefix: 0, where: 'body' },
      ],
      comments: [],
      trackedChanges: 3,
      notesSkipped: 1,
    });
  });

  it('opmerkingen-fouten.docx: comment ranges, also over paragraphs, and comments without a range', async () => {
    const res = await readDocxContent(FIX + 'opmerkingen-fouten.docx', 'opmerkingen-fouten.docx');
    expect(res.issues).toEqual([]);
    const c = res.content!;
    expect(texts(c)).toEqual([
      'Mentor 2: Ik geef eerst een compliment en daarna een tip.',
      'Cursist 1: Dat helpt me om het de volgende keer beter te doen.',
      'Mentor 2: Soms vergeet ik het waarom uit te leggen.',
      'Verantwoordelijke: We bespreken dat op het teamoverleg.',
      'Cursist 1: Ik mag dan zelf ook iets inbrengen.',
      'Nabespreking',
      'Mentor 2: Dat is afgesproken.',
    ]);
    expect(c.paragraphs[5].heading).toBe(1);
    expect(c.comments).toEqual([
      { id: '0', author: 'Annelies', date: '2024-03-14T11:00:00Z', text: 'feedback', ranges: [{ paragraph: 0, start: 42, end: 57 }, { paragraph: 1, start: 0, end: 23 }], replies: [] },
      { id: '1', author: 'Bert', date: '2024-03-18T11:01:00Z', text: '', ranges: [{ paragraph: 2, start: 10, end: 51 }], replies: [] },
      { id: '2', author: 'Annelies', date: '2024-03-14T11:02:00Z', text: 'teamoverleg; voordoen', ranges: [{ paragraph: 3, start: 19, end: 35 }], replies: [] },
      { id: '3', author: 'Bert', date: '2024-03-18T11:03:00Z', text: 'reflectie', ranges: [], replies: [] },
      { id: '4', author: 'Bert', date: '2024-03-18T11:04:00Z', text: 'reflectie', ranges: [{ paragraph: 5, start: 0, end: 12 }], replies: [] },
      { id: '5', author: 'Bert', date: '2024-03-18T11:05:00Z', text: 'leerdoelen', ranges: [{ paragraph: 6, start: 0, end: 9 }], replies: [] },
      { id: '6', author: 'Bert', date: '2024-03-18T11:06:00Z', text: 'voordoen', ranges: [{ paragraph: 3, start: 36, end: 55 }, { paragraph: 4, start: 0, end: 10 }], replies: [] },
      { id: '7', author: 'Bert', date: '2024-03-18T11:07:00Z', text: 'feedback', ranges: [{ paragraph: 0, start: 0, end: 57 }, { paragraph: 1, start: 0, end: 62 }], replies: [] },
    ]);
    expect(c.paragraphs[0].text.slice(42, 57)).toBe('daarna een tip.');
    expect(c.paragraphs[1].text.slice(0, 23)).toBe('Cursist 1: Dat helpt me');
  });

  it('gesprek-twee-codeurs.docx: 20 paragraphs, 12 comments by two authors, one reply', async () => {
    const res = await readDocxContent(FIX + 'gesprek-twee-codeurs.docx', 'gesprek-twee-codeurs.docx');
    expect(res.issues).toEqual([]);
    const c = res.content!;
    expect(c.paragraphs).toHaveLength(20);
    expect(c.paragraphs[9]).toEqual({ text: 'Kinderbegeleider 3\tIk merk dat de kinderen rustiger zijn als er een vast gezicht bij is.', boldPrefix: 18, where: 'body' });
    expect(c.comments.map((x) => [x.id, x.author, x.text])).toEqual([
      ['0', 'Annelies', 'startgesprek'],
      ['1', 'Bert', 'Intake; leerdoelen'],
      ['2', 'Annelies', 'Voordoen (modeling)'],
      ['3', 'Bert', 'modeling'],
      ['4', 'Bert', 'school'],
      ['5', 'Annelies', 'feedback-uitstellen; Feedback geven en krijgen'],
      ['6', 'Annelies', 'Welbevinden van het kind'],
      ['7', 'Bert', 'leerdoelen, reflecteren'],
      ['8', 'Annelies', 'reflectie'],
      ['10', 'Annelies', 'cooperatief leren'],
      ['11', 'Bert', 'Reflectie op eigen handelen'],
      ['12', 'Annelies', 'OPLEIDING'],
    ]);
    const commented = c.comments.map((x) => x.ranges.map((g) => c.paragraphs[g.paragraph].text.slice(g.start, g.end)).join('|'));
    expect(commented[0]).toBe('We beginnen altijd met een startgesprek.');
    expect(commented[6]).toBe('Kinderbegeleider 3\tIk merk dat de kinderen rustiger zijn als er een vast gezicht bij is.');
    // Comment 9 is Bert's reply to comment 8: a memo, not a comment of its own.
    expect(c.comments[8].replies).toEqual([{ author: 'Bert', date: '2024-03-18T10:09:00Z', text: 'Eens. Misschien ook leerdoelen?' }]);
    expect(c.comments[8].ranges).toEqual([{ paragraph: 12, start: 58, end: 87 }]);
    expect(c.trackedChanges).toBe(0);
  });
});

describe('refused packages', () => {
  it('a truncated .docx is damaged', async () => {
    expect(await readDocxContent(FIX + 'kapot.docx', 'kapot.docx')).toEqual({
      issues: [{
        severity: 'error', file: 'kapot.docx', code: 'docx-damaged',
        message: '"kapot.docx" is damaged: no ZIP directory found (it is not a ZIP file, or it is truncated)',
        hint: 'the file may be truncated (an interrupted copy or download); copy it again, or open it in Word, which can often repair it, and save it again',
      }],
    });
  });

  it('a password-protected .docx (OLE container) says so, and mentions an old .doc', async () => {
    expect(await readDocxContent(FIX + 'beveiligd.docx', 'beveiligd.docx')).toEqual({
      issues: [{
        severity: 'error', file: 'beveiligd.docx', code: 'docx-encrypted',
        message: '"beveiligd.docx" cannot be read: it is password-protected or encrypted (an OLE container, not a zip), or an old Word 97–2003 .doc file with a .docx name',
        hint: 'remove the password in Word (File › Info › Protect Document › Encrypt with Password: clear the password) and save; an old .doc file: open it in Word and save it as Word Document (.docx)',
      }],
    });
  });

  it('a package whose compressed data is damaged', async () => {
    const bytes = readFileSync(FIX + 'gesprek-twee-codeurs.docx');
    // Inside the deflated data of word/document.xml (the third entry, after two small ones).
    const at = bytes.indexOf('word/document.xml') + 200;
    for (let i = at; i < at + 40; i++) bytes[i] ^= 0x5a;
    const path = join(TMP, 'beschadigd.docx');
    writeFileSync(path, bytes);
    const res = await readDocxContent(path, 'beschadigd.docx');
    expect(res.content).toBeUndefined();
    expect(res.issues.map((i) => [i.severity, i.code, i.message.startsWith('"beschadigd.docx" is damaged: ')])).toEqual([['error', 'docx-damaged', true]]);
    expect(res.issues[0].message).not.toContain(TMP);
  });

  it('a missing file, an empty file and a text file', async () => {
    expect((await readDocxContent(join(TMP, 'nergens.docx'), 'nergens.docx')).issues).toEqual([
      { severity: 'error', file: 'nergens.docx', code: 'unreadable-file', message: '"nergens.docx" does not exist', hint: 'check the path or glob of this source in hefboom.yaml' },
    ]);
    const empty = join(TMP, 'leeg.docx');
    writeFileSync(empty, '');
    expect((await readDocxContent(empty, 'leeg.docx')).issues).toEqual([
      { severity: 'error', file: 'leeg.docx', code: 'not-docx', message: '"leeg.docx" is empty, not a Word document', hint: 'save the document again from Word as a Word Document (.docx)' },
    ]);
    const txt = join(TMP, 'tekst.docx');
    writeFileSync(txt, 'Mentor 2: dit is gewoon tekst.\n');
    expect((await readDocxContent(txt, 'tekst.docx')).issues).toEqual([
      { severity: 'error', file: 'tekst.docx', code: 'not-docx', message: '"tekst.docx" is not a Word document (.docx): it is not a ZIP package', hint: 'a .docx is a ZIP package; check that the file really is a Word document, or save it again from Word as Word Document (.docx)' },
    ]);
  });

  it('a ZIP without a document part; an .odt or a workbook renamed to .docx', async () => {
    const none = await pkg({ 'readme.txt': 'hallo' });
    expect((await readDocxContent(none, 'x.docx')).issues).toEqual([
      { severity: 'error', file: 'x.docx', code: 'not-docx', message: '"x.docx" is a ZIP package but not a Word document: it holds no Word document part (word/document.xml)', hint: 'save the transcript from Word as Word Document (.docx)' },
    ]);
    const odt = await pkg({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<x/>' }, { rels: false });
    expect((await readDocxContent(odt, 'x.docx')).issues[0].message).toBe('"x.docx" is a ZIP package but not a Word document: it looks like an OpenDocument file (.odt); use `format: odt` for it');
    const xlsx = await pkg({ 'xl/workbook.xml': '<x/>' }, { rels: false });
    expect((await readDocxContent(xlsx, 'x.docx')).issues[0].message).toBe('"x.docx" is a ZIP package but not a Word document: it is an Excel workbook');
  });

  it('XML that is not well-formed, a DOCTYPE, bytes that are not UTF-8', async () => {
    const broken = await pkg({ 'word/document.xml': `<w:document ${W}><w:body>\n<w:p><w:r><w:t>Mentor 2: kapot</w:r></w:p></w:body></w:document>` });
    expect((await readDocxContent(broken, 'b.docx')).issues).toEqual([{
      severity: 'error', file: 'b.docx', line: 2, code: 'xml-syntax',
      message: 'word/document.xml in "b.docx" is not well-formed XML: unexpected close tag.',
      hint: 'the document is damaged; open it in Word (which can often repair it) and save it again',
    }]);
    const dtd = await pkg({ 'word/document.xml': `<!DOCTYPE x [<!ENTITY a "b">]><w:document ${W}><w:body/></w:document>` });
    expect((await readDocxContent(dtd, 'd.docx')).issues.map((i) => i.message)).toEqual(['word/document.xml in "d.docx" is not well-formed XML: it has a DOCTYPE declaration, which a Word document never has']);
    const latin = await pkg({ 'word/document.xml': Buffer.concat([Buffer.from(`<w:document ${W}><w:body><w:p><w:r><w:t>caf`), Buffer.from([0xe9]), Buffer.from('</w:t></w:r></w:p></w:body></w:document>')]) });
    expect((await readDocxContent(latin, 'l.docx')).issues.map((i) => [i.code, i.message])).toEqual([['xml-syntax', 'word/document.xml in "l.docx" is not well-formed XML: its bytes are not valid UTF-8 text']]);
    const emptyPart = await pkg({ 'word/document.xml': '' });
    expect((await readDocxContent(emptyPart, 'e.docx')).issues.map((i) => i.message)).toEqual(['word/document.xml in "e.docx" is not well-formed XML: document must contain a root element.']);
    const badComments = await pkg({ 'word/document.xml': doc(p(r('a'))), 'word/comments.xml': `<w:comments ${W}><w:comment>` });
    expect((await readDocxContent(badComments, 'c.docx')).issues.map((i) => i.code)).toEqual(['xml-syntax']);
  });
});

describe('package parts', () => {
  it('finds the parts through the relationships, also under other names', async () => {
    const path = await pkg({
      '_rels/.rels': '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/tekst/hoofd.xml"/></Relationships>',
      'tekst/hoofd.xml': doc(p(r('Kop'), '<w:pStyle w:val="K"/>') + p('<w:commentRangeStart w:id="5"/>' + r('Mentor 2: ja') + '<w:commentRangeEnd w:id="5"/>')),
      'tekst/_rels/hoofd.xml.rels': '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="../stijl/s.xml"/><Relationship Id="b" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="opm.xml"/><Relationship Id="c" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org" TargetMode="External"/></Relationships>',
      'stijl/s.xml': `<w:styles ${W}><w:style w:type="paragraph" w:styleId="K"><w:name w:val="heading 3"/></w:style></w:styles>`,
      'tekst/opm.xml': `<w:comments ${W}><w:comment w:id="5" w:author=" Bert "><w:p><w:r><w:t>voordoen</w:t></w:r></w:p></w:comment></w:comments>`,
    }, { rels: false });
    const res = await readDocxContent(path, 'x.docx');
    expect(res.issues).toEqual([]);
    expect(res.content!.paragraphs).toEqual([{ text: 'Kop', heading: 3, boldPrefix: 0, where: 'body' }, { text: 'Mentor 2: ja', boldPrefix: 0, where: 'body' }]);
    expect(res.content!.comments).toEqual([{ id: '5', author: 'Bert', text: 'voordoen', ranges: [{ paragraph: 1, start: 0, end: 12 }], replies: [] }]);
  });

  it('without relationships, reads the usual part names; a UTF-16 part is decoded by its BOM', async () => {
    const xml = `\ufeff${doc(p(r('Cursist 1: één'))).replace('UTF-8', 'UTF-16')}`;
    const path = await pkg({ 'word/document.xml': Buffer.from(xml, 'utf16le') }, { rels: false });
    const res = await readDocxContent(path, 'x.docx');
    expect(res.issues).toEqual([]);
    expect(texts(res.content!)).toEqual(['Cursist 1: één']);
  });
});

describe('body text', () => {
  it('tabs, breaks, hyphens, symbols; tab stops and page breaks add nothing', () => {
    const c = fromXml(p(
      '<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t><w:br w:type="page"/><w:br w:type="column"/><w:t>e</w:t>'
      + '<w:noBreakHyphen/><w:softHyphen/><w:sym w:font="Wingdings" w:char="F04A"/><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/><w:t>f</w:t></w:r>',
      '<w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs>',
    ));
    expect(texts(c)).toEqual(['a\tb\nc\nde-\tf']);
  });

  it('a line break typed inside w:t reads as a space', () => {
    expect(texts(fromXml(p('<w:r><w:t xml:space="preserve">een\ntwee\r\ndrie</w:t></w:r>')))).toEqual(['een twee drie']);
  });

  it('text outside w:t (field instructions, deleted text, math) is not read', () => {
    const c = fromXml(p(r('x') + '<w:r><w:instrText> PAGE </w:instrText></w:r><w:del><w:r><w:delText>weg</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>verhuisd</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>hier</w:t></w:r></w:moveTo>'));
    expect(texts(c)).toEqual(['xhier']);
    expect(c.trackedChanges).toBe(3);
  });

  it('mc:AlternateContent: the first choice only; the fallback when there is no choice', () => {
    const box = (t: string) => `<w:txbxContent>${p(r(t))}</w:txbxContent>`;
    const c = fromXml(
      p(r('A') + `<w:r><mc:AlternateContent><mc:Choice Requires="wps">${box('keuze 1')}</mc:Choice><mc:Choice Requires="w16">${box('keuze 2')}</mc:Choice><mc:Fallback>${box('terugval')}</mc:Fallback></mc:AlternateContent></w:r>`)
      + p(r('B') + `<w:r><mc:AlternateContent><mc:Fallback><w:pict><v:textbox>${box('alleen terugval')}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>`),
    );
    expect(c.paragraphs).toEqual([
      { text: 'A', boldPrefix: 0, where: 'body' },
      { text: 'keuze 1', boldPrefix: 0, where: 'textbox' },
      { text: 'B', boldPrefix: 0, where: 'body' },
      { text: 'alleen terugval', boldPrefix: 0, where: 'textbox' },
    ]);
  });

  it('nested tables and content controls, in reading order', () => {
    const tc = (inner: string) => `<w:tc>${inner}</w:tc>`;
    const c = fromXml(`<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>${p(r('een'))}</w:sdtContent></w:sdt>`
      + `<w:tbl><w:tr>${tc(p(r('twee')) + `<w:tbl><w:tr>${tc(p(r('drie')))}</w:tr></w:tbl>`)}${tc(p(r('vier')))}</w:tr></w:tbl>${p(r('vijf'))}`);
    expect(c.paragraphs.map((x) => [x.text, x.where])).toEqual([['een', 'body'], ['twee', 'table'], ['drie', 'table'], ['vier', 'table'], ['vijf', 'body']]);
  });

  it('a deleted paragraph mark before a table does not join across it', () => {
    const del = '<w:rPr><w:del w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"/></w:rPr>';
    const c = fromXml(p(r('een'), del) + `<w:tbl><w:tr><w:tc>${p(r('cel'))}</w:tc></w:tr></w:tbl>` + p(r('twee'), del) + '<w:bookmarkStart w:id="0" w:name="x"/>' + p(r(' drie')));
    expect(texts(c)).toEqual(['een', 'cel', 'twee drie']);
    expect(c.trackedChanges).toBe(2);
  });
});

describe('table cells', () => {
  const tc = (inner: string, tcPr = '') => `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${inner}</w:tc>`;
  const cells = (c: WordContent) => c.paragraphs.map((x) => [x.text, x.where, x.cell]);

  it('table, row and grid column of every cell paragraph; body paragraphs have none', () => {
    const c = fromXml(p(r('voor')) + `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>${tc(p(r('Mentor 2')))}${tc(p(r('Ik doe het voor.')) + p(r('Kijk mee.')))}</w:tr>`
      + `<w:tr>${tc(p(r('Cursist 1')))}${tc(p(r('Goed.')))}</w:tr></w:tbl>` + p(r('tussen')) + `<w:tbl><w:tr>${tc(p(r('Locatie')))}</w:tr></w:tbl>`);
    expect(cells(c)).toEqual([
      ['voor', 'body', undefined],
      ['Mentor 2', 'table', { table: 1, row: 1, column: 1 }],
      ['Ik doe het voor.', 'table', { table: 1, row: 1, column: 2 }],
      ['Kijk mee.', 'table', { table: 1, row: 1, column: 2 }],
      ['Cursist 1', 'table', { table: 1, row: 2, column: 1 }],
      ['Goed.', 'table', { table: 1, row: 2, column: 2 }],
      ['tussen', 'body', undefined],
      ['Locatie', 'table', { table: 2, row: 1, column: 1 }],
    ]);
  });

  it('w:gridSpan and w:gridBefore move the grid column; old properties in w:tcPrChange do not', () => {
    const c = fromXml(`<w:tbl><w:tr>${tc(p(r('breed')), '<w:gridSpan w:val="2"/>')}${tc(p(r('derde')))}</w:tr>`
      + `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc(p(r('tweede')))}${tc(p(r('ook derde')), '<w:tcPrChange w:id="1" w:author="A"><w:tcPr><w:gridSpan w:val="3"/></w:tcPr></w:tcPrChange>')}${tc(p(r('vierde')))}</w:tr>`
      + `<w:tr>${tc(p(r('x')), '<w:gridSpan w:val="0"/>')}${tc(p(r('y')), '<w:gridSpan w:val="twee"/>')}</w:tr></w:tbl>`);
    expect(c.paragraphs.map((x) => [x.text, x.cell?.row, x.cell?.column])).toEqual([
      ['breed', 1, 1], ['derde', 1, 3], ['tweede', 2, 2], ['ook derde', 2, 3], ['vierde', 2, 4], ['x', 3, 1], ['y', 3, 2],
    ]);
  });

  it('w:vMerge: a cell continuing the one above is covered; restart is not', () => {
    const c = fromXml(`<w:tbl><w:tr>${tc(p(r('Mentor 2')), '<w:vMerge w:val="restart"/>')}${tc(p(r('a')))}</w:tr>`
      + `<w:tr>${tc(p(''), '<w:vMerge/>')}${tc(p(r('b')))}</w:tr><w:tr>${tc(p(''), '<w:vMerge w:val="continue"/>')}${tc(p(r('c')))}</w:tr></w:tbl>`);
    expect(c.paragraphs.map((x) => x.cell)).toEqual([
      { table: 1, row: 1, column: 1 }, { table: 1, row: 1, column: 2 },
      { table: 1, row: 2, column: 1, covered: true }, { table: 1, row: 2, column: 2 },
      { table: 1, row: 3, column: 1, covered: true }, { table: 1, row: 3, column: 2 },
    ]);
  });

  it('nested tables are numbered in the order they start; the outer cell goes on after the inner table', () => {
    const c = fromXml(`<w:tbl><w:tr>${tc(p(r('buiten')) + `<w:tbl><w:tr>${tc(p(r('binnen 1')))}${tc(p(r('binnen 2')))}</w:tr></w:tbl>` + p(r('buiten na')))}${tc(p(r('naast')))}</w:tr></w:tbl>`
      + `<w:tbl><w:tr>${tc(p(r('derde tabel')))}</w:tr></w:tbl>`);
    expect(c.paragraphs.map((x) => [x.text, x.cell])).toEqual([
      ['buiten', { table: 1, row: 1, column: 1 }],
      ['binnen 1', { table: 2, row: 1, column: 1 }],
      ['binnen 2', { table: 2, row: 1, column: 2 }],
      ['buiten na', { table: 1, row: 1, column: 1 }],
      ['naast', { table: 1, row: 1, column: 2 }],
      ['derde tabel', { table: 3, row: 1, column: 1 }],
    ]);
  });

  it('a text box in a cell has no cell; a table in a text box has', () => {
    const box = (inner: string) => `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent>${inner}</w:txbxContent></mc:Choice></mc:AlternateContent></w:r>`;
    const c = fromXml(`<w:tbl><w:tr>${tc(p(r('cel') + box(p(r('vak in cel')))) + p(r('cel na')))}</w:tr></w:tbl>`
      + p(r('body') + box(`<w:tbl><w:tr>${tc(p(r('cel in vak')))}</w:tr></w:tbl>`)));
    expect(cells(c)).toEqual([
      ['cel', 'table', { table: 1, row: 1, column: 1 }],
      ['vak in cel', 'textbox', undefined],
      ['cel na', 'table', { table: 1, row: 1, column: 1 }],
      ['body', 'body', undefined],
      ['cel in vak', 'textbox', { table: 2, row: 1, column: 1 }],
    ]);
  });

  it('tabel-gesprek.docx: header row, merged speaker cell, a note across the table, a time column', async () => {
    const res = await readDocxContent(FIX + 'tabel-gesprek.docx', 'tabel-gesprek.docx');
    expect(res.issues).toEqual([]);
    const P = res.content!.paragraphs;
    expect(P.map((x) => [x.text, x.cell]).slice(13, 25)).toEqual([
      ['Spreker', { table: 2, row: 1, column: 1 }],
      ['Tekst', { table: 2, row: 1, column: 2 }],
      ['Mentor 2', { table: 2, row: 2, column: 1 }],
      ['Hoe vond je het middagmaal vandaag?', { table: 2, row: 2, column: 2 }],
      ['Cursist 1', { table: 2, row: 3, column: 1 }],
      ['Het ging beter dan vorige week. Ik heb eerst gekeken hoe jij het deed.', { table: 2, row: 3, column: 2 }],
      ['Mentor 2', { table: 2, row: 4, column: 1 }],
      ['Dat zag ik. Je benoemde wat de kinderen aten.', { table: 2, row: 4, column: 2 }],
      ['Dat mag je nog meer doen. #feedback', { table: 2, row: 4, column: 2 }],
      ['', { table: 2, row: 5, column: 1, covered: true }],
      ['Ik geef je daarna altijd een tip voor de volgende keer.', { table: 2, row: 5, column: 2 }],
      ['(Een kind begint te huilen; de opname ligt even stil.)', { table: 2, row: 6, column: 1 }],
    ]);
    expect(P.slice(30, 33).map((x) => [x.text, x.cell])).toEqual([
      ['00:14:05', { table: 3, row: 1, column: 1 }], ['Kinderbegeleider 3', { table: 3, row: 1, column: 2 }], ['Ik doe het verschonen eerst voor, daarna mag jij.', { table: 3, row: 1, column: 3 }],
    ]);
    expect(res.content!.comments.map((c) => c.ranges)).toEqual([
      [{ paragraph: 18, start: 32, end: 69 }],
      // From the speaker cell into the text cell.
      [{ paragraph: 31, start: 0, end: 18 }, { paragraph: 32, start: 0, end: 32 }],
    ]);
  });
});

describe('headings and bold', () => {
  const styles = `<w:styles ${W}>
    <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
    <w:style w:type="paragraph" w:styleId="Berschrift2"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
    <w:style w:type="paragraph" w:styleId="MijnKop"><w:name w:val="Mijn kop"/><w:basedOn w:val="Berschrift2"/></w:style>
    <w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style>
    <w:style w:type="paragraph" w:styleId="Ondertitel"><w:name w:val="Subtitle"/></w:style>
    <w:style w:type="paragraph" w:styleId="Kop4"><w:name w:val="Kop 4"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
    <w:style w:type="paragraph" w:styleId="Heading5"><w:name w:val="heading 5"/><w:pPrChange w:id="1"><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:pPrChange></w:style>
    <w:style w:type="paragraph" w:styleId="Spreker"><w:name w:val="Spreker"/><w:rPr><w:b/></w:rPr></w:style>
    <w:style w:type="character" w:styleId="Vet"><w:name w:val="Vet"/><w:rPr><w:b w:val="true"/></w:rPr></w:style>
    <w:style w:type="character" w:styleId="NietVet"><w:name w:val="Niet vet"/><w:basedOn w:val="Vet"/><w:rPr><w:b w:val="false"/></w:rPr></w:style>
    <w:style w:type="character" w:styleId="ErftVet"><w:name w:val="Erft vet"/><w:basedOn w:val="Vet"/></w:style>
    <w:style w:type="paragraph" w:styleId="Lus1"><w:name w:val="lus"/><w:basedOn w:val="Lus2"/></w:style>
    <w:style w:type="paragraph" w:styleId="Lus2"><w:name w:val="lus"/><w:basedOn w:val="Lus1"/></w:style>
  </w:styles>`;
  const ps = (style: string, t = style) => p(r(t), `<w:pStyle w:val="${style}"/>`);

  it('levels from outline levels, style names and basedOn; the style id is not used', () => {
    const c = fromXml([ps('Berschrift2'), ps('MijnKop'), ps('Titel'), ps('Ondertitel'), ps('Kop4'), ps('Heading5'), ps('Onbekend'), ps('Lus1'),
      p(r('direct'), '<w:pStyle w:val="Berschrift2"/><w:outlineLvl w:val="9"/>'), p(r('body'))].join(''), { styles });
    expect(c.paragraphs.map((x) => [x.text, x.heading])).toEqual([
      ['Berschrift2', 2], ['MijnKop', 2], ['Titel', 1], ['Ondertitel', 2], ['Kop4', undefined], ['Heading5', 5], ['Onbekend', undefined], ['Lus1', undefined],
      ['direct', undefined], ['body', undefined],
    ]);
  });

  it('marks the lines of a table of contents, an index or a table of figures as generated (by style name, basedOn too)', () => {
    const toc = `<w:styles ${W}>
      <w:style w:type="paragraph" w:styleId="Inhopg1"><w:name w:val="toc 1"/></w:style>
      <w:style w:type="paragraph" w:styleId="Inhopg2"><w:name w:val="Mijn inhoud"/><w:basedOn w:val="Inhopg1"/></w:style>
      <w:style w:type="paragraph" w:styleId="Index1"><w:name w:val="index 1"/></w:style>
      <w:style w:type="paragraph" w:styleId="Figuren"><w:name w:val="table of figures"/></w:style>
    </w:styles>`;
    const c = fromXml([ps('Inhopg1', 'Inleiding\t1'), ps('Inhopg2', 'Deel 1\t2'), ps('Index1', 'feedback, 3'), ps('Figuren', 'Figuur 1'), p(r('Mentor 1: tekst'))].join(''), { styles: toc });
    expect(c.paragraphs.map((x) => [x.text, x.generated])).toEqual([
      ['Inleiding\t1', true], ['Deel 1\t2', true], ['feedback, 3', true], ['Figuur 1', true], ['Mentor 1: tekst', undefined],
    ]);
  });

  it('bold prefix: direct, by character style (basedOn too), by paragraph style; w:val="0|false|off" is not bold', () => {
    const run = (t: string, rPr: string) => `<w:r><w:rPr>${rPr}</w:rPr><w:t xml:space="preserve">${t}</w:t></w:r>`;
    const c = fromXml([
      p(run('Mentor 2', '<w:b/>') + run('\t', '<w:b/>') + r('tekst')),
      p(run('Mentor 2', '<w:rStyle w:val="ErftVet"/>') + r('\ttekst')),
      p(run('Mentor 2', '<w:rStyle w:val="NietVet"/>') + r('\ttekst')),
      p(run('Mentor 2', '<w:b w:val="off"/>') + r('\ttekst')),
      p(r('Mentor 2') + run('\ttekst', '<w:b/>')),
      p(run('Mentor 2\talles vet', ''), '<w:pStyle w:val="Spreker"/>'),
      p(run('Mentor 2', '<w:b w:val="false"/>') + r('\ttekst'), '<w:pStyle w:val="Spreker"/>'),
    ].join(''), { styles });
    expect(c.paragraphs.map((x) => x.boldPrefix)).toEqual([9, 8, 0, 0, 0, 18, 0]);
  });
});

describe('comments', () => {
  const comments = (list: string) => `<w:comments ${NS}>${list}</w:comments>`;
  const comment = (id: string, author: string, paras: string[], paraIds: string[] = []) =>
    `<w:comment w:id="${id}" w:author="${author}" w:date="2024-05-0${id}T08:00:00Z">${paras.map((t, i) => `<w:p${paraIds[i] ? ` w14:paraId="${paraIds[i]}"` : ''}><w:r><w:annotationRef/></w:r>${t ? r(t) : ''}</w:p>`).join('')}</w:comment>`;

  it('anchors between paragraphs belong to the next (start) or previous (end) paragraph', () => {
    const c = fromXml('<w:commentRangeStart w:id="1"/>' + p(r('Mentor 2: een')) + p(r('twee')) + '<w:commentRangeEnd w:id="1"/>' + p(r('drie')), { comments: comments(comment('1', 'Annelies', ['voordoen'])) });
    expect(c.comments[0].ranges).toEqual([{ paragraph: 0, start: 0, end: 13 }, { paragraph: 1, start: 0, end: 4 }]);
  });

  it('pieces left empty at a paragraph edge are dropped; an empty anchor is kept', () => {
    const c = fromXml(
      p(r('een') + '<w:commentRangeStart w:id="1"/>') + p(r('twee') + '<w:commentRangeEnd w:id="1"/>')
      + p(r('drie') + '<w:commentRangeStart w:id="2"/><w:commentRangeEnd w:id="2"/>' + r(' vier')),
      { comments: comments(comment('1', 'A', ['x']) + comment('2', 'A', ['y'])) },
    );
    expect(c.comments.map((x) => x.ranges)).toEqual([[{ paragraph: 1, start: 0, end: 4 }], [{ paragraph: 2, start: 4, end: 4 }]]);
  });

  it('a start without end, an end without start, or no anchor at all: no ranges', () => {
    const c = fromXml(p('<w:commentRangeStart w:id="1"/>' + r('een') + '<w:commentRangeEnd w:id="2"/>'),
      { comments: comments(comment('1', 'A', ['x']) + comment('2', 'A', ['y']) + comment('3', 'A', ['z'])) });
    expect(c.comments.map((x) => x.ranges)).toEqual([[], [], []]);
  });

  it('comment text: paragraphs joined by a line break, tabs kept, deleted text dropped', () => {
    const c = fromXml(p(r('x')), {
      comments: comments(`<w:comment w:id="1" w:author="Bert"><w:p><w:r><w:t>voordoen;</w:t></w:r></w:p><w:p><w:r><w:t>reflectie</w:t><w:tab/><w:t>x</w:t></w:r><w:del><w:r><w:delText>weg</w:delText></w:r></w:del></w:p></w:comment>`),
    });
    expect(c.comments).toEqual([{ id: '1', author: 'Bert', text: 'voordoen;\nreflectie\tx', ranges: [], replies: [] }]);
  });

  it('replies (also replies to replies) join the thread of their first comment, matched by the last paragraph id', () => {
    const anchor = (id: string) => `<w:commentRangeStart w:id="${id}"/>`;
    const end = (id: string) => `<w:commentRangeEnd w:id="${id}"/>`;
    const c = fromXml(p(anchor('1') + anchor('2') + anchor('3') + r('Mentor 2: ja') + end('1') + end('2') + end('3')), {
      comments: comments(comment('1', 'Annelies', ['voordoen', 'tweede regel'], ['00000001', '00000002']) + comment('2', 'Bert', ['Akkoord'], ['00000003']) + comment('3', 'Annelies', ['Dank je'], ['00000004'])),
      commentsExtended: `<w15:commentsEx ${NS}><w15:commentEx w15:paraId="00000002" w15:done="0"/><w15:commentEx w15:paraId="00000003" w15:paraIdParent="00000002" w15:done="0"/><w15:commentEx w15:paraId="00000004" w15:paraIdParent="00000003" w15:done="0"/></w15:commentsEx>`,
    });
    expect(c.comments).toEqual([{
      id: '1', author: 'Annelies', date: '2024-05-01T08:00:00Z', text: 'voordoen\ntweede regel', ranges: [{ paragraph: 0, start: 0, end: 12 }],
      replies: [{ author: 'Bert', date: '2024-05-02T08:00:00Z', text: 'Akkoord' }, { author: 'Annelies', date: '2024-05-03T08:00:00Z', text: 'Dank je' }],
    }]);
  });

  it('a parent link to the comment itself or to an unknown paragraph is no reply', () => {
    const c = fromXml(p(r('x')), {
      comments: comments(comment('1', 'A', ['a'], ['0000000A']) + comment('2', 'B', ['b'], ['0000000B'])),
      commentsExtended: `<w15:commentsEx ${NS}><w15:commentEx w15:paraId="0000000A" w15:paraIdParent="0000000A"/><w15:commentEx w15:paraId="0000000B" w15:paraIdParent="FFFFFFFF"/></w15:commentsEx>`,
    });
    expect(c.comments.map((x) => [x.id, x.replies.length])).toEqual([['1', 0], ['2', 0]]);
  });
});

describe('namespaces', () => {
  it('matches elements by namespace, whatever the prefix', () => {
    const xml = '<x:document xmlns:x="http://purl.oclc.org/ooxml/wordprocessingml/main" xmlns:w="urn:niet-word"><x:body><x:p><x:r><x:t>Mentor 2: strikt</x:t></x:r><w:r><w:t>niet dit</w:t></w:r></x:p></x:body></x:document>';
    const res = docxContentFromXml({ document: xml }, 's.docx');
    expect(res.issues).toEqual([]);
    expect(texts(res.content!)).toEqual(['Mentor 2: strikt']);
  });
});
