#!/usr/bin/env node
// Bundles the extension, the CLI, the sandbox worker and the webview scripts with esbuild.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = join(root, 'dist');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  absWorkingDir: root,
  legalComments: 'none',
};

const nodeCommon = { ...common, platform: 'node', format: 'cjs', target: 'node18' };

const builds = [
  {
    ...nodeCommon,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', './render.js'],
  },
  // The note renderer (markdown-it + KaTeX), required by the extension with the first note view.
  { ...nodeCommon, entryPoints: ['src/core/render.ts'], outfile: 'dist/render.js' },
  { ...nodeCommon, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The sandbox process: bundles @tensorflow/tfjs and the WASM backend; tfjs-node is loaded
  // from the user's installation when there is one.
  {
    ...nodeCommon,
    entryPoints: ['src/sandbox/worker.ts'],
    outfile: 'dist/sandbox-worker.js',
    external: ['@tensorflow/tfjs-node'],
  },
  // The process that transpiles TypeScript for the sandbox, with esbuild-wasm (copied below).
  { ...nodeCommon, entryPoints: ['src/sandbox/transpiler.ts'], outfile: 'dist/sandbox-transpiler.js' },
  // Webview scripts run in the browser inside VS Code.
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { note: 'src/webview/note.ts', lossChart: 'src/webview/lossChart.ts' },
    outdir: 'dist/webview',
  },
];

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'wasm'), { recursive: true });
const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  cpSync(join(wasmDir, file), join(dist, 'wasm', file));
}
// esbuild-wasm transpiles TypeScript for the sandbox: its in-thread (browser) build and its .wasm,
// which the transpiler loads from next to itself (see src/sandbox/transpiler.ts).
const esbuildWasm = join(root, 'node_modules/esbuild-wasm');
for (const file of ['package.json', 'lib/browser.js', 'esbuild.wasm', 'LICENSE.md']) {
  cpSync(join(esbuildWasm, file), join(dist, 'esbuild-wasm', file));
}
mkdirSync(join(dist, 'webview'), { recursive: true });
cpSync(join(root, 'node_modules/uplot/dist/uPlot.min.css'), join(dist, 'webview/uPlot.min.css'));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
