// Runs inside the extension host of a real VS Code (code-server), like the
// integration suites: measures activation, memory and hover latency through
// vscode.executeHoverProvider, and prints one JSON line for bench/run.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { hoverPositions, largeModelFile, percentile } from '../largeFile';

export const BENCH_MARKER = 'DLN_BENCH ';

const heapMB = () => process.memoryUsage().heapUsed / 1024 / 1024;
const collect = () => (globalThis as { gc?: () => void }).gc?.();

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<ExtensionApi>('dl-notes.deep-learning-notes')!;
  const wasActive = extension.isActive;
  collect();
  const heapBefore = heapMB();
  const started = performance.now();
  const api = await extension.activate();
  const activationMs = performance.now() - started;
  collect();
  const heapAfterActivation = heapMB();
  const loadedAtActivation = { notes: api.services.knowledgeBaseLoaded, katex: api.notePanel.rendererLoaded };

  const projectRoot = api.services.context.extensionPath;

  // The first hover as a user meets it: open a model file, take a second to point at a name (the notes
  // load and the file is read in the background meanwhile), hover `self.ln1` in `self.ln1(x)`.
  const model = await vscode.workspace.openTextDocument(join(projectRoot, 'examples/model.py'));
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
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const file = join(tmpdir(), `dl-notes-bench-${process.pid}.py`);
  const text = largeModelFile(projectRoot);
  writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  const samples: number[] = [];
  for (const position of hoverPositions(text, 300)) {
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
  collect();
  const heapAfterTreeAndNote = heapMB();

  console.log(
    BENCH_MARKER +
      JSON.stringify({
        wasActive,
        activationMs,
        ownActivationMs: api.activationMs,
        loadedAtActivation,
        firstHoverMs,
        secondHoverMs,
        ownHoverMs: { first: ownMs[0], second: ownMs[1], cold: ownMs[2] },
        loadedBeforeFirstHover,
        coldHoverMs,
        lines: document.lineCount,
        hoverMs: { p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length },
        heapMB: { before: heapBefore, afterActivation: heapAfterActivation, afterTreeAndNote: heapAfterTreeAndNote },
      }),
  );
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
