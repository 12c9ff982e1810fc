// tf.clone (the Identity kernel) and a cast to the dtype a tensor already has copy every number on
// the WebAssembly backend. Gradients run both all the time: tfjs-core's gradient of cast clones dy,
// tf.moments and the gradients of relu and square cast float32 to float32, and tf.layers clones
// inputs. Tensors never change once made, so the result can share the input's memory, as reshape
// does on this backend and as the CPU backend's Identity does. Kernels through the kernel registry
// (public API); the values are the input's own, so they are identical to stock tfjs.
import { input, replaceKernel, requireKernel, type TensorInfo, type Tfjs, type WasmBackend } from '../kernels';

interface Sharing extends WasmBackend {
  incRef(dataId: object): void;
}

const SHAREABLE = new Set(['float32', 'int32', 'bool']);

export function useSharedCopies(tf: Tfjs): () => void {
  const share = (x: TensorInfo, backend: Sharing): TensorInfo => {
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  const stockIdentity = requireKernel<Sharing>(tf, 'Identity', 'wasm');
  const restoreIdentity = replaceKernel<Sharing, TensorInfo>(tf, 'Identity', 'wasm', () => (args) => {
    const x = input(args.inputs, 'x', 'Identity');
    return SHAREABLE.has(x.dtype) ? share(x, args.backend) : stockIdentity(args);
  });
  const stockCast = requireKernel<Sharing>(tf, 'Cast', 'wasm');
  const restoreCast = replaceKernel<Sharing, TensorInfo>(tf, 'Cast', 'wasm', () => (args) => {
    const x = input(args.inputs, 'x', 'Cast');
    return SHAREABLE.has(x.dtype) && args.attrs.dtype === x.dtype ? share(x, args.backend) : stockCast(args);
  });
  return () => {
    restoreCast();
    restoreIdentity();
  };
}
