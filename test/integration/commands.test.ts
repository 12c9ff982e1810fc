// Every contributed command runs without throwing in a real VS Code.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activate, closeAllEditors, openFixture, positionOf } from './helpers';

/** Runs a command that opens a quick pick or input box, then dismisses it. */
async function runAndDismiss(command: string, ...args: unknown[]): Promise<unknown> {
  const running = vscode.commands.executeCommand(command, ...args);
  await new Promise((resolve) => setTimeout(resolve, 800));
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  return running;
}

describe('every command', () => {
  before(activate);
  after(closeAllEditors);

  it('runs the interactive commands (pickers dismissed)', async () => {
    await openFixture('gpt_model.py');
    assert.strictEqual(await runAndDismiss('deepLearningNotes.lookUpConcept'), undefined);
    await runAndDismiss('deepLearningNotes.openNote');
    await runAndDismiss('deepLearningNotes.insertSnippet');
    await runAndDismiss('deepLearningNotes.runDemo');
    await runAndDismiss('deepLearningNotes.filterTree');
  });

  it('runs the commands that act on the editor or a note', async () => {
    const editor = await openFixture('gpt_model.py');
    const at = positionOf(editor.document, 'nn.Dropout', 5);
    editor.selection = new vscode.Selection(at, at);
    assert.strictEqual(
      (await vscode.commands.executeCommand<{ slug: string }>('deepLearningNotes.explainAtCursor'))?.slug,
      'dropout',
    );
    assert.strictEqual(await vscode.commands.executeCommand('deepLearningNotes.revealNoteAtCursor'), 'dropout');
    await vscode.commands.executeCommand('deepLearningNotes.openNote', 'dropout');
    await vscode.commands.executeCommand('deepLearningNotes.filterTree', 'attention');
    await vscode.commands.executeCommand('deepLearningNotes.clearTreeFilter');
    await vscode.commands.executeCommand('deepLearningNotes.copyNoteLink', 'dropout');
    await vscode.commands.executeCommand('deepLearningNotes.reloadNotes');
    await vscode.commands.executeCommand('deepLearningNotes.stopRun');
  });
});
