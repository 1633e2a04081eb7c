import { afterEach, describe, expect, it } from 'vitest';
import { createExampleApp } from '../testing/exampleApp.ts';
import type { HttpApp } from '../http/httpApp.ts';
import type { HealthOptions } from './healthRoutes.ts';
import type { ReadinessCheck } from './readiness.ts';

let app: HttpApp | undefined;
afterEach(() => app?.close());

const appWith = async (readinessChecks: HealthOptions['readinessChecks']) => {
  const created = await createExampleApp({ readinessChecks, readinessTimeoutMs: 50 });
  app = created.app;
  return created;
};

const never = (): Promise<never> => new Promise(() => undefined);

describe('/health', () => {
  it('answers 200 while the process serves, whatever its dependencies say', async () => {
    const { app } = await appWith([{ name: 'event store', check: () => false }]);
    const response = await app.inject({ url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('/ready', () => {
  it('answers 200 when every check passes', async () => {
    const { app } = await appWith([
      { name: 'event store', check: async () => undefined },
      { name: 'bus', check: () => true },
    ]);
    const response = await app.inject({ url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      checks: [
        { name: 'event store', status: 'pass' },
        { name: 'bus', status: 'pass' },
      ],
    });
  });

  it('answers 503 problem+json naming the checks that fail, time out or throw', async () => {
    const { app, logs } = await appWith([
      { name: 'event store', check: async () => undefined },
      { name: 'bus', check: never },
      { name: 'document store', check: () => false },
      {
        name: 'print provider',
        check: () => {
          throw new Error('ECONNREFUSED 10.0.0.7 user=printer password=secret');
        },
      },
    ]);
    const response = await app.inject({ url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json();
    expect(body).toMatchObject({
      type: 'https://digitalpost.dk/problems/not-ready',
      status: 503,
      detail: 'Failing checks: bus, document store, print provider.',
      checks: [
        { name: 'event store', status: 'pass' },
        { name: 'bus', status: 'timeout' },
        { name: 'document store', status: 'fail' },
        { name: 'print provider', status: 'fail' },
      ],
    });
    expect(response.body).not.toContain('10.0.0.7');
    expect(logs.text()).toContain('ECONNREFUSED');
  });

  it('asks a function for its checks at every probe', async () => {
    const checks: ReadinessCheck[] = [{ name: 'event store', check: () => true }];
    const { app } = await appWith(() => checks);
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(200);
    checks.push({ name: 'consumer mailbox', check: () => false });
    const response = await app.inject({ url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json().detail).toBe('Failing checks: consumer mailbox.');
  });

  it('aborts the signal of a check that runs out of time', async () => {
    let aborted = false;
    const { app } = await appWith([
      {
        name: 'bus',
        check: (signal) => {
          signal.addEventListener('abort', () => (aborted = true));
          return never();
        },
      },
    ]);
    await app.inject({ url: '/ready' });
    expect(aborted).toBe(true);
  });
});
