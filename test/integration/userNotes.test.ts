import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  activate,
  builtInNoteCount,
  closeAllEditors,
  fixtureUri,
  ourHovers,
  positionOf,
  setConfig,
  waitFor,
} from './helpers';

describe('your own notes', () => {
  after(async () => {
    await setConfig('notes.folders', undefined);
    await closeAllEditors();
  });

  it('adds notes from a configured folder, with links, backlinks and hovers', async () => {
    const { services } = await activate();
    await setConfig('notes.folders', ['user-notes']);
    await waitFor('the user note', async () => (await services.knowledgeBase()).note('mixup'));
    const kb = await services.knowledgeBase();
    assert.ok(kb.graph.backlinks('dropout').includes('mixup'));
    assert.ok(kb.topics().some((t) => t.topic === 'My Techniques'));
    // The reading notes with a line about mixup, as an untitled copy: an edited fixture could be saved when
    // the editors close, and stay changed.
    const notes = await vscode.workspace.openTextDocument(fixtureUri('notes.md'));
    const editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({
        language: 'markdown',
        content: `We use mixup here.\n${notes.getText()}`,
      }),
    );
    const hovers = await ourHovers(editor.document.uri, positionOf(editor.document, 'mixup', 2));
    assert.match(hovers[0] ?? '', /\*\*\[Mixup\]/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('reports a broken note in the Problems panel with its line, and keeps the good ones', async () => {
    const { services } = await activate();
    await setConfig('notes.folders', ['broken-notes']);
    await waitFor('the good note of the broken folder', async () => (await services.knowledgeBase()).note('cutout'));
    const yamlError = await waitFor(
      'a diagnostic on the broken note',
      () => vscode.languages.getDiagnostics(fixtureUri('broken-notes/broken.md'))[0],
    );
    assert.match(yamlError.message, /not valid YAML/);
    // The unclosed "[" is on line 5; YAML notices it there or on the next line.
    assert.ok([4, 5].includes(yamlError.range.start.line), `line ${yamlError.range.start.line + 1}`);
    const badLink = vscode.languages.getDiagnostics(fixtureUri('broken-notes/cutout.md'));
    assert.ok(
      badLink.some((d) => /unknown note "no-such-note"/.test(d.message) && d.range.start.line === 6),
      JSON.stringify(badLink.map((d) => [d.message, d.range.start.line])),
    );
    assert.strictEqual(
      (await services.knowledgeBase()).notes.length,
      (await builtInNoteCount()) + 1,
      'the built-in notes and the good user note',
    );
  });

  it('@web says that a folder given as a path on a local disk cannot be read in the browser', async () => {
    const { services } = await activate();
    await setConfig('notes.folders', ['/home/someone/notes', 'user-notes']);
    await waitFor('the notes of the folder it can read', async () => (await services.knowledgeBase()).note('mixup'));
    const problem = (await services.knowledgeBase()).problems.find((p) => p.file.includes('/home/someone/notes'));
    assert.match(problem?.message ?? '', /a path on a local disk, which VS Code in the browser cannot read/);
  });
});
