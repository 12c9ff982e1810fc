// "Insert Snippet…" from the hover, the tree, the note view or the palette: inserts
// the variant for the active editor's language (PyTorch for Python, TensorFlow.js
// for JavaScript/TypeScript), asking when a note has several snippets.
import * as vscode from 'vscode';
import { FLAVOR_LABEL, type Snippet, type SnippetFlavor, flavorForLanguage } from '../core/snippetCatalog';
import { type Services } from '../services';
import { slugFromArgument } from '../editor/commandArguments';

async function editorForSnippets(): Promise<{ editor: vscode.TextEditor; flavor: SnippetFlavor } | undefined> {
  const active = vscode.window.activeTextEditor;
  const flavor = active && flavorForLanguage(active.document.languageId);
  if (active && flavor) return { editor: active, flavor };
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'PyTorch', description: 'new Python file', flavor: 'pytorch' as const, language: 'python' },
      { label: 'TensorFlow.js', description: 'new JavaScript file', flavor: 'tfjs' as const, language: 'javascript' },
    ],
    {
      title: 'Insert Snippet',
      placeHolder: 'The active editor is not Python or JavaScript/TypeScript: insert into a new file of…',
    },
  );
  if (!choice) return undefined;
  const document = await vscode.workspace.openTextDocument({ language: choice.language, content: '' });
  return { editor: await vscode.window.showTextDocument(document), flavor: choice.flavor };
}

async function pickSnippet(snippets: Snippet[], title: string): Promise<Snippet | undefined> {
  if (snippets.length <= 1) return snippets[0];
  const picked = await vscode.window.showQuickPick(
    snippets.map((snippet) => ({ label: snippet.prefix, description: snippet.description, snippet })),
    { title, placeHolder: 'Which snippet?', matchOnDescription: true },
  );
  return picked?.snippet;
}

export function activate(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('deepLearningNotes.insertSnippet', async (argument?: unknown) => {
      const target = await editorForSnippets();
      if (!target) return undefined;
      // A note (slug or tree item) offers its snippets; a snippet id inserts that snippet.
      const key = slugFromArgument(argument);
      const { knowledgeBase, snippets } = await services.ready();
      const note = key ? knowledgeBase.note(key) : undefined;
      const exact = key && !note ? snippets.get(key, target.flavor) : undefined;
      const candidates = exact
        ? [exact]
        : note
          ? snippets.forNote(note.snippets, target.flavor)
          : snippets.all().filter((s) => s.flavor === target.flavor);
      if (candidates.length === 0) {
        void vscode.window.showInformationMessage(
          `${note?.title ?? 'This note'} has no ${FLAVOR_LABEL[target.flavor]} snippet.`,
        );
        return undefined;
      }
      const snippet = await pickSnippet(candidates, note ? `Insert Snippet: ${note.title}` : 'Insert Snippet');
      if (!snippet) return undefined;
      await target.editor.insertSnippet(new vscode.SnippetString(snippet.body.join('\n')));
      return snippet.id;
    }),
  );
}
