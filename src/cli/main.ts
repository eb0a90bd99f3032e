/** The `rpc-balancer` command: the same runs as the VS Code extension, headless, for CI and servers. */
import { Command } from 'commander';
import { version } from '../../package.json';
import { registerCapacity } from './commands/capacity';
import { registerCompare } from './commands/compare';
import { registerDemo } from './commands/demo';
import { registerMerge } from './commands/merge';
import { registerExportConfig } from './commands/export-config';
import { registerReport } from './commands/report';
import { registerRing } from './commands/ring';
import { registerRun } from './commands/run';
import { registerServeDemo } from './commands/serve-demo';
import { registerSimulate } from './commands/simulate';
import { registerStrategies } from './commands/strategies';
import { poolShapeOptions } from './pool-shape-flags';

export function buildProgram(): Command {
  const program = new Command('rpc-balancer')
    .description('Try client-side load-balancing strategies on a pool of RPC endpoints: load tests, seeded simulations, per-server pictures.')
    .version(version)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride((err) => {
      // commander's own usage errors are bad input (2); --help and --version exit 0.
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  registerDemo(program);
  registerRun(program);
  registerSimulate(program);
  registerCompare(program);
  registerCapacity(program);
  registerRing(program);
  registerServeDemo(program);
  registerReport(program);
  registerMerge(program);
  registerStrategies(program);
  // The pool-shape wrappers' flags, alike on the commands that balance a pool.
  for (const name of ['run', 'simulate', 'compare']) poolShapeOptions(program.commands.find((c) => c.name() === name)!);
  registerExportConfig(program);
  return program;
}

if (require.main === module) {
  buildProgram().parseAsync(process.argv).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
