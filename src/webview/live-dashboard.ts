/**
 * The results panel while a run goes: `live` messages are applied to the model as they come
 * (cheap, see model/live.ts) and drawn at most once per animation frame, in place (render/live.ts).
 * VS Code delivers messages faster than frames when the host is busy; drawing each would only
 * repaint what the next frame repaints anyway.
 * <body> carries `data-live-updates`, `data-live-draws` and `data-live-intervals` so tests can
 * wait on what was drawn.
 */
import type { LiveMessage } from '../protocol/webview';
import { LiveModel } from './model/live';
import { LiveView } from './render/live';

export class LiveDashboard {
  private model = new LiveModel();
  private view: LiveView | undefined;
  private frame: number | undefined;
  /** The run whose final result replaced the dashboard: its late messages are not drawn. */
  private ended: string | undefined;
  private updates = 0;
  private draws = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly onCancel: (() => void) | undefined,
  ) {}

  /** Whether the dashboard is what the panel shows now. */
  get showing(): boolean {
    return this.view !== undefined && this.root.querySelector('.rb-live') !== null;
  }

  update(m: LiveMessage): void {
    if (m.run === this.ended) return;
    this.model.apply(m);
    this.updates++;
    if (!this.showing) {
      this.root.replaceChildren();
      this.view = new LiveView(this.root, this.onCancel);
      this.root.ownerDocument.body.dataset.view = 'live';
    }
    this.frame ??= requestAnimationFrame(() => this.drawNow());
  }

  /** The final result (or another view) takes the panel. */
  end(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    if (this.model.run) this.ended = this.model.run;
    this.view = undefined;
    this.model = new LiveModel();
  }

  private drawNow(): void {
    this.frame = undefined;
    if (!this.view) return;
    this.view.draw(this.model);
    this.draws++;
    const data = this.root.ownerDocument.body.dataset;
    data.liveUpdates = String(this.updates);
    data.liveDraws = String(this.draws);
    data.liveIntervals = String(this.model.intervals.length);
  }
}
