import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { zipToBuffer } from '../qda/zip.js';
import { MAX_SPACE_RUN, readOdtContent, readOdtXml, type OdtReadResult } from './odt.js';
import type { WordContent } from './content.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/odt');

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'xmlns:xlink="http://www.w3.org/1999/xlink"',
  'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"',
].join(' ');

const T1_BOLD = '<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>';

function contentXml(body: string, automaticStyles = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS} office:version="1.3">` +
    `<office:automatic-styles>${automaticStyles}</office:automatic-styles>` +
    `<office:body><office:text>${body}</office:text></office:body></office:document-content>`;
}

function stylesXml(named: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS} office:version="1.3">` +
    `<office:styles>${named}</office:styles></office:document-styles>`;
}

async function read(body: string, opts: { auto?: string; styles?: string } = {}): Promise<OdtReadResult> {
  return readOdtXml({ content: contentXml(body, opts.auto), ...(opts.styles ? { styles: stylesXml(opts.styles) } : {}) }, 'test.odt');
}

async function contentOf(body: string, opts: { auto?: string; styles?: string } = {}): Promise<WordContent> {
  const r = await read(body, opts);
  expect(r.issues).toEqual([]);
  return r.content!;
}

async function textsOf(body: string, opts: { auto?: string; styles?: string } = {}): Promise<string[]> {
  return (await contentOf(body, opts)).paragraphs.map((p) => p.text);
}

