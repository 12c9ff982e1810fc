// Several of the WebAssembly backend's kernels spend more time calling their C function than
// computing: the element-wise binary ops (add, sub, mul, div, comparisons, …), matMul, the fused
// matMul of tf.layers.dense and transpose pass shapes (and transpose its permutation) as arrays, so
// every call builds two to four typed arrays and Emscripten's ccall copies them onto the stack and
// looks the function up again; matMul also makes and frees two reshaped views of its inputs. Here
// that was ~2.6 µs of a 4 µs add of 8 numbers, and small models run thousands of these per step.
// These kernels call the same C functions of the backend with the arrays written into a scratch
// buffer in its heap, allocated once, so the arithmetic and every result are the backend's own.
import { input, replaceKernel, requireKernel, sizeOf, type TensorInfo, type Tfjs, type WasmBackend } from '../kernels';

/** The kernels tfjs-backend-wasm 4.22 builds with createBinaryKernelConfig, and the dtype of their output. */
const BINARY: Record<string, 'bool' | undefined> = {
  Add: undefined,
  Sub: undefined,
  Multiply: undefined,
  RealDiv: undefined,
  Maximum: undefined,
  Minimum: undefined,
  SquaredDifference: undefined,
  Pow: undefined,
  FloorDiv: undefined,
  Mod: undefined,
  Equal: 'bool',
  NotEqual: 'bool',
  Greater: 'bool',
  GreaterEqual: 'bool',
  Less: 'bool',
  LessEqual: 'bool',
  LogicalAnd: 'bool',
  LogicalOr: 'bool',
};

/** The backend's dtype codes (its CppDType). */
const DTYPE: Record<string, number | undefined> = { float32: 0, int32: 1, bool: 2 };

/** The fused activations of _FusedMatMul, as the backend numbers them (its FusableActivation). */
const ACTIVATION: Record<string, number | undefined> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  prelu: 3,
  leakyrelu: 4,
  sigmoid: 5,
  elu: 6,
};

/** Arrays (shapes, permutations) up to this length go through the scratch buffer; longer ones keep the backend's kernel. */
const MAX_RANK = 8;

type CFunction = (...args: number[]) => void;

/** The parts of the backend's Emscripten module this calls: its heap, malloc and the kernels' C functions. */
interface WasmModule {
  HEAP32: Int32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  [kernel: `_${string}`]: CFunction | undefined;
}

interface Internals extends WasmBackend {
  wasm: WasmModule;
  dataIdMap: { get(dataId: object): { id: number } | undefined };
}

const idOf = (backend: Internals, t: TensorInfo) => backend.dataIdMap.get(t.dataId)?.id ?? 0;

/** The backend's dimensions of a transpose: size-1 axes dropped, the permutation renumbered (its removeOneSizeDims). */
export function withoutUnitAxes(shape: readonly number[], perm: readonly number[]): [number[], number[]] {
  const kept = shape.map((_, axis) => axis).filter((axis) => shape[axis] !== 1);
  const rank = new Map(kept.map((axis, i) => [axis, i]));
  return [
    kept.map((axis) => shape[axis] as number),
    perm.filter((axis) => shape[axis] !== 1).map((axis) => rank.get(axis) as number),
  ];
}

