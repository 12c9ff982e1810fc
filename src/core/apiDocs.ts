// Picks the official documentation page for the library identifier under the
// cursor: F.layer_norm → torch.nn.functional.layer_norm, layerNormalization → tfjs.
import { type ApiDoc, type Note } from './note';
import { type CodeFamily } from './languages';
import { wordKey } from './words';

export type { CodeFamily };

/** Libraries a file imports, guessed from its first lines; used to break ties such as nn.LayerNorm in Flax code. */
export type LibraryHint = 'torch' | 'flax' | 'keras' | undefined;

/** Short module names people write for the long ones in API names. */
const ABBREVIATIONS: Record<string, string[]> = {
  F: ['functional'],
  nn: ['nn', 'linen'],
  K: ['backend'],
  tfd: ['distributions'],
  tfb: ['bijectors'],
  dist: ['distributions'],
  D: ['distributions'],
};

function familyOfApi(api: ApiDoc): CodeFamily {
  return api.url.startsWith('https://js.tensorflow.org/') ? 'javascript' : 'python';
}

function libraryOfApi(api: ApiDoc): LibraryHint {
  if (api.name.startsWith('torch.')) return 'torch';
  if (api.name.startsWith('flax.')) return 'flax';
  if (/^(tf\.keras|keras)\./.test(api.name)) return 'keras';
  return undefined;
}

export function detectLibrary(headOfFile: string): LibraryHint {
  const imports = (pattern: RegExp) => pattern.test(headOfFile);
  if (imports(/^\s*(?:import|from)\s+flax\b/m)) return 'flax';
  if (imports(/^\s*(?:import|from)\s+torch\b/m)) return 'torch';
  if (imports(/^\s*(?:import|from)\s+(?:tensorflow|keras)\b/m)) return 'keras';
  return undefined;
}

export function apiDocFor(written: string, note: Note, family?: CodeFamily, library?: LibraryHint): ApiDoc | undefined {
  const segments = written.split('.');
  const leaf = segments[segments.length - 1] ?? '';
  const candidates = note.api
    .filter((api) => !family || familyOfApi(api) === family)
    .filter((api) => {
      const apiLeaf = api.name.slice(api.name.lastIndexOf('.') + 1);
      return apiLeaf === leaf || wordKey(apiLeaf) === wordKey(leaf);
    });
  let best: ApiDoc | undefined;
  let bestScore = -1;
  for (const api of candidates) {
    const apiSegments = api.name.split('.');
    let score = apiSegments[apiSegments.length - 1] === leaf ? 10 : 0; // exact case (tfjs vs Keras)
    for (let i = 2; i <= Math.min(segments.length, apiSegments.length); i++) {
      const mine = segments[segments.length - i];
      const theirs = apiSegments[apiSegments.length - i];
      if (mine === theirs || (mine !== undefined && theirs !== undefined && ABBREVIATIONS[mine]?.includes(theirs)))
        score += 2;
      else break;
    }
    if (library && libraryOfApi(api) === library) score += 1;
    if (score > bestScore) {
      best = api;
      bestScore = score;
    }
  }
  return best;
}
