// Installs the project's npm dependencies when they are missing or older than the
// lockfile, so `npm start` and `npm test` work from a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');

export function ensureDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const fresh = existsSync(marker) && existsSync(lock) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh && existsSync(join(root, 'node_modules', 'esbuild'))) return;
  console.log('[setup] installing npm dependencies (npm ci)…');
  // @tensorflow/tfjs-node is optional: without internet its download fails and npm skips it.
  const result = spawnSync('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('[setup] npm install failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
}
