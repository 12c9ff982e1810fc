// The whole-document analysis: bindings, definitions, context-dependent words and guards, on code
// written for these tests and, for the negatives, on real code that is not deep learning (Python's
// standard library, TypeScript's compiler and uPlot, as installed on this machine).
import * as assert from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DocumentAnalysis, type Occurrence } from '../../../src/core/analysis/documentAnalysis';
import { type DocumentPart, type PartLanguage } from '../../../src/core/analysis/readDocument';
import { placeIn, reasonText } from '../../../src/core/analysis/reasonText';
import { KnowledgeBase } from '../../../src/core/knowledgeBase';
import { scanText } from '../../../src/core/scan';
import { builtInApiNamespaces, builtInKnowledgeBase, projectRoot } from '../helpers';

/** The occurrence at the start of the `nth` (0-based) occurrence of `text` in a one-part document. */
function find(analysis: DocumentAnalysis, source: string, text: string, nth = 0): Occurrence | undefined {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = source.indexOf(text, at + 1);
  assert.ok(at >= 0, `"${text}" (#${nth}) is in the source`);
  return analysis.at(0, at);
}

function analyse(source: string, language: PartLanguage = 'python', kb = builtInKnowledgeBase()): DocumentAnalysis {
  return kb.analyze([{ text: source, language }]);
}

/** A knowledge base of made-up notes, to test a mechanism apart from the real notes' aliases. */
function madeUpKnowledgeBase(
  notes: { slug: string; aliases: string[]; context?: string[]; arguments?: string[] }[],
): KnowledgeBase {
  const sources = notes.map((n) => ({
    file: `${n.slug}.md`,
    builtIn: true,
    text: [
      '---',
      `title: ${n.slug}`,
      'topic: Test',
      'problem: p',
      'solution: s',
      'formula: f',
      `aliases: ${JSON.stringify(n.aliases)}`,
      ...(n.context ? [`context: ${JSON.stringify(n.context)}`] : []),
      ...(n.arguments ? [`arguments: ${JSON.stringify(n.arguments)}`] : []),
      'references: [{ authors: A, year: 2020, title: T }]',
      '---',
      'Body.',
    ].join('\n'),
  }));
  // The real API lists, so that library names (nn.Linear: not a concept) mean what they mean.
  return KnowledgeBase.fromSources(sources, [], builtInApiNamespaces());
}

const MODEL = `import torch
import torch.nn as nn
import torch.nn.functional as F
from functools import partial


class CausalSelfAttention(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.qkv = nn.Linear(d, 3 * d)


class Block(nn.Module):
    def __init__(self, d, norm_layer=nn.LayerNorm):
        super().__init__()
        self.norm1 = norm_layer(d)
        self.attn = CausalSelfAttention(d)
        self.norm2 = partial(nn.LayerNorm, eps=1e-6)(d)
        self.transformer = nn.ModuleDict(dict(
            ln_f = nn.LayerNorm(d),
        ))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        x = self.transformer.ln_f(x)
        y = layers.LayerNormalization()(x)
        return y


def train(model, data):
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    criterion = nn.CrossEntropyLoss()
    for x, t in data:
        loss = criterion(model(x), t)
        opt.step()
`;

