/** Where a pool's relative grpc `proto` path resolves: the folder of the file that holds the pool. */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemoProto } from '../../../src/demo/proto';
import { poolBaseDir, userSettingsFolderOf, workspaceSettingsFolder } from '../../../src/extension/base-dir';
import { formatProblem, poolFromFile, poolsFromSetting } from '../../../src/extension/settings';

const folders = { user: '/home/u/.config/Code/User', workspace: '/w' };

describe('extension pool base folders (relative proto paths)', () => {
  it('resolves a user-settings pool against the user settings folder, whatever workspace is open', () => {
    assert.equal(poolBaseDir('user', 'rpcBalancer.pools[0]', folders), '/home/u/.config/Code/User');
    assert.equal(poolBaseDir('user', 'rpcBalancer.pools[0]', { user: '/home/u/.config/Code/User' }), '/home/u/.config/Code/User');
  });

  it('resolves a workspace-settings pool against the workspace folder', () => {
    assert.equal(poolBaseDir('workspace', 'rpcBalancer.pools[0]', folders), '/w');
  });

  it('resolves a folder-settings pool against its own folder of a multi-root workspace', () => {
    assert.equal(poolBaseDir('workspaceFolder', 'rpcBalancer.pools[0]', folders, '/w/api'), '/w/api');
  });

  it('resolves a *.rpcpool.json pool against the folder of the file', () => {
    assert.equal(poolBaseDir('file', '/w/pools/orders.rpcpool.json', folders), '/w/pools');
  });

  it('has no base folder for the demo pool (it names no file)', () => {
    assert.equal(poolBaseDir('demo', 'demo servers', folders), undefined);
  });

  it('finds the user settings folder from the global storage folder', () => {
    assert.equal(userSettingsFolderOf('/home/u/.config/Code/User/globalStorage/rpc-balancer.rpc-balancer'), '/home/u/.config/Code/User');
  });

  it('takes a .code-workspace file\'s folder for workspace settings, else the folder opened', () => {
    assert.equal(workspaceSettingsFolder('/p/team.code-workspace', '/p/api'), '/p');
    assert.equal(workspaceSettingsFolder(undefined, '/w'), '/w');
    assert.equal(workspaceSettingsFolder(undefined, undefined), undefined);
  });

  describe('with a real .proto on disk', () => {
    let root: string;
    const user = () => join(root, 'user-data', 'User');
    const workspace = () => join(root, 'workspace');
    const grpcPool = { name: 'g', transport: 'grpc', endpoints: [{ id: 'a', address: '127.0.0.1:50051' }], request: { proto: 'demo.proto', service: 'demo.Echo', method: 'Call' } };

    before(() => {
      root = mkdtempSync(join(tmpdir(), 'rb-base-dir-'));
      mkdirSync(user(), { recursive: true });
      mkdirSync(join(workspace(), 'pools'), { recursive: true });
      writeDemoProto(join(user(), 'demo.proto'));
      writeDemoProto(join(workspace(), 'pools', 'demo.proto'));
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('a user pool loads the proto beside the user settings, and keeps that folder for the run', () => {
      const dirs = { user: user(), workspace: workspace() };
      const [e] = poolsFromSetting([grpcPool], 'user', poolBaseDir('user', '', dirs));
      assert.equal(e.problems, undefined);
      assert.equal(e.baseDir, user());
    });

    it('a workspace pool does not find the user\'s proto: it looks in the workspace folder', () => {
      const [e] = poolsFromSetting([grpcPool], 'workspace', poolBaseDir('workspace', '', { user: user(), workspace: workspace() }));
      assert.equal(formatProblem(e.problems![0]), `rpcBalancer.pools[0].request.proto: no such file "demo.proto" (looked for ${join(workspace(), 'demo.proto')})`);
    });

    it('a pool file loads the proto beside itself, and keeps that folder for the run', () => {
      const file = join(workspace(), 'pools', 'g.rpcpool.json');
      const e = poolFromFile(JSON.stringify(grpcPool), file, poolBaseDir('file', file, { user: user() })!);
      assert.equal(e.problems, undefined);
      assert.equal(e.baseDir, join(workspace(), 'pools'));
    });
  });
});
