// "Deep Learning: Look Up Concept…": a quick pick that searches note titles,
// aliases (nn.LayerNorm, glorotUniform…) and problem text, then opens the note.
import * as vscode from 'vscode';
import { type Note } from '../core/note';
import { type Services } from '../services';

interface NotePick extends vscode.QuickPickItem {
  slug: string;
}

function toPick(note: Note): NotePick {
  return {
    label: note.title,
    description: note.topic,
    detail: `${note.problem} → ${note.solution}`,
    slug: note.slug,
    alwaysShow: true,
  };
}

/** Lets the user pick a note; resolves to its slug, or undefined when dismissed. */
export function pickNote(services: Services, title: string, initialQuery = ''): Promise<string | undefined> {
  const kb = services.knowledgeBase;
  const pick = vscode.window.createQuickPick<NotePick>();
  pick.title = title;
  pick.placeholder = 'Type a concept, an API name (nn.LayerNorm, glorotUniform) or a problem';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.value = initialQuery;
  const update = () => {
    const results = kb.search(pick.value);
    pick.items = results.map(toPick);
    if (results.length === 0) pick.items = [{ label: 'No matching note', slug: '', alwaysShow: true }];
  };
  update();
  return new Promise((resolve) => {
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      const slug = pick.selectedItems[0]?.slug;
      pick.hide();
      resolve(slug || undefined);
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(undefined);
    });
    pick.show();
  });
}

export function activate(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('deepLearningNotes.lookUpConcept', async (query?: string) => {
      const slug = await pickNote(services, 'Look Up Concept', typeof query === 'string' ? query : '');
      if (slug) await vscode.commands.executeCommand('deepLearningNotes.openNote', slug);
      return slug;
    }),
  );
}
