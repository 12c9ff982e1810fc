// The notes' aliases, indexed for matching by spelling: identifiers by their words
// (CausalSelfAttention ends with "self attention"), dotted aliases by their qualifier
// (init.normal_), phrases in prose ("layer norm"). Whole-document reading — bindings, context,
// guards — is the analysis's job (src/core/analysis); this index only answers "which alias is this?".
import { DEEP_LEARNING_MODULES } from './libraries';
import { type Note } from './note';
import { GENERIC_TRAILING_WORDS, splitWordsExact, withoutDigits, wordKey } from './words';

export interface AliasMatch {
  slug: string;
  /** The alias as the note writes it. */
  alias: string;
  /** A context-dependent alias: explained only where the document shows evidence for the note. */
  context: boolean;
}

export interface AliasConflict {
  alias: string;
  slugs: string[];
}

/** A match in prose: offsets into the text, and whether it was read as code (`self.ln_f`, `LayerNorm`). */
export interface ProseMatch {
  start: number;
  end: number;
  matches: AliasMatch[];
  code: boolean;
}

interface QualifiedAlias extends AliasMatch {
  /** Word keys of the dotted segments, e.g. init.normal_ → ["init", "normal"]. */
  segments: string[];
}

const MAX_PHRASE_WORDS = 6;
/** Last words that make a compound name something else than its modifier's concept (its output, its module). */
const NOT_THE_THING = new Set(['output', 'outputs', 'out', 'result', 'results', 'lib', 'libs', 'utils', 'util']);
/** Last words of names about the bookkeeping around a thing rather than the thing. */
const BOOKKEEPING = new Set(['path', 'paths', 'dir', 'file', 'filename', 'name', 'names', 'url', 'utils', 'util', 'id', 'ids', 'length', 'len', 'remainder', 'proj', 'weight', 'weights', 'bias', 'key', 'keys']); // prettier-ignore
/** Words a compound name may have after the alias it is about (`attention_mask_converter`: 2). */
const MAX_COMPOUND_TAIL = 2;
/** Identifiers this short match only an alias spelled exactly so (BN), never by their words (l, L, ls). */
const SHORT_IDENTIFIER = 2;
const WORD_OR_CHAIN = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g;
const URL = /\b(?:https?|ftp|file):\/\/[^\s)>\]]+|\bwww\.[^\s)>\]]+/g;

export class ConceptIndex {
  private readonly strong = new Map<string, AliasMatch>();
  private readonly context = new Map<string, AliasMatch[]>();
  /** Single-word aliases by their exact spelling, for prose (RoPE, REINFORCE, dropout). */
  private readonly exactWords = new Map<string, AliasMatch[]>();
  private readonly qualifiedByLeaf = new Map<string, QualifiedAlias[]>();
  private readonly conflicts = new Map<string, Set<string>>();
  /** Keyword-argument names, by note, that name the note inside its own calls. */
  private readonly argumentKeys = new Map<string, Set<string>>();
  /** Identifiers repeat: each is matched once (bounded, so a huge file cannot grow it without end). */
  private readonly identifierMemo = new Map<string, AliasMatch[]>();
  private readonly lists = new Map<AliasMatch, AliasMatch[]>();
  /** See keyPrefixes (made on first use). */
  private prefixes?: Set<string>;

  constructor(notes: readonly Note[]) {
    const sorted = [...notes].sort((a, b) => a.slug.localeCompare(b.slug));
    for (const note of sorted) for (const alias of note.aliases) this.add(note.slug, alias, false);
    for (const note of sorted) for (const alias of note.context) this.add(note.slug, alias, true);
    for (const note of sorted) this.argumentKeys.set(note.slug, new Set(note.arguments.map(wordKey)));
  }

  /** Aliases whose key is claimed by more than one note (context aliases may be shared). */
  aliasConflicts(): AliasConflict[] {
    return [...this.conflicts].map(([alias, slugs]) => ({ alias, slugs: [...slugs].sort() }));
  }

