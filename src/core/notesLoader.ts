// Reads your note files from folders. How to list and read a folder is passed in — Node's fs in
// the CLI, vscode.workspace.fs in the extension (which also works where there is no Node, and on
// remote folders) — so both read notes the same way and the core stays free of I/O.
import { type NoteSource } from './knowledgeBase';
import { type NoteProblem } from './note';

/** Notes bigger than this are skipped: a note is read at a glance, not a data dump. */
export const MAX_NOTE_BYTES = 512 * 1024;

/** A folder reader. Folders and files are named by strings the reader understands (paths, URIs). */
export interface NoteFiles {
  /** Names of the files in a folder; throws when the folder cannot be read. */
  list(folder: string): Promise<string[]>;
  join(folder: string, name: string): string;
  size(file: string): Promise<number>;
  read(file: string): Promise<string>;
}

/** Every note of the folders, in name order; a folder or file that cannot be read becomes a problem. */
export async function readNoteSources(
  folders: readonly string[],
  files: NoteFiles,
): Promise<{ sources: NoteSource[]; problems: NoteProblem[] }> {
  const sources: NoteSource[] = [];
  const problems: NoteProblem[] = [];
  for (const folder of folders) {
    let names: string[];
    try {
      names = (await files.list(folder))
        .filter((n) => n.toLowerCase().endsWith('.md') && n.toLowerCase() !== 'readme.md')
        .sort();
    } catch (error) {
      problems.push({
        file: folder,
        line: 0,
        severity: 'error',
        message: `cannot read notes folder: ${(error as Error).message}`,
      });
      continue;
    }
    for (const name of names) {
      const file = files.join(folder, name);
      try {
        const size = await files.size(file);
        if (size > MAX_NOTE_BYTES) {
          problems.push({
            file,
            line: 0,
            severity: 'error',
            message: `note is too large (${Math.round(size / 1024)} KB; the limit is ${MAX_NOTE_BYTES / 1024} KB) and was skipped`,
          });
          continue;
        }
        const text = await files.read(file);
        // A NUL never appears in text: this is an image or an archive with a .md name.
        if (text.includes('\u0000')) {
          problems.push({ file, line: 0, severity: 'error', message: 'is a binary file, not a note; skipped' });
          continue;
        }
        sources.push({ file, text, builtIn: false });
      } catch (error) {
        problems.push({ file, line: 0, severity: 'error', message: `cannot read note: ${(error as Error).message}` });
      }
    }
  }
  return { sources, problems };
}