let root: string;
let counter = 0;
beforeAll(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'hefboom-odt-'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function tempFile(data: Buffer | string): Promise<string> {
  const path = join(root, `geval-${++counter}.odt`);
  await fs.writeFile(path, data);
  return path;
}

/** A package from parts; content.xml as given (a body string is wrapped into a document). */
async function tempOdt(entries: { name: string; data: string | Buffer }[]): Promise<string> {
  return tempFile(await zipToBuffer(entries));
}

const ODT_MIME = 'application/vnd.oasis.opendocument.text';

describe('fixtures/odt/gesprek.odt', () => {
  it('reads paragraphs, headings, bold labels, table, text box, comments, replies, changes and notes', async () => {
    const r = await readOdtContent(join(FIXTURES, 'gesprek.odt'), 'fixtures/odt/gesprek.odt');
    expect(r.issues).toEqual([]);
    expect(r.content).toEqual({
      paragraphs: [
        { text: 'Startgesprek KO4', heading: 1, boldPrefix: 16, where: 'body' },
        { text: 'Mentor 2\tWelkom. We bekijken samen wat je al kan en wat je wil leren. #startprofiel', boldPrefix: 8, where: 'body' },
        // The footnote is left out, the tracked insertion kept and the tracked deletion dropped.
        { text: 'Cursist 1: Ik kijk vooral hoe de begeleiders het doen. #L1', boldPrefix: 0, where: 'body' },
        { text: 'Kinderbegeleider 3: Ik doe het eerst voor,\ndaarna mag ze het zelf proberen. #voordoen', boldPrefix: 19, where: 'body' },
        { text: 'Feedback', heading: 2, boldPrefix: 8, where: 'body' },
        { text: 'Verantwoordelijke: Ik geef feedback na de verzorging. Soms stel ik het uit tot later.', boldPrefix: 0, where: 'body' },
        { text: 'Mentor 2: Dat herken ik.  Benoem het meteen. #feedback', boldPrefix: 0, where: 'body' },
        { text: 'Cursist 1: Ik vraag het liever aan mijn mentor.', boldPrefix: 0, where: 'body' },
        { text: 'Moment', boldPrefix: 0, where: 'table', cell: { table: 1, row: 1, column: 1 } },
        { text: 'Afspraak', boldPrefix: 0, where: 'table', cell: { table: 1, row: 1, column: 2 } },
        { text: 'Week 2', boldPrefix: 0, where: 'table', cell: { table: 1, row: 2, column: 1 } },
        { text: 'Reflectie na het middagmaal #benoemen', boldPrefix: 0, where: 'table', cell: { table: 1, row: 2, column: 2 } },
        { text: 'Kinderbegeleider 3: Dat helpt me echt.', boldPrefix: 0, where: 'body' },
        { text: 'Observatie: de mentor benoemt wat ze ziet. #benoemen', boldPrefix: 0, where: 'textbox' },
      ],
      comments: [
        {
          id: '__Annotation__101_1478523690', author: 'Annelies', date: '2024-03-14T10:15:00.123000000', text: 'voordoen',
          ranges: [{ paragraph: 3, start: 20, end: 75 }],
          replies: [{ author: 'Bert', date: '2024-03-15T08:02:44.000000000', text: 'Akkoord, en ook duiding-ontbreekt?' }],
        },
        {
          id: '__Annotation__103_1478523692', author: 'Bert', date: '2024-03-15T08:05:10.000000000', text: 'feedback-uitstellen; benoemen',
          ranges: [{ paragraph: 5, start: 54, end: 85 }, { paragraph: 6, start: 0, end: 23 }],
          replies: [],
        },
        {
          id: '__Annotation__104_1478523693', author: 'Bert', date: '2024-03-15T08:07:00.000000000', text: '',
          ranges: [{ paragraph: 7, start: 11, end: 47 }],
          replies: [],
        },
        { id: 'annotation-5', author: 'Annelies', date: '2024-03-14T10:20:31.000000000', text: 'benoemen', ranges: [], replies: [] },
      ],
      trackedChanges: 2,
      notesSkipped: 1,
    });
  });

  it('anchors the ranges on the commented words', async () => {
    const { content } = await readOdtContent(join(FIXTURES, 'gesprek.odt'), 'gesprek.odt');
    const quoted = content!.comments.map((c) => c.ranges.map((r) => content!.paragraphs[r.paragraph].text.slice(r.start, r.end)));
    expect(quoted).toEqual([
      ['Ik doe het eerst voor,\ndaarna mag ze het zelf proberen.'],
      ['Soms stel ik het uit tot later.', 'Mentor 2: Dat herken ik'],
      ['Ik vraag het liever aan mijn mentor.'],
      [],
    ]);
  });

  it('gives the same content from the unpacked parts', async () => {
    const viaZip = await readOdtContent(join(FIXTURES, 'gesprek.odt'), 'gesprek.odt');
    const { default: yauzl } = await import('yauzl');
    const parts = await new Promise<Record<string, string>>((resolve, reject) => {
      const out: Record<string, string> = {};
      yauzl.open(join(FIXTURES, 'gesprek.odt'), { lazyEntries: true }, (err, zip) => {
        if (err) return reject(err);
        zip.on('entry', (e: { fileName: string }) => {
          zip.openReadStream(e as never, (err2, s) => {
            if (err2) return reject(err2);
            const chunks: Buffer[] = [];
            s.on('data', (c: Buffer) => chunks.push(c));
            s.on('end', () => { out[e.fileName] = Buffer.concat(chunks).toString('utf8'); zip.readEntry(); });
          });
        });
        zip.on('end', () => resolve(out));
        zip.readEntry();
      });
    });
    const viaXml = await readOdtXml({
      content: parts['content.xml'], styles: parts['styles.xml'], manifest: parts['META-INF/manifest.xml'], mimetype: parts.mimetype,
    }, 'gesprek.odt');
    expect(viaXml).toEqual(viaZip);
  });
});

describe('bad packages', () => {
  it('kapot.odt (truncated): damaged', async () => {
    expect(await readOdtContent(join(FIXTURES, 'kapot.odt'), 'fixtures/odt/kapot.odt')).toEqual({
      issues: [{
        severity: 'error', file: 'fixtures/odt/kapot.odt', code: 'odt-corrupt',
        message: 'the .odt is damaged: no ZIP directory found (it is not a ZIP file, or it is truncated)',
        hint: 'open the file in LibreOffice Writer and save it again as .odt (or check that the copy is complete)',
      }],
    });
  });

  it('beveiligd.odt (password): says so and how to fix it', async () => {
    expect(await readOdtContent(join(FIXTURES, 'beveiligd.odt'), 'fixtures/odt/beveiligd.odt')).toEqual({
      issues: [{
        severity: 'error', file: 'fixtures/odt/beveiligd.odt', code: 'odt-encrypted',
        message: 'password-protected: the .odt is encrypted, so its text cannot be read',
        hint: 'open it in LibreOffice with the password and save an unprotected copy (File ▸ Save As, untick "Save with password"); read that copy',
      }],
    });
  });

  it('a package encrypted as a whole (one encrypted-package entry) is password-protected too', async () => {
    const path = await tempOdt([
      { name: 'mimetype', data: ODT_MIME },
      { name: 'encrypted-package', data: Buffer.from([1, 2, 3, 4]) },
      { name: 'META-INF/manifest.xml', data: '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>' },
    ]);
    expect((await readOdtContent(path, 'x.odt')).issues.map((i) => i.code)).toEqual(['odt-encrypted']);
  });

  it('a GPG-encrypted package (manifest key info) is password-protected too', async () => {
    const manifest = '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0">' +
      '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:keyinfo><loext:KeyInfo/></manifest:keyinfo></manifest:file-entry></manifest:manifest>';
    const r = await readOdtXml({ content: contentXml('<text:p>x</text:p>'), manifest }, 'x.odt');
    expect(r.issues.map((i) => i.code)).toEqual(['odt-encrypted']);
    expect(r.content).toBeUndefined();
  });

  it('a damaged manifest does not stop an unencrypted package', async () => {
    const r = await readOdtXml({ content: contentXml('<text:p>Mentor 2: goed zo</text:p>'), manifest: '<manifest:manifest' }, 'x.odt');
    expect(r.issues).toEqual([]);
    expect(r.content!.paragraphs.map((p) => p.text)).toEqual(['Mentor 2: goed zo']);
  });

  it('a text file is not an .odt', async () => {
    const path = await tempFile('Mentor 2: dit is gewone tekst.\n');
    expect(await readOdtContent(path, 'notities.odt')).toEqual({
      issues: [{
        severity: 'error', file: 'notities.odt', code: 'odt-not-odt',
        message: 'not an .odt: the file is not a ZIP package (an .odt is one)',
        hint: 'save the transcript as .odt from LibreOffice Writer or Word; plain text transcripts use `format: transcript`',
      }],
    });
  });

  it('an OLE file (old .doc or protected Word file) is named as such', async () => {
    const path = await tempFile(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600, 7)]));
    expect((await readOdtContent(path, 'oud.odt')).issues).toEqual([{
      severity: 'error', file: 'oud.odt', code: 'odt-not-odt',
      message: 'not an .odt: the file is an OLE container: an old binary Word .doc, or a password-protected Word file',
      hint: 'open it in Word or LibreOffice and save an unprotected copy as .odt (or .docx with `format: docx`)',
    }]);
  });

  it('a PDF, an RTF file and flat XML are named as such', async () => {
    const issues = async (data: string) => (await readOdtContent(await tempFile(data), 'x.odt')).issues.map((i) => i.message);
    expect(await issues('%PDF-1.7\n...')).toEqual(['not an .odt: the file is a PDF']);
    expect(await issues('{\\rtf1\\ansi ...}')).toEqual(['not an .odt: the file is an RTF document']);
    expect(await issues('<?xml version="1.0"?><office:document/>')).toEqual(['not an .odt: the file is XML, not a ZIP package (a flat .fodt?)']);
  });

  it('an empty file', async () => {
    expect((await readOdtContent(await tempFile(''), 'leeg.odt')).issues).toEqual([{
      severity: 'error', file: 'leeg.odt', code: 'odt-corrupt', message: 'the .odt is empty (0 bytes)',
      hint: 'open the file in LibreOffice Writer and save it again as .odt (or check that the copy is complete)',
    }]);
  });

  it('a file that does not exist', async () => {
    expect((await readOdtContent(join(root, 'bestaat-niet.odt'), 'bestaat-niet.odt')).issues).toEqual([{
      severity: 'error', file: 'bestaat-niet.odt', code: 'odt-unreadable', message: 'cannot read the file: the file does not exist',
      hint: 'check that the file exists and that you may read it',
    }]);
  });

  it('a ZIP without content.xml', async () => {
    const path = await tempOdt([{ name: 'mimetype', data: ODT_MIME }, { name: 'styles.xml', data: stylesXml('') }]);
    expect((await readOdtContent(path, 'x.odt')).issues).toEqual([{
      severity: 'error', file: 'x.odt', code: 'odt-not-odt', message: 'not an .odt: the ZIP package has no content.xml',
      hint: 'open the file in LibreOffice Writer and save it again as .odt (or check that the copy is complete)',
    }]);
  });

  it('a .docx with an .odt name', async () => {
    const path = await tempOdt([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }]);
    expect((await readOdtContent(path, 'interview.odt')).issues).toEqual([{
      severity: 'error', file: 'interview.odt', code: 'odt-not-odt',
      message: 'not an .odt: the file is a Word document (.docx) with an .odt name',
      hint: 'use `format: docx` for this source, or rename the file to .docx',
    }]);
  });

  it('another kind of OpenDocument (spreadsheet)', async () => {
    const path = await tempOdt([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' }, { name: 'content.xml', data: contentXml('') }]);
    expect((await readOdtContent(path, 'tabel.odt')).issues).toEqual([{
      severity: 'error', file: 'tabel.odt', code: 'odt-not-odt',
      message: 'not an .odt: the package is a spreadsheet (.ods), not a text document',
      hint: 'hefboom reads text documents (.odt) saved by LibreOffice Writer or Word; save the transcript from a word processor',
    }]);
  });

  it('an unknown mimetype is quoted, briefly', async () => {
    const r = await readOdtXml({ content: contentXml(''), mimetype: 'application/zip' }, 'x.odt');
    expect(r.issues.map((i) => i.message)).toEqual(['not an .odt: the package is of type "application/zip", not a text document']);
  });

  it('a text template and a master document are text documents', async () => {
    for (const mimetype of [`${ODT_MIME}-template`, `${ODT_MIME}-master`]) {
      const r = await readOdtXml({ content: contentXml('<text:p>a</text:p>'), mimetype }, 'x.ott');
      expect(r.issues).toEqual([]);
    }
  });

  it('content.xml that is not well-formed XML', async () => {
    const path = await tempOdt([{ name: 'mimetype', data: ODT_MIME }, { name: 'content.xml', data: contentXml('<text:p>Mentor 2: open</text:span>') }]);
    const r = await readOdtContent(path, 'x.odt');
    expect(r.content).toBeUndefined();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'error', file: 'x.odt', code: 'odt-corrupt' });
    expect(r.issues[0].message).toMatch(/^the \.odt is damaged: content\.xml is not well-formed XML \(line 1, column \d+\): unexpected close tag$/);
  });

  it('content.xml that is cut off', async () => {
    const full = contentXml('<text:p>Mentor 2: open</text:p>');
    const r = await readOdtXml({ content: full.slice(0, full.length - 40) }, 'x.odt');
    expect(r.issues.map((i) => i.code)).toEqual(['odt-corrupt']);
    expect(r.issues[0].message).toContain('content.xml is not well-formed XML');
  });

  it('a DOCTYPE in content.xml is refused', async () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE office:document-content [<!ENTITY x "y">]>' + contentXml('<text:p>&x;</text:p>').replace(/^<\?xml[^>]*>/, '');
    const r = await readOdtXml({ content: xml }, 'x.odt');
    expect(r.issues).toEqual([{
      severity: 'error', file: 'x.odt', code: 'odt-doctype',
      message: 'content.xml has a DOCTYPE declaration; OpenDocument files never have one and hefboom does not process DTDs',
      hint: 'open the file in LibreOffice Writer and save it again as .odt (or check that the copy is complete)',
    }]);
  });

  it('content.xml of another format', async () => {
    const r = await readOdtXml({ content: '<?xml version="1.0"?><w:document xmlns:w="urn:x"><w:body/></w:document>' }, 'x.odt');
    expect(r.issues.map((i) => [i.code, i.message])).toEqual([['odt-not-odt', 'not an .odt: content.xml holds <w:document>, not an OpenDocument document']]);
  });

  it('content.xml without a text body (a spreadsheet without mimetype)', async () => {
    const xml = `<office:document-content ${NS}><office:body><office:spreadsheet/></office:body></office:document-content>`;
    expect((await readOdtXml({ content: xml }, 'x.odt')).issues).toEqual([{
      severity: 'error', file: 'x.odt', code: 'odt-not-odt',
      message: 'not an .odt: content.xml has no text body (office:text); the file is not a text document',
      hint: 'open the file in LibreOffice Writer and save it again as .odt (or check that the copy is complete)',
    }]);
  });

  it('a damaged entry (checksum mismatch)', async () => {
    const content = Buffer.from(contentXml('<text:p>Mentor 2: een zin die beschadigd raakt.</text:p>'));
    const z = new yazl.ZipFile();
    z.addBuffer(Buffer.from(ODT_MIME), 'mimetype', { compress: false, mtime: new Date(2000, 0, 1) });
    z.addBuffer(content, 'content.xml', { compress: false, mtime: new Date(2000, 0, 1) });
    const bytes = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      z.outputStream.on('data', (c: Buffer) => chunks.push(c));
      z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
      z.end();
    });
    const at = bytes.indexOf('beschadigd');
    bytes[at] = 'B'.charCodeAt(0);
    const r = await readOdtContent(await tempFile(bytes), 'x.odt');
    expect(r.issues).toEqual([{
      severity: 'error', file: 'x.odt', code: 'odt-corrupt',
      message: 'the .odt is damaged: its data does not match its checksum (the file is damaged)',
      hint: 'open the file in LibreOffice Writer and save it again as .odt (or check that the copy is complete)',
    }]);
  });

  it('ZIP limits apply', async () => {
    const path = await tempOdt([{ name: 'mimetype', data: ODT_MIME }, { name: 'content.xml', data: contentXml(`<text:p>${'x'.repeat(5000)}</text:p>`) }]);
    const r = await readOdtContent(path, 'groot.odt', { limits: { maxEntryBytes: 1000 } });
    expect(r.issues.map((i) => [i.code, i.message])).toEqual([
      ['odt-too-large', 'Entry "content.xml" is 0.0056 MB uncompressed, over the limit of 0.00095 MB per entry.'],
    ]);
  });

  it('a styles.xml that is not well-formed is a warning; the text is still read', async () => {
    const r = await readOdtXml({ content: contentXml('<text:p text:style-name="Heading_20_1">Titel</text:p><text:p>Mentor 2: ja</text:p>'), styles: '<office:document-styles' }, 'x.odt');
    expect(r.issues).toEqual([{
      severity: 'warning', file: 'x.odt', code: 'odt-styles-xml',
      message: 'styles.xml is not well-formed XML (document must contain a root element); headings and bold set only by named styles are not recognised',
      hint: 'open the file in LibreOffice Writer and save it again as .odt (or check that the copy is complete)',
    }]);
    expect(r.content!.paragraphs).toEqual([
      { text: 'Titel', boldPrefix: 0, where: 'body' },
      { text: 'Mentor 2: ja', boldPrefix: 0, where: 'body' },
    ]);
  });
});