  /**
   * The aliases an identifier ends with, longest first: one strong match, or the notes that share a
   * context-dependent alias. An optional generic last word is ignored (GCNLayer is a GCN).
   */
  matchIdentifier(identifier: string): AliasMatch[] {
    const memo = this.identifierMemo.get(identifier);
    if (memo) return memo;
    if (this.identifierMemo.size > 100_000) this.identifierMemo.clear();
    // Python's special names (__init__, __call__) are the language's, never a concept.
    const result = /^__\w+__$/.test(identifier) ? NO_MATCHES : this.matchIdentifierWords(identifier);
    this.identifierMemo.set(identifier, result);
    return result;
  }

  private matchIdentifierWords(identifier: string): AliasMatch[] {
    if (identifier.replace(/^_+|_+$/g, '').length <= SHORT_IDENTIFIER) return this.exactWords.get(identifier) ?? [];
    const words = splitWordsExact(identifier);
    // `attn_output`, `GPTConfig`, `encoder_kwargs`: the output of a layer, or the settings of one, is not it.
    if (words.length > 1 && NOT_THE_THING.has(withoutDigits(words[words.length - 1]!))) return [];
    const found = this.matchWordSuffix(words);
    // A context-dependent head is about its modifier when there is one: adam_betas, layer_norm_eps (strong),
    // pooling_stride, noise_scheduler, diffusion_schedule (a context-dependent word before a one-word head).
    if (found.length && found[0]!.context) {
      const modifier = this.matchCompound(words);
      if (modifier.length && !modifier[0]!.context) return modifier;
      // A head of one word is the weaker sign: the words before it say whose (the stride of a pooling).
      const head = this.suffixStart(words);
      return (head === words.length - 1 ? this.contextModifier(words, head) : undefined) ?? found;
    }
    if (found.length) return found;
    const last = words[words.length - 1];
    if (words.length > 1 && last && GENERIC_TRAILING_WORDS.has(withoutDigits(last))) {
      const withoutGeneric = this.matchWordSuffix(words.slice(0, -1));
      if (withoutGeneric.length) return withoutGeneric;
    }
    return this.matchCompound(words);
  }

  /**
   * The aliases a name ends with, as matchIdentifier finds them, but never by a modifier: `conv2d`,
   * `act_layer`, `norm_layer` (the name is the thing), not `max_cache_shape` (a shape, of a cache).
   */
  matchHead(identifier: string): AliasMatch[] {
    const words = splitWordsExact(identifier);
    if (!words.length || identifier.replace(/^_+|_+$/g, '').length <= SHORT_IDENTIFIER) return NO_MATCHES;
    const found = this.matchWordSuffix(words);
    const last = words[words.length - 1]!;
    if (found.length || words.length < 2 || !GENERIC_TRAILING_WORDS.has(withoutDigits(last))) return found;
    return this.matchWordSuffix(words.slice(0, -1));
  }

  /**
   * A compound name whose head is some other word names the concept of its modifier: `attn_weights`,
   * `attention_mask`, `dropout_rate`, with at most two words after. A strong alias is the modifier; failing
   * one, a context-dependent word gives its notes as context-dependent too (`diffusion_times` needs a file
   * about diffusion).
   */
  private matchCompound(words: string[]): AliasMatch[] {
    if (words.length < 2) return [];
    const stripped = words.map(withoutDigits);
    let context: AliasMatch[] | undefined;
    for (let end = words.length - 1; end >= Math.max(1, words.length - MAX_COMPOUND_TAIL); end--) {
      for (let from = Math.max(0, end - MAX_PHRASE_WORDS); from < end; from++) {
        const key = stripped.slice(from, end).join('');
        if (key.length < 3) continue;
        const strong = this.strong.get(key);
        if (strong) return this.alone(strong);
        context ??= this.context.get(key);
      }
    }
    // A context-dependent modifier (diffusion_times, noise_rates) names its notes only with their company, and
    // not the files, names and bookkeeping around them (generator_save_path, cache_utils, drop_remainder).
    if (BOOKKEEPING.has(stripped[stripped.length - 1]!)) return [];
    return context ?? [];
  }

  /** Whether some dotted alias (init.normal_) ends with this name: most names are no such leaf. */
  mayBeQualified(leaf: string): boolean {
    return this.qualifiedByLeaf.has(wordKey(leaf));
  }

