// While it records a gradient, tfjs keeps each op's inputs or outputs for the backward pass
// as clones: an Identity kernel (a full copy of the numbers on WebAssembly) plus a tape
// node, for every op. Tensors never change once made, so the saved tensor can share the
// original's memory instead, like a reshape does. The clone's tape node only matters for
// gradients of gradients (tf.grad of tf.grad), so at that depth tfjs's own way is kept.
// Measured here: an 8-number add with its gradient went from ~60 µs to ~25 µs; demos gain 5–10%.
import { type TensorInfo, type Tfjs } from '../kernels';

/** The private parts of tfjs's Engine this replaces and uses. */
interface EngineInternals {
  state: { gradientDepth: number };
  backend: { incRef(dataId: object): void };
  keep<T>(tensor: T): T;
  makeTensorFromTensorInfo(info: TensorInfo): TensorInfo;
  saveTensorsForBackwardMode(tensors: TensorInfo[]): TensorInfo[];
}

const SHAREABLE = new Set(['float32', 'int32', 'bool']);

/** Returns a function that puts tfjs's own cloning back. */
export function shareSavedTensors(tf: Tfjs): () => void {
  const engine = tf.engine() as unknown as EngineInternals;
  const cloneAndSave = engine.saveTensorsForBackwardMode.bind(engine);
  engine.saveTensorsForBackwardMode = (tensors) => {
    if (engine.state.gradientDepth > 1 || tensors.some((t) => !SHAREABLE.has(t.dtype))) return cloneAndSave(tensors);
    return tensors.map(({ dataId, shape, dtype }) => {
      engine.backend.incRef(dataId);
      return engine.keep(engine.makeTensorFromTensorInfo({ dataId, shape, dtype }));
    });
  };
  return () => {
    // The method lives on Engine's prototype; the replacement is the engine's own property.
    delete (engine as Partial<EngineInternals>).saveTensorsForBackwardMode;
  };
}
