// Both gradients of conv2d are themselves products, and the WebAssembly backend's
// conv2d and matMul kernels (XNNPACK) are fast. Its own kernels for the gradients are not: it has
// none for the filter gradient (the CPU backend's, which the bridge would borrow,
// takes ~250 ms for one small batch) and a slow one for the input gradient (~6× a
// forward conv2d). This computes both with the fast kernels:
//   dW[i, j, c, o] = Σ_{b, y, x} input[b, s·y + i − pad, s·x + j − pad, c] · dy[b, y, x, o]
//     = P · dy, with P[(i, j, c), (b, y, x)] those inputs (zero in the padding; "im2col",
//       transposed) written in one pass, and dy seen as [(b, y, x), o]: one matMul whose
//       result already has the filter's layout. (A conv2d of the input as [c, H, W, b] with
//       dy as its filter computes the same, but the backend re-packs that large filter on
//       every call: 2–3× slower for inputs of few channels.) For inputs of many channels,
//       where P is larger and that conv2d cheaper, that conv2d runs instead;
//   dInput = conv2d(dy, the filter flipped in space with its channels swapped), padded
//     by (filter size − 1 − forward padding): stride 1 only, otherwise the backend's own.
import {
  type Backend,
  input,
  type KernelFunc,
  replaceKernel,
  requireKernel,
  type TensorInfo,
  type Tfjs,
  type WasmBackend,
} from '../kernels';

/**
 * The filter gradient builds P (filter taps × output positions) for inputs of up to this many channels, and
 * up to IM2COL_LIMIT elements. Writing P costs ~2 ns an element here, in JavaScript; the conv2d route costs
 * more the larger the image. Measured (3×3 filters, batch 8–32, 6×6 to 28×28 images): P wins 2–3× with 1
 * to 4 input channels and loses by 20–70% with 8 or more.
 */
const IM2COL_CHANNELS = 4;
const IM2COL_LIMIT = 1 << 22;

/** Sizes of a conv2d for its filter gradient, NHWC, with the forward padding's top and left. */
export interface ConvSizes {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  top: number;
  left: number;
}

/**
 * Writes P[(i, j, c), (b, y, x)] = x[b, s·y + i − top, s·x + j − left, c] (0 outside x) into `out`, row by row:
 * the inputs each filter tap meets, for every output position.
 */
export function inputPatches(x: Float32Array, z: ConvSizes, out: Float32Array): void {
  const { batch, height, width, inChannels: channels, outHeight, outWidth, filterHeight, filterWidth } = z;
  const { strideHeight, strideWidth, top, left } = z;
  let o = 0;
  for (let i = 0; i < filterHeight; i++) {
    for (let j = 0; j < filterWidth; j++) {
      // The output columns whose input column s·x + j − left lies inside x: [first, end).
      const first = Math.min(outWidth, Math.max(0, Math.ceil((left - j) / strideWidth)));
      const end = Math.max(first, Math.min(outWidth, Math.ceil((width + left - j) / strideWidth)));
      for (let c = 0; c < channels; c++) {
        for (let b = 0; b < batch; b++) {
          for (let y = 0; y < outHeight; y++) {
            const r = y * strideHeight + i - top;
            if (r < 0 || r >= height) {
              for (let xx = 0; xx < outWidth; xx++) out[o++] = 0;
              continue;
            }
            let xx = 0;
            for (; xx < first; xx++) out[o++] = 0;
            // Input index of output column xx: ((b·H + r)·W + s·xx + j − left)·C + c.
            const step = strideWidth * channels;
            let at = ((b * height + r) * width + first * strideWidth + j - left) * channels + c;
            for (; xx < end; xx++, at += step) out[o++] = x[at] as number;
            for (; xx < outWidth; xx++) out[o++] = 0;
          }
        }
      }
    }
  }
}

type Step = (name: string, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>) => TensorInfo;

