export { createSenderApi, type SenderApi, type SenderApiOptions } from './senderApi.ts';
export { DEFAULT_LIMITS, type SenderApiLimits } from './limits.ts';
export { acceptedEventId, messageStreamId } from './messages/acceptedEvent.ts';
export { messageSchema, type MessageRequest, type Acceptance } from './messages/messageSchema.ts';
export { STATUS_CONSUMER_GROUP } from './status/statusConsumer.ts';
