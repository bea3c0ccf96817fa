/**
 * WebVTT and SubRip readers (`format: vtt` and `format: srt`, DESIGN.md §5): transcripts from
 * automatic transcription services, read as cues with times and speakers and merged into excerpts.
 *
 * Rules this reader applies where the formats leave room for a choice:
 * - **WebVTT** (W3C): the first line is `WEBVTT`, alone or followed by a space or tab and any text
 *   (a BOM before it is fine). Header lines up to the first blank line are ignored (`Kind:`,
 *   `Language:`). Blocks are separated by blank lines; `NOTE`, `STYLE` and `REGION` blocks are
 *   skipped. A cue is an optional identifier line, a timing line `hh:mm:ss.ttt --> hh:mm:ss.ttt`
 *   (hours optional and of any length; 1–3 fraction digits), optional cue settings after the end time
 *   (`align:start position:10%`, ignored), then its payload lines. Markup is removed: `<v Name>` and
 *   `<v.class Name>` give the speaker, every other tag (`<c.x>`, `<i>`, `<b>`, `<u>`, `<ruby>`, `<rt>`,
 *   `<lang nl>`, inline times `<00:00:01.000>`, closing tags) is dropped and its content kept; a `<`
 *   without a `>` on its line stays as text. `&amp; &lt; &gt; &quot; &apos; &nbsp; &lrm; &rlm;` and
 *   numeric references are decoded; other `&…;` stay as written.
 * - **SubRip**: blocks of an index line, a timing line `hh:mm:ss,mmm --> hh:mm:ss,mmm` (a `.` is
 *   accepted too; hours optional; anything after the end time, such as `X1:…` coordinates, ignored)
 *   and text lines. `<i> <b> <u> <s> <font …>` and their closing tags and `{\an8}`-style positioning
 *   codes are removed; other text is kept as written. A missing or non-numeric index, and an index
 *   that does not follow the previous one, are warnings (one per kind and file); the cue is read.
 * - **Both**: LF, CRLF and CR line endings. A line holding `-->` inside a cue's text starts a new cue
 *   (a missing blank line); in SubRip the number on the line before it is then that cue's index.
 *   A block with no `-->` whose first or second line starts like a time (`00:01.000 -> …`) is a
 *   malformed timing: an error naming its line; the cue is skipped and counted. Any other block
 *   without a timing line is not a cue: a warning, its text is not read. A cue whose end is before
 *   its start is read with end = start (warning); a cue that starts before the previous cue is read
 *   in file order (warning) and never merges with the cue before it. A cue without text is skipped.
 *   Repeated warnings come once per kind and file, with the count; more than 20 malformed timings
 *   are listed as 20 errors and one that counts the rest.
 * - **Lines of a cue** are joined with a single space (subtitle lines are wrapped for the screen, not
 *   by meaning); white space at either end of an excerpt is dropped.
 * - **Speakers**. In WebVTT a voice span gives the speaker; a cue with several voices is split into
 *   one piece per voice, in order (text after a `</v>` is a piece without a voice). A voice name is
 *   resolved like a native label (`resolveSpeaker`: roles, synonyms, numbers, `speakers:`, and
 *   `speaker_labels: any`); a name that is not accepted is still that cue's speaker, with role
 *   `onbekend` and an `unknown-speaker-label` warning, because a voice span is explicitly a speaker.
 *   Text without a voice (all SubRip text) may start with a label as in the native format: `Name:`
 *   with the native label rules, optionally after a dialogue dash (`- `, `– `, `— `) or `>>`, or
 *   `[Name]` / `[Name]:` — the bracket form only for a known role, synonym or named speaker (never via
 *   `speaker_labels: any`), since brackets usually hold sounds (`[lacht]`). An unaccepted label that
 *   looks like one gives the native `unknown-speaker-label` warning and stays in the text. A later
 *   line of a cue that starts with an accepted label starts a new piece (`- Mentor 1: …` /
 *   `- Cursist 2: …` in one cue). The dash or `>>` is removed only together with an accepted label.
 * - **Unlabelled cues continue the previous speaker** when they start within the merge gap of the
 *   previous cue's end. Unlike a transcript's paragraphs, cues are cut by time and length (about two
 *   lines, a few seconds), not by turns: one turn spans several cues, and services write the label
 *   only on the first cue of a turn. A gap larger than the merge gap ends the chain; an unlabelled cue
 *   after it is a field note (role from `default_role`, else `onbekend`).
 * - **Merging**: consecutive pieces of one speaker (same named speaker, or same role and number, or
 *   else the same label) whose gap — next start minus previous end — is at most `mergeGapSeconds`
 *   (default 2) become one excerpt; unlabelled pieces within the gap join the excerpt before them.
 *   `0` merges only cues that touch or overlap; a negative value never merges (every piece is its own
 *   excerpt, and unlabelled cues are then field notes). Pieces of one cue are always within the gap.
 *   An excerpt's text is its pieces' texts joined with a space; `time` is the first cue's start and
 *   the latest end; `line` is the line of the first cue's timing line.
 * - **Code tags** follow the native rules exactly: each piece's text (after its label) is run through
 *   `parseTranscript` as one paragraph, so tag syntax, removal, `\#` and the unknown-code errors are
 *   the native reader's; lines and columns of its issues are mapped back to this file. A tag codes
 *   the whole excerpt its piece ends up in. A piece that holds only tags is no excerpt; its tags code
 *   the piece before it (`tags-without-text` warning), as in the native format.
 * - **Document.text** is the excerpts as native paragraphs, `Label: text` (or only the text for a
 *   field note), separated by a blank line, so an export shows who speaks; offsets index this text in
 *   code points and `[...text].slice(x.start, x.end).join('') === x.text` holds.
 */
