/**
 * The interactive ring: builds the balancer once, then redraws on each click with the change
 * the user asked for (remove an endpoint, add one, undo) and tells the host what moved.
 */
import { select } from 'd3';
import { prepareRing, ringModel, type RingBase, type RingEdit } from '../model/ring';
import type { RingChangedMessage, RingView } from '../../protocol/webview';
import { widthOf, type Div } from '../render/dom';
import { renderRing } from '../render/ring';

export function mountRing(parent: HTMLElement, view: RingView, onChange?: (m: RingChangedMessage) => void, width = widthOf(parent)): void {
  const body = select(parent).append('div').attr('class', 'rb-ring-view') as unknown as Div;
  let base: RingBase;
  try {
    base = prepareRing(view);
  } catch (e) {
    body.append('p').attr('class', 'rb-error').text(`Cannot draw the ${view.strategy} ring: ${(e as Error).message}`);
    return;
  }
  let added = 0;
  const draw = (edit?: RingEdit) => {
    body.selectAll('*').remove();
    let model;
    try {
      model = ringModel(base, edit);
    } catch (e) {
      body.append('p').attr('class', 'rb-error').text(`Cannot apply that change: ${(e as Error).message}`);
      model = ringModel(base);
      edit = undefined;
    }
    renderRing(body, model, width, {
      remove: (id) => draw({ remove: id }),
      reset: () => draw(),
      add: () => draw({ add: newEndpoint(view, ++added) }),
    });
    if (edit && model.change && onChange) {
      onChange({ type: 'ringChanged', ...('remove' in edit ? { removed: edit.remove } : { added: edit.add.id }), moved: model.change.moved });
    }
  };
  draw();
}

/** A fresh endpoint with the pool's mean weight, named so it cannot clash with one already there. */
function newEndpoint(view: RingView, n: number): { id: string; address: string; weight: number } {
  const ids = new Set(view.endpoints.map((ep) => ep.id));
  let id = `new-endpoint-${n}`;
  while (ids.has(id)) id = `${id}'`;
  const weight = view.endpoints.length ? view.endpoints.reduce((s, ep) => s + ep.weight, 0) / view.endpoints.length : 1;
  return { id, address: `added:${n}`, weight };
}
