#!/usr/bin/env node
// The `dossier` command: runs the compiled CLI in dist/ (built by `npm install` / `npm ci` through the
// prepare script, or `npm run build`). `npm run dossier` runs the TypeScript sources through tsx instead.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'dossier: the compiled program (dist/) is missing: run `npm run build` (npm install does it).\n',
  );
  process.exit(1);
}
await import(entry.href);
