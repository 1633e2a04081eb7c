import { randomUUID } from 'node:crypto';
import { createProductRegistry, type ContractRegistry } from '@digital-post/contracts';
import type {
  AppendResult,
  Database,
  EventStore,
  ExpectedVersion,
  NewEvent,
  SqlExecutor,
} from '@digital-post/event-store';

/** An event as the read models see it: appended in this transaction, at this stream version. */
export interface AppendedEvent {
  id: string;
  streamId: string;
  streamVersion: number;
  type: string;
  data: Record<string, unknown>;
}

/** Updates read models inside the appending transaction. */
export type Projector = (tx: SqlExecutor, events: AppendedEvent[]) => Promise<void>;

// Held as a plain registry: the event type is only known at run time here.
const registry: ContractRegistry = createProductRegistry();

/**
 * Every event is checked against its registered contract before it is stored: the Kafka relay
 * encodes through the registry, and an event it cannot encode would stop the relay for everyone.
 */
const assertContract = (event: NewEvent): void => {
  registry.get(event.type, event.schemaVersion ?? 1).zod.parse(event.data);
};

/**
 * Appends and projects in one transaction, so a viewing client that changes a letter and lists
 * the mailbox again sees its own change, and a read model can never miss or double an event.
 */
export const appendProjected = async (
  store: Pick<EventStore, 'append'>,
  tx: SqlExecutor,
  project: Projector,
  streamId: string,
  events: NewEvent[],
  expectedVersion: ExpectedVersion,
): Promise<AppendResult> => {
  events.forEach(assertContract);
  const withIds = events.map((event) => ({ ...event, id: event.id ?? randomUUID() }));
  const result = await store.append(streamId, withIds, { expectedVersion, tx });
  const firstVersion = result.nextExpectedVersion - withIds.length + 1;
  await project(
    tx,
    withIds.map((event, index) => ({
      id: event.id,
      streamId,
      streamVersion: firstVersion + index,
      type: event.type,
      data: event.data as Record<string, unknown>,
    })),
  );
  return result;
};

/**
 * The store as the command handler sees it: each append runs in its own transaction together
 * with the projection (and `alsoInTransaction`, for a side table such as folder names).
 */
export const projectingStore = (
  store: Pick<EventStore, 'append' | 'readStream'>,
  db: Database,
  project: Projector,
  alsoInTransaction?: (tx: SqlExecutor) => Promise<void>,
): Pick<EventStore, 'append' | 'readStream'> => ({
  readStream: (streamId, options) => store.readStream(streamId, options),
  append: (streamId, events, options) =>
    db.transaction(async (tx) => {
      const result = await appendProjected(
        store,
        tx,
        project,
        streamId,
        events,
        options?.expectedVersion ?? 'any',
      );
      await alsoInTransaction?.(tx);
      return result;
    }),
});
