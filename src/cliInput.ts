// How `dl-notes` reads and writes the files you name. When it cannot, it says which file and what
// is wrong in words ("no such file", "is a folder", "the JSON stops before it is complete") rather
// than passing on Node's ENOENT/EISDIR or JSON.parse's "Unexpected end of JSON input".
import { readFileSync, statSync, writeFileSync } from 'node:fs';

/** A file we cannot use; the CLI prints "dl-notes: <message>" and exits 1. */
export class InputError extends Error {}

/** Bytes looked at to tell a binary file from text: a NUL among them means binary (git's rule). */
const BINARY_SNIFF_BYTES = 8000;

function inWords(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    default:
      return (error as Error).message;
  }
}

export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/** The text of a file the user named for `command`; binary files are refused. */
export function readTextFile(file: string, command: string): string {
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new InputError(`${file}: is a folder; ${command} takes a file`);
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: ${inWords(error)}`, { cause: error });
  }
  if (looksBinary(bytes)) throw new InputError(`${file}: is a binary file, not source code; skipped`);
  return bytes.toString('utf8');
}

/** A folder the user named for `command`. */
export function checkFolder(folder: string, command: string): void {
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch (error) {
    throw new InputError(
      `${folder}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : inWords(error)}`,
      {
        cause: error,
      },
    );
  }
  if (!isFolder) throw new InputError(`${folder}: is a file; ${command} takes a folder`);
}

export function writeTextFile(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : inWords(error);
    throw new InputError(`${file}: cannot write it: ${why}`, { cause: error });
  }
}

/** A notebook's JSON, or what is wrong with it in words. */
export function parseNotebook(file: string, text: string): { cells: { source?: string | string[] }[] } {
  let notebook: unknown;
  try {
    notebook = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: is not a readable notebook: ${jsonProblem(text, error as Error)}`, { cause: error });
  }
  const cells = (notebook as { cells?: unknown } | null)?.cells;
  if (!Array.isArray(cells)) throw new InputError(`${file}: is not a Jupyter notebook: it has no list of "cells"`);
  return { cells: cells as { source?: string | string[] }[] };
}

function jsonProblem(text: string, error: Error): string {
  if (!text.trim()) return 'the file is empty';
  const position = /position (\d+)/.exec(error.message)?.[1];
  // JSON.parse stops at the end of a cut-off file: "Unexpected end of JSON input", or a position at the end.
  if (/end of JSON input/.test(error.message) || (position !== undefined && Number(position) >= text.trimEnd().length))
    return 'the JSON stops before it is complete (is the file cut short?)';
  if (position === undefined) return 'it is not valid JSON';
  const before = text.slice(0, Number(position)).split('\n');
  return `the JSON is not valid at line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}
