// tf.train.adam updates each variable with about fifteen small ops (moments, bias
// corrections, square root, division, assignments). On the WebAssembly and CPU
// backends every op costs ~10 µs of bookkeeping however small the tensor, so for
// the small models of the demos Adam took half of each training step. This runs the
// same update as one kernel per variable, a single loop over the numbers, and leaves
// everything else (moment variables, getWeights/setWeights, iterations) as tfjs has it.
// Each step rounds to float32 where tfjs's ops do, in their order, so the weights come
// out bit for bit as stock tfjs computes them.
import type * as TF from '@tensorflow/tfjs';
import {
  type CpuBackend,
  type KernelInputs,
  input,
  sizeOf,
  type TensorInfo,
  type Tfjs,
  type WasmBackend,
} from '../kernels';

const KERNEL = 'DeepLearningNotesAdamUpdate';
const f32 = Math.fround;

/** The constants of one step, already rounded to float32 as tfjs's scalar tensors hold them. */
interface AdamAttrs {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  epsilon: number;
  negativeLearningRate: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ: the bias corrections of step t. */
  correction1: number;
  correction2: number;
}

/**
 * The Adam step of Kingma & Ba (2015) exactly as tfjs's AdamOptimizer writes it in ops:
 * m' = m·β₁ + g·(1 − β₁), v' = v·β₂ + g²·(1 − β₂), value' = (m'/c₁) / (√(v'/c₂) + ε) · (−lr) + value.
 */
function adamStep(
  value: ArrayLike<number>,
  gradient: ArrayLike<number>,
  m: ArrayLike<number>,
  v: ArrayLike<number>,
  out: { value: Float32Array; m: Float32Array; v: Float32Array },
  a: AdamAttrs,
): void {
  // The constants in locals: this loop is most of the update's time.
  const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, negativeLearningRate, correction1, correction2 } = a;
  const { value: outValue, m: outM, v: outV } = out;
  for (let i = 0; i < outValue.length; i++) {
    const g = gradient[i] ?? 0;
    const mi = f32(f32((m[i] ?? 0) * beta1) + f32(g * oneMinusBeta1));
    const vi = f32(f32((v[i] ?? 0) * beta2) + f32(f32(g * g) * oneMinusBeta2));
    const denominator = f32(f32(Math.sqrt(f32(vi / correction2))) + epsilon);
    outM[i] = mi;
    outV[i] = vi;
    outValue[i] = f32(f32(f32(f32(mi / correction1) / denominator) * negativeLearningRate) + (value[i] ?? 0));
  }
}

const NAMES = ['value', 'gradient', 'm', 'v'] as const;
const inputsOf = (inputs: KernelInputs) => NAMES.map((name) => input(inputs, name, 'Adam update'));

function wasmKernel(args: { inputs: KernelInputs; backend: WasmBackend; attrs: AdamAttrs }): TensorInfo[] {
  const { backend } = args;
  const [value, gradient, m, v] = inputsOf(args.inputs) as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  // Allocate first: growing the WebAssembly heap detaches views created before.
  const outputs = [value, m, v].map((t) => backend.makeOutput(t.shape, 'float32')) as [
    TensorInfo,
    TensorInfo,
    TensorInfo,
  ];
  const read = (t: TensorInfo) => backend.typedArrayFromHeap(t);
  const out = { value: read(outputs[0]), m: read(outputs[1]), v: read(outputs[2]) };
  adamStep(read(value), read(gradient), read(m), read(v), out, args.attrs);
  return outputs;
}

function cpuKernel(args: { inputs: KernelInputs; backend: CpuBackend; attrs: AdamAttrs }): TensorInfo[] {
  const { backend } = args;
  const [value, gradient, m, v] = inputsOf(args.inputs) as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  const n = sizeOf(value.shape);
  const out = { value: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
  const read = (t: TensorInfo) => backend.readSync(t.dataId);
  adamStep(read(value), read(gradient), read(m), read(v), out, args.attrs);
  return [
    backend.makeTensorInfo(value.shape, 'float32', out.value),
    backend.makeTensorInfo(m.shape, 'float32', out.m),
    backend.makeTensorInfo(v.shape, 'float32', out.v),
  ];
}

interface Variable {
  dtype: string;
  assign(value: unknown): void;
  dataSync(): ArrayLike<number>;
}

/** The protected state of tfjs's AdamOptimizer that its applyGradients uses. */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: Variable & { mul(x: number): unknown };
  accBeta2: Variable & { mul(x: number): unknown };
  accumulatedFirstMoment: { originalName: string; variable: Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: Variable }[];
  incrementIterations(): void;
}

type Gradients = Record<string, unknown> | { name: string; tensor: unknown }[];
type ApplyGradients = (this: AdamInternals, gradients: Gradients) => void;

/**
 * Makes tf.train.adam (and the layers API's 'adam') update each variable in one kernel on `backendName`.
 * Returns a function that puts tfjs's own update back.
 */
export function useFusedAdam(tf: Tfjs, backendName: 'wasm' | 'cpu'): () => void {
  tf.registerKernel({
    kernelName: KERNEL,
    backendName,
    kernelFunc: (backendName === 'wasm' ? wasmKernel : cpuKernel) as never,
  });
  const prototype = tf.AdamOptimizer.prototype as unknown as { applyGradients: ApplyGradients };
  const stock = prototype.applyGradients;
  prototype.applyGradients = function (gradients) {
    const names = Array.isArray(gradients) ? gradients.map((g) => g.name) : Object.keys(gradients);
    const variables = tf.engine().registeredVariables as unknown as Record<string, Variable | undefined>;
    if (tf.getBackend() !== backendName || names.some((name) => variables[name]?.dtype !== 'float32'))
      return stock.call(this, gradients);
    tf.tidy(() => {
      const attrs: AdamAttrs = {
        beta1: f32(this.beta1),
        oneMinusBeta1: f32(1 - this.beta1),
        beta2: f32(this.beta2),
        oneMinusBeta2: f32(1 - this.beta2),
        epsilon: f32(this.epsilon),
        negativeLearningRate: f32(-this.learningRate),
        correction1: f32(1 - (this.accBeta1.dataSync()[0] ?? 0)),
        correction2: f32(1 - (this.accBeta2.dataSync()[0] ?? 0)),
      };
      names.forEach((name, i) => {
        const value = variables[name];
        const zeros = () =>
          tf.tidy(() => tf.zerosLike(value as unknown as TF.Tensor).variable(false)) as unknown as Variable;
        const first = (this.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: zeros() });
        const second = (this.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: zeros() });
        const gradient = Array.isArray(gradients) ? gradients[i]?.tensor : gradients[name];
        if (gradient == null || !value) return;
        const [newValue, newM, newV] = tf
          .engine()
          .runKernel(
            KERNEL,
            { value, gradient, m: first.variable, v: second.variable } as never,
            attrs as never,
          ) as unknown as unknown[];
        first.variable.assign(newM);
        second.variable.assign(newV);
        value.assign(newValue);
      });
      this.accBeta1.assign(this.accBeta1.mul(this.beta1));
      this.accBeta2.assign(this.accBeta2.mul(this.beta2));
    });
    this.incrementIterations();
  };
  return () => {
    prototype.applyGradients = stock;
    tf.unregisterKernel(KERNEL, backendName);
  };
}
