// The snippet files in snippets/: one for PyTorch (Python), one for TensorFlow.js
// (JavaScript and TypeScript). A snippet's key is its id; notes refer to ids, and
// the same id names the same technique in both files.
import { codeFamilyOf } from './languages';

export type SnippetFlavor = 'pytorch' | 'tfjs';

export interface Snippet {
  id: string;
  flavor: SnippetFlavor;
  prefix: string;
  description: string;
  body: string[];
}

export const SNIPPET_FILES: Record<SnippetFlavor, string> = {
  pytorch: 'pytorch.code-snippets',
  tfjs: 'tfjs.code-snippets',
};

/** The snippet flavor to insert into a document of this VS Code language id, if any. */
export function flavorForLanguage(languageId: string): SnippetFlavor | undefined {
  const family = codeFamilyOf(languageId);
  return family === 'python' ? 'pytorch' : family === 'javascript' ? 'tfjs' : undefined;
}

export const FLAVOR_LABEL: Record<SnippetFlavor, string> = { pytorch: 'PyTorch', tfjs: 'TensorFlow.js' };

export class SnippetCatalog {
  private readonly byId = new Map<string, Partial<Record<SnippetFlavor, Snippet>>>();

  /** Builds the catalog from the JSON text of each snippet file. Throws with the file name on bad JSON. */
  static fromFiles(files: Partial<Record<SnippetFlavor, string>>): SnippetCatalog {
    const catalog = new SnippetCatalog();
    for (const flavor of Object.keys(files) as SnippetFlavor[]) {
      let parsed: Record<string, { prefix?: unknown; body?: unknown; description?: unknown }>;
      try {
        parsed = JSON.parse(files[flavor]!);
      } catch (error) {
        throw new Error(`${SNIPPET_FILES[flavor]} is not valid JSON: ${(error as Error).message}`, { cause: error });
      }
      for (const [id, entry] of Object.entries(parsed)) {
        const body = Array.isArray(entry.body)
          ? entry.body.map(String)
          : typeof entry.body === 'string'
            ? [entry.body]
            : [];
        const snippet: Snippet = {
          id,
          flavor,
          prefix: String(entry.prefix ?? ''),
          description: String(entry.description ?? ''),
          body,
        };
        catalog.byId.set(id, { ...catalog.byId.get(id), [flavor]: snippet });
      }
    }
    return catalog;
  }

  /** Builds the catalog from snippets already read (builtins.json). */
  static fromSnippets(snippets: readonly Snippet[]): SnippetCatalog {
    const catalog = new SnippetCatalog();
    for (const snippet of snippets)
      catalog.byId.set(snippet.id, { ...catalog.byId.get(snippet.id), [snippet.flavor]: snippet });
    return catalog;
  }

  ids(): string[] {
    return [...this.byId.keys()].sort();
  }

  all(): Snippet[] {
    return [...this.byId.values()].flatMap((v) => Object.values(v).filter((s) => s !== undefined));
  }

  get(id: string, flavor: SnippetFlavor): Snippet | undefined {
    return this.byId.get(id)?.[flavor];
  }

  /** The snippets a note names, in the flavor wanted (or every flavor when none is given). */
  forNote(snippetIds: readonly string[], flavor?: SnippetFlavor): Snippet[] {
    return snippetIds.flatMap((id) => {
      const variants = this.byId.get(id) ?? {};
      return (flavor ? [variants[flavor]] : [variants.pytorch, variants.tfjs]).filter((s): s is Snippet => !!s);
    });
  }
}
