import type { MessageAccepted, RoutedLetter } from '@digital-post/contracts';
import {
  ConcurrencyError,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
  type SqlExecutor,
} from '@digital-post/event-store';
import type { PrintChannel } from '@digital-post/print';
import {
  currentTraceContext,
  foldEvents,
  latestDataOf,
  withSpan,
} from '@digital-post/service-kit';
import { mailboxIdOf } from '../recipients/mailboxId.ts';
import { recordHeldMessage } from './heldMessages.ts';
import type { RouteProposal, RouteResolver } from './resolveRoute.ts';
import { routingDecider, type RouteMessage } from './routingDecider.ts';
import { routingStreamOf, type RoutingEvent } from './routingEvents.ts';
import { lookupsFromStreams, ruleFactsOfHops } from './streamLookups.ts';

export interface RoutingConsumerDeps {
  store: Pick<EventStore, 'append' | 'readStream'>;
  printChannel: PrintChannel;
  resolveRoute: RouteResolver;
  now: () => Date;
  release: string;
  maxForwardingChain: number;
}

/**
 * Routes one accepted letter inside the consumer's transaction: the decision, the held-list row
 * and the consumer's processed id commit together or not at all. The routing stream must not
 * exist yet: if it does, the letter was routed before and nothing more happens.
 *
 * `doNotDeliverUntil` does not hold a letter back here: it is routed at once, the mailbox shows
 * it from that time on, and a paper letter carries it to the print provider as `notBefore`.
 * Holding it here would need a scheduler to release it, and enrollment at sending time is what
 * the sender was told when it asked about reachability.
 */
export const routeAcceptedMessage =
  (deps: RoutingConsumerDeps) =>
  (recorded: RecordedEvent, tx: SqlExecutor): Promise<void> =>
    withSpan('routing decide', { 'digital_post.event_id': recorded.id }, async () => {
      const accepted = latestDataOf<MessageAccepted>(recorded);
      const at = deps.now().toISOString();
      const request = {
        addressee: accepted.recipient,
        at,
        maxForwardingChain: deps.maxForwardingChain,
      };
      const proposal = await deps.resolveRoute(request, lookupsFromStreams(deps.store, tx));
      const command: RouteMessage = {
        type: 'RouteMessage',
        messageId: accepted.messageId,
        addresseeMailboxId: mailboxIdOf(accepted.recipient),
        letter: letterOf(accepted),
        proposal,
        rules: await ruleFactsOfHops(deps.store, tx, hopsOf(proposal)),
        at,
        release: deps.release,
        maxForwardingChain: deps.maxForwardingChain,
      };
      const events = routingDecider.decide(command, routingDecider.initialState());
      const version = await appendOnce(deps, tx, accepted.messageId, events, metadataFor(recorded));
      if (version === undefined) return;
      const state = foldEvents(routingDecider, events);
      if (state.status === 'held' && events[0]?.type === 'MessageHeld') {
        const context = {
          addresseeMailboxId: command.addresseeMailboxId,
          senderId: accepted.senderId,
        };
        await recordHeldMessage(tx, events[0].data, context);
      }
      if (state.channel === 'paper') await printLetter(deps, tx, accepted, version, recorded);
    });

/** What delivery needs of the letter, so the mailbox delivers from the decision alone. */
const letterOf = (accepted: MessageAccepted): RoutedLetter => ({
  senderId: accepted.senderId,
  legalNotification: accepted.legalNotification,
  replyAllowed: accepted.replyAllowed,
  inReplyTo: accepted.inReplyTo,
});

const hopsOf = (proposal: RouteProposal) =>
  proposal.kind === 'deliver' ? proposal.delivery.hops : proposal.hops;

/** Returns the stream version after the append, or undefined when the letter was routed before. */
const appendOnce = async (
  deps: RoutingConsumerDeps,
  tx: SqlExecutor,
  messageId: string,
  events: RoutingEvent[],
  metadata: EventMetadata,
): Promise<number | undefined> => {
  try {
    const result = await deps.store.append(
      routingStreamOf(messageId),
      events.map((event) => ({ ...event, metadata })),
      { expectedVersion: 'no_stream', tx },
    );
    return result.nextExpectedVersion;
  } catch (error) {
    if (error instanceof ConcurrencyError) return undefined;
    throw error;
  }
};

/**
 * Prints after the decision is appended and before the transaction commits. A crash between
 * printing and commit redelivers the letter; the print channel is idempotent by message id, so
 * it is not printed twice, and MessagePrinted is then recorded with the first receipt.
 */
const printLetter = async (
  deps: RoutingConsumerDeps,
  tx: SqlExecutor,
  accepted: MessageAccepted,
  version: number,
  recorded: RecordedEvent,
): Promise<void> => {
  const { messageId, recipient, senderId, documents, doNotDeliverUntil } = accepted;
  if (recipient.kind === 'authority') throw new Error('an authority letter is never printed');
  const order = {
    messageId,
    recipient: { kind: recipient.kind, id: recipient.id },
    senderId,
    documents,
  };
  const receipt = await deps.printChannel.print({ ...order, notBefore: doNotDeliverUntil });
  const printed = {
    recipient: order.recipient,
    printChannel: deps.printChannel.name,
    printJobId: receipt.printJobId,
    documentDigests: documents.map((document) => document.contentSha256),
    notBefore: doNotDeliverUntil,
    printedAt: receipt.printedAt,
  };
  const state = { status: 'routed' as const, channel: 'paper' as const, printed: false };
  const events = routingDecider.decide({ type: 'RecordPrint', messageId, printed }, state);
  const metadata = metadataFor(recorded);
  await deps.store.append(
    routingStreamOf(messageId),
    events.map((event) => ({ ...event, metadata })),
    { expectedVersion: version, tx },
  );
};

const metadataFor = (cause: RecordedEvent): EventMetadata => ({
  ...currentTraceContext(),
  correlationId: cause.metadata.correlationId ?? cause.id,
  causationId: cause.id,
  actor: { kind: 'system', id: 'routing' },
});
