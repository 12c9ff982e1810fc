// Turns identifiers and phrases into comparable word sequences, so that LayerNorm,
// layer_norm, layerNorm and "layer norm" all become the same key: "layernorm".

// One word: a plural acronym (CNNs), an acronym followed by a capitalised word (GCN in GCNLayer), a
// capitalised or lower-case word, or a run of capitals — each with the digits that follow it (L1, fp16,
// Conv2d, BatchNorm1d), so that a digit never swallows the letters after it (L1Loss is "l1 loss", not "l").
// A part that starts with a digit (1, 3x3, the 1 of ln_1) is not a word.
const WORD =
  /[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+(?:\d+[dD]?(?![a-z]))?|[A-Z]+(?:\d+[dD]?(?![a-z]))?|\d[\dA-Za-z]*/g;
/** Trailing digits of a word, with a dimension suffix: the 2d of conv2d, the 2 of gpt2. */
const DIGIT_SUFFIX = /\d+[dD]?$/;

/** Lower-case words as written, digits included: L1Loss → l1 loss, fp16 → fp16, Conv2d → conv2d. */
export function splitWordsExact(text: string): string[] {
  const words: string[] = [];
  for (const part of text.split(/[^A-Za-z0-9]+/)) {
    for (const match of part.matchAll(WORD)) {
      if (!/^\d/.test(match[0])) words.push(match[0].toLowerCase());
    }
  }
  return words;
}

/** Drops a version or dimension suffix (conv2d → conv, gpt2 → gpt) unless one letter would remain (l1). */
export function withoutDigits(word: string): string {
  const stripped = word.replace(DIGIT_SUFFIX, '');
  return stripped.length >= 2 ? stripped : word;
}

/** Lower-case words of an identifier or phrase, version and dimension suffixes dropped (Conv2d → conv). */
export function splitWords(text: string): string[] {
  return splitWordsExact(text).map(withoutDigits);
}

/**
 * The key an alias is indexed under: its words joined. Digits stay when the alias itself has them
 * (L1Loss, fp16, bfloat16), since there they are the meaning; otherwise they cannot occur.
 */
export function wordKey(text: string): string {
  let key = keyMemo.get(text);
  if (key === undefined) {
    if (keyMemo.size > 100_000) keyMemo.clear();
    key = splitWordsExact(text).join('');
    keyMemo.set(text, key);
  }
  return key;
}

/** Words repeat across a document and across documents: each text is split once. */
const keyMemo = new Map<string, string>();

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
