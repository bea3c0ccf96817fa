import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../model/types.js';
import { readQualcoderCsv, type QdaCsvOptions } from './qualcoder-csv.js';

const FIX = resolve(import.meta.dirname, '../../../fixtures/qda');

function options(name: string, extra: Partial<QdaCsvOptions> = {}): QdaCsvOptions {
  return { file: `qda/${name}`, absPath: join(FIX, name), ...extra };
}

const codesOf = (d: Document) => d.excerpts.map((x) => x.codings.map((c) => c.codeId));
const cpSlice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');
const find = (docs: Document[], id: string, coder: string) => docs.find((d) => d.id === id && d.coder === coder);

describe('readQualcoderCsv: a file report as QualCoder writes it (BOM, all cells quoted, CRLF)', () => {
  it('groups rows per document and coder and merges one selection coded with several codes', async () => {
    const r = await readQualcoderCsv(options('qualcoder-rapport.csv'));
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.counts).toEqual({ rows: 7, 'rows-skipped': 1, excerpts: 5, documents: 3, codings: 6 });
    expect(r.documents.map((d) => `${d.id}|${d.coder}`)).toEqual([
      'interview-kdv-noord.txt|Annelies',
      'interview-kdv-noord.txt|Bert',
      'interview-kdv-zuid.txt|Annelies',
    ]);
    const noord = find(r.documents, 'interview-kdv-noord.txt', 'Annelies')!;
    // Rows 2 and 4 (not adjacent: QualCoder sorts by code name) hold the same selection.
    expect(codesOf(noord)).toEqual([['Feedback > benoemen', 'Feedback > uitstellen'], ['Feedback > benoemen']]);
    expect(noord.excerpts.map((x) => x.line)).toEqual([2, 3]);
    expect(noord.excerpts.map((x) => x.id)).toEqual(['interview-kdv-noord.txt/p1', 'interview-kdv-noord.txt/p2']);
    expect(noord.format).toBe('qualcoder-csv');
    expect(noord.path).toBe('qda/qualcoder-rapport.csv');
    expect(noord.hasFullText).toBe(false);
    expect(noord.text).toBe('Ik zeg het liever later, als de kinderen slapen.\n\nZe toonde hoe je een luier ververst en zei waarom.');
    expect(noord.lineEnding).toBe('lf');
    for (const x of noord.excerpts) {
      expect(cpSlice(noord.text, x.start, x.end)).toBe(x.text);
      expect(x.speaker).toEqual({ label: '', role: 'onbekend' });
      for (const c of x.codings) expect([c.start, c.end, c.coder]).toEqual([x.start, x.end, 'Annelies']);
    }
  });

  it('splits codings per coder and counts codings per code', async () => {
    const r = await readQualcoderCsv(options('qualcoder-rapport.csv'));
    const perCode = new Map<string, number>();
    const perCoder = new Map<string, number>();
    for (const d of r.documents) for (const x of d.excerpts) for (const c of x.codings) {
      perCode.set(c.codeId, (perCode.get(c.codeId) ?? 0) + 1);
      perCoder.set(c.coder, (perCoder.get(c.coder) ?? 0) + 1);
    }
    expect(Object.fromEntries(perCode)).toEqual({
      'Feedback > benoemen': 2,
      'Feedback > uitstellen': 2,
      'Welbevinden > Émotie > Angst': 1,
      'één-op-één': 1,
    });
    expect(Object.fromEntries(perCoder)).toEqual({ Annelies: 5, Bert: 1 });
  });

  it('returns the code hierarchy root first, categories as parents, accents intact', async () => {
    const r = await readQualcoderCsv(options('qualcoder-rapport.csv'));
    expect(r.codes).toEqual([
      { key: 'Feedback', name: 'Feedback' },
      { key: 'Feedback > benoemen', name: 'benoemen', parentKey: 'Feedback' },
      { key: 'Feedback > uitstellen', name: 'uitstellen', parentKey: 'Feedback' },
      { key: 'Welbevinden', name: 'Welbevinden' },
      { key: 'Welbevinden > Émotie', name: 'Émotie', parentKey: 'Welbevinden' },
      { key: 'Welbevinden > Émotie > Angst', name: 'Angst', parentKey: 'Welbevinden > Émotie' },
      { key: 'één-op-één', name: 'één-op-één' },
    ]);
  });

  it('keeps the coded memo, multi-line coded text and accents', async () => {
    const r = await readQualcoderCsv(options('qualcoder-rapport.csv'));
    const noord = find(r.documents, 'interview-kdv-noord.txt', 'Annelies')!;
    expect(noord.excerpts[0].codings.map((c) => c.memo)).toEqual([undefined, "Typisch voor nieuwe collega's"]);
    const zuid = find(r.documents, 'interview-kdv-zuid.txt', 'Annelies')!;
    expect(zuid.excerpts.map((x) => x.text)).toEqual(["Ik voel me soms angstig bij de ouders.\nVooral 's avonds.", 'We doen het één op één.']);
    expect(zuid.excerpts.map((x) => x.line)).toEqual([6, 9]);
  });

  it('skips image and audio/video codings with one warning', async () => {
    const r = await readQualcoderCsv(options('qualcoder-rapport.csv'));
    const w = r.issues.filter((i) => i.code === 'non-text-coding');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', file: 'qda/qualcoder-rapport.csv', line: 8, field: 'Id' });
    expect(w[0].message).toContain('imid:7');
  });

  it('lets the project coder override the Coder column', async () => {
    const r = await readQualcoderCsv(options('qualcoder-rapport.csv', { coder: 'team' }));
    expect([...new Set(r.documents.map((d) => d.coder))]).toEqual(['team']);
    // Annelies' and Bert's coding of the same selection with the same code are now two excerpts of one document.
    const noord = find(r.documents, 'interview-kdv-noord.txt', 'team')!;
    expect(codesOf(noord)).toEqual([['Feedback > benoemen', 'Feedback > uitstellen'], ['Feedback > benoemen'], ['Feedback > uitstellen']]);
  });

  it('maps file names to document ids, also without the extension, and applies source attributes', async () => {
    const r = await readQualcoderCsv(options('qualcoder-rapport.csv', { documents: { 'interview-kdv-noord': 'kdv-noord', 'interview-kdv-zuid.txt': 'kdv-zuid' }, attributes: { site: 'Gent' } }));
    expect([...new Set(r.documents.map((d) => d.id))]).toEqual(['kdv-noord', 'kdv-zuid']);
    expect(r.documents[0].excerpts[0].id).toBe('kdv-noord/p1');
    expect(r.documents[0].attributes).toEqual({ site: 'Gent' });
    expect(r.documents[0].excerpts[0].attributes).toEqual({ site: 'Gent' });
  });
});

