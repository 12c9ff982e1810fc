import * as assert from 'node:assert';
import { ConceptIndex } from '../../src/core/conceptIndex';
import { type Note } from '../../src/core/note';
import { builtInKnowledgeBase } from './helpers';

const index = () => builtInKnowledgeBase().index;
const slugAt = (line: string, text: string, offset = 1) =>
  index().findConceptAt(line, line.indexOf(text) + offset)?.slug;

describe('ConceptIndex with the built-in notes', () => {
  const expected: [string, string, string][] = [
    // [line of code, text hovered, slug]
    ['self.ln_1 = nn.LayerNorm(config.n_embd)', 'nn.LayerNorm', 'layer-normalization'],
    ['x = F.layer_norm(x, (d,))', 'F.layer_norm', 'layer-normalization'],
    ['y = torch.nn.functional.layer_norm(x, shape)', 'layer_norm', 'layer-normalization'],
    ['y = layer_norm(x, shape)', 'layer_norm', 'layer-normalization'],
    ['norm = tf.layers.layerNormalization({ axis: -1 })', 'layerNormalization', 'layer-normalization'],
    ['layers.LayerNormalization(epsilon=1e-6)', 'LayerNormalization', 'layer-normalization'],
    ['nn.init.xavier_uniform_(self.fc.weight)', 'xavier_uniform_', 'weight-initialization-in-deep-neural-networks'],
    [
      'torch.nn.init.kaiming_normal_(w, nonlinearity="relu")',
      'kaiming_normal_',
      'weight-initialization-in-deep-neural-networks',
    ],
    [
      'kernelInitializer: tf.initializers.glorotUniform({})',
      'glorotUniform',
      'weight-initialization-in-deep-neural-networks',
    ],
    ["Dense(64, kernel_initializer='he_normal')", 'he_normal', 'weight-initialization-in-deep-neural-networks'],
    ['nn.init.normal_(module.weight, std=0.02)', 'nn.init.normal_', 'weight-initialization-in-deep-neural-networks'],
    ['self.attn = nn.MultiheadAttention(d, 8, batch_first=True)', 'MultiheadAttention', 'attention'],
    ['class CausalSelfAttention(nn.Module):', 'CausalSelfAttention', 'attention'],
    ['out = F.scaled_dot_product_attention(q, k, v, is_causal=True)', 'scaled_dot_product_attention', 'attention'],
    ['class GraphConvolution(nn.Module):', 'GraphConvolution', 'graph-convolutional-networks'],
    ['self.conv1 = GCNConv(dataset.num_features, 16)', 'GCNConv', 'graph-convolutional-networks'],
    ['self.drop = nn.Dropout(p=0.1)', 'nn.Dropout', 'dropout'],
    ['x = tf.layers.dropout({ rate: 0.5 }).apply(x)', 'tf.layers.dropout', 'dropout'],
    ['self.bn = nn.BatchNorm2d(64)', 'BatchNorm2d', 'normalization'],
    ['opt = torch.optim.AdamW(model.parameters(), lr=3e-4)', 'AdamW', 'adaptive-learning-rate-optimizers'],
    ['const optimizer = tf.train.adam(0.001);', 'tf.train.adam', 'adaptive-learning-rate-optimizers'],
    ['optimizer = optax.adam(1e-3)', 'optax.adam', 'adaptive-learning-rate-optimizers'],
    ['self.conv = nn.Conv2d(3, 16, kernel_size=3)', 'Conv2d', 'convolution'],
    ['loss = F.cross_entropy(logits, targets)', 'cross_entropy', 'loss-functions'],
    ['criterion = nn.CrossEntropyLoss(label_smoothing=0.1)', 'CrossEntropyLoss', 'loss-functions'],
    ['z = dist.rsample()', 'rsample', 'pathwise-gradient-estimator'],
    [
      'torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)',
      'clip_grad_norm_',
      'challenges-of-optimizing-deep-models',
    ],
    ['class PositionalEncoding(nn.Module):', 'PositionalEncoding', 'positional-encoding'],
    ['encoder = nn.TransformerEncoderLayer(d_model=512, nhead=8)', 'TransformerEncoderLayer', 'transformers'],
    ['model = BertModel.from_pretrained("bert-base-uncased")', 'BertModel', 'bert'],
    ['class VAE(nn.Module):', 'VAE', 'variational-autoencoders'],
    ['# apply layer norm before the attention', 'layer norm', 'layer-normalization'],
    ['// multi-head self-attention over the tokens', 'self-attention', 'attention'],
    ['We fit a normalizing flow to the data.', 'normalizing flow', 'normalizing-flows'],
  ];
  for (const [line, text, slug] of expected) {
    it(`${text} in \`${line}\` → ${slug}`, () => assert.strictEqual(slugAt(line, text), slug));
  }

  const ordinary: [string, string][] = [
    ['def forward(self, x):', 'forward'],
    ['B, T, C = x.size()', 'size'],
    ['self.fc = nn.Linear(512, 512)', 'Linear'],
    ['config = GPTConfig()', 'config'],
    ['loss = criterion(output, target)', 'loss'],
    ['attention_mask = batch["attention_mask"]', 'attention_mask'],
    ['mask = torch.tril(torch.ones(T, T))', 'mask'],
    ['layer_norm_eps = 1e-5', 'layer_norm_eps'],
    ['x = self.embedding(tokens)', 'embedding'],
    ['for layer in self.layers:', 'layer'],
    ['optimizer.zero_grad()', 'optimizer'],
    ['h = torch.softmax(scores, dim=-1)', 'softmax'],
    ['const size = model.countParams();', 'size'],
    ['lr = 1e-5', 'e'],
  ];
  for (const [line, text] of ordinary) {
    it(`nothing for ${text} in \`${line}\``, () => assert.strictEqual(slugAt(line, text), undefined));
  }

  it('covers the whole dotted library path in the span', () => {
    const line = 'w = torch.nn.init.kaiming_normal_(w)';
    const span = index().findConceptAt(line, line.indexOf('kaiming'));
    assert.deepStrictEqual([span?.start, span?.end, span?.text], [4, 33, 'torch.nn.init.kaiming_normal_']);
  });

  it('spans only the attribute on an instance (self.dropout)', () => {
    const line = 'x = self.dropout(x)';
    assert.deepStrictEqual(
      index()
        .findConcepts(line)
        .map((s) => s.text),
      ['dropout'],
    );
  });

  it('finds every concept on a line, without overlaps', () => {
    const spans = index().findConcepts(
      'x = self.drop(F.layer_norm(x)) + nn.Dropout(0.1)(x)  # layer norm then dropout',
    );
    assert.deepStrictEqual(
      spans.map((s) => s.text),
      ['F.layer_norm', 'nn.Dropout', 'layer norm', 'dropout'],
    );
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i]!.start >= spans[i - 1]!.end);
  });

  it('looks only at a window around the cursor on a very long line (minified code)', () => {
    const long = `${'x = 1; '.repeat(200_000)}y = nn.LayerNorm(8)${' + z'.repeat(100_000)}`;
    const column = long.indexOf('LayerNorm') + 2;
    const span = index().findConceptAt(long, column);
    assert.deepStrictEqual([span?.slug, span?.start], ['layer-normalization', long.indexOf('nn.LayerNorm')]);
    assert.strictEqual(index().findConceptAt(long, 10), undefined);
  });

  it('never reports a fragment of a token cut by the window edge', () => {
    const line = `${'a'.repeat(400)}_dropout = 1`;
    assert.strictEqual(index().findConceptAt(line, 402), undefined);
  });

  it('matches whole terms for search and the CLI', () => {
    assert.strictEqual(index().matchTerm('layer normalization')?.slug, 'layer-normalization');
    assert.strictEqual(index().matchTerm('torch.nn.LayerNorm')?.slug, 'layer-normalization');
    assert.strictEqual(index().matchTerm('jraph.GraphConvolution')?.slug, 'graph-convolutional-networks');
    assert.strictEqual(index().matchTerm('layer norm is great'), undefined);
  });
});

