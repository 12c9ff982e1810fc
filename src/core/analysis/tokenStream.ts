// Helpers both language readers use on a token stream: bracket matching, name chains, calls and
// their keyword arguments, and the shape of an assigned value.
import {
  type Call,
  type ChainRole,
  type KeywordArgument,
  type ProgramFacts,
  type Segment,
  type TokenRange,
  type Value,
} from './facts';
import { NAME, NUMBER, OP, STRING, type Tokens, names } from './tokens';

export class TokenStream {
  /** Index of the matching bracket for every bracket token (-1 when unmatched). */
  readonly match: Int32Array;
  /** The chain that starts at each token index (-1: none). */
  readonly chainAt: Int32Array;
  /** The call whose "(" is each token index (-1: none). */
  readonly callAt: Int32Array;
  readonly count: number;
  /** 1 for a name that is not a keyword: decided once per token, as names are asked about often. */
  private readonly plainName: Uint8Array;
  /** The character of each one-character operator token (0 for other tokens). */
  private readonly opChar: Uint16Array;
  /** The text of each name token (interned), empty for other tokens. */
  private readonly nameText: (string | undefined)[];
  /** Keyword arguments whose values are read once every chain and call is known. */
  private readonly pendingKeywords: KeywordArgument[] = [];
  /** Where each pending keyword's value starts and ends, as token indexes (two numbers per keyword). */
  private readonly pendingValueRanges: number[] = [];
  /** Calls whose first argument is read at the end, with the token index of their "(". */
  private readonly pendingCalls: { call: Call; open: number }[] = [];

  constructor(
    readonly text: string,
    readonly tokens: Tokens,
    /** Offset of `text` within the whole document. */
    readonly base: number,
    readonly keywords: ReadonlySet<string>,
    /** The language's reading of a value that is one of several (`a if c else b`, `a ?? b`). */
    private readonly choices: (stream: TokenStream, range: TokenRange) => TokenRange[] | undefined,
    /**
     * Words that are keywords only where a name or a string follows (`type T =`, `get x()`, `from 'tfjs'`)
     * and names elsewhere (`{ type: 'dense' }`, `config.type`).
     */
    contextual: ReadonlySet<string> = NO_WORDS,
  ) {
    this.count = tokens.count;
    const arrays = reusedArrays(this.count);
    this.match = matchBrackets(text, tokens, arrays.match);
    this.chainAt = arrays.chainAt;
    this.callAt = arrays.callAt;
    this.plainName = arrays.plainName;
    this.nameText = arrays.nameText;
    this.opChar = arrays.opChar;
    for (let i = 0; i < this.count; i++) {
      this.nameText[i] = tokens.kind[i] === NAME ? names.intern(text, tokens.start[i]!, tokens.end[i]!) : undefined;
      if (tokens.kind[i] === OP && tokens.end[i]! - tokens.start[i]! === 1)
        this.opChar[i] = text.charCodeAt(tokens.start[i]!);
    }
    for (let i = 0; i < this.count; i++) {
      const name = this.nameText[i];
      if (name === undefined) continue;
      if (keywords.has(name) && !this.isMember(i) && !this.isExportedAs(i)) continue;
      if (contextual.has(name) && !this.isMember(i) && this.startsClause(i)) continue;
      this.plainName[i] = 1;
    }
  }

  /**
   * Whether a contextual keyword at `i` is one here: a name, string or number follows (`type T`, `from 'x'`,
   * `case None:`), or, for `of`, a literal after a loop variable (`for (const k of [a, b])`).
   */
  private startsClause(i: number): boolean {
    const word = this.nameText[i];
    // Python's soft keywords begin a statement: `match x:`, `case [a, b]:`; `match = …` is a name.
    if (word === 'match' || word === 'case')
      return this.startsLine(i) && !NAME_FOLLOWERS.has(this.opChar[i + 1]!) && !this.isOp(i + 1, '=');
    const next = this.tokens.kind[i + 1];
    if (next === NAME || next === STRING || next === NUMBER) return true;
    if (word !== 'of') return false;
    const opens = this.opChar[i + 1] === 91 || this.opChar[i + 1] === 40 || this.opChar[i + 1] === 123;
    return opens && (this.plainName[i - 1] === 1 || this.opChar[i - 1] === 93 || this.opChar[i - 1] === 125);
  }

