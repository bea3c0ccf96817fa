import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document, SegmentColumns, TagResolution } from '../model/types.js';
import { closest, fold } from '../model/issues.js';
import { createRoleTable } from '../model/roles.js';
import { parseOffset, readSegments, sniffDelimiter, type SegmentOptions } from './segments.js';
import { invalidUtf8At } from './decode.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { neutraliseCsvCell } from './csv-cell.js';

const FIX = resolve(import.meta.dirname, '../../fixtures/segments');

/** A tiny codebook: ids, aliases and labels (case/accent-insensitive), plus lever tags L1–L7. */
const CODES: { id: string; label: string; aliases?: string[] }[] = [
  { id: 'startprofiel', label: 'Persoonlijk profiel bij de start' },
  { id: 'feedback', label: 'Feedback geven en krijgen' },
  { id: 'feedback-uitstellen', label: 'Negatieve feedback uitstellen' },
  { id: 'voordoen', label: 'Voordoen (modeling)', aliases: ['modeling', 'tonen'] },
  { id: 'duiding-ontbreekt', label: 'Uitleg zonder waarom' },
  { id: 'benoemen', label: 'Benoemen wat je ziet' },
];
function fakeResolve(name: string): TagResolution {
  const lever = /^L([1-7])$/.exec(name.trim());
  if (lever) return { ok: true, codeId: `fw:levers:L${lever[1]}` };
  const f = fold(name.trim());
  for (const c of CODES) {
    if ([c.id, c.label, ...(c.aliases ?? [])].some((n) => fold(n) === f)) return { ok: true, codeId: c.id };
  }
  return { ok: false, message: `"${name}" is not a code id, alias or label`, suggestions: closest(name, CODES.map((c) => c.id)) };
}

function options(file: string, columns: Partial<SegmentColumns> & { codes: string }, extra: Partial<SegmentOptions> = {}): SegmentOptions {
  return {
    file: `segments/${file}`,
    absPath: join(FIX, file),
    defaultCoder: 'default',
    columns: { attributes: [], ...columns },
    speakerRules: { roles: createRoleTable(), speakers: {}, anyLabel: false },
    resolveCode: fakeResolve,
    ...extra,
  };
}

const codesOf = (d: Document) => d.excerpts.map((x) => x.codings.map((c) => c.codeId));
const cpSlice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