describe('text', () => {
  it('collapses XML white space as LibreOffice does: leading space dropped, trailing space kept', async () => {
    expect(await textsOf('<text:p>\n   Mentor 2:\n   Ik   doe\thet voor.  \n</text:p>')).toEqual(['Mentor 2: Ik doe het voor. ']);
    expect(await textsOf('<text:p>eind <text:span>span </text:span></text:p>')).toEqual(['eind span ']);
  });

  it('collapses across element boundaries', async () => {
    expect(await textsOf('<text:p>Ik <text:span>  doe</text:span> <text:span> het</text:span></text:p>')).toEqual(['Ik doe het']);
  });

  it('text:s, text:tab and text:line-break are literal, and a space after them is kept', async () => {
    expect(await textsOf('<text:p><text:s/>a <text:s text:c="3"/>b<text:tab/> c<text:line-break/> d <text:s/></text:p>'))
      .toEqual([' a    b\t c\n d  ']);
    expect(await textsOf('<text:p>a<text:s/> b</text:p><text:p>a<text:tab/> b</text:p><text:p>a<text:line-break/> b</text:p>'))
      .toEqual(['a  b', 'a\t b', 'a\n b']);
  });

  it('a text:c that is not a number is one space; a huge one is capped', async () => {
    expect(await textsOf('<text:p>a<text:s text:c="x"/>b<text:s text:c="-4"/>c</text:p>')).toEqual(['a b c']);
    const [t] = await textsOf('<text:p>a<text:s text:c="4000000000"/>b</text:p>');
    expect(t.length).toBe(MAX_SPACE_RUN + 2);
  });

  it('soft page breaks, bookmarks and reference marks add nothing; fields keep their value', async () => {
    expect(await textsOf('<text:p><text:bookmark-start text:name="b"/>Mentor 2:<text:soft-page-break/> ja<text:bookmark-end text:name="b"/>' +
      '<text:reference-mark-start text:name="r"/>, op <text:date text:date-value="2024-03-14">14/03/24</text:date><text:reference-mark-end text:name="r"/>.</text:p>'))
      .toEqual(['Mentor 2: ja, op 14/03/24.']);
  });

  it('keeps empty paragraphs, so indexes follow the file', async () => {
    expect(await textsOf('<text:p>a</text:p><text:p/><text:p>  </text:p><text:p>b</text:p>')).toEqual(['a', '', '', 'b']);
  });

  it('reads lists, sections and nested tables in order', async () => {
    const c = await contentOf('<text:section text:name="Deel1"><text:list><text:list-item><text:number>1.</text:number><text:p>eerste</text:p></text:list-item>' +
      '<text:list-item><text:p>tweede</text:p><text:list><text:list-item><text:p>genest</text:p></text:list-item></text:list></text:list-item></text:list></text:section>' +
      '<table:table><table:table-row><table:table-cell><text:p>cel</text:p><table:table><table:table-row><table:table-cell><text:p>binnen</text:p></table:table-cell>' +
      '<table:covered-table-cell><text:p>bedekt</text:p></table:covered-table-cell></table:table-row></table:table></table:table-cell></table:table-row></table:table>');
    expect(c.paragraphs).toEqual([
      { text: 'eerste', boldPrefix: 0, where: 'body' },
      { text: 'tweede', boldPrefix: 0, where: 'body' },
      { text: 'genest', boldPrefix: 0, where: 'body' },
      { text: 'cel', boldPrefix: 0, where: 'table', cell: { table: 1, row: 1, column: 1 } },
      // A nested table is a table of its own; a covered cell is marked.
      { text: 'binnen', boldPrefix: 0, where: 'table', cell: { table: 2, row: 1, column: 1 } },
      { text: 'bedekt', boldPrefix: 0, where: 'table', cell: { table: 2, row: 1, column: 2, covered: true } },
    ]);
  });

  it('text boxes and shapes: the anchoring paragraph first, images and their descriptions left out', async () => {
    const c = await contentOf('<text:p>voor <draw:frame draw:name="f"><draw:text-box><text:p>in het vak</text:p>' +
      '<table:table><table:table-row><table:table-cell><text:p>tabel in vak</text:p></table:table-cell></table:table-row></table:table></draw:text-box></draw:frame>na</text:p>' +
      '<text:p><draw:frame><draw:image xlink:href="Pictures/1.png"><text:p>alt</text:p></draw:image><svg:title>Foto</svg:title><svg:desc>Kinderen aan tafel</svg:desc></draw:frame>' +
      '<draw:custom-shape><text:p>vorm</text:p></draw:custom-shape></text:p>');
    expect(c.paragraphs).toEqual([
      { text: 'voor na', boldPrefix: 0, where: 'body' },
      { text: 'in het vak', boldPrefix: 0, where: 'textbox' },
      { text: 'tabel in vak', boldPrefix: 0, where: 'table', cell: { table: 1, row: 1, column: 1 } },
      { text: '', boldPrefix: 0, where: 'body' },
      { text: 'vorm', boldPrefix: 0, where: 'textbox' },
    ]);
  });

  it('leaves out generated indexes, list numbers and ruby text', async () => {
    expect(await textsOf('<text:table-of-content><text:index-body><text:p>Inleiding 1</text:p></text:index-body></text:table-of-content>' +
      '<text:h text:outline-level="1"><text:number>1.</text:number>Inleiding</text:h>' +
      '<text:p><text:ruby><text:ruby-base>kind</text:ruby-base><text:ruby-text>k</text:ruby-text></text:ruby>eren</text:p>')).toEqual(['Inleiding', 'kinderen']);
  });

  it('footnotes and endnotes are left out and counted', async () => {
    const c = await contentOf('<text:p>a<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>voet</text:p></text:note-body></text:note> b' +
      '<text:note text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>eind</text:p></text:note-body></text:note></text:p>');
    expect(c.paragraphs.map((p) => p.text)).toEqual(['a b']);
    expect(c.notesSkipped).toBe(2);
  });

  it('elements are matched by namespace, whatever their prefix', async () => {
    const xml = '<d:document-content xmlns:d="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:t="urn:oasis:names:tc:opendocument:xmlns:text:1.0">' +
      '<d:body><d:text><t:p>Mentor 2:<t:tab/>ja</t:p><text:p xmlns:text="urn:other">geen ODF</text:p></d:text></d:body></d:document-content>';
    const r = await readOdtXml({ content: xml }, 'x.odt');
    expect(r.content!.paragraphs.map((p) => p.text)).toEqual(['Mentor 2:\tja']);
  });

  it('flat ODF (office:document) with its named styles inline', async () => {
    const xml = `<office:document ${NS} office:mimetype="${ODT_MIME}"><office:styles>` +
      '<style:style style:name="Kop_20_2" style:display-name="Kop 2" style:family="paragraph"/></office:styles>' +
      '<office:body><office:text><text:p text:style-name="Kop_20_2">Reflectie</text:p></office:text></office:body></office:document>';
    expect((await readOdtXml({ content: xml }, 'x.fodt')).content!.paragraphs).toEqual([{ text: 'Reflectie', heading: 2, boldPrefix: 0, where: 'body' }]);
  });

  it('paragraphs outside office:text (master pages, headers) are not body text', async () => {
    const xml = `<office:document ${NS}><office:master-styles><style:master-page><style:header><text:p>Koptekst</text:p></style:header></style:master-page></office:master-styles>` +
      '<office:body><office:text><text:p>romp</text:p></office:text></office:body></office:document>';
    expect((await readOdtXml({ content: xml }, 'x.fodt')).content!.paragraphs.map((p) => p.text)).toEqual(['romp']);
  });
});

