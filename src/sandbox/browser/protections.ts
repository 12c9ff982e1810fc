// The browser sandbox's side of the boundary, as lockdown.ts is the Node sandbox's. A Worker has
// no process, file system, native addons or access to the editor: the browser sees to that. The
// page's Content Security Policy, which the Worker inherits, forbids code from strings and admits
// no network but the extension's own files. What a program could still reach (those files, the
// page, other Workers) is closed here, in JavaScript, before it runs, with a clear message. Then
// this file measures what is really in force, for the run header.
import { type Protection } from '../protocol';

const scope = self as unknown as Record<string, unknown>;

/** The error every closed door throws, as the Node sandbox's SandboxDenied. */
export class SandboxDenied extends Error {
  readonly code = 'ERR_SANDBOX_DENIED';
  constructor(what: string, why: string) {
    super(`The sandbox does not allow ${what}: ${why}.`);
  }
}

const NO_NETWORK = 'a sandboxed program has no network';

/** Each door, and why it is closed. */
const DOORS: Record<string, string> = {
  fetch: NO_NETWORK,
  XMLHttpRequest: NO_NETWORK,
  WebSocket: NO_NETWORK,
  EventSource: NO_NETWORK,
  importScripts: 'a program loads only @tensorflow/tfjs',
  Worker: 'a program trains in one Worker',
  SharedWorker: 'a program trains in one Worker',
  postMessage: 'only the sandbox talks to the editor',
  close: 'the sandbox ends the run (Stop, the time limit)',
};

/** The browser's storage for the page's origin: the Node sandbox's "no file writes". */
const STORAGE = ['indexedDB', 'caches'];

/** The Worker's global object and its prototypes (DedicatedWorkerGlobalScope, WorkerGlobalScope…): where a door may be. */
function scopeChain(): object[] {
  const chain: object[] = [];
  for (let at: object | null = self; at && at !== Object.prototype; at = Object.getPrototypeOf(at) as object | null)
    chain.push(at);
  return chain;
}

/** Closes each door wherever it is defined: on the global object and on the prototypes a program could call it from. */
export function closeDoors(): void {
  for (const holder of scopeChain()) {
    for (const [name, why] of Object.entries(DOORS)) {
      if (!Object.prototype.hasOwnProperty.call(holder, name)) continue;
      const denied = function () {
        throw new SandboxDenied(name, why);
      };
      Object.defineProperty(holder, name, { value: denied, writable: false, configurable: false });
    }
    // Absent rather than throwing: libraries (tfjs's model storage) test for them with `typeof`.
    for (const name of STORAGE)
      if (Object.prototype.hasOwnProperty.call(holder, name))
        Object.defineProperty(holder, name, { value: undefined, writable: false, configurable: false });
  }
}

/** Whether `attempt` throws `kind` (a constructor called without `new` throws too, but not a SandboxDenied). */
function throws(attempt: () => unknown, kind: new (...args: never[]) => Error): boolean {
  try {
    // An open door may answer with a promise (fetch rejects its missing argument): it must not go unhandled.
    void Promise.resolve(attempt()).catch(() => undefined);
    return false;
  } catch (error) {
    return error instanceof kind;
  }
}

/** What holds in this Worker now, measured: run after closeDoors(), before the program. */
export function protectionsInForce(): Protection[] {
  const noNode = typeof (globalThis as { process?: unknown }).process === 'undefined';
  const browser = (name: Protection['name']): Protection => ({ name, ...(noNode ? { by: 'browser' as const } : {}) });
  // Closed on the global object and on every prototype it could be called from.
  const closed = (...names: string[]) =>
    names.every((name) =>
      scopeChain().every(
        (holder) =>
          !Object.prototype.hasOwnProperty.call(holder, name) ||
          throws(() => ((holder as Record<string, unknown>)[name] as () => unknown).call(self), SandboxDenied),
      ),
    );
  return [
    browser('child processes'),
    browser('native addons'),
    {
      name: 'file writes',
      ...(noNode && STORAGE.every((name) => scope[name] === undefined)
        ? { by: 'JavaScript' as const, detail: 'no file system in a Worker; indexedDB and Cache Storage removed' }
        : {}),
    },
    browser('signals'),
    { name: 'worker threads', ...(closed('Worker') ? { by: 'JavaScript' as const } : {}) },
    {
      name: 'network',
      ...(closed('fetch', 'XMLHttpRequest', 'WebSocket')
        ? {
            by: 'JavaScript' as const,
            detail:
              "fetch, XMLHttpRequest, WebSocket and EventSource throw; the page's policy admits only the extension's own files",
          }
        : {}),
    },
    {
      name: 'code from strings',
      ...(throws(() => new Function('return 1'), EvalError) ? { by: 'Content Security Policy' as const } : {}),
    },
  ];
}
