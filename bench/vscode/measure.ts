// What the VS Code benchmark measures inside the extension host, in either host: the Node one
// (index.ts) and the browser's web worker (web.ts, bundled for it). Activation, the first hover
// (warm: a second after the file opens, the notes read in the background meanwhile; cold: at once after
// Reload Notes), hover latency through vscode.executeHoverProvider on a large file, a demo through Run
// Demo…, and the heap where the host can say (Node only). Prints one JSON line for bench/run.ts.
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { RunResult } from '../../src/sandbox/protocol';
import { hoverPositions, percentile } from '../hoverPositions';

export const BENCH_MARKER = 'DLN_BENCH ';

export interface HostMeasures {
  /** The large file: its text, and where it is. */
  largeFile: { text: string; uri: vscode.Uri };
  /** heapUsed in MB, where the host has it (after a GC when it can). */
  heapMB?: () => number;
  /** Milliseconds to wait after the workbench starts before activating (0: at once, as a person opening a file). */
  settleMs?: number;
}

export async function measure({ largeFile, heapMB, settleMs = 0 }: HostMeasures): Promise<void> {
  if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
  const extension = vscode.extensions.getExtension<ExtensionApi>('dl-notes.deep-learning-notes')!;
  const wasActive = extension.isActive;
  const heapBefore = heapMB?.();
  const started = performance.now();
  const api = await extension.activate();
  const activationMs = performance.now() - started;
  const heapAfterActivation = heapMB?.();
  const loadedAtActivation = { notes: api.services.knowledgeBaseLoaded, katex: api.notePanel.rendererLoaded };

  // The first hover as a user meets it: open a model file, take a second to point at a name (the notes
  // load and the file is read in the background meanwhile), hover `self.ln1` in `self.ln1(x)`.
  const model = await vscode.workspace.openTextDocument(
    vscode.Uri.joinPath(extension.extensionUri, 'examples', 'model.py'),
  );
  await vscode.window.showTextDocument(model);
  const use = model.getText().indexOf('self.ln1(') + 'self.'.length + 1;
  const ownMs: number[] = [];
  const hoverOnce = async () => {
    const t0 = performance.now();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      model.uri,
      model.positionAt(use),
    );
    const ms = performance.now() - t0;
    ownMs.push(api.hover.lastMs ?? NaN);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    if (!text.includes('Layer Normalization')) throw new Error(`the first hover did not explain ln1: ${text}`);
    return ms;
  };
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const loadedBeforeFirstHover = api.services.knowledgeBaseLoaded;
  const firstHoverMs = await hoverOnce();
  const secondHoverMs = await hoverOnce();
  // Cold: the notes reloaded and the hover asked at once, so it waits for the load and the file's analysis.
  await api.services.reload();
  const coldHoverMs = await hoverOnce();
  // What reading the notes took in that cold load: the built-in content (one file through
  // vscode.workspace.fs), your notes, the indexes.
  const notesLoadMs = api.services.lastLoadMs;
  const notesLoadPhases = api.services.lastLoadPhases;
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');

  const document = await vscode.workspace.openTextDocument(largeFile.uri);
  await vscode.window.showTextDocument(document);
  const samples: number[] = [];
  for (const position of hoverPositions(largeFile.text, 300)) {
    const t0 = performance.now();
    await vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(position.line, position.character),
    );
    samples.push(performance.now() - t0);
  }

  // Open the tree (every topic, note and link group) and a note, then measure the heap again.
  const tree = api.notesTree;
  for (const topic of await tree.getChildren())
    for (const note of await tree.getChildren(topic))
      for (const group of await tree.getChildren(note))
        for (const element of await tree.getChildren(group)) await tree.getTreeItem(element);
  await vscode.commands.executeCommand('deepLearningNotes.openNote', 'attention');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const heapAfterTreeAndNote = heapMB?.();

  // A demo through the command, as a person runs it: in a process, or in the loss chart's Worker.
  const demo = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runDemo', 'layernorm-comparison');
  const demoSteps = Math.max(0, ...Object.values(demo.steps));
  const demoRun = {
    status: demo.status,
    header: api.sandbox.lossPanel.snapshot().slice(-1)[0]?.backend,
    firstPointMs: demo.firstPointMs,
    stepsPerSecond: (demoSteps - 1) / ((demo.ms - (demo.firstPointMs ?? 0)) / 1000),
  };

  console.log(
    BENCH_MARKER +
      JSON.stringify({
        host: api.services.platform.kind,
        wasActive,
        activationMs,
        ownActivationMs: api.activationMs,
        loadedAtActivation,
        firstHoverMs,
        secondHoverMs,
        ownHoverMs: { first: ownMs[0], second: ownMs[1], cold: ownMs[2] },
        loadedBeforeFirstHover,
        coldHoverMs,
        notesLoadMs,
        notesLoadPhases,
        demoRun,
        lines: document.lineCount,
        hoverMs: { p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length },
        heapMB: heapMB && {
          before: heapBefore,
          afterActivation: heapAfterActivation,
          afterTreeAndNote: heapAfterTreeAndNote,
        },
      }),
  );
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
