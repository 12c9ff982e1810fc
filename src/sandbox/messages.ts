// Messages from the sandbox process, checked before the parent uses them. The worker sends
// well-formed ones, but the program can reach the process's IPC channel too, so the parent
// takes only what has the right shape, and bounds what it keeps (a flood of log lines from
// a program must not fill the editor's memory).
import { type BackendAttempt, type LossPoint, type Protection, type SandboxMessage } from './protocol';

/** Log lines the parent passes on per run, and characters per line; the rest is dropped with a note. */
export const MAX_LOG_LINES = 1000;
export const MAX_LOG_CHARS = 1_000_000;

type Unknown = Record<string, unknown>;

const isObject = (value: unknown): value is Unknown => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number';
const optional = (value: unknown, check: (v: unknown) => boolean) => value === undefined || check(value);
const isArrayOf = <T>(value: unknown, check: (v: unknown) => v is T): value is T[] =>
  Array.isArray(value) && value.every(check);

const isPoint = (p: unknown): p is LossPoint =>
  isObject(p) && isString(p.series) && isNumber(p.step) && isNumber(p.loss);
const isAttempt = (a: unknown): a is BackendAttempt => isObject(a) && isString(a.backend) && isString(a.error);
const isProtection = (p: unknown): p is Protection =>
  isObject(p) && isString(p.name) && optional(p.by, isString) && optional(p.detail, isString);
const BACKENDS = new Set(['tensorflow', 'wasm', 'cpu']);

function wellFormed(m: Unknown): boolean {
  switch (m.type) {
    case 'backend':
      return (
        isString(m.backend) &&
        BACKENDS.has(m.backend) &&
        isString(m.version) &&
        optional(m.source, isString) &&
        isArrayOf(m.fallbacks, isAttempt) &&
        isObject(m.kernels) &&
        typeof m.kernels.applied === 'boolean' &&
        isArrayOf(m.kernels.kernels, isString) &&
        isArrayOf(m.protections, isProtection)
      );
    case 'points':
      return isArrayOf(m.points, isPoint);
    case 'log':
      return (m.level === 'log' || m.level === 'warn' || m.level === 'error') && isString(m.text);
    case 'diverged':
      return isString(m.series) && isNumber(m.step) && isNumber(m.value);
    case 'error':
      return (
        (m.kind === 'syntax' || m.kind === 'runtime') &&
        isString(m.message) &&
        optional(m.line, isNumber) &&
        optional(m.column, isNumber) &&
        optional(m.stack, isString)
      );
    case 'done':
      return isObject(m.steps) && isObject(m.finalLoss) && isNumber(m.ms) && optional(m.firstPointMs, isNumber);
    default:
      return false;
  }
}

/** A checker for one run's messages: returns the message when it is well formed (log lines bounded), else undefined. */
export function checkedMessage(): (raw: unknown) => SandboxMessage | undefined {
  let logLines = 0;
  return (raw) => {
    if (!isObject(raw) || !wellFormed(raw)) return undefined;
    const message = raw as SandboxMessage;
    if (message.type !== 'log') return message;
    logLines++;
    if (logLines > MAX_LOG_LINES) return undefined;
    if (logLines === MAX_LOG_LINES) return { ...message, text: '… further output dropped' };
    return message.text.length > MAX_LOG_CHARS
      ? { ...message, text: `${message.text.slice(0, MAX_LOG_CHARS)} … (${message.text.length} characters)` }
      : message;
  };
}
