import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleApp } from '../testing/exampleApp.ts';
import type { HttpApp } from './httpApp.ts';

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, unknown> };
}

let app: HttpApp;
let document: OpenApiDocument;
beforeAll(async () => {
  ({ app } = await createExampleApp({ openApi: { title: 'Mailbox API', version: '1.2.0' } }));
  document = (await app.inject({ url: '/docs/json' })).json<OpenApiDocument>();
});
afterAll(() => app.close());

const FOLDERS = '/mailboxes/{mailboxId}/folders';

describe('the OpenAPI document', () => {
  it('is OpenAPI 3 with the given title and version', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toEqual({ title: 'Mailbox API', version: '1.2.0' });
  });

  it('lists the routes, the health probes included, but not the docs themselves', () => {
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([FOLDERS, '/health', '/ready']),
    );
    expect(Object.keys(document.paths).some((path) => path.startsWith('/docs'))).toBe(false);
  });

  it('describes the body, parameters and responses from the zod schemas', () => {
    const post = document.paths[FOLDERS]?.post;
    expect(post).toMatchObject({
      requestBody: {
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: { name: { type: 'string', minLength: 1, maxLength: 64 } },
              additionalProperties: false,
            },
          },
        },
      },
      parameters: [expect.objectContaining({ in: 'path', name: 'mailboxId', required: true })],
      responses: { 201: expect.anything() },
    });
    const get = document.paths[FOLDERS]?.get;
    expect(get?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'query', name: 'limit' })]),
    );
  });

  it('documents problem responses as application/problem+json with the shared schema', () => {
    const responses = document.paths[FOLDERS]?.post?.responses as Record<string, unknown>;
    expect(responses[409]).toMatchObject({
      content: {
        'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
      },
    });
    expect(document.components.schemas.ProblemDetails).toMatchObject({
      required: ['type', 'title', 'status'],
    });
  });

  it('is browsable at /docs', async () => {
    const response = await app.inject({ url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });

  it('can be left out', async () => {
    const { app: bare } = await createExampleApp({ openApi: false });
    expect((await bare.inject({ url: '/docs/json' })).statusCode).toBe(404);
    await bare.close();
  });
});
