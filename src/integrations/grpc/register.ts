/**
 * `registerGrpcPolicies(grpc)`: every strategy of the registry as a grpc-js load-balancing policy,
 * registered with `grpc.experimental.registerLoadBalancerType(typeName, LoadBalancer, Config)`
 * the way grpc-js's own policies register in their `setup()` (load-balancer-round-robin.ts).
 *
 * Names: `rpc_balancer_` + the strategy name with "-" as "_" (`rpc_balancer_p2c_peak_ewma`),
 * since gRPC policy names are snake_case (gRFC A24 `loadBalancingConfig`). A service selects one
 * in its service config, from the resolver or the `grpc.service_config` channel option:
 *
 *     { "loadBalancingConfig": [{ "rpc_balancer_p2c_peak_ewma": {} }] }
 *
 * The grpc-js module is a parameter, never imported here, so the user's own instance (the one
 * their clients are made with) is extended; registering again replaces the earlier registration.
 */
import { ConfigError } from '../../engine/errors';
import type { StrategyName } from '../../engine/types';
import { STRATEGY_NAMES } from '../../engine/types';
import { missingExports, type ChannelControlHelper, type GrpcJs } from './compat';
import { parsePolicyConfig, type ParsedPolicyConfig } from './config';
import { PolicyLoadBalancer, type PolicyConfigLike } from './load-balancer';

const PREFIX = 'rpc_balancer_';

/** `rpc_balancer_<strategy with - as _>`: the name to put in `loadBalancingConfig`. */
export function grpcPolicyName(strategy: StrategyName): string {
  return PREFIX + strategy.replace(/-/g, '_');
}

/** One policy name per strategy, in the registry's order. */
export const GRPC_POLICY_NAMES: readonly string[] = Object.freeze(STRATEGY_NAMES.map(grpcPolicyName));

/**
 * The config class grpc-js keeps for a policy (its `TypedLoadBalancingConfig`): built by the
 * static `createFromJson`, which throws a ConfigError naming the field.
 */
abstract class PolicyConfig implements PolicyConfigLike {
  constructor(
    readonly strategy: StrategyName,
    readonly typeName: string,
    readonly parsed: ParsedPolicyConfig,
  ) {}

  getLoadBalancerName(): string {
    return this.typeName;
  }

  toJsonObject(): object {
    return { [this.typeName]: { ...this.parsed.json } };
  }
}

/** The two classes grpc-js wants for one strategy. */
function policyClasses(grpc: GrpcJs, strategy: StrategyName) {
  const typeName = grpcPolicyName(strategy);
  class Config extends PolicyConfig {
    constructor(parsed: ParsedPolicyConfig = parsePolicyConfig(strategy, {})) {
      super(strategy, typeName, parsed);
    }

    static createFromJson(obj: unknown): Config {
      return new Config(parsePolicyConfig(strategy, obj));
    }
  }
  class Balancer extends PolicyLoadBalancer {
    // grpc-js <= 1.12 passes channel options (and 1.12 credentials) after the helper.
    constructor(helper: ChannelControlHelper, ...extra: unknown[]) {
      super(grpc, typeName, strategy, helper, extra);
    }
  }
  return { typeName, Balancer, Config };
}

/**
 * Registers `rpc_balancer_<strategy>` for every strategy on the given grpc-js module
 * (`import * as grpc from '@grpc/grpc-js'`, any release in ^1.10) and returns the names.
 * Throws a ConfigError when `grpc` lacks the experimental API this needs.
 */
export function registerGrpcPolicies(grpc: GrpcJs): string[] {
  const missing = missingExports(grpc);
  if (missing.length > 0) {
    throw new ConfigError('registerGrpcPolicies', `expected the @grpc/grpc-js module (^1.10), missing ${missing.join(', ')}`);
  }
  return STRATEGY_NAMES.map((strategy) => {
    const { typeName, Balancer, Config } = policyClasses(grpc, strategy);
    grpc.experimental.registerLoadBalancerType(typeName, Balancer as never, Config as never);
    return typeName;
  });
}
