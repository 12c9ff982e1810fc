// The tokens the analysis reads a document as. Parsers such as Lezer or tree-sitter give a full
// syntax tree, but Lezer needs about 100 ms to parse a 10,000-line model file (`npm run bench`), against
// the hover's budget of 30 ms for the whole analysis; a lexer that gets names, strings and comments
// exactly (about 2 ms for that file), plus a statement-level reading of the token stream, is what the
// analysis can afford. test/unit/analysis/lexers.test.ts checks the lexers against Lezer on real files.

/** Token kinds, as numbers: the lexers fill typed arrays rather than allocate one object per token. */
export const NAME = 1;
/** A string literal; its content is `valueStart`–`valueEnd` (without prefix and quotes). */
export const STRING = 2;
export const NUMBER = 3;
/** Punctuation and operators: `(`, `.`, `=`, `==`, `+=`, `=>`, … */
export const OP = 4;

/**
 * The code tokens of a program (comments and line ends are kept apart), as parallel typed arrays.
 * Reading a document is synchronous and its tokens do not outlive the reading, so one set of arrays
 * is reused from document to document (`Tokens.reused()`): allocating megabytes of buffers for every
 * analysis made garbage collection a third of its cost.
 */
export class Tokens {
  private static shared?: Tokens;

  /** The shared, emptied token arrays. */
  static reused(): Tokens {
    const tokens = (Tokens.shared ??= new Tokens());
    tokens.count = 0;
    return tokens;
  }

  count = 0;
  kind = new Uint8Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  /** For strings: where the content starts and ends. */
  valueStart = new Int32Array(1024);
  valueEnd = new Int32Array(1024);

  push(kind: number, start: number, end: number, valueStart = start, valueEnd = end): void {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.start[i] = start;
    this.end[i] = end;
    this.valueStart[i] = valueStart;
    this.valueEnd[i] = valueEnd;
  }

  private grow(): void {
    const size = this.kind.length * 2;
    const grow = <T extends Uint8Array | Int32Array>(array: T, make: (n: number) => T): T => {
      const bigger = make(size);
      bigger.set(array);
      return bigger;
    };
    this.kind = grow(this.kind, (n) => new Uint8Array(n));
    this.start = grow(this.start, (n) => new Int32Array(n));
    this.end = grow(this.end, (n) => new Int32Array(n));
    this.valueStart = grow(this.valueStart, (n) => new Int32Array(n));
    this.valueEnd = grow(this.valueEnd, (n) => new Int32Array(n));
  }
}

/** What a lexer gives: the code tokens, the comments, and where lines end. */
export interface Lexed {
  tokens: Tokens;
  /** Offsets [start, end) of each comment. */
  comments: [number, number][];
}

const A = 65;
const Z = 90;
const LOWER_A = 97;
const LOWER_Z = 122;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** ASCII character classes, looked up rather than compared: the lexers ask about every character. */
const IDENTIFIER_START = 1;
const IDENTIFIER_PART = 2;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const start = (c >= LOWER_A && c <= LOWER_Z) || (c >= A && c <= Z) || c === 95 || c === 36;
  const digit = c >= DIGIT_0 && c <= DIGIT_9;
  ASCII_CLASS[c] = (start ? IDENTIFIER_START | IDENTIFIER_PART : 0) | (digit ? IDENTIFIER_PART : 0);
}

export function isIdentifierStart(code: number): boolean {
  return code > 127 || (ASCII_CLASS[code]! & IDENTIFIER_START) !== 0;
}

export function isIdentifierPart(code: number): boolean {
  return code > 127 || (ASCII_CLASS[code]! & IDENTIFIER_PART) !== 0;
}

export function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/** The end of a number literal starting at `i` (1e-5, 0x1F, 1_000, 3.14j, 10n). */
export function scanNumber(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (isIdentifierPart(c) || c === 46 /* . */) {
      // An exponent's sign belongs to the number: 1e-5, 2E+3.
      if ((c === 101 || c === 69) && !/^0[xX]/.test(text.slice(i, i + 2))) {
        const next = text.charCodeAt(j + 1);
        if (next === 43 || next === 45) j++;
      }
      j++;
    } else break;
  }
  return j;
}

/** Two- and three-character operators, longest first. */
const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '===',
  '!==',
  '...',
  '?.',
  '??',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  ':=',
  '->',
  '**',
  '//',
  '&&',
  '||',
  '<<',
  '>>',
];

/** The operators of more than one character, by their first character (longest first). */
const BY_FIRST = new Map<number, string[]>();
for (const op of OPERATORS) BY_FIRST.set(op.charCodeAt(0), [...(BY_FIRST.get(op.charCodeAt(0)) ?? []), op]);
/** 1 for each character that is the second of such an operator: most `.`, `=` and `-` stand alone. */
const SECOND = new Uint8Array(128);
for (const op of OPERATORS) SECOND[op.charCodeAt(1)] = 1;

/** The end of the operator starting at `i`. */
export function scanOperator(text: string, i: number): number {
  const next = text.charCodeAt(i + 1);
  if (!(next < 128 && SECOND[next])) return i + 1;
  const candidates = BY_FIRST.get(text.charCodeAt(i));
  if (candidates) for (const op of candidates) if (text.startsWith(op, i)) return i + op.length;
  return i + 1;
}

/**
 * One string per distinct name: a file says `self` and `x` thousands of times, and slicing each
 * occurrence out of the text would allocate a new string every time. Names are looked up by a hash
 * of their characters, compared in place.
 */
export class NameInterner {
  private readonly buckets = new Map<number, string[]>();
  private size = 0;

  intern(text: string, start: number, end: number): string {
    let hash = 2166136261;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
    const length = end - start;
    const bucket = this.buckets.get(hash);
    if (bucket) {
      for (const name of bucket) if (name.length === length && text.startsWith(name, start)) return name;
    }
    if (this.size > 200_000) {
      this.buckets.clear();
      this.size = 0;
    }
    const name = text.slice(start, end);
    if (bucket) bucket.push(name);
    else this.buckets.set(hash, [name]);
    this.size++;
    return name;
  }
}

export const names = new NameInterner();
