/** `hefboom anonymise`: not built yet (placeholder registered so the command list is complete). */
import type { Command } from 'commander';
import { act, UsageError } from './common.js';

export function registerAnonymise(program: Command): void {
  program
    .command('anonymise')
    .summary('replace names with pseudonyms from a private map')
    .argument('[args...]')
    .allowUnknownOption()
    .action(act(async () => {
      throw new UsageError('`hefboom anonymise` is not available in this version yet');
    }));
}
