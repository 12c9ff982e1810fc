import * as assert from 'node:assert';
import { KnowledgeBase } from '../../src/core/knowledgeBase';

const noteText = (title: string, topic: string, links: string[], aliases: string[], body = 'Body text.') => `---
title: ${title}
topic: ${topic}
problem: A problem.
solution: A solution.
formula: "f(x)"
links: [${links.join(', ')}]
aliases: [${aliases.join(', ')}]
references:
  - authors: A. Author
    year: 2020
    title: A Paper
---

${body}
`;

describe('KnowledgeBase', () => {
  const kb = KnowledgeBase.fromSources([
    { file: '/n/alpha.md', text: noteText('Alpha', 'Architectures', ['beta'], ['alpha net']), builtIn: true },
    {
      file: '/n/beta.md',
      text: noteText('Beta', 'Zeta Topic', ['alpha', 'ghost'], ['beta net'], 'See [Gamma](gamma.md).'),
      builtIn: true,
    },
    { file: '/n/broken.md', text: '---\ntitle: [\n---\nbody', builtIn: true },
  ]);

  it('keeps the good notes when one is broken, and says which file is broken', () => {
    assert.deepStrictEqual(
      kb.notes.map((n) => n.slug),
      ['alpha', 'beta'],
    );
    assert.strictEqual(kb.problems.length, 1);
    assert.strictEqual(kb.problems[0]!.file, '/n/broken.md');
  });

  it('groups notes by topic, known topics first', () => {
    assert.deepStrictEqual(
      kb.topics().map((t) => t.topic),
      ['Architectures', 'Zeta Topic'],
    );
  });

  it('reports links to unknown notes at their line, in front matter and body', () => {
    const problems = kb.validate().map((p) => `${p.file}:${p.line}: ${p.message}`);
    assert.ok(problems.includes('/n/beta.md:7: link to unknown note "ghost"'), problems.join('\n'));
    assert.ok(problems.includes('/n/beta.md:15: body links to unknown note "gamma.md"'), problems.join('\n'));
  });

  it('reports snippets and demos that do not exist', () => {
    const withSnippet = KnowledgeBase.fromSources([
      {
        file: '/n/a.md',
        text: noteText('A', 'T', [], ['aa']).replace('aliases:', 'snippets: [nope]\ndemo: nada\naliases:'),
        builtIn: true,
      },
    ]);
    const messages = withSnippet.validate({ snippetIds: new Set(['yes']), demoIds: new Set() }).map((p) => p.message);
    assert.ok(messages.includes('snippet "nope" does not exist'));
    assert.ok(messages.includes('demo "nada" does not exist'));
  });

  it('lets your note replace a built-in note with the same slug', () => {
    const replaced = KnowledgeBase.fromSources([
      { file: '/builtin/alpha.md', text: noteText('Alpha', 'Architectures', [], ['alpha net']), builtIn: true },
      { file: '/mine/alpha.md', text: noteText('My Alpha', 'Architectures', [], ['alpha net']), builtIn: false },
    ]);
    assert.strictEqual(replaced.note('alpha')?.title, 'My Alpha');
    assert.deepStrictEqual(replaced.problems, []);
  });

  it('searches titles, aliases and problem text', () => {
    assert.deepStrictEqual(
      kb.search('beta net').map((n) => n.slug),
      ['beta'],
    );
    assert.deepStrictEqual(
      kb.search('ALPHA').map((n) => n.slug),
      ['alpha'],
    );
    assert.strictEqual(kb.search('').length, 2);
    assert.deepStrictEqual(kb.search('no such thing'), []);
  });
});
