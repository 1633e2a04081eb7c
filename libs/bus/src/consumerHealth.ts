import type { ConsumerHealth, ConsumerLag, RunningConsumer } from './bus.ts';

export const running = (groupId: string): ConsumerHealth => ({ groupId, state: 'running' });

export const joining = (groupId: string): ConsumerHealth => ({ groupId, state: 'joining' });

export const restarting = (groupId: string, error: unknown): ConsumerHealth => ({
  groupId,
  state: 'restarting',
  reason: error instanceof Error ? error.message : String(error),
});

export const stalled = (groupId: string, reason: string): ConsumerHealth => ({
  groupId,
  state: 'stalled',
  reason,
});

/** The consumers a bus started and has not stopped: those its health lists and its close stops. */
export class StartedConsumers {
  private readonly started = new Set<RunningConsumer>();

  add(consumer: RunningConsumer): RunningConsumer {
    const tracked: RunningConsumer = {
      health: () => consumer.health(),
      lag: () => consumer.lag(),
      stop: async () => {
        this.started.delete(tracked);
        await consumer.stop();
      },
    };
    this.started.add(tracked);
    return tracked;
  }

  health(): ConsumerHealth[] {
    return [...this.started].map((consumer) => consumer.health());
  }

  lag(): Promise<ConsumerLag[]> {
    return Promise.all([...this.started].map((consumer) => consumer.lag()));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.started].map((consumer) => consumer.stop()));
  }
}
