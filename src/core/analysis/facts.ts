// What the analysis needs to know about a program, the same for every language: the name chains it
// uses (`self.ln_f`, `nn.LayerNorm`), its calls and their keyword arguments, its assignments, the
// functions and classes it defines, its imports, and the prose of its comments and docstrings.

export interface Segment {
  text: string;
  /** Offsets into the document. */
  start: number;
  end: number;
}

export type ChainRole =
  /** An expression in code. */
  | 'code'
  /** A module path in an import statement: never explained. */
  | 'module'
  /** A name imported from a module (`from torch.nn import LayerNorm`). */
  | 'imported'
  /** The name a `def`/`class`/`function` statement defines. */
  | 'definition'
  /** A parameter of a function definition. */
  | 'parameter'
  /** A keyword argument's name (`weight_decay=0.1`) or an object literal's key (`{ activation: 'relu' }`). */
  | 'keyword';

export interface Chain {
  segments: Segment[];
  role: ChainRole;
  /** Whether the chain hangs off an expression (`f(x).attn`, `h[0].ln_1`) rather than starting with a name. */
  afterExpression: boolean;
  /** The innermost definition whose body contains the chain (-1: module level). */
  scope: number;
}

export interface KeywordArgument {
  name: Segment;
  /** The chain of the keyword's name. */
  chain: number;
  /** The shape of the value (a constructor call, a name, …). */
  value: Value;
}

export interface Call {
  /** The callee chain; absent for a call of an expression (`f(x)(y)`, `fns[0](x)`). */
  callee?: number;
  /** Offsets of the parentheses. */
  open: number;
  close: number;
  keywords: KeywordArgument[];
  /** The shape of the first positional argument (`partial(nn.LayerNorm, …)`). */
  firstArgument?: Value;
  /** The call this one's parentheses sit in, if any. */
  parent?: number;
}

export interface TokenRange {
  from: number;
  to: number;
}

export type Value =
  | { kind: 'call'; call: number; then: string[]; calledAgain: boolean }
  | { kind: 'chain'; chain: number }
  | { kind: 'choice'; options: Value[] }
  | { kind: 'other'; chains: readonly number[] };

export interface Assignment {
  targets: number[];
  value: Value;
  /** Offset of the first target. */
  offset: number;
  scope: number;
}

export interface Definition {
  kind: 'function' | 'class';
  name: Segment;
  chain: number;
  /** Offsets of the definition's body (its header included). */
  start: number;
  end: number;
  /** Base classes. */
  bases: number[];
  /** The definition it is nested in (-1: module level). */
  parent: number;
}

export interface Prose {
  start: number;
  end: number;
  kind: 'comment' | 'docstring' | 'text';
}

export interface StringValue {
  /** Offsets of the string's content. */
  start: number;
  end: number;
  /** The keyword argument or object key whose value the string is. */
  keyword?: string;
  /** The call it is an argument of. */
  call?: number;
}

export interface ProgramFacts {
  chains: Chain[];
  calls: Call[];
  assignments: Assignment[];
  definitions: Definition[];
  /** Local name → the qualified name it was imported as (nn → torch.nn, F → torch.nn.functional). */
  imports: Map<string, string>;
  prose: Prose[];
  strings: StringValue[];
  /** What functions return (`return nn.Conv2d(…)` makes the function a factory of convolutions). */
  returns: { offset: number; value: Value; scope: number }[];
}

export function emptyFacts(): ProgramFacts {
  return {
    chains: [],
    calls: [],
    assignments: [],
    definitions: [],
    imports: new Map(),
    prose: [],
    strings: [],
    returns: [],
  };
}
