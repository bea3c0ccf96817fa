/** PLACEHOLDER — replaced by the helper that builds `hefboom crm`. */
import type { Command } from 'commander';
import { act, UsageError } from './common.js';

export function registerCrm(program: Command): void {
  program.command('crm').allowUnknownOption().argument('[args...]').action(act(async () => { throw new UsageError('`hefboom crm` is not built yet'); }));
}
