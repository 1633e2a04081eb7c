import { caseReferenceSchema, type RedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import {
  operatorHeadersSchema,
  problemResponses,
  type FastifyPluginAsyncZod,
} from '@digital-post/service-kit';
import { z } from 'zod';
import { reconstructRouting } from '../incidents/routing/reconstructRouting.ts';
import { boundSchema } from '../replay/logWindow.ts';
import {
  replyWithReport,
  reportFormat,
  type ReportFormats,
} from '../incidents/report/reportReply.ts';
import { applyRemediation, type Remediation, type RemediationPorts } from './applyRemediation.ts';
import { remediationCsv } from './remediationCsv.ts';
import { remediationHtml } from './remediationHtml.ts';
import { planRemediation } from './remediationPlan.ts';

const formats: ReportFormats<Remediation> = {
  csv: ({ plan, result }) => remediationCsv(plan, result),
  html: ({ plan, result }) => remediationHtml(plan, result),
  filename: 'routing-remediation.csv',
};

export interface RemediationDeps extends RemediationPorts {
  db: Database;
  redecision: RedecisionPort;
}

export const remediationBodySchema = z.strictObject({
  from: boundSchema.optional(),
  to: boundSchema.optional(),
  caseReference: caseReferenceSchema,
  /** Without it the answer is the plan alone: a dry run is the default. */
  execute: z.boolean().default(false),
});

/**
 * POST the repair of a routing incident: the window is reconstructed, and the plan (each
 * misrouted letter: withdraw from, deliver to, what is done already) is the answer. With
 * `execute: true` it is also carried out, and the answer says what each letter came to. As
 * JSON, as CSV (a letter a line) or as one HTML page (`?format=`).
 */
export const remediationRoutes =
  (deps: RemediationDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/admin/incidents/routing/remediation',
      {
        schema: {
          summary: "Plan (dry run) or carry out the repair of a routing incident's letters",
          headers: operatorHeadersSchema,
          body: remediationBodySchema,
          querystring: z.strictObject({ format: reportFormat }),
          response: problemResponses(400, 401, 403),
        },
      },
      async (request, reply) => {
        const { from, to, caseReference, execute } = request.body;
        const incident = await reconstructRouting(deps.db, deps.redecision, { from, to });
        const plan = await planRemediation(deps.db, incident, caseReference);
        const { format } = request.query;
        if (!execute) return replyWithReport(reply, format, { plan }, formats);
        const operator = request.headers['x-operator'];
        const result = await applyRemediation(deps, plan, operator);
        return replyWithReport(reply, format, { plan, result }, formats);
      },
    );
  };
