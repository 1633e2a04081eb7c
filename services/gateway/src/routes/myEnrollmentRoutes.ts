import { ownMailboxOf, type MyEnrollmentPort } from '@digital-post/contracts';
import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { actingOf, type AuthenticationDeps } from '../http/acting.ts';
import { privately } from '../http/privately.ts';

const historyEntrySchema = z
  .object({
    at: z.string().describe('When the change was made (ISO 8601)'),
    change: z.enum([
      'enrolled',
      'unenrolled',
      'exempted',
      'exemption_ended',
      'held',
      'approved',
      'rejected',
    ]),
    cause: z.string().nullable().describe('Why, e.g. turned_15, moved_to_greenland, withdrawn'),
    firstEnrollment: z
      .boolean()
      .nullable()
      .describe('True for the first enrollment ever, the one that sends the welcome letter'),
    trigger: z
      .enum(['register_event', 'own_request', 'operator_command', 'day_change', 'unrecorded'])
      .describe('What set the change off'),
    ruleVersion: z.string().nullable().describe('The enrollment rules that decided it'),
    caseReference: z.string().nullable().describe('The case, where an operator acted'),
  })
  .meta({ id: 'EnrollmentHistoryEntry' });

const myEnrollmentSchema = z
  .object({
    mailboxId: z.string(),
    channel: z.enum(['digital', 'paper']).describe('How post from authorities reaches the mailbox'),
    reason: z.enum(['enrolled', 'exempt', 'not_enrolled']),
    enrolled: z.boolean(),
    exempt: z.boolean().describe('Exempted (fritaget): paper post, whatever else changes'),
    history: z.array(historyEntrySchema).describe('Every change, oldest first'),
  })
  .meta({ id: 'MyEnrollment' });

/**
 * The signed-in user's enrollment in Digital Post (tilmelding, fritagelse): how post reaches
 * their mailbox now, and every change with when, why and by which rules, from the enrollment
 * service. Reading it changes nothing.
 */
export const myEnrollmentRoutes =
  (auth: AuthenticationDeps, enrollment: MyEnrollmentPort): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/me/enrollment',
      {
        schema: {
          summary: 'The signed-in user’s enrollment in Digital Post and its history',
          // Strict: a mailbox named in the query would be a request for someone else's.
          querystring: z.strictObject({}),
          response: { 200: myEnrollmentSchema, ...problemResponses(400, 401) },
        },
      },
      async (request, reply) => {
        // Whose: the mailbox the person acts for in their own right (a citizen's own, an
        // employee's company's), from the verified user token alone; access granted by others
        // (læseadgang) never shows their enrollment here.
        const subject = ownMailboxOf((await actingOf(request, auth)).person);
        return privately(reply).send(await enrollment.enrollmentOf(subject));
      },
    );
  };
