import {
  noticeDetailsConfirmationSchema,
  noticeDetailsInputSchema,
  noticeDetailsViewSchema,
  mailboxIdOf,
  ownMailboxOf,
  type NoticeDetailsPort,
  type Person,
} from '@digital-post/contracts';
import { problem, problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import type { FastifyRequest } from 'fastify';
import { actingOf, type AuthenticationDeps } from '../http/acting.ts';
import { privately } from '../http/privately.ts';

/** Two short fields: anything larger is not details for notices. */
const BODY_LIMIT = 4 * 1024;

const NOT_OWN_MAILBOX =
  'Details for notices are kept by the owner of a mailbox; an employee cannot set them here.';

/**
 * The mailbox is the person's own: the one they act for as themselves, never on someone's
 * behalf (`onBehalfOf` null). There is no id in the path or the body, so it can only come from
 * the verified user token. An employee acts for a company, not as it.
 */
const detailsMailboxOf = (person: Person): string => {
  if (person.kind !== 'citizen') throw problem.forbidden(NOT_OWN_MAILBOX);
  return mailboxIdOf(ownMailboxOf(person));
};

const ownMailbox = async (request: FastifyRequest, deps: AuthenticationDeps): Promise<string> =>
  detailsMailboxOf((await actingOf(request, deps)).person);

const refused = problemResponses(400, 401, 403, 413, 415);

/**
 * The signed-in user's own details for notices ("advisering"), kept by the enrollment service
 * apart from enrollment: confirming or changing them can never change enrollment (August 2023).
 */
export const noticeDetailsRoutes =
  (auth: AuthenticationDeps, noticeDetails: NoticeDetailsPort): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/me/notice-details',
      {
        schema: {
          response: { 200: noticeDetailsViewSchema, ...refused, ...problemResponses(404) },
        },
      },
      async (request, reply) => {
        const details = await noticeDetails.read(await ownMailbox(request, auth));
        if (!details) throw problem.notFound('No details for notices are registered.');
        return privately(reply).send(details);
      },
    );

    app.put(
      '/v1/me/notice-details',
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          body: noticeDetailsInputSchema,
          response: { 200: noticeDetailsViewSchema, ...refused },
        },
      },
      async (request, reply) => {
        const mailboxId = await ownMailbox(request, auth);
        return privately(reply).send(await noticeDetails.change(mailboxId, request.body));
      },
    );

    app.post(
      '/v1/me/notice-details/confirmation',
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          body: noticeDetailsConfirmationSchema,
          response: { 200: noticeDetailsViewSchema, ...refused, ...problemResponses(409) },
        },
      },
      async (request, reply) => {
        const mailboxId = await ownMailbox(request, auth);
        const { detailsVersion } = request.body;
        return privately(reply).send(await noticeDetails.confirm(mailboxId, detailsVersion));
      },
    );
  };