describe('table cells', () => {
  const cell = (inner: string, attrs = '') => `<table:table-cell${attrs}>${inner}</table:table-cell>`;
  const row = (inner: string, attrs = '') => `<table:table-row${attrs}>${inner}</table:table-row>`;
  const table = (inner: string) => `<table:table table:name="T"><table:table-column table:number-columns-repeated="3"/>${inner}</table:table>`;
  const at = (c: WordContent) => c.paragraphs.map((x) => [x.text, x.cell]);

  it('table, row and column of every cell paragraph; header rows are rows; body paragraphs have none', async () => {
    const c = await contentOf('<text:p>voor</text:p>' + table(
      `<table:table-header-rows>${row(cell('<text:p>Spreker</text:p>') + cell('<text:p>Tekst</text:p>'))}</table:table-header-rows>` +
      `<table:table-rows>${row(cell('<text:p>Mentor 2</text:p>') + cell('<text:p>Ik doe het voor.</text:p><text:p>Kijk mee.</text:p>'))}</table:table-rows>`,
    ) + '<text:p>na</text:p>' + table(row(cell('<text:p>Locatie</text:p>'))));
    expect(at(c)).toEqual([
      ['voor', undefined],
      ['Spreker', { table: 1, row: 1, column: 1 }],
      ['Tekst', { table: 1, row: 1, column: 2 }],
      ['Mentor 2', { table: 1, row: 2, column: 1 }],
      ['Ik doe het voor.', { table: 1, row: 2, column: 2 }],
      ['Kijk mee.', { table: 1, row: 2, column: 2 }],
      ['na', undefined],
      ['Locatie', { table: 2, row: 1, column: 1 }],
    ]);
  });

  it('spanned cells are followed by covered cells; repeated cells and rows count as many', async () => {
    const c = await contentOf(table(
      row(cell('<text:p>breed</text:p>', ' table:number-columns-spanned="2"') + '<table:covered-table-cell/>' + cell('<text:p>derde</text:p>')) +
      row(cell('', ' table:number-columns-repeated="2"') + cell('<text:p>ook derde</text:p>')) +
      row(cell('<text:p>leeg herhaald</text:p>'), ' table:number-rows-repeated="3"') +
      row(cell('<text:p>hoog</text:p>', ' table:number-rows-spanned="2"') + cell('<text:p>x</text:p>', ' table:number-columns-repeated="nul"')) +
      row('<table:covered-table-cell><text:p>onder hoog</text:p></table:covered-table-cell>' + cell('<text:p>y</text:p>')),
    ));
    expect(at(c)).toEqual([
      ['breed', { table: 1, row: 1, column: 1 }],
      ['derde', { table: 1, row: 1, column: 3 }],
      ['ook derde', { table: 1, row: 2, column: 3 }],
      ['leeg herhaald', { table: 1, row: 3, column: 1 }],
      ['hoog', { table: 1, row: 6, column: 1 }],
      ['x', { table: 1, row: 6, column: 2 }],
      ['onder hoog', { table: 1, row: 7, column: 1, covered: true }],
      ['y', { table: 1, row: 7, column: 2 }],
    ]);
  });

  it('nested tables are numbered in the order they start; the outer cell goes on after the inner table', async () => {
    const c = await contentOf(table(row(cell('<text:p>buiten</text:p>' + table(row(cell('<text:p>binnen 1</text:p>') + cell('<text:p>binnen 2</text:p>'))) + '<text:p>buiten na</text:p>') + cell('<text:p>naast</text:p>'))) +
      table(row(cell('<text:p>derde tabel</text:p>'))));
    expect(at(c)).toEqual([
      ['buiten', { table: 1, row: 1, column: 1 }],
      ['binnen 1', { table: 2, row: 1, column: 1 }],
      ['binnen 2', { table: 2, row: 1, column: 2 }],
      ['buiten na', { table: 1, row: 1, column: 1 }],
      ['naast', { table: 1, row: 1, column: 2 }],
      ['derde tabel', { table: 3, row: 1, column: 1 }],
    ]);
  });

  it('a text box in a cell has no cell; a table in a text box has; a table in an annotation is not counted', async () => {
    const c = await contentOf(table(row(cell('<text:p>cel<draw:frame><draw:text-box><text:p>vak in cel</text:p></draw:text-box></draw:frame></text:p>'))) +
      '<text:p>body<office:annotation><dc:creator>A</dc:creator><table:table><table:table-row><table:table-cell><text:p>in opmerking</text:p></table:table-cell></table:table-row></table:table></office:annotation>' +
      `<draw:frame><draw:text-box>${table(row(cell('<text:p>cel in vak</text:p>')))}</draw:text-box></draw:frame></text:p>`);
    expect(c.paragraphs.map((x) => [x.text, x.where, x.cell])).toEqual([
      ['cel', 'table', { table: 1, row: 1, column: 1 }],
      ['vak in cel', 'textbox', undefined],
      ['body', 'body', undefined],
      ['cel in vak', 'table', { table: 2, row: 1, column: 1 }],
    ]);
  });

  it('tabel-gesprek.odt: header rows, an empty speaker cell, a note across the table, a time column', async () => {
    const r = await readOdtContent(join(FIXTURES, 'tabel-gesprek.odt'), 'tabel-gesprek.odt');
    expect(r.issues).toEqual([]);
    const P = r.content!.paragraphs;
    expect(P.slice(13, 25).map((x) => [x.text, x.cell])).toEqual([
      ['Spreker', { table: 2, row: 1, column: 1 }],
      ['Tekst', { table: 2, row: 1, column: 2 }],
      ['Mentor 2', { table: 2, row: 2, column: 1 }],
      ['Hoe vond je het middagmaal vandaag?', { table: 2, row: 2, column: 2 }],
      ['Cursist 1', { table: 2, row: 3, column: 1 }],
      ['Het ging beter dan vorige week. Ik heb eerst gekeken hoe jij het deed.', { table: 2, row: 3, column: 2 }],
      ['Mentor 2', { table: 2, row: 4, column: 1 }],
      ['Dat zag ik. Je benoemde wat de kinderen aten.', { table: 2, row: 4, column: 2 }],
      ['Dat mag je nog meer doen. #feedback', { table: 2, row: 4, column: 2 }],
      ['', { table: 2, row: 5, column: 1 }],
      ['Ik geef je daarna altijd een tip voor de volgende keer.', { table: 2, row: 5, column: 2 }],
      ['(Een kind begint te huilen; de opname ligt even stil.)', { table: 2, row: 6, column: 1 }],
    ]);
    expect(P.slice(30, 33).map((x) => [x.text, x.cell])).toEqual([
      ['00:14:05', { table: 3, row: 1, column: 1 }], ['Kinderbegeleider 3', { table: 3, row: 1, column: 2 }], ['Ik doe het verschonen eerst voor, daarna mag jij.', { table: 3, row: 1, column: 3 }],
    ]);
    expect(r.content!.comments.map((c) => [c.id, c.ranges])).toEqual([
      ['__Annotation__201_1', [{ paragraph: 18, start: 32, end: 69 }]],
      ['__Annotation__202_1', [{ paragraph: 31, start: 0, end: 18 }, { paragraph: 32, start: 0, end: 32 }]],
    ]);
  });
});

