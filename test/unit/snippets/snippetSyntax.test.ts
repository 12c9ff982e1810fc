import * as assert from 'node:assert';
import { expandSnippet } from './snippetSyntax';

describe('expandSnippet', () => {
  it('uses placeholder defaults and mirrors them', () => {
    assert.strictEqual(
      expandSnippet(['def f(${1:x}, ${2:eps=1e-5}):', '    return $1'].join('\n')),
      'def f(x, eps=1e-5):\n    return x',
    );
  });
  it('takes the first choice and drops bare tabstops', () => {
    assert.strictEqual(expandSnippet('act = ${1|relu,gelu|}($2)$0'), 'act = relu()');
  });
  it('expands nested placeholders', () => {
    assert.strictEqual(expandSnippet('${1:nn.LayerNorm(${2:512})}'), 'nn.LayerNorm(512)');
  });
  it('keeps escaped characters literally', () => {
    assert.strictEqual(expandSnippet('cost = \\$5 and \\} and \\\\'), 'cost = $5 and } and \\');
  });
  it('fills variables, with their defaults when unknown', () => {
    assert.strictEqual(
      expandSnippet('# ${TM_FILENAME} ${UNKNOWN:fallback} $TM_FILENAME', { TM_FILENAME: 'a.py' }),
      '# a.py fallback a.py',
    );
  });
  it('accepts an array body as lines', () => {
    assert.strictEqual(expandSnippet(['a', 'b']), 'a\nb');
  });
  it('rejects unbalanced braces', () => {
    assert.throws(() => expandSnippet('${1:oops'), /unbalanced/);
  });
});
