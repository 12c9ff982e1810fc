// Escape attempts, written as an attacker would try them (test/fixtures/escape-attempts.js), against the real sandbox
// process: from every global the program is handed, walk to the worker's `process`; then try to start a process,
// write a file, read the editor's environment, load a native addon, open sockets and signal the editor. Each must
// fail with a clear message. Where this runtime lacks a protection (the run header says which), the test says so and
// is marked pending instead of passing.
import * as assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BackendInfo, type LossPoint, type Protection, type RunResult } from '../../../src/sandbox/protocol';
import { headerLines } from '../../../src/sandbox/runHeader';
import { SandboxRun } from '../../../src/sandbox/runner';
import { projectRoot } from '../helpers';

const worker = join(projectRoot, 'dist', 'sandbox-worker.js');
const SECRET = 'DLN_ESCAPE_TEST_SECRET';

interface Attempt {
  capability: string;
  how: string;
  denied: boolean;
  message: string;
}

async function run(code: string): Promise<{ result: RunResult; logs: string[]; points: LossPoint[] }> {
  const logs: string[] = [];
  const points: LossPoint[] = [];
  const sandbox = new SandboxRun(
    worker,
    { type: 'run', code, filename: 'attack.js', language: 'javascript', backend: 'wasm', searchPaths: [] },
    { timeoutMs: 60_000, maxMemoryMB: 1024 },
    { onLog: (_level, text) => logs.push(text), onPoints: (p) => points.push(...p) },
  );
  return { result: await sandbox.done, logs, points };
}