describe('ConceptIndex rules', () => {
  const note = (slug: string, aliases: string[]): Note => ({
    slug,
    aliases,
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
  });

  it('prefers the longest alias that ends an identifier', () => {
    const index = new ConceptIndex([
      note('conv', ['conv', 'convolution']),
      note('gcn', ['gcn conv', 'graph convolution']),
    ]);
    assert.strictEqual(index.findConceptAt('GCNConv(16)', 1)?.slug, 'gcn');
    assert.strictEqual(index.findConceptAt('Conv2d(3)', 1)?.slug, 'conv');
    assert.strictEqual(index.findConceptAt('GraphConvolution()', 1)?.slug, 'gcn');
  });

  it('drops one generic trailing word (GCNLayer is a GCN)', () => {
    const index = new ConceptIndex([note('gcn', ['gcn'])]);
    assert.strictEqual(index.findConceptAt('GCNLayer()', 1)?.slug, 'gcn');
    assert.strictEqual(index.findConceptAt('GCNMask()', 1), undefined);
  });

  it('requires the qualifier of a dotted alias', () => {
    const index = new ConceptIndex([note('init', ['init.normal_'])]);
    assert.strictEqual(index.findConceptAt('nn.init.normal_(w)', 9)?.slug, 'init');
    assert.strictEqual(index.findConceptAt('normal_(w)', 1), undefined);
    assert.strictEqual(index.findConceptAt('np.random.normal(0, 1)', 11), undefined);
  });

  it('reports an alias claimed by two notes', () => {
    const index = new ConceptIndex([note('a', ['layer norm']), note('b', ['LayerNorm'])]);
    assert.deepStrictEqual(index.aliasConflicts(), [{ alias: 'layernorm', slugs: ['a', 'b'] }]);
  });
});
