// "Run Snippet in Sandbox", "Run Demo…" and "Stop": runs TensorFlow.js code in a
// separate process (src/sandbox) — in the browser, in a Worker of the loss chart's page
// (browserSandbox.ts) — and streams its loss into the loss-curve panel.
// Code from the workspace runs only in a trusted workspace; the built-in demos are the
// extension's own code and run in Restricted Mode too.
import * as vscode from 'vscode';
import { codeLanguageOf } from '../../core/languages';
import { type SandboxEngine, type SandboxHandle } from '../../platform/platform';
import { type BackendChoice, type RunRequest, type RunResult } from '../../sandbox/protocol';
import { CONFIG_SECTION, type Services } from '../../services';
import { LossPanel } from './lossPanel';
import { slugFromArgument } from '../../editor/commandArguments';

interface ActiveRun {
  id: number;
  run: SandboxHandle;
  title: string;
}

/** The last part of a path or URI path (Node's path.basename, which the browser has not). */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export class SandboxController implements vscode.Disposable {
  readonly lossPanel: LossPanel;
  /** Where runs train: a Node process, or the loss chart's Worker in the browser. */
  readonly engine: SandboxEngine;
  private active?: ActiveRun;
  private nextId = 1;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('deepLearningNotes.sandbox');
  private readonly statusItem = vscode.window.createStatusBarItem(
    'deepLearningNotes.sandbox',
    vscode.StatusBarAlignment.Left,
    10,
  );

  constructor(private readonly services: Services) {
    this.lossPanel = new LossPanel(services, () => this.stop());
    this.engine = services.platform.sandboxEngine(this.lossPanel);
    this.statusItem.name = 'Deep Learning Notes Sandbox';
    this.statusItem.command = 'deepLearningNotes.stopRun';
  }

  get running(): boolean {
    return !!this.active;
  }

  /** Runs a program; resolves when it ends, however it ends. */
  async run(options: {
    title: string;
    code: string;
    filename: string;
    language: RunRequest['language'];
    steps?: number;
    document?: vscode.TextDocument;
    lineOffset?: number;
    /** The extension's own code (a built-in demo): it may run in Restricted Mode. */
    builtIn?: boolean;
  }): Promise<RunResult | undefined> {
    if (!options.builtIn && !vscode.workspace.isTrusted) {
      void vscode.window
        .showWarningMessage(
          'Running code from this folder needs a trusted workspace: in Restricted Mode only the built-in demos run. Trust the folder to run it.',
          'Manage Workspace Trust',
        )
        .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      return undefined;
    }
    if (this.active) this.stop();
    const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const id = this.nextId++;
    const output = this.services.output;
    this.diagnostics.clear();
    this.lossPanel.startRun(id, options.title);
    output.appendLine(`▶ ${options.title}`);

    const request: RunRequest = {
      type: 'run',
      code: options.code,
      filename: options.filename,
      language: options.language,
      backend: config.get<BackendChoice>('sandbox.backend', 'auto'),
      steps: options.steps,
      // tfjs-node from the workspace is the workspace's code: loaded only when the folder is trusted.
      searchPaths: vscode.workspace.isTrusted
        ? this.engine.tfjsNodeFolders(config.get<string>('sandbox.tfjsNodePath', ''))
        : [],
      fastKernels: config.get<boolean>('sandbox.fastKernels', true),
    };
    const run = this.engine.start(
      request,
      {
        timeoutMs: config.get<number>('sandbox.timeoutSeconds', 120) * 1000,
        maxMemoryMB: config.get<number>('sandbox.maxHeapMB', 2048),
      },
      {
        onBackend: (info) => {
          const header = this.engine.header(info);
          for (const line of header.lines) output.appendLine(`  ${line}`);
          this.lossPanel.setBackend(id, header.label, header.note);
          this.statusItem.text = `$(sync~spin) Training ${this.engine.trainingOn(info.backend)} — Stop`;
        },
        onPoints: (points) => this.lossPanel.addPoints(id, points),
        onLog: (_level, text) => output.appendLine(`  ${text}`),
      },
    );
    this.active = { id, run, title: options.title };
    this.statusItem.text = '$(sync~spin) Starting sandbox — Stop';
    this.statusItem.tooltip = `Deep Learning Notes: running ${options.title}. Click to stop.`;
    this.statusItem.show();
    await vscode.commands.executeCommand('setContext', `${CONFIG_SECTION}.running`, true);

    const result = await run.done;
    if (this.active?.id === id) {
      this.active = undefined;
      this.statusItem.hide();
      await vscode.commands.executeCommand('setContext', `${CONFIG_SECTION}.running`, false);
    }
    this.lossPanel.finishRun(id, result);
    output.appendLine(`  ${result.summary}`);
    if (result.error?.stack)
      output.appendLine(
        result.error.stack
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
      );
    this.reportOutcome(result, options.document, options.lineOffset ?? 0);
    return result;
  }

  stop(): void {
    this.active?.run.stop();
  }

  private reportOutcome(result: RunResult, document: vscode.TextDocument | undefined, lineOffset: number): void {
    const failed = result.status !== 'completed' && result.status !== 'stopped';
    if (!failed) return;
    const line = result.error?.line;
    if (document && line) {
      const at = Math.min(document.lineCount - 1, line - 1 + lineOffset);
      const diagnostic = new vscode.Diagnostic(
        document.lineAt(at).range,
        `Sandbox: ${result.error!.message}`,
        vscode.DiagnosticSeverity.Error,
      );
      diagnostic.source = 'Deep Learning Notes sandbox';
      this.diagnostics.set(document.uri, [diagnostic]);
    }
    const actions = document && line ? ['Go to Line', 'Show Output'] : ['Show Output'];
    void vscode.window.showErrorMessage(`Deep Learning Notes: ${result.summary}`, ...actions).then(async (choice) => {
      if (choice === 'Show Output') this.services.output.show(true);
      if (choice === 'Go to Line' && document && line) {
        const position = new vscode.Position(
          Math.min(document.lineCount - 1, line - 1 + lineOffset),
          Math.max(0, (result.error?.column ?? 1) - 1),
        );
        await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
      }
    });
  }

  dispose(): void {
    this.stop();
    this.lossPanel.dispose();
    this.diagnostics.dispose();
    this.statusItem.dispose();
  }
}

