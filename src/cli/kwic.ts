/** `hefboom kwic`: not built yet (placeholder registered so the command list is complete). */
import type { Command } from 'commander';
import { act, UsageError } from './common.js';

export function registerKwic(program: Command): void {
  program
    .command('kwic')
    .summary('keyword in context with provenance')
    .argument('[args...]')
    .allowUnknownOption()
    .action(act(async () => {
      throw new UsageError('`hefboom kwic` is not available in this version yet');
    }));
}
