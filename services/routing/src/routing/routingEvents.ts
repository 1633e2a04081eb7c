import type {
  ForwardingChainFollowed,
  MessageHeld,
  MessagePrinted,
  MessageRouted,
} from '@digital-post/contracts';

/** The events of a routing stream (`routing-<messageId>`). */
export type RoutingEvent =
  | { type: 'MessageRouted'; schemaVersion: 5; data: MessageRouted }
  | { type: 'ForwardingChainFollowed'; schemaVersion: 1; data: ForwardingChainFollowed }
  | { type: 'MessageHeld'; schemaVersion: 2; data: MessageHeld }
  | { type: 'MessagePrinted'; schemaVersion: 1; data: MessagePrinted };

export type HoldReason = MessageHeld['reason'];

export const routingStreamOf = (messageId: string): string => `routing-${messageId}`;
