// TypeScript in the browser sandbox, and the place of a syntax error in JavaScript: esbuild-wasm,
// the transpiler the Node sandbox uses, in its browser build. Loaded only when a run needs it (its
// WebAssembly is 14 MB): the Worker fetches the extension's own copy (dist/esbuild-wasm).
import type { SandboxFiles } from '../../webview/protocol';
import { fetchThroughPage } from './pageFiles';
import { SourceMapLookup } from './sourceMap';

interface EsbuildMessage {
  text: string;
  location?: { line: number; column: number } | null;
}

interface Esbuild {
  initialize(options: { wasmModule: WebAssembly.Module; worker: boolean }): Promise<void>;
  transform(
    code: string,
    options: { loader: 'ts' | 'js'; format: 'esm'; target: string; sourcemap: 'external'; sourcefile: string },
  ): Promise<{ code: string; map: string }>;
}

declare function importScripts(...urls: string[]): void;

// Taken now: the Worker closes it to the program before it runs (worker.ts), and a syntax error is
// located after that.
const ownImportScripts = importScripts.bind(self);

/** A program that does not parse, with esbuild's place for it. */
export class CompileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

let loading: Promise<Esbuild> | undefined;

async function fetchOk(url: string): Promise<Response> {
  const response = await fetchThroughPage(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return response;
}

function esbuild(files: SandboxFiles): Promise<Esbuild> {
  loading ??= (async () => {
    // Its browser build is a classic script that sets self.esbuild, or module.exports when there is a
    // global `module`, as there is once the program's globals are in place; our files come as blob: URLs.
    const script = await (await fetchOk(files.esbuild)).text();
    const scope = self as unknown as { esbuild?: Esbuild; module?: { exports: unknown } };
    const programModule = scope.module;
    const exported = { exports: undefined as Esbuild | undefined };
    scope.module = exported;
    try {
      ownImportScripts(URL.createObjectURL(new Blob([script], { type: 'text/javascript' })));
    } finally {
      scope.module = programModule;
    }
    const api = exported.exports ?? scope.esbuild;
    if (!api) throw new Error('esbuild-wasm did not load');
    const wasmModule = await WebAssembly.compile(await (await fetchOk(files.esbuildWasm)).arrayBuffer());
    await api.initialize({ wasmModule, worker: false });
    return api;
  })();
  return loading;
}

function compileError(error: unknown): CompileError {
  const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
  return new CompileError(
    first?.text ?? String((error as Error)?.message ?? error),
    first?.location?.line,
    first?.location ? first.location.column + 1 : undefined,
  );
}

/** The program as JavaScript (an ES module) and the map back to its TypeScript lines. */
export async function transpile(
  code: string,
  filename: string,
  files: SandboxFiles,
): Promise<{ code: string; map: SourceMapLookup }> {
  const api = await esbuild(files);
  try {
    const result = await api.transform(code, {
      loader: 'ts',
      format: 'esm',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: filename,
    });
    return { code: result.code, map: new SourceMapLookup(result.map) };
  } catch (error) {
    throw compileError(error);
  }
}

/** The browser does not say where a module's syntax error is; esbuild does (only run on this error path). */
export async function locateSyntaxError(
  code: string,
  filename: string,
  files: SandboxFiles,
): Promise<CompileError | undefined> {
  const api = await esbuild(files).catch(() => undefined);
  if (!api) return undefined;
  try {
    await api.transform(code, {
      loader: 'js',
      format: 'esm',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: filename,
    });
    return undefined;
  } catch (error) {
    return compileError(error);
  }
}
