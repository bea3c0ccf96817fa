/**
 * What a word-processor transcript holds once its package is unpacked, before it becomes a
 * Document: the body's paragraphs in reading order and the comments anchored on them. The .docx
 * reader (docx.ts) and the .odt reader (odt.ts) both produce this; wordproc-document.ts turns it
 * into hefboom's canonical records (excerpts, speakers, `#code` tags, comment codings), so both
 * formats follow one set of rules.
 */

/** One paragraph of the body (tables and text boxes included, in reading order; footnotes excluded). */
export interface WordParagraph {
  /**
   * The paragraph's text as accepted: tracked insertions kept, tracked deletions dropped. Tabs stay
   * `\t`; a manual line break is `\n`. No other control characters.
   */
  text: string;
  /** Outline level 1–9 when the paragraph is a heading (style Heading N / Kop N / outline level); else undefined. */
  heading?: number;
  /**
   * Length in UTF-16 code units of the run of bold text the paragraph starts with (a speaker label
   * written in bold, as in `**Mentor 3**⇥tekst`); 0 when the paragraph does not start bold.
   */
  boldPrefix: number;
  /** Where the paragraph sits, for messages. */
  where: 'body' | 'table' | 'textbox';
  /**
   * A line Word generates (a table of contents, an index, a table of figures): not an excerpt, but
   * it keeps its place in the paragraph numbering.
   */
  generated?: true;
  /**
   * The table cell the paragraph is in, when its innermost container is a table cell (a paragraph
   * of a text box inside a cell has none; a cell of a table inside a text box has one). All numbers
   * are 1-based: `table` counts the document's tables in the order they start (a nested table is
   * a table of its own and its paragraphs carry the inner table's position), `row` counts the
   * table's rows, `column` is the grid column the cell starts in (a cell spanning two columns
   * takes two, so the next cell's column is two further on). `covered` marks a cell hidden by a
   * merge: a `w:vMerge` continuation in .docx, a `table:covered-table-cell` in .odt.
   */
  cell?: TableCell;
}

/** A paragraph's place in a table (see WordParagraph.cell). */
export interface TableCell {
  table: number;
  row: number;
  column: number;
  covered?: true;
}

/** A comment (Word) or annotation (ODF) and the text range it is anchored on. */
export interface WordComment {
  /** The id in the package (w:id, or the annotation's office:name), for messages. */
  id: string;
  author: string;
  /** Date as written in the package (ISO 8601), when present. */
  date?: string;
  /** The comment's own text, its paragraphs joined with `\n`. */
  text: string;
  /**
   * The commented text as ranges of paragraphs, in document order: `paragraph` indexes
   * WordContent.paragraphs; start/end are UTF-16 offsets into that paragraph's text (end exclusive).
   * A comment spanning three paragraphs has three ranges. Empty when the anchor could not be found.
   */
  ranges: { paragraph: number; start: number; end: number }[];
  /** Replies in the comment's thread (they become memos, not codings). */
  replies: { author: string; date?: string; text: string }[];
}

export interface WordContent {
  paragraphs: WordParagraph[];
  comments: WordComment[];
  /** Tracked changes found (insertions + deletions + moves); the text is read as if they were accepted. */
  trackedChanges: number;
  /** Footnotes and endnotes left out of the text. */
  notesSkipped: number;
}
