/**
 * The picker our load balancer hands grpc-js while READY (the `Picker` of grpc-js picker.ts).
 *
 * Each `pick(pickArgs)` asks our Balancer, with the hash key read from the request metadata for
 * the hash strategies, and returns a COMPLETE pick result: the picked endpoint's subchannel plus
 * `onCallStarted` / `onCallEnded` from the CallTracker, so in-flight counts, latency and errors
 * reach the strategy. Like grpc-js's pickers it never throws.
 *
 * The subchannel map is a snapshot of the READY subchannels (grpc-js pickers are immutable); the
 * Balancer is shared with the load balancer on purpose, because what it learns must outlive any
 * one picker. The balancer may pick an endpoint this snapshot lacks: one that is not READY, which
 * a priority level in panic balances over as Envoy does with unhealthy hosts, or one a newer
 * picker on its way has. The pick is then asked again, up to PICK_ATTEMPTS times, and else the
 * call is queued for grpc-js to pick again with the next picker.
 */
import type { Balancer, Pick, PickContext } from '../../engine/types';
import type { CallTracker } from './call-tracker';
import type { PickArgs, Picker, PickResult, SubchannelInterface } from './compat';

/** Picks asked of the balancer before a call is queued; a level in panic with 3 of 4 subchannels down needs 4 on average. */
const PICK_ATTEMPTS = 8;

/** The PickResultType values of the grpc-js instance in use. */
export interface PickResultTypes {
  readonly COMPLETE: number;
  readonly QUEUE: number;
}

export class BalancerPicker implements Picker {
  private readonly queued: PickResult;

  constructor(
    private readonly balancer: Balancer,
    private readonly subchannels: ReadonlyMap<string, SubchannelInterface>,
    private readonly hashHeader: string | undefined,
    private readonly tracker: CallTracker,
    private readonly types: PickResultTypes,
  ) {
    this.queued = { pickResultType: types.QUEUE, subchannel: null, status: null, onCallStarted: null, onCallEnded: null };
  }

  pick(pickArgs: PickArgs): PickResult {
    const key = this.hashHeader === undefined ? undefined : hashKey(pickArgs, this.hashHeader);
    const ctx: PickContext | undefined = key === undefined ? undefined : { key };
    for (let attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
      const pick = this.balancer.pick(ctx);
      if (!pick) return this.queued;
      const subchannel = this.subchannels.get(pick.endpoint.id);
      if (!subchannel) {
        this.tracker.track(pick).settle({ latencyMs: Number.NaN, ok: true });
        continue;
      }
      return this.complete(pick, subchannel);
    }
    return this.queued;
  }

  private complete(pick: Pick, subchannel: SubchannelInterface): PickResult {
    const call = this.tracker.track(pick);
    return {
      pickResultType: this.types.COMPLETE,
      subchannel,
      status: null,
      onCallStarted: call.onCallStarted,
      onCallEnded: call.onCallEnded,
    };
  }
}

/**
 * The hash key from request metadata, as gRFC A76 reads `request_hash_header`: the header's
 * values joined with ","; undefined when absent (the strategy then uses a random key).
 */
export function hashKey(pickArgs: PickArgs, header: string): string | undefined {
  const values = pickArgs.metadata.get(header);
  if (values.length === 0) return undefined;
  return values.map((v) => (typeof v === 'string' ? v : v.toString('utf8'))).join(',');
}
