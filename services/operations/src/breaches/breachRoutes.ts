import { randomUUID } from 'node:crypto';
import { instantSchema } from '@digital-post/contracts';
import type { EventStore } from '@digital-post/event-store';
import {
  createCommandHandler,
  type CommandHandler,
  isStorableText,
  operatorHeadersSchema,
  problem,
  problemResponses,
  type FastifyPluginAsyncZod,
} from '@digital-post/service-kit';
import { z } from 'zod';
import { foundOf, incidentOf, type Reconstructions } from './breachFinding.ts';
import { boundSchema } from '../replay/logWindow.ts';
import { positionsOf } from '../replay/replayLog.ts';
import {
  replyWithReport,
  reportFormat,
  type ReportFormats,
} from '../incidents/report/reportReply.ts';
import {
  breachDecider,
  breachStreamOf,
  type BreachCommand,
  type BreachEvent,
  type BreachState,
} from './breachDecider.ts';
import { draftBreachReport, type BreachReport } from './breachReport.ts';
import { breachListCsv, breachListHtml, type BreachList, type BreachView } from './breachList.ts';
import { breachReportCsv } from './breachReportCsv.ts';
import { breachReportHtml } from './breachReportHtml.ts';
import { deadlinesOf } from './deadlines.ts';
import { allBreaches } from './recordedBreaches.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

export interface BreachRoutesDeps extends Reconstructions {
  store: Pick<EventStore, 'append' | 'readStream'>;
  now: () => Date;
}

const referenceSchema = z
  .string()
  .min(1)
  .max(100)
  .refine(isStorableText, 'text the database can hold');
const breachParams = z.strictObject({ breachId: z.uuid() });

/** A breach as the operator API shows it: what was recorded, and its deadlines now. */
const viewOf = (state: BreachState, now: Date): BreachView => ({
  ...state.found!,
  preliminary: state.preliminary,
  followUp: state.followUp,
  closed: state.closed,
  deadlines: deadlinesOf(state, now),
});

/**
 * Breaches: recorded from a routing or enrollment reconstruction and the moment of finding, listed with their
 * deadlines (preliminary 24 hours after the finding, follow-up 72 hours after the preliminary)
 * and which are overdue, filed stage by stage, and each stage's report drafted from the log.
 */
export const breachRoutes =
  (deps: BreachRoutesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const breaches = createCommandHandler(deps.store, breachDecider);
    const handle = async (breachId: string, command: BreachCommand, operator: string) => {
      const result = await breaches.handle(breachStreamOf(breachId), command, {
        metadata: { actor: { kind: 'operator', id: operator } },
      });
      return viewOf(result.state, deps.now());
    };
    recordRoute(app, deps, handle);
    listRoutes(app, deps, breaches);
    filingRoutes(app, deps, handle);
    reportRoute(app, deps, breaches);
  };

type Handle = (breachId: string, command: BreachCommand, operator: string) => Promise<object>;

