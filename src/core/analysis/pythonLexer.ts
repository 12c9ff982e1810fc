// Python source as tokens: names, strings (all prefixes, triple quotes), numbers and operators,
// the comments apart, and the token index where each logical line ends (a line break inside
// brackets or after a backslash continues the line).
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

const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/;

export interface LexedPython extends Lexed {
  /** Token index after the last token of each logical line. */
  lineEnds: number[];
}

export function lexPython(text: string): LexedPython {
  const tokens = Tokens.reused();
  const comments: [number, number][] = [];
  const lineEnds: number[] = [];
  let depth = 0;
  let i = 0;
  const n = text.length;
  const endLine = () => {
    if (tokens.count > (lineEnds[lineEnds.length - 1] ?? 0)) lineEnds.push(tokens.count);
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      if (depth === 0) endLine();
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12) {
      i++;
      continue;
    }
    if (c === 92 /* \ */ && (text.charCodeAt(i + 1) === 10 || text.charCodeAt(i + 1) === 13)) {
      i += text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
      continue;
    }
    if (c === 35 /* # */) {
      let j = text.indexOf('\n', i);
      if (j < 0) j = n;
      comments.push([i, j]);
      i = j;
      continue;
    }
    if (isIdentifierStart(c) && c !== 36) {
      let j = i + 1;
      while (j < n && isIdentifierPart(text.charCodeAt(j)) && text.charCodeAt(j) !== 36) j++;
      const quote = text.charCodeAt(j);
      if ((quote === 34 || quote === 39) && j - i <= 2 && STRING_PREFIX.test(text.slice(i, j))) {
        i = lexString(text, i, j, tokens);
        continue;
      }
      tokens.push(NAME, i, j);
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      i = lexString(text, i, i, tokens);
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const j = scanNumber(text, i);
      tokens.push(NUMBER, i, j);
      i = j;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
    const j = scanOperator(text, i);
    tokens.push(OP, i, j);
    i = j;
  }
  endLine();
  return { tokens, comments, lineEnds };
}

/** Lexes a string whose prefix starts at `start` and whose quote is at `quoteAt`; returns the end. */
function lexString(text: string, start: number, quoteAt: number, tokens: Tokens): number {
  const quote = text.charCodeAt(quoteAt);
  const triple = text.charCodeAt(quoteAt + 1) === quote && text.charCodeAt(quoteAt + 2) === quote;
  const open = quoteAt + (triple ? 3 : 1);
  const raw = quoteAt > start && /[rR]/.test(text.slice(start, quoteAt));
  let i = open;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */ && !(raw && text.charCodeAt(i + 1) === 10)) {
      i += 2;
      continue;
    }
    if (!triple && c === 10) break; // unterminated: the string ends with the line
    if (c === quote && (!triple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote))) {
      const end = i + (triple ? 3 : 1);
      tokens.push(STRING, start, end, open, i);
      return end;
    }
    i++;
  }
  tokens.push(STRING, start, i, open, i);
  return i;
}
