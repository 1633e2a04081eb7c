import {
  grantInputSchema,
  grantViewSchema,
  holderIdSchema,
  mailboxesOf,
  type AccessPort,
} from '@digital-post/contracts';
import { problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import { z } from 'zod';
import { actingOf, type AuthenticationDeps } from '../http/acting.ts';
import { privately } from '../http/privately.ts';
import { mailboxParams } from '../http/schemas.ts';

/** A grant names a person, an access and perhaps an end: anything larger is not a grant. */
const BODY_LIMIT = 4 * 1024;

const actableMailboxSchema = z
  .object({
    mailboxId: z.string(),
    kind: z.enum(['cpr', 'cvr', 'authority']),
    right: z.enum(['owner', 'read', 'full', 'write', 'administer']),
    endsAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ActableMailbox' });
const grantsSchema = z.object({ grants: z.array(grantViewSchema) });
const holderParams = mailboxParams.extend({ holderId: holderIdSchema });
const refused = problemResponses(400, 401, 404);

/**
 * Access for others: the mailboxes a person may act for (their own, each they were given access
 * to, each organisation they work for) and the grants they hold.
 */
export const myAccessRoutes =
  (auth: AuthenticationDeps, access: AccessPort, now: () => Date): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/me/mailboxes',
      {
        schema: {
          response: { 200: z.object({ mailboxes: z.array(actableMailboxSchema) }), ...refused },
        },
      },
      async (request, reply) => {
        const { person } = await actingOf(request, auth);
        const held = await access.rightsOf(person);
        return privately(reply).send({ mailboxes: mailboxesOf(person, held, now()) });
      },
    );

    app.get(
      '/v1/me/access',
      { schema: { response: { 200: grantsSchema, ...refused } } },
      async (request, reply) => {
        const { person } = await actingOf(request, auth);
        return privately(reply).send({ grants: await access.grantsHeld(person) });
      },
    );
  };

/**
 * The owner's and administrators' grants on a mailbox. Whoever may not administer it gets the
 * same 404 as for a mailbox that does not exist (a holder sees their own grant).
 */
export const grantRoutes =
  (auth: AuthenticationDeps, access: AccessPort): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/mailboxes/:mailboxId/access',
      { schema: { params: mailboxParams, response: { 200: grantsSchema, ...refused } } },
      async (request, reply) => {
        const acting = await actingOf(request, auth);
        const grants = await access.grantsOn(acting, request.params.mailboxId);
        return privately(reply).send({ grants });
      },
    );

    app.post(
      '/v1/mailboxes/:mailboxId/access',
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          params: mailboxParams,
          body: grantInputSchema,
          response: { 201: grantViewSchema, ...refused, ...problemResponses(409, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(request, auth);
        const grant = await access.grant(acting, request.params.mailboxId, request.body);
        return privately(reply).code(201).send(grant);
      },
    );

    app.delete(
      '/v1/mailboxes/:mailboxId/access/:holderId',
      {
        schema: {
          params: holderParams,
          response: { 204: z.null(), ...refused, ...problemResponses(409) },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(request, auth);
        await access.revoke(acting, request.params.mailboxId, request.params.holderId);
        return reply.code(204).send(null);
      },
    );
  };
