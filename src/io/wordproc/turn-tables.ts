/**
 * Turn tables: transcripts typed as a table in Word or LibreOffice, one row per turn — the speaker
 * in one column, what was said in another, sometimes a column with the time and a header row
 * ("Spreker | Tekst"). This module only finds them in WordContent's paragraphs (through each
 * paragraph's `cell`) and says which paragraphs make up each turn; wordproc-document.ts writes
 * each turn as one native paragraph `[time] Label: text`, so the native reader gives it its
 * speaker and time, exactly as for a typed `Label:`. Format-neutral: .docx and .odt alike.
 *
 * Rules applied where the layout leaves room:
 * - **Cells.** A cell's text is its paragraphs that hold text (a line that is not blank and not a
 *   separator such as `---`); headings inside a table are headings, not cell text. A covered
 *   cell (hidden under a merge) counts as empty.
 * - **Header row.** The table's first row is a header when each of its cells with text holds one
 *   header word — speaker: Spreker, Sprekers, Naam, Speaker, Wie, Rol; text: Tekst, Text,
 *   Transcript, Transcriptie, Wat, Uitspraak; time: Tijd, Tijdstip, Tijdcode, Time, Timestamp
 *   (any case, an optional trailing colon) — with exactly one speaker word, one text word and at
 *   most one time word. Its columns are the table's speaker, text and time columns. A header row
 *   of a turn table is not an excerpt.
 * - **Columns without a header.** The columns that hold text in some row (header excluded), in
 *   order. With three or more, the first or else the second is the **time column** when each of
 *   its cells with text is a timestamp and one at least is; the speaker column is then the first
 *   other column and the text column the one after it. Otherwise the first column is the speaker
 *   column and the second the text column. Further columns are not part of the turn.
 * - **A label cell** holds one paragraph of 1–4 words with the shape of a native label
 *   (LABEL_BODY of transcript-syntax.ts: a letter, then letters, digits, spaces, `.`, `'`, `-`;
 *   at most 40 characters), white space around it and one trailing colon allowed.
 * - **A timestamp cell** holds one paragraph `00:12:31`, `12:31`, `[00:12:31]` or `(12:31)`,
 *   optionally with a fraction (`00:12:31.5`); the native reader reads it as it reads
 *   `[00:12:31]` before a label (so `12:31` is minutes and seconds).
 * - **Turn table.** Counting the rows below the header that hold any text: a table is a turn table
 *   when at least 60 % of them are turns whose label the native rules accept as a speaker (a role
 *   or synonym with an optional number, a `speakers:` name, anything with `speaker_labels: any`)
 *   or continuations of a turn, at least one of them is such a turn, and — when there is no header
 *   row — one label is written in at least two rows (a conversation goes back and forth; a table
 *   of attributes such as "Mentor | Sofie" names each role once). The 60 % leaves room for stage
 *   directions and notes in rows of their own.
 * - **Rows of a turn table.** A row with a label cell and text in the text column is a turn, even
 *   when the label is not a known speaker: it is written `Label: text`, and the native reader
 *   then warns about the unknown label and keeps it in the text, as in a typed transcript. A row
 *   whose speaker cell is empty (or covered by a vertical merge) and whose text cell has text
 *   **continues the previous turn's speaker**: it is a turn of its own (one row, one excerpt)
 *   with that label — in a table an empty speaker cell is how transcribers say "still the same
 *   speaker". A timestamp in the time column gives the turn its time (a continuation does not
 *   inherit one); a time cell with other text is a warning and stays a paragraph of its own.
 *   Every other row (a note across the table, a speaker cell that is no label, a label with
 *   nothing said, an empty speaker cell before any turn) is read as any table: each paragraph of
 *   it an excerpt of its own. So are the cells of columns that are not part of the turn.
 * - The turn takes the place, in reading order, of the first of its paragraphs.
 */
import type { InputIssue } from '../../model/types.js';
import { excerptForMessage } from '../../model/issues.js';
import { resolveSpeaker, type SpeakerRules } from '../../model/roles.js';
import { isWs, LABEL_BODY, SEPARATOR_RE, wordCount } from '../transcript-syntax.js';
import type { WordParagraph } from './content.js';

/** Offsets (UTF-16, end exclusive) of a piece of one paragraph. */
export interface ParagraphSpan {
  paragraph: number;
  start: number;
  end: number;
}

/** One row of a turn table that becomes one excerpt. */
export interface Turn {
  /** The paragraph whose place in reading order the turn takes: the first of its paragraphs. */
  at: number;
  /** The speaker label as written (a continuation: the label of the turn it continues). */
  label: string;
  /** Where the label is written; absent for a continuation. */
  labelAt?: ParagraphSpan;
  /** The timestamp as written, without brackets (`00:12:31`, `12:31.5`), and where. */
  time?: ParagraphSpan & { text: string };
  /** The text cell's paragraphs in order (those without text included). */
  text: number[];
  /** The row's speaker cell is empty: the turn continues the previous turn's speaker. */
  continues: boolean;
  table: number;
  row: number;
}

