/**
 * Clicks an endpoint's arc on the drawn ring like a user: finds a screen point inside the band
 * where that endpoint's path is the topmost element, then clicks it with the mouse.
 */
import type { Page } from 'playwright-core';

export async function clickArc(page: Page, id: string): Promise<void> {
  const point = await page.evaluate((endpointId) => {
    const path = Array.from(document.querySelectorAll<SVGPathElement>('.rb-arc')).find((p) => p.dataset.id === endpointId);
    const svg = path?.ownerSVGElement;
    const ctm = path?.getScreenCTM();
    if (!path || !svg || !ctm) return null;
    const vb = svg.viewBox.baseVal;
    const cx = vb.width / 2;
    const cy = vb.height / 2;
    const total = path.getTotalLength();
    const samples: DOMPoint[] = [];
    for (let i = 0; i < 2000; i++) samples.push(path.getPointAtLength((total * i) / 2000));
    const dists = samples.map((p) => Math.hypot(p.x - cx, p.y - cy));
    const mid = (Math.max(...dists) + Math.min(...dists)) / 2;
    for (const p of samples) {
      const d = Math.hypot(p.x - cx, p.y - cy);
      const q = new DOMPoint(cx + ((p.x - cx) / d) * mid, cy + ((p.y - cy) / d) * mid).matrixTransform(ctm);
      // The whole pixel the mouse will hit: maglev's cells can be thinner than a pixel.
      const x = Math.round(q.x);
      const y = Math.round(q.y);
      if (document.elementFromPoint(x, y) === path) return { x, y };
    }
    return null;
  }, id);
  if (!point) throw new Error(`no clickable point on the arc of ${id}`);
  await page.mouse.click(point.x, point.y);
}
