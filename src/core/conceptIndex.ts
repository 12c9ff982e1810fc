// Finds the concepts a line of code, comment or prose refers to. This is the one
// matching function behind the hover, the "Explain" command and `dl-notes scan`.
import { type Note } from './note';
import { GENERIC_TRAILING_WORDS, splitWords, wordKey } from './words';

export interface ConceptSpan {
  slug: string;
  /** 0-based column of the first character. */
  start: number;
  /** 0-based column after the last character. */
  end: number;
  text: string;
  /** The alias that matched, as written in the note. */
  alias: string;
  /** Whether the span is code (an identifier or dotted name) rather than a phrase of prose. */
  code: boolean;
}

export interface AliasConflict {
  alias: string;
  slugs: string[];
}

interface AliasEntry {
  slug: string;
  alias: string;
}

interface QualifiedAlias extends AliasEntry {
  /** Word keys of the dotted segments, e.g. init.normal_ → ["init", "normal"]. */
  segments: string[];
}

interface Token {
  start: number;
  segments: { text: string; start: number }[];
}

/** First segments of library paths: a span grows to cover them (nn.LayerNorm, tf.layers.dropout). */
const LIBRARY_ROOTS = new Set([
  'torch',
  'nn',
  'F',
  'functional',
  'init',
  'optim',
  'tf',
  'keras',
  'layers',
  'initializers',
  'losses',
  'jax',
  'jnp',
  'flax',
  'linen',
  'optax',
  'tfp',
  'tfd',
  'tfb',
  'distributions',
  'dist',
  'D',
  'K',
  'torch_geometric',
  'pyg',
  'dgl',
  'tfjs',
  'utils',
  'lr_scheduler',
  'swa_utils',
  'torchvision',
  'torchmetrics',
  'sklearn',
  'pyro',
  'numpyro',
  'jraph',
  'distrax',
  'hk',
  'haiku',
  'timm',
  'ops',
  'models',
]);

const MAX_PHRASE_WORDS = 6;
/** The hover and the explain command look at most this far either side of the cursor. */
const CURSOR_WINDOW = 300;

const IDENTIFIER_CHAIN = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g;
const PLAIN_WORD = /^(?:[A-Za-z][a-z]*|[A-Z]+s?)$/;

export class ConceptIndex {
  private readonly byKey = new Map<string, AliasEntry>();
  private readonly qualifiedByLeaf = new Map<string, QualifiedAlias[]>();
  private readonly conflicts = new Map<string, Set<string>>();

  constructor(notes: readonly Note[]) {
    const sorted = [...notes].sort((a, b) => a.slug.localeCompare(b.slug));
    for (const note of sorted) {
      for (const alias of note.aliases) this.addAlias(note.slug, alias);
    }
  }

  /** Aliases whose key is claimed by more than one note. */
  aliasConflicts(): AliasConflict[] {
    return [...this.conflicts].map(([alias, slugs]) => ({ alias, slugs: [...slugs].sort() }));
  }

  /** Every concept span in one line, left to right, without overlaps. */
  findConcepts(line: string): ConceptSpan[] {
    const spans: ConceptSpan[] = [];
    const tokens = tokenize(line);
    for (const token of tokens) this.matchCode(token, spans);
    this.matchPhrases(line, tokens, spans);
    return removeOverlaps(spans).map((span) => ({ ...span, text: line.slice(span.start, span.end) }));
  }

  /** The concept under a 0-based column, looking only at the text near it. */
  findConceptAt(line: string, column: number): ConceptSpan | undefined {
    const from = Math.max(0, column - CURSOR_WINDOW);
    const to = Math.min(line.length, column + CURSOR_WINDOW);
    const window = line.slice(from, to);
    const spans = this.findConcepts(window)
      // A span touching a cut edge may be a fragment of a longer token.
      .filter((s) => (s.start > 0 || from === 0) && (s.end < window.length || to === line.length))
      .map((s) => ({ ...s, start: s.start + from, end: s.end + from }));
    return spans.find((s) => s.start <= column && column < s.end) ?? spans.find((s) => s.end === column);
  }

  /** A whole term, as typed into `dl-notes explain` or a search box. */
  matchTerm(term: string): ConceptSpan | undefined {
    const trimmed = term.trim();
    // The span may leave out a package prefix it does not know (jraph.GraphConvolution).
    return this.findConcepts(trimmed).find(
      (s) => s.end === trimmed.length && /^(?:[\w$]+\.)*$/.test(trimmed.slice(0, s.start)),
    );
  }

  private addAlias(slug: string, alias: string): void {
    if (alias.includes('.')) {
      const segments = alias.split('.').map(wordKey);
      if (segments.some((s) => !s)) return;
      const leaf = segments[segments.length - 1];
      const list = this.qualifiedByLeaf.get(leaf!) ?? [];
      const clash = list.find((q) => q.segments.join('.') === segments.join('.') && q.slug !== slug);
      if (clash) this.recordConflict(alias, clash.slug, slug);
      list.push({ slug, alias, segments });
      this.qualifiedByLeaf.set(leaf!, list);
      return;
    }
    const key = wordKey(alias);
    if (!key) return;
    const existing = this.byKey.get(key);
    if (existing && existing.slug !== slug) this.recordConflict(alias, existing.slug, slug);
    if (!existing) this.byKey.set(key, { slug, alias });
  }

