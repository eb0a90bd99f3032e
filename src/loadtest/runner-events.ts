/**
 * The runner's typed events (STYLE.md: the runner emits typed events; the CLI progress line,
 * the VS Code progress and the recorder subscribe). Listeners are called synchronously; one
 * that throws does not stop the run or the other listeners.
 */
import type { RunEvent, RunResult } from '../result/types';
import type { RunProgress } from './types';

export interface RunnerEventMap {
  /** About every 250 ms. */
  progress: RunProgress;
  /** An ejection, a fault applied, a membership change. */
  event: RunEvent;
  /** The run's result, once (also for cancelled and failed runs). */
  done: RunResult;
}

type Listener<T> = (payload: T) => void;

export class RunnerEvents {
  private readonly listeners: { [K in keyof RunnerEventMap]: Listener<RunnerEventMap[K]>[] } = {
    progress: [],
    event: [],
    done: [],
  };

  on<K extends keyof RunnerEventMap>(type: K, listener: Listener<RunnerEventMap[K]>): () => void {
    const list = this.listeners[type];
    list.push(listener);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  emit<K extends keyof RunnerEventMap>(type: K, payload: RunnerEventMap[K]): void {
    for (const listener of this.listeners[type]) {
      try {
        listener(payload);
      } catch {
        // A broken progress printer must not end a load test.
      }
    }
  }
}
