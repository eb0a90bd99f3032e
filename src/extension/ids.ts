/** Command ids, the panel's view type and the names users see; tiny, so activation can import it. */
export const VIEW_TYPE = 'rpcBalancer.results';
export const OUTPUT_NAME = 'RPC Balancer';

export const COMMAND = Object.freeze({
  runLoadTest: 'rpcBalancer.runLoadTest',
  compareStrategies: 'rpcBalancer.compareStrategies',
  simulatePool: 'rpcBalancer.simulatePool',
  showHashRing: 'rpcBalancer.showHashRing',
  exportResults: 'rpcBalancer.exportResults',
  editPools: 'rpcBalancer.editPools',
  startDemoServers: 'rpcBalancer.startDemoServers',
  stopDemoServers: 'rpcBalancer.stopDemoServers',
  openResultFile: 'rpcBalancer.openResultFile',
  showPoolMembers: 'rpcBalancer.showPoolMembers',
  exportConfig: 'rpcBalancer.exportConfig',
  findCapacity: 'rpcBalancer.findCapacity',
  // The sidebar's (src/extension/sidebar): pools, run history, compare two runs.
  openPoolDefinition: 'rpcBalancer.openPoolDefinition',
  refreshPools: 'rpcBalancer.refreshPools',
  createPoolFile: 'rpcBalancer.createPoolFile',
  openWalkthrough: 'rpcBalancer.openWalkthrough',
  openRun: 'rpcBalancer.openRun',
  deleteRun: 'rpcBalancer.deleteRun',
  revealRun: 'rpcBalancer.revealRun',
  exportRun: 'rpcBalancer.exportRun',
  compareRuns: 'rpcBalancer.compareRuns',
  refreshRuns: 'rpcBalancer.refreshRuns',
});

/** The activity bar's container and its tree views. */
export const VIEW = Object.freeze({
  container: 'rpcBalancer',
  pools: 'rpcBalancer.pools',
  runs: 'rpcBalancer.runs',
});

export type CommandId = (typeof COMMAND)[keyof typeof COMMAND];
