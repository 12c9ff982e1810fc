// The one escaper for text put into markup: the note page (render.ts), the webview shell
// (editor/webviewHtml.ts) and the CLI's SVG chart (lossHistory.ts). It escapes quotes too,
// so the same function serves element text and attribute values, in HTML and in SVG.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
