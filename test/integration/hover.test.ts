import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activate, closeAllEditors, fixtureUri, openFixture, ourHovers, positionOf, setConfig } from './helpers';

async function hoverAt(file: string, text: string, offset = 1, occurrence = 0): Promise<string[]> {
  const editor = await openFixture(file);
  return ourHovers(editor.document.uri, positionOf(editor.document, text, offset, occurrence));
}

describe('hover', () => {
  before(activate);
  after(closeAllEditors);

  it('explains nn.LayerNorm in PyTorch code, with problem → solution, formula, actions and the PyTorch docs link', async () => {
    const [hover] = await hoverAt('gpt_model.py', 'nn.LayerNorm', 5);
    assert.ok(hover, 'a hover over nn.LayerNorm');
    assert.match(hover, /Layer Normalization/);
    assert.match(hover, /Batch normalization depends on batch statistics/);
    assert.match(hover, /γ ⊙ \(x − μ\)/);
    assert.match(hover, /command:deepLearningNotes\.insertSnippet/);
    assert.match(hover, /command:deepLearningNotes\.runDemo/);
    assert.match(hover, /https:\/\/pytorch\.org\/docs\/stable\/generated\/torch\.nn\.LayerNorm\.html/);
  });

  it('explains a custom CausalSelfAttention class, dropout attributes and torch.nn.init calls', async () => {
    assert.match((await hoverAt('gpt_model.py', 'class CausalSelfAttention', 8))[0] ?? '', /\*\*\[Attention\]/);
    assert.match((await hoverAt('gpt_model.py', 'self.attn_dropout', 7))[0] ?? '', /\*\*\[Dropout\]/);
    assert.match((await hoverAt('gpt_model.py', 'torch.nn.init.normal_', 16))[0] ?? '', /Weight Initialization/);
    assert.match((await hoverAt('gpt_model.py', 'F.cross_entropy', 4))[0] ?? '', /Loss Functions/);
  });

  it('stays quiet on ordinary identifiers', async () => {
    for (const [text, offset] of [
      ['config', 2],
      ['def forward', 6],
      ['x.size()', 3],
      ['nn.Linear', 5],
      ['register_buffer', 3],
    ] as const) {
      assert.deepStrictEqual(await hoverAt('gpt_model.py', text, offset), [], `no hover on "${text}"`);
    }
  });

  it('explains TensorFlow.js identifiers with the TensorFlow.js docs link', async () => {
    const [layerNorm] = await hoverAt('train_tfjs.js', 'tf.layers.layerNormalization', 12);
    assert.match(layerNorm ?? '', /Layer Normalization/);
    assert.match(layerNorm ?? '', /https:\/\/js\.tensorflow\.org\/api\/latest\/#layers\.layerNormalization/);
    assert.match((await hoverAt('train_tfjs.js', 'glorotUniform', 3))[0] ?? '', /Weight Initialization/);
    assert.deepStrictEqual(await hoverAt('train_tfjs.js', 'model.compile', 8), []);
  });

  it('explains phrases in Markdown prose', async () => {
    assert.match((await hoverAt('notes.md', 'layer normalization', 8))[0] ?? '', /Layer Normalization/);
    assert.match((await hoverAt('notes.md', 'multi-head attention', 3))[0] ?? '', /\*\*\[Attention\]/);
  });

  it('explains code in a Jupyter notebook cell', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(fixtureUri('notebook.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(1).document;
    assert.strictEqual(cell.languageId, 'python');
    const hovers = await ourHovers(cell.uri, positionOf(cell, 'nn.BatchNorm1d', 5));
    assert.match(hovers[0] ?? '', /\*\*\[Normalization\]/);
    const dropout = await ourHovers(cell.uri, positionOf(cell, 'nn.Dropout', 5));
    assert.match(dropout[0] ?? '', /\*\*\[Dropout\]/);
  });

  it('follows the settings: off, and per language', async () => {
    try {
      await setConfig('hover.enabled', false);
      assert.deepStrictEqual(await hoverAt('gpt_model.py', 'nn.LayerNorm', 5), []);
      await setConfig('hover.enabled', undefined);
      await setConfig('hover.languages', ['javascript']);
      assert.deepStrictEqual(await hoverAt('gpt_model.py', 'nn.LayerNorm', 5), []);
      assert.strictEqual((await hoverAt('train_tfjs.js', 'glorotUniform', 3)).length, 1);
    } finally {
      await setConfig('hover.enabled', undefined);
      await setConfig('hover.languages', undefined);
    }
    assert.strictEqual((await hoverAt('gpt_model.py', 'nn.LayerNorm', 5)).length, 1);
  });

  it('"Explain Concept at Cursor" resolves the callee when the cursor is inside a call', async () => {
    const editor = await openFixture('gpt_model.py');
    const inside = positionOf(editor.document, 'nn.LayerNorm(config.n_embd)', 'nn.LayerNorm(config.'.length);
    editor.selection = new vscode.Selection(inside, inside);
    const result = await vscode.commands.executeCommand<{ slug: string; text: string }>(
      'deepLearningNotes.explainAtCursor',
    );
    assert.deepStrictEqual(result, { slug: 'layer-normalization', text: 'nn.LayerNorm' });
    const onWord = positionOf(editor.document, 'torch.optim.AdamW', 14);
    editor.selection = new vscode.Selection(onWord, onWord);
    assert.strictEqual(
      (await vscode.commands.executeCommand<{ slug: string }>('deepLearningNotes.explainAtCursor'))?.slug,
      'adaptive-learning-rate-optimizers',
    );
  });
});
