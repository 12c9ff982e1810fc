// Reads one note file (front matter + Markdown body) into a Note, reporting every
// problem with its line so `dl-notes check` and the editor can point at it.
import { LineCounter, type Node, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { type ApiDoc, type Note, type NoteProblem, type PaperReference } from './note';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const KNOWN_FIELDS = new Set([
  'title',
  'topic',
  'problem',
  'solution',
  'formula',
  'links',
  'aliases',
  'context',
  'arguments',
  'api',
  'snippets',
  'demo',
  'references',
]);
const REQUIRED_TEXT = ['title', 'topic', 'problem', 'solution', 'formula'] as const;

export interface ParsedNote {
  note?: Note;
  problems: NoteProblem[];
}

export function slugFromFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.md$/i, '');
}

export function parseNote(text: string, file: string, builtIn = false): ParsedNote {
  const problems: NoteProblem[] = [];
  const problem = (line: number, message: string, severity: NoteProblem['severity'] = 'error') =>
    problems.push({ file, line, message, severity });

  const slug = slugFromFileName(file);
  if (!SLUG_PATTERN.test(slug)) {
    problem(0, `file name "${slug}" is not a valid slug (lower-case words joined by hyphens)`);
    return { problems };
  }

  const split = splitFrontMatter(text);
  if (!split) {
    problem(1, 'missing front matter: the file must start with a line "---", the YAML fields, and a closing "---"');
    return { problems };
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(split.yaml, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Line numbers of the YAML are offset by the opening "---" line.
  const lineOf = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line + 1 : 1);
  for (const error of doc.errors) {
    problem(
      lineCounter.linePos(error.pos[0]).line + 1,
      `front matter is not valid YAML: ${error.message.split('\n')[0]}`,
    );
  }
  if (doc.errors.length) return { problems };
  if (!isMap(doc.contents)) {
    problem(2, 'front matter must be a YAML mapping of fields');
    return { problems };
  }

  const fields = new Map<string, Node>();
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!KNOWN_FIELDS.has(key)) problem(lineOf(pair.key), `unknown field "${key}"`, 'warning');
    fields.set(key, pair.value as Node);
  }

  const text_ = (key: string): string | undefined => {
    const node = fields.get(key);
    if (node === undefined || node === null) return undefined;
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim()) return node.value.trim();
    problem(lineOf(node), `"${key}" must be non-empty text`);
    return undefined;
  };
  const list = (key: string, required: boolean): string[] => {
    const node = fields.get(key);
    if (node === undefined || node === null) {
      if (required) problem(2, `missing field "${key}" (a list)`);
      return [];
    }
    if (!isSeq(node)) {
      problem(lineOf(node), `"${key}" must be a list`);
      return [];
    }
    const values: string[] = [];
    for (const item of node.items as Node[]) {
      if (isScalar(item) && typeof item.value === 'string' && item.value.trim()) values.push(item.value.trim());
      else problem(lineOf(item), `every entry of "${key}" must be non-empty text`);
    }
    if (required && values.length === 0) problem(lineOf(node), `"${key}" must not be empty`);
    return values;
  };

  const required: Record<string, string | undefined> = {};
  for (const key of REQUIRED_TEXT) {
    required[key] = text_(key);
    if (!fields.has(key)) problem(2, `missing field "${key}"`);
  }

  const links = list('links', false);
  for (const [index, link] of links.entries()) {
    if (!SLUG_PATTERN.test(link))
      problem(lineOf((fields.get('links') as { items?: Node[] }).items?.[index]), `link "${link}" is not a slug`);
  }
  const aliases = list('aliases', true);
  const context = list('context', false);
  const argumentNames = list('arguments', false);
  const snippets = list('snippets', false);
  const demo = fields.has('demo') ? text_('demo') : undefined;
  const api = readApi(fields.get('api'), lineOf, problem);
  const references = readReferences(fields.get('references'), lineOf, problem);

  const body = split.body.trim();
  // Lines that trim() removed before the body text, so bodyLine is where the text starts.
  const bodyLine =
    split.bodyLine + (split.body.slice(0, split.body.length - split.body.trimStart().length).match(/\n/g)?.length ?? 0);
  if (!body) problem(split.bodyLine, 'the note has no body text after the front matter');

  if (REQUIRED_TEXT.some((key) => required[key] === undefined)) return { problems };

  const bodyLinks = linksInBody(body);
  const note: Note = {
    slug,
    title: required.title!,
    topic: required.topic!,
    problem: required.problem!,
    solution: required.solution!,
    formula: required.formula!,
    links: [...new Set([...links, ...bodyLinks.map((l) => l.slug)])].filter((l) => l !== slug),
    aliases,
    context,
    arguments: argumentNames,
    api,
    snippets,
    demo,
    references,
    body,
    source: { file, frontMatter: split.yaml, bodyLine, builtIn },
  };
  return { note, problems };
}

