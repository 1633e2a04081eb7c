/** What both halves of the generated log share: its shape, its people's CPR numbers, its rows. */
export interface ForensicsWorld {
  citizens: number;
  companies: number;
  letters: number;
  /** The window's first moment; the letters are spread over the three days after it. */
  start: Date;
}

export const WINDOW_HOURS = 72;
export const cprOf = (expression: string) =>
  `'0101' || lpad(((${expression}) % 80 + 20)::text, 2, '0') || lpad(((${expression}) / 80)::text, 4, '0')`;

export const insert = `insert into events (event_id, stream_id, stream_category, stream_version,
  event_type, schema_version, data, metadata, recorded_at)`;
