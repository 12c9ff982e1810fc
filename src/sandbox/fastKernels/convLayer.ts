// tf.layers.conv2d computes each gradient of its convolution only where one is needed. tfjs-layers calls
// tf.fused.conv2d, whose gradient is a customGrad: the engine runs it as one function that returns every
// input's gradient, so the gradient for the layer's input is computed even when nothing needs it, as for
// the first layer of a model (its input is the data). In a small CNN (bench/user/conv-classifier.js) that
// discarded input gradient was ~6% of the training step. A gradient registered for the kernel instead
// (tf.registerGradient) gives the engine one function per input, and it calls only those on the path to
// what is differentiated: tfjs-core's own conv2d gradient works this way.
//
// The gradient below is tf.fused.conv2d's for a linear activation, op for op (the same kernels with the
// same attributes), so every gradient is bit for bit what stock tfjs computes; the property tests check it.
// The layer then runs the FusedConv2D kernel itself, with the inputs and attributes tf.fused.conv2d would
// pass. In tfjs, registering the gradient for FusedConv2D and having tf.fused.conv2d call the kernel
// directly would do the same for every caller. Routing the layer replaces Conv2D.prototype.call, which is
// tfjs-layers' internal: hence the version gate.
import type * as TF from '@tensorflow/tfjs';
import { type Tfjs } from '../kernels';

const KERNEL = 'FusedConv2D';

/** The parts of tfjs-layers' Conv2D (its fields and LayerVariable) the routed call reads. */
interface ConvLayer {
  rank: number;
  padding: string;
  dataFormat: string;
  strides: number[];
  dilationRate: number | number[];
  activation?: { getClassName(): string };
  kernel: { read(): TF.Tensor };
  bias?: { read(): TF.Tensor } | null;
}
type Call = (this: ConvLayer, inputs: TF.Tensor | TF.Tensor[], kwargs?: Record<string, unknown>) => unknown;

export function useConvLayerGradients(tf: Tfjs): () => void {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.Conv2D;
  const prototype = (entry?.[0] as unknown as { prototype?: { call?: Call } } | undefined)?.prototype;
  const stock = prototype?.call;
  if (!prototype || !stock) throw new Error('tfjs-layers has no Conv2D layer to route');
  if (tf.getGradient(KERNEL)) throw new Error(`tfjs already has a gradient for ${KERNEL}`);
  const own = Object.getOwnPropertyDescriptor(prototype, 'call');

  tf.registerGradient({
    kernelName: KERNEL,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [TF.Tensor4D, TF.Tensor4D];
      const up = dy as TF.Tensor4D;
      if (attrs.activation !== 'linear' || attrs.dataFormat !== 'NHWC')
        throw new Error(`${KERNEL}: a gradient for the linear activation in NHWC only`);
      const { strides, pad, dimRoundingMode } = attrs;
      const common = { strides, pad, dataFormat: 'NHWC', dimRoundingMode };
      return {
        x: () =>
          tf.engine().runKernel('Conv2DBackpropInput', { dy: up, filter }, {
            ...common,
            inputShape: x.shape,
          } as never),
        filter: () =>
          tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: up }, {
            ...common,
            filterShape: filter.shape,
          } as never),
        // tf.fused.conv2d's bias gradient: the sum over all but the channel axis, shaped as the bias.
        bias: () => tf.reshape(tf.sum(up, [0, 1, 2]), [up.shape[3]]),
      };
    },
  });

  prototype.call = function (inputs, kwargs) {
    const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;
    const dilations = typeof this.dilationRate === 'number' ? [this.dilationRate] : this.dilationRate;
    const applies =
      x !== undefined &&
      tf.getBackend() === 'wasm' &&
      this.rank === 2 &&
      x.rank === 4 &&
      x.dtype === 'float32' &&
      this.dataFormat === 'channelsLast' &&
      (this.padding === 'same' || this.padding === 'valid') &&
      dilations.every((d) => d === 1) &&
      // What tfjs-layers fuses as 'linear' (its mapActivationToFusedKernel); other activations keep its path.
      this.activation?.getClassName() === 'linear';
    if (!applies) return stock.call(this, inputs, kwargs);
    const filter = this.kernel.read();
    const bias = this.bias ? this.bias.read() : undefined;
    if (filter.dtype !== 'float32' || (bias && (bias.dtype !== 'float32' || bias.rank !== 1)))
      return stock.call(this, inputs, kwargs);
    // The inputs and attributes tf.fused.conv2d gives the kernel for this layer.
    return tf.engine().runKernel(KERNEL, bias ? { x, filter, bias } : { x, filter }, {
      strides: this.strides,
      pad: this.padding,
      dataFormat: 'NHWC',
      dilations: this.dilationRate,
      dimRoundingMode: undefined,
      activation: 'linear',
      leakyreluAlpha: undefined,
    } as never);
  };

  return () => {
    if (own) Object.defineProperty(prototype, 'call', own);
    else delete prototype.call;
    tf.unregisterGradient(KERNEL);
  };
}
