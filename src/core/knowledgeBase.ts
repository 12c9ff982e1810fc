// All notes together: lookup by slug, topics, the concept index and the link graph,
// plus the checks that only make sense across notes (links resolve, aliases unique,
// snippets and demos exist).
import { type DocumentAnalysis, analyzeDocument } from './analysis/documentAnalysis';
import { type DocumentPart } from './analysis/readDocument';
import { type ApiNamespace } from './apiCoverage';
import { type ApiEntry, ApiIndex } from './apiIndex';
import { ConceptIndex } from './conceptIndex';
import { LinkGraph } from './linkGraph';
import { type Note, type NoteProblem } from './note';
import { linksInBody, parseNote } from './noteParser';

export interface NoteSource {
  file: string;
  text: string;
  builtIn: boolean;
}

/** Topics of the built-in notes, in the order the tree shows them; other topics follow alphabetically. */
export const TOPIC_ORDER = [
  'Architectures',
  'Normalization & Regularization',
  'Optimization & Training',
  'Objectives & Evaluation',
  'Generative Models & Gradient Estimation',
];

export interface TopicGroup {
  topic: string;
  notes: Note[];
}

export class KnowledgeBase {
  readonly index: ConceptIndex;
  readonly api: ApiIndex;
  readonly graph: LinkGraph;
  private readonly bySlug: Map<string, Note>;

  private constructor(
    readonly notes: Note[],
    readonly problems: NoteProblem[],
    apiNamespaces: readonly ApiNamespace[],
  ) {
    this.bySlug = new Map(notes.map((n) => [n.slug, n]));
    this.index = new ConceptIndex(notes);
    this.api = new ApiIndex(apiNamespaces, notes);
    this.graph = new LinkGraph(notes);
  }

  /** What every name and phrase of a document means (see analysis/documentAnalysis.ts). */
  analyze(parts: readonly DocumentPart[]): DocumentAnalysis {
    return analyzeDocument(parts, { index: this.index, api: this.api });
  }

  /** Parses every source; a later source with the same slug replaces an earlier one (your notes over built-ins). */
  static fromSources(
    sources: readonly NoteSource[],
    readProblems: readonly NoteProblem[] = [],
    apiNamespaces: readonly ApiNamespace[] = [],
  ): KnowledgeBase {
    return KnowledgeBase.withUserNotes({ notes: [], api: apiNamespaces }, sources, readProblems);
  }

  /**
   * Content parsed already (the built-in notes and API lists, from builtins.json) plus sources parsed now
   * (your notes); a source with the slug of a built-in note replaces it.
   */
  static withUserNotes(
    builtIn: { notes: readonly Note[]; api?: readonly ApiNamespace[] },
    sources: readonly NoteSource[],
    readProblems: readonly NoteProblem[] = [],
  ): KnowledgeBase {
    const problems: NoteProblem[] = [...readProblems];
    const bySlug = new Map<string, Note>(builtIn.notes.map((note) => [note.slug, note]));
    for (const source of sources) {
      const parsed = parseNote(source.text, source.file, source.builtIn);
      problems.push(...parsed.problems);
      if (!parsed.note) continue;
      const previous = bySlug.get(parsed.note.slug);
      if (previous && !previous.source.builtIn) {
        problems.push({
          file: source.file,
          line: 0,
          severity: 'error',
          message: `duplicate slug "${parsed.note.slug}" (also ${previous.source.file}); the later one is used`,
        });
      }
      bySlug.set(parsed.note.slug, parsed.note);
    }
    const notes = [...bySlug.values()].sort(
      (a, b) =>
        topicRank(a.topic) - topicRank(b.topic) || a.topic.localeCompare(b.topic) || a.title.localeCompare(b.title),
    );
    return new KnowledgeBase(notes, problems, builtIn.api ?? []);
  }

  note(slug: string): Note | undefined {
    return this.bySlug.get(slug);
  }

  topics(): TopicGroup[] {
    const groups: TopicGroup[] = [];
    for (const note of this.notes) {
      const last = groups[groups.length - 1];
      if (last?.topic === note.topic) last.notes.push(note);
      else groups.push({ topic: note.topic, notes: [note] });
    }
    return groups;
  }

  /**
   * What a term typed by a person names — an API name, an alias, a slug or a title — or, for a
   * context-dependent word, the notes it may mean. Never a guess: undefined when nothing matches.
   */
  resolveTerm(term: string): { slug: string; api?: ApiEntry } | { candidates: string[] } | undefined {
    const trimmed = term.trim();
    if (!trimmed) return undefined;
    for (const name of qualifiedForms(trimmed)) {
      const entry = this.api.lookup(name);
      if (entry?.slug) return { slug: entry.slug, api: entry };
      if (entry) return undefined; // listed as not a concept
    }
    const alias = this.index.matchTerm(trimmed);
    if (alias) return { slug: alias.slug };
    const lower = trimmed.toLowerCase();
    const named = this.notes.find((n) => n.slug === lower || n.title.toLowerCase() === lower);
    if (named) return { slug: named.slug };
    const candidates = this.index.contextCandidates(trimmed).map((m) => m.slug);
    return candidates.length ? { candidates } : undefined;
  }

