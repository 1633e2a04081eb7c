export { createSenderApi, type SenderApi, type SenderApiOptions } from './senderApi.ts';
export { DEFAULT_LIMITS, type SenderApiLimits } from './limits.ts';
export { acceptedEventId, messageStreamId } from './messages/acceptedEvent.ts';
export { messageSchema, type MessageRequest, type Acceptance } from './messages/messageSchema.ts';
export { STATUS_CONSUMER_GROUP } from './status/statusConsumer.ts';
export { INCOMING_CONSUMER_GROUP } from './incoming/consumer.ts';
/** For the database's setup by its owner (platform's setupDatabase): the service's own schema. */
export { ensureSenderApiSchema } from './schema.ts';
