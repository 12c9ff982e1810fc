// Bundles code for the browser's web worker extension host: one CommonJS file (the host evaluates it as it
// evaluates a browser extension, with only 'vscode' to require). The integration suites bring mocha's browser
// build and test/integration/web/assert.ts in place of node:assert; the bench (bench/vscode/web.ts) uses the same.
import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { projectRoot } from './workbench';

/** Bundles `entry` (relative to the project) into `outfile` for the web worker extension host. */
export async function bundleForWebWorker(entry: string, outfile: string, extra: BuildOptions = {}): Promise<string> {
  await build({
    entryPoints: [join(projectRoot, entry)],
    outfile: join(projectRoot, outfile),
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    logLevel: 'warning',
    ...extra,
  });
  return join(projectRoot, outfile);
}

export function bundleWebSuites(): Promise<string> {
  return bundleForWebWorker('test/integration/web/index.ts', 'out/test/web/index.js', {
    alias: { 'node:assert': join(projectRoot, 'test/integration/web/assert.ts') },
    define: { global: 'globalThis' },
  });
}