describe('readSegments: rows with text', () => {
  it('merges consecutive MAXQDA rows of one segment and groups rows per document and coder', async () => {
    const r = await readSegments(
      options('maxqda-komma.csv', { text: 'Segment', codes: 'Code', document: 'Document', speaker: 'Spreker', coder: 'Codeur', attributes: ['Site', 'Jaar'] }, { attributes: { year_label: 'jaar 2', site: 'onbekend' } }),
    );
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.counts).toEqual({ rows: 7, 'rows-skipped': 0, excerpts: 5, documents: 2 });
    const [ko3, ko5] = r.documents;
    expect(ko3.id).toBe('ko3-interview-1');
    expect(ko3.coder).toBe('Annelies');
    expect(ko3.format).toBe('segments');
    expect(ko3.path).toBe('segments/maxqda-komma.csv');
    expect(ko3.hasFullText).toBe(false);
    expect(codesOf(ko3)).toEqual([['feedback', 'fw:levers:L3'], ['feedback-uitstellen']]);
    expect(ko3.excerpts.map((x) => [x.id, x.ordinal, x.line])).toEqual([
      ['ko3-interview-1/p1', 1, 2],
      ['ko3-interview-1/p2', 2, 4],
    ]);
    // Document text is the excerpts joined by a blank line; offsets are code points into it.
    const t1 = 'We bespreken elke vrijdag kort wat goed ging, en wat beter kan.';
    const t2 = 'Ik durf niet altijd te vragen waarom iets zo moet.';
    expect(ko3.text).toBe(`${t1}\n\n${t2}`);
    expect(ko3.lineEnding).toBe('lf');
    expect([ko3.excerpts[1].start, ko3.excerpts[1].end]).toEqual([t1.length + 2, t1.length + 2 + t2.length]);
    expect(ko3.excerpts[1].codings[0]).toEqual({ codeId: 'feedback-uitstellen', coder: 'Annelies', start: t1.length + 2, end: t1.length + 2 + t2.length });
    expect(cpSlice(ko3.text, ko3.excerpts[1].start, ko3.excerpts[1].end)).toBe(t2);

    expect(ko5.coder).toBe('Bert');
    expect(codesOf(ko5)).toEqual([['voordoen'], ['voordoen'], []]);
    // Row values win over source attributes; the document keeps only values shared by all its rows.
    expect(ko3.attributes).toEqual({ year_label: 'jaar 2', site: 'KO3', jaar: '2' });
    expect(ko5.attributes).toEqual({ year_label: 'jaar 2', site: 'KO5' });
    expect(ko5.excerpts.map((x) => x.attributes.jaar)).toEqual(['2', undefined, '1']);
  });

  it('resolves speaker labels to roles and warns once per unknown label', async () => {
    const r = await readSegments(options('maxqda-komma.csv', { text: 'Segment', codes: 'Code', document: 'Document', speaker: 'Spreker' }));
    const speakers = r.documents.flatMap((d) => d.excerpts.map((x) => x.speaker));
    expect(speakers).toEqual([
      { label: 'Mentor 3', role: 'mentor', number: 3 },
      { label: 'Cursist 1', role: 'cursist', number: 1 },
      { label: 'Kinderbegeleider 2', role: 'kinderbegeleider', number: 2 },
      { label: 'Juf Mieke', role: 'onbekend' },
      { label: 'Juf Mieke', role: 'onbekend' },
    ]);
    const warnings = r.issues.filter((i) => i.code === 'unknown-speaker-label');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', line: 7, field: 'Spreker' });
    expect(warnings[0].message).toContain('Juf Mieke');
  });

  it('uses the coder column, the entry coder (which overrides it) and the default coder', async () => {
    const cols = { text: 'Fragment', codes: 'Codes', document: 'document', coder: 'Coder' };
    const fromColumn = await readSegments(options('puntkomma-bom.csv', cols));
    expect(fromColumn.documents.map((d) => d.coder)).toEqual(['An']);
    const overridden = await readSegments(options('puntkomma-bom.csv', cols, { coder: 'Bert' }));
    expect(overridden.documents.map((d) => d.coder)).toEqual(['Bert']);
    expect(overridden.documents[0].excerpts[0].codings.map((c) => c.coder)).toEqual(['Bert', 'Bert']);
    const noColumn = await readSegments(options('puntkomma-bom.csv', { text: 'Fragment', codes: 'Codes', document: 'Document' }));
    expect(noColumn.documents.map((d) => d.coder)).toEqual(['default']);
  });

  it('reads ";" with BOM and CRLF (sniffed), with "|" as the only code separator', async () => {
    const r = await readSegments(options('puntkomma-bom.csv', { text: 'Fragment', codes: 'Codes', document: 'Document' }, { codeSeparator: '|' }));
    expect(r.issues).toEqual([]);
    const [d] = r.documents;
    expect(d.id).toBe('ko7-groepsinterview');
    expect(d.excerpts.map((x) => x.text)).toEqual(['Als ik iets nieuws leer, schrijf ik het op een kaartje.', 'Soms zeggen we het pas achteraf; dat is jammer.']);
    expect(codesOf(d)).toEqual([['startprofiel', 'fw:levers:L1'], ['feedback-uitstellen']]);
    expect(d.excerpts.map((x) => x.line)).toEqual([2, 3]);
  });

  it('a given separator is the only one: ";" inside a name is then part of it', async () => {
    const r = await readSegments(options('segmenten.tsv', { text: 'tekst', codes: 'codes' }, { codeSeparator: '|' }));
    const e = r.issues.find((i) => i.code === 'unknown-code');
    expect(e?.message).toContain('"startprofiel; L1"');
  });

  it('reads TSV by extension, splits codes on ";" and "|", and names the document after the file without a document column', async () => {
    const r = await readSegments(options('segmenten.tsv', { text: 'tekst', codes: 'codes', speaker: 'spreker' }));
    expect(r.issues).toEqual([]);
    expect(r.documents.map((d) => d.id)).toEqual(['segmenten']);
    const [d] = r.documents;
    expect(codesOf(d)).toEqual([['startprofiel', 'fw:levers:L1', 'benoemen'], ['duiding-ontbreekt']]);
    expect(d.excerpts.map((x) => x.speaker)).toEqual([
      { label: 'Verantwoordelijke', role: 'verantwoordelijke' },
      { label: 'M3', role: 'mentor', number: 3 },
    ]);
  });

  it('maps document names with `documents:` and applies attributeKeys', async () => {
    const r = await readSegments(
      options('maxqda-komma.csv', { text: 'Segment', codes: 'Code', document: 'Document', attributes: ['Site'] }, { documents: { 'ko5-focusgroep': 'KO5-FG1' }, attributeKeys: { Site: 'locatie' } }),
    );
    expect(r.documents.map((d) => d.id)).toEqual(['ko3-interview-1', 'KO5-FG1']);
    expect(r.documents[1].excerpts[0].id).toBe('KO5-FG1/p1');
    expect(r.documents[1].attributes).toEqual({ locatie: 'KO5' });
  });
});

