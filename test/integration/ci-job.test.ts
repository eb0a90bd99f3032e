/**
 * The documented GitHub Actions job (docs/ci/github-actions.yml), run as GitHub would run its
 * `run:` steps: each with `bash --noprofile --norc -eo pipefail`, the job's env, in a fresh
 * workspace, in order, `if: always()` steps even after a failure. The one step replaced is the
 * install: the workspace gets node_modules/.bin/rpc-balancer pointing at the built CLI, what
 * `npm install rpc-balancer` leaves there (npm runs offline, so nothing is fetched).
 * Then the same job with a threshold the runs cannot meet: the step fails with exit 1 and the
 * JUnit file names the threshold.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { ROOT } from '../helpers/cli';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
}
interface Workflow {
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
}

const WORKFLOW = join(ROOT, 'docs', 'ci', 'github-actions.yml');
const CLI = join(ROOT, 'dist', 'cli.js');

function job(): { env: Record<string, string>; steps: Step[] } {
  const wf = load(readFileSync(WORKFLOW, 'utf8')) as Workflow;
  const jobs = Object.values(wf.jobs);
  assert.equal(jobs.length, 1, 'one job');
  return { env: jobs[0].env ?? {}, steps: jobs[0].steps };
}

function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'rpc-balancer-ci-'));
  mkdirSync(join(ws, 'loadtest'));
  copyFileSync(join(ROOT, 'docs', 'ci', 'example-pool.json'), join(ws, 'loadtest', 'pool.json'));
  mkdirSync(join(ws, 'node_modules', '.bin'), { recursive: true });
  const bin = join(ws, 'node_modules', '.bin', 'rpc-balancer');
  // exec: the pid a background step records is the CLI's own, as with npm's symlinked bin.
  writeFileSync(bin, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`);
  chmodSync(bin, 0o755);
  return ws;
}

interface StepRun {
  name: string;
  code: number | null;
  output: string;
}

function runStep(script: string, ws: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: ws,
      env: { ...process.env, ...env, npm_config_offline: 'true', npm_config_update_notifier: 'false', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const kill = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, output });
    });
  });
}

/** The job's steps as GitHub runs them: stop at the first failure, except `if: always()` steps. */
async function runJob(ws: string, edit: (script: string) => string = (s) => s): Promise<StepRun[]> {
  const { env, steps } = job();
  const runs: StepRun[] = [];
  let failed = false;
  for (const step of steps) {
    if (step.run === undefined) continue; // `uses:` steps are GitHub's actions (checkout, setup-node, reporters)
    if (/^npm install\b.*\brpc-balancer\b/.test(step.run.trim())) continue; // done by workspace()
    if (failed && !/always\(\)/.test(step.if ?? '')) continue;
    const r = await runStep(edit(step.run), ws, { ...env, ...(step.env ?? {}) });
    runs.push({ name: step.name ?? step.run.split('\n')[0], ...r });
    if (r.code !== 0) failed = true;
  }
  return runs;
}

function junitOf(ws: string, file: string): { tests: number; failures: number; cases: string[]; failed: string[] } {
  const xml = readFileSync(join(ws, 'results', file), 'utf8');
  const suites = /<testsuites [^>]*tests="(\d+)" failures="(\d+)"/.exec(xml);
  assert.ok(suites, `${file} is JUnit XML`);
  const cases = [...xml.matchAll(/<testcase name="([^"]*)"/g)].map((m) => m[1]);
  const failed = [...xml.matchAll(/<testcase name="([^"]*)"[^>]*>\s*<failure/g)].map((m) => m[1]);
  return { tests: Number(suites[1]), failures: Number(suites[2]), cases, failed };
}

