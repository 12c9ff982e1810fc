// The HTML shell shared by our webviews: a strict Content Security Policy where
// only our own script (by nonce) runs and only our own files load.
import * as vscode from 'vscode';
import { escapeHtml } from '../core/html';

/** 18 random bytes in base64: Web Crypto, which Node and the browser's web worker both have. */
export function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

export interface WebviewShell {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  title: string;
  scripts: string[];
  styles: string[];
  body: string;
  /** JSON handed to the script in a data attribute (never executed). */
  initialState?: unknown;
  /** Sources added to the policy, for a page that trains in a Worker (the browser sandbox; see lossPanel.ts). */
  extraSources?: { script?: string[]; connect?: string[]; worker?: string[] };
}

export function webviewHtml(shell: WebviewShell): string {
  const { webview } = shell;
  const scriptNonce = nonce();
  const uri = (relative: string) => webview.asWebviewUri(vscode.Uri.joinPath(shell.extensionUri, relative)).toString();
  const extra = shell.extraSources ?? {};
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} https: data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    [`script-src 'nonce-${scriptNonce}'`, ...(extra.script ?? [])].join(' '),
    ...(extra.connect ? [`connect-src ${extra.connect.join(' ')}`] : []),
    ...(extra.worker ? [`worker-src ${extra.worker.join(' ')}`] : []),
  ].join('; ');
  const state =
    shell.initialState === undefined ? '' : ` data-state="${escapeHtml(JSON.stringify(shell.initialState))}"`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${shell.styles.map((s) => `<link rel="stylesheet" href="${uri(s)}">`).join('\n')}
<title>${escapeHtml(shell.title)}</title>
</head>
<body${state}>
${shell.body}
${shell.scripts.map((s) => `<script nonce="${scriptNonce}" src="${uri(s)}"></script>`).join('\n')}
</body>
</html>`;
}
