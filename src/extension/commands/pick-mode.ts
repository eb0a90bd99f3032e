/**
 * The start Compare Strategies and Find Capacity share: the settings, a pool, simulated or live,
 * and for a live run the checks a load test needs (none running, the workspace may send there).
 */
import * as vscode from 'vscode';
import type { Choice } from '../picks';
import { loadSettings, pick, pickPool } from '../quick-pick';
import type { Session } from '../session';
import type { LoadSettings, PoolEntry } from '../settings';
import { loadTestDecision } from '../trust';
import { tellRestricted } from '../trust-prompt';

export interface PoolAndMode<M> {
  settings: LoadSettings;
  entry: PoolEntry & { pool: NonNullable<PoolEntry['pool']> };
  mode: M;
}

export async function pickPoolAndMode<M extends string>(session: Session, what: string, title: string, modes: Choice<M>[], target?: unknown): Promise<PoolAndMode<M> | undefined> {
  const settings = await loadSettings(session, what);
  if (!settings) return undefined;
  const entry = await pickPool(session, title, target);
  if (!entry?.pool) return undefined;
  const mode = await pick(modes, 'Simulated or live?', title);
  if (!mode) return undefined;
  if (mode === 'live') {
    if (session.running) {
      void vscode.window.showWarningMessage('A load test is already running; cancel it from its notification first.');
      return undefined;
    }
    const decision = loadTestDecision(entry, vscode.workspace.isTrusted);
    if (!decision.allowed) {
      await tellRestricted(session, decision.reason, true);
      return undefined;
    }
  }
  return { settings, entry: entry as PoolAndMode<M>['entry'], mode };
}
