// Copies the built-in framework YAML files next to the compiled code, so dist/ is self-contained.
import { cpSync, mkdirSync } from 'node:fs';
mkdirSync('dist/frameworks', { recursive: true });
cpSync('src/frameworks', 'dist/frameworks', { recursive: true, filter: (p) => !p.endsWith('.ts') });
