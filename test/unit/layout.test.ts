// The layout the README promises, checked on the sources: the core never imports the editor,
// features never import each other, and shared editor helpers never reach into a feature.
import * as assert from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { projectRoot } from './helpers';

const src = join(projectRoot, 'src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every module a file imports, requires or re-exports: project files as paths relative to src/,
 * packages by name. A relative `.js` require names a sibling bundle in dist/ (the note renderer), not a source.
 */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s+|\brequire\(|\bimport\()\s*'([^']+)'/g)].map(
    (m) => m[1]!,
  );
  return specifiers
    .filter((s) => !(s.startsWith('.') && s.endsWith('.js')))
    .map((s) => (s.startsWith('.') ? relative(src, resolve(dirname(file), s)) : s));
}

/** The feature a path under src/ belongs to: features/hover.ts → hover, features/sandbox/lossPanel → sandbox. */
function featureOf(path: string): string | undefined {
  const match = /^features\/([^/.]+)/.exec(path);
  return match && match[1] !== 'index' ? match[1] : undefined;
}

describe('source layout', () => {
  it('core/ never imports vscode, the editor helpers, the features or the webviews', () => {
    const offending = sourceFiles(join(src, 'core')).flatMap((file) =>
      importsOf(file)
        .filter((target) => target === 'vscode' || /^(editor|features|webview|services|extension)\b/.test(target))
        .map((target) => `${relative(src, file)} → ${target}`),
    );
    assert.deepStrictEqual(offending, []);
  });

  it('core/ does no I/O of its own (no Node built-ins), so it also runs where there is no Node', () => {
    const offending = sourceFiles(join(src, 'core')).flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('node:'))
        .map((target) => `${relative(src, file)} → ${target}`),
    );
    assert.deepStrictEqual(offending, []);
  });

  it('features import core/, editor/ and the sandbox, never another feature', () => {
    // features/index.ts is the list of features: importing each of them is its job.
    const featureFiles = sourceFiles(join(src, 'features')).filter((file) => featureOf(relative(src, file)));
    const offending = featureFiles.flatMap((file) => {
      const own = featureOf(relative(src, file));
      return importsOf(file)
        .filter((target) => featureOf(target) !== undefined && featureOf(target) !== own)
        .map((target) => `${relative(src, file)} → ${target}`);
    });
    assert.deepStrictEqual(offending, []);
  });

  it('editor/ helpers never reach into a feature', () => {
    const offending = sourceFiles(join(src, 'editor')).flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('features'))
        .map((target) => `${relative(src, file)} → ${target}`),
    );
    assert.deepStrictEqual(offending, []);
  });

  it('webview scripts run in the browser: no vscode module, no Node built-ins, no editor code', () => {
    const offending = sourceFiles(join(src, 'webview')).flatMap((file) =>
      importsOf(file)
        .filter(
          (target) => target === 'vscode' || target.startsWith('node:') || /^(editor|features|services)\b/.test(target),
        )
        .map((target) => `${relative(src, file)} → ${target}`),
    );
    assert.deepStrictEqual(offending, []);
  });

  it('the browser sandbox runs in a Worker: no vscode module, no Node built-ins, no Node sandbox, no editor code', () => {
    const offending = sourceFiles(join(src, 'sandbox', 'browser')).flatMap((file) =>
      importsOf(file)
        .filter(
          (target) =>
            target === 'vscode' ||
            target.startsWith('node:') ||
            /^sandbox\/(worker|runner|backends)$/.test(target) ||
            /^(editor|features|services|platform)\b/.test(target),
        )
        .map((target) => `${relative(src, file)} → ${target}`),
    );
    assert.deepStrictEqual(offending, []);
  });

  it('each webview and the panel that feeds it import their messages from one module, webview/protocol.ts', () => {
    const pairs = [
      ['features/notePanel.ts', 'webview/note.ts'],
      ['features/sandbox/lossPanel.ts', 'webview/lossChart.ts'],
      ['features/sandbox/browserSandbox.ts', 'webview/sandboxHost.ts'],
      ['webview/sandboxHost.ts', 'sandbox/browser/worker.ts'],
    ];
    for (const file of pairs.flat())
      assert.ok(importsOf(join(src, file)).includes('webview/protocol'), `${file} imports webview/protocol`);
  });
});
