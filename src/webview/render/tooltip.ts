/**
 * One tooltip per page: a positioned div whose lines are set with textContent. Position goes
 * through the CSSOM (element.style), which a strict style-src CSP allows.
 */
let tip: HTMLDivElement | undefined;

function element(): HTMLDivElement {
  if (tip && tip.isConnected) return tip;
  tip = document.createElement('div');
  tip.className = 'rb-tooltip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  document.body.appendChild(tip);
  return tip;
}

export function showTooltip(event: MouseEvent, lines: readonly string[]): void {
  const el = element();
  el.replaceChildren(
    ...lines.map((line, i) => {
      const div = document.createElement('div');
      if (i === 0) div.className = 'rb-tooltip-title';
      div.textContent = line;
      return div;
    }),
  );
  el.hidden = false;
  const pad = 12;
  const { innerWidth, innerHeight, scrollX, scrollY } = window;
  const rect = el.getBoundingClientRect();
  let x = event.clientX + pad;
  let y = event.clientY + pad;
  if (x + rect.width > innerWidth) x = Math.max(0, event.clientX - rect.width - pad);
  if (y + rect.height > innerHeight) y = Math.max(0, event.clientY - rect.height - pad);
  el.style.left = `${x + scrollX}px`;
  el.style.top = `${y + scrollY}px`;
}

export function hideTooltip(): void {
  if (tip) tip.hidden = true;
}
