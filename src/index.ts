/** The library's public API: the engine, pools, load tests, simulation, demo servers and results. */
export { createBalancer, strategies, isStrategyName } from './engine/registry';
export { ConfigError } from './engine/errors';
export { createSeededRandom } from './engine/seeded-random';
export * from './engine/types';

export { parsePool, loadPoolFile, PoolErrors } from './pools/parse';
export { parseScenario, loadScenarioFile } from './pools/scenario';
export { parseDuration } from './pools/duration';
export { poolSchema, scenarioSchema } from './pools/schema';
export { demoPool, demoScenario, demoServerOptions, DEMO_ENDPOINTS } from './pools/demo-pool';
export type * from './pools/types';

export { runLoadTest } from './loadtest';
export type { LoadTestConfig, RunOptions, RunProgress } from './loadtest/types';

export { simulate, simulateAsync, runSimulation } from './simulate';
export type { SimulationConfig, SimulationStats, KeySpace } from './simulate';
export type { RequestDataSpec } from './pools/types';

export { startDemoServers, DEMO_PROTO, DEMO_PROTO_JSON, writeDemoProto } from './demo';
export type { DemoServers, DemoServerOptions, DemoEndpointInfo, DemoTransport } from './demo';

export { mergeResults, mergeNamed, MergeError } from './result/merge';
export type { Shard } from './run/shard';
export { validateRunResult, assertValidRunResult, validateComparison, assertValidComparison } from './result/validate';
export { runResultSchema, comparisonSchema } from './result/schema';
export { redactPool } from './result/redact';
export type * from './result/types';

export { renderReportHtml, writeReportFile } from './report';

export { compareStrategies, formatComparison } from './compare';
export type { CompareConfig, CompareMode, CompareProgress, VariantInput } from './compare';

export { createBalancedDispatcher, BalancedDispatcher, NoEndpointError } from './integrations/undici';
export type * from './integrations/undici';

export { registerGrpcPolicies, grpcPolicyName, GRPC_POLICY_NAMES } from './integrations/grpc';

export { describePoolMembers, formatMember, createDiscovery } from './pools/discovery';
export type { PoolMember, DiscoverySource } from './pools/discovery';

export { findCapacity, formatCapacity, parseSlo, searchCapacity, rankingsAgree, CAPACITY_DEFAULTS } from './capacity';
export type { CapacityConfig, CapacityOptions, CapacityProgress, CapacityVariant, SearchOptions, SearchOutcome, SearchPoint } from './capacity';
export type * from './result/capacity';
export { exportConfig, parseVariants, EXPORT_FORMATS } from './config-export';
export type { ExportFormat, ExportOptions, ExportResult, Variant } from './config-export';
