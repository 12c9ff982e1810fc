import { join, resolve } from 'node:path';
import { KnowledgeBase } from '../../src/core/knowledgeBase';
import { readNoteSources } from '../../src/core/notesLoader';

export const projectRoot = resolve(__dirname, '../../..');
export const builtInNotesFolder = join(projectRoot, 'media', 'notes');

let cached: KnowledgeBase | undefined;
/** The shipped notes, parsed once per test run. */
export function builtInKnowledgeBase(): KnowledgeBase {
  if (!cached) {
    const { sources, problems } = readNoteSources([{ path: builtInNotesFolder, builtIn: true }]);
    cached = KnowledgeBase.fromSources(sources, problems);
  }
  return cached;
}
