import { strict as assert } from 'node:assert';
import { REDACTED, redactPool, redactUrl } from '../../../src/result/redact';

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
