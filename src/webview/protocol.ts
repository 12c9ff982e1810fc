// The messages between our webviews and the panels that feed them, declared once and imported
// by both sides, as sandbox/protocol.ts does for the sandbox process:
//   features/notePanel.ts        ↔ webview/note.ts       (the note view)
//   features/sandbox/lossPanel.ts ↔ webview/lossChart.ts  (the loss chart)
// Types only: nothing here runs, so the extension and the browser scripts can both import it.
import type { Series } from '../core/lossHistory';
import type { LossPoint, RunStatus } from '../sandbox/protocol';

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
  | { type: 'points'; id: number; points: LossPoint[] };

export type FromLossChart =
  | { type: 'ready' }
  | { type: 'stop' }
  | { type: 'clear' }
  | { type: 'exportCsv' }
  | { type: 'exportPng'; dataUrl: string };
