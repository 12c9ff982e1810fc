// The quick pick that finds a note by title, alias (nn.LayerNorm, glorotUniform…) or problem
// text. "Look Up Concept…" and "Open Note" without an argument both ask with it.
import * as vscode from 'vscode';
import { type KnowledgeBase } from '../core/knowledgeBase';
import { type Note } from '../core/note';

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
export function pickNote(kb: KnowledgeBase, title: string, initialQuery = ''): Promise<string | undefined> {
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
