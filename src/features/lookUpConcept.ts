// "Deep Learning: Look Up Concept…": a quick pick that searches note titles,
// aliases (nn.LayerNorm, glorotUniform…) and problem text, then opens the note.
import * as vscode from 'vscode';
import { pickNote } from '../editor/notePicker';
import { type Services } from '../services';

export function activate(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('deepLearningNotes.lookUpConcept', async (query?: string) => {
      const slug = await pickNote(
        await services.knowledgeBase(),
        'Look Up Concept',
        typeof query === 'string' ? query : '',
      );
      if (slug) await vscode.commands.executeCommand('deepLearningNotes.openNote', slug);
      return slug;
    }),
  );
}
