/**
 * Starts Debian's dnsmasq (`/usr/sbin/dnsmasq`) on 127.0.0.1:<free port>, serving only the SRV
 * records given (`--srv-host`), nothing from the host (no resolv.conf, no /etc/hosts, no config
 * file). dnsmasq re-reads only hosts-style files on SIGHUP, never `--srv-host`, so `setRecords`
 * restarts it on the same port. Ready when a query for the first record's name is answered.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { waitUntil } from './etcd';
import { freePort } from './nginx';

export const DNSMASQ_BIN = '/usr/sbin/dnsmasq';

export interface SrvRecord {
  /** `_http._tcp.orders.test` */
  name: string;
  target: string;
  port: number;
  priority?: number;
  weight?: number;
}

export interface DnsmasqHandle {
  /** `127.0.0.1:<port>`, for a pool's `discovery.server`. */
  server: string;
  pid(): number;
  /** Replaces every record (restarts dnsmasq on the same port). */
  setRecords(records: SrvRecord[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startDnsmasq(records: SrvRecord[]): Promise<DnsmasqHandle> {
  if (!existsSync(DNSMASQ_BIN)) throw new Error(`${DNSMASQ_BIN} not found: install Debian's dnsmasq (scripts/ensure-test-deps.sh)`);
  const port = await freePort();
  const server = `127.0.0.1:${port}`;
  let current = await launch(port, records);
  return {
    server,
    pid: () => current.child.pid ?? -1,
    async setRecords(next) {
      await current.stop();
      current = await launch(port, next);
    },
    stop: () => current.stop(),
  };
}

async function launch(port: number, records: SrvRecord[]): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const args = [
    `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts',
    '--conf-file=/dev/null', '--keep-in-foreground', '--pid-file=', '--log-facility=-',
    ...records.map((r) => `--srv-host=${r.name},${r.target},${r.port},${r.priority ?? 0},${r.weight ?? 0}`),
  ];
  const child = spawn(DNSMASQ_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const name = records[0]?.name ?? '_probe._tcp.test';
  try {
    // Any answer (records, or a refusal for an unknown name) means dnsmasq is serving.
    await waitUntil(async () => resolver.resolveSrv(name).then(() => true, (e: NodeJS.ErrnoException) => e.code !== 'ETIMEOUT' && e.code !== 'ECONNREFUSED'), 5000, () => `dnsmasq did not answer on 127.0.0.1:${port}: ${stderr}`, exited);
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, stop };
}
