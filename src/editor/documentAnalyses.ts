// The analysis of each open document, computed when first asked for (a hover, the "This file"
// view) and kept until the document changes or closes, so that typing never pays for it. A
// notebook cell is read with its whole notebook: a binding in one cell explains a use in a later one.
import * as vscode from 'vscode';
import { type DocumentAnalysis } from '../core/analysis/documentAnalysis';
import { type DocumentPart, partLanguage } from '../core/analysis/readDocument';
import { type KnowledgeBase } from '../core/knowledgeBase';

export interface AnalysedDocument {
  analysis: DocumentAnalysis;
  /** The part of the analysis this document is (its cell index in a notebook, else 0). */
  part: number;
  parts: DocumentPart[];
  /** Whether the parts are notebook cells. */
  cells: boolean;
  /** The documents of the parts, to turn offsets into positions. */
  documents: vscode.TextDocument[];
}

interface Entry {
  key: string;
  knowledgeBase: KnowledgeBase;
  result: Omit<AnalysedDocument, 'part'>;
}

export class DocumentAnalyses implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    const forget = (uri: vscode.Uri) => this.entries.delete(uri.toString());
    this.subscriptions = [
      vscode.workspace.onDidCloseTextDocument((d) => forget(d.uri)),
      vscode.workspace.onDidCloseNotebookDocument((n) => forget(n.uri)),
    ];
  }

  /** Drops every analysis, e.g. when the notes change. */
  clear(): void {
    this.entries.clear();
  }

  /** Whether the document's current version has been analysed (with any notes). */
  has(document: vscode.TextDocument): boolean {
    const { uri, key } = this.identify(document);
    return this.entries.get(uri)?.key === key;
  }

  /** The analysis of a document with these notes (the caller has them loaded: see Services.ready). */
  get(document: vscode.TextDocument, knowledgeBase: KnowledgeBase): AnalysedDocument {
    const notebook = notebookOf(document);
    const { uri, key, documents } = this.identify(document);
    let entry = this.entries.get(uri);
    if (!entry || entry.key !== key || entry.knowledgeBase !== knowledgeBase) {
      const parts: DocumentPart[] = notebook
        ? notebook.getCells().map((cell) => ({
            text: cell.document.getText(),
            language:
              cell.kind === vscode.NotebookCellKind.Markup ? 'markdown' : partLanguage(cell.document.languageId),
          }))
        : [{ text: document.getText(), language: partLanguage(document.languageId) }];
      const analysis = knowledgeBase.analyze(parts);
      entry = { key, knowledgeBase, result: { analysis, parts, cells: !!notebook, documents } };
      this.entries.set(uri, entry);
    }
    const part = Math.max(0, documents.indexOf(document));
    return { ...entry.result, part };
  }

  /** A document's entry: the notebook it is a cell of, else itself, at the versions of its parts. */
  private identify(document: vscode.TextDocument): { uri: string; key: string; documents: vscode.TextDocument[] } {
    const notebook = notebookOf(document);
    const documents = notebook ? notebook.getCells().map((cell) => cell.document) : [document];
    return {
      uri: (notebook?.uri ?? document.uri).toString(),
      key: documents.map((d) => d.version).join(','),
      documents,
    };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.entries.clear();
  }
}

function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((notebook) =>
    notebook.getCells().some((cell) => cell.document === document),
  );
}
