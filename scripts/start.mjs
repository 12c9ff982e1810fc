#!/usr/bin/env node
// `npm start`: builds the extension and opens it in a real VS Code with the example
// workspace (examples/): the desktop `code` when it is installed, otherwise the VS Code
// inside the npm package code-server, served on 127.0.0.1 (the URL is printed).
// Flags: --server forces code-server; --port N picks its port.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, root, run } from './ensure-dependencies.mjs';

const examples = join(root, 'examples');
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.PORT ?? 0);

ensureDependencies();
if (run(process.execPath, ['scripts/build.mjs']) !== 0) process.exit(1);

const desktop =
  !process.argv.includes('--server') && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (desktop) {
  console.log('Opening desktop VS Code with the extension in development mode…');
  process.exit(run('code', ['--new-window', `--extensionDevelopmentPath=${root}`, examples]));
}

if (run(process.execPath, ['scripts/setup-test-tools.mjs', '--for', 'start']) !== 0) process.exit(1);
const tools = JSON.parse(readFileSync(join(root, '.vscode-test', 'start-tools.json'), 'utf8'));
// A profile that persists between runs, so your settings and layout stay.
const profile = join(root, '.vscode-test', 'start-profile');
for (const dir of ['data/User', 'extensions', 'tmp']) mkdirSync(join(profile, dir), { recursive: true });
writeFileSync(join(profile, 'config.yaml'), 'auth: none\n');
// First start: open the example workspace's README, without the chat side bar. Your later changes are kept.
const settings = join(profile, 'data/User/settings.json');
if (!existsSync(settings)) {
  writeFileSync(
    settings,
    JSON.stringify(
      {
        'workbench.startupEditor': 'readme',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
      },
      null,
      2,
    ),
  );
}

const server = spawn(
  tools.node24,
  [
    tools.codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--ignore-last-opened',
    '--config',
    join(profile, 'config.yaml'),
    '--user-data-dir',
    join(profile, 'data'),
    '--extensions-dir',
    join(profile, 'extensions'),
    // Lets the page load the extension from this folder in development mode (the URL's payload).
    '--vscode-option',
    'enable-smoke-test-driver',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'], detached: true, env: { ...process.env, TMPDIR: join(profile, 'tmp') } },
);

const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));

let printed = false;
server.stdout.on('data', (chunk) => {
  const text = chunk.toString();
  const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
  if (match && !printed) {
    printed = true;
    const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://remote${root}`]]));
    console.log(
      `\nDeep Learning Notes is running in VS Code (code-server). Open:\n\n  ${match[1]}/?folder=${encodeURIComponent(examples)}&payload=${payload}\n\nPress Ctrl+C to stop.`,
    );
  }
});
