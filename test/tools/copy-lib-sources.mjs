// After `tsc -p tsconfig.build.json`: copies the JavaScript and hand-written declaration files of
// lib/ into dist/ byte for byte. tsc re-emits a .js file it compiles (a "use strict" prologue,
// module rewriting) and never copies a .d.ts input, but edge code read from its own source file
// must ship exactly as it was tested.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const from = join(root, 'lib');
const to = join(root, 'dist');

function* filesUnder(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      yield* filesUnder(path);
    } else if (/\.(js|cjs|mjs|d\.ts)$/.test(entry.name)) {
      yield path;
    }
  }
}

for (const source of filesUnder(from)) {
  const target = join(to, relative(from, source));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
}
