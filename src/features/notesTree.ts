// The "Deep Learning" view: topics → notes → each note's links and backlinks.
// Children are built lazily, so cycles in the link graph are harmless.
import * as vscode from 'vscode';
import { escapeMarkdown } from '../core/conceptCard';
import { type Note } from '../core/note';
import { CONFIG_SECTION, type Services } from '../services';
import { conceptAt } from '../editor/conceptAtCursor';

export type NotesTreeElement = TopicElement | NoteElement | LinkGroupElement;

interface TopicElement {
  kind: 'topic';
  id: string;
  topic: string;
}

export interface NoteElement {
  kind: 'note';
  id: string;
  slug: string;
  parent?: NotesTreeElement;
}

interface LinkGroupElement {
  kind: 'links' | 'backlinks';
  id: string;
  slug: string;
  parent: NoteElement;
}

export class NotesTreeProvider implements vscode.TreeDataProvider<NotesTreeElement> {
  private readonly changed = new vscode.EventEmitter<NotesTreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterText = '';
  /** The view that shows this tree (set by activate). */
  view?: vscode.TreeView<NotesTreeElement>;

  constructor(private readonly services: Services) {}

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.refresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(element?: NotesTreeElement): Promise<NotesTreeElement[]> {
    const kb = await this.services.knowledgeBase();
    if (!element) {
      if (this.filterText) {
        return kb.search(this.filterText).map((note) => ({ kind: 'note', id: `filter/${note.slug}`, slug: note.slug }));
      }
      return kb.topics().map((group) => ({ kind: 'topic', id: `topic/${group.topic}`, topic: group.topic }));
    }
    switch (element.kind) {
      case 'topic':
        return (kb.topics().find((g) => g.topic === element.topic)?.notes ?? []).map((note) => ({
          kind: 'note',
          id: `${element.id}/${note.slug}`,
          slug: note.slug,
          parent: element,
        }));
      case 'note': {
        const groups: LinkGroupElement[] = [];
        if (kb.graph.links(element.slug).length)
          groups.push({ kind: 'links', id: `${element.id}/links`, slug: element.slug, parent: element });
        if (kb.graph.backlinks(element.slug).length)
          groups.push({ kind: 'backlinks', id: `${element.id}/backlinks`, slug: element.slug, parent: element });
        return groups;
      }
      case 'links':
      case 'backlinks': {
        const slugs = element.kind === 'links' ? kb.graph.links(element.slug) : kb.graph.backlinks(element.slug);
        return slugs.map((slug) => ({ kind: 'note', id: `${element.id}/${slug}`, slug, parent: element }));
      }
    }
  }

  getParent(element: NotesTreeElement): NotesTreeElement | undefined {
    return element.kind === 'topic' ? undefined : element.parent;
  }

  async getTreeItem(element: NotesTreeElement): Promise<vscode.TreeItem> {
    const kb = await this.services.knowledgeBase();
    if (element.kind === 'topic') {
      const count = kb.topics().find((g) => g.topic === element.topic)?.notes.length ?? 0;
      const item = new vscode.TreeItem(element.topic, vscode.TreeItemCollapsibleState.Expanded);
      item.id = element.id;
      item.iconPath = new vscode.ThemeIcon('library');
      item.description = `${count}`;
      item.contextValue = 'topic';
      return item;
    }
    if (element.kind === 'note') {
      const note = kb.note(element.slug);
      if (!note) return new vscode.TreeItem(element.slug);
      const expandable = kb.graph.links(note.slug).length + kb.graph.backlinks(note.slug).length > 0;
      const item = new vscode.TreeItem(
        note.title,
        expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
      );
      item.id = element.id;
      item.iconPath = new vscode.ThemeIcon(note.source.builtIn ? 'book' : 'note');
      item.tooltip = noteTooltip(note);
      item.description = this.filterText ? note.topic : undefined;
      item.contextValue = ['note', note.snippets.length ? 'snippets' : '', note.demo ? 'demo' : '']
        .filter(Boolean)
        .join('.');
      item.command = { command: 'deepLearningNotes.openNote', title: 'Open Note', arguments: [note.slug] };
      item.accessibilityInformation = { label: `${note.title}. ${note.problem} ${note.solution}` };
      return item;
    }
    const count = (element.kind === 'links' ? kb.graph.links(element.slug) : kb.graph.backlinks(element.slug)).length;
    const item = new vscode.TreeItem(
      element.kind === 'links' ? 'Links' : 'Backlinks',
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = element.id;
    item.description = `${count}`;
    item.iconPath = new vscode.ThemeIcon(element.kind === 'links' ? 'arrow-right' : 'arrow-left');
    item.tooltip = element.kind === 'links' ? 'Notes this note links to' : 'Notes that link to this note';
    item.contextValue = element.kind;
    return item;
  }

  /** The element under its topic for a slug, for reveal(). */
  async topLevelElement(slug: string): Promise<NoteElement | undefined> {
    const note = (await this.services.knowledgeBase()).note(slug);
    if (!note) return undefined;
    if (this.filterText) return { kind: 'note', id: `filter/${slug}`, slug };
    const topic: TopicElement = { kind: 'topic', id: `topic/${note.topic}`, topic: note.topic };
    return { kind: 'note', id: `${topic.id}/${slug}`, slug, parent: topic };
  }
}

function noteTooltip(note: Note): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(
    `**${escapeMarkdown(note.title)}**\n\n${escapeMarkdown(note.problem)} → ${escapeMarkdown(note.solution)}\n`,
  );
  tooltip.appendCodeblock(note.formula, 'text');
  return tooltip;
}

export function activate(context: vscode.ExtensionContext, services: Services): NotesTreeProvider {
  const provider = new NotesTreeProvider(services);
  const view = vscode.window.createTreeView('deepLearningNotes.tree', {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  provider.view = view;
  const setFiltered = (filtered: boolean) =>
    vscode.commands.executeCommand('setContext', `${CONFIG_SECTION}.treeFiltered`, filtered);

  context.subscriptions.push(
    view,
    services.onDidChangeNotes(() => provider.refresh()),
    vscode.commands.registerCommand('deepLearningNotes.reloadNotes', () => services.reload()),
    vscode.commands.registerCommand('deepLearningNotes.filterTree', async (text?: string) => {
      const value =
        text ??
        (await vscode.window.showInputBox({
          title: 'Filter Notes',
          prompt: 'Show notes whose title, aliases or problem mention this (empty shows all)',
          value: provider.filter,
        }));
      if (value === undefined) return;
      provider.setFilter(value);
      view.message = provider.filter ? `Notes matching “${provider.filter}”` : undefined;
      await setFiltered(!!provider.filter);
    }),
    vscode.commands.registerCommand('deepLearningNotes.clearTreeFilter', async () => {
      provider.setFilter('');
      view.message = undefined;
      await setFiltered(false);
    }),
    vscode.commands.registerCommand('deepLearningNotes.revealNoteAtCursor', async () => {
      const editor = vscode.window.activeTextEditor;
      const target =
        editor &&
        conceptAt(services.analyses, await services.knowledgeBase(), editor.document, editor.selection.active, true);
      if (!target) {
        void vscode.window.showInformationMessage('No deep-learning concept at the cursor.');
        return undefined;
      }
      const element = await provider.topLevelElement(target.occurrence.slug);
      if (element) await view.reveal(element, { select: true, focus: false, expand: true });
      return target.occurrence.slug;
    }),
  );
  return provider;
}
