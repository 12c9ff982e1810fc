#!/usr/bin/env node
// `npm test`: installs what the tests need, builds, lints, and runs every suite:
// unit tests (core, snippets, sandbox, CLI), the integration suites inside a real
// VS Code (code-server + Chromium), and the browser UI checks.
// Flags: --unit, --integration, --e2e run only those (combinable); --electron runs the integration
// suites in desktop VS Code instead (it downloads VS Code: needs internet). Whatever runs, the build,
// the type checks and the compiled tests come first, so every part works from a fresh clone.
import { ensureDependencies, root, run } from './ensure-dependencies.mjs';

const PARTS = ['--unit', '--integration', '--e2e'];
const only = [...PARTS, '--electron'].filter((flag) => process.argv.includes(flag));
const wants = (flag) => (only.length === 0 ? PARTS.includes(flag) : only.includes(flag));

// What the parts need installed: a real VS Code and Chromium for the suites that drive one, PyTorch for the
// unit tests (snippets and API lists); desktop VS Code is downloaded by @vscode/test-electron itself.
const setup = wants('--integration') || wants('--e2e') ? [] : wants('--unit') ? ['--for', 'unit'] : undefined;

ensureDependencies();
const results = [];
const step = (name, command, args) => {
  const started = Date.now();
  console.log(`\n━━ ${name} ━━`);
  const code = run(command, args);
  results.push({ name, ok: code === 0, seconds: (Date.now() - started) / 1000 });
  return code === 0;
};
const tsc = (project) => [process.execPath, ['node_modules/typescript/bin/tsc', '-p', project]];

const ready =
  (setup === undefined || step('install test tools', process.execPath, ['scripts/setup-test-tools.mjs', ...setup])) &&
  step('build (esbuild)', process.execPath, ['scripts/build.mjs']) &&
  step('type-check the extension (tsc)', ...tsc('.')) &&
  step('type-check webview scripts (tsc)', ...tsc('src/webview')) &&
  step('compile tests (tsc)', ...tsc('test'));

// Lint runs with every test command but does not stop the suites: its verdict joins the summary.
if (ready && only.length === 0) step('lint (eslint, prettier)', 'npm', ['run', '--silent', 'lint']);

if (ready) {
  if (wants('--unit'))
    step('unit tests', process.execPath, ['node_modules/mocha/bin/mocha.js', '--config', 'test/unit/.mocharc.json']);
  if (wants('--integration'))
    step('integration tests in VS Code (code-server)', process.execPath, ['out/test/runners/runInCodeServer.js']);
  if (wants('--e2e'))
    step('UI checks in Chromium', process.execPath, [
      'node_modules/mocha/bin/mocha.js',
      '--config',
      'test/e2e/.mocharc.json',
    ]);
  if (wants('--electron'))
    step('integration tests in desktop VS Code (test-electron)', process.execPath, [
      'out/test/runners/runInElectron.js',
    ]);
}

console.log('\n━━ summary ━━');
for (const r of results)
  console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(52)} ${r.seconds.toFixed(1).padStart(6)} s`);
if (results.some((r) => !r.ok)) console.log(`\nScreenshots and logs: ${root}/test-artifacts/`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
