/** An event as the chain reads it: the stored text itself, never re-encoded by JavaScript. */
export interface ChainedRow {
  global_position: string | number;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: string | number;
  event_type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
}

/** The columns of `ChainedRow`: `data` and `metadata` as PostgreSQL writes jsonb out. */
export const chainedColumns = `global_position, transaction_id::text, event_id::text, stream_id,
  stream_version, event_type, schema_version, data::text as data, metadata::text as metadata,
  to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as recorded_at`;

/** Names the form of the canonical text, so a later form cannot be mistaken for this one. */
export const CANONICAL_FORM = 'digital-post-event/1';

/**
 * The text a leaf hashes: a JSON array of the form's name, the event's place and identity, its
 * type and version, when it was recorded, and its data and metadata exactly as stored. Anyone
 * holding it can read the event (it parses as JSON) and hash it again.
 */
export const canonicalOf = (row: ChainedRow): string => {
  const head = JSON.stringify([
    CANONICAL_FORM,
    Number(row.global_position),
    row.event_id,
    row.stream_id,
    Number(row.stream_version),
    row.event_type,
    row.schema_version,
    row.recorded_at,
  ]);
  return `${head.slice(0, -1)},${row.data},${row.metadata}]`;
};
