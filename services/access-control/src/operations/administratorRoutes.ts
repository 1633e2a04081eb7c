import {
  caseReferenceSchema,
  employeeSchema,
  grantViewSchema,
  mailboxIdSchema,
  type AccessPort,
} from '@digital-post/contracts';
import {
  operatorHeadersSchema,
  problemResponses,
  type FastifyPluginAsyncZod,
} from '@digital-post/service-kit';
import { z } from 'zod';

const appointment = z
  .strictObject({
    mailboxId: mailboxIdSchema.describe("The organisation's mailbox: cvr:<CVR> or authority:<id>"),
    employee: employeeSchema,
    caseReference: caseReferenceSchema,
  })
  .meta({ id: 'AdministratorAppointment' });

/**
 * The operators' part: an organisation's first administrator (or one after the last has left),
 * named on a case. Every other right the organisation's administrators give themselves.
 */
export const administratorRoutes =
  (access: AccessPort): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/admin/access/administrators',
      {
        bodyLimit: 4 * 1024,
        schema: {
          headers: operatorHeadersSchema,
          body: appointment,
          response: { 201: grantViewSchema, ...problemResponses(400, 401, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const { mailboxId, employee, caseReference } = request.body;
        const operatorId = request.headers['x-operator'];
        const grant = await access.appointAdministrator(
          operatorId,
          mailboxId,
          employee,
          caseReference,
        );
        return reply.code(201).send(grant);
      },
    );
  };
