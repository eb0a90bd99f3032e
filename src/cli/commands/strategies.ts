/**
 * `rpc-balancer strategies`: every strategy with its one-line summary and options, then the
 * pool-shape wrappers any strategy can have (engine/priority-options.ts `poolShapeOptionInfo`),
 * named as a pool file writes them (slow start's window is a duration there, `windowMs` in the
 * engine).
 */
import type { Command } from 'commander';
import { poolShapeOptionInfo } from '../../engine/priority-options';
import { strategies } from '../../engine/registry';
import { SLOW_START_STRATEGIES } from '../../engine/slow-start';
import { action } from '../shared';

/** Lines of the pool-shape section, `name=default  description`, for the pool file. */
function poolShapeLines(): string[] {
  const lines = ['pool-shape options (pool file or run config, beside strategy and outlierDetection; any strategy):'];
  lines.push('    endpoints[].priority=0  Priority level, 0 the highest; traffic spills down as Envoy\'s priority load (DNS SRV priority fills it).');
  for (const o of poolShapeOptionInfo.options) lines.push(`    ${o.name}=${JSON.stringify(o.default)}  ${o.description}`);
  lines.push('    localityWeights (unset: none)  Weights of the endpoints\' zones ({ "eu-1": 1, "eu-2": 2 }): a zone by weight x min(1, factor x healthy share).');
  lines.push(`    slowStart (off unless given; ${SLOW_START_STRATEGIES.join(', ')}):`);
  for (const o of poolShapeOptionInfo.slowStart) {
    const pair = o.name === 'windowMs' ? 'window (required)' : `${o.name}=${JSON.stringify(o.default)}`;
    const description = o.name === 'windowMs' ? 'How long a joining endpoint ramps up, a duration like "30s".' : o.description;
    lines.push(`      slowStart.${pair}  ${description}`);
  }
  lines.push('  as flags of run, simulate and compare: --overprovisioning 1.4, --locality-weights eu-1=1,eu-2=2, --panic-threshold 50,');
  lines.push('    --slow-start 30s[:aggression[:minWeightPercent]]');
  return lines;
}

export function registerStrategies(program: Command): void {
  program
    .command('strategies')
    .description('list the balancing strategies, what each does, and its options with defaults; then the pool-shape options')
    .action(action(async () => {
      const width = Math.max(...strategies.map((s) => s.name.length));
      for (const s of strategies) {
        console.log(`${s.name.padEnd(width)}  ${s.summary}`);
        for (const o of s.options) console.log(`${''.padEnd(width)}    --strategy-option ${o.name}=${JSON.stringify(o.default)}  ${o.description}`);
      }
      console.log('');
      for (const line of poolShapeLines()) console.log(line);
      console.log('');
      console.log('load shapes (run, simulate, compare; any strategy): --rate R | --stage D:R (repeatable: ramp to R req/s over D, D:R:step holds R),');
      console.log('    --concurrency C | --caller-stage D:C (ramp to C callers over D); in a config, load.stages [{ "duration": "30s", "target": 2000 }].');
    }));
}