  private recordConflict(alias: string, ...slugs: string[]): void {
    const set = this.conflicts.get(wordKey(alias)) ?? new Set<string>();
    for (const slug of slugs) set.add(slug);
    this.conflicts.set(wordKey(alias), set);
  }

  private lookupKey(key: string): AliasEntry | undefined {
    return this.byKey.get(key) ?? (key.endsWith('s') ? this.byKey.get(key.slice(0, -1)) : undefined);
  }

  /** An identifier names a concept when its words end with an alias (CausalSelfAttention → "self attention"). */
  private matchIdentifierWords(identifier: string): AliasEntry | undefined {
    const words = splitWords(identifier);
    const attempt = (ws: string[]) => {
      for (let from = 0; from < ws.length; from++) {
        if (ws.length - from > MAX_PHRASE_WORDS) continue;
        const found = this.lookupKey(ws.slice(from).join(''));
        if (found) return found;
      }
      return undefined;
    };
    const direct = attempt(words);
    if (direct) return direct;
    if (words.length > 1 && GENERIC_TRAILING_WORDS.has(words[words.length - 1]!)) return attempt(words.slice(0, -1));
    return undefined;
  }

  private matchCode(token: Token, spans: ConceptSpan[]): void {
    const { segments } = token;
    const keys = segments.map((s) => wordKey(s.text));
    const fromLibrary = LIBRARY_ROOTS.has(segments[0]!.text);
    for (let i = 0; i < segments.length; i++) {
      const qualified = (this.qualifiedByLeaf.get(keys[i]!) ?? []).find((q) =>
        endsWith(keys.slice(0, i + 1), q.segments),
      );
      const entry = qualified ?? this.matchIdentifierWords(segments[i]!.text);
      if (!entry) continue;
      const firstSegment = fromLibrary ? 0 : qualified ? i - qualified.segments.length + 1 : i;
      const start = segments[firstSegment]!.start;
      const end = segments[i]!.start + segments[i]!.text.length;
      spans.push({ slug: entry.slug, alias: entry.alias, start, end, text: '', code: true });
    }
  }

  /** Multi-word phrases of plain words separated by one space or hyphen: "layer norm", "multi-head attention". */
  private matchPhrases(line: string, tokens: Token[], spans: ConceptSpan[]): void {
    const words = tokens.filter((t) => t.segments.length === 1 && PLAIN_WORD.test(t.segments[0]!.text));
    let runStart = 0;
    for (let i = 1; i <= words.length; i++) {
      const previous = words[i - 1];
      const previousEnd = previous!.start + previous!.segments[0]!.text.length;
      const joined = i < words.length && /^[ -]$/.test(line.slice(previousEnd, words[i]!.start));
      if (joined) continue;
      this.matchRun(words.slice(runStart, i), spans);
      runStart = i;
    }
  }

  private matchRun(run: Token[], spans: ConceptSpan[]): void {
    for (let i = 0; i < run.length; i++) {
      for (let j = Math.min(run.length, i + MAX_PHRASE_WORDS) - 1; j > i; j--) {
        const key = run
          .slice(i, j + 1)
          .map((t) => wordKey(t.segments[0]!.text))
          .join('');
        const entry = this.lookupKey(key);
        if (!entry) continue;
        const last = run[j]!.segments[0];
        spans.push({
          slug: entry.slug,
          alias: entry.alias,
          start: run[i]!.start,
          end: last!.start + last!.text.length,
          text: '',
          code: false,
        });
        i = j;
        break;
      }
    }
  }
}

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  for (const match of line.matchAll(IDENTIFIER_CHAIN)) {
    const start = match.index ?? 0;
    // Skip the tail of a number such as 1e5 or 0x1f.
    if (start > 0 && /[\w$]/.test(line[start - 1]!)) continue;
    const segments: Token['segments'] = [];
    let offset = start;
    for (const text of match[0].split('.')) {
      segments.push({ text, start: offset });
      offset += text.length + 1;
    }
    tokens.push({ start, segments });
  }
  return tokens;
}

function endsWith(keys: string[], suffix: string[]): boolean {
  if (suffix.length > keys.length) return false;
  const offset = keys.length - suffix.length;
  return suffix.every((key, i) => keys[offset + i] === key);
}

/** Keeps the longest span where spans overlap; ties go to the leftmost. */
function removeOverlaps(spans: ConceptSpan[]): ConceptSpan[] {
  const byLength = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: ConceptSpan[] = [];
  for (const span of byLength) {
    if (!kept.some((k) => span.start < k.end && k.start < span.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}
