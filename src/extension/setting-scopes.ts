/**
 * Which settings scope counts (no `vscode` here). In restricted mode a workspace must not change
 * what the user's own pools do (a workspace `loadTest.rate` of a million would apply to them), so
 * only the user's value or the default is read. package.json declares these settings in
 * `restrictedConfigurations` too, and VS Code then drops their workspace values itself; reading
 * the scopes here keeps that true whatever the host does.
 */
export interface InspectedSetting {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** Every setting the extension contributes, under `rpcBalancer.`: all of them are restricted. */
export const RESTRICTED_SETTINGS = Object.freeze([
  'pools',
  'defaultStrategy',
  'loadTest.model',
  'loadTest.concurrency',
  'loadTest.rate',
  'loadTest.duration',
  'loadTest.timeout',
  'loadTest.warmup',
  'loadTest.stages',
  'history.maxRuns',
] as const);

export interface ScopedValue {
  value: unknown;
  /** A workspace or folder value was there and was not used (restricted mode). */
  ignoredWorkspaceValue: boolean;
}

/** The value that applies: folder over workspace over user over default when trusted; user over default when not. */
export function scopedValue(inspected: InspectedSetting | undefined, trusted: boolean): ScopedValue {
  const i = inspected ?? {};
  const fromWorkspace = i.workspaceFolderValue ?? i.workspaceValue;
  if (trusted) return { value: fromWorkspace ?? i.globalValue ?? i.defaultValue, ignoredWorkspaceValue: false };
  return { value: i.globalValue ?? i.defaultValue, ignoredWorkspaceValue: fromWorkspace !== undefined };
}
