/** `hefboom autocode`: not built yet (placeholder registered so the command list is complete). */
import type { Command } from 'commander';
import { act, UsageError } from './common.js';

export function registerAutocode(program: Command): void {
  program
    .command('autocode')
    .summary('keyword suggestions from the codebook; --evaluate against human codings')
    .argument('[args...]')
    .allowUnknownOption()
    .action(act(async () => {
      throw new UsageError('`hefboom autocode` is not available in this version yet');
    }));
}
