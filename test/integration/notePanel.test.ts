import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activate, closeAllEditors, waitFor } from './helpers';

function webviewTabs(label?: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && (!label || tab.label === label));
}

describe('note view', () => {
  after(closeAllEditors);

  it('opens a note in a webview titled with the note', async () => {
    const { notePanel } = await activate();
    await vscode.commands.executeCommand('deepLearningNotes.openNote', 'attention');
    assert.strictEqual(notePanel.currentSlug, 'attention');
    await waitFor('the note tab', () => webviewTabs('Attention').length === 1);
  });

  it('reuses one panel and keeps a history when navigating', async () => {
    const { notePanel } = await activate();
    await vscode.commands.executeCommand('deepLearningNotes.openNote', 'transformers');
    await vscode.commands.executeCommand('deepLearningNotes.openNote', 'positional-encoding');
    assert.strictEqual(notePanel.currentSlug, 'positional-encoding');
    await waitFor('the tab title to follow the note', () => webviewTabs('Positional Encoding').length === 1);
    assert.strictEqual(
      webviewTabs().filter((t) => (t.input as vscode.TabInputWebview).viewType.includes('deepLearningNotes.note'))
        .length,
      1,
    );
  });

  // What it says is checked where a person reads it: the notification, in test/e2e/ui.test.ts.
  it('keeps showing the current note when asked for one that does not exist', async () => {
    const { notePanel } = await activate();
    await vscode.commands.executeCommand('deepLearningNotes.openNote', 'no-such-note');
    assert.strictEqual(notePanel.currentSlug, 'positional-encoding');
  });

  it('keeps its back/forward history when the notes are reloaded', async () => {
    const { notePanel, services } = await activate();
    await vscode.commands.executeCommand('deepLearningNotes.openNote', 'transformers');
    await vscode.commands.executeCommand('deepLearningNotes.openNote', 'positional-encoding');
    const before = notePanel.navigation;
    assert.deepStrictEqual(before.history.slice(-2), ['transformers', 'positional-encoding']);
    await services.reload();
    await services.knowledgeBase();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepStrictEqual(notePanel.navigation, before);
  });

  it('copies a link that opens the note', async () => {
    await activate();
    const link = await vscode.commands.executeCommand<string>('deepLearningNotes.copyNoteLink', 'dropout');
    // A vscode:// URI on the desktop; code-server wraps it in an http callback URL.
    assert.match(link, /^\[Dropout\]\(\S+\)$/);
    assert.ok(decodeURIComponent(link).includes('/note/dropout'), link);
    assert.strictEqual(await vscode.env.clipboard.readText(), link);
  });
});
