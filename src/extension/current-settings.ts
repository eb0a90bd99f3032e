/** The load settings as they apply now: workspace values only in a trusted workspace (setting-scopes.ts). */
import * as vscode from 'vscode';
import { log, type Session } from './session';
import { readLoadSettings, SECTION, type LoadSettings } from './settings';
import { scopedValue } from './setting-scopes';

/** Throws a ConfigError naming the setting when one is wrong. */
export function currentLoadSettings(session: Session): LoadSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const trusted = vscode.workspace.isTrusted;
  const ignored: string[] = [];
  const settings = readLoadSettings((key) => {
    const v = scopedValue(config.inspect(key), trusted);
    if (v.ignoredWorkspaceValue) ignored.push(`${SECTION}.${key}`);
    return v.value;
  });
  if (ignored.length) log(session, `restricted mode: the workspace's values of ${ignored.join(', ')} are ignored; the user's settings apply`);
  return settings;
}
