/** `rpc-balancer serve-demo`: the embedded demo pool on 127.0.0.1, its pool file on stdout, until Ctrl-C. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { DemoTransport } from '../../demo';
import { UsageError } from '../exit-codes';
import { startDemo } from '../demo-servers';
import { action, MAX_SEED, numberFlag, portFlag, writeJson } from '../shared';

interface Flags {
  transport: string;
  write?: string;
  seed?: string;
  controlPort?: string;
}

export function registerServeDemo(program: Command): void {
  program
    .command('serve-demo')
    .description('start the demo pool (5 endpoints of different speed and weight) and print its pool file')
    .option('--transport <t>', 'http, jsonrpc or grpc', 'http')
    .option('--write <file>', 'also write the pool file there (for run --pool FILE in another terminal)')
    .option('--seed <n>', `seeds the servers' latencies and errors (0 to ${MAX_SEED})`, '1')
    .option('--control-port <port>', 'port of the fault control server, 1 to 65535 (default 0: any free port)')
    .addHelpText('after', '\nFaults: POST {"endpoint": "s2", "action": "slow", "value": 10} to the pool\'s "control" address + /faults, or pass --scenario FILE to run.')
    .action(action(async (flags: Flags) => {
      if (!['http', 'jsonrpc', 'grpc'].includes(flags.transport)) throw new UsageError(`--transport: expected http, jsonrpc or grpc, got ${JSON.stringify(flags.transport)}`);
      const protoPath = flags.write && flags.transport === 'grpc' ? resolve(flags.write.replace(/\.json$/, '') + '.proto') : undefined;
      const { servers, pool } = await startDemo(flags.transport as DemoTransport, {
        seed: numberFlag(flags.seed, '--seed', { integer: true, max: MAX_SEED }),
        protoPath,
        controlPort: portFlag(flags.controlPort, '--control-port'),
      });
      console.log(JSON.stringify(pool, null, 2));
      if (flags.write) {
        await writeJson(flags.write, pool);
        console.error(`wrote ${flags.write}`);
      }
      console.error(`demo servers on ${servers.endpoints.map((e) => e.address).join(', ')}; control ${servers.control}. Ctrl-C stops them.`);
      await new Promise<void>((done) => {
        const stop = () => done();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await servers.close();
    }));
}
