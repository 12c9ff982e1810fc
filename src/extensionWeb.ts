// The entry point of the browser's web worker extension host (package.json "browser"): vscode.dev,
// github.dev and other editors without a Node host. Same features, on the web platform.
import type * as vscode from 'vscode';
import { type ExtensionApi, activateExtension } from './activate';
import { webPlatform } from './platform/web';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  return activateExtension(context, webPlatform(context));
}

export function deactivate(): void {}
