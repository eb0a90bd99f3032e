import { strict as assert } from 'node:assert';
import { show } from '../../../src/engine/errors';
import { REDACTED, redactPool, redactResult, redactText, redactUrl } from '../../../src/result/redact';

describe('result/redact', () => {
  const pool = {
    name: 'p',
    transport: 'http',
    key: 'user-{seq % 1000}',
    endpoints: [{ id: 'a', address: 'http://alice:s3cret@10.0.0.1:8080', weight: 1 }],
    request: {
      method: 'POST',
      path: '/rpc',
      headers: {
        Authorization: 'Bearer x',
        'Proxy-Authorization': 'Basic y',
        Cookie: 'sid=1',
        'X-API-Key': 'k',
        'X-Session-Token': 't',
        'x-client-secret': 's',
        'Content-Type': 'application/json',
      },
      body: { password: 'hunter2', user: 'bob', nested: { refreshToken: 'r', note: 'see https://u:p@example.com/x' } },
    },
    discovery: { type: 'etcd', endpoints: ['https://root:pw@etcd:2379', 'http://etcd2:2379'], prefix: '/svc' },
  };

  it('redacts secret headers, fields and URL user info in a deep copy', () => {
    const r = redactPool(pool);
    const h = r.request.headers;
    for (const name of ['Authorization', 'Proxy-Authorization', 'Cookie', 'X-API-Key', 'X-Session-Token', 'x-client-secret'] as const) {
      assert.equal(h[name], REDACTED, name);
    }
    assert.equal(h['Content-Type'], 'application/json');
    assert.equal(r.request.body.password, REDACTED);
    assert.equal(r.request.body.user, 'bob');
    assert.equal(r.request.body.nested.refreshToken, REDACTED);
    assert.equal(r.request.body.nested.note, 'see https://[redacted]@example.com/x');
    assert.equal(r.endpoints[0].address, 'http://[redacted]@10.0.0.1:8080');
    assert.deepEqual(r.discovery.endpoints, ['https://[redacted]@etcd:2379', 'http://etcd2:2379']);
    assert.equal(r.key, 'user-{seq % 1000}');
    // the original is untouched
    assert.equal(pool.request.headers.Authorization, 'Bearer x');
    assert.equal(pool.endpoints[0].address, 'http://alice:s3cret@10.0.0.1:8080');
  });

  it('leaves URLs without user info and e-mail-like text alone', () => {
    assert.equal(redactUrl('http://host:80/a@b'), 'http://host:80/a@b');
    assert.equal(redactUrl('mail bob@example.com'), 'mail bob@example.com');
    assert.equal(redactUrl('grpc://u@h:1'), 'grpc://[redacted]@h:1');
  });
});

