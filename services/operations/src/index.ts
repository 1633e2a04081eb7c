/**
 * Operations: the SREs' tools over the event log. Replay gives a window of the log, filtered,
 * as NDJSON or CSV; a routing incident is every letter of a window that routing's trusted
 * release would have routed otherwise. `pnpm ops` runs them on the database.
 */
export { replayLog, type ReplayOptions, type ReplayProgress } from './replay/replayLog.ts';
export { logWindowSchema, type Bound, type LogWindow } from './replay/logWindow.ts';
export { csvHeader, csvLine, ndjsonLine, replayedOf } from './replay/formats.ts';
export { ops } from './cli/ops.ts';
export {
  createOperationsService,
  type EvidenceOptions,
  type OperationsService,
} from './operationsService.ts';
export { loadOrCreateCheckpointKey } from './evidence/checkpointKeyFile.ts';
export { ensureChainSchema } from './evidence/chainSchema.ts';
export type { BreachFigures } from './breaches/recordedBreaches.ts';
export { chainRound } from './evidence/chainer.ts';
export { eventsBehind } from './evidence/chainStore.ts';
export { startChainer } from './evidence/chainRunner.ts';
export { newCheckpointKey, publicKeyOf } from './evidence/checkpointKey.ts';
export { checkProof } from './evidence/checkProof.ts';
export type { EventProof } from './evidence/proof.ts';
export { verifyChain } from './evidence/verifyChain.ts';
export {
  reconstructRouting,
  type MisroutedLetter,
  type RoutingIncident,
} from './incidents/routing/reconstructRouting.ts';
export {
  reconstructEnrollment,
  type EnrollmentIncident,
  type WrongChange,
} from './incidents/enrollment/reconstructEnrollment.ts';
export { streamStateAt, type StreamState } from './state/streamState.ts';
export type { StreamView } from './state/views.ts';
