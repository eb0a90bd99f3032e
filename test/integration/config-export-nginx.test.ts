/**
 * The nginx export run by Debian's nginx (/usr/sbin/nginx) in front of the demo HTTP servers on
 * 127.0.0.1: requests sent through it show the balancing (per-server counts from the servers'
 * own stats) and proxy_next_upstream's retries (a server failing every request costs callers
 * nothing). Fails, not skips, when nginx is missing.
 */
import assert from 'node:assert/strict';
import { exportConfig, type Variant } from '../../src/config-export';
import { startDemoServers, type DemoServers } from '../../src/demo/index';
import { parsePool } from '../../src/pools/parse';
import { freePort, startNginx, type NginxHandle } from '../helpers/nginx';

const FAST = { medianMs: 1, p99Ms: 3, concurrency: 64 };

describe('config export: nginx in front of the demo servers', function () {
  this.timeout(60_000);
  let servers: DemoServers | undefined;
  let nginx: NginxHandle | undefined;
  afterEach(async () => {
    await nginx?.stop();
    nginx = undefined;
    await servers?.close();
    servers = undefined;
  });

  /** Starts demo servers and nginx with the variant's export; returns the proxy's URL and the notes. */
  async function through(specs: object[], variant: Variant): Promise<{ url: string; notes: string[]; text: string }> {
    servers = await startDemoServers({ transport: 'http', seed: 3, endpoints: specs.map((spec, i) => ({ id: `s${i}`, ...FAST, ...spec })) });
    const port = await freePort();
    const { text, notes } = exportConfig(parsePool(servers.pool('http')), variant, 'nginx', { listen: `127.0.0.1:${port}` });
    nginx = await startNginx({ ports: 0, extra: { http: text, ports: [port] } });
    return { url: `http://127.0.0.1:${port}/`, notes, text };
  }
  /** `n` requests one after another; the statuses in order. */
  async function send(url: string, n: number, headers: (i: number) => Record<string, string> = () => ({})): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', ...headers(i) } });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    return statuses;
  }
  const stats = () => Object.fromEntries(servers!.stats().endpoints.map((e) => [e.id, e]));

  it('round robin with proxy_next_upstream http_500: 90 requests all succeed over a server failing every one, each of its attempts retried once', async () => {
    const variant: Variant = {
      name: 'rr-retry', strategy: 'round-robin',
      policy: { retry: { maxAttempts: 3, initialBackoffMs: 25, maxBackoffMs: 1000, backoffMultiplier: 2, retryOn: ['refused', 'http_500'], otherEndpoint: true, honorPushback: true } },
    };
    const { url, text } = await through([{}, { errorRate: 1 }, {}], variant);
    assert.match(text, /proxy_next_upstream error http_500 non_idempotent;/);
    assert.match(text, /proxy_next_upstream_tries 3;/);
    const statuses = await send(url, 90);
    assert.deepEqual(statuses.filter((s) => s !== 200), [], 'every request succeeded through nginx');
    const st = stats();
    // nginx's round robin gives s1 a third of first attempts (exact with one worker and max_fails=0).
    assert.equal(st.s1.requests, 30, `s1 received ${st.s1.requests}`);
    assert.equal(st.s1.ok, 0);
    assert.equal(st.s0.ok + st.s2.ok, 90);
    assert.equal(st.s0.requests + st.s2.requests, 90, 'no request sent twice to a healthy server');
  });

  it('weights 3:1:1: nginx sends 60/20/20 of 100 requests', async () => {
    const { url } = await through([{ weight: 3 }, {}, {}], { name: 'wrr', strategy: 'weighted-round-robin' });
    assert.deepEqual((await send(url, 100)).filter((s) => s !== 200), []);
    const st = stats();
    assert.deepEqual([st.s0.requests, st.s1.requests, st.s2.requests], [60, 20, 20]);
  });

  it('consistent-hash as hash $http_x_hash_key consistent: each key stays on one server, and 40 keys over 3 servers use at least 2', async () => {
    const { url, text } = await through([{}, {}, {}], { name: 'ring', strategy: 'consistent-hash' });
    assert.match(text, /hash \$http_x_hash_key consistent;/);
    const owners = new Map<string, Set<string>>();
    // nginx hashes the servers' addresses, whose ports change from run to run: with 6 keys all could
    // land on one server (CI saw it); 40 keys on one of 3 ketama shares is out of reach.
    for (const key of Array.from({ length: 40 }, (_, i) => `user-${i + 1}`)) {
      servers!.resetStats();
      assert.deepEqual((await send(url, 3, () => ({ 'x-hash-key': key }))).filter((s) => s !== 200), []);
      owners.set(key, new Set(Object.values(stats()).filter((e) => e.requests > 0).map((e) => e.id)));
    }
    for (const [key, set] of owners) assert.equal(set.size, 1, `${key} went to ${[...set]}`);
    assert.ok(new Set([...owners.values()].map((s) => [...s][0])).size >= 2, 'keys spread over servers');
  });

  it('p2c-peak-ewma is named in the notes with its nearest equivalent, and nginx runs it', async () => {
    const { url, notes, text } = await through([{}, {}], { name: 'ewma', strategy: 'p2c-peak-ewma' });
    assert.ok(notes.includes('p2c-peak-ewma cannot be expressed in open-source nginx: nearest used, random two least_conn'), notes.join('\n'));
    assert.match(text, /random two least_conn;/);
    assert.deepEqual((await send(url, 20)).filter((s) => s !== 200), []);
    const st = stats();
    assert.equal(st.s0.requests + st.s1.requests, 20);
  });
});
