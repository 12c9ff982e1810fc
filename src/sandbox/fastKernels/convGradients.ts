// Both gradients of conv2d are themselves convolutions, and the WebAssembly backend's
// conv2d kernel (XNNPACK) is fast. Its own kernels for the gradients are not: it has
// none for the filter gradient (the CPU backend's, which the bridge would borrow,
// takes ~250 ms for one small batch) and a slow one for the input gradient (~6× a
// forward conv2d). This computes both with the forward kernel:
//   dW[i, j, c, o] = Σ_{b, y, x} input[b, s·y + i − pad, s·x + j − pad, c] · dy[b, y, x, o]
//     = conv2d(input as [c, H, W, b], dy as [y, x, b, o]) with dilation s, the forward
//       padding, cut to the filter's size;
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
} from '../kernels';

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
  for (const name of ['Conv2D', 'Transpose', 'Slice', 'Reverse']) requireKernel(tf, name, backendName);
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
