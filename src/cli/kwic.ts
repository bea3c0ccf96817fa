/** `hefboom kwic TERM`: every occurrence of a word or phrase in its context, with file:line provenance. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { scanCorpus } from '../io/corpus.js';
import { selects } from '../analysis/select.js';
import { formatTime } from '../analysis/quotes.js';
import { compareWords, compileKwicQuery, kwicHits, type KwicHit } from '../analysis/words.js';
import { tokenise } from '../analysis/tokenise.js';
import type { Table } from '../report/table.js';
import type { Attributes, Speaker } from '../model/types.js';
import { act, emit, globals, intOption, openProject, progress, say, stopOnIssues, UsageError, withOutput, EXIT_OK, version } from './common.js';
import { addSelectionOptions, selectionFrom, type SelectionFlags, selectionJson } from './selection.js';

interface KwicFlags extends SelectionFlags {
  width: string;
  stem?: boolean;
  exact?: boolean;
  sort: string;
  limit?: string;
  coder?: string;
  codebook?: string;
  format?: string;
  out?: string;
  csvDialect?: string;
}

const SORTS = ['doc', 'left', 'right'] as const;

interface Line extends KwicHit {
  file: string;
  line: number;
  time: number | null;
  document: string;
  excerpt: string;
  speaker: Speaker;
  attributes: Attributes;
  /** Document order, for stable sorting. */
  order: number;
}

