// The sandbox process's side of the boundary. A program can reach this process's own
// `process` object (Node's `vm` is not a security mechanism: any host function handed to
// it leads back), so the process itself must be unable to do harm. Node's permission model
// (asked for by boundary.ts) denies child processes, worker threads, native addons, file
// writes and most reads. What it cannot close on the runtimes we run on (Node 20–24 have no
// network permission) is closed here, in JavaScript, before the program runs: Node's network
// modules, signals to other processes, the inspector and raw bindings. Then this file
// measures what is really in force, for the run header.
import { type Protection } from './protocol';

// The modules themselves, not a bundler's namespace copies of them: the doors must close where every caller looks.
const dgram = require('node:dgram') as typeof import('node:dgram');
const dns = require('node:dns') as typeof import('node:dns');
const inspector = require('node:inspector') as typeof import('node:inspector');
const net = require('node:net') as typeof import('node:net');

/** The error every closed door throws: a clear message, and a code a program can test. */
export class SandboxDenied extends Error {
  readonly code = 'ERR_SANDBOX_DENIED';
  constructor(what: string, why: string) {
    super(`The sandbox does not allow ${what}: ${why}.`);
  }
}

function deny(what: string, why: string): () => never {
  return () => {
    throw new SandboxDenied(what, why);
  };
}

function replaceMethods(target: object, names: string[], what: (name: string) => string, why: string): void {
  for (const name of names) {
    if (typeof (target as Record<string, unknown>)[name] !== 'function') continue;
    Object.defineProperty(target, name, { value: deny(what(name), why), writable: false, configurable: false });
  }
}

const NO_NETWORK = 'a sandboxed program has no network';
const DNS_QUERY = /^(lookup|resolve|reverse)/;

/** Closes Node's network entry points in this process; every higher-level API (http, tls, fetch…) goes through them. */
export function closeNetwork(): void {
  replaceMethods(net.Socket.prototype, ['connect'], () => 'network connections', NO_NETWORK);
  replaceMethods(net.Server.prototype, ['listen'], () => 'listening for connections', NO_NETWORK);
  replaceMethods(dgram.Socket.prototype, ['bind', 'connect', 'send'], () => 'UDP sockets', NO_NETWORK);
  for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype])
    replaceMethods(
      target,
      Object.keys(target).filter((n) => DNS_QUERY.test(n)),
      (n) => `dns.${n}`,
      NO_NETWORK,
    );
  for (const name of ['fetch', 'WebSocket', 'EventSource'])
    if (name in globalThis)
      Object.defineProperty(globalThis, name, { value: deny(name, NO_NETWORK), writable: false, configurable: false });
  replaceMethods(inspector, ['open', 'connect'], (n) => `inspector.${n}`, 'a debugger would open a port');
}

/** Signals only to this process; the editor and everything else are out of reach. No raw bindings or addons either. */
export function closeProcessEscapes(): void {
  const ownKill = process.kill.bind(process);
  const kill = (pid: number, signal?: string | number) => {
    if (pid !== process.pid) throw new SandboxDenied('signals to other processes', `process ${pid} is not the sandbox`);
    return ownKill(pid, signal);
  };
  Object.defineProperty(process, 'kill', { value: kill, writable: false, configurable: false });
  const internal = ['_kill', '_debugProcess', 'binding', '_linkedBinding', 'dlopen'];
  replaceMethods(process, internal, (n) => `process.${n}`, 'it reaches past the boundary');
}

/** What each of Node's permissions means to someone writing a training program. */
const DENIED: Record<string, string> = {
  FileSystemRead: 'reading files outside its own',
  FileSystemWrite: 'writing files',
  ChildProcess: 'starting processes',
  WorkerThreads: 'worker threads',
  Inspector: 'the inspector',
};

/**
 * The message to show for an error, saying which boundary refused when Node's permission model or addon
 * switch did (their own messages are terse: "Access to this API has been restricted").
 */
