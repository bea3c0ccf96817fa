/** `hefboom words`: word and stem frequencies over selected excerpts; `--by` adds G² keyness per group. */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { scanTask } from './scan-parallel.js';
import type { Workspace } from '../io/workspace.js';
import { compareValues, MISSING } from '../analysis/attributes.js';
import { combineStopwords, parseStopwordFile, STOPWORDS_NL, type StopwordFile } from '../analysis/stopwords-nl.js';
import { emptyWordTally, formsByFrequency, mergeWordTallies, rankWords, type WordOptions, type WordTally } from '../analysis/words.js';
import { keywordsByGroup, type KeywordGroup } from '../analysis/keyness.js';
import type { Cell, Table } from '../report/table.js';
import type { InputIssue } from '../model/types.js';
import { act, emit, globals, intOption, openProject, progress, say, stopOnIssues, UsageError, withOutput, EXIT_OK, version, type GlobalOptions, provenanceJson } from './common.js';
import { addSelectionOptions, selectionFrom, type SelectionFlags, selectionJson } from './selection.js';

interface WordsFlags extends SelectionFlags {
  stem?: boolean;
  by?: string;
  top: string;
  minCount?: string;
  /** A file, or false for `--no-stopwords`. */
  stopwords?: string | false;
  numbers?: boolean;
  direction: string;
  coder?: string;
  codebook?: string;
  format?: string;
  out?: string;
  csvDialect?: string;
}

const DIRECTIONS = ['over', 'under', 'both'] as const;
/** Below this total frequency G² has little to go on; the default floor with `--by`. */
const KEYNESS_MIN_COUNT = 5;

