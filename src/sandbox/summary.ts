// The one sentence that says how a sandbox run ended, for the editor and the CLI, wherever the
// run trained (a Node process, or a Worker in the browser).
import { BACKEND_LABEL, type BackendName, type RunResult } from './protocol';
import { type SandboxLimits } from './runner';

function formatLoss(loss: Record<string, number>): string {
  return Object.entries(loss)
    .map(([series, value]) => `${series} ${value.toPrecision(4)}`)
    .join(', ');
}

export function summarize(
  result: RunResult,
  limits: SandboxLimits,
  exitCode: number | null,
  signal: string | null,
  stderr: string,
  /** How to name the backend: in the browser the sentence also says where the run trained. */
  backendLabel: (backend: BackendName) => string = (backend) => `on ${BACKEND_LABEL[backend]}`,
): string {
  const seconds = (result.ms / 1000).toFixed(1);
  const on = result.backend ? ` ${backendLabel(result.backend)}` : '';
  switch (result.status) {
    case 'completed': {
      const totalSteps = Math.max(0, ...Object.values(result.steps));
      const loss = formatLoss(result.finalLoss);
      return `Finished ${totalSteps} steps in ${seconds} s${on}${loss ? `; final loss: ${loss}` : ' (no loss was reported: call report(loss))'}.`;
    }
    case 'error': {
      const where = result.error?.line
        ? ` at line ${result.error.line}${result.error.column ? `:${result.error.column}` : ''}`
        : '';
      return `${result.error?.kind === 'syntax' ? 'Syntax error' : 'Error'}${where}: ${result.error?.message}`;
    }
    case 'diverged':
      return `The loss became ${result.diverged?.value} at step ${result.diverged?.step} (${result.diverged?.series}); the run was stopped there.`;
    case 'timeout':
      return `Stopped after ${(limits.timeoutMs / 1000).toFixed(0)} s: the time limit was reached (an endless loop?).`;
    case 'memory':
      return `Stopped: the run needed more than its memory cap of ${limits.maxMemoryMB} MB.`;
    case 'stopped':
      return `Stopped after ${seconds} s.`;
    case 'crashed': {
      const tail = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 300);
      return `The sandbox process ended unexpectedly (${signal ?? `exit code ${exitCode}`})${tail ? `: ${tail}` : '.'}`;
    }
  }
}