describe('document analysis: bindings', () => {
  const analysis = analyse(MODEL);
  const slug = (text: string, nth = 0) => find(analysis, MODEL, text, nth)?.slug;

  it('gives a name assigned a recognised constructor that concept wherever it is used', () => {
    assert.strictEqual(slug('ln_f', 1), 'layer-normalization', 'self.transformer.ln_f(x)');
    assert.strictEqual(slug('opt.step'), 'adaptive-learning-rate-optimizers');
    assert.strictEqual(slug('criterion(model'), 'loss-functions');
  });

  it('binds an instance of the file’s own class of a technique', () => {
    assert.strictEqual(slug('attn(self'), 'attention');
  });

  it('follows a class passed as a default argument or wrapped in partial()', () => {
    assert.strictEqual(slug('norm1(x'), 'layer-normalization');
    assert.strictEqual(slug('norm2 ='), 'layer-normalization');
  });

  it('does not bind the output of applying a layer, a loss or a function', () => {
    assert.strictEqual(slug('x = x +'), undefined);
    assert.strictEqual(slug('y = layers'), undefined);
    assert.strictEqual(slug('loss = criterion'), undefined);
  });

  it('says why, in one line: "`ln_f` is an `nn.LayerNorm` (line 20)"', () => {
    const parts: DocumentPart[] = [{ text: MODEL, language: 'python' }];
    const o = find(analysis, MODEL, 'ln_f', 1)!;
    assert.strictEqual(
      reasonText(o, placeIn(analysis, parts, false), (s) => s),
      '`ln_f` is an `nn.LayerNorm` (line 20)',
    );
    const opt = find(analysis, MODEL, 'opt.step')!;
    assert.strictEqual(
      reasonText(opt, placeIn(analysis, parts, false), (s) => s),
      '`opt` is a `torch.optim.AdamW` (line 31)',
    );
  });

  it('binds in JavaScript: a const holding a tfjs layer, used later', () => {
    const source = `import * as tf from '@tensorflow/tfjs';
const ln = tf.layers.layerNormalization({ axis: -1 });
const dense = tf.layers.dense({ units: 4, activation: 'relu' });
const y = ln.apply(dense.apply(x));
`;
    const js = analyse(source, 'javascript');
    assert.strictEqual(find(js, source, 'ln.apply')?.slug, 'layer-normalization');
    assert.strictEqual(find(js, source, 'y = ')?.slug, undefined);
  });

  it('carries a binding from one notebook cell to a later one', () => {
    const kb = builtInKnowledgeBase();
    const cells: DocumentPart[] = [
      { text: 'import torch.nn as nn\nnorm = nn.LayerNorm(64)', language: 'python' },
      { text: '# Apply it', language: 'markdown' },
      { text: 'h = norm(x)', language: 'python' },
    ];
    const result = kb.analyze(cells);
    assert.strictEqual(result.at(2, 5)?.slug, 'layer-normalization');
    assert.strictEqual(result.at(2, 0), undefined, 'h is the output');
  });
});

describe('document analysis: definitions and context-dependent words', () => {
  const kb = madeUpKnowledgeBase([
    {
      slug: 'calibration',
      aliases: ['expected calibration error', 'ECE', 'temperature scaling'],
      context: ['temperature'],
    },
    { slug: 'decoding', aliases: ['top p', 'top k sampling'], context: ['temperature'] },
    { slug: 'ema', aliases: ['soft update', 'polyak'], context: ['target', 'tau'] },
    { slug: 'sgd', aliases: ['SGD'], context: ['momentum'] },
    { slug: 'bn', aliases: ['BatchNorm2d'], context: ['momentum'] },
  ]);

  it('explains a context-dependent word only where the file shows evidence for its note', () => {
    const calibrating = `import torch
ece = expected_calibration_error(probs, labels)
bins = ECE(15)
temperature = 1.5
`;
    assert.strictEqual(find(analyse(calibrating, 'python', kb), calibrating, 'temperature')?.slug, 'calibration');
    const weather = 'import torch\ntemperature = read_sensor()\nprint(temperature)\n';
    assert.strictEqual(find(analyse(weather, 'python', kb), weather, 'temperature'), undefined);
  });

  it('picks, among notes sharing a word, the one the surrounding code is about', () => {
    const source = `import torch

def sample(logits, temperature, p):
    kept = top_p(logits, p)
    return top_k_sampling(kept / temperature)

def calibrate(model):
    scaler = TemperatureScaling()
    return expected_calibration_error(model) + ECE(model)
`;
    const result = analyse(source, 'python', kb);
    assert.strictEqual(find(result, source, 'temperature', 1)?.slug, 'decoding');
  });

  it('reads a keyword argument as the note of the call it sits in', () => {
    const source = 'import torch\nopt = SGD(params, lr=0.1, momentum=0.9)\nbn = BatchNorm2d(64, momentum=0.1)\n';
    const result = analyse(source, 'python', kb);
    assert.strictEqual(find(result, source, 'momentum', 0)?.slug, 'sgd');
    assert.strictEqual(find(result, source, 'momentum', 1)?.slug, 'bn');
  });

  it('gives the uses of a function of the file the concept its name or body says', () => {
    const source = `import torch

def soft_update(target, source, tau):
    for t, s in zip(target, source):
        t.copy_(tau * s + (1 - tau) * t)

soft_update(target_net, online_net, 0.005)
`;
    const result = analyse(source, 'python', kb);
    assert.strictEqual(find(result, source, 'soft_update', 1)?.slug, 'ema');
  });
});

