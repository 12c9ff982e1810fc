// Links to notes that work outside the extension: "Copy Note Link" puts a Markdown
// link on the clipboard whose vscode:// URI opens the note, handled here.
import * as vscode from 'vscode';
import { type Services } from '../services';
import { slugFromArgument } from '../editor/commandArguments';

export async function noteUri(context: vscode.ExtensionContext, slug: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.parse(`${vscode.env.uriScheme}://${context.extension.id}/note/${slug}`);
  return vscode.env.asExternalUri(uri);
}

export function activate(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.window.registerUriHandler({
      handleUri(uri) {
        const slug = /^\/note\/([a-z0-9-]+)$/.exec(uri.path)?.[1];
        if (slug) void vscode.commands.executeCommand('deepLearningNotes.openNote', slug);
        else void vscode.window.showWarningMessage(`Deep Learning Notes cannot open ${uri.toString()}.`);
      },
    }),
    vscode.commands.registerCommand('deepLearningNotes.copyNoteLink', async (argument?: unknown) => {
      const slug = slugFromArgument(argument);
      const note = slug && (await services.knowledgeBase()).note(slug);
      if (!note) return undefined;
      const link = `[${note.title}](${(await noteUri(context, note.slug)).toString(true)})`;
      await vscode.env.clipboard.writeText(link);
      vscode.window.setStatusBarMessage(`Copied link to “${note.title}”`, 3000);
      return link;
    }),
  );
}
