import type { KeyObject } from 'node:crypto';
import type { Database } from '@digital-post/event-store';
import { problem, problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import type { Checkpoint } from './checkpoint.ts';
import { publicPemOf } from './checkpointKey.ts';
import { NotProvable, proveEvent } from './proof.ts';

/**
 * The chain's evidence for the operator API: the signed checkpoints (to keep outside the
 * database) with the public key that checks them, and the proof of one event, for whoever
 * must be shown it is in the log (the open of a legal notification, for service).
 */
export const evidenceRoutes =
  (db: Database, publicKey: KeyObject | undefined): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/admin/evidence/checkpoints',
      {
        schema: {
          summary: 'The signed checkpoints of the chain over the log, and their public key',
          querystring: z.strictObject({
            after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
          }),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request, reply) => {
        const checkpoints = await db.query<Checkpoint>(
          `select payload, signature from operations.chain_checkpoints where seq > $1
            order by seq limit 10000`,
          [request.query.after],
        );
        const key = publicKey ? publicPemOf(publicKey) : null;
        return reply.send({ publicKey: key, checkpoints } as never);
      },
    );
    app.get(
      '/admin/evidence/proofs/:eventId',
      {
        schema: {
          summary: 'The proof that one event is in the log as a signed checkpoint fixed it',
          params: z.strictObject({ eventId: z.uuid() }),
          querystring: z.strictObject({
            checkpoint: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
          }),
          response: problemResponses(400, 401, 403, 404),
        },
      },
      async (request, reply) => {
        const { checkpoint } = request.query;
        try {
          const proof = await proveEvent(db, request.params.eventId, {
            ...(checkpoint !== undefined && { seq: checkpoint }),
          });
          return reply.send(proof as never);
        } catch (error) {
          if (error instanceof NotProvable) throw problem.notFound(error.message);
          throw error;
        }
      },
    );
  };