export function registerWords(program: Command): void {
  const cmd = program
    .command('words')
    .option('--stem', 'group words by their Dutch (Snowball) stem: begeleiding and begeleidingen count together')
    .option('-b, --by <attr>', 'compare groups (role, site, speaker, document or any attribute): log-likelihood keyness of each group against the rest')
    .option('--top <n>', 'show the N most frequent words (with --by: the N strongest per group); 0 = all', '50')
    .option('--min-count <n>', `leave out words that occur fewer than N times in the selection (default 1; ${KEYNESS_MIN_COUNT} with --by)`)
    .option('--stopwords <file>', 'extra stopwords, one word per line (# comments; !word counts a listed word after all)')
    .option('--no-stopwords', 'count every word, the built-in Dutch stopwords too')
    .option('--numbers', 'count numbers (2, 2,5, 1.000) as words')
    .option('--direction <dir>', 'with --by: over (words a group uses more), under (less) or both', 'over');
  addSelectionOptions(cmd);
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom words --top 30
  hefboom words --stem --role cursist --format csv --out woorden-cursisten.csv
  hefboom words --by role --stem --top 10
  hefboom words --lever L3 --stopwords extra-stopwoorden.txt
  hefboom words interview.txt --no-stopwords --min-count 3
`);
  cmd.action(act(async (files: string[], flags: WordsFlags, c: Command) => {
    const g = globals(c);
    const top = intOption('--top', flags.top, 0) ?? 50;
    const minCount = intOption('--min-count', flags.minCount, 1) ?? (flags.by ? KEYNESS_MIN_COUNT : 1);
    const direction = parseDirection(flags.direction);
    if (flags.direction !== 'over' && !flags.by) throw new UsageError('--direction needs --by', 'e.g. hefboom words --by role --direction both');
    const by = flags.by?.trim();
    if (flags.by !== undefined && !by) throw new UsageError('--by needs an attribute', 'e.g. --by role, --by site or --by source_type');
    const ws = await openProject(g, { files, codebook: flags.codebook });
    const selection = selectionFrom(flags, ws);
    const stop = loadStopwords(flags, ws, g);
    const opts: WordOptions = { stopwords: stop.list, numbers: !!flags.numbers, stem: !!flags.stem };

    const p = await progress('counting words', g);
    // One vocabulary per document, merged after the coder rule: memory follows the vocabulary.
    const scan = await scanTask(ws, { name: 'words', spec: { selection, ...(by ? { by } : {}), options: opts } }, { coder: flags.coder, onProgress: p.update });
    p.stop();
    const issues = [...ws.issues, ...scan.issues];
    stopOnIssues(issues, g);
    const tally = scan.chosen.reduce((acc, d) => mergeWordTallies(acc, d.summary.tally), emptyWordTally());
    if (flags.coder && scan.counts.notCodedByCoder) say(`${scan.counts.notCodedByCoder} document(s) not coded by ${flags.coder} were left out`, g);
    if (!tally.excerpts) say('no excerpts match this selection', g);
    else if (!tally.tokens) say('the selected excerpts hold no words', g);

    const lang = g.lang ?? ws.project.language;
    const warnings = issues.filter((i) => i.severity === 'warning').length;
    const base = {
      hefboom: version(),
      command: 'words',
      stem: !!flags.stem,
      by: by ?? null,
      coder: flags.coder ?? null,
      selection: selectionJson(selection),
      stopwords: stop.json,
      numbers: !!flags.numbers,
      minCount,
      top,
      denominator: { documents: tally.documents, excerpts: tally.excerpts, tokens: tally.tokens },
      dropped: { stopwords: tally.stopwords, numbers: tally.numbers },
    };
    const provenance = provenanceJson(ws, scan.counts, warnings);
    const common = commonNotes(tally, flags, ws, scan.counts.doubleCoded, stop.json, lang);

    if (!by) {
      const { rows, eligible } = rankWords(tally, { minCount, top });
      if (tally.tokens && !rows.length) say(`no word occurs at least ${minCount} times in this selection`, g);
      say(`${tally.tokens} word tokens in ${tally.excerpts} excerpt(s) from ${tally.documents} document(s); ${rows.length} of ${eligible} ${flags.stem ? 'stems' : 'words'} shown`, g);
      const notes = [...frequencyNotes(tally, rows.length, eligible, minCount, lang), ...common];
      const table: Table = {
        title: lang === 'nl' ? `Woordfrequenties${flags.stem ? ' (stammen)' : ''}` : `Word frequencies${flags.stem ? ' (stems)' : ''}`,
        columns: [
          { key: 'rank', label: 'rank', type: 'number' },
          { key: 'word', label: 'word' },
          ...(flags.stem ? [{ key: 'stem', label: 'stem' }, { key: 'forms', label: 'forms' }] : []),
          { key: 'n', label: 'n', type: 'number' },
          { key: 'per_1000', label: 'per 1000 tokens', type: 'number' },
          { key: 'excerpts', label: 'excerpts', type: 'number' },
          { key: 'excerpt_percent', label: '% excerpts', type: 'percent' },
          { key: 'documents', label: 'documents', type: 'number' },
        ],
        rows: rows.map((r) => ({
          rank: r.rank, word: r.word,
          ...(flags.stem ? { stem: r.key, forms: r.forms.map((f) => `${f.form} ${f.n}`).join(', ') } : {}),
          n: r.n, per_1000: round(r.perThousand, 3), excerpts: r.excerpts, excerpt_percent: round(r.excerptPercent, 3), documents: r.documents,
        })),
        notes,
      };
      const json = {
        ...base,
        eligible,
        words: rows.map((r) => ({
          rank: r.rank, word: r.word, stem: flags.stem ? r.key : null, forms: r.forms,
          n: r.n, perThousand: r.perThousand, excerpts: r.excerpts, excerptPercent: r.excerptPercent, documents: r.documents,
        })),
        notes,
        provenance,
      };
      await emit([table], json, flags, g);
      return EXIT_OK;
    }

    const groups = [...tally.groups].sort(([a], [b]) => groupOrder(by, ws)(a, b));
    if (tally.excerpts && groups.every(([id]) => id === MISSING)) {
      const seen = [...new Set(scan.chosen.flatMap((d) => d.summary.attributes))].sort();
      throw new UsageError(`no selected excerpt has the attribute "${by}"`, `attributes in this selection: role, speaker, document, coder${seen.length ? `, ${seen.join(', ')}` : ''}`);
    }
    if (tally.excerpts && groups.length < 2) say(`all selected excerpts have ${by} = ${groups[0]?.[0]}; there is no other group to compare with`, g);
    const label = (id: string) => groupLabel(by, id, ws, lang);
    const keyed = keywordsByGroup(groups.map(([id, t]) => ({ id, tokens: t.tokens, counts: t.counts })), { minCount, top, direction });
    say(`${tally.tokens} word tokens in ${tally.excerpts} excerpt(s); ${keyed.length} group(s) of ${by} compared, ${keyed.find((k) => k.tested)?.tested ?? 0} ${flags.stem ? 'stems' : 'words'} tested`, g);
    const formOf = (key: string) => formsByFrequency(tally.words.get(key)?.forms ?? new Map([[key, 0]]));
    const notes = [...keynessNotes(keyed, by, minCount, direction, label, lang), ...common];
    const table: Table = {
      title: lang === 'nl' ? `Kernwoorden per ${by} (log-likelihood G², elke groep tegen de rest)` : `Keywords by ${by} (log-likelihood G², each group against the rest)`,
      columns: [
        { key: 'group', label: by },
        { key: 'word', label: 'word' },
        ...(flags.stem ? [{ key: 'stem', label: 'stem' }] : []),
        { key: 'n', label: 'n', type: 'number' },
        { key: 'per_1000', label: 'per 1000', type: 'number' },
        { key: 'n_rest', label: 'n rest', type: 'number' },
        { key: 'per_1000_rest', label: 'per 1000 rest', type: 'number' },
        { key: 'use', label: 'use' },
        { key: 'g2', label: 'G²', type: 'number' },
        { key: 'p', label: 'p', type: 'number' },
        { key: 'p_holm', label: 'p (Holm)', type: 'number' },
        { key: 'log_ratio', label: 'log ratio', type: 'number' },
      ],
      rows: keyed.flatMap((k) => k.rows.map((r): Record<string, Cell> => ({
        group: label(k.id), word: formOf(r.word)[0].form, ...(flags.stem ? { stem: r.word } : {}),
        n: r.n, per_1000: round((1000 * r.n) / k.tokens, 3), n_rest: r.nRest, per_1000_rest: round((1000 * r.nRest) / k.restTokens, 3),
        use: r.use, g2: round(r.g2, 3), p: pValue(r.p), p_holm: pValue(r.pHolm), log_ratio: round(r.logRatio, 3),
      }))),
      notes,
    };
    const json = {
      ...base,
      direction,
      groups: keyed.map((k) => ({
        id: k.id,
        label: label(k.id),
        excerpts: tally.groups.get(k.id)?.excerpts ?? 0,
        tokens: k.tokens,
        restTokens: k.restTokens,
        tested: k.tested,
        keywords: k.rows.map((r) => ({
          word: formOf(r.word)[0].form, stem: flags.stem ? r.word : null, forms: formOf(r.word),
          n: r.n, perThousand: (1000 * r.n) / k.tokens, nRest: r.nRest, perThousandRest: (1000 * r.nRest) / k.restTokens,
          use: r.use, g2: r.g2, p: r.p, pHolm: r.pHolm, logRatio: r.logRatio,
        })),
      })),
      notes,
      provenance,
    };
    await emit([table], json, flags, g);
    return EXIT_OK;
  }));
}

function parseDirection(d: string): (typeof DIRECTIONS)[number] {
  const low = d.toLowerCase();
  if (!(DIRECTIONS as readonly string[]).includes(low)) throw new UsageError(`unknown --direction "${d}"`, `use ${DIRECTIONS.join(', ')}`);
  return low as (typeof DIRECTIONS)[number];
}

interface StopwordsJson { builtin: boolean; builtinWords: number; files: string[]; added: number; kept: number; words: number }

/**
 * The stopword list: the built-in list (unless --no-stopwords), then the project's `words.stopwords`
 * file, then --stopwords FILE. Problems in a file are input errors naming its line (exit 2).
 */
function loadStopwords(flags: WordsFlags, ws: Workspace, g: GlobalOptions): { list: Set<string> | null; json: StopwordsJson } {
  const off = flags.stopwords === false;
  const sources: { abs: string; display: string; flag: string }[] = [];
  if (!off && ws.project.words?.stopwords) {
    const abs = resolve(ws.project.root, ws.project.words.stopwords);
    sources.push({ abs, display: relative(process.cwd(), abs) || abs, flag: '`words: stopwords:` in hefboom.yaml' });
  }
  if (typeof flags.stopwords === 'string') sources.push({ abs: resolve(flags.stopwords), display: flags.stopwords, flag: '--stopwords' });
  const parsed: StopwordFile[] = [];
  const issues: InputIssue[] = [];
  for (const s of sources) {
    let text: string;
    try {
      text = readFileSync(s.abs, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read the stopword file "${s.display}" (from ${s.flag}): ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}`, 'give a text file with one word per line');
    }
    const f = parseStopwordFile(text, s.display);
    issues.push(...f.issues);
    parsed.push(f);
  }
  stopOnIssues(issues, g);
  const list = off ? null : combineStopwords(STOPWORDS_NL, parsed);
  return {
    list,
    json: {
      builtin: !off,
      builtinWords: off ? 0 : STOPWORDS_NL.size,
      files: sources.map((s) => s.display),
      added: parsed.reduce((n, f) => n + f.add.length, 0),
      kept: parsed.reduce((n, f) => n + f.keep.length, 0),
      words: list?.size ?? 0,
    },
  };
}


