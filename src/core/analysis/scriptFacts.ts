// Reads the facts of a JavaScript or TypeScript program from its tokens: imports and requires,
// function and class definitions (bodies by braces), declarations and assignments, calls with the
// keys of their object-literal arguments (`tf.layers.dense({ activation: 'relu' })`), and comments.
import { type ProgramFacts, type TokenRange, emptyFacts } from './facts';
import { lexScript } from './scriptLexer';
import { TokenStream, assignScopes } from './tokenStream';
import { NAME, OP } from './tokens';

export const KEYWORDS = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'export',
  'extends', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'let', 'new', 'return', 'super',
  'switch', 'throw', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'await', 'null', 'true', 'false',
]); // prettier-ignore
/** Keywords only where a name or a string follows them (`async function`, `type T`, `from 'x'`); names elsewhere. */
export const CONTEXTUAL_KEYWORDS = new Set([
  'async', 'of', 'static', 'get', 'set', 'interface', 'type', 'enum', 'implements', 'declare', 'readonly',
  'private', 'public', 'protected', 'abstract', 'as', 'from', 'undefined',
]); // prettier-ignore

/** Keywords that may directly precede "(" without making a call. */
const NOT_CALLEES = new Set(['if', 'for', 'while', 'switch', 'catch', 'function', 'return', 'typeof', 'await', 'with']);
/** After these tokens a "{" opens an object literal rather than a block. */
const OBJECT_AFTER = new Set(['=', '(', ',', ':', '[', '?', '||', '&&', '??', 'return', '...']);

