// Loads TensorFlow.js in the sandbox process: native tfjs-node from the installation the
// parent found (see tfjsNode.ts), otherwise the bundled @tensorflow/tfjs on WebAssembly,
// otherwise on the plain CPU backend. tfjs's own notices (such as its banner suggesting
// tfjs-node) go to this process's stderr, which is not the program's output.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { borrowMissingKernels } from './borrowedKernels';
import { installFastKernels, type TfjsVersions } from './fastKernels';
import { type Tfjs } from './kernels';
import {
  type BackendAttempt,
  type BackendChoice,
  type BackendName,
  type KernelStatus,
  type TfjsNodeChoice,
} from './protocol';

export interface LoadedBackend {
  tf: Tfjs;
  backend: BackendName;
  version: string;
  /** Where tfjs-node was loaded from. */
  source?: string;
  fallbacks: BackendAttempt[];
  kernels: KernelStatus;
}

const ORDER: BackendName[] = ['tensorflow', 'wasm', 'cpu'];

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? '';
}

async function loadTfjsNode(choice: TfjsNodeChoice | undefined): Promise<{ tf: Tfjs; source: string }> {
  if (!choice) throw new Error('@tensorflow/tfjs-node is not installed');
  if ('problem' in choice) throw new Error(choice.problem);
  let tf: Tfjs;
  try {
    tf = createRequire(join(choice.dir, 'package.json'))(choice.dir) as Tfjs;
  } catch (error) {
    throw new Error(`@tensorflow/tfjs-node ${choice.version} in ${choice.dir} failed to load: ${firstLine(error)}`, {
      cause: error,
    });
  }
  await tf.ready();
  if (tf.getBackend() !== 'tensorflow')
    throw new Error(`@tensorflow/tfjs-node in ${choice.dir} started the ${tf.getBackend()} backend, not tensorflow`);
  return { tf, source: `@tensorflow/tfjs-node ${choice.version} from ${choice.dir}` };
}

async function loadBundled(backend: 'wasm' | 'cpu', wasmDir: string): Promise<{ tf: Tfjs; versions: TfjsVersions }> {
  const tf = require('@tensorflow/tfjs') as Tfjs;
  const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void; version_wasm: string };
  if (backend === 'wasm') wasm.setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not initialise`);
  await tf.ready();
  // Kernels WebAssembly lacks, borrowed from the CPU backend through tfjs's public API, so that every
  // program runs; the fast kernels then replace some of them.
  if (backend === 'wasm') borrowMissingKernels(tf, 'wasm');
  return { tf, versions: { ...tf.version, 'tfjs-backend-wasm': wasm.version_wasm } };
}

export async function loadBackend(
  choice: BackendChoice,
  tfjsNode: TfjsNodeChoice | undefined,
  wasmDir: string,
  fastKernels: boolean,
): Promise<LoadedBackend> {
  const fallbacks: BackendAttempt[] = [];
  for (const backend of choice === 'auto' ? ORDER : [choice]) {
    try {
      if (backend === 'tensorflow') {
        const { tf, source } = await loadTfjsNode(tfjsNode);
        const kernels = { applied: false, kernels: [], reason: 'native TensorFlow runs its own kernels' };
        return { tf, backend, version: tf.version.tfjs ?? String(tf.version), source, fallbacks, kernels };
      }
      const { tf, versions } = await loadBundled(backend, wasmDir);
      const { status } = installFastKernels(tf, backend, versions, fastKernels);
      return { tf, backend, version: tf.version.tfjs ?? String(tf.version), fallbacks, kernels: status };
    } catch (error) {
      fallbacks.push({ backend, error: firstLine(error) });
    }
  }
  throw new Error(
    `no TensorFlow.js backend could be loaded: ${fallbacks.map((f) => `${f.backend}: ${f.error}`).join('; ')}`,
  );
}
