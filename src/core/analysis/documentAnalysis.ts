// One analysis of a whole document, behind the hover, "Explain Concept at Cursor", "Reveal Note
// Under Cursor", the "This file" view and `dl-notes scan`. It reads the document's facts, then
// decides what each name means from the file, in this order:
//   1. library names resolved through the file's imports (the API lists and the notes' api entries);
//   2. bindings: a name assigned a recognised constructor, or an instance of the file's own class of a
//      technique, carries that concept wherever it is used (`self.ln_f = nn.LayerNorm(…)` → `self.ln_f(x)`);
//      the output of applying a layer is not the layer;
//   3. the notes' aliases, by spelling;
//   4. context-dependent words (temperature, momentum, log_prob), only where the enclosing definition or
//      the document already shows strong evidence for the note that declares them.
// Guards keep it quiet elsewhere: no module names in imports, no one- or two-letter names by their words,
// single words in prose only in the note's own case, and in a document with no sign of deep learning
// nothing but unambiguous names.
import { type ApiEntry, type ApiIndex } from '../apiIndex';
import { type AliasMatch, type ConceptIndex } from '../conceptIndex';
import { DEEP_LEARNING_MODULES } from '../libraries';
import { splitWordsExact } from '../words';
import { acronymDefinitions, acronymUses } from './acronyms';
import { type Binding as TableBinding, BindingTable } from './bindingTable';
import { type Assignment, type Call, type Chain, type ProgramFacts, type Segment, type Value } from './facts';
import { type DocumentPart, readDocument } from './readDocument';

export type Reason =
  | { kind: 'alias'; alias: string }
  | { kind: 'api'; name: string; docs?: string }
  /**
   * `name` holds `source` (what it was assigned), assigned at document offset `at`; `passed`: a parameter, given
   * `source` by the call at `at`.
   */
  | { kind: 'binding'; name: string; source: string; at: number; passed?: boolean }
  /** The document's prose defines `acronym` as `phrase` (at `at`): "Compact Convolutional Transformer (CCT)". */
  | { kind: 'acronym'; acronym: string; phrase: string; at: number }
  /** The file defines `name` (at `at`) as an implementation of the concept. */
  | { kind: 'definition'; name: string; at: number }
  /** A function of the file that returns `source` (at `at`): calling it makes one. */
  | { kind: 'factory'; name: string; source: string; at: number }
  /** A context-dependent word, read as this note because of `evidence` other places in its company. */
  | { kind: 'context'; alias: string; evidence: number; scope: 'definition' | 'document' | 'call' };

export interface Occurrence {
  /** The part (notebook cell) and the offsets within its text. */
  part: number;
  start: number;
  end: number;
  text: string;
  slug: string;
  reason: Reason;
  /** Whether it sits in code (an identifier, a keyword, a string argument) rather than prose. */
  code: boolean;
}

export interface AnalysisOptions {
  index: ConceptIndex;
  api: ApiIndex;
}

/** Conventional short names, when the file's imports do not say (a snippet, a notebook's later cell). */
const CONVENTIONAL_ROOTS = new Map<string, { python: string; javascript: string }>([
  ['nn', { python: 'torch.nn', javascript: 'nn' }],
  ['F', { python: 'torch.nn.functional', javascript: 'F' }],
  ['init', { python: 'torch.nn.init', javascript: 'init' }],
  ['optim', { python: 'torch.optim', javascript: 'optim' }],
  ['lr_scheduler', { python: 'torch.optim.lr_scheduler', javascript: 'lr_scheduler' }],
  ['tf', { python: 'tf', javascript: 'tf' }],
  ['keras', { python: 'keras', javascript: 'keras' }],
  ['layers', { python: 'keras.layers', javascript: 'tf.layers' }],
  ['optax', { python: 'optax', javascript: 'optax' }],
  ['torch', { python: 'torch', javascript: 'torch' }],
  ['D', { python: 'torch.distributions', javascript: 'D' }],
  ['dist', { python: 'torch.distributions', javascript: 'dist' }],
]);
/** File names in strings (`mnist_cnn.pt`, `acgan-metadata.json`) name files, not concepts. */
const FILE_NAME =
  /^(?:[\w./-]+\.(?:pt|pth|bin|ckpt|safetensors|h5|keras|onnx|pb|json|ya?ml|txt|csv|tsv|npz|npy|pkl|pickle|png|jpe?g|gif|svg|md|py|js|ts|ipynb|zip|tar|gz|html?)|\S*\/\S*)$/;

/** Verbs that begin the name of a function that makes an object: `create_conv2d`, `getActLayer`, `build_norm`. */
const FACTORY_VERB = /^(?:create|make|build|get|new)(?:_+|(?=[A-Z]))/;
/** Names that hold a class by convention: `norm_layer`, `act_layer`, `block_cls`, `AttentionClass`. */
const HOLDS_A_CLASS = /(?:_layer|_cls|_class|Layer|Cls|Class)$/;
/** Class names of settings objects: an instance of `GPTConfig` is a configuration, not a GPT. */
const SETTINGS = /(?:Config|Conf|Cfg|Args|Arguments|Options|Params|Settings)$/;

/** Wrappers that keep what they wrap: `functools.partial(nn.LayerNorm, eps=1e-6)`. */
const PARTIAL = new Set(['partial', 'functools.partial']);
/** Receivers whose attributes are the enclosing class's own. */
const SELF = new Set(['self', 'this', 'cls']);
/** Methods that return the module they are called on. */
const SAME_MODULE_METHODS = new Set(['to', 'cuda', 'cpu', 'float', 'double', 'half', 'bfloat16', 'train', 'eval', 'requires_grad_', 'share_memory']); // prettier-ignore
/**
 * Library namespaces whose functions compute values rather than build objects: the result of
 * `F.layer_norm(x)` or `tf.dropout(x)` is not bound, that of `nn.LayerNorm(d)` or `tf.layers.dense()` is.
 */
/** Namespaces whose lower-case functions build objects: tfjs layers, optimizers and initializers, optax, initializers everywhere. */
const FACTORY_NAMESPACES =
  /^(?:tf\.(?:layers|train|initializers|regularizers|losses)|optax|[\w.]*initializers|keras\.optimizers\.schedules)\.|^torch\.(?:cuda\.)?(?:amp\.)?autocast$/;
const VALUE_NAMESPACES =
  /^(?:torch\.nn\.functional|torch\.nn\.init|torch|tf|jax\.nn|jax\.numpy|jnp|optax\.losses)\.[^.]+$/;
/** Evidence a context-dependent word needs: strong uses of its note in the enclosing definition, or in the file. */
const DEFINITION_EVIDENCE = 1;
const DOCUMENT_EVIDENCE = 2;
/** A context-dependent word alone in prose needs this much evidence for its note in the file. */
const PROSE_EVIDENCE = 5;
/**
 * A definition with this much evidence for other notes reads its context-dependent words by itself,
 * unless the whole file is about the word's note (this much evidence across the file).
 */
const BUSY_DEFINITION = 2;
const FILE_WIDE_EVIDENCE = 8;
/** Strong code matches that make an import-less file (a snippet, a cell) count as deep learning. */
const DEEP_LEARNING_SIGNS = 3;
const DEEP_LEARNING_NOTES = 2;

interface Meaning {
  slug: string;
  reason: Reason;
  /** Strong: counts as evidence for context-dependent words. */
  strong: boolean;
}

/** What a value is, for a binding: its concept, whether calling it applies it, and how it was written. */
interface ValueMeaning {
  meaning: Meaning | null;
  constructs: boolean;
  source?: string;
  /** A library object we know and do not explain (`nn.Linear`), as opposed to a value we cannot read. */
  knownNothing?: boolean;
}