  /** A dotted alias (init.normal_) that ends at segment `i` of a chain. */
  matchQualified(segments: readonly string[], i: number): QualifiedAlias | undefined {
    const candidates = this.qualifiedByLeaf.get(wordKey(segments[i]!));
    if (!candidates || i === 0) return undefined;
    const keys = segments.slice(0, i + 1).map(wordKey);
    return candidates.find((q) => endsWith(keys, q.segments));
  }

  /** Matches in a comment, docstring or Markdown text: code-like tokens, words in their case, phrases. */
  matchProse(text: string): ProseMatch[] {
    const found: ProseMatch[] = [];
    const skipped = text.includes('/')
      ? [...text.matchAll(URL)].map((m) => [m.index, m.index + m[0].length] as const)
      : [];
    const inSkipped = (at: number) => skipped.length > 0 && skipped.some(([a, b]) => a <= at && at < b);
    const words: { text: string; start: number }[] = [];
    for (const m of text.matchAll(WORD_OR_CHAIN)) {
      const start = m.index;
      if (inSkipped(start) || (start > 0 && /[\w$]/.test(text[start - 1]!))) continue;
      const token = m[0];
      // Paths (huggingface/transformers) and the modules of import lines quoted in prose are names of things.
      if (text[start - 1] === '/' || text[start + token.length] === '/' || isImportedModule(text, start, token)) {
        words.push({ text: '', start });
        continue;
      }
      if (isCodeLike(token)) {
        const segments = token.split('.');
        // `transformers.models.bloom…` in a comment: the first name is the library, not the concept.
        const first = segments.length > 1 && DEEP_LEARNING_MODULES.test(segments[0]!) ? 1 : 0;
        let offset = start;
        for (let i = 0; i < segments.length; i++) {
          const segment = segments[i]!;
          if (i < first) {
            offset += segment.length + 1;
            continue;
          }
          const qualified = this.matchQualified(segments, i);
          const matches = qualified ? [qualified] : this.matchIdentifier(segment);
          if (matches.length) found.push({ start: offset, end: offset + segment.length, matches, code: true });
          offset += segment.length + 1;
        }
        words.push({ text: '', start }); // breaks a phrase
        continue;
      }
      words.push({ text: token, start });
    }
    this.matchPhrases(text, words, found);
    return removeOverlaps(found);
  }

