import * as assert from 'node:assert';
import { codeFamilyOf, codeLanguageOf, codeLanguageOfFile } from '../../src/core/languages';
import { flavorForLanguage } from '../../src/core/snippetCatalog';

describe('languages', () => {
  it('reads VS Code language ids, React variants included', () => {
    assert.deepStrictEqual(
      ['python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'markdown', 'jupyter'].map(
        codeLanguageOf,
      ),
      ['python', 'javascript', 'javascript', 'typescript', 'typescript', undefined, undefined],
    );
  });

  it('reads file extensions, whatever their case', () => {
    assert.deepStrictEqual(
      ['model.py', 'train.JS', 'a.mjs', 'b.jsx', 'train.ts', 'App.tsx', 'c.mts', 'notes.md', 'Makefile'].map(
        codeLanguageOfFile,
      ),
      [
        'python',
        'javascript',
        'javascript',
        'javascript',
        'typescript',
        'typescript',
        'typescript',
        undefined,
        undefined,
      ],
    );
  });

  it('puts TypeScript in the JavaScript family, for API links and snippets', () => {
    assert.strictEqual(codeFamilyOf('typescriptreact'), 'javascript');
    assert.strictEqual(codeFamilyOf('python'), 'python');
    assert.strictEqual(codeFamilyOf('markdown'), undefined);
    assert.strictEqual(flavorForLanguage('typescript'), 'tfjs');
    assert.strictEqual(flavorForLanguage('python'), 'pytorch');
    assert.strictEqual(flavorForLanguage('markdown'), undefined);
  });
});