  /** Whether token `i` is the first on its line. */
  private startsLine(i: number): boolean {
    const start = this.tokens.start[i]!;
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    return this.text.slice(lineStart, start).trim() === '';
  }

  /** `export { uPlot as default }`, `import { default as x }`: a reserved word as an exported name. */
  private isExportedAs(i: number): boolean {
    const asBefore = this.nameText[i - 1] === 'as' && this.nameText[i] !== 'const';
    return asBefore || (this.nameText[i + 1] === 'as' && (this.opChar[i - 1] === 123 || this.opChar[i - 1] === 44));
  }

  /** Whether name token `i` is a property after `.` or `?.` (`layer.type`, `x?.default`): never a keyword. */
  private isMember(i: number): boolean {
    const dot = i - 1;
    if (dot < 1) return false;
    const member =
      this.opChar[dot] === 46 /* . */ ||
      (this.tokens.kind[dot] === OP && this.text.startsWith('?.', this.tokens.start[dot]));
    if (!member) return false;
    // `from . import x` has a dot and no object before it.
    const before = this.tokens.kind[dot - 1];
    return before === NAME || before === STRING || this.opChar[dot - 1] === 41 /* ) */ || this.opChar[dot - 1] === 93;
  }

  textOf(i: number): string {
    if (i < 0 || i >= this.count) return '';
    return this.nameText[i] ?? this.text.slice(this.tokens.start[i], this.tokens.end[i]);
  }

  isOp(i: number, op: string): boolean {
    if (i < 0 || i >= this.count) return false;
    // One-character operators (most of those asked about) by the code kept per token.
    if (op.length === 1) return this.opChar[i] === op.charCodeAt(0);
    if (this.tokens.kind[i] !== OP) return false;
    const start = this.tokens.start[i]!;
    if (this.tokens.end[i]! - start !== op.length) return false;
    return op.length === 1 ? this.text.charCodeAt(start) === op.charCodeAt(0) : this.text.startsWith(op, start);
  }

  isName(i: number): boolean {
    return this.plainName[i] === 1;
  }

  isString(i: number): boolean {
    return i >= 0 && i < this.count && this.tokens.kind[i] === STRING;
  }

  isKeyword(i: number, word: string): boolean {
    if (i < 0 || i >= this.count || this.tokens.kind[i] !== NAME) return false;
    const start = this.tokens.start[i]!;
    return this.tokens.end[i]! - start === word.length && this.text.startsWith(word, start);
  }

  /** Document offset where token `i` starts, or ends. */
  startOf(i: number): number {
    return this.tokens.start[i]! + this.base;
  }

  endOf(i: number): number {
    return this.tokens.end[i]! + this.base;
  }

  /** A string token's content, as document offsets. */
  contentOf(i: number): { start: number; end: number } {
    return { start: this.tokens.valueStart[i]! + this.base, end: this.tokens.valueEnd[i]! + this.base };
  }

  segment(i: number): Segment {
    return { text: this.textOf(i), start: this.startOf(i), end: this.endOf(i) };
  }

  /**
   * Reads the chain of names joined by dots that starts at token `i` (`self.ln_f`, `nn.init.normal_`),
   * records it, and returns the index after it.
   */
  readChain(facts: ProgramFacts, i: number, role: ChainRole, afterExpression: boolean, scope = -1): number {
    let j = i + 1;
    while (this.isOp(j, '.') && this.isName(j + 1)) j += 2;
    // Sized once: a chain is nearly always one or two names, and a grown array would reserve seventeen.
    let segments: Segment[];
    if (j === i + 1) segments = [this.segment(i)];
    else if (j === i + 3) segments = [this.segment(i), this.segment(i + 2)];
    else {
      segments = new Array<Segment>((j - i + 1) >> 1);
      for (let k = i, n = 0; k < j; k += 2) segments[n++] = this.segment(k);
    }
    this.chainAt[i] = facts.chains.length;
    facts.chains.push({ segments, role, afterExpression, scope });
    return j;
  }