describe('readQualcoderCsv: a case report saved by Excel (";" and Windows-1252)', () => {
  it('reads Case, Filename and file variables, realigning rows with fewer categories', async () => {
    const r = await readQualcoderCsv(options('qualcoder-case-1252.csv', { encoding: 'windows-1252' }));
    expect(r.issues).toEqual([]);
    expect(r.counts).toMatchObject({ rows: 2, 'rows-skipped': 0, excerpts: 2, documents: 1 });
    const [d] = r.documents;
    expect([d.id, d.coder]).toEqual(['Cursist 1', 'Bert']);
    expect(codesOf(d)).toEqual([['Feedback > uitstellen'], ['duiding']]);
    expect(d.excerpts[1].text).toBe('Ze legt uit wat ze doet én waarom.');
    expect(d.excerpts[1].codings[0].memo).toBe('Eén keer gezien');
    // The second row has no Category cell: its variable moved left and is put back under FileVar_Locatie.
    expect(d.excerpts.map((x) => x.attributes)).toEqual([
      { file: 'interview-kdv-noord.txt', locatie: 'Gent' },
      { file: 'interview-kdv-noord.txt', locatie: 'Gent' },
    ]);
    expect(d.attributes).toEqual({ file: 'interview-kdv-noord.txt', locatie: 'Gent' });
    expect(r.codes.map((c) => c.key)).toEqual(['Feedback', 'Feedback > uitstellen', 'duiding']);
  });

  it('reports invalid UTF-8 when the encoding is not given', async () => {
    const r = await readQualcoderCsv(options('qualcoder-case-1252.csv'));
    expect(r.documents).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'bad-encoding', file: 'qda/qualcoder-case-1252.csv', line: 3 });
    expect(r.issues[0].hint).toContain('windows-1252');
  });
});

