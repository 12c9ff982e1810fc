// The extension's shared state, read on first use: the built-in notes, snippets and demos (one file
// prepared at build time, dist/builtins.json) and the notes in the user's folders, all read through
// vscode.workspace.fs, so nothing here needs Node's fs. Problems in notes go to the Problems panel;
// the extension keeps working with the good notes.
import * as vscode from 'vscode';
import { BUILT_INS_FILE, type BuiltIns, loadBuiltIns } from './core/builtIns';
import { type Demo } from './core/demoCatalog';
import { KnowledgeBase } from './core/knowledgeBase';
import { type NoteProblem, formatProblem } from './core/note';
import { type NoteFiles, readNoteSources } from './core/notesLoader';
import { SnippetCatalog } from './core/snippetCatalog';
import { DocumentAnalyses } from './editor/documentAnalyses';
import { type Platform } from './platform/platform';

export const CONFIG_SECTION = 'deepLearningNotes';

/** Everything the features read, loaded together. */
export interface Loaded {
  knowledgeBase: KnowledgeBase;
  snippets: SnippetCatalog;
  demos: Demo[];
}

/** How long a burst of changes (a user note saved, settings edited) is left to settle before reloading. */
const RELOAD_DELAY_MS = 150;

export class Services implements vscode.Disposable {
  private loading?: Promise<Loaded>;
  private loaded?: Loaded;
  private outputChannel?: vscode.OutputChannel;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('deepLearningNotes');
  private readonly changed = new vscode.EventEmitter<void>();
  private watchers: vscode.Disposable[] = [];
  private reloadTimer?: ReturnType<typeof setTimeout>;
  /** Callers of reload() waiting for the pending one; every caller of a burst resolves when it runs. */
  private reloadWaiters: (() => void)[] = [];
  /** Milliseconds the last load took (read builtins.json, read and parse your notes, build the index). */
  lastLoadMs?: number;
  /** Where that time went: reading builtins.json, reading and parsing your notes, building the indexes. */
  lastLoadPhases?: { builtInsMs: number; yoursMs: number; indexMs: number };
  readonly onDidChangeNotes = this.changed.event;
  /** What each open document means, analysed once per version. */
  readonly analyses = new DocumentAnalyses();

  constructor(
    readonly context: vscode.ExtensionContext,
    /** What differs between a Node host and a browser's web worker (src/platform). */
    readonly platform: Platform,
  ) {
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

  /** A file of the extension itself. */
  extensionFile(...relative: string[]): vscode.Uri {
    return vscode.Uri.joinPath(this.context.extensionUri, ...relative);
  }

  /** Whether the notes have been read yet (they are read on first use, not at activation). */
  get knowledgeBaseLoaded(): boolean {
    return this.loaded !== undefined;
  }

  /** Notes, snippets and demos; read on the first call, then shared until the next reload. */
  ready(): Promise<Loaded> {
    this.loading ??= this.load();
    return this.loading;
  }

  async knowledgeBase(): Promise<KnowledgeBase> {
    return (await this.ready()).knowledgeBase;
  }

  async snippets(): Promise<SnippetCatalog> {
    return (await this.ready()).snippets;
  }

  async demos(): Promise<Demo[]> {
    return (await this.ready()).demos;
  }

  /** A demo's program, read when it runs (builtins.json holds only the headers). */
  async demoCode(demo: Demo): Promise<string> {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(this.extensionFile(demo.file)));
  }

  /**
   * Re-reads notes, snippets and demos, e.g. after a user note changed on disk. Calls within
   * RELOAD_DELAY_MS of each other make one reload, and every caller's promise resolves when it is done.
   */
  reload(): Promise<void> {
    clearTimeout(this.reloadTimer);
    const done = new Promise<void>((resolve) => this.reloadWaiters.push(resolve));
    this.reloadTimer = setTimeout(() => {
      this.loading = undefined;
      this.loaded = undefined;
      this.analyses.clear();
      this.changed.fire();
      for (const resolve of this.reloadWaiters.splice(0)) resolve();
    }, RELOAD_DELAY_MS);
    return done;
  }

  /**
   * Folders the user configured, relative ones resolved against the first workspace folder. The setting
   * is a restricted configuration: in Restricted Mode VS Code ignores the workspace's value of it.
   */
  userNoteFolders(): vscode.Uri[] {
    const configured = vscode.workspace.getConfiguration(CONFIG_SECTION).get<string[]>('notes.folders', []);
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    return configured.map((folder) =>
      /^([\\/]|[A-Za-z]:[\\/])/.test(folder) || !base ? vscode.Uri.file(folder) : vscode.Uri.joinPath(base, folder),
    );
  }

