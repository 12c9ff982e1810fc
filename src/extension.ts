// The entry point of the Node extension host (package.json "main"): desktop VS Code, remote
// folders, code-server. The browser's entry point is extensionWeb.ts.
import type * as vscode from 'vscode';
import { type ExtensionApi, activateExtension } from './activate';
import { nodePlatform } from './platform/node';

export type { ExtensionApi } from './activate';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  return activateExtension(context, nodePlatform(context));
}

export function deactivate(): void {}