describe('readSegments: cells written by hefboom', () => {
  it('reads back text and memo cells that a CSV writer guarded against formulas (\'- …, \'=…)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-seg-'));
    writeFileSync(join(dir, 'rows.csv'), `document,code,text,memo\nd1,feedback,${neutraliseCsvCell('- Mentor: doe maar')},${neutraliseCsvCell('=later nakijken')}\n`);
    const r = await readSegments({ ...options('rows.csv', { text: 'text', codes: 'code', document: 'document', memo: 'memo' }), absPath: join(dir, 'rows.csv') });
    expect(r.issues).toEqual([]);
    const x = r.documents[0].excerpts[0];
    expect(x.text).toBe('- Mentor: doe maar');
    expect(x.codings[0].memo).toBe('=later nakijken');
  });
});

describe('readSegments: errors', () => {
  it('stops at a missing column, listing the columns found and the closest', async () => {
    const r = await readSegments(options('ontbrekende-kolom.csv', { text: 'Segment', codes: 'Code', document: 'Document' }));
    expect(r.documents).toEqual([]);
    expect(r.issues).toHaveLength(1);
    const [e] = r.issues;
    expect(e).toMatchObject({ severity: 'error', code: 'missing-column', line: 1, field: 'Segment' });
    expect(e.message).toContain('"Segment"');
    expect(e.message).toContain('"Document", "Spreker", "Segmenttekst", "Code"');
    expect(e.message).toContain('Closest: "Segmenttekst"');
    expect(e.hint).toContain('columns');
  });

  it('hints at the delimiter when the header was read as one column', async () => {
    const r = await readSegments(options('puntkomma-bom.csv', { text: 'Fragment', codes: 'Codes' }, { delimiter: ',' }));
    expect(r.issues.map((i) => i.code)).toEqual(['missing-column', 'missing-column']);
    expect(r.issues[0].hint).toContain('delimiter');
  });

  it('reports ragged rows with line and counts, skips them, and keeps reading', async () => {
    const r = await readSegments(options('rafelig.csv', { text: 'Tekst', codes: 'Code', document: 'Document' }));
    const ragged = r.issues.filter((i) => i.code === 'ragged-row');
    expect(ragged.map((i) => i.line)).toEqual([4, 5]);
    expect(ragged[0].message).toContain('4 fields');
    expect(ragged[0].message).toContain('header has 3');
    expect(ragged[1].message).toContain('2 fields');
    expect(r.counts).toEqual({ rows: 4, 'rows-skipped': 2, excerpts: 2, documents: 1 });
    const [d] = r.documents;
    expect(d.excerpts.map((x) => x.line)).toEqual([2, 7]);
    expect(d.excerpts[0].text).toBe('Eerste regel van het antwoord.\nTweede regel van hetzelfde antwoord.');
  });

  it('reports unknown codes once per name, with line, field and suggestions', async () => {
    const r = await readSegments(options('onbekende-code.csv', { text: 'Tekst', codes: 'Code', document: 'Document' }));
    const unknown = r.issues.filter((i) => i.code === 'unknown-code');
    expect(unknown.map((i) => [i.line, i.field, i.severity])).toEqual([
      [2, 'Code', 'error'],
      [4, 'Code', 'error'],
    ]);
    expect(unknown[0].message).toContain('"feedbak"');
    expect(unknown[0].message).toContain('also on 1 later row');
    expect(unknown[0].hint).toContain('"feedback"');
    expect(unknown[1].message).toContain('"L9"');
    // The known code of a row with an unknown one is kept.
    expect(codesOf(r.documents[0])).toEqual([[], ['voordoen'], []]);
  });

  it('requires a text column without offsets, and texts with offsets', async () => {
    const noText = await readSegments(options('maxqda-komma.csv', { codes: 'Code' }));
    expect(noText.issues.map((i) => [i.code, i.field])).toEqual([['missing-column', 'columns.text']]);
    const noTexts = await readSegments(options('offsets/segmenten.csv', { codes: 'Code', start: 'Begin', end: 'Einde' }));
    expect(noTexts.issues.map((i) => [i.code, i.field])).toEqual([['missing-texts', 'texts']]);
    expect(noTexts.issues[0].message).toContain('texts:');
  });

  it('reports a file that does not exist', async () => {
    const r = await readSegments(options('bestaat-niet.csv', { text: 'T', codes: 'C' }));
    expect(r.issues.map((i) => i.code)).toEqual(['unreadable-file']);
    expect(r.issues[0].message).toContain('ENOENT');
  });
});