const NO_VALUE: ValueMeaning = { meaning: null, constructs: false };
const KNOWN_NOTHING: ValueMeaning = { meaning: null, constructs: false, knownNothing: true };

/** The first range that ends after `offset` in ranges sorted by start (and so by end: they do not overlap). */
function lowerBound(ranges: readonly { start: number; end: number }[], offset: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A chain as written: `nn.LayerNorm`, `self.ln_f`. */
function chainText(chain: Chain): string {
  return chain.segments.length === 1 ? chain.segments[0]!.text : chain.segments.map((s) => s.text).join('.');
}

type Binding = TableBinding<Meaning>;
/** A path's segment in Analyzer.apiPaths: its entry once looked up (null: none), and the segments after it. */
interface ApiPath {
  entry?: ApiEntry | null;
  next?: Map<string, ApiPath>;
}
type ProseResults = { start: number; matches: ReturnType<ConceptIndex['matchProse']> }[];

/** A library name, or an alias of more than one word: safe to explain even where nothing else is about deep learning. */
function isUnambiguous(meaning: Meaning): boolean {
  if (meaning.reason.kind === 'api') return true;
  return meaning.reason.kind === 'alias' && splitWordsExact(meaning.reason.alias.split('.').pop()!).length > 1;
}

/** A call whose callee means a concept, for "Explain Concept at Cursor" inside its parentheses. */
export interface ExplainedCall {
  part: number;
  /** Offsets in the part: from the "(" to after the ")". */
  open: number;
  close: number;
  callee: Occurrence;
}

export class DocumentAnalysis {
  /** Sorted by part, then start. */
  readonly occurrences: Occurrence[];
  readonly deepLearning: boolean;
  private readonly partStarts: number[];
  private readonly calls: ExplainedCall[];

  constructor(occurrences: Occurrence[], partStarts: number[], deepLearning: boolean, calls: ExplainedCall[] = []) {
    this.occurrences = occurrences;
    this.partStarts = partStarts;
    this.deepLearning = deepLearning;
    this.calls = calls;
  }

  /** The concept of the innermost call whose parentheses hold the offset (`nn.LayerNorm(512, eps=|`). */
  calleeAt(part: number, offset: number): Occurrence | undefined {
    let best: ExplainedCall | undefined;
    for (const call of this.calls) {
      if (call.part !== part || offset <= call.open || offset >= call.close) continue;
      if (!best || call.open > best.open) best = call;
    }
    return best?.callee;
  }

  get partCount(): number {
    return this.partStarts.length;
  }

  /** The occurrence at an offset of a part (or one that ends exactly there). */
  at(part: number, offset: number): Occurrence | undefined {
    let lo = 0;
    let hi = this.occurrences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = this.occurrences[mid]!;
      if (o.part < part || (o.part === part && o.end <= offset)) lo = mid + 1;
      else hi = mid - 1;
    }
    const next = this.occurrences[lo];
    if (next && next.part === part && next.start <= offset && offset < next.end) return next;
    const previous = this.occurrences[lo - 1];
    return previous && previous.part === part && previous.end === offset ? previous : undefined;
  }

  inPart(part: number): Occurrence[] {
    return this.occurrences.filter((o) => o.part === part);
  }

  /** How often each concept occurs, most first. */
  concepts(): { slug: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const o of this.occurrences) counts.set(o.slug, (counts.get(o.slug) ?? 0) + 1);
    return [...counts]
      .map(([slug, count]) => ({ slug, count }))
      .sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug));
  }

  /** Converts a document-wide offset (as in binding reasons) to its part and offset in the part. */
  locate(offset: number): { part: number; offset: number } {
    let part = 0;
    while (part + 1 < this.partStarts.length && this.partStarts[part + 1]! <= offset) part++;
    return { part, offset: offset - this.partStarts[part]! };
  }
}

export function analyzeDocument(parts: readonly DocumentPart[], options: AnalysisOptions): DocumentAnalysis {
  return new Analyzer(parts, options).run();
}

class Analyzer {
  private readonly facts: ProgramFacts;
  private readonly text: string;
  private readonly partStarts: number[];
  private readonly language: 'python' | 'javascript';
  /** Per chain, per segment: what the segment means by itself (API name or alias), before bindings. */
  private readonly direct: ((Meaning | 'none' | undefined)[] | undefined)[];
  /** Per chain, per segment: context-dependent candidates. */
  private readonly contextual: ((AliasMatch[] | undefined)[] | undefined)[];
  private names = new BindingTable<Meaning>();
  private attributes = new BindingTable<Meaning>();
  private readonly definitionMeaning = new Map<number, Meaning>();
  /** Chain of a definition's name → the definition. */
  private readonly definitionOf = new Map<number, number>();
  /** Strong evidence per definition (-1: the document) and slug. */
  private readonly evidence = new Map<number, Map<string, number>>();
  private deepLearning = false;
  private readonly apiMemo = new Map<string, ApiEntry | null>();
  /** Library paths as written, segment by segment, with their entries (see apiEntry). */
  private readonly apiPaths = new Map<string, ApiPath>();
  private readonly meanings = new Map<AliasMatch | ApiEntry, Meaning>();
  private sortedAssignments?: Assignment[];
  /** String contents and comments by start (see stringsAndComments; made on first use). */
  private skippedText?: { start: number; end: number }[];
  /** The file's functions by name (see calledFunction; made on first use). */
  private functionsByName?: Map<string, number[]>;
  /** Call index by its callee chain (see callOf; made on first use). */
  private callByCallee?: Map<number, number>;
  /** Parameters as `scope:name` (see isParameter; made on first use). */
  private parameters?: Set<string>;
  /** The concept each definition implements, itself or through an enclosing one (null: none); see owningConcept. */
  private readonly owners: (Meaning | null | undefined)[];
  /** Keyword argument chain → the call it belongs to (built when first needed). */
  private callOfKeyword?: Map<number, number>;

  constructor(
    parts: readonly DocumentPart[],
    private readonly options: AnalysisOptions,
  ) {
    const read = readDocument(parts);
    this.facts = read.facts;
    this.text = read.text;
    this.partStarts = read.partStarts;
    // Sized up front: filled sparsely, a growing array would turn into a slow dictionary.
    this.direct = new Array(this.facts.chains.length);
    this.contextual = new Array(this.facts.chains.length);
    this.owners = new Array(this.facts.definitions.length);
    this.language =
      parts.some((p) => p.language === 'python') || !parts.some((p) => p.language === 'javascript')
        ? 'python'
        : 'javascript';
  }

  run(): DocumentAnalysis {
    const { facts } = this;
    this.deepLearning = [...facts.imports.values()].some((m) => DEEP_LEARNING_MODULES.test(m));
    facts.chains.forEach((chain, c) => this.resolveDirect(chain, c));
    // A program that imports modules, none of them deep learning, and names no library concept speaks
    // of other things in its comments too: its prose is not read (it is most of a big module's text).
    const otherwise = !this.deepLearning && facts.imports.size > 0 && !this.showsDeepLearning([]);
    const proseMatches = otherwise ? [] : this.readProse();
    if (!this.deepLearning && !otherwise) this.deepLearning = this.showsDeepLearning(proseMatches);
    this.countDirectEvidence();
    this.countProseEvidence(proseMatches);
    this.resolveDefinitions();
    // A function that returns a layer (`def conv3x3(…): return nn.Conv2d(…)`) makes one when called.
    // Most return a library constructor, known before any binding; one that returns a bound name
    // needs the bindings first, and then the bindings again.
    if (this.resolveFactories()) this.bindDefinitionNames();
    this.bindAssignments();
    if (this.resolveFactories()) {
      this.names = new BindingTable<Meaning>();
      this.attributes = new BindingTable<Meaning>();
      this.bindDefinitionNames();
      this.bindAssignments();
    }
    this.countBindingEvidence();
    const found: Occurrence[] = [];
    this.chainOccurrences(found);
    this.proseOccurrences(proseMatches, found);
    if (this.deepLearning) this.acronymOccurrences(found);
    this.stringOccurrences(found);
    const occurrences = this.toParts(found);
    return new DocumentAnalysis(occurrences, this.partStarts, this.deepLearning, this.explainedCalls(occurrences));
  }

