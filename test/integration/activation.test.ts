import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, activate, builtInNoteCount, closeAllEditors, manifest, openFixture, waitFor } from './helpers';

describe('activation', () => {
  after(closeAllEditors);

  it('is lazy: not active until a Python file opens, then active', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.strictEqual(
      extension.isActive,
      false,
      'nothing should activate the extension before a relevant file or view is opened',
    );
    await openFixture('gpt_model.py');
    await waitFor('activation on a Python file', () => extension.isActive);
  });

  it('reads the notes and the shown file in the background, before any hover asks', async () => {
    const api = await activate();
    const editor = vscode.window.activeTextEditor!;
    assert.match(editor.document.fileName, /gpt_model\.py$/);
    // Nothing in this test asks for the notes or the analysis: activation and the shown editor do.
    await waitFor('the notes read after activation', () => api.services.knowledgeBaseLoaded, 20_000);
    await waitFor('the active file analysed', () => api.services.analyses.has(editor.document), 20_000);
  });

  it('registers every command it contributes, all under one category', async () => {
    await activate();
    const contributed = (await manifest()).contributes.commands as { command: string; category: string }[];
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c.command)).map((c) => c.command);
    assert.deepStrictEqual(missing, [], 'contributed commands without a registration');
    assert.deepStrictEqual([...new Set(contributed.map((c) => c.category))], ['Deep Learning']);
  });

  it('links its walkthrough and views to commands that exist', async () => {
    await activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const linked = ((await manifest()).contributes.walkthroughs as { steps: { description: string }[] }[]).flatMap(
      (w) => w.steps.flatMap((step) => [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1])),
    );
    assert.ok(linked.length >= 4);
    assert.deepStrictEqual(
      linked.filter((command) => !registered.has(command!)),
      [],
    );
  });

  it('loads every built-in note without problems, and says how long that took', async () => {
    const api = await activate();
    const kb = await api.services.knowledgeBase();
    assert.strictEqual(kb.notes.length, await builtInNoteCount());
    assert.deepStrictEqual(kb.problems, []);
    console.log(
      `      first load of the knowledge base: ${api.services.lastLoadMs?.toFixed(1)} ms ${JSON.stringify(api.services.lastLoadPhases)}`,
    );
  });

  // That TensorFlow.js stays out of the extension host is checked on the bundle: test/unit/packaging.test.ts.
});
