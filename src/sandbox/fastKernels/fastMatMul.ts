// On the WebAssembly backend a matMul with transposeA or transposeB is several times
// slower than a plain one (measured here: 64×128·128×128 takes ~1.5 ms transposed,
// ~0.14 ms plain), and every backward pass through a matMul uses transposed products.
// Transposing explicitly and calling the fast kernel doubles training speed. Applies to
// any program, layers API included. Tiny products skip it: there the extra kernel costs
// more than it saves.
import { type Backend, input, replaceKernel, requireKernel, sizeOf, type TensorInfo, type Tfjs } from '../kernels';

/** Below this many multiply-adds the backend's own transposed product is faster than an extra transpose. */
const TINY_PRODUCT = 4096;

export function useFastTransposedMatMul(tf: Tfjs, backendName: string): () => void {
  const transpose = requireKernel(tf, 'Transpose', backendName);
  const matMul = requireKernel(tf, 'BatchMatMul', backendName);
  const fill = requireKernel(tf, 'Fill', backendName);
  const zeros = (shape: number[], backend: Backend) =>
    fill({ inputs: {}, backend, attrs: { shape, value: 0, dtype: 'float32' } });
  const matMulShape = (a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean) => {
    const rows = a.shape[a.shape.length - (transposeA ? 1 : 2)] ?? 1;
    const columns = b.shape[b.shape.length - (transposeB ? 2 : 1)] ?? 1;
    const batch = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    return [...batch, rows, columns];
  };
  return replaceKernel(tf, 'BatchMatMul', backendName, () => {
    return ({ inputs, backend, attrs }) => {
      const a = input(inputs, 'a', 'BatchMatMul');
      const b = input(inputs, 'b', 'BatchMatMul');
      const transposeB = !!attrs.transposeB;
      const inner = a.shape[a.shape.length - (attrs.transposeA ? 2 : 1)] ?? 0;
      // An empty sum is 0 (the backend's kernel leaves such an output as whatever the heap held).
      if (inner === 0) return zeros(matMulShape(a, b, !!attrs.transposeA, transposeB), backend);
      if (!attrs.transposeA && !transposeB) return matMul({ inputs, backend, attrs });
      const columns = b.shape[b.shape.length - (transposeB ? 2 : 1)] ?? 1;
      if (sizeOf(a.shape) * columns < TINY_PRODUCT) return matMul({ inputs, backend, attrs });
      const swapLastTwo = (x: TensorInfo) => {
        const perm = x.shape.map((_, i) => i);
        perm.splice(-2, 2, perm.length - 1, perm.length - 2);
        return transpose({ inputs: { x }, backend, attrs: { perm } });
      };
      const aPlain = attrs.transposeA ? swapLastTwo(a) : a;
      const bPlain = transposeB ? swapLastTwo(b) : b;
      try {
        return matMul({
          inputs: { ...inputs, a: aPlain, b: bPlain },
          backend,
          attrs: { ...attrs, transposeA: false, transposeB: false },
        });
      } finally {
        if (aPlain !== a) backend.disposeData(aPlain.dataId);
        if (bPlain !== b) backend.disposeData(bPlain.dataId);
      }
    };
  });
}
