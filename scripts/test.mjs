#!/usr/bin/env node
// `npm test`: installs what the tests need, builds, lints, and runs every suite:
// unit tests (core, snippets, sandbox, CLI), the integration suites inside a real
// VS Code (code-server + Chromium), and the browser UI checks.
// Flags: --unit, --integration, --e2e run only those (combinable); each still builds what it needs.
import { ensureDependencies, root, run } from './ensure-dependencies.mjs';

const only = ['--unit', '--integration', '--e2e'].filter((flag) => process.argv.includes(flag));
const wants = (flag) => only.length === 0 || only.includes(flag);

ensureDependencies();
const results = [];
const step = (name, command, args) => {
  const started = Date.now();
  console.log(`\n━━ ${name} ━━`);
  const code = run(command, args);
  results.push({ name, ok: code === 0, seconds: (Date.now() - started) / 1000 });
  return code === 0;
};

const ready =
  step('install test tools', process.execPath, ['scripts/setup-test-tools.mjs']) &&
  step('build (esbuild)', process.execPath, ['scripts/build.mjs']) &&
  step('type-check the extension (tsc)', process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']) &&
  step('type-check webview scripts (tsc)', process.execPath, [
    'node_modules/typescript/bin/tsc',
    '-p',
    'src/webview',
  ]) &&
  step('compile tests (tsc)', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test']);

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
}

console.log('\n━━ summary ━━');
for (const r of results)
  console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(46)} ${r.seconds.toFixed(1).padStart(6)} s`);
if (results.some((r) => !r.ok)) console.log(`\nScreenshots and logs: ${root}/test-artifacts/`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
