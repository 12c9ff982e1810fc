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

  it('writes ℝ, 𝔼, ℒ, 𝐖 as Unicode letters: browsers that follow MathML Core ignore mathvariant', () => {
    const letters = (tex: string) =>
      [...renderer.renderMarkdown(`$${tex}$`).matchAll(/<mi[^>]*>([^<]*)<\/mi>/g)].map((m) => m[1]).join(' ');
    assert.strictEqual(letters('x \\in \\mathbb{R}^H'), 'x ℝ H');
    assert.strictEqual(letters('\\mathbb{E}_{q}'), '𝔼 q');
    assert.strictEqual(letters('\\mathcal{L} + \\mathcal{N} + \\mathcal{D}'), 'ℒ 𝒩 𝒟');
    assert.strictEqual(letters('\\mathbf{W} \\mathbf{x}'), '𝐖 𝐱');
    assert.strictEqual(letters('\\boldsymbol{\\mu} \\mathfrak{R}'), '𝝁 ℜ');
    assert.doesNotMatch(
      renderer.renderMarkdown('$\\mathbb{R} \\mathcal{L} \\mathbf{1}$'),
      /mathvariant="(double-struck|script|bold)"/,
    );
    // Upright names keep KaTeX's mathvariant="normal", which browsers do honour.
    assert.match(
      renderer.renderMarkdown('$\\mathrm{KL}$'),
      /<mi mathvariant="normal">K<\/mi><mi mathvariant="normal">L<\/mi>/,
    );
  });

  it('escapes raw HTML instead of running it', () => {
    const html = renderer.renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>');
    assert.doesNotMatch(html, /<script|<img/);
    assert.match(html, /&lt;script&gt;/);
  });

  it('turns links to notes into in-view navigation and marks external links', () => {
    const html = renderer.renderMarkdown(
      '[LN](layer-normalization.md) [paper](https://arxiv.org/abs/1607.06450) [sec](./dropout.md#pitfalls)',
    );
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