export function readScript(text: string, base = 0): ProgramFacts {
  const facts = emptyFacts();
  const { tokens, comments, lineBreakBefore } = lexScript(text);
  for (const [start, end] of comments) facts.prose.push({ start: start + base, end: end + base, kind: 'comment' });
  const s = new TokenStream(text, tokens, base, KEYWORDS, ternary, CONTEXTUAL_KEYWORDS);
  const n = s.count;
  const openCalls: { close: number; call: number }[] = [];
  // Assignments wait until every chain and call of the program is known, then read their values.
  const pending: { target: number; range: TokenRange }[] = [];
  const assignmentAt = (target: number, range: TokenRange) => ({ target, range });
  const objects: { close: number; call?: number }[] = [];

  for (let i = 0; i < n; i++) {
    while (openCalls.length && openCalls[openCalls.length - 1]!.close <= i) openCalls.pop();
    while (objects.length && objects[objects.length - 1]!.close <= i) objects.pop();
    const word = tokens.kind[i] === NAME ? s.textOf(i) : '';

    if (word === 'import' && !s.isOp(i + 1, '(') && !s.isOp(i + 1, '.')) {
      i = readImport(s, facts, i) - 1;
      continue;
    }
    if ((word === 'function' || word === 'class') && (s.isName(i + 1) || s.isOp(i + 1, '*'))) {
      const nameAt = s.isOp(i + 1, '*') ? i + 2 : i + 1;
      if (!s.isName(nameAt)) continue;
      const end = s.readChain(facts, nameAt, 'definition', false);
      const chain = s.chainAt[nameAt]!;
      const bases: number[] = [];
      let j = end;
      if (word === 'class' && s.isKeyword(j, 'extends') && s.isName(j + 1)) {
        j = s.readChain(facts, j + 1, 'code', false);
        bases.push(facts.chains.length - 1);
      }
      if (word === 'function' && s.isOp(j, '(')) j = markParameters(s, facts, j);
      const body = findBody(s, j);
      facts.definitions.push({
        kind: word === 'class' ? 'class' : 'function',
        name: s.segment(nameAt),
        chain,
        start: s.startOf(i),
        end: body >= 0 ? s.endOf(s.match[body]!) : s.endOf(j - 1),
        bases,
        parent: -1,
      });
      i = j - 1;
      continue;
    }

    if (s.isOp(i, '{') && s.match[i]! > i) {
      const previous = i > 0 ? s.textOf(i - 1) : '';
      if (OBJECT_AFTER.has(previous)) {
        const parentCall = s.isOp(i - 1, '(') || s.isOp(i - 1, ',') ? openCalls[openCalls.length - 1]?.call : undefined;
        objects.push({ close: s.match[i]!, call: parentCall });
      } else if (isMethodBody(s, i)) {
        recordMethod(s, facts, i);
      }
      continue;
    }

    if (s.isName(i) && !s.isOp(i - 1, '.') && !s.isOp(i - 1, '?.')) {
      const object = objects[objects.length - 1];
      // An object literal's key: `{ activation: 'relu' }`.
      if (object && (s.isOp(i - 1, '{') || s.isOp(i - 1, ',')) && s.isOp(i + 1, ':') && s.match[i - 1] !== undefined) {
        s.readChain(facts, i, 'keyword', false);
        const valueEnd = s.argumentEnd(i + 2, object.close);
        if (object.call !== undefined) s.keywordArgument(facts, object.call, i, valueEnd);
        pending.push(assignmentAt(i, { from: i + 2, to: valueEnd }));
        continue;
      }
      const end = s.readChain(facts, i, 'code', false);
      const chain = s.chainAt[i]!;
      const declared =
        ['const', 'let', 'var'].includes(s.textOf(i - 1)) || (s.isOp(i - 1, ',') && declarationContinues(s, i));
      if (s.isOp(end, '(') && s.match[end]! > end && !NOT_CALLEES.has(s.textOf(i))) {
        const call = s.addCall(facts, end, chain, openCalls[openCalls.length - 1]?.call);
        openCalls.push({ close: s.match[end]!, call });
      } else if (s.isOp(end, '=') && (declared || startsStatement(s, lineBreakBefore, i))) {
        const valueEnd = statementEnd(s, lineBreakBefore, end + 1);
        pending.push(assignmentAt(i, { from: end + 1, to: valueEnd }));
        recordArrowFunction(s, facts, i, end + 1, valueEnd);
      } else if (declared && s.isOp(end, ':')) {
        // `const x: Type = value`
        let j = end + 1;
        while (j < n && !s.isOp(j, '=') && !s.isOp(j, ';')) j = s.skip(j);
        if (s.isOp(j, '=')) pending.push(assignmentAt(i, { from: j + 1, to: statementEnd(s, lineBreakBefore, j + 1) }));
      }
      i = end - 1;
      continue;
    }
    if (s.isName(i) && (s.isOp(i - 1, '.') || s.isOp(i - 1, '?.'))) {
      const end = s.readChain(facts, i, 'code', true);
      const chain = s.chainAt[i]!;
      if (s.isOp(end, '(') && s.match[end]! > end) {
        const call = s.addCall(facts, end, chain, openCalls[openCalls.length - 1]?.call);
        openCalls.push({ close: s.match[end]!, call });
      }
      i = end - 1;
      continue;
    }
    if (s.isOp(i, '(') && s.match[i]! > i && (s.isOp(i - 1, ')') || s.isOp(i - 1, ']'))) {
      const call = s.addCall(facts, i, undefined, openCalls[openCalls.length - 1]?.call);
      openCalls.push({ close: s.match[i]!, call });
    }
  }
  s.finishArguments();
  for (let i = 0; i < n; i++) {
    if (!s.isKeyword(i, 'return') || s.isOp(i + 1, ';')) continue;
    const end = statementEnd(s, lineBreakBefore, i + 1);
    if (end > i + 1)
      facts.returns.push({
        offset: s.startOf(i),
        value: s.valueOf({ from: i + 1, to: end }),
        scope: -1,
      });
  }
  for (const { target, range } of pending) addAssignment(s, facts, target, range);
  readRequires(s, facts);
  s.recordStrings(facts, moduleStrings(s));
  assignScopes(facts);
  scopeReturns(facts);
  return facts;
}

function startsStatement(s: TokenStream, lineBreakBefore: Uint8Array, i: number): boolean {
  if (lineBreakBefore[i]) return true;
  const previous = s.textOf(i - 1);
  return previous === ';' || previous === '{' || previous === '}' || previous === ')' || previous === 'else';
}

/** Whether the name at `i`, after a comma, is another declarator of a `const`/`let`/`var`. */
function declarationContinues(s: TokenStream, i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const m = s.match[k]!;
    if (m >= 0 && m < k) {
      k = m;
      continue;
    }
    const t = s.textOf(k);
    if (t === 'const' || t === 'let' || t === 'var') return true;
    if (t === ';' || t === '{' || t === '}' || t === '(' || t === '[') return false;
  }
  return false;
}

/** The end of an expression statement's value: a `;`, a top-level comma, or a line break that ends it. */
function statementEnd(s: TokenStream, lineBreakBefore: Uint8Array, from: number): number {
  const n = s.count;
  let i = from;
  while (i < n) {
    if (s.isOp(i, ';') || s.isOp(i, ',') || s.isOp(i, ')') || s.isOp(i, ']') || s.isOp(i, '}')) return i;
    const next = s.skip(i);
    if (next < n && lineBreakBefore[next] && !continuesExpression(s, next) && !endsWithOperator(s, next - 1))
      return next;
    i = next;
  }
  return n;
}

