// The WebAssembly backend's slice kernel first copies the whole input out of its heap
// (readSync), then picks the slice: taking a batch of 64 rows from a [2048, 64] data set
// costs ~320 µs, and tf.split (one slice per piece, also splitting q, k, v in attention)
// ~13 ms. These kernels copy only the slice, straight from the heap, in runs as long as
// the slice allows. Every mini-batch loop that slices its data on each step gains.
import { input, replaceKernel, requireKernel, sizeOf, type TensorInfo, type Tfjs, type WasmBackend } from '../kernels';

export function useHeapSlice(tf: Tfjs): () => void {
  const stockSlice = requireKernel<WasmBackend>(tf, 'Slice', 'wasm');
  const restoreSlice = replaceKernel<WasmBackend, TensorInfo>(tf, 'Slice', 'wasm', () => (args) => {
    const x = input(args.inputs, 'x', 'Slice');
    if (x.dtype === 'string' || x.shape.length === 0) return stockSlice(args);
    const [begin = [], size = []] = tf.slice_util.parseSliceParams(
      x as never,
      args.attrs.begin as never,
      args.attrs.size as never,
    );
    const { backend } = args;
    const out = backend.makeOutput(size, x.dtype);
    if (sizeOf(size) === 0) return out;
    // Views after the allocation: growing the heap detaches earlier ones.
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    const strides = [...tf.util.computeStrides(x.shape), 1];
    // Axes after `k` are taken whole, so axes k… are contiguous: copy them as one run.
    let k = x.shape.length - 1;
    while (k > 0 && size[k] === x.shape[k]) k--;
    const run = sizeOf(size.slice(k));
    const index = new Array<number>(k).fill(0); // the output position along axes 0…k−1
    const at = (values: readonly number[], axis: number) => values[axis] ?? 0;
    for (let o = 0; o < to.length; o += run) {
      let offset = at(begin, k) * at(strides, k);
      for (let d = 0; d < k; d++) offset += (at(begin, d) + at(index, d)) * at(strides, d);
      to.set(from.subarray(offset, offset + run), o);
      // The next output position: count up along axis k − 1, carrying into the axes before it.
      for (let d = k - 1; d >= 0; d--) {
        index[d] = at(index, d) + 1;
        if (index[d] !== size[d]) break;
        index[d] = 0;
      }
    }
    return out;
  });

  const slice = requireKernel<WasmBackend>(tf, 'Slice', 'wasm');
  const restoreSplit = replaceKernel<WasmBackend, TensorInfo[]>(
    tf,
    'SplitV',
    'wasm',
    () =>
      ({ inputs, backend, attrs }) => {
        const x = input(inputs, 'x', 'SplitV');
        const [axis = 0] = tf.util.parseAxisParam(attrs.axis as number, x.shape);
        const sizes = tf.backend_util.prepareSplitSize(x as never, attrs.numOrSizeSplits as number | number[], axis);
        let start = 0;
        return sizes.map((length) => {
          const begin = x.shape.map((_, i) => (i === axis ? start : 0));
          start += length;
          return slice({
            inputs: { x },
            backend,
            attrs: { begin, size: x.shape.map((d, i) => (i === axis ? length : d)) },
          });
        });
      },
  );
  return () => {
    restoreSplit();
    restoreSlice();
  };
}
