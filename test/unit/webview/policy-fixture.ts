/**
 * Results under a client policy for the webview tests, simulated from the README's worked example
 * (examples/retry-*.rpcpool.json: five servers failing half their requests), with the CLI's
 * figures: `rpc-balancer simulate --pool examples/retry-budget.rpcpool.json --rate 1000
 * --duration 20s --seed 1` gives the same result.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePool } from '../../../src/pools/parse';
import type { RunResult } from '../../../src/result/types';
import { assertValidRunResult } from '../../../src/result/validate';
import { simulate } from '../../../src/simulate';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

export type RetryExample = 'retry-storm' | 'retry-budget';

export function examplePool(name: RetryExample): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EXAMPLES, `${name}.rpcpool.json`), 'utf8')) as Record<string, unknown>;
}

/** The example run as the CLI runs it (open model, 1,000 req/s, 20 s, seed 1), or shorter for a quick check. */
export function retryResult(name: RetryExample, durationMs = 20_000): RunResult {
  const pool = parsePool(examplePool(name));
  const result = simulate({ pool, strategy: 'round-robin', load: { model: 'open', rate: 1000 }, durationMs, seed: 1 });
  assertValidRunResult(JSON.parse(JSON.stringify(result)));
  return result;
}
