// Entry point the extension host loads (extensionTestsPath): runs every
// *.test.js suite in this folder with mocha. Same contract as @vscode/test-electron.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import type MochaType from 'mocha';

/** Lines from this process carry this marker, so the code-server runner can tell them from the workbench's own log. */
const LOG_MARKER = '@@dln@@';

function markConsoleOutput(): void {
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    const original = console[level].bind(console);
    // The extension host defines console methods as accessors that ignore plain assignment.
    Object.defineProperty(console, level, {
      value: (...args: unknown[]) => original(LOG_MARKER + format(...args)),
      configurable: true,
      writable: true,
    });
  }
}

export function run(): Promise<void> {
  if (process.env.DLN_TEST_MODE === 'code-server') markConsoleOutput();
  // Loaded after marking: mocha's reporters capture console.log when they load.
  const Mocha = require('mocha') as typeof MochaType;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // Suites tagged "@untrusted" need Restricted Mode; the others a trusted workspace. "@web" ones need the
  // browser's web worker (web/index.ts runs them).
  const restricted =
    process.env.DLN_TRUST === 'untrusted' ||
    (process.env.DLN_TRUST === undefined && !require('vscode').workspace.isTrusted);
  const wanted = process.env.DLN_GREP ? `(?=.*(?:${process.env.DLN_GREP}))` : '';
  mocha.grep(new RegExp(`^(?!.*@web)${restricted ? '(?=.*@untrusted)' : '(?!.*@untrusted)'}${wanted}`));
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
