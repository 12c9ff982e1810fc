// A browser's web worker (vscode.dev, github.dev, hosted editors): no Node, no process to spawn and
// no local disk. The note renderer is read through vscode.workspace.fs (the extension's own files
// are addresses `fetch` cannot always load, vscode-remote:// or vscode-vfs://) and evaluated as the
// extension host evaluates the extension itself; sandbox runs train in a Worker of the loss chart's page.
import * as vscode from 'vscode';
import type * as Render from '../core/render';
import { BrowserSandbox } from '../features/sandbox/browserSandbox';
import { type Platform } from './platform';

/** The note renderer's browser bundle (scripts/build.mjs). */
export const WEB_RENDERER = 'dist/web/render.js';

export function webPlatform(context: vscode.ExtensionContext): Platform {
  return {
    kind: 'web',
    loadRenderer: async () =>
      new (await loadBundle<typeof Render>(vscode.Uri.joinPath(context.extensionUri, WEB_RENDERER))).NoteRenderer(),
    homeFolder: () => undefined,
    sandboxInPage: true,
    sandboxEngine: (lossPanel) => new BrowserSandbox(lossPanel, context.extensionUri),
  };
}

/** A CommonJS bundle of the extension's own, evaluated once it is read. */
async function loadBundle<T>(uri: vscode.Uri): Promise<T> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const module = { exports: {} };
  // The same evaluation the web worker extension host applies to dist/web/extension.js.
  new Function('module', 'exports', `${text}\n//# sourceURL=${uri.toString(true)}`)(module, module.exports);
  return module.exports as T;
}
