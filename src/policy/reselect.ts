/**
 * `otherEndpoint` (Envoy's previous_hosts predicate): a retry re-picks, a bounded number of times,
 * while the pick is an endpoint its request already tried. Apart from request.ts so the request's
 * own file keeps to its state machine and its fast path.
 */
import type { Pick, PickContext } from '../engine/types';
import type { Attempt } from './attempt';
import type { PolicyLayer } from './layer';

/** A retry's pick for the request whose attempts are `list[0..count)`. */
export function pickAvoidingTried(layer: PolicyLayer, ctx: PickContext | undefined, list: readonly Attempt[], count: number): Pick | undefined {
  const { balancer, reselectAttempts } = layer;
  let pick = balancer.pick(ctx);
  const tried = new Set<string>();
  for (let i = 0; i < count; i++) {
    const p = list[i].pick;
    if (p) tried.add(p.endpoint.id);
  }
  if (tried.size >= balancer.endpoints().length) return pick;
  for (let i = 0; i < reselectAttempts && pick && tried.has(pick.endpoint.id); i++) {
    handBack(layer, pick, list, count);
    pick = balancer.pick(ctx);
  }
  return pick;
}

/** Hands back a re-pick with the latest outcome the request had from its endpoint (retries are sequential: it is settled). */
function handBack(layer: PolicyLayer, pick: Pick, list: readonly Attempt[], count: number): void {
  const id = pick.endpoint.id;
  for (let i = count - 1; i >= 0; i--) {
    const a = list[i];
    if (a.pick?.endpoint.id === id && a.hasOutcome) return pick.done(a.outcomeInto(layer.outcome, a.outOk, a.outLoad, a.outReport));
  }
  const o = layer.outcome;
  o.latencyMs = 0;
  o.ok = true;
  o.load = o.report = undefined;
  pick.done(o);
}
