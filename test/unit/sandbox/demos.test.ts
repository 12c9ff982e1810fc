// Every demo, trained for real in the sandbox on WebAssembly: it completes and its
// main curve goes down. Every technique with a snippet has a demo.
import * as assert from 'node:assert';
import { join } from 'node:path';
import { LossHistory } from '../../../src/core/lossHistory';
import { SandboxRun } from '../../../src/sandbox/runner';
import { readFileSync, readdirSync } from 'node:fs';
import { builtInKnowledgeBase, builtIns, projectRoot } from '../helpers';

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Notes with snippets whose effect cannot show in the sandbox, with the reason. */
const NO_DEMO: Record<string, string> = {
  // Loss scaling fixes fp16 overflow and underflow; every sandbox backend computes in float32, where neither happens.
  'mixed-precision-training': 'the sandbox computes in float32 only',
  // Decoding turns a trained model's logits into tokens; it trains nothing, so there is no loss curve to compare.
  'autoregressive-decoding': 'decoding does not train',
};

describe('demos', () => {
  const demos = builtIns().demos;
  const kb = builtInKnowledgeBase();

  // The build refuses a demo whose header it cannot read, so every file must have made it into builtins.json.
  it('all have valid headers', () =>
    assert.deepStrictEqual(
      demos.map((d) => d.file),
      readdirSync(join(projectRoot, 'media', 'demos'))
        .filter((name) => name.endsWith('.js'))
        .sort()
        .map((name) => `media/demos/${name}`),
    ));

  it('declare the lesson of every comparison the product promises (init, LayerNorm, EMA target, dropout, Adam vs SGD)', () => {
    for (const id of [
      'init-comparison',
      'layernorm-comparison',
      'ema-target',
      'dropout-comparison',
      'optimizer-comparison',
    ]) {
      assert.ok(demos.find((d) => d.id === id)?.expectations.length, `${id} has "// @expect lower < higher" lines`);
    }
  });

  it('exist for every note with snippets (but the exempt ones), and each belongs to its note', () => {
    for (const note of kb.notes.filter((n) => n.snippets.length && !NO_DEMO[n.slug])) {
      assert.ok(note.demo, `${note.slug} has a demo`);
    }
    for (const slug of Object.keys(NO_DEMO)) {
      assert.ok(kb.note(slug), `exempt note ${slug} exists`);
      assert.ok(!kb.note(slug)?.demo, `${slug} is exempt but has a demo: remove it from NO_DEMO`);
    }
    for (const demo of demos) {
      assert.strictEqual(kb.note(demo.note)?.demo, demo.id, `${demo.id} → ${demo.note}`);
    }
  });

  for (const demo of demos) {
    it(`${demo.id}: trains on WebAssembly and its main loss goes down`, async () => {
      const history = new LossHistory();
      const run = new SandboxRun(
        join(projectRoot, 'dist', 'sandbox-worker.js'),
        {
          type: 'run',
          code: readFileSync(join(projectRoot, demo.file), 'utf8'),
          filename: `${demo.id}.js`,
          language: 'javascript',
          backend: 'wasm',
          steps: demo.steps,
          searchPaths: [],
        },
        { timeoutMs: 90_000, maxMemoryMB: 2048 },
        { onPoints: (points) => history.add(points) },
      );
      const result = await run.done;
      assert.strictEqual(result.status, 'completed', result.summary);
      const [main] = history.series;
      assert.ok(main && main.losses.length >= 10, 'reports a curve');
      const tenth = (values: number[]) => Math.max(1, Math.floor(values.length / 10));
      const head = mean(main.losses.slice(0, tenth(main.losses)));
      const final = (name: string) => {
        const series = history.series.find((s) => s.name === name);
        assert.ok(series, `series "${name}" (has: ${history.series.map((s) => s.name).join(', ')})`);
        return mean(series.losses.slice(-tenth(series.losses)));
      };
      assert.ok(final(main.name) < head, `${main.name}: ${head} → ${final(main.name)}`);
      // The lesson: the comparison the demo declares holds.
      for (const { lower, higher } of demo.expectations) {
        assert.ok(
          final(lower) < final(higher),
          `${lower} (${final(lower)}) should end below ${higher} (${final(higher)})`,
        );
      }
    });
  }
});
