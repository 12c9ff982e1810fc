// The deep-learning libraries, by the module names code imports them as: an import of one makes a file deep
// learning, and in prose a dotted path that starts with one (`transformers.models.bloom`) names the library.

/** Libraries whose import shows that a file is about deep learning. */
export const DEEP_LEARNING_MODULES =
  /^(?:torch|torchvision|torchaudio|torch_geometric|tensorflow|tf|keras|keras_core|tf_keras|keras_hub|keras_nlp|keras_cv|jax|flax|optax|haiku|equinox|transformers|timm|diffusers|dgl|jraph|pytorch_lightning|lightning|accelerate|@tensorflow\/.*|tfjs|brain\.js|onnx|mxnet|paddle)(?:\.|$)/;
