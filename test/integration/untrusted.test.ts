// In Restricted Mode (an untrusted workspace) notes and hovers work, but nothing runs.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/sandbox/protocol';
import { activate, closeAllEditors, openFixture, ourHovers, positionOf } from './helpers';

describe('@untrusted workspace', () => {
  after(closeAllEditors);

  it('is really untrusted', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  it('still explains code, with the "Run demo" action: the demos are the extension\'s own code', async () => {
    await activate();
    const editor = await openFixture('gpt_model.py');
    const [hover] = await ourHovers(editor.document.uri, positionOf(editor.document, 'nn.LayerNorm', 5));
    assert.match(hover ?? '', /Layer Normalization/);
    assert.match(hover!, /command:deepLearningNotes\.runDemo/);
  });

  it("refuses to run the folder's own code", async () => {
    const { sandbox } = await activate();
    await openFixture('train_small.ts');
    assert.strictEqual(await vscode.commands.executeCommand('deepLearningNotes.runSnippet'), undefined);
    assert.strictEqual(sandbox.running, false);
    assert.deepStrictEqual(sandbox.lossPanel.snapshot(), []);
  });

  it('runs a built-in demo', async () => {
    const { sandbox } = await activate();
    const result = await vscode.commands.executeCommand<RunResult | undefined>(
      'deepLearningNotes.runDemo',
      'layernorm-comparison',
    );
    assert.strictEqual(result?.status, 'completed', result?.summary);
    assert.ok(sandbox.lossPanel.snapshot()[0]?.series.length, 'its curves are on the chart');
  });
});
