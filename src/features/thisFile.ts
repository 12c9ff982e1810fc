// "This File": the concepts the active editor uses, most used first, with their counts. Choosing a
// concept steps through its occurrences; each occurrence is listed under it. The view follows the
// active editor (for a notebook cell, the whole notebook) and the edits made in it.
import * as vscode from 'vscode';
import { type Occurrence } from '../core/analysis/documentAnalysis';
import { placeIn, reasonText } from '../core/analysis/reasonText';
import { type KnowledgeBase } from '../core/knowledgeBase';
import { type AnalysedDocument } from '../editor/documentAnalyses';
import { CONFIG_SECTION, type Services } from '../services';

/** Edits are read again this long after typing stops. */
const REFRESH_DELAY_MS = 400;
/** Occurrences listed under a concept; stepping reaches all of them. */
const MAX_LISTED = 200;

export type ThisFileElement = ConceptElement | OccurrenceElement;

interface ConceptElement {
  kind: 'concept';
  slug: string;
  count: number;
}

interface OccurrenceElement {
  kind: 'occurrence';
  slug: string;
  index: number;
  occurrence: Occurrence;
}

export class ThisFileProvider implements vscode.TreeDataProvider<ThisFileElement> {
  private readonly changed = new vscode.EventEmitter<ThisFileElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private analysed?: AnalysedDocument;
  /** The notes the analysis was made with. */
  private knowledgeBase?: KnowledgeBase;

  constructor(private readonly services: Services) {}

  /** Reads the active editor's document again (the last one stays while a chart or a panel has the focus). */
  async refresh(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const kb = await this.services.knowledgeBase();
      this.knowledgeBase = kb;
      this.analysed = hovered(editor.document.languageId) ? this.services.analyses.get(editor.document, kb) : undefined;
    }
    this.changed.fire(undefined);
  }

  get document(): AnalysedDocument | undefined {
    return this.analysed;
  }

  /** The occurrences of a concept, in document order. */
  occurrences(slug: string): Occurrence[] {
    return this.analysed?.analysis.occurrences.filter((o) => o.slug === slug) ?? [];
  }

  getChildren(element?: ThisFileElement): ThisFileElement[] {
    if (!this.analysed) return [];
    if (!element) {
      return this.analysed.analysis
        .concepts()
        .filter((c) => this.knowledgeBase?.note(c.slug))
        .map((c) => ({ kind: 'concept', slug: c.slug, count: c.count }));
    }
    if (element.kind === 'occurrence') return [];
    return this.occurrences(element.slug)
      .slice(0, MAX_LISTED)
      .map((occurrence, index) => ({ kind: 'occurrence', slug: element.slug, index, occurrence }));
  }

  getTreeItem(element: ThisFileElement): vscode.TreeItem {
    const note = this.knowledgeBase?.note(element.slug);
    if (element.kind === 'concept') {
      const item = new vscode.TreeItem(note?.title ?? element.slug, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `concept/${element.slug}`;
      item.description = `${element.count}`;
      item.iconPath = new vscode.ThemeIcon('symbol-class');
      item.tooltip = note
        ? `${note.problem} → ${note.solution}\n\nSelect to step through the ${element.count} place(s) in this file.`
        : undefined;
      item.contextValue = 'concept';
      item.command = {
        command: 'deepLearningNotes.nextOccurrence',
        title: 'Go to Next Occurrence',
        arguments: [element.slug],
      };
      item.accessibilityInformation = {
        label: `${note?.title ?? element.slug}, ${element.count} occurrences in this file`,
      };
      return item;
    }
    const { occurrence } = element;
    const document = this.analysed?.documents[occurrence.part];
    const line = document ? document.positionAt(occurrence.start).line : 0;
    const cell = this.analysed?.cells ? `cell ${occurrence.part + 1}, ` : '';
    const item = new vscode.TreeItem(`${cell}line ${line + 1}`, vscode.TreeItemCollapsibleState.None);
    item.id = `occurrence/${element.slug}/${occurrence.part}/${occurrence.start}`;
    item.description = document?.lineAt(line).text.trim().slice(0, 80);
    item.iconPath = new vscode.ThemeIcon(occurrence.code ? 'symbol-variable' : 'comment');
    if (this.analysed) {
      const place = placeIn(this.analysed.analysis, this.analysed.parts, this.analysed.cells);
      item.tooltip =
        reasonText(occurrence, place, (slug) => this.knowledgeBase?.note(slug)?.title ?? slug) ?? occurrence.text;
    }
    item.command = { command: 'deepLearningNotes.revealOccurrence', title: 'Go to Occurrence', arguments: [element] };
    return item;
  }

  getParent(element: ThisFileElement): ThisFileElement | undefined {
    return element.kind === 'occurrence' ? { kind: 'concept', slug: element.slug, count: 0 } : undefined;
  }
}

