// The WebAssembly backend's slice kernel first copies the whole input out of its heap
// (readSync), then picks the slice: taking a batch of 64 rows from a [2048, 64] data set
// costs ~320 µs, and tf.split (one slice per piece, also splitting q, k, v in attention)
// ~13 ms. These kernels copy only the slice, straight from the heap, in runs as long as
// the slice allows. Every mini-batch loop that slices its data on each step gains.
import type { Tfjs } from './backends';
import { kernelOf, replaceKernel, type TensorInfo, type WasmBackend } from './kernels';

export function useHeapSlice(tf: Tfjs): void {
  replaceKernel<WasmBackend, TensorInfo>(tf, 'Slice', 'wasm', (original) => ({ inputs, backend, attrs }) => {
    const { x } = inputs;
    if (x!.dtype === 'string' || x!.shape.length === 0) return original!({ inputs, backend, attrs });
    const [begin, size] = tf.slice_util.parseSliceParams(x as never, attrs.begin as never, attrs.size as never);
    const out = backend.makeOutput(size!, x!.dtype);
    if (size!.some((d) => d === 0)) return out;
    // Views after the allocation: growing the heap detaches earlier ones.
    const from = backend.typedArrayFromHeap(x!);
    const to = backend.typedArrayFromHeap(out);
    const strides = [...tf.util.computeStrides(x!.shape), 1];
    // Axes after `k` are taken whole, so axes k… are contiguous: copy them as one run.
    let k = x!.shape.length - 1;
    while (k > 0 && size![k] === x!.shape[k]) k--;
    const run = size!.slice(k).reduce((a, b) => a * b, 1);
    const index = new Array<number>(k).fill(0); // the output position along axes 0…k−1
    for (let o = 0; o < to.length; o += run) {
      let offset = begin![k]! * strides[k]!;
      for (let d = 0; d < k; d++) offset += (begin![d]! + index[d]!) * strides[d]!;
      to.set(from.subarray(offset, offset + run), o);
      for (let d = k - 1; d >= 0 && ++index[d]! === size![d]; d--) index[d] = 0;
    }
    return out;
  });

  const slice = kernelOf<WasmBackend>(tf, 'Slice', 'wasm')!;
  replaceKernel<WasmBackend, TensorInfo[]>(tf, 'SplitV', 'wasm', () => ({ inputs: { x }, backend, attrs }) => {
    const axis = tf.util.parseAxisParam(attrs.axis as number, x!.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as never, attrs.numOrSizeSplits as number | number[], axis);
    const begin = x!.shape.map(() => 0);
    return sizes.map((length) => {
      const piece = slice({
        inputs: { x: x! },
        backend,
        attrs: { begin: [...begin], size: x!.shape.map((d, i) => (i === axis ? length : d)) },
      });
      begin[axis!]! += length;
      return piece;
    });
  });
}
