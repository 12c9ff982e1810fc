// What ships: the VSIX file list as `vsce ls` computes it from .vscodeignore, and what the
// extension bundle carries. Needs a development build (npm test makes one).
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtIns, projectRoot } from './helpers';

describe('packaging', () => {
  let files: string[] = [];

  before(function () {
    this.timeout(60_000);
    const vsce = join(projectRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: projectRoot, encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  });

  it('ships no source maps, screenshots, sources, tests or fixtures', () => {
    const unwanted = files.filter((file) =>
      /\.map$|^media\/screenshots\/|^(src|test|out|bench|examples|scripts|node_modules|\.vscode|\.vscode-test)\//.test(
        file,
      ),
    );
    assert.deepStrictEqual(unwanted, []);
  });

  it('ships every file the manifest and the extension use', () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      main: string;
      browser: string;
      bin: Record<string, string>;
      icon: string;
      contributes: {
        snippets: { path: string }[];
        viewsContainers: { activitybar: { icon: string }[] };
        walkthroughs: { steps: { media: { markdown: string } }[] }[];
      };
    };
    const needed = [
      manifest.main,
      manifest.browser,
      ...Object.values(manifest.bin),
      manifest.icon,
      ...manifest.contributes.snippets.map((s) => s.path),
      ...manifest.contributes.viewsContainers.activitybar.map((v) => v.icon),
      ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown)),
      // Loaded at run time: the prepared content, the note renderer, the sandbox, the webviews, the demos.
      'dist/builtins.json',
      'dist/render.js',
      'dist/web/render.js',
      'dist/sandbox-worker.js',
      'dist/webview/sandboxWorker.js',
      'dist/esbuild-wasm/lib/browser.js',
      'dist/wasm/tfjs-backend-wasm.wasm',
      'dist/esbuild-wasm/esbuild.wasm',
      'dist/webview/note.js',
      'dist/webview/lossChart.js',
      'dist/webview/uPlot.min.css',
      'media/webview/common.css',
      'media/webview/note.css',
      'media/webview/lossChart.css',
      'media/icons/graph.svg',
      ...builtIns().demos.map((demo) => demo.file),
    ].map((file) => file.replace(/^\.\//, ''));
    assert.deepStrictEqual(
      needed.filter((file) => !files.includes(file)),
      [],
    );
  });

  for (const [bundle, entry, trainsIn] of [
    ['extension.js', 'src/extension.ts', 'its own process'],
    ['web/extension.js', 'src/extensionWeb.ts', "the loss chart's Worker"],
  ]) {
    it(`keeps TensorFlow.js out of dist/${bundle}: training runs in ${trainsIn}`, () => {
      // esbuild would inline an import of tfjs into the bundle, so the bundle itself is what to check.
      const map = join(projectRoot, 'dist', `${bundle}.map`);
      assert.ok(existsSync(map), `dist/${bundle}.map lists what the bundle holds: build without --production`);
      const sources = (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources;
      assert.ok(
        sources.some((s) => s.endsWith(entry!)),
        'the map describes the extension',
      );
      assert.deepStrictEqual(
        sources.filter((s) => /@tensorflow|src\/sandbox\/(worker|backends)\.ts|src\/sandbox\/browser\//.test(s)),
        [],
      );
      const text = readFileSync(join(projectRoot, 'dist', bundle!), 'utf8');
      assert.doesNotMatch(text, /require\(["']@tensorflow\//);
    });
  }

  it('keeps Node out of the browser build: no Node module in dist/web/extension.js, nor the sandbox process', () => {
    const map = join(projectRoot, 'dist', 'web', 'extension.js.map');
    const sources = (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources;
    assert.deepStrictEqual(
      sources.filter((s) => /src\/sandbox\/runner\.ts|src\/platform\/node\.ts|node:/.test(s)),
      [],
    );
    const text = readFileSync(join(projectRoot, 'dist', 'web', 'extension.js'), 'utf8');
    assert.doesNotMatch(text, /require\(["'](node:|child_process|fs|os|path)/);
  });
});