describe('headings', () => {
  const NAMED = '<style:style style:name="Heading" style:family="paragraph"/>' +
    '<style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="3"/>' +
    '<style:style style:name="Kop_20_4" style:display-name="Kop 4" style:family="paragraph"/>' +
    '<style:style style:name="Heading_20_5" style:family="paragraph"/>' +
    '<style:style style:name="Geen_20_kop" style:display-name="Geen kop" style:family="paragraph" style:parent-style-name="Heading_20_3" style:default-outline-level=""/>' +
    '<style:style style:name="Diep" style:family="paragraph" style:default-outline-level="10"/>' +
    '<style:style style:name="Lus_A" style:family="paragraph" style:parent-style-name="Lus_B"/>' +
    '<style:style style:name="Lus_B" style:family="paragraph" style:parent-style-name="Lus_A"/>' +
    '<style:style style:name="Title" style:family="paragraph" style:class="chapter"/>' +
    '<style:style style:name="Ondertitel" style:family="paragraph"/>' +
    '<style:style style:name="Kop_20_0" style:display-name="Kop 0" style:family="paragraph"/>';
  const AUTO = '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Heading_20_3"/>' +
    '<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Kop_20_4"/>';

  it('text:h at its outline level, else its style\'s, else 1; above 9 is 9', async () => {
    const c = await contentOf('<text:h text:outline-level="2">a</text:h><text:h>b</text:h><text:h text:style-name="P1">c</text:h><text:h text:outline-level="12">d</text:h>',
      { auto: AUTO, styles: NAMED });
    expect(c.paragraphs.map((p) => p.heading)).toEqual([2, 1, 3, 9]);
  });

  it('text:p in a heading style: outline level, or by name (Heading N, Kop N, Title, Ondertitel), through automatic styles and parents', async () => {
    const c = await contentOf('<text:p text:style-name="P1">a</text:p><text:p text:style-name="P2">b</text:p><text:p text:style-name="Heading_20_5">c</text:p>' +
      '<text:p text:style-name="Geen_20_kop">d</text:p><text:p text:style-name="Diep">e</text:p><text:p text:style-name="Heading">f</text:p>' +
      '<text:p text:style-name="Onbekend">g</text:p><text:p text:style-name="Lus_A">h</text:p>' +
      '<text:p text:style-name="Title">i</text:p><text:p text:style-name="Ondertitel">j</text:p><text:p text:style-name="Kop_20_0">k</text:p>',
    { auto: AUTO, styles: NAMED });
    expect(c.paragraphs.map((p) => p.heading)).toEqual([3, 4, 5, undefined, 9, undefined, undefined, undefined, 1, 2, undefined]);
  });

  it('styles.xml\'s automatic styles (headers, footers) are not content.xml\'s', async () => {
    const styles = `<office:document-styles ${NS}><office:automatic-styles><style:style style:name="P1" style:family="paragraph" style:default-outline-level="1"/></office:automatic-styles></office:document-styles>`;
    const r = await readOdtXml({ content: contentXml('<text:p text:style-name="P1">gewoon</text:p>'), styles }, 'x.odt');
    expect(r.content!.paragraphs[0].heading).toBeUndefined();
  });
});

