import * as assert from 'node:assert';
import { calleeBefore } from '../../src/core/callee';

const callee = (before: string) => {
  const end = calleeBefore(before);
  return end === undefined ? undefined : /[\w$.]+$/.exec(before.slice(0, end + 1))?.[0];
};

describe('calleeBefore', () => {
  it('finds the function whose parentheses hold the cursor', () => {
    assert.strictEqual(callee('self.ln = nn.LayerNorm(config.n_embd, eps='), 'nn.LayerNorm');
  });
  it('skips completed inner calls and brackets', () => {
    assert.strictEqual(callee('x = F.dropout(self.proj(h), [1, 2], p='), 'F.dropout');
    assert.strictEqual(callee('x = F.dropout(h, p=cfg["p"], training='), 'F.dropout');
  });
  it('works across lines', () => {
    assert.strictEqual(callee('model.add(tf.layers.dense({\n  units: 64,\n  kernelInitializer: '), 'tf.layers.dense');
  });
  it('ignores parenthesised expressions that are not calls', () => {
    assert.strictEqual(callee('y = torch.tanh((a + '), 'torch.tanh');
    assert.strictEqual(callee('y = (a + '), undefined);
  });
  it('is undefined outside any call', () => {
    assert.strictEqual(callee('x = 1\ny = '), undefined);
    assert.strictEqual(callee('f(a)\ny = '), undefined);
  });
});