const recordRoute = (app: App, deps: BreachRoutesDeps, handle: Handle) => {
  app.post(
    '/admin/breaches',
    {
      schema: {
        summary:
          'Record a breach found, from a routing or enrollment reconstruction over a window of the log',
        headers: operatorHeadersSchema,
        body: z.strictObject({
          kind: z.enum(['routing', 'enrollment']),
          from: boundSchema.optional(),
          to: boundSchema.optional(),
          foundAt: instantSchema,
          caseReference: referenceSchema,
        }),
        response: {
          201: z.looseObject({ breachId: z.uuid() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const { kind, from, to, foundAt, caseReference } = request.body;
      const range = await positionsOf(deps.db, { from, to });
      const incident = await incidentOf(deps, kind, range);
      const breachId = randomUUID();
      const operator = request.headers['x-operator'];
      const found = foundOf(incident, { breachId, caseReference, operator, foundAt, range });
      reply.code(201);
      return reply.send(
        (await handle(breachId, { type: 'RecordBreach', found }, operator)) as never,
      );
    },
  );
};

const listFormats: ReportFormats<BreachList> = {
  csv: breachListCsv,
  html: breachListHtml,
  filename: 'breaches.csv',
};

const listRoutes = (app: App, deps: BreachRoutesDeps, breaches: Breaches) => {
  app.get(
    '/admin/breaches',
    {
      schema: {
        summary:
          'Every breach recorded, with its deadlines and which are overdue (JSON, CSV, HTML)',
        querystring: z.strictObject({
          overdue: z.enum(['true', 'false']).optional(),
          format: reportFormat,
        }),
        response: problemResponses(400, 401, 403),
      },
    },
    async (request, reply) => {
      const now = deps.now();
      const views = (await allBreaches(deps.db)).map((state) => viewOf(state, now));
      const overdue = (view: (typeof views)[number]) =>
        view.deadlines.preliminary.overdue || view.deadlines.followUp.overdue;
      const shown =
        request.query.overdue === undefined
          ? views
          : views.filter((view) => overdue(view) === (request.query.overdue === 'true'));
      return replyWithReport(reply, request.query.format, { breaches: shown }, listFormats);
    },
  );
  app.get(
    '/admin/breaches/:breachId',
    {
      schema: {
        summary: 'One breach, with its deadlines',
        params: breachParams,
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request, reply) => {
      const { state } = await loadBreach(breaches, request.params.breachId);
      return reply.send(viewOf(state, deps.now()) as never);
    },
  );
};

type Breaches = CommandHandler<BreachCommand, BreachEvent, BreachState>;

const loadBreach = async (breaches: Breaches, breachId: string) => {
  const loaded = await breaches.load(breachStreamOf(breachId));
  if (!loaded.state.found) throw problem.notFound(`No breach ${breachId} was recorded.`);
  return loaded;
};

const filingRoutes = (app: App, deps: BreachRoutesDeps, handle: Handle) => {
  const filing = (
    path: string,
    summary: string,
    body: z.ZodType<Record<string, string>>,
    command: (breachId: string, body: Record<string, string>, operator: string) => BreachCommand,
  ) =>
    app.post(
      `/admin/breaches/:breachId/${path}`,
      {
        schema: {
          summary,
          params: breachParams,
          headers: operatorHeadersSchema,
          body,
          response: problemResponses(400, 401, 403, 409, 422),
        },
      },
      async (request, reply) => {
        const { breachId } = request.params;
        const operator = request.headers['x-operator'];
        const view = await handle(breachId, command(breachId, request.body, operator), operator);
        return reply.send(view as never);
      },
    );
  const at = () => deps.now().toISOString();
  filing(
    'preliminary',
    'The preliminary report was filed',
    z.strictObject({ authorityReference: referenceSchema }),
    (breachId, body, operatorId) => ({
      type: 'FilePreliminary',
      breachId,
      authorityReference: body.authorityReference!,
      operatorId,
      at: at(),
    }),
  );
  filing(
    'follow-up',
    'The follow-up report was filed',
    z.strictObject({}),
    (breachId, _body, operatorId) => ({
      type: 'FileFollowUp',
      breachId,
      operatorId,
      at: at(),
    }),
  );
  filing('close', 'The breach is closed', z.strictObject({}), (breachId, _body, operatorId) => ({
    type: 'CloseBreach',
    breachId,
    operatorId,
    at: at(),
  }));
};

const reportFormats: ReportFormats<BreachReport> = {
  csv: breachReportCsv,
  html: breachReportHtml,
  filename: 'breach-report.csv',
};

const reportRoute = (app: App, deps: BreachRoutesDeps, breaches: Breaches) => {
  app.get(
    '/admin/breaches/:breachId/report',
    {
      schema: {
        summary:
          "A draft of the breach's preliminary or follow-up report, from the log, as JSON, CSV or HTML",
        params: breachParams,
        querystring: z.strictObject({
          stage: z.enum(['preliminary', 'follow-up']).default('preliminary'),
          format: reportFormat,
        }),
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request, reply) => {
      const { state } = await loadBreach(breaches, request.params.breachId);
      const { kind, afterPosition, throughPosition } = state.found!;
      const range = { after: afterPosition, last: throughPosition };
      const incident = await incidentOf(deps, kind, range);
      const report = draftBreachReport(state, incident, request.query.stage, deps.now());
      return replyWithReport(reply, request.query.format, report, reportFormats);
    },
  );
};
