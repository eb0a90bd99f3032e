/**
 * registerGrpcPolicies without servers: what it registers on each supported grpc-js release, how
 * grpc-js parses our policy configs (one rejection per field), and how abandoned picks are
 * settled (CallTracker, driven with a real least-connections balancer).
 */
import * as assert from 'node:assert/strict';
import { createBalancer } from '../../src/engine/registry';
import { STRATEGY_NAMES, type Outcome } from '../../src/engine/types';
import { GRPC_POLICY_NAMES, grpcPolicyName, parsePolicyConfig, registerGrpcPolicies } from '../../src/integrations/grpc';
import { CallTracker } from '../../src/integrations/grpc/call-tracker';
import { GRPC_VERSIONS } from '../helpers/grpc-versions';
import { waitFor } from '../helpers/wait';

describe('gRPC policy names', () => {
  it('are rpc_balancer_ + the strategy name with - as _, one per strategy', () => {
    assert.equal(grpcPolicyName('p2c-peak-ewma'), 'rpc_balancer_p2c_peak_ewma');
    assert.equal(GRPC_POLICY_NAMES.length, STRATEGY_NAMES.length);
    assert.ok(GRPC_POLICY_NAMES.every((n) => /^rpc_balancer_[a-z0-9_]+$/.test(n)));
  });

  it('registerGrpcPolicies rejects what is not grpc-js, naming what is missing', () => {
    assert.throws(() => registerGrpcPolicies({} as never), /registerGrpcPolicies: expected the @grpc\/grpc-js module.*experimental\.registerLoadBalancerType/);
  });
});

