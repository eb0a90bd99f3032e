/**
 * The server of loadtest-rpc.bench.ts, in its own process so that none of its CPU counts as the
 * clients'. Run as `node --import tsx bench/loadtest-rpc-server.ts jsonrpc|grpc PROTO_FILE`; prints
 * `{"address": ...}` on one line when it listens and exits when its stdin closes.
 * - jsonrpc: a bare node:http server that parses each POSTed JSON-RPC request and answers
 *   `{"jsonrpc":"2.0","id":<its id>,"result":"pong"}`. Not the demo HTTP server: that one adds a
 *   timer per request (its service time) and load headers our transport parses and autocannon
 *   does not, so the clients would not be doing the same work. nginx cannot echo the id, which
 *   our transport checks.
 * - grpc: the demo gRPC server (src/demo), one endpoint with a near-zero service time and room for
 *   every call in flight, so the figure is the clients' and not a queue's.
 */
import { createServer } from 'node:http';
import { startDemoServers, writeDemoProto } from '../src/demo';

async function jsonRpc(): Promise<string> {
  const server = createServer({ keepAlive: true }, (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const { id } = JSON.parse(body) as { id: number };
      const text = '{"jsonrpc":"2.0","id":' + JSON.stringify(id) + ',"result":"pong"}';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function grpc(proto: string): Promise<string> {
  writeDemoProto(proto);
  const servers = await startDemoServers({ transport: 'grpc', endpoints: [{ id: 'g', medianMs: 0.01, p99Ms: 0.02, concurrency: 256 }] });
  return servers.endpoints[0].address;
}

async function main(): Promise<void> {
  const [mode, proto] = [process.argv[2], process.argv[3]];
  const address = mode === 'grpc' ? await grpc(proto) : await jsonRpc();
  process.stdout.write(JSON.stringify({ address }) + '\n');
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
