import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { cprSchema, cvrSchema, type ReachabilityPort } from '@digital-post/contracts';

// One object rather than a union per kind, so the API document lists both kinds.
const paramsSchema = z
  .strictObject({
    kind: z.enum(['cpr', 'cvr']),
    id: z.string().describe('A CPR number (10 digits) or a CVR number (8 digits), as `kind` says'),
  })
  .superRefine(({ kind, id }, context) => {
    const checked = (kind === 'cpr' ? cprSchema : cvrSchema).safeParse(id);
    if (!checked.success) {
      context.addIssue({ code: 'custom', path: ['id'], message: checked.error.issues[0]!.message });
    }
  });

export const reachabilityRoutes =
  (enrollment: ReachabilityPort): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/reachability/:kind/:id',
      {
        schema: {
          summary: 'Will this citizen or company get digital post or paper post?',
          params: paramsSchema,
          response: {
            200: z.object({
              recipient: z.object({ kind: z.enum(['cpr', 'cvr']), id: z.string() }),
              channel: z.enum(['digital', 'paper']),
              reason: z.string(),
            }),
            ...problemResponses(400, 401),
          },
        },
      },
      async (request) => {
        const recipient = request.params;
        // The enrollment service's answer, which routing acts on too.
        const { channel, reason } = await enrollment.reachability(recipient);
        return { recipient, channel, reason };
      },
    );
  };
