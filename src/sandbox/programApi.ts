// What a sandboxed program sees, wherever it trains (a Node process, src/sandbox/worker.ts, or a
// browser Worker, src/sandbox/browser/worker.ts): tf, report(), lossCallback(), data, STEPS,
// BACKEND, a console that forwards to the editor, and require() of TensorFlow.js only. One
// definition, so a program behaves the same in desktop VS Code and in the browser.
import { type Tfjs } from './kernels';
import { type BackendName, type LossPoint, type SandboxMessage } from './protocol';
import { createSyntheticData } from './syntheticData';

/** Modules a program may import or require; each resolves to the loaded tf. */
export const TFJS_MODULES = new Set([
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
]);
const FLUSH_INTERVAL_MS = 50;
const MAX_LOG_MESSAGES = 500;

export class Diverged extends Error {
  constructor(
    readonly series: string,
    readonly step: number,
    readonly value: number,
  ) {
    super(`loss is ${value} at step ${step} (${series})`);
  }
}

/** Collects loss points and sends them in batches, so reporting never waits on the parent. */
export class LossReporter {
  private pending: LossPoint[] = [];
  private lastFlush = Date.now();
  private readonly stepBySeries = new Map<string, number>();
  readonly finalLoss: Record<string, number> = {};
  firstPointAt?: number;

  constructor(
    private readonly tf: Tfjs,
    private readonly send: (message: SandboxMessage) => void,
  ) {
    // In Node the timer must not keep the process alive: the run ends when the program's work does.
    const timer: unknown = setInterval(() => this.flush(), FLUSH_INTERVAL_MS);
    (timer as { unref?(): void }).unref?.();
  }

  report(loss: unknown, seriesOrOptions?: string | { series?: string; step?: number }): number {
    const options = typeof seriesOrOptions === 'string' ? { series: seriesOrOptions } : (seriesOrOptions ?? {});
    const series = options.series ?? 'loss';
    const value = this.toNumber(loss);
    const step = options.step ?? (this.stepBySeries.get(series) ?? 0) + 1;
    this.stepBySeries.set(series, step);
    if (!Number.isFinite(value)) throw new Diverged(series, step, value);
    this.finalLoss[series] = value;
    this.firstPointAt ??= Date.now();
    this.pending.push({ series, step, loss: value });
    // A synchronous training loop never yields to the timer: flush from here too.
    if (Date.now() - this.lastFlush >= FLUSH_INTERVAL_MS) this.flush();
    return value;
  }

  steps(): Record<string, number> {
    return Object.fromEntries(this.stepBySeries);
  }

  /** Sends what is pending and says how the run ended well: its steps, last losses and times since `started`. */
  finish(started: number): Extract<SandboxMessage, { type: 'done' }> {
    this.flush();
    return {
      type: 'done',
      steps: this.steps(),
      finalLoss: this.finalLoss,
      ms: Date.now() - started,
      firstPointMs: this.firstPointAt && this.firstPointAt - started,
    };
  }

  flush(): void {
    this.lastFlush = Date.now();
    if (this.pending.length === 0) return;
    this.send({ type: 'points', points: this.pending });
    this.pending = [];
  }

  private toNumber(loss: unknown): number {
    if (typeof loss === 'number') return loss;
    if (loss instanceof this.tf.Tensor) {
      if (loss.isDisposed)
        throw new Error('report() was given a disposed tensor: call report(loss) before disposing it');
      return loss.dataSync()[0] ?? NaN;
    }
    throw new TypeError(`report() expects a number or a scalar tensor, got ${typeof loss}`);
  }
}

export interface ProgramApiOptions {
  tf: Tfjs;
  backend: BackendName;
  reporter: LossReporter;
  steps: number | undefined;
  send: (message: SandboxMessage) => void;
  /** Turns console arguments into a line (util.format in Node). */
  format: (...args: unknown[]) => string;
}

/** The globals of a program, apart from the timers and the like that each runtime adds. */
export function programApi({ tf, backend, reporter, steps, send, format }: ProgramApiOptions) {
  let logs = 0;
  const forward =
    (level: 'log' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      if (++logs > MAX_LOG_MESSAGES) return;
      send({ type: 'log', level, text: logs === MAX_LOG_MESSAGES ? '… further output suppressed' : format(...args) });
    };
  const sandboxRequire = (name: string) => {
    if (TFJS_MODULES.has(name)) return tf;
    throw new Error(`The sandbox provides only @tensorflow/tfjs; "${name}" is not available here.`);
  };
  const module = { exports: {} };
  return {
    tf,
    report: (loss: unknown, series?: string | { series?: string; step?: number }) => reporter.report(loss, series),
    lossCallback: (series = 'loss') => {
      let step = 0;
      return new tf.CustomCallback({
        onBatchEnd: (_batch, logs) => {
          step++;
          if (logs?.loss !== undefined) reporter.report(logs.loss, { series, step });
        },
        onEpochEnd: (_epoch, logs) => {
          if (logs?.val_loss !== undefined) reporter.report(logs.val_loss, { series: `${series} (validation)`, step });
        },
      });
    },
    data: createSyntheticData(tf),
    STEPS: steps,
    BACKEND: backend,
    console: {
      log: forward('log'),
      info: forward('log'),
      warn: forward('warn'),
      error: forward('error'),
      debug: forward('log'),
    },
    require: sandboxRequire,
    module,
    exports: module.exports,
  };
}
