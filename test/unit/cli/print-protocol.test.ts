import { strict as assert } from 'node:assert';
import { printResult } from '../../../src/cli/print';
import { eventfulResult, withProtocols } from '../webview/fixtures';

function printed(result: Parameters<typeof printResult>[0]): string[] {
  const lines: string[] = [];
  printResult(result, (l) => lines.push(...l.split('\n')));
  return lines;
}

const cells = (line: string): string[] => line.trim().split(/\s{2,}/);

describe('cli/print: the protocol column', () => {
  const simulated = eventfulResult();

  it('a simulation gets no protocol column', () => {
    const header = printed(simulated).find((l) => l.startsWith('endpoint'))!;
    assert.deepEqual(cells(header), ['endpoint', 'weight', 'share', 'fair share', 'requests', 'errors', 'p50', 'p99', 'max']);
  });

  it('a run whose endpoints negotiated a protocol gets it after the id, the total none (its next cell is the weight sum), and a note for a fallback', () => {
    const lines = printed(withProtocols(simulated, ['h2', 'h2', 'http/1.1', 'h2c', 'h2']));
    const header = lines.findIndex((l) => l.startsWith('endpoint'));
    assert.deepEqual(cells(lines[header]).slice(0, 3), ['endpoint', 'protocol', 'weight']);
    const rows = lines.slice(header + 2, header + 8).map(cells);
    assert.deepEqual(rows.map((r) => r.slice(0, 2)), [['s1', 'h2'], ['s2', 'h2'], ['s3', 'http/1.1 (no h2)'], ['s4', 'h2c'], ['s5', 'h2'], ['total', '6']]);
    assert.ok(lines.includes('note: HTTP/2 was asked for, but s3 was answered over http/1.1: the server chose it by ALPN (it offers no h2)'), lines.join('\n'));
  });

  it('no note when every endpoint got HTTP/2', () => {
    assert.equal(printed(withProtocols(simulated, Array(5).fill('h2c'))).some((l) => l.includes('asked for')), false);
  });
});
