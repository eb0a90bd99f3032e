/** How a panel's content was made, so a settings change can make it again (no `vscode` here). */
import type { HashStrategyName, StrategyName } from '../../engine/types';
import type { PoolOrigin } from '../settings';

export type PanelSource =
  | { kind: 'ring'; pool: string; origin: PoolOrigin; strategy: HashStrategyName | StrategyName }
  | { kind: 'simulation'; pool: string; origin: PoolOrigin; strategy: StrategyName; model: 'closed' | 'open' };
