import type { EventMetadata } from '@digital-post/event-store';
import { currentTraceContext } from '@digital-post/telemetry';
import { currentRequestContext } from './requestContext.ts';

/**
 * Metadata for events written now: correlation id, causation and actor from the request
 * context, and the W3C trace context of the active span, so a consumer can continue the trace.
 * Explicit `overrides` win.
 */
export const eventMetadataFromContext = (overrides: EventMetadata = {}): EventMetadata => {
  const context = currentRequestContext();
  const metadata: EventMetadata = { ...currentTraceContext() };
  if (context?.correlationId) metadata.correlationId = context.correlationId;
  if (context?.causationId) metadata.causationId = context.causationId;
  if (context?.actor) metadata.actor = context.actor;
  return { ...metadata, ...dropUndefined(overrides) };
};

const dropUndefined = (metadata: EventMetadata): EventMetadata =>
  Object.fromEntries(
    Object.entries(metadata).filter(([, value]) => value !== undefined),
  ) as EventMetadata;
