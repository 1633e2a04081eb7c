/**
 * Paper post ("fjernprint"): a print provider prints and posts a letter for a recipient who is
 * exempt or not enrolled. The port has two sides in practice: the provider's API, and the local
 * channel that writes what would be printed (development, tests, a small deployment).
 */
export interface PrintOrder {
  messageId: string;
  /** Posted to by number; the provider looks up the postal address itself. */
  recipient: { kind: 'cpr' | 'cvr'; id: string };
  senderId: string;
  documents: { documentId: string; contentSha256: string; mimeType: string; sizeBytes: number }[];
  /** The sender's "not before" time: the provider posts on or after it. */
  notBefore: string | null;
}

export interface PrintReceipt {
  /** The channel's reference of the job; the same for a repeated order of the same letter. */
  printJobId: string;
  printedAt: string;
}

export interface PrintChannel {
  /** Recorded on MessagePrinted, to tell which provider took a letter. */
  readonly name: string;
  /**
   * Idempotent by message id: ordering the same letter again returns the first receipt and
   * prints nothing, because a consumer may be handed the same letter more than once.
   */
  print(order: PrintOrder): Promise<PrintReceipt>;
}
