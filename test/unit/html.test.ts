import * as assert from 'node:assert';
import { escapeHtml } from '../../src/core/html';

describe('escapeHtml', () => {
  it('escapes the five characters markup gives a meaning, in text and in attributes', () => {
    assert.strictEqual(
      escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });

  it('leaves other text, Unicode included, as it is', () => {
    assert.strictEqual(escapeHtml('γ ⊙ (x − μ) / σ'), 'γ ⊙ (x − μ) / σ');
  });
});
