/**
 * Request data live: rows fill the body's placeholders and the hash key, seen from the servers'
 * side. Two small node:http servers on 127.0.0.1 record every body they receive (the demo servers
 * do not keep bodies); in sequential order each row must arrive exactly once, with one worker
 * thread and with three, and the hash key must send every row of a user to one server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoadTest } from '../../src/loadtest';
import { parsePool } from '../../src/pools/parse';
import { assertValidRunResult } from '../../src/result/validate';

const ROWS = 300;

interface Recorder {
  server: Server;
  address: string;
  bodies: string[];
  paths: string[];
}

async function recorder(): Promise<Recorder> {
  const bodies: string[] = [];
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, address: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, paths };
}

describe('request data against live servers', function () {
  this.timeout(60_000);
  let dir: string;
  let servers: Recorder[];
  const users = Array.from({ length: ROWS }, (_, i) => `user-${i % 25}`);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpc-balancer-live-data-'));
    // Quoted fields with a comma and a doubled quote travel as the JSON string they decode to.
    const lines = users.map((u, i) => `${i},${u},"note ${i}, ""quoted"""`);
    writeFileSync(join(dir, 'rows.csv'), ['id,user,note', ...lines].join('\n') + '\n');
    servers = [await recorder(), await recorder()];
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all(servers.map((s) => new Promise((resolve) => s.server.close(resolve))));
  });

  for (const workers of [1, 3]) {
    it(`sequential, ${workers} worker${workers > 1 ? 's' : ''}: every row sent once, placeholders filled, one server per user`, async () => {
      servers.forEach((s) => (s.bodies.length = s.paths.length = 0));
      const pool = parsePool(
        {
          name: 'rows',
          transport: 'http',
          strategy: 'consistent-hash',
          endpoints: servers.map((s, i) => ({ id: `s${i}`, address: s.address })),
          request: { method: 'POST', path: '/u/{user}?note={note}&id={id}', body: { id: '{id}', user: '{user}', note: '{note}', seq: '{seq}' } },
          key: { field: 'user' },
          requests: { file: 'rows.csv', order: 'sequential' },
        },
        { baseDir: dir },
      );
      const result = await runLoadTest({ pool, load: { model: 'closed', concurrency: 6 }, durationMs: 30_000, workers, seed: 5 });
      assertValidRunResult(result);
      assert.equal(result.status, 'completed');
      assert.equal(result.totals.requests, ROWS, 'the rows bound the run');
      assert.ok((result.config.notes as string[] | undefined)?.some((n) => n.includes('sequential order: sending stops when the rows run out')));
      const received = servers.flatMap((s, i) => s.bodies.map((b) => ({ server: i, body: JSON.parse(b) as Record<string, string> })));
      assert.equal(received.length, ROWS);
      assert.deepEqual(received.map((r) => Number(r.body.id)).sort((a, b) => a - b), Array.from({ length: ROWS }, (_, i) => i), 'each row once');
      for (const { body } of received) {
        assert.equal(body.user, users[Number(body.id)]);
        assert.equal(body.note, `note ${body.id}, "quoted"`);
      }
      for (const s of servers) {
        assert.equal(s.paths.length, s.bodies.length);
        s.paths.forEach((p, i) => {
          const body = JSON.parse(s.bodies[i]) as Record<string, string>;
          const url = new URL(p, 'http://x');
          assert.equal(url.pathname, `/u/${body.user}`);
          assert.equal(url.searchParams.get('note'), body.note, 'a path cell is percent-encoded');
          assert.equal(url.searchParams.get('id'), body.id, 'path and body come from the same row');
        });
      }
      const serverOf = new Map<string, Set<number>>();
      for (const { server, body } of received) serverOf.set(body.user, (serverOf.get(body.user) ?? new Set()).add(server));
      for (const [user, set] of serverOf) assert.equal(set.size, 1, `${user} went to servers ${[...set].join(', ')}`);
      assert.ok(servers.every((s) => s.bodies.length > 0), 'the key spreads users over both servers');
      assert.deepEqual(result.endpoints.map((e) => e.requests), servers.map((s) => s.bodies.length));
    });
  }
});
