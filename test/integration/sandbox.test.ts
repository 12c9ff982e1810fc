import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/sandbox/protocol';
import { headerLines } from '../../src/sandbox/runHeader';
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

  it('says in the run header which backend, kernels and protections are in force', async () => {
    const { sandbox } = await activate();
    const result = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runDemo', 'init-comparison');
    assert.strictEqual(result.status, 'completed', result.summary);
    const held = new Map(result.info?.protections.map((p) => [p.name, p.by]));
    assert.strictEqual(held.get('environment'), 'allow-list');
    // The extension host here is code-server's Node 24: it has the permission model (spelled --permission).
    for (const name of ['child processes', 'worker threads', 'native addons', 'file writes', 'file reads'] as const)
      assert.strictEqual(held.get(name), 'permission model', `${name} on Node ${process.versions.node}`);
    assert.ok(held.get('network'), 'network closed');
    assert.ok(result.info?.kernels.applied, result.info?.kernels.reason);
    assert.match(headerLines(result.info).join('\n'), /^kernels: the sandbox's fast kernels/m);
    const [run] = sandbox.lossPanel.snapshot().slice(-1);
    assert.match(run!.backend ?? '', /^(WebAssembly, tfjs 4\.22\.0, fast kernels|tfjs-node)/);
  });

  it('runs stock tfjs with the fastKernels setting off, and the header says so', async () => {
    const { sandbox } = await activate();
    try {
      await setConfig('sandbox.fastKernels', false);
      await setConfig('sandbox.backend', 'wasm');
      const result = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runDemo', 'init-comparison');
      assert.strictEqual(result.status, 'completed', result.summary);
      assert.deepStrictEqual(result.info?.kernels, {
        applied: false,
        kernels: [],
        reason: 'turned off (deepLearningNotes.sandbox.fastKernels)',
      });
      const [run] = sandbox.lossPanel.snapshot().slice(-1);
      assert.strictEqual(run!.backend, 'WebAssembly, tfjs 4.22.0, stock tfjs');
    } finally {
      await setConfig('sandbox.fastKernels', undefined);
      await setConfig('sandbox.backend', undefined);
    }
  });

  it("refuses a program's escape attempts from the editor, and the extension keeps working", async () => {
    await activate();
    await openFixture('escape-attempts.js');
    const result = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
    assert.strictEqual(result.status, 'completed', result.summary);
    assert.ok(result.finalLoss['paths to process']! > 0, 'the attempts ran against the real process object');
    assert.ok(result.finalLoss.attempts! >= 18, `${result.finalLoss.attempts} attempts`);
    assert.strictEqual(result.finalLoss['attempts that got through'], 0, Object.keys(result.finalLoss).join(', '));
    const editor = await openFixture('gpt_model.py');
    assert.strictEqual(
      (await ourHovers(editor.document.uri, positionOf(editor.document, 'nn.LayerNorm', 5))).length,
      1,
      'the extension host is fine',
    );
  });
});
