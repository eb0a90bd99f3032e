/**
 * Our strategies inside grpc-js clients: `registerGrpcPolicies(grpc)` registers each one as the
 * load-balancing policy `rpc_balancer_<strategy>` (see register.ts for names and selection,
 * config.ts for the policy config, load-balancer.ts and picker.ts for how calls are balanced).
 */
export { GRPC_POLICY_NAMES, grpcPolicyName, registerGrpcPolicies } from './register';
export { parsePolicyConfig, type ParsedPolicyConfig } from './config';
export { START_GRACE_MS } from './call-tracker';
export type { GrpcJs } from './compat';
