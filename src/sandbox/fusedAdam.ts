// tf.train.adam updates each variable with about fifteen small ops (moments, bias
// corrections, square root, division, assignments). On the WebAssembly and CPU
// backends every op costs ~10 µs of bookkeeping however small the tensor, so for
// the small models of the demos Adam took half of each training step. This runs the
// same update as one kernel per variable, a single loop over the numbers, and leaves
// everything else (moment variables, getWeights/setWeights, iterations) as tfjs has it.
import type * as TF from '@tensorflow/tfjs';
import type { Tfjs } from './backends';
import { type CpuBackend, type TensorInfo, type WasmBackend } from './kernels';

const KERNEL = 'DeepLearningNotesAdamUpdate';

interface AdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ: the bias corrections of step t. */
  correction1: number;
  correction2: number;
}

type UpdateInputs = { value: TensorInfo; gradient: TensorInfo; m: TensorInfo; v: TensorInfo };

/** The Adam step of Kingma & Ba (2015) as tfjs computes it: ε is added to √v̂, not to v̂. */
function adamStep(
  value: ArrayLike<number>,
  gradient: ArrayLike<number>,
  m: ArrayLike<number>,
  v: ArrayLike<number>,
  outValue: Float32Array,
  outM: Float32Array,
  outV: Float32Array,
  a: AdamAttrs,
): void {
  for (let i = 0; i < value.length; i++) {
    const g = gradient[i];
    const mi = a.beta1 * m[i]! + (1 - a.beta1) * g!;
    const vi = a.beta2 * v[i]! + (1 - a.beta2) * g! * g!;
    outM[i] = mi;
    outV[i] = vi;
    outValue[i] = value[i]! - (a.learningRate * (mi / a.correction1)) / (Math.sqrt(vi / a.correction2) + a.epsilon);
  }
}

function wasmKernel({
  inputs,
  backend,
  attrs,
}: {
  inputs: UpdateInputs;
  backend: WasmBackend;
  attrs: AdamAttrs;
}): TensorInfo[] {
  // Allocate first: growing the WebAssembly heap detaches views created before.
  const outputs = [inputs.value, inputs.m, inputs.v].map((t) => backend.makeOutput(t.shape, 'float32'));
  const read = (t: TensorInfo) => backend.typedArrayFromHeap(t);
  adamStep(
    read(inputs.value),
    read(inputs.gradient),
    read(inputs.m),
    read(inputs.v),
    read(outputs[0]!),
    read(outputs[1]!),
    read(outputs[2]!),
    attrs,
  );
  return outputs;
}

function cpuKernel({
  inputs,
  backend,
  attrs,
}: {
  inputs: UpdateInputs;
  backend: CpuBackend;
  attrs: AdamAttrs;
}): TensorInfo[] {
  const n = inputs.value.shape.reduce((a, b) => a * b, 1);
  const outputs = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const read = (t: TensorInfo) => backend.readSync(t.dataId);
  adamStep(
    read(inputs.value),
    read(inputs.gradient),
    read(inputs.m),
    read(inputs.v),
    outputs[0]!,
    outputs[1]!,
    outputs[2]!,
    attrs,
  );
  return [inputs.value, inputs.m, inputs.v].map((t, i) => backend.makeTensorInfo(t.shape, 'float32', outputs[i]!));
}

interface Variable {
  dtype: string;
  assign(value: unknown): void;
  dataSync(): ArrayLike<number>;
}

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

/** Makes tf.train.adam (and the layers API's 'adam') update each variable in one kernel on `backendName`. */
export function useFusedAdam(tf: Tfjs, backendName: 'wasm' | 'cpu'): void {
  tf.registerKernel({
    kernelName: KERNEL,
    backendName,
    kernelFunc: (backendName === 'wasm' ? wasmKernel : cpuKernel) as never,
  });
  const prototype = tf.AdamOptimizer.prototype as unknown as AdamInternals & { applyGradients(g: Gradients): void };
  const original = prototype.applyGradients;
  prototype.applyGradients = function (this: AdamInternals, gradients: Gradients) {
    const names = Array.isArray(gradients) ? gradients.map((g) => g.name) : Object.keys(gradients);
    const variables = tf.engine().registeredVariables as unknown as Record<string, Variable>;
    if (tf.getBackend() !== backendName || names.some((name) => variables[name]?.dtype !== 'float32'))
      return original.call(this, gradients);
    tf.tidy(() => {
      const t = { correction1: 1 - this.accBeta1.dataSync()[0]!, correction2: 1 - this.accBeta2.dataSync()[0]! };
      names.forEach((name, i) => {
        const value = variables[name];
        const zeros = () =>
          tf.tidy(() => tf.zerosLike(value as unknown as TF.Tensor).variable(false)) as unknown as Variable;
        this.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: zeros() };
        this.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: zeros() };
        const gradient = Array.isArray(gradients) ? gradients[i]!.tensor : gradients[name];
        if (gradient == null) return;
        const m = this.accumulatedFirstMoment[i].variable;
        const v = this.accumulatedSecondMoment[i].variable;
        const attrs = {
          beta1: this.beta1,
          beta2: this.beta2,
          epsilon: this.epsilon,
          learningRate: this.learningRate,
          ...t,
        };
        const [newValue, newM, newV] = tf
          .engine()
          .runKernel(KERNEL, { value, gradient, m, v } as never, attrs) as unknown as unknown[];
        m.assign(newM);
        v.assign(newV);
        value!.assign(newValue);
      });
      this.accBeta1.assign(this.accBeta1.mul(this.beta1));
      this.accBeta2.assign(this.accBeta2.mul(this.beta2));
    });
    this.incrementIterations();
  };
}
