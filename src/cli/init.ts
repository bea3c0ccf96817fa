/** `hefboom init [DIR]`: write a small project that runs as is. Never overwrites a file. */
import type { Command } from 'commander';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../io/write.js';
import { globals, say, UsageError, EXIT_OK } from './common.js';
import { act } from './common.js';

const templateDir = () => fileURLToPath(new URL('../templates/init/', import.meta.url));

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p, base) : [relative(base, p)];
  });
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .argument('[dir]', 'folder to create the project in', '.')
    .addHelpText('before', `Examples:
  hefboom init mijn-onderzoek
  cd mijn-onderzoek && hefboom validate && hefboom tally --by lever --across role
`)
    .action(act(async (dir: string, _flags: unknown, c: Command) => {
      const g = globals(c);
      const target = resolve(dir);
      if (existsSync(join(target, 'hefboom.yaml'))) {
        throw new UsageError(`${join(dir, 'hefboom.yaml')} already exists; nothing was written`, 'choose an empty folder: `hefboom init NEW-DIR`');
      }
      const files = listFiles(templateDir());
      const clash = files.filter((f) => existsSync(join(target, f)));
      if (clash.length) throw new UsageError(`these files already exist in ${dir}: ${clash.join(', ')}; nothing was written`, 'choose an empty folder');
      for (const f of files) await writeFileAtomic(join(target, f), readFileSync(join(templateDir(), f)));
      say(`created a hefboom project in ${dir} (${files.length} files). Next:\n  cd ${dir}\n  hefboom validate\n  hefboom tally --by lever --across role\n  hefboom quotes --lever L3`, g);
      return EXIT_OK;
    }));
}
