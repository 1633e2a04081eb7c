import type {
  EnrollmentRedecisionPort,
  RedecisionPort,
  WithdrawalPort,
} from '@digital-post/contracts';
import type { Database, EventStore } from '@digital-post/event-store';
import {
  contractCheckedStore,
  type FastifyPluginAsyncZod,
  type ReadinessCheck,
} from '@digital-post/service-kit';
import { breachRoutes } from './breaches/breachRoutes.ts';
import { breachFigures, type BreachFigures } from './breaches/recordedBreaches.ts';
import { CHAIN_READINESS, startChainer } from './evidence/chainRunner.ts';
import { ensureChainSchema } from './evidence/chainSchema.ts';
import { evidenceRoutes } from './evidence/evidenceRoutes.ts';
import type { CheckpointKey } from './evidence/checkpointKey.ts';
import { DEFAULT_CHECKPOINTS, type CheckpointPolicy } from './evidence/checkpointing.ts';
import { enrollmentIncidentRoutes } from './incidents/enrollment/enrollmentIncidentRoutes.ts';
import { routingIncidentRoutes } from './incidents/routing/routingIncidentRoutes.ts';
import { remediationRoutes } from './remediation/remediationRoutes.ts';
import { replayRoutes } from './replay/replayRoutes.ts';
import { stateRoutes } from './state/stateRoutes.ts';

export interface OperationsService {
  /** The SREs' routes for the operations front, behind the platform's operator check. */
  adminRoutes: FastifyPluginAsyncZod;
  /** Starts keeping the chain over the log (when this process has the checkpoint key). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Fails while the chain this process keeps is not growing. */
  readinessChecks: ReadinessCheck[];
  /** The breaches open, overdue, and the next deadline: for the process's metrics. */
  breachFigures(): Promise<BreachFigures>;
}

/** The tamper-evident chain over the log, kept by this process. */
export interface EvidenceOptions {
  key: CheckpointKey;
  policy?: CheckpointPolicy;
  batchSize?: number;
  idleMs?: number;
}

export interface OperationsDeps {
  db: Database;
  /** Where breaches are recorded: streams `breach-<id>` of the log. */
  store: EventStore;
  /** Routing's trusted release, deciding letters again (reconstruction) and routing them again
   * where they belonged (remediation). */
  redecision: RedecisionPort;
  /** The mailbox, taking misdelivered letters out of the mailboxes that got them. */
  withdrawal: WithdrawalPort;
  /** Enrollment's rules in force, deciding changes again for an incident's reconstruction. */
  enrollmentRedecision: EnrollmentRedecisionPort;
  /** Without it no chain is kept here (another process keeps it). */
  evidence?: EvidenceOptions;
  onError?: (error: unknown) => void;
  now?: () => Date;
}

/** Events a round of the chain takes at most. */
const CHAIN_BATCH = 5_000;

/**
 * The operations service reads the log, records breaches and keeps the chain over the log; it
 * consumes nothing.
 */
export const createOperationsService = (deps: OperationsDeps): OperationsService => {
  const { db, redecision, withdrawal, enrollmentRedecision, evidence } = deps;
  const store = contractCheckedStore(deps.store);
  const now = deps.now ?? (() => new Date());
  let chainer: ReturnType<typeof startChainer> | undefined;
  return {
    breachFigures: () => breachFigures(db, now()),
    readinessChecks: [
      { name: CHAIN_READINESS, check: (signal) => chainer?.readiness.check(signal) },
    ],
    start: async () => {
      await ensureChainSchema(db);
      if (!evidence || chainer) return;
      chainer = startChainer(db, {
        key: evidence.key,
        policy: evidence.policy ?? DEFAULT_CHECKPOINTS,
        batchSize: evidence.batchSize ?? CHAIN_BATCH,
        idleMs: evidence.idleMs ?? 1_000,
        now,
        onError: deps.onError ?? (() => undefined),
      });
    },
    stop: async () => {
      await chainer?.stop();
      chainer = undefined;
    },
    adminRoutes: async (app) => {
      await app.register(replayRoutes(db));
      await app.register(stateRoutes(db));
      await app.register(routingIncidentRoutes(db, redecision));
      await app.register(enrollmentIncidentRoutes(db, enrollmentRedecision));
      await app.register(breachRoutes({ db, store, redecision, enrollmentRedecision, now }));
      await app.register(remediationRoutes({ db, redecision, withdrawal }));
      await app.register(evidenceRoutes(db, evidence && { key: evidence.key, now }));
    },
  };
};
