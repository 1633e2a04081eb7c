import { randomUUID } from 'node:crypto';
import {
  assertExpectedVersion,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
} from '@digital-post/event-store';

/**
 * TEST DOUBLE: a faithful-enough EventStore for command handler tests (append with expected
 * version checks, readStream). The real adapters are tested by the event store's contract suite;
 * reading the global log and subscriptions are not offered here.
 */
export class InMemoryEventStoreTestDouble implements EventStore {
  readonly events: RecordedEvent[] = [];
  /** Called before each append's version check: lets a test slip in a competing writer. */
  beforeAppend?: (streamId: string) => Promise<void> | void;

  async append(
    streamId: string,
    events: NewEvent[],
    { expectedVersion = 'any' }: AppendOptions = {},
  ): Promise<AppendResult> {
    await this.beforeAppend?.(streamId);
    const current = this.versionOf(streamId);
    assertExpectedVersion(streamId, expectedVersion, current);
    events.forEach((event, index) =>
      this.events.push(this.record(streamId, event, current + index + 1)),
    );
    const last = this.events.at(-1)!;
    return {
      nextExpectedVersion: current + events.length,
      lastPosition: { transactionId: last.transactionId, globalPosition: last.globalPosition },
    };
  }

  /** All or none: every expected version is checked before anything is appended. */
  async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    const versions = new Map<string, number>();
    for (const { streamId, events, expectedVersion = 'any' } of appends) {
      const current = versions.get(streamId) ?? this.versionOf(streamId);
      assertExpectedVersion(streamId, expectedVersion, current);
      versions.set(streamId, current + events.length);
    }
    const results: AppendResult[] = [];
    for (const { streamId, events } of appends) results.push(await this.append(streamId, events));
    return results;
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>();
    for (const streamId of streamIds) {
      const events = await this.readStream(streamId);
      if (events.length > 0) streams.set(streamId, events);
    }
    return streams;
  }

  async readStream(
    streamId: string,
    { fromVersion = 1, maxCount = Number.POSITIVE_INFINITY }: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    return this.events
      .filter((event) => event.streamId === streamId && event.streamVersion >= fromVersion)
      .slice(0, maxCount);
  }

  readAll(): Promise<RecordedEvent[]> {
    throw new Error('readAll is not offered by the in-memory test double');
  }

  subscribe(): never {
    throw new Error('subscribe is not offered by the in-memory test double');
  }

  async close(): Promise<void> {}

  private versionOf(streamId: string): number {
    return this.events.filter((event) => event.streamId === streamId).length;
  }

  private record(streamId: string, event: NewEvent, streamVersion: number): RecordedEvent {
    return {
      id: event.id ?? randomUUID(),
      type: event.type,
      schemaVersion: event.schemaVersion ?? 1,
      data: event.data,
      metadata: event.metadata ?? {},
      streamId,
      streamVersion,
      globalPosition: this.events.length + 1,
      transactionId: this.events.length + 1,
      recordedAt: new Date(),
    };
  }
}
