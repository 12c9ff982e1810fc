// On the WebAssembly backend a matMul with transposeA or transposeB is several times
// slower than a plain one (measured here: 64×128·128×128 takes ~1.5 ms transposed,
// ~0.14 ms plain), and every backward pass through a matMul uses transposed products.
// Transposing explicitly and calling the fast kernel doubles training speed; the
// results are the same numbers. Applies to any program, layers API included. Tiny
// products skip it: there the extra kernel costs more than it saves.
import type { Tfjs } from './backends';
import { kernelOf, replaceKernel, type TensorInfo } from './kernels';

export function useFastTransposedMatMul(tf: Tfjs, backendName: string): void {
  const transposeKernel = kernelOf(tf, 'Transpose', backendName);
  if (!kernelOf(tf, 'BatchMatMul', backendName) || !transposeKernel) return;
  replaceKernel(tf, 'BatchMatMul', backendName, (matMul) => ({ inputs, backend, attrs }) => {
    if (!attrs.transposeA && !attrs.transposeB) return matMul!({ inputs, backend, attrs });
    // Tiny products (a few thousand multiply-adds) are faster without the extra transpose kernel.
    if (
      inputs.a!.shape.reduce((p, d) => p * d, 1) *
        inputs.b!.shape[attrs.transposeB ? inputs.b!.shape.length - 2 : inputs.b!.shape.length - 1]! <
      4096
    ) {
      return matMul!({ inputs, backend, attrs });
    }
    const swapLastTwo = (x: TensorInfo) => {
      const perm = x.shape.map((_, i) => i);
      [perm[perm.length - 1], perm[perm.length - 2]] = [perm[perm.length - 2]!, perm[perm.length - 1]!];
      return transposeKernel({ inputs: { x }, backend, attrs: { perm } });
    };
    const a = attrs.transposeA ? swapLastTwo(inputs.a!) : inputs.a!;
    const b = attrs.transposeB ? swapLastTwo(inputs.b!) : inputs.b!;
    const out = matMul!({
      inputs: { ...inputs, a, b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    if (a !== inputs.a) backend.disposeData(a.dataId);
    if (b !== inputs.b) backend.disposeData(b.dataId);
    return out;
  });
}
