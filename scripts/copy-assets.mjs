// Copies the data files the CLI reads at run time (framework YAML, the init template) next to the
// compiled code, so dist/ is self-contained.
import { cpSync, mkdirSync } from 'node:fs';
for (const dir of ['frameworks', 'templates']) {
  mkdirSync(`dist/${dir}`, { recursive: true });
  cpSync(`src/${dir}`, `dist/${dir}`, { recursive: true, filter: (p) => !/\.(test\.)?ts$/.test(p) });
}
