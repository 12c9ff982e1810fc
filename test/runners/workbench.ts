// Starts a real VS Code (the build inside the npm package code-server) on 127.0.0.1
// and drives it with Debian's Chromium through playwright-core. Used by the
// integration runner, the browser checks and the benchmarks. Everything it starts
// is killed by `close()`, also on timeouts and signals.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { type Browser, type Page, chromium } from 'playwright-core';

export const projectRoot = resolve(__dirname, '../../..');
export const artifactsDir = join(projectRoot, 'test-artifacts');

interface Tools {
  node24: string | null;
  codeServerEntry: string | null;
  chromium: string | null;
  python: string | null;
  missing: string[];
}

export function readTools(): Tools {
  const file = join(projectRoot, '.vscode-test/tools.json');
  if (!existsSync(file)) {
    throw new Error('Test tools are not set up: run `node scripts/setup-test-tools.mjs` (npm test does it for you).');
  }
  const tools = JSON.parse(readFileSync(file, 'utf8')) as Tools;
  if (!tools.node24 || !tools.codeServerEntry || !tools.chromium) {
    throw new Error(`Test tools are missing:\n  - ${tools.missing.join('\n  - ')}`);
  }
  return tools;
}

export interface WorkbenchOptions {
  /** Folder opened as the workspace. */
  workspace: string;
  /** Compiled mocha suite index to run inside the extension host (Route 1). */
  extensionTestsPath?: string;
  /** Environment variables for the extension host process. */
  extensionEnvironment?: Record<string, string>;
  /** Extra user settings merged into the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Called with every line the extension host logs. */
  onLog?: (line: string, type: string) => void;
  viewport?: { width: number; height: number };
  /** false opens the workspace in Restricted Mode (Workspace Trust on, folder not trusted). */
  trusted?: boolean;
  /**
   * Where the extension runs: 'node' (the default: its "main" in the Node extension host) or 'web' (its
   * "browser" build in the browser's web worker extension host, as on vscode.dev). See webHostSettings.
   */
  extensionHost?: 'node' | 'web';
}

/** The extension's id, as the user setting that moves it to the web worker names it. */
const EXTENSION_ID = 'dl-notes.deep-learning-notes';

/**
 * What moves the extension to the web worker extension host. An extension with both "main" and
 * "browser" runs in the Node host by default; this build of the workbench ignores the payload's
 * extensionDevelopmentKind and package.json's extensionKind, but honours this user setting.
 */
export const webHostSettings = { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } };

const quietSettings = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.gallery.enabled': false,
  'git.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'window.commandCenter': false,
  'extensions.ignoreRecommendations': true,
};

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Everything started and not yet closed, so an abrupt exit (Ctrl+C, a closed pipe) still cleans up. */
const open = new Set<{ pid?: number; runDir: string }>();
function cleanUpSynchronously(): void {
  for (const entry of open) {
    if (entry.pid !== undefined) signalGroup(entry.pid, 'SIGKILL');
    rmSync(entry.runDir, { recursive: true, force: true, maxRetries: 3 });
  }
  open.clear();
}
process.on('exit', cleanUpSynchronously);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    cleanUpSynchronously();
    process.exit(130);
  });
}
// A closed stdout (e.g. `npm test | head`) must not crash the runner before it cleans up.
process.stdout.on('error', () => undefined);

/** Run folders of crashed runs older than this are removed at the next start. */
const STALE_RUN_MS = 6 * 3600_000;

export class Workbench {
  readonly page: Page;
  private exitCode: Promise<number>;

  private constructor(
    private readonly server: ChildProcess,
    private readonly browser: Browser,
    page: Page,
    private readonly tracked: { pid?: number; runDir: string },
    exitCode: Promise<number>,
  ) {
    this.page = page;
    this.exitCode = exitCode;
  }

  /** Resolves with the code the extension tests report (0 = all passed). */
  testsExitCode(): Promise<number> {
    return this.exitCode;
  }

