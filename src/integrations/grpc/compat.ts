/**
 * The part of grpc-js this integration touches, and the places where its experimental
 * load-balancing API differs across the range we support (`@grpc/grpc-js` ^1.10.0).
 *
 * Only types come from `@grpc/grpc-js` (the 1.14 declarations); the functions and classes come
 * from the grpc-js module the user hands to `registerGrpcPolicies`, so their instance is the one
 * extended. What differs (read from each release's `load-balancer.d.ts` and `picker.d.ts`):
 *
 * | release    | `new LoadBalancer(...)`              | `updateAddressList(...)`                          | `createSubchannel`        | `updateState`        | `onCallEnded`              |
 * |------------|--------------------------------------|---------------------------------------------------|---------------------------|----------------------|----------------------------|
 * | 1.10, 1.11 | `(helper, channelOptions)`           | `(Endpoint[], config, resolverAttributes)`        | `(address, args)`         | `(state, picker)`    | `(code)`                   |
 * | 1.12       | `(helper, credentials, channelOptions)` | `(Endpoint[], config, resolverAttributes)`     | `(address, args, creds\|null)` | `(state, picker)` | `(code)`                  |
 * | 1.13       | `(helper)`                           | `(Endpoint[], config, channelOptions)`            | `(address, args)`         | `(state, picker, error)` | `(code)`               |
 * | 1.14       | `(helper)`                           | `(StatusOr<Endpoint[]>, config, channelOptions, resolutionNote): boolean` | `(address, args)` | `(state, picker, error)` | `(code, details, metadata)` |
 *
 * We tell them apart by the shape of the arguments we are given (an array or a StatusOr; whether
 * the constructor received channel options), not by a version string, and we always pass the
 * longest argument list (older releases ignore extra arguments).
 */
import type { ChannelOptions, experimental, StatusObject } from '@grpc/grpc-js';

export type ChannelControlHelper = experimental.ChannelControlHelper;
export type SubchannelInterface = experimental.SubchannelInterface;
export type SubchannelAddress = experimental.SubchannelAddress;
export type GrpcEndpoint = experimental.Endpoint;
export type Picker = experimental.Picker;
export type PickArgs = experimental.PickArgs;
export type PickResult = experimental.PickResult;
export type LoadBalancer = experimental.LoadBalancer;
export type { ChannelOptions };

/**
 * What `registerGrpcPolicies` needs of a grpc-js module: `typeof import('@grpc/grpc-js')` of any
 * release in ^1.10 fits. Parameters we only forward are typed `never` so that each release's own
 * (differing) declarations are accepted; the calls below cast once, here.
 */
export interface GrpcJs {
  status: { readonly OK: number; readonly UNAVAILABLE: number };
  connectivityState: {
    readonly IDLE: number;
    readonly CONNECTING: number;
    readonly READY: number;
    readonly TRANSIENT_FAILURE: number;
  };
  experimental: {
    registerLoadBalancerType(typeName: string, loadBalancerType: never, configType: never): void;
    subchannelAddressToString(address: never): string;
    QueuePicker: new (loadBalancer: never) => unknown;
    UnavailablePicker: new (status?: never) => unknown;
    PickResultType: { readonly COMPLETE: number; readonly QUEUE: number };
  };
}

/** The exports we call; checked at registration so a wrong argument fails there, by name. */
export const REQUIRED_EXPORTS = [
  'experimental.registerLoadBalancerType',
  'experimental.subchannelAddressToString',
  'experimental.QueuePicker',
  'experimental.UnavailablePicker',
  'experimental.PickResultType',
  'connectivityState',
  'status',
] as const;

/** Names of REQUIRED_EXPORTS missing from `grpc` (empty when it looks like grpc-js ^1.10). */
export function missingExports(grpc: unknown): string[] {
  return REQUIRED_EXPORTS.filter((path) => {
    let at: unknown = grpc;
    for (const part of path.split('.')) at = at === null || typeof at !== 'object' ? undefined : (at as Record<string, unknown>)[part];
    return at === undefined || at === null;
  });
}

/** A resolution result as 1.14 delivers it; earlier releases hand over the array itself. */
export type Resolution = { ok: true; endpoints: GrpcEndpoint[] } | { ok: false; error: Partial<StatusObject> };

/** Reads `updateAddressList`'s first argument: `Endpoint[]` (<= 1.13) or `StatusOr<Endpoint[]>` (1.14). */
export function readResolution(arg: unknown): Resolution {
  if (Array.isArray(arg)) return { ok: true, endpoints: arg as GrpcEndpoint[] };
  const statusOr = arg as { ok?: boolean; value?: unknown; error?: Partial<StatusObject> } | null;
  if (statusOr && statusOr.ok === true && Array.isArray(statusOr.value)) return { ok: true, endpoints: statusOr.value as GrpcEndpoint[] };
  return { ok: false, error: statusOr?.error ?? { details: 'resolver returned no address list' } };
}

/**
 * The channel options from the constructor's extra arguments (<= 1.12 pass them there, last),
 * or undefined when the release passes them to `updateAddressList` instead (>= 1.13).
 */
export function constructorChannelOptions(extra: readonly unknown[]): ChannelOptions | undefined {
  if (extra.length === 0) return undefined;
  const last = extra[extra.length - 1];
  return last !== null && typeof last === 'object' ? (last as ChannelOptions) : {};
}

/** `createSubchannel` with 1.12's third argument (`null`: no credentials override). */
export function createSubchannel(helper: ChannelControlHelper, address: SubchannelAddress, options: ChannelOptions): SubchannelInterface {
  const create = helper.createSubchannel as (a: SubchannelAddress, o: ChannelOptions, credentialsOverride: null) => SubchannelInterface;
  return create.call(helper, address, options, null);
}

export function queuePicker(grpc: GrpcJs, loadBalancer: LoadBalancer): Picker {
  return new grpc.experimental.QueuePicker(loadBalancer as never) as Picker;
}

export function unavailablePicker(grpc: GrpcJs, status: Partial<StatusObject>): Picker {
  return new grpc.experimental.UnavailablePicker({ code: grpc.status.UNAVAILABLE, ...status } as never) as Picker;
}

export function addressToString(grpc: GrpcJs, address: SubchannelAddress): string {
  return grpc.experimental.subchannelAddressToString(address as never);
}
