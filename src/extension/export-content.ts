/**
 * What Export writes (no `vscode` here): the shown RunResult or Comparison with every pool's
 * secrets redacted, checked against the result schema, as pretty JSON. A capacity result holds
 * only the pool's name, so it is checked and written as it is.
 */
import { redactPool } from '../result/redact';
import type { Comparison, RunResult } from '../result/types';
import { assertValidComparison, assertValidRunResult } from '../result/validate';
import type { PersistedState } from '../protocol/webview';
import { validateCapacityResult } from '../result/capacity-validate';
import { ResultValidationError } from '../result/validate';

function assertValidCapacity(x: unknown): void {
  const v = validateCapacityResult(x);
  if (!v.ok) throw new ResultValidationError('capacity result', v.problems);
}

function redacted(r: RunResult): RunResult {
  return { ...r, config: { ...r.config, pool: redactPool(r.config.pool) } };
}

/** Throws a ResultValidationError naming the JSON path when the result does not fit the schema. */
export function exportJson(state: PersistedState): string {
  if (state.view === 'result') {
    const out = redacted(state.payload);
    assertValidRunResult(out);
    return JSON.stringify(out, null, 2) + '\n';
  }
  if (state.view === 'comparison') {
    const out: Comparison = { ...state.payload, results: state.payload.results.map(redacted) };
    assertValidComparison(out);
    return JSON.stringify(out, null, 2) + '\n';
  }
  if (state.view === 'capacity') {
    assertValidCapacity(state.payload);
    return JSON.stringify(state.payload, null, 2) + '\n';
  }
  if (state.view === 'runDiff') throw new Error('a comparison of two runs is made of two results: export each from the Runs view');
  throw new Error('a hash ring view has no result to export: run a load test, a simulation or a comparison first');
}

export function defaultExportName(state: PersistedState, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  if (state.view === 'result') return `rpc-balancer-${state.payload.kind}-${state.payload.config.strategy}-${stamp}.json`;
  if (state.view === 'comparison') return `rpc-balancer-comparison-${state.payload.mode}-${stamp}.json`;
  if (state.view === 'capacity') return `rpc-balancer-capacity-${state.payload.mode}-${stamp}.json`;
  if (state.view === 'runDiff') return `rpc-balancer-runs-${stamp}.json`;
  return `rpc-balancer-ring-${stamp}.json`;
}

/** An opened file's JSON as what the panel shows, or an error saying what it is not. */
export function stateOfResultFile(json: unknown): PersistedState {
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind === 'comparison') {
    assertValidComparison(json);
    return { view: 'comparison', payload: json };
  }
  if (kind === 'loadtest' || kind === 'simulation') {
    assertValidRunResult(json);
    return { view: 'result', payload: json };
  }
  if (kind === 'capacity') {
    assertValidCapacity(json);
    return { view: 'capacity', payload: json as Extract<PersistedState, { view: 'capacity' }>['payload'] };
  }
  throw new Error(`not an RPC Balancer result: "kind" must be "loadtest", "simulation", "comparison" or "capacity", got ${JSON.stringify(kind ?? null)}`);
}
