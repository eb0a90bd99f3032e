/** The slice of VS Code's webview API we use; absent in the standalone report. */
import type { PersistedState, WebviewMessage } from '../protocol/webview';

export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PersistedState): void;
}

declare global {
  // Injected by VS Code into webviews; callable once per page.
  function acquireVsCodeApi(): VsCodeApi;
}

export function vscodeApi(): VsCodeApi | undefined {
  return typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
}