for (const { label, policies } of GRPC_VERSIONS) {
  const experimental = policies.experimental as unknown as {
    isLoadBalancerNameRegistered(name: string): boolean;
    parseLoadBalancingConfig(raw: object): { getLoadBalancerName(): string; toJsonObject(): object };
    selectLbConfigFromList(raw: object[]): { getLoadBalancerName(): string } | null;
  };
  const parse = (raw: object) => experimental.parseLoadBalancingConfig(raw);

  describe(`gRPC policy configs on ${label}`, () => {
    before(() => assert.deepEqual(registerGrpcPolicies(policies), [...GRPC_POLICY_NAMES]));

    it('registers a policy for every strategy', () => {
      for (const name of GRPC_POLICY_NAMES) assert.ok(experimental.isLoadBalancerNameRegistered(name), name);
    });

    it('parses a config and gives it back with toJsonObject', () => {
      const raw = { rpc_balancer_bounded_load_hash: { hashHeader: 'X-User', balanceFactor: 1.5, weights: { '127.0.0.1:1': 2 } } };
      const config = parse(raw);
      assert.equal(config.getLoadBalancerName(), 'rpc_balancer_bounded_load_hash');
      assert.deepEqual(config.toJsonObject(), raw);
      assert.deepEqual(parse({ rpc_balancer_round_robin: {} }).toJsonObject(), { rpc_balancer_round_robin: {} });
    });

    it('parses the pool-shape options and the priorities and zones maps, and gives them back', () => {
      const shape = {
        priorities: { '127.0.0.1:1': 0, '127.0.0.1:2': 1 }, zones: { '127.0.0.1:1': 'eu-1' },
        localityWeights: { 'eu-1': 1 }, overprovisioningFactor: 1.2, panicThreshold: 30, slowStart: { windowMs: 5000 },
      };
      assert.deepEqual(parse({ rpc_balancer_least_request: shape }).toJsonObject(), { rpc_balancer_least_request: shape });
    });

    it('an invalid entry is skipped for the next one in loadBalancingConfig, as grpc-js does', () => {
      const chosen = experimental.selectLbConfigFromList([{ rpc_balancer_maglev: { tableSize: 65536 } }, { rpc_balancer_rendezvous: {} }]);
      assert.equal(chosen?.getLoadBalancerName(), 'rpc_balancer_rendezvous');
    });

    const rejections: [string, object, RegExp][] = [
      ['a strategy option out of range', { rpc_balancer_p2c_peak_ewma: { decayMs: -1 } }, /p2c-peak-ewma: decayMs must be greater than 0, got -1/],
      ['maglev tableSize not prime', { rpc_balancer_maglev: { tableSize: 65536 } }, /maglev: tableSize must be a prime number, got 65536/],
      ['an unknown option', { rpc_balancer_round_robin: { speed: 3 } }, /round-robin: unknown option "speed"/],
      ['outlierDetection with a bad field', { rpc_balancer_random: { outlierDetection: { consecutiveErrors: 'x' } } }, /consecutiveErrors/],
      ['hashHeader on a strategy that does not hash', { rpc_balancer_least_connections: { hashHeader: 'x-user' } }, /least-connections: hashHeader applies only to the hash strategies/],
      ['hashHeader that is not a metadata key', { rpc_balancer_maglev: { hashHeader: 'x user' } }, /maglev: hashHeader must be a metadata key/],
      ['hashHeader that is not a string', { rpc_balancer_maglev: { hashHeader: 7 } }, /maglev: hashHeader must be a metadata key.*got 7/],
      ['a binary hashHeader', { rpc_balancer_rendezvous: { hashHeader: 'x-key-bin' } }, /rendezvous: hashHeader must not be a binary \(-bin\) header/],
      ['weights that are not an object', { rpc_balancer_weighted_random: { weights: [3] } }, /weighted-random: weights must be an object of address to weight/],
      ['a weight that is not positive', { rpc_balancer_weighted_round_robin: { weights: { '127.0.0.1:1': 0 } } }, /weighted-round-robin: weights\["127\.0\.0\.1:1"\] must be a positive finite number, got 0/],
      ['priorities that are not an object', { rpc_balancer_round_robin: { priorities: 1 } }, /round-robin: priorities must be an object of address to priority, got 1/],
      ['a priority that is not a whole number', { rpc_balancer_round_robin: { priorities: { '127.0.0.1:1': 0.5 } } }, /round-robin: priorities\["127\.0\.0\.1:1"\] must be a whole number at least 0, got 0\.5/],
      ['a zone that is not a string', { rpc_balancer_random: { zones: { '127.0.0.1:1': 3 } } }, /random: zones\["127\.0\.0\.1:1"\] must be a non-empty string, got 3/],
      ['a panicThreshold over 100', { rpc_balancer_random: { panicThreshold: 120 } }, /panicThreshold must be at most 100, got 120/],
      ['an overprovisioningFactor of 0', { rpc_balancer_random: { overprovisioningFactor: 0 } }, /overprovisioningFactor must be greater than 0, got 0/],
      ['a locality weight of 0', { rpc_balancer_random: { localityWeights: { 'eu-1': 0 } } }, /localityWeights: "eu-1" must be a positive finite number, got 0/],
      ['slowStart without windowMs', { rpc_balancer_least_request: { slowStart: { aggression: 2 } } }, /slowStart: windowMs is required/],
      ['slowStart on a strategy that does not pick by weight', { rpc_balancer_round_robin: { slowStart: { windowMs: 1000 } } }, /slowStart: round-robin does not pick by weight/],
      ['an option that takes a function', { rpc_balancer_random: { random: 0.5 } }, /random: random cannot be set in a service config/],
      ['a config that is not an object', { rpc_balancer_random: 'fast' }, /random: policy config must be an object, got "fast"/],
    ];
    for (const [what, raw, message] of rejections) {
      it(`rejects ${what}, naming the field`, () => assert.throws(() => parse(raw), message));
    }
  });
}

