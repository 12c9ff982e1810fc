// The browser sandbox outside VS Code: the loss chart's SandboxHost (src/webview/sandboxHost.ts)
// and the Worker bundle (dist/webview/sandboxWorker.js) in a plain page of headless Chromium, served
// from 127.0.0.1 under the loss chart's Content Security Policy. For the tests of what a program
// meets in the browser sandbox, and for the bench's steps/s; what only VS Code adds (the webview's
// service worker, the messages to the extension) is checked by the integration suites' web pass.
import { readFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { build } from 'esbuild';
import { type Browser, type Page, chromium } from 'playwright-core';
import type { RunRequest, SandboxMessage } from '../../src/sandbox/protocol';
import type { SandboxEnd } from '../../src/webview/protocol';
import { projectRoot, readTools } from './workbench';

// page.evaluate callbacks run in the browser; this project compiles without the DOM library.
declare const window: {
  runSandbox(id: number, request: RunRequest, files: Record<string, string>): Promise<SandboxOutcome>;
  stopSandbox(id: number): void;
};

export interface SandboxOutcome {
  messages: SandboxMessage[];
  end: SandboxEnd;
  detail?: string;
  /** From starting the Worker to its end, in the page. */
  ms: number;
  /** From starting the Worker to its first loss points, in the page. */
  firstPointMs?: number;
}

const NONCE = 'dln-sandbox-page';
/** The loss chart's policy when it hosts the sandbox (features/sandbox/lossPanel.ts), with this server as cspSource. */
const POLICY = `default-src 'none'; script-src 'nonce-${NONCE}' blob: 'wasm-unsafe-eval'; connect-src 'self'; worker-src blob:`;
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** The page's script: SandboxHost, and two functions the tests call. */
const ENTRY = `
import { SandboxHost } from './src/webview/sandboxHost';
const runs = new Map();
const host = new SandboxHost((message) => {
  const run = runs.get(message.sandboxId);
  if (!run) return;
  if (message.type === 'sandbox') {
    const m = message.message;
    if (m.type === 'points') run.firstPointMs ??= performance.now() - run.started;
    run.messages.push(m.type === 'diverged' ? { ...m, value: Number(message.divergedValue) } : m);
  } else {
    runs.delete(message.sandboxId);
    const ms = performance.now() - run.started;
    run.resolve({ messages: run.messages, end: message.end, detail: message.detail, ms, firstPointMs: run.firstPointMs });
  }
});
window.runSandbox = (sandboxId, request, files) =>
  new Promise((resolve) => {
    runs.set(sandboxId, { messages: [], resolve, started: performance.now() });
    void host.start({ type: 'startSandbox', sandboxId, request, files });
  });
window.stopSandbox = (sandboxId) => host.stop(sandboxId);
`;

export class SandboxPage {
  private nextId = 1;

  private constructor(
    private readonly server: Server,
    private readonly browser: Browser,
    readonly page: Page,
    private readonly origin: string,
  ) {}

  static async open(): Promise<SandboxPage> {
    const script = (
      await build({
        stdin: { contents: ENTRY, resolveDir: projectRoot, loader: 'ts' },
        bundle: true,
        format: 'iife',
        write: false,
        logLevel: 'warning',
      })
    ).outputFiles[0]!.text;
    const html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${POLICY}"></head><body><script nonce="${NONCE}">${script}</script></body></html>`;
    const dist = join(projectRoot, 'dist');
    const server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      if (path === '/') {
        response.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
        return;
      }
      const file = normalize(join(projectRoot, path));
      if (!file.startsWith(dist)) {
        response.writeHead(404).end();
        return;
      }
      readFile(file).then(
        (body) =>
          response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath: readTools().chromium!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    return new SandboxPage(server, browser, page, origin);
  }

  /** Runs a program in a new Worker; `stopAfterMs` stops it as the Stop button does, as does `timeoutMs` (the time limit). */
  async run(
    code: string,
    request: Partial<RunRequest> = {},
    { stopAfterMs, timeoutMs = 120_000 }: { stopAfterMs?: number; timeoutMs?: number } = {},
  ): Promise<SandboxOutcome> {
    const id = this.nextId++;
    const files = {
      worker: `${this.origin}/dist/webview/sandboxWorker.js`,
      wasmFolder: `${this.origin}/dist/wasm/`,
      esbuild: `${this.origin}/dist/esbuild-wasm/lib/browser.js`,
      esbuildWasm: `${this.origin}/dist/esbuild-wasm/esbuild.wasm`,
    };
    const full: RunRequest = {
      type: 'run',
      code,
      filename: 'program.js',
      language: 'javascript',
      backend: 'auto',
      searchPaths: [],
      ...request,
    };
    const outcome = this.page.evaluate(({ id, full, files }) => window.runSandbox(id, full, files), {
      id,
      full,
      files,
    });
    const stopAfter = Math.min(stopAfterMs ?? Infinity, timeoutMs);
    const timer = setTimeout(() => void this.page.evaluate((id) => window.stopSandbox(id), id), stopAfter);
    try {
      return await outcome;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