import { readFile } from 'node:fs/promises';
import type { Attributes, Coding, Document, Excerpt, InputIssue, Speaker } from '../model/types.js';
import { resolveSpeaker, UNKNOWN_ROLE, type RoleTable, type SpeakerRules } from '../model/roles.js';
import { excerptForMessage, fold } from '../model/issues.js';
import { decodeBytes } from './decode.js';
import { parseTranscript, type TranscriptOptions, type TranscriptResult } from './transcript.js';
import { LABEL_BODY, LABEL_RE, looksLikeLabel, wordCount } from './transcript-syntax.js';

export type SubtitleFormat = 'vtt' | 'srt';

export interface SubtitleOptions
  extends Pick<TranscriptOptions, 'file' | 'documentId' | 'coder' | 'encoding' | 'attributes' | 'defaultRole' | 'speakerRules' | 'resolveTag'> {
  format: SubtitleFormat;
  /** Consecutive cues of one speaker whose gap is ≤ this many seconds become one excerpt (default 2). */
  mergeGapSeconds?: number;
}

export const DEFAULT_MERGE_GAP_SECONDS = 2;

export interface SubtitleResult extends TranscriptResult {
  /** Cues read (with a valid timing), cues skipped for a malformed timing, excerpts made. */
  counts: { cues: number; cuesSkipped: number; excerpts: number };
}

