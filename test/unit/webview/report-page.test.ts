import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedJson, renderReportHtml, renderWebviewHtml, writeReportFile } from '../../../src/report';
import type { RingView } from '../../../src/protocol/webview';

// The report inlines whatever bundle it is given; these tests look at the page around it.
const assets = { script: 'document.body.dataset.ok = "</script>";', style: 'body { color: red; }' };
const hostile: RingView = {
  strategy: 'rendezvous',
  options: {},
  endpoints: [{ id: '</script><script>alert(1)</script>', address: '<!-- \u2028 & "q"', weight: 1 }],
  sampleKeys: ['<b>k</b>'],
};

function dataOf(html: string): string {
  const m = /<script type="application\/json" id="rpc-balancer-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'the data element is present');
  return m[1];
}

describe('report pages', () => {
  it('embeds the payload so it cannot close its element, and it parses back unchanged', () => {
    const html = renderReportHtml(hostile, { assets });
    const data = dataOf(html);
    assert.ok(!data.includes('<'), 'no raw < in the embedded JSON');
    assert.deepEqual(JSON.parse(data), hostile);
    assert.equal((html.match(/<script/g) ?? []).length, 2, 'only the data element and the bundle are scripts');
  });

  it('inlines the bundle and styles under a nonce CSP with nothing remote', () => {
    const html = renderReportHtml(hostile, { assets, nonce: 'abc123' });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.match(csp, /style-src 'nonce-abc123'/);
    assert.ok(!/unsafe-(inline|eval)/.test(csp));
    assert.ok(html.includes('<script nonce="abc123">document.body.dataset.ok = "<\\/script>";</script>'), 'the bundle, with </script escaped');
    assert.ok(html.includes('<style nonce="abc123">body { color: red; }</style>'));
    assert.ok(!/\b(src|href)=/.test(html.replace(dataOf(html), '')), 'no external resource');
  });

  it('uses a fresh random nonce for every page', () => {
    const nonce = (html: string) => /'nonce-([^']+)'/.exec(html)?.[1];
    const a = nonce(renderReportHtml(hostile, { assets }));
    const b = nonce(renderReportHtml(hostile, { assets }));
    assert.ok(a && b && a !== b && a.length >= 16);
  });

  it('escapes the title', () => {
    const html = renderReportHtml(hostile, { assets, title: '<img src=x onerror=alert(1)>' });
    assert.ok(html.includes('<title>&lt;img src=x onerror=alert(1)&gt;</title>'));
  });

  it('builds the panel page with the VS Code CSP and assets by URI', () => {
    const html = renderWebviewHtml({ scriptUri: 'vscode-resource:/m/webview.js', styleUri: 'vscode-resource:/m/webview.css', nonce: 'n0', cspSource: 'vscode-resource:', title: 'Results "x"' });
    assert.ok(html.includes(`content="default-src 'none'; img-src vscode-resource: data:; style-src vscode-resource: 'nonce-n0'; script-src 'nonce-n0'"`));
    assert.ok(html.includes('<script nonce="n0" src="vscode-resource:/m/webview.js"></script>'));
    assert.ok(html.includes('<title>Results &quot;x&quot;</title>'));
  });

  it('writes the report atomically (no temp file left beside it)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rb-report-'));
    const file = join(dir, 'report.html');
    await writeReportFile(file, hostile, { assets });
    await writeReportFile(file, hostile, { assets });
    assert.deepEqual(await readdir(dir), ['report.html']);
    assert.deepEqual(JSON.parse(dataOf(await readFile(file, 'utf8'))), hostile);
  });

  it('escapes the separators JavaScript once rejected', () => {
    assert.equal(embedJson('a\u2028b<'), '"a\\u2028b\\u003c"');
  });
});
