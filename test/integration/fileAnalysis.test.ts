// The hover reads the whole file: a name bound to a concept explains itself where it is used, and
// says where it was bound; names that only look like concepts get nothing; the "This File" view
// lists the concepts of the active editor and steps through them; a notebook cell's binding explains
// a use in a later cell.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { ThisFileElement } from '../../src/features/thisFile';
import { activate, closeAllEditors, fixtureUri, openFixture, ourHovers, positionOf, waitFor } from './helpers';

describe('file-aware hover and the This File view', () => {
  before(activate);
  after(closeAllEditors);

  it('explains self.ln_f(x) as Layer Normalization and says where ln_f was bound', async () => {
    const editor = await openFixture('gpt_model.py');
    const use = positionOf(editor.document, 'self.ln_f(x)', 6);
    const [hover] = await ourHovers(editor.document.uri, use);
    assert.match(hover ?? '', /\*\*\[Layer Normalization\]/);
    const bound = positionOf(editor.document, 'self.ln_f = nn.LayerNorm').line + 1;
    assert.match(hover ?? '', new RegExp(`\`ln_f\` is an \`nn\\.LayerNorm\` \\(line ${bound}\\)`));
  });

  it('explains a parameter by what its caller passes, and an acronym by the phrase the file defines it with', async () => {
    const editor = await openFixture('train_loop.py');
    const [step] = await ourHovers(editor.document.uri, positionOf(editor.document, 'optimizer.step()', 2));
    assert.match(step ?? '', /\*\*\[Adaptive Learning Rate Optimizers\]/);
    const call = positionOf(editor.document, 'train(model, loader, optimizer)\n').line + 1;
    assert.match(step ?? '', new RegExp(`\`optimizer\` is passed an \`optim\\.AdamW\` \\(line ${call}\\)`));
    const [acronym] = await ourHovers(editor.document.uri, positionOf(editor.document, 'CCT block', 1));
    assert.match(acronym ?? '', /\*\*\[Transformers\]/);
    assert.match(acronym ?? '', /CCT stands for Compact Convolutional Transformer \(line 2\)/);
  });

  it('gives no hover on l, L, ls and the transformers package of an import line', async () => {
    const editor = await openFixture('quiet.py');
    for (const [text, offset] of [
      ['transformers import', 3],
      ['l = [', 0],
      ['L = torch', 0],
      ['ls = sorted', 1],
      ['AutoTokenizer.from', 4],
    ] as const) {
      assert.deepStrictEqual(await ourHovers(editor.document.uri, positionOf(editor.document, text, offset)), [], text);
    }
  });

  it('lists the active file’s concepts, most used first, steps through one, and follows the editor', async () => {
    const { thisFile } = await activate();
    await openFixture('gpt_model.py');
    const concepts = await waitFor('the GPT file’s concepts', () => {
      const items = thisFile.getChildren();
      return items.some((i) => i.kind === 'concept' && i.slug === 'attention') ? items : undefined;
    });
    const counts = concepts.map((c) => (c.kind === 'concept' ? c.count : 0));
    assert.deepStrictEqual(
      counts,
      [...counts].sort((a, b) => b - a),
      'most used first',
    );
    const layerNorm = concepts.find(
      (c): c is Extract<ThisFileElement, { kind: 'concept' }> =>
        c.kind === 'concept' && c.slug === 'layer-normalization',
    )!;
    const item = thisFile.getTreeItem(layerNorm);
    assert.strictEqual(item.label, 'Layer Normalization');
    assert.strictEqual(item.description, String(layerNorm.count));
    assert.ok(thisFile.getChildren(layerNorm).length === layerNorm.count, 'one child per occurrence');

    // Stepping: from the top of the file, the first occurrence, then the second.
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const first = await vscode.commands.executeCommand<{ start: number; index: number }>(
      'deepLearningNotes.nextOccurrence',
      'layer-normalization',
    );
    const second = await vscode.commands.executeCommand<{ start: number; index: number }>(
      'deepLearningNotes.nextOccurrence',
      'layer-normalization',
    );
    assert.deepStrictEqual([first.index, second.index], [0, 1]);
    assert.strictEqual(
      vscode.window.activeTextEditor!.document.offsetAt(vscode.window.activeTextEditor!.selection.start),
      second.start,
    );

    // Another editor: another list.
    await openFixture('train_tfjs.js');
    await waitFor('the TF.js file’s concepts', () => {
      const slugs = thisFile.getChildren().map((c) => c.slug);
      return !slugs.includes('attention') && slugs.includes('layer-normalization') ? slugs : undefined;
    });
  });

  it('explains, in a later notebook cell, a name bound in an earlier one', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(fixtureUri('bindings.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(2).document;
    const [hover] = await ourHovers(cell.uri, positionOf(cell, 'norm(x)', 1));
    assert.match(hover ?? '', /\*\*\[Layer Normalization\]/);
    assert.match(hover ?? '', /`norm` is an `nn\.LayerNorm` \(cell 2, line 4\)/);
    assert.deepStrictEqual(
      await ourHovers(cell.uri, positionOf(cell, 'y = norm', 0)),
      [],
      'the output is not the layer',
    );
  });
});
