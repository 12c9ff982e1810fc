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

export function closeDoors(): void {
  for (const [name, why] of Object.entries(DOORS)) {
    if (!(name in scope)) continue;
    const denied = function () {
      throw new SandboxDenied(name, why);
    };
    Object.defineProperty(scope, name, { value: denied, writable: false, configurable: false });
  }
}

function denies(attempt: () => unknown): boolean {
  try {
    attempt();
    return false;
  } catch {
    return true;
  }
}

/** What holds in this Worker now, measured: run after closeDoors(), before the program. */
export function protectionsInForce(): Protection[] {
  const noNode = typeof (globalThis as { process?: unknown }).process === 'undefined';
  const browser = (name: Protection['name']): Protection => ({ name, ...(noNode ? { by: 'browser' as const } : {}) });
  const closed = (...names: string[]) => names.every((name) => denies(() => (scope[name] as () => unknown)()));
  return [
    browser('child processes'),
    browser('native addons'),
    browser('file writes'),
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
      ...(denies(() => new Function('return 1')) ? { by: 'Content Security Policy' as const } : {}),
    },
  ];
}
