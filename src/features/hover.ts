// Hover explanations in code, comments, notebooks and Markdown, and the keyboard command
// "Explain Concept at Cursor", which shows the same hover (also for the callee when the cursor is
// inside a call's parentheses). What a name means comes from the whole-document analysis.
import * as vscode from 'vscode';
import { HOVER_COMMANDS, buildCard, cardAsHoverMarkdown } from '../core/conceptCard';
import { detectLibrary } from '../core/apiDocs';
import { type KnowledgeBase } from '../core/knowledgeBase';
import { codeFamilyOf } from '../core/languages';
import { type ConceptTarget, conceptAt } from '../editor/conceptAtCursor';
import { CONFIG_SECTION, type Services } from '../services';

/** Lines read from the top of a file to guess the library (torch, flax, keras). */
const IMPORT_SCAN_LINES = 60;

/** What the hover reports about itself (the bench reads it through the extension's API). */
export interface HoverStats {
  /** The provider's own time for the last hover it answered, in ms, without VS Code's round trip. */
  lastMs?: number;
}

export function activate(context: vscode.ExtensionContext, services: Services): HoverStats {
  const stats: HoverStats = {};
  let explainRequest: { uri: string; position: vscode.Position; target: ConceptTarget } | undefined;

  const provider: vscode.HoverProvider = {
    async provideHover(document, position) {
      const requested = explainRequest;
      if (requested && requested.uri === document.uri.toString() && requested.position.isEqual(position)) {
        explainRequest = undefined;
        return hoverFor(await services.knowledgeBase(), document, requested.target);
      }
      // Checked before anything loads: a hover in a language we do not serve costs nothing.
      if (!hoverEnabledFor(document.languageId)) return undefined;
      const started = performance.now();
      const kb = await services.knowledgeBase();
      const target = conceptAt(services.analyses, kb, document, position, false);
      const hover = target && hoverFor(kb, document, target);
      stats.lastMs = performance.now() - started;
      return hover;
    },
  };
  // Registered for every document; the settings decide per request, so changing them needs no re-registration.
  context.subscriptions.push(vscode.languages.registerHoverProvider('*', provider));

  // Tells menus (editor/context) which languages the hover serves.
  const publishLanguages = () =>
    void vscode.commands.executeCommand('setContext', `${CONFIG_SECTION}.languages`, hoverLanguages());
  publishLanguages();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(
      (e) => e.affectsConfiguration(`${CONFIG_SECTION}.hover`) && publishLanguages(),
    ),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('deepLearningNotes.explainAtCursor', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return undefined;
      const position = editor.selection.active;
      const target = conceptAt(services.analyses, await services.knowledgeBase(), editor.document, position, true);
      if (!target) {
        void vscode.window
          .showInformationMessage('No deep-learning concept at the cursor.', 'Look Up Concept…')
          .then((choice) => choice && vscode.commands.executeCommand('deepLearningNotes.lookUpConcept'));
        return undefined;
      }
      explainRequest = { uri: editor.document.uri.toString(), position, target };
      await vscode.commands.executeCommand('editor.action.showHover');
      return { slug: target.occurrence.slug, text: target.occurrence.text, ...(target.why ? { why: target.why } : {}) };
    }),
  );
  return stats;
}

function hoverLanguages(): string[] {
  return vscode.workspace.getConfiguration(CONFIG_SECTION).get<string[]>('hover.languages', []);
}

function hoverEnabledFor(languageId: string): boolean {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return config.get<boolean>('hover.enabled', true) && hoverLanguages().includes(languageId);
}

function hoverFor(kb: KnowledgeBase, document: vscode.TextDocument, target: ConceptTarget): vscode.Hover | undefined {
  const { occurrence } = target;
  const head = document.getText(new vscode.Range(0, 0, Math.min(IMPORT_SCAN_LINES, document.lineCount), 0));
  const reason = occurrence.reason;
  const card = buildCard(kb, occurrence.slug, {
    written: occurrence.code ? occurrence.text : undefined,
    family: codeFamilyOf(document.languageId),
    library: detectLibrary(head),
    apiDoc: reason.kind === 'api' && reason.docs ? { name: reason.name, url: reason.docs } : undefined,
  });
  if (!card) return undefined;
  const markdown = new vscode.MarkdownString(cardAsHoverMarkdown(card, { canRunDemo: true, why: target.why }), true);
  markdown.isTrusted = { enabledCommands: HOVER_COMMANDS };
  return new vscode.Hover(markdown, target.range);
}
