// The shipped notes as data: every field present, every link and alias resolving,
// every snippet and demo a note names existing.
import * as assert from 'node:assert';
import { TOPIC_ORDER } from '../../src/core/knowledgeBase';
import { loadCatalog } from './snippets/snippetFiles';
import { builtInKnowledgeBase, builtIns } from './helpers';

const SLUGS = [
  'multi-network-training-with-moving-average-target',
  'dropout',
  'positional-encoding',
  'transformers',
  'attention',
  'convolution',
  'bert',
  'graph-convolutional-networks',
  'loss-functions',
  'calibration',
  'convolutional-neural-networks',
  'normalizing-flows',
  'depth-and-trainability',
  'adaptive-learning-rate-optimizers',
  'challenges-of-optimizing-deep-models',
  'normalization',
  'pathwise-gradient-estimator',
  'reinforce-score-function-estimator',
  'variational-autoencoders',
  'weight-initialization-in-deep-neural-networks',
  'why-generative-models',
  'layer-normalization',
  'mixed-precision-training',
  'generative-adversarial-networks',
  'diffusion-models',
  'activation-functions',
  'stochastic-gradient-descent',
  'learning-rate-schedules',
  'weight-decay',
  'recurrent-neural-networks',
  'embeddings',
  'autoregressive-decoding',
];
const SECTIONS = ['## Intuition', '## The maths', '## In practice', '## Pitfalls', '## In code'];

describe('the built-in notes', () => {
  const kb = builtInKnowledgeBase();

  it(`are exactly the ${SLUGS.length} notes, by their fixed slugs`, () => {
    assert.deepStrictEqual(kb.notes.map((n) => n.slug).sort(), [...SLUGS].sort());
  });

  it('parse without a single problem or warning', () => {
    assert.deepStrictEqual(kb.problems, []);
  });

  it('pass the cross-note checks: links, aliases, API names, snippets and demos resolve', () => {
    const snippetIds = new Set(loadCatalog().ids());
    const demoIds = new Set(builtIns().demos.map((d) => d.id));
    const problems = kb.validate({ snippetIds, demoIds }).map((p) => `${p.file}:${p.line}: ${p.message}`);
    assert.deepStrictEqual(problems, []);
  });

  it('claim no alias twice', () => {
    assert.deepStrictEqual(kb.index.aliasConflicts(), []);
  });

  for (const slug of SLUGS) {
    describe(slug, () => {
      const note = () => kb.note(slug)!;

      it('has the sections in order and at least 300 words', () => {
        const positions = SECTIONS.map((s) => note().body.indexOf(`${s}\n`));
        assert.ok(
          positions.every((p) => p >= 0),
          `sections: ${SECTIONS.filter((_, i) => positions[i]! < 0).join(', ')} missing`,
        );
        assert.deepStrictEqual(
          [...positions].sort((a, b) => a - b),
          positions,
          'sections in order',
        );
        const words = note()
          .body.split(/\s+/)
          .filter((w) => /[A-Za-z]/.test(w)).length;
        assert.ok(words >= 300, `${words} words`);
      });

      it('has KaTeX maths in the body, a one-line hover formula and a known topic', () => {
        assert.match(note().body, /\$[^$]+\$/);
        assert.ok(!note().formula.includes('\n') && note().formula.length <= 120, note().formula);
        // The hover shows the formula as text: plain Unicode, no TeX braces or commands.
        assert.doesNotMatch(note().formula, /[{}\\]/, note().formula);
        assert.ok(TOPIC_ORDER.includes(note().topic), note().topic);
      });

      it('cites original papers and links to at least two notes, and is linked from one', () => {
        assert.ok(note().references.length >= 1);
        for (const ref of note().references)
          assert.ok(ref.year >= 1940 && ref.year <= 2026, `${ref.title} (${ref.year})`);
        assert.ok(kb.graph.links(slug).length >= 2, 'links');
        assert.ok(kb.graph.backlinks(slug).length >= 1, 'backlinks');
      });

      it('names its snippet prefixes in "In code"', () => {
        const catalog = loadCatalog();
        const inCode = note().body.slice(note().body.indexOf('## In code'));
        for (const id of note().snippets) {
          const prefix = catalog.get(id, 'pytorch')?.prefix ?? catalog.get(id, 'tfjs')?.prefix;
          assert.ok(prefix && inCode.includes(prefix), `"In code" mentions ${prefix} (${id})`);
        }
      });
    });
  }
});
