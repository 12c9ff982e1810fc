// What the sandbox's own kernels need of tfjs's kernel registry, typed: tfjs exports its
// kernels' signatures loosely (its backends are classes we do not import), so this names
// just the parts that are used, and replaces a kernel of a backend in one call.
import type { Tfjs } from './backends';

export interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}

/** Every backend. */
export interface Backend {
  readSync(dataId: object): ArrayLike<number>;
  write(values: ArrayLike<number>, shape: number[], dtype: string): object;
  disposeData(dataId: object): void;
}

/** The WebAssembly backend: tensors live in its heap. Views on it detach when the heap grows (on any allocation). */
export interface WasmBackend extends Backend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  /** A view of the tensor in the heap: Float32Array for float32 (Int32Array, Uint8Array for int32, bool). */
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

export interface CpuBackend extends Backend {
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): TensorInfo;
}

export type KernelFunc<B extends Backend = Backend, Output = TensorInfo> = (args: {
  inputs: Record<string, TensorInfo>;
  backend: B;
  attrs: Record<string, unknown>;
}) => Output;

export function kernelOf<B extends Backend = Backend, Output = TensorInfo>(
  tf: Tfjs,
  name: string,
  backendName: string,
): KernelFunc<B, Output> | undefined {
  return tf.getKernel(name, backendName)?.kernelFunc as unknown as KernelFunc<B, Output> | undefined;
}

/** Registers `kernel` as `name` on `backendName`, in place of the kernel there was (given to `make`), if any. */
export function replaceKernel<B extends Backend, Output>(
  tf: Tfjs,
  name: string,
  backendName: string,
  make: (original: KernelFunc<B, Output> | undefined) => KernelFunc<B, Output>,
): void {
  const original = kernelOf<B, Output>(tf, name, backendName);
  const registered = tf.getKernel(name, backendName);
  if (original) tf.unregisterKernel(name, backendName);
  tf.registerKernel({ ...registered, kernelName: name, backendName, kernelFunc: make(original) as never });
}
