// Reads note files from folders on disk. Kept apart from the parser so the parser
// stays pure and the CLI and the extension read notes the same way.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type NoteSource } from './knowledgeBase';
import { type NoteProblem } from './note';

/** Notes bigger than this are skipped: a note is read at a glance, not a data dump. */
export const MAX_NOTE_BYTES = 512 * 1024;

export interface NoteFolder {
  path: string;
  builtIn: boolean;
}

export function readNoteSources(folders: readonly NoteFolder[]): { sources: NoteSource[]; problems: NoteProblem[] } {
  const sources: NoteSource[] = [];
  const problems: NoteProblem[] = [];
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder.path)
        .filter((n) => n.toLowerCase().endsWith('.md') && n.toLowerCase() !== 'readme.md')
        .sort();
    } catch (error) {
      problems.push({
        file: folder.path,
        line: 0,
        severity: 'error',
        message: `cannot read notes folder: ${(error as Error).message}`,
      });
      continue;
    }
    for (const name of names) {
      const file = join(folder.path, name);
      try {
        const size = statSync(file).size;
        if (size > MAX_NOTE_BYTES) {
          problems.push({
            file,
            line: 0,
            severity: 'error',
            message: `note is too large (${Math.round(size / 1024)} KB; the limit is ${MAX_NOTE_BYTES / 1024} KB) and was skipped`,
          });
          continue;
        }
        sources.push({ file, text: readFileSync(file, 'utf8'), builtIn: folder.builtIn });
      } catch (error) {
        problems.push({ file, line: 0, severity: 'error', message: `cannot read note: ${(error as Error).message}` });
      }
    }
  }
  return { sources, problems };
}
