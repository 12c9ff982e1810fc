// The gradient of tf.tile, as one reshape and one sum. tfjs-core's own gradient adds up
// every repetition with a slice and an add (its TODO says so): tiling [64, 1] to [64, 128]
// costs 128 slices and 128 adds on the way back, and tfjs-layers' LayerNormalization tiles
// four tensors per call, so one LayerNorm layer added ~500 kernels to each training step.
// Tiling x of shape [s₀, s₁, …] by reps [r₀, r₁, …] places x at every block of the output,
// so the output seen as [r₀, s₀, r₁, s₁, …] repeats x along the r axes, and the gradient is
// dy reshaped that way and summed over those axes. Uses only tfjs's public API
// (tf.registerGradient), so it could be proposed to tfjs as it stands; it also works for
// ranks above 4, where tfjs's own gradient throws.
import type * as TF from '@tensorflow/tfjs';
import { type Tfjs } from '../kernels';

export function useTileGradient(tf: Tfjs): () => void {
  const stock = tf.getGradient('Tile');
  tf.registerGradient({
    kernelName: 'Tile',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const reps = (attrs as { reps: number[] }).reps;
      const gradient = dy as TF.Tensor;
      return {
        x: () => {
          if (!x) throw new Error('the gradient of tile needs its input');
          // Nothing to sum (and the backends' reductions do not take empty tensors): the gradient is zero.
          if (x.size === 0 || gradient.size === 0) return tf.zerosLike(x);
          const interleaved = x.shape.flatMap((size, i) => [reps[i] ?? 1, size]);
          const repeatAxes = x.shape.map((_, i) => 2 * i);
          return tf.sum(tf.reshape(gradient, interleaved), repeatAxes);
        },
      };
    },
  });
  return () => {
    if (stock) tf.registerGradient(stock);
  };
}
