import { isOwnMailbox, mayActAsking, personIdOf, type Acting } from '@digital-post/contracts';
import {
  problem,
  problemResponses,
  tokenClaimsOf,
  type FastifyPluginAsyncZod,
} from '@digital-post/service-kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actingOf } from '../http/acting.ts';
import type { GatewayDeps } from '../http/deps.ts';
import { changesQuery, eventLogQuery, mailboxParams } from '../http/schemas.ts';
import { streamStates } from './stateStream.ts';

const changesSchema = z.object({
  oldState: z.string(),
  newState: z.string(),
  hasMoreChanges: z.boolean(),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  destroyed: z.array(z.string()),
});

const entrySchema = z.object({
  eventType: z.string(),
  messageId: z.string().nullable(),
  folderId: z.string().nullable(),
  actorId: z.string().nullable(),
  onBehalfOf: z.string().nullable(),
  viewingClient: z.string().nullable(),
  occurredAt: z.string(),
});

/** Keeping every client of a mailbox in step, and the owner's event log. */
export const syncRoutes =
  (deps: GatewayDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const streams = streamCounter(deps.maxStreamsPerPerson ?? 10);
    app.get(
      '/v1/mailboxes/:mailboxId/changes',
      {
        schema: {
          params: mailboxParams,
          querystring: changesQuery,
          response: { 200: changesSchema, ...problemResponses(400, 401, 404, 409) },
        },
      },
      async (request) => {
        const acting = await actingOf(request, deps);
        const { sinceState, maxChanges } = request.query;
        return deps.mailbox.changes(acting, request.params.mailboxId, sinceState, maxChanges);
      },
    );

    app.get(
      '/v1/mailboxes/:mailboxId/event-log',
      {
        schema: {
          params: mailboxParams,
          querystring: eventLogQuery,
          response: {
            200: z.object({ entries: z.array(entrySchema), nextCursor: z.string().nullable() }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => {
        const acting = await actingOf(request, deps);
        return deps.mailbox.readEventLog(acting, request.params.mailboxId, request.query);
      },
    );

    app.get(
      '/v1/mailboxes/:mailboxId/events',
      { schema: { params: mailboxParams, response: problemResponses(400, 401, 404, 429) } },
      async (request, reply) => {
        const acting = await actingOf(request, deps);
        const { mailboxId } = request.params;
        // Before the stream opens, so a refusal is still an ordinary problem answer.
        const state = await deps.mailbox.currentState(acting, mailboxId);
        const person = personIdOf(acting.person);
        const release = streams.take(person);
        const terms = {
          expiresAt: expiryOf(request),
          onClose: release,
          stillAllowed: accessCheckOf(deps, acting, mailboxId),
        };
        streamStates(
          request,
          reply,
          state,
          (known, listener) => deps.mailbox.watch(acting, mailboxId, known, listener),
          terms,
        );
      },
    );
  };

/**
 * For a stream on someone else's mailbox: whether its holder may still read it, asked again and
 * again, so a revoked or ended access closes the stream within a second. An owner's own mailbox
 * needs no asking.
 */
const accessCheckOf = (deps: GatewayDeps, acting: Acting, mailboxId: string) => {
  const { access } = deps;
  if (!access || isOwnMailbox(acting.person, mailboxId)) return undefined;
  const now = deps.now ?? (() => new Date());
  return () => mayActAsking(access, acting.person, mailboxId, 'read', now);
};

/** The earlier expiry of the two tokens a viewing client's request carries (checked already). */
const expiryOf = (request: FastifyRequest): number =>
  Math.min(
    ...[request.headers.authorization, request.headers['x-client-token']].map(
      (token) => (tokenClaimsOf(token as string | undefined)?.exp ?? 0) * 1000,
    ),
  );

/** Counts each person's open streams, refusing one more than `max`. */
const streamCounter = (max: number) => {
  const open = new Map<string, number>();
  return {
    take: (person: string): (() => void) => {
      const count = open.get(person) ?? 0;
      if (count >= max) {
        throw problem.tooManyRequests(`At most ${max} event streams at once; close one first.`);
      }
      open.set(person, count + 1);
      return () => {
        const left = (open.get(person) ?? 1) - 1;
        if (left > 0) open.set(person, left);
        else open.delete(person);
      };
    },
  };
};
