import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { NotesTreeElement } from '../../src/features/notesTree';
import { activate, builtInNoteCount, closeAllEditors, openFixture, positionOf } from './helpers';

describe('linked-notes tree', () => {
  after(closeAllEditors);

  it('shows topics, then notes with title, tooltip (problem → solution), icon and an open command', async () => {
    const { notesTree } = await activate();
    const topics = notesTree.getChildren();
    assert.deepStrictEqual(
      topics.map((t) => notesTree.getTreeItem(t).label),
      [
        'Architectures',
        'Normalization & Regularization',
        'Optimization & Training',
        'Objectives & Evaluation',
        'Generative Models & Gradient Estimation',
      ],
    );
    const notes = topics.flatMap((topic) => notesTree.getChildren(topic));
    assert.strictEqual(notes.length, builtInNoteCount());
    const layerNorm = notes.find((n) => n.kind === 'note' && n.slug === 'layer-normalization')!;
    const item = notesTree.getTreeItem(layerNorm);
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
    const kb = services.knowledgeBase;
    const note = notesTree.topLevelElement('layer-normalization')!;
    const groups = notesTree.getChildren(note);
    assert.deepStrictEqual(
      groups.map((g) => g.kind),
      ['links', 'backlinks'],
    );
    const linked = notesTree.getChildren(groups[0]).map((n) => (n as { slug: string }).slug);
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
    const backlinked = notesTree.getChildren(groups[1]).map((n) => (n as { slug: string }).slug);
    assert.deepStrictEqual(backlinked, [...kb.graph.backlinks('layer-normalization')]);
  });

  it('expands links lazily, so cycles do not loop (a → b → a)', async () => {
    const { notesTree } = await activate();
    let element: NotesTreeElement = notesTree.topLevelElement('attention')!;
    for (let depth = 0; depth < 6; depth++) {
      const links: NotesTreeElement = notesTree.getChildren(element).find((g) => g.kind === 'links')!;
      element = notesTree.getChildren(links)[0]!;
      assert.strictEqual(notesTree.getParent(element), links);
    }
    assert.ok(
      notesTree.getTreeItem(element).id!.split('/').length > 10,
      'ids encode the path, so they stay unique in cycles',
    );
  });

  it('filters notes by title, alias or problem, and clears the filter', async () => {
    const { notesTree } = await activate();
    await vscode.commands.executeCommand('deepLearningNotes.filterTree', 'glorot');
    const filtered = notesTree.getChildren().map((n) => (n as { slug: string }).slug);
    assert.deepStrictEqual(filtered, ['weight-initialization-in-deep-neural-networks']);
    await vscode.commands.executeCommand('deepLearningNotes.clearTreeFilter');
    assert.strictEqual(notesTree.getChildren().length, 5);
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
