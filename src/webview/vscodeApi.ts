// The handle VS Code gives a webview script, typed for our use.
interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export function vscodeApi<State>(): VsCodeApi<State> {
  return acquireVsCodeApi<State>();
}
