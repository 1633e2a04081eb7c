/**
 * A sleep that a notification cuts short. A wake that arrives while nobody sleeps is remembered,
 * so an append between "read found nothing" and "go to sleep" is not slept through.
 */
export class Wakeup {
  private pending = false;
  private resolveSleep: (() => void) | undefined;

  wake(): void {
    if (this.resolveSleep) this.resolveSleep();
    else this.pending = true;
  }

  async wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, timeoutMs);
      function finish(): void {
        clearTimeout(timer);
        resolve();
      }
      this.resolveSleep = finish;
    });
    this.resolveSleep = undefined;
    this.pending = false;
  }
}