  /** A whole term, as typed into `dl-notes explain` or a search box (any case). */
  matchTerm(term: string): AliasMatch | undefined {
    const trimmed = term.trim();
    if (!trimmed) return undefined;
    if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(trimmed)) {
      const segments = trimmed.split('.');
      const last = segments.length - 1;
      const qualified = this.matchQualified(segments, last);
      if (qualified) return qualified;
      const [match] = this.matchIdentifier(segments[last]!);
      if (match && !match.context && wordKey(segments[last]!).endsWith(wordKey(match.alias))) return match;
      return match && !match.context ? match : undefined;
    }
    const key = wordKey(trimmed);
    const strong = this.lookup(key);
    return strong && !strong.context ? strong : undefined;
  }

  /** Whether a keyword argument's name means the note inside a call of the note (`momentum` of SGD). */
  isArgumentOf(slug: string, name: string): AliasMatch | undefined {
    const key = wordKey(name);
    return this.argumentKeys.get(slug)?.has(key) ? { slug, alias: name, context: true } : undefined;
  }

  /** The notes whose calls take a keyword argument of this name. */
  notesWithArgument(name: string): string[] {
    const key = wordKey(name);
    const slugs: string[] = [];
    for (const [slug, keys] of this.argumentKeys) if (keys.has(key)) slugs.push(slug);
    return slugs;
  }

  /** The notes that read a term as one of their context-dependent words. */
  contextCandidates(term: string): AliasMatch[] {
    const words = splitWordsExact(term.trim());
    return this.context.get(words.join('')) ?? this.context.get(words.map(withoutDigits).join('')) ?? [];
  }

  private add(slug: string, alias: string, context: boolean): void {
    const match: AliasMatch = { slug, alias, context };
    if (alias.includes('.')) {
      const segments = alias.split('.').map(wordKey);
      if (segments.some((s) => !s)) return;
      const leaf = segments[segments.length - 1]!;
      const list = this.qualifiedByLeaf.get(leaf) ?? [];
      const clash = list.find((q) => q.segments.join('.') === segments.join('.') && q.slug !== slug);
      if (clash) this.recordConflict(alias, clash.slug, slug);
      list.push({ ...match, segments });
      this.qualifiedByLeaf.set(leaf, list);
      return;
    }
    const key = wordKey(alias);
    if (!key) return;
    if (!/[\s-]/.test(alias.trim())) {
      const list = this.exactWords.get(alias) ?? [];
      if (!list.some((m) => m.slug === slug)) list.push(match);
      this.exactWords.set(alias, list);
    }
    const strong = this.strong.get(key);
    if (context) {
      if (strong) this.recordConflict(alias, strong.slug, slug);
      const list = this.context.get(key) ?? [];
      if (!list.some((m) => m.slug === slug)) list.push(match);
      this.context.set(key, list);
      return;
    }
    if (strong && strong.slug !== slug) this.recordConflict(alias, strong.slug, slug);
    if (!strong) this.strong.set(key, match);
  }

  private recordConflict(alias: string, ...slugs: string[]): void {
    const set = this.conflicts.get(wordKey(alias)) ?? new Set<string>();
    for (const slug of slugs) set.add(slug);
    this.conflicts.set(wordKey(alias), set);
  }

  /** A strong alias as a list of one, made once (the lists are shared and never changed). */
  private alone(match: AliasMatch): AliasMatch[] {
    let list = this.lists.get(match);
    if (!list) this.lists.set(match, (list = [match]));
    return list;
  }

  /** A strong alias for a key (or its singular), else a context alias. */
  private lookup(key: string): AliasMatch | undefined {
    const singular = key.endsWith('s') ? key.slice(0, -1) : undefined;
    return (
      this.strong.get(key) ??
      (singular ? this.strong.get(singular) : undefined) ??
      this.context.get(key)?.[0] ??
      (singular ? this.context.get(singular)?.[0] : undefined)
    );
  }

  private lookupAll(key: string): AliasMatch[] {
    const strong = this.strong.get(key);
    if (strong) return this.alone(strong);
    const singulars = singularsOf(key);
    for (const k of singulars) {
      const strongSingular = this.strong.get(k);
      if (strongSingular) return this.alone(strongSingular);
    }
    const context = this.context.get(key);
    if (context) return context;
    for (const k of singulars) {
      const contextSingular = this.context.get(k);
      if (contextSingular) return contextSingular;
    }
    return [];
  }

  /** The longest alias that the words end with: with their digits first (L1, fp16), then without (Conv2d). */
  private matchWordSuffix(words: string[]): AliasMatch[] {
    const from = this.suffixStart(words);
    return from < 0 ? NO_MATCHES : this.suffixMatches(words, from);
  }

  /** Where the longest alias the words end with begins (-1: none). */
  private suffixStart(words: string[]): number {
    for (let from = Math.max(0, words.length - MAX_PHRASE_WORDS); from < words.length; from++) {
      if (this.suffixMatches(words, from).length) return from;
    }
    return -1;
  }

  private suffixMatches(words: string[], from: number): AliasMatch[] {
    const exact = this.lookupAll(words.slice(from).join(''));
    return exact.length ? exact : this.lookupAll(words.slice(from).map(withoutDigits).join(''));
  }

  /** A context-dependent alias among the words just before `head` (`pooling` in pooling_kernel_size). */
  private contextModifier(words: string[], head: number): AliasMatch[] | undefined {
    for (let from = Math.max(0, head - MAX_PHRASE_WORDS); from < head; from++) {
      const key = words.slice(from, head).map(withoutDigits).join('');
      const context = key.length >= 3 ? this.context.get(key) : undefined;
      if (context) return context;
    }
    return undefined;
  }

  /**
   * Phrases of plain words joined by one space or hyphen ("layer norm", "multi-head attention"), any
   * case; single words only in the case the note writes them (dropout, Dropout at a sentence start, RoPE).
   */
  private matchPhrases(text: string, words: { text: string; start: number }[], found: ProseMatch[]): void {
    let runStart = 0;
    for (let i = 1; i <= words.length; i++) {
      const previous = words[i - 1]!;
      const previousEnd = previous.start + previous.text.length;
      const joined =
        i < words.length && previous.text && words[i]!.text && /^[ -]$/.test(text.slice(previousEnd, words[i]!.start));
      if (joined) continue;
      this.matchRun(
        words.slice(runStart, i).filter((w) => w.text),
        found,
      );
      runStart = i;
    }
  }

  private matchRun(run: { text: string; start: number }[], found: ProseMatch[]): void {
    const keys = run.map((w) => wordKey(w.text));
    const prefixes = this.keyPrefixes();
    for (let i = 0; i < run.length; i++) {
      // The longest phrase from word i that is an alias: grown word by word while it may still become one.
      let longest: { j: number; matches: AliasMatch[] } | undefined;
      let key = keys[i]!;
      for (let j = i + 1; j < Math.min(run.length, i + MAX_PHRASE_WORDS); j++) {
        key += keys[j]!;
        // Letters in a row ('b n d' of an einops pattern) are no phrase.
        if (run[i]!.text.length === 1 && run[j]!.text.length === 1) break;
        const matches = this.lookupAll(key);
        if (matches.length) longest = { j, matches };
        if (!prefixes.has(key)) break;
      }
      if (longest) {
        const last = run[longest.j]!;
        found.push({ start: run[i]!.start, end: last.start + last.text.length, matches: longest.matches, code: false });
        i = longest.j;
        continue;
      }
      const word = run[i]!;
      const matches = this.exactWordMatches(word.text);
      if (matches.length) found.push({ start: word.start, end: word.start + word.text.length, matches, code: false });
    }
  }

  /** Every beginning of an alias's key: a phrase in prose is grown only while it can still become one. */
  private keyPrefixes(): Set<string> {
    if (!this.prefixes) {
      this.prefixes = new Set();
      for (const key of [...this.strong.keys(), ...this.context.keys()])
        for (let n = 1; n < key.length; n++) this.prefixes.add(key.slice(0, n));
    }
    return this.prefixes;
  }

  /** A single prose word in the note's own case; a lower-case alias may also open a sentence (Dropout). */
  private exactWordMatches(word: string): AliasMatch[] {
    const candidates = [word, word.endsWith('s') ? word.slice(0, -1) : ''];
    if (/^[A-Z][a-z]+s?$/.test(word)) candidates.push(word.toLowerCase(), word.toLowerCase().replace(/s$/, ''));
    for (const candidate of candidates) {
      const matches = candidate && this.exactWords.get(candidate);
      if (matches && matches.length) return matches;
    }
    return [];
  }
}

