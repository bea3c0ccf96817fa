/** PLACEHOLDER — replaced by the helper that builds `hefboom impact`. */
import type { Command } from 'commander';
import { act, UsageError } from './common.js';

export function registerImpact(program: Command): void {
  program.command('impact').allowUnknownOption().argument('[args...]').action(act(async () => { throw new UsageError('`hefboom impact` is not built yet'); }));
}
