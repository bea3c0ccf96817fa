/**
 * The hefboom program: commander setup, global flags and the mapping of failures to exit codes
 * (0 ok, 1 a --check failed, 2 usage or input error, 70 internal error).
 */
import { Command, CommanderError, Option } from 'commander';
import { COMMANDS, invokedCommand } from './commands.js';
import { takeExitCode, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, InputFailure, UsageError, version, stderrChalk } from './common.js';

const EXAMPLES = `Examples:
  hefboom init mijn-onderzoek                          create a project that runs as is
  hefboom validate                                     check every input, list errors and warnings
  hefboom tally --by lever --across role               how often each lever comes up, per role
  hefboom tally -p examples/werkplekleren --by memoq --across site --unit speakers
  hefboom quotes --lever L3 --role cursist --best 3    three exemplar quotes with file:line
  hefboom codebook --check                             unused and undefined codes
  hefboom frameworks levers                            the seven levers and their 27 tips
  hefboom tally interview.txt --by code                one transcript, no project needed
  hefboom stats alpha coderingen.csv --metric ordinal  Krippendorff's α (and 16 more calculators)
  hefboom cooccur --level lever --top 3                which levers come up together, with examples
  hefboom crosstab --rows lever --cols site            levers × sites with a test per lever (Holm)
  hefboom agree --unit excerpt --disagreements 5       do the coders agree? κ and α per code
  hefboom words --stem --by role                       which words carry each role (G² keyness)
  hefboom anonymise transcripts/ --map ../prive/pseudoniemen.yaml --out gedeeld/
  hefboom import qdpx nvivo.qdpx --out project         an NVivo/ATLAS.ti/MAXQDA/QualCoder export as a project
  hefboom export qdpx --out project.qdpx               hand the coded project back to a QDA program
  hefboom impact -p examples/mentes-pioniersfase       staff survey ⨝ CRM: response and headline figures
  hefboom survey describe --headline --by employer     survey items with top-box shares and intervals
  hefboom crm audit --check                            registration completeness and defects (exit 1)
`;

/** The program: global flags, help, and the commands (see commands.ts for how they are loaded). */
export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const program = new Command();
  program
    .name('hefboom')
    .description('Analyse coded transcripts about workplace learning in childcare, mapped to the seven levers and the MeMoQ dimensions.')
    .version(version(), '-V, --version')
    .option('-p, --project <dir>', 'project folder (or hefboom.yaml); default: the nearest hefboom.yaml upward')
    .option('--strict', 'treat warnings as errors (for CI)')
    .addOption(new Option('--lang <lang>', 'language of labels').choices(['nl', 'en']))
    .option('-q, --quiet', 'no messages on stderr except errors')
    .option('--no-color', 'no colour (NO_COLOR is honoured too)')
    .addHelpText('before', EXAMPLES)
    .addHelpText('after', `
Exit codes: 0 ok · 1 a --check found something · 2 usage or input error · 70 internal error.
Documentation: README.md in the hefboom folder.`)
    .showSuggestionAfterError(true)
    .exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  // Only the command that runs is loaded; the others are listed by name and summary.
  const invoked = invokedCommand(argv);
  for (const entry of COMMANDS) {
    if (entry.name === invoked) {
      (await entry.load())(program);
      program.commands[program.commands.length - 1].summary(entry.summary);
    } else {
      program.command(entry.name).summary(entry.summary);
    }
  }
  const override = (c: Command) => { c.exitOverride(); c.commands.forEach(override); };
  program.commands.forEach(override);
  return program;
}

/** Run the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  // `hefboom … | head`: the reader closed the pipe; stop quietly like other Unix tools, no stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv);
    return takeExitCode();
  } catch (e) {
    return handleError(e);
  }
}

function handleError(e: unknown): number {
  const c = stderrChalk({});
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
    return EXIT_INPUT; // commander already printed the message
  }
  if (e instanceof UsageError) {
    process.stderr.write(`${c.red(`hefboom: ${e.message}`)}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
    return EXIT_INPUT;
  }
  if (e instanceof InputFailure) return EXIT_INPUT;
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && ['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EPERM', 'EEXIST'].includes(err.code)) {
    process.stderr.write(`${c.red(`hefboom: ${err.message}`)}\n`);
    return EXIT_INPUT;
  }
  process.stderr.write(`${c.red(`hefboom: internal error (version ${version()}): ${err?.message ?? String(e)}`)}\n`);
  process.stderr.write('Please report this as a bug with the command you ran (not your data); run with HEFBOOM_DEBUG=1 for details.\n');
  if (process.env.HEFBOOM_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  return EXIT_INTERNAL;
}
