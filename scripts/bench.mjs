#!/usr/bin/env node
// `npm run bench [size|hover|vscode|sandbox|chart ...]`: builds, then runs bench/run.ts.
import { ensureDependencies, run } from './ensure-dependencies.mjs';

ensureDependencies();
const ok =
  run(process.execPath, ['scripts/setup-test-tools.mjs']) === 0 &&
  run(process.execPath, ['scripts/build.mjs']) === 0 &&
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test']) === 0;
if (!ok) {
  console.error('bench: setup or build failed; nothing measured.');
  process.exit(0);
}
run(process.execPath, ['--expose-gc', 'out/bench/run.js', ...process.argv.slice(2)]);
