// The parent's side of the transpiler process (transpiler.ts): starts it inside the same
// boundary as the sandbox, hands it one program and waits for its reply. The runner uses
// it for TypeScript (in parallel with starting the sandbox) and to locate a JavaScript
// syntax error, so the sandbox process itself never needs esbuild.
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { runtimeFlags, workerEnvironment, workerExecArgv } from './boundary';
import { type TranspileReply, type TranspileRequest } from './protocol';

const TRANSPILE_TIMEOUT_MS = 60_000;

export function transpileInProcess(workerScript: string, request: TranspileRequest): Promise<TranspileReply> {
  const distDir = dirname(workerScript);
  const child = fork(join(distDir, 'sandbox-transpiler.js'), [], {
    execArgv: [
      ...workerExecArgv(runtimeFlags(), { read: [distDir], addons: false }, 512),
      // One large module compiled once: the baseline compiler is enough, and the optimizing tier
      // would keep the process busy for seconds after its work is done.
      '--liftoff-only',
    ],
    env: workerEnvironment(process.env),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  return new Promise((resolve) => {
    let stderr = '';
    let reply: TranspileReply | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), TRANSPILE_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once('message', (message: TranspileReply) => (reply = message));
    const finish = (why: string) => {
      clearTimeout(timer);
      resolve(
        reply ?? { type: 'failed', message: `the TypeScript transpiler ${why}${stderr ? `: ${stderr.trim()}` : ''}` },
      );
    };
    child.once('exit', (code, signal) => finish(`ended (${signal ?? `exit code ${code}`})`));
    child.once('error', (error) => finish(`could not start (${error.message})`));
    child.send(request);
  });
}