export function useDirectCalls(tf: Tfjs): () => void {
  const backend = tf.findBackend('wasm') as unknown as Internals | null;
  const module = backend?.wasm;
  if (!module || typeof module._malloc !== 'function') throw new Error('the wasm backend has no module to call');
  const cFunction = (name: string): CFunction => {
    requireKernel(tf, name, 'wasm');
    const fn = module[`_${name}`];
    if (typeof fn !== 'function') throw new Error(`the wasm module has no ${name} function`);
    return fn;
  };
  // Two arrays of up to MAX_RANK int32s, which the C functions read during the call only.
  const scratch = module._malloc(2 * MAX_RANK * 4);
  const second = scratch + 4 * MAX_RANK;
  /** Writes `first` and `then` into the scratch buffer (read the heap view now: allocations replace it). */
  const write = (heap: Int32Array, first: readonly number[], then: readonly number[]) => {
    const at = scratch >> 2;
    for (let i = 0; i < first.length; i++) heap[at + i] = first[i] as number;
    for (let i = 0; i < then.length; i++) heap[at + MAX_RANK + i] = then[i] as number;
  };
  const restores: (() => void)[] = [];

  for (const [name, outType] of Object.entries(BINARY)) {
    const fn = cFunction(name);
    const stock = requireKernel<Internals>(tf, name, 'wasm');
    restores.push(
      replaceKernel<Internals, TensorInfo>(tf, name, 'wasm', () => (args) => {
        const a = input(args.inputs, 'a', name);
        const b = input(args.inputs, 'b', name);
        const dtype = DTYPE[a.dtype];
        if (dtype === undefined || a.shape.length > MAX_RANK || b.shape.length > MAX_RANK) return stock(args);
        const { backend } = args;
        const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
        const out = backend.makeOutput(shape, outType ?? a.dtype);
        if (sizeOf(shape) === 0) return out;
        write(backend.wasm.HEAP32, a.shape, b.shape);
        fn(
          idOf(backend, a),
          scratch,
          a.shape.length,
          idOf(backend, b),
          second,
          b.shape.length,
          dtype,
          idOf(backend, out),
        );
        return out;
      }),
    );
  }

  const matMul = cFunction('BatchMatMul');
  const stockMatMul = requireKernel<Internals>(tf, 'BatchMatMul', 'wasm');
  restores.push(
    replaceKernel<Internals, TensorInfo>(tf, 'BatchMatMul', 'wasm', () => (args) => {
      const a = input(args.inputs, 'a', 'BatchMatMul');
      const b = input(args.inputs, 'b', 'BatchMatMul');
      const [transposeA, transposeB] = [!!args.attrs.transposeA, !!args.attrs.transposeB];
      const [aRank, bRank] = [a.shape.length, b.shape.length];
      const inner = a.shape[aRank - (transposeA ? 2 : 1)] ?? 0;
      if (
        a.dtype !== 'float32' ||
        b.dtype !== 'float32' ||
        inner !== b.shape[bRank - (transposeB ? 1 : 2)] ||
        sizeOf(a.shape) === 0 ||
        sizeOf(b.shape) === 0
      )
        return stockMatMul(args);
      // The backend's kernel sees both as rank 3: [batch, rows, columns] as stored.
      const [rows, columns] = [a.shape[aRank - (transposeA ? 1 : 2)] ?? 1, b.shape[bRank - (transposeB ? 2 : 1)] ?? 1];
      const [batchA, batchB] = [sizeOf(a.shape.slice(0, -2)), sizeOf(b.shape.slice(0, -2))];
      const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
      const { backend } = args;
      const out = backend.makeOutput([Math.max(batchA, batchB), rows, columns], 'float32');
      write(
        backend.wasm.HEAP32,
        [batchA, ...a.shape.slice(-2)] as number[],
        [batchB, ...b.shape.slice(-2)] as number[],
      );
      matMul(idOf(backend, a), scratch, 3, idOf(backend, b), second, 3, +transposeA, +transposeB, idOf(backend, out));
      out.shape = [...outer, rows, columns];
      return out;
    }),
  );

  const fusedMatMul = cFunction('_FusedMatMul');
  const stockFused = requireKernel<Internals>(tf, '_FusedMatMul', 'wasm');
  restores.push(
    replaceKernel<Internals, TensorInfo>(tf, '_FusedMatMul', 'wasm', () => (args) => {
      const a = input(args.inputs, 'a', '_FusedMatMul');
      const b = input(args.inputs, 'b', '_FusedMatMul');
      const { bias, preluActivationWeights: prelu } = args.inputs;
      const activation = ACTIVATION[args.attrs.activation as string];
      const [transposeA, transposeB] = [!!args.attrs.transposeA, !!args.attrs.transposeB];
      if (
        a.dtype !== 'float32' ||
        b.dtype !== 'float32' ||
        activation === undefined ||
        (bias && bias.shape.length !== 1) ||
        a.shape.length > MAX_RANK ||
        b.shape.length > MAX_RANK
      )
        return stockFused(args);
      const { backend } = args;
      const rows = a.shape[transposeA ? 2 : 1] ?? 1;
      const columns = b.shape[transposeB ? 1 : 2] ?? 1;
      const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
      const out = backend.makeOutput([...outer, rows, columns], 'float32');
      write(backend.wasm.HEAP32, a.shape, b.shape);
      fusedMatMul(
        idOf(backend, a),
        scratch,
        a.shape.length,
        idOf(backend, b),
        second,
        b.shape.length,
        +transposeA,
        +transposeB,
        activation,
        bias ? idOf(backend, bias) : 0,
        prelu ? idOf(backend, prelu) : 0,
        (args.attrs.leakyreluAlpha as number | undefined) || 0,
        idOf(backend, out),
      );
      return out;
    }),
  );

  const transpose = cFunction('Transpose');
  const stockTranspose = requireKernel<Internals>(tf, 'Transpose', 'wasm');
  restores.push(
    replaceKernel<Internals, TensorInfo>(tf, 'Transpose', 'wasm', () => (args) => {
      const x = input(args.inputs, 'x', 'Transpose');
      const perm = args.attrs.perm as number[];
      const dtype = DTYPE[x.dtype];
      const [shape, kept] = withoutUnitAxes(x.shape, perm);
      // A permutation that moves nothing is the backend's copy; other dtypes and long shapes keep its kernel.
      if (dtype === undefined || shape.length > MAX_RANK || sizeOf(shape) === 0 || kept.every((axis, i) => axis === i))
        return stockTranspose(args);
      const { backend } = args;
      const out = backend.makeOutput(
        perm.map((axis) => x.shape[axis] as number),
        x.dtype,
      );
      write(backend.wasm.HEAP32, shape, kept);
      transpose(idOf(backend, x), scratch, shape.length, dtype, idOf(backend, out), second, kept.length);
      return out;
    }),
  );

  return () => {
    restores.reverse().forEach((restore) => restore());
    module._free(scratch);
  };
}
