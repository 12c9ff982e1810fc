// The messages between the editor (or CLI) and the sandbox process that trains.
// The sandbox runs user code; the editor only renders what it receives.

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

export const BACKEND_LABEL: Record<BackendName, string> = {
  tensorflow: 'tfjs-node (native TensorFlow)',
  wasm: 'WebAssembly',
  cpu: 'CPU (plain JavaScript)',
};

/** Parent → sandbox: the one request a sandbox process serves. */
export interface RunRequest {
  type: 'run';
  code: string;
  /** Shown in error messages and stack traces. */
  filename: string;
  language: 'javascript' | 'typescript';
  backend: BackendChoice;
  /** Set by the runner for TypeScript: the program as JavaScript, and the source map back to `code`. */
  transpiled?: { code: string; sourceMap: string };
  /** Training steps the program should run (the global STEPS); undefined keeps the program's default. */
  steps?: number;
  /**
   * Folders to look for @tensorflow/tfjs-node in, in order (the folder the tfjsNodePath setting names, then the
   * workspace's folders). The parent picks the installation; the worker loads only that one.
   */
  searchPaths: string[];
  /** The sandbox's own kernels (default on); off runs stock tfjs. See src/sandbox/fastKernels. */
  fastKernels?: boolean;
  /** Set by the runner: the tfjs-node installation to load, or why there is none. */
  tfjsNode?: TfjsNodeChoice;
}

/** Where tfjs-node would load from, as the parent found it. */
export type TfjsNodeChoice = { dir: string; version: string } | { problem: string };

/** Whether the sandbox's fast kernels run (else stock tfjs), and why not. */
export interface KernelStatus {
  applied: boolean;
  kernels: string[];
  reason?: string;
}

/** One protection of the sandbox process, as measured inside it; `by` is absent when it is not in force. */
export interface Protection {
  name:
    | 'environment'
    | 'child processes'
    | 'worker threads'
    | 'native addons'
    | 'file writes'
    | 'file reads'
    | 'network'
    | 'signals'
    | 'code from strings';
  /** The last two in the browser sandbox (src/sandbox/browser): a Worker, and its page's Content Security Policy. */
  by?: 'allow-list' | 'permission model' | 'JavaScript' | 'V8 flag' | 'browser' | 'Content Security Policy';
  detail?: string;
}

/** What the run header shows: the backend that runs, where tfjs came from, the kernels and the protections. */
export interface BackendInfo {
  backend: BackendName;
  version: string;
  /** Where tfjs-node was loaded from, when it runs. */
  source?: string;
  fallbacks: BackendAttempt[];
  kernels: KernelStatus;
  protections: Protection[];
}

export interface LossPoint {
  series: string;
  step: number;
  loss: number;
}

export interface BackendAttempt {
  backend: BackendName;
  error: string;
}

/** Sandbox → parent. */
export type SandboxMessage =
  | ({ type: 'backend' } & BackendInfo)
  | { type: 'points'; points: LossPoint[] }
  | { type: 'log'; level: 'log' | 'warn' | 'error'; text: string }
  | { type: 'diverged'; series: string; step: number; value: number }
  | { type: 'error'; kind: 'syntax' | 'runtime'; message: string; line?: number; column?: number; stack?: string }
  | {
      type: 'done';
      steps: Record<string, number>;
      finalLoss: Record<string, number>;
      ms: number;
      firstPointMs?: number;
    };

/** Parent → transpiler process (see transpiler.ts). */
export interface TranspileRequest {
  code: string;
  filename: string;
  language: 'javascript' | 'typescript';
}

/** Transpiler → parent: JavaScript with its source map, or where the syntax error is. */
export type TranspileReply =
  | { type: 'transpiled'; code: string; sourceMap: string }
  | { type: 'syntax-error'; message: string; line?: number; column?: number }
  | { type: 'failed'; message: string };

/** How a run ended, as the parent sees it. */
export type RunStatus = 'completed' | 'error' | 'diverged' | 'timeout' | 'memory' | 'stopped' | 'crashed';

export interface RunResult {
  status: RunStatus;
  /** One human sentence: what happened and, when it failed, what to do. */
  summary: string;
  backend?: BackendName;
  fallbacks: BackendAttempt[];
  /** The whole run header, when the sandbox got as far as loading tfjs. */
  info?: BackendInfo;
  error?: Extract<SandboxMessage, { type: 'error' }>;
  diverged?: Extract<SandboxMessage, { type: 'diverged' }>;
  finalLoss: Record<string, number>;
  steps: Record<string, number>;
  ms: number;
  /** Milliseconds from spawning the process to the first loss point. */
  firstPointMs?: number;
  peakRssMB?: number;
}

/** How to install the fast backend, for messages after a fallback. */
export const TFJS_NODE_HINT =
  'For native speed run `npm install @tensorflow/tfjs-node` in your workspace (it downloads libtensorflow, so it needs internet).';
