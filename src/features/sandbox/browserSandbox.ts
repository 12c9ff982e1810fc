// The sandbox where there is no Node process to spawn (vscode.dev, github.dev): the loss chart's
// page starts a Worker that trains with TensorFlow.js on WebAssembly (src/sandbox/browser/worker.ts)
// and relays its messages, the same SandboxMessages a Node sandbox process sends. This side folds
// them into a RunResult as runner.ts does, and enforces the wall-clock limit and Stop by asking the
// page to terminate the Worker. The memory cap is the browser's own, and the run header says so.
import * as vscode from 'vscode';
import { type RunHeader, type SandboxEngine, type SandboxHandle } from '../../platform/platform';
import { checkedMessage } from '../../sandbox/messages';
import {
  BACKEND_LABEL,
  type BackendInfo,
  type BackendName,
  type RunRequest,
  type RunResult,
  type RunStatus,
  type SandboxMessage,
} from '../../sandbox/protocol';
import { kernelLine, protectionLines } from '../../sandbox/runHeader';
import { type SandboxCallbacks, type SandboxLimits } from '../../sandbox/runner';
import { summarize } from '../../sandbox/summary';
import type { FromSandbox, SandboxEnd, SandboxFiles } from '../../webview/protocol';
import { type LossPanel } from './lossPanel';

/** How long the page has to confirm that a Worker is gone before the run is settled without it. */
const TERMINATE_GRACE_MS = 3000;
/** What the browser says when a Worker runs out of memory (WebAssembly's heap or JavaScript's). */
const OUT_OF_MEMORY =
  /out of memory|Array buffer allocation failed|Maximum memory size|Memory\.grow|Invalid typed array length/i;

/** Why a setting of the Node sandbox does not apply here: a page can neither cap nor measure a Worker's memory. */
const MEMORY_LINE = `memory: the browser's own limit (the maxHeapMB setting caps the Node sandbox only)`;

export class BrowserSandbox implements SandboxEngine {
  private nextId = 1;

  constructor(
    private readonly lossPanel: LossPanel,
    private readonly extensionUri: vscode.Uri,
  ) {}

  /** As runHeader.ts words it for the Node sandbox, saying where the run trains; no tfjs-node hint, it cannot run here. */
  header(info: BackendInfo): RunHeader {
    const kernels = info.kernels.applied ? ', fast kernels' : ', stock tfjs';
    const label = `${this.trainingOn(info.backend)}, tfjs ${info.version}${kernels}`;
    const note = info.fallbacks.length ? info.fallbacks.map((f) => `${f.backend}: ${f.error}`).join('; ') : undefined;
    const lines = [
      `backend: ${label}`,
      ...(note ? [`fell back: ${note}`] : []),
      kernelLine(info),
      ...protectionLines(info.protections),
      MEMORY_LINE,
    ];
    return { label, note, lines };
  }

  trainingOn(backend: BackendName): string {
    return `in the browser (${BACKEND_LABEL[backend]})`;
  }

  /** tfjs-node is a Node addon: a browser has nowhere to load it from. */
  tfjsNodeFolders(): string[] {
    return [];
  }

  start(request: RunRequest, limits: SandboxLimits, callbacks: SandboxCallbacks): SandboxHandle {
    return new BrowserRun(this.nextId++, this, this.lossPanel, request, limits, callbacks);
  }

  /** Webview addresses of what the Worker loads. */
  files(webview: vscode.Webview): SandboxFiles {
    const uri = (...path: string[]) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', ...path)).toString();
    return {
      worker: uri('webview', 'sandboxWorker.js'),
      wasmFolder: `${uri('wasm')}/`,
      esbuild: uri('esbuild-wasm', 'lib', 'browser.js'),
      esbuildWasm: uri('esbuild-wasm', 'esbuild.wasm'),
    };
  }
}

class BrowserRun implements SandboxHandle {
  readonly done: Promise<RunResult>;
  private readonly started = Date.now();
  private killedFor?: RunStatus;
  private ended = false;
  private settle: (end: SandboxEnd, detail?: string) => void = () => undefined;
  private info?: BackendInfo;
  /** The page passes on what the Worker posts; only well-formed messages count, as from a sandbox process. */
  private readonly checked = checkedMessage();
  private error?: RunResult['error'];
  private diverged?: RunResult['diverged'];
  private doneMessage?: Extract<SandboxMessage, { type: 'done' }>;
  private firstPointMs?: number;
  private readonly finalLoss: Record<string, number> = {};
  private readonly steps: Record<string, number> = {};

