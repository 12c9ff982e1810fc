// In Restricted Mode (an untrusted workspace) notes and hovers work, but nothing runs.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activate, closeAllEditors, openFixture, ourHovers, positionOf } from './helpers';

describe('@untrusted workspace', () => {
  after(closeAllEditors);

  it('is really untrusted', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  it('still explains code, without the "Run demo" action', async () => {
    await activate();
    const editor = await openFixture('gpt_model.py');
    const [hover] = await ourHovers(editor.document.uri, positionOf(editor.document, 'nn.LayerNorm', 5));
    assert.match(hover ?? '', /Layer Normalization/);
    assert.doesNotMatch(hover!, /runDemo/);
  });

  it("refuses to run a demo or the editor's code", async () => {
    const { sandbox } = await activate();
    assert.strictEqual(await vscode.commands.executeCommand('deepLearningNotes.runDemo', 'init-comparison'), undefined);
    await openFixture('train_small.ts');
    assert.strictEqual(await vscode.commands.executeCommand('deepLearningNotes.runSnippet'), undefined);
    assert.strictEqual(sandbox.running, false);
    assert.deepStrictEqual(sandbox.lossPanel.snapshot(), []);
  });
});
