// Loads TensorFlow.js in the sandbox process: native tfjs-node when it can be
// loaded (the extension's optional dependency or the workspace's node_modules),
// otherwise @tensorflow/tfjs on WebAssembly, otherwise on the plain CPU backend.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { borrowMissingKernels } from './borrowedKernels';
import { useConvGradients } from './convGradients';
import { useFastTransposedMatMul } from './fastMatMul';
import { useFusedAdam } from './fusedAdam';
import { useHeapSlice } from './heapSlice';
import { useMaxPoolGradient } from './maxPoolGradient';
import { shareSavedTensors } from './sharedSavedTensors';
import { type BackendAttempt, type BackendChoice, type BackendName } from './protocol';

export type Tfjs = typeof TF;

export interface LoadedBackend {
  tf: Tfjs;
  backend: BackendName;
  version: string;
  fallbacks: BackendAttempt[];
}

const ORDER: BackendName[] = ['tensorflow', 'wasm', 'cpu'];

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? '';
}

/** tfjs prints a banner suggesting tfjs-node when it loads in Node; the run reports its backend itself. */
function quietly<T>(load: () => T): T {
  const warn = console.warn;
  const log = console.log;
  console.warn = () => undefined;
  console.log = () => undefined;
  try {
    return load();
  } finally {
    console.warn = warn;
    console.log = log;
  }
}

function loadTfjsNode(searchPaths: readonly string[]): Tfjs {
  const errors: string[] = [];
  // The extension's own node_modules first (optional dependency), then the workspace's.
  for (const base of [__dirname, ...searchPaths]) {
    try {
      return quietly(() => createRequire(join(base, 'noop.js'))('@tensorflow/tfjs-node')) as Tfjs;
    } catch (error) {
      errors.push(firstLine(error));
    }
  }
  const notInstalled = errors.every((e) => e.includes('Cannot find module'));
  throw new Error(
    notInstalled
      ? '@tensorflow/tfjs-node is not installed'
      : `@tensorflow/tfjs-node failed to load: ${errors.find((e) => !e.includes('Cannot find module'))}`,
  );
}

async function loadBundled(backend: 'wasm' | 'cpu', wasmDir: string): Promise<Tfjs> {
  const tf = quietly(() => require('@tensorflow/tfjs') as Tfjs);
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
    wasm.setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
  }
  const ok = await quietly(() => tf.setBackend(backend));
  if (!ok) throw new Error(`the ${backend} backend did not initialise`);
  await tf.ready();
  // The sandbox's own kernels (same results, faster). Bridges to the CPU backend come first, so
  // that the faster kernels written for some of the missing ones then take their place.
  if (backend === 'wasm') {
    useFastTransposedMatMul(tf, 'wasm');
    borrowMissingKernels(tf, 'wasm');
    useConvGradients(tf, 'wasm');
    useMaxPoolGradient(tf);
    useHeapSlice(tf);
  }
  useFusedAdam(tf, backend);
  shareSavedTensors(tf);
  return tf;
}

export async function loadBackend(
  choice: BackendChoice,
  searchPaths: readonly string[],
  wasmDir: string,
): Promise<LoadedBackend> {
  const fallbacks: BackendAttempt[] = [];
  for (const backend of choice === 'auto' ? ORDER : [choice]) {
    try {
      const tf = backend === 'tensorflow' ? loadTfjsNode(searchPaths) : await loadBundled(backend, wasmDir);
      if (backend === 'tensorflow') await tf.ready();
      return { tf, backend: tf.getBackend() as BackendName, version: tf.version.tfjs ?? String(tf.version), fallbacks };
    } catch (error) {
      fallbacks.push({ backend, error: firstLine(error) });
    }
  }
  throw new Error(
    `no TensorFlow.js backend could be loaded: ${fallbacks.map((f) => `${f.backend}: ${f.error}`).join('; ')}`,
  );
}
