// The messages between our webviews and the panels that feed them, declared once and imported
// by both sides, as sandbox/protocol.ts does for the sandbox process:
//   features/notePanel.ts        ↔ webview/note.ts       (the note view)
//   features/sandbox/lossPanel.ts ↔ webview/lossChart.ts  (the loss chart)
//   features/sandbox/browserSandbox.ts ↔ webview/sandboxHost.ts (on the web: a run in the chart's Worker)
// Types only: nothing here runs, so the extension and the browser scripts can both import it.
import type { Series } from '../core/lossHistory';
import type { LossPoint, RunRequest, RunStatus, SandboxMessage } from '../sandbox/protocol';

// ── The note view ──

/** What the note view keeps across window reloads (webview state), and what its panel restores from. */
export interface NoteViewState {
  history: string[];
  position: number;
}

export type ToNoteView = {
  type: 'show';
  slug: string;
  title: string;
  /** The note rendered by core/render.ts; our own markup, raw HTML in notes is escaped. */
  html: string;
  hasSnippets: boolean;
  canRunDemo: boolean;
} & NoteViewState;

export type FromNoteView =
  | { type: 'ready' }
  | { type: 'open'; slug: string }
  | { type: 'external'; url: string }
  | { type: 'back' }
  | { type: 'forward' }
  | { type: 'insertSnippet' }
  | { type: 'runDemo' }
  | { type: 'copyLink' };

// ── The loss chart ──

/** One run as the loss chart shows it. */
export interface RunView {
  id: number;
  title: string;
  status: 'running' | RunStatus;
  summary?: string;
  backend?: string;
  backendNote?: string;
  series: Series[];
  /** Where the loss stopped being finite; the value as text, since NaN and Infinity do not survive JSON. */
  diverged?: { series: string; step: number; value: string };
}

/** What the loss chart keeps across window reloads, and what its panel restores from. */
export interface LossChartState {
  smoothing: number;
  logScale: boolean;
  runs?: RunView[];
}

export type ToLossChart =
  | { type: 'snapshot'; runs: RunView[] }
  /** A run's status or backend changed; its series are sent as points, so `series` is empty here. */
  | { type: 'run'; run: RunView }
  | { type: 'points'; id: number; points: LossPoint[] }
  | StartSandbox
  | { type: 'stopSandbox'; sandboxId: number };

export type FromLossChart =
  | { type: 'ready' }
  | { type: 'stop' }
  | { type: 'clear' }
  | { type: 'exportCsv' }
  | { type: 'exportPng'; dataUrl: string }
  | FromSandbox;

// ── The browser sandbox: on the web, the chart's page trains the program in a Worker ──

/** Webview addresses of what the Worker loads: its bundle, tfjs's .wasm folder, esbuild-wasm (for TypeScript). */
export interface SandboxFiles {
  worker: string;
  wasmFolder: string;
  esbuild: string;
  esbuildWasm: string;
}

/** Starts a run in a new Worker of the page. */
export interface StartSandbox {
  type: 'startSandbox';
  sandboxId: number;
  request: RunRequest;
  files: SandboxFiles;
}

/** How a Worker's run ended, as the page saw it. */
export type SandboxEnd = 'finished' | 'terminated' | 'crashed';

/**
 * A message of the Worker (the same SandboxMessage a Node sandbox process sends), or the Worker's end.
 * Webview messages travel as JSON, where NaN and Infinity become null: a divergence's value comes as text.
 */
export type FromSandbox =
  | { type: 'sandbox'; sandboxId: number; message: SandboxMessage; divergedValue?: string }
  | { type: 'sandboxEnded'; sandboxId: number; end: SandboxEnd; detail?: string };

/** Page → Worker: the one request a Worker serves (its answers are SandboxMessages). */
export interface WorkerStart {
  type: 'start';
  request: RunRequest;
  files: SandboxFiles;
}

/**
 * Worker → page: read one of the extension's files for it. A Worker made from a blob: URL is not
 * served by the webview's service worker, which is what answers the page's requests for our files.
 */
export interface FileRequest {
  type: 'file';
  id: number;
  url: string;
}

/** Page → Worker: the file, or why it could not be read. */
export type FileReply = { type: 'file'; id: number } & (
  { ok: true; body: ArrayBuffer; contentType: string } | { ok: false; error: string }
);

export type ToSandboxWorker = WorkerStart | FileReply;
export type FromSandboxWorker = SandboxMessage | FileRequest;
