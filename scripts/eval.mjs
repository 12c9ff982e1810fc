#!/usr/bin/env node
// `npm run eval [-- --verify | --file <id> | --json out.json]`: concept recognition on the
// evaluation corpus (test/eval). Compiles first; CI does not run it (the corpus files are not ours
// to commit — see DEVELOPERS.md).
import { ensureDependencies, run } from './ensure-dependencies.mjs';

ensureDependencies();
// The notes and API lists as the extension reads them (dist/builtins.json), prepared again from media/.
if (run(process.execPath, ['scripts/build.mjs', '--builtins-only']) !== 0) {
  console.error('eval: the built-in content has problems (see above); nothing measured.');
  process.exit(1);
}
if (run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test']) !== 0) {
  console.error('eval: the TypeScript build failed; nothing measured.');
  process.exit(1);
}
process.exit(run(process.execPath, ['out/test/eval/run.js', ...process.argv.slice(2)]));
