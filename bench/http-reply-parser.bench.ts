/**
 * The lean HTTP client's reply parser (src/loadtest/transports/reply-parser.ts) against
 * http-parser-js (autocannon's parser, the maintained pure-JS one), ns per reply in the same run,
 * each taking what the transport needs of a reply: status, keep-alive, `x-server-load`, the ORCA
 * header, `Retry-After`, and the body counted. Two replies: nginx's `return 200 "ok"` (as the
 * loadtest bench sees it) and a demo server's (load and ORCA headers, a 64-byte JSON body), each
 * parsed back to back on one parser, as a kept-alive connection does. Decides which parser the
 * lean client uses (issue 16); the bar is only that ours is not slower.
 */
import { createRequire } from 'node:module';
import { ReplyParser, type ReplySink } from '../src/loadtest/transports/reply-parser';
import { bar, nsPerOp, printTable, type Bar, type Bench } from './lib';

interface HttpParserInfo {
  statusCode: number;
  headers: string[];
  shouldKeepAlive: boolean;
}
interface HttpParserJs {
  execute(buf: Buffer): number | Error;
  [k: number]: unknown;
}
interface HttpParserCtor {
  new (kind: string): HttpParserJs;
  RESPONSE: string;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
}
const { HTTPParser } = createRequire(__filename)('http-parser-js') as { HTTPParser: HttpParserCtor };

const NGINX = Buffer.from('HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Wed, 02 Dec 2026 04:31:58 GMT\r\nContent-Type: application/octet-stream\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
const DEMO_BODY = `{"jsonrpc":"2.0","id":12345,"result":{"echo":"${'x'.repeat(15)}"}}`;
const DEMO = Buffer.from(
  'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-server-load: 0.4321\r\nendpoint-load-metrics: TEXT cpu_utilization=0.43, rps_fractional=812.5, eps=0\r\n' +
    `Date: Wed, 02 Dec 2026 04:31:58 GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: ${DEMO_BODY.length}\r\n\r\n${DEMO_BODY}`,
);

let sink = 0;

function ours(reply: Buffer): (ops: number) => void {
  const s: ReplySink = {
    onHead: (p) => ((sink += p.status + (p.load ? 1 : 0) + (p.orca ? 1 : 0)), true),
    onBody: (c) => ((sink += c.length), true),
    onComplete: (p) => void (sink += p.keepAlive ? 1 : 0),
  };
  const parser = new ReplyParser(s);
  return (ops) => {
    for (let i = 0; i < ops; i++) {
      parser.reset(false);
      if (parser.execute(reply)) throw new Error('ours: parse error');
    }
  };
}

function httpParserJs(reply: Buffer): (ops: number) => void {
  const parser = new HTTPParser(HTTPParser.RESPONSE);
  parser[HTTPParser.kOnHeadersComplete] = (info: HttpParserInfo): void => {
    let load: string | undefined, orca: string | undefined, retryAfter: string | undefined;
    const h = info.headers;
    for (let i = 0; i < h.length; i += 2) {
      const name = h[i].toLowerCase();
      if (name === 'x-server-load') load = h[i + 1];
      else if (name === 'endpoint-load-metrics') orca ??= h[i + 1];
      else if (name === 'retry-after') retryAfter = h[i + 1];
    }
    sink += info.statusCode + (load ? 1 : 0) + (orca ? 1 : 0) + (retryAfter ? 1 : 0);
  };
  parser[HTTPParser.kOnBody] = (_b: Buffer, _start: number, len: number): void => void (sink += len);
  parser[HTTPParser.kOnMessageComplete] = (): void => void (sink += 1);
  return (ops) => {
    for (let i = 0; i < ops; i++) {
      const r = parser.execute(reply);
      if (r instanceof Error) throw r;
    }
  };
}

export const bench: Bench = {
  name: 'http-reply-parser',
  async run(): Promise<Bar[]> {
    const rows: (string | number)[][] = [];
    const bars: Bar[] = [];
    for (const [name, reply] of [['nginx 200 "ok"', NGINX], ['demo server, load + ORCA, 64 B JSON', DEMO]] as const) {
      const ref = nsPerOp(httpParserJs(reply), 200_000);
      const mine = nsPerOp(ours(reply), 200_000);
      rows.push([name, ref, mine, ref / mine]);
      bars.push(bar(`reply parser vs http-parser-js, ${name} (speedup)`, ref / mine, '>=', 1));
    }
    console.log('ns per reply (median of 7 rounds of 200,000):');
    printTable(['reply', 'http-parser-js', 'reply-parser.ts', 'speedup'], rows);
    if (sink === 42) console.log('');
    return bars;
  },
};
