/**
 * The grpc-js releases the gRPC policy tests run against: the newest (`@grpc/grpc-js`, 1.14.x)
 * and the oldest line of the range package.json declares (`grpc-js-1-10`, an npm alias of
 * @grpc/grpc-js 1.10.12, a devDependency). Each is a separate module instance, so policies
 * registered on one are unknown to the other, as for users with their own grpc-js copy.
 * `GRPC_JS_EXTRA=/path/to/grpc-js[,...]` adds more installed copies (e.g. 1.12 and 1.13 unpacked
 * with `npm pack`, whose dependencies resolve from a node_modules above them).
 */
import * as grpcLatest from '@grpc/grpc-js';
import * as grpc110 from 'grpc-js-1-10';
import type { GrpcJs } from '../../src/integrations/grpc';

/** The client-side surface tests use; both modules fit it. */
export type GrpcModule = typeof grpcLatest | typeof grpc110;

export interface GrpcVersion {
  /** e.g. `@grpc/grpc-js 1.14.7`. */
  label: string;
  grpc: GrpcModule;
  /** The same module, as `registerGrpcPolicies` takes it. */
  policies: GrpcJs;
}

function version(pkg: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`${pkg}/package.json`) as { version: string }).version;
}

function extra(path: string): GrpcVersion {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpc = require(path) as typeof grpcLatest;
  return { label: `${path} (@grpc/grpc-js ${version(path)})`, grpc, policies: grpc };
}

export const GRPC_VERSIONS: readonly GrpcVersion[] = [
  { label: `@grpc/grpc-js ${version('@grpc/grpc-js')}`, grpc: grpcLatest, policies: grpcLatest },
  { label: `grpc-js-1-10 (@grpc/grpc-js ${version('grpc-js-1-10')})`, grpc: grpc110, policies: grpc110 },
  ...(process.env.GRPC_JS_EXTRA ?? '').split(',').filter(Boolean).map(extra),
];
