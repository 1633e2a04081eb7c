import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpApp,
  createLogger,
  type FastifyPluginAsyncZod,
  type HttpApp,
} from '@digital-post/service-kit';
import { waitFor } from '@digital-post/testing';
import type { ReplayProgress } from '../../replay/replayLog.ts';
import { backgroundJobs } from './backgroundJobs.ts';
import { jobRoutes } from './jobRoutes.ts';

interface Tally {
  letters: number;
}

/** A reconstruction held open until the test lets it finish, or fail. */
const heldReconstruction = () => {
  let finish!: (tally: Tally) => void;
  let fail!: (error: Error) => void;
  let tell!: (progress: ReplayProgress) => void;
  const jobs = backgroundJobs<Tally>((_window, onProgress) => {
    tell = onProgress;
    return new Promise<Tally>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  });
  return {
    jobs,
    finish: (t: Tally) => finish(t),
    fail: (e: Error) => fail(e),
    tell: (p: ReplayProgress) => tell(p),
  };
};

describe('a reconstruction in the background, followed over the operator API', () => {
  const held = heldReconstruction();
  let app: HttpApp;
  beforeAll(async () => {
    const logger = createLogger({ serviceName: 'operations', level: 'silent' });
    app = await createHttpApp({ serviceName: 'operations', logger, openApi: false });
    const routes: FastifyPluginAsyncZod = async (scope) =>
      jobRoutes(scope, '/admin/incidents/tally', held.jobs, {
        csv: (tally) => `letters\r\n${tally.letters}\r\n`,
        html: (tally) => `<!doctype html><p>${tally.letters}</p>`,
        filename: 'tally.csv',
      });
    await app.register(routes);
  });
  afterAll(() => app?.close());

  const start = async () => {
    const started = await app.inject({
      method: 'POST',
      url: '/admin/incidents/tally/jobs',
      payload: { from: '0' },
    });
    expect(started.statusCode).toBe(202);
    expect(started.headers.location).toBe(`/admin/incidents/tally/jobs/${started.json().jobId}`);
    return started.headers.location as string;
  };

  it('shows its progress while it runs and refuses a report before it is done', async () => {
    const job = await start();
    held.tell({ events: 40, passed: 250, span: 1_000, elapsedSeconds: 2 });
    const running = await app.inject({ url: job });
    expect(running.json()).toMatchObject({
      state: 'running',
      progress: { read: 40, share: 0.25, positionsPerSecond: 125, secondsLeft: 6 },
    });
    const early = await app.inject({ url: `${job}?format=csv` });
    expect(early.statusCode).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
    held.finish({ letters: 7 });
    await waitFor(async () => (await app.inject({ url: job })).json().state === 'done');
    expect((await app.inject({ url: job })).json().incident).toEqual({ letters: 7 });
    const csv = await app.inject({ url: `${job}?format=csv` });
    expect(csv.headers['content-disposition']).toBe('attachment; filename="tally.csv"');
    expect(csv.body).toBe('letters\r\n7\r\n');
    const html = await app.inject({ url: `${job}?format=html` });
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('<p>7</p>');
  });

  it('says why one failed, and answers 404 for a job it does not keep', async () => {
    const job = await start();
    held.fail(new Error('the log could not be read'));
    await waitFor(async () => (await app.inject({ url: job })).json().state === 'failed');
    expect((await app.inject({ url: job })).json().failure).toContain('the log could not be read');
    const unknown = await app.inject({ url: `/admin/incidents/tally/jobs/${crypto.randomUUID()}` });
    expect(unknown.statusCode).toBe(404);
  });
});
