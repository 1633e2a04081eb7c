export type * from './bus.ts';
export * from './idempotentConsumer.ts';
export { createEmbeddedBus } from './embedded/embeddedBus.ts';
