/** `rpc-balancer serve-demo`: the embedded demo pool on 127.0.0.1, its pool file on stdout, until Ctrl-C. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { DemoTransport } from '../../demo';
import { UsageError } from '../exit-codes';
import { startDemo } from '../demo-servers';
import { describeWireSet, startWireSets, wirePoolFile, type DemoWireName } from '../demo-wires';
import { action, MAX_SEED, numberFlag, portFlag, writeJson } from '../shared';

interface Flags {
  transport: string;
  write?: string;
  seed?: string;
  controlPort?: string;
  h2c?: boolean;
  h2?: boolean;
}

export function registerServeDemo(program: Command): void {
  program
    .command('serve-demo')
    .description('start the demo pool (5 endpoints of different speed and weight) and print its pool file')
    .option('--transport <t>', 'http, jsonrpc or grpc', 'http')
    .option('--write <file>', 'also write the pool file there (for run --pool FILE in another terminal)')
    .option('--seed <n>', `seeds the servers' latencies and errors (0 to ${MAX_SEED})`, '1')
    .option('--control-port <port>', 'port of the fault control server, 1 to 65535 (default 0: any free port)')
    .option('--h2c', 'also serve the pool over h2c (HTTP/2 with prior knowledge) on other ports; with --write, its pool file is FILE.h2c.json')
    .option('--h2', 'also serve the pool over TLS with h2 and http/1.1 by ALPN, with a self-signed certificate made by openssl; with --write, FILE.h2.json')
    .addHelpText('after', '\nFaults: POST {"endpoint": "s2", "action": "slow", "value": 10} to the pool\'s "control" address + /faults, or pass --scenario FILE to run.\nEach --h2c/--h2 pool has its own control address; GET it + /pool for its pool file.')
    .action(action(async (flags: Flags) => {
      if (!['http', 'jsonrpc', 'grpc'].includes(flags.transport)) throw new UsageError(`--transport: expected http, jsonrpc or grpc, got ${JSON.stringify(flags.transport)}`);
      const wires: DemoWireName[] = [...(flags.h2c ? ['h2c' as const] : []), ...(flags.h2 ? ['h2' as const] : [])];
      if (wires.length > 0 && flags.transport === 'grpc') throw new UsageError(`--${wires[0]}: is for the http and jsonrpc demo servers (gRPC is HTTP/2 already)`);
      const seed = numberFlag(flags.seed, '--seed', { integer: true, max: MAX_SEED });
      const protoPath = flags.write && flags.transport === 'grpc' ? resolve(flags.write.replace(/\.json$/, '') + '.proto') : undefined;
      const { servers, pool } = await startDemo(flags.transport as DemoTransport, { seed, protoPath, controlPort: portFlag(flags.controlPort, '--control-port') });
      let extra: Awaited<ReturnType<typeof startWireSets>>;
      try {
        extra = await startWireSets(wires, { seed });
      } catch (e) {
        await servers.close();
        throw e;
      }
      console.log(JSON.stringify(pool, null, 2));
      if (flags.write) {
        // FILE last: whoever waits for it to exist (the README's CI job) finds the h2c and h2 pool files too.
        for (const set of extra.sets) {
          const file = wirePoolFile(flags.write, set.wire);
          await writeJson(file, set.pool);
          console.error(`wrote ${file}`);
        }
        await writeJson(flags.write, pool);
        console.error(`wrote ${flags.write}`);
      }
      console.error(`demo servers on ${servers.endpoints.map((e) => e.address).join(', ')}; control ${servers.control}.`);
      for (const set of extra.sets) console.error(describeWireSet(set));
      console.error('Ctrl-C stops them.');
      await new Promise<void>((done) => {
        const stop = () => done();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await Promise.all([servers.close(), extra.close()]);
    }));
}