  private async load(): Promise<Loaded> {
    const started = performance.now();
    const builtIns = await this.readBuiltIns();
    const read = performance.now();
    const folders = this.userNoteFolders();
    const files = new WorkspaceNoteFiles(this.platform.kind === 'web');
    const { sources, problems } = await readNoteSources(
      folders.map((folder) => files.name(folder)),
      files,
    );
    const readYours = performance.now();
    const knowledgeBase = KnowledgeBase.withUserNotes(builtIns, sources, problems);
    const built = performance.now();
    // The built-in notes were checked when they were built; checking again is needed only with your notes.
    const all =
      folders.length === 0
        ? knowledgeBase.problems
        : [
            ...knowledgeBase.problems,
            ...knowledgeBase.validate({
              snippetIds: new Set(builtIns.snippets.ids()),
              demoIds: new Set(builtIns.demos.map((d) => d.id)),
            }),
          ];
    this.report(all, files);
    this.watch(folders);
    this.lastLoadMs = performance.now() - started;
    this.lastLoadPhases = { builtInsMs: read - started, yoursMs: readYours - read, indexMs: built - readYours };
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    this.output.appendLine(
      `Loaded ${knowledgeBase.notes.length} notes (${builtIns.notes.length} built in, ${sources.length} from ${folders.length} folder(s) of yours) in ${ms(this.lastLoadMs)}: built-in content ${ms(read - started)}, your notes ${ms(readYours - read)}, index ${ms(built - readYours)}${all.length ? `; ${all.length} problem(s)` : ''}.`,
    );
    this.loaded = { knowledgeBase, snippets: builtIns.snippets, demos: builtIns.demos };
    return this.loaded;
  }

  /** The built-in content; when it cannot be read the extension says why and goes on with your notes. */
  private async readBuiltIns(): Promise<BuiltIns> {
    const file = this.extensionFile(BUILT_INS_FILE);
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      return loadBuiltIns(text, this.context.extensionUri.fsPath);
    } catch (error) {
      const message = `Deep Learning Notes could not read its built-in notes (${file.fsPath}): ${(error as Error).message}. Reinstall the extension, or run npm run build in a development copy.`;
      this.output.appendLine(message);
      void vscode.window.showErrorMessage(message);
      return { notes: [], snippets: new SnippetCatalog(), demos: [], api: [] };
    }
  }

  private report(problems: NoteProblem[], files: WorkspaceNoteFiles): void {
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
    for (const [file, list] of byFile) this.diagnostics.set(files.uri(file), list);
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

  private watch(folders: vscode.Uri[]): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = folders.map((folder) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '*.md'));
      const reload = () => void this.reload();
      watcher.onDidChange(reload);
      watcher.onDidCreate(reload);
      watcher.onDidDelete(reload);
      return watcher;
    });
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const resolve of this.reloadWaiters.splice(0)) resolve();
    this.analyses.dispose();
    for (const watcher of this.watchers) watcher.dispose();
    this.diagnostics.dispose();
    this.changed.dispose();
    this.outputChannel?.dispose();
  }
}

/**
 * Your note folders through vscode.workspace.fs: local, remote or virtual. Files are named by their path
 * when they are local (as problems print them) and by their URI otherwise; uri() turns a name back.
 */
class WorkspaceNoteFiles implements NoteFiles {
  private readonly uris = new Map<string, vscode.Uri>();

  /** `web`: the extension runs in a browser, where only the workspace's own file systems can be read. */
  constructor(private readonly web: boolean) {}

  name(uri: vscode.Uri): string {
    const name = uri.scheme === 'file' ? uri.fsPath : uri.toString();
    this.uris.set(name, uri);
    return name;
  }

  uri(name: string): vscode.Uri {
    return this.uris.get(name) ?? vscode.Uri.file(name);
  }

  async list(folder: string): Promise<string[]> {
    const uri = this.uri(folder);
    if (this.web && uri.scheme === 'file' && vscode.workspace.workspaceFolders?.[0]?.uri.scheme !== 'file')
      throw new Error(
        'it is a path on a local disk, which VS Code in the browser cannot read; give note folders relative to the workspace folder',
      );
    const entries = await vscode.workspace.fs.readDirectory(uri);
    return entries.filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([name]) => name);
  }

  join(folder: string, name: string): string {
    return this.name(vscode.Uri.joinPath(this.uri(folder), name));
  }

  async size(file: string): Promise<number> {
    return (await vscode.workspace.fs.stat(this.uri(file))).size;
  }

  async read(file: string): Promise<string> {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(this.uri(file)));
  }
}
