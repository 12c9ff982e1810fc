// The extension's own content — notes, snippets, demo headers and API lists — prepared once at
// build time (scripts/build.mjs → dist/builtins.json) with the same parsers that read your notes.
// At run time the extension, the CLI and the tests turn that one file back into objects: no YAML
// and no Markdown is parsed, so the first hover stays cheap. The build fails on any problem, so
// the built-in content that ships has none.
import { type ApiConcept, type ApiLanguage, type ApiNamespace, parseApiNamespace } from './apiCoverage';
import { type Demo, parseDemoHeader } from './demoCatalog';
import { KnowledgeBase, type NoteSource } from './knowledgeBase';
import { type Note, formatProblem } from './note';
import { type Snippet, type SnippetFlavor, SnippetCatalog } from './snippetCatalog';

/** Where the prepared content lives, relative to the extension's root. */
export const BUILT_INS_FILE = 'dist/builtins.json';

/** Bumped when the shape of builtins.json changes, so a stale file is refused with a clear message. */
const FORMAT_VERSION = 1;

/** The source files, as the build reads them; every `file` is relative to the extension's root. */
export interface BuiltInSources {
  notes: { file: string; text: string }[];
  snippetFiles: Partial<Record<SnippetFlavor, string>>;
  demos: { file: string; code: string }[];
  apiLists: { file: string; text: string }[];
}

/** The parsed content, as objects; note and demo files stay relative to the extension's root. */
export interface BuiltIns {
  notes: Note[];
  snippets: SnippetCatalog;
  /** Headers only: a demo's code is read from `demo.file` when it runs. */
  demos: Demo[];
  api: ApiNamespace[];
}

interface ApiNamespaceJson {
  namespace: string;
  language: ApiLanguage;
  docs?: string;
  /** Entries rather than objects: a name such as "__proto__" must stay a name. */
  concepts: [string, ApiConcept][];
  notConcepts: [string, string][];
}

interface BuiltInsJson {
  version: number;
  notes: Note[];
  snippets: Snippet[];
  demos: Demo[];
  api: ApiNamespaceJson[];
}

/** Parses and cross-checks the sources. Any problem is returned as "file:line: message"; the build fails on it. */
export function prepareBuiltIns(sources: BuiltInSources): { json: string; problems: string[] } {
  const problems: string[] = [];
  // The API lists first: the notes are checked against them, as the extension will read the notes.
  const namespaces: ApiNamespace[] = [];
  for (const { file, text } of sources.apiLists) {
    const ns = parseApiNamespace(text);
    problems.push(...ns.problems.map((p) => `${file}: ${p}`));
    namespaces.push(ns);
  }
  const api: ApiNamespaceJson[] = namespaces.map((ns) => ({
    namespace: ns.namespace,
    language: ns.language,
    ...(ns.docs === undefined ? {} : { docs: ns.docs }),
    concepts: [...ns.concepts],
    notConcepts: [...ns.notConcepts],
  }));

  const noteSources: NoteSource[] = sources.notes.map((n) => ({ ...n, builtIn: true }));
  const kb = KnowledgeBase.fromSources(noteSources, [], namespaces);

  let snippets = new SnippetCatalog();
  try {
    snippets = SnippetCatalog.fromFiles(sources.snippetFiles);
  } catch (error) {
    problems.push((error as Error).message);
  }

  const demos: Demo[] = [];
  for (const { file, code } of sources.demos) {
    const id = (file.split('/').pop() ?? file).replace(/\.js$/, '');
    try {
      const demo = parseDemoHeader(id, file, code);
      if (!kb.note(demo.note)) problems.push(`${file}: "// @note ${demo.note}" names no note`);
      demos.push(demo);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }

  const noteProblems = [
    ...kb.problems,
    ...kb.validate({ snippetIds: new Set(snippets.ids()), demoIds: new Set(demos.map((d) => d.id)) }),
  ];
  problems.unshift(...noteProblems.map(formatProblem));

  const json: BuiltInsJson = { version: FORMAT_VERSION, notes: kb.notes, snippets: snippets.all(), demos, api };
  return { json: JSON.stringify(json), problems };
}

/**
 * Turns the text of builtins.json back into objects. `root` is put before each note's file, so
 * problems and links point at a real place. Throws, saying what is wrong, on a file it cannot use.
 */
export function loadBuiltIns(text: string, root: string): BuiltIns {
  let json: BuiltInsJson;
  try {
    json = JSON.parse(text) as BuiltInsJson;
  } catch (error) {
    throw new Error(`${BUILT_INS_FILE} is not valid JSON (${(error as Error).message}); rebuild with npm run build`, {
      cause: error,
    });
  }
  if (json?.version !== FORMAT_VERSION)
    throw new Error(
      `${BUILT_INS_FILE} has format ${String(json?.version)}, this code reads format ${FORMAT_VERSION}; rebuild with npm run build`,
    );
  const base = root.replace(/[\\/]+$/, '');
  return {
    notes: json.notes.map((note) => ({ ...note, source: { ...note.source, file: `${base}/${note.source.file}` } })),
    snippets: SnippetCatalog.fromSnippets(json.snippets),
    demos: json.demos,
    api: json.api.map((ns) => ({
      namespace: ns.namespace,
      language: ns.language,
      ...(ns.docs === undefined ? {} : { docs: ns.docs }),
      concepts: new Map(ns.concepts),
      notConcepts: new Map(ns.notConcepts),
      problems: [],
    })),
  };
}
