// The lexers against a real parser: on real files, the names, strings and comments our lexers find are the
// ones Lezer's Python and JavaScript/TypeScript grammars find. The analysis reads tokens rather than a syntax
// tree for speed (see core/analysis/tokens.ts); this is what keeps that choice honest.
import * as assert from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parser as javascriptParser } from '@lezer/javascript';
import { parser as pythonParser } from '@lezer/python';
import { KEYWORDS as PYTHON_KEYWORDS, SOFT_KEYWORDS } from '../../../src/core/analysis/pythonFacts';
import { lexPython } from '../../../src/core/analysis/pythonLexer';
import { CONTEXTUAL_KEYWORDS, KEYWORDS as SCRIPT_KEYWORDS } from '../../../src/core/analysis/scriptFacts';
import { lexScript } from '../../../src/core/analysis/scriptLexer';
import { TokenStream } from '../../../src/core/analysis/tokenStream';
import { STRING } from '../../../src/core/analysis/tokens';
import { projectRoot } from '../helpers';

interface Found {
  names: Set<string>;
  strings: Set<string>;
  comments: Set<string>;
}

const at = (from: number, to: number) => `${from}:${to}`;

/** What Lezer's tree holds: leaf names (variables, properties, definitions), strings and regexps, comments. */
function byLezer(text: string, language: 'python' | 'javascript' | 'typescript'): Found {
  const parser =
    language === 'python'
      ? pythonParser
      : javascriptParser.configure({ dialect: language === 'typescript' ? 'ts' : '' });
  const found: Found = { names: new Set(), strings: new Set(), comments: new Set() };
  parser.parse(text).iterate({
    enter(node) {
      const type = node.type.name;
      if (type.includes('Comment')) {
        found.comments.add(at(node.from, node.to));
        return false;
      }
      if (type === 'String' || type === 'FormatString' || type === 'RegExp') {
        found.strings.add(at(node.from, node.to));
        return false;
      }
      if (/(?:Name|Definition)$/.test(type) && !node.node.firstChild) found.names.add(at(node.from, node.to));
      return undefined;
    },
  });
  return found;
}

/** What our lexer and token stream find: names that are not keywords there, strings, comments. */
function byUs(text: string, language: 'python' | 'javascript' | 'typescript'): Found {
  const python = language === 'python';
  const { tokens, comments } = python ? lexPython(text) : lexScript(text);
  const stream = python
    ? new TokenStream(text, tokens, 0, PYTHON_KEYWORDS, () => undefined, SOFT_KEYWORDS)
    : new TokenStream(text, tokens, 0, SCRIPT_KEYWORDS, () => undefined, CONTEXTUAL_KEYWORDS);
  const found: Found = { names: new Set(), strings: new Set(), comments: new Set() };
  for (let i = 0; i < tokens.count; i++) {
    const [from, to] = [tokens.start[i]!, tokens.end[i]!];
    // `this` is a keyword to Lezer and the receiver of a class's own attributes to us.
    if (stream.isName(i) && stream.textOf(i) !== 'this') found.names.add(at(from, to));
    // Template literals are read in pieces around their ${…} parts; Lezer keeps them whole.
    if (tokens.kind[i] === STRING && text[from] !== '`' && text[from] !== '}') found.strings.add(at(from, to));
  }
  for (const [from, to] of comments) found.comments.add(at(from, to));
  return found;
}

/** Real code that none of us wrote, present on this machine: Python's standard library, TypeScript's own sources. */
function realFiles(): string[] {
  const stdlib = ['/usr/lib/python3.11', '/usr/lib/python3.12', '/usr/lib/python3.13'].find((d) => existsSync(d));
  const python = stdlib
    ? ['argparse.py', 'tokenize.py', 'typing.py', 'dataclasses.py', 'ast.py', 'functools.py'].map((f) =>
        join(stdlib, f),
      )
    : [];
  const fixtures = readdirSync(join(projectRoot, 'test/fixtures'))
    .filter((f) => /\.(py|js|ts)$/.test(f))
    .map((f) => join(projectRoot, 'test/fixtures', f));
  const scripts = ['node_modules/uplot/dist/uPlot.esm.js', 'node_modules/markdown-it/lib/parser_block.mjs'].map((f) =>
    join(projectRoot, f),
  );
  return [...python, ...fixtures, ...scripts].filter((f) => existsSync(f));
}

describe('the lexers, against Lezer on real files', () => {
  const files = realFiles();

  it('has real files to read', () => assert.ok(files.length >= 8, files.join(', ')));

  for (const file of files) {
    const language = file.endsWith('.py') ? 'python' : file.endsWith('.ts') ? 'typescript' : 'javascript';
    it(`finds the names, strings and comments Lezer finds in ${file.split('/').slice(-2).join('/')}`, () => {
      const text = readFileSync(file, 'utf8');
      const [lezer, ours] = [byLezer(text, language), byUs(text, language)];
      for (const what of ['names', 'strings', 'comments'] as const) {
        const show = (keys: string[]) =>
          keys
            .slice(0, 8)
            .map((k) => JSON.stringify(text.slice(...(k.split(':').map(Number) as [number, number]))))
            .join(', ');
        const missed = [...lezer[what]].filter((k) => !ours[what].has(k));
        const extra = [...ours[what]].filter((k) => !lezer[what].has(k));
        assert.deepStrictEqual(
          { missed: missed.length, extra: extra.length },
          { missed: 0, extra: 0 },
          `${what}: Lezer only ${show(missed)}; ours only ${show(extra)}`,
        );
      }
    });
  }
});
