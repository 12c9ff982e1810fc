import * as assert from 'node:assert';
import { NoteRenderer } from '../../src/core/render';
import { builtInKnowledgeBase } from './helpers';

describe('NoteRenderer', () => {
  const renderer = new NoteRenderer();

  it('renders KaTeX maths as MathML (no inline styles needed)', () => {
    const html = renderer.renderMarkdown('Inline $\\sqrt{\\sigma^2 + \\epsilon}$ and\n\n$$\\frac{a}{b}$$\n');
    assert.match(html, /<math[^>]*><semantics><mrow><msqrt>/);
    assert.match(html, /<math[^>]*display="block"[^>]*>.*<mfrac>/s);
    assert.doesNotMatch(html, /style=/);
  });

  it('escapes raw HTML instead of running it', () => {
    const html = renderer.renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>');
    assert.doesNotMatch(html, /<script|<img/);
    assert.match(html, /&lt;script&gt;/);
  });

  it('turns links to notes into in-view navigation and marks external links', () => {
    const html = renderer.renderMarkdown('[LN](layer-normalization.md) [paper](https://arxiv.org/abs/1607.06450) [sec](./dropout.md#pitfalls)');
    assert.match(html, /<a href="#note:layer-normalization" data-note="layer-normalization">LN<\/a>/);
    assert.match(html, /data-note="dropout"/);
    assert.match(html, /data-external="https:\/\/arxiv\.org\/abs\/1607\.06450"/);
  });

  it('renders every built-in note with its header, references and backlinks, without KaTeX errors', () => {
    const kb = builtInKnowledgeBase();
    for (const note of kb.notes) {
      const html = renderer.renderNote(note, kb);
      assert.match(html, new RegExp(`<h1>${note.title.replace(/[()]/g, '\\$&')}</h1>`));
      assert.match(html, /<section class="references">/);
      assert.doesNotMatch(html, /katex-error|ParseError/, `${note.slug} has a KaTeX error`);
      if (kb.graph.backlinks(note.slug).length) assert.match(html, /<section class="backlinks">/);
    }
  });
});
