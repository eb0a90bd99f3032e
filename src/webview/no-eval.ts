/**
 * hdr-histogram-js probes for Node's zlib with `eval('require("zlib")...')` when it loads and
 * falls back to pako when that throws. Under our CSP (no 'unsafe-eval') the probe is refused and
 * reported as a CSP violation on every page load. So `eval` is wrapped: that probe (code calling
 * `require`, which no browser has) throws at once, as it would anyway, without a violation;
 * anything else goes to the real `eval` untouched (the CSP still decides, and tools that evaluate
 * through DevTools keep working). Must be imported before anything that loads hdr-histogram-js.
 */
const realEval = globalThis.eval;

function guardedEval(code: unknown): unknown {
  if (typeof code === 'string' && /\brequire\s*\(/.test(code)) {
    throw new EvalError('require() is not available in the RPC Balancer webview');
  }
  return realEval(code as string);
}

Object.defineProperty(globalThis, 'eval', { value: guardedEval, writable: true, configurable: true });
export {};
