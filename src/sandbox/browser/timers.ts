// When a browser run is over. The Node sandbox finishes when its process has nothing left to do
// (beforeExit): the program's module has run and no timer is pending. A Worker has no such event,
// so its timers are counted: the run is over once the module has run and none is left.
type Callback = (...args: unknown[]) => void;

export function trackTimers(scope: typeof globalThis): { idle(): Promise<void> } {
  const pending = new Set<unknown>();
  const setTimer = scope.setTimeout.bind(scope);
  const clearTimer = scope.clearTimeout.bind(scope);
  const setRepeating = scope.setInterval.bind(scope);
  const clearRepeating = scope.clearInterval.bind(scope);
  let wake: (() => void) | undefined;
  // Checked as a task of its own, after the promise jobs a timer's callback started.
  const check = () =>
    setTimer(() => {
      if (pending.size > 0 || !wake) return;
      const resolve = wake;
      wake = undefined;
      resolve();
    }, 0);

  Object.assign(scope, {
    setTimeout: (callback: Callback, ms?: number, ...args: unknown[]) => {
      const id = setTimer(() => {
        pending.delete(id);
        try {
          callback(...args);
        } finally {
          check();
        }
      }, ms);
      pending.add(id);
      return id;
    },
    clearTimeout: (id: number) => {
      clearTimer(id);
      if (pending.delete(id)) check();
    },
    setInterval: (callback: Callback, ms?: number, ...args: unknown[]) => {
      const id = setRepeating(callback, ms, ...args);
      pending.add(id);
      return id;
    },
    clearInterval: (id: number) => {
      clearRepeating(id);
      if (pending.delete(id)) check();
    },
  });
  return {
    idle: () =>
      new Promise<void>((resolve) => {
        wake = resolve;
        check();
      }),
  };
}
