// Receives a webview's messages. VS Code calls the listener and ignores what it returns, so a
// failing async handler (a CSV that cannot be written, a note that cannot be shown) would become an
// unhandled rejection that nobody sees; here it becomes an error message the user reads.
import * as vscode from 'vscode';

export function handleWebviewMessages<Message>(
  webview: vscode.Webview,
  handle: (message: Message) => Promise<void>,
): vscode.Disposable {
  return webview.onDidReceiveMessage((message: Message) => {
    handle(message).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`Deep Learning Notes: ${reason}`);
    });
  });
}
