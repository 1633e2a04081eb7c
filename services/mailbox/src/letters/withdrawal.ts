import type { Withdrawal, WithdrawalOutcome, WithdrawalPort } from '@digital-post/contracts';
import { ConcurrencyError, type Database, type EventStore } from '@digital-post/event-store';
import { createCommandHandler } from '@digital-post/service-kit';
import { letterStreamId } from '../shared/streams.ts';
import { letterDecider } from './letterDecider.ts';
import { toLetterEvent } from './letterEvents.ts';

export interface WithdrawalDeps {
  /** The mailbox's store: the withdrawal projected inline, so listings lose the letter at once. */
  store: Pick<EventStore, 'append' | 'readStream'>;
  db: Database;
  now: () => Date;
}

const ATTEMPTS = 3;

/**
 * Withdraws misdelivered letters for an operator: each letter its own append, so one that a
 * holder is opening at that moment is tried again on fresh state rather than failing the rest.
 * A letter kept for its delivery time leaves that queue too.
 */
export const withdrawalOf = (deps: WithdrawalDeps): WithdrawalPort => {
  const handler = createCommandHandler(deps.store, letterDecider, {
    toDecidedEvent: toLetterEvent,
  });
  const withdrawOne = async (letter: Withdrawal): Promise<WithdrawalOutcome> => {
    const { messageId, mailboxId, caseReference, operatorId } = letter;
    const command = {
      type: 'WithdrawLetter' as const,
      messageId,
      mailboxId,
      caseReference,
      at: deps.now().toISOString(),
    };
    const metadata = { actor: { kind: 'operator' as const, id: operatorId } };
    for (let attempt = 1; ; attempt += 1) {
      try {
        const streamId = letterStreamId(mailboxId, messageId);
        const { events } = await handler.handle(streamId, command, { metadata });
        await deps.db.query(
          'delete from mailbox.scheduled_deliveries where message_id = $1 and mailbox_id = $2',
          [messageId, mailboxId],
        );
        return { messageId, mailboxId, outcome: events.length > 0 ? 'withdrawn' : 'already' };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt === ATTEMPTS) throw error;
      }
    }
  };
  return {
    withdraw: async (letters) => {
      const outcomes: WithdrawalOutcome[] = [];
      for (const letter of letters) outcomes.push(await withdrawOne(letter));
      return outcomes;
    },
  };
};
