// The one place that knows which programming language a document or file is in: VS Code's
// language ids (javascriptreact is JavaScript) and file extensions (.tsx is TypeScript).
// Snippets pick their flavor, API links their library family, and the sandbox and the CLI
// their transpiler from here.

export type CodeLanguage = 'python' | 'javascript' | 'typescript';

/** Python or JavaScript: the two library worlds of the notes' API links (TypeScript uses JavaScript's). */
export type CodeFamily = 'python' | 'javascript';

const BY_LANGUAGE_ID: Record<string, CodeLanguage> = {
  python: 'python',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'typescript',
};

const BY_EXTENSION: Record<string, CodeLanguage> = {
  py: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescript',
};

/** The language of a VS Code language id, or undefined for anything else (markdown, plaintext…). */
export function codeLanguageOf(languageId: string): CodeLanguage | undefined {
  return BY_LANGUAGE_ID[languageId];
}

/** The language of a file, by its extension (case-insensitive). */
export function codeLanguageOfFile(file: string): CodeLanguage | undefined {
  const extension = /\.([A-Za-z]+)$/.exec(file)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : BY_EXTENSION[extension];
}

export function familyOf(language: CodeLanguage): CodeFamily {
  return language === 'python' ? 'python' : 'javascript';
}

/** The library family of a VS Code language id. */
export function codeFamilyOf(languageId: string): CodeFamily | undefined {
  const language = codeLanguageOf(languageId);
  return language && familyOf(language);
}
