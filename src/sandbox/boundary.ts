// The boundary around a sandbox process, as the parent sets it up: which environment
// variables the process gets (an allow-list: nothing secret from the editor's environment),
// and which of Node's permission-model flags the runtime at hand understands (Node 20 spells
// it --experimental-permission, Node 22.13+ --permission, and some runtimes have neither).
// Node's `vm` is not a security mechanism: a program can reach the worker's own `process`
// object, so what the process itself may do is the boundary. The worker measures and reports
// which protections are really in force (see lockdown.ts); this file only asks for them.
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { sep } from 'node:path';

/** What a run needs from the environment; everything else (tokens, keys, NODE_OPTIONS…) stays behind. */
export const ENVIRONMENT_ALLOW_LIST = ['PATH', 'TZ', 'SystemRoot', 'windir'] as const;

/** Variables the sandbox sets itself. */
const OWN_ENVIRONMENT = {
  // In VS Code, process.execPath is Electron: run it as plain Node.
  ELECTRON_RUN_AS_NODE: '1',
  // tfjs-node's native TensorFlow logs only warnings and errors.
  TF_CPP_MIN_LOG_LEVEL: '2',
};

export function workerEnvironment(parent: NodeJS.ProcessEnv): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const name of ENVIRONMENT_ALLOW_LIST) {
    const value = parent[name];
    if (value !== undefined) environment[name] = value;
  }
  return { ...environment, ...OWN_ENVIRONMENT };
}

/**
 * The flags this runtime understands, for the sandbox process it will start. Node's own list is
 * authoritative; Electron (desktop VS Code runs the sandbox as Electron's Node) may list a flag its
 * Node mode then refuses at start-up, so there each permission flag is tried once, in a throwaway
 * process, and dropped if refused (so that a run still starts, and its header says what is missing).
 */
export function runtimeFlags(
  listed: ReadonlySet<string> = process.allowedNodeEnvironmentFlags,
  electron = !!process.versions.electron,
  starts: (flag: string) => boolean = startsWith,
): ReadonlySet<string> {
  if (!electron) return listed;
  const refused = ['--permission', '--experimental-permission'].filter((flag) => listed.has(flag) && !starts(flag));
  return refused.length ? new Set([...listed].filter((flag) => !refused.includes(flag))) : listed;
}

const started = new Map<string, boolean>();
/** Whether this runtime, run as Node, starts with `flag` (cached: one throwaway process per flag and session). */
function startsWith(flag: string): boolean {
  let ok = started.get(flag);
  if (ok === undefined) {
    const probe = spawnSync(process.execPath, [flag, '-e', ''], {
      env: workerEnvironment(process.env),
      timeout: 10_000,
    });
    ok = probe.status === 0;
    started.set(flag, ok);
  }
  return ok;
}

/** The runtime's spelling of the permission-model flag, or undefined when it has none. */
export function permissionFlag(allowedFlags: ReadonlySet<string>): string | undefined {
  return ['--permission', '--experimental-permission'].find((flag) => allowedFlags.has(flag));
}

export interface Grants {
  /** Folders the process may read (the extension's files; the folder tfjs-node loads from). */
  read: string[];
  /** Native addons: only tfjs-node's, when that backend may run. */
  addons: boolean;
}

/**
 * Node flags of the sandbox process: its memory cap, VM modules, no code generation from strings in
 * the worker's own realm, and the permission model when `allowedFlags` (the runtime's own list) has it.
 */
export function workerExecArgv(allowedFlags: ReadonlySet<string>, grants: Grants, maxMemoryMB: number): string[] {
  const flags = [`--max-old-space-size=${Math.round(maxMemoryMB)}`, '--experimental-vm-modules', '--no-warnings'];
  if (allowedFlags.has('--disallow-code-generation-from-strings'))
    flags.push('--disallow-code-generation-from-strings');
  const permission = permissionFlag(allowedFlags);
  if (!permission) return flags;
  flags.push(permission);
  // Node checks permissions against real paths: grant a folder under the name it has on disk too.
  const folders = new Set(grants.read.flatMap((folder) => [folder, realPath(folder)]));
  // A trailing separator: the folder and everything in it, not every path that starts with its name.
  for (const folder of folders) flags.push(`--allow-fs-read=${folder.endsWith(sep) ? folder : folder + sep}`);
  if (grants.addons && allowedFlags.has('--allow-addons')) flags.push('--allow-addons');
  return flags;
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
