// The extension's own files, as the Worker reads them: through the page that started it. Requests
// of the page for our files are answered by the webview's service worker; a Worker made from a blob:
// URL has none, and would go out to the network (vscode-cdn.net) and fail. So the Worker asks the
// page, which fetches and hands over the bytes. Installed as `fetch` for tfjs's WebAssembly loader.
import type { FileReply, FromSandboxWorker } from '../../webview/protocol';

const scope = self as unknown as {
  postMessage(message: FromSandboxWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
};
const post = scope.postMessage.bind(scope);
const waiting = new Map<number, (reply: FileReply) => void>();
let nextId = 1;

scope.addEventListener('message', (event: MessageEvent) => {
  const reply = event.data as FileReply;
  if (reply?.type !== 'file') return;
  waiting.get(reply.id)?.(reply);
  waiting.delete(reply.id);
});

/** A fetch() for the extension's files (the page serves no others). */
export function fetchThroughPage(input: RequestInfo | URL): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const id = nextId++;
  return new Promise<Response>((resolve, reject) => {
    waiting.set(id, (reply) => {
      if (!reply.ok) return reject(new TypeError(`could not load ${url}: ${reply.error}`));
      resolve(new Response(reply.body, { status: 200, headers: { 'Content-Type': reply.contentType } }));
    });
    post({ type: 'file', id, url });
  });
}
