import {
  messageStreamOf,
  writtenLetterStreamOf,
  type MessageAccepted,
  type RedirectOutcome,
  type RedirectRequest,
} from '@digital-post/contracts';
import type { Database, EventStore } from '@digital-post/event-store';
import type { PrintChannel } from '@digital-post/print';
import { createCommandHandler, latestDataOf } from '@digital-post/service-kit';
import { letterOf, printOrderOf } from '../routing/routeAcceptedLetter.ts';
import { routingDecider, type RoutingState } from '../routing/routingDecider.ts';
import { routingStreamOf } from '../routing/routingEvents.ts';
import {
  batchStreams,
  outcomeOf,
  trustedRoute,
  type RedecisionDeps,
  type StreamsOf,
} from './redecide.ts';

export interface RedirectDeps extends RedecisionDeps {
  /** Where decisions are written: appends checked against the contracts. */
  writer: Pick<EventStore, 'append' | 'readStream'>;
  db: Database;
  printChannel: PrintChannel;
}

/** The letter's acceptance: an authority's, or one written from a mailbox. */
const acceptanceOf = async (
  store: RedirectDeps['writer'],
  messageId: string,
): Promise<MessageAccepted | undefined> => {
  for (const streamId of [messageStreamOf(messageId), writtenLetterStreamOf(messageId)]) {
    const recorded = (await store.readStream(streamId)).find(
      (event) => event.type === 'MessageAccepted',
    );
    if (recorded) return latestDataOf<MessageAccepted>(recorded);
  }
  return undefined;
};

/** What the sender sees of a routed letter's place. */
const placeOf = (state: RoutingState) => ({
  channel: state.target!.channel,
  recipientMailboxId: state.target!.recipientMailboxId,
});

/**
 * Routes letters again under an operator's case, each in a transaction of its own: this release
 * decides from the facts before the recorded decision (as `redecide`), and where its decision
 * differs from the letter's latest it is recorded, with the case, for the mailbox to deliver;
 * a letter it sends to paper is printed here, as the consumer would. A letter that was held
 * leaves the held list. Asking again finds the latest decision already this one.
 */
export const redirectionOf = (deps: RedirectDeps) => {
  const routing = createCommandHandler(deps.writer, routingDecider);
  /** The letter's facts and this release's command for it, read before any transaction. */
  const commandFor = async (letter: RedirectRequest, streamOf: StreamsOf) => {
    const { state } = await routing.load(routingStreamOf(letter.messageId));
    const accepted = await acceptanceOf(deps.writer, letter.messageId);
    if (state.status === 'unrouted' || !accepted) return undefined;
    const route = await trustedRoute(deps, letter, state.letter ?? letterOf(accepted), streamOf);
    return { route, accepted, held: state.status === 'held' };
  };
  const redirectOne = async (
    letter: RedirectRequest,
    streamOf: StreamsOf,
  ): Promise<RedirectOutcome> => {
    const { messageId, caseReference, operatorId } = letter;
    const known = { messageId, release: deps.release };
    const found = await commandFor(letter, streamOf);
    if (!found) return { ...known, outcome: 'unknown' };
    const [trusted] = routingDecider.decide(found.route, routingDecider.initialState());
    const answer = outcomeOf(trusted!);
    if (answer.outcome === 'held') return { ...known, outcome: 'held', reason: answer.reason };
    const streamId = routingStreamOf(messageId);
    const metadata = { actor: { kind: 'operator' as const, id: operatorId } };
    const command = { type: 'Redirect' as const, route: found.route, caseReference };
    return deps.db.transaction(async (tx) => {
      const { events, state } = await routing.handle(streamId, command, { tx, metadata });
      if (events.length === 0) return { ...known, outcome: 'unchanged', ...placeOf(state) };
      if (found.held) {
        await tx.query('delete from routing.held_messages where message_id = $1', [messageId]);
      }
      if (state.channel === 'paper') {
        const printed = await printOrderOf(deps.printChannel, found.accepted);
        await routing.handle(streamId, { type: 'RecordPrint', messageId, printed }, { tx });
      }
      return { ...known, outcome: 'redirected', ...placeOf(state) };
    });
  };
  return {
    redirect: async (letters: RedirectRequest[]): Promise<RedirectOutcome[]> => {
      const streamOf = await batchStreams(deps.store, letters);
      const outcomes: RedirectOutcome[] = [];
      for (const letter of letters) outcomes.push(await redirectOne(letter, streamOf));
      return outcomes;
    },
  };
};
