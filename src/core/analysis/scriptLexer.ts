// JavaScript and TypeScript source as tokens: names, strings, template literals (their ${…} parts
// are code), regular-expression literals (as strings), numbers and operators; the comments apart,
// and for each token whether a line break comes before it.
import {
  type Lexed,
  NAME,
  NUMBER,
  OP,
  STRING,
  Tokens,
  isDigit,
  isIdentifierPart,
  isIdentifierStart,
  scanNumber,
  scanOperator,
} from './tokens';

export interface LexedScript extends Lexed {
  /** 1 where a line break precedes the token. */
  lineBreakBefore: Uint8Array;
}

/** After these, a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_KEYWORDS = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'instanceof',
  'yield',
  'await',
]);

export function lexScript(text: string): LexedScript {
  const tokens = Tokens.reused();
  const comments: [number, number][] = [];
  const breaks: number[] = [];
  let sawBreak = true;
  const push = (kind: number, start: number, end: number, valueStart = start, valueEnd = end) => {
    if (sawBreak) breaks.push(tokens.count);
    sawBreak = false;
    tokens.push(kind, start, end, valueStart, valueEnd);
  };
  const n = text.length;
  let i = 0;
  let braceDepth = 0;
  // Brace depths at which an open template literal's ${…} part ends.
  const templates: number[] = [];

  const regexAllowed = (): boolean => {
    const k = tokens.count - 1;
    if (k < 0) return true;
    const kind = tokens.kind[k];
    if (kind === NAME) return REGEX_AFTER_KEYWORDS.has(text.slice(tokens.start[k], tokens.end[k]));
    if (kind === OP) return !/^[)\]}]$/.test(text.slice(tokens.start[k], tokens.end[k]));
    return false;
  };

  const lexTemplate = (from: number): number => {
    // `from` is just after "`" or after the "}" closing a ${…} part.
    let j = from;
    while (j < n) {
      const c = text[j];
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === '`') {
        push(STRING, from - 1, j + 1, from, j);
        return j + 1;
      }
      if (c === '$' && text[j + 1] === '{') {
        push(STRING, from - 1, j, from, j);
        templates.push(braceDepth);
        braceDepth++;
        return j + 2;
      }
      j++;
    }
    push(STRING, from - 1, n, from, n);
    return n;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      sawBreak = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 47 /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        let j = text.indexOf('\n', i);
        if (j < 0) j = n;
        comments.push([i, j]);
        i = j;
        continue;
      }
      if (next === 42 /* * */) {
        let j = text.indexOf('*/', i + 2);
        j = j < 0 ? n : j + 2;
        comments.push([i, j]);
        if (text.slice(i, j).includes('\n')) sawBreak = true;
        i = j;
        continue;
      }
      if (regexAllowed()) {
        const j = scanRegex(text, i);
        if (j > 0) {
          push(STRING, i, j, i + 1, i + 1);
          i = j;
          continue;
        }
      }
    }
    if (isIdentifierStart(c)) {
      let j = i + 1;
      while (j < n && isIdentifierPart(text.charCodeAt(j))) j++;
      push(NAME, i, j);
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      const [end, valueEnd] = scanQuoted(text, i);
      push(STRING, i, end, i + 1, valueEnd);
      i = end;
      continue;
    }
    if (c === 96 /* ` */) {
      i = lexTemplate(i + 1);
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const j = scanNumber(text, i);
      push(NUMBER, i, j);
      i = j;
      continue;
    }
    if (c === 123) braceDepth++;
    else if (c === 125) {
      braceDepth--;
      if (templates.length && templates[templates.length - 1] === braceDepth) {
        templates.pop();
        i = lexTemplate(i + 1);
        continue;
      }
    }
    const j = scanOperator(text, i);
    push(OP, i, j);
    i = j;
  }
  const lineBreakBefore = new Uint8Array(tokens.count);
  for (const at of breaks) lineBreakBefore[at] = 1;
  return { tokens, comments, lineBreakBefore };
}

/** The end of a quoted string at `start`, and the end of its content. */
function scanQuoted(text: string, start: number): [number, number] {
  const quote = text.charCodeAt(start);
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c === quote) return [i + 1, i];
    if (c === 10) break;
    i++;
  }
  return [i, i];
}

/** The end of a regular-expression literal at `start`, or 0 when the line has none. */
function scanRegex(text: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') return 0;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let j = i + 1;
      while (j < text.length && /[a-z]/i.test(text[j]!)) j++;
      return j;
    }
  }
  return 0;
}