  // ---- 1 and 3: what each segment means by itself ----

  private resolveDirect(chain: Chain, c: number): void {
    if (chain.role === 'module') return;
    const segments = chain.segments;
    // `from vit_jax import models_resnet`: a name from a module of the project is a module itself.
    if (chain.role === 'imported' && !DEEP_LEARNING_MODULES.test(this.facts.imports.get(segments[0]!.text) ?? ''))
      return;
    // Most chains start with a plain variable (`self`, `x`, `config`) and no segment of theirs is a
    // name of anything: nothing is allocated for them.
    const head = segments[0]!.text;
    const library = !chain.afterExpression && this.mayBeLibraryName(head, segments.length);
    let texts: string[] | undefined;
    let direct: (Meaning | 'none' | undefined)[] | undefined;
    let contextual: (AliasMatch[] | undefined)[] | undefined;
    for (let i = 0; i < segments.length; i++) {
      const text = segments[i]!.text;
      if (i === 0 && !chain.afterExpression && segments.length > 1 && (SELF.has(head) || this.isModuleRoot(head)))
        continue;
      const api = library ? this.apiEntry(segments, i) : undefined;
      if (api) {
        (direct ??= new Array<Meaning | 'none' | undefined>(segments.length))[i] = this.apiMeaning(api);
        continue;
      }
      if (i > 0 && this.options.index.mayBeQualified(text)) {
        texts ??= segments.map((s) => s.text);
        const qualified = this.options.index.matchQualified(texts, i);
        if (qualified) {
          (direct ??= new Array<Meaning | 'none' | undefined>(segments.length))[i] = this.aliasMeaning(qualified);
          continue;
        }
      }
      const matches = this.options.index.matchIdentifier(text);
      if (!matches.length) continue;
      const strong = matches.find((m) => !m.context);
      if (strong) (direct ??= new Array<Meaning | 'none' | undefined>(segments.length))[i] = this.aliasMeaning(strong);
      else (contextual ??= new Array<AliasMatch[] | undefined>(segments.length))[i] = matches;
    }
    if (direct) this.direct[c] = direct;
    if (contextual) this.contextual[c] = contextual;
  }

  /** One meaning per alias and per API entry: a file names the same few things thousands of times. */
  private aliasMeaning(match: AliasMatch): Meaning {
    let meaning = this.meanings.get(match);
    if (!meaning)
      this.meanings.set(
        match,
        (meaning = { slug: match.slug, reason: { kind: 'alias', alias: match.alias }, strong: true }),
      );
    return meaning;
  }

  private apiMeaning(api: ApiEntry): Meaning | 'none' {
    if (!api.slug) return 'none';
    let meaning = this.meanings.get(api);
    if (!meaning)
      this.meanings.set(
        api,
        (meaning = { slug: api.slug, reason: { kind: 'api', name: api.name, docs: api.docs }, strong: true }),
      );
    return meaning;
  }

  /** Whether a chain with this head may be a library path (`nn.LayerNorm`, an imported name). */
  private mayBeLibraryName(head: string, length: number): boolean {
    return (
      this.facts.imports.has(head) || CONVENTIONAL_ROOTS.has(head) || (length > 1 && DEEP_LEARNING_MODULES.test(head))
    );
  }

  private isModuleRoot(name: string): boolean {
    const imported = this.facts.imports.get(name);
    return imported !== undefined
      ? !imported.includes('.') || DEEP_LEARNING_MODULES.test(imported)
      : CONVENTIONAL_ROOTS.has(name);
  }

  /**
   * The API entry of the chain's first `i + 1` segments, qualified through the imports. A file writes the same
   * few paths thousands of times (`nn.Linear`, `F.relu`): each is looked up once, by its segments.
   */
  private apiEntry(segments: readonly Segment[], i: number): ApiEntry | undefined {
    let level = this.apiPaths;
    let node: ApiPath | undefined;
    for (let k = 0; k <= i; k++) {
      const text = segments[k]!.text;
      node = level.get(text);
      if (!node) level.set(text, (node = {}));
      if (k < i) level = node.next ??= new Map();
    }
    if (node!.entry === undefined)
      node!.entry =
        this.lookUpApi(
          segments.slice(0, i + 1).map((s) => s.text),
          i,
        ) ?? null;
    return node!.entry ?? undefined;
  }

  private lookUpApi(texts: string[], i: number): ApiEntry | undefined {
    const head = texts[0]!;
    const imported = this.facts.imports.get(head);
    const root = imported === undefined ? CONVENTIONAL_ROOTS.get(head) : undefined;
    if (imported === undefined && !root && !(i > 0 && DEEP_LEARNING_MODULES.test(head))) return undefined;
    const rest = texts.slice(1, i + 1);
    const candidates: string[] = [];
    if (imported !== undefined) candidates.push([imported, ...rest].join('.'));
    else {
      if (root) candidates.push([root[this.language], ...rest].join('.'));
      // A full path written out without an import of its own (torch.nn.LayerNorm in a snippet).
      if (i > 0 && DEEP_LEARNING_MODULES.test(head)) candidates.push(texts.slice(0, i + 1).join('.'));
    }
    if (!candidates.length) return undefined;
    for (const name of candidates) {
      let entry = this.apiMemo.get(name);
      if (entry === undefined) {
        entry = this.options.api.lookup(name) ?? null;
        this.apiMemo.set(name, entry);
      }
      if (entry) return entry;
    }
    return undefined;
  }

  /**
   * A file without a deep-learning import (a snippet, a cell, Markdown) counts as deep learning when
   * unambiguous names of several notes occur in it: names of more than one word, or library names.
   */
  private showsDeepLearning(prose: ProseResults): boolean {
    const slugs = new Set<string>();
    let count = 0;
    const consider = (meaning: Meaning) => {
      if (!meaning.strong || !isUnambiguous(meaning)) return;
      slugs.add(meaning.slug);
      count++;
    };
    for (const segments of this.direct) if (segments) for (const m of segments) if (m && m !== 'none') consider(m);
    for (const { matches } of prose) {
      for (const m of matches) {
        const strong = m.matches.find((a) => !a.context);
        if (strong) consider(this.aliasMeaning(strong));
      }
    }
    return slugs.size >= DEEP_LEARNING_NOTES && count >= DEEP_LEARNING_SIGNS;
  }

  private countDirectEvidence(): void {
    // A plain loop: forEach over a sparse array asks about every hole.
    for (let c = 0; c < this.direct.length; c++) {
      const segments = this.direct[c];
      if (!segments) continue;
      for (const meaning of segments) {
        if (meaning && meaning !== 'none' && meaning.strong)
          this.addEvidence(this.facts.chains[c]!.scope, meaning.slug);
      }
    }
  }

  private addEvidence(scope: number, slug: string): void {
    for (let s = scope; ; s = this.facts.definitions[s]!.parent) {
      const counts = this.evidence.get(s) ?? new Map<string, number>();
      counts.set(slug, (counts.get(slug) ?? 0) + 1);
      this.evidence.set(s, counts);
      if (s < 0) break;
    }
  }

