import * as assert from 'node:assert';
import { LossHistory, smooth } from '../../src/core/lossHistory';

describe('LossHistory', () => {
  it('writes one CSV row per step and one column per series', () => {
    const history = new LossHistory();
    history.add([
      { series: 'train', step: 1, loss: 2 },
      { series: 'train', step: 2, loss: 1.5 },
      { series: 'val, held out', step: 2, loss: 1.7 },
    ]);
    assert.strictEqual(history.toCsv(), 'step,train,"val, held out"\n1,2,\n2,1.5,1.7\n');
    assert.strictEqual(history.pointCount, 3);
  });

  it('draws an SVG with a path per series, log-scaled for positive losses', () => {
    const history = new LossHistory();
    history.add([1, 0.5, 0.1].map((loss, i) => ({ series: 'a', step: i + 1, loss })));
    history.add([
      { series: 'b<c>', step: 1, loss: 3 },
      { series: 'b<c>', step: 3, loss: 2 },
    ]);
    const svg = history.toSvg({ title: 'Demo' });
    assert.strictEqual(svg.match(/<path /g)?.length, 2);
    assert.match(svg, /\(log scale\)/);
    assert.match(svg, /b&lt;c&gt;/);
  });
});

describe('smooth (TensorBoard style)', () => {
  it('leaves data unchanged at weight 0 and keeps nulls', () => {
    assert.deepStrictEqual(smooth([1, null, 3], 0), [1, null, 3]);
  });
  it('is debiased: a constant series stays constant', () => {
    for (const v of smooth([5, 5, 5, 5], 0.9)) assert.ok(Math.abs((v as number) - 5) < 1e-12);
  });
  it('is an exponential moving average', () => {
    const [a, b] = smooth([0, 10], 0.5);
    assert.strictEqual(a, 0);
    assert.ok(Math.abs((b as number) - (0.5 * 0 + 0.5 * 10) / 0.75) < 1e-12);
  });
});
