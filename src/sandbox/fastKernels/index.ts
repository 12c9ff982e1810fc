// The sandbox's speed-ups for tfjs, and the gate in front of them. Several reach into tfjs's
// private internals (the Engine's saved tensors, AdamOptimizer's state, the WebAssembly heap),
// which any release may change. So they apply only on the exact tfjs version they were written
// and property-tested for (test/unit/sandbox/fastKernels.test.ts), and only while the setting
// deepLearningNotes.sandbox.fastKernels is on; otherwise stock tfjs runs, and the run header says
// which of the two ran and why.
import { type Tfjs } from '../kernels';
import { type KernelStatus } from '../protocol';
import { useFusedBatchNorm } from './batchNorm';
import { useDirectCalls } from './directCalls';
import { useConvGradients } from './convGradients';
import { useConvLayerGradients } from './convLayer';
import { useFastTransposedMatMul } from './fastMatMul';
import { useFusedAdam } from './fusedAdam';
import { useHeapGather } from './heapGather';
import { useHeapSlice } from './heapSlice';
import { useLeadingAxesSum } from './leadingSum';
import { useMaxPoolGradient } from './maxPoolGradient';
import { useSegmentSum } from './segmentSum';
import { useSharedCopies } from './sharedCopies';
import { shareSavedTensors } from './sharedSavedTensors';
import { useTileGradient } from './tileGradient';
import { useTileKernel } from './tileKernel';

/** The one tfjs release (every package of it) the fast kernels are written and tested for. */
export const FAST_KERNELS_TFJS_VERSION = '4.22.0';

/** The packages whose internals the fast kernels touch or whose kernels they replace. */
export const GATED_PACKAGES = ['tfjs-core', 'tfjs-backend-cpu', 'tfjs-backend-wasm', 'tfjs-layers'] as const;

/** tfjs-node runs native TensorFlow's kernels; the fast kernels are for the two bundled backends. */
export type FastKernelBackend = 'wasm' | 'cpu';

interface FastKernel {
  name: string;
  backends: readonly FastKernelBackend[];
  install(tf: Tfjs, backend: FastKernelBackend): () => void;
}

/** In the order they install: the slice kernel before the split kernel that calls it, and so on. */
export const FAST_KERNELS: readonly FastKernel[] = [
  { name: 'direct calls (binary ops, matMul, transpose)', backends: ['wasm'], install: (tf) => useDirectCalls(tf) },
  { name: 'clone and same-dtype cast without copying', backends: ['wasm'], install: (tf) => useSharedCopies(tf) },
  { name: 'transposed matMul', backends: ['wasm'], install: (tf) => useFastTransposedMatMul(tf, 'wasm') },
  { name: 'conv2d gradients', backends: ['wasm'], install: (tf) => useConvGradients(tf, 'wasm') },
  { name: 'conv2d layer gradients only where needed', backends: ['wasm'], install: (tf) => useConvLayerGradients(tf) },
  { name: 'maxPool gradient', backends: ['wasm'], install: (tf) => useMaxPoolGradient(tf) },
  { name: 'sum over leading axes', backends: ['wasm'], install: (tf) => useLeadingAxesSum(tf) },
  { name: 'slice and split', backends: ['wasm'], install: (tf) => useHeapSlice(tf) },
  { name: 'gather', backends: ['wasm'], install: (tf) => useHeapGather(tf) },
  {
    name: 'one-kernel Adam',
    backends: ['wasm', 'cpu'],
    install: (tf, backend) => useFusedAdam(tf, backend),
  },
  { name: 'shared saved tensors', backends: ['wasm', 'cpu'], install: (tf) => shareSavedTensors(tf) },
  { name: 'tile gradient', backends: ['wasm', 'cpu'], install: (tf) => useTileGradient(tf) },
  { name: 'tile', backends: ['wasm'], install: (tf) => useTileKernel(tf) },
  { name: 'segment sum (gather gradient)', backends: ['wasm'], install: (tf) => useSegmentSum(tf) },
  { name: 'batch normalization (training)', backends: ['wasm'], install: (tf) => useFusedBatchNorm(tf) },
];

/** Versions of the tfjs packages as loaded, by package name (tfjs-core: 4.22.0, …). */
export type TfjsVersions = Partial<Record<string, string>>;

/** Whether the fast kernels may run here, and if not, why not. Pure: the gate itself. */
export function fastKernelGate(versions: TfjsVersions, enabled: boolean): { ok: true } | { ok: false; reason: string } {
  if (!enabled) return { ok: false, reason: 'turned off (deepLearningNotes.sandbox.fastKernels)' };
  const other = GATED_PACKAGES.map((name) => [name, versions[name]] as const).find(
    ([, version]) => version !== FAST_KERNELS_TFJS_VERSION,
  );
  if (other)
    return {
      ok: false,
      reason: `${other[0]} is ${other[1] ?? 'missing'}; they are written and tested for tfjs ${FAST_KERNELS_TFJS_VERSION} only`,
    };
  return { ok: true };
}

/**
 * Installs every fast kernel for `backend` when the gate allows, all or none: if one fails to
 * install, those before it are taken out again and stock tfjs runs. Returns what happened, and a
 * function that restores stock tfjs (the property tests compare the two in one process).
 */
export function installFastKernels(
  tf: Tfjs,
  backend: FastKernelBackend,
  versions: TfjsVersions,
  enabled: boolean,
): { status: KernelStatus; restore: () => void } {
  const gate = fastKernelGate(versions, enabled);
  if (!gate.ok) return { status: { applied: false, kernels: [], reason: gate.reason }, restore: () => undefined };
  const restores: (() => void)[] = [];
  const restore = () =>
    restores
      .splice(0)
      .reverse()
      .forEach((undo) => undo());
  const kernels: string[] = [];
  for (const kernel of FAST_KERNELS.filter((k) => k.backends.includes(backend))) {
    try {
      restores.push(kernel.install(tf, backend));
      kernels.push(kernel.name);
    } catch (error) {
      restore();
      const message = error instanceof Error ? error.message : String(error);
      return { status: { applied: false, kernels: [], reason: `${kernel.name} did not install: ${message}` }, restore };
    }
  }
  return { status: { applied: true, kernels }, restore };
}
