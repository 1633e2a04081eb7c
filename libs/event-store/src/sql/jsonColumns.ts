import type { NewEvent } from '../events.ts';

/**
 * Events' data and metadata go to the database as one JSON array each, which the statement
 * takes apart by each row's ordinality (`$n::jsonb -> (ordinality - 1)::int`): one text written
 * by V8's own serialiser and parsed once by the server. An array of JSON texts (`jsonb[]`) is
 * escaped character by character by the client and parsed twice by the server, as an array
 * literal and then each element; for a 400-event insert on the server the client spent twice the
 * CPU and the insert took half as long again.
 */
export const eventJson = (events: readonly NewEvent[]): [data: string, metadata: string] => [
  JSON.stringify(events.map((event) => event.data)),
  JSON.stringify(events.map((event) => event.metadata ?? {})),
];
