// Reads one media/api/<namespace>.yaml file: every public name of a library namespace is
// either mapped to the note that explains it or listed as not a concept, with a reason.
// The lists are data so that a test can hold them against the installed library and say
// which names nobody has decided about yet. A name may contain a dot when users reach a
// submodule through the namespace (flax.linen's initializers.zeros, keras.optimizers'
// schedules.CosineDecay).
import { LineCounter, type Node, isMap, isScalar, parseDocument } from 'yaml';

export type ApiLanguage = 'python' | 'javascript';

export interface ApiConcept {
  slug: string;
  /** A page of its own that overrides the namespace template; null when the name has no page. */
  docs?: string | null;
}

export interface ApiNamespace {
  namespace: string;
  language: ApiLanguage;
  /** URL template of a name's page, with {name} where the name goes. */
  docs?: string;
  concepts: Map<string, ApiConcept>;
  notConcepts: Map<string, string>;
  /** "line N: message", empty when the file is fine. */
  problems: string[];
}

const FIELDS = new Set(['namespace', 'language', 'docs', 'concepts', 'notConcepts']);
const CONCEPT_FIELDS = new Set(['note', 'docs']);
const LANGUAGES: readonly string[] = ['python', 'javascript'];

export function parseApiNamespace(text: string): ApiNamespace {
  const result: ApiNamespace = {
    namespace: '',
    language: 'python',
    concepts: new Map(),
    notConcepts: new Map(),
    problems: [],
  };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: unknown) => {
    const range = (node as Node | null | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const problem = (node: unknown, message: string) => result.problems.push(`line ${lineOf(node)}: ${message}`);

  for (const error of doc.errors) {
    result.problems.push(
      `line ${lineCounter.linePos(error.pos[0]).line}: not valid YAML: ${error.message.split('\n')[0]}`,
    );
  }
  if (doc.errors.length) return result;
  if (!isMap(doc.contents)) {
    problem(doc.contents, 'the file must be a YAML mapping of namespace, language, docs, concepts and notConcepts');
    return result;
  }

  const fields = new Map<string, Node>();
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (FIELDS.has(key)) fields.set(key, pair.value as Node);
    else problem(pair.key, `unknown field "${key}"`);
  }

  const text_ = (key: string): string | undefined => {
    const node = fields.get(key);
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim()) return node.value.trim();
    problem(node, `${key} must be a non-empty string`);
    return undefined;
  };

  const namespace = text_('namespace');
  if (namespace) result.namespace = namespace;
  else if (!fields.has('namespace')) problem(doc.contents, 'missing field "namespace"');

  const language = text_('language');
  if (language && LANGUAGES.includes(language)) result.language = language as ApiLanguage;
  else if (language)
    problem(fields.get('language'), `language must be one of ${LANGUAGES.join(', ')}, not "${language}"`);
  else if (!fields.has('language')) problem(doc.contents, 'missing field "language"');

  const docs = text_('docs');
  if (docs !== undefined) {
    // A template without {name} would send every name to the same page.
    if (!docs.includes('{name}')) problem(fields.get('docs'), 'docs must be a URL template containing {name}');
    else result.docs = docs;
  }

  eachEntry(fields.get('concepts'), 'concepts', problem, (name, value) => {
    const concept = readConcept(value, problem);
    if (concept) result.concepts.set(name, concept);
  });
  eachEntry(fields.get('notConcepts'), 'notConcepts', problem, (name, value, keyNode) => {
    const reason = isScalar(value) && typeof value.value === 'string' ? value.value.trim() : '';
    if (!reason) problem(value ?? keyNode, `"${name}" in notConcepts needs a short reason`);
    if (result.concepts.has(name)) problem(keyNode, `"${name}" is in both concepts and notConcepts`);
    result.notConcepts.set(name, reason);
  });
  return result;
}

/** The page of a mapped name: its own docs, else the namespace template. Names that are not concepts get none. */
export function apiDocUrl(ns: ApiNamespace, name: string): string | undefined {
  const concept = ns.concepts.get(name);
  if (!concept) return undefined;
  if (concept.docs !== undefined) return concept.docs ?? undefined;
  return ns.docs?.split('{name}').join(name);
}

type Problem = (node: unknown, message: string) => void;

function eachEntry(
  node: Node | undefined,
  field: string,
  problem: Problem,
  visit: (name: string, value: Node | null, key: Node) => void,
): void {
  if (node === undefined) return;
  // An empty section ("notConcepts:") parses as null; it is allowed and simply lists nothing.
  if (isScalar(node) && node.value === null) return;
  if (!isMap(node)) {
    problem(node, `${field} must be a mapping of name → value`);
    return;
  }
  for (const pair of node.items) {
    const key = pair.key as Node;
    const name = isScalar(key) ? String(key.value) : '';
    if (!name) {
      problem(key, `${field} has an empty or non-text name`);
      continue;
    }
    visit(name, pair.value as Node | null, key);
  }
}

function readConcept(value: Node | null, problem: Problem): ApiConcept | undefined {
  if (isScalar(value) && typeof value.value === 'string' && value.value.trim()) return { slug: value.value.trim() };
  if (!isMap(value)) {
    problem(value, 'a concept is a note slug, or { note: slug, docs: url }');
    return undefined;
  }
  const concept: ApiConcept = { slug: '' };
  for (const pair of value.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const item = pair.value as Node | null;
    if (!CONCEPT_FIELDS.has(key)) {
      problem(pair.key, `unknown field "${key}" in a concept (note, docs)`);
    } else if (key === 'note') {
      if (isScalar(item) && typeof item.value === 'string') concept.slug = item.value.trim();
    } else if (isScalar(item) && (item.value === null || typeof item.value === 'string')) {
      concept.docs = item.value === null ? null : String(item.value).trim();
    } else {
      problem(item, 'docs must be a URL, or null when the name has no page');
    }
  }
  if (!concept.slug) {
    problem(value, 'a concept needs a note slug');
    return undefined;
  }
  return concept;
}
