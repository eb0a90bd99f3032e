/**
 * Starts Debian's nginx (`/usr/sbin/nginx`) as a real HTTP backend on 127.0.0.1, with every file
 * it writes (pid, error log, each *_temp_path) in a temp dir, `daemon off`, access log off.
 * Each port answers `return 200 "ok"` on every path, plus `/status/404`, `/status/500` and `/status/503` answering that code.
 * `http2` makes each port HTTP/2 (`listen ... http2`: h2c with prior knowledge, HTTP/1.1 refused);
 * `tls` makes it https (ALPN offers h2 and http/1.1 with `http2`, only http/1.1 without).
 * Debian 12's nginx is 1.22: `listen ... http2`, not 1.25's `http2 on;`.
 * When nginx is missing this throws, so a test fails with the remedy instead of skipping.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX_BIN = '/usr/sbin/nginx';

export interface NginxOptions {
  /** Ports (server blocks) to listen on, default 1. */
  ports?: number;
  /** nginx worker processes, default 1. */
  workers?: number;
  /** More config inside `http { }` (an exported upstream and server), and the ports it listens on, waited for too. */
  extra?: { http: string; ports: number[] };
  /** Every port speaks HTTP/2 (see above). */
  http2?: boolean;
  /** Every port speaks TLS with this certificate and key (PEM files). */
  tls?: { certFile: string; keyFile: string };
}

export interface NginxHandle {
  /** `http://127.0.0.1:<port>` (`https://` with `tls`), one per port. */
  urls: string[];
  url: string;
  ports: number[];
  pid: number;
  stop(): Promise<void>;
}

export async function startNginx(options: NginxOptions = {}): Promise<NginxHandle> {
  if (!existsSync(NGINX_BIN)) {
    throw new Error(`${NGINX_BIN} not found: install Debian's nginx (apt-get install -y nginx) to run the nginx tests and benches`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'rpcb-nginx-'));
  const ports = await freePorts(options.ports ?? 1);
  writeFileSync(join(dir, 'nginx.conf'), config(dir, ports, options.workers ?? 1, options.extra?.http ?? '', options));
  const child = spawn(NGINX_BIN, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await Promise.race([
      Promise.all([...ports, ...(options.extra?.ports ?? [])].map((p) => waitForPort(p, 5000))),
      exited.then((code) => {
        throw new Error(`nginx exited (${code}) before listening: ${stderr}${readLog(dir)}`);
      }),
    ]);
  } catch (err) {
    await kill(child, exited);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const urls = ports.map((p) => `${options.tls ? 'https' : 'http'}://127.0.0.1:${p}`);
  return {
    urls,
    url: urls[0],
    ports,
    pid: child.pid ?? -1,
    async stop() {
      await kill(child, exited);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function config(dir: string, ports: number[], workers: number, extra: string, wire: NginxOptions): string {
  const flags = `${wire.tls ? ' ssl' : ''}${wire.http2 ? ' http2' : ''}`;
  const tls = wire.tls ? `\n      ssl_certificate ${wire.tls.certFile};\n      ssl_certificate_key ${wire.tls.keyFile};` : '';
  const servers = ports
    .map(
      (port) => `
    server {
      listen 127.0.0.1:${port}${flags} reuseport backlog=4096;${tls}
      location = /status/404 { return 404 "not found"; }
      location = /status/500 { return 500 "error"; }
      location = /status/503 { return 503 "unavailable"; }
      location / { return 200 "ok"; }
    }`,
    )
    .join('\n');
  return `daemon off;
worker_processes ${workers};
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  keepalive_requests 100000000;
  keepalive_timeout 75s;
  default_type text/plain;
${servers}
${extra}
}
`;
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'error.log'), 'utf8');
  } catch {
    return '';
  }
}

async function kill(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGQUIT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/** A port the kernel just handed out on 127.0.0.1 (closed again so nginx can take it). */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}

/** `n` distinct ports: all are held open together, so the kernel cannot hand one out twice. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<Server>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => resolve(srv));
    })),
  );
  const ports = servers.map((srv) => (srv.address() as AddressInfo).port);
  await Promise.all(servers.map((srv) => new Promise<void>((resolve) => srv.close(() => resolve()))));
  return ports;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nginx did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
