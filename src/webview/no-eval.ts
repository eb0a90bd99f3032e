/**
 * hdr-histogram-js probes for Node's zlib with `eval('require("zlib")')` when it loads and falls
 * back to pako when that throws. Under our CSP (no 'unsafe-eval') the probe is refused and
 * reported as a CSP violation on every page load. Replacing the global `eval` with a function that
 * throws turns the probe into an ordinary call that fails the same way, without a violation.
 * This module must be imported before anything that imports src/result/histogram.ts.
 */
const refuse = function evalDisabled(): never {
  throw new EvalError('eval is disabled in the RPC Balancer webview');
};
Object.defineProperty(globalThis, 'eval', { value: refuse, writable: true, configurable: true });
export {};