  private evidenceFor(scope: number, slug: string): number {
    return this.evidence.get(scope)?.get(slug) ?? 0;
  }

  /** The best reading of a context-dependent word at a scope, if the company supports one. */
  private resolveContext(candidates: AliasMatch[], scope: number, callSlug?: string): Meaning | undefined {
    if (!this.deepLearning) return undefined;
    const inCall = callSlug && candidates.find((m) => m.slug === callSlug);
    if (inCall)
      return {
        slug: inCall.slug,
        reason: { kind: 'context', alias: inCall.alias, evidence: 1, scope: 'call' },
        strong: false,
      };
    // The nearest company speaks first: a function full of other concepts does not borrow the file's.
    const busy = scope >= 0 ? [...(this.evidence.get(scope)?.values() ?? [])].reduce((a, b) => a + b, 0) : 0;
    let best: { match: AliasMatch; local: number; total: number } | undefined;
    for (const match of candidates) {
      let local = 0;
      for (let s = scope; s >= 0; s = this.facts.definitions[s]!.parent)
        local = Math.max(local, this.evidenceFor(s, match.slug));
      const total = this.evidenceFor(-1, match.slug);
      if (local < DEFINITION_EVIDENCE && total < DOCUMENT_EVIDENCE) continue;
      if (local === 0 && busy >= BUSY_DEFINITION && total < FILE_WIDE_EVIDENCE) continue;
      if (!best || local > best.local || (local === best.local && total > best.total)) best = { match, local, total };
    }
    if (!best) return undefined;
    return {
      slug: best.match.slug,
      reason: {
        kind: 'context',
        alias: best.match.alias,
        evidence: best.local || best.total,
        scope: best.local ? 'definition' : 'document',
      },
      strong: false,
    };
  }

  // ---- definitions ----

  private resolveDefinitions(): void {
    this.facts.definitions.forEach((def, d) => {
      this.definitionOf.set(def.chain, d);
      const c = def.chain;
      const own = this.direct[c]?.[0];
      let meaning: Meaning | undefined = own && own !== 'none' ? own : undefined;
      if (!meaning) {
        for (const base of def.bases) {
          const segments = this.direct[base] ?? [];
          const last = segments[segments.length - 1];
          if (last && last !== 'none' && last.reason.kind === 'api') meaning = { ...last, strong: true };
        }
      }
      if (!meaning) {
        const candidates = this.contextual[c]?.[0];
        // A definition's name in the company of its own body: `def get_lr(it)` full of cosine decay.
        if (candidates) meaning = this.resolveContext(candidates, d);
      }
      if (!meaning) return;
      this.definitionMeaning.set(d, meaning);
    });
    this.bindDefinitionNames();
  }

  /** The name of every definition with a concept, bound where it is defined. */
  private bindDefinitionNames(): void {
    for (const [d, meaning] of this.definitionMeaning) {
      const def = this.facts.definitions[d]!;
      const uses: Meaning =
        meaning.reason.kind === 'factory'
          ? meaning
          : {
              slug: meaning.slug,
              reason: { kind: 'definition', name: def.name.text, at: def.name.start },
              strong: true,
            };
      const constructs = def.kind === 'class' || meaning.reason.kind === 'factory';
      this.bind(this.names, def.name.text, { owner: def.parent, at: def.name.start, meaning: uses, constructs });
    }
  }

  /** Functions of the file whose every return is an object of one concept. Returns whether any was found. */
  private resolveFactories(): boolean {
    const made = new Map<number, Meaning | null>();
    for (const r of this.facts.returns) {
      const def = this.facts.definitions[r.scope];
      const named = this.definitionMeaning.get(r.scope);
      if (!def || def.kind !== 'function' || named?.reason.kind === 'factory' || made.get(r.scope) === null) continue;
      const value = this.valueMeaning(r.value, r.scope);
      const previous = made.get(r.scope);
      // A name that says one concept and returns another is not a factory of either.
      const disagrees =
        (previous && previous.slug !== value.meaning?.slug) || (named && named.slug !== value.meaning?.slug);
      if (!value.meaning || disagrees) {
        made.set(r.scope, null);
        continue;
      }
      made.set(r.scope, {
        slug: value.meaning.slug,
        reason: { kind: 'factory', name: def.name.text, source: value.source ?? '', at: r.offset },
        strong: true,
      });
    }
    let found = false;
    for (const [d, meaning] of made) {
      if (!meaning) continue;
      this.definitionMeaning.set(d, meaning);
      found = true;
    }
    return found;
  }

  /** Names that mean a concept through a binding count as evidence too, for the words that need company. */
  private countBindingEvidence(): void {
    const { chains } = this.facts;
    for (let c = 0; c < chains.length; c++) {
      const chain = chains[c]!;
      if (chain.role === 'module') continue;
      for (let i = 0; i < chain.segments.length; i++) {
        const direct = this.direct[c]?.[i];
        if (direct || (i === 0 && SELF.has(chain.segments[0]!.text))) continue;
        const text = chain.segments[i]!.text;
        if (!this.names.has(text) && !this.attributes.has(text)) continue;
        const bound = this.lookupChain(chain, c, chain.scope, i);
        if (bound?.meaning) this.addEvidence(chain.scope, bound.meaning.slug);
      }
    }
  }

  // ---- 2: bindings ----

  private bindAssignments(): void {
    const { facts } = this;
    // In document order: a name's later assignment must not be bound before an earlier one is read.
    this.sortedAssignments ??= [...facts.assignments].sort((a, b) => a.offset - b.offset);
    for (const assignment of this.sortedAssignments) {
      const value = this.valueMeaning(assignment.value, assignment.scope);
      for (const target of assignment.targets) {
        // `model, optimizer = accelerator.prepare(model, optimizer)`, `model = torch.compile(model)`: what a
        // wrapper hands back is what it was given.
        if (!value.meaning && assignment.value.kind === 'call' && this.passesThrough(assignment.value.call, target))
          continue;
        this.bindTarget(target, assignment.scope, value, assignment.offset);
      }
    }
    // `dict(ln_f=nn.LayerNorm(…))`, `nn.ModuleDict(…)`: a keyword argument names an attribute.
    for (const call of facts.calls) {
      for (const keyword of call.keywords) {
        if (keyword.chain < 0) continue;
        const chain = facts.chains[keyword.chain]!;
        const value = this.valueMeaning(keyword.value, chain.scope);
        if (value.meaning) this.bindTarget(keyword.chain, chain.scope, value, keyword.name.start, true);
      }
    }
    this.bindPassedParameters();
  }

  /** Whether a call takes the target itself as an argument (the same name, as written). */
  private passesThrough(call: number, target: number): boolean {
    const { open, close } = this.facts.calls[call]!;
    const chains = this.facts.chains;
    const name = chainText(chains[target]!);
    for (let c = this.firstChainAfter(open); c < chains.length && chains[c]!.segments[0]!.start < close; c++) {
      if (chains[c]!.role === 'code' && chainText(chains[c]!) === name) return true;
    }
    return false;
  }