  /** Records the call whose "(" is at token `open`; its keyword arguments are recorded as they are read. */
  addCall(facts: ProgramFacts, open: number, callee: number | undefined, parent: number | undefined): number {
    const close = this.match[open]!;
    const call: Call = {
      callee,
      open: this.startOf(open),
      close: close > open ? this.endOf(close) : this.endOf(open),
      keywords: [],
      parent,
    };
    this.callAt[open] = facts.calls.length;
    facts.calls.push(call);
    // Only a wrapper's first argument is ever asked for (`partial(nn.LayerNorm, …)`).
    const segments = callee === undefined ? undefined : facts.chains[callee]!.segments;
    if (segments?.[segments.length - 1]!.text === 'partial') this.pendingCalls.push({ call, open });
    return facts.calls.length - 1;
  }

  /** The end (exclusive) of an argument starting at `i` inside brackets that close at `close`. */
  argumentEnd(i: number, close: number): number {
    let j = i;
    while (j < close && !this.isOp(j, ',')) j = this.skip(j);
    return j;
  }

  /** The index after token `i`, jumping over a bracketed group. */
  skip(i: number): number {
    const m = this.match[i]!;
    return m > i ? m + 1 : i + 1;
  }

  keywordArgument(facts: ProgramFacts, call: number, nameIndex: number, valueEnd: number): void {
    const argument: KeywordArgument = {
      name: this.segment(nameIndex),
      chain: this.chainAt[nameIndex]!,
      value: UNREAD,
    };
    this.pendingKeywords.push(argument);
    this.pendingValueRanges.push(nameIndex + 2, valueEnd);
    facts.calls[call]!.keywords.push(argument);
    const only = nameIndex + 2;
    if (this.isString(only) && only + 1 === valueEnd) {
      facts.strings.push({ ...this.contentOf(only), keyword: argument.name.text, call });
    }
  }

  /**
   * Records every string literal not recorded yet (keyword values are, with their keyword), except
   * the ones `skip` names: docstrings, module names of imports.
   */
  recordStrings(facts: ProgramFacts, skip: ReadonlySet<number>): void {
    const recorded = new Set(facts.strings.map((s) => s.start));
    for (let i = 0; i < this.count; i++) {
      if (!this.isString(i) || skip.has(i)) continue;
      const content = this.contentOf(i);
      if (!recorded.has(content.start) && content.end > content.start) facts.strings.push(content);
    }
  }

  /** Reads the values of arguments; call after every chain and call has been read. */
  finishArguments(): void {
    const ranges = this.pendingValueRanges;
    this.pendingKeywords.forEach((argument, k) => {
      argument.value = this.valueOf({ from: ranges[2 * k]!, to: ranges[2 * k + 1]! });
    });
    this.pendingKeywords.length = 0;
    ranges.length = 0;
    for (const { call, open } of this.pendingCalls) {
      const close = this.match[open]!;
      const first = open + 1;
      if (close <= first || (this.isName(first) && this.isOp(first + 1, '='))) continue;
      call.firstArgument = this.valueOf({ from: first, to: this.argumentEnd(first, close) });
    }
    this.pendingCalls.length = 0;
  }

  /** The shape of the value in a token range: a call (and what is done with its result), a chain, a choice. */
  valueOf(range: TokenRange): Value {
    let { from } = range;
    const { to } = range;
    while (from < to && (this.isKeyword(from, 'await') || this.isKeyword(from, 'new') || this.isKeyword(from, 'yield')))
      from++;
    if (from < to && this.isOp(from, '(') && this.match[from] === to - 1)
      return this.valueOf({ from: from + 1, to: to - 1 });
    const options = this.choices(this, { from, to });
    if (options) return { kind: 'choice', options: options.map((o) => this.valueOf(o)) };
    const chain = from < to ? this.chainAt[from]! : -1;
    if (chain >= 0) {
      let j = from + 1;
      while (this.isOp(j, '.') && this.isName(j + 1)) j += 2;
      if (j === to) return { kind: 'chain', chain };
      const call = this.callAt[j]!;
      if (call >= 0) {
        const then: string[] = [];
        let k = this.match[j]! + 1;
        while (k < to && this.isOp(k, '.') && this.isName(k + 1) && this.callAt[k + 2]! >= 0) {
          then.push(this.textOf(k + 1));
          k = this.match[k + 2]! + 1;
        }
        if (k === to) return { kind: 'call', call, then, calledAgain: false };
        if (this.isOp(k, '(') && then.length === 0) return { kind: 'call', call, then, calledAgain: true };
      }
    }
    const chains: number[] = [];
    for (let k = from; k < to; k++) if (this.chainAt[k]! >= 0) chains.push(this.chainAt[k]!);
    return { kind: 'other', chains };
  }
}