describe('parsePolicyConfig', () => {
  it('lowercases hashHeader and gives equal keys to equal configs whatever their key order', () => {
    const a = parsePolicyConfig('consistent-hash', { hashHeader: 'X-User', pointsPerWeight: 40 });
    const b = parsePolicyConfig('consistent-hash', { pointsPerWeight: 40, hashHeader: 'X-User' });
    assert.equal(a.hashHeader, 'x-user');
    assert.equal(a.key, b.key);
    assert.notEqual(a.key, parsePolicyConfig('consistent-hash', { pointsPerWeight: 41 }).key);
    assert.deepEqual(a.options, { pointsPerWeight: 40 });
  });

  it('keeps priorities and zones apart from the options; priorities alone turn the priority levels on (panicThreshold 50)', () => {
    const c = parsePolicyConfig('round-robin', { priorities: { '127.0.0.1:1': 1 }, zones: { '127.0.0.1:1': 'eu-1' } });
    assert.deepEqual([...c.priorities], [['127.0.0.1:1', 1]]);
    assert.deepEqual([...c.zones], [['127.0.0.1:1', 'eu-1']]);
    assert.deepEqual(c.options, { panicThreshold: 50 });
    assert.deepEqual(parsePolicyConfig('round-robin', {}).options, {});
  });
});

describe('CallTracker', () => {
  const endpoints = ['a', 'b'].map((id) => ({ id, address: id, weight: 1 }));

  it('feeds latency from call start to end and ok from the status code, once', () => {
    let now = 0;
    const lrt = createBalancer('least-response-time', endpoints, { now: () => now });
    const tracker = new CallTracker(0, () => now, 50);
    const first = tracker.track(lrt.pick()!);
    // `a` takes 100 ms; least-response-time then prefers `b` (no history is tried first anyway).
    first.onCallStarted();
    now = 100;
    first.onCallEnded(0);
    first.onCallEnded(14); // ignored: settled once
    const picked = [1, 2, 3].map(() => {
      const p = tracker.track(lrt.pick()!);
      p.onCallStarted();
      now += 1;
      p.onCallEnded(0);
      return p.pick.endpoint.id;
    });
    assert.equal(first.pick.endpoint.id, 'a');
    assert.deepEqual(picked, ['b', 'b', 'b']);
    tracker.settleAll();
  });

  it('settles a pick grpc-js never started after the grace, so it stops counting as in flight', async () => {
    const lc = createBalancer('least-connections', endpoints);
    const tracker = new CallTracker(0, () => performance.now(), 30);
    // Four picks spread 2 + 2; the two on `a` are never started (grpc-js abandoned them), one on `b` ends.
    const picks = [1, 2, 3, 4].map(() => lc.pick()!);
    const onA = picks.filter((p) => p.endpoint.id === 'a');
    const onB = picks.filter((p) => p.endpoint.id === 'b');
    assert.equal(onA.length, 2);
    const outcomes: Outcome[] = [];
    // The real picks, observed: what the tracker reports to them.
    const abandoned = onA.map((p) => tracker.track({ endpoint: p.endpoint, done: (o) => (outcomes.push(o), p.done(o)) }));
    const [held, ended] = onB.map((p) => tracker.track(p));
    held.onCallStarted();
    ended.onCallStarted();
    ended.onCallEnded(0);
    assert.equal(tracker.unstarted.size, 2);
    // The sweep runs once the 30 ms grace has passed: wait for it (a condition; the ceiling only ends a hang).
    await waitFor('the sweep of unstarted picks', () => tracker.unstarted.size === 0);
    assert.equal(tracker.unstarted.size, 0);
    assert.ok(abandoned.every((c) => c.settled));
    assert.deepEqual(outcomes, [{ latencyMs: Number.NaN, ok: true }, { latencyMs: Number.NaN, ok: true }]);
    // In flight now: a 0, b 1 (had the abandoned picks leaked: a 2, and the next pick would go to b).
    const next = lc.pick()!;
    assert.equal(next.endpoint.id, 'a');
    next.done({ latencyMs: 1, ok: true });
    held.onCallEnded(0);
    tracker.settleAll();
  });
});
