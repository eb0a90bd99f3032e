import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LOG_TEXT_MAX, logText } from '../../../src/extension/log-text';

describe('extension log text (strings from the webview)', () => {
  it('keeps a short, clean string as it is', () => {
    assert.equal(logText('s2'), 's2');
    assert.equal(logText(''), '');
    assert.equal(logText('é ü 東京 🚀'), 'é ü 東京 🚀');
  });

  it(`caps a long string at ${LOG_TEXT_MAX} characters, the last an ellipsis`, () => {
    const out = logText('x'.repeat(1_000_000));
    assert.equal(out, 'x'.repeat(LOG_TEXT_MAX - 1) + '…');
    assert.equal(logText('x'.repeat(LOG_TEXT_MAX)), 'x'.repeat(LOG_TEXT_MAX), 'exactly the cap is not cut');
    assert.equal(logText('abcdef', 4), 'abc…');
  });

  it('strips line breaks and control characters, so no log line can be forged', () => {
    assert.equal(logText('s2\n[2026-01-01T00:00:00.000Z] demo servers stopped'), 's2[2026-01-01T00:00:00.000Z] demo servers stopped');
    assert.equal(logText('a\r\u0000\u0007\u001b[31mred\u007f\u0085\u009b'), 'a[31mred');
    assert.equal(logText('a\u2028b\u2029c'), 'abc');
  });

  it('strips bidi overrides and isolates, which would reorder what the reader sees', () => {
    assert.equal(logText('s1\u202egnp.exe\u202c \u2066x\u2069 \u200e\u200f\u061c'), 's1gnp.exe x ');
  });

  it('never splits a surrogate pair when it cuts', () => {
    const out = logText('🚀'.repeat(300));
    assert.equal(Array.from(out).length, LOG_TEXT_MAX);
    assert.ok(out.endsWith('🚀…'));
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(out), 'no lone high surrogate');
  });

  it('counts what it keeps, not what it strips', () => {
    assert.equal(logText('\n'.repeat(10_000) + 'ok'), 'ok');
  });

  it('always answers at most the cap, with no control character left (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), fc.integer({ min: 1, max: 300 }), (s, max) => {
        const out = logText(s, max);
        assert.ok(Array.from(out).length <= max);
        // eslint-disable-next-line no-control-regex -- the property is about control characters
        assert.ok(!/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(out));
        if (Array.from(out).length < max) assert.ok(!out.endsWith('…') || s.includes('…'));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
