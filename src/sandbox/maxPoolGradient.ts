// The WebAssembly backend has no kernel for the gradient of maxPool, and borrowing the
// CPU backend's (generic indexing, a copy each way) costs ~1.2 ms for one small batch,
// more than the whole forward pass. The gradient is simple: each output's gradient
// goes to the input that was the maximum of its window (the first one on ties, as in
// tfjs). This does that in one pass over the WebAssembly heap.
import type { Tfjs } from './backends';
import { replaceKernel, type TensorInfo, type WasmBackend } from './kernels';

export function useMaxPoolGradient(tf: Tfjs): void {
  replaceKernel<WasmBackend, TensorInfo>(tf, 'MaxPoolGrad', 'wasm', (borrowed) => ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs;
    if (input!.dtype !== 'float32') {
      if (!borrowed) throw new Error(`MaxPoolGrad: ${input!.dtype} is not supported on wasm`);
      return borrowed({ inputs, backend, attrs });
    }
    const info = tf.backend_util.computePool2DInfo(
      input!.shape as never,
      attrs.filterSize as never,
      attrs.strides as never,
      1,
      attrs.pad as never,
      attrs.dimRoundingMode as never,
    );
    const {
      batchSize,
      inHeight,
      inWidth,
      inChannels,
      outHeight,
      outWidth,
      strideHeight,
      strideWidth,
      filterHeight,
      filterWidth,
    } = info;
    const { top, left } = info.padInfo;
    const out = backend.makeOutput(input!.shape, 'float32');
    // Views after the allocation: growing the heap detaches earlier ones.
    const dx = backend.typedArrayFromHeap(out).fill(0);
    const x = backend.typedArrayFromHeap(input!);
    const gradient = backend.typedArrayFromHeap(dy!);
    const at = (b: number, r: number, c: number) => ((b * inHeight + r) * inWidth + c) * inChannels;
    let o = 0;
    for (let b = 0; b < batchSize; b++) {
      for (let yR = 0; yR < outHeight; yR++) {
        const rMin = Math.max(0, yR * strideHeight - top);
        const rMax = Math.min(inHeight, yR * strideHeight - top + filterHeight);
        for (let yC = 0; yC < outWidth; yC++) {
          const cMin = Math.max(0, yC * strideWidth - left);
          const cMax = Math.min(inWidth, yC * strideWidth - left + filterWidth);
          for (let d = 0; d < inChannels; d++, o++) {
            let max = Number.NEGATIVE_INFINITY;
            let where = -1;
            for (let r = rMin; r < rMax; r++) {
              for (let c = cMin; c < cMax; c++) {
                const i = at(b, r, c) + d;
                if (x[i]! > max) {
                  max = x[i]!;
                  where = i;
                }
              }
            }
            if (where >= 0) dx[where]! += gradient[o]!;
          }
        }
      }
    }
    return out;
  });
}
