/**
 * Starts Debian's etcd (`/usr/bin/etcd`, API v3, JSON gateway on the client port) on 127.0.0.1
 * with ephemeral client and peer ports and a temp data dir; ready when `/version` answers
 * (well under a second). Writes go through the gateway with plain fetch, not through the code
 * under test. When etcd is missing this throws with the remedy, so a test fails instead of skipping.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './nginx';

export const ETCD_BIN = '/usr/bin/etcd';

export interface EtcdHandle {
  /** `http://127.0.0.1:<client port>` */
  url: string;
  pid: number;
  put(key: string, value: unknown): Promise<number>;
  del(key: string): Promise<void>;
  /** Compacts history up to the current revision; returns it. */
  compact(): Promise<number>;
  /** SIGKILL, as a crash would; the data dir stays until stop(). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

export async function startEtcd(): Promise<EtcdHandle> {
  if (!existsSync(ETCD_BIN)) throw new Error(`${ETCD_BIN} not found: install Debian's etcd-server (scripts/ensure-test-deps.sh)`);
  const dir = mkdtempSync(join(tmpdir(), 'rpcb-etcd-'));
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const child = spawn(ETCD_BIN, [
    '--name', 'test', '--data-dir', join(dir, 'data'),
    '--listen-client-urls', url, '--advertise-client-urls', url,
    '--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl,
    '--initial-cluster', `test=${peerUrl}`, '--log-level', 'error', '--logger', 'zap',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const call = async (path: string, body: unknown): Promise<{ header?: { revision?: string } }> => {
    const res = await fetch(url + path, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`etcd ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as { header?: { revision?: string } };
  };
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  try {
    await waitUntil(async () => (await fetch(`${url}/version`)).ok, 5000, () => `etcd did not answer on ${url}: ${stderr}`, exited);
  } catch (err) {
    await kill();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    pid: child.pid ?? -1,
    async put(key, value) {
      const res = await call('/v3/kv/put', { key: b64(key), value: b64(typeof value === 'string' ? value : JSON.stringify(value)) });
      return Number(res.header?.revision);
    },
    async del(key) {
      await call('/v3/kv/deleterange', { key: b64(key) });
    },
    async compact() {
      const rev = Number((await call('/v3/kv/range', { key: b64('\0') })).header?.revision);
      await call('/v3/kv/compaction', { revision: String(rev), physical: true });
      return rev;
    },
    kill,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `ok` every 20 ms until it answers true, for at most `timeoutMs`; fails early if the process exits. */
export async function waitUntil(ok: () => Promise<boolean>, timeoutMs: number, why: () => string, exited?: Promise<void>): Promise<void> {
  let dead = false;
  void exited?.then(() => (dead = true));
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !dead) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(dead ? `exited early: ${why()}` : why());
}
