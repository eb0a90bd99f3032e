/** `--stage` and `--caller-stage`: the spelling, and the errors that name the flag and the value. */
import { strict as assert } from 'node:assert';
import { ConfigError } from '../../../src/engine/errors';
import { UsageError } from '../../../src/cli/exit-codes';
import { loadModelFlags } from '../../../src/cli/run-flags';
import { withFlag } from '../../../src/cli/flag-names';

const fallback = { model: 'closed', concurrency: 16 } as const;

describe('cli: --stage and --caller-stage', () => {
  it('reads ramps and steps in order (the open model for --stage, closed for --caller-stage)', () => {
    assert.deepEqual(loadModelFlags({ stage: ['10s:2000', '30s:2000', '5s:500:step'], maxInFlight: '64' }, fallback), {
      model: 'open',
      stages: [{ durationMs: 10_000, target: 2000 }, { durationMs: 30_000, target: 2000 }, { durationMs: 5000, target: 500, ramp: false }],
      maxInFlight: 64,
    });
    assert.deepEqual(loadModelFlags({ callerStage: ['1m:64', '2:8:step'] }, fallback), { model: 'closed', stages: [{ durationMs: 60_000, target: 64 }, { durationMs: 2000, target: 8, ramp: false }] });
  });

  const bad = (flags: Record<string, unknown>, message: RegExp, type: new (...a: never[]) => Error = ConfigError): void =>
    assert.throws(() => loadModelFlags(flags, fallback), (e: Error) => e instanceof type && message.test(e.message), message.source);
  it('rejects a stage without a target, naming the flag, its place and the value', () => bad({ stage: ['10s:100', '5s'] }, /^--stage #2: expected DURATION:TARGET or DURATION:TARGET:step \(like 30s:2000\), got "5s"/));
  it('rejects a bad duration', () => bad({ stage: ['soon:100'] }, /^--stage #1: expected a duration/));
  it('rejects a target that is not a number', () => bad({ callerStage: ['10s:many'] }, /^--caller-stage #1: expected a number after the duration, got "many"/));
  it('rejects a third part that is not step', () => bad({ stage: ['10s:1:hold'] }, /^--stage #1: expected DURATION:TARGET/));
  it('rejects both kinds of stage', () => bad({ stage: ['1s:1'], callerStage: ['1s:1'] }, /either --stage .* or --caller-stage/, UsageError));
  it('rejects stages beside --rate', () => bad({ stage: ['1s:1'], rate: '5' }, /instead of --rate or --concurrency/, UsageError));
  it('rejects --max-in-flight with caller stages', () => bad({ callerStage: ['1s:1'], maxInFlight: '5' }, /--max-in-flight caps the open model/, UsageError));
  it('names the flag beside a plan problem in a stage', () => assert.equal(withFlag('load.stages[1].target', 'must be at least 0, got -3'), '--stage / --caller-stage (load.stages[1].target): must be at least 0, got -3'));
});
