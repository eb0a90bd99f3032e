/**
 * Test fixtures for the load-test runner: demo pools as PoolConfig, and raw TCP servers that
 * misbehave (refuse, reset every connection) the way real servers do.
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import type { DemoEndpointSpec, DemoServers, DemoTransport } from '../../src/demo';
import { startDemoServers } from '../../src/demo';
import type { PoolConfig } from '../../src/pools/types';
import { freePort } from './nginx';

export async function demo(endpoints: DemoEndpointSpec[], transport: DemoTransport = 'http', seed = 7): Promise<{ servers: DemoServers; pool: PoolConfig }> {
  const servers = await startDemoServers({ endpoints, transport, seed });
  const pool = servers.pool(transport) as unknown as PoolConfig;
  return { servers, pool };
}

/** Requests each demo endpoint answered, by id. */
export function servedCounts(servers: DemoServers): Record<string, number> {
  return Object.fromEntries(servers.stats().endpoints.map((e) => [e.id, e.requests]));
}

/** `http://127.0.0.1:<port>` with nothing listening (connections are refused). */
export async function refusingAddress(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** Listens on 127.0.0.1 (any port) and keeps the sockets, so `close` ends them instead of waiting on keep-alive. */
export async function listenTracked(server: Server | HttpServer): Promise<{ address: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that answers each connection's first bytes with `reply` (a raw, possibly broken, HTTP reply). */
export function rawServer(reply: (socket: Socket) => void): Promise<{ address: string; close(): Promise<void> }> {
  return listenTracked(createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => reply(socket));
  }));
}

/** A TCP server that reads a request and destroys the socket: every request ends in a reset. */
export function resettingServer(): Promise<{ address: string; close(): Promise<void> }> {
  return rawServer((socket) => socket.resetAndDestroy());
}