/** Runs `compute` with a helper that calls kernels of `backendName` and frees their temporary outputs. */
function withTemporaries(
  tf: Tfjs,
  backendName: string,
  backend: Backend,
  compute: (run: Step) => TensorInfo,
): TensorInfo {
  const temporaries: TensorInfo[] = [];
  const run: Step = (name, inputs, attrs) => {
    const out = requireKernel(tf, name, backendName)({ inputs, backend, attrs });
    temporaries.push(out);
    return out;
  };
  try {
    const result = compute(run);
    const index = temporaries.indexOf(result);
    if (index >= 0) temporaries.splice(index, 1);
    return result;
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}

const convAttrs = (pad: number[][], dilations: number[]) => ({
  strides: 1,
  pad,
  dataFormat: 'NHWC',
  dilations,
  dimRoundingMode: undefined,
});

const supported = (attrs: Record<string, unknown>, dtype: string) =>
  (attrs.dataFormat ?? 'NHWC') === 'NHWC' && dtype === 'float32';

/**
 * Whether the forward output had the size the padding implies. tfjs 4.22 sizes a convolution with a numeric
 * padding by the filter's height in both directions, so for those the backend's own kernels keep its sizes.
 */
const sizesAgree = (input: number, padding: number, filter: number, stride: number, output: number) =>
  Math.floor((input + padding - filter) / stride) + 1 === output;

/** Calls the kernel there was, or says clearly that this case has none. */
function fallBack(original: KernelFunc | undefined, name: string, backendName: string): KernelFunc {
  if (original) return original;
  return ({ attrs }) => {
    throw new Error(`${name}: data format ${String(attrs.dataFormat)} is not supported on ${backendName}`);
  };
}

export function useConvGradients(tf: Tfjs, backendName: string): () => void {
  for (const name of ['Conv2D', 'BatchMatMul', 'Transpose', 'Slice', 'Reverse']) requireKernel(tf, name, backendName);
  const convInfo = (xShape: number[], filterShape: number[], attrs: Record<string, unknown>) =>
    tf.backend_util.computeConv2DInfo(
      xShape as never,
      filterShape as never,
      attrs.strides as never,
      1,
      attrs.pad as never,
      attrs.dimRoundingMode as never,
    );

  const restoreFilter = replaceKernel<Backend, TensorInfo>(tf, 'Conv2DBackpropFilter', backendName, (original) => {
    const stock = fallBack(original, 'Conv2DBackpropFilter', backendName);
    return ({ inputs, backend, attrs }) => {
      const x = input(inputs, 'x', 'Conv2DBackpropFilter');
      const dy = input(inputs, 'dy', 'Conv2DBackpropFilter');
      if (!supported(attrs, x.dtype)) return stock({ inputs, backend, attrs });
      const filterShape = attrs.filterShape as [number, number, number, number];
      const {
        padInfo: { top, bottom, left, right },
        strideHeight,
        strideWidth,
      } = convInfo(x.shape, filterShape, attrs);
      const [filterHeight, filterWidth, inChannels, outChannels] = filterShape;
      const [, height = 0, width = 0] = x.shape;
      const [, outHeight = 0, outWidth = 0] = dy.shape;
      if (
        !sizesAgree(height, top + bottom, filterHeight, strideHeight, outHeight) ||
        !sizesAgree(width, left + right, filterWidth, strideWidth, outWidth)
      )
        return stock({ inputs, backend, attrs });
      const sizes: ConvSizes = {
        batch: x.shape[0] ?? 0,
        height,
        width,
        inChannels,
        outHeight,
        outWidth,
        filterHeight,
        filterWidth,
        strideHeight,
        strideWidth,
        top,
        left,
      };
      const taps = filterHeight * filterWidth * inChannels;
      const positions = sizes.batch * outHeight * outWidth;
      if (
        positions > 0 &&
        inChannels <= IM2COL_CHANNELS &&
        taps * positions <= IM2COL_LIMIT &&
        'typedArrayFromHeap' in backend
      ) {
        const wasm = backend as WasmBackend;
        return withTemporaries(tf, backendName, backend, (run) => {
          const patches = wasm.makeOutput([taps, positions], 'float32');
          // A view after the allocation: growing the heap detaches earlier ones.
          inputPatches(wasm.typedArrayFromHeap(x), sizes, wasm.typedArrayFromHeap(patches));
          try {
            const dW = run('BatchMatMul', { a: patches, b: { ...dy, shape: [positions, outChannels] } }, {});
            dW.shape = [...filterShape];
            return dW;
          } finally {
            backend.disposeData(patches.dataId);
          }
        });
      }
      return withTemporaries(tf, backendName, backend, (run) => {
        const channelsFirst = run('Transpose', { x }, { perm: [3, 1, 2, 0] });
        const dyAsFilter = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
        const pad = [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ];
        let correlation = run(
          'Conv2D',
          { x: channelsFirst, filter: dyAsFilter },
          convAttrs(pad, [strideHeight, strideWidth]),
        );
        // When the stride does not divide the padded input evenly the correlation runs past the filter: cut it.
        if (correlation.shape[1] !== filterHeight || correlation.shape[2] !== filterWidth) {
          correlation = run(
            'Slice',
            { x: correlation },
            { begin: [0, 0, 0, 0], size: [inChannels, filterHeight, filterWidth, outChannels] },
          );
        }
        return run('Transpose', { x: correlation }, { perm: [1, 2, 0, 3] });
      });
    };
  });

  if (!tf.getKernel('Conv2DBackpropInput', backendName)) return restoreFilter;
  const restoreInput = replaceKernel<Backend, TensorInfo>(tf, 'Conv2DBackpropInput', backendName, (original) => {
    const stock = fallBack(original, 'Conv2DBackpropInput', backendName);
    return ({ inputs, backend, attrs }) => {
      const dy = input(inputs, 'dy', 'Conv2DBackpropInput');
      const filter = input(inputs, 'filter', 'Conv2DBackpropInput');
      if (!supported(attrs, dy.dtype)) return stock({ inputs, backend, attrs });
      const {
        padInfo: { top, bottom, left, right },
        strideHeight,
        strideWidth,
      } = convInfo(attrs.inputShape as number[], filter.shape, attrs);
      const [filterHeight = 1, filterWidth = 1] = filter.shape;
      const [, height = 0, width = 0] = attrs.inputShape as number[];
      const [, outHeight = 0, outWidth = 0] = dy.shape;
      const pad = [
        [0, 0],
        [filterHeight - 1 - top, filterHeight - 1 - bottom],
        [filterWidth - 1 - left, filterWidth - 1 - right],
        [0, 0],
      ];
      if (
        strideHeight !== 1 ||
        strideWidth !== 1 ||
        pad.flat().some((p) => p < 0) ||
        !sizesAgree(height, top + bottom, filterHeight, 1, outHeight) ||
        !sizesAgree(width, left + right, filterWidth, 1, outWidth)
      )
        return stock({ inputs, backend, attrs });
      return withTemporaries(tf, backendName, backend, (run) => {
        const flipped = run('Reverse', { x: filter }, { dims: [0, 1] });
        const swapped = run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
        return run('Conv2D', { x: dy, filter: swapped }, convAttrs(pad, [1, 1]));
      });
    };
  });
  return () => {
    restoreInput();
    restoreFilter();
  };
}
