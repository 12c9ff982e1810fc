// Turns identifiers and phrases into comparable word sequences, so that LayerNorm,
// layer_norm, layerNorm and "layer norm" all become the same key: "layernorm".

// One word: a digit-led token (dropped later: 2d, 1, 3x3), a plural acronym (CNNs),
// an acronym followed by a capitalised word (GCN in GCNLayer), a capitalised or
// lower-case word, or a trailing run of capitals.
const WORD = /\d[\dA-Za-z]*|[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+/g;

/** Lower-case words of an identifier or phrase; digits and dimension suffixes are dropped. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  for (const part of text.split(/[^A-Za-z0-9]+/)) {
    for (const match of part.matchAll(WORD)) {
      if (!/^\d/.test(match[0])) words.push(match[0].toLowerCase());
    }
  }
  return words;
}

export function wordKey(text: string): string {
  return splitWords(text).join('');
}

/** Trailing words that name a container rather than a concept: GCNLayer is a GCN, TransformerBlock a transformer. */
export const GENERIC_TRAILING_WORDS = new Set([
  'layer',
  'layers',
  'block',
  'blocks',
  'module',
  'cell',
  'model',
  'net',
  'fn',
  'func',
  'function',
  'op',
  'impl',
  'head',
  'unit',
]);
