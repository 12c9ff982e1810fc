// Runs in both extension hosts: in Node a run is a separate process; in the browser's web worker it
// is a Worker of the loss chart's page (tests tagged "@node" need a process; "@web" the browser).
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/sandbox/protocol';
import { headerLines } from '../../src/sandbox/runHeader';
import {
  activate,
  closeAllEditors,
  expectedHost,
  fixtureUri,
  openFixture,
  ourHovers,
  positionOf,
  setConfig,
  waitFor,
} from './helpers';

describe('sandbox runs', () => {
  after(closeAllEditors);

  it('runs a demo and streams its loss to the chart panel, whose header says where it trained', async () => {
    const { sandbox } = await activate();
    const result = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runDemo', 'layernorm-comparison');
    assert.strictEqual(result.status, 'completed', result.summary);
    const [run] = sandbox.lossPanel.snapshot().slice(-1);
    if (expectedHost() === 'web') {
      assert.strictEqual(result.backend, 'wasm');
      assert.deepStrictEqual(result.fallbacks, [], 'nothing to fall back from');
      assert.match(run!.backend ?? '', /^in the browser \(WebAssembly\), tfjs \d/);
      assert.match(result.summary, /in the browser \(WebAssembly\)/);
    } else {
      assert.ok(result.backend === 'wasm' || result.backend === 'tensorflow', `backend ${result.backend}`);
      if (result.backend !== 'tensorflow')
        assert.strictEqual(result.fallbacks[0]?.backend, 'tensorflow', 'says why tfjs-node was not used');
      assert.match(run!.backend ?? '', /^(WebAssembly|tfjs-node \(native TensorFlow\)), tfjs \d/);
    }
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
    // Training happens off the extension host's thread: a hover answers while it runs.
    const editor = await openFixture('gpt_model.py');
    const asked = Date.now();
    const during = await ourHovers(editor.document.uri, positionOf(editor.document, 'nn.LayerNorm', 5));
    assert.strictEqual(during.length, 1);
    assert.ok(Date.now() - asked < 3000, `a hover during the run took ${Date.now() - asked} ms`);
    assert.strictEqual(sandbox.running, true, 'still training');
    await vscode.commands.executeCommand('deepLearningNotes.stopRun');
    const result = await pending;
    assert.strictEqual(result.status, 'stopped');
    assert.strictEqual(sandbox.running, false);
    assert.strictEqual(
      (await ourHovers(editor.document.uri, positionOf(editor.document, 'nn.LayerNorm', 5))).length,
      1,
    );
  });

  it('ends an endless loop at the configured time limit, and the extension keeps working', async () => {
    await activate();
    try {
      await setConfig('sandbox.timeoutSeconds', 3);
      await openFixture('endless.js');
      const started = Date.now();
      const endless = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
      assert.strictEqual(endless.status, 'timeout', endless.summary);
      assert.ok(Date.now() - started < 15_000, `ended ${Date.now() - started} ms after it started`);
    } finally {
      await setConfig('sandbox.timeoutSeconds', undefined);
    }
    const editor = await openFixture('gpt_model.py');
    assert.strictEqual(
      (await ourHovers(editor.document.uri, positionOf(editor.document, 'nn.LayerNorm', 5))).length,
      1,
      'the extension host is fine',
    );
  });

  // A browser gives a Worker no memory cap that a page can set or measure: see the "@web" tests.
  it('@node kills a memory hog at the cap', async () => {
    await activate();
    try {
      await setConfig('sandbox.maxHeapMB', 300);
      await openFixture('memory-hog.js');
      const hog = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
      assert.strictEqual(hog.status, 'memory', hog.summary);
    } finally {
      await setConfig('sandbox.maxHeapMB', undefined);
    }
    const editor = await openFixture('gpt_model.py');
    assert.strictEqual(
      (await ourHovers(editor.document.uri, positionOf(editor.document, 'nn.LayerNorm', 5))).length,
      1,
      'the extension host is fine',
    );
  });

  it('@node says in the run header which backend, kernels and protections are in force', async () => {
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
      const where = expectedHost() === 'web' ? 'in the browser (WebAssembly)' : 'WebAssembly';
      assert.strictEqual(run!.backend, `${where}, tfjs 4.22.0, stock tfjs`);
    } finally {
      await setConfig('sandbox.fastKernels', undefined);
      await setConfig('sandbox.backend', undefined);
    }
  });

  it("@node refuses a program's escape attempts from the editor, and the extension keeps working", async () => {
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

  it('@web says that tfjs-node cannot run in the browser, and trains on WebAssembly instead', async () => {
    const { sandbox } = await activate();
    try {
      await setConfig('sandbox.backend', 'tensorflow');
      await openFixture('diverge.js');
      const result = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
      assert.strictEqual(result.backend, 'wasm', result.summary);
      assert.deepStrictEqual(
        result.fallbacks.map((f) => f.backend),
        ['tensorflow'],
      );
      assert.match(result.fallbacks[0]!.error, /tfjs-node needs Node\.js, and this editor runs in the browser/);
      const [run] = sandbox.lossPanel.snapshot().slice(-1);
      assert.match(run!.backendNote ?? '', /^tensorflow: tfjs-node needs Node\.js/, 'the chart says so');
    } finally {
      await setConfig('sandbox.backend', undefined);
    }
  });

  it('@web marks a divergence with its value, which JSON between the page and the extension would lose', async () => {
    const { sandbox } = await activate();
    await openFixture('diverge.js');
    const result = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
    assert.strictEqual(result.status, 'diverged', result.summary);
    assert.strictEqual(result.diverged?.value, Infinity);
    assert.match(result.summary, /The loss became Infinity at step \d+/);
    assert.strictEqual(sandbox.lossPanel.snapshot().slice(-1)[0]?.diverged?.value, 'Infinity');
  });

  it('@web runs on the plain CPU backend when it is chosen', async () => {
    await activate();
    try {
      await setConfig('sandbox.backend', 'cpu');
      await openFixture('diverge.js');
      const result = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
      assert.strictEqual(result.backend, 'cpu', result.summary);
      assert.strictEqual(result.status, 'diverged', result.summary);
    } finally {
      await setConfig('sandbox.backend', undefined);
    }
  });

  it('@web says in the run header where it trained, its kernels, and what the browser holds', async () => {
    const { sandbox } = await activate();
    await openFixture('diverge.js');
    const result = await vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
    const held = new Map(result.info?.protections.map((p) => [p.name, p.by]));
    for (const name of ['child processes', 'native addons', 'signals'] as const)
      assert.strictEqual(held.get(name), 'browser');
    for (const name of ['worker threads', 'network', 'file writes'] as const)
      assert.strictEqual(held.get(name), 'JavaScript');
    assert.strictEqual(held.get('code from strings'), 'Content Security Policy');
    const lines = sandbox.engine.header(result.info!).lines.join('\n');
    assert.match(lines, /^backend: in the browser \(WebAssembly\), tfjs 4\.22\.0, fast kernels$/m);
    assert.match(lines, /^protections: no child processes, native addons or signals to other processes \[browser\]/m);
    assert.doesNotMatch(lines, /not in force/);
    assert.match(lines, /^memory: the browser's own limit \(the maxHeapMB setting caps the Node sandbox only\)$/m);
  });

  it('@web keeps training while the loss chart is hidden: its page and Worker stay alive', async () => {
    const { sandbox } = await activate();
    await openFixture('long-run.js');
    const pending = vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
    const steps = () => sandbox.lossPanel.snapshot().slice(-1)[0]?.series[0]?.steps.length ?? 0;
    await waitFor('the run to report a loss', () => steps() > 0);
    const chart = sandbox.lossPanel.webviewPanel!;
    // Another editor in the chart's group hides it.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fixtureUri('gpt_model.py')), {
      viewColumn: chart.viewColumn,
    });
    await waitFor('the chart to be hidden', () => !chart.visible);
    const hidden = steps();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.ok(steps() > hidden + 100, `${steps() - hidden} steps in 2 s while hidden`);
    await vscode.commands.executeCommand('deepLearningNotes.stopRun');
    assert.strictEqual((await pending).status, 'stopped');
  });

  it('@web ends the run when the loss chart is closed, and says why', async () => {
    const { sandbox } = await activate();
    await openFixture('long-run.js');
    const pending = vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
    await waitFor('the run to report a loss', () => sandbox.lossPanel.snapshot().slice(-1)[0]?.series[0]?.steps.length);
    sandbox.lossPanel.webviewPanel!.dispose();
    const result = await pending;
    assert.strictEqual(result.status, 'stopped');
    assert.match(result.summary, /^Stopped after [\d.]+ s: the loss chart was closed\.$/);
    assert.strictEqual(sandbox.running, false);
  });
});
