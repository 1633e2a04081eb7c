import { ConcurrencyError } from '@digital-post/event-store';
import { z } from 'zod';
import { DomainRuleError } from '../commands/domainRuleError.ts';
import { currentCorrelationId } from '../context/requestContext.ts';
import { createLogger } from '../logging/logger.ts';
import { problemResponses } from '../problems/problemDetails.ts';
import { problem } from '../problems/problemError.ts';
import { currentTraceContext } from '@digital-post/telemetry';
import { createHttpApp, type HttpAppOptions } from '../http/createHttpApp.ts';
import type { HttpApp } from '../http/httpApp.ts';

/** Log lines written by an example app, parsed, so tests can look for leaks and ids. */
export interface CapturedLogs {
  lines: Record<string, unknown>[];
  text(): string;
}

const captureLogs = (): { logs: CapturedLogs; write(line: string): void } => {
  const raw: string[] = [];
  return {
    write: (line) => void raw.push(line),
    logs: {
      get lines() {
        return raw.map((line) => JSON.parse(line) as Record<string, unknown>);
      },
      text: () => raw.join(''),
    },
  };
};

export const folderSchema = z.object({ id: z.string(), name: z.string() });

/** A small mailbox-folder API exercising each part of the kit. */
export const createExampleApp = async (
  options: Partial<HttpAppOptions> = {},
): Promise<{ app: HttpApp; logs: CapturedLogs }> => {
  const { logs, write } = captureLogs();
  const logger = createLogger({ serviceName: 'mailbox', level: 'info', destination: { write } });
  const app = await createHttpApp({ serviceName: 'mailbox', logger, bodyLimit: 1024, ...options });
  addFolderRoutes(app);
  addFailingRoutes(app);
  return { app, logs };
};

const addFolderRoutes = (app: HttpApp): void => {
  app.post(
    '/mailboxes/:mailboxId/folders',
    {
      schema: {
        params: z.object({ mailboxId: z.uuid() }),
        body: z.strictObject({ name: z.string().min(1).max(64) }),
        response: { 201: folderSchema, ...problemResponses(400, 409) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return { id: 'folder-1', name: request.body.name };
    },
  );
  app.get(
    '/mailboxes/:mailboxId/folders',
    {
      schema: {
        params: z.object({ mailboxId: z.uuid() }),
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: z.object({ folders: z.array(folderSchema), limit: z.number() }) },
      },
    },
    async (request) => ({ folders: [], limit: request.query.limit }),
  );
  app.post('/context', { schema: { body: z.object({ note: z.string() }) } }, async () => ({
    correlationId: currentCorrelationId(),
    trace: currentTraceContext(),
  }));
};

const addFailingRoutes = (app: HttpApp): void => {
  app.get('/fail/unexpected', async () => {
    throw new Error('connection to postgres://admin:hunter2@db failed');
  });
  app.get('/fail/forbidden', async () => {
    throw problem.forbidden('Only the owner may grant access.', { mailboxId: 'mbx-1' });
  });
  app.get('/fail/rule', async () => {
    throw new DomainRuleError('folder-name-taken', 'A folder named "Tax" already exists.');
  });
  app.get('/fail/conflict', async () => {
    throw new ConcurrencyError('folders-mbx-1', 3, 4);
  });
  app.get('/fail/response', { schema: { response: { 200: folderSchema } } }, async () => {
    return { id: 1 } as unknown as z.infer<typeof folderSchema>;
  });
};
