export type * from './bus.ts';
export { consumerStates } from './bus.ts';
export * from './idempotentConsumer.ts';
export { createEmbeddedBus, type EmbeddedBusOptions } from './embedded/embeddedBus.ts';
export { lagOnLog } from './embedded/lagOnLog.ts';
export { inEventTrace } from './consumeSpan.ts';