describe('document analysis: arguments, settings and what the file says a name is', () => {
  const kb = madeUpKnowledgeBase([
    { slug: 'sgd', aliases: ['SGD'], arguments: ['momentum', 'nesterov'] },
    { slug: 'bn', aliases: ['batch norm'], arguments: ['momentum', 'gamma'] },
    { slug: 'transformers', aliases: ['GPT', 'transformer block'], context: ['decoder'] },
  ]);

  it('reads a keyword argument as its call’s concept only inside that call', () => {
    const source = 'import torch\nopt = SGD(params, momentum=0.9)\nmomentum = 0.9\n';
    const result = analyse(source, 'python', kb);
    assert.strictEqual(find(result, source, 'momentum=')?.slug, 'sgd');
    assert.strictEqual(find(result, source, 'momentum = ')?.slug, undefined);
  });

  it('reads the state of the file’s own implementation of a concept by that concept’s argument names', () => {
    const source = [
      'import torch',
      '',
      'class BatchNorm1d:',
      '    def __init__(self, dim, momentum=0.1):',
      '        self.momentum = momentum',
      '        self.gamma = torch.ones(dim)',
      '',
    ].join('\n');
    const result = analyse(source, 'python', kb);
    assert.strictEqual(find(result, source, 'momentum =')?.slug, 'bn');
    assert.strictEqual(find(result, source, 'gamma')?.slug, 'bn');
  });

  it('keeps a context word quiet where the file says the name is something we do not explain', () => {
    const source = [
      'import torch.nn as nn',
      'from model import GPT',
      '',
      'class Seq2Seq(nn.Module):',
      '    def __init__(self):',
      '        self.gpt = GPT()',
      '        self.decoder = nn.Linear(8, 8)',
      '',
      '    def forward(self, x):',
      '        return self.decoder(self.gpt(x))',
      '',
    ].join('\n');
    const result = analyse(source, 'python', kb);
    assert.strictEqual(find(result, source, 'decoder(self')?.slug, undefined);
  });

  it('binds no instance of a settings class: an instance of GPTConfig is a configuration', () => {
    const source = 'import torch\nfrom model import GPT, GPTConfig\nconf = GPTConfig(n_layer=2)\nmodel = GPT(conf)\n';
    const result = analyse(source, 'python', kb);
    assert.strictEqual(
      find(result, source, 'GPTConfig(')?.slug,
      'transformers',
      'the class name says what it configures',
    );
    assert.strictEqual(find(result, source, 'conf =')?.slug, undefined);
    assert.strictEqual(find(result, source, 'model =')?.slug, 'transformers');
  });

  it('reads a docstring kept in a constant as prose, and a short message only for its phrases and acronyms', () => {
    const quotes = '"'.repeat(3);
    const source = `import torch\nDOC = r${quotes}\n    The GPT model: a stack of transformer blocks.\n${quotes}\nprint("Training the GPT")\n`;
    const result = analyse(source, 'python', kb);
    assert.deepStrictEqual(
      result.occurrences.map((o) => o.text),
      ['GPT', 'transformer blocks', 'GPT'],
    );
  });
});

describe('document analysis: guards', () => {
  const slugs = (source: string, language: PartLanguage = 'python') =>
    analyse(source, language).occurrences.map((o) => `${o.text}→${o.slug}`);

  it('never explains module names of import lines, nor names imported from the project', () => {
    assert.deepStrictEqual(
      slugs('import torch.nn as nn\nfrom transformers import AutoModel\nfrom vit_jax import models_resnet\n'),
      [],
    );
  });

  it('never explains one- or two-letter names by their words', () => {
    assert.deepStrictEqual(slugs('import torch\nl = 1\nL = torch.zeros(3)\nls = [l, L]\n_l = ls\n'), []);
  });

  it('stays quiet on "transformer" in another sense', () => {
    const sklearn = `from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import FunctionTransformer

def make(transformers):
    """Build a ColumnTransformer from a list of transformers."""
    return ColumnTransformer(transformers)
`;
    assert.deepStrictEqual(slugs(sklearn), []);
    assert.deepStrictEqual(slugs('const customTransformers = program.getTransformers();\n', 'javascript'), []);
  });

  it('matches single prose words only in the note’s case', () => {
    const source = 'import torch\n# RoPE rotates q and k; we reinforce the rope\nx = torch.ones(2)\n';
    assert.deepStrictEqual(slugs(source), ['RoPE→positional-encoding']);
  });
});

