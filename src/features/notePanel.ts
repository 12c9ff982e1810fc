// The note view: a webview that renders a note (markdown-it + KaTeX), follows the
// theme, navigates between notes with back/forward, and is restored after reloads.
import * as vscode from 'vscode';
import type { NoteRenderer } from '../core/render';
import { type Services } from '../services';
import { pickNote } from '../editor/notePicker';
import { slugFromArgument } from '../editor/commandArguments';
import { webviewHtml } from '../editor/webviewHtml';
import { handleWebviewMessages } from '../editor/webviewMessages';
import { NOTE_VIEW_BODY } from '../webview/markup';
import type { FromNoteView, NoteViewState, ToNoteView } from '../webview/protocol';

const VIEW_TYPE = 'deepLearningNotes.note';

export class NotePanel {
  private panel?: vscode.WebviewPanel;
  private history: string[] = [];
  private position = -1;
  private renderer?: NoteRenderer;

  constructor(private readonly services: Services) {}

  get currentSlug(): string | undefined {
    return this.panel ? this.history[this.position] : undefined;
  }

  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  /** Whether markdown-it and KaTeX have been loaded (only when a note is first shown). */
  get rendererLoaded(): boolean {
    return this.renderer !== undefined;
  }

  async open(slug: string): Promise<void> {
    if (!(await this.services.knowledgeBase()).note(slug)) {
      void vscode.window.showErrorMessage(`Deep Learning Notes: there is no note "${slug}".`);
      return;
    }
    const panel =
      this.panel ??
      this.attach(
        vscode.window.createWebviewPanel(
          VIEW_TYPE,
          'Note',
          { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
          this.options(),
        ),
      );
    this.history = [...this.history.slice(0, this.position + 1), slug];
    this.position = this.history.length - 1;
    await this.show();
    // The panel may have been closed while the note was rendered.
    if (this.panel === panel) panel.reveal(undefined, true);
  }

  /** Where the view is in its history of notes. */
  get navigation(): NoteViewState {
    return { history: [...this.history], position: this.position };
  }

  /** Shows the current note again after the notes were reloaded (its text may have changed); the history stays as it is. */
  async refresh(): Promise<void> {
    if (this.panel) await this.show();
  }

  /** Re-attaches a panel VS Code restored after a reload. */
  async restore(panel: vscode.WebviewPanel, state: Partial<NoteViewState> | undefined): Promise<void> {
    panel.webview.options = this.options();
    this.attach(panel);
    const kb = await this.services.knowledgeBase();
    this.history = state?.history?.filter((s) => kb.note(s)) ?? [];
    this.position = Math.min(state?.position ?? this.history.length - 1, this.history.length - 1);
    if (this.position < 0) {
      panel.dispose();
      return;
    }
    await this.show();
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.services.context.extensionUri, 'dist', 'webview'),
        vscode.Uri.joinPath(this.services.context.extensionUri, 'media'),
      ],
    };
  }

  private attach(panel: vscode.WebviewPanel): vscode.WebviewPanel {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.services.context.extensionUri, 'media', 'icons', 'notes.svg');
    panel.webview.html = webviewHtml({
      webview: panel.webview,
      extensionUri: this.services.context.extensionUri,
      title: 'Note',
      styles: ['media/webview/common.css', 'media/webview/note.css'],
      scripts: ['dist/webview/note.js'],
      body: NOTE_VIEW_BODY,
    });
    handleWebviewMessages<FromNoteView>(panel.webview, (message) => this.onMessage(message));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.history = [];
      this.position = -1;
    });
    return panel;
  }

  private async onMessage(message: FromNoteView): Promise<void> {
    const slug = this.currentSlug;
    switch (message.type) {
      case 'ready':
        return this.show();
      case 'open':
        return this.open(message.slug);
      case 'external':
        if (/^https?:\/\//.test(message.url)) await vscode.env.openExternal(vscode.Uri.parse(message.url));
        return;
      case 'back':
      case 'forward':
        this.position = Math.max(
          0,
          Math.min(this.history.length - 1, this.position + (message.type === 'back' ? -1 : 1)),
        );
        return this.show();
      case 'insertSnippet':
        await vscode.commands.executeCommand('deepLearningNotes.insertSnippet', slug);
        return;
      case 'runDemo': {
        const demo = slug && (await this.services.knowledgeBase()).note(slug)?.demo;
        if (demo) await vscode.commands.executeCommand('deepLearningNotes.runDemo', demo);
        return;
      }
      case 'copyLink':
        await vscode.commands.executeCommand('deepLearningNotes.copyNoteLink', slug);
        return;
    }
  }

  private async show(): Promise<void> {
    const kb = await this.services.knowledgeBase();
    const panel = this.panel;
    const slug = this.currentSlug;
    const note = slug ? kb.note(slug) : undefined;
    if (!panel || !note) return;
    // markdown-it and KaTeX live in their own bundle (see scripts/build.mjs), so the extension
    // host neither loads nor parses them until the first note is shown.
    this.renderer ??= await this.services.platform.loadRenderer();
    if (this.panel !== panel) return;
    panel.title = note.title;
    const message: ToNoteView = {
      type: 'show',
      slug: note.slug,
      title: note.title,
      html: this.renderer.renderNote(note, kb),
      history: this.history,
      position: this.position,
      hasSnippets: note.snippets.length > 0,
      canRunDemo: !!note.demo,
    };
    await panel.webview.postMessage(message);
  }
}

export function activate(context: vscode.ExtensionContext, services: Services): NotePanel {
  const notePanel = new NotePanel(services);
  context.subscriptions.push(
    vscode.commands.registerCommand('deepLearningNotes.openNote', async (argument?: unknown) => {
      const slug = slugFromArgument(argument) ?? (await pickNote(await services.knowledgeBase(), 'Open Note'));
      if (slug) await notePanel.open(slug);
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => notePanel.restore(panel, state as Partial<NoteViewState> | undefined),
    }),
    services.onDidChangeNotes(() => void notePanel.refresh()),
  );
  return notePanel;
}
