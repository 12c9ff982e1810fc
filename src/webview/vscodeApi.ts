// The handle VS Code gives a webview script, typed with the page's state and the messages it
// may post (from webview/protocol.ts), so a message the panel does not expect fails to compile.
interface VsCodeApi<State, Message> {
  postMessage(message: Message): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State, Message>(): VsCodeApi<State, Message>;

export function vscodeApi<State, Message>(): VsCodeApi<State, Message> {
  return acquireVsCodeApi<State, Message>();
}
