// A file as the parts the analysis reads: one part for source and Markdown files, one per cell
// for a Jupyter notebook (code cells in the notebook's language, Markdown cells as Markdown).
import { type DocumentPart, partLanguage } from './readDocument';

export interface FileParts {
  parts: DocumentPart[];
  /** Whether the parts are notebook cells (hits then say which cell). */
  cells: boolean;
}

export class NotebookError extends Error {}

export function languageOfFile(fileName: string): string {
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (extension === 'py' || extension === 'pyi') return 'python';
  if (['js', 'mjs', 'cjs', 'jsx'].includes(extension)) return 'javascript';
  if (['ts', 'mts', 'cts', 'tsx'].includes(extension)) return 'typescript';
  if (['md', 'markdown'].includes(extension)) return 'markdown';
  if (extension === 'ipynb') return 'notebook';
  return 'plaintext';
}

export function fileParts(fileName: string, text: string): FileParts {
  const language = languageOfFile(fileName);
  if (language === 'notebook') return { parts: notebookParts(text), cells: true };
  return { parts: [{ text, language: partLanguage(language) }], cells: false };
}

interface NotebookJson {
  cells?: { cell_type?: string; source?: string | string[] }[];
  metadata?: { kernelspec?: { language?: string }; language_info?: { name?: string } };
}

/** The cells of a notebook's JSON; throws a NotebookError that says what is wrong. */
export function notebookParts(json: string): DocumentPart[] {
  let notebook: NotebookJson;
  try {
    notebook = JSON.parse(json) as NotebookJson;
  } catch (error) {
    throw new NotebookError(`not a valid notebook: its JSON does not parse (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (!notebook || typeof notebook !== 'object' || !Array.isArray(notebook.cells)) {
    throw new NotebookError('not a valid notebook: it has no "cells" list');
  }
  const language = partLanguage(
    notebook.metadata?.kernelspec?.language ?? notebook.metadata?.language_info?.name ?? 'python',
  );
  return notebook.cells.map((cell) => {
    const source = Array.isArray(cell.source) ? cell.source.join('') : (cell.source ?? '');
    return {
      text: source,
      language: cell.cell_type === 'markdown' ? 'markdown' : cell.cell_type === 'code' ? language : 'text',
    };
  });
}
