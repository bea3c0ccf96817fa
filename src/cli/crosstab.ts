/** `hefboom crosstab`: not built yet (placeholder registered so the command list is complete). */
import type { Command } from 'commander';
import { act, UsageError } from './common.js';

export function registerCrosstab(program: Command): void {
  program
    .command('crosstab')
    .summary('codes, levers or dimensions × an attribute or role, with tests per row')
    .argument('[args...]')
    .allowUnknownOption()
    .action(act(async () => {
      throw new UsageError('`hefboom crosstab` is not available in this version yet');
    }));
}
