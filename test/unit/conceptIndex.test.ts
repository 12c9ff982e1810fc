// The alias index on its own: how identifiers, dotted names and prose words meet the notes' aliases.
import * as assert from 'node:assert';
import { ConceptIndex } from '../../src/core/conceptIndex';
import { type Note } from '../../src/core/note';
import { builtInKnowledgeBase } from './helpers';

export function testNote(slug: string, aliases: string[], context: string[] = []): Note {
  return {
    slug,
    aliases,
    context,
    arguments: [],
    title: slug,
    topic: 't',
    problem: 'p',
    solution: 's',
    formula: 'f',
    links: [],
    api: [],
    snippets: [],
    references: [],
    body: 'b',
    source: { file: `${slug}.md`, frontMatter: '', bodyLine: 1, builtIn: true },
  };
}

const slugsOf = (index: ConceptIndex, identifier: string) => index.matchIdentifier(identifier).map((m) => m.slug);

describe('ConceptIndex rules', () => {
  it('prefers the longest alias that ends an identifier', () => {
    const index = new ConceptIndex([
      testNote('conv', ['conv', 'convolution']),
      testNote('gcn', ['gcn conv', 'graph convolution']),
    ]);
    assert.deepStrictEqual(slugsOf(index, 'GCNConv'), ['gcn']);
    assert.deepStrictEqual(slugsOf(index, 'Conv2d'), ['conv']);
    assert.deepStrictEqual(slugsOf(index, 'GraphConvolution'), ['gcn']);
  });

  it('drops one generic trailing word (GCNLayer is a GCN)', () => {
    const index = new ConceptIndex([testNote('gcn', ['gcn'])]);
    assert.deepStrictEqual(slugsOf(index, 'GCNLayer'), ['gcn']);
    assert.deepStrictEqual(slugsOf(index, 'GCNEdgeMaskMultiplier'), [], 'three words after the alias: not about it');
  });

  it('reads a compound name by the alias it is about (attn_weights, dropout_rate), at most two words after', () => {
    const index = new ConceptIndex([testNote('attention', ['attn', 'attention']), testNote('dropout', ['dropout'])]);
    assert.deepStrictEqual(slugsOf(index, 'attn_weights'), ['attention']);
    assert.deepStrictEqual(slugsOf(index, 'attention_mask_converter'), ['attention']);
    assert.deepStrictEqual(slugsOf(index, 'attn_dropout'), ['dropout'], 'the head word wins');
    assert.deepStrictEqual(slugsOf(index, 'attention_is_not_what_we_need'), []);
  });

  it('requires the qualifier of a dotted alias', () => {
    const index = new ConceptIndex([testNote('init', ['init.normal_'])]);
    assert.strictEqual(index.matchQualified(['nn', 'init', 'normal_'], 2)?.slug, 'init');
    assert.strictEqual(index.matchQualified(['normal_'], 0), undefined);
    assert.strictEqual(index.matchQualified(['np', 'random', 'normal'], 2), undefined);
  });

  it('matches names of one or two letters only by an alias spelled exactly so', () => {
    const index = new ConceptIndex([testNote('norm', ['BN', 'batch norm']), testNote('loss', ['L1Loss'])]);
    assert.deepStrictEqual(slugsOf(index, 'BN'), ['norm']);
    for (const name of ['bn', 'l', 'L', 'ls', '_l', 'L_']) assert.deepStrictEqual(slugsOf(index, name), [], name);
  });

  it('keeps digits that carry meaning (L1Loss, fp16) and drops version and dimension suffixes (GPT2, Conv2d)', () => {
    const index = new ConceptIndex([
      testNote('loss', ['L1Loss', 'smooth L1']),
      testNote('amp', ['fp16']),
      testNote('gpt', ['GPT']),
    ]);
    assert.deepStrictEqual(slugsOf(index, 'L1Loss'), ['loss']);
    assert.deepStrictEqual(slugsOf(index, 'SmoothL1Loss'), ['loss']);
    assert.deepStrictEqual(slugsOf(index, 'use_fp16'), ['amp']);
    assert.deepStrictEqual(slugsOf(index, 'GPT2'), ['gpt']);
    assert.deepStrictEqual(slugsOf(index, 'l'), []);
  });

  it('returns every note that shares a context-dependent word, and strong aliases first', () => {
    const index = new ConceptIndex([
      testNote('calibration', ['temperature scaling'], ['temperature']),
      testNote('decoding', ['top p'], ['temperature']),
    ]);
    assert.deepStrictEqual(
      index.matchIdentifier('temperature').map((m) => [m.slug, m.context]),
      [
        ['calibration', true],
        ['decoding', true],
      ],
    );
    assert.deepStrictEqual(slugsOf(index, 'TemperatureScaling'), ['calibration']);
  });

  it('reads prose words in the note’s own case, phrases in any case, code-like tokens as code', () => {
    const index = new ConceptIndex([
      testNote('rope', ['RoPE', 'rotary embedding']),
      testNote('reinforce', ['REINFORCE']),
      testNote('dropout', ['dropout']),
    ]);
    const found = (text: string) => index.matchProse(text).map((m) => text.slice(m.start, m.end));
    assert.deepStrictEqual(found('we use RoPE here, not a rope'), ['RoPE']);
    assert.deepStrictEqual(found('REINFORCE, as we reinforce'), ['REINFORCE']);
    assert.deepStrictEqual(found('Dropout first; then dropout'), ['Dropout', 'dropout']);
    assert.deepStrictEqual(found('a Rotary Embedding'), ['Rotary Embedding']);
    assert.deepStrictEqual(found('see rotary_embedding.py'), ['rotary_embedding']);
  });

  it('skips URLs, paths and the modules of quoted imports in prose', () => {
    const index = new ConceptIndex([testNote('transformers', ['transformers']), testNote('dropout', ['dropout'])]);
    const found = (text: string) => index.matchProse(text).map((m) => text.slice(m.start, m.end));
    assert.deepStrictEqual(found('see https://example.com/dropout and huggingface/transformers'), []);
    assert.deepStrictEqual(found('>>> from transformers import AutoModel'), []);
  });

  it('reports an alias claimed by two notes, and one that is both strong and context-dependent', () => {
    const twice = new ConceptIndex([testNote('a', ['layer norm']), testNote('b', ['LayerNorm'])]);
    assert.deepStrictEqual(twice.aliasConflicts(), [{ alias: 'layernorm', slugs: ['a', 'b'] }]);
    const mixed = new ConceptIndex([testNote('a', ['momentum']), testNote('b', [], ['momentum'])]);
    assert.deepStrictEqual(mixed.aliasConflicts(), [{ alias: 'momentum', slugs: ['a', 'b'] }]);
    const shared = new ConceptIndex([testNote('a', [], ['momentum']), testNote('b', [], ['momentum'])]);
    assert.deepStrictEqual(shared.aliasConflicts(), []);
  });

  it('matches whole terms for search and the CLI', () => {
    const { index } = builtInKnowledgeBase();
    assert.strictEqual(index.matchTerm('layer normalization')?.slug, 'layer-normalization');
    assert.strictEqual(index.matchTerm('jraph.GraphConvolution')?.slug, 'graph-convolutional-networks');
    assert.strictEqual(index.matchTerm('layer norm is great'), undefined);
    assert.strictEqual(index.matchTerm('x'), undefined);
  });
});