  static async open(options: WorkbenchOptions): Promise<Workbench> {
    const tools = readTools();
    removeStaleRuns();
    const runDir = mkdtempSync(join(projectRoot, '.vscode-test/run-'));
    const tracked: { pid?: number; runDir: string } = { runDir };
    open.add(tracked);
    let server: ChildProcess | undefined;
    let browser: Browser | undefined;
    const cleanupOnFailure = async () => {
      await browser?.close().catch(() => undefined);
      if (server) await killTree(server);
      rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
      open.delete(tracked);
    };
    try {
      for (const dir of ['data/User', 'exts', 'tmp']) mkdirSync(join(runDir, dir), { recursive: true });
      const trusted = options.trusted ?? true;
      const trust = trusted
        ? { 'security.workspace.trust.enabled': false }
        : { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' };
      writeFileSync(
        join(runDir, 'data/User/settings.json'),
        JSON.stringify(
          {
            ...quietSettings,
            ...trust,
            ...(options.extensionHost === 'web' ? webHostSettings : {}),
            ...options.settings,
          },
          null,
          2,
        ),
      );
      writeFileSync(join(runDir, 'config.yaml'), 'auth: none\n');
      server = spawn(
        tools.node24!,
        [
          tools.codeServerEntry!,
          '--auth',
          'none',
          '--bind-addr',
          '127.0.0.1:0',
          '--disable-telemetry',
          '--disable-update-check',
          ...(trusted ? ['--disable-workspace-trust'] : []),
          '--ignore-last-opened',
          '--config',
          join(runDir, 'config.yaml'),
          '--user-data-dir',
          join(runDir, 'data'),
          '--extensions-dir',
          join(runDir, 'exts'),
          '--vscode-option',
          'enable-smoke-test-driver',
        ],
        {
          // Own process group, so the extension host and watchers die with the server.
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            ...process.env,
            TMPDIR: join(runDir, 'tmp'),
            XDG_DATA_HOME: join(runDir, 'xdg'),
            XDG_CONFIG_HOME: join(runDir, 'xdg'),
          },
        },
      );
      tracked.pid = server.pid;
      const baseUrl = await waitForListening(server, 30_000);

      browser = await chromium.launch({ executablePath: tools.chromium!, args: chromiumArgs, headless: true });
      const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
      let reportExit: (code: number) => void = () => undefined;
      const exitCode = new Promise<number>((resolveExit) => (reportExit = resolveExit));
      await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
        options.onLog?.(format(...(Array.isArray(args) ? args : [args])), type);
      });
      await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));

      const payload: [string, string][] = [['extensionDevelopmentPath', `vscode-remote://remote${projectRoot}`]];
      // Suites for the web worker need the server's real address; with "remote" they would run in the
      // Node host, where the extension is not.
      const testsAuthority = options.extensionHost === 'web' ? new URL(baseUrl).host : 'remote';
      if (options.extensionTestsPath)
        payload.push(['extensionTestsPath', `vscode-remote://${testsAuthority}${options.extensionTestsPath}`]);
      if (options.extensionEnvironment)
        payload.push(['extensionEnvironment', JSON.stringify(options.extensionEnvironment)]);
      const url = `${baseUrl}?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      return new Workbench(server, browser, page, tracked, exitCode);
    } catch (error) {
      await cleanupOnFailure();
      throw error;
    }
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(artifactsDir, { recursive: true });
    const file = join(artifactsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await Promise.race([this.browser.close(), delay(10_000)]).catch(() => undefined);
    await killTree(this.server);
    rmSync(this.tracked.runDir, { recursive: true, force: true, maxRetries: 3 });
    open.delete(this.tracked);
  }
}

function removeStaleRuns(): void {
  const base = join(projectRoot, '.vscode-test');
  for (const name of existsSync(base) ? readdirSync(base) : []) {
    const dir = join(base, name);
    if (name.startsWith('run-') && Date.now() - statSync(dir).mtimeMs > STALE_RUN_MS)
      rmSync(dir, { recursive: true, force: true });
  }
}

function waitForListening(server: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`code-server did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\/?/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(`${match[1]}/`);
      }
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', onData);
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited early (code ${code}):\n${output}`));
    });
  });
}

/** Ends a process group started with `detached: true`: TERM, then KILL after a grace period. */
export async function killTree(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    signalGroup(child.pid, 'SIGKILL'); // stragglers of an exited leader
    return;
  }
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  signalGroup(child.pid, 'SIGTERM');
  await Promise.race([exited, delay(graceMs)]);
  signalGroup(child.pid, 'SIGKILL');
  // Wait until every member of the group is gone, so nothing outlives the run.
  for (let waited = 0; groupAlive(child.pid) && waited < 5000; waited += 50) await delay(50);
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
}
