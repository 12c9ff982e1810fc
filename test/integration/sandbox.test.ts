import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/sandbox/protocol';
import { activate, closeAllEditors, openFixture, ourHovers, positionOf, setConfig, waitFor } from './helpers';

describe('sandbox runs', () => {
  after(closeAllEditors);

  it('runs a demo in a separate process and streams its loss to the chart panel', async () => {
    const { sandbox } = await activate();
    const result = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runDemo', 'layernorm-comparison');
    assert.strictEqual(result.status, 'completed', result.summary);
    assert.ok(result.backend === 'wasm' || result.backend === 'tensorflow', `backend ${result.backend}`);
    if (result.backend !== 'tensorflow')
      assert.strictEqual(result.fallbacks[0]?.backend, 'tensorflow', 'says why tfjs-node was not used');
    const [run] = sandbox.lossPanel.snapshot().slice(-1);
    assert.strictEqual(run!.status, 'completed');
    assert.ok(run!.series.length >= 2, 'variants are separate series');
    for (const series of run!.series) assert.ok(series.steps.length > 10, `${series.name} has a curve`);
    const [main] = run!.series;
    const head = main!.losses.slice(0, 10).reduce((a, b) => a + b) / 10;
    const tail = main!.losses.slice(-10).reduce((a, b) => a + b) / 10;
    assert.ok(tail < head, `${main!.name}: loss goes down (${head} → ${tail})`);
    const csv = sandbox.lossPanel.csv().split('\n');
    assert.match(csv[0]!, /^step,/);
    assert.ok(csv.length > main!.steps.length, 'the CSV export has a row per step');
    assert.ok(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Loss Curve'),
      'the loss chart is open',
    );
  });

  it('runs the TypeScript file in the editor', async () => {
    await activate();
    await openFixture('train_small.ts');
    const result = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
    assert.strictEqual(result.status, 'completed', result.summary);
    assert.strictEqual(result.steps.loss, 60);
  });

  it('reports a runtime error on the right line of the program, as a diagnostic', async () => {
    await activate();
    const editor = await openFixture('run-error.js');
    const result = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
    assert.strictEqual(result.status, 'error');
    assert.strictEqual(result.error?.line, 5);
    const diagnostics = vscode.languages.getDiagnostics(editor.document.uri);
    assert.strictEqual(diagnostics[0]?.range.start.line, 4);
    assert.match(diagnostics[0].message, /matMul/);
  });

  it('runs only the selection when there is one, and maps error lines to the document', async () => {
    await activate();
    const editor = await openFixture('run-error.js');
    editor.selection = new vscode.Selection(1, 0, 4, 100);
    const result = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
    assert.strictEqual(result.status, 'error');
    assert.strictEqual(result.error?.line, 4, 'line 4 of the selection');
    assert.strictEqual(
      vscode.languages.getDiagnostics(editor.document.uri)[0]?.range.start.line,
      4,
      'line 5 of the file',
    );
  });

  it('Stop ends a run that would never finish, and the extension keeps working', async () => {
    const { sandbox } = await activate();
    await openFixture('long-run.js');
    const pending = vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
    await waitFor('the run to report a loss', () => sandbox.lossPanel.snapshot().slice(-1)[0]?.series[0]?.steps.length);
    await vscode.commands.executeCommand('deepLearningNotes.stopRun');
    const result = await pending;
    assert.strictEqual(result.status, 'stopped');
    assert.strictEqual(sandbox.running, false);
    const editor = await openFixture('gpt_model.py');
    assert.strictEqual(
      (await ourHovers(editor.document.uri, positionOf(editor.document, 'nn.LayerNorm', 5))).length,
      1,
    );
  });

  it('kills an endless loop at the configured time limit, and a memory hog at the cap', async () => {
    await activate();
    try {
      await setConfig('sandbox.timeoutSeconds', 3);
      await openFixture('endless.js');
      const endless = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
      assert.strictEqual(endless.status, 'timeout', endless.summary);
      await setConfig('sandbox.timeoutSeconds', undefined);
      await setConfig('sandbox.maxHeapMB', 300);
      await openFixture('memory-hog.js');
      const hog = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
      assert.strictEqual(hog.status, 'memory', hog.summary);
    } finally {
      await setConfig('sandbox.timeoutSeconds', undefined);
      await setConfig('sandbox.maxHeapMB', undefined);
    }
    const editor = await openFixture('gpt_model.py');
    assert.strictEqual(
      (await ourHovers(editor.document.uri, positionOf(editor.document, 'nn.LayerNorm', 5))).length,
      1,
      'the extension host is fine',
    );
  });
});