describe('escape attempts from inside the sandbox (real processes)', function () {
  this.timeout(120_000);
  const scratch = mkdtempSync(join(tmpdir(), 'dln-escape-'));
  const marker = join(scratch, 'escaped.txt');
  const addon = join(scratch, 'addon.node');
  let tcp: Server;
  let udp: Socket;
  let connections = 0;
  let datagrams = 0;
  let outcome: { reached: string[]; codeFromStrings: string[]; attempts: Attempt[] };
  let protections: Protection[];
  let info: BackendInfo;

  before(async () => {
    writeFileSync(addon, 'not really an addon');
    tcp = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    udp = createSocket('udp4').on('message', () => datagrams++);
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    // A secret in the environment of the process that starts the sandbox (the editor, here the test).
    process.env[SECRET] = 'hunter2';
    const target = {
      tcpPort: (tcp.address() as { port: number }).port,
      udpPort: udp.address().port,
      secret: SECRET,
      file: marker,
      addon,
    };
    const code = readFileSync(join(projectRoot, 'test/fixtures/escape-attempts.js'), 'utf8').replace(
      /^const target = .*$/m,
      `const target = ${JSON.stringify(target)};`,
    );
    const { result, logs } = await run(code);
    assert.equal(result.status, 'completed', result.summary);
    outcome = JSON.parse(logs[logs.length - 1]!);
    assert.ok(result.info, 'the run reports its backend and protections');
    info = result.info;
    protections = info.protections;
    // Let any packet that did get out arrive before the servers are asked.
    await new Promise((resolve) => setTimeout(resolve, 300));
  });

  after(() => {
    delete process.env[SECRET];
    tcp.close();
    udp.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("reaches the worker's own process from the globals it is handed: the vm context is not the boundary", () => {
    assert.ok(outcome.reached.length > 0, 'the attacks below ran against the real process object');
    // The one-line escape through a host function's constructor no longer works (code from strings is off) …
    assert.ok(!outcome.reached.some((path) => path.includes('constructor(')), outcome.reached.join(', '));
    assert.ok(outcome.codeFromStrings.some((m) => /Code generation from strings disallowed/.test(m)));
    // … but a property path does (tf.ENV.global is the host's global object): the process is the boundary.
    assert.ok(outcome.reached.includes('tf.ENV.global.process'), outcome.reached.join(', '));
  });

  const capabilities: [Protection['name'], string, string][] = [
    ['child processes', 'child processes', 'start a process'],
    ['worker threads', 'worker threads', 'start a worker thread'],
    ['file writes', 'file writes', 'write a file'],
    ['file reads', 'file reads', "read the editor's environment or files outside the sandbox"],
    ['environment', 'environment', "see a variable of the editor's environment"],
    ['native addons', 'native addons', 'load a native addon'],
    ['network', 'network', 'open a socket, send a datagram, look up a name or listen'],
    ['signals', 'signals', 'signal the editor'],
  ];
  for (const [protection, capability, what] of capabilities) {
    it(`cannot ${what}, or says in the run header that it can`, () => {
      const inForce = protections.find((p) => p.name === protection);
      if (!inForce?.by) {
        // A runtime without this protection: the run header must say so, in words.
        const header = headerLines(info).join('\n');
        assert.match(header, /not in force on this runtime: /, `${protection} is missing and the header says so`);
        console.log(`      ${protection}: NOT IN FORCE on Node ${process.versions.node}; the run header says so`);
        return;
      }
      const tried = outcome.attempts.filter((a) => a.capability === capability);
      assert.ok(tried.length > 0, `attempts at ${capability}`);
      for (const a of tried) {
        assert.ok(a.denied, `${a.how} was not refused: ${a.message}`);
        if (capability !== 'environment')
          assert.match(a.message, /ERR_ACCESS_DENIED|ERR_DLOPEN_DISABLED|The sandbox does not allow/, a.how);
      }
      if (protection === 'network' && inForce?.by === 'JavaScript')
        console.log(`      network: closed in JavaScript (Node ${process.versions.node} has no network permission)`);
    });
  }

  it('left no trace outside: no file written, no connection or datagram received', () => {
    assert.equal(existsSync(marker), false);
    assert.equal(connections, 0);
    assert.equal(datagrams, 0);
  });

  it('says which boundary refused, in the run output, when a program does not catch it', async () => {
    const { result } = await run(
      `const fs = tf.ENV.global.process.getBuiltinModule('fs');\nfs.writeFileSync(${JSON.stringify(marker)}, 'x');\n`,
    );
    assert.equal(result.status, 'error');
    assert.equal(result.error?.line, 2);
    assert.match(result.summary, /The sandbox does not allow writing files .*: Node's permission model refused it/);
    const { result: network } = await run(
      `tf.ENV.global.process.getBuiltinModule('net').connect(80, 'example.com');\n`,
    );
    assert.match(network.summary, /The sandbox does not allow network connections: a sandboxed program has no network/);
  });

  it("keeps the parent safe from the program's messages: a forged header is ignored, a flood is cut", async () => {
    const { result, logs, points } = await run(`const proc = tf.ENV.global.process;
proc.send({ type: 'backend', backend: 'tensorflow', version: '9', fallbacks: [], kernels: { applied: true, kernels: [] }, protections: [] });
proc.send({ type: 'points', points: 'not points' });
for (let i = 0; i < 3000; i++) proc.send({ type: 'log', level: 'log', text: 'flood ' + i });
report(1);
`);
    assert.equal(result.status, 'completed', result.summary);
    assert.equal(result.info?.backend, 'wasm', 'the header is the one the worker sent before the program ran');
    assert.ok(result.info?.protections.length, 'with its protections');
    assert.ok(logs.length <= 1000, `${logs.length} log lines kept`);
    assert.deepEqual(points, [{ series: 'loss', step: 1, loss: 1 }]);
  });

  it('and the next run trains as usual', async () => {
    const { result, points } = await run(
      'const w = tf.variable(tf.scalar(3));\nconst opt = tf.train.adam(0.1);\nfor (let i = 0; i < 20; i++) report(opt.minimize(() => w.square(), true));\n',
    );
    assert.equal(result.status, 'completed', result.summary);
    assert.equal(points.length, 20);
  });
});
