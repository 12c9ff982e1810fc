import * as assert from 'node:assert';
import { splitWords, wordKey } from '../../src/core/words';

describe('splitWords', () => {
  const cases: [string, string[]][] = [
    ['LayerNorm', ['layer', 'norm']],
    ['layer_norm', ['layer', 'norm']],
    ['layerNormalization', ['layer', 'normalization']],
    ['GCNLayer', ['gcn', 'layer']],
    ['RMSNorm', ['rms', 'norm']],
    ['CNNs', ['cnns']],
    ['BCEWithLogitsLoss', ['bce', 'with', 'logits', 'loss']],
    ['Conv2d', ['conv']],
    ['BatchNorm1d', ['batch', 'norm']],
    ['xavier_uniform_', ['xavier', 'uniform']],
    ['AdamW', ['adam', 'w']],
    ['ln_1', ['ln']],
    ['multi-head attention', ['multi', 'head', 'attention']],
    ['SpatialDropout2D', ['spatial', 'dropout']],
  ];
  for (const [input, words] of cases) {
    it(`${input} → ${words.join(' ')}`, () => assert.deepStrictEqual(splitWords(input), words));
  }

  it('gives one key to every spelling of a concept', () => {
    const spellings = ['LayerNorm', 'layer_norm', 'layerNorm', 'layer norm', 'Layer-Norm', 'LAYER_NORM'];
    assert.deepStrictEqual(new Set(spellings.map(wordKey)), new Set(['layernorm']));
  });
});
