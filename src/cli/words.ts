/** `hefboom words`: not built yet (placeholder registered so the command list is complete). */
import type { Command } from 'commander';
import { act, UsageError } from './common.js';

export function registerWords(program: Command): void {
  program
    .command('words')
    .summary('word and stem frequencies, keyness between groups')
    .argument('[args...]')
    .allowUnknownOption()
    .action(act(async () => {
      throw new UsageError('`hefboom words` is not available in this version yet');
    }));
}