  constructor(
    private readonly id: number,
    private readonly engine: BrowserSandbox,
    private readonly lossPanel: LossPanel,
    request: RunRequest,
    private readonly limits: SandboxLimits,
    private readonly callbacks: SandboxCallbacks,
  ) {
    const subscriptions = [
      lossPanel.onSandboxMessage((message) => this.receive(message)),
      lossPanel.onDidClose(() => this.settle('terminated', 'the loss chart was closed')),
    ];
    const timeout = setTimeout(() => this.kill('timeout'), limits.timeoutMs);
    this.done = new Promise<RunResult>((resolve) => {
      this.settle = (end, detail) => {
        if (this.ended) return;
        this.ended = true;
        clearTimeout(timeout);
        for (const subscription of subscriptions) subscription.dispose();
        resolve(this.result(end, detail));
      };
    });
    void lossPanel.whenReady().then(() => {
      const webview = lossPanel.webviewPanel?.webview;
      if (this.ended) return;
      if (!webview) return this.settle('crashed', 'the loss chart could not be opened');
      lossPanel.post({ type: 'startSandbox', sandboxId: id, request, files: engine.files(webview) });
    });
  }

  stop(): void {
    this.kill('stopped');
  }

  private kill(reason: RunStatus): void {
    if (this.ended) return;
    this.killedFor ??= reason;
    this.lossPanel.post({ type: 'stopSandbox', sandboxId: this.id });
    // The page confirms; if it is gone or busy, the run is over all the same.
    setTimeout(() => this.settle('terminated'), TERMINATE_GRACE_MS);
  }

  private receive(event: FromSandbox): void {
    if (event.sandboxId !== this.id || this.ended) return;
    if (event.type === 'sandboxEnded') return this.settle(event.end, event.detail);
    // NaN and Infinity crossed as text (webview messages are JSON).
    const raw: unknown =
      event.message?.type === 'diverged' && event.divergedValue !== undefined
        ? { ...event.message, value: Number(event.divergedValue) }
        : event.message;
    const message = this.checked(raw);
    switch (message?.type) {
      case 'backend': {
        // Only the first: the Worker sends it before the program runs.
        if (this.info) break;
        const { type: _type, ...info } = message;
        this.info = info;
        this.callbacks.onBackend?.(info);
        break;
      }
      case 'points':
        this.firstPointMs ??= Date.now() - this.started;
        for (const point of message.points) {
          this.finalLoss[point.series] = point.loss;
          this.steps[point.series] = point.step;
        }
        this.callbacks.onPoints?.(message.points);
        break;
      case 'log':
        this.callbacks.onLog?.(message.level, message.text);
        break;
      case 'error':
        this.error ??= message;
        break;
      case 'diverged':
        this.diverged ??= message;
        break;
      case 'done':
        this.doneMessage ??= message;
        break;
    }
  }

  private result(end: SandboxEnd, detail: string | undefined): RunResult {
    const outOfMemory = end === 'crashed' && OUT_OF_MEMORY.test(detail ?? '');
    const status: RunStatus =
      this.killedFor ??
      (this.diverged
        ? 'diverged'
        : this.error
          ? OUT_OF_MEMORY.test(this.error.message)
            ? 'memory'
            : 'error'
          : outOfMemory
            ? 'memory'
            : end === 'finished' && this.doneMessage
              ? 'completed'
              : end === 'terminated'
                ? 'stopped'
                : 'crashed');
    const result: RunResult = {
      status,
      backend: this.info?.backend,
      fallbacks: this.info?.fallbacks ?? [],
      info: this.info,
      error: this.error,
      diverged: this.diverged,
      ms: Date.now() - this.started,
      finalLoss: this.doneMessage?.finalLoss ?? this.finalLoss,
      steps: this.doneMessage?.steps ?? this.steps,
      firstPointMs: this.firstPointMs,
      summary: '',
    };
    result.summary =
      status === 'memory'
        ? `Stopped: the run needed more memory than the browser gives a Worker${detail ? ` (${detail})` : ''}.`
        : status === 'crashed'
          ? `The sandbox's Worker ended unexpectedly${detail ? `: ${detail}` : '.'}`
          : status === 'stopped' && detail
            ? `Stopped after ${(result.ms / 1000).toFixed(1)} s: ${detail}.`
            : summarize(result, this.limits, null, null, detail ?? '', (backend) => this.engine.trainingOn(backend));
    return result;
  }
}
