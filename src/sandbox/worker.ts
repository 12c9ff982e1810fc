// The sandbox process. It serves one RunRequest: loads a TensorFlow.js backend, closes
// what the permission model leaves open (lockdown.ts), and evaluates the program (already
// JavaScript: the parent transpiles TypeScript) as a module in a fresh `vm` context whose
// globals are tf, report(), lossCallback(), data, STEPS and console. The context is for
// convenience, not security: the process boundary is what protects the machine. It exits
// when the program's work is done; the parent enforces time and memory.
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { format } from 'node:util';
import * as vm from 'node:vm';
import { type LoadedBackend, loadBackend } from './backends';
import { type Tfjs } from './kernels';
import {
  closeNetwork,
  closeProcessEscapes,
  explainDenial,
  measureThisProcess,
  protectionsInForce,
  resolveLazyGlobals,
} from './lockdown';
import { Diverged, LossReporter, TFJS_MODULES, programApi } from './programApi';
import { type Protection, type RunRequest, type SandboxMessage } from './protocol';

const send = (message: SandboxMessage) => process.send?.(message);
// Errors thrown deep inside tf need room in the stack for the program's own frame.
Error.stackTraceLimit = 100;

interface CompiledProgram {
  code: string;
  map?: SourceMap;
}

/** The program as JavaScript: as it came, or as the transpiler process made it from TypeScript. */
function compile(request: RunRequest): CompiledProgram {
  if (!request.transpiled) return { code: request.code };
  return { code: request.transpiled.code, map: new SourceMap(JSON.parse(request.transpiled.sourceMap)) };
}

/** Finds the program's own line and column in an error, mapped back to the TypeScript source. */
function locate(error: unknown, identifier: string, program: CompiledProgram): { line?: number; column?: number } {
  const stack = String((error as Error)?.stack ?? '');
  const escaped = identifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+)(?::(\\d+))?`).exec(stack);
  if (!match) return {};
  const line = Number(match[1]);
  const column = match[2] ? Number(match[2]) : 1;
  if (!program.map) return { line, column };
  const entry = program.map.findEntry(line - 1, column - 1) as { originalLine?: number; originalColumn?: number };
  return entry.originalLine === undefined
    ? { line, column }
    : { line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
}

/** Keeps the program's frames (and not the sandbox's) in a stack trace. */
function userStack(error: unknown, identifier: string): string | undefined {
  const stack = (error as Error)?.stack;
  if (!stack) return undefined;
  return stack
    .split('\n')
    .filter((line, i) => i === 0 || line.includes(identifier))
    .join('\n');
}

function createContext(loaded: LoadedBackend, reporter: LossReporter, steps: number | undefined): vm.Context {
  const api = programApi({ tf: loaded.tf, backend: loaded.backend, reporter, steps, send, format });
  return vm.createContext(
    {
      ...api,
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      queueMicrotask,
      performance: { now: () => performance.now() },
    },
    { name: 'Deep Learning Notes sandbox', codeGeneration: { strings: false, wasm: false } },
  );
}

/** The program does not parse. Thrown by the parser only: a SyntaxError while it runs (JSON.parse…) is a runtime error. */
class ProgramSyntaxError extends Error {
  override name = 'SyntaxError';
}

function parse(program: CompiledProgram, identifier: string, context: vm.Context): vm.SourceTextModule {
  try {
    return new vm.SourceTextModule(program.code, { identifier, context });
  } catch (error) {
    throw new ProgramSyntaxError(String((error as Error)?.message ?? error));
  }
}

async function evaluate(program: CompiledProgram, identifier: string, context: vm.Context, tf: Tfjs): Promise<void> {
  const module = parse(program, identifier, context);
  await module.link((specifier) => {
    if (!TFJS_MODULES.has(specifier))
      throw new Error(`The sandbox provides only @tensorflow/tfjs; cannot import "${specifier}".`);
    const exportNames = [...new Set([...Object.keys(tf), 'default'])];
    return new vm.SyntheticModule(
      exportNames,
      function () {
        for (const name of exportNames)
          this.setExport(name, name === 'default' ? tf : (tf as unknown as Record<string, unknown>)[name]);
      },
      { identifier: specifier, context },
    );
  });
  await module.evaluate();
}

/** Closes what the permission model leaves open, and measures what holds, before any program runs. */
function lockDown(): Protection[] {
  resolveLazyGlobals();
  closeNetwork();
  const facts = measureThisProcess(true);
  closeProcessEscapes();
  return protectionsInForce(facts);
}

async function serve(request: RunRequest): Promise<void> {
  const started = Date.now();
  const identifier = `sandbox:///${request.filename.replace(/^\/+/, '')}`;
  let program: CompiledProgram = { code: request.code };
  let reporter: LossReporter | undefined;

  const fail = (error: unknown, kind: 'syntax' | 'runtime') => {
    reporter?.flush();
    if (error instanceof Diverged) {
      send({ type: 'diverged', series: error.series, step: error.step, value: error.value });
    } else {
      const message = explainDenial(error) ?? String((error as Error)?.message ?? error);
      // V8 does not say where a module's syntax error is: the parent asks the transpiler.
      const where = kind === 'syntax' ? {} : locate(error, identifier, program);
      send({ type: 'error', kind, message, ...where, stack: userStack(error, identifier) });
    }
    process.exitCode = error instanceof Diverged ? 0 : 1;
    process.disconnect?.();
    setImmediate(() => process.exit());
  };
  process.on('uncaughtException', (error) => fail(error, 'runtime'));
  process.on('unhandledRejection', (error) => fail(error, 'runtime'));

  const loaded = await loadBackend(
    request.backend,
    request.tfjsNode,
    join(__dirname, 'wasm'),
    request.fastKernels ?? true,
  );
  const protections = lockDown();
  const { tf, fallbacks, backend, version, source, kernels } = loaded;
  send({ type: 'backend', backend, version, source, fallbacks, kernels, protections });
  reporter = new LossReporter(tf, send);
  const activeReporter = reporter;
  program = compile(request);

  try {
    const context = createContext(loaded, activeReporter, request.steps);
    // The run is over when the program has nothing left to do: finish then.
    process.once('beforeExit', () => {
      send(activeReporter.finish(started));
      process.disconnect?.();
    });
    await evaluate(program, identifier, context, tf);
  } catch (error) {
    fail(error, error instanceof ProgramSyntaxError ? 'syntax' : 'runtime');
  }
}

process.once('message', (request: RunRequest) => {
  // Let the process end by itself once the program's work is done.
  (process as unknown as { channel?: { unref(): void } }).channel?.unref();
  serve(request).catch((error) => {
    send({ type: 'error', kind: 'runtime', message: String((error as Error)?.message ?? error) });
    process.exit(1);
  });
});
