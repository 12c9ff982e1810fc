// The sandbox where there is no Node (vscode.dev, github.dev): a Worker that the loss chart's page
// starts for one run (src/webview/sandboxHost.ts). It loads TensorFlow.js on WebAssembly, gives the
// program the same globals as the Node sandbox (../programApi.ts) and runs it as an ES module, off
// the editor's thread and the page's. It answers with the same SandboxMessages as the Node sandbox
// process; the page terminates it for Stop and the time limit. What the program can reach is
// closed and measured in protections.ts. The kernels are the Node sandbox's: the bridges for what
// WebAssembly lacks, and the fast kernels behind their version gate.
import './withoutAnimationFrames';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { borrowMissingKernels } from '../borrowedKernels';
import { installFastKernels } from '../fastKernels';
import { Diverged, LossReporter, programApi } from '../programApi';
import {
  type BackendAttempt,
  type BackendChoice,
  type BackendName,
  type KernelStatus,
  type SandboxMessage,
} from '../protocol';
import type { SandboxFiles, ToSandboxWorker, WorkerStart } from '../../webview/protocol';
import { formatArgs } from './format';
import { fetchThroughPage } from './pageFiles';
import { TF_GLOBAL, linkImports, locate, moduleUrl, specifierResolver, tfModuleSource, userStack } from './program';
import { closeDoors, protectionsInForce } from './protections';
import { type SourceMapLookup } from './sourceMap';
import { trackTimers } from './timers';
import { CompileError, locateSyntaxError, transpile } from './typescript';

const scope = self as unknown as typeof globalThis & Record<string, unknown>;
const post: (message: SandboxMessage) => void = scope.postMessage.bind(scope);
// Errors thrown deep inside tf need room in the stack for the program's own frame.
(Error as { stackTraceLimit?: number }).stackTraceLimit = 100;
// tfjs fetches its .wasm file when the backend starts: our files come through the page.
Object.defineProperty(scope, 'fetch', { value: fetchThroughPage, configurable: true, writable: true });

/** Why tfjs-node is not tried here. */
const NO_NODE = 'tfjs-node needs Node.js, and this editor runs in the browser';

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? '';
}

/** WebAssembly, else the plain CPU backend: the Node sandbox's order (backends.ts) without tfjs-node. */
async function loadBackend(
  choice: BackendChoice,
  files: SandboxFiles,
  fastKernels: boolean,
): Promise<{ backend: BackendName; fallbacks: BackendAttempt[]; kernels: KernelStatus }> {
  const fallbacks: BackendAttempt[] = choice === 'tensorflow' ? [{ backend: 'tensorflow', error: NO_NODE }] : [];
  const order: ('wasm' | 'cpu')[] = choice === 'wasm' || choice === 'cpu' ? [choice] : ['wasm', 'cpu'];
  for (const backend of order) {
    try {
      if (backend === 'wasm') setWasmPaths(files.wasmFolder);
      if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not initialise`);
      await tf.ready();
      if (backend === 'wasm') borrowMissingKernels(tf, 'wasm');
      const versions = { ...tf.version, 'tfjs-backend-wasm': version_wasm };
      const { status } = installFastKernels(tf, backend, versions, fastKernels);
      return { backend, fallbacks, kernels: status };
    } catch (error) {
      fallbacks.push({ backend, error: firstLine(error) });
    }
  }
  throw new Error(
    `no TensorFlow.js backend could be loaded: ${fallbacks.map((f) => `${f.backend}: ${f.error}`).join('; ')}`,
  );
}

async function serve({ request, files }: WorkerStart): Promise<void> {
  const started = Date.now();
  let reporter: LossReporter | undefined;
  let url = '';
  let map: SourceMapLookup | undefined;
  let failed = false;

  const fail = (error: unknown, kind: 'syntax' | 'runtime') => {
    if (failed) return;
    failed = true;
    reporter?.flush();
    if (error instanceof Diverged) {
      post({ type: 'diverged', series: error.series, step: error.step, value: error.value });
      return;
    }
    const message = String((error as Error)?.message ?? error);
    const where =
      error instanceof CompileError ? { line: error.line, column: error.column } : url ? locate(error, url, map) : {};
    post({ type: 'error', kind, message, ...where, stack: url ? userStack(error, url, request.filename) : undefined });
  };
  scope.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    fail(event.error ?? event.message, 'runtime');
  });
  scope.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    event.preventDefault();
    fail(event.reason, 'runtime');
  });

  const { backend, fallbacks, kernels } = await loadBackend(request.backend, files, request.fastKernels ?? true);
  // TypeScript needs esbuild, which the Worker reads through the page: before the doors close.
  let code = request.code;
  let compileError: unknown;
  if (request.language === 'typescript') {
    try {
      ({ code, map } = await transpile(request.code, request.filename, files));
    } catch (error) {
      compileError = error;
    }
  }
  closeDoors();
  post({ type: 'backend', backend, version: tf.version.tfjs, fallbacks, kernels, protections: protectionsInForce() });
  reporter = new LossReporter(tf, post);
  const activeReporter = reporter;
  if (compileError) return fail(compileError, 'syntax');

  scope[TF_GLOBAL] = tf;
  try {
    url = moduleUrl(linkImports(code, specifierResolver(moduleUrl(tfModuleSource(tf)))));
  } catch (error) {
    return fail(error, 'runtime');
  }
  Object.assign(
    scope,
    programApi({ tf, backend, reporter: activeReporter, steps: request.steps, send: post, format: formatArgs }),
  );
  const timers = trackTimers(scope);
  try {
    await import(/* webpackIgnore: true */ url);
  } catch (error) {
    // The program does not parse: a SyntaxError with no frame of the program in it (JSON.parse's, thrown
    // while the program runs, has one: that is a runtime error).
    const syntax = (error as Error)?.name === 'SyntaxError' && !String((error as Error).stack).includes(url);
    const located = syntax && !map ? await locateSyntaxError(code, request.filename, files) : undefined;
    return fail(located ?? error, syntax ? 'syntax' : 'runtime');
  }
  await timers.idle();
  if (failed) return;
  post(activeReporter.finish(started));
}

let started = false;
scope.addEventListener('message', (event: MessageEvent<ToSandboxWorker>) => {
  if (event.data.type !== 'start' || started) return;
  started = true;
  serve(event.data).catch((error: unknown) => {
    post({ type: 'error', kind: 'runtime', message: String((error as Error)?.message ?? error) });
  });
});
