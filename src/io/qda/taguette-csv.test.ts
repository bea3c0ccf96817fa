import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../model/types.js';
import { readTaguetteCodebookCsv, readTaguetteCsv, tagCodes, taguetteContent, type QdaCsvOptions } from './taguette-csv.js';

const FIX = resolve(import.meta.dirname, '../../../fixtures/qda');

function options(name: string, extra: Partial<QdaCsvOptions> = {}): QdaCsvOptions {
  return { file: `qda/${name}`, absPath: join(FIX, name), ...extra };
}

const codesOf = (d: Document) => d.excerpts.map((x) => x.codings.map((c) => c.codeId));
const cpSlice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

describe('readTaguetteCsv: highlights export', () => {
  it('makes one excerpt per highlight, with one coding per tag', async () => {
    const r = await readTaguetteCsv(options('taguette-highlights.csv'));
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.counts).toEqual({ rows: 7, 'rows-skipped': 1, excerpts: 5, documents: 2, codings: 6 });
    const [noord, zuid] = r.documents;
    expect([noord.id, zuid.id]).toEqual(['interview-kdv-noord', 'teamoverleg-zuid']);
    expect(codesOf(noord)).toEqual([['Feedback.uitstellen', 'Leren/voordoen'], ['Émotion/Angoisse'], ['Feedback.uitstellen']]);
    expect(codesOf(zuid)).toEqual([['Feedback.uitstellen.bij ouders'], ['1. Inleiding']]);
    expect(noord.excerpts.map((x) => x.line)).toEqual([2, 4, 8]);
    expect(noord.excerpts.map((x) => x.id)).toEqual(['interview-kdv-noord/p1', 'interview-kdv-noord/p2', 'interview-kdv-noord/p3']);
    expect(noord.format).toBe('taguette-csv');
    expect(noord.path).toBe('qda/taguette-highlights.csv');
    expect(noord.hasFullText).toBe(false);
    expect(noord.text.split('\n\n')).toEqual(noord.excerpts.map((x) => x.text));
    for (const x of [...noord.excerpts, ...zuid.excerpts]) {
      expect(cpSlice(x.documentId === noord.id ? noord.text : zuid.text, x.start, x.end)).toBe(x.text);
      expect(x.speaker).toEqual({ label: '', role: 'onbekend' });
    }
  });

  it('uses the project coder, else "default" (the export has no author)', async () => {
    const plain = await readTaguetteCsv(options('taguette-highlights.csv'));
    expect([...new Set(plain.documents.flatMap((d) => [d.coder, ...d.excerpts.flatMap((x) => x.codings.map((c) => c.coder))]))]).toEqual(['default']);
    const withCoder = await readTaguetteCsv(options('taguette-highlights.csv', { coder: 'Annelies' }));
    expect([...new Set(withCoder.documents.flatMap((d) => [d.coder, ...d.excerpts.flatMap((x) => x.codings.map((c) => c.coder))]))]).toEqual(['Annelies']);
  });

  it('returns every level of a tag path as a code, keyed as written', async () => {
    const r = await readTaguetteCsv(options('taguette-highlights.csv'));
    expect(r.codes).toEqual([
      { key: 'Feedback', name: 'Feedback' },
      { key: 'Feedback.uitstellen', name: 'uitstellen', parentKey: 'Feedback' },
      { key: 'Leren', name: 'Leren' },
      { key: 'Leren/voordoen', name: 'voordoen', parentKey: 'Leren' },
      { key: 'Émotion', name: 'Émotion' },
      { key: 'Émotion/Angoisse', name: 'Angoisse', parentKey: 'Émotion' },
      { key: 'Feedback.uitstellen.bij ouders', name: 'bij ouders', parentKey: 'Feedback.uitstellen' },
      { key: '1. Inleiding', name: '1. Inleiding' },
    ]);
  });

  it('turns HTML content into text and keeps accents', async () => {
    const r = await readTaguetteCsv(options('taguette-highlights.csv'));
    const zuid = r.documents[1];
    expect(zuid.excerpts[0].text).toBe('We bespreken het één keer per week & evalueren.');
    expect(r.documents[0].excerpts[1].text).toBe('Ik voel me soms angstig bij de ouders.');
  });

  it('warns once about highlights without a tag', async () => {
    const r = await readTaguetteCsv(options('taguette-highlights.csv'));
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'warning', code: 'empty-code', file: 'qda/taguette-highlights.csv', line: 5, field: 'tag' });
    expect(r.issues[0].message).toContain('Een highlight zonder tag.');
  });

  it('maps document names to ids and applies source attributes', async () => {
    const r = await readTaguetteCsv(options('taguette-highlights.csv', { documents: { 'teamoverleg-zuid': 'overleg-zuid' }, attributes: { jaar: '2024' } }));
    expect(r.documents.map((d) => d.id)).toEqual(['interview-kdv-noord', 'overleg-zuid']);
    expect(r.documents[1].excerpts[0].id).toBe('overleg-zuid/p1');
    expect(r.documents[1].attributes).toEqual({ jaar: '2024' });
    expect(r.documents[1].excerpts[1].attributes).toEqual({ jaar: '2024' });
  });

  it('skips ragged rows, empty content and empty documents, naming line and column', async () => {
    const r = await readTaguetteCsv(options('taguette-fouten.csv'));
    expect(r.counts).toMatchObject({ rows: 4, 'rows-skipped': 3, excerpts: 1, documents: 1 });
    expect(r.issues.map((i) => [i.code, i.line, i.field])).toEqual([
      ['ragged-row', 2, undefined],
      ['empty-text', 3, 'content'],
      ['empty-document', 4, 'document'],
    ]);
    expect(r.issues.every((i) => i.severity === 'warning' && i.file === 'qda/taguette-fouten.csv' && /skipped/.test(i.message))).toBe(true);
    expect(r.issues[0].message).toContain('row has 5 cells but the header has 4 columns');
    expect(codesOf(r.documents[0])).toEqual([['Feedback.benoemen']]);
  });

  it('names a missing column and the columns found', async () => {
    const r = await readTaguetteCsv(options('taguette-geen-content.csv'));
    expect(r.documents).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'missing-column', line: 1, field: 'content' });
    expect(r.issues[0].message).toContain('Columns found: "id", "document", "tag", "contents"');
    expect(r.issues[0].message).toContain('Closest: "contents"');
  });

  it('reports a wrong delimiter through the missing-column hint', async () => {
    const r = await readTaguetteCsv(options('taguette-highlights.csv', { delimiter: ';' }));
    expect(r.issues[0].code).toBe('missing-column');
    expect(r.issues[0].hint).toContain('delimiter');
  });
});

