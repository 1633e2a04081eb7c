import {
  problemDetailsSchema,
  problemResponses,
  type FastifyPluginAsyncZod,
} from '@digital-post/service-kit';
import { z } from 'zod';
import { authorityOf } from '../http/authority.ts';
import { batchBodyLimit, messageBodyLimit, type SenderApiLimits } from '../limits.ts';
import type { AcceptDependencies } from './acceptMessage.ts';
import { handInBatch } from './batch.ts';
import { handIn } from './handIn.ts';
import { acceptanceSchema, messageSchema } from './messageSchema.ts';

const batchResultSchema = z.object({
  index: z.number().int(),
  messageUUID: z.string().nullable(),
  status: z.number().int().describe('201 stored, 200 accepted before, 4xx refused, 500 retry'),
  acceptance: acceptanceSchema.optional(),
  problem: problemDetailsSchema.optional(),
});

export const messageRoutes =
  (deps: AcceptDependencies, limits: SenderApiLimits): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/messages',
      {
        bodyLimit: messageBodyLimit(limits),
        schema: {
          summary: 'Hand in a letter',
          body: messageSchema,
          response: {
            201: acceptanceSchema,
            200: acceptanceSchema.describe('The same letter was accepted before: the first answer'),
            ...problemResponses(400, 401, 403, 409, 413, 415),
          },
        },
      },
      async (request, reply) => {
        const answer = await handIn(deps, request.body, authorityOf(request), limits);
        reply
          .code(answer.status)
          .header('location', `/v1/messages/${answer.acceptance.messageUUID}`);
        return answer.acceptance;
      },
    );

    app.post(
      '/v1/messages/batch',
      {
        bodyLimit: batchBodyLimit(limits),
        schema: {
          summary: 'Hand in many letters; each is answered on its own',
          body: z.strictObject({
            messages: z
              .array(z.unknown().describe('A Message; validated one by one'))
              .min(1)
              .max(limits.maxBatchMessages),
          }),
          response: {
            200: z.object({
              accepted: z.number().int(),
              refused: z.number().int(),
              results: z.array(batchResultSchema),
            }),
            ...problemResponses(400, 401, 413, 415),
          },
        },
      },
      async (request) => {
        const results = await handInBatch(deps, request.body.messages, {
          authority: authorityOf(request),
          limits,
          log: request.log,
        });
        const accepted = results.filter((result) => result.status < 300).length;
        return { accepted, refused: results.length - accepted, results };
      },
    );
  };
