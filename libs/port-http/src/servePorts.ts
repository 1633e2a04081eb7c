import { authenticate, registerBearerChallenge, type TokenVerifier } from '@digital-post/auth';
import type { PortDefinition } from '@digital-post/contracts';
import type { Actor } from '@digital-post/event-store';
import { problem, setCurrentActor, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import type { ServerResponse } from 'node:http';
import type { ZodType } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { carriedErrorOf } from './carriedErrors.ts';
import { decode, encode } from './codec.ts';
import {
  ACTOR_HEADER,
  PORT_CONTENT_TYPE,
  PORT_ERROR_STATUS,
  STREAM_CONTENT_TYPE,
  pathOf,
  type CarriedPortError,
} from './paths.ts';

/** A port and the object that answers it in this process. */
export interface ServedPort<Port = unknown> {
  definition: PortDefinition<Port>;
  port: Port;
}

export const servedPort = <Port>(definition: PortDefinition<Port>, port: Port): ServedPort =>
  ({ definition, port }) as ServedPort;

/** Large enough for a letter written with attachments (base64 grows them by a third). */
const BODY_LIMIT = 64 * 1024 * 1024;

type Method = (...args: unknown[]) => unknown;

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The actor the calling service names; a malformed one is a 400, never silently dropped. */
const actorOf = (header: string | string[] | undefined): Actor | undefined => {
  if (header === undefined) return undefined;
  try {
    const actor = JSON.parse(String(header)) as Record<string, unknown>;
    const optional = [actor.onBehalfOf, actor.client].every((v) => v === undefined || isText(v));
    if (isText(actor.kind) && isText(actor.id) && optional) return actor as unknown as Actor;
  } catch {
    // answered below
  }
  throw problem.badRequest(`${ACTOR_HEADER} must name an actor's kind and id.`);
};

/**
 * The call's arguments, checked against the port's shapes where it has them. A refusal names
 * where the arguments are wrong, never what they hold (they may be personal data).
 */
const argsOf = (request: FastifyRequest, served: ServedPort, method: string): unknown[] => {
  const args = (request.body as { args?: unknown } | null)?.args;
  if (!Array.isArray(args)) throw problem.badRequest('The body must be {"args": [...]}.');
  const shape = (served.definition.args as Record<string, ZodType<unknown[]> | undefined>)[method];
  const parsed = shape?.safeParse(args);
  if (!parsed || parsed.success) return parsed?.data ?? args;
  const where = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))];
  throw problem.badRequest(
    `The arguments of ${served.definition.name}.${method} do not fit it at: ${where.join(', ')}.`,
  );
};

/** The port's own failures travel by name; anything else is the app's problem to answer. */
const carried = (served: ServedPort, error: unknown): CarriedPortError | undefined =>
  carriedErrorOf(served.definition, error);

const answer = (reply: FastifyReply, status: number, body: unknown) =>
  reply.code(status).type(PORT_CONTENT_TYPE).send(encode(body));

const callRoute =
  (served: ServedPort, name: string, method: Method) =>
  async (request: FastifyRequest, reply: FastifyReply) => {
    const args = argsOf(request, served, name);
    try {
      return answer(reply, 200, { result: await method(...args) });
    } catch (error) {
      const portError = carried(served, error);
      if (portError) return answer(reply, PORT_ERROR_STATUS, portError);
      throw error;
    }
  };

/**
 * A stream answers NDJSON, one `{"value": …}` a line, until either side closes; the port's stop
 * runs when the caller goes away. Refusals (no such mailbox) come before the stream starts.
 */
const streamRoute =
  (served: ServedPort, name: string, method: Method, open: Set<ServerResponse>) =>
  async (request: FastifyRequest, reply: FastifyReply) => {
    const waiting: string[] = [];
    let write = (line: string) => void waiting.push(line);
    let stop: () => void;
    try {
      stop = method(...argsOf(request, served, name), (value: unknown) =>
        write(`${encode({ value })}\n`),
      ) as () => void;
    } catch (error) {
      const portError = carried(served, error);
      if (portError) return answer(reply, PORT_ERROR_STATUS, portError);
      throw error;
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': STREAM_CONTENT_TYPE, 'cache-control': 'no-store' });
    raw.flushHeaders();
    open.add(raw);
    raw.on('close', () => {
      open.delete(raw);
      stop();
    });
    write = (line) => void raw.write(line);
    for (const line of waiting) write(line);
  };

/**
 * The ports this process offers other processes, for services only: every request needs a
 * service token (401 otherwise), and each method is one POST taking `{"args": [...]}`.
 */
export const portRoutes =
  (ports: readonly ServedPort[], verifier: TokenVerifier): FastifyPluginAsyncZod =>
  async (app) => {
    registerBearerChallenge(app);
    app.addHook('onRequest', async (request) => {
      await authenticate(request, verifier, ['service']);
      const actor = actorOf(request.headers[ACTOR_HEADER]);
      if (actor) setCurrentActor(actor);
    });
    // Bytes arrive as marked base64 and are turned back into Buffers here.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, decode(body as string));
      } catch {
        done(problem.badRequest('The body is not JSON.'), undefined);
      }
    });
    app.get('/internal/ping', async () => ({ ok: true }));
    // A closing process ends its streams, so their callers learn it and it can stop.
    const open = new Set<ServerResponse>();
    app.addHook('preClose', async () => {
      for (const raw of open) raw.end();
    });
    for (const served of ports) {
      const port = served.port as Record<string, Method>;
      for (const name of served.definition.calls) {
        const method = port[name]!.bind(port);
        app.post(
          pathOf(served.definition, name),
          { bodyLimit: BODY_LIMIT },
          callRoute(served, name, method),
        );
      }
      for (const name of served.definition.streams) {
        const method = port[name]!.bind(port);
        app.post(pathOf(served.definition, name), streamRoute(served, name, method, open));
      }
    }
  };
