// Acronyms a document defines in its own prose: "**Compact Convolutional Transformer** (CCT)", "Proximal Policy
// Optimization (PPO)". Papers and tutorials name their model once in full and by its initials after; the initials
// then mean what the full name means, in this document only.
import { type Prose } from './facts';

export interface AcronymDefinition {
  acronym: string;
  /** The words it stands for, as written. */
  phrase: string;
  /** Document offsets of the phrase. */
  start: number;
  end: number;
}

/** A capitalised phrase of two to six words (Markdown emphasis allowed) followed by "(ACRONYM)". */
const DEFINITION = /([A-Z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*){1,5})(?:\*\*|__|\*|_)?\s*\(([A-Z][A-Za-z0-9]{1,9})\)/g;

/** Acronyms the prose defines, the first definition of each. */
export function acronymDefinitions(text: string, prose: readonly Prose[]): AcronymDefinition[] {
  const found = new Map<string, AcronymDefinition>();
  for (const { start, end } of prose) {
    const chunk = text.slice(start, end);
    if (!chunk.includes('(')) continue;
    for (const m of chunk.matchAll(DEFINITION)) {
      const acronym = m[2]!;
      if (found.has(acronym)) continue;
      const phrase = expandedPhrase(m[1]!, acronym);
      if (!phrase) continue;
      const phraseStart = start + m.index + m[1]!.length - phrase.length;
      found.set(acronym, { acronym, phrase, start: phraseStart, end: phraseStart + phrase.length });
    }
  }
  return [...found.values()];
}

/**
 * The words at the end of `words` whose capitals spell the acronym's capitals: "Vision Transformer" for ViT,
 * "Variational AutoEncoder" for VAE. At least two words; none when the capitals do not match.
 */
function expandedPhrase(words: string, acronym: string): string | undefined {
  const capitals = acronym.replace(/[^A-Z]/g, '');
  if (capitals.length < 2) return undefined;
  const parts = words.split(/\s+/);
  let spelled = '';
  for (let k = parts.length - 1; k >= 0; k--) {
    spelled = parts[k]!.replace(/[^A-Z]/g, '') + spelled;
    if (spelled.length > capitals.length) return undefined;
    if (spelled === capitals) return k <= parts.length - 2 ? parts.slice(k).join(' ') : undefined;
  }
  return undefined;
}

/** Where the prose uses the acronym as a word (or its plural: CCTs), as document offsets. */
export function acronymUses(text: string, prose: readonly Prose[], acronym: string): { start: number; end: number }[] {
  const uses: { start: number; end: number }[] = [];
  const word = new RegExp(`(?<![\\w$])${acronym}s?(?![\\w$])`, 'g');
  for (const { start, end } of prose) {
    const chunk = text.slice(start, end);
    if (!chunk.includes(acronym)) continue;
    for (const m of chunk.matchAll(word)) uses.push({ start: start + m.index, end: start + m.index + m[0].length });
  }
  return uses;
}
