import { describe, expect, it } from 'vitest';
import { eventMetadataFromContext } from './eventMetadata.ts';
import {
  currentCorrelationId,
  currentRequestContext,
  runInRequestContext,
  setCurrentActor,
} from './requestContext.ts';

describe('request context', () => {
  it('is absent outside an operation', () => {
    expect(currentRequestContext()).toBeUndefined();
    expect(currentCorrelationId()).toBeUndefined();
    expect(() => setCurrentActor({ kind: 'citizen', id: 'c1' })).toThrow(/outside/);
  });

  it('follows async work started inside it', async () => {
    const seen = await runInRequestContext({ correlationId: 'corr-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentCorrelationId();
    });
    expect(seen).toBe('corr-1');
  });

  it('gives event metadata from the context, with explicit values winning', () => {
    const metadata = runInRequestContext(
      { correlationId: 'corr-2', causationId: 'event-1' },
      () => {
        setCurrentActor({ kind: 'employee', id: 'rid-12', onBehalfOf: 'cvr-3' });
        return eventMetadataFromContext({ causationId: 'event-2', correlationId: undefined });
      },
    );
    expect(metadata).toEqual({
      correlationId: 'corr-2',
      causationId: 'event-2',
      actor: { kind: 'employee', id: 'rid-12', onBehalfOf: 'cvr-3' },
    });
  });
});
