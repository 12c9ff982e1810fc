// Shared by the snippet tests: the catalog as shipped, snippets expanded the way
// the editor inserts them with every placeholder's default, and the Python to run them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type SnippetCatalog, type SnippetFlavor } from '../../../src/core/snippetCatalog';
import { builtIns } from '../helpers';
import { expandSnippet } from './snippetSyntax';

export const projectRoot = resolve(__dirname, '../../../..');

/** The catalog as the extension reads it (dist/builtins.json, prepared from snippets/ by the build). */
export function loadCatalog(): SnippetCatalog {
  return builtIns().snippets;
}

export function expandedCode(catalog: SnippetCatalog, id: string, flavor: SnippetFlavor): string {
  const snippet = catalog.get(id, flavor);
  if (!snippet) throw new Error(`no ${flavor} snippet "${id}"`);
  return expandSnippet(snippet.body, { TM_FILENAME: 'model.py', TM_SELECTED_TEXT: '' });
}

/** A Python that can import torch: the one the test setup found, $PYTHON, python3 or Debian's /usr/bin/python3. */
export function pythonWithTorch(): string {
  const toolsFile = join(projectRoot, '.vscode-test/tools.json');
  const fromSetup = existsSync(toolsFile)
    ? (JSON.parse(readFileSync(toolsFile, 'utf8')) as { python?: string }).python
    : undefined;
  const candidates = [process.env.PYTHON, fromSetup, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  const found = candidates.find((py) => spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
  if (!found)
    throw new Error(
      'No Python with PyTorch found: install python3-torch (apt) or torch (pip), or set PYTHON. `npm test` installs it on Debian.',
    );
  return found;
}
