/**
 * Where a pool's relative paths (a grpc `proto`) resolve (no `vscode` here): against the folder of
 * the file that holds the pool. A user-settings pool is the user's: its paths must not depend on
 * whichever workspace is open (an untrusted one could otherwise pick the .proto a user pool loads).
 */
import { dirname } from 'node:path';
import type { PoolOrigin } from './settings';

export interface SettingsFolders {
  /** The folder of the user's settings.json. */
  user: string;
  /** The folder workspace settings are relative to: the folder opened, or a .code-workspace file's folder. */
  workspace?: string;
}

/**
 * `location` is the pool file's path for `file`; `folder` is the workspace folder a
 * `workspaceFolder` pool's settings belong to.
 */
export function poolBaseDir(origin: PoolOrigin, location: string, folders: SettingsFolders, folder?: string): string | undefined {
  switch (origin) {
    case 'user':
      return folders.user;
    case 'workspace':
      return folders.workspace;
    case 'workspaceFolder':
      return folder ?? folders.workspace;
    case 'file':
      return dirname(location);
    case 'demo':
      return undefined;
  }
}

/**
 * The user's settings folder from the extension's global storage, `<user>/globalStorage/<id>`:
 * the API names no settings path, and settings.json sits in that same `<user>` folder.
 */
export function userSettingsFolderOf(globalStoragePath: string): string {
  return dirname(dirname(globalStoragePath));
}

/** The folder workspace settings belong to: a .code-workspace file's folder, else the first folder opened. */
export function workspaceSettingsFolder(workspaceFile: string | undefined, firstFolder: string | undefined): string | undefined {
  return workspaceFile !== undefined ? dirname(workspaceFile) : firstFolder;
}
