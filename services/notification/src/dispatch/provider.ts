/** What a provider is handed: the notice's id (its idempotency key), the address and the words. */
export interface NoticeMessage {
  noticeId: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * What became of a handing-over. `refused`: the provider will never take it (an address that does
 * not exist); `retry`: not taken, try again later; `unknown`: it may have been taken (the
 * connection broke mid-way).
 */
export type HandingOutcome =
  | { kind: 'sent' }
  | { kind: 'refused'; detail: string }
  | { kind: 'retry'; detail: string }
  | { kind: 'unknown'; detail: string };

/** An e-mail or SMS provider behind the port the dispatcher hands notices to. */
export interface NoticeProvider {
  /**
   * Whether handing the same notice again is safe because the provider drops a repeat of its
   * key. Where it is not, a notice whose fate is unknown is never handed again: at most once.
   */
  readonly idempotent: boolean;
  send(message: NoticeMessage): Promise<HandingOutcome>;
  close(): Promise<void>;
}
