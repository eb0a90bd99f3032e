/**
 * The few etcd v3 calls discovery needs, over etcd's JSON gateway (same port as gRPC; keys and
 * values base64, 64-bit numbers as strings), so no gRPC dependency: `range` over a prefix and a
 * streaming `watch` from a revision. Tried in order of `endpoints`; the first that answers wins.
 */
import { request } from 'undici';

export interface EtcdKv {
  key: string;
  value: string;
  modRevision: number;
}

export interface EtcdEvent {
  type: 'PUT' | 'DELETE';
  kv: EtcdKv;
}

export interface WatchHandlers {
  /** The watch is in place (etcd answered `created`). */
  created(): void;
  events(events: EtcdEvent[]): void;
}

/** How a watch stream ended without an error: etcd compacted the start revision away. */
export interface WatchEnd {
  compacted: boolean;
}

interface RawKv {
  key?: string;
  value?: string;
  mod_revision?: string;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string | undefined): string => Buffer.from(s ?? '', 'base64').toString('utf8');
const kvOf = (raw: RawKv): EtcdKv => ({ key: unb64(raw.key), value: unb64(raw.value), modRevision: Number(raw.mod_revision ?? 0) });

/** The range end that selects every key starting with `prefix` (etcd's own "prefix" rule). */
export function prefixEnd(prefix: string): string {
  const bytes = Buffer.from(prefix, 'utf8');
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] < 0xff) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i]++;
      return end.toString('base64');
    }
  }
  return Buffer.from([0]).toString('base64'); // every key
}

export class EtcdClient {
  /** Index of the endpoint that answered last: tried first next time. */
  private current = 0;

  constructor(
    private readonly endpoints: readonly string[],
    private readonly timeoutMs = 2000,
  ) {}

  /** Every key under `prefix` and the store's revision at that moment. */
  async range(prefix: string): Promise<{ revision: number; kvs: EtcdKv[] }> {
    const body = await this.post('/v3/kv/range', { key: b64(prefix), range_end: prefixEnd(prefix) });
    const res = body as { header?: { revision?: string }; kvs?: RawKv[] };
    return { revision: Number(res.header?.revision ?? 0), kvs: (res.kvs ?? []).map(kvOf) };
  }

  /**
   * Watches `prefix` from `startRevision` until the stream ends (resolves), fails (rejects) or
   * `signal` aborts (rejects with the abort). Uses the endpoint that answered last.
   */
  async watch(prefix: string, startRevision: number, on: WatchHandlers, signal: AbortSignal): Promise<WatchEnd> {
    const url = this.base() + '/v3/watch';
    const payload = JSON.stringify({ create_request: { key: b64(prefix), range_end: prefixEnd(prefix), start_revision: String(startRevision) } });
    // No body timeout: a quiet watch is a healthy one. A dead server closes the socket.
    const res = await request(url, { method: 'POST', body: payload, signal, headersTimeout: this.timeoutMs, bodyTimeout: 0 });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`etcd ${url}: HTTP ${res.statusCode}`);
    }
    let buffered = '';
    for await (const chunk of res.body) {
      buffered += (chunk as Buffer).toString('utf8');
      // The gateway writes one JSON message per line.
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        const msg = JSON.parse(line) as { result?: { created?: boolean; canceled?: boolean; compact_revision?: string; events?: { type?: string; kv?: RawKv }[] }; error?: { message?: string } };
        if (msg.error) throw new Error(`etcd watch: ${msg.error.message ?? 'error'}`);
        const r = msg.result ?? {};
        // Leaving the for-await loop destroys the stream, which ends the watch on etcd's side.
        if (Number(r.compact_revision ?? 0) > 0) return { compacted: true };
        if (r.canceled) throw new Error('etcd watch: canceled by the server');
        if (r.created) on.created();
        if (r.events?.length) on.events(r.events.map((e) => ({ type: e.type === 'DELETE' ? 'DELETE' : 'PUT', kv: kvOf(e.kv ?? {}) })));
      }
    }
    return { compacted: false };
  }

  describe(): string {
    return this.endpoints.join(',');
  }

  private base(): string {
    return this.endpoints[this.current].replace(/\/$/, '');
  }

  /** A unary gateway call, trying each endpoint once, starting with the last good one. */
  private async post(path: string, json: unknown): Promise<unknown> {
    let lastError: Error | undefined;
    for (let i = 0; i < this.endpoints.length; i++) {
      const index = (this.current + i) % this.endpoints.length;
      const url = this.endpoints[index].replace(/\/$/, '') + path;
      try {
        const res = await request(url, { method: 'POST', body: JSON.stringify(json), headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs });
        const text = await res.body.text();
        if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
        this.current = index;
        return JSON.parse(text);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        lastError = new Error(`etcd ${url}: ${e.code ?? e.message}`);
      }
    }
    throw lastError!;
  }
}