describe('bold prefix', () => {
  const NAMED = '<style:style style:name="Strong_20_Emphasis" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>' +
    '<style:style style:name="Sterk_20_afgeleid" style:family="text" style:parent-style-name="Strong_20_Emphasis"/>' +
    '<style:style style:name="Vet" style:family="paragraph"><style:text-properties fo:font-weight="700"/></style:style>';
  const AUTO = T1_BOLD +
    '<style:style style:name="T2" style:family="text"><style:text-properties fo:font-weight="normal"/></style:style>' +
    '<style:style style:name="T3" style:family="text"><style:text-properties fo:font-weight="600"/></style:style>' +
    '<style:style style:name="T4" style:family="text"><style:text-properties fo:font-weight="500"/></style:style>' +
    '<style:style style:name="T5" style:family="text" style:parent-style-name="Strong_20_Emphasis"><style:text-properties fo:font-style="italic"/></style:style>' +
    '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Vet"/>';

  async function prefixes(body: string): Promise<number[]> {
    return (await contentOf(body, { auto: AUTO, styles: NAMED })).paragraphs.map((p) => p.boldPrefix);
  }

  it('counts the bold run a paragraph starts with', async () => {
    expect(await prefixes('<text:p><text:span text:style-name="T1">Mentor 3</text:span><text:tab/>Ik doe het voor.</text:p>' +
      '<text:p><text:span text:style-name="T1">Mentor 3:</text:span> ja</text:p>' +
      '<text:p>Mentor 3: <text:span text:style-name="T1">ja</text:span></text:p>' +
      '<text:p><text:span text:style-name="T1">Mentor</text:span><text:span text:style-name="T3"> 3</text:span>: ja</text:p>')).toEqual([8, 9, 0, 8]);
  });

  it('bold from named styles and their parents, numeric weights, links', async () => {
    expect(await prefixes('<text:p><text:span text:style-name="Strong_20_Emphasis">Cursist 1</text:span>: a</text:p>' +
      '<text:p><text:span text:style-name="Sterk_20_afgeleid">Cursist 1</text:span>: a</text:p>' +
      '<text:p><text:span text:style-name="T5">Cursist 1</text:span>: a</text:p>' +
      '<text:p><text:span text:style-name="T4">Cursist 1</text:span>: a</text:p>' +
      '<text:p><text:a xlink:href="#x" text:style-name="T1">Cursist 1</text:a>: a</text:p>')).toEqual([9, 9, 9, 0, 9]);
  });

  it('a bold paragraph style makes the whole paragraph bold, except spans that say normal', async () => {
    expect(await prefixes('<text:p text:style-name="P1">Verantwoordelijke: alles vet</text:p>' +
      '<text:p text:style-name="P1">Verantwoordelijke<text:span text:style-name="T2">: niet vet</text:span> weer vet</text:p>' +
      '<text:p text:style-name="P1">vet en spatie aan het eind </text:p>')).toEqual([28, 17, 27]);
  });

  it('leading white space that collapses away does not break the bold run; a literal space does', async () => {
    expect(await prefixes('<text:p> <text:span text:style-name="T1">Mentor 2</text:span>: ja</text:p>' +
      '<text:p><text:s/><text:span text:style-name="T1">Mentor 2</text:span>: ja</text:p>')).toEqual([8, 0]);
  });
});

