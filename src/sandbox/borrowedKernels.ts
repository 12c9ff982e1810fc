// The WebAssembly backend lacks some kernels the CPU backend has, among them the
// gradients of conv2d (Conv2DBackpropFilter) and of gather (UnsortedSegmentSum): a
// CNN or an embedding could not train on it. For each missing kernel this registers
// a bridge that copies the inputs to the CPU backend, runs its kernel there and
// copies the result back: slower for those ops, but every program runs.
import type { Tfjs } from './backends';
import { type Backend, type KernelFunc, type TensorInfo } from './kernels';

/** Kernels on complex numbers, strings or canvases cannot be bridged by copying numbers. */
const NOT_BRIDGED = new Set(['Complex', 'ComplexAbs', 'FFT', 'IFFT', 'Imag', 'Real', 'StaticRegexReplace', 'Draw']);

/** Registers bridges for the CPU kernels `backendName` lacks; returns their names. */
export function borrowMissingKernels(tf: Tfjs, backendName: string): string[] {
  const cpu = tf.findBackend('cpu') as unknown as Backend | null;
  if (!cpu) return [];
  const present = new Set(tf.getKernelsForBackend(backendName).map((k) => k.kernelName));
  const borrowed: string[] = [];
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    if (present.has(kernel.kernelName) || NOT_BRIDGED.has(kernel.kernelName)) continue;
    const cpuKernel = kernel.kernelFunc as unknown as KernelFunc<Backend, TensorInfo | TensorInfo[]>;
    const bridge: KernelFunc<Backend, TensorInfo | TensorInfo[]> = ({ inputs, backend, attrs }) => {
      const onCpu: Record<string, TensorInfo> = {};
      for (const [name, info] of Object.entries(inputs)) {
        onCpu[name] = info && {
          dataId: cpu.write(backend.readSync(info.dataId), info.shape, info.dtype),
          shape: info.shape,
          dtype: info.dtype,
        };
      }
      try {
        const result = cpuKernel({ inputs: onCpu, backend: cpu, attrs });
        const back = (info: TensorInfo): TensorInfo => {
          const dataId = backend.write(cpu.readSync(info.dataId), info.shape, info.dtype);
          cpu.disposeData(info.dataId);
          return { dataId, shape: info.shape, dtype: info.dtype };
        };
        return Array.isArray(result) ? result.map(back) : back(result);
      } finally {
        for (const info of Object.values(onCpu)) if (info) cpu.disposeData(info.dataId);
      }
    };
    tf.registerKernel({
      kernelName: kernel.kernelName,
      backendName,
      kernelFunc: bridge as unknown as typeof kernel.kernelFunc,
    });
    borrowed.push(kernel.kernelName);
  }
  return borrowed;
}
