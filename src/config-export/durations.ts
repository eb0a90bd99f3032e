/** Durations as each target writes them. */

/** proto3 JSON's Duration (gRPC service config, Envoy): seconds with a fraction, `"0.025s"`. */
export function protoDuration(ms: number): string {
  const seconds = Math.round(ms * 1e6) / 1e9;
  return `${seconds.toFixed(9).replace(/0+$/, '').replace(/\.$/, '')}s`;
}

/** nginx time: whole milliseconds (`25ms`), or seconds when exact (`10s`). */
export function nginxTime(ms: number): string {
  const whole = Math.max(1, Math.round(ms));
  return whole % 1000 === 0 ? `${whole / 1000}s` : `${whole}ms`;
}

/** `host:port` of an address, whatever scheme the pool wrote it with. */
export function hostPort(address: string): { host: string; port: number; text: string } {
  const text = address.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(text);
  const host = m ? m[1].replace(/^\[|\]$/g, '') : text;
  const port = m ? Number(m[2]) : /^https:/i.test(address) ? 443 : 80;
  return { host, port, text: m ? text : `${text}:${port}` };
}
