#!/usr/bin/env node
// Bundles the extension (for Node, and for the browser's web worker), the CLI, the sandbox worker
// (a Node process, and a browser Worker) and the webview scripts with esbuild, and
// prepares the built-in content (notes, snippets, demo headers, API lists) as dist/builtins.json
// with the core's own parsers (src/core/builtIns.ts). Any problem in that content fails the build.
// Flags: --production (minified, no source maps), --watch, --builtins-only (only dist/builtins.json),
// --content <folder> (read media/ and snippets/ there and write <folder>/dist/builtins.json; for tests).
import * as esbuild from 'esbuild';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  watch as watchFolder,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const builtInsOnly = process.argv.includes('--builtins-only');
const contentArg = process.argv.indexOf('--content');
const contentRoot = contentArg > 0 ? resolve(process.argv[contentArg + 1]) : root;
const dist = join(root, 'dist');

/** The folders of built-in content, relative to the content root: editing one re-prepares builtins.json in --watch. */
const CONTENT_FOLDERS = ['media/notes', 'media/demos', 'media/api', 'snippets'];

function filesIn(folder, extension) {
  const path = join(contentRoot, folder);
  if (!existsSync(path)) return [];
  return readdirSync(path)
    .filter((name) => name.endsWith(extension) && name.toLowerCase() !== 'readme.md')
    .sort()
    .map((name) => ({ file: `${folder}/${name}`, text: readFileSync(join(path, name), 'utf8') }));
}

/** Reads the built-in content, parses and checks it with the core (bundled on the fly), and writes builtins.json. */
async function prepareBuiltIns() {
  const bundled = await esbuild.build({
    entryPoints: [join(root, 'src/core/builtIns.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
  });
  // Evaluated as a CommonJS module in this process: the build runs the very code the extension runs.
  const core = { exports: {} };
  new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(
    core,
    core.exports,
    createRequire(import.meta.url),
  );
  const { BUILT_INS_FILE, prepareBuiltIns: prepare } = core.exports;
  const snippet = (name) => filesIn('snippets', '.code-snippets').find((f) => f.file === `snippets/${name}`)?.text;
  const { json, problems } = prepare({
    notes: filesIn('media/notes', '.md'),
    snippetFiles: { pytorch: snippet('pytorch.code-snippets'), tfjs: snippet('tfjs.code-snippets') },
    demos: filesIn('media/demos', '.js').map(({ file, text }) => ({ file, code: text })),
    apiLists: filesIn('media/api', '.yaml'),
  });
  if (problems.length) {
    console.error(
      `✘ The built-in content has ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    return false;
  }
  mkdirSync(join(contentRoot, 'dist'), { recursive: true });
  writeFileSync(join(contentRoot, BUILT_INS_FILE), json);
  console.log(`  ${BUILT_INS_FILE}  ${(json.length / 1024).toFixed(0)}kb`);
  return true;
}

if (builtInsOnly) process.exit((await prepareBuiltIns()) ? 0 : 1);

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  absWorkingDir: root,
  legalComments: 'none',
};

const nodeCommon = { ...common, platform: 'node', format: 'cjs', target: 'node18' };
// The browser's web worker extension host (vscode.dev, github.dev) evaluates a CommonJS bundle whose
// only require() is 'vscode'.
const webCommon = { ...common, platform: 'browser', format: 'cjs', target: 'es2022', define: { global: 'globalThis' } };

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
  // The same extension for the browser (package.json "browser"), and its note renderer, which it
  // reads and evaluates with the first note view (src/platform/web.ts).
  { ...webCommon, entryPoints: ['src/extensionWeb.ts'], outfile: 'dist/web/extension.js', external: ['vscode'] },
  { ...webCommon, entryPoints: ['src/core/render.ts'], outfile: 'dist/web/render.js' },
  // The browser sandbox: a Worker the loss chart's page starts on the web, with tfjs and its WASM backend.
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['src/sandbox/browser/worker.ts'],
    outfile: 'dist/webview/sandboxWorker.js',
  },
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
if (!(await prepareBuiltIns()) && !watch) process.exit(1);
const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  cpSync(join(wasmDir, file), join(dist, 'wasm', file));
}
// esbuild-wasm transpiles TypeScript for the sandbox: its in-thread (browser) build and its .wasm,
// which the transpiler loads from next to itself (see src/sandbox/transpiler.ts), and which the
// browser sandbox's Worker loads through its page (src/sandbox/browser/typescript.ts).
const esbuildWasm = join(root, 'node_modules/esbuild-wasm');
for (const file of ['package.json', 'lib/browser.js', 'esbuild.wasm', 'LICENSE.md']) {
  cpSync(join(esbuildWasm, file), join(dist, 'esbuild-wasm', file));
}
mkdirSync(join(dist, 'webview'), { recursive: true });
cpSync(join(root, 'node_modules/uplot/dist/uPlot.min.css'), join(dist, 'webview/uPlot.min.css'));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  let timer;
  for (const folder of CONTENT_FOLDERS.filter((f) => existsSync(join(contentRoot, f)))) {
    watchFolder(join(contentRoot, folder), () => {
      clearTimeout(timer);
      timer = setTimeout(() => void prepareBuiltIns(), 200);
    });
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
