// Bundles the integration suites for the browser's web worker extension host: one CommonJS file
// (the host evaluates it as it evaluates a browser extension, with only 'vscode' to require), with
// mocha's browser build, and test/integration/web/assert.ts in place of node:assert.
import { join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from './workbench';

export async function bundleWebSuites(): Promise<string> {
  const outfile = join(projectRoot, 'out/test/web/index.js');
  await build({
    entryPoints: [join(projectRoot, 'test/integration/web/index.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    alias: { 'node:assert': join(projectRoot, 'test/integration/web/assert.ts') },
    define: { global: 'globalThis' },
    logLevel: 'warning',
  });
  return outfile;
}
