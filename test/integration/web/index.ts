// The integration suites in the browser's web worker extension host (what vscode.dev and github.dev
// run): the entry point the workbench loads as extensionTestsPath, bundled for the browser with the
// suites by test/runners/webSuites.ts. Same contract as ../index.ts (run() returns a promise); the
// runner's options come as settings, since a web worker has no environment variables.
import * as vscode from 'vscode';
import { formatArgs } from '../../../src/sandbox/browser/format';

/** Lines from the suites carry this marker, so the runner can tell them from the workbench's own log. */
const LOG_MARKER = '@@dln@@';

declare const mocha: BrowserMocha;
interface BrowserMocha {
  setup(options: { ui: 'bdd'; reporter: string; timeout: number; color: boolean }): void;
  grep(pattern: RegExp): void;
  run(done: (failures: number) => void): void;
}

/** The suites that make sense on the web, each bundled here (require() keeps them from loading before mocha). */
function loadSuites(): void {
  // First: it checks that nothing activated the extension before a relevant file opened.
  require('../activation.test');
  require('../host.test');
  require('../hover.test');
  require('../fileAnalysis.test');
  require('../tree.test');
  require('../notePanel.test');
  require('../snippets.test');
  require('../userNotes.test');
  require('../reload.test');
  require('../commands.test');
  require('../sandbox.test');
}

function markConsoleOutput(): void {
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    const original = console[level].bind(console);
    Object.defineProperty(console, level, {
      value: (...args: unknown[]) => original(LOG_MARKER + formatArgs(...args)),
      configurable: true,
      writable: true,
    });
  }
}

export function run(): Promise<void> {
  const options = vscode.workspace.getConfiguration('deepLearningNotesTests');
  markConsoleOutput();
  // Loaded after marking: mocha's reporters capture console.log when they load.
  require('mocha/mocha');
  mocha.setup({ ui: 'bdd', reporter: 'spec', timeout: 60_000, color: false });
  // Tests tagged "@node" need a Node host (a sandbox process, its memory cap); "@untrusted" Restricted Mode.
  const grep = options.get<string>('grep');
  mocha.grep(new RegExp(`^(?!.*@node)(?!.*@untrusted)${grep ? `(?=.*(?:${grep}))` : ''}`));
  loadSuites();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
