// Hover explanations in code, comments, notebooks and Markdown, and the keyboard
// command "Explain Concept at Cursor", which shows the same hover (also for the
// callee when the cursor is inside a call's parentheses).
import * as vscode from 'vscode';
import { type ConceptSpan } from '../core/conceptIndex';
import { HOVER_COMMANDS, buildCard, cardAsHoverMarkdown } from '../core/conceptCard';
import { detectLibrary, familyOfLanguage } from '../core/apiDocs';
import { calleeBefore } from '../core/callee';
import { CONFIG_SECTION, type Services } from '../services';

/** Lines read above the cursor to find the callee of a call spread over several lines. */
const CALL_LOOKBACK_LINES = 20;
/** Lines read from the top of a file to guess the library (torch, flax, keras). */
const IMPORT_SCAN_LINES = 60;

interface Target {
  span: ConceptSpan;
  line: number;
  /** The hover's range; for a callee it runs from the callee to the cursor. */
  range: vscode.Range;
}

export function activate(context: vscode.ExtensionContext, services: Services): void {
  let explainRequest: { uri: string; position: vscode.Position; target: Target } | undefined;

  const provider: vscode.HoverProvider = {
    provideHover(document, position) {
      const requested = explainRequest;
      if (requested && requested.uri === document.uri.toString() && requested.position.isEqual(position)) {
        explainRequest = undefined;
        return hoverFor(services, document, requested.target);
      }
      if (!hoverEnabledFor(document.languageId)) return undefined;
      const target = conceptAt(services, document, position, false);
      return target && hoverFor(services, document, target);
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
      const target = conceptAt(services, editor.document, position, true);
      if (!target) {
        void vscode.window
          .showInformationMessage('No deep-learning concept at the cursor.', 'Look Up Concept…')
          .then((choice) => choice && vscode.commands.executeCommand('deepLearningNotes.lookUpConcept'));
        return undefined;
      }
      explainRequest = { uri: editor.document.uri.toString(), position, target };
      await vscode.commands.executeCommand('editor.action.showHover');
      return { slug: target.span.slug, text: target.span.text };
    }),
  );
}

function hoverLanguages(): string[] {
  return vscode.workspace.getConfiguration(CONFIG_SECTION).get<string[]>('hover.languages', []);
}

function hoverEnabledFor(languageId: string): boolean {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return config.get<boolean>('hover.enabled', true) && hoverLanguages().includes(languageId);
}

export function conceptAt(
  services: Services,
  document: vscode.TextDocument,
  position: vscode.Position,
  resolveCallee: boolean,
): Target | undefined {
  const index = services.knowledgeBase.index;
  const line = document.lineAt(position.line).text;
  const span = index.findConceptAt(line, position.character);
  if (span)
    return { span, line: position.line, range: new vscode.Range(position.line, span.start, position.line, span.end) };
  if (!resolveCallee) return undefined;

  const firstLine = Math.max(0, position.line - CALL_LOOKBACK_LINES);
  const before = document.getText(new vscode.Range(firstLine, 0, position.line, position.character));
  const callee = calleeBefore(before);
  if (callee === undefined) return undefined;
  const calleePosition = document.positionAt(document.offsetAt(new vscode.Position(firstLine, 0)) + callee);
  const calleeLine = document.lineAt(calleePosition.line).text;
  const calleeSpan = index.findConceptAt(calleeLine, calleePosition.character);
  if (!calleeSpan) return undefined;
  return {
    span: calleeSpan,
    line: calleePosition.line,
    range: new vscode.Range(calleePosition.line, calleeSpan.start, position.line, position.character),
  };
}

function hoverFor(services: Services, document: vscode.TextDocument, target: Target): vscode.Hover | undefined {
  const head = document.getText(new vscode.Range(0, 0, Math.min(IMPORT_SCAN_LINES, document.lineCount), 0));
  const card = buildCard(services.knowledgeBase, target.span.slug, {
    written: target.span.code ? target.span.text : undefined,
    family: familyOfLanguage(document.languageId),
    library: detectLibrary(head),
  });
  if (!card) return undefined;
  const markdown = new vscode.MarkdownString(
    cardAsHoverMarkdown(card, { canRunDemo: vscode.workspace.isTrusted }),
    true,
  );
  markdown.isTrusted = { enabledCommands: HOVER_COMMANDS };
  return new vscode.Hover(markdown, target.range);
}
