import type { PortDefinition } from '@digital-post/contracts';

/** Where a port's call is served: one POST route a method, under the service-only prefix. */
export const pathOf = (definition: Pick<PortDefinition<unknown>, 'name'>, method: string): string =>
  `/internal/${definition.name}/${method}`;

/** The content type of a port's answers, and of each line a stream sends. */
export const PORT_CONTENT_TYPE = 'application/json';
export const STREAM_CONTENT_TYPE = 'application/x-ndjson';

/** A port's own failure, as it travels: its class name and its fields. */
export interface CarriedPortError {
  portError: { name: string; fields: Record<string, string> };
}

/**
 * Who acts, as the calling service authenticated them (the person at a viewing client): the
 * serving side records it on the events the call writes, as it would in one process.
 */
export const ACTOR_HEADER = 'x-acting-actor';

/** The status of an answer that carries a port's own failure. */
export const PORT_ERROR_STATUS = 422;
