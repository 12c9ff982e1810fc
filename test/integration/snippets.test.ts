import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activate, closeAllEditors } from './helpers';

async function completionLabels(language: string, typed: string): Promise<string[]> {
  const document = await vscode.workspace.openTextDocument({ language, content: typed });
  await vscode.window.showTextDocument(document);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    document.positionAt(typed.length),
  );
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

describe('snippets', () => {
  before(activate);
  afterEach(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));
  after(closeAllEditors);

  it('offers PyTorch snippets as completions in Python', async () => {
    const labels = await completionLabels('python', 'dl-');
    for (const prefix of ['dl-attention', 'dl-layernorm', 'dl-xavier', 'dl-he', 'dl-ema'])
      assert.ok(labels.includes(prefix), `${prefix} in ${labels.join(', ')}`);
  });

  it('offers TensorFlow.js snippets in JavaScript and TypeScript', async () => {
    for (const language of ['javascript', 'typescript']) {
      const labels = await completionLabels(language, 'dl-');
      for (const prefix of ['dl-attention', 'dl-layernorm', 'dl-ema'])
        assert.ok(labels.includes(prefix), `${prefix} in ${language}`);
    }
  });

  it('"Insert Snippet" inserts the variant for the editor language', async () => {
    const python = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: 'python', content: '' }),
    );
    assert.strictEqual(
      await vscode.commands.executeCommand('deepLearningNotes.insertSnippet', 'dropout'),
      'inverted-dropout',
    );
    assert.match(python.document.getText(), /def inverted_dropout\(/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const js = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: 'typescript', content: '' }),
    );
    assert.strictEqual(
      await vscode.commands.executeCommand('deepLearningNotes.insertSnippet', 'ema-target-update'),
      'ema-target-update',
    );
    assert.match(js.document.getText(), /function emaUpdate\(/);
  });
});
