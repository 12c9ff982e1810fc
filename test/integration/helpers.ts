// Helpers for suites that run inside the extension host of a real VS Code: the Node host, and the
// browser's web worker (test/integration/web), where files are read through vscode.workspace.fs.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';

export const EXTENSION_ID = 'dl-notes.deep-learning-notes';

export function fixturesFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'the tests run with test/fixtures open as the workspace');
  return folder;
}

export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(fixturesFolder(), ...name.split('/'));
}

function extensionUri(): vscode.Uri {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.extensionUri;
}

/** How many built-in notes the extension ships: the Markdown files of its media/notes folder. */
export async function builtInNoteCount(): Promise<number> {
  const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(extensionUri(), 'media', 'notes'));
  return entries.filter(([name]) => name.endsWith('.md')).length;
}

/** The extension's package.json. */
export async function manifest(): Promise<Record<string, unknown> & { contributes: Record<string, unknown> }> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri(), 'package.json'));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown> & {
    contributes: Record<string, unknown>;
  };
}

/** Which extension host the suites run in this time (the runner's setting, see test/runners/runInCodeServer.ts). */
export function expectedHost(): 'node' | 'web' {
  return (
    vscode.workspace.getConfiguration('deepLearningNotesTests').get<'node' | 'web'>('host') ??
    (typeof process === 'undefined' ? 'web' : 'node')
  );
}

export async function activate(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(document);
}

/** The position inside the n-th occurrence of `text` (0-based), `offset` characters into it. */
export function positionOf(document: vscode.TextDocument, text: string, offset = 1, occurrence = 0): vscode.Position {
  const content = document.getText();
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = content.indexOf(text, index + 1);
    assert.ok(index >= 0, `"${text}" (occurrence ${occurrence}) is in ${document.uri.fsPath}`);
  }
  return document.positionAt(index + offset);
}

/** Our hovers at a position (other extensions' hovers are left out), as Markdown text. */
export async function ourHovers(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .map((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n'))
    .filter((text) => text.includes('command:deepLearningNotes.openNote'));
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function setConfig(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('deepLearningNotes').update(key, value, vscode.ConfigurationTarget.Global);
}