describe('tracked changes', () => {
  const REGIONS = '<text:tracked-changes text:track-changes="true">' +
    '<text:changed-region xml:id="ct1" text:id="ct1"><text:deletion><office:change-info><dc:creator>A</dc:creator><dc:date>2024-01-01T00:00:00</dc:date></office:change-info>' +
    '<text:p>WEG-1</text:p><text:p>WEG-2</text:p></text:deletion></text:changed-region>' +
    '<text:changed-region xml:id="ct2" text:id="ct2"><text:insertion><office:change-info><dc:creator>A</dc:creator><dc:date>2024-01-01T00:00:00</dc:date></office:change-info></text:insertion></text:changed-region>' +
    '<text:changed-region xml:id="ct3" text:id="ct3"><text:format-change><office:change-info><dc:creator>A</dc:creator><dc:date>2024-01-01T00:00:00</dc:date></office:change-info></text:format-change></text:changed-region>' +
    '<text:changed-region xml:id="ct4"><text:deletion><office:change-info><dc:creator>B</dc:creator><dc:date>2024-01-02T00:00:00</dc:date></office:change-info><text:p>WEG-3</text:p></text:deletion></text:changed-region>' +
    '</text:tracked-changes>';

  it('reads the text as accepted and counts insertions and deletions (not format changes)', async () => {
    const c = await contentOf(REGIONS + '<text:p>Ik geef <text:change-start text:change-id="ct2"/>meteen <text:change-end text:change-id="ct2"/>feedback.<text:change text:change-id="ct1"/></text:p>' +
      '<text:p><text:change-start text:change-id="ct3"/>opmaak<text:change-end text:change-id="ct3"/></text:p>');
    expect(c.paragraphs.map((p) => p.text)).toEqual(['Ik geef meteen feedback.', 'opmaak']);
    expect(c.trackedChanges).toBe(3);
    expect(JSON.stringify(c)).not.toContain('WEG');
  });

  it('drops text a producer left in the body between the marks of a deletion', async () => {
    const c = await contentOf(REGIONS + '<text:p>blijft <text:change-start text:change-id="ct1"/>WEG-4 <text:tab/><text:change-end text:change-id="ct1"/>ook</text:p>' +
      '<text:p>x<text:change-start text:change-id="ct4"/>WEG-5<text:change-end text:change-id="ct4"/>y</text:p>');
    expect(c.paragraphs.map((p) => p.text)).toEqual(['blijft ook', 'xy']);
  });
});