export interface TurnTables {
  turns: Turn[];
  /** Each paragraph that is part of a turn → the turn's index in `turns`. */
  turnOf: Map<number, number>;
  /** Paragraphs of the header rows of turn tables: not excerpts. */
  header: Set<number>;
  /** Turn tables found. */
  tables: number;
  issues: InputIssue[];
}

/** A turn table's rows must be at least this share of its rows with text. */
export const TURN_SHARE = 0.6;

const LABEL_SHAPE = new RegExp(`^${LABEL_BODY}$`, 'u');
const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;
const TIME_CELL = new RegExp(String.raw`^(?:\[(${TIME})\]|\((${TIME})\)|(${TIME}))$`);

const HEADER_WORDS: Record<string, 'speaker' | 'text' | 'time'> = {
  spreker: 'speaker', sprekers: 'speaker', naam: 'speaker', speaker: 'speaker', wie: 'speaker', rol: 'speaker',
  tekst: 'text', text: 'text', transcript: 'text', transcriptie: 'text', wat: 'text', uitspraak: 'text',
  tijd: 'time', tijdstip: 'time', tijdcode: 'time', time: 'time', timestamp: 'time',
};

interface Cell {
  column: number;
  covered: boolean;
  /** All its paragraphs, in order. */
  paras: number[];
  /** Those with text. */
  full: number[];
}
type Row = Map<number, Cell>;

/** Whether a paragraph's text holds a line that is not blank and not a separator. */
export function hasText(text: string): boolean {
  for (const line of text.split('\n')) {
    let blank = true;
    for (let i = 0; i < line.length && blank; i++) if (!isWs(line.charCodeAt(i))) blank = false;
    if (!blank && !SEPARATOR_RE.test(line)) return true;
  }
  return false;
}

/** The trimmed content of a paragraph: its offsets without surrounding white space. */
function trimmed(text: string): { start: number; end: number } {
  let a = 0;
  let b = text.length;
  while (a < b && isWs(text.charCodeAt(a))) a++;
  while (b > a && isWs(text.charCodeAt(b - 1))) b--;
  return { start: a, end: b };
}

/** A label cell's label and its offsets, or null when the paragraph is not shaped as one. */
export function labelIn(text: string): { label: string; start: number; end: number } | null {
  let { start, end } = trimmed(text);
  if (end > start && text.charCodeAt(end - 1) === 58 /* : */) {
    end--;
    while (end > start && isWs(text.charCodeAt(end - 1))) end--;
  }
  const label = text.slice(start, end);
  if (!LABEL_SHAPE.test(label) || wordCount(label) > 4) return null;
  return { label, start, end };
}

/** A timestamp cell's time (without brackets) and its offsets, or null. */
export function timeIn(text: string): { text: string; start: number; end: number } | null {
  const { start, end } = trimmed(text);
  const m = TIME_CELL.exec(text.slice(start, end));
  if (!m) return null;
  const core = m[1] ?? m[2] ?? m[3];
  const at = start + (m[3] !== undefined ? 0 : 1);
  return { text: core, start: at, end: at + core.length };
}

/** Find the turn tables among the paragraphs (see the module comment for the rules). */
export function findTurnTables(paragraphs: readonly WordParagraph[], rules: SpeakerRules, file: string): TurnTables {
  const out: TurnTables = { turns: [], turnOf: new Map(), header: new Set(), tables: 0, issues: [] };
  // table → row → column → cell, from the paragraphs' positions.
  const tables = new Map<number, Map<number, Row>>();
  for (let p = 0; p < paragraphs.length; p++) {
    const wp = paragraphs[p];
    if (!wp.cell || wp.heading) continue;
    const { table, row, column } = wp.cell;
    let rows = tables.get(table);
    if (!rows) tables.set(table, (rows = new Map()));
    let cells = rows.get(row);
    if (!cells) rows.set(row, (cells = new Map()));
    let cell = cells.get(column);
    if (!cell) cells.set(column, (cell = { column, covered: false, paras: [], full: [] }));
    if (wp.cell.covered) cell.covered = true;
    cell.paras.push(p);
    if (hasText(wp.text)) cell.full.push(p);
  }
  for (const [table, rowMap] of tables) {
    const rows = [...rowMap.entries()].sort((a, b) => a[0] - b[0]);
    readTable(table, rows, paragraphs, rules, file, out);
  }
  return out;
}

