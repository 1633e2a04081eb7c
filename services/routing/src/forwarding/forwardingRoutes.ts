import { randomUUID } from 'node:crypto';
import type { Database } from '@digital-post/event-store';
import {
  problem,
  problemResponses,
  type CommandHandler,
  type FastifyPluginAsyncZod,
} from '@digital-post/service-kit';
import { z } from 'zod';
import { operatorActor, operatorHeadersSchema } from '../admin/operator.ts';
import { isActiveAt } from '../invariant/deliveryInvariant.ts';
import { mailboxIdSchema, organisationMailboxIdSchema } from '../recipients/recipientSchemas.ts';
import {
  activeRuleIn,
  forwardingStreamOf,
  type ForwardingCommand,
  type ForwardingEvent,
  type ForwardingState,
} from './forwardingDecider.ts';
import { rulesOfMailbox } from './forwardingRules.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

export interface ForwardingRoutesDeps {
  rules: CommandHandler<ForwardingCommand, ForwardingEvent, ForwardingState>;
  db: Database;
  now: () => Date;
}

const ruleSchema = z.object({
  ruleId: z.string(),
  ruleVersion: z.number().int(),
  mailboxId: z.string(),
  targetMailboxId: z.string(),
  active: z.boolean(),
});

const ruleVersionSchema = ruleSchema.omit({ active: true }).extend({
  validFrom: z.string(),
  validTo: z.string().nullable(),
  active: z.boolean(),
});

const mailboxParams = z.object({ mailboxId: organisationMailboxIdSchema });

/** POST: add a rule, or a new version of it when its target changes. */
const addRuleRoute = (app: App, { rules, now }: ForwardingRoutesDeps): void => {
  app.post(
    '/mailboxes/:mailboxId/forwarding-rules',
    {
      schema: {
        summary: 'Forward an organisation mailbox post to another organisation',
        params: mailboxParams,
        headers: operatorHeadersSchema,
        body: z.strictObject({ ruleId: z.uuid().optional(), targetMailboxId: mailboxIdSchema }),
        response: { 200: ruleSchema, 201: ruleSchema, ...problemResponses(400, 409, 422) },
      },
    },
    async (request, reply) => {
      const { mailboxId } = request.params;
      const command = {
        type: 'AddForwardingRule' as const,
        mailboxId,
        ruleId: request.body.ruleId ?? randomUUID(),
        targetMailboxId: request.body.targetMailboxId,
        actorId: request.headers['x-operator'],
        at: now().toISOString(),
      };
      const result = await rules.handle(forwardingStreamOf(mailboxId), command, {
        metadata: { actor: operatorActor(request.headers) },
      });
      const rule = result.state.rules[command.ruleId]!;
      reply.code(result.events.length > 0 ? 201 : 200);
      return { ruleId: command.ruleId, mailboxId, ...rule };
    },
  );
};

/** DELETE: stop forwarding by the active rule. */
const removeRuleRoute = (app: App, { rules, now }: ForwardingRoutesDeps): void => {
  app.delete(
    '/mailboxes/:mailboxId/forwarding-rules/:ruleId',
    {
      schema: {
        summary: 'Stop forwarding by a rule',
        params: mailboxParams.extend({ ruleId: z.uuid() }),
        headers: operatorHeadersSchema,
        response: { 200: ruleSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const { mailboxId, ruleId } = request.params;
      const stream = forwardingStreamOf(mailboxId);
      const { state } = await rules.load(stream);
      if (activeRuleIn(state)?.[0] !== ruleId) {
        throw problem.notFound(`Mailbox ${mailboxId} has no active rule ${ruleId}.`);
      }
      const command = {
        type: 'RemoveForwardingRule' as const,
        mailboxId,
        ruleId,
        actorId: request.headers['x-operator'],
        at: now().toISOString(),
      };
      const result = await rules.handle(stream, command, {
        metadata: { actor: operatorActor(request.headers) },
      });
      return { ruleId, mailboxId, ...result.state.rules[ruleId]! };
    },
  );
};

/** GET: the rule history, for review and incident replay. */
const listRulesRoute = (app: App, { db, now }: ForwardingRoutesDeps): void => {
  app.get(
    '/mailboxes/:mailboxId/forwarding-rules',
    {
      schema: {
        summary: 'Every version of every forwarding rule of a mailbox, with when it was in force',
        params: mailboxParams,
        response: {
          200: z.object({ rules: z.array(ruleVersionSchema) }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const at = now().toISOString();
      const facts = await rulesOfMailbox(db, request.params.mailboxId);
      return { rules: facts.map((fact) => ({ ...fact, active: isActiveAt(fact, at) })) };
    },
  );
};

export const forwardingRoutes =
  (deps: ForwardingRoutesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    addRuleRoute(app, deps);
    removeRuleRoute(app, deps);
    listRulesRoute(app, deps);
  };
