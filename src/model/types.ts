/**
 * Canonical records of hefboom (DESIGN.md §3). Every reader produces these shapes and every analysis
 * consumes them; nothing else in the code base defines them again.
 */

/** Free-form attributes of a document or speaker (site, year, source_type, …). Values stay strings. */
export type Attributes = Record<string, string>;

/** A problem found while reading input (DESIGN.md §10). Readers collect these; they never throw. */
export interface InputIssue {
  severity: 'error' | 'warning';
  /** Path of the file as the user named it (relative to the project folder where possible). */
  file: string;
  /** 1-based line in the original file, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** CSV column name or YAML key, when known. */
  field?: string;
  /** What is wrong and what was expected. */
  message: string;
  /** How to fix it, when there is a useful suggestion. */
  hint?: string;
  /** Short machine-readable kind, stable for tests and JSON output (e.g. `unknown-code`). */
  code: string;
}

/** A speaker as written in the source and as resolved to a canonical role. */
export interface Speaker {
  /** The label as written (`Mentor 3`, `M3`, `Sofie`), or '' for a field note. */
  label: string;
  /** Canonical role id (`mentor`, `cursist`, … or `onbekend`). */
  role: string;
  /** The speaker's number when the label carries one (`Mentor 3` → 3). */
  number?: number;
  /** A name from the `speakers:` map, when the label was a name. */
  name?: string;
}

/** One coding of an excerpt (or a span of it) with one code by one coder. */
export interface Coding {
  /** A codebook code id, or a framework node reference `fw:<framework>:<node>` for direct tags
   *  (`#L3` → `fw:levers:L3`, `#memoq:welbevinden` → `fw:memoq:welbevinden`). */
  codeId: string;
  coder: string;
  /** Coded span in code points into Document.text; the whole excerpt for native tags. */
  start: number;
  end: number;
  memo?: string;
  /** The coded reference this piece belongs to (a REFI coding guid). A span that crosses paragraphs
   *  is one Coding per paragraph with the same ref; `--unit codings` counts each ref once. */
  ref?: string;
  /** The whole coded reference, when this piece is only the part of it inside one paragraph. */
  refSpan?: { start: number; end: number };
}

/** A paragraph of a document: the unit of counting (DESIGN.md §3, §9). */
export interface Excerpt {
  /** Stable id: `<documentId>/p<ordinal>` (ordinal 1-based among the document's excerpts). */
  id: string;
  documentId: string;
  ordinal: number;
  /** Paragraph text as analysed (tags removed). May be omitted by lean readers (benchmarks). */
  text: string;
  /** Code point offsets into Document.text. */
  start: number;
  end: number;
  /** 1-based line of the paragraph's first line in the original file (or CSV row number). */
  line: number;
  /**
   * Transcripts: the file line of each line of `text`, only when they do not simply follow `line`
   * (a line of only tags inside the paragraph is not part of the text).
   */
  lines?: number[];
  /** Start/end in seconds for timestamped and subtitle sources. */
  time?: { start: number; end?: number };
  speaker: Speaker;
  /** The document's attributes plus speaker attributes plus `section` from headings. */
  attributes: Attributes;
  codings: Coding[];
}

/** One document as one coder coded it. */
export interface Document {
  id: string;
  /** Path of the source file, relative to the project folder (or as given for ad-hoc files). */
  path: string;
  format: SourceFormat;
  coder: string;
  attributes: Attributes;
  /** Body as analysed: front matter and tags removed, BOM stripped. Offsets index this text. */
  text: string;
  lineEnding: 'lf' | 'crlf' | 'none';
  excerpts: Excerpt[];
  /** Whether text equality across coders is meaningful (false for segment rows without offsets). */
  hasFullText: boolean;
}

export type SourceFormat =
  | 'transcript'
  | 'segments'
  | 'qdpx'
  | 'qdc'
  | 'qualcoder-csv'
  | 'taguette-csv'
  | 'docx'
  | 'odt'
  | 'vtt'
  | 'srt'
  /** Open answers of a survey (`surveys:`), read as excerpts with source type open-antwoord. */
  | 'survey'
  /** Written feedback of stage evaluations (`stage:`), coded sterkte / groeikans. */
  | 'stage';

/** What a reader returns. */
export interface ReadResult {
  documents: Document[];
  issues: InputIssue[];
  /** Units read and skipped, for provenance (`excerpts: 120`, `rows-skipped: 2`). */
  counts: Record<string, number>;
}

/** A node of a framework (a lever, a tip, a MeMoQ dimension, a user category). */
export interface FrameworkNode {
  id: string;
  label: { nl: string; en: string };
  description?: { nl?: string; en?: string };
  /** Kind of node, e.g. `lever`, `tip`, `dimension`. */
  kind?: string;
  children: FrameworkNode[];
}

export interface Framework {
  id: string;
  label: { nl: string; en: string };
  description?: { nl?: string; en?: string };
  /** Top-level nodes. Counting (`--by lever`) uses top-level nodes; children roll up to them. */
  nodes: FrameworkNode[];
  /** Where it came from: `builtin` or a file path. */
  origin: string;
}

export interface Code {
  id: string;
  label: string;
  description?: string;
  parent?: string;
  /** framework id → node ids. `levers:` and `memoq:` in YAML land here as `levers` and `memoq`. */
  frameworks: Record<string, string[]>;
  facet?: string;
  /** Display colour `#rrggbb` (kept from QDA programs, used in reports). */
  color?: string;
  keywords: string[];
  aliases: string[];
  /** Line in the codebook file, for messages. */
  line?: number;
}

export interface Codebook {
  /** Codes in file order. */
  codes: Code[];
  path?: string;
  version?: string;
}

/** A source entry of the project file (DESIGN.md §5), after validation. */
export interface SourceEntry {
  path: string;
  format: SourceFormat;
  coder?: string;
  encoding?: string;
  attributes: Attributes;
  default_role?: string;
  quote_labels?: boolean;
  speaker_labels?: 'roles' | 'any';
  /** Segment tables. */
  delimiter?: string;
  columns?: SegmentColumns;
  code_separator?: string;
  /** Folder of document text files (`<document>.txt`) that segment offsets point into. */
  texts?: string;
  /** File name → document id. */
  documents?: Record<string, string>;
  /** Subtitle sources: consecutive cues of one speaker at most this many seconds apart are one excerpt. */
  merge_gap_seconds?: number;
  /** Word-processor sources: headings become the attribute `section` (default) or are ignored. */
  headings?: 'section' | 'ignore';
  /** QDA projects: read sources linked outside the archive (`relative://`, `absolute://`). */
  external_sources?: boolean;
  /** Line in hefboom.yaml, for messages. */
  line?: number;
}

export interface SegmentColumns {
  text?: string;
  codes: string;
  document?: string;
  speaker?: string;
  coder?: string;
  start?: string;
  end?: string;
  /** A memo or comment on the coding (kept with each coding). */
  memo?: string;
  attributes: string[];
}

/** Result of resolving a code tag or code name against the codebook and frameworks. */
export type TagResolution =
  | { ok: true; codeId: string }
  | { ok: false; message: string; suggestions: string[] };
