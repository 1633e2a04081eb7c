import type { HttpApp } from './httpApp.ts';
import { DOCS_PREFIX } from './openApi.ts';

/**
 * What every answer of every front says to the browser that may be reading it: do not guess
 * types (a file served as PDF stays a PDF), never frame it, never send it to another site as a
 * referrer, only over HTTPS from now on, and run nothing in it. The API documentation pages
 * bring their own policy (their scripts and styles).
 */
const everyAnswer: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

export const registerSecurityHeaders = (app: HttpApp): void => {
  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(everyAnswer)) reply.header(name, value);
    if (request.url.startsWith(DOCS_PREFIX)) return;
    reply.header('content-security-policy', API_POLICY);
    // Answers carry letters, names and CPR numbers: no cache anywhere keeps a copy.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
};