function hovered(languageId: string): boolean {
  const languages = vscode.workspace.getConfiguration(CONFIG_SECTION).get<string[]>('hover.languages', []);
  return languages.includes(languageId);
}

/** Moves the cursor to an occurrence, in its notebook cell if need be, and selects it. */
async function reveal(analysed: AnalysedDocument, occurrence: Occurrence): Promise<void> {
  const document = analysed.documents[occurrence.part];
  if (!document) return;
  const range = new vscode.Range(document.positionAt(occurrence.start), document.positionAt(occurrence.end));
  await vscode.window.showTextDocument(document, { selection: range, preserveFocus: false });
}

export function activate(context: vscode.ExtensionContext, services: Services): ThisFileProvider {
  const provider = new ThisFileProvider(services);
  const view = vscode.window.createTreeView('deepLearningNotes.thisFile', {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  let timer: NodeJS.Timeout | undefined;
  const refresh = async () => {
    await provider.refresh();
    const name = provider.document?.documents[0]?.uri.path.split('/').pop();
    view.description = name;
    view.message =
      !provider.document && !vscode.window.activeTextEditor
        ? 'Open a file to see the deep-learning concepts it uses.'
        : !provider.document
          ? 'This file is not in a language the notes explain (see deepLearningNotes.hover.languages).'
          : provider.getChildren().length
            ? undefined
            : 'No deep-learning concepts in this file.';
  };
  const refreshSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), REFRESH_DELAY_MS);
  };

  context.subscriptions.push(
    view,
    { dispose: () => clearTimeout(timer) },
    vscode.window.onDidChangeActiveTextEditor(() => void refresh()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (view.visible && provider.document?.documents.includes(e.document)) refreshSoon();
    }),
    view.onDidChangeVisibility((e) => e.visible && void refresh()),
    services.onDidChangeNotes(() => view.visible && void refresh()),
    vscode.commands.registerCommand('deepLearningNotes.nextOccurrence', async (slug?: string) => {
      const editor = vscode.window.activeTextEditor;
      if (!provider.document) await refresh();
      const analysed = provider.document;
      if (!analysed || !slug) return undefined;
      const occurrences = provider.occurrences(slug);
      if (!occurrences.length) return undefined;
      // The first one after the cursor (in document order across cells), else the first.
      const here = editor
        ? {
            part: Math.max(0, analysed.documents.indexOf(editor.document)),
            offset: editor.document.offsetAt(editor.selection.active),
          }
        : { part: 0, offset: -1 };
      const next =
        occurrences.find((o) => o.part > here.part || (o.part === here.part && o.start > here.offset)) ??
        occurrences[0]!;
      await reveal(analysed, next);
      return { part: next.part, start: next.start, index: occurrences.indexOf(next), of: occurrences.length };
    }),
    vscode.commands.registerCommand('deepLearningNotes.revealOccurrence', async (element?: ThisFileElement) => {
      if (element?.kind === 'occurrence' && provider.document) await reveal(provider.document, element.occurrence);
    }),
  );
  void refresh();
  return provider;
}
