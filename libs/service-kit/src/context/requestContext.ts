import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '@digital-post/event-store';

/**
 * What is known about the operation in hand (an HTTP request, or an event a consumer handles),
 * so code deep below the route can stamp events and logs without threading it through every call.
 */
export interface RequestContext {
  correlationId: string;
  requestId?: string;
  /** Set by authentication once it knows who is acting. */
  actor?: Actor;
  /** The event that caused this operation, when a consumer handles one. */
  causationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `context` as the current request context (a consumer handling one event). */
export const runInRequestContext = <T>(context: RequestContext, fn: () => T): T =>
  storage.run(context, fn);

export const currentRequestContext = (): RequestContext | undefined => storage.getStore();

export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;

/** Records who is acting for the rest of the operation; fails loudly outside one. */
export const setCurrentActor = (actor: Actor): void => {
  const context = storage.getStore();
  if (!context) throw new Error('setCurrentActor called outside a request context');
  context.actor = actor;
};
