// Runs inside the Node extension host of a real VS Code (code-server), like the integration suites:
// the measurements of measure.ts, on the large file the runner wrote, with the heap from Node.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { measure } from './measure';

const heapMB = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

export async function run(): Promise<void> {
  const options = vscode.workspace.getConfiguration('deepLearningNotesBench');
  const file = options.get<string>('largeFile');
  if (!file) throw new Error('the runner names the large file in deepLearningNotesBench.largeFile');
  const text = readFileSync(file, 'utf8');
  await measure({
    largeFile: { text, uri: vscode.Uri.file(file) },
    heapMB,
    settleMs: options.get<number>('settleMs', 0),
  });
}
