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
  /** Training steps the program should run (the global STEPS); undefined keeps the program's default. */
  steps?: number;
  /** Extra folders to look for @tensorflow/tfjs-node in (the workspace's node_modules). */
  searchPaths: string[];
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
  | { type: 'backend'; backend: BackendName; version: string; fallbacks: BackendAttempt[] }
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

/** How a run ended, as the parent sees it. */
export type RunStatus = 'completed' | 'error' | 'diverged' | 'timeout' | 'memory' | 'stopped' | 'crashed';

export interface RunResult {
  status: RunStatus;
  /** One human sentence: what happened and, when it failed, what to do. */
  summary: string;
  backend?: BackendName;
  fallbacks: BackendAttempt[];
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
