/** The duration format lives in the engine (the webview reads it too); pools and their users take it from here. */
export { formatDuration, parseDuration } from '../engine/duration';