export function registerKwic(program: Command): void {
  const cmd = program
    .command('kwic')
    .argument('<term>', 'a word, a phrase ("niet durven") or a pattern with * (begeleid*)')
    .option('-w, --width <n>', 'characters of context on each side', '40')
    .option('--stem', 'match every word with the same Dutch stem (begeleiding finds begeleidingen)')
    .option('--exact', 'match case and accents as written (default: ignore both)')
    .option('--sort <order>', 'doc (document order), left (by the words before) or right (by the words after)', 'doc')
    .option('--limit <n>', 'show at most N lines');
  addSelectionOptions(cmd);
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom kwic feedback
  hefboom kwic begeleiding --stem --width 60
  hefboom kwic "niet durven" --role cursist --format md
  hefboom kwic 'begeleid*' --sort right --format csv --out begeleid.csv
`);
  cmd.action(act(async (term: string, files: string[], flags: KwicFlags, c: Command) => {
    const g = globals(c);
    const width = intOption('--width', flags.width, 1) ?? 40;
    const limit = intOption('--limit', flags.limit, 1);
    const sort = flags.sort.toLowerCase() as (typeof SORTS)[number];
    if (!SORTS.includes(sort)) throw new UsageError(`unknown --sort "${flags.sort}"`, `use ${SORTS.join(', ')}`);
    if (flags.stem && flags.exact) throw new UsageError('--stem and --exact cannot be combined', 'stems ignore case and accents; use one of them');
    if (existsSync(term) && files.length && files.every((f) => f !== '-' && !existsSync(f))) {
      throw new UsageError(`"${files[0]}" is not a file, but the search term "${term}" is`, `the term comes first: hefboom kwic ${files[0]} ${term}`);
    }
    const query = compileKwicQuery(term, { stem: !!flags.stem, exact: !!flags.exact });
    if (!query) throw new UsageError(`the search term "${term}" holds no word`, 'give a word or phrase of letters or digits, e.g. hefboom kwic feedback');
    const ws = await openProject(g, { files, codebook: flags.codebook });
    const selection = selectionFrom(flags, ws);

    const p = await progress('searching', g);
    const scan = await scanCorpus(ws, (doc) => doc.excerpts
      .filter((x) => selects(x, doc, selection, ws.index))
      .flatMap((x) => kwicHits(x.text, query, width).map((h) => ({
        ...h,
        file: doc.path,
        // In a transcript a line break in the text is a line of the file; other sources give a row or paragraph.
        line: doc.format === 'transcript' ? (x.lines?.[h.lineOffset] ?? x.line + h.lineOffset) : x.line,
        // A timestamp marks the start of the paragraph; it is exact only for a match on its first line.
        time: x.time && h.lineOffset === 0 ? x.time.start : null,
        document: doc.id,
        excerpt: x.id,
        speaker: x.speaker,
        attributes: x.attributes,
        order: 0,
      }))), { coder: flags.coder, onProgress: p.update });
    p.stop();
    stopOnIssues([...ws.issues, ...scan.issues], g);
    let lines: Line[] = scan.chosen.flatMap((d) => d.summary);
    lines.forEach((l, i) => { l.order = i; });
    const found = lines.length;
    const excerpts = new Set(lines.map((l) => l.excerpt)).size;
    if (sort !== 'doc') lines.sort(contextOrder(sort));
    if (limit) lines = lines.slice(0, limit);
    if (flags.coder && scan.counts.notCodedByCoder) say(`${scan.counts.notCodedByCoder} document(s) not coded by ${flags.coder} were left out`, g);
    say(found ? `${found} hit(s) in ${excerpts} excerpt(s)${lines.length < found ? `; ${lines.length} shown` : ''}` : `"${term}" does not occur in the selected excerpts`, g);

    const lang = g.lang ?? ws.project.language;
    const nl = lang === 'nl';
    const provenanceOf = (l: Line) => `${l.file}:${l.line}${l.time !== null ? `@${formatTime(l.time)}` : ''}`;
    const left = (l: Line) => (l.cutLeft ? `…${l.left}` : l.left);
    const right = (l: Line) => (l.cutRight ? `${l.right}…` : l.right);
    const mode = flags.stem ? (nl ? 'stam' : 'stem') : flags.exact ? (nl ? 'exact' : 'exact') : (nl ? 'hoofdletters en accenten genegeerd' : 'case and accents ignored');
    const notes = [
      nl
        ? `${found} treffer(s) van "${term}" (${mode}) in ${excerpts} fragment(en); context: ${width} tekens aan elke kant, binnen het fragment.`
        : `${found} hit(s) of "${term}" (${mode}) in ${excerpts} excerpt(s); context: ${width} characters each side, within the excerpt.`,
    ];
    if (lines.length < found) notes.push(nl ? `${lines.length} getoond (--limit).` : `${lines.length} shown (--limit).`);
    const table: Table = {
      title: `kwic: ${term}`,
      columns: [
        { key: 'provenance', label: 'provenance' },
        { key: 'speaker', label: 'speaker' },
        { key: 'role', label: 'role' },
        { key: 'left', label: 'left', align: 'right' },
        { key: 'match', label: 'match' },
        { key: 'right', label: 'right' },
      ],
      rows: lines.map((l) => ({
        provenance: provenanceOf(l), speaker: l.speaker.label || null, role: l.speaker.role, left: left(l), match: l.match, right: right(l),
      })),
      notes,
    };
    const json = {
      hefboom: version(),
      command: 'kwic',
      term,
      stem: !!flags.stem,
      exact: !!flags.exact,
      width,
      sort,
      coder: flags.coder ?? null,
      selection: selectionJson(selection),
      hits: found,
      excerpts,
      shown: lines.length,
      lines: lines.map((l) => ({
        provenance: provenanceOf(l),
        file: l.file,
        line: l.line,
        time: l.time,
        document: l.document,
        excerpt: l.excerpt,
        speaker: { label: l.speaker.label, role: l.speaker.role, number: l.speaker.number ?? null },
        attributes: l.attributes,
        left: l.left,
        match: l.match,
        right: l.right,
        cutLeft: l.cutLeft,
        cutRight: l.cutRight,
      })),
      notes,
      provenance: {
        project: ws.project.file ? ws.project.name : null,
        files: scan.counts.files,
        documents: scan.counts.documents,
        doubleCoded: scan.counts.doubleCoded,
        warnings: [...ws.issues, ...scan.issues].filter((i) => i.severity === 'warning').length,
      },
    };
    await emit([table], json, flags, g);
    return EXIT_OK;
  }));
}

/** Concordance order: by the words next to the match (nearest first), then the match, then document order. */
function contextOrder(side: 'left' | 'right'): (a: Line, b: Line) => number {
  const words = (l: Line) => {
    const ws = tokenise(side === 'left' ? l.left : l.right).map((t) => t.folded);
    return side === 'left' ? ws.reverse() : ws;
  };
  const keys = new Map<Line, string[]>();
  const key = (l: Line) => { let k = keys.get(l); if (!k) { k = words(l); keys.set(l, k); } return k; };
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const c = compareWords(ka[i], kb[i]);
      if (c) return c;
    }
    return ka.length - kb.length || compareWords(a.match.toLowerCase(), b.match.toLowerCase()) || a.order - b.order;
  };
}

