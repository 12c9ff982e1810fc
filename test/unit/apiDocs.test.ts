import * as assert from 'node:assert';
import { apiDocFor, detectLibrary } from '../../src/core/apiDocs';
import { builtInKnowledgeBase } from './helpers';

const note = (slug: string) => builtInKnowledgeBase().note(slug)!;

describe('apiDocFor', () => {
  it('resolves abbreviated PyTorch names to the full API page', () => {
    assert.strictEqual(
      apiDocFor('F.layer_norm', note('layer-normalization'), 'python')?.name,
      'torch.nn.functional.layer_norm',
    );
    assert.strictEqual(apiDocFor('nn.LayerNorm', note('layer-normalization'), 'python')?.name, 'torch.nn.LayerNorm');
    assert.strictEqual(
      apiDocFor('torch.nn.functional.layer_norm', note('layer-normalization'), 'python')?.name,
      'torch.nn.functional.layer_norm',
    );
  });

  it('tells TensorFlow.js from Keras by language and by case', () => {
    assert.strictEqual(
      apiDocFor('tf.layers.layerNormalization', note('layer-normalization'), 'javascript')?.name,
      'tf.layers.layerNormalization',
    );
    assert.strictEqual(
      apiDocFor('layers.LayerNormalization', note('layer-normalization'), 'python')?.name,
      'tf.keras.layers.LayerNormalization',
    );
    assert.strictEqual(apiDocFor('nn.LayerNorm', note('layer-normalization'), 'javascript'), undefined);
  });

  it('uses the imports to pick Flax over PyTorch for nn.LayerNorm', () => {
    const flax = detectLibrary('import jax\nimport flax.linen as nn\n');
    assert.strictEqual(flax, 'flax');
    assert.strictEqual(
      apiDocFor('nn.LayerNorm', note('layer-normalization'), 'python', flax)?.name,
      'flax.linen.LayerNorm',
    );
    assert.strictEqual(detectLibrary('import torch.nn as nn\n'), 'torch');
  });

  it('gives no page for a custom class', () => {
    assert.strictEqual(apiDocFor('CausalSelfAttention', note('attention'), 'python'), undefined);
  });
});
