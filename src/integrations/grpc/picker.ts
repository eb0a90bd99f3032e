/**
 * The picker our load balancer hands grpc-js while READY (the `Picker` of grpc-js picker.ts).
 *
 * Each `pick(pickArgs)` asks our Balancer, with the hash key read from the request metadata for
 * the hash strategies, and returns a COMPLETE pick result: the picked endpoint's subchannel plus
 * `onCallStarted` / `onCallEnded` from the CallTracker, so in-flight counts, latency and errors
 * reach the strategy. Like grpc-js's pickers it never throws.
 *
 * The subchannel map is a snapshot (grpc-js pickers are immutable); the Balancer is shared with
 * the load balancer on purpose, because what it learns must outlive any one picker. When the two
 * disagree (the balancer picked an endpoint this snapshot lacks) the call is queued and grpc-js
 * picks it again with the newer picker that is on its way.
 */
import type { Balancer, PickContext } from '../../engine/types';
import type { CallTracker } from './call-tracker';
import type { PickArgs, Picker, PickResult, SubchannelInterface } from './compat';

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
    const pick = this.balancer.pick(ctx);
    if (!pick) return this.queued;
    const subchannel = this.subchannels.get(pick.endpoint.id);
    if (!subchannel) {
      this.tracker.track(pick).settle({ latencyMs: Number.NaN, ok: true });
      return this.queued;
    }
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
