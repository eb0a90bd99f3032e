/** Runs the `rpc-balancer` CLI from its TypeScript sources in a child process, as a user would run it. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** Sends SIGINT after this many ms. */
  interruptAfterMs?: number;
  /**
   * Sends SIGINT once stderr matches `stderr` (the CLI says when its Ctrl-C handler is in place)
   * and `ready()` holds (polled every 20 ms), instead of after a time a loaded machine can miss.
   */
  interruptWhen?: { stderr: RegExp; ready?: () => boolean };
  timeoutMs?: number;
  /** Replaces the child's environment variables of these names (PATH without openssl, ...). */
  env?: Record<string, string>;
}

export function cli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: opts.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const interrupt = opts.interruptAfterMs !== undefined ? setTimeout(() => child.kill('SIGINT'), opts.interruptAfterMs) : undefined;
    const when = opts.interruptWhen;
    const poll = when
      ? setInterval(() => {
        if (!when.stderr.test(stderr) || (when.ready && !when.ready())) return;
        clearInterval(poll);
        child.kill('SIGINT');
      }, 20)
      : undefined;
    const kill = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(kill);
      if (interrupt) clearTimeout(interrupt);
      if (poll) clearInterval(poll);
      resolve({ code, stdout, stderr });
    });
  });
}
