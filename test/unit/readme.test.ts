// What the README counts is what the repository holds: the notes, the API names mapped to them, the
// evaluation corpus.
import * as assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT_ALLOW_LIST } from '../../src/sandbox/boundary';
import { builtInApiNamespaces, projectRoot } from './helpers';

describe('the README', () => {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const number = (text: string) => Number(text.replace(/,/g, ''));

  it('says how many notes ship', () => {
    const notes = readdirSync(join(projectRoot, 'media/notes')).filter((f) => f.endsWith('.md')).length;
    const said = /Browse (\d+) linked notes/.exec(readme)?.[1];
    assert.strictEqual(Number(said), notes);
  });

  it('says how many public API names are listed and how many map to notes', () => {
    let mapped = 0;
    let all = 0;
    for (const ns of builtInApiNamespaces()) {
      mapped += ns.concepts.size;
      all += ns.concepts.size + ns.notConcepts.size;
    }
    const said = /([\d,]+) names, ([\d,]+) of them\s+mapped to notes/.exec(readme);
    assert.ok(said, 'the README states the API counts');
    assert.deepStrictEqual([number(said[1]!), number(said[2]!)], [all, mapped]);
  });

  it('describes the evaluation corpus the manifest lists', () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'test/eval/manifest.json'), 'utf8')) as {
      deepLearning: boolean;
      lines: number;
      kind: string;
      heldOut?: boolean;
    }[];
    const other = manifest.filter((f) => !f.deepLearning);
    const tuned = manifest.filter((f) => !f.heldOut);
    const said = (pattern: RegExp) => number(pattern.exec(readme)?.[1] ?? 'NaN');
    assert.deepStrictEqual(
      {
        files: said(/a corpus of (\d+) public files/),
        tuned: said(/(\d+) files we tuned on/),
        heldOut: said(/(\d+) files held out/),
        tunedOther: said(/and (\d+) files that are not deep learning\s+\(scikit/),
        heldOutOther: said(/and (\d+) files\s+that are not deep learning \(lark/),
        other: said(/In all, (\d+) files\s+that are not deep learning/),
        otherLines: said(/get 0 spans in ([\d,]+) lines/),
        tunedNotebooks: /two notebooks/.test(readme) ? 2 : -1,
      },
      {
        files: manifest.length,
        tuned: tuned.length,
        heldOut: manifest.length - tuned.length,
        tunedOther: tuned.filter((f) => !f.deepLearning).length,
        heldOutOther: other.length - tuned.filter((f) => !f.deepLearning).length,
        other: other.length,
        otherLines: other.reduce((sum, f) => sum + f.lines, 0),
        tunedNotebooks: tuned.filter((f) => f.kind === 'notebook').length,
      },
    );
  });

  it('states what a sandboxed program can reach, the environment it keeps and the fast kernels’ gate', () => {
    const sandbox = readme.slice(
      readme.indexOf('## The sandbox'),
      readme.indexOf('\n## ', readme.indexOf('## The sandbox') + 1),
    );
    assert.match(sandbox, /\*\*What a program can reach\.\*\*/);
    for (const name of ENVIRONMENT_ALLOW_LIST) assert.ok(sandbox.includes(`\`${name}\``), `the README names ${name}`);
    assert.match(sandbox, /deepLearningNotes\.sandbox\.fastKernels/);
    assert.match(sandbox, /\*\*Fast kernels\.\*\* [\s\S]*Property tests/);
  });

  it('lists every setting the extension contributes', () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    for (const setting of Object.keys(manifest.contributes.configuration.properties))
      assert.ok(readme.includes(`| \`${setting}\` |`), `the README's settings table lists ${setting}`);
  });
});
