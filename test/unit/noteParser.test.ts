import * as assert from 'node:assert';
import { parseNote, splitFrontMatter } from '../../src/core/noteParser';

const valid = `---
title: Mixup
topic: My Techniques
problem: Hard labels make classifiers brittle.
solution: Train on convex combinations of examples and labels.
formula: "x̃ = λ·x_i + (1 − λ)·x_j"
links: [dropout]
aliases: [mixup]
references:
  - authors: Hongyi Zhang et al.
    year: 2018
    title: "mixup: Beyond Empirical Risk Minimization"
---

## Intuition

Blend two examples. See [Loss Functions](loss-functions.md) and [again](./dropout.md#pitfalls).
`;

describe('parseNote', () => {
  it('reads every field, the body and the links in the body', () => {
    const { note, problems } = parseNote(valid, '/notes/mixup.md');
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(note?.slug, 'mixup');
    assert.strictEqual(note?.title, 'Mixup');
    assert.deepStrictEqual(note?.links, ['dropout', 'loss-functions']);
    assert.deepStrictEqual(note?.references, [
      {
        authors: 'Hongyi Zhang et al.',
        year: 2018,
        title: 'mixup: Beyond Empirical Risk Minimization',
        url: undefined,
      },
    ]);
    assert.match(note.body, /^## Intuition/);
    assert.strictEqual(note?.source.bodyLine, 15);
  });

  it('accepts Windows line endings and a byte-order mark', () => {
    const { note, problems } = parseNote(`\uFEFF${valid.replace(/\n/g, '\r\n')}`, 'mixup.md');
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(note?.formula, 'x̃ = λ·x_i + (1 − λ)·x_j');
  });

  it('points at the line of a YAML error', () => {
    const broken = valid.replace('links: [dropout]', 'links: [dropout');
    const { note, problems } = parseNote(broken, 'mixup.md');
    assert.strictEqual(note, undefined);
    assert.match(problems[0]!.message, /not valid YAML/);
    assert.ok([7, 8].includes(problems[0]!.line), `line ${problems[0]!.line}`);
  });

  it('names each missing or malformed field with its line', () => {
    const text = valid
      .replace('title: Mixup\n', '')
      .replace('aliases: [mixup]', 'aliases: mixup')
      .replace('year: 2018', 'year: soon');
    const { note, problems } = parseNote(text, 'mixup.md');
    assert.strictEqual(note, undefined, 'a note without a title is not loaded');
    const messages = problems.map((p) => `${p.line}: ${p.message}`);
    assert.ok(
      messages.some((m) => /missing field "title"/.test(m)),
      messages.join('\n'),
    );
    assert.ok(messages.includes('7: "aliases" must be a list'), messages.join('\n'));
    assert.ok(
      messages.some((m) => /^9: a reference needs authors/.test(m)),
      messages.join('\n'),
    );
  });

  it('rejects a file without front matter, an invalid slug, and an empty body', () => {
    assert.match(parseNote('# Just markdown\n', 'plain.md').problems[0]!.message, /missing front matter/);
    assert.match(parseNote(valid, 'Not A Slug.md').problems[0]!.message, /not a valid slug/);
    const empty = parseNote(valid.slice(0, valid.indexOf('## Intuition')), 'mixup.md');
    assert.ok(empty.problems.some((p) => /no body/.test(p.message)));
  });

  it('warns about unknown fields and checks api URLs', () => {
    const text = valid.replace(
      'links: [dropout]',
      'links: [dropout]\ncolour: blue\napi:\n  torch.nn.Mixup: http://insecure.example',
    );
    const { problems } = parseNote(text, 'mixup.md');
    assert.deepStrictEqual(
      problems.map((p) => [p.severity, p.line, p.message]),
      [
        ['warning', 8, 'unknown field "colour"'],
        ['error', 10, 'api "torch.nn.Mixup" needs an https:// documentation URL'],
      ],
    );
  });

  it('splits front matter only at a closing --- line', () => {
    assert.strictEqual(splitFrontMatter('---\na: 1\n---x\n'), undefined);
    assert.deepStrictEqual(splitFrontMatter('---\na: 1\n---\nbody'), { yaml: 'a: 1\n', body: 'body', bodyLine: 4 });
  });
});
