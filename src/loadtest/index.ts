/** The load-test runner's public surface (re-exported by src/index.ts, used by the CLI and the extension). */
export { runLoadTest, startPlan } from './run-load-test';
export { makePlan, DEFAULTS as LOAD_TEST_DEFAULTS } from './plan';
export type { Plan } from './plan';
export { RunnerEvents } from './runner-events';
export type { RunnerEventMap } from './runner-events';
export { createTransport, errorKindOf } from './transports';
export type { CallRequest, CallResult, Transport, TransportOptions } from './transports';
export type { LoadTestConfig, RunOptions, RunProgress } from './types';