/** Whether anything listens at 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

async function demoPorts(ws: string): Promise<number[]> {
  const pool = JSON.parse(readFileSync(join(ws, 'demo-pool.json'), 'utf8')) as { endpoints: { address: string }[] };
  return pool.endpoints.map((e) => Number(new URL(e.address).port));
}

/** The stop step must leave nothing behind; kills (by its recorded pid) what it left, then fails. */
async function assertStopped(ws: string): Promise<void> {
  const ports = await demoPorts(ws);
  for (let i = 0; i < 100; i++) {
    if (!(await Promise.all(ports.map(listening))).some(Boolean)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = Number(readFileSync(join(ws, 'serve-demo.pid'), 'utf8'));
  process.kill(pid, 'SIGKILL');
  assert.fail(`the stop step left the demo servers running (pid ${pid})`);
}

describe('the documented GitHub Actions job', function () {
  this.timeout(240_000);

  before(() => {
    // The job runs the CLI as installed: the bundle, not the sources.
    execFileSync(process.execPath, ['scripts/build.mjs', '--cli'], { cwd: ROOT, stdio: 'ignore' });
  });

  it('passes on the example pool and the demo servers, with a JUnit file per check', async () => {
    const ws = workspace();
    const runs = await runJob(ws);
    assert.deepEqual(runs.map((r) => [r.name, r.code]), [
      ['Simulate the pool', 0],
      ['Start the demo servers', 0],
      ['Live check against the demo servers', 0],
      ['Stop the demo servers', 0],
    ], runs.map((r) => `${r.name}: ${r.output}`).join('\n'));
    await assertStopped(ws);
    const sim = junitOf(ws, 'simulation.xml');
    assert.deepEqual([sim.tests, sim.failures, sim.cases], [2, 0, ['p99&gt;100ms', 'errors&gt;1%']]);
    const live = junitOf(ws, 'live.xml');
    assert.deepEqual([live.tests, live.failures, live.cases], [2, 0, ['p99&gt;2s', 'errors&gt;5%']]);
    const result = JSON.parse(readFileSync(join(ws, 'results', 'live.json'), 'utf8')) as { kind: string; totals: { requests: number } };
    assert.equal(result.kind, 'loadtest');
    assert.ok(result.totals.requests > 100, `the live check sent ${result.totals.requests} requests`);
  });

  it('fails the step with exit 1 when a threshold is breached, and the JUnit file names it', async () => {
    const ws = workspace();
    // A p99 no run can stay under, in the simulation step; the live steps do not run after it.
    const runs = await runJob(ws, (s) => s.replace('--fail-on "p99>100ms,errors>1%"', '--fail-on "p99>0.001ms,errors>1%"'));
    assert.deepEqual(runs.map((r) => [r.name, r.code]), [
      ['Simulate the pool', 1],
      ['Stop the demo servers', 0],
    ], runs.map((r) => `${r.name}: ${r.output}`).join('\n'));
    assert.match(runs[0].output, /FAILED --fail-on p99>0\.001ms: p99 was [\d.]+ms/);
    const sim = junitOf(ws, 'simulation.xml');
    assert.deepEqual([sim.tests, sim.failures, sim.failed], [2, 1, ['p99&gt;0.001ms']]);
    assert.ok(!existsSync(join(ws, 'demo-pool.json')), 'the demo servers were not started');

    // The live check alone: the same, against the demo servers.
    const live = workspace();
    const liveRuns = await runJob(live, (s) => s.replace('--fail-on "p99>100ms,errors>1%"', '--fail-on "p99>10s"').replace('--fail-on "p99>2s,errors>5%"', '--fail-on "p99>0.001ms,errors>5%"'));
    assert.deepEqual(liveRuns.map((r) => [r.name, r.code]), [
      ['Simulate the pool', 0],
      ['Start the demo servers', 0],
      ['Live check against the demo servers', 1],
      ['Stop the demo servers', 0],
    ], liveRuns.map((r) => `${r.name}: ${r.output}`).join('\n'));
    await assertStopped(live);
    assert.deepEqual(junitOf(live, 'live.xml').failed, ['p99&gt;0.001ms']);
  });
});
