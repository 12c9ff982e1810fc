// Reloading notes (Reload Notes, a changed note file, a changed setting) comes in bursts.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activate } from './helpers';

describe('reloading notes', () => {
  it('resolves every caller of a burst of reloads, with one reload for the burst', async () => {
    const { services } = await activate();
    await services.knowledgeBase();
    let changes = 0;
    const listening = services.onDidChangeNotes(() => changes++);
    try {
      const outcome = await Promise.race([
        Promise.all([
          services.reload(),
          services.reload(),
          vscode.commands.executeCommand('deepLearningNotes.reloadNotes'),
        ]).then(() => 'every caller resolved'),
        new Promise((resolve) => setTimeout(() => resolve('a caller was left waiting'), 5000)),
      ]);
      assert.strictEqual(outcome, 'every caller resolved');
      assert.strictEqual(changes, 1);
    } finally {
      listening.dispose();
    }
  });
});