describe('readSegments: encodings', () => {
  it('rejects Windows-1252 bytes read as UTF-8, naming line and column', async () => {
    const r = await readSegments(options('windows-1252.csv', { text: 'Tekst', codes: 'Code', document: 'Document' }));
    expect(r.documents).toEqual([]);
    expect(r.issues).toHaveLength(1);
    const [e] = r.issues;
    expect(e).toMatchObject({ severity: 'error', code: 'bad-encoding', line: 3, column: 'ko6;Ze deelt haar idee'.length + 1 });
    expect(e.message).toContain('0xeb');
    expect(e.hint).toContain('encoding: windows-1252');
  });

  it('reads the same file correctly with encoding windows-1252', async () => {
    const r = await readSegments(options('windows-1252.csv', { text: 'Tekst', codes: 'Code', document: 'Document' }, { encoding: 'windows-1252' }));
    expect(r.issues).toEqual([]);
    expect(r.documents[0].excerpts.map((x) => x.text)).toEqual(['Ze vindt het moeilijk om feedback te geven.', 'Ze deelt haar ideeën met het team.']);
    expect(r.documents[0].excerpts[1].line).toBe(3);
  });

  it('rejects an unknown encoding name', async () => {
    const r = await readSegments(options('windows-1252.csv', { text: 'Tekst', codes: 'Code' }, { encoding: 'klingon-8' }));
    expect(r.issues.map((i) => i.code)).toEqual(['unknown-encoding']);
  });

  describe('across stream chunks', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'hefboom-segments-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('keeps a UTF-8 character split over two chunks and counts lines of later chunks', async () => {
      const header = Buffer.from('Document,Tekst,Code\n');
      const filler: Buffer[] = [];
      let size = header.length;
      let lines = 1;
      const row = Buffer.from('ko8,Ze oefent de overdracht met de ouders.,benoemen\n');
      while (size + row.length < 65536 - 8) {
        filler.push(row);
        size += row.length;
        lines++;
      }
      // "ë" (C3 AB) straddles the 64 KiB boundary where the stream's first chunk ends.
      const pad = Buffer.from('ko8,'.padEnd(65536 - size - 1, 'x'));
      const split = Buffer.concat([pad, Buffer.from([0xc3, 0xab]), Buffer.from('n,benoemen\n')]);
      lines++;
      const bad = Buffer.concat([Buffer.from('ko8,idee'), Buffer.from([0xeb]), Buffer.from('n,benoemen\n')]);
      const good = await writeAndRead('goed.csv', Buffer.concat([header, ...filler, split]));
      expect(good.issues).toEqual([]);
      expect(good.counts.rows).toBe(lines - 1);
      expect(good.documents[0].excerpts.at(-1)!.text.endsWith('xën')).toBe(true);

      const wrong = await writeAndRead('fout.csv', Buffer.concat([header, ...filler, split, row, bad]));
      expect(wrong.issues.map((i) => [i.code, i.line, i.column])).toEqual([['bad-encoding', lines + 2, 9]]);
    });

    it('reports an empty file and an unclosed quote', async () => {
      const empty = await writeAndRead('leeg.csv', Buffer.alloc(0));
      expect(empty.issues.map((i) => i.code)).toEqual(['missing-header']);
      expect(empty.issues[0].message).toContain('"Tekst", "Code", "Document"');
      const unclosed = await writeAndRead('quote.csv', Buffer.from('Document,Tekst,Code\nko1,Goed,voordoen\nko1,"Niet gesloten,voordoen\nko1,Nog iets,benoemen\n'));
      expect(unclosed.issues.map((i) => [i.code, i.line])).toEqual([['csv-syntax', 3]]);
      expect(unclosed.counts).toMatchObject({ rows: 1, 'rows-skipped': 1 });
    });

    it('ignores blank and all-empty rows (Excel\'s trailing ";;")', async () => {
      const r = await writeAndRead('leeg-rijen.csv', Buffer.from('Document;Tekst;Code\r\n\r\nko1;Ze mag eerst kijken.;voordoen\r\n;;\r\n  \r\nko1;Daarna zelf.;benoemen\r\n;;\r\n'));
      expect(r.issues).toEqual([]);
      expect(r.counts).toEqual({ rows: 2, 'rows-skipped': 0, excerpts: 2, documents: 1 });
      expect(r.documents[0].excerpts.map((x) => x.line)).toEqual([3, 6]);
    });

    it('resolves MAXQDA code paths (`Parent\\Child`) by their last step', async () => {
      const r = await writeAndRead('maxqda-pad.csv', Buffer.from('Document,Tekst,Code\nko1,Ik wacht tot het rustiger is.,Feedback geven en krijgen\\Negatieve feedback uitstellen\nko1,Nog iets.,Feedback\\Onbekend kind\n'));
      expect(codesOf(r.documents[0])).toEqual([['feedback-uitstellen'], []]);
      expect(r.issues.map((i) => [i.code, i.line])).toEqual([['unknown-code', 3]]);
      expect(r.issues[0].message).toContain('"Feedback\\Onbekend kind"');
    });

    it('reads UTF-16LE with BOM and sniffs a tab delimiter', async () => {
      const text = '\uFEFFDocument\tTekst\tCode\r\nko1\tZe deelt haar ideeën.\tbenoemen\r\n';
      const r = await writeAndRead('utf16.csv', Buffer.from(text, 'utf16le'), { encoding: 'utf-16le' });
      expect(r.issues).toEqual([]);
      expect(r.documents[0].excerpts[0].text).toBe('Ze deelt haar ideeën.');
    });

    async function writeAndRead(name: string, bytes: Buffer, extra: Partial<SegmentOptions> = {}) {
      const abs = join(dir, name);
      await writeFile(abs, bytes);
      return readSegments({ ...options(name, { text: 'Tekst', codes: 'Code', document: 'Document' }, extra), absPath: abs });
    }
  });
});