describe('document analysis: calls, Markdown and scanning', () => {
  it('finds the concept of the call whose parentheses hold the cursor', () => {
    const source = 'import torch.nn as nn\nnorm = nn.LayerNorm(512, eps=1e-5)\n';
    const result = analyse(source);
    assert.strictEqual(result.calleeAt(0, source.indexOf('eps'))?.slug, 'layer-normalization');
    assert.strictEqual(result.calleeAt(0, source.indexOf('norm =')), undefined);
  });

  it('reads Markdown prose and its fenced code', () => {
    const source = 'We use layer norm.\n\n```python\nimport torch.nn as nn\nln = nn.LayerNorm(8)\ny = ln(x)\n```\n';
    const result = analyse(source, 'markdown');
    assert.deepStrictEqual(
      result.occurrences.map((o) => o.text),
      ['layer norm', 'ln', 'nn.LayerNorm', 'ln'],
    );
  });

  it('scans a notebook by cells, with the cell of every hit', () => {
    const notebook = JSON.stringify({
      cells: [
        { cell_type: 'code', source: ['import torch.nn as nn\n', 'drop = nn.Dropout(0.1)'] },
        { cell_type: 'code', source: 'y = drop(x)' },
      ],
    });
    const hits = scanText(builtInKnowledgeBase(), 'nb.ipynb', notebook);
    assert.deepStrictEqual(
      hits.map((h) => [h.cell, h.line, h.text]),
      [
        [1, 2, 'drop'],
        [1, 2, 'nn.Dropout'],
        [2, 1, 'drop'],
      ],
    );
    assert.strictEqual(hits[2]!.why, '`drop` is an `nn.Dropout` (cell 1, line 2)');
  });
});

