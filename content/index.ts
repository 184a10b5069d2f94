/**
 * The content script's public entry: what the WXT entry (`entrypoints/hersys.content.ts`) and
 * the extension's training page use. Nothing else of `content/` is imported from outside it
 * (scripts/lint.mjs). See docs/architecture.md for the map of the folder.
 */
export { HOST_TAG, runContent, type ContentHandle, type ContentOptions, type ContentState } from './runtime';
export { logError } from './log';
/** The training page fills its replica with a scenario's record the way a person would. */
export { fillRecord } from './training-fill';
/** The page vocabulary's test for the My HER-SYS URL通知 control (the training page presses the replica's). */
export { isMyHersysNotifyLabel } from './page/classify';
