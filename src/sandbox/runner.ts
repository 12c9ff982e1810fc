// The parent side of a sandbox run, shared by the extension and the CLI: starts the
// worker as a separate Node process inside the boundary (boundary.ts: an environment
// allow-list and Node's permission model), transpiles TypeScript in a process of its own
// first, streams the worker's messages (checked: the program can send some itself), and
// enforces the wall-clock limit, the memory cap and Stop by killing the process.
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Grants, runtimeFlags, workerEnvironment, workerExecArgv } from './boundary';
import { checkedMessage } from './messages';
import {
  type BackendInfo,
  type LossPoint,
  type RunRequest,
  type RunResult,
  type RunStatus,
  type SandboxMessage,
} from './protocol';
import { summarize } from './summary';
import { findTfjsNode, readableFor } from './tfjsNode';
import { transpileInProcess } from './transpile';

export interface SandboxLimits {
  timeoutMs: number;
  maxMemoryMB: number;
}

export interface SandboxCallbacks {
  onBackend?(info: BackendInfo): void;
  onPoints?(points: LossPoint[]): void;
  onLog?(level: 'log' | 'warn' | 'error', text: string): void;
}

const MEMORY_POLL_MS = 200;
const STDERR_TAIL = 4000;

/** What the worker may read and load: its own folder, and the tfjs-node installation when that backend may run. */
function grantsFor(workerScript: string, request: RunRequest): Grants {
  const own = dirname(workerScript);
  const tfjsNode = request.tfjsNode;
  if (!tfjsNode || 'problem' in tfjsNode) return { read: [own], addons: false };
  return { read: [own, ...readableFor(tfjsNode.dir)], addons: true };
}

/** The request with the tfjs-node installation to use, looked for only when that backend may run. */
function withTfjsNode(workerScript: string, request: RunRequest): RunRequest {
  if (request.backend !== 'auto' && request.backend !== 'tensorflow') return request;
  // The extension's own folder last: a development clone, or the CLI run from one.
  const extensionRoot = dirname(dirname(workerScript));
  return { ...request, tfjsNode: findTfjsNode([...request.searchPaths, extensionRoot]) };
}

export class SandboxRun {
  readonly done: Promise<RunResult>;
  private readonly child: ChildProcess;
  private killedFor?: RunStatus;

  constructor(workerScript: string, runRequest: RunRequest, limits: SandboxLimits, callbacks: SandboxCallbacks = {}) {
    const started = Date.now();
    const request = withTfjsNode(workerScript, runRequest);
    this.child = fork(workerScript, [], {
      execArgv: workerExecArgv(runtimeFlags(), grantsFor(workerScript, request), limits.maxMemoryMB),
      env: workerEnvironment(process.env),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Structured clone keeps NaN and Infinity, which JSON would turn into null.
      serialization: 'advanced',
    });
    const child = this.child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL)));
    child.stdout?.on('data', (chunk: Buffer) => callbacks.onLog?.('log', chunk.toString().trimEnd()));

    let info: BackendInfo | undefined;
    let error: RunResult['error'];
    let diverged: RunResult['diverged'];
    let doneMessage: Extract<SandboxMessage, { type: 'done' }> | undefined;
    let firstPointMs: number | undefined;
    const finalLoss: Record<string, number> = {};
    const steps: Record<string, number> = {};

    const messages = checkedMessage();
    child.on('message', (raw: unknown) => {
      const message = messages(raw);
      switch (message?.type) {
        case 'backend': {
          // Only the first: the worker sends it before the program runs, so a program cannot rewrite the header.
          if (info) break;
          const { type: _type, ...backendInfo } = message;
          info = backendInfo;
          callbacks.onBackend?.(info);
          break;
        }
        case 'points':
          firstPointMs ??= Date.now() - started;
          for (const point of message.points) {
            finalLoss[point.series] = point.loss;
            steps[point.series] = point.step;
          }
          callbacks.onPoints?.(message.points);
          break;
        case 'log':
          callbacks.onLog?.(message.level, message.text);
          break;
        case 'error':
          error ??= message;
          break;
        case 'diverged':
          diverged ??= message;
          break;
        case 'done':
          doneMessage ??= message;
          break;
      }
    });

    let peakRssMB = 0;
    const memoryPoll = setInterval(() => {
      const rss = residentMB(child.pid);
      if (rss === undefined) return;
      peakRssMB = Math.max(peakRssMB, rss);
      if (rss > limits.maxMemoryMB) this.kill('memory');
    }, MEMORY_POLL_MS);
    const timeout = setTimeout(() => this.kill('timeout'), limits.timeoutMs);

    this.done = new Promise<RunResult>((resolve) => {
      const finish = async (exitCode: number | null, signal: NodeJS.Signals | null) => {
        clearInterval(memoryPoll);
        clearTimeout(timeout);
        const ms = Date.now() - started;
        // V8 does not say where a module's syntax error is; esbuild does (only on this error path).
        if (error?.kind === 'syntax' && error.line === undefined && !this.killedFor) {
          const located = await transpileInProcess(workerScript, { ...runRequest, language: 'javascript' });
          if (located.type === 'syntax-error') error = { ...error, line: located.line, column: located.column };
        }
        const outOfHeap =
          /heap out of memory|Allocation failed|Array buffer allocation failed|RangeError: (Array buffer|Invalid typed array) length/i.test(
            stderr,
          );
        const status: RunStatus =
          this.killedFor ??
          (diverged
            ? 'diverged'
            : error
              ? 'error'
              : outOfHeap
                ? 'memory'
                : doneMessage && exitCode === 0
                  ? 'completed'
                  : 'crashed');
        const result: RunResult = {
          status,
          backend: info?.backend,
          fallbacks: info?.fallbacks ?? [],
          info,
          error,
          diverged,
          ms,
          peakRssMB: peakRssMB || undefined,
          finalLoss: doneMessage?.finalLoss ?? finalLoss,
          steps: doneMessage?.steps ?? steps,
          firstPointMs,
          summary: '',
        };
        result.summary = summarize(result, limits, exitCode, signal, stderr);
        resolve(result);
      };
      child.once('exit', (code, signal) => void finish(code, signal));
      child.once('error', (spawnError) => {
        error = { type: 'error', kind: 'runtime', message: `could not start the sandbox: ${spawnError.message}` };
        void finish(null, null);
      });
    });

    // TypeScript goes through the transpiler first, while the worker starts.
    if (request.language !== 'typescript') child.send(request);
    else
      void transpileInProcess(workerScript, request).then((reply) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        if (reply.type === 'transpiled') {
          child.send({ ...request, transpiled: { code: reply.code, sourceMap: reply.sourceMap } });
          return;
        }
        error =
          reply.type === 'syntax-error'
            ? { type: 'error', kind: 'syntax', message: reply.message, line: reply.line, column: reply.column }
            : { type: 'error', kind: 'runtime', message: reply.message };
        child.kill('SIGKILL');
      });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ends the run now (the Stop button). */
  stop(): void {
    this.kill('stopped');
  }

  private kill(reason: RunStatus): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.killedFor ??= reason;
    this.child.kill('SIGKILL');
  }
}

/** Resident memory of a process in MB, where the OS tells us cheaply (Linux /proc). */
function residentMB(pid: number | undefined): number | undefined {
  if (pid === undefined || process.platform !== 'linux') return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
