/** The sidebar's contribution and what its Pools tree says about each pool (no VS Code here). */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND, VIEW } from '../../../src/extension/ids';
import { HISTORY_DEFAULTS } from '../../../src/extension/history/store';
import { memberLine, problemNodes, staticMembers, textOf } from '../../../src/extension/sidebar/pool-nodes';
import { poolFromFile, poolsFromSetting } from '../../../src/extension/settings';
import { runsOf, type RunNode } from '../../../src/extension/sidebar/run-nodes';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('sidebar', () => {
  describe('manifest', () => {
    it('has the RPC Balancer container with its own icon, in a folder the package ships, and the Pools and Runs views', () => {
      const [container] = pkg.contributes.viewsContainers.activitybar;
      assert.deepEqual([container.id, container.title], [VIEW.container, 'RPC Balancer']);
      assert.ok(existsSync(join(root, container.icon)), container.icon);
      assert.match(container.icon, /^media\//, 'scripts/package-vsix.mjs copies media/');
      assert.deepEqual(pkg.contributes.views[VIEW.container].map((v: { id: string }) => v.id), [VIEW.pools, VIEW.runs]);
    });

    it('gives every pool the inline actions Run Load Test, Simulate, Compare, Show Hash Ring and Open Definition', () => {
      const inline = pkg.contributes.menus['view/item/context'].filter((m: { group: string; when: string }) => m.group.startsWith('inline') && m.when.includes(VIEW.pools));
      assert.deepEqual(inline.map((m: { command: string }) => m.command), [COMMAND.runLoadTest, COMMAND.simulatePool, COMMAND.compareStrategies, COMMAND.showHashRing, COMMAND.openPoolDefinition]);
      const ids = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
      for (const m of inline) assert.ok(pkg.contributes.commands.find((c: { command: string; icon?: string }) => c.command === m.command)?.icon, `${m.command} needs an icon to be inline`);
      for (const m of pkg.contributes.menus['view/item/context']) assert.ok(ids.has(m.command), m.command);
    });

    it('offers Start Demo Servers, Create Pool File and Open Walkthrough when there are no pools', () => {
      const welcome = pkg.contributes.viewsWelcome.find((w: { view: string }) => w.view === VIEW.pools).contents as string;
      for (const id of [COMMAND.startDemoServers, COMMAND.createPoolFile, COMMAND.openWalkthrough]) assert.ok(welcome.includes(`(command:${id})`), id);
    });

    it('declares rpcBalancer.history.maxRuns with the store\'s default', () => {
      const s = pkg.contributes.configuration.properties['rpcBalancer.history.maxRuns'];
      assert.equal(s.default, HISTORY_DEFAULTS.maxRuns);
      assert.equal(s.maximum, HISTORY_DEFAULTS.maxRunsLimit);
    });
  });

  describe('pool nodes', () => {
    const [good] = poolsFromSetting([{ name: 'orders', transport: 'http', endpoints: [{ id: 's1', address: 'http://127.0.0.1:1', weight: 2, zone: 'a', priority: 1 }] }], 'user');
    const [bad] = poolsFromSetting([{ name: 'broken', transport: 'http', endpoints: [{ id: 's1', address: 'localhost' }, { id: 's1', address: 'http://127.0.0.1:2' }] }], 'workspace');

    it('names a valid pool with where it comes from and lists its endpoints with address, weight, zone and priority', () => {
      const t = textOf({ kind: 'pool', entry: good });
      assert.equal(t.label, 'orders');
      assert.equal(t.description, 'user settings rpcBalancer.pools[0]');
      const [m] = staticMembers(good);
      assert.equal(memberLine(m), 'http://127.0.0.1:1 · weight 2 · zone a · priority 1');
    });

    it('shows a broken pool\'s first problem with its setting path, and every problem as a child', () => {
      const t = textOf({ kind: 'pool', entry: bad });
      assert.match(t.description ?? '', /^rpcBalancer\.pools\[0\]\.endpoints\[0\]\.address: /);
      const children = problemNodes(bad);
      assert.equal(children.length, bad.problems!.length);
      assert.ok(children.length >= 2);
      assert.match(textOf(children[0]).label, /^rpcBalancer\.pools\[0\]\.endpoints\[0\]\.address$/);
    });

    it('names a broken pool file\'s problem with the file', () => {
      const entry = poolFromFile('{"transport": "http", "endpoints": []}', '/w/x.rpcpool.json', '/w');
      assert.ok(entry.problems);
      assert.match(textOf({ kind: 'pool', entry }).description ?? '', /^\/w\/x\.rpcpool\.json/);
    });
  });

  describe('run selection', () => {
    const node = (file: string): RunNode => ({ kind: 'run', entry: { file, name: file, view: 'result', summary: { kind: 'simulation', status: 'completed', strategy: 'random', pool: 'p' } } });
    const [a, b, c] = [node('a.json'), node('b.json'), node('c.json')];

    it('acts on the selection when the clicked run is in it', () => {
      assert.deepEqual(runsOf(a, [a, b]), [a, b]);
    });

    it('acts on the clicked run alone when it is outside the selection, or there is none', () => {
      assert.deepEqual(runsOf(c, [a, b]), [c]);
      assert.deepEqual(runsOf(c, undefined), [c]);
    });

    it('takes the selection from a title action (no clicked run), and ignores what is not a run', () => {
      assert.deepEqual(runsOf(undefined, [a, { kind: 'skipped', skipped: { file: 'x', problem: 'y' } }, 'junk']), [a]);
      assert.deepEqual(runsOf('junk', undefined), []);
    });
  });
});
