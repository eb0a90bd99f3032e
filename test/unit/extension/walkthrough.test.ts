import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND } from '../../../src/extension/ids';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}

describe('walkthrough rpcBalancer.gettingStarted', () => {
  const walkthrough = (pkg.contributes.walkthroughs as { id: string; steps: Step[] }[]).find((w) => w.id === 'rpcBalancer.gettingStarted');

  it('takes a new user through demo, load test, compare, ring and export, in that order', () => {
    assert.ok(walkthrough, 'contributed');
    const commands = walkthrough.steps.map((s) => /\(command:([\w.]+)\)/.exec(s.description)?.[1]);
    assert.deepEqual(commands, [COMMAND.startDemoServers, COMMAND.runLoadTest, COMMAND.compareStrategies, COMMAND.showHashRing, COMMAND.exportResults]);
  });

  it('links only commands the extension contributes, and each step\'s page exists in media/ (packaged)', () => {
    const contributed = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
    for (const step of walkthrough!.steps) {
      for (const m of step.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(contributed.has(m[1]), `${step.id}: ${m[1]}`);
      const page = step.media.markdown ?? step.media.image;
      assert.ok(page?.startsWith('media/') && existsSync(join(ROOT, page)), `${step.id}: ${page}`);
      assert.ok(pkg.files.includes('media'));
      // A step is done when its command ran.
      assert.deepEqual(step.completionEvents, [`onCommand:${/\(command:([\w.]+)\)/.exec(step.description)![1]}`]);
    }
  });
});
