import { describe, expect, it } from 'vitest';
import { readSheet } from 'read-excel-file/node';
import { fileSafeId, renderXlsx, reportTables, sheetNames, tableCsvFiles } from './render-tables.js';
import { smallModel } from './report-model.test-helpers.js';
import type { ReportModel } from './model.js';

describe('reportTables', () => {
  it('lists every table block in reading order with its section', () => {
    expect(reportTables(smallModel()).map((t) => [t.id, t.section])).toEqual([
      ['overview-levers', 'Overzicht'],
      ['lever-L1-codes', 'L1 Visie'],
    ]);
  });

  it('makes ids file-safe and unique (ignoring case)', () => {
    const m = smallModel();
    const t = { columns: [], rows: [], notes: [] };
    m.sections[0].blocks.push({ type: 'table', id: 'Overview-Levers', table: t }, { type: 'table', id: '../etc/passwd', table: t });
    // Blocks come before children: the two added overview tables precede the lever table.
    expect(reportTables(m).map((x) => x.id)).toEqual(['overview-levers', 'Overview-Levers-2', 'etc-passwd', 'lever-L1-codes']);
    expect(fileSafeId('a b/c:d')).toBe('a-b-c-d');
    expect(fileSafeId('...')).toBe('table');
  });
});

describe('tableCsvFiles', () => {
  it('writes one injection-safe CSV per table', () => {
    const files = tableCsvFiles(reportTables(smallModel()), 'default');
    expect(files.map((f) => f.name)).toEqual(['tables/overview-levers.csv', 'tables/lever-L1-codes.csv']);
    expect(files[0].content).toBe('id,n\nL1,5\nL2,10\n');
    const codes = files[1].content;
    expect(codes).toContain('"\'=HYPERLINK(""http://x"")"');
    expect(codes).toContain("'+cmd");
    expect(codes).toContain("'@SUM(A1)");
    // A number written as text is data, not a formula.
    expect(codes).toContain('\n-0.5,');
  });

  it('writes the excel-nl dialect with BOM and semicolons', () => {
    const [f] = tableCsvFiles(reportTables(smallModel()), 'excel-nl');
    expect(f.content).toBe('\uFEFFid;n\nL1;5\nL2;10\n');
  });
});

describe('sheetNames', () => {
  it('keeps names within 31 characters, without forbidden characters, unique ignoring case', () => {
    const long = 'memoq-emotionele-ondersteuning-constructs-medewerkers';
    const names = sheetNames([long, `${long}-2`, 'a/b?c', 'inhoud', "'q'"], ['inhoud']);
    expect(names[0]).toBe(long.slice(0, 31));
    expect(names[1]).toBe(`${long.slice(0, 29)}~2`);
    expect(names[2]).toBe('a-b-c');
    expect(names[3]).toBe('inhoud~2');
    expect(names[4]).toBe('q');
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
  });
});

describe('renderXlsx', () => {
  const model: ReportModel = smallModel();
  const tables = reportTables(model);

  it('writes a contents sheet and one sheet per table, text as text', async () => {
    const book = await renderXlsx(tables, 'nl', model.provenance.units);
    const contents = (await readSheet(book, 'inhoud')) as unknown[][];
    expect(contents[0]).toEqual(['Blad', 'Tabel', 'Onderdeel', 'Titel', 'Eenheid en noemer']);
    expect(contents[1]).toEqual(['overview-levers', 'overview-levers', 'Overzicht', 'Per hefboom', 'Eenheid: fragmenten; noemer 85.']);
    const levers = (await readSheet(book, 'overview-levers')) as unknown[][];
    expect(levers.slice(0, 3)).toEqual([['id', 'n'], ['L1', 5], ['L2', 10]]);
    expect(levers.flat()).toContain('Eenheid: fragmenten.');
    const codes = (await readSheet(book, 'lever-L1-codes')) as unknown[][];
    expect(codes[1][0]).toBe('=HYPERLINK("http://x")');
  });

  it('is byte-identical across runs (no timestamps in the ZIP)', async () => {
    const a = await renderXlsx(tables, 'en', model.provenance.units);
    await new Promise((r) => setTimeout(r, 2100)); // DOS timestamps have a 2-second resolution
    const b = await renderXlsx(tables, 'en', model.provenance.units);
    expect(a.equals(b)).toBe(true);
    expect(((await readSheet(a, 'contents')) as unknown[][])[0][0]).toBe('Sheet');
  });
});
