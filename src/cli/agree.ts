/** `hefboom agree`: not built yet (placeholder registered so the command list is complete). */
import type { Command } from 'commander';
import { act, UsageError } from './common.js';

export function registerAgree(program: Command): void {
  program
    .command('agree')
    .summary('agreement between coders: percent agreement, κ, Krippendorff\'s α')
    .argument('[args...]')
    .allowUnknownOption()
    .action(act(async () => {
      throw new UsageError('`hefboom agree` is not available in this version yet');
    }));
}
