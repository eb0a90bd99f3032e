/**
 * Helpers of the undici dispatcher tests: a plain node:http server whose replies a test holds
 * and releases one by one (for aborts, unread bodies, graceful removal), and a bounded
 * closed-loop driver.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
}

export interface HeldServer {
  id: string;
  address: string;
  /** Requests received so far. */
  received: number;
  /** When true, requests wait in `held` until the test answers them; otherwise `reply` answers at once. */
  hold: boolean;
  /** Waits (at most 5 s) for the next held request. */
  next(): Promise<Exchange>;
  /** How requests are answered when not held: 200, `x-endpoint`, body `{ endpoint }`. */
  reply(ex: Exchange, status?: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

export async function startHeldServer(id: string): Promise<HeldServer> {
  const queue: Exchange[] = [];
  const waiters: ((ex: Exchange) => void)[] = [];
  const server: Server = createServer((req, res) => {
    handle.received += 1;
    const ex = { req, res };
    if (!handle.hold) return handle.reply(ex);
    const waiter = waiters.shift();
    if (waiter) waiter(ex);
    else queue.push(ex);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const handle: HeldServer = {
    id,
    address: `http://127.0.0.1:${port}`,
    received: 0,
    hold: false,
    next() {
      const ready = queue.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${id}: no request within 5 s`)), 5000);
        waiters.push((ex) => {
          clearTimeout(timer);
          resolve(ex);
        });
      });
    },
    reply({ res }, status = 200, headers = {}) {
      const body = JSON.stringify({ endpoint: id, path: res.req.url });
      res.writeHead(status, { 'content-type': 'application/json', 'x-endpoint': id, ...headers });
      res.end(body);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return handle;
}

/**
 * Runs `count` calls of `call(i)` with at most `concurrency` at once; fails past `timeoutMs`.
 * Returns each call's result or error, in order.
 */
export async function drive<T>(count: number, concurrency: number, timeoutMs: number, call: (i: number) => Promise<T>): Promise<(T | Error)[]> {
  const results: (T | Error)[] = new Array(count);
  const deadline = performance.now() + timeoutMs;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      if (performance.now() > deadline) throw new Error(`drive: ${count - next} calls left after ${timeoutMs} ms`);
      const i = next++;
      results[i] = await call(i).catch((err: Error) => err);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Resolves when `check()` is true; polls every 5 ms for at most `ms`. */
export async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
