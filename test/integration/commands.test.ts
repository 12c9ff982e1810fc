// Every contributed command, run in a real VS Code, and what it did: the note shown, the tree's
// filter and selection, the text inserted, the clipboard, the reload, the run stopped.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../src/sandbox/protocol';
import { activate, closeAllEditors, openFixture, positionOf, waitFor } from './helpers';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a command that opens a quick pick or an input box, then accepts the selected item, or dismisses it. */
async function runAndAnswer(answer: 'accept' | 'dismiss', command: string, ...args: unknown[]): Promise<unknown> {
  const running = vscode.commands.executeCommand(command, ...args);
  await delay(800);
  await vscode.commands.executeCommand(
    answer === 'accept' ? 'workbench.action.acceptSelectedQuickOpenItem' : 'workbench.action.closeQuickOpen',
  );
  return running;
}

describe('every command, and what it did', () => {
  before(activate);
  afterEach(closeAllEditors);

  it('Look Up Concept… opens the note picked, and nothing when dismissed', async () => {
    const { notePanel } = await activate();
    const before = notePanel.currentSlug;
    assert.strictEqual(await runAndAnswer('dismiss', 'deepLearningNotes.lookUpConcept', 'glorot'), undefined);
    assert.strictEqual(notePanel.currentSlug, before, 'a dismissed pick opens nothing');
    const slug = 'weight-initialization-in-deep-neural-networks';
    assert.strictEqual(await runAndAnswer('accept', 'deepLearningNotes.lookUpConcept', 'glorot'), slug);
    await waitFor('the picked note in the note view', () => notePanel.currentSlug === slug);
  });

  it('Open Note opens the note it is given, or the one picked', async () => {
    const { notePanel, services } = await activate();
    await vscode.commands.executeCommand('deepLearningNotes.openNote', 'dropout');
    assert.strictEqual(notePanel.currentSlug, 'dropout');
    await waitFor('the tab titled with the note', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Dropout'),
    );
    await runAndAnswer('accept', 'deepLearningNotes.openNote');
    assert.strictEqual(notePanel.currentSlug, (await services.knowledgeBase()).notes[0]!.slug, 'the first note listed');
  });

  it('Insert Snippet… inserts the snippet picked into the editor', async () => {
    const { services } = await activate();
    const editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: 'python', content: '' }),
    );
    const id = await runAndAnswer('accept', 'deepLearningNotes.insertSnippet');
    const snippet = (await services.snippets()).get(String(id), 'pytorch');
    assert.ok(snippet, `a PyTorch snippet was inserted (${String(id)})`);
    const firstPlainLine = snippet.body.find((line) => line.trim() && !line.includes('$'));
    assert.ok(firstPlainLine && editor.document.getText().includes(firstPlainLine), editor.document.getText());
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Run Demo… starts nothing when its picker is dismissed', async () => {
    const { sandbox } = await activate();
    const runs = sandbox.lossPanel.snapshot().length;
    assert.strictEqual(await runAndAnswer('dismiss', 'deepLearningNotes.runDemo'), undefined);
    assert.strictEqual(sandbox.running, false);
    assert.strictEqual(sandbox.lossPanel.snapshot().length, runs);
  });

  it('Explain Concept at Cursor and Reveal Note Under Cursor find the note and select it in the tree', async () => {
    const { notesTree } = await activate();
    const editor = await openFixture('gpt_model.py');
    const at = positionOf(editor.document, 'nn.Dropout', 5);
    editor.selection = new vscode.Selection(at, at);
    assert.deepStrictEqual(await vscode.commands.executeCommand('deepLearningNotes.explainAtCursor'), {
      slug: 'dropout',
      text: 'nn.Dropout',
    });
    assert.strictEqual(await vscode.commands.executeCommand('deepLearningNotes.revealNoteAtCursor'), 'dropout');
    await waitFor('dropout selected in the tree', () =>
      notesTree.view?.selection.some((e) => e.kind === 'note' && e.slug === 'dropout'),
    );
  });

  it('Filter Notes… narrows the tree, Clear Notes Filter restores it, and a dismissed box changes nothing', async () => {
    const { notesTree, services } = await activate();
    const kb = await services.knowledgeBase();
    await vscode.commands.executeCommand('deepLearningNotes.filterTree', 'attention');
    assert.strictEqual(notesTree.filter, 'attention');
    assert.deepStrictEqual(
      (await notesTree.getChildren()).map((e) => e.kind === 'note' && e.slug),
      kb.search('attention').map((n) => n.slug),
    );
    await vscode.commands.executeCommand('deepLearningNotes.clearTreeFilter');
    assert.strictEqual(notesTree.filter, '');
    assert.strictEqual((await notesTree.getChildren()).length, kb.topics().length);
    await runAndAnswer('dismiss', 'deepLearningNotes.filterTree');
    assert.strictEqual(notesTree.filter, '');
  });

  it('Copy Note Link puts a link to the note on the clipboard', async () => {
    await activate();
    const link = await vscode.commands.executeCommand<string>('deepLearningNotes.copyNoteLink', 'dropout');
    assert.match(link, /^\[Dropout\]\(\S+\)$/);
    assert.strictEqual(await vscode.env.clipboard.readText(), link);
  });

  it('Reload Notes reads the notes again', async () => {
    const { services } = await activate();
    const before = await services.knowledgeBase();
    let changes = 0;
    const listening = services.onDidChangeNotes(() => changes++);
    try {
      await vscode.commands.executeCommand('deepLearningNotes.reloadNotes');
      assert.strictEqual(changes, 1);
      const after = await services.knowledgeBase();
      assert.notStrictEqual(after, before, 'a knowledge base read again');
      assert.strictEqual(after.notes.length, before.notes.length);
    } finally {
      listening.dispose();
    }
  });

  it('Stop Sandbox Run stops the run, and does nothing when nothing runs', async () => {
    const { sandbox } = await activate();
    await vscode.commands.executeCommand('deepLearningNotes.stopRun');
    assert.strictEqual(sandbox.running, false);
    await openFixture('long-run.js');
    const pending = vscode.commands.executeCommand<RunResult>('deepLearningNotes.runSnippet');
    await waitFor('the run to start', () => sandbox.running);
    await vscode.commands.executeCommand('deepLearningNotes.stopRun');
    assert.strictEqual((await pending).status, 'stopped');
    assert.strictEqual(sandbox.running, false);
  });
});
