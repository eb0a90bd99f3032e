/**
 * Find Capacity: for each picked strategy, the highest request rate whose steady state holds an
 * SLO (src/capacity), simulated (seeded, in seconds) or live against the pool's servers; drawn as
 * latency against offered load with the SLO line (the capacity view).
 */
import * as vscode from 'vscode';
import { findCapacity, formatCapacity, parseSlo } from '../../capacity';
import type { StrategyName } from '../../engine/types';
import { showError } from '../errors';
import { showCapacityPanel } from '../panels/results-panel';
import { preferredStrategy, strategyChoices, type Choice } from '../picks';
import { log, type Session } from '../session';
import { pickPoolAndMode } from './pick-mode';

const TITLE = 'RPC Balancer: Find Capacity';
const DEFAULT_SLO = 'p99<100ms,errors<1%';

type Mode = 'simulated' | 'live';
const MODES: Choice<Mode>[] = [
  { label: 'simulated', description: 'default', detail: "The pool's virtual servers (each endpoint's \"sim\"), seeded: nothing is contacted, done in seconds.", value: 'simulated' },
  { label: 'live', detail: "Each step a real load test against the pool's servers, at a rate the search chooses (it pushes them past what they hold).", value: 'live' },
];

/** The SLO typed in; the box says what is wrong with it while it is typed. */
async function askSlo(): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: TITLE,
    prompt: 'What every step must hold (latency percentiles p50, p90, p99, p999 and errors), as --fail-on writes it',
    value: DEFAULT_SLO,
    ignoreFocusOut: true,
    validateInput: (text) => {
      try {
        parseSlo(text);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
}

async function pickStrategies(preferred: StrategyName): Promise<StrategyName[] | undefined> {
  const items = strategyChoices(preferred).map((c) => ({ label: c.label, description: c.description, detail: c.detail, value: c.value, picked: c.value === preferred }));
  const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, title: TITLE, placeHolder: 'Strategies whose capacity to find', ignoreFocusOut: true });
  return chosen?.map((c) => c.value);
}

/** `given`: the pool to run on without asking (a Pools tree node or a pool reference, see pool-arg.ts). */
export async function findCapacityCommand(session: Session, given?: unknown): Promise<void> {
  const chosen = await pickPoolAndMode(session, 'Find Capacity', TITLE, MODES, given);
  if (!chosen) return;
  const { settings, entry, mode } = chosen;
  const strategies = await pickStrategies(preferredStrategy(entry, settings.defaultStrategy));
  if (!strategies || strategies.length === 0) return;
  const slo = await askSlo();
  if (slo === undefined) return;
  const pool = entry.pool;
  const abort = new AbortController();
  if (mode === 'live') session.running = abort;
  log(session, `capacity (${mode}): pool "${pool.name}", strategies ${strategies.join(', ')}, SLO ${slo}`);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `RPC Balancer: capacity of ${strategies.length} strategies on ${pool.name} at ${slo} (${mode})`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return findCapacity(
          { pool, strategies, slo, live: mode === 'live', ...(entry.baseDir !== undefined ? { baseDir: entry.baseDir } : {}) },
          {
            signal: abort.signal,
            onProgress: (p) => progress.report({ message: `${p.index + 1} of ${p.total}, ${p.variant}: ${Math.round(p.step.rate)} req/s ${p.step.holds ? 'holds' : 'breaks'}` }),
          },
        );
      },
    );
    for (const line of formatCapacity(result).split('\n')) log(session, line);
    if (result.variants.every((v) => v.curve.length === 0)) {
      void vscode.window.showInformationMessage('Capacity search cancelled before its first step finished.');
      return;
    }
    showCapacityPanel(session, result);
  } catch (e) {
    await showError(session, 'Find Capacity', e);
  } finally {
    if (session.running === abort) session.running = undefined;
  }
}
