// node:assert for the suites when they run in the browser's web worker (bundled in its place by
// test/runners/webSuites.ts): the part of it the suites use, with the same meaning.
class AssertionError extends Error {
  override name = 'AssertionError';
}

function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  try {
    return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}

function fail(message: string | Error | undefined, fallback: string): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback);
}

export function ok(value: unknown, message?: string | Error): asserts value {
  if (!value) fail(message, `The expression evaluated to a falsy value: ${show(value)}`);
}

export function strictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!Object.is(actual, expected)) fail(message, `Expected ${show(actual)} to be ${show(expected)}`);
}

export function notStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (Object.is(actual, expected)) fail(message, `Expected ${show(actual)} not to be ${show(expected)}`);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Map && b instanceof Map)
    return a.size === b.size && [...a].every(([k, v]) => b.has(k) && deepEqual(v, b.get(k)));
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((v) => b.has(v));
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as never)[k], (b as never)[k]))
  );
}

export function deepStrictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!deepEqual(actual, expected))
    fail(message, `Expected values to be deeply equal:\n${show(actual)}\n${show(expected)}`);
}

export function match(text: string, pattern: RegExp, message?: string | Error): void {
  if (typeof text !== 'string' || !pattern.test(text)) fail(message, `${show(text)} does not match ${pattern}`);
}

export function doesNotMatch(text: string, pattern: RegExp, message?: string | Error): void {
  if (typeof text !== 'string' || pattern.test(text)) fail(message, `${show(text)} matches ${pattern}`);
}
