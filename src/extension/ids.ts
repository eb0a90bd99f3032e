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
});

export type CommandId = (typeof COMMAND)[keyof typeof COMMAND];
