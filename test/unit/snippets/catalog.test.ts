// The snippet files as data: both flavors of every technique, consistent prefixes,
// each snippet reachable from a note and every snippet a note names existing.
import * as assert from 'node:assert';
import { builtInKnowledgeBase } from '../helpers';
import { expandedCode, loadCatalog } from './snippetFiles';

describe('snippet catalog', () => {
  const catalog = loadCatalog();
  const kb = builtInKnowledgeBase();

  it('has PyTorch and TensorFlow.js variants of every technique, with the same prefix', () => {
    for (const id of catalog.ids()) {
      const pytorch = catalog.get(id, 'pytorch');
      const tfjs = catalog.get(id, 'tfjs');
      assert.ok(pytorch && tfjs, `${id}: both flavors`);
      assert.strictEqual(pytorch.prefix, tfjs.prefix, `${id}: same prefix`);
      assert.match(pytorch.prefix, /^dl-[a-z0-9-]+$/);
    }
  });

  it('has unique prefixes within each language', () => {
    for (const flavor of ['pytorch', 'tfjs'] as const) {
      const prefixes = catalog
        .all()
        .filter((s) => s.flavor === flavor)
        .map((s) => s.prefix);
      assert.strictEqual(new Set(prefixes).size, prefixes.length, flavor);
    }
  });

  it('names, in each description, the note that lists the snippet', () => {
    for (const snippet of catalog.all()) {
      const owners = kb.notes.filter((n) => n.snippets.includes(snippet.id));
      assert.strictEqual(
        owners.length,
        1,
        `${snippet.id} is listed by exactly one note (${owners.map((o) => o.slug)})`,
      );
      assert.ok(
        snippet.description.endsWith(`(note: ${owners[0]!.title})`),
        `${snippet.flavor} ${snippet.id}: "${snippet.description}"`,
      );
    }
  });

  it('contains every snippet a note names', () => {
    for (const note of kb.notes) {
      for (const id of note.snippets)
        assert.ok(catalog.get(id, 'pytorch') || catalog.get(id, 'tfjs'), `${note.slug} names missing snippet ${id}`);
    }
  });

  it('covers at least the techniques the product promises', () => {
    for (const id of [
      'scaled-dot-product-attention',
      'multi-head-self-attention',
      'layernorm-from-scratch',
      'layernorm-library',
      'xavier-init',
      'he-init',
      'ema-target-update',
    ]) {
      assert.ok(catalog.get(id, 'pytorch') && catalog.get(id, 'tfjs'), id);
    }
  });

  it('expands every body with its placeholder defaults, leaving no snippet syntax behind', () => {
    for (const snippet of catalog.all()) {
      const code = expandedCode(catalog, snippet.id, snippet.flavor);
      assert.ok(code.trim().length > 0, snippet.id);
      assert.doesNotMatch(code, /\$\{\d+|\$\d/, `${snippet.flavor} ${snippet.id} has unexpanded tabstops`);
    }
  });
});