describe('result/redact: the documented rule', () => {
  it('redacts every header, metadata and body field whose name holds auth, key, token, secret, pass, pwd, cookie, session or credential', () => {
    const names = ['x-authorization', 'Authentication', 'x-goog-api-key', 'proxy-authorization', 'access_token', 'api_key', 'pass', 'pwd', 'passphrase', 'auth', 'private_key', 'x-session-id', 'Set-Cookie', 'client_credential'];
    const headers: Record<string, string> = Object.fromEntries(names.map((n) => [n, 'hunter2']));
    const r = redactPool({ name: 'p', transport: 'http', endpoints: [], request: { headers, body: { deep: [{ ...headers, user: 'bob' } as Record<string, string>] } } });
    for (const n of names) {
      assert.equal(r.request.headers[n], REDACTED, `header ${n}`);
      assert.equal(r.request.body.deep[0][n], REDACTED, `body field ${n}`);
    }
    assert.equal(r.request.body.deep[0].user, 'bob');
    assert.doesNotMatch(JSON.stringify(r), /hunter2/);
  });

  it('keeps a body field named key (the hash key a test is about) but not a qualified one, a key header or a key query parameter', () => {
    const r = redactPool({ name: 'p', transport: 'jsonrpc', endpoints: [], request: { method: 'get', path: '/v1?key=AIza123', headers: { 'x-partition-key': 'p7' }, params: { key: 'user-{seq}', cacheKey: 'c1', apiKey: 'hunter2', secretKey: 'hunter2' } } });
    assert.deepEqual(r.request.params, { key: 'user-{seq}', cacheKey: 'c1', apiKey: REDACTED, secretKey: REDACTED });
    assert.equal(r.request.headers['x-partition-key'], REDACTED);
    assert.equal(r.request.path, `/v1?key=${REDACTED}`);
  });

  it('redacts secret query parameters in paths and URLs, form bodies, JSON-in-text and auth-scheme credentials', () => {
    assert.equal(redactText('/orders?token=abc&page=2'), '/orders?token=[redacted]&page=2');
    assert.equal(redactText('/x?access_token=abc;api_key=def#frag'), '/x?access_token=[redacted];api_key=[redacted]#frag');
    assert.equal(redactText('http://h:1/a?X-Goog-Api-Key=k1&q=ok'), 'http://h:1/a?X-Goog-Api-Key=[redacted]&q=ok');
    assert.equal(redactText('user=bob&pwd=s3cret&passphrase=open'), 'user=bob&pwd=[redacted]&passphrase=[redacted]');
    assert.equal(redactText('{"user":"bob","password":"hunter2","n":{"private_key":12}}'), '{"user":"bob","password":"[redacted]","n":{"private_key":"[redacted]"}}');
    assert.equal(redactText('x-authorization: Bearer eyJhbGciOi.x-y_z'), 'x-authorization: Bearer [redacted]');
    assert.equal(redactText('got "Basic dXNlcjpwYXNz"'), 'got "Basic [redacted]"');
    assert.equal(redactText('got "http://u:p@10.0.0.1:80"'), 'got "http://[redacted]@10.0.0.1:80"');
    // what is not a secret stays readable
    assert.equal(redactText('/orders/42?page=2&sort=asc'), '/orders/42?page=2&sort=asc');
    assert.equal(redactText('endpoints[1].address: expected http://host:port, got "localhost"'), 'endpoints[1].address: expected http://host:port, got "localhost"');
  });

  it('keeps the pool\'s own settings: the key template, strategy options, ids', () => {
    const r = redactPool({ name: 'orders', transport: 'http', key: { field: 'params.token' }, strategyOptions: { keyHeader: 'x-user' }, endpoints: [{ id: 'a', address: 'http://u:p@h:1', weight: 1 }] });
    assert.deepEqual(r.key, { field: 'params.token' });
    assert.deepEqual(r.strategyOptions, { keyHeader: 'x-user' });
    assert.deepEqual(r.endpoints[0], { id: 'a', address: 'http://[redacted]@h:1', weight: 1 });
  });

  it('redactResult: the pool, the error, event details and endpoint addresses of a result and of each result in a comparison', () => {
    const result = {
      kind: 'loadtest', error: 'cannot reach http://u:p@c:1/faults?token=t', config: { pool: { name: 'p', request: { headers: { 'x-api-key': 'k' } } }, strategy: 'random' },
      endpoints: [{ id: 'a', address: 'http://u:p@h:1', histogram: 'HISTFAAAAB14nJNpmSzMwMDAyAABzFCaEUQAAA==' }],
      events: [{ type: 'discovery-error', at: 1, detail: 'etcd https://root:pw@e:2379 down' }],
    };
    const comparison = redactResult({ kind: 'comparison', rows: [], results: [result] });
    const r = comparison.results[0];
    assert.equal(r.error, 'cannot reach http://[redacted]@c:1/faults?token=[redacted]');
    assert.equal(r.config.pool.request.headers['x-api-key'], REDACTED);
    assert.equal(r.endpoints[0].address, 'http://[redacted]@h:1');
    assert.equal(r.endpoints[0].histogram, result.endpoints[0].histogram);
    assert.equal(r.events[0].detail, 'etcd https://[redacted]@e:2379 down');
    assert.equal(result.config.pool.request.headers['x-api-key'], 'k', 'the original is untouched');
  });

  it('show() in error messages redacts what it echoes', () => {
    assert.equal(show('http://alice:s3cret@h:1'), '"http://[redacted]@h:1"');
    assert.equal(show('/x?token=abc'), '"/x?token=[redacted]"');
    assert.equal(show({ authorization: 'Bearer abc' }), '{"authorization":"[redacted]"}');
    assert.equal(show('localhost'), '"localhost"');
  });
});
