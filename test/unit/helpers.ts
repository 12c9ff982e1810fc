// The built-in content as the extension and the CLI read it: dist/builtins.json, through the same
// core function (loadBuiltIns). The build prepares that file; a copy older than its sources is refused,
// so a test never passes on yesterday's notes.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ApiNamespace } from '../../src/core/apiCoverage';
import { BUILT_INS_FILE, type BuiltIns, loadBuiltIns } from '../../src/core/builtIns';
import { KnowledgeBase } from '../../src/core/knowledgeBase';

export const projectRoot = resolve(__dirname, '../../..');

/** The folders the build reads builtins.json from (scripts/build.mjs). */
const CONTENT_FOLDERS = ['media/notes', 'media/demos', 'media/api', 'snippets'];

function newestSource(): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  for (const folder of CONTENT_FOLDERS) {
    const path = join(projectRoot, folder);
    for (const name of existsSync(path) ? readdirSync(path) : []) {
      const mtimeMs = statSync(join(path, name)).mtimeMs;
      if (mtimeMs > newest.mtimeMs) newest = { file: `${folder}/${name}`, mtimeMs };
    }
  }
  return newest;
}

let cached: BuiltIns | undefined;
/** Notes, snippets, demo headers and API lists as shipped, read once per test run. */
export function builtIns(): BuiltIns {
  if (!cached) {
    const file = join(projectRoot, BUILT_INS_FILE);
    if (!existsSync(file)) throw new Error(`${BUILT_INS_FILE} is missing: run \`npm run build\` (npm test does).`);
    const newest = newestSource();
    if (newest.mtimeMs > statSync(file).mtimeMs)
      throw new Error(`${BUILT_INS_FILE} is older than ${newest.file}: run \`npm run build\` (npm test does).`);
    cached = loadBuiltIns(readFileSync(file, 'utf8'), projectRoot);
  }
  return cached;
}

/** The API coverage lists of media/api, as shipped. */
export function builtInApiNamespaces(): ApiNamespace[] {
  return builtIns().api;
}

let knowledgeBase: KnowledgeBase | undefined;
/** The shipped notes, as the extension builds them when you have no notes of your own. */
export function builtInKnowledgeBase(): KnowledgeBase {
  knowledgeBase ??= KnowledgeBase.withUserNotes(builtIns(), []);
  return knowledgeBase;
}
