/** PLACEHOLDER — replaced by the helper that builds `hefboom survey`. */
import type { Command } from 'commander';
import { act, UsageError } from './common.js';

export function registerSurvey(program: Command): void {
  program.command('survey').allowUnknownOption().argument('[args...]').action(act(async () => { throw new UsageError('`hefboom survey` is not built yet'); }));
}
