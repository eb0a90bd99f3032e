/**
 * Everything the commands need, bundled apart from extension.ts into dist/extension-main.js and
 * required on first use. The extension host compiles a 1.3 MB bundle in 90-150 ms on a busy
 * 2-core machine even when its modules' evaluation is deferred, so activation loads none of it.
 */
export { runLoadTestCommand } from './commands/run-load-test';
export { compareStrategiesCommand } from './commands/compare-strategies';
export { simulatePoolCommand } from './commands/simulate-pool';
export { showHashRingCommand } from './commands/show-hash-ring';
export { exportResultsCommand } from './commands/export-results';
export { editPoolsCommand } from './commands/edit-pools';
export { startDemoServersCommand, stopDemoServersCommand, closeDemo } from './commands/demo-servers';
export { openResultFileCommand } from './commands/open-result-file';
export { showPoolMembersCommand } from './commands/show-pool-members';
export { exportConfigCommand } from './commands/export-config';
export { findCapacityCommand } from './commands/find-capacity';
export { restorePanel } from './panels/results-panel';
export { refreshPanels } from './panels/refresh';
export { openPoolDefinitionCommand, refreshPoolsCommand, createPoolFileCommand, openWalkthroughCommand } from './sidebar/pool-commands';
export { openRunCommand, deleteRunCommand, revealRunCommand, exportRunCommand, refreshRunsCommand } from './sidebar/run-commands';
export { compareRunsCommand } from './sidebar/compare-runs';
export { makePoolsTree, makeRunsTree } from './sidebar/trees';
export { refreshPoolTests } from './editor/pool-test-items';
export { runPoolTests } from './editor/run-pool-tests';
