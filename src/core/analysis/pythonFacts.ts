// Reads the facts of a Python program from its tokens, statement by statement: imports,
// definitions (their bodies by indentation), assignments, calls with keyword arguments, comments
// and docstrings.
import { type ProgramFacts, type TokenRange, emptyFacts } from './facts';
import { lexPython } from './pythonLexer';
import { TokenStream, assignScopes } from './tokenStream';
import { NAME, OP } from './tokens';

export const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]); // prettier-ignore
/** Soft keywords: keywords only where a name, string or number follows (`match x:`, `case None:`). */
export const SOFT_KEYWORDS = new Set(['match', 'case']);

/** Statement keywords after which an "=" is not an assignment. */
const NOT_ASSIGNMENT = new Set([
  'def',
  'class',
  'import',
  'from',
  'return',
  'if',
  'elif',
  'while',
  'for',
  'with',
  'assert',
  'del',
  'lambda',
]);

export function readPython(text: string, base = 0): ProgramFacts {
  const facts = emptyFacts();
  const { tokens, comments, lineEnds } = lexPython(text);
  for (const [start, end] of comments) facts.prose.push({ start: start + base, end: end + base, kind: 'comment' });
  const s = new TokenStream(text, tokens, base, KEYWORDS, conditional, SOFT_KEYWORDS);
  readChainsAndCalls(s, facts);
  s.finishArguments();
  const indentOf = (tokenIndex: number) => column(text, tokens.start[tokenIndex]!);
  const openDefs: { def: number; indent: number }[] = [];
  const docstrings = new Set<number>();
  const closeDefs = (indent: number, at: number) => {
    while (openDefs.length && openDefs[openDefs.length - 1]!.indent >= indent) {
      facts.definitions[openDefs.pop()!.def]!.end = at;
    }
  };

  // Logical lines, as [first, end) token indexes.
  for (let k = 0; k < lineEnds.length; k++) {
    const first = k ? lineEnds[k - 1]! : 0;
    const to = lineEnds[k]!;
    const indent = indentOf(first);
    closeDefs(indent, s.startOf(first));
    let head = first;
    if (s.isKeyword(head, 'async')) head++;
    const word = s.tokens.kind[head] === NAME ? s.textOf(head) : '';
    if (word === 'import' || word === 'from') {
      readImport(s, facts, { from: first, to });
      continue;
    }
    if ((word === 'def' || word === 'class') && s.isName(head + 1)) {
      const chain = s.chainAt[head + 1]!;
      facts.chains[chain]!.role = 'definition';
      const bases: number[] = [];
      if (word === 'class' && s.isOp(head + 2, '(')) {
        for (let k = head + 3; k < s.match[head + 2]!; k++) if (s.chainAt[k]! >= 0) bases.push(s.chainAt[k]!);
      }
      if (word === 'def' && s.isOp(head + 2, '(')) markParameters(s, facts, head + 2);
      // Parameters are bound in the body's scope: the definition is pushed before them.
      facts.definitions.push({
        kind: word === 'def' ? 'function' : 'class',
        name: s.segment(head + 1),
        chain,
        start: s.startOf(first),
        end: text.length + base,
        bases,
        parent: -1,
      });
      openDefs.push({ def: facts.definitions.length - 1, indent });
      continue;
    }
    if (to - first === 1 && s.isString(first)) {
      facts.prose.push({ ...s.contentOf(first), kind: 'docstring' });
      docstrings.add(first);
      continue;
    }
    if (word === 'return' && to > head + 1) {
      facts.returns.push({
        offset: s.startOf(head),
        value: s.valueOf({ from: head + 1, to }),
        scope: openDefs.length ? openDefs[openDefs.length - 1]!.def : -1,
      });
      continue;
    }
    if (!NOT_ASSIGNMENT.has(word) && hasAssignmentOperator(s, first, to)) readAssignment(s, facts, { from: first, to });
  }
  closeDefs(-1, text.length + base);
  s.recordStrings(facts, docstrings);
  assignScopes(facts);
  return facts;
}

