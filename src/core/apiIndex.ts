// Fully qualified library names → what they mean: the note that explains them (with their page),
// or a reason why they are not a concept (nn.Linear: "affine map"). Built from the API coverage
// lists (media/api) and the notes' own `api` entries; the analysis asks it about every call and
// name it can resolve through the file's imports.
import { type ApiNamespace, apiDocUrl } from './apiCoverage';
import { type Note } from './note';

export interface ApiEntry {
  /** The canonical full name (torch.nn.LayerNorm, tf.layers.dense, keras.layers.Dense). */
  name: string;
  slug?: string;
  docs?: string;
  /** Why the name is not a concept, when it is listed as not one. */
  reason?: string;
  language?: 'python' | 'javascript';
}

/** Module paths people import under another name, as the lists spell them. */
const CANONICAL_PREFIXES: [RegExp, string][] = [
  [/^@tensorflow\/tfjs(?:-node(?:-gpu)?|-core|-layers)?(?=\.|$)/, 'tf'],
  [/^(?:tensorflow|tf)\.keras(?=\.|$)/, 'keras'],
  [/^tensorflow(?=\.|$)/, 'tf'],
  [/^keras\.src(?=\.|$)/, 'keras'],
  // Keras 3 as it was published before it became `keras`, and Keras 2 for TensorFlow 2.16+.
  [/^(?:keras_core|tf_keras)(?=\.|$)/, 'keras'],
  [/^torch\.nn\.modules(?:\.\w+)?(?=\.|$)/, 'torch.nn'],
  [/^torch\.optim\.(?!lr_scheduler)\w+(?=\.)/, 'torch.optim'],
];

const ROOTS_TO_RENAME =
  /^(?:@tensorflow|tensorflow|tf\.keras|keras\.src|keras_core|tf_keras|torch\.nn\.modules|torch\.optim\.)/;

export function canonicalName(name: string): string {
  if (!ROOTS_TO_RENAME.test(name)) return name;
  let result = name;
  for (const [pattern, replacement] of CANONICAL_PREFIXES) result = result.replace(pattern, replacement);
  return result;
}

export class ApiIndex {
  private readonly byName = new Map<string, ApiEntry>();

  constructor(namespaces: readonly ApiNamespace[], notes: readonly Note[]) {
    for (const ns of namespaces) {
      for (const [name, concept] of ns.concepts) {
        const full = `${ns.namespace}.${name}`;
        this.byName.set(full, { name: full, slug: concept.slug, docs: apiDocUrl(ns, name), language: ns.language });
      }
      for (const [name, reason] of ns.notConcepts) {
        const full = `${ns.namespace}.${name}`;
        this.byName.set(full, { name: full, reason, language: ns.language });
      }
    }
    // A note's own api entries name its page; they win over a list's template.
    for (const note of notes) {
      for (const api of note.api) {
        const full = canonicalName(api.name);
        const existing = this.byName.get(full);
        if (existing?.slug && existing.slug !== note.slug) continue;
        this.byName.set(full, { ...existing, name: full, slug: note.slug, docs: api.url });
      }
    }
  }

  get size(): number {
    return this.byName.size;
  }

  lookup(qualifiedName: string): ApiEntry | undefined {
    return this.byName.get(canonicalName(qualifiedName));
  }
}
