import { z } from 'zod';
import type { HttpApp } from '../http/httpApp.ts';
import { problemResponses } from '../problems/problemDetails.ts';
import { ProblemError } from '../problems/problemError.ts';
import { problemTypes } from '../problems/problemTypes.ts';
import { runReadinessChecks, type ReadinessCheck } from './readiness.ts';

export interface HealthOptions {
  /**
   * A function is asked at every probe, for checks that come and go with what the process runs
   * (one per consumer it started, say).
   */
  readinessChecks?: readonly ReadinessCheck[] | (() => readonly ReadinessCheck[]);
  readinessTimeoutMs?: number;
}

const checkStatusSchema = z.object({
  name: z.string(),
  status: z.enum(['pass', 'fail', 'timeout']),
});

const aliveSchema = z.object({ status: z.literal('ok') });
const readySchema = z.object({ status: z.literal('ready'), checks: z.array(checkStatusSchema) });

/**
 * /health says the process serves (restart it if not); /ready says its dependencies answer
 * (send it traffic only if so). Probes hit these every few seconds: only warnings are logged.
 */
export const registerHealthRoutes = (app: HttpApp, options: HealthOptions = {}): void => {
  const { readinessChecks = [] } = options;
  const checks = typeof readinessChecks === 'function' ? readinessChecks : () => readinessChecks;
  const timeoutMs = options.readinessTimeoutMs ?? 2_000;
  app.get(
    '/health',
    { logLevel: 'warn', schema: { tags: ['operations'], response: { 200: aliveSchema } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    {
      logLevel: 'warn',
      schema: { tags: ['operations'], response: { 200: readySchema, ...problemResponses(503) } },
    },
    async (request) => {
      const outcomes = await runReadinessChecks(checks(), timeoutMs);
      const failing = outcomes.filter((outcome) => outcome.status !== 'pass');
      const summary = outcomes.map(({ name, status }) => ({ name, status }));
      if (failing.length === 0) return { status: 'ready' as const, checks: summary };
      for (const { name, status, error } of failing) {
        request.log.warn({ check: name, status, err: error }, 'readiness check failed');
      }
      const names = failing.map((outcome) => outcome.name).join(', ');
      throw new ProblemError(problemTypes.notReady, `Failing checks: ${names}.`, {
        checks: summary,
      });
    },
  );
};
