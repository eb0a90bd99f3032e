/**
 * One demo endpoint over HTTP (Node's http module, keep-alive on). The same server answers
 * JSON-RPC 2.0: a POST whose body is a JSON-RPC request gets a JSON-RPC reply (error -32000 for
 * an injected failure); anything else gets a plain reply (500 for an injected failure).
 * Every reply carries the endpoint's load in `x-server-load` and its ORCA load report in
 * `endpoint-load-metrics` (TEXT form; orca.ts).
 *
 * The wire (DemoWire) is HTTP/1.1 by default; `http2` makes it h2c (prior knowledge), `tls` makes
 * it https, and both together a TLS server offering h2 and http/1.1 by ALPN. Over HTTP/2 the
 * requests come through node:http2's compatibility API, whose request and response answer every
 * call below as node:http's do.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, createSecureServer } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { Server, Socket } from 'node:net';
import type { EndpointBehaviour } from './behaviour';
import { HOST, type Listener } from './listener';
import { formatOrcaText, type DemoOrcaReport } from './orca';

type Rpc = { id: string | number | null };

function rpcRequest(body: string): Rpc | { error: number; message: string } | undefined {
  let msg: unknown;
  try {
    msg = JSON.parse(body);
  } catch {
    return body.trimStart().startsWith('{') ? { error: -32700, message: 'Parse error' } : undefined;
  }
  if (typeof msg !== 'object' || msg === null || (msg as { jsonrpc?: unknown }).jsonrpc !== '2.0') return undefined;
  const { id, method } = msg as { id?: unknown; method?: unknown };
  if (typeof method !== 'string' || !(id === undefined || id === null || typeof id === 'string' || typeof id === 'number')) {
    return { error: -32600, message: 'Invalid Request' };
  }
  return { id: (id as Rpc['id']) ?? null };
}

/** How a demo HTTP endpoint listens: HTTP/1.1, h2c, https, or TLS with h2 and http/1.1 by ALPN. */
export interface DemoWire {
  http2?: boolean;
  /** PEM key and certificate (tests make a self-signed one with openssl; none is shipped). */
  tls?: { key: string; cert: string };
}

function createWireServer(wire: DemoWire, onRequest: (req: IncomingMessage, res: ServerResponse) => void): Server {
  const handler = onRequest as unknown as (req: unknown, res: unknown) => void;
  if (wire.http2 && wire.tls) return createSecureServer({ ...wire.tls, allowHTTP1: true }, handler);
  if (wire.http2) return createHttp2Server(handler);
  if (wire.tls) return createHttpsServer({ ...wire.tls, keepAlive: true }, onRequest);
  return createServer({ keepAlive: true }, onRequest);
}

export class HttpEndpointServer implements Listener {
  port = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly behaviour: EndpointBehaviour, wire: DemoWire = {}) {
    this.server = createWireServer(wire, (req, res) => this.onRequest(req, res));
    // Long enough that load-test clients keep their connections between bursts (HTTP/1.1 servers only).
    if ('keepAliveTimeout' in this.server) {
      Object.assign(this.server, { keepAliveTimeout: 30_000, headersTimeout: 31_000 });
    }
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get listening(): boolean {
    return this.server.listening;
  }

  listen(): Promise<void> {
    if (this.server.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.server.once('error', onError);
      this.server.listen(this.port, HOST, () => {
        this.server.off('error', onError);
        this.port = (this.server.address() as { port: number }).port;
        resolve();
      });
    });
  }

  leave(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      this.sockets.clear();
    });
  }

  close(): Promise<void> {
    return this.leave();
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = req.method === 'POST' ? Buffer.concat(chunks).toString('utf8') : '';
      const rpc = body ? rpcRequest(body) : undefined;
      if (rpc && 'error' in rpc) {
        // Malformed JSON-RPC is answered at once; it is not a served request.
        this.send(res, 200, { jsonrpc: '2.0', id: null, error: { code: rpc.error, message: rpc.message } }, this.behaviour.load(), this.behaviour.orca());
        return;
      }
      const id = this.behaviour.id;
      this.behaviour.submit({
        alive: () => !res.destroyed && !res.socket?.destroyed,
        reply: (ok, load, orca) => {
          if (res.destroyed || !res.socket || res.socket.destroyed) return false;
          if (rpc) {
            const reply = ok
              ? { jsonrpc: '2.0', id: rpc.id, result: { endpoint: id, load } }
              : { jsonrpc: '2.0', id: rpc.id, error: { code: -32000, message: `demo failure at ${id}` } };
            this.send(res, 200, reply, load, orca, ok);
          } else {
            this.send(res, ok ? 200 : 500, ok ? { endpoint: id, load } : { endpoint: id, error: 'demo failure' }, load, orca, ok);
          }
          return true;
        },
      });
    });
  }

  private send(res: ServerResponse, status: number, body: unknown, load: number, orca: DemoOrcaReport, ok = true): void {
    const text = JSON.stringify(body);
    const pushback = ok ? undefined : this.behaviour.pushbackMs;
    res.writeHead(status, {
      // RFC 9110's delay-seconds are whole and never negative: "do not retry" has no HTTP form.
      ...(pushback !== undefined && pushback >= 0 ? { 'retry-after': String(Math.ceil(pushback / 1000)) } : {}),
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-server-load': load.toFixed(4),
      'endpoint-load-metrics': formatOrcaText(orca),
      'x-endpoint': this.behaviour.id,
    });
    res.end(text);
  }
}