function continuesExpression(s: TokenStream, i: number): boolean {
  return s.tokens.kind[i] === OP && !/^[({[!~]$|^\+\+$|^--$/.test(s.textOf(i));
}

function endsWithOperator(s: TokenStream, i: number): boolean {
  return i >= 0 && s.tokens.kind[i] === OP && !/^[)\]}]$|^\+\+$|^--$/.test(s.textOf(i));
}

function addAssignment(s: TokenStream, facts: ProgramFacts, targetAt: number, value: TokenRange): void {
  const chain = s.chainAt[targetAt]!;
  if (chain < 0 || value.from >= value.to) return;
  facts.assignments.push({
    targets: [chain],
    value: s.valueOf(value),
    offset: s.segment(targetAt).start,
    scope: -1,
  });
}

/** `const f = (…) => { … }` and `const f = function (…) { … }` define f. */
function recordArrowFunction(s: TokenStream, facts: ProgramFacts, nameAt: number, from: number, to: number): void {
  let j = from;
  if (s.isKeyword(j, 'async')) j++;
  if (s.isKeyword(j, 'function')) j++;
  else if (s.isOp(j, '(') && s.isOp(s.match[j]! + 1, '=>')) j = s.match[j]! + 1;
  else if (s.isName(j) && s.isOp(j + 1, '=>')) j++;
  else return;
  while (j < to && !s.isOp(j, '{')) j = s.skip(j);
  if (!s.isOp(j, '{')) return;
  const chain = s.chainAt[nameAt]!;
  facts.definitions.push({
    kind: 'function',
    name: s.segment(nameAt),
    chain,
    start: s.segment(nameAt).start,
    end: s.segment(s.match[j]!).end,
    bases: [],
    parent: -1,
  });
}

/** Marks a function's parameters and returns the index after its parameter list. */
function markParameters(s: TokenStream, facts: ProgramFacts, open: number): number {
  const close = s.match[open]!;
  let i = open + 1;
  while (i < close) {
    if (s.isOp(i, '...')) i++;
    if (s.isName(i)) {
      s.readChain(facts, i, 'parameter', false);
    }
    i = s.argumentEnd(i, close) + 1;
  }
  return close + 1;
}

/** The "{" of the body that follows a header ending before `from` (skipping `extends X`, types). */
function findBody(s: TokenStream, from: number): number {
  for (let i = from; i < s.count; i = s.skip(i)) {
    if (s.isOp(i, '{')) return i;
    if (s.isOp(i, ';')) return -1;
  }
  return -1;
}

/** `name(params) {` inside a class body (not `function name(params) {`, read as a function already). */
function isMethodBody(s: TokenStream, brace: number): boolean {
  const close = brace - 1;
  if (!s.isOp(close, ')')) return false;
  const open = s.match[close]!;
  if (open <= 0 || !s.isName(open - 1) || NOT_CALLEES.has(s.textOf(open - 1))) return false;
  const before = s.isOp(open - 2, '*') ? open - 3 : open - 2;
  return !s.isKeyword(before, 'function');
}

function recordMethod(s: TokenStream, facts: ProgramFacts, brace: number): void {
  const open = s.match[brace - 1]!;
  const nameAt = open - 1;
  let chain = s.chainAt[nameAt]!;
  if (chain < 0) {
    s.readChain(facts, nameAt, 'definition', false);
    chain = s.chainAt[nameAt]!;
  }
  const record = facts.chains[chain]!;
  // The method header was first read as a call of `name`: it is a definition.
  const call = facts.calls[s.callAt[open]!];
  if (call?.callee === chain) call.callee = undefined;
  record.role = 'definition';
  markParameters(s, facts, open);
  facts.definitions.push({
    kind: 'function',
    name: s.segment(nameAt),
    chain,
    start: s.segment(nameAt).start,
    end: s.segment(s.match[brace]!).end,
    bases: [],
    parent: -1,
  });
}

