import type { Database } from '@digital-post/event-store';
import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { messageHeldV2Schema } from '@digital-post/contracts';
import { z } from 'zod';
import { listHeldLetters } from './heldLetters.ts';

const reasonField = messageHeldV2Schema.fields.find((field) => field.name === 'reason')!;
const holdReasons = reasonField.type.symbols as unknown as [string, ...string[]];

const heldLetterSchema = z.object({
  messageId: z.string(),
  reason: z.string(),
  addresseeMailboxId: z.string(),
  senderId: z.string(),
  refusedMailboxId: z.string().nullable(),
  forwardingRuleId: z.string().nullable(),
  forwardingRuleVersion: z.number().int().nullable(),
  routerRelease: z.string().nullable(),
  heldAt: z.string(),
});

export const heldLettersRoutes =
  ({ db }: { db: Database }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/held-messages',
      {
        schema: {
          summary: 'Letters held back from delivery, newest first, and why',
          querystring: z.strictObject({
            reason: z.enum(holdReasons).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: {
            200: z.object({ messages: z.array(heldLetterSchema) }),
            ...problemResponses(400),
          },
        },
      },
      async (request) => ({ messages: await listHeldLetters(db, request.query) }),
    );
  };