describe('readQualcoderCsv: problems', () => {
  it('names a missing column, the columns found and the closest one', async () => {
    const r = await readQualcoderCsv(options('qualcoder-zonder-codename.csv'));
    expect(r.documents).toEqual([]);
    expect(r.issues).toHaveLength(1);
    const i = r.issues[0];
    expect(i).toMatchObject({ severity: 'error', code: 'missing-column', file: 'qda/qualcoder-zonder-codename.csv', line: 1, field: 'Codename' });
    expect(i.message).toContain('"Codename"');
    expect(i.message).toContain('Columns found: "File", "Coder", "Coded", "Id", "Code naam", "Coded_Memo"');
    expect(i.message).toContain('Closest: "Code naam"');
    expect(i.hint).toContain('rename column "Code naam" to "Codename"');
  });

  it('finds columns whatever their case, spaces or underscores', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'hefboom-qc-'));
    try {
      await writeFile(join(dir, 'q.csv'), ' file ,CODER,coded,id,CodeName,coded memo,category\ninterview-kdv-noord.txt,Annelies,Dat zeg ik morgen wel.,ctid:1,uitstellen,memo hier,Feedback\n');
      const r = await readQualcoderCsv({ file: 'q.csv', absPath: join(dir, 'q.csv') });
      expect(r.issues).toEqual([]);
      expect(r.documents[0].coder).toBe('Annelies');
      expect(r.documents[0].excerpts[0].codings).toEqual([{ codeId: 'Feedback > uitstellen', coder: 'Annelies', start: 0, end: 22, memo: 'memo hier' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('skips rows with an empty code, empty text, the wrong number of cells or no file, naming line and column', async () => {
    const r = await readQualcoderCsv(options('qualcoder-fouten.csv'));
    expect(r.counts).toMatchObject({ rows: 5, 'rows-skipped': 4, excerpts: 1, documents: 1, codings: 1 });
    const byCode = Object.fromEntries(r.issues.map((i) => [i.code, i]));
    expect(r.issues.map((i) => i.code)).toEqual(['empty-code', 'empty-text', 'ragged-row', 'empty-document']);
    expect(r.issues.every((i) => i.severity === 'warning' && i.file === 'qda/qualcoder-fouten.csv')).toBe(true);
    expect(byCode['empty-code']).toMatchObject({ line: 2, field: 'Codename' });
    expect(byCode['empty-code'].message).toContain('the row is skipped');
    expect(byCode['empty-text']).toMatchObject({ line: 3, field: 'Coded' });
    expect(byCode['empty-text'].message).toContain('code "uitstellen"');
    expect(byCode['ragged-row']).toMatchObject({ line: 4 });
    expect(byCode['ragged-row'].message).toContain('row has 9 cells but the header has 7 columns');
    expect(byCode['empty-document']).toMatchObject({ line: 5, field: 'File' });
    expect(r.documents[0].excerpts[0].line).toBe(6);
  });

  it('reports an unreadable file as an error without throwing', async () => {
    const r = await readQualcoderCsv(options('bestaat-niet.csv'));
    expect(r.documents).toEqual([]);
    expect(r.issues).toMatchObject([{ severity: 'error', code: 'unreadable-file', file: 'qda/bestaat-niet.csv' }]);
  });
});
