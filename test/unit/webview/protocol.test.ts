import { strict as assert } from 'node:assert';
import {
  isExportMessage,
  isHostMessage,
  isPersistedState,
  isProgressMessage,
  isReadyMessage,
  isRingChangedMessage,
  isShowMessage,
  isWebviewMessage,
  showOf,
  stateOf,
  type RingView,
} from '../../../src/protocol/webview';

const ring: RingView = { strategy: 'maglev', options: { tableSize: 251 }, endpoints: [{ id: 'a', address: 'x', weight: 1 }], sampleKeys: ['k'] };

describe('webview protocol', () => {
  it('recognises each host message and nothing else', () => {
    assert.ok(isShowMessage({ type: 'show', view: 'ring', ring }));
    assert.ok(isShowMessage({ type: 'show', view: 'result', result: {} }));
    assert.ok(isShowMessage({ type: 'show', view: 'comparison', comparison: {} }));
    assert.ok(!isShowMessage({ type: 'show', view: 'ring' }), 'a show without its payload');
    assert.ok(!isShowMessage({ type: 'show', view: 'pie', ring }), 'an unknown view');
    assert.ok(!isShowMessage(null));
    assert.ok(isProgressMessage({ type: 'progress', requests: 10, p99: 3 }));
    assert.ok(!isProgressMessage({ type: 'progress' }));
    assert.ok(isHostMessage({ type: 'progress', requests: 0 }));
    assert.ok(!isHostMessage({ type: 'ready' }));
  });

  it('recognises each webview message and nothing else', () => {
    assert.ok(isReadyMessage({ type: 'ready' }));
    assert.ok(isExportMessage({ type: 'export' }));
    assert.ok(isRingChangedMessage({ type: 'ringChanged', removed: 'a', moved: 3 }));
    assert.ok(isRingChangedMessage({ type: 'ringChanged', added: 'n', moved: 0 }));
    assert.ok(!isRingChangedMessage({ type: 'ringChanged', removed: 'a' }), 'moved is required');
    assert.ok(!isRingChangedMessage({ type: 'ringChanged', removed: 5, moved: 1 }));
    assert.ok(isWebviewMessage({ type: 'export' }));
    assert.ok(!isWebviewMessage({ type: 'show', view: 'ring', ring }));
  });

  it('turns a show message into persisted state and back', () => {
    const m = { type: 'show', view: 'ring', ring } as const;
    const state = stateOf(m);
    assert.deepEqual(state, { view: 'ring', payload: ring });
    assert.ok(isPersistedState(JSON.parse(JSON.stringify(state))));
    assert.deepEqual(showOf(state), m);
    assert.ok(!isPersistedState({ view: 'ring' }));
    assert.ok(!isPersistedState({ view: 'other', payload: {} }));
  });
});
