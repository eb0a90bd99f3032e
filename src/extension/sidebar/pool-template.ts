/** The pool file Create Pool File writes (no `vscode` here): valid as written, with its schema named. */
import { poolSchema } from '../../pools/schema';

/** A file name stem the user typed, or what is wrong with it. */
export function checkPoolFileName(stem: string): string | undefined {
  if (stem.trim() === '') return 'a name, such as orders (the file is orders.rpcpool.json)';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(stem)) return `letters, digits, ".", "_" and "-" only (starting with a letter or digit), got "${stem}"`;
  return undefined;
}

/** Three servers on loopback under round robin, each with a virtual server so Simulate works at once. */
export function poolTemplate(name: string): string {
  const pool = {
    $schema: (poolSchema as { $id: string }).$id,
    name,
    transport: 'http',
    strategy: 'round-robin',
    endpoints: [1, 2, 3].map((i) => ({ id: `s${i}`, address: `http://127.0.0.1:${8080 + i}`, weight: 1 })),
    request: { method: 'GET', path: '/' },
    simulation: { defaults: { slots: 8, service: { type: 'lognormal', medianMs: 5, p99Ms: 40 } } },
  };
  return JSON.stringify(pool, null, 2) + '\n';
}