/** Roles in the role table's order; other attributes in natural order (KO2 before KO10), missing last. */
function groupOrder(by: string, ws: Workspace): (a: string, b: string) => number {
  if (by !== 'role') return compareValues;
  const order = new Map(ws.roles.roles.map((r, i) => [r.id, i]));
  return (a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || compareValues(a, b);
}

function groupLabel(by: string, id: string, ws: Workspace, lang: 'nl' | 'en'): string {
  if (id === MISSING) return lang === 'nl' ? '(ontbrekend)' : '(missing)';
  return by === 'role' ? ws.roles.label(id, lang) : id;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** Small p-values keep their significant digits (a fixed 3 decimals would print 0). */
const pValue = (p: number) => (p >= 0.001 ? round(p, 4) : Number(p.toPrecision(3)));

function commonNotes(t: WordTally, flags: WordsFlags, ws: Workspace, doubleCoded: number, stop: StopwordsJson, lang: 'nl' | 'en'): string[] {
  const nl = lang === 'nl';
  const notes: string[] = [];
  notes.push(stop.builtin
    ? (nl
      ? `Stopwoorden weggelaten: ${t.stopwords} tokens (ingebouwde Nederlandse lijst, ${stop.builtinWords} woorden${stop.files.length ? `, plus ${stop.files.join(', ')}` : ''}; hoofdletters en accenten genegeerd).`
      : `Stopwords left out: ${t.stopwords} tokens (built-in Dutch list, ${stop.builtinWords} words${stop.files.length ? `, plus ${stop.files.join(', ')}` : ''}; case and accents ignored).`)
    : (nl ? 'Geen stopwoorden: elk woord telt (--no-stopwords).' : 'No stopwords: every word counts (--no-stopwords).'));
  if (flags.stem) notes.push(nl ? 'Woorden gegroepeerd per Nederlandse Snowball-stam; "word" is de vaakste vorm.' : 'Words grouped by Dutch Snowball stem; "word" is the most frequent form.');
  if (!flags.numbers && t.numbers) notes.push(nl ? `${t.numbers} getallen niet meegeteld (--numbers telt ze).` : `${t.numbers} numbers not counted (--numbers counts them).`);
  if (flags.coder) notes.push(nl ? `Codeur: ${flags.coder}.` : `Coder: ${flags.coder}.`);
  else if (doubleCoded) notes.push(nl ? `Dubbel gecodeerde documenten één keer geteld (primaire codeur ${ws.project.primaryCoder ?? '—'}).` : `Double-coded documents counted once (primary coder ${ws.project.primaryCoder ?? '—'}).`);
  return notes;
}

function frequencyNotes(t: WordTally, shown: number, eligible: number, minCount: number, lang: 'nl' | 'en'): string[] {
  const nl = lang === 'nl';
  return [
    nl
      ? `Eenheid: woordvoorkomens. Noemer van "per 1000 tokens": ${t.tokens} woordtokens in ${t.excerpts} fragmenten uit ${t.documents} documenten (stopwoorden meegeteld); van "% excerpts": alle ${t.excerpts} geselecteerde fragmenten.`
      : `Unit: word occurrences. Denominator of "per 1000 tokens": ${t.tokens} word tokens in ${t.excerpts} excerpts from ${t.documents} documents (stopwords included); of "% excerpts": all ${t.excerpts} selected excerpts.`,
    nl
      ? `${shown} van ${eligible} woorden getoond${minCount > 1 ? ` (minstens ${minCount} keer)` : ''}.`
      : `${shown} of ${eligible} words shown${minCount > 1 ? ` (at least ${minCount} times)` : ''}.`,
  ];
}

function keynessNotes(keyed: KeywordGroup[], by: string, minCount: number, direction: string, label: (id: string) => string, lang: 'nl' | 'en'): string[] {
  const nl = lang === 'nl';
  const tested = keyed.find((k) => k.tested)?.tested ?? 0;
  return [
    nl
      ? `Elke groep van ${by} tegen de rest van de selectie: G² (log-likelihood, Dunning 1993; Rayson & Garside 2000), p uit χ²(1), log ratio = log₂ van de verhouding van de relatieve frequenties (Hardie 2014). "use": over = vaker, under = minder vaak dan in de rest.`
      : `Each group of ${by} against the rest of the selection: G² (log-likelihood, Dunning 1993; Rayson & Garside 2000), p from χ²(1), log ratio = log₂ of the ratio of relative frequencies (Hardie 2014). "use": over = more, under = less often than in the rest.`,
    nl
      ? `Getest: ${tested} woorden die minstens ${minCount} keer voorkomen; p (Holm) corrigeert per groep voor die ${tested} toetsen. Getoond: ${direction === 'over' ? 'overgebruik' : direction === 'under' ? 'ondergebruik' : 'over- en ondergebruik'}, sterkste G² eerst. Noemer: woordtokens per groep (stopwoorden meegeteld).`
      : `Tested: ${tested} words occurring at least ${minCount} times; p (Holm) adjusts for those ${tested} tests per group. Shown: ${direction === 'over' ? 'over-use' : direction === 'under' ? 'under-use' : 'over- and under-use'}, strongest G² first. Denominator: word tokens per group (stopwords included).`,
    // One line per group is readable for roles and sites, not for hundreds of documents (JSON has them all).
    ...(keyed.length <= 15 ? [`${nl ? 'Tokens per groep' : 'Tokens per group'}: ${keyed.map((k) => `${label(k.id)} ${k.tokens}`).join(', ')}.`] : []),
  ];
}
