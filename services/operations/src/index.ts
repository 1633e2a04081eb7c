/**
 * Operations: the SREs' tools over the event log. Replay gives a window of the log, filtered,
 * as NDJSON or CSV; `pnpm ops` runs it on the database.
 */
export { replayLog, type ReplayOptions, type ReplayProgress } from './replay/replayLog.ts';
export { logWindowSchema, type Bound, type LogWindow } from './replay/logWindow.ts';
export { csvHeader, csvLine, ndjsonLine, replayedOf } from './replay/formats.ts';
export { ops } from './cli/ops.ts';
export { createOperationsService, type OperationsService } from './operationsService.ts';
