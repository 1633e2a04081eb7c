import {
  assertExpectedVersion,
  ConcurrencyError,
  newEventId,
  type EventMetadata,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type Database,
  type RecordedEvent,
  type SqlExecutor,
} from '@digital-post/event-store';
import type { Span } from '@opentelemetry/api';
import { eventMetadataFromContext } from '../context/eventMetadata.ts';
import { withSpan } from '@digital-post/telemetry';
import { foldEvents, type DecidedEvent, type Decider } from './decider.ts';

export interface CommandHandlerOptions<Event extends DecidedEvent> {
  /** Retries after a concurrent write, each against freshly loaded state. Default 3. */
  maxRetries?: number;
  /**
   * Turns a stored event into the decider's event: the place to upcast old schema versions or
   * validate data. By default type, data and schema version are taken as they are.
   */
  toDecidedEvent?: (event: RecordedEvent) => Event;
  /**
   * The store's database: each attempt then loads, decides, appends and does the command's
   * `alsoInTransaction` in one transaction of its own, retried as a whole after a conflict.
   */
  db?: Database;
}

export interface HandleOptions<Event = DecidedEvent> {
  /** Added to what the request context supplies (correlation id, actor, trace context). */
  metadata?: EventMetadata;
  /** The version the caller saw (If-Match). A mismatch fails at once, without retrying. */
  expectedVersion?: ExpectedVersion;
  /**
   * The caller's transaction (a consumer's, with its checkpoint): the stream is read and written
   * in it. A conflict is not retried here, since it aborts the transaction: the caller's work
   * runs again as a whole (a consumer gets the event again).
   */
  tx?: SqlExecutor;
  /**
   * What the command writes beside its events in the same transaction, e.g. personal data that
   * stays out of the events (a folder's name, a phone number). Needs `tx` or the handler's `db`.
   */
  alsoInTransaction?: (tx: SqlExecutor, events: Event[]) => Promise<void>;
}

export interface CommandResult<Event, State> {
  /** The new events; none when the command changed nothing. */
  events: Event[];
  /** The ids the new events were stored under, in order: what read models point to. */
  eventIds: string[];
  /** The stream's version now: the ETag for the next conditional request. */
  nextExpectedVersion: number;
  state: State;
}

export interface LoadedStream<State> {
  state: State;
  /** 0 for a stream with no events. */
  version: number;
}

export interface CommandHandler<Command, Event extends DecidedEvent, State> {
  handle(
    streamId: string,
    command: Command,
    options?: HandleOptions<Event>,
  ): Promise<CommandResult<Event, State>>;
  /**
   * The current state and version, e.g. to answer a GET with an ETag; with `tx`, as the caller's
   * transaction sees it, to decide with I/O of its own and then `handle` with that version.
   */
  load(streamId: string, tx?: SqlExecutor): Promise<LoadedStream<State>>;
}

/**
 * Load, fold, decide, append with the loaded version. When another writer got there first, start
 * over on the new state, a bounded number of times, then give up with the ConcurrencyError.
 */
export const createCommandHandler = <Command, Event extends DecidedEvent, State>(
  store: Pick<EventStore, 'append' | 'readStream'>,
  decider: Decider<Command, Event, State>,
  options: CommandHandlerOptions<Event> = {},
): CommandHandler<Command, Event, State> => {
  const maxRetries = options.maxRetries ?? 3;
  const toDecided = options.toDecidedEvent ?? defaultToDecided<Event>;

  const load = async (streamId: string, tx?: SqlExecutor): Promise<LoadedStream<State>> => {
    const recorded = await store.readStream(streamId, tx && { tx });
    return {
      state: foldEvents(decider, recorded.map(toDecided)),
      version: recorded.at(-1)?.streamVersion ?? 0,
    };
  };

  const decideAndAppend = async (
    streamId: string,
    command: Command,
    { expectedVersion: expected, tx, alsoInTransaction }: HandleOptions<Event>,
    metadata: EventMetadata,
  ): Promise<CommandResult<Event, State>> => {
    const { state, version } = await load(streamId, tx);
    if (expected !== undefined) assertExpectedVersion(streamId, expected, version);
    const events = decider.decide(command, state);
    if (events.length === 0) return { events, eventIds: [], nextExpectedVersion: version, state };
    const stored = events.map((event) => toNewEvent(event, metadata));
    const { nextExpectedVersion } = await store.append(streamId, stored, {
      expectedVersion: expected ?? version,
      ...(tx && { tx }),
    });
    if (alsoInTransaction) {
      if (!tx) throw new Error('alsoInTransaction needs a transaction: pass tx or the db option');
      await alsoInTransaction(tx, events);
    }
    const eventIds = stored.map((event) => event.id!);
    return { events, eventIds, nextExpectedVersion, state: foldEvents(decider, events, state) };
  };

  const attempt = (
    streamId: string,
    command: Command,
    opts: HandleOptions<Event>,
    metadata: EventMetadata,
  ): Promise<CommandResult<Event, State>> =>
    opts.tx || !options.db
      ? decideAndAppend(streamId, command, opts, metadata)
      : options.db.transaction((tx) =>
          decideAndAppend(streamId, command, { ...opts, tx }, metadata),
        );

  const handle: CommandHandler<Command, Event, State>['handle'] = (streamId, command, opts = {}) =>
    withSpan(`command ${commandName(command)}`, { 'digital_post.stream_id': streamId }, (span) =>
      retrying(span, maxRetries, opts.expectedVersion === undefined && !opts.tx, () =>
        // Inside the span, so the events' trace context names this command as their cause.
        attempt(streamId, command, opts, eventMetadataFromContext(opts.metadata)),
      ),
    );

  return { handle, load };
};

const retrying = async <T>(
  span: Span,
  maxRetries: number,
  mayRetry: boolean,
  work: () => Promise<T>,
): Promise<T> => {
  for (let retry = 0; ; retry += 1) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || !mayRetry || retry >= maxRetries) throw error;
      span.addEvent('concurrent write; deciding again', { retry: retry + 1 });
    }
  }
};

const defaultToDecided = <Event extends DecidedEvent>(event: RecordedEvent): Event =>
  ({ type: event.type, data: event.data, schemaVersion: event.schemaVersion }) as Event;

// Ids are given here, not by the store, so the caller learns them without reading them back.
const toNewEvent = (event: DecidedEvent, metadata: EventMetadata): NewEvent => ({
  id: newEventId(),
  type: event.type,
  data: event.data,
  ...(event.schemaVersion === undefined ? {} : { schemaVersion: event.schemaVersion }),
  metadata,
});

const commandName = (command: unknown): string => {
  const type = (command as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : 'handle';
};
