export {
  RELAY_SUBSCRIPTION,
  startKafkaRelay,
  type KafkaRelay,
  type KafkaRelayOptions,
  type RelayStatus,
} from './relay.ts';
export { createKafkaBus, type GroupTimeouts, type KafkaBusOptions } from './kafkaBus.ts';
export {
  defaultTopicsFile,
  readTopicPlan,
  topicPlan,
  type PlannedTopic,
  type TopicPlan,
} from './topics.ts';
export { lagOnKafka, PendingTimes } from './lagOnKafka.ts';
export { envelopeSchema, headerNames, type EventDataCodec } from './envelope.ts';
export type { BackoffOptions } from '../backoff.ts';
export type { KafkaConnectionOptions } from './client.ts';
