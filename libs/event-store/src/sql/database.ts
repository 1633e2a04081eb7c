/**
 * The one seam between the store and a PostgreSQL engine. The same SQL runs on the PostgreSQL
 * server (through `pg`) and on PGlite (in-process), so everything above this is written once.
 */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /**
   * In a transaction: NOTIFY on `channel` once it has committed, never if it rolls back, and
   * outside it (see `Database.notify`). Absent outside a transaction's executor.
   */
  notifyOnCommit?(channel: string): void;
  /**
   * In a transaction: runs `work` once it has committed, before the transaction's promise
   * settles, never if it rolls back. For what this process keeps in memory beside the tables
   * (caches), so it is current by the time the writer hears of the commit. Absent outside a
   * transaction's executor.
   */
  afterCommit?(work: () => void): void;
}

export interface Database extends SqlExecutor {
  readonly engine: 'postgres' | 'pglite';
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Calls `onNotify` for every NOTIFY on `channel`; resolves to a function that stops listening. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /**
   * NOTIFY on `channel`, outside any transaction, soon. Calls while one is on its way make one
   * more after it, not one each: a burst of commits costs two notifications, not a burst.
   */
  notify(channel: string): void;
  close(): Promise<void>;
}
