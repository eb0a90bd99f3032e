/** Every pool the user can pick: settings in each scope, `*.rpcpool.json` files, the demo servers. */
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { poolBaseDir, userSettingsFolderOf, workspaceSettingsFolder, type SettingsFolders } from './base-dir';
import type { Session } from './session';
import { poolFromFile, poolsFromSetting, SECTION, type PoolEntry } from './settings';

export const POOL_FILE_GLOB = '**/*.rpcpool.json';
const MAX_POOL_FILES = 200;

function settingsFolders(session: Session): SettingsFolders {
  const storage = session.context.globalStorageUri;
  const file = vscode.workspace.workspaceFile;
  const workspace = workspaceSettingsFolder(file?.scheme === 'file' ? file.fsPath : undefined, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
  return {
    // Without a local settings folder (a virtual user-data scheme) there is no file to be relative to.
    user: storage.scheme === 'file' ? userSettingsFolderOf(storage.fsPath) : homedir(),
    ...(workspace !== undefined ? { workspace } : {}),
  };
}

export function poolsFromSettings(session: Session): PoolEntry[] {
  const entries: PoolEntry[] = [];
  const folders = settingsFolders(session);
  const root = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('pools');
  entries.push(...poolsFromSetting(root?.globalValue, 'user', poolBaseDir('user', '', folders)));
  entries.push(...poolsFromSetting(root?.workspaceValue, 'workspace', poolBaseDir('workspace', '', folders)));
  // Folder settings only differ from workspace settings in a multi-root workspace.
  if ((vscode.workspace.workspaceFolders?.length ?? 0) > 1 || vscode.workspace.workspaceFile) {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const v = vscode.workspace.getConfiguration(SECTION, folder.uri).inspect<unknown>('pools')?.workspaceFolderValue;
      entries.push(...poolsFromSetting(v, 'workspaceFolder', poolBaseDir('workspaceFolder', '', folders, folder.uri.fsPath)));
    }
  }
  return entries;
}

export async function poolsFromFiles(): Promise<PoolEntry[]> {
  if (!vscode.workspace.workspaceFolders?.length) return [];
  const files = await vscode.workspace.findFiles(POOL_FILE_GLOB, '**/node_modules/**', MAX_POOL_FILES);
  files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  return Promise.all(
    files.map(async (uri) => {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      return poolFromFile(text, uri.fsPath, dirname(uri.fsPath));
    }),
  );
}

export async function gatherPools(session: Session): Promise<PoolEntry[]> {
  const entries = [...poolsFromSettings(session), ...(await poolsFromFiles())];
  if (session.demo) entries.unshift(session.demo.entry);
  return entries;
}

/** Finds a pool again by name and origin (panels refresh with it after a settings change). */
export async function findPool(session: Session, name: string, origin: PoolEntry['origin']): Promise<PoolEntry | undefined> {
  return (await gatherPools(session)).find((e) => e.name === name && e.origin === origin);
}