export function explainDenial(error: unknown): string | undefined {
  const { code, permission, resource } = (error ?? {}) as { code?: unknown; permission?: unknown; resource?: unknown };
  if (code === 'ERR_DLOPEN_DISABLED') return 'The sandbox does not allow native addons.';
  if (code !== 'ERR_ACCESS_DENIED') return undefined;
  const what = (typeof permission === 'string' && DENIED[permission]) || 'this';
  return `The sandbox does not allow ${what}${typeof resource === 'string' ? ` (${resource})` : ''}: Node's permission model refused it.`;
}

/**
 * Node 24 defines some globals lazily, DOMException among them; a program that reads one first, from
 * its own context (tf.ENV.global.DOMException), aborts the process (a Node bug, not a way out). Read
 * them here, in the worker's own context.
 */
export function resolveLazyGlobals(): void {
  void (globalThis as { DOMException?: unknown }).DOMException;
}

/** Facts about this process that tell which protections hold. */
export interface ProcessFacts {
  environment: string[];
  /** process.permission, when the permission model is on. */
  permission?: { has(scope: string, reference?: string): boolean };
  /** The runtime's flags (process.allowedNodeEnvironmentFlags): tells whether it has network and addon permissions. */
  runtimeFlags: ReadonlySet<string>;
  /** Folders this process was granted reading (--allow-fs-read). */
  readable: string[];
  /** Whether loading a native addon is refused by the runtime (process.dlopen fails with ERR_DLOPEN_DISABLED). */
  addonsRefused: boolean;
  /** Whether `new Function('…')` is refused in this process's own realm. */
  codeFromStringsRefused: boolean;
  networkClosedInJavaScript: boolean;
}

/** What is in force, from measured facts: the run header says exactly this. Pure. */
export function protectionsInForce(facts: ProcessFacts): Protection[] {
  const permission = facts.permission;
  const denied = (scope: string) => !!permission && !permission.has(scope);
  const byModel = (name: Protection['name'], inForce: boolean, detail?: string): Protection =>
    inForce ? { name, by: 'permission model', detail } : { name };
  const runtimeClosesNetwork = !!permission && facts.runtimeFlags.has('--allow-net') && !permission.has('net');
  return [
    { name: 'environment', by: 'allow-list', detail: facts.environment.join(', ') || 'empty' },
    byModel('child processes', denied('child')),
    byModel('worker threads', denied('worker')),
    facts.addonsRefused ? { name: 'native addons', by: 'permission model' } : { name: 'native addons' },
    byModel('file writes', denied('fs.write')),
    byModel(
      'file reads',
      !!permission && !permission.has('fs.read', '/'),
      facts.readable.length ? `only ${facts.readable.join(', ')}` : 'none',
    ),
    runtimeClosesNetwork
      ? { name: 'network', by: 'permission model' }
      : facts.networkClosedInJavaScript
        ? { name: 'network', by: 'JavaScript', detail: 'this runtime has no network permission' }
        : { name: 'network' },
    { name: 'signals', by: 'JavaScript' },
    facts.codeFromStringsRefused ? { name: 'code from strings', by: 'V8 flag' } : { name: 'code from strings' },
  ];
}

/** Measures this process (the sandbox worker), before closeProcessEscapes takes process.dlopen away. */
export function measureThisProcess(networkClosedInJavaScript: boolean): ProcessFacts {
  const readable = process.execArgv.filter((a) => a.startsWith('--allow-fs-read=')).map((a) => a.slice(16));
  return {
    environment: Object.keys(process.env).sort(),
    permission: (process as { permission?: ProcessFacts['permission'] }).permission,
    runtimeFlags: process.allowedNodeEnvironmentFlags,
    readable: [...new Set(readable)],
    addonsRefused: refuses(() => process.dlopen({ exports: {} }, '/sandbox-probe/none.node'), 'ERR_DLOPEN_DISABLED'),
    codeFromStringsRefused: refuses(() => new Function('return 1'), undefined),
    networkClosedInJavaScript,
  };
}

function refuses(attempt: () => unknown, code: string | undefined): boolean {
  try {
    attempt();
    return false;
  } catch (error) {
    return code === undefined || (error as { code?: string }).code === code;
  }
}