function readTable(table: number, rows: [number, Row][], P: readonly WordParagraph[], rules: SpeakerRules, file: string, out: TurnTables): void {
  const textOf = (c: Cell | undefined) => (c && !c.covered ? c.full : []);
  const single = (c: Cell | undefined): string | undefined => {
    const full = textOf(c);
    return full.length === 1 ? P[full[0]].text : undefined;
  };

  // ---- header and columns ----
  let header: Row | undefined;
  let speakerCol: number | undefined;
  let textCol: number | undefined;
  let timeCol: number | undefined;
  if (rows.length) {
    const kinds: Partial<Record<'speaker' | 'text' | 'time', number[]>> = {};
    let other = false;
    for (const cell of rows[0][1].values()) {
      const full = textOf(cell);
      if (!full.length) continue;
      const word = full.length === 1 ? P[full[0]].text.trim().replace(/\s*:$/, '').toLowerCase() : '';
      const kind = HEADER_WORDS[word];
      if (kind) (kinds[kind] ??= []).push(cell.column);
      else other = true;
    }
    if (!other && kinds.speaker?.length === 1 && kinds.text?.length === 1 && (kinds.time?.length ?? 0) <= 1) {
      header = rows[0][1];
      speakerCol = kinds.speaker[0];
      textCol = kinds.text[0];
      timeCol = kinds.time?.[0];
    }
  }
  const body = header ? rows.slice(1) : rows;
  if (!header) {
    const used = new Set<number>();
    for (const [, cells] of body) for (const c of cells.values()) if (textOf(c).length) used.add(c.column);
    const cols = [...used].sort((a, b) => a - b);
    if (cols.length < 2) return;
    const isTimeColumn = (col: number) => {
      let times = 0;
      for (const [, cells] of body) {
        const c = cells.get(col);
        if (!textOf(c).length) continue;
        const t = single(c);
        if (t === undefined || !timeIn(t)) return false;
        times++;
      }
      return times > 0;
    };
    if (cols.length >= 3 && isTimeColumn(cols[0])) [timeCol, speakerCol, textCol] = cols;
    else if (cols.length >= 3 && isTimeColumn(cols[1])) [speakerCol, timeCol, textCol] = cols;
    else [speakerCol, textCol] = cols;
  }

  // ---- rows ----
  type Kind = { kind: 'turn'; label: NonNullable<ReturnType<typeof labelIn>>; p: number; known: boolean } | { kind: 'continue' } | { kind: 'other' };
  const classified: ({ row: number; cells: Row } & Kind)[] = [];
  let withText = 0;
  let turnRows = 0;
  let speakerRows = 0;
  let afterTurn = false;
  const labelRows = new Map<string, number>();
  for (const [row, cells] of body) {
    if (![...cells.values()].some((c) => c.full.length)) continue;
    withText++;
    const speaker = cells.get(speakerCol!);
    const hasSaid = textOf(cells.get(textCol!)).length > 0;
    const said = textOf(speaker);
    let kind: Kind = { kind: 'other' };
    if (hasSaid && said.length === 1) {
      const label = labelIn(P[said[0]].text);
      if (label) {
        const known = resolveSpeaker(label.label, rules) !== null;
        kind = { kind: 'turn', label, p: said[0], known };
        if (known) {
          speakerRows++;
          const key = label.label.toLowerCase().replace(/\s+/g, ' ');
          labelRows.set(key, (labelRows.get(key) ?? 0) + 1);
        }
      }
    } else if (hasSaid && said.length === 0 && afterTurn) kind = { kind: 'continue' };
    if (kind.kind === 'turn') afterTurn = true;
    if ((kind.kind === 'turn' && kind.known) || kind.kind === 'continue') turnRows++;
    classified.push({ row, cells, ...kind });
  }
  const recurring = [...labelRows.values()].some((n) => n >= 2);
  if (speakerRows === 0 || turnRows < TURN_SHARE * withText || (!header && !recurring)) return;

  // ---- a turn table: its turns ----
  out.tables++;
  if (header) for (const c of header.values()) for (const p of c.paras) out.header.add(p);
  let last: string | undefined;
  for (const r of classified) {
    if (r.kind === 'other') continue;
    const text = r.cells.get(textCol!)!;
    const turn: Turn = { at: -1, label: '', text: [...text.paras], continues: r.kind === 'continue', table, row: r.row };
    if (r.kind === 'turn') {
      turn.label = r.label.label;
      turn.labelAt = { paragraph: r.p, start: r.label.start, end: r.label.end };
      last = turn.label;
    } else turn.label = last!;
    const timeCell = timeCol === undefined ? undefined : r.cells.get(timeCol);
    const timeParas = textOf(timeCell);
    if (timeParas.length) {
      const t = timeParas.length === 1 ? timeIn(P[timeParas[0]].text) : null;
      if (t) turn.time = { paragraph: timeParas[0], ...t };
      else {
        out.issues.push({
          severity: 'warning', file, line: timeParas[0] + 1, code: 'turn-table-time',
          message: `the time column of table ${table} holds "${excerptForMessage(timeParas.map((p) => P[p].text).join(' '))}" in row ${r.row}, which is not a timestamp; that turn has no time and the cell is read as a paragraph of its own`,
          hint: 'write the time as 00:12:31, 12:31 or [00:12:31], or leave the cell empty',
        });
      }
    }
    const index = out.turns.length;
    const mine = [...turn.text];
    if (turn.labelAt) mine.push(turn.labelAt.paragraph);
    if (turn.time) mine.push(turn.time.paragraph);
    turn.at = Math.min(...mine);
    for (const p of mine) out.turnOf.set(p, index);
    out.turns.push(turn);
  }
}
