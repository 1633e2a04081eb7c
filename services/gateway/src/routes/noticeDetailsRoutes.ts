import {
  noticeDetailsConfirmationSchema,
  noticeDetailsInputSchema,
  noticeDetailsViewSchema,
  mailboxIdOf,
  mayActAsking,
  ownMailboxOf,
  parseMailboxId,
  type AccessPort,
  type NoticeDetailsPort,
  type Person,
} from '@digital-post/contracts';
import { problem, problemResponses, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import type { FastifyRequest } from 'fastify';
import { actingOf, type AuthenticationDeps } from '../http/acting.ts';
import { NOT_FOUND_DETAIL } from '../http/mailboxProblems.ts';
import { privately } from '../http/privately.ts';
import { mailboxParams } from '../http/schemas.ts';

/** Two short fields: anything larger is not details for notices. */
const BODY_LIMIT = 4 * 1024;

const NOT_OWN_MAILBOX =
  'Details for notices are kept by the owner of a mailbox; an employee cannot set them here, ' +
  "but an administrator sets their organisation's at /v1/mailboxes/{mailboxId}/notice-details.";

/**
 * The mailbox is the person's own: the one they act for as themselves, never on someone's
 * behalf (`onBehalfOf` null). There is no id in the path or the body, so it can only come from
 * the verified user token. An employee acts for a company, not as it.
 */
const detailsMailboxOf = (person: Person): string => {
  if (person.kind !== 'citizen') throw problem.forbidden(NOT_OWN_MAILBOX);
  return mailboxIdOf(ownMailboxOf(person));
};

const ownMailbox =
  (auth: AuthenticationDeps) =>
  async (request: FastifyRequest): Promise<string> =>
    detailsMailboxOf((await actingOf(request, auth)).person);

/**
 * The organisation's mailbox the path names, when the person may administer it. A citizen's
 * mailbox is never served here: its owner uses /v1/me, and whoever holds access to a person
 * never sets that person's details. Anyone else gets the 404 of a mailbox that does not exist.
 */
const administeredMailbox =
  (auth: AuthenticationDeps, access: AccessPort, now: () => Date) =>
  async (request: FastifyRequest): Promise<string> => {
    const { mailboxId } = request.params as { mailboxId: string };
    const { person } = await actingOf(request, auth);
    const organisation = parseMailboxId(mailboxId)?.kind !== 'cpr';
    if (organisation && (await mayActAsking(access, person, mailboxId, 'administer', now))) {
      return mailboxId;
    }
    throw problem.notFound(NOT_FOUND_DETAIL);
  };

type App = Parameters<FastifyPluginAsyncZod>[0];

/** Where one set of the details routes is served, and whose details a request reaches. */
interface DetailsPlace {
  url: string;
  /** The path's parameters, where the path names the mailbox. */
  params?: typeof mailboxParams;
  /** The status of a request the mailbox's details are not for. */
  refusal: 403 | 404;
  /** The mailbox whose details the request is for; throws the refusal otherwise. */
  mailboxOf: (request: FastifyRequest) => Promise<string>;
}

/** Reading, changing and confirming the details of the mailbox `place` finds. */
const serveNoticeDetails = (app: App, noticeDetails: NoticeDetailsPort, place: DetailsPlace) => {
  const { url, mailboxOf } = place;
  const params = place.params ? { params: place.params } : {};
  const refused = problemResponses(400, 401, 413, 415, place.refusal);

  app.get(
    url,
    {
      schema: {
        ...params,
        response: { 200: noticeDetailsViewSchema, ...refused, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const details = await noticeDetails.read(await mailboxOf(request));
      if (!details) throw problem.notFound('No details for notices are registered.');
      return privately(reply).send(details);
    },
  );

  app.put(
    url,
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        ...params,
        body: noticeDetailsInputSchema,
        response: { 200: noticeDetailsViewSchema, ...refused },
      },
    },
    async (request, reply) => {
      const mailboxId = await mailboxOf(request);
      return privately(reply).send(await noticeDetails.change(mailboxId, request.body));
    },
  );

  app.post(
    `${url}/confirmation`,
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        ...params,
        body: noticeDetailsConfirmationSchema,
        response: { 200: noticeDetailsViewSchema, ...refused, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const mailboxId = await mailboxOf(request);
      const { detailsVersion } = request.body;
      return privately(reply).send(await noticeDetails.confirm(mailboxId, detailsVersion));
    },
  );
};

/**
 * The signed-in user's own details for notices ("advisering"), kept by the notification service
 * apart from enrollment: confirming or changing them can never change enrollment (August 2023).
 */
export const noticeDetailsRoutes =
  (auth: AuthenticationDeps, noticeDetails: NoticeDetailsPort): FastifyPluginAsyncZod =>
  async (app) => {
    serveNoticeDetails(app, noticeDetails, {
      url: '/v1/me/notice-details',
      refusal: 403,
      mailboxOf: ownMailbox(auth),
    });
  };

/**
 * A company's or an authority's details for notices, registered by its administrators (an
 * employee with the right `administer` on its mailbox): notices go to the organisation's
 * addresses, not to theirs.
 */
export const organisationNoticeDetailsRoutes =
  (
    auth: AuthenticationDeps,
    noticeDetails: NoticeDetailsPort,
    access: AccessPort,
    now: () => Date,
  ): FastifyPluginAsyncZod =>
  async (app) => {
    serveNoticeDetails(app, noticeDetails, {
      url: '/v1/mailboxes/:mailboxId/notice-details',
      params: mailboxParams,
      refusal: 404,
      mailboxOf: administeredMailbox(auth, access, now),
    });
  };