describe('document analysis: rules found on held-out code', () => {
  const occurrences = (source: string) =>
    analyse(source).occurrences.map((o) => `${source.slice(0, o.start).split('\n').length}:${o.text}→${o.slug}`);

  it('reads what a factory or a class-holding parameter makes from its name', () => {
    const source = `import torch.nn as nn
class Block(nn.Module):
    def __init__(self, dim, act_layer=None):
        super().__init__()
        self.act = act_layer()
        self.gate = create_act_layer("sigmoid")
    def forward(self, x):
        return self.gate(self.act(x))
class Decoder(nn.Module):
    def forward(self, h):
        for act_layer in self.layers:
            h = act_layer(h)
        return h
`;
    const found = occurrences(source);
    for (const expected of ['5:act→activation-functions', '8:act→activation-functions', '6:gate→activation-functions'])
      assert.ok(found.includes(expected), `${expected} in ${found.join(', ')}`);
    // A loop variable is no parameter: applying a layer is not making one.
    assert.ok(!found.some((f) => f.startsWith('12:h')), found.join(', '));
  });

  it('keeps a binding through a wrapper that hands back what it was given', () => {
    const source = `import torch
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
model, optimizer = accelerator.prepare(model, optimizer)
optimizer.step()
`;
    assert.ok(occurrences(source).includes('4:optimizer→adaptive-learning-rate-optimizers'));
  });

  it('reads nn.Identity as a placeholder, whose name still says what may go there', () => {
    const source = (value: string) => `import torch.nn as nn
class Block(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.pre = nn.LayerNorm(dim)
        self.norm_layer = ${value}
    def forward(self, x):
        return self.norm_layer(self.pre(x))
`;
    assert.ok(occurrences(source('nn.Identity()')).includes('8:norm_layer→layer-normalization'));
    assert.ok(!occurrences(source('nn.Flatten()')).some((f) => f.startsWith('8:norm_layer')));
  });

  it('reads an nn.Parameter by the name it is given, like a container', () => {
    const source = (value: string) => `import torch
import torch.nn as nn
class ModelWithTemperature(nn.Module):
    def __init__(self):
        super().__init__()
        self.temperature = ${value}
        self.ece = expected_calibration_error
    def forward(self, logits):
        return logits / self.temperature
`;
    assert.ok(occurrences(source('nn.Parameter(torch.ones(1) * 1.5)')).includes('9:temperature→calibration'));
    assert.ok(!occurrences(source('nn.Flatten()')).some((f) => f.startsWith('9:temperature')));
  });

  it('reads an acronym the prose defines for a concept as that concept, in a deep-learning file only', () => {
    const source = (imports: string) => `${imports}
# We build a **Compact Convolutional Transformer** (CCT), after Hassani et al.
# CCT uses a convolutional tokenizer; CCTs are small. The Figure Of Merit (FOM) is accuracy.
def tokenizer(x):
    return x
`;
    const parts = [{ text: source('import keras'), language: 'python' as const }];
    const analysis = analyse(parts[0]!.text);
    const found = analysis.occurrences.filter((o) => /^CCT|FOM/.test(o.text));
    assert.deepStrictEqual(
      found.map((o) => `${o.text}→${o.slug}`),
      ['CCT→transformers', 'CCT→transformers', 'CCTs→transformers'],
    );
    const place = placeIn(analysis, parts, false);
    assert.strictEqual(
      reasonText(found[1]!, place, (s) => s),
      'CCT stands for Compact Convolutional Transformer (line 2)',
    );
    assert.ok(!occurrences(source('import json')).some((f) => f.includes('CCT')));
  });

  it('does not read a deep-learning package, an import line or einops letters in prose as concepts', () => {
    const source = `import torch
# Copied from transformers.models.bloom.modeling_bloom.dropout_add
# from transformers import AutoModel
x = rearrange(x, 'b n d -> b d n')
`;
    assert.deepStrictEqual(occurrences(source), ['2:dropout_add→dropout']);
  });

  it('reads a compound of a context-dependent word only in its company, and never its bookkeeping', () => {
    const numeric = 'import numpy as np\nnoise_rates = np.linspace(0, 1, 10)\n';
    assert.deepStrictEqual(occurrences(numeric), []);
    const diffusion = `import torch
from diffusers import DDPMScheduler
noise_scheduler = DDPMScheduler(num_train_timesteps=1000)
noise_rates = torch.linspace(0, 1, 10)
diffusion_save_path = "runs/"
`;
    const found = occurrences(diffusion);
    assert.ok(found.includes('4:noise_rates→diffusion-models'), found.join(', '));
    assert.ok(!found.some((f) => f.includes('diffusion_save_path')), found.join(', '));
  });

  it('gives a one-word context head the concept of the words before it', () => {
    const source = `import torch.nn as nn
class Net(nn.Module):
    def __init__(self, pooling_stride=2):
        super().__init__()
        self.pool = nn.MaxPool2d(3, pooling_stride)
`;
    assert.ok(occurrences(source).includes('3:pooling_stride→convolutional-neural-networks'));
  });
});

