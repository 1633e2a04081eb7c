import type { Database } from '@digital-post/event-store';
import { problem, problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import type { Checkpoint } from './checkpoint.ts';
import { checkpointNow } from './checkpointing.ts';
import { publicPemOf, type CheckpointKey } from './checkpointKey.ts';
import { NotProvable, proveEvent } from './proof.ts';

/**
 * The chain's evidence for the operator API: the signed checkpoints (to keep outside the
 * database) with the public key that checks them, and the proof of one event, for whoever
 * must be shown it is in the log (the open of a legal notification, for service); where no
 * checkpoint holds the event yet, one is signed for it.
 */
/** The proof of an event, a checkpoint signed first where none holds it yet and the key is here. */
const proofOf = async (
  db: Database,
  eventId: string,
  seq: number | undefined,
  signing: { key: CheckpointKey; now: () => Date } | undefined,
) => {
  const prove = () => proveEvent(db, eventId, { ...(seq !== undefined && { seq }) });
  try {
    return await prove();
  } catch (error) {
    const fresh = error instanceof NotProvable && error.reason === 'uncheckpointed';
    if (!fresh || !signing || seq !== undefined) throw error;
    await checkpointNow(db, signing);
    return prove();
  }
};

export const evidenceRoutes =
  (
    db: Database,
    signing: { key: CheckpointKey; now: () => Date } | undefined,
  ): FastifyPluginAsyncZod =>
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
        const key = signing ? publicPemOf(signing.key.publicKey) : null;
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
          response: problemResponses(400, 401, 403, 404, 409),
        },
      },
      async (request, reply) => {
        try {
          const { eventId } = request.params;
          return reply.send(
            (await proofOf(db, eventId, request.query.checkpoint, signing)) as never,
          );
        } catch (error) {
          if (!(error instanceof NotProvable)) throw error;
          // Not yet: the chain takes the log's newest events within a second or so.
          if (error.reason !== 'unknown') throw problem.conflict(error.message);
          throw problem.notFound(error.message);
        }
      },
    );
  };
