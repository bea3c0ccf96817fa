/** `hefboom cooccur`: not built yet (placeholder registered so the command list is complete). */
import type { Command } from 'commander';
import { act, UsageError } from './common.js';

export function registerCooccur(program: Command): void {
  program
    .command('cooccur')
    .summary('co-occurrence of codes, levers or MeMoQ dimensions')
    .argument('[args...]')
    .allowUnknownOption()
    .action(act(async () => {
      throw new UsageError('`hefboom cooccur` is not available in this version yet');
    }));
}
