// The transpiler process (dist/sandbox-transpiler.js): turns a TypeScript program into
// JavaScript with a source map, or finds where a JavaScript program's syntax error is (V8
// does not say, for modules). It runs esbuild-wasm's in-thread build, so it needs neither a
// `node` on PATH nor child processes, and runs under the same permission model as the
// sandbox; it parses the program and never runs it. Separate from the sandbox process
// because compiling esbuild's 10 MB of WebAssembly would otherwise keep one of the
// sandbox's cores busy for seconds while the program trains.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TranspileReply, type TranspileRequest } from './protocol';

type Esbuild = typeof import('esbuild-wasm');
/** WebAssembly as Node has it (the project's TypeScript lib declares its types, not the global). */
const { WebAssembly: Wasm } = globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => WebAssembly.Module };
};
type EsbuildFailure = { errors?: { text: string; location?: { line: number; column: number } | null }[] };

async function transpile(request: TranspileRequest): Promise<TranspileReply> {
  // Copied next to this bundle by the build (see scripts/build.mjs).
  const esbuild = require(join(__dirname, 'esbuild-wasm', 'lib', 'browser.js')) as Esbuild;
  const wasmModule = new Wasm.Module(readFileSync(join(__dirname, 'esbuild-wasm', 'esbuild.wasm')));
  // The browser build looks its globals up on `self`.
  Object.assign(globalThis, { self: globalThis });
  await esbuild.initialize({ wasmModule, worker: false });
  try {
    const result = await esbuild.transform(request.code, {
      loader: request.language === 'typescript' ? 'ts' : 'js',
      format: 'esm',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: request.filename,
    });
    return { type: 'transpiled', code: result.code, sourceMap: result.map };
  } catch (error) {
    const first = (error as EsbuildFailure).errors?.[0];
    if (!first) throw error;
    return {
      type: 'syntax-error',
      message: first.text,
      line: first.location?.line,
      column: first.location ? first.location.column + 1 : undefined,
    };
  } finally {
    await esbuild.stop();
  }
}

process.once('message', (request: TranspileRequest) => {
  transpile(request).then(
    (reply) => process.send?.(reply, () => process.exit(0)),
    (error: unknown) =>
      process.send?.(
        { type: 'failed', message: String((error as Error)?.message ?? error) } satisfies TranspileReply,
        () => process.exit(1),
      ),
  );
});
