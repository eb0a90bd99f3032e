/** The simulator's public surface. */
export { simulate, simulateAsync, runSimulation, SIMULATION_EPOCH, type SimulationOutput } from './simulate';
export { planSimulation, poolCapacityPerSecond, weightedCapacityPerSecond, SIM_DEFAULTS, type SimulationPlan, type ServerSpec } from './plan';
export { meanOf } from './distributions';
export type { SimulationConfig, SimulationStats } from './types';
export type { KeySpace } from '../pools/types';
