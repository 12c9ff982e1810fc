// tf.gather on the WebAssembly backend, copying whole slices in the heap. The backend's own
// kernel spends ~0.2 ms taking 64 rows of a [2048, 64] data set: model.fit gathers every
// shuffled batch of inputs and targets this way, and embeddings gather their rows. Same
// checks and messages as the backend's kernel (an index out of range throws).
import { input, replaceKernel, requireKernel, sizeOf, type TensorInfo, type Tfjs, type WasmBackend } from '../kernels';

export function useHeapGather(tf: Tfjs): () => void {
  const stock = requireKernel<WasmBackend>(tf, 'GatherV2', 'wasm');
  return replaceKernel<WasmBackend, TensorInfo>(tf, 'GatherV2', 'wasm', () => (args) => {
    const x = input(args.inputs, 'x', 'GatherV2');
    const indices = input(args.inputs, 'indices', 'GatherV2');
    if (x.dtype === 'string' || indices.dtype !== 'int32' || sizeOf(x.shape) === 0) return stock(args);
    const { backend } = args;
    const [axis = 0] = tf.util.parseAxisParam(args.attrs.axis as number, x.shape);
    const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(
      x as never,
      indices as never,
      axis,
      (args.attrs.batchDims as number | undefined) ?? 0,
    );
    const ids = backend.typedArrayFromHeap(indices);
    for (const index of ids)
      if (!(index >= 0 && index <= info.dimSize - 1))
        throw new Error(`GatherV2: the index value ${index} is not in [0, ${info.dimSize - 1}]`);
    const out = backend.makeOutput(info.outputShape, x.dtype);
    // Views after the allocation: growing the heap detaches earlier ones.
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    const picks = backend.typedArrayFromHeap(indices);
    const perBatch = picks.length / info.batchSize;
    const { sliceSize, outerSize, dimSize } = info;
    let target = 0;
    for (let b = 0; b < info.batchSize; b++) {
      for (let o = 0; o < outerSize; o++) {
        const base = (b * outerSize + o) * dimSize;
        for (let i = 0; i < perBatch; i++, target += sliceSize) {
          const source = (base + (picks[b * perBatch + i] ?? 0)) * sliceSize;
          if (sliceSize === 1) to[target] = from[source] ?? 0;
          else to.set(from.subarray(source, source + sliceSize), target);
        }
      }
    }
    return out;
  });
}
