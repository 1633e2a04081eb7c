import { ContractRegistry, createProductRegistry } from '@digital-post/contracts';
import type { EventStore, NewEvent, RecordedEvent } from '@digital-post/event-store';

/**
 * The store takes any JSON, but the Kafka relay encodes every event through the contract
 * registry: an event that does not fit its contract would stop the relay far from its cause.
 * Every service checks what it appends here first, so the writer fails instead.
 */
const registry: ContractRegistry = createProductRegistry();

export const checkedEvent = (event: NewEvent): NewEvent => ({
  ...event,
  data: registry.validate(event.type, event.schemaVersion ?? 1, event.data),
});

/** The store with every append checked against the contracts. */
export const contractCheckedStore = (
  store: Pick<EventStore, 'append' | 'readStream'>,
): Pick<EventStore, 'append' | 'readStream'> => ({
  append: (streamId, events, options) => store.append(streamId, events.map(checkedEvent), options),
  readStream: (streamId, options) => store.readStream(streamId, options),
});

/** The data of a consumed event, validated against the contract of the version it was written in. */
export const dataOf = <Data>(event: RecordedEvent): Data =>
  registry.validate(event.type, event.schemaVersion, event.data) as Data;

/**
 * The data of a consumed event as the newest version of its contract reads it, whatever version
 * it was written in: fields the writer did not know take their defaults (Avro schema
 * resolution). One way to read an event of many versions.
 */
export const latestDataOf = <Data>(event: RecordedEvent): Data => {
  const type = event.type as Parameters<typeof registry.encode>[0];
  // Most events are of the newest version already: one check, no round trip (a consumer's path).
  if (registry.latest(type).version === event.schemaVersion) return dataOf<Data>(event);
  const version = event.schemaVersion as never;
  const bytes = registry.encode(type, version, event.data as never);
  return registry.decode(type, version, bytes) as Data;
};
