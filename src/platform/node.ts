// The Node extension host: the note renderer is a sibling bundle loaded with require(), and sandbox
// runs are separate Node processes (src/sandbox/runner.ts).
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as Render from '../core/render';
import { BACKEND_LABEL } from '../sandbox/protocol';
import { backendLabel, fallbackNote, headerLines } from '../sandbox/runHeader';
import { SandboxRun } from '../sandbox/runner';
import { type Platform } from './platform';

/**
 * Where to look for @tensorflow/tfjs-node, in order: the folder the tfjsNodePath setting names (relative to
 * the first workspace folder), then the workspace's folders.
 */
function tfjsNodeFolders(setting: string): string[] {
  const workspace = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const named = setting.trim() && path.resolve(workspace[0] ?? '', setting.trim());
  return named ? [named, ...workspace] : workspace;
}

export function nodePlatform(context: vscode.ExtensionContext): Platform {
  const workerScript = vscode.Uri.joinPath(context.extensionUri, 'dist', 'sandbox-worker.js').fsPath;
  return {
    kind: 'node',
    // dist/render.js sits next to dist/extension.js (scripts/build.mjs keeps it out of this bundle).
    loadRenderer: () => Promise.resolve(new (require('./render.js') as typeof Render).NoteRenderer()),
    homeFolder: () => vscode.Uri.file(homedir()),
    sandboxInPage: false,
    sandboxEngine: () => ({
      header: (info) => ({ label: backendLabel(info), note: fallbackNote(info), lines: headerLines(info) }),
      trainingOn: (backend) => `on ${BACKEND_LABEL[backend]}`,
      tfjsNodeFolders,
      start: (request, limits, callbacks) => new SandboxRun(workerScript, request, limits, callbacks),
    }),
  };
}
