// Acronyms a document defines in its prose, and where it uses them.
import * as assert from 'node:assert';
import { acronymDefinitions, acronymUses } from '../../../src/core/analysis/acronyms';
import { type Prose } from '../../../src/core/analysis/facts';

const whole = (text: string): Prose[] => [{ start: 0, end: text.length, kind: 'text' }];
const defined = (text: string) => acronymDefinitions(text, whole(text)).map((d) => `${d.acronym}=${d.phrase}`);

describe('acronyms a document defines', () => {
  it('reads "Phrase (ACRONYM)" when the capitals match, with Markdown emphasis and mixed case', () => {
    assert.deepStrictEqual(defined('We train a **Compact Convolutional Transformer** (CCT) on CIFAR-10.'), [
      'CCT=Compact Convolutional Transformer',
    ]);
    assert.deepStrictEqual(defined('As in the Vision Transformer (ViT) paper'), ['ViT=Vision Transformer']);
    assert.deepStrictEqual(defined('A Convolutional Variational AutoEncoder (VAE) on MNIST'), [
      'VAE=Variational AutoEncoder',
    ]);
  });

  it('ignores parentheses that are no acronym of the words before them', () => {
    assert.deepStrictEqual(
      defined('Train the Model (GPU) in Mixed Precision (FP) and Call Back (CB) later; Adam (A); see Figure (3)'),
      ['CB=Call Back'],
    );
  });

  it('finds the acronym as a word and its plural, not inside other words', () => {
    const text = 'CCT is small. CCTs scale. CCTTokenizer and xCCT are not uses.';
    assert.deepStrictEqual(
      acronymUses(text, whole(text), 'CCT').map((u) => text.slice(u.start, u.end)),
      ['CCT', 'CCTs'],
    );
  });
});