describe('annotations', () => {
  const ann = (name: string | undefined, author: string, text: string, extra = '') =>
    `<office:annotation${name ? ` office:name="${name}"` : ''}${extra}><dc:creator>${author}</dc:creator><dc:date>2024-05-01T12:00:00</dc:date><meta:creator-initials>X</meta:creator-initials><meta:date-string>01/05/2024</meta:date-string>${text}</office:annotation>`;
  const end = (name: string) => `<office:annotation-end office:name="${name}"/>`;

  it('never lets an annotation\'s own text into the body', async () => {
    const c = await contentOf(`<text:p>Mentor 2: ${ann('a', 'Annelies', '<text:p>voordoen</text:p><text:list><text:list-item><text:p>benoemen</text:p></text:list-item></text:list>')}Ik doe het voor.${end('a')}</text:p>`);
    expect(c.paragraphs).toEqual([{ text: 'Mentor 2: Ik doe het voor.', boldPrefix: 0, where: 'body' }]);
    expect(c.comments).toEqual([{
      id: 'a', author: 'Annelies', date: '2024-05-01T12:00:00', text: 'voordoen\nbenoemen', ranges: [{ paragraph: 0, start: 10, end: 26 }], replies: [],
    }]);
  });

  it('a range over three paragraphs, an empty one in the middle left out', async () => {
    const c = await contentOf(`<text:p>een ${ann('a', 'Bert', '<text:p>feedback</text:p>')}twee</text:p><text:p/><text:p>drie${end('a')} vier</text:p>`);
    expect(c.comments[0].ranges).toEqual([{ paragraph: 0, start: 4, end: 8 }, { paragraph: 2, start: 0, end: 4 }]);
  });

  it('a range starting at the very end of a paragraph starts in the next', async () => {
    const c = await contentOf(`<text:p>een${ann('a', 'Bert', '<text:p>feedback</text:p>')}</text:p><text:p>twee${end('a')}</text:p>`);
    expect(c.comments[0].ranges).toEqual([{ paragraph: 1, start: 0, end: 4 }]);
  });

  it('a range starting after a space that collapses away starts on the next word', async () => {
    const c = await contentOf(`<text:p>een  ${ann('a', 'Bert', '<text:p>x</text:p>')} twee${end('a')}</text:p>`);
    expect(c.paragraphs[0].text).toBe('een twee');
    expect(c.comments[0].ranges).toEqual([{ paragraph: 0, start: 4, end: 8 }]);
  });

  it('point comments and ends before their start have no ranges; an empty range keeps its place', async () => {
    const c = await contentOf(`<text:p>${end('c')}een ${ann(undefined, 'A', '<text:p>punt</text:p>')}twee ${ann('b', 'B', '<text:p>leeg bereik</text:p>')}${end('b')}drie ${ann('c', 'C', '<text:p>einde eerst</text:p>')}</text:p>`);
    expect(c.comments.map((x) => [x.id, x.text, x.ranges])).toEqual([
      ['annotation-1', 'punt', []],
      ['b', 'leeg bereik', [{ paragraph: 0, start: 9, end: 9 }]],
      ['c', 'einde eerst', []],
    ]);
  });

  it('an empty range over a paragraph break keeps the start', async () => {
    const c = await contentOf(`<text:p>een${ann('a', 'A', '<text:p>x</text:p>')}</text:p><text:p>${end('a')}twee</text:p>`);
    expect(c.comments[0].ranges).toEqual([{ paragraph: 0, start: 3, end: 3 }]);
  });

  it('an annotation opened in a text box and closed after the frame keeps the rest of the text box paragraph', async () => {
    const c = await contentOf(`<text:p>a<draw:frame><draw:text-box><text:p>x ${ann('a', 'A', '<text:p>benoemen</text:p>')}yz</text:p></draw:text-box></draw:frame>b${end('a')}</text:p>`);
    expect(c.paragraphs.map((p) => p.text)).toEqual(['ab', 'x yz']);
    expect(c.comments[0].ranges).toEqual([{ paragraph: 1, start: 2, end: 4 }]);
  });

  it('empty annotations and missing authors or dates are passed on as they are', async () => {
    const c = await contentOf(`<text:p><office:annotation office:name="a"><text:p/></office:annotation>woord${end('a')}<office:annotation office:name="b"><dc:creator>  </dc:creator></office:annotation></text:p>`);
    expect(c.comments).toEqual([
      { id: 'a', author: '', text: '', ranges: [{ paragraph: 0, start: 0, end: 5 }], replies: [] },
      { id: 'b', author: '', text: '', ranges: [], replies: [] },
    ]);
  });

  it('annotations in tables and text boxes anchor on those paragraphs', async () => {
    const c = await contentOf(`<text:p>voor<draw:frame><draw:text-box><text:p>in ${ann('a', 'A', '<text:p>benoemen</text:p>')}vak${end('a')}</text:p></draw:text-box></draw:frame></text:p>` +
      `<table:table><table:table-row><table:table-cell><text:p>${ann('b', 'B', '<text:p>feedback</text:p>')}cel${end('b')}</text:p></table:table-cell></table:table-row></table:table>`);
    expect(c.comments.map((x) => x.ranges)).toEqual([[{ paragraph: 1, start: 3, end: 6 }], [{ paragraph: 2, start: 0, end: 3 }]]);
  });

  it('an annotation spanning from the body into a text box covers the paragraphs between', async () => {
    const c = await contentOf(`<text:p>a ${ann('a', 'A', '<text:p>x</text:p>')}b<draw:frame><draw:text-box><text:p>c${end('a')}d</text:p></draw:text-box></draw:frame> e</text:p>`);
    expect(c.paragraphs.map((p) => p.text)).toEqual(['a b e', 'cd']);
    expect(c.comments[0].ranges).toEqual([{ paragraph: 0, start: 2, end: 5 }, { paragraph: 1, start: 0, end: 1 }]);
  });

  it('footnotes inside an annotation are not counted as body notes', async () => {
    const c = await contentOf(`<text:p>a${ann('a', 'A', '<text:p>x<text:note><text:note-body><text:p>n</text:p></text:note-body></text:note></text:p>')}</text:p>`);
    expect(c.notesSkipped).toBe(0);
    expect(c.comments[0].text).toBe('x');
  });

  it('replies (also to replies) go to the thread\'s first annotation, in file order', async () => {
    const c = await contentOf(`<text:p>${ann('a', 'Annelies', '<text:p>voordoen</text:p>')}Ik doe het voor.${end('a')}` +
      ann('r1', 'Bert', '<text:p>Akkoord.</text:p>', ' loext:parent-name="a"') +
      ann('r2', 'Annelies', '<text:p>Dank je.</text:p><text:p>Tweede alinea.</text:p>', ' loext:parent-name="r1"') +
      '</text:p>');
    expect(c.comments).toEqual([{
      id: 'a', author: 'Annelies', date: '2024-05-01T12:00:00', text: 'voordoen', ranges: [{ paragraph: 0, start: 0, end: 16 }],
      replies: [
        { author: 'Bert', date: '2024-05-01T12:00:00', text: 'Akkoord.' },
        { author: 'Annelies', date: '2024-05-01T12:00:00', text: 'Dank je.\nTweede alinea.' },
      ],
    }]);
  });

  it('a reply before its parent in the file still joins it', async () => {
    const c = await contentOf(`<text:p>${ann('r', 'Bert', '<text:p>eerst</text:p>', ' loext:parent-name="a"')}${ann('a', 'Annelies', '<text:p>feedback</text:p>')}x${end('a')}</text:p>`);
    expect(c.comments.map((x) => [x.id, x.replies.map((r) => r.text)])).toEqual([['a', ['eerst']]]);
  });

  it('a reply whose parent is missing is a comment of its own, with a warning', async () => {
    const r = await read(`<text:p>${ann('r', 'Bert', '<text:p>Akkoord, maar waarom?</text:p>', ' loext:parent-name="__Annotation__9"')}tekst</text:p>`);
    expect(r.content!.comments).toEqual([{ id: 'r', author: 'Bert', date: '2024-05-01T12:00:00', text: 'Akkoord, maar waarom?', ranges: [], replies: [] }]);
    expect(r.issues).toEqual([{
      severity: 'warning', file: 'test.odt', code: 'odt-reply-orphan',
      message: 'annotation r by Bert ("Akkoord, maar waarom?") is a reply to "__Annotation__9", which is not in the file; it is read as a comment of its own',
      hint: 'open the file in LibreOffice to check the comment thread, then save it again',
    }]);
  });

  it('replies in a loop are comments, not lost, with a warning each', async () => {
    const r = await read(`<text:p>${ann('a', 'A', '<text:p>1</text:p>', ' loext:parent-name="b"')}${ann('b', 'B', '<text:p>2</text:p>', ' loext:parent-name="a"')}${ann('c', 'C', '<text:p>3</text:p>', ' loext:parent-name="c"')}</text:p>`);
    expect(r.content!.comments.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(r.issues.map((i) => [i.code, i.message])).toEqual([
      ['odt-reply-loop', 'annotation a by A ("1") is a reply to "b", whose thread leads back to it; it is read as a comment of its own'],
      ['odt-reply-loop', 'annotation b by B ("2") is a reply to "a", whose thread leads back to it; it is read as a comment of its own'],
      ['odt-reply-loop', 'annotation c by C ("3") is a reply to "c", whose thread leads back to it; it is read as a comment of its own'],
    ]);
  });
});
