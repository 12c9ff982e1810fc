// The pure parts of the sandbox's boundary and its run header: what environment and flags a sandbox process gets on
// a given runtime, what the header says for given measurements, and which messages from the process the parent takes.
import * as assert from 'node:assert/strict';
import { sep } from 'node:path';
import {
  ENVIRONMENT_ALLOW_LIST,
  permissionFlag,
  runtimeFlags,
  workerEnvironment,
  workerExecArgv,
} from '../../../src/sandbox/boundary';
import { protectionsInForce, type ProcessFacts } from '../../../src/sandbox/lockdown';
import { checkedMessage, MAX_LOG_LINES } from '../../../src/sandbox/messages';
import { type BackendInfo } from '../../../src/sandbox/protocol';
import { headerLines } from '../../../src/sandbox/runHeader';

const node20 = new Set(['--experimental-permission', '--allow-addons', '--disallow-code-generation-from-strings']);
const node24 = new Set(['--permission', '--allow-addons', '--disallow-code-generation-from-strings']);
const node25 = new Set([...node24, '--allow-net']);

describe('the sandbox boundary (pure parts)', () => {
  it('passes only the allow-listed environment, never tokens, keys or NODE_OPTIONS', () => {
    const parent = {
      PATH: '/usr/bin',
      TZ: 'UTC',
      GITHUB_TOKEN: 'ghp_secret',
      AWS_SECRET_ACCESS_KEY: 'secret',
      NODE_OPTIONS: '--allow-child-process',
      HOME: '/home/me',
    };
    assert.deepEqual(workerEnvironment(parent), {
      PATH: '/usr/bin',
      TZ: 'UTC',
      ELECTRON_RUN_AS_NODE: '1',
      TF_CPP_MIN_LOG_LEVEL: '2',
    });
    assert.deepEqual([...ENVIRONMENT_ALLOW_LIST], ['PATH', 'TZ', 'SystemRoot', 'windir']);
  });

  it("asks for the permission model in the runtime's own spelling, and for nothing it does not know", () => {
    assert.equal(permissionFlag(node20), '--experimental-permission');
    assert.equal(permissionFlag(node24), '--permission');
    assert.equal(permissionFlag(new Set()), undefined);
    const grants = { read: [`${sep}ext${sep}dist`], addons: false };
    assert.deepEqual(workerExecArgv(node20, grants, 512), [
      '--max-old-space-size=512',
      '--experimental-vm-modules',
      '--no-warnings',
      '--disallow-code-generation-from-strings',
      '--experimental-permission',
      `--allow-fs-read=${sep}ext${sep}dist${sep}`,
    ]);
    assert.ok(workerExecArgv(node24, grants, 512).includes('--permission'));
    // A runtime without the permission model still gets the memory cap and the rest.
    assert.deepEqual(workerExecArgv(new Set(), grants, 512), [
      '--max-old-space-size=512',
      '--experimental-vm-modules',
      '--no-warnings',
    ]);
    assert.ok(!workerExecArgv(node20, grants, 512).includes('--allow-addons'), 'no addons unless tfjs-node runs');
    assert.ok(workerExecArgv(node20, { ...grants, addons: true }, 512).includes('--allow-addons'));
    for (const flag of workerExecArgv(node24, { read: ['/a', '/b'], addons: true }, 512))
      assert.doesNotMatch(flag, /allow-(child-process|worker|fs-write|wasi|inspector)/, flag);
  });

  it('on Electron, drops a permission flag its Node mode refuses at start-up, so that runs still start', () => {
    const refusing = (flag: string) => flag !== '--permission';
    assert.equal(runtimeFlags(node24, false, refusing), node24, 'plain Node: its own list is authoritative');
    assert.equal(
      runtimeFlags(node24, true, () => true),
      node24,
    );
    const dropped = runtimeFlags(node24, true, refusing);
    assert.equal(permissionFlag(dropped), undefined);
    assert.ok(dropped.has('--allow-addons') && dropped.has('--disallow-code-generation-from-strings'));
  });

  const facts = (overrides: Partial<ProcessFacts>): ProcessFacts => ({
    environment: ['PATH'],
    permission: { has: (scope, reference) => scope === 'fs.read' && reference === '/ext/dist/x' },
    runtimeFlags: node20,
    readable: ['/ext/dist/'],
    addonsRefused: true,
    codeFromStringsRefused: true,
    networkClosedInJavaScript: true,
    ...overrides,
  });

  it('says which protections hold from what the process measured, and which do not', () => {
    const held = protectionsInForce(facts({}));
    assert.deepEqual(
      held.map((p) => `${p.name}: ${p.by ?? 'NOT IN FORCE'}`),
      [
        'environment: allow-list',
        'child processes: permission model',
        'worker threads: permission model',
        'native addons: permission model',
        'file writes: permission model',
        'file reads: permission model',
        'network: JavaScript',
        'signals: JavaScript',
        'code from strings: V8 flag',
      ],
    );
    // Node 25 closes the network itself when the permission model is on.
    assert.equal(
      protectionsInForce(facts({ runtimeFlags: node25 })).find((p) => p.name === 'network')?.by,
      'permission model',
    );
    // No permission model (a runtime without it): those protections are not in force, and the header says so.
    const none = protectionsInForce(facts({ permission: undefined, addonsRefused: false }));
    assert.deepEqual(
      none.filter((p) => !p.by).map((p) => p.name),
      ['child processes', 'worker threads', 'native addons', 'file writes', 'file reads'],
    );
  });

  it('writes the run header: backend, kernels and protections, and what is not in force', () => {
    const info: BackendInfo = {
      backend: 'wasm',
      version: '4.22.0',
      fallbacks: [{ backend: 'tensorflow', error: '@tensorflow/tfjs-node is not installed' }],
      kernels: { applied: false, kernels: [], reason: 'turned off (deepLearningNotes.sandbox.fastKernels)' },
      protections: protectionsInForce(facts({ permission: undefined, addonsRefused: false })),
    };
    const lines = headerLines(info);
    assert.equal(lines[0], 'backend: WebAssembly, tfjs 4.22.0, stock tfjs');
    assert.match(lines[1]!, /^fell back: tensorflow: @tensorflow\/tfjs-node is not installed\. For native speed/);
    assert.equal(lines[2], 'kernels: stock tfjs (fast kernels: turned off (deepLearningNotes.sandbox.fastKernels))');
    assert.match(
      lines[3]!,
      /^protections: environment: PATH only \[allow-list\]; no network or signals to other processes \[JavaScript\]/,
    );
    assert.equal(lines[4], 'network: closed by the sandbox in JavaScript (this runtime has no network permission)');
    assert.equal(
      lines[5],
      'not in force on this runtime: child processes, worker threads, native addons, file writes and file reads',
    );
    const native = headerLines({
      ...info,
      backend: 'tensorflow',
      source: '@tensorflow/tfjs-node 4.22.0 from /ws',
      fallbacks: [],
    });
    assert.equal(
      native[0],
      'backend: tfjs-node (native TensorFlow), tfjs 4.22.0 (@tensorflow/tfjs-node 4.22.0 from /ws)',
    );
  });

  it("takes only well-formed messages from the sandbox process, and bounds a program's output", () => {
    const check = checkedMessage();
    assert.equal(check({ type: 'points', points: [{ series: 'loss', step: '1', loss: 2 }] }), undefined);
    assert.equal(check({ type: 'done' }), undefined);
    assert.equal(check('hello'), undefined);
    assert.equal(
      check({ type: 'backend', backend: 'gpu', version: '1', fallbacks: [], kernels: {}, protections: [] }),
      undefined,
    );
    assert.deepEqual(check({ type: 'log', level: 'log', text: 'hi' }), { type: 'log', level: 'log', text: 'hi' });
    const lines = Array.from({ length: MAX_LOG_LINES + 50 }, () => check({ type: 'log', level: 'log', text: 'x' }));
    assert.equal(lines.filter(Boolean).length, MAX_LOG_LINES - 1, 'the rest is dropped');
    assert.deepEqual(lines[MAX_LOG_LINES - 2], { type: 'log', level: 'log', text: '… further output dropped' });
  });
});
