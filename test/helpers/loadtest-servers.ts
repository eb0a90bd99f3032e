/**
 * Test fixtures for the load-test runner: demo pools as PoolConfig, and raw TCP servers that
 * misbehave (refuse, reset every connection) the way real servers do.
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
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

/** A TCP server that reads a request and destroys the socket: every request ends in a reset. */
export async function resettingServer(): Promise<{ address: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => socket.resetAndDestroy());
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    address: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
