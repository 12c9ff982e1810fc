// The WebAssembly backend lacks some kernels the CPU backend has, among them the
// gradients of conv2d (Conv2DBackpropFilter) and of gather (UnsortedSegmentSum): a
// CNN or an embedding could not train on it. For each missing kernel this registers
// a bridge that copies the inputs to the CPU backend, runs its kernel there and
// copies the result back: slower for those ops, but every program runs. It uses only
// tfjs's public API (the kernel registry and KernelBackend's read, write and dispose).
import { type Backend, type KernelFunc, type TensorInfo, type Tfjs } from './kernels';

/** Kernels on complex numbers, strings or canvases cannot be bridged by copying numbers. */
const NOT_BRIDGED = new Set(['Complex', 'ComplexAbs', 'FFT', 'IFFT', 'Imag', 'Real', 'StaticRegexReplace', 'Draw']);

type Bridged = KernelFunc<Backend, TensorInfo | TensorInfo[]>;

/** A kernel for `backendName` that runs `cpuKernel` on copies of its inputs on the CPU backend. */
function bridge(cpu: Backend, cpuKernel: Bridged): Bridged {
  return ({ inputs, backend, attrs }) => {
    const onCpu: Record<string, TensorInfo | undefined> = {};
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
}

/** Registers bridges for the CPU kernels `backendName` lacks; returns their names. */
export function borrowMissingKernels(tf: Tfjs, backendName: string): string[] {
  const cpu = tf.findBackend('cpu') as unknown as Backend | null;
  if (!cpu) return [];
  const present = new Set(tf.getKernelsForBackend(backendName).map((k) => k.kernelName));
  const borrowed: string[] = [];
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    if (present.has(kernel.kernelName) || NOT_BRIDGED.has(kernel.kernelName)) continue;
    tf.registerKernel({
      kernelName: kernel.kernelName,
      backendName,
      kernelFunc: bridge(cpu, kernel.kernelFunc as unknown as Bridged) as unknown as typeof kernel.kernelFunc,
    });
    borrowed.push(kernel.kernelName);
  }
  return borrowed;
}
