// Finding @tensorflow/tfjs-node for a run. The VSIX is packaged without dependencies, so
// the native backend comes from the user: the folder the tfjsNodePath setting names, else
// the workspace (where `npm install @tensorflow/tfjs-node` puts it), else the extension's own
// folder (a development clone, or the CLI run from one). The parent looks before it starts
// the sandbox, so that it can let the process read that one installation and load its addon,
// and nothing else; the worker then loads exactly what was found.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type TfjsNodeChoice } from './protocol';

/** The major version of tfjs the sandbox's own code (report, lossCallback, data) is written for. */
export const TFJS_NODE_MAJOR = 4;

const PACKAGE = '@tensorflow/tfjs-node';

function packageAt(dir: string): { name?: string; version?: string } | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
  } catch {
    return undefined;
  }
}

/** The installation Node's module resolution would find from `folder` (its node_modules, then its parents'), or the package itself. */
function installationFrom(folder: string): string | undefined {
  if (packageAt(folder)?.name === PACKAGE) return folder;
  for (let dir = folder; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', PACKAGE);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The first installation in `folders` whose version fits, or why there is none. */
export function findTfjsNode(folders: readonly string[]): TfjsNodeChoice {
  const unfit: string[] = [];
  for (const folder of folders) {
    const dir = installationFrom(folder);
    if (!dir || unfit.some((problem) => problem.includes(dir))) continue;
    const version = packageAt(dir)?.version ?? 'unknown';
    if (Number(version.split('.')[0]) === TFJS_NODE_MAJOR) return { dir, version };
    unfit.push(`${PACKAGE} ${version} in ${dir} does not fit (the sandbox needs ${TFJS_NODE_MAJOR}.x)`);
  }
  if (unfit.length) return { problem: unfit.join('; ') };
  return { problem: `${PACKAGE} is not installed` };
}

/**
 * What the sandbox may read to load an installation: the package, and every node_modules folder Node's module
 * resolution searches from it (where its dependencies, @tensorflow/tfjs among them, are installed).
 */
export function readableFor(dir: string): string[] {
  const folders = [dir];
  for (let at = dirname(dir); ; at = dirname(at)) {
    const modules = join(at, 'node_modules');
    if (basename(at) !== 'node_modules' && existsSync(modules)) folders.push(modules);
    if (dirname(at) === at) return folders;
  }
}
