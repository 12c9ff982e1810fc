import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ApiNamespace, parseApiNamespace } from '../../src/core/apiCoverage';
import { KnowledgeBase } from '../../src/core/knowledgeBase';
import { readNoteSources } from '../../src/core/notesLoader';

export const projectRoot = resolve(__dirname, '../../..');
export const builtInNotesFolder = join(projectRoot, 'media', 'notes');
export const apiFolder = join(projectRoot, 'media', 'api');

let namespaces: ApiNamespace[] | undefined;
/** The API coverage lists of media/api. */
export function builtInApiNamespaces(): ApiNamespace[] {
  namespaces ??= readdirSync(apiFolder)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseApiNamespace(readFileSync(join(apiFolder, f), 'utf8')));
  return namespaces;
}

let cached: KnowledgeBase | undefined;
/** The shipped notes, parsed once per test run. */
export function builtInKnowledgeBase(): KnowledgeBase {
  if (!cached) {
    const { sources, problems } = readNoteSources([{ path: builtInNotesFolder, builtIn: true }]);
    cached = KnowledgeBase.fromSources(sources, problems, builtInApiNamespaces());
  }
  return cached;
}
