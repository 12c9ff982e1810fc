// tf.tile on the WebAssembly backend. Its own kernel computes every output element's source
// index with divisions (~1 ms to tile [64, 1] to [64, 128], here), and tfjs-layers'
// LayerNormalization and BatchNormalization tile their statistics and parameters to the
// input's shape on every call: after the faster gradient (tileGradient.ts) this kernel was
// 70% of a LayerNorm model's training step. This one copies whole runs straight in the heap:
// the input's last axis repeated, then each finished block copied for the axes before it.
import { input, replaceKernel, requireKernel, sizeOf, type TensorInfo, type Tfjs, type WasmBackend } from '../kernels';

/** The kind of typed array the heap view needs no conversion for: the numbers are copied, never computed. */
type Numbers = Float32Array | Int32Array | Uint8Array;

/** Writes `from` (of `shape`) tiled by `reps` into `to`. */
export function tileInto(from: Numbers, shape: readonly number[], reps: readonly number[], to: Numbers): void {
  const rank = shape.length;
  const outShape = shape.map((size, i) => size * (reps[i] ?? 1));
  const stride = (dims: readonly number[], axis: number) => sizeOf(dims.slice(axis + 1));
  const fill = (axis: number, source: number, target: number): void => {
    const size = shape[axis] ?? 1;
    const times = reps[axis] ?? 1;
    if (axis === rank - 1) {
      if (size === 1) to.fill(from[source] ?? 0, target, target + times);
      else for (let r = 0; r < times; r++) to.set(from.subarray(source, source + size), target + r * size);
      return;
    }
    const sourceStride = stride(shape, axis);
    const targetStride = stride(outShape, axis);
    for (let i = 0; i < size; i++) fill(axis + 1, source + i * sourceStride, target + i * targetStride);
    // The first block along this axis is done: the other repetitions are copies of it.
    const block = size * targetStride;
    for (let r = 1; r < times; r++) to.copyWithin(target + r * block, target, target + block);
  };
  if (sizeOf(outShape) > 0) fill(0, 0, 0);
}

export function useTileKernel(tf: Tfjs): () => void {
  const stock = requireKernel<WasmBackend>(tf, 'Tile', 'wasm');
  return replaceKernel<WasmBackend, TensorInfo>(tf, 'Tile', 'wasm', () => (args) => {
    const x = input(args.inputs, 'x', 'Tile');
    const reps = args.attrs.reps as number[];
    if (x.dtype === 'string' || x.dtype === 'complex64' || x.shape.length === 0) return stock(args);
    const out = args.backend.makeOutput(
      x.shape.map((size, i) => size * (reps[i] ?? 1)),
      x.dtype,
    );
    // Views after the allocation: growing the heap detaches earlier ones.
    tileInto(args.backend.typedArrayFromHeap(x), x.shape, reps, args.backend.typedArrayFromHeap(out));
    return out;
  });
}
