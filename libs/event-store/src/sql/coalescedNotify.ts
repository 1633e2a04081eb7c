/**
 * NOTIFY outside the writers' transactions, coalesced. PostgreSQL serialises the commits of all
 * transactions that notified, so a NOTIFY in every append caps concurrent writers; here a commit
 * asks for one, and while one is on its way further asks make a single one after it (which must
 * follow: a reader woken by the first may have read before their commits).
 */
export class CoalescedNotify {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(private readonly send: (channel: string) => Promise<unknown>) {}

  notify(channel: string): void {
    if (this.inFlight.has(channel)) {
      this.again.add(channel);
      return;
    }
    const sending = this.send(channel)
      .then(
        () => undefined,
        // Readers poll the log as well; a lost wake-up costs latency, never an event.
        () => undefined,
      )
      .finally(() => {
        this.inFlight.delete(channel);
        if (this.again.delete(channel)) this.notify(channel);
      });
    this.inFlight.set(channel, sending);
  }

  /** Resolves once no notification is on its way (before the connection closes). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }
}
