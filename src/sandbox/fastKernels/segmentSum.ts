// tf.unsortedSegmentSum on the WebAssembly backend, which has no kernel for it: it is the
// gradient of tf.gather, so every embedding (tf.layers.embedding) needs it to train. The
// CPU backend's kernel, which the bridge would borrow, makes a mask, a product and a sum
// over the whole input for every segment: 130 ms for one batch of a small transformer's
// embedding. This adds each row of x to its segment's row in one pass over the heap,
// summing in double precision in index order as the CPU kernel does, so the result is the
// same bit for bit.
import { input, replaceKernel, sizeOf, type TensorInfo, type Tfjs, type WasmBackend } from '../kernels';

/** Adds row i of `x` (rows of `width`) to row segmentIds[i] of `out`; ids outside [0, segments) are dropped, as in tfjs. */
export function segmentSumInto(
  x: ArrayLike<number>,
  segmentIds: ArrayLike<number>,
  width: number,
  segments: number,
  out: Float32Array,
): void {
  const sums = new Float64Array(segments * width);
  for (let i = 0; i < segmentIds.length; i++) {
    const segment = segmentIds[i] ?? -1;
    if (!(segment >= 0 && segment < segments)) continue;
    const from = i * width;
    const to = segment * width;
    for (let j = 0; j < width; j++) sums[to + j] = (sums[to + j] ?? 0) + (x[from + j] ?? 0);
  }
  out.set(sums);
}

export function useSegmentSum(tf: Tfjs): () => void {
  return replaceKernel<WasmBackend, TensorInfo>(tf, 'UnsortedSegmentSum', 'wasm', (bridged) => (args) => {
    const x = input(args.inputs, 'x', 'UnsortedSegmentSum');
    const segmentIds = input(args.inputs, 'segmentIds', 'UnsortedSegmentSum');
    // One id per row of x is what tf.gather's gradient passes; other layouts keep the borrowed kernel.
    if (x.dtype !== 'float32' || segmentIds.shape.length !== 1 || x.shape.length < 1) {
      if (!bridged)
        throw new Error(
          `UnsortedSegmentSum: ${x.dtype} with ids of rank ${segmentIds.shape.length} is not supported on wasm`,
        );
      return bridged(args);
    }
    const segments = args.attrs.numSegments as number;
    const width = sizeOf(x.shape.slice(1));
    const out = args.backend.makeOutput([segments, ...x.shape.slice(1)], 'float32');
    // Views after the allocation: growing the heap detaches earlier ones.
    const heap = (t: TensorInfo) => args.backend.typedArrayFromHeap(t);
    segmentSumInto(heap(x), heap(segmentIds), width, segments, heap(out));
    return out;
  });
}