export function activate(context: vscode.ExtensionContext, services: Services): SandboxController {
  const controller = new SandboxController(services);
  LossPanel.register(context, controller.lossPanel);
  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand('deepLearningNotes.runSnippet', async () => {
      const editor = vscode.window.activeTextEditor;
      const language = editor && codeLanguageOf(editor.document.languageId);
      if (!editor || (language !== 'javascript' && language !== 'typescript')) {
        void vscode.window
          .showInformationMessage(
            'Run Snippet in Sandbox runs TensorFlow.js code from a JavaScript or TypeScript editor. Run a demo instead?',
            'Run Demo…',
          )
          .then((choice) => choice && vscode.commands.executeCommand('deepLearningNotes.runDemo'));
        return undefined;
      }
      const selection = editor.selection;
      const whole = selection.isEmpty;
      const code = whole ? editor.document.getText() : editor.document.getText(selection);
      const filename = baseName(editor.document.fileName) || `untitled.${language === 'typescript' ? 'ts' : 'js'}`;
      return controller.run({
        title: whole ? filename : `${filename} (lines ${selection.start.line + 1}–${selection.end.line + 1})`,
        code,
        filename,
        language,
        document: editor.document,
        lineOffset: whole ? 0 : selection.start.line,
      });
    }),
    vscode.commands.registerCommand('deepLearningNotes.runDemo', async (argument?: unknown) => {
      let id = typeof argument === 'string' ? argument : undefined;
      // From the tree: the note's demo.
      const slug = !id ? slugFromArgument(argument) : undefined;
      const { knowledgeBase, demos } = await services.ready();
      if (slug) id = knowledgeBase.note(slug)?.demo;
      if (!id) {
        const picked = await vscode.window.showQuickPick(
          demos.map((demo) => ({
            label: demo.title,
            description: knowledgeBase.note(demo.note)?.title,
            id: demo.id,
          })),
          { title: 'Run Demo', placeHolder: 'Train something small and watch the loss' },
        );
        id = picked?.id;
      }
      const demo = id && demos.find((d) => d.id === id);
      if (!demo) {
        if (id) void vscode.window.showErrorMessage(`Deep Learning Notes: there is no demo "${id}".`);
        return undefined;
      }
      return controller.run({
        title: demo.title,
        code: await services.demoCode(demo),
        filename: baseName(demo.file),
        language: 'javascript',
        steps: demo.steps,
        builtIn: true,
      });
    }),
    vscode.commands.registerCommand('deepLearningNotes.stopRun', () => controller.stop()),
  );
  return controller;
}
