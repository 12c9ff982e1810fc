import * as assert from 'node:assert';
import { HOVER_COMMANDS, buildCard, cardAsHoverMarkdown, cardAsText, commandUri } from '../../src/core/conceptCard';
import { builtInKnowledgeBase } from './helpers';

describe('concept cards', () => {
  const kb = builtInKnowledgeBase();

  it('keeps every hover short enough to read at a glance', () => {
    for (const note of kb.notes) {
      const card = buildCard(kb, note.slug)!;
      const markdown = cardAsHoverMarkdown(card, { canRunDemo: true });
      const lines = markdown.split('\n').filter((l) => l.trim()).length;
      assert.ok(lines <= 9, `${note.slug}: ${lines} lines`);
      const visible = markdown.replace(/\]\([^)]*\)/g, ']').replace(/```text\n[^`]*```/, '');
      assert.ok(visible.length <= 700, `${note.slug}: ${visible.length} visible characters`);
    }
  });

  it('links only the commands the hover trusts', () => {
    const markdown = cardAsHoverMarkdown(
      buildCard(kb, 'layer-normalization', { written: 'nn.LayerNorm', family: 'python' })!,
      { canRunDemo: true },
    );
    const commands = [...markdown.matchAll(/command:([\w.]+)/g)].map((m) => m[1]);
    assert.ok(commands.length >= 4);
    for (const command of commands) assert.ok(HOVER_COMMANDS.includes(command!), command);
    assert.match(markdown, /\[\$\(link-external\) torch\.nn\.LayerNorm\]\(https:\/\/pytorch\.org/);
  });

  it('hides "Run demo" where code may not run (untrusted workspace)', () => {
    const markdown = cardAsHoverMarkdown(buildCard(kb, 'dropout')!, { canRunDemo: false });
    assert.doesNotMatch(markdown, /runDemo/);
  });

  it('encodes command arguments as JSON', () => {
    assert.strictEqual(commandUri('x.y', 'a b'), 'command:x.y?%5B%22a%20b%22%5D');
    assert.strictEqual(commandUri('x.y'), 'command:x.y');
  });

  it('prints the same facts as text for the terminal, with references', () => {
    const text = cardAsText(buildCard(kb, 'attention')!);
    const note = kb.note('attention')!;
    for (const fact of [note.title, note.problem, note.solution, note.formula, note.references[0]!.title])
      assert.ok(text.includes(fact), fact);
  });
});
