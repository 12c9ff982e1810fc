// tf.sum over leading axes on the WebAssembly backend: a conv2d's bias gradient sums dy over every axis but
// the channel ([batch, height, width]), as do dense layers' bias gradients over the batch. The backend's Sum
// reduces only innermost axes, so it transposes the whole input first (the channel to the front) and then
// sums each channel's values in order. Summing down each channel in place, in that same order with float32
// additions (sumChannels), gives its results bit for bit without the transpose: ~3× faster for a small CNN's
// activations ([32, 12, 12, 8]).
import { input, replaceKernel, requireKernel, sizeOf, type TensorInfo, type Tfjs, type WasmBackend } from '../kernels';
import { sumChannels } from './batchNorm';

/**
 * Up to this many values per row (the product of the axes kept). Each group of four channels walks the whole
 * input, so wide rows would read it many times over; there the backend's transpose is the better plan.
 */
const MAX_ROW = 64;

export function useLeadingAxesSum(tf: Tfjs): () => void {
  const stock = requireKernel<WasmBackend>(tf, 'Sum', 'wasm');
  return replaceKernel<WasmBackend, TensorInfo>(tf, 'Sum', 'wasm', () => (args) => {
    const x = input(args.inputs, 'x', 'Sum');
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(args.attrs.axis as number | number[], x.shape);
    const reduced = axes.length;
    const sorted = [...axes].sort((a, b) => a - b);
    const row = sizeOf(x.shape.slice(reduced));
    const { backend } = args;
    if ((x.dtype === 'float32' || x.dtype === 'int32') && sizeOf(x.shape) === 0) {
      // An empty sum is 0; the backend's kernel leaves such an output as whatever its heap held.
      const [outShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, sorted);
      const shape = args.attrs.keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, sorted) : outShape;
      const out = backend.makeOutput(shape, x.dtype);
      backend.typedArrayFromHeap(out).fill(0);
      return out;
    }
    // Only where the backend would transpose: some but not all axes, exactly the leading ones, in order (its
    // transpose puts the reduced axes in the order given, and that order is the order of its sums).
    if (
      x.dtype !== 'float32' ||
      reduced === 0 ||
      reduced >= rank ||
      axes.some((axis, i) => axis !== i) ||
      row > MAX_ROW
    )
      return stock(args);
    const kept = x.shape.slice(reduced);
    const out = backend.makeOutput(args.attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    // Views after the allocation: growing the heap detaches earlier ones.
    sumChannels(backend.typedArrayFromHeap(x), row, backend.typedArrayFromHeap(out));
    return out;
  });
}