describe('readSegments: offsets into text files', () => {
  const cols = { codes: 'Code', document: 'Document', start: 'Begin', end: 'Einde', coder: 'Codeur', text: 'Segment' };
  const texts = join(FIX, 'offsets/teksten');

  it('makes every paragraph an excerpt and codes each paragraph a span touches (code points)', async () => {
    const r = await readSegments(options('offsets/segmenten.csv', cols, { texts }));
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.counts).toEqual({ rows: 3, 'rows-skipped': 0, excerpts: 6, documents: 2 });
    const [annelies, bert] = r.documents;
    expect([annelies.coder, bert.coder]).toEqual(['Annelies', 'Bert']);
    expect(annelies.hasFullText).toBe(true);
    expect(annelies.lineEnding).toBe('crlf');
    expect(annelies.text.startsWith('Mentor 3: Ik laat haar')).toBe(true); // BOM stripped
    expect(bert.text).toBe(annelies.text);

    const x = annelies.excerpts;
    expect(x.map((e) => [e.ordinal, e.line, e.speaker.role, e.speaker.number])).toEqual([
      [1, 1, 'mentor', 3],
      [2, 3, 'cursist', 1],
      [3, 7, 'onbekend', undefined],
    ]);
    expect(x[0].text).toBe('Ik laat haar eerst kijken 🙂 en daarna doet ze het zelf.');
    expect(x[1].text).toBe('Dat helpt, want zo zie ik hoe het moet.\r\nSoms vraag ik nog waarom.');
    expect(x[2].text).toBe('De mentor zit tijdens het eten bij de kinderen.');
    for (const e of x) expect(cpSlice(annelies.text, e.start, e.end)).toBe(e.text);
    // The emoji is one code point: offset 41 is where "daarna" starts.
    expect([x[0].start, x[0].end]).toEqual([10, 65]);
    expect(x[0].codings).toEqual([{ codeId: 'voordoen', coder: 'Annelies', start: 41, end: 65, ref: 'row2', refSpan: { start: 41, end: 89 } }]);
    expect(cpSlice(annelies.text, 41, 65)).toBe('daarna doet ze het zelf.');
    expect(x[1].codings.map((c) => [c.codeId, cpSlice(annelies.text, c.start, c.end)])).toEqual([
      ['voordoen', 'Dat helpt'],
      ['feedback', 'Soms vraag ik nog waarom.'],
    ]);
    expect(x[2].codings).toEqual([]);
    expect(bert.excerpts.map((e) => e.codings.map((c) => c.codeId))).toEqual([[], [], ['fw:levers:L6']]);
    expect(bert.excerpts[2].codings[0]).toMatchObject({ start: 152, end: 165, coder: 'Bert' });
  });

  it('warns when the row text differs from the span', async () => {
    const r = await readSegments(options('offsets/segmenten.csv', cols, { texts }));
    const w = r.issues.filter((i) => i.code === 'span-text-mismatch');
    expect(w.map((i) => [i.severity, i.line])).toEqual([['warning', 5]]);
    expect(w[0].message).toContain('Soms vraag ik soms waarom.');
  });

  it('reports bad offsets and missing text files with the CSV line, and skips those rows', async () => {
    const r = await readSegments(options('offsets/foute-offsets.csv', { codes: 'Code', document: 'Document', start: 'Begin', end: 'Einde' }, { texts }));
    expect(r.issues.map((i) => [i.code, i.line])).toEqual([
      ['bad-offset', 4],
      ['bad-offset', 5],
      ['bad-offset', 3],
      ['missing-text-file', 6],
    ]);
    expect(r.issues[2].message).toContain('201 characters');
    expect(r.issues[3].message).toContain('ko9-bestaat-niet');
    expect(r.counts).toEqual({ rows: 5, 'rows-skipped': 4, excerpts: 3, documents: 1 });
    expect(r.documents[0].excerpts[1].codings.map((c) => c.codeId)).toEqual(['feedback']);
  });
});

describe('helpers', () => {
  it('sniffs the delimiter from the header line, ignoring quoted ones', () => {
    expect(sniffDelimiter(Buffer.from('"a,b,c";d;e\n1,2,3,4,5'))).toBe(';');
    expect(sniffDelimiter(Buffer.from('a\tb\tc\n'))).toBe('\t');
    expect(sniffDelimiter(Buffer.from('Code\n'))).toBe(',');
  });

  it('parses offsets with an optional zero decimal', () => {
    expect(['12', '12,0', ' 12.00 ', '12,5', '-1', '', '1e3'].map(parseOffset)).toEqual([12, 12, 12, undefined, undefined, undefined, undefined]);
  });

  it('finds invalid UTF-8 strictly (overlong, surrogate, truncated)', () => {
    expect(invalidUtf8At(Buffer.from('ideeën 🙂'))).toBe(-1);
    expect(invalidUtf8At(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(invalidUtf8At(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2);
    expect(invalidUtf8At(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1);
  });
});
