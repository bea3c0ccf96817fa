/** PLACEHOLDER — replaced by the helper that builds `hefboom memoq`. */
import type { Command } from 'commander';
import { act, UsageError } from './common.js';

export function registerMemoq(program: Command): void {
  program.command('memoq').allowUnknownOption().argument('[args...]').action(act(async () => { throw new UsageError('`hefboom memoq` is not built yet'); }));
}
