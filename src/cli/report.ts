/** PLACEHOLDER — replaced by the helper that builds `hefboom report`. */
import type { Command } from 'commander';
import { act, UsageError } from './common.js';

export function registerReport(program: Command): void {
  program.command('report').allowUnknownOption().argument('[args...]').action(act(async () => { throw new UsageError('`hefboom report` is not built yet'); }));
}
