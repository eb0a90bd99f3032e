/** `rpc-balancer strategies`: every strategy with its one-line summary and options. */
import type { Command } from 'commander';
import { strategies } from '../../engine/registry';
import { action } from '../shared';

export function registerStrategies(program: Command): void {
  program
    .command('strategies')
    .description('list the balancing strategies, what each does, and its options with defaults')
    .action(action(async () => {
      const width = Math.max(...strategies.map((s) => s.name.length));
      for (const s of strategies) {
        console.log(`${s.name.padEnd(width)}  ${s.summary}`);
        for (const o of s.options) console.log(`${''.padEnd(width)}    --strategy-option ${o.name}=${JSON.stringify(o.default)}  ${o.description}`);
      }
    }));
}
