import { describe, expect, it } from 'vitest';
import { findTurnTables, hasText, labelIn, timeIn, type TurnTables } from './turn-tables.js';
import type { WordParagraph } from './content.js';
import { createRoleTable } from '../../model/roles.js';

const rules = { roles: createRoleTable(), speakers: { Sofie: 'kinderbegeleider' }, anyLabel: false };

/**
 * Paragraphs from tables written as rows of cells: a cell is a string (one paragraph), a list of
 * strings (several paragraphs), or null (no cell). A plain string outside a table is a body paragraph.
 */
type CellSpec = string | string[] | null | { covered: true; text?: string };
function build(...blocks: (string | CellSpec[][])[]): WordParagraph[] {
  const out: WordParagraph[] = [];
  let table = 0;
  for (const b of blocks) {
    if (typeof b === 'string') { out.push({ text: b, boldPrefix: 0, where: 'body' }); continue; }
    table++;
    b.forEach((cells, r) => cells.forEach((c, i) => {
      if (c === null) return;
      const cell = { table, row: r + 1, column: i + 1 };
      if (typeof c === 'object' && !Array.isArray(c)) {
        out.push({ text: c.text ?? '', boldPrefix: 0, where: 'table', cell: { ...cell, covered: true } });
        return;
      }
      for (const t of Array.isArray(c) ? c : [c]) out.push({ text: t, boldPrefix: 0, where: 'table', cell });
    }));
  }
  return out;
}
const find = (P: WordParagraph[], r = rules) => findTurnTables(P, r, 't.docx');
/** Each turn as `[time] label: text` with the paragraph numbers (0-based) it uses. */
const shown = (P: WordParagraph[], t: TurnTables) => t.turns.map((x) =>
  `${x.time ? `[${x.time.text}] ` : ''}${x.continues ? '+' : ''}${x.label}: ${x.text.map((p) => P[p].text).join(' / ')} @${x.at}`);

describe('cell shapes', () => {
  it('labelIn: a label cell is 1–4 words of a native label, white space and one colon allowed', () => {
    expect(labelIn('Mentor 2')).toEqual({ label: 'Mentor 2', start: 0, end: 8 });
    expect(labelIn('  Cursist 1 : ')).toEqual({ label: 'Cursist 1', start: 2, end: 11 });
    expect(labelIn('Externe mentor Els Peeters')).toEqual({ label: 'Externe mentor Els Peeters', start: 0, end: 26 });
    expect(labelIn("Kinderbegeleider 3 d'Hondt")).toEqual({ label: "Kinderbegeleider 3 d'Hondt", start: 0, end: 26 });
    for (const bad of ['', '   ', 'Mentor 2: Ik doe het voor.', 'Een mentor die het eerst voordoet', '2 Mentor', 'Mentor::', 'Mentor\t2', 'Mentor\n2', '#voordoen', 'a'.repeat(41)]) {
      expect(labelIn(bad), bad).toBeNull();
    }
  });

  it('timeIn: 00:12:31, 12:31, [00:12:31], (12:31), with an optional fraction; offsets of the time itself', () => {
    expect(timeIn('00:12:31')).toEqual({ text: '00:12:31', start: 0, end: 8 });
    expect(timeIn(' 12:31 ')).toEqual({ text: '12:31', start: 1, end: 6 });
    expect(timeIn('[00:12:31]')).toEqual({ text: '00:12:31', start: 1, end: 9 });
    expect(timeIn('(12:31)')).toEqual({ text: '12:31', start: 1, end: 6 });
    expect(timeIn('1:02:03.5')).toEqual({ text: '1:02:03.5', start: 0, end: 9 });
    for (const bad of ['', '12', '12:3', '[12:31', '12:31]', '(12:31]', '12:31 uur', 'om 12:31', '123:45']) expect(timeIn(bad), bad).toBeNull();
  });

  it('hasText: a line that is not blank and not a separator', () => {
    expect(hasText('a')).toBe(true);
    expect(hasText(' \t ')).toBe(false);
    expect(hasText('---')).toBe(false);
    expect(hasText('---\n\nb')).toBe(true);
    expect(hasText('***\n ')).toBe(false);
  });
});

