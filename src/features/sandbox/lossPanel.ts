// The loss-curve webview. The extension keeps every run's points (the model); the
// webview draws them with uPlot and can be hidden, shown or reloaded at any time:
// it asks for a snapshot when it (re)starts. On the web the page also hosts the sandbox's Worker
// (see browserSandbox.ts): it is then kept alive while hidden, and its policy admits the Worker.
import * as vscode from 'vscode';
import { LossHistory } from '../../core/lossHistory';
import { type LossPoint, type RunResult } from '../../sandbox/protocol';
import { type Services } from '../../services';
import { webviewHtml } from '../../editor/webviewHtml';
import { handleWebviewMessages } from '../../editor/webviewMessages';
import { LOSS_CHART_BODY } from '../../webview/markup';
import type { FromLossChart, FromSandbox, LossChartState, RunView, ToLossChart } from '../../webview/protocol';

const VIEW_TYPE = 'deepLearningNotes.lossChart';
/** Older runs stay on the chart for comparison, up to this many. */
const MAX_RUNS = 5;

/** Why a file could not be written, in words, by FileSystemError code. */
const WRITE_FAILURES: Record<string, string> = {
  FileNotFound: 'that folder does not exist or takes no new files',
  NoPermissions: 'permission denied',
  FileIsADirectory: 'a folder has that name',
  FileNotADirectory: 'a part of the path is a file, not a folder',
  Unavailable: 'the file system is not available',
};

export class LossPanel {
  private panel?: vscode.WebviewPanel;
  private runs: { view: RunView; history: LossHistory }[] = [];
  /** Resolved when the webview has asked for its first snapshot (used by tests and the benchmark). */
  private readyWaiters: (() => void)[] = [];
  private webviewReady = false;
  private readonly sandboxMessages = new vscode.EventEmitter<FromSandbox>();
  private readonly closed = new vscode.EventEmitter<void>();
  /** What the page's Worker says about a run (web only). */
  readonly onSandboxMessage = this.sandboxMessages.event;
  /** The panel was closed: its page, and a Worker training in it, are gone. */
  readonly onDidClose = this.closed.event;

  constructor(
    private readonly services: Services,
    private readonly onStop: () => void,
  ) {}

  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  /** The runs on the chart, as the webview is told about them. */
  snapshot(): RunView[] {
    return this.runs.map(({ view, history }) => ({ ...view, series: history.series }));
  }

  whenReady(): Promise<void> {
    return this.webviewReady ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    this.attach(
      vscode.window.createWebviewPanel(
        VIEW_TYPE,
        'Loss Curve',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        this.options(),
      ),
    );
  }

  restore(panel: vscode.WebviewPanel, state: Partial<LossChartState> | undefined): void {
    panel.webview.options = this.options();
    this.runs = (state?.runs ?? []).map((view) => ({
      view: { ...view, status: view.status === 'running' ? 'stopped' : view.status },
      history: new LossHistory(view.series),
    }));
    this.attach(panel);
  }

  startRun(id: number, title: string): void {
    this.runs.push({ view: { id, title, status: 'running', series: [] }, history: new LossHistory() });
    this.runs = this.runs.slice(-MAX_RUNS);
    this.show();
    this.post({ type: 'snapshot', runs: this.snapshot() });
  }

  setBackend(id: number, backend: string, note?: string): void {
    const run = this.find(id);
    if (!run) return;
    run.view.backend = backend;
    run.view.backendNote = note;
    this.post({ type: 'run', run: { ...run.view, series: [] } });
  }

  addPoints(id: number, points: LossPoint[]): void {
    this.find(id)?.history.add(points);
    this.post({ type: 'points', id, points });
  }

  finishRun(id: number, result: RunResult): void {
    const run = this.find(id);
    if (!run) return;
    run.view.status = result.status;
    run.view.summary = result.summary;
    run.view.diverged = result.diverged && {
      series: result.diverged.series,
      step: result.diverged.step,
      value: String(result.diverged.value),
    };
    this.post({ type: 'run', run: { ...run.view, series: [] } });
  }

  private find(id: number) {
    return this.runs.find((r) => r.view.id === id);
  }

