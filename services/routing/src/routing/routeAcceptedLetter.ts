import {
  enrollmentStreamOf,
  type MessageAccepted,
  type RoutedLetter,
} from '@digital-post/contracts';
import { forwardingStreamOf } from '../forwarding/forwardingDecider.ts';
import type {
  EventMetadata,
  EventStore,
  RecordedEvent,
  SqlExecutor,
} from '@digital-post/event-store';
import type { PrintChannel } from '@digital-post/print';
import {
  createCommandHandler,
  currentTraceContext,
  latestDataOf,
  withSpan,
} from '@digital-post/service-kit';
import { mailboxIdOf, type Recipient } from '../recipients/mailboxId.ts';
import { recordHeldLetter } from './heldLetters.ts';
import type { RouteProposal, RouteResolver } from './resolveRoute.ts';
import { routingDecider, type RecordPrint, type RouteLetter } from './routingDecider.ts';
import { routingStreamOf } from './routingEvents.ts';
import { historyIn, lookupsFromStreams, ruleFactsOfHops } from './streamLookups.ts';

/** Most forwarding rules one letter follows unless said otherwise; more is held. */
export const MAX_FORWARDING_CHAIN = 3;

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
 * and the consumer's processed id commit together or not at all. A letter is routed once: when
 * its routing stream holds a decision already, the decider decides nothing more.
 *
 * `doNotDeliverUntil` does not hold a letter back here: it is routed at once (enrollment at
 * sending time is what the sender was told when it asked about reachability), the decision
 * carries the time and the mailbox delivers it then; a paper letter carries it to the print
 * provider as `notBefore`.
 */
export const routeAcceptedLetter = (deps: RoutingConsumerDeps) => {
  const routing = createCommandHandler(deps.store, routingDecider);
  return (recorded: RecordedEvent, tx: SqlExecutor): Promise<void> =>
    withSpan('routing decide', { 'digital_post.event_id': recorded.id }, async () => {
      const accepted = latestDataOf<MessageAccepted>(recorded);
      const at = deps.now().toISOString();
      const request = {
        addressee: accepted.recipient,
        at,
        maxForwardingChain: deps.maxForwardingChain,
      };
      const history = historyIn(deps.store, tx);
      const proposal = await deps.resolveRoute(request, lookupsFromStreams(history));
      const command: RouteLetter = {
        type: 'RouteLetter',
        messageId: accepted.messageId,
        addresseeMailboxId: mailboxIdOf(accepted.recipient),
        letter: letterOf(accepted),
        proposal,
        rules: await ruleFactsOfHops(history, hopsOf(proposal)),
        at,
        release: deps.release,
        maxForwardingChain: deps.maxForwardingChain,
      };
      const streamId = routingStreamOf(accepted.messageId);
      const metadata = metadataFor(recorded);
      const { events, state } = await routing.handle(streamId, command, { tx, metadata });
      if (events[0]?.type === 'MessageHeld') {
        const context = {
          addresseeMailboxId: command.addresseeMailboxId,
          senderId: accepted.senderId,
        };
        await recordHeldLetter(tx, events[0].data, context);
      }
      if (events.length > 0 && state.channel === 'paper') {
        const printed = await printOrderOf(deps.printChannel, accepted);
        const print = { type: 'RecordPrint' as const, messageId: accepted.messageId, printed };
        await routing.handle(streamId, print, { tx, metadata });
      }
    });
};

/**
 * The streams routing an accepted letter reads: the addressee's enrollment and forwarding rules,
 * and the letter's routing stream. A batch reads them all at once; a rule's target, rarer, is
 * read as it is met.
 */
export const streamsToRoute = (recorded: RecordedEvent): string[] => {
  const accepted = latestDataOf<MessageAccepted>(recorded);
  return [...addresseeStreams(accepted.recipient), routingStreamOf(accepted.messageId)];
};

/** The streams that say how a letter reaches its addressee: enrollment and forwarding rules. */
export const addresseeStreams = (addressee: Recipient): string[] => [
  ...(addressee.kind === 'authority' ? [] : [enrollmentStreamOf(addressee)]),
  forwardingStreamOf(mailboxIdOf(addressee)),
];

/** What delivery needs of the letter, so the mailbox delivers from the decision alone. */
export const letterOf = (accepted: MessageAccepted): RoutedLetter => ({
  senderId: accepted.senderId,
  legalNotification: accepted.legalNotification,
  replyAllowed: accepted.replyAllowed,
  inReplyTo: accepted.inReplyTo,
  doNotDeliverUntil: accepted.doNotDeliverUntil,
});

export const hopsOf = (proposal: RouteProposal) =>
  proposal.kind === 'deliver' ? proposal.delivery.hops : proposal.hops;

/**
 * Prints after the decision is appended and before the transaction commits. A crash between
 * printing and commit redelivers the letter; the print channel is idempotent by message id, so
 * it is not printed twice, and MessagePrinted is then recorded with the first receipt.
 */
export const printOrderOf = async (
  printChannel: PrintChannel,
  accepted: MessageAccepted,
): Promise<RecordPrint['printed']> => {
  const { messageId, recipient, senderId, documents, doNotDeliverUntil } = accepted;
  if (recipient.kind === 'authority') throw new Error('an authority letter is never printed');
  const order = {
    messageId,
    recipient: { kind: recipient.kind, id: recipient.id },
    senderId,
    documents,
  };
  const receipt = await printChannel.print({ ...order, notBefore: doNotDeliverUntil });
  return {
    recipient: order.recipient,
    printChannel: printChannel.name,
    printJobId: receipt.printJobId,
    documentDigests: documents.map((document) => document.contentSha256),
    notBefore: doNotDeliverUntil,
    printedAt: receipt.printedAt,
  };
};

const metadataFor = (cause: RecordedEvent): EventMetadata => ({
  ...currentTraceContext(),
  correlationId: cause.metadata.correlationId ?? cause.id,
  causationId: cause.id,
  actor: { kind: 'system', id: 'routing' },
});