describe('readTaguetteCodebookCsv', () => {
  it('reads tags, explicit parents and descriptions (current export with a parent column)', async () => {
    const r = await readTaguetteCodebookCsv(options('taguette-codebook.csv'));
    expect(r.codes).toEqual([
      { key: 'Feedback', name: 'Feedback', description: 'Alles over feedback geven en krijgen' },
      { key: 'Feedback.uitstellen', name: 'uitstellen', parentKey: 'Feedback', description: 'Negatieve feedback uitstellen' },
      { key: 'angst', name: 'angst', parentKey: 'Welbevinden', description: 'Angst bij de kinderbegeleider' },
      { key: 'Welbevinden', name: 'Welbevinden' },
    ]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'warning', code: 'empty-code', line: 5, field: 'tag', file: 'qda/taguette-codebook.csv' });
  });

  it('derives parents from the path in the older export without a parent column', async () => {
    const r = await readTaguetteCodebookCsv(options('taguette-codebook-oud.csv'));
    expect(r.issues).toEqual([]);
    expect(r.codes).toEqual([
      { key: 'Émotion', name: 'Émotion' },
      { key: 'Émotion/Angoisse', name: 'Angoisse', parentKey: 'Émotion', description: 'Gevoelens van angst' },
      { key: 'een', name: 'een' },
      { key: 'een.twee', name: 'twee', parentKey: 'een' },
      { key: 'een.twee.drie', name: 'drie', parentKey: 'een.twee' },
    ]);
  });

  it('names the missing tag column', async () => {
    const r = await readTaguetteCodebookCsv(options('qualcoder-zonder-codename.csv'));
    expect(r.codes).toEqual([]);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'missing-column', field: 'tag' });
  });
});

describe('tag paths and content', () => {
  it('splits on "." and "/" only between non-space characters', () => {
    expect(tagCodes('a.b/c').map((c) => [c.key, c.name, c.parentKey])).toEqual([['a', 'a', undefined], ['a.b', 'b', 'a'], ['a.b/c', 'c', 'a.b']]);
    expect(tagCodes('1. Inleiding')).toEqual([{ key: '1. Inleiding', name: '1. Inleiding' }]);
    expect(tagCodes('a..b')).toEqual([{ key: 'a..b', name: 'a..b' }]);
    expect(tagCodes('/x')).toEqual([{ key: '/x', name: '/x' }]);
  });

  it('leaves plain text alone and strips HTML the way Taguette does', () => {
    expect(taguetteContent('  Tom & Jerry <3  ')).toBe('Tom & Jerry <3');
    expect(taguetteContent('<p>Eerste alinea.</p><p>Twee&euml;n &#233;n&nbsp;drie</p>')).toBe('Eerste alinea. Tweeën én drie');
  });
});