function column(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

/** Every name chain and every call, with keyword arguments, in one pass over the tokens. */
function readChainsAndCalls(s: TokenStream, facts: ProgramFacts): void {
  const openCalls: { open: number; close: number; call: number }[] = [];
  const n = s.count;
  for (let i = 0; i < n; i++) {
    while (openCalls.length && openCalls[openCalls.length - 1]!.close <= i) openCalls.pop();
    const parent = openCalls[openCalls.length - 1];
    if (s.isName(i) && !s.isOp(i - 1, '.')) {
      const end = s.readChain(facts, i, 'code', false);
      const chain = s.chainAt[i]!;
      // A keyword argument: `name=` directly inside a call's parentheses.
      if (parent && end === i + 1 && s.isOp(i + 1, '=') && isArgumentStart(s, i, parent.open)) {
        facts.chains[chain]!.role = 'keyword';
        s.keywordArgument(facts, parent.call, i, s.argumentEnd(i + 2, parent.close));
      }
      // `def f(…)` and `class C(…)` are headers, not calls.
      const header = s.isKeyword(i - 1, 'def') || s.isKeyword(i - 1, 'class');
      if (!header && s.isOp(end, '(') && s.match[end]! > end) {
        const call = s.addCall(facts, end, chain, parent?.call);
        openCalls.push({ open: end, close: s.match[end]!, call });
      }
      i = end - 1;
      continue;
    }
    if (s.isName(i) && s.isOp(i - 1, '.')) {
      // `f(x).attn`, `blocks[0].ln_1`: a chain that hangs off an expression.
      const end = s.readChain(facts, i, 'code', true);
      const chain = s.chainAt[i]!;
      if (s.isOp(end, '(') && s.match[end]! > end) {
        const call = s.addCall(facts, end, chain, parent?.call);
        openCalls.push({ open: end, close: s.match[end]!, call });
      }
      i = end - 1;
      continue;
    }
    if (s.isOp(i, '(') && s.match[i]! > i && (s.isOp(i - 1, ')') || s.isOp(i - 1, ']'))) {
      const call = s.addCall(facts, i, undefined, parent?.call);
      openCalls.push({ open: i, close: s.match[i]!, call });
    }
  }
}

/** Whether token `i` starts an argument of the call whose "(" is `open`. */
function isArgumentStart(s: TokenStream, i: number, open: number): boolean {
  return i - 1 === open || s.isOp(i - 1, ',') || s.isOp(i - 1, '**');
}

/** Marks a definition's parameters; a default value binds its parameter (`norm_layer=nn.LayerNorm`). */
function markParameters(s: TokenStream, facts: ProgramFacts, open: number): void {
  const close = s.match[open]!;
  let i = open + 1;
  while (i < close) {
    while (i < close && (s.isOp(i, '*') || s.isOp(i, '**') || s.isOp(i, '/'))) i++;
    const end = s.argumentEnd(i, close);
    const chain = s.chainAt[i]!;
    if (chain >= 0) {
      facts.chains[chain]!.role = 'parameter';
      let eq = i + 1;
      if (s.isOp(eq, ':')) while (eq < end && !s.isOp(eq, '=')) eq = s.skip(eq);
      if (s.isOp(eq, '=') && eq + 1 < end) {
        facts.assignments.push({
          targets: [chain],
          value: s.valueOf({ from: eq + 1, to: end }),
          offset: s.startOf(i),
          scope: -1,
        });
      }
    }
    i = end + 1;
  }
}

function readImport(s: TokenStream, facts: ProgramFacts, line: TokenRange): void {
  const { from, to } = line;
  const chainText = (i: number) => facts.chains[s.chainAt[i]!]!.segments.map((seg) => seg.text).join('.');
  const setRole = (i: number, role: 'module' | 'imported') => {
    const c = s.chainAt[i]!;
    if (c >= 0) facts.chains[c]!.role = role;
  };
  const chainEnd = (i: number) => {
    let j = i + 1;
    while (s.isOp(j, '.') && s.isName(j + 1)) j += 2;
    return j;
  };
  if (s.textOf(from) === 'import') {
    let i = from + 1;
    while (i < to) {
      if (!s.isName(i)) {
        i++;
        continue;
      }
      const module = chainText(i);
      setRole(i, 'module');
      i = chainEnd(i);
      if (s.isKeyword(i, 'as') && s.isName(i + 1)) {
        facts.imports.set(s.textOf(i + 1), module);
        setRole(i + 1, 'module');
        i += 2;
      } else facts.imports.set(module.split('.')[0]!, module.split('.')[0]!);
    }
    return;
  }
  // from <module> import <names>
  let i = from + 1;
  let module = '';
  while (i < to && !s.isKeyword(i, 'import')) {
    if (s.isName(i)) {
      module += chainText(i);
      setRole(i, 'module');
      i = chainEnd(i);
    } else {
      module += s.textOf(i);
      i++;
    }
  }
  for (i++; i < to; i++) {
    if (!s.isName(i)) continue;
    const name = s.textOf(i);
    setRole(i, 'imported');
    const qualified = `${module}${module.endsWith('.') ? '' : '.'}${name}`;
    if (s.isKeyword(i + 1, 'as') && s.isName(i + 2)) {
      facts.imports.set(s.textOf(i + 2), qualified);
      setRole(i + 2, 'imported');
      i += 2;
    } else facts.imports.set(name, qualified);
  }
}

/** `targets = value`, `a = b = value`, `x: T = value`, `a, b = f(), g()`, `x += y`. */
function readAssignment(s: TokenStream, facts: ProgramFacts, line: TokenRange): void {
  const equals: number[] = [];
  let augmented = -1;
  for (let i = line.from; i < line.to; i = s.skip(i)) {
    if (s.isOp(i, '=')) equals.push(i);
    else if (augmented < 0 && equals.length === 0 && isAugmentedAssignment(s, i)) augmented = i;
    else if (s.isKeyword(i, 'lambda')) break;
  }
  if (equals.length === 0 && augmented < 0) return;
  const valueFrom = (equals.length ? equals[equals.length - 1]! : augmented) + 1;
  const value = { from: valueFrom, to: line.to };
  // Most assignments are `name = value` or `self.name = value`: read without splitting anything.
  const chain = s.chainAt[line.from]!;
  if (equals.length === 1 && augmented < 0 && chain >= 0 && isWholeChain(s, line.from, equals[0]!)) {
    facts.assignments.push({ targets: [chain], value: s.valueOf(value), offset: s.startOf(line.from), scope: -1 });
    return;
  }
  const targetRanges: TokenRange[] = [];
  let from = line.from;
  for (const eq of equals.length ? equals : [augmented]) {
    targetRanges.push({ from, to: eq });
    from = eq + 1;
  }
  // `a, b = f(), g()`: the values are split only when a target is (rare).
  let values: TokenRange[] | undefined;
  for (const range of targetRanges) {
    const parts = splitTopLevel(s, range);
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!;
      // `x: torch.Tensor = …`: the target is before the annotation.
      let end = part.to;
      for (let i = part.from; i < part.to; i = s.skip(i)) if (s.isOp(i, ':')) end = i;
      const chain = s.chainAt[part.from]!;
      if (chain < 0 || !isWholeChain(s, part.from, end)) continue;
      if (augmented < 0 && parts.length > 1) values ??= splitTopLevel(s, value);
      const valueRange = values && values.length === parts.length ? values[k]! : value;
      const assigned = augmented >= 0 ? { kind: 'other' as const, chains: chainsIn(s, value) } : s.valueOf(valueRange);
      facts.assignments.push({ targets: [chain], value: assigned, offset: s.startOf(part.from), scope: -1 });
    }
  }
}

