/**
 * The demo servers' control port, so a run in another process (`rpc-balancer run --scenario`)
 * can put faults on them:
 *   POST /faults       {"endpoint": "s2", "action": "slow", "value": 10}  -> 200 {"ok": true} | 400/404 {"error"}
 *                      {"endpoint": "s4", "action": "cold", "value": 5, "forMs": 10000}: cold from now, 5x
 *                      slower falling linearly to 1x over 10 s (src/faults/cold-start.ts)
 *                      {"endpoint": "s1", "action": "pushback", "value": 200}: failures carry "retry after
 *                      200 ms" (gRPC `grpc-retry-pushback-ms`, HTTP `Retry-After` in whole seconds); -1: "do not retry"
 *   GET  /stats        -> {"endpoints": [{id, requests, ok, errors, busy, queued, maxQueued, listening}]}
 *   POST /stats/reset  -> 200 {"ok": true}
 *   GET  /pool[?transport=jsonrpc] -> the pool file for these servers
 * Any web page can send requests to 127.0.0.1 (a form posts text/plain; DNS rebinding gives a
 * page a name that resolves here), so requests must come addressed to a loopback Host with this
 * port, with no Origin or a loopback one, and a POST must say `application/json`, which a page
 * cannot send cross-origin without CORS (which this server never grants). Else 403 or 415.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { HOST } from './listener';

export const SERVER_ACTIONS = ['slow', 'fail', 'stall', 'leave', 'join', 'recover', 'cold', 'pushback'] as const;
export type ServerAction = (typeof SERVER_ACTIONS)[number];

/** What the control server drives; `apply` throws a `FaultError` for bad input. */
export interface Controlled {
  apply(endpoint: string, action: ServerAction, value: number | undefined, forMs?: number): Promise<void>;
  stats(): unknown;
  resetStats(): void;
  pool(transport?: string): unknown;
}

export class FaultError extends Error {
  constructor(message: string, readonly status: 400 | 403 | 404 | 415 = 400) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 65536) throw new FaultError('body larger than 64 KiB');
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new FaultError(`body is not JSON: ${(e as Error).message}`);
  }
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Why a request is refused before routing (a foreign Host or Origin, a POST that is not JSON), or undefined. */
export function refusal(req: IncomingMessage, port: number): FaultError | undefined {
  const loopback = new Set(LOOPBACK_NAMES.flatMap((n) => [`${n}:${port}`, ...(port === 80 ? [n] : [])]));
  const host = (req.headers.host ?? '').toLowerCase();
  if (!loopback.has(host)) return new FaultError(`host: expected ${LOOPBACK_NAMES.map((n) => `${n}:${port}`).join(', ')}, got ${JSON.stringify(host)}`, 403);
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost = '';
    try {
      const url = new URL(origin);
      if (url.protocol === 'http:') originHost = url.host;
    } catch {
      // not a URL ("null" from a sandboxed page): foreign
    }
    if (!loopback.has(originHost.toLowerCase())) return new FaultError(`origin: requests from web pages are refused, got ${JSON.stringify(origin)}`, 403);
  }
  if (req.method === 'POST') {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') return new FaultError(`content-type: a POST must be application/json, got ${JSON.stringify(req.headers['content-type'] ?? '')}`, 415);
  }
  return undefined;
}

async function route(target: Controlled, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://control');
  const key = `${req.method} ${url.pathname}`;
  if (key === 'GET /stats') return send(res, 200, target.stats());
  if (key === 'POST /stats/reset') {
    target.resetStats();
    return send(res, 200, { ok: true });
  }
  if (key === 'GET /pool') return send(res, 200, target.pool(url.searchParams.get('transport') ?? undefined));
  if (key === 'POST /faults') {
    const body = await readJson(req);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new FaultError('expected {"endpoint", "action", "value"}');
    const { endpoint, action, value, forMs } = body as Record<string, unknown>;
    if (typeof endpoint !== 'string') throw new FaultError(`endpoint: expected a string, got ${JSON.stringify(endpoint)}`);
    if (!SERVER_ACTIONS.includes(action as ServerAction)) {
      throw new FaultError(`action: expected one of ${SERVER_ACTIONS.join(', ')}, got ${JSON.stringify(action)}`);
    }
    if (value !== undefined && value !== true && typeof value !== 'number') {
      throw new FaultError(`value: expected a number, got ${JSON.stringify(value)}`);
    }
    if (forMs !== undefined && (action !== 'cold' || typeof forMs !== 'number')) {
      throw new FaultError(`forMs: only "cold" takes it, as a number of ms, got ${JSON.stringify(forMs)} on ${JSON.stringify(action)}`);
    }
    await target.apply(endpoint, action as ServerAction, typeof value === 'number' ? value : undefined, forMs as number | undefined);
    return send(res, 200, { ok: true });
  }
  send(res, 404, { error: `no route ${key} (POST /faults, GET /stats, POST /stats/reset, GET /pool)` });
}

export class ControlServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(target: Controlled) {
    this.server = createServer((req, res) => {
      const refused = refusal(req, this.port);
      if (refused) {
        // The body is not read: close the connection rather than drain what a page may still send.
        res.setHeader('connection', 'close');
        return send(res, refused.status, { error: refused.message });
      }
      route(target, req, res).catch((e: unknown) => {
        if (e instanceof FaultError) send(res, e.status, { error: e.message });
        else send(res, 500, { error: String((e as Error)?.message ?? e) });
      });
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  get address(): string {
    return `http://${HOST}:${this.port}`;
  }

  listen(port = 0): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, HOST, () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as { port: number }).port;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }
}
