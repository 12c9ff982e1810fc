import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { NotesTreeElement } from '../../src/features/notesTree';
import { activate, builtInNoteCount, closeAllEditors, openFixture, positionOf } from './helpers';

describe('linked-notes tree', () => {
  after(closeAllEditors);

  it('shows topics, then notes with title, tooltip (problem → solution), icon and an open command', async () => {
    const { notesTree } = await activate();
    const topics = await notesTree.getChildren();
    assert.deepStrictEqual(await Promise.all(topics.map(async (t) => (await notesTree.getTreeItem(t)).label)), [
      'Architectures',
      'Normalization & Regularization',
      'Optimization & Training',
      'Objectives & Evaluation',
      'Generative Models & Gradient Estimation',
    ]);
    const notes = (await Promise.all(topics.map((topic) => notesTree.getChildren(topic)))).flat();
    assert.strictEqual(notes.length, await builtInNoteCount());
    const layerNorm = notes.find((n) => n.kind === 'note' && n.slug === 'layer-normalization')!;
    const item = await notesTree.getTreeItem(layerNorm);
    assert.strictEqual(item.label, 'Layer Normalization');
    assert.match(
      (item.tooltip as vscode.MarkdownString).value,
      /Batch normalization depends on batch statistics.*→ Normalize across features/s,
    );
    assert.deepStrictEqual(item.command?.arguments, ['layer-normalization']);
    assert.match(String(item.contextValue), /^note\.snippets\.demo$/);
  });

  it("lists each note's links and backlinks, and every link is mirrored by a backlink", async () => {
    const { notesTree, services } = await activate();
    const kb = await services.knowledgeBase();
    const note = (await notesTree.topLevelElement('layer-normalization'))!;
    const groups = await notesTree.getChildren(note);
    assert.deepStrictEqual(
      groups.map((g) => g.kind),
      ['links', 'backlinks'],
    );
    const linked = (await notesTree.getChildren(groups[0])).map((n) => (n as { slug: string }).slug);
    assert.deepStrictEqual(linked, [...kb.graph.links('layer-normalization')]);
    assert.ok(linked.includes('normalization'));
    for (const source of kb.notes) {
      for (const target of kb.graph.links(source.slug)) {
        assert.ok(
          kb.graph.backlinks(target).includes(source.slug),
          `${source.slug} → ${target} is a backlink of ${target}`,
        );
      }
    }
    const backlinked = (await notesTree.getChildren(groups[1])).map((n) => (n as { slug: string }).slug);
    assert.deepStrictEqual(backlinked, [...kb.graph.backlinks('layer-normalization')]);
  });

  it('expands links lazily, so cycles do not loop (a → b → a)', async () => {
    const { notesTree } = await activate();
    let element: NotesTreeElement = (await notesTree.topLevelElement('attention'))!;
    for (let depth = 0; depth < 6; depth++) {
      const links: NotesTreeElement = (await notesTree.getChildren(element)).find((g) => g.kind === 'links')!;
      element = (await notesTree.getChildren(links))[0]!;
      assert.strictEqual(notesTree.getParent(element), links);
    }
    assert.ok(
      (await notesTree.getTreeItem(element)).id!.split('/').length > 10,
      'ids encode the path, so they stay unique in cycles',
    );
  });

  it('filters notes by title, alias or problem, and clears the filter', async () => {
    const { notesTree } = await activate();
    await vscode.commands.executeCommand('deepLearningNotes.filterTree', 'glorot');
    const filtered = (await notesTree.getChildren()).map((n) => (n as { slug: string }).slug);
    assert.deepStrictEqual(filtered, ['weight-initialization-in-deep-neural-networks']);
    await vscode.commands.executeCommand('deepLearningNotes.clearTreeFilter');
    assert.strictEqual((await notesTree.getChildren()).length, 5);
  });

  it('reveals the note under the cursor', async () => {
    await activate();
    const editor = await openFixture('gcn_layer.py');
    const at = positionOf(editor.document, 'class GraphConvolution', 10);
    editor.selection = new vscode.Selection(at, at);
    assert.strictEqual(
      await vscode.commands.executeCommand('deepLearningNotes.revealNoteAtCursor'),
      'graph-convolutional-networks',
    );
  });
});