function isWholeChain(s: TokenStream, from: number, to: number): boolean {
  let j = from + 1;
  while (s.isOp(j, '.') && s.isName(j + 1)) j += 2;
  return j === to;
}

function chainsIn(s: TokenStream, range: TokenRange): number[] {
  const chains: number[] = [];
  for (let k = range.from; k < range.to; k++) if (s.chainAt[k]! >= 0) chains.push(s.chainAt[k]!);
  return chains;
}

/** Splits a range at its top-level commas. */
function splitTopLevel(s: TokenStream, range: TokenRange): TokenRange[] {
  const parts: TokenRange[] = [];
  let from = range.from;
  for (let i = range.from; i < range.to; i = s.skip(i)) {
    if (s.isOp(i, ',')) {
      parts.push({ from, to: i });
      from = i + 1;
    }
  }
  if (from < range.to) parts.push({ from, to: range.to });
  return parts;
}

/** `a if cond else b` → [a, b]; `a or b` → [a, b]. */
function conditional(s: TokenStream, range: TokenRange): TokenRange[] | undefined {
  let ifAt = -1;
  for (let i = range.from; i < range.to; i = s.skip(i)) {
    if (s.isKeyword(i, 'lambda')) return undefined;
    if (ifAt < 0 && s.isKeyword(i, 'if') && i > range.from) ifAt = i;
    else if (ifAt >= 0 && s.isKeyword(i, 'else'))
      return [
        { from: range.from, to: ifAt },
        { from: i + 1, to: range.to },
      ];
    else if (ifAt < 0 && s.isKeyword(i, 'or') && i > range.from)
      return [
        { from: range.from, to: i },
        { from: i + 1, to: range.to },
      ];
  }
  return undefined;
}

/** `+=`, `**=`, `//=` and the like (not `==`, `<=`, `>=`, `!=`). */
function isAugmentedAssignment(s: TokenStream, i: number): boolean {
  const length = s.tokens.end[i]! - s.tokens.start[i]!;
  if (s.tokens.kind[i] !== OP || length < 2 || s.text.charCodeAt(s.tokens.end[i]! - 1) !== 61 /* = */) return false;
  return /^(?:[-+*/%@&|^]|\*\*|\/\/|>>|<<)=$/.test(s.textOf(i));
}

/** A quick look before reading a line as an assignment: most lines have no `=` of any kind. */
function hasAssignmentOperator(s: TokenStream, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (s.tokens.kind[i] === OP && s.text.charCodeAt(s.tokens.end[i]! - 1) === 61 /* = */) return true;
  }
  return false;
}