  /** Posts to the page once it listens; messages before that are covered by the snapshot it asks for. */
  post(message: ToLossChart): void {
    if (this.panel && this.webviewReady) void this.panel.webview.postMessage(message);
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    const root = this.services.context.extensionUri;
    const inPage = this.services.platform.sandboxInPage;
    return {
      enableScripts: true,
      // A hidden page would take its Worker, and the run, with it.
      retainContextWhenHidden: inPage,
      localResourceRoots: [
        vscode.Uri.joinPath(root, 'dist', 'webview'),
        vscode.Uri.joinPath(root, 'media'),
        ...(inPage
          ? [vscode.Uri.joinPath(root, 'dist', 'wasm'), vscode.Uri.joinPath(root, 'dist', 'esbuild-wasm')]
          : []),
      ],
    };
  }

  /** The policy a page that trains needs: its Worker from a blob: of our bundle, WebAssembly, and our own files. */
  private sandboxSources(webview: vscode.Webview) {
    if (!this.services.platform.sandboxInPage) return undefined;
    return { script: ['blob:', "'wasm-unsafe-eval'"], connect: [webview.cspSource], worker: ['blob:'] };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.webviewReady = false;
    panel.iconPath = vscode.Uri.joinPath(this.services.context.extensionUri, 'media', 'icons', 'graph.svg');
    panel.webview.html = webviewHtml({
      webview: panel.webview,
      extensionUri: this.services.context.extensionUri,
      title: 'Loss Curve',
      styles: ['dist/webview/uPlot.min.css', 'media/webview/common.css', 'media/webview/lossChart.css'],
      scripts: ['dist/webview/lossChart.js'],
      body: LOSS_CHART_BODY,
      extraSources: this.sandboxSources(panel.webview),
    });
    handleWebviewMessages<FromLossChart>(panel.webview, (message) => this.onMessage(message));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.webviewReady = false;
      this.closed.fire();
    });
  }

  private async onMessage(message: FromLossChart): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        this.post({ type: 'snapshot', runs: this.snapshot() });
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        return;
      case 'stop':
        this.onStop();
        return;
      case 'clear':
        this.runs = this.runs.filter((r) => r.view.status === 'running');
        this.post({ type: 'snapshot', runs: this.snapshot() });
        return;
      case 'exportCsv':
        return this.export('csv', () => this.csv());
      case 'exportPng':
        return this.export('png', () => fromBase64(message.dataUrl.replace(/^data:image\/png;base64,/, '')));
      case 'sandbox':
      case 'sandboxEnded':
        this.sandboxMessages.fire(message);
        return;
    }
  }

  /** All series of all runs on the chart, one CSV; columns are "run · series" when there are several runs. */
  csv(): string {
    const prefix = this.runs.length > 1;
    const merged = new LossHistory(
      this.runs.flatMap(({ view, history }) =>
        history.series.map((s) => ({ ...s, name: prefix ? `${view.title} · ${s.name}` : s.name })),
      ),
    );
    return merged.toCsv();
  }

  /** Asks where to save, then writes; a failure says which file and why (see handleWebviewMessages). */
  private async export(kind: 'csv' | 'png', content: () => string | Uint8Array): Promise<void> {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? this.services.platform.homeFolder();
    const target = await vscode.window.showSaveDialog({
      defaultUri: base && vscode.Uri.joinPath(base, `loss-curve.${kind}`),
      filters: kind === 'csv' ? { CSV: ['csv'] } : { PNG: ['png'] },
    });
    if (!target) return;
    const data = content();
    try {
      await vscode.workspace.fs.writeFile(target, typeof data === 'string' ? new TextEncoder().encode(data) : data);
    } catch (error) {
      const why =
        error instanceof vscode.FileSystemError
          ? (WRITE_FAILURES[error.code] ?? error.message)
          : (error as Error).message;
      throw new Error(`could not save the loss curve as ${kind.toUpperCase()} to ${target.fsPath}: ${why}`, {
        cause: error,
      });
    }
    vscode.window.setStatusBarMessage(`Saved ${target.fsPath}`, 4000);
  }

  dispose(): void {
    this.sandboxMessages.dispose();
    this.closed.dispose();
  }

  static register(context: vscode.ExtensionContext, lossPanel: LossPanel): void {
    context.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => {
          lossPanel.restore(panel, state as Partial<LossChartState> | undefined);
          return Promise.resolve();
        },
      }),
    );
  }
}

/** Bytes from base64, without Node's Buffer (the browser's web worker has none). */
function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