/** Read a subtitle file. A file that cannot be read is an error issue, never an exception. */
export async function readSubtitles(absPath: string, opts: SubtitleOptions): Promise<SubtitleResult> {
  let buf: Uint8Array;
  try {
    buf = await readFile(absPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${(e as Error).message})`;
    return {
      document: null,
      issues: [{ severity: 'error', file: opts.file, code: 'unreadable-file', message: `subtitle file "${opts.file}" ${why}`, hint: 'check the path or glob of this source in hefboom.yaml' }],
      counts: { cues: 0, cuesSkipped: 0, excerpts: 0 },
    };
  }
  return parseSubtitles(buf, opts);
}

// ---------------------------------------------------------------------------------------------
// Patterns

const LINE_SPLIT = /\r\n|\r|\n/;
const VTT_HEADER = /^WEBVTT(?:[ \t]|$)/;
const SKIPPED_BLOCK = /^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/;
/** A line that starts like a cue time (`00:01.000`, `0:00:01,5`): a timing line gone wrong. */
const TIMING_LIKE = /^[ \t]*(?:\d+:)?\d{1,2}:\d{2}[.,]\d/;
const SRT_TIMING_LINE = /^[ \t]*\d+:\d{2}:\d{2},\d{1,3}[ \t]*-->/m;
const TIMESTAMP = /^(?:(\d+):)?(\d{2}):(\d{2})([.,])(\d{1,3})$/;
const DIGITS = /^[ \t]*\d+[ \t]*$/;
const SRT_TAG = /<\/?(?:i|b|u|s|font)(?:[ \t][^>]*)?>/iy;
const SRT_POSITION = /\{\\[^}]*\}/y;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,6}));/y;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f' };
const VOICE_TAG = /^v(?:\.[^ \t]*)?[ \t]+([^]*)$/;

// `[Name]`, a form transcription services write (LABEL_BODY: the native label shape).
const BRACKET_LABEL_RE = new RegExp(String.raw`\[[ \t]*(${LABEL_BODY})[ \t]*\]:?`, 'uy');

/** The label every piece gets in the text handed to parseTranscript, and rules that accept only it. */
const SENTINEL = 'X';
const NO_ROLES: RoleTable = { roles: [], resolve: () => null, isRole: () => false, label: (id) => id };
const SENTINEL_RULES: SpeakerRules = { roles: NO_ROLES, speakers: { [SENTINEL]: UNKNOWN_ROLE }, anyLabel: false };

const MAX_TIMING_ERRORS = 20;

// ---------------------------------------------------------------------------------------------
// Small helpers

function blank(s: string): boolean {
  return s.trim() === '';
}

function cpLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}

/** Code unit offset of the `cp`-th code point of s. */
function unitOffset(s: string, cp: number): number {
  let i = 0;
  for (let k = 0; k < cp && i < s.length; k++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
  }
  return i;
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Seconds (with milliseconds) from a cue timestamp, or a reason why it is not one. */
function parseTimestamp(s: string, format: SubtitleFormat): number | string {
  const shape = format === 'vtt' ? 'hh:mm:ss.ttt (hours optional)' : 'hh:mm:ss,mmm';
  const m = TIMESTAMP.exec(s);
  if (!m) return `"${excerptForMessage(s, 24)}" is not a time of the form ${shape}`;
  if (format === 'vtt' && m[4] === ',') return `"${excerptForMessage(s, 24)}" has a comma before the milliseconds; WebVTT writes a dot (00:01:02.500)`;
  const min = Number(m[2]);
  const sec = Number(m[3]);
  if (min > 59 || sec > 59) return `"${excerptForMessage(s, 24)}" has ${min > 59 ? 'minutes' : 'seconds'} above 59`;
  const ms = Number(m[5].padEnd(3, '0'));
  return (Number(m[1] ?? 0) * 3_600_000 + min * 60_000 + sec * 1000 + ms) / 1000;
}

/** Start and end of a timing line, or the reason it is malformed. */
function parseTiming(line: string, format: SubtitleFormat): { start: number; end: number } | { reason: string } {
  const arrow = line.indexOf('-->');
  if (arrow < 0) return { reason: 'there is no "-->" between the start and the end time' };
  const left = line.slice(0, arrow).trim();
  const endToken = /^[ \t]*(\S*)/.exec(line.slice(arrow + 3))![1];
  if (!left) return { reason: 'the start time before "-->" is missing' };
  if (!endToken) return { reason: 'the end time after "-->" is missing' };
  const start = parseTimestamp(left, format);
  if (typeof start === 'string') return { reason: `the start time ${start}` };
  const end = parseTimestamp(endToken, format);
  if (typeof end === 'string') return { reason: `the end time ${end}` };
  return { start, end };
}

// ---------------------------------------------------------------------------------------------
// Payload markup

type Item =
  | { kind: 'text'; text: string; col: number }
  | { kind: 'voice'; name: string }
  | { kind: 'end-voice' };

/** A payload line of a WebVTT cue as text pieces (with their columns) and voice boundaries. */
function vttItems(raw: string): Item[] {
  const items: Item[] = [];
  let from = 0;
  const flush = (to: number) => {
    if (to > from) items.push({ kind: 'text', text: raw.slice(from, to), col: from });
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 60 /* < */) {
      const close = raw.indexOf('>', i + 1);
      if (close < 0) continue; // a `<` without a `>` stays text
      flush(i);
      const tag = raw.slice(i + 1, close);
      const voice = VOICE_TAG.exec(tag);
      if (voice && voice[1].trim()) items.push({ kind: 'voice', name: voice[1].trim() });
      else if (tag === '/v') items.push({ kind: 'end-voice' });
      i = close;
      from = close + 1;
    } else if (c === 38 /* & */) {
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(raw);
      if (!m) continue;
      let ch: string | undefined;
      if (m[3] !== undefined) ch = NAMED_ENTITIES[m[3]];
      else {
        const cp = m[1] !== undefined ? Number(m[1]) : parseInt(m[2], 16);
        if (cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) ch = String.fromCodePoint(cp);
      }
      if (ch === undefined) continue; // unknown or invalid references stay as written
      flush(i);
      items.push({ kind: 'text', text: ch, col: i });
      i = ENTITY.lastIndex - 1;
      from = ENTITY.lastIndex;
    }
  }
  flush(raw.length);
  return items;
}

/** A SubRip text line without its formatting tags and positioning codes. */
function srtItems(raw: string): Item[] {
  const items: Item[] = [];
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c !== 60 /* < */ && c !== 123 /* { */) continue;
    const re = c === 60 ? SRT_TAG : SRT_POSITION;
    re.lastIndex = i;
    if (!re.test(raw)) continue;
    if (i > from) items.push({ kind: 'text', text: raw.slice(from, i), col: from });
    from = re.lastIndex;
    i = from - 1;
  }
  if (raw.length > from) items.push({ kind: 'text', text: raw.slice(from), col: from });
  return items;
}

// ---------------------------------------------------------------------------------------------
// Cues and pieces

interface Cue {
  /** Line of the timing line. */
  line: number;
  start: number;
  end: number;
  /** Starts at or after the previous cue's start. */
  inOrder: boolean;
  payload: { line: number; text: string }[];
}

/** A run of a cue's text with one speaker: a voice span, or text up to a voice or a labelled line. */
interface Piece {
  cue: Cue;
  voice?: string;
  /** Text with markup removed, lines joined with a space. */
  text: string;
  /** Triples (offset in text, file line, code unit column in that line) where copied runs start. */
  runs: number[];
  /** File line of the piece's first text. */
  line: number;
  /** Where the content starts in `text` (after white space and a label) and ends. */
  bodyStart: number;
  bodyEnd: number;
  speaker: Speaker | null;
  /** Filled from parseTranscript: the text with tags removed, and the code ids of its tags. */
  clean?: string;
  codeIds: string[];
}

/** Parse a WebVTT or SubRip transcript from text or bytes. Never throws on bad input. */
export function parseSubtitles(input: string | Uint8Array, opts: SubtitleOptions): SubtitleResult {
  const file = opts.file;
  const format = opts.format;
  const issues: InputIssue[] = [];
  const counts = { cues: 0, cuesSkipped: 0, excerpts: 0 };
  let text: string;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    const d = decodeBytes(input, opts.encoding, file);
    if (d.issues.some((i) => i.severity === 'error')) return { document: null, issues: d.issues, counts };
    issues.push(...d.issues);
    text = d.text;
  }
  const rules = opts.speakerRules;
  const documentId = opts.documentId ?? baseName(file);
  const attributes: Attributes = { ...(opts.attributes ?? {}) };
  const defaultRoleRaw = opts.defaultRole ?? UNKNOWN_ROLE;
  const defaultRole = rules.roles.resolve(defaultRoleRaw)?.role ?? defaultRoleRaw;
  const noExcerpts = (why: string): SubtitleResult => {
    issues.push({ severity: 'warning', file, line: 1, code: 'empty-transcript', message: `subtitle file "${file}" ${why}`, hint: 'check that the file holds the cues of the transcript' });
    return { document: makeDocument(documentId, file, format, opts.coder, attributes, '', []), issues, counts };
  };

  if (blank(text)) return noExcerpts('is empty');
  const lines = text.split(LINE_SPLIT);
  const isVtt = VTT_HEADER.test(lines[0]);
  if (format === 'vtt' && !isVtt) {
    const srtLike = SRT_TIMING_LINE.test(text);
    issues.push({
      severity: 'error',
      file,
      line: 1,
      code: 'not-webvtt',
      message: `"${file}" is not a WebVTT file: its first line is "${excerptForMessage(lines[0], 30)}", not WEBVTT`,
      hint: srtLike
        ? 'its timings look like SubRip (00:00:01,000): set `format: srt` on its source entry, or rename it to .srt'
        : 'a WebVTT file starts with the line WEBVTT; add it, or set the `format:` of this source to what the file is',
    });
    return { document: null, issues, counts };
  }
  if (format === 'srt' && isVtt) {
    issues.push({ severity: 'error', file, line: 1, code: 'wrong-subtitle-format', message: `"${file}" starts with WEBVTT: it is a WebVTT file, not SubRip`, hint: 'set `format: vtt` on its source entry, or rename it to .vtt' });
    return { document: null, issues, counts };
  }

  // ---- warnings that repeat: one per kind (and label) and file, with a count ----
  const repeated = new Map<string, { issue: InputIssue; count: number }>();
  const warnOnce = (key: string, issue: Omit<InputIssue, 'severity' | 'file'>) => {
    const seen = repeated.get(key);
    if (seen) { seen.count++; return; }
    const full: InputIssue = { severity: 'warning', file, ...issue };
    issues.push(full);
    repeated.set(key, { issue: full, count: 1 });
  };

  const cues = readCues(lines, format, file, issues, warnOnce, counts);
  const pieces = splitPieces(cues, format, rules);

  // ---- speakers ----
  const speakerCache = new Map<string, Speaker | null>();
  const speakerOf = (label: string): Speaker | null => {
    let sp = speakerCache.get(label);
    if (sp === undefined) {
      sp = resolveSpeaker(label, rules);
      speakerCache.set(label, sp);
    }
    return sp ? { ...sp } : null;
  };
  const unknownHint = (label: string) => `add it to \`speakers:\` in hefboom.yaml (e.g. \`speakers: {${excerptForMessage(label)}: onderzoeker}\`) or as a synonym in roles.yaml, or set \`speaker_labels: any\` on the source entry`;
  const kept: Piece[] = [];
  for (const p of pieces) {
    let s = p.bodyStart;
    while (s < p.bodyEnd && /\s/.test(p.text[s])) s++;
    p.bodyStart = s;
    if (p.voice !== undefined) {
      p.speaker = speakerOf(p.voice);
      if (!p.speaker) {
        p.speaker = { label: p.voice, role: UNKNOWN_ROLE };
        warnOnce(`voice:${p.voice}`, {
          line: p.line,
          code: 'unknown-speaker-label',
          message: `voice "<v ${excerptForMessage(p.voice)}>" is not a known role or speaker; its cues are kept with role ${UNKNOWN_ROLE}`,
          hint: unknownHint(p.voice),
        });
      }
    } else {
      const m = matchLabel(p.text, p.bodyStart, p.bodyEnd);
      if (m) {
        const sp = m.bracket ? resolveSpeaker(m.label, { ...rules, anyLabel: false }) : speakerOf(m.label);
        if (sp) {
          p.speaker = sp;
          s = m.after;
          while (s < p.bodyEnd && /\s/.test(p.text[s])) s++;
          p.bodyStart = s;
        } else if (!m.bracket && looksLikeLabel(m.label)) {
          warnOnce(`label:${m.label}`, {
            line: p.line,
            code: 'unknown-speaker-label',
            message: `"${excerptForMessage(m.label)}:" looks like a speaker label but is not a known role or speaker; it stays in the cue text, and the cue is read as a cue without a label`,
            hint: unknownHint(m.label),
          });
        }
      }
    }
    if (p.bodyStart >= p.bodyEnd) {
      if (p.speaker) {
        issues.push({ severity: 'warning', file, line: p.line, code: 'empty-turn', message: `the turn of "${excerptForMessage(p.speaker.label)}" at line ${p.line} has no text; it is not counted as an excerpt`, hint: 'fill in what was said (e.g. `[onverstaanbaar]`) or remove the label' });
      }
      continue;
    }
    kept.push(p);
  }

  cleanTags(kept, lines, file, opts, issues);

  // ---- merging ----
  const gap = opts.mergeGapSeconds !== undefined && Number.isFinite(opts.mergeGapSeconds) ? opts.mergeGapSeconds : DEFAULT_MERGE_GAP_SECONDS;
  interface Group { speaker: Speaker | null; key: string; pieces: Piece[]; lastCue: Cue; start: number; end: number }
  const groups: Group[] = [];
  for (const p of kept) {
    if (p.clean === undefined) continue; // only tags: they went to the piece before it
    const g = groups[groups.length - 1];
    const cue = p.cue;
    const near = g !== undefined && gap >= 0 && (cue === g.lastCue || (cue.inOrder && cue.start - g.end <= gap));
    const key = p.speaker ? speakerKey(p.speaker) : '';
    if (near && (!p.speaker || (g.speaker !== null && g.key === key))) {
      g.pieces.push(p);
      g.lastCue = cue;
      if (cue.end > g.end) g.end = cue.end;
    } else {
      groups.push({ speaker: p.speaker, key, pieces: [p], lastCue: cue, start: cue.start, end: cue.end });
    }
  }

  // ---- the document ----
  const parts: string[] = [];
  let cp = 0;
  let units = 0;
  const unitSpans: number[] = [];
  const excerpts: Excerpt[] = [];
  for (const g of groups) {
    if (parts.length) { parts.push('\n\n'); cp += 2; units += 2; }
    const prefix = g.speaker ? `${g.speaker.label}: ` : '';
    const body = g.pieces.map((p) => p.clean).join(' ');
    const start = cp + cpLength(prefix);
    const end = start + cpLength(body);
    parts.push(prefix, body);
    cp = end;
    unitSpans.push(units + prefix.length, units + prefix.length + body.length);
    units += prefix.length + body.length;
    const ids: string[] = [];
    for (const p of g.pieces) for (const id of p.codeIds) if (!ids.includes(id)) ids.push(id);
    const codings: Coding[] = ids.map((codeId) => ({ codeId, coder: opts.coder, start, end }));
    const ordinal = excerpts.length + 1;
    excerpts.push({
      id: `${documentId}/p${ordinal}`,
      documentId,
      ordinal,
      text: '',
      start,
      end,
      line: g.pieces[0].cue.line,
      time: { start: g.start, end: g.end },
      speaker: g.speaker ? { ...g.speaker } : { label: '', role: defaultRole },
      attributes: { ...attributes },
      codings,
    });
  }
  counts.excerpts = excerpts.length;

  for (const { issue, count } of repeated.values()) {
    if (count > 1) issue.message += ` (${count} cues in this file)`;
  }
  if (excerpts.length === 0) return noExcerpts(counts.cues ? 'has no cue with text to analyse' : 'has no cues');
  // Excerpt texts are slices of the document text, which outlives them, rather than of the synthetic
  // text handed to the native reader, which would otherwise stay in memory with them.
  const docText = parts.join('');
  for (let k = 0; k < excerpts.length; k++) excerpts[k].text = docText.slice(unitSpans[2 * k], unitSpans[2 * k + 1]);
  return { document: makeDocument(documentId, file, format, opts.coder, attributes, docText, excerpts), issues, counts };
}

function makeDocument(id: string, file: string, format: SubtitleFormat, coder: string, attributes: Attributes, text: string, excerpts: Excerpt[]): Document {
  return { id, path: file, format, coder, attributes, text, lineEnding: text.includes('\n') ? 'lf' : 'none', excerpts, hasFullText: true };
}

/** Same speaker for merging: the same named speaker, else the same role and number, else the same label. */
function speakerKey(s: Speaker): string {
  if (s.name !== undefined) return `name:${fold(s.name)}`;
  if (s.number !== undefined) return `role:${s.role}:${s.number}`;
  return `label:${s.role}:${fold(s.label)}`;
}

/**
 * A speaker label at `from` in s: `Name:` (native rules) or `[Name]`, optionally after a dialogue
 * dash or `>>`. `after` is the offset just after the label's colon or bracket.
 */
function matchLabel(s: string, from: number, to: number): { label: string; after: number; bracket: boolean } | null {
  let i = from;
  const c = s[i];
  if ((c === '-' || c === '–' || c === '—') && (s[i + 1] === ' ' || s[i + 1] === '\t')) i += 2;
  else if (c === '>' && s[i + 1] === '>') i += 2;
  while (s[i] === ' ' || s[i] === '\t') i++;
  const head = s.slice(0, to);
  if (s[i] === '[') {
    BRACKET_LABEL_RE.lastIndex = i;
    const m = BRACKET_LABEL_RE.exec(head);
    return m ? { label: m[1].trim(), after: BRACKET_LABEL_RE.lastIndex, bracket: true } : null;
  }
  LABEL_RE.lastIndex = i;
  const m = LABEL_RE.exec(head);
  if (!m || wordCount(m[1]) > 4) return null;
  return { label: m[1].trim(), after: LABEL_RE.lastIndex, bracket: false };
}

/** Walk the lines: header, blocks, timing lines, payloads. Timing problems become issues here. */
function readCues(
  lines: string[],
  format: SubtitleFormat,
  file: string,
  issues: InputIssue[],
  warnOnce: (key: string, issue: Omit<InputIssue, 'severity' | 'file'>) => void,
  counts: SubtitleResult['counts'],
): Cue[] {
  const cues: Cue[] = [];
  const n = lines.length;
  let timingErrors = 0;
  const skipBlock = (i: number) => {
    while (i < n && !blank(lines[i])) i++;
    return i;
  };
  const malformed = (line: number, reason: string, raw: string) => {
    counts.cuesSkipped++;
    if (++timingErrors > MAX_TIMING_ERRORS) return;
    const expected = format === 'vtt' ? '00:01:02.500 --> 00:01:04.000 (hours optional)' : '00:01:02,500 --> 00:01:04,000';
    issues.push({
      severity: 'error',
      file,
      line,
      code: 'malformed-timing',
      message: `malformed cue timing at line ${line} ("${excerptForMessage(raw, 50)}"): ${reason}`,
      hint: `write the timing line as ${expected}; until then this cue is skipped`,
    });
  };

  let i = 0;
  if (format === 'vtt') {
    i = 1;
    // Header lines run to the first blank line; a timing line there (a missing blank line) ends them.
    while (i < n && !blank(lines[i]) && !lines[i].includes('-->')) i++;
  }
  let prevStart = -Infinity;
  let prevIndex: number | undefined;
  /** SubRip: the index line taken from the end of the previous cue's text (a missing blank line). */
  let carriedIndex: number | undefined;
  while (i < n) {
    if (blank(lines[i])) { i++; continue; }
    const first = lines[i];
    if (format === 'vtt' && SKIPPED_BLOCK.test(first)) { i = skipBlock(i); continue; }
    let timingAt = -1;
    let indexAt = carriedIndex ?? -1;
    carriedIndex = undefined;
    if (first.includes('-->')) timingAt = i;
    else if (i + 1 < n && !blank(lines[i + 1]) && lines[i + 1].includes('-->')) {
      timingAt = i + 1;
      indexAt = i;
    }
    if (timingAt < 0) {
      const bad = [i, i + 1].find((k) => k < n && !blank(lines[k]) && TIMING_LIKE.test(lines[k]));
      if (bad !== undefined) {
        malformed(bad + 1, 'there is no "-->" between the start and the end time', lines[bad]);
        // Keep counting SubRip indices over the skipped cue, so the next one is not out of order.
        if (format === 'srt' && bad === i + 1 && DIGITS.test(first)) prevIndex = Number(first.trim());
      } else {
        warnOnce('not-a-cue', {
          line: i + 1,
          code: 'not-a-cue',
          message: `the text block at line ${i + 1} ("${excerptForMessage(first, 30)}") has no timing line, so it is not a cue and is not read`,
          hint: format === 'vtt'
            ? 'give it a timing line (00:01:02.500 --> 00:01:04.000), start it with NOTE if it is a comment, or remove it'
            : 'give it an index and a timing line (00:01:02,500 --> 00:01:04,000), or remove it',
        });
      }
      i = skipBlock(i);
      continue;
    }
    // The payload runs to a blank line, or to a line holding `-->` (the next cue, without a blank line).
    let j = timingAt + 1;
    while (j < n && !blank(lines[j]) && !lines[j].includes('-->')) j++;
    let payloadEnd = j;
    if (format === 'srt' && j < n && !blank(lines[j]) && payloadEnd - 1 > timingAt && DIGITS.test(lines[payloadEnd - 1])) {
      payloadEnd--;
      carriedIndex = payloadEnd;
    }
    if (format === 'srt') {
      const index = indexAt >= 0 && DIGITS.test(lines[indexAt]) ? Number(lines[indexAt].trim()) : undefined;
      if (index === undefined) {
        warnOnce('srt-index-missing', {
          line: timingAt + 1,
          code: 'srt-index-missing',
          message: indexAt >= 0
            ? `the cue at line ${timingAt + 1} has "${excerptForMessage(lines[indexAt], 20)}" as its index, not a number; the cue is read`
            : `the cue at line ${timingAt + 1} has no index number before its timing line; the cue is read`,
          hint: 'SubRip numbers every cue (1, 2, 3, …) on the line before its timing; renumber the file if another program needs it',
        });
      } else {
        if (prevIndex !== undefined && index !== prevIndex + 1) {
          warnOnce('srt-index-order', {
            line: indexAt + 1,
            code: 'srt-index-order',
            message: `cue number ${index} at line ${indexAt + 1} does not follow number ${prevIndex}; cues are read in file order`,
            hint: 'check that no cue is missing or doubled, and renumber the file if another program needs it',
          });
        }
        prevIndex = index;
      }
    }
    const t = parseTiming(lines[timingAt], format);
    if ('reason' in t) malformed(timingAt + 1, t.reason, lines[timingAt]);
    else {
      let end = t.end;
      if (end < t.start) {
        warnOnce('cue-end-before-start', {
          line: timingAt + 1,
          code: 'cue-end-before-start',
          message: `the cue at line ${timingAt + 1} ends before it starts ("${excerptForMessage(lines[timingAt], 50)}"); its end is taken to be its start`,
          hint: 'check the end time of the cue',
        });
        end = t.start;
      }
      const inOrder = t.start >= prevStart;
      prevStart = t.start;
      if (!inOrder) {
        warnOnce('cue-order', {
          line: timingAt + 1,
          code: 'cue-order',
          message: `the cue at line ${timingAt + 1} starts before the cue above it; cues are read in file order, and this one is not merged with the one above`,
          hint: 'check its times, or put the cues in time order',
        });
      }
      const payload: Cue['payload'] = [];
      for (let k = timingAt + 1; k < payloadEnd; k++) payload.push({ line: k + 1, text: lines[k] });
      cues.push({ line: timingAt + 1, start: t.start, end, inOrder, payload });
      counts.cues++;
    }
    i = j;
  }
  if (timingErrors > MAX_TIMING_ERRORS) {
    issues.push({ severity: 'error', file, code: 'malformed-timing', message: `${timingErrors - MAX_TIMING_ERRORS} more malformed cue timings in this file are not listed`, hint: 'fix the timings listed above first; the same mistake is probably repeated' });
  }
  return cues;
}

/** Split each cue's payload into pieces by voice spans and labelled lines; markup removed. */
function splitPieces(cues: Cue[], format: SubtitleFormat, rules: SpeakerRules): Piece[] {
  const pieces: Piece[] = [];
  for (const cue of cues) {
    let cur: Piece | null = null;
    const close = () => {
      if (cur && cur.text.length) {
        cur.bodyEnd = cur.text.trimEnd().length;
        pieces.push(cur);
      } else if (cur && cur.voice !== undefined) {
        pieces.push(cur); // an empty voice: an empty turn
      }
      cur = null;
    };
    const open = (voice: string | undefined, line: number): Piece => ({ cue, voice, text: '', runs: [], line, bodyStart: 0, bodyEnd: 0, speaker: null, codeIds: [] });
    for (const { line, text: raw } of cue.payload) {
      const items = format === 'vtt' ? vttItems(raw) : srtItems(raw);
      let lineStart = true;
      for (let k = 0; k < items.length; k++) {
        const it = items[k];
        if (it.kind === 'voice') { close(); cur = open(it.name, line); lineStart = false; continue; }
        if (it.kind === 'end-voice') { close(); lineStart = false; continue; }
        if (!cur) cur = open(undefined, line);
        else if (lineStart && cur.text.trim() && cur.voice === undefined && startsWithSpeaker(items, k, rules)) {
          close();
          cur = open(undefined, line);
        }
        const p: Piece = cur;
        if (lineStart && p.text.length && !/\s$/.test(p.text)) p.text += ' ';
        lineStart = false;
        if (!p.text.trim()) p.line = line;
        p.runs.push(p.text.length, line, it.col);
        p.text += it.text;
      }
    }
    close();
  }
  return pieces;
}

/** Whether the text of a line (items from k up to a voice boundary) starts with an accepted label. */
function startsWithSpeaker(items: Item[], k: number, rules: SpeakerRules): boolean {
  let s = '';
  for (let i = k; i < items.length; i++) {
    const it = items[i];
    if (it.kind !== 'text') break;
    s += it.text;
  }
  const from = s.length - s.trimStart().length;
  const m = matchLabel(s, from, s.length);
  return m !== null && resolveSpeaker(m.label, m.bracket ? { ...rules, anyLabel: false } : rules) !== null;
}

/**
 * Remove `#code` tags with the native reader: every piece becomes one paragraph `X: <text>` (the
 * sentinel label is the only one accepted, so nothing in the text is read as a label or timestamp).
 * Fills `clean` and `codeIds`, and maps the reader's issues back to lines and columns of this file.
 */
function cleanTags(pieces: Piece[], lines: string[], file: string, opts: SubtitleOptions, issues: InputIssue[]): void {
  if (!pieces.length) return;
  const synthLine = (p: Piece) => `${SENTINEL}: ${p.text.slice(p.bodyStart, p.bodyEnd)}`;
  const synth = pieces.map(synthLine).join('\n\n');
  const r = parseTranscript(synth, { file, coder: opts.coder, flavour: 'txt', documentId: 'subtitles', speakerRules: SENTINEL_RULES, resolveTag: opts.resolveTag });
  // Piece k is paragraph k of the synthetic text, on its line 2k + 1.
  const indexAt = (line: number | undefined) => Math.max(0, Math.min(pieces.length - 1, ((line ?? 1) - 1) >> 1));
  for (const x of r.document?.excerpts ?? []) {
    const p = pieces[indexAt(x.line)];
    p.clean = x.text;
    p.codeIds = x.codings.map((c) => c.codeId);
  }
  const prefix = SENTINEL.length + 2;
  for (const i of r.issues) {
    if (i.code === 'empty-transcript') continue;
    const k = indexAt(i.line);
    const p = pieces[k];
    if (i.code === 'unknown-code' && i.column !== undefined) {
      // Column (code points, 1-based) in `X: <body>` → offset in the piece's text → file line and column.
      const at = p.bodyStart + unitOffset(synthLine(p), i.column - 1) - prefix;
      let run = 0;
      while (run + 3 < p.runs.length && p.runs[run + 3] <= at) run += 3;
      const line = p.runs[run + 1];
      const unitCol = p.runs[run + 2] + (at - p.runs[run]);
      issues.push({ ...i, line, column: cpLength(lines[line - 1].slice(0, unitCol)) + 1 });
    } else if (i.code === 'tags-without-text') {
      let j = k - 1;
      while (j >= 0 && pieces[j].clean === undefined) j--;
      const prev = j >= 0 ? pieces[j] : undefined;
      issues.push({
        ...i,
        line: p.line,
        message: prev
          ? `the cue text at line ${p.line} holds only code tags; they were added to the cue above (line ${prev.line})`
          : `the cue text at line ${p.line} holds only code tags, and there is no cue above it, so they code nothing`,
        hint: 'put tags in the cue whose text they code',
      });
    } else {
      const { column: _column, ...rest } = i;
      issues.push({ ...rest, line: p.line });
    }
  }
}
