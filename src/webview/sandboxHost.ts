// On the web the loss chart's page hosts the sandbox (there is no Node process to spawn): each run
// is a Worker made from the extension's worker bundle (src/sandbox/browser/worker.ts), loaded as a
// blob: URL because a Worker must come from the page's own origin. Its messages go to the extension
// as they come; Stop and the time limit, decided by the extension, terminate it. The Worker reads
// the extension's files (tfjs's .wasm, esbuild) through this page: see sandbox/browser/pageFiles.ts.
import type {
  FileReply,
  FileRequest,
  FromSandbox,
  FromSandboxWorker,
  SandboxEnd,
  SandboxFiles,
  StartSandbox,
  ToSandboxWorker,
} from './protocol';

/** The messages after which a run's Worker has nothing more to say. */
const LAST_WORDS = new Set<FromSandboxWorker['type']>(['done', 'error', 'diverged']);

export class SandboxHost {
  private readonly workers = new Map<number, Worker>();
  /** Runs stopped before their Worker started (the bundle was still loading). */
  private readonly stopped = new Set<number>();
  private script?: Promise<string>;

  constructor(private readonly post: (message: FromSandbox) => void) {}

  async start({ sandboxId, request, files }: StartSandbox): Promise<void> {
    try {
      const url = await this.workerUrl(files.worker);
      if (this.stopped.delete(sandboxId)) {
        this.post({ type: 'sandboxEnded', sandboxId, end: 'terminated' });
        return;
      }
      const worker = new Worker(url, { name: `sandbox ${sandboxId}` });
      this.workers.set(sandboxId, worker);
      worker.addEventListener('message', (event: MessageEvent<FromSandboxWorker>) => {
        const message = event.data;
        if (message.type === 'file') return void this.readFile(worker, message, files);
        const divergedValue = message.type === 'diverged' ? String(message.value) : undefined;
        this.post({ type: 'sandbox', sandboxId, message, ...(divergedValue ? { divergedValue } : {}) });
        if (LAST_WORDS.has(message.type)) this.end(sandboxId, 'finished');
      });
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.end(sandboxId, 'crashed', event.message || 'the Worker failed to load');
      });
      worker.postMessage({ type: 'start', request, files } satisfies ToSandboxWorker);
    } catch (error) {
      this.post({
        type: 'sandboxEnded',
        sandboxId,
        end: 'crashed',
        detail: String((error as Error)?.message ?? error),
      });
    }
  }

  /** Serves the Worker one of the extension's files: only those under the folders the run was given. */
  private async readFile(worker: Worker, { id, url }: FileRequest, files: SandboxFiles): Promise<void> {
    const folders = [files.wasmFolder, files.esbuild, files.esbuildWasm].map((f) => f.replace(/[^/]*$/, ''));
    const send = (reply: FileReply) =>
      worker.postMessage(reply satisfies ToSandboxWorker, reply.ok ? [reply.body] : []);
    try {
      if (!folders.some((folder) => url.startsWith(folder))) throw new Error("not one of the sandbox's files");
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const contentType = url.endsWith('.wasm') ? 'application/wasm' : (response.headers.get('Content-Type') ?? '');
      send({ type: 'file', id, ok: true, body: await response.arrayBuffer(), contentType });
    } catch (error) {
      send({ type: 'file', id, ok: false, error: String((error as Error)?.message ?? error) });
    }
  }

  stop(sandboxId: number): void {
    if (this.workers.has(sandboxId)) this.end(sandboxId, 'terminated');
    else this.stopped.add(sandboxId);
  }

  private end(sandboxId: number, end: SandboxEnd, detail?: string): void {
    const worker = this.workers.get(sandboxId);
    if (!worker) return;
    worker.terminate();
    this.workers.delete(sandboxId);
    this.post({ type: 'sandboxEnded', sandboxId, end, ...(detail ? { detail } : {}) });
  }

  /** The worker bundle as a blob: URL, fetched once per page. */
  private workerUrl(address: string): Promise<string> {
    this.script ??= fetch(address)
      .then((response) => {
        if (!response.ok) throw new Error(`could not load the sandbox (${address}): HTTP ${response.status}`);
        return response.text();
      })
      .then((text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' })))
      .catch((error: unknown) => {
        this.script = undefined;
        throw error;
      });
    return this.script;
  }
}
