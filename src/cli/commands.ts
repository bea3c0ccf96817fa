/**
 * The commands, with the summary `hefboom --help` shows. Each command's module is loaded only when
 * that command runs: some pull in large libraries (the statistics calculators about ninety
 * distribution packages, `words` the stemmer), and loading them all would slow every invocation.
 */
import type { Command } from 'commander';
import { STATS_SUMMARY } from './common.js';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<(program: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'init', summary: 'create a small example project (project file, codebook, two transcripts) that runs as is', load: async () => (await import('./init.js')).registerInit },
  { name: 'validate', summary: 'read every input of the project and list all errors and warnings (exit 2 on errors)', load: async () => (await import('./validate.js')).registerValidate },
  { name: 'frameworks', summary: 'list the frameworks (seven levers, MeMoQ, your own), or the nodes of one', load: async () => (await import('./frameworks.js')).registerFrameworks },
  { name: 'codebook', summary: 'show the codebook as a tree with counts; --check finds unused and undefined codes', load: async () => (await import('./codebook.js')).registerCodebook },
  { name: 'tally', summary: 'count excerpts by code, lever or MeMoQ dimension, optionally across roles or sites', load: async () => (await import('./tally.js')).registerTally },
  { name: 'quotes', summary: 'find excerpts by code, lever, dimension, role or attribute, with file:line provenance', load: async () => (await import('./quotes.js')).registerQuotes },
  { name: 'stats', summary: STATS_SUMMARY, load: async () => (await import('./stats.js')).registerStats },
  { name: 'cooccur', summary: 'co-occurrence of codes, levers or MeMoQ dimensions: matrix, pair list, strongest pairs with examples', load: async () => (await import('./cooccur.js')).registerCooccur },
  { name: 'crosstab', summary: 'codes, levers or dimensions × an attribute or role, with tests per row', load: async () => (await import('./crosstab.js')).registerCrosstab },
  { name: 'agree', summary: 'agreement between coders: percent agreement, κ, Krippendorff\'s α', load: async () => (await import('./agree.js')).registerAgree },
  { name: 'words', summary: 'word and stem frequencies, keyness between groups', load: async () => (await import('./words.js')).registerWords },
  { name: 'kwic', summary: 'keyword in context with provenance', load: async () => (await import('./kwic.js')).registerKwic },
  { name: 'autocode', summary: 'keyword suggestions from the codebook; --evaluate against human codings', load: async () => (await import('./autocode.js')).registerAutocode },
  { name: 'anonymise', summary: 'replace names with pseudonyms from a private map', load: async () => (await import('./anonymise.js')).registerAnonymise },
  { name: 'import', summary: 'turn other programs\' files into a hefboom project: qdpx, qdc (QDA exports), docx, odt, vtt, srt (→ native transcripts)', load: async () => (await import('./import.js')).registerImport },
  { name: 'survey', summary: 'surveys: describe items and constructs, compare groups, model an outcome (staff and coach surveys)', load: async () => (await import('./survey.js')).registerSurvey },
  { name: 'crm', summary: 'CRM of coaching trajectories: indicators against the norms, registration audit', load: async () => (await import('./crm.js')).registerCrm },
  { name: 'impact', summary: 'staff survey ⨝ CRM: response accounting, headline indicators with intervals, staff vs coach views', load: async () => (await import('./impact.js')).registerImpact },
  { name: 'memoq', summary: 'MeMoQ dimension scores at the begin photo and at the end, paired per dimension', load: async () => (await import('./memoq.js')).registerMemoq },
  { name: 'pathways', summary: 'learner registers (ESF model): funnel with losses, stop reasons, inflow profile, time to dropout', load: async () => (await import('./pathways.js')).registerPathways },
  { name: 'stage', summary: 'internship evaluations: ratings per indicator and moment, change between moments, templates per occupational profile', load: async () => (await import('./stage.js')).registerStage },
  { name: 'report', summary: 'build the report mapped to the seven levers and the MeMoQ dimensions: HTML with charts, Markdown, JSON, CSV, XLSX; --check for CI', load: async () => (await import('./report.js')).registerReport },
  { name: 'export', summary: 'write the project as REFI-QDA: qdpx (documents, codes, every coder\'s codings) or qdc (codebook)', load: async () => (await import('./export.js')).registerExport },
];

/** Global options that take a value: their value is not a command name. */
const VALUE_OPTIONS = new Set(['-p', '--project', '--lang']);

/** The command named on the command line (`hefboom help X` names X), or undefined. */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return undefined;
    if (VALUE_OPTIONS.has(a)) { i++; continue; }
    if (a.startsWith('-')) continue;
    if (a === 'help') return args.slice(i + 1).find((x) => !x.startsWith('-'));
    return a;
  }
  return undefined;
}
