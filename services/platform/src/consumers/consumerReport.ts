import type { ConsumerLag, ConsumerState, EventBus } from '@digital-post/bus';
import { backlogOf, type Backlog } from '../backlog.ts';

/** One consumer group of this process, as operators see it. */
export interface ConsumerReport {
  groupId: string;
  state: ConsumerState;
  /** Why it is restarting or stalled. */
  reason?: string;
  /** Null when it could not be asked (the store or the brokers do not answer). */
  behind: Backlog | null;
}

export interface ConsumersReport {
  consumers: ConsumerReport[];
  /** Why no lag is shown, when it could not be asked. */
  lagUnknown?: string;
}

const behindOf = (lag: ConsumerLag | undefined, now: number) => (lag ? backlogOf(lag, now) : null);

/** Health and lag of every consumer this process runs; a stopped one shows at once. */
export const consumersReport = async (bus: EventBus): Promise<ConsumersReport> => {
  const health = bus.health();
  let lags: ConsumerLag[] = [];
  let lagUnknown: string | undefined;
  try {
    lags = await bus.lag();
  } catch (error) {
    lagUnknown = error instanceof Error ? error.message : String(error);
  }
  const now = Date.now();
  return {
    consumers: health.map(({ groupId, state, reason }) => ({
      groupId,
      state,
      ...(reason !== undefined && { reason }),
      behind: behindOf(
        lags.find((lag) => lag.groupId === groupId),
        now,
      ),
    })),
    ...(lagUnknown !== undefined && { lagUnknown }),
  };
};
