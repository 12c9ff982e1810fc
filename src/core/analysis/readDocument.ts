// Reads every part of a document (a file is one part; a notebook has one per cell) into one set of
// facts with document-wide offsets, so that a binding in one cell explains a use in a later cell.
// Markdown contributes prose, its inline `code` and the code of its fenced blocks.
import { type ProgramFacts, type Value, emptyFacts } from './facts';
import { readPython } from './pythonFacts';
import { readScript } from './scriptFacts';

export type PartLanguage = 'python' | 'javascript' | 'markdown' | 'text';

export interface DocumentPart {
  text: string;
  language: PartLanguage;
}

/** Maps editor language ids (and notebook cell languages) to the readers we have. */
export function partLanguage(languageId: string): PartLanguage {
  if (languageId === 'python' || languageId === 'jupyter') return 'python';
  if (/^(java|type)script(react)?$/.test(languageId) || languageId === 'js' || languageId === 'ts') return 'javascript';
  if (languageId === 'markdown') return 'markdown';
  return 'text';
}

export interface ReadDocument {
  facts: ProgramFacts;
  /** Document-wide offset where each part starts (parts are separated by one position). */
  partStarts: number[];
  text: string;
}

export function readDocument(parts: readonly DocumentPart[]): ReadDocument {
  const facts = emptyFacts();
  const partStarts: number[] = [];
  let base = 0;
  for (const part of parts) {
    partStarts.push(base);
    const pieces = readPart(part, base);
    // A plain file is one piece: no need to copy it.
    if (parts.length === 1 && pieces.length === 1) return { facts: pieces[0]!, partStarts, text: part.text };
    for (const piece of pieces) merge(facts, piece);
    base += part.text.length + 1;
  }
  return { facts, partStarts, text: parts.map((p) => p.text).join('\n') };
}

function readPart(part: DocumentPart, base: number): ProgramFacts[] {
  switch (part.language) {
    case 'python':
      return [readPython(part.text, base)];
    case 'javascript':
      return [readScript(part.text, base)];
    case 'markdown':
      return readMarkdown(part.text, base);
    default: {
      const facts = emptyFacts();
      facts.prose.push({ start: base, end: base + part.text.length, kind: 'text' });
      return [facts];
    }
  }
}

const FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*$/gm;

/** Prose between fenced code blocks; the blocks in their own language. */
function readMarkdown(text: string, base: number): ProgramFacts[] {
  const pieces: ProgramFacts[] = [];
  const prose = emptyFacts();
  pieces.push(prose);
  let proseStart = 0;
  FENCE.lastIndex = 0;
  for (;;) {
    const open = FENCE.exec(text);
    if (!open) break;
    const fence = open[2]!;
    const codeStart = open.index + open[0].length + 1;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`, 'gm');
    closing.lastIndex = codeStart;
    const close = closing.exec(text);
    const codeEnd = close ? close.index : text.length;
    if (open.index > proseStart) prose.prose.push({ start: base + proseStart, end: base + open.index, kind: 'text' });
    const language = partLanguage(languageOfFence(open[3] ?? ''));
    const code = text.slice(0, codeEnd);
    if (language === 'python' || language === 'javascript') {
      // Reading the whole prefix keeps offsets right; only the block itself has tokens.
      const blank = code.slice(0, codeStart).replace(/[^\n]/g, ' ');
      pieces.push(
        language === 'python'
          ? readPython(blank + code.slice(codeStart), base)
          : readScript(blank + code.slice(codeStart), base),
      );
    }
    proseStart = close ? close.index + close[0].length : text.length;
    FENCE.lastIndex = proseStart;
  }
  if (proseStart < text.length) prose.prose.push({ start: base + proseStart, end: base + text.length, kind: 'text' });
  return pieces;
}

function languageOfFence(info: string): string {
  const lower = info.toLowerCase();
  if (['py', 'python', 'python3', 'ipython', 'pycon'].includes(lower)) return 'python';
  if (['js', 'javascript', 'ts', 'typescript', 'jsx', 'tsx', 'mjs'].includes(lower)) return 'javascript';
  return lower;
}

/** Appends `source` to `target`, shifting the indexes that point into its arrays. */
function merge(target: ProgramFacts, source: ProgramFacts): void {
  const chains = target.chains.length;
  const calls = target.calls.length;
  const defs = target.definitions.length;
  const shiftScope = (scope: number) => (scope < 0 ? -1 : scope + defs);
  for (const chain of source.chains) {
    target.chains.push({
      ...chain,
      scope: shiftScope(chain.scope),
    });
  }
  for (const call of source.calls) {
    target.calls.push({
      ...call,
      callee: call.callee === undefined ? undefined : call.callee + chains,
      parent: call.parent === undefined ? undefined : call.parent + calls,
      keywords: call.keywords.map((k) => ({
        ...k,
        chain: k.chain < 0 ? k.chain : k.chain + chains,
        value: shiftValue(k.value),
      })),
      firstArgument: call.firstArgument && shiftValue(call.firstArgument),
    });
  }
  function shiftValue(value: Value): Value {
    switch (value.kind) {
      case 'call':
        return { ...value, call: value.call + calls };
      case 'chain':
        return { ...value, chain: value.chain + chains };
      case 'choice':
        return { ...value, options: value.options.map(shiftValue) };
      case 'other':
        return { ...value, chains: value.chains.map((c) => c + chains) };
    }
  }
  for (const assignment of source.assignments) {
    target.assignments.push({
      ...assignment,
      targets: assignment.targets.map((t) => t + chains),
      value: shiftValue(assignment.value),
      scope: shiftScope(assignment.scope),
    });
  }
  for (const def of source.definitions) {
    target.definitions.push({
      ...def,
      chain: def.chain + chains,
      bases: def.bases.map((b) => b + chains),
      parent: shiftScope(def.parent),
    });
  }
  for (const [name, qualified] of source.imports) target.imports.set(name, qualified);
  target.prose.push(...source.prose);
  for (const r of source.returns) target.returns.push({ ...r, value: shiftValue(r.value), scope: shiftScope(r.scope) });
  target.strings.push(
    ...source.strings.map((s) => ({ ...s, call: s.call === undefined ? undefined : s.call + calls })),
  );
}