  /** Notes for a search box or `dl-notes explain`: a concept match, then slug, title, alias and problem text. */
  search(query: string): Note[] {
    const q = query.trim().toLowerCase();
    if (!q) return [...this.notes];
    const resolved = this.resolveTerm(query);
    const named = resolved && 'slug' in resolved ? [resolved.slug] : (resolved?.candidates ?? []);
    // Every word typed must begin a word of the text: "norm" finds Layer Normalization, "x" finds no BERT.
    const words = q.split(/[\s,]+/).filter(Boolean);
    const starts = (text: string) => {
      const own = text
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean);
      return words.every((w) => own.some((o) => o.startsWith(w)));
    };
    const score = (note: Note): number => {
      if (named.includes(note.slug) || note.slug === q) return 0;
      if (starts(note.title)) return 1;
      if (note.aliases.some(starts)) return 2;
      if (starts(`${note.problem} ${note.solution}`)) return 3;
      return -1;
    };
    return this.notes
      .map((note) => ({ note, rank: score(note) }))
      .filter((r) => r.rank >= 0)
      .sort((a, b) => a.rank - b.rank)
      .map((r) => r.note);
  }

  /** Cross-note checks. Pass the snippet and demo ids that exist to check references to them. */
  validate(known: { snippetIds?: ReadonlySet<string>; demoIds?: ReadonlySet<string> } = {}): NoteProblem[] {
    const problems: NoteProblem[] = [];
    for (const note of this.notes) {
      const file = note.source.file;
      const lineOf = (needle: string, field: string) => lineInFile(note, needle, field);
      const frontMatterLinks = new Set(note.links);
      for (const slug of frontMatterLinks) {
        if (!this.bySlug.has(slug))
          problems.push({
            file,
            line: lineOf(slug, 'links'),
            severity: 'error',
            message: `link to unknown note "${slug}"`,
          });
      }
      for (const link of linksInBody(note.body)) {
        if (!this.bySlug.has(link.slug)) {
          const line = note.source.bodyLine + note.body.slice(0, link.offset).split('\n').length - 1;
          problems.push({ file, line, severity: 'error', message: `body links to unknown note "${link.slug}.md"` });
        }
      }
      for (const id of note.snippets) {
        if (known.snippetIds && !known.snippetIds.has(id))
          problems.push({
            file,
            line: lineOf(id, 'snippets'),
            severity: 'error',
            message: `snippet "${id}" does not exist`,
          });
      }
      if (note.demo && known.demoIds && !known.demoIds.has(note.demo)) {
        problems.push({
          file,
          line: lineOf(note.demo, 'demo'),
          severity: 'error',
          message: `demo "${note.demo}" does not exist`,
        });
      }
      for (const api of note.api) {
        const entry = this.api.lookup(api.name);
        if (entry?.slug !== note.slug) {
          const why = entry?.slug ? `the API lists map it to "${entry.slug}"` : 'the API lists say it is not a concept';
          problems.push({
            file,
            line: lineOf(api.name, 'api'),
            severity: 'error',
            message: `api "${api.name}" would not show this note: ${why}`,
          });
        }
      }
      for (const alias of note.aliases) {
        const match = this.index.matchTerm(alias);
        if (match && match.slug !== note.slug) {
          problems.push({
            file,
            line: lineOf(alias, 'aliases'),
            severity: 'error',
            message: `alias "${alias}" resolves to "${match.slug}" instead`,
          });
        }
      }
    }
    for (const conflict of this.index.aliasConflicts()) {
      const first = this.bySlug.get(conflict.slugs[0] ?? '');
      problems.push({
        file: first?.source.file ?? '',
        line: 0,
        severity: 'error',
        message: `alias "${conflict.alias}" is claimed by several notes: ${conflict.slugs.join(', ')}`,
      });
    }
    return problems;
  }
}

function topicRank(topic: string): number {
  const rank = TOPIC_ORDER.indexOf(topic);
  return rank < 0 ? TOPIC_ORDER.length : rank;
}

/** The 1-based file line of `needle` within a front-matter field (the field's line if not found, 0 if no field). */
function lineInFile(note: Note, needle: string, field: string): number {
  const lines = note.source.frontMatter.split('\n');
  const fieldLine = lines.findIndex((line) => line.startsWith(`${field}:`));
  if (fieldLine < 0) return 0;
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const word = new RegExp(`(^|[\\s\\[,:'"-])${escaped}($|[\\s\\],:'"])`);
  for (const [i, line] of lines.entries()) {
    if (i < fieldLine) continue;
    if (i > fieldLine && /^\S/.test(line)) break; // next field
    if (word.test(i === fieldLine ? line.slice(field.length + 1) : line)) return i + 2; // + the opening "---", 1-based
  }
  return fieldLine + 2;
}

/** A term as the API lists may spell it: as typed, and with the usual short roots expanded. */
function qualifiedForms(term: string): string[] {
  if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(term)) return [];
  const [head, ...rest] = term.split('.');
  const roots: Record<string, string[]> = {
    nn: ['torch.nn', 'flax.linen'],
    F: ['torch.nn.functional'],
    init: ['torch.nn.init'],
    optim: ['torch.optim'],
    lr_scheduler: ['torch.optim.lr_scheduler'],
    layers: ['keras.layers', 'tf.layers'],
  };
  return [term, ...(roots[head!] ?? []).map((root) => [root, ...rest].join('.'))];
}