describe('findTurnTables', () => {
  it('a header row "Spreker | Tekst": turns, one excerpt each; the header is left out', () => {
    const P = build('Inleiding', [
      ['Spreker', 'Tekst'],
      ['Mentor 2', 'Hoe ging het?'],
      ['Cursist 1', ['Goed.', 'Ik heb veel geleerd.']],
    ], 'Slot');
    const t = find(P);
    expect(shown(P, t)).toEqual(['Mentor 2: Hoe ging het? @3', 'Cursist 1: Goed. / Ik heb veel geleerd. @5']);
    expect(t.turns[1]).toEqual({ at: 5, label: 'Cursist 1', labelAt: { paragraph: 5, start: 0, end: 9 }, text: [6, 7], continues: false, table: 1, row: 3 });
    expect([...t.header]).toEqual([1, 2]);
    expect([...t.turnOf]).toEqual([[4, 0], [3, 0], [6, 1], [7, 1], [5, 1]]);
    expect([t.tables, t.issues]).toEqual([1, []]);
  });

  it('header words in any case, with a colon, in any column order; a time column named in the header', () => {
    const P = build([
      ['Tekst:', 'TIJD', 'wie'],
      ['Ik doe het voor.', '00:01:02', 'Mentor 2'],
      ['Ik kijk mee.', '', 'Cursist 1'],
    ]);
    expect(shown(P, find(P))).toEqual(['[00:01:02] Mentor 2: Ik doe het voor. @3', 'Cursist 1: Ik kijk mee. @6']);
  });

  it('a first row that is not all header words is no header', () => {
    // "Spreker | Tekst | Opmerking": a third word that is no header word.
    const P = build([['Spreker', 'Tekst', 'Opmerking'], ['Mentor 2', 'Hoe ging het?', ''], ['Cursist 1', 'Goed.', '']]);
    // Without a header no label comes back, so it is no turn table.
    expect(find(P).tables).toBe(0);
    // Two speaker words: no header either.
    const Q = build([['Spreker', 'Naam', 'Tekst'], ['Mentor 2', 'Els', 'Hoe ging het?']]);
    expect(find(Q).tables).toBe(0);
  });

  it('without a header: a time column first or second, recognised by its timestamps', () => {
    const first = build([
      ['00:14:05', 'Kinderbegeleider 3', 'Ik doe het eerst voor.'],
      ['[00:14:31]', 'Cursist 1', 'En dan ik?'],
      ['', 'Kinderbegeleider 3', 'Ja.'],
    ]);
    expect(shown(first, find(first))).toEqual([
      '[00:14:05] Kinderbegeleider 3: Ik doe het eerst voor. @0',
      '[00:14:31] Cursist 1: En dan ik? @3',
      // The empty time cell (paragraph 6) is not part of the turn.
      'Kinderbegeleider 3: Ja. @7',
    ]);
    expect(find(first).turns[0].time).toEqual({ paragraph: 0, text: '00:14:05', start: 0, end: 8 });
    const second = build([
      ['Mentor 2', '(12:31)', 'Ik doe het eerst voor.'],
      ['Cursist 1', '12:40.5', 'En dan ik?'],
      ['Mentor 2', '12:44', 'Ja.'],
    ]);
    expect(shown(second, find(second))).toEqual(['[12:31] Mentor 2: Ik doe het eerst voor. @0', '[12:40.5] Cursist 1: En dan ik? @3', '[12:44] Mentor 2: Ja. @6']);
  });

  it('a first column with a non-timestamp is no time column; a two-column table has none', () => {
    // "ca. 14:05" is no timestamp, so column 1 is the speaker column — whose cells are no labels.
    const P = build([['00:14:05', 'Mentor 2', 'a'], ['ca. 14:05', 'Cursist 1', 'b'], ['00:14:40', 'Mentor 2', 'c']]);
    expect(find(P).tables).toBe(0);
    const Q = build([['00:14:05', 'Mentor 2: a'], ['00:14:31', 'Cursist 1: b']]);
    expect(find(Q).tables).toBe(0);
  });

  it('empty columns do not count: speaker and text are the first two columns with text', () => {
    const P = build([['', 'Mentor 2', '', 'Hoe ging het?'], ['', 'Cursist 1', '', 'Goed.'], ['', 'Mentor 2', '', 'Fijn.']]);
    expect(shown(P, find(P))).toEqual(['Mentor 2: Hoe ging het? @1', 'Cursist 1: Goed. @5', 'Mentor 2: Fijn. @9']);
  });

  it('a column after the text column is not part of the turn', () => {
    const P = build([['Mentor 2', 'Hoe ging het?', 'vraag'], ['Cursist 1', 'Goed.', ''], ['Mentor 2', 'Fijn.', 'bevestiging']]);
    const t = find(P);
    expect(shown(P, t)).toEqual(['Mentor 2: Hoe ging het? @0', 'Cursist 1: Goed. @3', 'Mentor 2: Fijn. @6']);
    expect(t.turnOf.has(2)).toBe(false);
    expect(t.turnOf.has(8)).toBe(false);
  });

  it('an empty speaker cell (or one covered by a merge) continues the previous speaker; before any turn it does not', () => {
    const P = build([
      ['', 'Opname start.'],
      ['Mentor 2', 'Ik doe het voor.'],
      ['', 'En dan leg ik uit waarom.'],
      [{ covered: true }, 'Zo weet je het voor de volgende keer.'],
      ['Cursist 1', 'Dank je.'],
      ['Mentor 2', 'Graag gedaan.'],
    ]);
    const t = find(P);
    expect(shown(P, t)).toEqual([
      'Mentor 2: Ik doe het voor. @2',
      '+Mentor 2: En dan leg ik uit waarom. @5',
      '+Mentor 2: Zo weet je het voor de volgende keer. @7',
      'Cursist 1: Dank je. @8',
      'Mentor 2: Graag gedaan. @10',
    ]);
    expect(t.turns[1].labelAt).toBeUndefined();
    // The empty speaker cells are not part of their turns; "Opname start." stays as it is.
    expect([0, 1, 4, 6].map((p) => t.turnOf.has(p))).toEqual([false, false, false, false]);
  });

  it('a covered text cell holds no text for the turn', () => {
    const P = build([['Mentor 2', 'Hoe ging het?'], ['Cursist 1', { covered: true, text: 'verborgen' }], ['Mentor 2', 'Fijn.'], ['Cursist 1', 'Ja.']]);
    const t = find(P);
    expect(shown(P, t)).toEqual(['Mentor 2: Hoe ging het? @0', 'Mentor 2: Fijn. @4', 'Cursist 1: Ja. @6']);
    expect(t.turnOf.has(2)).toBe(false);
    expect(t.turnOf.has(3)).toBe(false);
  });

  it('60 % of the rows with text must be turns with a known label (or continuations)', () => {
    const notes = (n: number) => Array.from({ length: n }, (_, i) => [`(pauze ${i + 1})`, '']);
    // 3 of 5 rows: a turn table; the notes stay paragraphs of their own.
    const P = build([['Mentor 2', 'a'], ['Cursist 1', 'b'], ['Mentor 2', 'c'], ...notes(2)]);
    const t = find(P);
    expect(t.tables).toBe(1);
    expect(t.turns).toHaveLength(3);
    // 3 of 6: not.
    expect(find(build([['Mentor 2', 'a'], ['Cursist 1', 'b'], ['Mentor 2', 'c'], ...notes(3)])).tables).toBe(0);
    // Rows without any text do not count.
    expect(find(build([['Mentor 2', 'a'], ['Cursist 1', 'b'], ['Mentor 2', 'c'], ...notes(2), ['', ''], ['', '']])).tables).toBe(1);
    // Unknown labels are not known speakers: 2 of 4 rows.
    expect(find(build([['Mentor 2', 'a'], ['Jana', 'b'], ['Mentor 2', 'c'], ['Jana', 'd']])).tables).toBe(0);
  });

  it('in a turn table an unknown label is still a turn (the native reader then warns about it)', () => {
    const P = build([['Mentor 2', 'a'], ['Jana', 'b'], ['Mentor 2', 'c'], ['Cursist 1', 'd'], ['Mentor 2', 'e']]);
    expect(shown(P, find(P))).toEqual(['Mentor 2: a @0', 'Jana: b @2', 'Mentor 2: c @4', 'Cursist 1: d @6', 'Mentor 2: e @8']);
  });

  it('a table of attributes is no turn table: without a header, a label must come back in another row', () => {
    expect(find(build([['Locatie', 'KO5'], ['Mentor', 'Sofie'], ['Cursist', 'Jana']])).tables).toBe(0);
    // Even when every first cell is a role.
    expect(find(build([['Mentor', 'Sofie'], ['Cursist', 'Jana'], ['Verantwoordelijke', 'Els']])).tables).toBe(0);
    // With a header the header is the evidence.
    const P = build([['Spreker', 'Tekst'], ['Mentor 2', 'Hoe ging het?'], ['Cursist 1', 'Goed.']]);
    expect(find(P).tables).toBe(1);
    // `speakers:` names count as known labels.
    expect(find(build([['Sofie', 'a'], ['Cursist 1', 'b'], ['sofie', 'c']])).tables).toBe(1);
    // With `speaker_labels: any` any label is known.
    expect(find(build([['Jana', 'a'], ['Els', 'b'], ['Jana', 'c']]), { ...rules, anyLabel: true }).tables).toBe(1);
  });

  it('rows that are not turns stay as they are: a note across the table, a sentence, a label with nothing said', () => {
    const P = build([
      ['Mentor 2', 'a'],
      ['(Een kind huilt.)', null],
      ['Cursist 1: dat zei ik al', 'b'],
      ['Cursist 1', ''],
      ['Mentor 2', 'c'],
      ['Cursist 1', 'd'],
      ['Mentor 2', 'e'],
      ['Cursist 1', 'f'],
    ]);
    const t = find(P);
    // 5 turns of 8 rows with text.
    expect(shown(P, t)).toEqual(['Mentor 2: a @0', 'Mentor 2: c @7', 'Cursist 1: d @9', 'Mentor 2: e @11', 'Cursist 1: f @13']);
    for (const p of [2, 3, 4, 5, 6]) expect(t.turnOf.has(p)).toBe(false);
  });

  it('a speaker cell of several paragraphs is no label cell', () => {
    const P = build([['Mentor 2', 'a'], [['Mentor 2', '(Els)'], 'b'], ['Mentor 2', 'c'], ['Cursist 1', 'd'], ['Mentor 2', 'e']]);
    const t = find(P);
    expect(t.turns.map((x) => x.row)).toEqual([1, 3, 4, 5]);
    // Blank paragraphs in a cell do not count.
    const Q = build([[['', 'Mentor 2', '  '], 'a'], ['Cursist 1', 'b'], ['Mentor 2', 'c']]);
    expect(find(Q).turns[0].labelAt).toEqual({ paragraph: 1, start: 0, end: 8 });
  });

  it('a time cell that is no timestamp: a warning, no time for that turn, and the cell stays a paragraph of its own', () => {
    const P = build([['00:01:00', 'Mentor 2', 'a'], ['00:01:10', 'Cursist 1', 'b'], ['00:01:20', 'Mentor 2', 'c']]);
    expect(find(P).issues).toEqual([]);
    const Q = build([['Tijd', 'Spreker', 'Tekst'], ['00:01:00', 'Mentor 2', 'a'], ['ongeveer een minuut later', 'Cursist 1', 'b']]);
    const t = find(Q);
    expect(shown(Q, t)).toEqual(['[00:01:00] Mentor 2: a @3', 'Cursist 1: b @7']);
    expect(t.turnOf.has(6)).toBe(false);
    expect(t.issues).toEqual([{
      severity: 'warning', file: 't.docx', line: 7, code: 'turn-table-time',
      message: 'the time column of table 1 holds "ongeveer een minuut later" in row 3, which is not a timestamp; that turn has no time and the cell is read as a paragraph of its own',
      hint: 'write the time as 00:12:31, 12:31 or [00:12:31], or leave the cell empty',
    }]);
  });

  it('each table on its own; nested tables are tables of their own; headings in cells are no cell text', () => {
    const P: WordParagraph[] = [
      { text: 'Mentor 2', boldPrefix: 0, where: 'table', cell: { table: 1, row: 1, column: 1 } },
      { text: 'a', boldPrefix: 0, where: 'table', cell: { table: 1, row: 1, column: 2 } },
      // A table nested in the text cell of row 2.
      { text: 'Cursist 1', boldPrefix: 0, where: 'table', cell: { table: 1, row: 2, column: 1 } },
      { text: 'b', boldPrefix: 0, where: 'table', cell: { table: 1, row: 2, column: 2 } },
      { text: 'Locatie', boldPrefix: 0, where: 'table', cell: { table: 2, row: 1, column: 1 } },
      { text: 'KO5', boldPrefix: 0, where: 'table', cell: { table: 2, row: 1, column: 2 } },
      { text: 'Tussentitel', heading: 2, boldPrefix: 0, where: 'table', cell: { table: 1, row: 3, column: 2 } },
      { text: 'Mentor 2', boldPrefix: 0, where: 'table', cell: { table: 1, row: 3, column: 1 } },
      { text: 'c', boldPrefix: 0, where: 'table', cell: { table: 1, row: 3, column: 2 } },
    ];
    const t = find(P);
    expect(shown(P, t)).toEqual(['Mentor 2: a @0', 'Cursist 1: b @2', 'Mentor 2: c @7']);
    expect([t.turnOf.has(4), t.turnOf.has(5), t.turnOf.has(6)]).toEqual([false, false, false]);
  });

  it('no tables, one-column tables, empty tables: nothing', () => {
    expect(find(build('Mentor 2: a', 'Cursist 1: b'))).toEqual({ turns: [], turnOf: new Map(), header: new Set(), tables: 0, issues: [] });
    expect(find(build([['Mentor 2'], ['Cursist 1'], ['Mentor 2']])).tables).toBe(0);
    expect(find(build([['', ''], ['', '']])).tables).toBe(0);
    expect(find(build([['Spreker', 'Tekst']])).tables).toBe(0);
  });

  it('the turn takes the place of its first paragraph, also when the text cell comes first', () => {
    const P: WordParagraph[] = [
      { text: 'Hoe ging het?', boldPrefix: 0, where: 'table', cell: { table: 1, row: 1, column: 2 } },
      { text: 'Mentor 2', boldPrefix: 0, where: 'table', cell: { table: 1, row: 1, column: 1 } },
      { text: 'Cursist 1', boldPrefix: 0, where: 'table', cell: { table: 1, row: 2, column: 1 } },
      { text: 'Goed.', boldPrefix: 0, where: 'table', cell: { table: 1, row: 2, column: 2 } },
      { text: 'Mentor 2', boldPrefix: 0, where: 'table', cell: { table: 1, row: 3, column: 1 } },
      { text: 'Fijn.', boldPrefix: 0, where: 'table', cell: { table: 1, row: 3, column: 2 } },
    ];
    expect(find(P).turns.map((x) => x.at)).toEqual([0, 2, 4]);
  });
});
