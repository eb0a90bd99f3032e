/**
 * Bytes the policy layer allocates per request that takes no retry (the bench's policy and ring
 * sender, round-robin or argv[2]), from the count of scavenges over 20M requests at a fixed 16 MB
 * semi-space: run as
 *   node --min-semi-space-size=16 --max-semi-space-size=16 --import tsx bench/policy-alloc.ts [strategy]
 * One scavenge is ~0.8 bytes a request here, so the figure is to within a few bytes. The bench's
 * counter clock boxes its own reading (a number in a closure), as the bare loop's does.
 */
import { createBalancer } from '../src/engine/registry';
import { createSeededRandom } from '../src/engine/seeded-random';
import type { StrategyName } from '../src/engine/types';
import type { ClientPolicy } from '../src/pools/policy-types';
import { PolicyLayer, type AttemptAnswer, type AttemptSender } from '../src/policy';
import { PerformanceObserver } from 'node:perf_hooks';
const pool = Array.from({ length: 100 }, (_, i) => ({ id: `ep-${i}`, address: `10.0.0.${i}:80`, weight: 1 }));
const policy: ClientPolicy = { retry: { maxAttempts: 3, initialBackoffMs: 25, maxBackoffMs: 250, backoffMultiplier: 2, retryOn: ['refused', 'http_503'], otherEndpoint: true, honorPushback: true }, budget: { ratio: 0.2, minPerSecond: 10, ttlMs: 10_000 }, throttling: { maxTokens: 10, tokenRatio: 0.1 }, circuitBreaker: { maxRequests: 1024, maxRetries: 3 } };
let t = 0;
const clock = { now: () => (t += 0.01), setTimer: () => () => {} };
const answer: AttemptAnswer = { ok: true, latencyMs: 5 };
const ring: (((a: AttemptAnswer) => void) | undefined)[] = new Array(16).fill(undefined); let at = 0;
const sender: AttemptSender = { send(_e, _i, on) { const old = ring[at]; ring[at] = on; at = (at + 1) % 16; old?.(answer); return noop; } };
function noop() {}
const b = createBalancer((process.argv[2] ?? 'round-robin') as StrategyName, pool, { now: clock.now, random: createSeededRandom(1) });
const layer = new PolicyLayer({ policy, balancer: b, clock, sender, random: createSeededRandom(2) });
const onFinal = () => {};
for (let i = 0; i < 3_000_000; i++) layer.request(undefined, onFinal);
let n = 0; const obs = new PerformanceObserver((l) => { n += l.getEntries().length; }); obs.observe({ entryTypes: ['gc'] });
const N = 20_000_000;
for (let i = 0; i < N; i++) layer.request(undefined, onFinal);
setTimeout(() => console.log('scavenges', n, 'bytes/request ~', (n * 16 * 1024 * 1024 / N).toFixed(1)), 10);
