/**
 * The pieces a membership change goes through, against the demo servers and a real etcd: the
 * per-address transport lanes (a removed endpoint's requests in flight finish, then its
 * connections close) and `rpc-balancer run` on an etcd pool (members listed before the run, the
 * change in the printed events).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemberTransport } from '../../src/loadtest/membership';
import { parsePool } from '../../src/pools/parse';
import { ROOT } from '../helpers/cli';
import { startEtcd, waitUntil } from '../helpers/etcd';
import { demo, servedCounts } from '../helpers/loadtest-servers';
import { waitFor } from '../helpers/wait';

describe('discovery: membership changes in a run', function () {
  this.timeout(20_000);

  it('MemberTransport: a removed endpoint finishes its request in flight, then its lane closes; a new one opens at once', async () => {
    const { servers } = await demo([{ id: 'slow', medianMs: 300, p99Ms: 300 }, { id: 'b', medianMs: 1 }]);
    const [slow, b] = servers.endpoints.map((e) => ({ id: e.id, address: e.address, weight: 1 }));
    const pool = parsePool({ name: 'p', transport: 'http', endpoints: [slow] });
    const t = await MemberTransport.create(pool, { connections: 2, timeoutMs: 5000, baseDir: ROOT }, [slow]);
    try {
      const inFlight = t.call(slow, { seq: 1 });
      // Remove it while the server is serving that request (300 ms): a condition, not a time.
      await waitFor('the slow server to be serving the request', () => servers.stats().endpoints.find((e) => e.id === 'slow')!.busy === 1);
      t.sync([b]);
      assert.deepEqual(t.openAddresses().sort(), [slow.address, b.address].sort(), 'the slow lane closed under its request');
      assert.equal((await inFlight).ok, true);
      assert.deepEqual(t.openAddresses(), [b.address]);
      assert.equal((await t.call(b, { seq: 2 })).ok, true);
      // brought back before its last request ended: the same lane stays
      const again = t.call(b, { seq: 3 });
      t.sync([]);
      t.sync([b]);
      assert.equal((await again).ok, true);
      assert.deepEqual(t.openAddresses(), [b.address]);
      assert.deepEqual(servedCounts(servers), { slow: 1, b: 2 });
    } finally {
      await t.close();
      await servers.close();
    }
  });

  it('MemberTransport hands a CallControl on: a cancelled call is "cancelled" and the 2 s server sends no reply', async () => {
    const { servers } = await demo([{ id: 'slow', medianMs: 2000, p99Ms: 2000 }]);
    const [slow] = servers.endpoints.map((e) => ({ id: e.id, address: e.address, weight: 1 }));
    const pool = parsePool({ name: 'p', transport: 'http', endpoints: [slow] });
    const t = await MemberTransport.create(pool, { connections: 2, timeoutMs: 5000, baseDir: ROOT }, [slow]);
    try {
      const control: { cancel?: () => void } = {};
      const call = t.call(slow, { seq: 1 }, control);
      assert.equal(typeof control.cancel, 'function', 'the lane was open, so its transport set cancel before call returned');
      await waitFor('the slow server to be serving the request', () => servers.stats().endpoints[0].busy === 1);
      control.cancel!();
      assert.deepEqual(await call, { ok: false, errorKind: 'cancelled' });
      await waitFor('the server to see the exchange end', () => servers.stats().endpoints[0].busy === 0);
      assert.deepEqual(servedCounts(servers), { slow: 0 });
    } finally {
      await t.close();
      await servers.close();
    }
  });

  it('rpc-balancer run on an etcd pool prints the members and their source, then the change among the events', async () => {
    const etcd = await startEtcd();
    const { servers } = await demo([{ id: 's1', medianMs: 1 }, { id: 's2', medianMs: 1 }]);
    const dir = mkdtempSync(join(tmpdir(), 'rpcb-discovery-cli-'));
    try {
      await etcd.put('/services/orders/s1', { address: servers.endpoints[0].address, weight: 2, zone: 'a' });
      const file = join(dir, 'pool.json');
      writeFileSync(file, JSON.stringify({ name: 'orders', transport: 'http', discovery: { type: 'etcd', endpoints: [etcd.url], prefix: '/services/orders/' } }));
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'run', '--pool', file, '--duration', '2s', '--concurrency', '2'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = new Promise<number | null>((resolve) => child.on('close', resolve));
      // The member lines come before the run starts; join s2 once they are out.
      await waitUntil(async () => stdout.includes('members of orders:'), 10_000, () => `no member list: ${stdout}${stderr}`);
      // ...and the run is sending (so the watch is up).
      await waitFor('the run to reach s1', () => servedCounts(servers).s1 > 0);
      await etcd.put('/services/orders/s2', { address: servers.endpoints[1].address });
      assert.equal(await code, 0, stderr);
      clearTimeout(killer);
      assert.match(stdout, new RegExp(`members of orders:\\n  s1 ${servers.endpoints[0].address} weight 2 zone a \\(etcd /services/orders/s1\\)\\n`));
      assert.match(stdout, /events:\n\s+\S+\s+added\s+s2 {2}\(http:\/\/127\.0\.0\.1:\d+ weight 1 via etcd \/services\/orders\/s2\)/);
      assert.ok(servedCounts(servers).s2 > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await servers.close();
      await etcd.stop();
    }
  });
});
