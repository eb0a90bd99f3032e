/** `load.stages` in the plan: what a staged run becomes, and every bad stage named by its path. */
import { strict as assert } from 'node:assert';
import { ConfigError } from '../../../src/engine/errors';
import { makePlan } from '../../../src/loadtest/plan';
import { LIMITS } from '../../../src/pools/limits';
import { parsePool } from '../../../src/pools/parse';
import { PoolErrors } from '../../../src/pools/problems';
import type { RunSpec } from '../../../src/run/types';
import { planSimulation } from '../../../src/simulate';

const pool = parsePool({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }] });

function problems(spec: Record<string, unknown>): string[] {
  const of = (plan: () => unknown): string[] => {
    try {
      plan();
      return [];
    } catch (e) {
      assert.ok(e instanceof ConfigError, `not a ConfigError: ${String(e)}`);
      return e instanceof PoolErrors ? e.errors.map((x) => x.message) : [e.message];
    }
  };
  const full = { pool, ...spec } as unknown as RunSpec;
  const live = of(() => makePlan(full));
  assert.deepEqual(of(() => planSimulation(full)), live, 'a load test and a simulation report the same problems');
  return live;
}

function rejects(load: Record<string, unknown>, message: RegExp, extra: Record<string, unknown> = {}): void {
  const got = problems({ load, ...extra });
  assert.ok(got.some((m) => message.test(m)), JSON.stringify(got));
}

describe('planRun: load.stages', () => {
  it('lasts the stages\' sum, sizes for the peak and keeps the stages (durations parsed)', () => {
    const plan = makePlan({ pool, load: { model: 'open', stages: [{ duration: '10s', target: 2000 }, { duration: 5000, target: 500, ramp: false }] } } as unknown as RunSpec);
    assert.equal(plan.durationMs, 15_000);
    assert.deepEqual(plan.load, { model: 'open', rate: 2000, startRate: 0, stages: [{ durationMs: 10_000, target: 2000 }, { durationMs: 5000, target: 500, ramp: false }] });
    const closed = planSimulation({ pool, load: { model: 'closed', startCallers: 2, stages: [{ duration: '1s', target: 8 }] } } as unknown as RunSpec);
    assert.equal(closed.durationMs, 1000);
    assert.deepEqual(closed.load, { model: 'closed', concurrency: 8, startCallers: 2, stages: [{ durationMs: 1000, target: 8 }] });
  });

  it('accepts a 0 target (a pause)', () => {
    assert.deepEqual(problems({ load: { model: 'open', stages: [{ duration: '1s', target: 100 }, { duration: '1s', target: 0, ramp: false }] } }), []);
  });

  const open = (stages: unknown, more: Record<string, unknown> = {}): Record<string, unknown> => ({ model: 'open', stages, ...more });
  it('rejects a stage with no duration', () => rejects(open([{ duration: '1s', target: 1 }, { target: 5 }]), /^load\.stages\[1\]\.duration: required/));
  it('rejects a bad duration', () => rejects(open([{ duration: 'soon', target: 1 }]), /^load\.stages\[0\]\.duration: expected a duration/));
  it('rejects a 0 duration', () => rejects(open([{ duration: 0, target: 1 }]), /^load\.stages\[0\]\.duration: must be longer than 0 ms/));
  it('rejects a stage with no target', () => rejects(open([{ duration: '1s' }]), /^load\.stages\[0\]\.target: required \(requests per second\)/));
  it('rejects a negative target', () => rejects(open([{ duration: '1s', target: -5 }]), /^load\.stages\[0\]\.target: must be at least 0, got -5/));
  it('rejects a rate over the limit', () => rejects(open([{ duration: '1s', target: LIMITS.rate * 10 }]), /^load\.stages\[0\]\.target: must be at most/));
  it('rejects non-integer callers', () => rejects({ model: 'closed', stages: [{ duration: '1s', target: 2.5 }] }, /^load\.stages\[0\]\.target: expected a whole number, got 2\.5/));
  it('rejects an unknown stage field', () => rejects(open([{ duration: '1s', target: 1, rampp: false }]), /^load\.stages\[0\]\.rampp: unknown field/));
  it('rejects a non-boolean ramp', () => rejects(open([{ duration: '1s', target: 1, ramp: 'no' }]), /^load\.stages\[0\]\.ramp: expected true or false/));
  it('rejects an empty list', () => rejects(open([]), /^load\.stages: expected at least one stage/));
  it('rejects a non-list', () => rejects(open({ duration: '1s' }), /^load\.stages: expected a list of stages/));
  it('rejects too many stages', () => rejects(open(Array.from({ length: LIMITS.stages + 1 }, () => ({ duration: '1s', target: 1 }))), /^load\.stages: at most 1000 stages, got 1001/));
  it('rejects stages too long in all', () => rejects(open([{ duration: '20d', target: 1 }, { duration: '20d', target: 1 }].map((s) => ({ ...s, duration: 20 * 86_400_000 }))), /^load\.stages: the stages last .* ms in all, more than/));
  it('rejects every target 0', () => rejects(open([{ duration: '1s', target: 0 }]), /^load\.stages: every target is 0/));
  it('rejects rate beside stages', () => rejects(open([{ duration: '1s', target: 1 }], { rate: 5 }), /^load\.rate: not with load\.stages/));
  it('rejects concurrency beside stages', () => rejects({ model: 'closed', concurrency: 4, stages: [{ duration: '1s', target: 1 }] }, /^load\.concurrency: not with load\.stages/));
  it('rejects startRate without stages', () => rejects({ model: 'open', rate: 5, startRate: 1 }, /^load\.startRate: only with load\.stages/, { durationMs: 1000 }));
  it('rejects a negative startRate', () => rejects(open([{ duration: '1s', target: 1 }], { startRate: -1 }), /^load\.startRate: must be at least 0/));
  it('rejects non-integer startCallers', () => rejects({ model: 'closed', startCallers: 1.5, stages: [{ duration: '1s', target: 1 }] }, /^load\.startCallers: expected a whole number/));
  it('rejects durationMs beside stages, naming both', () => rejects(open([{ duration: '2s', target: 1 }]), /^durationMs: not with load\.stages: the stages' sum \(2000 ms\)/, { durationMs: 1000 }));
});