/** `c ? a : b` → [a, b]. */
function ternary(s: TokenStream, range: TokenRange): TokenRange[] | undefined {
  let question = -1;
  for (let i = range.from; i < range.to; i = s.skip(i)) {
    if (s.isOp(i, '=>')) return undefined;
    if (question < 0 && (s.isOp(i, '||') || s.isOp(i, '??')) && i > range.from)
      return [
        { from: range.from, to: i },
        { from: i + 1, to: range.to },
      ];
    if (question < 0 && s.isOp(i, '?')) question = i;
    else if (question >= 0 && s.isOp(i, ':'))
      return [
        { from: question + 1, to: i },
        { from: i + 1, to: range.to },
      ];
  }
  return undefined;
}

/** `import * as tf from '…'`, `import tf from '…'`, `import { layers as L, train } from '…'`. */
function readImport(s: TokenStream, facts: ProgramFacts, at: number): number {
  const n = s.count;
  let end = at + 1;
  while (end < n && !(s.isString(end) && s.isKeyword(end - 1, 'from')) && !s.isOp(end, ';')) {
    if (s.isString(end) && end === at + 1) break; // import 'side-effect'
    end++;
  }
  if (!s.isString(end)) return end + 1;
  const module = s.text.slice(s.tokens.valueStart[end], s.tokens.valueEnd[end]);
  for (let i = at + 1; i < end; i++) {
    if (!s.isName(i) || s.isKeyword(i, 'from')) continue;
    const inBraces = isInsideBraces(s, at, i);
    s.readChain(facts, i, 'imported', false);
    if (s.isKeyword(i + 1, 'as') && s.isName(i + 2)) {
      const isNamespace = s.isOp(i - 1, '*') || (i > 0 && s.isOp(i - 2, '*'));
      s.readChain(facts, i + 2, 'imported', false);
      facts.imports.set(s.textOf(i + 2), inBraces ? `${module}.${s.textOf(i)}` : module);
      if (isNamespace) facts.chains[s.chainAt[i + 2]!]!.role = 'module';
      i += 2;
    } else facts.imports.set(s.textOf(i), inBraces ? `${module}.${s.textOf(i)}` : module);
  }
  return end + 1;
}

function isInsideBraces(s: TokenStream, from: number, i: number): boolean {
  for (let k = from; k < i; k++) if (s.isOp(k, '{') && s.match[k]! > i) return true;
  return false;
}

/** `const tf = require('@tensorflow/tfjs')` and `const { layers } = require('…')`. */
function readRequires(s: TokenStream, facts: ProgramFacts): void {
  for (let i = 0; i < s.count; i++) {
    if (!(s.isKeyword(i, 'require') && s.isOp(i + 1, '(') && s.isString(i + 2))) continue;
    const module = s.text.slice(s.tokens.valueStart[i + 2], s.tokens.valueEnd[i + 2]);
    if (!s.isOp(i - 1, '=')) continue;
    if (s.isName(i - 2)) facts.imports.set(s.textOf(i - 2), module);
    else if (s.isOp(i - 2, '}')) {
      for (let k = s.match[i - 2]! + 1; k < i - 2; k++)
        if (s.isName(k)) facts.imports.set(s.textOf(k), `${module}.${s.textOf(k)}`);
    }
  }
}

/**
 * The function each `return` belongs to: the innermost function around it, in one sweep (returns are in
 * document order and functions nest; TypeScript's compiler has 20,000 of each).
 */
function scopeReturns(facts: ProgramFacts): void {
  const defs = facts.definitions;
  const functions = defs
    .map((_, d) => d)
    .filter((d) => defs[d]!.kind === 'function')
    .sort((a, b) => defs[a]!.start - defs[b]!.start);
  const open: number[] = [];
  let next = 0;
  for (const r of facts.returns) {
    while (next < functions.length && defs[functions[next]!]!.start <= r.offset) {
      const d = functions[next++]!;
      while (open.length && defs[open[open.length - 1]!]!.end <= defs[d]!.start) open.pop();
      open.push(d);
    }
    while (open.length && defs[open[open.length - 1]!]!.end <= r.offset) open.pop();
    r.scope = open.length ? open[open.length - 1]! : -1;
  }
}

/** The module names of imports and requires: `import … from '@tensorflow/tfjs'`, `require('fs')`. */
function moduleStrings(s: TokenStream): Set<number> {
  const skip = new Set<number>();
  for (let i = 0; i < s.count; i++) {
    if (!s.isString(i)) continue;
    if (
      s.isKeyword(i - 1, 'from') ||
      s.isKeyword(i - 1, 'import') ||
      (s.isOp(i - 1, '(') && (s.isKeyword(i - 2, 'require') || s.isKeyword(i - 2, 'import')))
    )
      skip.add(i);
  }
  return skip;
}
