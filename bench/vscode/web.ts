// Runs inside the browser's web worker extension host (the extension's browser build), bundled for it
// by bench/run.ts: the measurements of measure.ts. The runner writes the large file and names it in a
// setting (a web worker has no environment); it is read through the workspace's file system, as the
// browser reads every file. The heap is not measured: a web worker has no API for it.
import * as vscode from 'vscode';
import { measure } from './measure';

export async function run(): Promise<void> {
  const options = vscode.workspace.getConfiguration('deepLearningNotesBench');
  const path = options.get<string>('largeFile');
  if (!path) throw new Error('the runner names the large file in deepLearningNotesBench.largeFile');
  const uri = vscode.workspace.workspaceFolders![0]!.uri.with({ path });
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  await measure({ largeFile: { text, uri }, settleMs: options.get<number>('settleMs', 0) });
}