/** A key's possible singulars: losses → loss, embeddings → embedding, cache → (none). */
const NO_SINGULARS: string[] = [];
const NO_MATCHES: AliasMatch[] = [];

function singularsOf(key: string): string[] {
  if (!key.endsWith('s') || key.length < 4) return NO_SINGULARS;
  return key.endsWith('es') ? [key.slice(0, -1), key.slice(0, -2)] : [key.slice(0, -1)];
}

/**
 * A module named in an import line quoted in prose: `from transformers import …`, `import torch.nn as nn`. Not
 * "copied from ConvNeXt-V2": `from` needs an `import` after the name, `import` must begin the line.
 */
function isImportedModule(text: string, start: number, token: string): boolean {
  const before = text.slice(Math.max(0, start - 8), start);
  if (/\bfrom\s+$/.test(before))
    return /^\s+import\b/.test(text.slice(start + token.length, start + token.length + 12));
  if (!/\bimport\s+$/.test(before)) return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return /^\s*(?:[#>*-]\s*)*import\s+$/.test(text.slice(lineStart, start));
}

/** snake_case, dotted, camelCase or digit-bearing tokens are read as code even in prose. */
function isCodeLike(token: string): boolean {
  return /[._\d$]/.test(token) || /[a-z][A-Z]/.test(token) || /^[A-Z][a-z]+[A-Z]/.test(token);
}

function endsWith(keys: string[], suffix: string[]): boolean {
  if (suffix.length > keys.length) return false;
  const offset = keys.length - suffix.length;
  return suffix.every((key, i) => keys[offset + i] === key);
}

/** Keeps the longest match where matches overlap; ties go to the leftmost. */
function removeOverlaps<T extends { start: number; end: number }>(spans: T[]): T[] {
  const byLength = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: T[] = [];
  for (const span of byLength) {
    if (!kept.some((k) => span.start < k.end && k.start < span.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}