const NO_WORDS: ReadonlySet<string> = new Set();
/** Characters after which a soft keyword is a name after all: `match.group`, `match(…)`, `case = 1`, `(match, x)`. */
const NAME_FOLLOWERS = new Set([46, 61, 40, 44, 41, 58, 93, 125].map(Number)); // . = ( , ) : ] }

/** A keyword argument's value until finishArguments reads it. */
const UNREAD: Value = Object.freeze({ kind: 'other', chains: Object.freeze([]) });

/** Per-token arrays, reused like the tokens themselves (see Tokens.reused), reset for `count` tokens. */
let reused:
  | {
      match: Int32Array;
      chainAt: Int32Array;
      callAt: Int32Array;
      plainName: Uint8Array;
      opChar: Uint16Array;
      nameText: (string | undefined)[];
    }
  | undefined;

function reusedArrays(count: number): NonNullable<typeof reused> {
  if (!reused || reused.match.length < count) {
    const size = Math.max(count, 1024);
    reused = {
      match: new Int32Array(size),
      chainAt: new Int32Array(size),
      callAt: new Int32Array(size),
      plainName: new Uint8Array(size),
      opChar: new Uint16Array(size),
      nameText: [],
    };
  }
  const arrays = {
    match: reused.match.subarray(0, count),
    chainAt: reused.chainAt.subarray(0, count),
    callAt: reused.callAt.subarray(0, count),
    plainName: reused.plainName.subarray(0, count),
    opChar: reused.opChar.subarray(0, count),
    nameText: reused.nameText,
  };
  arrays.match.fill(-1);
  arrays.chainAt.fill(-1);
  arrays.callAt.fill(-1);
  arrays.plainName.fill(0);
  arrays.opChar.fill(0);
  return arrays;
}

function matchBrackets(text: string, tokens: Tokens, match: Int32Array): Int32Array {
  const stack: number[] = [];
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.kind[i] !== OP || tokens.end[i]! - tokens.start[i]! !== 1) continue;
    const c = text.charCodeAt(tokens.start[i]!);
    if (c === 40 || c === 91 || c === 123) stack.push(i);
    else if (c === 41 || c === 93 || c === 125) {
      const open = stack.pop();
      if (open === undefined) continue;
      match[open] = i;
      match[i] = open;
    }
  }
  return match;
}

/**
 * Gives every chain, assignment and definition the innermost definition that contains it, in one
 * sweep: chains are in document order, definitions nest.
 */
export function assignScopes(facts: ProgramFacts): void {
  const defs = facts.definitions;
  const order = defs.map((_, d) => d).sort((a, b) => defs[a]!.start - defs[b]!.start);
  const open: number[] = [];
  const innermost = (offset: number) => {
    while (open.length && defs[open[open.length - 1]!]!.end <= offset) open.pop();
    return open.length ? open[open.length - 1]! : -1;
  };
  for (const d of order) {
    defs[d]!.parent = innermost(defs[d]!.start);
    open.push(d);
  }
  open.length = 0;
  let next = 0;
  for (const chain of facts.chains) {
    const offset = chain.segments[0]!.start;
    // Definitions that start at or before the chain are open, unless they ended.
    while (next < order.length && defs[order[next]!]!.start <= offset) {
      const d = order[next++]!;
      innermost(defs[d]!.start);
      open.push(d);
    }
    chain.scope = innermost(offset);
  }
  // A definition's own name belongs to the scope around it.
  for (const def of defs) {
    const own = facts.chains[def.chain];
    if (own) own.scope = def.parent;
  }
  for (const assignment of facts.assignments) assignment.scope = facts.chains[assignment.targets[0]!]?.scope ?? -1;
}