  /** The first chain that starts after a document offset (chains are in document order). */
  private firstChainAfter(offset: number): number {
    const chains = this.facts.chains;
    let lo = 0;
    let hi = chains.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (chains[mid]!.segments[0]!.start <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * A parameter of a function of the file takes what its callers pass it: `def train(model, optimizer)`,
   * called as `train(model, optimizer)` with `optimizer = optim.Adadelta(…)`, or as
   * `train(model, optimizer=optim.Adam(…))`. Only a parameter without a default, and only when every caller
   * that passes a concept passes the same one and none passes something we know is not one.
   */
  private bindPassedParameters(): void {
    const { calls, chains } = this.facts;
    const passed = new Map<number, { value: ValueMeaning; at: number } | null>();
    let parameters: Map<number, number[]> | undefined;
    for (const call of calls) {
      if (call.callee === undefined) continue;
      const callee = chains[call.callee]!;
      const called = this.calledFunction(callee);
      if (called < 0) continue;
      parameters ??= this.parametersByDefinition();
      const list = parameters.get(called);
      if (!list) continue;
      const pass = (parameter: number | undefined, value: ValueMeaning) => {
        if (parameter === undefined || passed.get(parameter) === null) return;
        if (!value.meaning) {
          if (value.knownNothing) passed.set(parameter, null);
          return;
        }
        const before = passed.get(parameter);
        if (!before) passed.set(parameter, { value, at: call.open });
        else if (before.value.meaning!.slug !== value.meaning.slug) passed.set(parameter, null);
      };
      // A method called on its object does not pass `self`.
      const first = SELF.has(chains[list[0]!]!.segments[0]!.text) ? 1 : 0;
      const positional = this.positionalArguments(call);
      for (let k = 0; k < positional.length; k++) {
        const value = positional[k];
        if (value) pass(list[k + first], this.valueMeaning(value, callee.scope));
      }
      for (const keyword of call.keywords) {
        const parameter = list.find((p) => chains[p]!.segments[0]!.text === keyword.name.text);
        pass(parameter, this.valueMeaning(keyword.value, callee.scope));
      }
    }
    for (const [parameter, given] of passed) {
      if (!given) continue;
      const chain = chains[parameter]!;
      const name = chain.segments[0]!.text;
      const at = chain.segments[0]!.start;
      // A default of its own (`norm_layer=nn.LayerNorm`) says more than its callers.
      if (this.names.at(name, chain.scope, at)?.at === at) continue;
      const meaning: Meaning = {
        slug: given.value.meaning!.slug,
        reason: { kind: 'binding', name, source: given.value.source ?? '', at: given.at, passed: true },
        strong: true,
      };
      this.bind(this.names, name, { owner: chain.scope, at, meaning, constructs: given.value.constructs });
    }
  }

  /** The function of the file a callee names: `train(…)` (one function of that name), `self.step(…)` (a method of the class). */
  private calledFunction(callee: Chain): number {
    const segments = callee.segments;
    if (callee.afterExpression || segments.length > 2) return -1;
    if (segments.length === 2 && !SELF.has(segments[0]!.text)) return -1;
    if (!this.functionsByName) {
      this.functionsByName = new Map();
      this.facts.definitions.forEach((definition, d) => {
        if (definition.kind !== 'function') return;
        const list = this.functionsByName!.get(definition.name.text);
        if (list) list.push(d);
        else this.functionsByName!.set(definition.name.text, [d]);
      });
    }
    const candidates = this.functionsByName.get(segments[segments.length - 1]!.text);
    if (!candidates) return -1;
    const definitions = this.facts.definitions;
    const owner = segments.length === 2 ? this.classOf(callee.scope) : -1;
    let found = -1;
    for (const d of candidates) {
      const parent = definitions[d]!.parent;
      const method = parent >= 0 && definitions[parent]!.kind === 'class';
      if (segments.length === 2 ? parent !== owner : method) continue;
      if (found >= 0) return -1;
      found = d;
    }
    return found;
  }

  /** Each function's parameters, in order. */
  private parametersByDefinition(): Map<number, number[]> {
    const byDefinition = new Map<number, number[]>();
    this.facts.chains.forEach((chain, c) => {
      if (chain.role !== 'parameter' || chain.scope < 0) return;
      const list = byDefinition.get(chain.scope);
      if (list) list.push(c);
      else byDefinition.set(chain.scope, [c]);
    });
    return byDefinition;
  }

  /**
   * The positional arguments of a call that are a name (`optimizer`, `self.opt`) or a call of one
   * (`optim.Adam(…)`), as values; others are undefined. Read from the text between the parentheses, at depth 0.
   */
  private positionalArguments(call: Call): (Value | undefined)[] {
    const text = this.text;
    const values: (Value | undefined)[] = [];
    // Strings and comments, as the reader found them, are skipped whole: their brackets and commas are text.
    const skipped = this.stringsAndComments();
    let next = lowerBound(skipped, call.open);
    let depth = 0;
    let from = call.open + 1;
    for (let i = from; i < call.close; i++) {
      while (next < skipped.length && skipped[next]!.end <= i) next++;
      const range = skipped[next];
      if (range && range.start <= i) {
        i = range.end - 1;
        continue;
      }
      const ch = text[i]!;
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        if (depth === 0) {
          values.push(this.argumentValue(from, i));
          break;
        }
        depth--;
      } else if (ch === ',' && depth === 0) {
        values.push(this.argumentValue(from, i));
        from = i + 1;
      }
    }
    return values;
  }

  /** The document's string contents and comments, by start (made on first use). */
  private stringsAndComments(): readonly { start: number; end: number }[] {
    this.skippedText ??= [...this.facts.strings, ...this.facts.prose.filter((p) => p.kind === 'comment')].sort(
      (a, b) => a.start - b.start,
    );
    return this.skippedText;
  }

  /** The value of the argument written between two offsets, when it is a name or a call of one. */
  private argumentValue(from: number, to: number): Value | undefined {
    const chains = this.facts.chains;
    const c = this.firstChainAfter(from - 1);
    const chain = chains[c];
    if (!chain || chain.role !== 'code' || chain.afterExpression) return undefined;
    const start = chain.segments[0]!.start;
    const end = chain.segments[chain.segments.length - 1]!.end;
    if (!this.onlySpaceOrComments(from, start)) return undefined;
    if (this.onlySpaceOrComments(end, to)) return { kind: 'chain', chain: c };
    const call = this.callOf(c);
    const close = call >= 0 ? this.facts.calls[call]!.close : -1;
    // `optim.Adam(params)`: the call's "(" right after the name, and nothing after its ")".
    return close > 0 &&
      this.text.slice(end, this.facts.calls[call]!.open).trim() === '' &&
      this.onlySpaceOrComments(close, to)
      ? { kind: 'call', call, then: [], calledAgain: false }
      : undefined;
  }

  /** Whether the text between two offsets is white space and comments only. */
  private onlySpaceOrComments(from: number, to: number): boolean {
    // A comment starts where it is skipped (a string's content starts after its quote, never there).
    const skipped = this.stringsAndComments();
    let at = from;
    while (at < to) {
      const ch = this.text.charCodeAt(at);
      if (ch === 32 || ch === 9 || ch === 10 || ch === 13) {
        at++;
        continue;
      }
      const comment = skipped[lowerBound(skipped, at)];
      if (comment?.start !== at) return false;
      at = comment.end;
    }
    return true;
  }

  /** The call whose callee is chain `c` (-1: none). */
  private callOf(c: number): number {
    this.callByCallee ??= new Map(this.facts.calls.map((call, k) => [call.callee ?? -1, k]));
    return this.callByCallee.get(c) ?? -1;
  }

  private bindTarget(target: number, scope: number, value: ValueMeaning, at: number, attribute = false): void {
    const chain = this.facts.chains[target]!;
    const segments = chain.segments;
    const name = segments[segments.length - 1]!.text;
    const meaning: Meaning | null = value.meaning && {
      slug: value.meaning.slug,
      reason: { kind: 'binding', name, source: value.source ?? '', at },
      strong: true,
    };
    const table = segments.length === 1 && !chain.afterExpression && !attribute ? this.names : this.attributes;
    const owner = table === this.names ? scope : attribute || SELF.has(segments[0]!.text) ? this.classOf(scope) : -2;
    // A name that was never bound to a concept needs no record of its other values: that is most names.
    // A class's own attributes are kept, so that `self.conv1` never borrows another class's conv1.
    if (!meaning && !table.has(name) && !(table === this.attributes && owner >= 0)) return;
    this.bind(table, name, { owner, at, meaning, constructs: value.constructs, knownNothing: value.knownNothing });
  }

  private bind(table: BindingTable<Meaning>, name: string, binding: Binding): void {
    table.add(name, binding);
  }

  /** What a value means: a constructor call, an alias of a bound name, one side of a choice. */
  private valueMeaning(value: Value, scope: number): ValueMeaning {
    switch (value.kind) {
      case 'call': {
        const call = this.facts.calls[value.call]!;
        if (value.then.some((m) => !SAME_MODULE_METHODS.has(m)) || call.callee === undefined) return NO_VALUE;
        const callee = this.facts.chains[call.callee]!;
        const segments = callee.segments;
        const leaf = segments[segments.length - 1]!.text;
        // `partial(nn.LayerNorm, eps=1e-6)` is still the class: calling it makes a LayerNorm.
        if (leaf === 'partial' && call.firstArgument && PARTIAL.has(chainText(callee))) {
          const wrapped = this.valueMeaning(call.firstArgument, scope);
          if (!value.calledAgain) return wrapped;
          return wrapped.constructs ? { ...wrapped, constructs: false } : NO_VALUE;
        }
        if (value.calledAgain) return NO_VALUE;
        // `GPTConfig(…)`, `TrainingArguments(…)`: the settings of a thing, not the thing.
        if (SETTINGS.test(leaf)) return NO_VALUE;
        const meaning = this.calleeMeaning(call.callee, callee, scope);
        if (!meaning) return this.isPlainLibraryObject(call.callee, callee) ? KNOWN_NOTHING : NO_VALUE;
        const source =
          meaning.reason.kind === 'binding' || meaning.reason.kind === 'factory'
            ? meaning.reason.source
            : chainText(callee);
        return { meaning, constructs: false, source };
      }
      case 'chain': {
        const chain = this.facts.chains[value.chain]!;
        const last = chain.segments.length - 1;
        const bound = this.lookupChain(chain, value.chain, scope, last);
        if (bound?.meaning) {
          const source =
            bound.meaning.reason.kind === 'binding' ? bound.meaning.reason.source : chain.segments[last]!.text;
          return { meaning: bound.meaning, constructs: bound.constructs, source };
        }
        // A class itself, not an instance: `norm_layer = nn.LayerNorm`.
        const direct = this.direct[value.chain]?.[last];
        if (direct && direct !== 'none' && /^[A-Z]/.test(chain.segments[last]!.text) && this.makesObjects(direct))
          return { meaning: direct, constructs: true, source: chainText(chain) };
        return NO_VALUE;
      }
      case 'choice': {
        for (const option of value.options) {
          const result = this.valueMeaning(option, scope);
          if (result.meaning) return result;
        }
        return NO_VALUE;
      }
      case 'other':
        return NO_VALUE;
    }
  }

  /** What calling `callee` makes: an object of a concept (a layer, an optimizer), or nothing we bind. */
  private calleeMeaning(c: number, callee: Chain, scope: number): Meaning | undefined {
    const lastIndex = callee.segments.length - 1;
    const lastText = callee.segments[lastIndex]!.text;
    const bound = this.lookupChain(callee, c, scope, lastIndex);
    if (bound) {
      // Calling a bound instance or function applies it: its output is not the layer. A class makes one.
      if (bound.meaning) return bound.constructs ? bound.meaning : undefined;
      // A parameter with no telling default (`norm_layer=None`), a factory of the file: the name says.
      return this.madeByName(lastText, scope);
    }
    const direct = this.direct[c]?.[lastIndex];
    if (direct === undefined) return this.madeByName(lastText, scope);
    if (direct === 'none' || !this.makesObjects(direct)) return undefined;
    // By spelling alone: a class (CapWords) builds an object; a function computes a value, unless its name
    // says it makes one (create_act_layer, a parameter act_layer).
    return direct.reason.kind === 'api' || /^[A-Z]/.test(lastText) ? direct : this.madeByName(lastText, scope);
  }

  /**
   * A function from elsewhere whose name says what it makes: `create_conv2d(…)`, `get_act_layer(…)`,
   * `build_norm_layer(…)` (a verb, then a concept's name, strong or with the company it needs), or a name
   * that holds a class: `norm_layer(…)`.
   */
  private madeByName(name: string, scope: number): Meaning | undefined {
    const verb = FACTORY_VERB.exec(name);
    // A parameter that holds a class by convention makes one when called: `norm_layer(dim)`, `act_layer()`
    // (a loop's `decoder_layer(hidden_states)` applies a layer).
    const made = verb
      ? name.slice(verb[0].length)
      : HOLDS_A_CLASS.test(name) && this.isParameter(name, scope)
        ? name
        : undefined;
    if (made === undefined) return undefined;
    const matches = this.options.index.matchHead(made);
    const strong = matches.find((m) => !m.context);
    if (strong) return this.aliasMeaning(strong);
    return matches.length ? this.resolveContext(matches, scope) : undefined;
  }

  /**
   * A library class we list as not a concept, other than a container (a ModuleList holds what it holds, an
   * nn.Parameter the tensor its name says: `self.temperature`) or a placeholder (`self.shortcut = nn.Identity()`
   * is the author's name for where a layer may go).
   */
  private isPlainLibraryObject(c: number, callee: Chain): boolean {
    const last = callee.segments.length - 1;
    if (this.direct[c]?.[last] !== 'none') return false;
    const entry = this.apiEntry(callee.segments, last);
    return !!entry?.reason && !/^(?:container|placeholder)/.test(entry.reason);
  }

  /**
   * Library names whose calls build objects (layers, optimizers, initializers) rather than compute
   * values: a class (`nn.LayerNorm`), or a factory namespace's function (`tf.layers.dense`, `optax.adam`,
   * `nn.initializers.xavier_uniform`). `F.relu(x)`, `nn.relu(x)` and `tf.dropout(x)` compute values.
   */
  private makesObjects(meaning: Meaning): boolean {
    if (meaning.reason.kind !== 'api') return true;
    const name = meaning.reason.name;
    if (VALUE_NAMESPACES.test(name)) return false;
    const leaf = name.slice(name.lastIndexOf('.') + 1);
    return /^[A-Z]/.test(leaf) || FACTORY_NAMESPACES.test(name);
  }

  /** The binding a chain's segment `i` refers to: a name in scope, or an attribute. */
  private lookupChain(chain: Chain, _c: number, scope: number, i: number): Binding | undefined {
    const segment = chain.segments[i]!;
    if (i === 0 && !chain.afterExpression) return this.lookupName(segment.text, scope, segment.start);
    const receiver = chain.segments[0]!.text;
    const owner = i === 1 && SELF.has(receiver) && !chain.afterExpression ? this.classOf(scope) : -2;
    return this.lookupAttribute(segment.text, owner, segment.start);
  }

  private lookupName(name: string, scope: number, at: number): Binding | undefined {
    if (!this.names.has(name)) return undefined;
    for (let s = scope; ; s = this.facts.definitions[s]!.parent) {
      const here = this.names.at(name, s, at);
      if (here) return here;
      if (s < 0) return undefined;
    }
  }

  private lookupAttribute(name: string, owner: number, at: number): Binding | undefined {
    if (!this.attributes.has(name)) return undefined;
    if (owner >= 0) {
      const own = this.attributes.at(name, owner, at);
      if (own) return own;
    }
    // Elsewhere (`model.ln_f`, `h[0].attn`): only when every binding of that attribute agrees.
    return this.attributes.agreed(name);
  }

  private classOf(scope: number): number {
    for (let s = scope; s >= 0; s = this.facts.definitions[s]!.parent) {
      if (this.facts.definitions[s]!.kind === 'class') return s;
    }
    return -1;
  }

  // ---- occurrences ----

  private chainOccurrences(found: Occurrence[]): void {
    const { facts } = this;
    for (let c = 0; c < facts.chains.length; c++) {
      const chain = facts.chains[c]!;
      if (chain.role === 'module') continue;
      const direct = this.direct[c];
      const contextual = this.contextual[c];
      const special =
        chain.role === 'definition' ||
        chain.role === 'parameter' ||
        chain.role === 'keyword' ||
        (chain.scope >= 0 && this.owningConcept(chain.scope) !== undefined);
      for (let i = 0; i < chain.segments.length; i++) {
        // Most names mean nothing by themselves and are bound to nothing: skip them cheaply.
        const text = chain.segments[i]!.text;
        if (!direct?.[i] && !contextual?.[i] && !special && !this.names.has(text) && !this.attributes.has(text))
          continue;
        const meaning = this.segmentMeaning(chain, c, i, direct?.[i]);
        if (!meaning || (!this.deepLearning && !isUnambiguous(meaning))) continue;
        // A library path is part of the name: `nn.LayerNorm`, `tf.layers.dense`.
        const first = meaning.reason.kind === 'api' && !chain.afterExpression ? 0 : i;
        const start = chain.segments[first]!.start;
        const end = chain.segments[i]!.end;
        found.push(this.occurrence(start, end, meaning, true));
      }
    }
  }

  private segmentMeaning(
    chain: Chain,
    c: number,
    i: number,
    direct: Meaning | 'none' | undefined,
  ): Meaning | undefined {
    if (direct === 'none') return undefined;
    if (direct?.reason.kind === 'api') return direct;
    if (chain.role === 'definition') {
      const d = this.definitionOf.get(c);
      const meaning = d === undefined ? undefined : this.definitionMeaning.get(d);
      if (meaning) return meaning;
    }
    // A parameter of the file's own convolution factory (`def conv3x3(…, stride=1, dilation=1)`) is
    // that concept's argument.
    if (chain.role === 'parameter' && chain.scope >= 0 && !direct) {
      const owner = this.definitionMeaning.get(chain.scope);
      const argument = owner && this.options.index.isArgumentOf(owner.slug, chain.segments[0]!.text);
      if (argument)
        return {
          slug: argument.slug,
          reason: { kind: 'context', alias: argument.alias, evidence: 1, scope: 'call' },
          strong: false,
        };
    }
    const bindable =
      i > 0 || chain.afterExpression || chain.segments.length === 1 || !this.isModuleRoot(chain.segments[0]!.text);
    if (bindable && !(i === 0 && SELF.has(chain.segments[0]!.text))) {
      const bound =
        chain.role === 'keyword'
          ? this.lookupAttribute(chain.segments[i]!.text, this.classOf(chain.scope), chain.segments[i]!.start)
          : this.lookupChain(chain, c, chain.scope, i);
      // The author's own name for it is more specific than its constructor (wpe = nn.Embedding is a
      // position table); when both agree, the binding says more about why.
      if (bound?.meaning && (!direct || direct.slug === bound.meaning.slug)) return bound.meaning;
      // The file says what it is, and it is nothing we explain (`self.decoder = nn.Linear(…)`):
      // its name's context-dependent words do not apply.
      if (bound?.knownNothing && !direct) return undefined;
    }
    if (direct) return direct;
    const call = chain.role === 'keyword' ? this.enclosingCallSlug(c) : undefined;
    // `momentum=` inside `optim.SGD(…)`, `rate:` inside `tf.layers.dropout({…})`.
    const argument = call ? this.options.index.isArgumentOf(call, chain.segments[i]!.text) : undefined;
    if (argument)
      return {
        slug: argument.slug,
        reason: { kind: 'context', alias: argument.alias, evidence: 1, scope: 'call' },
        strong: false,
      };
    const candidates = this.contextual[c]?.[i];
    const resolved = candidates && this.resolveContext(candidates, chain.scope, call);
    if (resolved) return resolved;
    // Inside the file's own implementation of a concept (`class BatchNorm1d:`), that concept's
    // argument names are its state: `self.momentum`, `self.gamma`, `running_mean`.
    if (chain.role !== 'keyword' && (i > 0 || chain.segments.length === 1)) {
      const owner = this.argumentOwner(chain.scope, chain.segments[i]!.text);
      const argument = owner && this.options.index.isArgumentOf(owner.slug, chain.segments[i]!.text);
      if (argument)
        return {
          slug: argument.slug,
          reason: { kind: 'context', alias: argument.alias, evidence: 1, scope: 'definition' },
          strong: false,
        };
    }
    return undefined;
  }

  /**
   * Whose state an argument name is inside the file's own implementation of a concept: that concept's, unless
   * another note that lists the name has more company there (`stride` in a ConvNeXt block full of
   * convolutions is the convolution's; `momentum` in a BatchNorm class stays normalisation's).
   */
  private argumentOwner(scope: number, name: string): { slug: string } | undefined {
    const owner = this.owningConcept(scope);
    if (!owner || !this.options.index.isArgumentOf(owner.slug, name)) return undefined;
    let best: { slug: string } = owner;
    let bestEvidence = this.localEvidence(scope, owner.slug);
    for (const slug of this.options.index.notesWithArgument(name)) {
      const evidence = this.localEvidence(scope, slug);
      if (evidence > bestEvidence) [best, bestEvidence] = [{ slug }, evidence];
    }
    return best;
  }

  /** The most evidence for a note in a scope or the definitions around it. */
  private localEvidence(scope: number, slug: string): number {
    let most = 0;
    for (let s = scope; s >= 0; s = this.facts.definitions[s]!.parent) most = Math.max(most, this.evidenceFor(s, slug));
    return most;
  }

  /** Whether `name` is a parameter of the function at `scope` or of one around it. */
  private isParameter(name: string, scope: number): boolean {
    if (!this.parameters) {
      this.parameters = new Set();
      for (const chain of this.facts.chains)
        if (chain.role === 'parameter') this.parameters.add(`${chain.scope}:${chain.segments[0]!.text}`);
    }
    for (let s = scope; s >= 0; s = this.facts.definitions[s]!.parent)
      if (this.parameters.has(`${s}:${name}`)) return true;
    return false;
  }

  /** The concept of the innermost definition around a scope that implements one. */
  private owningConcept(scope: number): Meaning | undefined {
    if (scope < 0) return undefined;
    // Asked for every name in every scope once the definitions are final: remembered per scope.
    let owner = this.owners[scope];
    if (owner === undefined) {
      owner = this.definitionMeaning.get(scope) ?? this.owningConcept(this.facts.definitions[scope]!.parent) ?? null;
      this.owners[scope] = owner;
    }
    return owner ?? undefined;
  }

  /** The concept of the call a keyword argument sits in (`momentum=` inside `optim.SGD(…)`). */
  private enclosingCallSlug(keywordChain: number): string | undefined {
    if (!this.callOfKeyword) {
      this.callOfKeyword = new Map();
      this.facts.calls.forEach((call, i) => call.keywords.forEach((k) => this.callOfKeyword!.set(k.chain, i)));
    }
    const call = this.facts.calls[this.callOfKeyword.get(keywordChain) ?? -1];
    if (call?.callee === undefined) return undefined;
    const callee = this.facts.chains[call.callee]!;
    const direct = this.direct[call.callee]?.[callee.segments.length - 1];
    if (direct && direct !== 'none') return direct.slug;
    const bound = this.lookupChain(callee, call.callee, callee.scope, callee.segments.length - 1);
    return bound?.meaning?.slug;
  }

  private readProse(): ProseResults {
    return this.facts.prose.map((prose) => ({
      start: prose.start,
      matches: this.options.index.matchProse(this.text.slice(prose.start, prose.end)),
    }));
  }

  private countProseEvidence(results: ProseResults): void {
    if (!this.deepLearning) return;
    for (const { matches } of results) {
      for (const m of matches) {
        const strong = m.matches.find((a) => !a.context);
        if (strong) this.addEvidence(-1, strong.slug);
      }
    }
  }

  private proseOccurrences(results: ProseResults, found: Occurrence[]): void {
    for (const { start, matches } of results) {
      for (const m of matches) {
        const text = this.text.slice(start + m.start, start + m.end);
        let meaning: Meaning | undefined;
        if (m.code) {
          const bound = this.lookupProseName(text);
          if (bound) meaning = bound;
        }
        const strong = m.matches.find((a) => !a.context);
        if (!meaning && strong) meaning = this.aliasMeaning(strong);
        // In prose, a context-dependent word on its own is English unless the file is steeped in its
        // note ("the generator" of a GAN file); as a phrase or as code it needs the usual company.
        if (!meaning && !strong) {
          const phrase = m.code || /[\s-]/.test(text);
          const context = this.resolveContext(m.matches, -1);
          if (context && (phrase || this.evidenceFor(-1, context.slug) >= PROSE_EVIDENCE)) meaning = context;
        }
        if (meaning && !this.deepLearning && !isUnambiguous(meaning)) meaning = undefined;
        if (meaning) found.push(this.occurrence(start + m.start, start + m.end, meaning, false));
      }
    }
  }

  /**
   * Acronyms the prose defines for a concept ("**Compact Convolutional Transformer** (CCT)") mean that concept
   * wherever the prose uses them. The phrase's head decides: the alias that ends it, and a strong one.
   */
  private acronymOccurrences(found: Occurrence[]): void {
    const prose = this.facts.prose;
    for (const definition of acronymDefinitions(this.text, prose)) {
      if (this.options.index.matchTerm(definition.acronym)) continue;
      const head = this.options.index
        .matchProse(definition.phrase)
        .find((m) => m.end === definition.phrase.length && m.matches.some((a) => !a.context));
      const alias = head?.matches.find((a) => !a.context);
      if (!alias) continue;
      const meaning: Meaning = {
        slug: alias.slug,
        reason: { kind: 'acronym', acronym: definition.acronym, phrase: definition.phrase, at: definition.start },
        strong: true,
      };
      for (const use of acronymUses(this.text, prose, definition.acronym))
        found.push(this.occurrence(use.start, use.end, meaning, false));
    }
  }

  /** A name in a comment means what the code binds it to (`# ln_f: the final norm`). */
  private lookupProseName(text: string): Meaning | undefined {
    const name = text.split('.').pop()!;
    for (const table of [this.names, this.attributes]) {
      const meaning = table.agreed(name)?.meaning;
      if (meaning) return meaning;
    }
    return undefined;
  }

  /**
   * String literals: one that is a name (`'relu'`, `"LSTM"`, `'past_key_values'`) is read as code; other
   * strings as prose, with strong matches only (a log message is not the place for context-dependent words).
   */
  private stringOccurrences(found: Occurrence[]): void {
    if (!this.deepLearning) return;
    for (const value of this.facts.strings) {
      const text = this.text.slice(value.start, value.end);
      if (text.length > 100_000) continue;
      if (FILE_NAME.test(text)) continue;
      if (/^[A-Za-z_][\w.-]*$/.test(text) && text.length <= 60) {
        const meaning = this.stringAsName(text, value.keyword, -1);
        if (meaning) found.push(this.occurrence(value.start, value.end, meaning, true));
        continue;
      }
      // A docstring kept in a constant (HF's *_DOCSTRING, a long help text) is prose like any docstring.
      if (text.includes('\n') || text.split(/\s+/).length >= 12) {
        this.proseOccurrences([{ start: value.start, matches: this.options.index.matchProse(text) }], found);
        continue;
      }
      for (const m of this.options.index.matchProse(text)) {
        const strong = m.matches.find((a) => !a.context);
        const word = text.slice(m.start, m.end);
        // A short message: phrases, code-like names and acronyms (VAE, ECE), not plain words.
        if (!strong || (!m.code && !/[\s-]/.test(word) && !/^[A-Z][A-Z0-9]+s?$/.test(word))) continue;
        found.push(this.occurrence(value.start + m.start, value.start + m.end, this.aliasMeaning(strong), true));
      }
    }
  }

  /** A string that names something: by a strong alias, or by a context word its keyword agrees with (`activation='tanh'`). */
  private stringAsName(text: string, keyword: string | undefined, scope: number): Meaning | undefined {
    const matches = this.options.index.matchIdentifier(text);
    const strong = matches.find((m) => !m.context);
    if (strong) return this.aliasMeaning(strong);
    if (!matches.length) return undefined;
    if (!keyword) return this.resolveContext(matches, scope);
    const about = new Set(this.options.index.matchIdentifier(keyword).map((m) => m.slug));
    const agreed = matches.find((m) => about.has(m.slug));
    return (
      agreed && {
        slug: agreed.slug,
        reason: { kind: 'context', alias: agreed.alias, evidence: 1, scope: 'call' },
        strong: false,
      }
    );
  }

  /** Calls whose callee is an occurrence, in part offsets. */
  private explainedCalls(occurrences: Occurrence[]): ExplainedCall[] {
    // Where each code occurrence ends in the document, in order (the occurrences do not overlap): a
    // callee's occurrence ends where its name does, found by binary search.
    const code = occurrences.filter((o) => o.code);
    const ends = new Float64Array(code.length);
    code.forEach((o, k) => (ends[k] = this.partStarts[o.part]! + o.end));
    const calls: ExplainedCall[] = [];
    for (const call of this.facts.calls) {
      if (call.callee === undefined) continue;
      const segments = this.facts.chains[call.callee]!.segments;
      const end = segments[segments.length - 1]!.end;
      let lo = 0;
      let hi = ends.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ends[mid]! < end) lo = mid + 1;
        else hi = mid;
      }
      if (ends[lo] !== end) continue;
      const callee = code[lo]!;
      const base = this.partStarts[callee.part]!;
      calls.push({ part: callee.part, open: call.open - base, close: call.close - base, callee });
    }
    return calls;
  }

  private occurrence(start: number, end: number, meaning: Meaning, code: boolean): Occurrence {
    return { part: 0, start, end, text: this.text.slice(start, end), slug: meaning.slug, reason: meaning.reason, code };
  }

  /** Document-wide offsets → part and offsets in the part; overlaps resolved in favour of the longer. */
  private toParts(occurrences: Occurrence[]): Occurrence[] {
    const sorted = occurrences.sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: Occurrence[] = [];
    let part = 0;
    for (const o of sorted) {
      const previous = kept[kept.length - 1];
      if (previous && o.start < previous.end + this.partStarts[previous.part]!) continue;
      while (part + 1 < this.partStarts.length && this.partStarts[part + 1]! <= o.start) part++;
      // The occurrences are this analysis's own: moved to their part in place.
      const base = this.partStarts[part]!;
      o.part = part;
      o.start -= base;
      o.end -= base;
      kept.push(o);
    }
    return kept;
  }
}

/** Words of a name, for callers that describe a binding. */
export function nameWords(name: string): string[] {
  return splitWordsExact(name);
}
