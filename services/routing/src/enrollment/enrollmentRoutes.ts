import type { Database } from '@digital-post/event-store';
import {
  problemResponses,
  type CommandHandler,
  type FastifyPluginAsyncZod,
} from '@digital-post/service-kit';
import { z } from 'zod';
import { operatorActor, operatorHeadersSchema } from '../admin/operator.ts';
import { recipientParamsSchema } from '../recipients/recipientSchemas.ts';
import type { EnrollmentCommand, EnrollmentState } from './enrollmentDecider.ts';
import { reachabilityOf } from './enrollmentDecider.ts';
import { enrollmentStreamOf, type EnrollmentEvent } from './enrollmentEvents.ts';
import { enrollmentRequestSchema, toEnrollmentCommand } from './enrollmentRequest.ts';
import { reachabilityOfRecipient } from './reachabilityModel.ts';

export interface EnrollmentRoutesDeps {
  enrollments: CommandHandler<EnrollmentCommand, EnrollmentEvent, EnrollmentState>;
  db: Database;
  now: () => Date;
}

const reachabilitySchema = z.object({
  channel: z.enum(['digital', 'paper']),
  reason: z.enum(['authority', 'enrolled', 'exempt', 'not_enrolled']),
});

const enrollmentChangeSchema = z.object({
  events: z.array(z.string()).describe('Types of the events written, in order'),
  streamVersion: z.number().int(),
  reachability: reachabilitySchema,
});

export const enrollmentRoutes =
  ({ enrollments, db, now }: EnrollmentRoutesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/enrollments',
      {
        schema: {
          summary: 'Enroll, unenroll, exempt or end the exemption of a citizen or company',
          headers: operatorHeadersSchema,
          body: enrollmentRequestSchema,
          response: { 201: enrollmentChangeSchema, ...problemResponses(400, 409, 422) },
        },
      },
      async (request, reply) => {
        const at = now().toISOString();
        const command = toEnrollmentCommand(request.body, at);
        const result = await enrollments.handle(enrollmentStreamOf(command.subject), command, {
          metadata: { actor: operatorActor(request.headers) },
        });
        reply.code(201);
        return {
          events: result.events.map((event) => event.type),
          streamVersion: result.nextExpectedVersion,
          reachability: reachabilityOf(result.state, at),
        };
      },
    );

    app.get(
      '/reachability/:kind/:id',
      {
        schema: {
          summary: 'Whether post reaches a recipient digitally or on paper, and why',
          params: recipientParamsSchema,
          response: { 200: reachabilitySchema, ...problemResponses(400) },
        },
      },
      async (request) => reachabilityOfRecipient(db, request.params, now().toISOString()),
    );
  };