interface FrontMatterSplit {
  yaml: string;
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
}

export function splitFrontMatter(text: string): FrontMatterSplit | undefined {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!normalized.startsWith('---\n')) return undefined;
  const close = normalized.indexOf('\n---', 3);
  if (close < 0) return undefined;
  const afterClose = normalized.indexOf('\n', close + 4);
  const closingLine = normalized.slice(close + 1, afterClose < 0 ? undefined : afterClose);
  if (closingLine.trim() !== '---') return undefined;
  const yaml = normalized.slice(4, close + 1);
  const body = afterClose < 0 ? '' : normalized.slice(afterClose + 1);
  const bodyLine = normalized.slice(0, afterClose + 1).split('\n').length;
  return { yaml, body, bodyLine };
}

/** Relative Markdown links to other notes: [text](slug.md) or (./slug.md#section). */
export function linksInBody(body: string): { slug: string; offset: number }[] {
  const found: { slug: string; offset: number }[] = [];
  const pattern = /\]\((?:\.\/)?([a-z0-9]+(?:-[a-z0-9]+)*)\.md(?:#[^)\s]*)?\)/g;
  for (const match of body.matchAll(pattern)) found.push({ slug: match[1]!, offset: match.index });
  return found;
}

type ProblemSink = (line: number, message: string, severity?: NoteProblem['severity']) => void;

function readApi(node: Node | undefined, lineOf: (n: Node | undefined) => number, problem: ProblemSink): ApiDoc[] {
  if (node === undefined || node === null) return [];
  if (!isMap(node)) {
    problem(lineOf(node), '"api" must be a mapping from API names to documentation URLs');
    return [];
  }
  const docs: ApiDoc[] = [];
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const url = isScalar(pair.value) ? String(pair.value.value) : '';
    if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(name))
      problem(lineOf(pair.key as Node), `api name "${name}" is not a dotted identifier`);
    else if (!/^https:\/\/\S+$/.test(url))
      problem(lineOf(pair.key as Node), `api "${name}" needs an https:// documentation URL`);
    else docs.push({ name, url });
  }
  return docs;
}

function readReferences(
  node: Node | undefined,
  lineOf: (n: Node | undefined) => number,
  problem: ProblemSink,
): PaperReference[] {
  if (node === undefined || node === null) {
    problem(2, 'missing field "references" (the original papers)');
    return [];
  }
  if (!isSeq(node)) {
    problem(lineOf(node), '"references" must be a list of {authors, year, title, url}');
    return [];
  }
  const references: PaperReference[] = [];
  for (const item of node.items as Node[]) {
    const value = isMap(item) ? (item.toJSON() as Record<string, unknown>) : undefined;
    const ok =
      value && typeof value.authors === 'string' && typeof value.title === 'string' && Number.isInteger(value.year);
    if (!ok) {
      problem(lineOf(item), 'a reference needs authors (text), year (a number) and title (text)');
      continue;
    }
    if (value.url !== undefined && !/^https?:\/\/\S+$/.test(String(value.url))) {
      problem(lineOf(item), `reference url "${String(value.url)}" is not a URL`);
    }
    references.push({
      authors: value.authors as string,
      year: value.year as number,
      title: value.title as string,
      url: typeof value.url === 'string' ? value.url : undefined,
    });
  }
  if (references.length === 0) problem(lineOf(node), '"references" must list at least one paper');
  return references;
}
