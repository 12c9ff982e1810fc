// What the sandbox's own kernels need of tfjs's kernel registry, typed: tfjs exports its
// kernels' signatures loosely (its backends are classes we do not import), so this names
// just the parts that are used, and replaces a kernel of a backend in one call. The
// backend loader and every kernel file import their shared types from here.
import type * as TF from '@tensorflow/tfjs';

export type Tfjs = typeof TF;

export interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}

/** Every backend (tfjs-core's KernelBackend, the part that is used). */
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

export type KernelInputs = Record<string, TensorInfo | undefined>;

export type KernelFunc<B extends Backend = Backend, Output = TensorInfo> = (args: {
  inputs: KernelInputs;
  backend: B;
  attrs: Record<string, unknown>;
}) => Output;

/** A kernel's named input; tfjs's ops always pass them, so a missing one is a bug worth a clear message. */
export function input(inputs: KernelInputs, name: string, kernel: string): TensorInfo {
  const tensor = inputs[name];
  if (!tensor) throw new Error(`${kernel}: the input "${name}" is missing`);
  return tensor;
}

export function kernelOf<B extends Backend = Backend, Output = TensorInfo>(
  tf: Tfjs,
  name: string,
  backendName: string,
): KernelFunc<B, Output> | undefined {
  return tf.getKernel(name, backendName)?.kernelFunc as unknown as KernelFunc<B, Output> | undefined;
}

/** A kernel that must exist on `backendName`: the sandbox checks for it before it relies on it. */
export function requireKernel<B extends Backend = Backend, Output = TensorInfo>(
  tf: Tfjs,
  name: string,
  backendName: string,
): KernelFunc<B, Output> {
  const kernel = kernelOf<B, Output>(tf, name, backendName);
  if (!kernel) throw new Error(`the ${backendName} backend has no ${name} kernel`);
  return kernel;
}

/** The product of a shape's dimensions: the number of elements. */
export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Registers `kernel` as `name` on `backendName`, in place of the kernel there was (given to `make`), if any.
 * Returns a function that puts the previous kernel (or none) back.
 */
export function replaceKernel<B extends Backend, Output>(
  tf: Tfjs,
  name: string,
  backendName: string,
  make: (original: KernelFunc<B, Output> | undefined) => KernelFunc<B, Output>,
): () => void {
  const registered = tf.getKernel(name, backendName);
  const original = registered?.kernelFunc as unknown as KernelFunc<B, Output> | undefined;
  if (registered) tf.unregisterKernel(name, backendName);
  tf.registerKernel({ ...registered, kernelName: name, backendName, kernelFunc: make(original) as never });
  return () => {
    tf.unregisterKernel(name, backendName);
    if (registered) tf.registerKernel(registered);
  };
}