describe('document analysis: a parameter takes what its callers pass', () => {
  const why = (source: string, language: PartLanguage = 'python') => {
    const parts = [{ text: source, language }];
    const analysis = analyse(source, language);
    const place = placeIn(analysis, parts, false);
    return analysis.occurrences.map((o) => {
      const line = source.slice(0, o.start).split('\n').length;
      return `${line}:${o.text}→${o.slug}${o.reason.kind === 'binding' ? ` (${reasonText(o, place, (s) => s)})` : ''}`;
    });
  };

  it('binds a parameter of a function of the file to what every caller passes, and says so', () => {
    const source = `import torch.optim as optim

def train(model, loader, optimizer, epoch):
    for x, y in loader:
        optimizer.zero_grad()
        optimizer.step()

def main():
    optimizer = optim.Adadelta(model.parameters(), lr=1.0)
    for epoch in range(3):
        train(model, loader, optimizer, epoch)
`;
    const found = why(source);
    assert.ok(
      found.includes(
        '5:optimizer→adaptive-learning-rate-optimizers (`optimizer` is passed an `optim.Adadelta` (line 11))',
      ),
      found.join('\n'),
    );
    assert.ok(
      found.includes(
        '6:optimizer→adaptive-learning-rate-optimizers (`optimizer` is passed an `optim.Adadelta` (line 11))',
      ),
    );
  });

  it('reads keyword arguments, calls written in place, methods called on self and JavaScript functions', () => {
    const method = `import torch.nn as nn
class Trainer:
    def __init__(self):
        self.apply_norm(nn.LayerNorm(8), 3)
    def apply_norm(self, layer, k):
        return layer(k)
`;
    assert.ok(
      why(method).some((f) => f.startsWith('6:layer→layer-normalization (`layer` is passed an `nn.LayerNorm`')),
    );
    const keyword = `import torch.nn as nn
def run(k, act):
    return act(k)
run(3, act=nn.GELU())
`;
    assert.ok(why(keyword).some((f) => f.startsWith('3:act→activation-functions (`act` is passed an `nn.GELU`')));
    const script = `import * as tf from '@tensorflow/tfjs';
async function train(model, optimizer) {
  optimizer.minimize(() => model.predict(x).sub(y).square().mean());
}
await train(model, tf.train.adam(0.01));
`;
    assert.ok(why(script, 'javascript').some((f) => f.startsWith('3:optimizer→adaptive-learning-rate-optimizers')));
  });

  it('counts positional arguments past strings and comments that hold commas and brackets', () => {
    const source = `import torch.optim as optim
def fit(name, optimizer):
    optimizer.step()
fit(
    "run (1), fast",  # a name, with a comma) in it
    optim.Adam(params),
)
`;
    assert.ok(
      why(source).some((f) => f.startsWith('3:optimizer→adaptive-learning-rate-optimizers')),
      why(source).join('\n'),
    );
  });

  it('binds nothing when callers disagree, and keeps a default of its own', () => {
    const disagree = `import torch
def step(optimizer):
    optimizer.step()
step(torch.optim.SGD(params, lr=0.1))
step(torch.optim.Adam(params))
`;
    assert.ok(!why(disagree).some((f) => f.startsWith('3:')));
    const withDefault = `import torch.nn as nn
def block(dim, norm_layer=nn.BatchNorm2d):
    return norm_layer(dim)
block(8, norm_layer=nn.LayerNorm)
`;
    assert.ok(why(withDefault).includes('3:norm_layer→normalization (`norm_layer` is an `nn.BatchNorm2d` (line 2))'));
  });
});

describe('document analysis: code that is not deep learning stays quiet', () => {
  const kb = builtInKnowledgeBase();
  const files = [
    '/usr/lib/python3.11/argparse.py',
    '/usr/lib/python3.11/typing.py',
    '/usr/lib/python3.11/tarfile.py',
    join(projectRoot, 'node_modules/uplot/dist/uPlot.cjs.js'),
  ].filter((file) => existsSync(file));

  it('has real non-deep-learning files to read', () => assert.ok(files.length >= 3, files.join(', ')));

  for (const file of files) {
    it(`explains at most 1 span per 10,000 lines of ${file.split('/').slice(-2).join('/')}`, () => {
      const text = readFileSync(file, 'utf8');
      const hits = scanText(kb, file, text);
      const lines = text.split('\n').length;
      assert.ok(
        hits.length <= Math.max(1, lines / 10_000),
        `${hits.length} spans in ${lines} lines: ${hits.map((h) => `${h.line}:${h.text}→${h.slug}`).join(', ')}`,
      );
    });
  }

  it('scans the whole of TypeScript’s compiler and stays quiet', function () {
    this.timeout(120_000);
    const file = join(projectRoot, 'node_modules/typescript/lib/typescript.js');
    const text = readFileSync(file, 'utf8');
    const hits = scanText(kb, file, text);
    const lines = text.split('\n').length;
    assert.ok(
      hits.length <= lines / 10_000,
      `${hits.length} spans in ${lines} lines: ${hits
        .slice(0, 20)
        .map((h) => `${h.line}:${h.text}→${h.slug}`)
        .join(', ')}`,
    );
  });
});
