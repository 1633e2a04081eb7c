/**
 * Where the enrollment service reads the population and company registers' events from. The
 * registers deliver batches of lines; a reader keeps the cursor of the last entry it has
 * handled (in the same transaction as what it recorded from it) and asks for what follows.
 */

/** A position in the feed: `line` lines of the batch file `file` are consumed. */
export interface FeedCursor {
  file: string;
  line: number;
}

export interface FeedEntry {
  /** The position after this entry: hand it back to `read` to go on with the next one. */
  cursor: FeedCursor;
  /** The register's batch the line came in, to report a rejected line by batch and line. */
  batchId: string;
  /** 1-based, counting blank lines, as an editor shows it. */
  lineNumber: number;
  /** The line without its line ending; parse it with `parseRegisterLine`. */
  line: string;
}

export interface RegisterFeed {
  readonly name: string;
  /**
   * Up to `max` complete lines after `after` (null: from the start), in order. Fewer, or none,
   * when nothing more is complete yet; asking again later returns what has arrived since.
   */
  read(after: FeedCursor | null, max: number): Promise<FeedEntry[]>;
}
