// The extension's shared state, built on first use: the knowledge base (built-in
// notes plus the user's folders), the snippet catalog and the demos. Problems in
// notes go to the Problems panel; the extension keeps working with the good notes.
import * as path from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import * as vscode from 'vscode';
import { type Demo, readDemos } from './core/demoCatalog';
import { KnowledgeBase } from './core/knowledgeBase';
import { type NoteProblem, formatProblem } from './core/note';
import { type NoteFolder, readNoteSources } from './core/notesLoader';
import { SNIPPET_FILES, SnippetCatalog } from './core/snippetCatalog';
import { parseApiNamespace } from './core/apiCoverage';
import { DocumentAnalyses } from './editor/documentAnalyses';

export const CONFIG_SECTION = 'deepLearningNotes';

export class Services implements vscode.Disposable {
  private kb?: KnowledgeBase;
  private snippetCatalog?: SnippetCatalog;
  private demoList?: Demo[];
  private outputChannel?: vscode.OutputChannel;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('deepLearningNotes');
  private readonly changed = new vscode.EventEmitter<void>();
  private watchers: vscode.Disposable[] = [];
  private reloadTimer?: NodeJS.Timeout;
  readonly onDidChangeNotes = this.changed.event;
  /** What each open document means, analysed once per version. */
  readonly analyses = new DocumentAnalyses(() => this.knowledgeBase);

  constructor(readonly context: vscode.ExtensionContext) {
    context.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${CONFIG_SECTION}.notes.folders`)) void this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
    );
  }

  get output(): vscode.OutputChannel {
    this.outputChannel ??= vscode.window.createOutputChannel('Deep Learning Notes');
    return this.outputChannel;
  }

  asAbsolute(...relative: string[]): string {
    return path.join(this.context.extensionPath, ...relative);
  }

  /** Whether the notes have been read yet (they are read on first use, not at activation). */
  get knowledgeBaseLoaded(): boolean {
    return this.kb !== undefined;
  }

  get knowledgeBase(): KnowledgeBase {
    if (!this.kb) this.kb = this.load();
    return this.kb;
  }

  get snippets(): SnippetCatalog {
    this.snippetCatalog ??= SnippetCatalog.fromFiles({
      pytorch: readFileSync(this.asAbsolute('snippets', SNIPPET_FILES.pytorch), 'utf8'),
      tfjs: readFileSync(this.asAbsolute('snippets', SNIPPET_FILES.tfjs), 'utf8'),
    });
    return this.snippetCatalog;
  }

  get demos(): Demo[] {
    this.demoList ??= readDemos(this.asAbsolute('media', 'demos'));
    return this.demoList;
  }

  demo(id: string): Demo | undefined {
    return this.demos.find((d) => d.id === id);
  }

  /** Re-reads notes, snippets and demos (debounced), e.g. after a user note changed on disk. */
  reload(): Promise<void> {
    clearTimeout(this.reloadTimer);
    return new Promise((resolve) => {
      this.reloadTimer = setTimeout(() => {
        this.kb = undefined;
        this.analyses.clear();
        this.snippetCatalog = undefined;
        this.demoList = undefined;
        this.changed.fire();
        resolve();
      }, 150);
    });
  }

  /**
   * Folders the user configured, resolved against the first workspace folder. The setting is a
   * restricted configuration: in Restricted Mode VS Code ignores the workspace's value of it.
   */
  userNoteFolders(): string[] {
    const configured = vscode.workspace.getConfiguration(CONFIG_SECTION).get<string[]>('notes.folders', []);
    const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return configured.map((folder) => (path.isAbsolute(folder) || !base ? folder : path.join(base, folder)));
  }

  private load(): KnowledgeBase {
    const started = Date.now();
    const folders: NoteFolder[] = [
      { path: this.asAbsolute('media', 'notes'), builtIn: true },
      ...this.userNoteFolders().map((p) => ({ path: p, builtIn: false })),
    ];
    const { sources, problems } = readNoteSources(folders);
    const apiFolder = this.asAbsolute('media', 'api');
    const namespaces = readdirSync(apiFolder)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => parseApiNamespace(readFileSync(path.join(apiFolder, f), 'utf8')));
    const kb = KnowledgeBase.fromSources(sources, problems, namespaces);
    const all = [
      ...kb.problems,
      ...kb.validate({ snippetIds: new Set(this.snippets.ids()), demoIds: new Set(this.demos.map((d) => d.id)) }),
    ];
    this.report(all);
    this.watch(folders.filter((f) => !f.builtIn).map((f) => f.path));
    this.output.appendLine(
      `Loaded ${kb.notes.length} notes from ${folders.length} folder(s) in ${Date.now() - started} ms${all.length ? `, ${all.length} problem(s)` : ''}.`,
    );
    return kb;
  }

  private report(problems: NoteProblem[]): void {
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const problem of problems) {
      const line = Math.max(0, problem.line - 1);
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
        problem.message,
        problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = 'Deep Learning Notes';
      byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), diagnostic]);
      this.output.appendLine(formatProblem(problem));
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
    const errors = problems.filter((p) => p.severity === 'error').length;
    if (errors > 0) {
      void vscode.window
        .showWarningMessage(
          `Deep Learning Notes: ${errors} problem(s) in notes; the other notes work. See the Problems panel.`,
          'Show Problems',
        )
        .then((choice) => choice && vscode.commands.executeCommand('workbench.actions.view.problems'));
    }
  }

  private watch(folders: string[]): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = folders.map((folder) => {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(folder), '*.md'),
      );
      const reload = () => void this.reload();
      watcher.onDidChange(reload);
      watcher.onDidCreate(reload);
      watcher.onDidDelete(reload);
      return watcher;
    });
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    this.analyses.dispose();
    for (const watcher of this.watchers) watcher.dispose();
    this.diagnostics.dispose();
    this.changed.dispose();
    this.outputChannel?.dispose();
  }
}
