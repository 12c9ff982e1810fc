// What differs between the two extension hosts the extension runs in, and nothing else: a Node host
// (desktop VS Code, remote folders, code-server) and a browser's web worker (vscode.dev, github.dev,
// hosted editors). Each entry point passes its own Platform (extension.ts: node.ts; extensionWeb.ts:
// web.ts); the features are the same code on both.
import type * as vscode from 'vscode';
import type { NoteRenderer } from '../core/render';
import type { LossPanel } from '../features/sandbox/lossPanel';
import type { BackendInfo, BackendName, RunRequest, RunResult } from '../sandbox/protocol';
import type { SandboxCallbacks, SandboxLimits } from '../sandbox/runner';

/** One sandbox run, wherever it trains. */
export interface SandboxHandle {
  /** Resolves when the run is over, however it ended. */
  readonly done: Promise<RunResult>;
  /** Ends the run now (Stop). */
  stop(): void;
}

/** The run header: the chart's one-line label, why a faster backend did not run, and the output's lines. */
export interface RunHeader {
  label: string;
  note?: string;
  lines: string[];
}

/** Where sandbox runs train: a Node process, or a Worker in the loss chart's page. */
export interface SandboxEngine {
  /** The header of a run, saying where it trained when that is not a Node process. */
  header(info: BackendInfo): RunHeader;
  /** "on WebAssembly", "in the browser (WebAssembly)": for the status bar. */
  trainingOn(backend: BackendName): string;
  /** Where to look for @tensorflow/tfjs-node, from the tfjsNodePath setting and the workspace (none in a browser). */
  tfjsNodeFolders(setting: string): string[];
  start(request: RunRequest, limits: SandboxLimits, callbacks: SandboxCallbacks): SandboxHandle;
}

export interface Platform {
  readonly kind: 'node' | 'web';
  /** markdown-it and KaTeX, loaded with the first note view (their own bundle, not the extension's). */
  loadRenderer(): Promise<NoteRenderer>;
  /** Where a file saved from the chart goes by default when no folder is open. */
  homeFolder(): vscode.Uri | undefined;
  /** The sandbox; the browser engine trains in the loss chart's page. */
  sandboxEngine(lossPanel: LossPanel): SandboxEngine;
  /** Whether the loss chart's page hosts the sandbox (its policy then admits a Worker and WebAssembly). */
  readonly sandboxInPage: boolean;
}
