import swagger, { type SwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { PROBLEM_CONTENT_TYPE } from '../problems/problemDetails.ts';
import type { FastifyRequest } from 'fastify';
import type { HttpApp } from './httpApp.ts';

export interface OpenApiOptions {
  title?: string;
  version?: string;
  description?: string;
  /**
   * Runs before the documentation is served (UI and JSON): a front whose API is not public
   * refuses callers here as it refuses them at its routes.
   */
  guard?: (request: FastifyRequest) => Promise<void>;
}

export const DOCS_PREFIX = '/docs';

/**
 * The OpenAPI document is generated from the same zod schemas that validate requests, so the
 * documentation cannot drift from the behaviour. Served at /docs (UI) and /docs/json.
 */
export const registerOpenApi = async (
  app: HttpApp,
  serviceName: string,
  options: OpenApiOptions = {},
): Promise<void> => {
  const swaggerOptions: SwaggerOptions = {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: options.title ?? serviceName,
        version: options.version ?? '0.1.0',
        ...(options.description ? { description: options.description } : {}),
      },
    },
    transform: createJsonSchemaTransform({ skipList: [] }),
    transformObject: (input) => withProblemMediaType(jsonSchemaTransformObject(input)),
  };
  await app.register(swagger, swaggerOptions);
  const guard = options.guard;
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    staticCSP: true,
    ...(guard && { uiHooks: { onRequest: async (request: FastifyRequest) => guard(request) } }),
  });
};

type Document = ReturnType<typeof jsonSchemaTransformObject>;
type MediaTypes = Record<string, { schema?: { $ref?: string } }>;
type Operation = { responses?: Record<string, { content?: MediaTypes }> };

/**
 * Fastify-swagger lists every response as application/json; problem responses are really
 * served as application/problem+json, and the document should say so.
 */
const withProblemMediaType = (document: Document): Document => {
  const paths = (document as { paths?: Record<string, Record<string, Operation>> }).paths ?? {};
  for (const operation of Object.values(paths).flatMap((item) => Object.values(item))) {
    for (const response of Object.values(operation.responses ?? {})) {
      const json = response.content?.['application/json'];
      if (response.content && json?.schema?.$ref?.endsWith('/ProblemDetails')) {
        delete response.content['application/json'];
        response.content[PROBLEM_CONTENT_TYPE] = json;
      }
    }
  }
  return document;
};
